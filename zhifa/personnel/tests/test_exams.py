"""Exams: the 100-point scale, one make-up, the decision after a failed make-up, induction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.models import LedgerEntry
from zhifa.personnel.constants import CertificateStatus, ExamAttempt, ExamSubject, TrainingKind
from zhifa.personnel.models import Certificate, CertificateEvent, ExamResult, Officer
from zhifa.personnel.selectors import training as sel
from zhifa.personnel.services import training as svc
from zhifa.personnel.tests.factories_training import make_certificate, make_officer, make_session

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=TZ)
DAY = dt.date(2026, 6, 12)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _exam(
    people,
    officer,
    *,
    score,
    attempt=ExamAttempt.REGULAR,
    subject=ExamSubject.ROTATION,
    session=None,
    taken_on=DAY,
):  # type: ignore[no-untyped-def]  # noqa: E501
    return svc.exam_result_record(
        officer=officer,
        subject=subject,
        attempt=attempt,
        score=score,
        taken_on=taken_on,
        actor=people.supervisor,
        session=session,
    )


def test_r_1_11_04_pass_mark_is_60_of_100(county, people):
    """R-1.11-04: 100-point scale, 60 passes."""
    o = make_officer(county.team_a)
    assert _exam(people, o, score="60").passed is True
    o2 = make_officer(county.team_a)
    assert _exam(people, o2, score="59.5").passed is False
    assert ExamResult.objects.get(officer=o2).score == Decimal("59.5")


@pytest.mark.parametrize("bad", ["-1", "100.5", "abc", "", "NaN", "60.25", "1e3"])
def test_r_1_11_04_score_out_of_range_refused(county, people, bad):
    """R-1.11-04: a score outside 0–100 (or not a number) is refused."""
    with pytest.raises(DomainError) as exc:
        _exam(people, make_officer(county.team_a), score=bad)
    assert exc.value.field == "score"
    assert not ExamResult.objects.exists()


def test_r_1_11_05_one_makeup_only_after_failed_regular(county, people):
    """R-1.11-05: a make-up only after a failed regular exam; a third attempt is refused."""
    o = make_officer(county.team_a)
    with pytest.raises(DomainError) as exc:
        _exam(people, o, score="70", attempt=ExamAttempt.MAKEUP)
    assert exc.value.code == "makeup_without_regular"
    _exam(people, o, score="40")
    with pytest.raises(DomainError) as exc:
        _exam(people, o, score="70")
    assert exc.value.code == "attempt_exists"
    _exam(people, o, score="65", attempt=ExamAttempt.MAKEUP)
    with pytest.raises(DomainError) as exc:
        _exam(people, o, score="90", attempt=ExamAttempt.MAKEUP)
    assert exc.value.code == "third_attempt"
    with pytest.raises(DomainError):
        _exam(people, o, score="90", attempt=3)

    passed = make_officer(county.team_a)
    _exam(people, passed, score="88")
    with pytest.raises(DomainError) as exc:
        _exam(people, passed, score="90", attempt=ExamAttempt.MAKEUP)
    assert exc.value.code == "makeup_after_pass"


def test_r_1_11_05_rounds_are_per_session(county, people):
    """R-1.11-05: each session's exam is its own round (one regular + one make-up each)."""
    o = make_officer(county.team_a)
    s1 = make_session(county.jb, created_by=people.supervisor, starts_on=dt.date(2026, 3, 1))
    s2 = make_session(county.jb, created_by=people.supervisor, starts_on=dt.date(2026, 6, 1))
    _exam(people, o, score="50", session=s1)
    _exam(people, o, score="55", session=s1, attempt=ExamAttempt.MAKEUP)
    _exam(people, o, score="75", session=s2)
    # Without a session the round is the calendar year.
    _exam(people, o, score="75")
    with pytest.raises(DomainError):
        _exam(people, o, score="75", taken_on=dt.date(2026, 1, 5))
    _exam(people, o, score="75", taken_on=dt.date(2025, 12, 5))
    assert ExamResult.objects.filter(officer=o).count() == 5


def test_exam_guards(county, people):
    o = make_officer(county.team_a)
    with pytest.raises(PermissionDenied):
        svc.exam_result_record(
            officer=o,
            subject=ExamSubject.ROTATION,
            attempt=1,
            score="80",
            taken_on=DAY,
            actor=people.town_head,
        )
    with pytest.raises(DomainError, match="晚于今天"):
        _exam(people, o, score="80", taken_on=dt.date(2026, 7, 1))
    with pytest.raises(DomainError) as exc:
        _exam(people, o, score="80", subject="chemistry")
    assert exc.value.field == "subject"
    s = make_session(county.jb, created_by=people.supervisor, starts_on=dt.date(2026, 6, 13))
    with pytest.raises(DomainError, match="早于培训开始"):
        _exam(people, o, score="80", session=s)


def test_r_1_10_05_induction_pass_sets_officer_fact(county, people):
    """R-1.10-05: the Justice Bureau's induction assessment passed sets induction_passed_on,
    with a ledger entry; a failure does not."""
    o = make_officer(county.team_a, induction_passed_on=None)
    _exam(people, o, score="50", subject=ExamSubject.INDUCTION)
    assert Officer.objects.get(pk=o.pk).induction_passed_on is None
    assert list(sel.induction_pending(user=people.supervisor)) == [o]
    _exam(people, o, score="72", subject=ExamSubject.INDUCTION, attempt=ExamAttempt.MAKEUP)
    assert Officer.objects.get(pk=o.pk).induction_passed_on == DAY
    assert LedgerEntry.objects.filter(action="personnel.officer.induction_passed").count() == 1
    assert list(sel.induction_pending(user=people.supervisor)) == []


def test_r_1_7_03_qualification_exams_passed(county, people):
    """R-1.7-03 (c): public-law and professional-law exams are the qualification exams."""
    o = make_officer(county.team_a)
    _exam(people, o, score="81", subject=ExamSubject.PUBLIC_LAW)
    _exam(people, o, score="50", subject=ExamSubject.PROFESSIONAL_LAW)
    got = sel.qualification_exams_passed(officer=o)
    assert got[ExamSubject.PUBLIC_LAW].score == Decimal("81")
    assert got[ExamSubject.PROFESSIONAL_LAW] is None


# --- R-1.11-05: the decision after a failed make-up -------------------------------------------


def _failed_makeup(county, people, *, status=CertificateStatus.VALID):  # type: ignore[no-untyped-def]
    o = make_officer(county.team_a)
    cert = make_certificate(o, applied_by=people.supervisor, status=status)
    _exam(people, o, score="40")
    result = _exam(people, o, score="52", attempt=ExamAttempt.MAKEUP)
    return o, cert, result


def test_r_1_11_05_failed_makeup_waits_on_worklist(county, people):
    """R-1.11-05: a failed make-up shows on the Justice Bureau's worklist until decided."""
    _, _, result = _failed_makeup(county, people)
    assert list(sel.decision_worklist(user=people.supervisor)) == [result]
    assert list(sel.decision_worklist(user=people.town_head)) == [result]
    assert list(sel.decision_worklist(user=people.officer_b)) == []


def test_r_1_11_05_decide_withhold(county, people):
    """R-1.11-05 / AMB-1.11-a: withhold chosen by hand with a reason; the certificate follows."""
    _, cert, result = _failed_makeup(county, people)
    svc.exam_makeup_failure_decide(
        exam_result=result,
        actor=people.supervisor,
        decision="withhold",
        reason="补考仍不合格，暂扣三个月",
    )
    cert.refresh_from_db()
    result.refresh_from_db()
    assert cert.status == CertificateStatus.WITHHELD
    assert result.decision == "withhold" and result.decided_by == people.supervisor
    event = CertificateEvent.objects.filter(certificate=cert).latest("at")
    assert "补考" in event.reference
    assert LedgerEntry.objects.filter(action="personnel.exam_result.decide").count() == 1
    assert list(sel.decision_worklist(user=people.supervisor)) == []
    with pytest.raises(TransitionNotAllowed):
        svc.exam_makeup_failure_decide(
            exam_result=result, actor=people.supervisor, decision="cancel", reason="再议"
        )


def test_r_1_11_05_decide_cancel(county, people):
    """R-1.11-05: cancel (注销) is the other choice."""
    _, cert, result = _failed_makeup(county, people)
    svc.exam_makeup_failure_decide(
        exam_result=result, actor=people.supervisor, decision="cancel", reason="连续两年考试不合格"
    )
    assert Certificate.objects.get(pk=cert.pk).status == CertificateStatus.CANCELLED


def test_r_1_11_05_decision_guards(county, people):
    """AMB-1.11-a: a reason is required; only the Justice Bureau decides; only a failed make-up
    of the rotation exam needs a decision."""
    _, cert, result = _failed_makeup(county, people)
    with pytest.raises(DomainError) as exc:
        svc.exam_makeup_failure_decide(
            exam_result=result, actor=people.supervisor, decision="withhold", reason="  "
        )
    assert exc.value.field == "reason"
    with pytest.raises(DomainError):
        svc.exam_makeup_failure_decide(
            exam_result=result,
            actor=people.supervisor,
            decision="revoke",  # type: ignore[arg-type]
            reason="x",
        )
    with pytest.raises(PermissionDenied):
        svc.exam_makeup_failure_decide(
            exam_result=result, actor=people.town_head, decision="withhold", reason="x"
        )
    assert Certificate.objects.get(pk=cert.pk).status == CertificateStatus.VALID
    regular = ExamResult.objects.get(officer=result.officer, attempt=ExamAttempt.REGULAR)
    with pytest.raises(TransitionNotAllowed):
        svc.exam_makeup_failure_decide(
            exam_result=regular, actor=people.supervisor, decision="withhold", reason="x"
        )


def test_r_1_11_05_decision_needs_a_certificate(county, people):
    o = make_officer(county.team_a)
    _exam(people, o, score="40")
    result = _exam(people, o, score="52", attempt=ExamAttempt.MAKEUP)
    with pytest.raises(DomainError) as exc:
        svc.exam_makeup_failure_decide(
            exam_result=result, actor=people.supervisor, decision="withhold", reason="x"
        )
    assert exc.value.code == "no_certificate"
    assert ExamResult.objects.get(pk=result.pk).decision == ""


def test_officer_training_record_and_yearly_summary(county, people, django_assert_max_num_queries):
    """R-1.11-06: training and exam results per year feed the year-end assessment."""
    o = make_officer(county.team_a, full_name="张三")
    other = make_officer(county.team_b)
    s = make_session(
        county.jb, created_by=people.supervisor, starts_on=dt.date(2026, 6, 1), class_hours="12"
    )
    q = make_session(
        county.jb,
        created_by=people.supervisor,
        starts_on=dt.date(2025, 5, 1),
        kind=TrainingKind.QUALIFICATION,
    )
    svc.attendance_record(session=s, officer=o, hours="10", actor=people.supervisor)
    svc.attendance_record(session=s, officer=other, hours="4", actor=people.supervisor)
    svc.attendance_record(session=q, officer=o, hours="8", actor=people.supervisor)
    _exam(people, o, score="45", session=s)
    _exam(people, o, score="70", session=s, attempt=ExamAttempt.MAKEUP)

    record = sel.officer_training_record(officer=o)
    assert [r.year for r in record] == [2026, 2025]
    assert record[0].hours == Decimal("10") and record[0].qualifying_rotations == 1
    assert len(record[0].exams) == 2

    for _ in range(5):
        make_officer(county.team_a)
    with django_assert_max_num_queries(2):
        rows = sel.summary_rows(sel.yearly_summary(user=people.supervisor, year=2026))
    by_id = {r.officer_id: r for r in rows}
    assert by_id[o.pk].hours == Decimal("10") and by_id[o.pk].rotation_met
    assert by_id[o.pk].exams_passed == 1 and by_id[o.pk].exams_failed == 1
    assert not by_id[other.pk].rotation_met
    scoped = sel.summary_rows(sel.yearly_summary(user=people.town_head, year=2026))
    assert other.pk not in {r.officer_id for r in scoped}

"""Services of the training area: sessions, attendance, rotation duty, make-up requirements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.scan import deadlines_scan
from zhifa.ledger.models import LedgerEntry
from zhifa.personnel.constants import (
    CertificateStatus,
    ExamAttempt,
    ExamSubject,
    TrainingFormat,
    TrainingKind,
)
from zhifa.personnel.constants_training import MakeupReason
from zhifa.personnel.models import Attendance, MakeupRequirement, RotationYear
from zhifa.personnel.selectors import training as sel
from zhifa.personnel.services import training as svc
from zhifa.personnel.tests.factories_training import make_certificate, make_officer

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _create(actor, organiser, **kw):  # type: ignore[no-untyped-def]
    data = {
        "kind": TrainingKind.ROTATION,
        "title": "2026年第一期行政执法人员轮训",
        "organiser": organiser,
        "format": TrainingFormat.CENTRALISED,
        "starts_on": dt.date(2026, 6, 10),
        "ends_on": dt.date(2026, 6, 11),
        "class_hours": "12",
        "content": "公共法律知识；新颁布法律法规",
        "location": "县司法局三楼会议室",
    }
    data.update(kw)
    return svc.training_session_create(actor=actor, **data)


# --- sessions -----------------------------------------------------------------------------------


def test_r_3_1_02_r_1_10_03_r_1_11_02_session_create_records_ledger(county, people):
    """R-3.1-02: training of officers is planned and recorded, with a ledger entry; the
    curriculum (R-1.10-03 / R-1.11-02) is kept as the session's content."""
    session = _create(people.supervisor, county.jb)
    assert session.class_hours == Decimal("12")
    assert session.content == "公共法律知识；新颁布法律法规"
    assert LedgerEntry.objects.filter(action="personnel.training_session.create").count() == 1


def test_r_1_10_04_format_must_be_one_of_the_listed(county, people):
    """R-1.10-04: the formats are an enumeration."""
    with pytest.raises(DomainError) as exc:
        _create(people.supervisor, county.jb, format="karaoke")
    assert exc.value.field == "format"


def test_session_dates_and_hours_validated(county, people):
    with pytest.raises(DomainError, match="结束日期"):
        _create(people.supervisor, county.jb, ends_on=dt.date(2026, 6, 1))
    for bad in ("0", "-3", "abc", "1000", "2.55"):
        with pytest.raises(DomainError) as exc:
            _create(people.supervisor, county.jb, class_hours=bad)
        assert exc.value.field == "class_hours"
    with pytest.raises(DomainError, match="培训名称"):
        _create(people.supervisor, county.jb, title="  ")


def test_unit_head_organises_rotation_for_own_unit_only(county, people):
    _create(people.town_head, county.team_a)  # team_a is below town_a
    with pytest.raises(PermissionDenied):
        _create(people.town_head, county.team_b)
    with pytest.raises(PermissionDenied):
        _create(people.officer_a, county.team_a)


def test_r_1_10_05_only_justice_bureau_organises_induction(county, people):
    """R-1.10-05: the induction assessment is organised by the Justice Bureau."""
    with pytest.raises(PermissionDenied):
        _create(people.town_head, county.team_a, kind=TrainingKind.INDUCTION)
    assert _create(people.supervisor, county.jb, kind=TrainingKind.INDUCTION).pk


# --- attendance ---------------------------------------------------------------------------------


def test_attendance_record_and_correct(county, people):
    session = _create(people.supervisor, county.jb)
    officer = make_officer(county.team_a)
    a = svc.attendance_record(session=session, officer=officer, hours="6", actor=people.supervisor)
    a2 = svc.attendance_record(session=session, officer=officer, hours="8", actor=people.supervisor)
    assert a.pk == a2.pk
    assert Attendance.objects.get(pk=a.pk).hours == Decimal("8")
    entries = LedgerEntry.objects.filter(action="personnel.attendance.record")
    assert entries.count() == 2


def test_attendance_hours_cannot_exceed_session(county, people):
    session = _create(people.supervisor, county.jb, class_hours="8")
    officer = make_officer(county.team_a)
    with pytest.raises(DomainError) as exc:
        svc.attendance_record(session=session, officer=officer, hours="9", actor=people.supervisor)
    assert exc.value.code == "hours_exceed_session"


def test_attendance_refused_before_session_starts(county, people):
    session = _create(
        people.supervisor, county.jb, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 7, 2)
    )
    with pytest.raises(DomainError, match="尚未开始"):
        svc.attendance_record(
            session=session, officer=make_officer(county.team_a), hours="8", actor=people.supervisor
        )


def test_unit_session_only_for_own_officers_and_own_head(county, people):
    session = _create(people.town_head, county.team_a)
    mine, theirs = make_officer(county.team_a), make_officer(county.team_b)
    svc.attendance_record(session=session, officer=mine, hours="8", actor=people.town_head)
    with pytest.raises(DomainError) as exc:
        svc.attendance_record(session=session, officer=theirs, hours="8", actor=people.town_head)
    assert exc.value.code == "officer_outside_organiser"
    with pytest.raises(PermissionDenied):
        svc.attendance_record(session=session, officer=mine, hours="8", actor=people.officer_a)
    with pytest.raises(PermissionDenied):
        svc.attendance_record(session=session, officer=mine, hours="8", actor=people.head)


def test_bulk_attendance_all_or_nothing(county, people):
    session = _create(people.town_head, county.team_a)
    a1, a2 = make_officer(county.team_a), make_officer(county.team_a)
    outsider = make_officer(county.team_b)
    with pytest.raises(DomainError):
        svc.attendance_record_bulk(
            session=session, officers=[a1, outsider, a2], hours="8", actor=people.town_head
        )
    assert not Attendance.objects.exists()
    rows = svc.attendance_record_bulk(
        session=session, officers=[a1, a2], hours="8", actor=people.town_head
    )
    assert len(rows) == 2
    with pytest.raises(DomainError):
        svc.attendance_record_bulk(session=session, officers=[], hours="8", actor=people.town_head)


# --- R-1.11-03 rotation duty in the deadline engine ---------------------------------------------


def test_r_1_11_01_r_1_11_03_obligations_opened_for_certificate_holders_only(county, people):
    """R-1.11-01: trainees are certificate holders; R-1.11-03: one obligation per holder per
    year, idempotent."""
    holder = make_officer(county.team_a)
    make_certificate(holder, applied_by=people.supervisor)
    withheld = make_officer(county.team_b)
    make_certificate(withheld, applied_by=people.supervisor, status=CertificateStatus.WITHHELD)
    applicant = make_officer(county.team_a)
    make_certificate(applicant, applied_by=people.supervisor, status=CertificateStatus.APPLIED)
    make_officer(county.team_a)  # no certificate

    assert svc.rotation_obligations_open(year=2026, actor=people.supervisor) == 2
    assert svc.rotation_obligations_open(year=2026, actor=None) == 0
    assert LedgerEntry.objects.filter(action="personnel.rotation_year.open").count() == 2
    obligations = Obligation.objects.filter(rule_id="R-1.11-03")
    assert obligations.count() == 2
    ob = obligations.get(subject_id=str(RotationYear.objects.get(officer=holder).pk))
    assert ob.organisation == county.team_a
    assert ob.due_date >= dt.date(2026, 12, 31)
    assert ob.state == ObligationState.RUNNING


def test_r_1_11_03_open_refused_for_non_jb(county, people):
    with pytest.raises(PermissionDenied):
        svc.rotation_obligations_open(year=2026, actor=people.town_head)
    with pytest.raises(DomainError):
        svc.rotation_obligations_open(year=1999, actor=people.supervisor)


def test_r_1_11_03_qualifying_attendance_fulfils_obligation(county, people):
    """R-1.11-03: a rotation session with ≥ 8 hours attended fulfils the year's duty; fewer
    hours or another kind of training does not."""
    officer = make_officer(county.team_a)
    make_certificate(officer, applied_by=people.supervisor)
    svc.rotation_obligations_open(year=2026, actor=None)
    ob = Obligation.objects.get(rule_id="R-1.11-03")

    short = _create(people.supervisor, county.jb, class_hours="6")
    svc.attendance_record(session=short, officer=officer, hours="6", actor=people.supervisor)
    qual = _create(people.supervisor, county.jb, kind=TrainingKind.QUALIFICATION)
    svc.attendance_record(session=qual, officer=officer, hours="12", actor=people.supervisor)
    ob.refresh_from_db()
    assert ob.state == ObligationState.RUNNING

    long = _create(people.supervisor, county.jb, class_hours="12")
    svc.attendance_record(session=long, officer=officer, hours="7.5", actor=people.supervisor)
    ob.refresh_from_db()
    assert ob.state == ObligationState.RUNNING
    svc.attendance_record(session=long, officer=officer, hours="8", actor=people.supervisor)
    ob.refresh_from_db()
    assert ob.state == ObligationState.FULFILLED
    assert ob.fulfilled_at.date() == dt.date(2026, 6, 11)


def test_r_1_11_03_already_attended_is_fulfilled_on_open(county, people):
    officer = make_officer(county.team_a)
    make_certificate(officer, applied_by=people.supervisor)
    session = _create(people.supervisor, county.jb)
    svc.attendance_record(session=session, officer=officer, hours="8", actor=people.supervisor)
    svc.rotation_obligations_open(year=2026, actor=None)
    assert Obligation.objects.get(rule_id="R-1.11-03").state == ObligationState.FULFILLED


def test_r_1_11_03_unfulfilled_year_goes_overdue_and_next_year_opens(county, people):
    """R-1.11-03: a year without qualifying training is overdue on the boards; the next year's
    duty opens beside it."""
    officer = make_officer(county.team_a)
    make_certificate(officer, applied_by=people.supervisor)
    svc.rotation_obligations_open(year=2026, actor=None)
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, 0, tzinfo=TZ), tick=False):
        deadlines_scan()
        assert Obligation.objects.get(rule_id="R-1.11-03").state == ObligationState.OVERDUE
        assert svc.rotation_obligations_open(year=2027, actor=None) == 1
    assert Obligation.objects.filter(rule_id="R-1.11-03").count() == 2


# --- R-1.11-06 make-up requirements -------------------------------------------------------------


def test_r_1_11_06_makeup_requirement_needs_user_set_due_date(county, people):
    """R-1.11-06 / AMB-G-d: 限期补课 has no statutory period; the Justice Bureau sets the date."""
    officer = make_officer(county.team_a)
    with pytest.raises(DomainError) as exc:
        svc.makeup_requirement_create(
            officer=officer, reason=MakeupReason.MISSED, due_on=None, actor=people.supervisor
        )
    assert exc.value.field == "due_on"
    with pytest.raises(DomainError):
        svc.makeup_requirement_create(
            officer=officer,
            reason=MakeupReason.MISSED,
            due_on=dt.date(2026, 1, 1),
            actor=people.supervisor,
        )
    with pytest.raises(PermissionDenied):
        svc.makeup_requirement_create(
            officer=officer,
            reason=MakeupReason.MISSED,
            due_on=dt.date(2026, 9, 1),
            actor=people.town_head,
        )
    req = svc.makeup_requirement_create(
        officer=officer,
        reason=MakeupReason.MISSED,
        due_on=dt.date(2026, 9, 1),
        actor=people.supervisor,
    )
    assert list(sel.makeup_requirements_open(user=people.town_head)) == [req]
    assert list(sel.makeup_requirements_open(user=people.officer_b)) == []


def test_r_1_11_06_makeup_completed_by_pass_or_qualifying_attendance(county, people):
    """R-1.11-06: "直至考核合格为止" — a later pass or qualifying rotation completes it."""
    o1, o2 = make_officer(county.team_a), make_officer(county.team_a)
    r1 = svc.makeup_requirement_create(
        officer=o1, reason=MakeupReason.FAILED, due_on=dt.date(2026, 9, 1), actor=people.supervisor
    )
    r2 = svc.makeup_requirement_create(
        officer=o2, reason=MakeupReason.MISSED, due_on=dt.date(2026, 9, 1), actor=people.supervisor
    )
    svc.exam_result_record(
        officer=o1,
        subject=ExamSubject.ROTATION,
        attempt=ExamAttempt.REGULAR,
        score="75",
        taken_on=dt.date(2026, 6, 14),
        actor=people.supervisor,
    )
    session = _create(people.supervisor, county.jb)
    svc.attendance_record(session=session, officer=o2, hours="8", actor=people.supervisor)
    r1.refresh_from_db()
    r2.refresh_from_db()
    assert r1.completed_at is not None and "合格" in r1.completed_note
    assert r2.completed_at is not None and "轮训" in r2.completed_note


def test_r_1_11_06_makeup_complete_by_hand(county, people):
    req = svc.makeup_requirement_create(
        officer=make_officer(county.team_a),
        reason=MakeupReason.MISSED,
        due_on=dt.date(2026, 9, 1),
        actor=people.supervisor,
    )
    with pytest.raises(DomainError):
        svc.makeup_requirement_complete(requirement=req, actor=people.supervisor, note=" ")
    svc.makeup_requirement_complete(requirement=req, actor=people.supervisor, note="市局网络学习")
    with pytest.raises(TransitionNotAllowed):
        svc.makeup_requirement_complete(requirement=req, actor=people.supervisor, note="再次")
    assert MakeupRequirement.objects.get(pk=req.pk).completed_note == "市局网络学习"


# --- scope --------------------------------------------------------------------------------------


def test_session_scope_per_role(county, people):
    jb_session = _create(people.supervisor, county.jb)
    a_session = _create(people.town_head, county.team_a)
    oa, ob = make_officer(county.team_a), make_officer(county.team_b)
    svc.attendance_record(session=jb_session, officer=oa, hours="8", actor=people.supervisor)
    svc.attendance_record(session=jb_session, officer=ob, hours="8", actor=people.supervisor)

    def visible(user):  # type: ignore[no-untyped-def]
        return set(sel.session_list_for_user(user=user))

    assert visible(people.supervisor) == {jb_session, a_session}
    assert visible(people.officer_a) == {jb_session, a_session}
    assert visible(people.officer_b) == {jb_session}
    # Attendance of a JB session: each unit sees only its own officers.
    assert [
        a.officer for a in sel.attendances_for_session(user=people.officer_a, session=jb_session)
    ] == [oa]
    assert len(sel.attendances_for_session(user=people.leader, session=jb_session)) == 2
    assert sel.session_get_for_user(user=people.officer_b, pk=a_session.pk) is None


def test_r_1_10_01_r_1_10_02_induction_pending_worklist(county, people):
    """R-1.10-01 / R-1.10-02 / R-1.10-05: a new officer without a passed induction shows as 待入职培训."""
    new = make_officer(county.team_a, induction_passed_on=None)
    make_officer(county.team_a)
    other = make_officer(county.team_b, induction_passed_on=None)
    assert list(sel.induction_pending(user=people.town_head)) == [new]
    assert set(sel.induction_pending(user=people.supervisor)) == {new, other}


def test_r_1_11_05_r_1_11_06_worklist_counts(county, people):
    """The workbench numbers: pending decisions, open and overdue make-ups, induction."""
    make_officer(county.team_a, induction_passed_on=None)
    svc.makeup_requirement_create(
        officer=make_officer(county.team_a),
        reason=MakeupReason.MISSED,
        due_on=dt.date(2026, 6, 20),
        actor=people.supervisor,
    )
    counts = sel.worklist_counts(user=people.town_head)
    assert (counts.decisions, counts.makeups, counts.makeups_overdue, counts.induction) == (
        0,
        1,
        0,
        1,
    )
    with time_machine.travel(dt.datetime(2026, 6, 22, 9, 0, tzinfo=TZ), tick=False):
        assert sel.worklist_counts(user=people.supervisor).makeups_overdue == 1
    assert sel.worklist_counts(user=people.officer_b).makeups == 0

"""Every certificate transition and every forbidden one (R-1.7-02, R-1.7-04, R-1.7-09,
R-1.7-10)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.models import LedgerEntry
from zhifa.personnel.constants import CertificateStatus as S
from zhifa.personnel.models import Certificate
from zhifa.personnel.services import certificates as svc
from zhifa.personnel.tests.officers_factories import make_officer, next_number, valid_certificate

pytestmark = pytest.mark.django_db

SIMPLE = {
    "refuse": svc.certificate_refuse,
    "withhold": svc.certificate_withhold,
    "restore": svc.certificate_restore,
    "revoke": svc.certificate_revoke,
    "cancel": svc.certificate_cancel,
    "surrender": svc.certificate_surrender,
    "report_lost": svc.certificate_report_lost,
    "declare_void": svc.certificate_declare_void,
}


def _in_status(officer, supervisor, status):  # type: ignore[no-untyped-def]
    """A certificate of ``officer`` forced into ``status`` (the guards are what is tested)."""
    cert = svc.certificate_apply(
        officer=officer, actor=supervisor, enforcement_types=["market"], enforcement_area="临猗县"
    )
    Certificate.objects.filter(pk=cert.pk).update(status=status, number=next_number())
    cert.refresh_from_db()
    return cert


def test_r_1_7_02_apply_issue_activate(people, county):
    officer = make_officer(county.dept, user=people.dept_officer)
    cert = svc.certificate_apply(
        officer=officer,
        actor=people.supervisor,
        enforcement_types=["market"],
        enforcement_area="临猗县行政区域",
    )
    assert cert.status == S.APPLIED and cert.number is None
    number = next_number()
    today = clock.today()
    cert = svc.certificate_issue(
        certificate=cert,
        actor=people.supervisor,
        number=number,
        issued_on=today,
        expires_on=today.replace(year=today.year + 5),
        enforcement_types=["market", "urban"],
        issuer="山西省人民政府",
    )
    assert cert.status == S.ISSUED and cert.number == number and cert.issuer == "山西省人民政府"
    assert sorted(t.code for t in cert.enforcement_types.all()) == ["market", "urban"]
    people.dept_officer.refresh_from_db()
    assert people.dept_officer.certificate_number == ""  # not valid yet
    cert = svc.certificate_activate(certificate=cert, actor=people.supervisor)
    assert cert.status == S.VALID
    people.dept_officer.refresh_from_db()
    assert people.dept_officer.certificate_number == number
    assert [e.action for e in cert.events.all()] == ["apply", "issue", "activate"]
    assert LedgerEntry.objects.filter(action__startswith="personnel.certificate.").count() == 3


def test_r_1_7_02_issue_checks_number_and_dates(people, county):
    cert = svc.certificate_apply(
        officer=make_officer(county.dept),
        actor=people.supervisor,
        enforcement_types=["market"],
        enforcement_area="临猗县",
    )
    today = clock.today()
    with pytest.raises(DomainError, match="6至30位"):
        svc.certificate_issue(
            certificate=cert, actor=people.supervisor, number="12", issued_on=today, expires_on=None
        )
    with pytest.raises(DomainError, match="晚于发证日期"):
        svc.certificate_issue(
            certificate=cert,
            actor=people.supervisor,
            number="14082112345",
            issued_on=today,
            expires_on=today,
        )
    other = valid_certificate(make_officer(county.dept), people.supervisor)
    with pytest.raises(DomainError, match="已被使用"):
        svc.certificate_issue(
            certificate=cert,
            actor=people.supervisor,
            number=other.number,
            issued_on=today,
            expires_on=None,
        )


def test_r_1_7_04_one_person_one_certificate(people, county):
    officer = make_officer(county.dept)
    valid_certificate(officer, people.supervisor)
    with pytest.raises(DomainError, match="一人一证"):
        svc.certificate_apply(
            officer=officer,
            actor=people.supervisor,
            enforcement_types=["market"],
            enforcement_area="临猗县",
        )


def test_r_1_10_05_apply_needs_induction_and_both_law_exams(people, county):
    no_induction = make_officer(county.dept, induction=False)
    with pytest.raises(DomainError, match="入职培训"):
        svc.certificate_apply(
            officer=no_induction,
            actor=people.supervisor,
            enforcement_types=["market"],
            enforcement_area="临猗县",
        )
    no_exams = make_officer(county.dept, exams=False)
    with pytest.raises(DomainError, match="公共法律知识.*专业法律知识"):
        svc.certificate_apply(
            officer=no_exams,
            actor=people.supervisor,
            enforcement_types=["market"],
            enforcement_area="临猗县",
        )


def test_only_the_justice_bureau_applies(people, county):
    with pytest.raises(PermissionDenied):
        svc.certificate_apply(
            officer=make_officer(county.dept),
            actor=people.head,
            enforcement_types=["market"],
            enforcement_area="临猗县",
        )


def test_unknown_type_is_refused(people, county):
    with pytest.raises(DomainError, match="未知"):
        svc.certificate_apply(
            officer=make_officer(county.dept),
            actor=people.supervisor,
            enforcement_types=["astrology"],
            enforcement_area="临猗县",
        )


@pytest.mark.parametrize("action", sorted(SIMPLE))
@pytest.mark.parametrize("status", sorted(S.values))
def test_r_1_7_10_every_transition_from_every_status(people, county, action, status):
    """Each transition is allowed exactly from the statuses of TRANSITIONS; from any other it
    raises TransitionNotAllowed in Chinese and leaves no event."""
    cert = _in_status(make_officer(county.dept), people.supervisor, status)
    events = cert.events.count()
    sources, target, _label = svc.TRANSITIONS[action]
    if status in sources:
        done = SIMPLE[action](certificate=cert, actor=people.supervisor, reason="依规办理")
        assert done.status == target
        assert cert.events.count() == events + 1
        assert LedgerEntry.objects.filter(action=f"personnel.certificate.{action}").exists()
    else:
        with pytest.raises(TransitionNotAllowed, match="不能办理"):
            SIMPLE[action](certificate=cert, actor=people.supervisor, reason="依规办理")
        cert.refresh_from_db()
        assert cert.status == status and cert.events.count() == events


@pytest.mark.parametrize("status", sorted(set(S.values) - {S.APPLIED}))
def test_issue_only_from_applied(people, county, status):
    cert = _in_status(make_officer(county.dept), people.supervisor, status)
    with pytest.raises(TransitionNotAllowed):
        svc.certificate_issue(
            certificate=cert,
            actor=people.supervisor,
            number=next_number(),
            issued_on=clock.today(),
            expires_on=None,
        )


@pytest.mark.parametrize("status", sorted(set(S.values) - {S.ISSUED}))
def test_activate_only_from_issued(people, county, status):
    cert = _in_status(make_officer(county.dept), people.supervisor, status)
    with pytest.raises(TransitionNotAllowed):
        svc.certificate_activate(certificate=cert, actor=people.supervisor)


def test_reasons_are_required(people, county):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    with pytest.raises(DomainError, match="原因"):
        svc.certificate_revoke(certificate=cert, actor=people.supervisor, reason="  ")


def test_r_1_7_10_the_department_may_withhold_and_restore_but_not_revoke(people, county):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    cert = svc.certificate_withhold(certificate=cert, actor=people.head, reason="违规执法")
    assert cert.status == S.WITHHELD
    with pytest.raises(PermissionDenied):
        svc.certificate_revoke(certificate=cert, actor=people.head, reason="情节严重")
    with pytest.raises(PermissionDenied):  # another unit's head
        svc.certificate_restore(certificate=cert, actor=people.town_head, reason="x")
    cert = svc.certificate_restore(certificate=cert, actor=people.head, reason="整改完毕")
    assert cert.status == S.VALID
    assert svc.allowed_actions(people.head, cert) == ["withhold", "report_lost"]
    assert "revoke" in svc.allowed_actions(people.supervisor, cert)
    assert svc.allowed_actions(people.dept_officer, cert) == []


def test_r_1_7_09_lost_void_reissue(people, county):
    officer = make_officer(county.dept, user=people.dept_officer)
    old = valid_certificate(officer, people.supervisor, types=("market", "urban"))
    with pytest.raises(TransitionNotAllowed, match="声明作废"):
        svc.certificate_reissue(certificate=old, actor=people.head)
    old = svc.certificate_report_lost(certificate=old, actor=people.head, reason="执法途中遗失")
    people.dept_officer.refresh_from_db()
    assert people.dept_officer.certificate_number == ""
    old = svc.certificate_declare_void(certificate=old, actor=people.supervisor)
    assert old.status == S.VOID
    new = svc.certificate_reissue(certificate=old, actor=people.head)
    assert new.replaces == old and new.status == S.APPLIED
    assert sorted(t.code for t in new.enforcement_types.all()) == ["market", "urban"]
    with pytest.raises(TransitionNotAllowed, match="已申请过补办"):
        svc.certificate_reissue(certificate=old, actor=people.head)
    new = svc.certificate_issue(
        certificate=new,
        actor=people.supervisor,
        number=next_number(),
        issued_on=clock.today(),
        expires_on=None,
    )
    new = svc.certificate_activate(certificate=new, actor=people.supervisor)
    people.dept_officer.refresh_from_db()
    assert people.dept_officer.certificate_number == new.number
    assert "reissue" not in svc.allowed_actions(people.supervisor, old)


def test_r_1_7_04_database_refuses_a_second_live_certificate(people, county):
    """The partial unique constraint backs the service guard (R-1.7-04)."""
    from django.db import IntegrityError, transaction

    officer = make_officer(county.dept)
    cert = valid_certificate(officer, people.supervisor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            officer=officer,
            enforcement_area="x",
            status=S.APPLIED,
            status_changed_at=clock.now(),
            applied_by=people.supervisor,
            applied_at=clock.now(),
        )
    assert cert.pk


def test_dates_in_history_use_the_issue_date(people, county):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    assert cert.issued_on == clock.today() - dt.timedelta(days=30)

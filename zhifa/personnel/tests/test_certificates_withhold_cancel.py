"""certificate_withhold / certificate_cancel, the two services helper B calls (R-1.7-10)."""

from __future__ import annotations

import pytest

from zhifa.core.errors import PermissionDenied, TransitionNotAllowed
from zhifa.ledger.models import LedgerEntry
from zhifa.personnel.constants import CertificateStatus
from zhifa.personnel.services.certificates import certificate_cancel, certificate_withhold
from zhifa.personnel.tests.officers_factories import make_officer, valid_certificate

pytestmark = pytest.mark.django_db


def test_r_1_7_10_withhold_a_valid_certificate_records_event_and_ledger(people, county):
    officer = make_officer(county.team_a, user=people.officer_a)
    cert = valid_certificate(officer, people.supervisor, types=("township",))
    people.officer_a.refresh_from_db()
    assert people.officer_a.certificate_number == cert.number
    cert = certificate_withhold(
        certificate=cert,
        actor=people.supervisor,
        reason="违规使用证件",
        reference="临司〔2026〕3号",
    )
    assert cert.status == CertificateStatus.WITHHELD
    event = cert.events.last()
    assert (event.action, event.from_status, event.to_status) == ("withhold", "valid", "withheld")
    assert event.reference == "临司〔2026〕3号"
    assert LedgerEntry.objects.filter(action="personnel.certificate.withhold").count() == 1
    people.officer_a.refresh_from_db()
    assert people.officer_a.certificate_number == ""


def test_r_1_7_10_withhold_by_the_system_and_twice_is_refused(people, county):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    certificate_withhold(certificate=cert, actor=None, reason="补考不合格（R-1.11-05）")
    with pytest.raises(TransitionNotAllowed, match="暂扣"):
        certificate_withhold(certificate=cert, actor=None, reason="再次")


def test_r_1_7_10_cancel_is_final(people, county):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    cert = certificate_cancel(certificate=cert, actor=people.supervisor, reason="调离执法岗位")
    assert cert.status == CertificateStatus.CANCELLED
    with pytest.raises(TransitionNotAllowed):
        certificate_cancel(certificate=cert, actor=people.supervisor, reason="x")
    with pytest.raises(TransitionNotAllowed):
        certificate_withhold(certificate=cert, actor=people.supervisor, reason="x")


def test_r_1_7_10_an_officer_may_not_cancel(people, county):
    cert = valid_certificate(make_officer(county.dept), people.supervisor)
    with pytest.raises(PermissionDenied):
        certificate_cancel(certificate=cert, actor=people.dept_officer, reason="x")

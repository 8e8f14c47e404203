"""certificate_valid_for: the one question (R-1.7-01, R-1.7-04, R-1.7-06, R-1.7-07, R-3.1-08),
the inspector directory (R-1.1-03) and the management file (R-1.7-08)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from zhifa.catalog.models import EnforcementType
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.personnel.constants import CertificateStatus as S
from zhifa.personnel.constants import FilingStatus, StaffingType
from zhifa.personnel.models import Certificate, CertificateFileFiling, Officer
from zhifa.personnel.selectors.certificates import (
    certificate_require_valid,
    certificate_valid_for,
    current_certificate,
    inspector_directory,
    management_file,
)
from zhifa.personnel.services import certificates as svc
from zhifa.personnel.tests.officers_factories import make_officer, valid_certificate

pytestmark = pytest.mark.django_db


def test_r_1_7_01_valid_certificate_of_the_type_answers_yes(people, county):
    officer = make_officer(county.dept, user=people.dept_officer)
    cert = valid_certificate(officer, people.supervisor, types=("market",))
    check = certificate_valid_for(officer, "market")
    assert check and check.certificate == cert and cert.number in check.reason
    # a User is accepted through its officer record; an EnforcementType too
    assert certificate_valid_for(people.dept_officer, EnforcementType.objects.get(code="market"))
    assert certificate_require_valid(people.dept_officer, "market").ok


def test_r_1_7_04_type_not_on_the_certificate_is_refused(people, county):
    officer = make_officer(county.dept)
    valid_certificate(officer, people.supervisor, types=("market",))
    check = certificate_valid_for(officer, "urban")
    assert not check and "执法类型" in check.reason and "R-1.7-04" in check.reason
    with pytest.raises(DomainError) as exc:
        certificate_require_valid(officer, "urban")
    assert exc.value.code == "certificate_invalid"


def test_r_3_1_08_no_record_no_certificate(people, county):
    assert "没有执法人员档案" in certificate_valid_for(people.officer_b, "township").reason
    officer = make_officer(county.team_b, user=people.officer_b)
    check = certificate_valid_for(people.officer_b, "township")
    assert not check and "没有行政执法证件" in check.reason
    assert not certificate_valid_for(None, "market")
    assert not certificate_valid_for(officer, "")


def test_r_1_10_05_induction_not_passed(people, county):
    officer = make_officer(county.dept)
    valid_certificate(officer, people.supervisor)
    Officer.objects.filter(pk=officer.pk).update(induction_passed_on=None)
    officer.refresh_from_db()
    check = certificate_valid_for(officer, "market")
    assert not check and "入职培训" in check.reason


def test_r_3_1_10_dismissed_person_is_refused_even_with_a_certificate(people, county):
    officer = make_officer(county.dept)
    valid_certificate(officer, people.supervisor)
    Officer.objects.filter(pk=officer.pk).update(ever_dismissed=True)
    officer.refresh_from_db()
    assert "开除公职" in certificate_valid_for(officer, "market").reason


@pytest.mark.parametrize(
    ("action", "words"),
    [
        ("withhold", "暂扣"),
        ("revoke", "吊销"),
        ("cancel", "注销"),
        ("surrender", "缴销"),
        ("report_lost", "报失"),
    ],
)
def test_r_1_7_10_withheld_revoked_cancelled_lost_certificates_do_not_count(
    people, county, action, words
):
    officer = make_officer(county.dept)
    cert = valid_certificate(officer, people.supervisor)
    getattr(svc, f"certificate_{action}")(certificate=cert, actor=people.supervisor, reason="依规")
    check = certificate_valid_for(officer, "market")
    assert not check and words in check.reason


def test_expired_certificate(people, county):
    officer = make_officer(county.dept)
    cert = valid_certificate(officer, people.supervisor)
    assert certificate_valid_for(officer, "market", cert.expires_on)
    check = certificate_valid_for(officer, "market", cert.expires_on + dt.timedelta(days=1))
    assert not check and "过期" in check.reason


def test_status_on_a_past_date_comes_from_the_history(people, county):
    officer = make_officer(county.dept)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        cert = valid_certificate(officer, people.supervisor)
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        svc.certificate_withhold(certificate=cert, actor=people.supervisor, reason="违规")
        assert certificate_valid_for(officer, "market", dt.date(2026, 5, 20))
        assert not certificate_valid_for(officer, "market", dt.date(2026, 6, 1))
        assert not certificate_valid_for(officer, "market", dt.date(2026, 2, 1))


def test_one_or_two_queries(people, county, django_assert_max_num_queries):
    officer = make_officer(county.dept, user=people.dept_officer)
    valid_certificate(officer, people.supervisor)
    with django_assert_max_num_queries(2):
        assert certificate_valid_for(people.dept_officer, "market")
    with django_assert_max_num_queries(1):
        assert certificate_valid_for(officer, "market")


def test_r_1_7_07_annual_review_round_pass_fail_and_missed(people, county):
    from zhifa.deadlines.models import Obligation
    from zhifa.personnel.jobs import annual_review_overdue

    a = make_officer(county.dept, user=people.dept_officer)
    b = make_officer(county.team_a, user=people.officer_a)
    c = make_officer(county.team_b, user=people.officer_b)
    with time_machine.travel(dt.datetime(2026, 9, 1, 2, tzinfo=dt.UTC), tick=False):
        ca = valid_certificate(a, people.supervisor, types=("market",))
        cb = valid_certificate(b, people.supervisor, types=("township",))
        cc = valid_certificate(c, people.supervisor, types=("township",))
        reviews = svc.annual_review_open(
            actor=people.supervisor, year=2026, due_on=dt.date(2026, 11, 30)
        )
        assert len(reviews) == 3
        assert Obligation.objects.filter(rule_id="R-1.7-07").count() == 3
        # opening twice adds nothing
        assert (
            svc.annual_review_open(actor=people.supervisor, year=2026, due_on=dt.date(2026, 11, 30))
            == []
        )
        by_cert = {r.certificate_id: r for r in reviews}
        svc.annual_review_pass(review=by_cert[ca.pk], actor=people.supervisor, opinion="合格")
        ca.refresh_from_db()
        assert ca.reviewed_until == dt.date(2026, 12, 31)
        assert (
            Obligation.objects.get(subject_id=str(by_cert[ca.pk].pk), rule_id="R-1.7-07").state
            == "fulfilled"
        )
        svc.annual_review_fail(review=by_cert[cb.pk], actor=people.supervisor, opinion="考核不合格")
        cb.refresh_from_db()
        assert cb.status == S.INVALID
        assert "年审" in certificate_valid_for(b, "township").reason
        from zhifa.core.errors import PermissionDenied, TransitionNotAllowed

        with pytest.raises(TransitionNotAllowed):
            svc.annual_review_pass(review=by_cert[cb.pk], actor=people.supervisor)
        with pytest.raises(PermissionDenied):
            svc.annual_review_pass(review=by_cert[cc.pk], actor=people.head)
        # before the due date C is still valid; after it, invalid even before the job ran
        assert certificate_valid_for(c, "township", dt.date(2026, 11, 30))
    with time_machine.travel(dt.datetime(2026, 12, 1, 2, tzinfo=dt.UTC), tick=False):
        check = certificate_valid_for(c, "township")
        assert not check and "未按期通过年审" in check.reason
        assert certificate_valid_for(a, "market")
        with pytest.raises(TransitionNotAllowed, match="截止日期"):
            svc.annual_review_pass(review=by_cert[cc.pk], actor=people.supervisor)
        assert annual_review_overdue() == 1
        cc.refresh_from_db()
        assert cc.status == S.INVALID and cc.events.last().action == "review_missed"
        assert annual_review_overdue() == 0


def test_r_1_7_07_round_needs_the_justice_bureau_and_a_future_due_date(people, county):
    from zhifa.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        svc.annual_review_open(actor=people.head, year=2026, due_on=clock.today())
    with pytest.raises(DomainError, match="早于今天"):
        svc.annual_review_open(
            actor=people.supervisor, year=2026, due_on=clock.today() - dt.timedelta(days=1)
        )


def test_r_1_7_06_equivalent_certificate_filed_and_accepted_counts(people, county):
    officer = make_officer(county.dept, user=people.dept_officer)
    assert not certificate_valid_for(officer, "ecology")
    filing = svc.equivalent_submit(
        actor=people.head,
        officer=officer,
        name="海洋执法证",
        number="HY-2026-0001",
        issuer="国家海洋局",
        designation_basis="国务院办公厅规定",
        enforcement_types=["ecology"],
        valid_from=clock.today() - dt.timedelta(days=10),
        valid_to=None,
    )
    assert filing.status == FilingStatus.SUBMITTED
    assert not certificate_valid_for(officer, "ecology")  # not accepted yet
    with pytest.raises(DomainError, match="重复报备"):
        svc.equivalent_submit(
            actor=people.head,
            officer=officer,
            name="x",
            number="HY-2026-0001",
            issuer="国家海洋局",
            designation_basis="y",
            enforcement_types=["ecology"],
            valid_from=clock.today(),
        )
    from zhifa.core.errors import PermissionDenied, TransitionNotAllowed

    with pytest.raises(PermissionDenied):
        svc.equivalent_accept(actor=people.head, filing=filing)
    svc.equivalent_accept(actor=people.supervisor, filing=filing)
    check = certificate_valid_for(officer, "ecology")
    assert check and check.equivalent == filing and "R-1.7-06" in check.reason
    assert not certificate_valid_for(officer, "market")
    with pytest.raises(TransitionNotAllowed):
        svc.equivalent_return(actor=people.supervisor, filing=filing, opinion="x")


def test_r_1_7_06_returned_filing_may_be_submitted_again(people, county):
    officer = make_officer(county.dept)
    kw = {
        "actor": people.head,
        "officer": officer,
        "name": "海洋执法证",
        "number": "HY-1",
        "issuer": "国家海洋局",
        "designation_basis": "依据",
        "enforcement_types": ["ecology"],
        "valid_from": clock.today(),
    }
    filing = svc.equivalent_submit(**kw)
    with pytest.raises(DomainError, match="退回意见"):
        svc.equivalent_return(actor=people.supervisor, filing=filing, opinion="")
    svc.equivalent_return(actor=people.supervisor, filing=filing, opinion="缺少依据文件")
    again = svc.equivalent_submit(**kw)
    assert again.pk == filing.pk and again.status == FilingStatus.SUBMITTED


def test_r_1_1_03_inspector_directory(people, county, django_assert_max_num_queries):
    a = make_officer(county.team_a, full_name="甲")
    b = make_officer(county.team_b, full_name="乙")
    d = make_officer(county.dept, full_name="丙")
    valid_certificate(a, people.supervisor, types=("township",))
    cb = valid_certificate(b, people.supervisor, types=("township",))
    valid_certificate(d, people.supervisor, types=("market", "urban"))
    make_officer(county.dept, full_name="无证")
    svc.certificate_withhold(certificate=cb, actor=people.supervisor, reason="违规")
    with django_assert_max_num_queries(1):
        everyone = inspector_directory()
    assert {(i.name, i.enforcement_type) for i in everyone} == {
        ("甲", "乡镇综合行政执法"),
        ("丙", "城市管理"),
        ("丙", "市场监管"),
    }
    assert [i.name for i in inspector_directory(organisation=county.town_a)] == ["甲"]
    only = inspector_directory(enforcement_type="market")
    assert [(i.name, i.unit, i.certificate_number != "") for i in only] == [
        ("丙", county.dept.name, True)
    ]


def test_r_1_7_08_management_file_snapshot_and_filing(
    people, county, django_assert_max_num_queries
):
    officer = make_officer(county.dept)
    cert = valid_certificate(officer, people.supervisor)
    svc.certificate_withhold(certificate=cert, actor=people.head, reason="违规")
    make_officer(county.dept, full_name="新人")
    with django_assert_max_num_queries(5):
        officers = management_file(organisation=county.dept)
        assert sum(len(c.event_list) for o in officers for c in o.certificate_list) == 4
    filing = svc.management_file_submit(actor=people.head, organisation=county.dept)
    assert filing.officer_count == 2 and filing.certificate_count == 1
    [held] = [o for o in filing.snapshot["officers"] if o["certificates"]]
    events = held["certificates"][0]["events"]
    assert [e["action"] for e in events] == ["apply", "issue", "activate", "withhold"]
    from zhifa.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        svc.management_file_submit(actor=people.town_head, organisation=county.dept)
    with pytest.raises(DomainError, match="为空"):
        svc.management_file_submit(actor=people.town_head, organisation=county.team_a)
    svc.management_file_handle(actor=people.supervisor, filing=filing, accept=True)
    assert CertificateFileFiling.objects.get().status == FilingStatus.ACCEPTED


def test_current_certificate_prefers_the_live_one(people, county):
    officer = make_officer(county.dept)
    assert current_certificate(officer) is None
    old = valid_certificate(officer, people.supervisor)
    svc.certificate_report_lost(certificate=old, actor=people.supervisor, reason="遗失")
    svc.certificate_declare_void(certificate=old, actor=people.supervisor)
    new = svc.certificate_reissue(certificate=old, actor=people.supervisor)
    assert current_certificate(officer) == new
    assert Certificate.objects.filter(officer=officer).count() == 2


def test_public_institution_officer_in_team_is_valid(people, county):
    officer = make_officer(county.team_a, staffing_type=StaffingType.PUBLIC_INSTITUTION)
    valid_certificate(officer, people.supervisor, types=("township",))
    assert certificate_valid_for(officer, "township")

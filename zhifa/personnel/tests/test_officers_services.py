"""Officer records, eligibility and the OFFICER role guard (R-1.7-03, R-3.1-09, R-3.1-10,
R-1.10-05)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.accounts.constants import Role
from zhifa.accounts.services import user_set_roles
from zhifa.accounts.tests.factories import make_user
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.ledger.models import LedgerEntry
from zhifa.personnel.constants import StaffingType
from zhifa.personnel.selectors.officers import eligibility_for, officer_eligibility
from zhifa.personnel.services.certificates import certificate_apply
from zhifa.personnel.services.officers import (
    officer_create,
    officer_deactivate,
    officer_update,
)
from zhifa.personnel.tests.officers_factories import make_officer, new_id_number

pytestmark = pytest.mark.django_db


def _create(actor, org, **kw):  # type: ignore[no-untyped-def]
    values = {
        "full_name": "张三",
        "gender": "male",
        "id_number": new_id_number(),
        "organisation": org,
        "post": "执法队员",
        "staffing_type": StaffingType.CIVIL_SERVANT,
    }
    values.update(kw)
    return officer_create(actor=actor, **values)


def test_officer_create_checks_the_id_number_and_is_ledgered(people, county):
    officer = _create(people.head, county.dept)
    assert officer.pk and officer.is_active
    assert LedgerEntry.objects.filter(action="personnel.officer.create").count() == 1
    bad = officer.id_number[:17] + ("0" if officer.id_number[17] != "0" else "1")
    with pytest.raises(DomainError, match="校验位") as exc:
        _create(people.head, county.dept, id_number=bad)
    assert exc.value.field == "id_number"
    with pytest.raises(DomainError, match="一人只登记一次"):
        _create(people.head, county.dept, id_number=officer.id_number)


def test_officer_create_is_scoped(people, county):
    with pytest.raises(PermissionDenied):
        _create(people.town_head, county.dept)  # town A's head, not over the department
    with pytest.raises(PermissionDenied):
        _create(people.officer_a, county.team_a)  # officers do not keep the register
    assert _create(people.town_head, county.team_a).organisation == county.team_a
    assert _create(people.supervisor, county.team_b).organisation == county.team_b


@pytest.mark.parametrize(
    ("staffing", "ok"),
    [
        (StaffingType.CIVIL_SERVANT, True),
        (StaffingType.MANAGED_AS_CIVIL_SERVANT, True),
        (StaffingType.STATE_CADRE, True),
        (StaffingType.CONTRACT_CIVIL_SERVANT, False),
        (StaffingType.CONTRACT_WORKER, False),
        (StaffingType.TEMPORARY_WORKER, False),
        (StaffingType.AUXILIARY, False),
    ],
)
def test_r_3_1_09_r_3_1_10_eligibility_by_staffing_type(county, staffing, ok):
    result = eligibility_for(
        staffing_type=staffing,
        organisation=county.dept,
        ever_dismissed=False,
        in_enforcement_post=True,
    )
    assert bool(result) is ok
    if not ok:
        assert result.reason  # a Chinese reason


def test_r_3_1_10_anyone_ever_dismissed_is_never_eligible(county):
    result = eligibility_for(
        staffing_type=StaffingType.CIVIL_SERVANT,
        organisation=county.dept,
        ever_dismissed=True,
        in_enforcement_post=True,
    )
    assert not result and "开除公职" in result.reason


def test_r_1_7_03_public_institution_staff_only_in_township_teams_and_flagged(county):
    in_team = eligibility_for(
        staffing_type=StaffingType.PUBLIC_INSTITUTION,
        organisation=county.team_a,
        ever_dismissed=False,
        in_enforcement_post=True,
    )
    assert in_team and in_team.manual_check and "AMB-1.7-a" in in_team.reason
    in_dept = eligibility_for(
        staffing_type=StaffingType.PUBLIC_INSTITUTION,
        organisation=county.dept,
        ever_dismissed=False,
        in_enforcement_post=True,
    )
    assert not in_dept and "乡镇综合行政执法队" in in_dept.reason


def test_r_1_7_03_must_work_in_an_enforcement_post(county):
    result = eligibility_for(
        staffing_type=StaffingType.CIVIL_SERVANT,
        organisation=county.dept,
        ever_dismissed=False,
        in_enforcement_post=False,
    )
    assert not result and "执法岗位" in result.reason


def test_r_3_1_10_an_excluded_person_may_be_recorded_but_not_apply(people, county):
    officer = make_officer(county.dept, staffing_type=StaffingType.TEMPORARY_WORKER)
    assert not officer_eligibility(officer)
    with pytest.raises(DomainError, match="临时工") as exc:
        certificate_apply(
            officer=officer,
            actor=people.supervisor,
            enforcement_types=["market"],
            enforcement_area="临猗县",
        )
    assert exc.value.code == "not_eligible"


def test_officer_update_and_deactivate(people, county):
    officer = _create(people.head, county.dept)
    officer = officer_update(actor=people.head, officer=officer, post="副队长")
    assert officer.post == "副队长"
    with pytest.raises(DomainError):
        officer_update(actor=people.head, officer=officer, is_active=False)
    with pytest.raises(PermissionDenied):
        officer_update(actor=people.head, officer=officer, organisation=county.team_b)
    with pytest.raises(DomainError, match="停用原因"):
        officer_deactivate(actor=people.head, officer=officer, reason="")
    officer = officer_deactivate(actor=people.head, officer=officer, reason="调离")
    assert not officer.is_active
    assert type(officer).objects.filter(pk=officer.pk).exists()  # never deleted
    with pytest.raises(DomainError, match="已停用"):
        officer_deactivate(actor=people.head, officer=officer, reason="again")


def test_r_1_10_05_officer_role_needs_a_record_eligible_and_induction_passed(people, county):
    """Granting the OFFICER role (user_set_roles) is refused without an officer record, for an
    excluded person (R-3.1-10) and before the induction assessment is passed (R-1.10-05)."""
    user = make_user(county.dept, Role.ARCHIVIST, username="newbie")
    with pytest.raises(DomainError, match="执法人员档案"):
        user_set_roles(actor=people.admin, user=user, roles=[Role.ARCHIVIST, Role.OFFICER])
    officer = make_officer(county.dept, user=user, induction=False)
    with pytest.raises(DomainError, match="R-1.10-05"):
        user_set_roles(actor=people.admin, user=user, roles=[Role.OFFICER])
    officer_update(
        actor=people.supervisor,
        officer=officer,
        staffing_type=StaffingType.CONTRACT_WORKER,
        induction_passed_on=dt.date(2025, 1, 5),
    )
    with pytest.raises(DomainError, match="合同工"):
        user_set_roles(actor=people.admin, user=user, roles=[Role.OFFICER])
    assert not user.roles.filter(role=Role.OFFICER).exists()
    officer_update(
        actor=people.supervisor, officer=officer, staffing_type=StaffingType.CIVIL_SERVANT
    )
    user_set_roles(actor=people.admin, user=user, roles=[Role.OFFICER])
    assert user.roles.filter(role=Role.OFFICER).exists()


def test_user_create_with_officer_role_still_works_for_fixtures(people):
    """user_create does not apply role guards (documented): fixtures and the demo use it."""
    assert people.officer_a.has_role(Role.OFFICER)

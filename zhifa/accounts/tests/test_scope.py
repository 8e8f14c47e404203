"""Scoped access: every user sees only what the access rules allow (design.md "Access")."""

from __future__ import annotations

import pytest

from zhifa.accounts.selectors import (
    can_see_organisation,
    organisation_ids_visible,
    organisation_list_visible,
    user_list_visible,
)
from zhifa.accounts.services import organisation_move

pytestmark = pytest.mark.django_db


def names(qs):  # type: ignore[no-untyped-def]
    return {o.name for o in qs}


def test_township_officer_sees_own_team_only(county, people):
    visible = names(organisation_list_visible(user=people.officer_a))
    assert visible == {"猗氏镇综合行政执法队"}
    assert not can_see_organisation(user=people.officer_a, organisation=county.team_b)
    assert not can_see_organisation(user=people.officer_a, organisation=county.town_a)


def test_township_head_sees_township_and_its_team(county, people):
    visible = names(organisation_list_visible(user=people.town_head))
    assert visible == {"猗氏镇人民政府", "猗氏镇综合行政执法队"}
    assert not can_see_organisation(user=people.town_head, organisation=county.team_b)


@pytest.mark.parametrize("who", ["supervisor", "leader", "admin"])
def test_county_wide_roles_see_everything(county, people, who):
    user = getattr(people, who)
    assert organisation_ids_visible(user=user) is None
    assert can_see_organisation(user=user, organisation=county.team_b)
    assert can_see_organisation(user=user, organisation=county.police)


@pytest.mark.parametrize("who", ["dept_officer", "reviewer", "head", "archivist"])
def test_department_roles_see_their_department_only(county, people, who):
    user = getattr(people, who)
    assert names(organisation_list_visible(user=user)) == {"临猗县市场监督管理局"}
    assert not can_see_organisation(user=user, organisation=county.team_a)


def test_user_list_is_scoped(county, people):
    usernames = {u.username for u in user_list_visible(user=people.officer_a)}
    assert usernames == {"officer_a"}
    assert "officer_a" in {u.username for u in user_list_visible(user=people.supervisor)}


def test_user_without_organisation_sees_nothing(db):
    from zhifa.accounts.tests.factories import UserFactory

    user = UserFactory(organisation=None)
    assert not organisation_list_visible(user=user).exists()


def test_moving_a_unit_moves_its_subtree(county, people):
    organisation_move(actor=people.admin, organisation=county.town_b, parent=county.dept)
    county.team_b.refresh_from_db()
    assert county.team_b.path.startswith(county.dept.path)
    assert can_see_organisation(user=people.head, organisation=county.team_b)


def test_moving_a_unit_under_itself_is_refused(county, people):
    from zhifa.core.errors import DomainError

    with pytest.raises(DomainError, match="自己的下级"):
        organisation_move(actor=people.admin, organisation=county.town_a, parent=county.team_a)


def test_only_administrators_create_units(county, people):
    from zhifa.accounts.services import organisation_create
    from zhifa.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        organisation_create(actor=people.head, name="新单位", code="new", kind="other")


def test_setting_roles_replaces_them_and_is_ledgered(people):
    from zhifa.accounts.constants import Role
    from zhifa.accounts.services import user_set_roles
    from zhifa.ledger.models import LedgerEntry

    user = user_set_roles(
        actor=people.admin, user=people.officer_a, roles=[Role.UNIT_HEAD, Role.SYSADMIN]
    )
    assert user.role_set == {Role.UNIT_HEAD, Role.SYSADMIN}
    assert user.is_staff
    assert LedgerEntry.objects.filter(action="user.set_roles", subject_id=str(user.pk)).exists()


def test_only_administrators_set_roles(people):
    from zhifa.accounts.services import user_set_roles
    from zhifa.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        user_set_roles(actor=people.head, user=people.officer_a, roles=["unit_head"])


def test_role_guards_refuse_a_role_and_change_nothing(people, monkeypatch):
    from zhifa.accounts import services
    from zhifa.accounts.constants import Role
    from zhifa.core.errors import DomainError

    def no_archivists(user, added):  # type: ignore[no-untyped-def]
        if Role.ARCHIVIST in added:
            raise DomainError("不行", code="nope")

    monkeypatch.setattr(services, "ROLE_GUARDS", [no_archivists])
    with pytest.raises(DomainError):
        services.user_set_roles(
            actor=people.admin, user=people.head, roles=[Role.UNIT_HEAD, Role.ARCHIVIST]
        )
    people.head.refresh_from_db()
    assert set(people.head.roles.values_list("role", flat=True)) == {Role.UNIT_HEAD}
    # Keeping a role the user already has is not a grant: the guard is not asked.
    services.user_set_roles(actor=people.admin, user=people.archivist, roles=[Role.ARCHIVIST])


def test_unknown_roles_are_refused_by_set_roles(people):
    from zhifa.accounts.services import user_set_roles
    from zhifa.core.errors import DomainError

    with pytest.raises(DomainError, match="未知角色"):
        user_set_roles(actor=people.admin, user=people.head, roles=["wizard"])

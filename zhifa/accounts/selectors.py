"""Scoped reads for organisations and users.

The scope rule of the whole platform (design.md "Access"): a user sees their own unit and the
units below it; Justice Bureau supervisors, county leaders and administrators see every unit.
Other apps scope their rows with :func:`organisation_scope_q` so the rule lives in one place.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation, User


def organisation_scope_q(user: User, *, field: str = "organisation") -> Q:
    """A filter on ``<field>`` limiting rows to the organisations ``user`` may see.

    Returns an always-true Q for county-wide users and an always-false Q for a user without an
    organisation. ``field`` is the lookup path of the row's organisation foreign key.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_county_wide:
        return Q()
    org = user.organisation
    if org is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": org.path})


def organisation_list_visible(*, user: User) -> QuerySet[Organisation]:
    """Organisations the user may see, in tree order."""
    qs = Organisation.objects.all()
    if not user.is_county_wide:
        if user.organisation is None:
            return qs.none()
        qs = qs.filter(path__startswith=user.organisation.path)
    return qs.select_related("parent").order_by("path")


def organisation_ids_visible(*, user: User) -> list[int] | None:
    """Ids of the organisations the user may see; ``None`` means every organisation."""
    if user.is_county_wide:
        return None
    return list(organisation_list_visible(user=user).values_list("id", flat=True))


def can_see_organisation(*, user: User, organisation: Organisation) -> bool:
    if user.is_county_wide:
        return True
    own = user.organisation
    return own is not None and organisation.path.startswith(own.path)


def user_list_visible(*, user: User) -> QuerySet[User]:
    return (
        User.objects.filter(organisation_scope_q(user))
        .select_related("organisation")
        .prefetch_related("roles")
        .order_by("organisation__path", "full_name")
    )


def users_with_role(*, organisation: Organisation, role: Role | str) -> QuerySet[User]:
    """Active users holding ``role`` in exactly ``organisation`` (e.g. whom to notify)."""
    return User.objects.filter(
        organisation=organisation, roles__role=role, is_active=True
    ).distinct()


def users_with_role_anywhere(*, role: Role | str) -> QuerySet[User]:
    return User.objects.filter(roles__role=role, is_active=True).distinct()

"""Who may manage templates and who may make documents. Which rows: see selectors."""

from __future__ import annotations

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import can_see_organisation


def can_manage_templates(user: User) -> bool:
    """Unit heads and system administrators maintain the template registry."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_role(Role.UNIT_HEAD, Role.SYSADMIN))
    )


def can_view_templates(user: User) -> bool:
    """Every signed-in staff member may read templates and preview them."""
    return bool(user.is_authenticated and user.is_active)


def can_render_for(user: User, organisation: Organisation) -> bool:
    """A document is made in the name of a unit the user belongs to or is above."""
    return bool(user.is_authenticated and user.is_active) and can_see_organisation(
        user=user, organisation=organisation
    )

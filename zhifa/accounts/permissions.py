"""Role checks shared by views and services. Scope (which rows) lives in selectors."""

from __future__ import annotations

from zhifa.accounts.constants import Role
from zhifa.accounts.models import User


def is_supervisor(user: User) -> bool:
    """Justice Bureau enforcement supervision (县司法局): sees and supervises every unit."""
    return user.is_superuser or user.has_role(Role.SUPERVISOR)


def is_unit_head(user: User) -> bool:
    return user.has_role(Role.UNIT_HEAD)


def is_sysadmin(user: User) -> bool:
    return user.is_superuser or user.has_role(Role.SYSADMIN)

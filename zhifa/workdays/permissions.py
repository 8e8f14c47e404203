"""Who may do what with the working-day calendar. Reading it is public information."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhifa.accounts.permissions import is_sysadmin

if TYPE_CHECKING:
    from zhifa.accounts.models import User


def can_edit_schedule(user: User) -> bool:
    """Entering a year's State Council holiday schedule is a system administrator's job."""
    return bool(user.is_active and is_sysadmin(user))

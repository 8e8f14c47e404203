"""Who may read the ledger (staff side). The public sees only the daily roots and proofs."""

from __future__ import annotations

from typing import Any

from zhifa.accounts.constants import Role


def can_view_ledger(user: Any) -> bool:
    """County-wide users (Justice Bureau supervisors, county leaders, administrators) and unit
    heads. Officers and others see a subject's history on that subject's own page instead."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_county_wide or user.has_role(Role.UNIT_HEAD)

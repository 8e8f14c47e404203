"""Who may see and act on an obligation. Which rows a user sees is in ``selectors``.

- **view**: the obligation's unit is in the user's scope (own unit and units below; every unit
  for the Justice Bureau, county leaders and administrators), or the user is its responsible
  person.
- **manage** (record fulfilment, pause, resume): the responsible person; an officer, legal
  reviewer or unit head of the obligation's unit or a unit above it; an administrator. The
  Justice Bureau supervises: it sees every board but does not act on other units' duties.
- **extend**: the spec's ``extension_approver`` role (e.g. R-1.4-14: the organ's head) or a unit
  head, in the obligation's unit or a unit above it; when the spec names no approver
  (R-2.6-13: the consulted department decides itself), whoever may manage it.
- **cancel**: a unit head of the obligation's unit or a unit above it, or an administrator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhifa.accounts.constants import Role
from zhifa.accounts.permissions import is_sysadmin
from zhifa.accounts.selectors import can_see_organisation

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.deadlines.models import Obligation
    from zhifa.law.time_limits import TimeLimitSpec

WORKER_ROLES = (Role.OFFICER, Role.LEGAL_REVIEWER, Role.UNIT_HEAD)


def _active(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _in_own_line(user: User, obligation: Obligation) -> bool:
    """The obligation's unit is the user's own unit or a unit below it (not county-wide)."""
    own = user.organisation
    return own is not None and obligation.organisation.path.startswith(own.path)


def can_view(user: User | None, obligation: Obligation) -> bool:
    if not _active(user):
        return False
    assert user is not None  # noqa: S101 - narrowed by _active
    return obligation.responsible_id == user.pk or can_see_organisation(
        user=user, organisation=obligation.organisation
    )


def can_manage(user: User | None, obligation: Obligation) -> bool:
    if not _active(user):
        return False
    assert user is not None  # noqa: S101
    if obligation.responsible_id == user.pk or is_sysadmin(user):
        return True
    return user.has_role(*WORKER_ROLES) and _in_own_line(user, obligation)


def can_extend(user: User | None, obligation: Obligation, spec: TimeLimitSpec) -> bool:
    if not _active(user):
        return False
    assert user is not None  # noqa: S101
    if spec.extension_approver is None:
        return can_manage(user, obligation)
    if user.has_role(spec.extension_approver) and can_see_organisation(
        user=user, organisation=obligation.organisation
    ):
        return True
    return user.has_role(Role.UNIT_HEAD) and _in_own_line(user, obligation)


def can_cancel(user: User | None, obligation: Obligation) -> bool:
    if not _active(user):
        return False
    assert user is not None  # noqa: S101
    return is_sysadmin(user) or (user.has_role(Role.UNIT_HEAD) and _in_own_line(user, obligation))


def approver_label(spec: TimeLimitSpec) -> str:
    if spec.extension_approver is None:
        return "本单位承办人员或负责人"
    return Role(spec.extension_approver).label

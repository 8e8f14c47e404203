"""Queues: the unit head's approvals, the legal reviewer's cases, the clues of a unit.

A head decides the approvals of their unit and the units below it — never one they asked for
or on a case they handle (nobody approves their own work); a reviewer reviews the cases of
their unit and below under legal review, not those they handle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhifa.accounts.constants import Role
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.cases.constants import ApprovalStatus, CaseStatus
from zhifa.cases.models import Approval, Case, CaseOfficer, Clue

if TYPE_CHECKING:
    from zhifa.accounts.models import User


def _active(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def approval_queue_for_user(*, user: User) -> QuerySet[Approval]:
    """Pending approvals the unit head may decide, oldest first (they wait longest)."""
    own = getattr(user, "organisation", None)
    if not _active(user) or own is None or not user.has_role(Role.UNIT_HEAD):
        return Approval.objects.none()
    handles = CaseOfficer.objects.filter(
        case=OuterRef("case_id"), user=user, removed_at__isnull=True
    )
    return (
        Approval.objects.filter(
            status=ApprovalStatus.PENDING, case__organisation__path__startswith=own.path
        )
        .exclude(requested_by=user)
        .exclude(Exists(handles))
        .select_related("case__organisation", "case__party", "case__item_version", "requested_by")
        .order_by("requested_at", "id")
    )


def review_queue_for_user(*, user: User) -> QuerySet[Case]:
    """Cases under legal review in the reviewer's scope that they do not handle, oldest first."""
    own = getattr(user, "organisation", None)
    if not _active(user) or own is None or not user.has_role(Role.LEGAL_REVIEWER):
        return Case.objects.none()
    handles = CaseOfficer.objects.filter(case=OuterRef("pk"), user=user, removed_at__isnull=True)
    return (
        Case.objects.filter(status=CaseStatus.UNDER_REVIEW, organisation__path__startswith=own.path)
        .exclude(Exists(handles))
        .select_related("organisation", "party", "item_version")
        .order_by("updated_at", "id")
    )


@dataclass
class ClueFilters:
    status: str = ""
    source: str = ""
    q: str = ""  # party or summary


def clue_list_for_user(*, user: User, filters: ClueFilters | None = None) -> QuerySet[Clue]:
    """Clues of the units the user may see, newest first."""
    filters = filters or ClueFilters()
    if not _active(user):
        return Clue.objects.none()
    qs = Clue.objects.filter(organisation_scope_q(user))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.source:
        qs = qs.filter(source=filters.source)
    text = (filters.q or "").strip()
    if text:
        qs = qs.filter(
            Q(party__name__icontains=text)
            | Q(party_name__icontains=text)
            | Q(summary__icontains=text)
        )
    return qs.select_related("organisation", "party", "registered_by").order_by(
        "-received_at", "-id"
    )


def clue_get_for_user(*, user: User, clue_id: int | None) -> Clue | None:
    if clue_id is None:
        return None
    return clue_list_for_user(user=user).filter(pk=clue_id).first()

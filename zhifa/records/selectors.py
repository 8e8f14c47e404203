"""Reads of the full-process records, scoped to who may see them (R-1.3-16, R-1.3-17).

Records are evidence and may hold personal data, so the scope is narrower than the case list's:

- the officers who handle the case now (and whoever registered the record or is named on it);
- the unit's heads, legal reviewers and archivists, and those of the units above it;
- the Justice Bureau's supervisors, for every unit (R-1.3-17: review and playback).

County leaders and system administrators see no record content by their role.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhifa.accounts.constants import Role
from zhifa.accounts.models import User
from zhifa.cases.models import CaseOfficer
from zhifa.records.models import Record

# Roles that see every record of their unit and the units below it.
UNIT_WIDE_ROLES = (Role.UNIT_HEAD, Role.LEGAL_REVIEWER, Role.ARCHIVIST)


def record_scope_q(user: User) -> Q:
    """The records ``user`` may see, as a filter on :class:`Record`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.has_role(Role.SUPERVISOR):
        return Q()
    q = (
        Q(created_by=user)
        | Q(officers=user)
        | Q(
            case_id__in=CaseOfficer.objects.filter(user=user, removed_at__isnull=True).values(
                "case_id"
            )
        )
    )
    org = user.organisation
    if org is not None and user.has_role(*UNIT_WIDE_ROLES):
        q |= Q(organisation__path__startswith=org.path)
    return q


def record_list_for_user(*, user: User) -> QuerySet[Record]:
    """Every record ``user`` may see, newest first (distinct: the officer join may repeat rows)."""
    ids = Record.objects.filter(record_scope_q(user)).values("pk")
    return Record.objects.filter(pk__in=ids).order_by("-created_at", "-id")


def record_get_for_user(*, user: User, record_id: int | None) -> Record | None:
    """The record if ``user`` may see it, else None (→ 404)."""
    if record_id is None:
        return None
    return (
        record_list_for_user(user=user)
        .filter(pk=record_id)
        .select_related("organisation", "case", "field_action", "created_by")
        .first()
    )

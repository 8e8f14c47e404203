"""Reads of the enforcement-subject directory and the enforcement types."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhifa.accounts.models import User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.catalog.constants import SubjectStatus
from zhifa.catalog.models import EnforcementSubject, EnforcementType


def enforcement_types_active() -> QuerySet[EnforcementType]:
    """The enforcement types in use (certificates and items choose from these)."""
    return EnforcementType.objects.filter(is_active=True).order_by("sort_order", "code")


def _with_related(qs: QuerySet[EnforcementSubject]) -> QuerySet[EnforcementSubject]:
    return qs.select_related("organisation").prefetch_related(
        "enforcement_types", "internal_bodies"
    )


def subjects_public() -> QuerySet[EnforcementSubject]:
    """The published directory (R-1.2-07): confirmed entries, and withdrawn ones marked."""
    return _with_related(
        EnforcementSubject.objects.filter(
            status__in=(SubjectStatus.CONFIRMED, SubjectStatus.WITHDRAWN)
        )
    ).order_by("status", "organisation__kind", "organisation__sort_order", "id")


def subject_public_get(*, subject_id: int) -> EnforcementSubject | None:
    return subjects_public().filter(pk=subject_id).first()


def subjects_visible(*, user: User, status: str | None = None) -> QuerySet[EnforcementSubject]:
    """Entries a staff member may see: the published directory for everyone, drafts of their own
    units; everything for the county-wide roles."""
    qs = EnforcementSubject.objects.all()
    if not user.is_county_wide:
        qs = qs.filter(~Q(status=SubjectStatus.DRAFT) | organisation_scope_q(user))
    if status:
        qs = qs.filter(status=status)
    return _with_related(qs).order_by("organisation__kind", "organisation__sort_order", "id")

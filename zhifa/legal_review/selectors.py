"""Reads of the legal review: the review body's queue and one submission, scoped by the user
(the case's scope: own unit and units below, every unit for county-wide roles, and the cases
the user handles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhifa.accounts.selectors import organisation_scope_q
from zhifa.cases.models import CaseOfficer
from zhifa.legal_review.constants import (
    OPEN_STATUSES,
    ExtensionStatus,
    MaterialKind,
    SubmissionStatus,
)
from zhifa.legal_review.models import ExtensionRequest, Submission

if TYPE_CHECKING:
    from zhifa.accounts.models import User


def _scope(user: User) -> Q:
    handles = CaseOfficer.objects.filter(
        case_id=OuterRef("case_id"), user_id=user.pk, removed_at__isnull=True
    )
    return organisation_scope_q(user, field="organisation") | Q(Exists(handles))


def submission_list_for_user(*, user: User, status: str = "") -> QuerySet[Submission]:
    """The review body's queue: open submissions in scope (all states with ``status="all"``),
    oldest first, with what the list shows in one query (case, unit, people, the clock)."""
    if not (user.is_authenticated and user.is_active):
        return Submission.objects.none()
    qs = Submission.objects.filter(_scope(user))
    if status == "all":
        pass
    elif status in SubmissionStatus.values:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=OPEN_STATUSES)
    pending = ExtensionRequest.objects.filter(
        submission_id=OuterRef("pk"), status=ExtensionStatus.REQUESTED
    )
    return (
        qs.select_related(
            "case", "case__party", "organisation", "submitted_by", "reviewer", "obligation"
        )
        .annotate(extension_pending=Exists(pending))
        .order_by("submitted_at", "id")
    )


def submission_get_for_user(*, user: User, submission_id: int) -> Submission | None:
    if not (user.is_authenticated and user.is_active):
        return None
    return (
        Submission.objects.filter(_scope(user), pk=submission_id)
        .select_related(
            "case",
            "case__party",
            "case__organisation",
            "organisation",
            "review",
            "review__report",
            "review__reviewer",
            "submitted_by",
            "reviewer",
            "completed_by",
            "obligation",
            "opinion_case_copy",
            "opinion_body_copy",
        )
        .first()
    )


def submissions_of_case(*, case: Any) -> list[Submission]:
    return list(
        Submission.objects.filter(case=case).select_related("review").order_by("-submitted_at")
    )


@dataclass
class SubmissionDetail:
    submission: Submission
    materials: list[Any]
    missing: list[str]
    required: list[str]
    checks: list[Any]
    pauses: list[Any]
    extensions: list[Any]
    checklist: list[Any]
    participants: list[Any]
    dispute: Any
    report: Any
    missing_labels: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def tier_label(self) -> str:
        """The report's suggested discretion tier in Chinese (从轻, 一般 …), as the case page."""
        from zhifa.catalog.constants import Tier

        tier = getattr(self.report, "suggested_tier", "") or ""
        return str(Tier(tier).label) if tier in Tier.values else tier


def submission_detail(submission: Submission) -> SubmissionDetail:
    """Everything the submission page shows, in a fixed number of queries."""
    from zhifa.legal_review.models import Dispute
    from zhifa.legal_review.services.submission import required_kinds

    materials = list(
        submission.materials.select_related("document", "record", "added_by").order_by("kind")
    )
    required = required_kinds(submission)
    provided = {m.kind for m in materials if m.is_provided}
    missing = [k for k in required if k not in provided]
    return SubmissionDetail(
        submission=submission,
        materials=materials,
        missing=missing,
        missing_labels=[MaterialKind(k).label for k in missing],
        required=required,
        checks=list(submission.checks.select_related("checked_by")),
        pauses=list(submission.pauses.select_related("started_by", "ended_by")),
        extensions=list(submission.extensions.select_related("requested_by", "decided_by")),
        checklist=list(submission.checklist.all()),
        participants=list(submission.participants.select_related("organisation")),
        dispute=Dispute.objects.filter(submission=submission)
        .select_related("raised_by", "consulted_by", "head", "discussion")
        .first(),
        report=submission.review.report,
    )

"""Shared helpers of the legal review services: who is the review body, locking, events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zhifa.accounts.constants import Role
from zhifa.cases.services.common import (
    active_officers,
    case_event_add,
    holds_role_over,
    is_handler,
)
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.inbox.services import inbox_send
from zhifa.legal_review.constants import SubmissionStatus
from zhifa.legal_review.models import Submission

if TYPE_CHECKING:
    from zhifa.accounts.models import User


def name(user: User | None) -> str:
    return (user.full_name or user.username) if user is not None else ""


def submission_lock(submission: Submission) -> Submission:
    """The submission again, locked for this transaction (with its case and review)."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("case", "review", "organisation", "obligation")
        .get(pk=submission.pk)
    )


def is_review_body(user: User, submission: Submission) -> bool:
    """A legal reviewer of the reviewing unit or of a unit above it (R-1.4-01)."""
    return holds_role_over(user, submission.organisation, Role.LEGAL_REVIEWER)


def require_review_body(user: User, submission: Submission) -> None:
    if not is_review_body(user, submission):
        raise PermissionDenied(
            "只有本单位（或上级单位）法制审核机构的审核人员可以办理。", code="not_reviewer"
        )


def require_not_own_work(user: User, submission: Submission) -> None:
    """R-1.4-06: nobody reviews a case they handle or that they submitted."""
    if is_handler(submission.case, user) or submission.submitted_by_id == user.pk:
        raise PermissionDenied(
            "您是本案的承办人员或送审人，不能审核自己办理的案件，请由其他法制审核人员审核。",
            code="own_work",
        )


def require_case_handler(user: User, submission: Submission) -> None:
    if not is_handler(submission.case, user):
        raise PermissionDenied("只有本案的承办人员可以办理。", code="not_handler")


def require_status(submission: Submission, *allowed: str, doing: str) -> None:
    if submission.status not in allowed:
        raise DomainError(
            f"该送审当前状态为“{submission.get_status_display()}”，不能{doing}。",
            code="wrong_status",
        )


def set_status(submission: Submission, status: str, *fields: str) -> None:
    submission.status = status
    submission.save(update_fields=["status", "updated_at", *fields])


def event(
    submission: Submission,
    actor: User | None,
    action: str,
    summary: str,
    payload: dict[str, Any] | None = None,
) -> None:
    """One step on the case timeline and in the ledger (``cases.case.<action>``)."""
    case_event_add(
        case=submission.case,
        actor=actor,
        action=action,
        summary=summary,
        payload={
            "submission_id": submission.pk,
            "review_id": submission.review_id,
            **(payload or {}),
        },
    )


def notify_handlers(submission: Submission, title: str, body: str = "") -> None:
    """An inbox message to the case's active handlers and the submitter."""
    ids = {o.user_id for o in active_officers(submission.case)}
    ids.add(submission.submitted_by_id)
    inbox_send(recipients=ids, title=title, body=body, url=submission_url(submission))


def submission_url(submission: Submission) -> str:
    from django.urls import reverse

    return reverse("legal_review:submission", args=[submission.pk])


OPEN_FOR_MATERIALS = (SubmissionStatus.SUBMITTED, SubmissionStatus.INCOMPLETE)

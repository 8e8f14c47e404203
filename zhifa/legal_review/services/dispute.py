"""Disagreement with the opinion (R-1.4-16).

After a ``correct`` or ``do_not_decide`` opinion the handling unit either adopts it (revises the
report and submits again — the case flow) or records its disagreement; it then consults the
review body (the result is recorded); if they still disagree, a unit head (not a handler)
decides with reasons, after a collective discussion where the law requires one (R-1.14-06 for a
major penalty). A head's decision to proceed passes the gate (``review_passed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.cases.constants import ReviewOpinion
from zhifa.cases.services.common import is_handler, require_head, require_text
from zhifa.cases.services.discussion import require_discussion
from zhifa.catalog.constants import ItemType
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.legal_review.constants import ConsultResult, HeadDecision, SubmissionStatus
from zhifa.legal_review.models import Dispute, Submission
from zhifa.legal_review.services.common import (
    event,
    is_review_body,
    name,
    require_case_handler,
    require_status,
    set_status,
    submission_lock,
)

if TYPE_CHECKING:
    from zhifa.accounts.models import User

S = SubmissionStatus
DISPUTABLE = (ReviewOpinion.CORRECT, ReviewOpinion.DO_NOT_DECIDE)


def _require_current(submission: Submission) -> None:
    from zhifa.cases.services.review import latest_review

    current = latest_review(submission.case)
    if current is None or current.pk != submission.review_id:
        raise DomainError(
            "该审核意见针对的不是最新一稿调查终结报告，不能再提出异议。", code="not_current"
        )


@transaction.atomic
def dispute_raise(*, submission: Submission, actor: User, reasons: str) -> Dispute:
    """The handling unit records its disagreement with a correct / do-not-decide opinion."""
    submission = submission_lock(submission)
    require_case_handler(actor, submission)
    require_status(submission, S.OPINION_ISSUED, doing="提出异议")
    if submission.review.opinion not in DISPUTABLE:
        raise DomainError(
            "只有“纠正”或“不予作出决定”的审核意见可以提出异议（R-1.4-16）。",
            code="not_disputable",
        )
    if Dispute.objects.filter(submission=submission).exists():
        raise DomainError("已就该审核意见提出过异议。", code="already_disputed")
    _require_current(submission)
    reasons = require_text(reasons, field="reasons", what="异议理由")
    dispute = Dispute.objects.create(
        submission=submission, reasons=reasons, raised_by=actor, raised_at=clock.now()
    )
    set_status(submission, S.DISPUTED)
    event(
        submission,
        actor,
        "review_dispute",
        f"承办机构对法制审核意见有异议，与法制审核机构沟通（R-1.4-16）：{reasons}",
        {"dispute_id": dispute.pk},
    )
    return dispute


@transaction.atomic
def dispute_consult(*, submission: Submission, actor: User, result: str, note: str) -> Dispute:
    """The consultation with the review body is recorded (by the review body or a handler):
    agreed → the handling unit adopts the opinion; still disputed → the head decides."""
    submission = submission_lock(submission)
    if not (is_review_body(actor, submission) or is_handler(submission.case, actor)):
        raise PermissionDenied(
            "只有承办人员或法制审核人员可以记录沟通情况。", code="not_party_to_consultation"
        )
    require_status(submission, S.DISPUTED, doing="记录沟通结果")
    dispute = Dispute.objects.select_for_update().get(submission=submission)
    if dispute.consult_result:
        raise DomainError("沟通结果已经记录。", code="already_consulted")
    if result not in ConsultResult.values:
        raise DomainError("请选择沟通结果。", code="required", field="result")
    note = require_text(note, field="note", what="沟通情况")
    dispute.consult_result = result
    dispute.consult_note = note
    dispute.consulted_by = actor
    dispute.consulted_at = clock.now()
    dispute.save(update_fields=["consult_result", "consult_note", "consulted_by", "consulted_at"])
    if result == ConsultResult.AGREED:
        set_status(submission, S.OPINION_ISSUED)
    event(
        submission,
        actor,
        "review_consult",
        f"就法制审核意见沟通：{ConsultResult(result).label}。{note}",
        {"dispute_id": dispute.pk, "result": result},
    )
    return dispute


def discussion_required(submission: Submission) -> bool:
    """Where the law requires a collective discussion before deciding: a major penalty
    (R-1.14-06, the case's discussion step)."""
    case = submission.case
    return bool(case.is_major) and case.kind != ItemType.PERMIT


@transaction.atomic
def dispute_head_decide(
    *, submission: Submission, actor: User, decision: str, reasons: str
) -> Dispute:
    """R-1.4-16: still disputed → a unit head (not a handler, no conflict) decides, with reasons;
    a collective discussion is recorded first where the law requires one."""
    submission = submission_lock(submission)
    require_status(submission, S.DISPUTED, doing="由负责人决定")
    dispute = Dispute.objects.select_for_update().get(submission=submission)
    require_head(submission.case, actor, requested_by=dispute.raised_by)
    if dispute.consult_result != ConsultResult.STILL_DISPUTED:
        raise DomainError(
            "请先记录与法制审核机构的沟通结果；沟通后仍不能达成一致的，才由负责人决定（R-1.4-16）。",
            code="not_consulted",
        )
    if decision not in HeadDecision.values:
        raise DomainError("请选择负责人的决定。", code="required", field="decision")
    reasons = require_text(reasons, field="reasons", what="决定理由")
    discussion = None
    if discussion_required(submission):
        discussion = require_discussion(submission.case, field="decision")
    else:
        from zhifa.cases.services.discussion import discussion_after_report

        discussion = discussion_after_report(submission.case)
    dispute.head_decision = decision
    dispute.head_reasons = reasons
    dispute.head = actor
    dispute.head_decided_at = clock.now()
    dispute.discussion = discussion
    dispute.save(
        update_fields=["head_decision", "head_reasons", "head", "head_decided_at", "discussion"]
    )
    set_status(submission, S.HEAD_DECIDED)
    event(
        submission,
        actor,
        "review_head_decide",
        f"{name(actor)}（负责人）决定：{HeadDecision(decision).label}。理由：{reasons}（R-1.4-16）",
        {"dispute_id": dispute.pk, "decision": decision},
    )
    return dispute

"""The opinion (R-1.4-10, R-1.4-11, R-1.4-12): the reviewer's checklist and one of four opinions.

The reviewer answers each point of the R-1.4-10 checklist (符合 / 存在问题, with the reason) and
chooses the opinion (AMB-1.4-a: the software records the findings and does not derive the type);
the case's LegalReview gets the opinion (the gate, R-1.4-02), the R-1.4-13 period is fulfilled,
and the 《重大行政执法决定法制审核意见书》 is made in two copies (R-1.4-12).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction

from zhifa.cases.constants import Capacity, ReviewOpinion
from zhifa.cases.services.common import declare_if_given, require_no_conflict, require_text
from zhifa.core.errors import DomainError
from zhifa.legal_review.constants import (
    REQUIRED_POINTS,
    ChecklistPoint,
    Finding,
    SubmissionStatus,
)
from zhifa.legal_review.models import ChecklistItem, Submission
from zhifa.legal_review.services.common import (
    name,
    notify_handlers,
    require_not_own_work,
    require_review_body,
    require_status,
    set_status,
    submission_lock,
)
from zhifa.legal_review.services.submission import release_conflicted

if TYPE_CHECKING:
    from zhifa.accounts.models import User

S = SubmissionStatus

# {point: {"finding": "ok"|"problem", "reason": "..."}}
Checklist = Mapping[str, Mapping[str, Any]]


def clean_checklist(checklist: Checklist | None) -> list[tuple[str, str, str]]:
    """R-1.4-10: every point (but "other") answered with a finding and a reason."""
    checklist = checklist or {}
    rows: list[tuple[str, str, str]] = []
    for point in ChecklistPoint:
        entry = checklist.get(point.value) or {}
        finding = str(entry.get("finding") or "")
        reason = str(entry.get("reason") or "").strip()
        if point not in REQUIRED_POINTS and not finding and not reason:
            continue
        if finding not in Finding.values:
            raise DomainError(
                f"请选择审核要点“{point.label}”的审核结论（符合或存在问题，R-1.4-10）。",
                code="checklist_incomplete",
                field=f"{point.value}_finding",
            )
        if not reason:
            raise DomainError(
                f"请填写审核要点“{point.label}”的理由（R-1.4-10）。",
                code="checklist_incomplete",
                field=f"{point.value}_reason",
            )
        rows.append((point.value, finding, reason))
    return rows


@transaction.atomic
def opinion_issue(
    *,
    submission: Submission,
    actor: User,
    opinion: str,
    opinion_text: str,
    checklist: Checklist | None = None,
    has_conflict: bool = False,
    ground: str = "",
    note: str = "",
) -> Submission:
    """The reviewer issues the written opinion (R-1.4-11) with the checklist (R-1.4-10).

    Only while the clock runs (complete materials, not paused); by a legal reviewer of the
    review body who neither handles nor submitted the case, declaring first (R-1.4-06): a
    declared conflict is recorded and the reviewer leaves the submission. Sets the LegalReview
    (the gate), fulfils R-1.4-13, renders the two copies (R-1.4-12); ``transfer`` marks the
    suspected crime for the transfer to the police (R-2.2-10)."""
    from zhifa.cases.services.review import review_record_opinion

    submission = submission_lock(submission)
    require_review_body(actor, submission)
    require_not_own_work(actor, submission)
    if submission.status == S.PAUSED:
        raise DomainError(
            "审核期限暂停计时中，请先恢复计时再出具审核意见。", code="paused", field="opinion"
        )
    require_status(submission, S.UNDER_REVIEW, doing="出具审核意见（送审材料须先确认齐全）")
    case = submission.case
    require_no_conflict(case, actor, Capacity.REVIEWER)
    if submission.reviewer_id and submission.reviewer_id != actor.pk:
        raise DomainError(
            f"该送审由{name(submission.reviewer)}承办，应由承办审核人员出具意见。",
            code="not_assigned",
        )
    declaration = declare_if_given(
        case=case,
        person=actor,
        capacity=Capacity.REVIEWER,
        has_conflict=has_conflict,
        ground=ground,
        note=note,
    )
    if declaration is not None and declaration.has_conflict:
        release_conflicted(submission, actor, ground)
        return submission
    rows = clean_checklist(checklist)
    if opinion not in ReviewOpinion.values:
        raise DomainError("请选择审核意见。", code="required", field="opinion")
    opinion_text = require_text(opinion_text, field="opinion_text", what="书面审核意见")
    ChecklistItem.objects.filter(submission=submission).delete()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(submission=submission, point=p, finding=f, reason=r) for p, f, r in rows
    )
    submission.reviewer = actor
    set_status(submission, S.OPINION_ISSUED, "reviewer")
    review_record_opinion(
        case=case,
        review=submission.review,
        actor=actor,
        opinion=opinion,
        opinion_text=opinion_text,
        obligation=submission.obligation,
    )
    _render_copies(submission, actor)
    if opinion == ReviewOpinion.TRANSFER:
        notify_handlers(
            submission,
            f"法制审核意见：移送（{case.display_number}）",
            "法制审核认为违法行为涉嫌犯罪，请提请负责人批准移送公安机关（R-1.4-11、R-2.2-10）。",
        )
    elif opinion != ReviewOpinion.APPROVE:
        notify_handlers(
            submission,
            f"法制审核意见：{ReviewOpinion(opinion).label}（{case.display_number}）",
            "请采纳审核意见（修订调查终结报告后重新送审），或者提出异议与法制审核机构沟通（R-1.4-16）。",
        )
    return submission


def _render_copies(submission: Submission, actor: User) -> None:
    """R-1.4-12: one copy to the case file, one kept by the review body (helper module)."""
    try:
        from zhifa.legal_review.documents import opinion_document_render
    except ImportError:  # pragma: no cover - the document module is optional
        return
    docs = list(opinion_document_render(submission, actor) or [])
    fields: list[str] = []
    if docs:
        submission.opinion_case_copy = docs[0]
        fields.append("opinion_case_copy")
    if len(docs) > 1:
        submission.opinion_body_copy = docs[1]
        fields.append("opinion_body_copy")
    if fields:
        submission.save(update_fields=[*fields, "updated_at"])

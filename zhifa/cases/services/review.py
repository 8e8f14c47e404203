"""Legal review of a major decision (法制审核, system 1.4): the gate and the minimum.

``review_submit`` sends the latest report of a major case to the unit's legal review body and
creates its submission in the legal review app (zhifa/legal_review), whose review body checks the
materials and only then opens the 10-working-day period (R-1.4-09, R-1.4-13); ``review_opinion``
records one written opinion (R-1.4-11) with the R-1.4-10 checklist by a legal reviewer who is
neither a handler nor the submitter and who declares no conflict (R-1.4-06, R-1.5-03).
``review_passed`` is the gate of R-1.4-02: approve, or the head's decision to proceed after a
dispute (R-1.4-16).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.cases.constants import CaseStatus, ReviewOpinion
from zhifa.cases.models import Case, CaseReport, LegalReview
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_set_status,
    holds_role_over,
    require_handler,
)
from zhifa.cases.services.report import (
    latest_report,
    major_assessment,
    require_latest_report,
)
from zhifa.cases.workflow import require_transition
from zhifa.catalog.constants import ItemType
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.deadlines.constants import OPEN_STATES
from zhifa.deadlines.services import obligation_fulfil

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.deadlines.models import Obligation

REVIEW_PERIOD_RULE = "R-1.4-13"


def latest_review(case: Case) -> LegalReview | None:
    """The newest review of the latest report revision (None when it was never sent); for a
    permit, the newest review of the case."""
    if case.kind == ItemType.PERMIT:
        return LegalReview.objects.filter(case=case).order_by("-submitted_at", "-id").first()
    report = latest_report(case)
    if report is None:
        return None
    return (
        LegalReview.objects.filter(case=case, report=report)
        .order_by("-submitted_at", "-id")
        .first()
    )


def _head_decided_to_proceed(review: LegalReview) -> bool:
    from zhifa.legal_review.constants import HeadDecision
    from zhifa.legal_review.models import Dispute

    return Dispute.objects.filter(
        submission__review=review, head_decision=HeadDecision.PROCEED
    ).exists()


def review_passed(case: Case) -> bool:
    """R-1.4-02: the latest review of the latest report revision says approve (同意), or — after
    a dispute — the unit head decided to proceed (R-1.4-16)."""
    review = latest_review(case)
    if review is None or not review.opinion:
        return False
    return review.opinion == ReviewOpinion.APPROVE or _head_decided_to_proceed(review)


def require_review_passed(case: Case, *, field: str | None = None) -> None:
    """R-1.4-02: a major decision is not made unless reviewed and the review passed."""
    if review_passed(case):
        return
    review = latest_review(case)
    if review is None:
        detail = "尚未提请法制审核"
    elif not review.opinion:
        detail = _pending_detail(review)
    else:
        detail = f"法制审核意见为“{review.get_opinion_display()}”"
        detail += _dispute_detail(review)
    raise DomainError(
        f"本案属于重大执法决定，{detail}：未经法制审核或者审核未通过的，不得作出决定（R-1.4-02）。",
        code="review_not_passed",
        field=field,
    )


def _pending_detail(review: LegalReview) -> str:
    from zhifa.legal_review.constants import SubmissionStatus as SS
    from zhifa.legal_review.models import Submission

    status = Submission.objects.filter(review=review).values_list("status", flat=True).first()
    if status == SS.SUBMITTED:
        return "法制审核送审材料尚待法制审核机构核对"
    if status == SS.INCOMPLETE:
        return "法制审核送审材料不全已被退回，尚未补充重新送审"
    if status == SS.PAUSED:
        return "法制审核暂停计时中，尚未出具意见"
    return "法制审核尚未出具意见"


def _dispute_detail(review: LegalReview) -> str:
    from zhifa.legal_review.constants import ConsultResult, HeadDecision
    from zhifa.legal_review.models import Dispute

    dispute = Dispute.objects.filter(submission__review=review).first()
    if dispute is None:
        if review.opinion == ReviewOpinion.TRANSFER:
            return "，应当移送司法机关"
        return "；请采纳意见修订调查终结报告后重新送审，或者提出异议与法制审核机构沟通（R-1.4-16）"
    if not dispute.consult_result:
        return "，承办机构有异议，尚待与法制审核机构沟通"
    if dispute.consult_result == ConsultResult.AGREED:
        return "，经沟通承办机构采纳审核意见，请修订调查终结报告后重新送审"
    if not dispute.head_decision:
        return "，经沟通仍有分歧，尚待负责人决定（R-1.4-16）"
    if dispute.head_decision == HeadDecision.ADOPT_OPINION:
        return "，负责人决定采纳审核意见，请修订调查终结报告后重新送审"
    return ""


def is_reviewer_for(user: User, case: Case) -> bool:
    """A legal reviewer of the case's unit or of a unit above it."""
    return holds_role_over(user, case.organisation, Role.LEGAL_REVIEWER)


@transaction.atomic
def review_submit(*, case: Case, actor: User, major_grounds: Iterable[str] = ()) -> LegalReview:
    """A handler sends the latest report of a major case for legal review (R-1.4-02, R-1.4-07);
    creates the submission (R-1.4-09); its complete materials open R-1.4-13. REPORTED → UNDER_REVIEW.

    A permit under examination (EXAMINING → UNDER_REVIEW) has no report: the handler gives the
    R-1.4-07 grounds here (or the item is on the unit's list of major decisions)."""
    case = case_lock(case)
    require_transition(case, "review_submit")
    require_handler(case, actor)
    if case.kind == ItemType.PERMIT:
        return _permit_review_submit(case=case, actor=actor, major_grounds=major_grounds)
    report = require_latest_report(case)
    if not report.is_major:
        raise DomainError(
            "本案不属于重大执法决定，无需法制审核；如属重大情形，请在调查终结报告中勾选。",
            code="not_major",
        )
    done = latest_review(case)
    if done is not None and done.opinion:
        raise DomainError(
            f"第{report.revision}稿调查终结报告已经法制审核（意见：{done.get_opinion_display()}）；"
            "需要再次审核的，请先修订调查终结报告。",
            code="already_reviewed",
        )
    return _open_review(case, actor, report, f"提请法制审核（调查终结报告第{report.revision}稿）")


def _open_review(case: Case, actor: User, report: CaseReport | None, summary: str) -> LegalReview:
    now = clock.now()
    review = LegalReview.objects.create(
        case=case, report=report, submitted_by=actor, submitted_at=now
    )
    case_set_status(case, CaseStatus.UNDER_REVIEW, fields=("is_major", "major_grounds"))
    case_event_add(
        case=case,
        actor=actor,
        action="review_submit",
        summary=summary,
        payload={"review_id": review.pk, "report_revision": report.revision if report else None},
    )
    from zhifa.legal_review.services.submission import submission_create

    submission_create(review=review, actor=actor)
    return review


def _permit_review_submit(*, case: Case, actor: User, major_grounds: Iterable[str]) -> LegalReview:
    """R-1.4-07 for a permit: major when a ground is given or the item is on the unit's list."""
    assessment = major_assessment(case, grounds=major_grounds, hearing_right=False)
    if not assessment.is_major:
        raise DomainError(
            "请选择重大执法决定的情形（R-1.4-07）；不属于重大执法决定的许可无需法制审核。",
            code="not_major",
            field="major_grounds",
        )
    done = latest_review(case)
    if done is not None and done.opinion == ReviewOpinion.APPROVE:
        raise DomainError("本案已经法制审核同意，无需再次送审。", code="already_reviewed")
    case.is_major = True
    case.major_grounds = assessment.grounds
    return _open_review(case, actor, None, "提请法制审核（拟作出的许可决定）")


@transaction.atomic
def review_opinion(
    *,
    case: Case,
    actor: User,
    opinion: str,
    opinion_text: str,
    checklist: Mapping[str, Mapping[str, Any]] | None = None,
    has_conflict: bool = False,
    ground: str = "",
    note: str = "",
) -> LegalReview:
    """A legal reviewer gives the written opinion (R-1.4-11) with the R-1.4-10 checklist on the
    pending submission of the case (see ``zhifa.legal_review.services.opinion.opinion_issue``:
    complete materials first, recusal R-1.4-06, the R-1.4-13 period fulfilled)."""
    from zhifa.legal_review.models import Submission
    from zhifa.legal_review.services.opinion import opinion_issue

    case = case_lock(case)
    require_transition(case, "review_opinion")
    if not is_reviewer_for(actor, case):
        raise PermissionDenied(
            "只有本单位（或上级单位）的法制审核人员可以出具审核意见。", code="not_reviewer"
        )
    submission = (
        Submission.objects.filter(case=case, review__opinion="")
        .order_by("-submitted_at", "-id")
        .first()
    )
    if submission is None:
        raise DomainError("没有待审核的送审。", code="no_pending_review")
    opinion_issue(
        submission=submission,
        actor=actor,
        opinion=opinion,
        opinion_text=opinion_text,
        checklist=checklist,
        has_conflict=has_conflict,
        ground=ground,
        note=note,
    )
    return LegalReview.objects.get(pk=submission.review_id)


def review_record_opinion(
    *,
    case: Case,
    review: LegalReview,
    actor: User,
    opinion: str,
    opinion_text: str,
    obligation: Obligation | None,
) -> LegalReview:
    """Record the opinion on the case (called by the legal review app in its transaction):
    the LegalReview (the gate), the case back to REPORTED (EXAMINING for a permit), the case
    event, the R-1.4-13 period fulfilled; ``transfer`` (移送) marks the case as a suspected crime
    (R-2.2-10) so no penalty replaces the transfer and the handlers request it."""
    case = case_lock(case)
    require_transition(case, "review_opinion")
    now = clock.now()
    review.reviewer = actor
    review.opinion = opinion
    review.opinion_text = opinion_text
    review.decided_at = now
    review.save(update_fields=["reviewer", "opinion", "opinion_text", "decided_at"])
    fields: tuple[str, ...] = ()
    if opinion == ReviewOpinion.TRANSFER:
        case.crime_suspected = True
        fields = ("crime_suspected",)
    back = CaseStatus.EXAMINING if case.kind == ItemType.PERMIT else CaseStatus.REPORTED
    case_set_status(case, back, fields=fields)
    case_event_add(
        case=case,
        actor=actor,
        action="review_opinion",
        summary=f"法制审核意见：{ReviewOpinion(opinion).label}。{opinion_text}",
        payload={"review_id": review.pk, "opinion": opinion},
    )
    if obligation is not None:
        obligation.refresh_from_db()
        if obligation.state in OPEN_STATES:
            obligation_fulfil(obligation=obligation, actor=actor)
    return review

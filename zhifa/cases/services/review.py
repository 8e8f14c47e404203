"""Legal review of a major decision (法制审核, system 1.4): the gate and the minimum.

``review_submit`` sends the latest report of a major case to the unit's legal review body and
opens the 10-working-day review period (R-1.4-13); ``review_opinion`` records one written opinion
(R-1.4-11) by a legal reviewer who is neither a handler nor the submitter and who declares no
conflict (R-1.4-06, R-1.5-03). ``review_passed`` is the gate of R-1.4-02. The full review module
(materials, pauses, extension, disagreement) is a later issue.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.cases.constants import Capacity, CaseStatus, ReviewOpinion
from zhifa.cases.models import Case, CaseReport, LegalReview
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_set_status,
    declare_if_given,
    holds_role_over,
    is_handler,
    require_handler,
    require_no_conflict,
    require_text,
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
from zhifa.deadlines.services import obligation_fulfil_for, obligation_open

if TYPE_CHECKING:
    from zhifa.accounts.models import User

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


def review_passed(case: Case) -> bool:
    """R-1.4-02: the latest review of the latest report revision says approve (同意)."""
    review = latest_review(case)
    return review is not None and review.opinion == ReviewOpinion.APPROVE


def require_review_passed(case: Case, *, field: str | None = None) -> None:
    """R-1.4-02: a major decision is not made unless reviewed and the review passed."""
    if review_passed(case):
        return
    review = latest_review(case)
    if review is None:
        detail = "尚未提请法制审核"
    elif not review.opinion:
        detail = "法制审核尚未出具意见"
    else:
        detail = f"法制审核意见为“{review.get_opinion_display()}”"
    raise DomainError(
        f"本案属于重大执法决定，{detail}：未经法制审核或者审核未通过的，不得作出决定（R-1.4-02）。",
        code="review_not_passed",
        field=field,
    )


def is_reviewer_for(user: User, case: Case) -> bool:
    """A legal reviewer of the case's unit or of a unit above it."""
    return holds_role_over(user, case.organisation, Role.LEGAL_REVIEWER)


@transaction.atomic
def review_submit(*, case: Case, actor: User, major_grounds: Iterable[str] = ()) -> LegalReview:
    """A handler sends the latest report of a major case for legal review (R-1.4-02, R-1.4-07);
    opens the review period R-1.4-13 (10 working days) on the case. REPORTED → UNDER_REVIEW.

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
    obligation_open(
        rule_id=REVIEW_PERIOD_RULE,
        subject=case,
        organisation=case.organisation,
        start_at=now,
        label=f"法制审核：{case.display_number}",
        actor=None,
    )
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
    has_conflict: bool = False,
    ground: str = "",
    note: str = "",
) -> LegalReview:
    """A legal reviewer gives the written opinion (R-1.4-11) → REPORTED; fulfils R-1.4-13.

    The reviewer is a LEGAL_REVIEWER of the unit or above, not a handler of the case and not the
    submitter (nobody reviews their own work), and declares in the same form whether R-1.5-03
    applies (R-1.4-06): a declared conflict is recorded, the review is left to another reviewer
    (returned without an opinion) and this reviewer may no longer review the case. ``transfer``
    (移送) marks the case as a suspected crime (R-2.2-10)."""
    case = case_lock(case)
    require_transition(case, "review_opinion")
    if not is_reviewer_for(actor, case):
        raise PermissionDenied(
            "只有本单位（或上级单位）的法制审核人员可以出具审核意见。", code="not_reviewer"
        )
    review = (
        LegalReview.objects.select_for_update()
        .filter(case=case, opinion="")
        .order_by("-submitted_at", "-id")
        .first()
    )
    if review is None:
        raise DomainError("没有待审核的送审。", code="no_pending_review")
    if is_handler(case, actor) or review.submitted_by_id == actor.pk:
        raise PermissionDenied(
            "您是本案的承办人员或送审人，不能审核自己办理的案件，请由其他法制审核人员审核。",
            code="own_work",
        )
    require_no_conflict(case, actor, Capacity.REVIEWER)
    declaration = declare_if_given(
        case=case,
        person=actor,
        capacity=Capacity.REVIEWER,
        has_conflict=has_conflict,
        ground=ground,
        note=note,
    )
    if declaration is not None and declaration.has_conflict:
        case_event_add(
            case=case,
            actor=actor,
            action="recusal_declare",
            summary=f"{actor.full_name or actor.username} 声明回避（{declaration.get_ground_display()}），"
            "不参与法制审核（R-1.4-06）",
            payload={
                "capacity": Capacity.REVIEWER,
                "ground": ground,
                "for_action": "review_opinion",
            },
        )
        return review
    if opinion not in ReviewOpinion.values:
        raise DomainError("请选择审核意见。", field="opinion")
    opinion_text = require_text(opinion_text, field="opinion_text", what="书面审核意见")
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
    obligation_fulfil_for(subject=case, rule_id=REVIEW_PERIOD_RULE, actor=actor)
    return review

"""Closure (结案) and archive hand-off (归档).

A handler asks to close a case whose decision needs no (more) execution, or that was
transferred; the unit head approves (结案审批表) — this is the head's review of the finished file
(R-1.9-03) — or sends it back. The archivist (R-1.14-12: the designated person) or the head then
hands the file to the archive: ARCHIVED, after which nothing may be added or removed
(R-1.14-11: every workflow action refuses an archived case).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.cases.constants import ApprovalKind, ApprovalStatus, CaseStatus, DecisionOutcome
from zhifa.cases.models import Approval, Case, CrimeTransfer, Decision
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_set_status,
    holds_role_over,
    is_head_of,
    require_handler,
    require_head,
    require_text,
)
from zhifa.cases.services.docs import case_document_render, date_zh, money_zh
from zhifa.cases.services.execution import (
    decision_needs_performance,
    execution_complete,
    execution_summary,
)
from zhifa.cases.services.filing import approval_decide, head_declares_conflict, pending_approval
from zhifa.cases.workflow import require_transition
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.records.services.guards import require_av_complete

if TYPE_CHECKING:
    from zhifa.accounts.models import User


def _decision(case: Case) -> Decision | None:
    return Decision.objects.filter(case=case, decided_at__isnull=False).first()


def _transferred(case: Case) -> bool:
    return CrimeTransfer.objects.filter(case=case, transferred_at__isnull=False).exists()


def closure_ready(case: Case) -> None:
    """Raise unless the case may be closed now: a transferred case; a decided case with nothing
    to execute; a served case whose execution is complete or that has nothing to perform."""
    if case.status == CaseStatus.TRANSFERRED:
        return
    decision = _decision(case)
    if decision is None:
        raise DomainError("本案尚未作出决定，不能结案。", code="no_decision")
    if case.status == CaseStatus.DECIDED:
        if decision.outcome == DecisionOutcome.PENALTY:
            raise DomainError(
                "行政处罚决定书尚未送达，不能结案：请先送达决定书并执行完毕。",
                code="not_served",
            )
        return
    if (
        case.status == CaseStatus.EXECUTING
        and decision_needs_performance(decision)
        and not execution_complete(case)
    ):
        raise DomainError(
            "处罚决定尚未执行完毕（罚没款未缴清或其他义务未履行），不能结案："
            "请先登记执行情况；当事人逾期不履行的，依法强制执行或申请人民法院强制执行。",
            code="execution_incomplete",
        )


@transaction.atomic
def closure_request(*, case: Case, actor: User, summary: str) -> Approval:
    """A handler asks the head to close the case (→ CLOSURE_PENDING). From DECIDED only when the
    decision has nothing to execute (no penalty, terminated, permit, other act); from EXECUTING
    only when execution is complete or there is nothing to perform; or from TRANSFERRED.
    R-1.3-07: not while a mandatory AV record is missing (stored file or approved explanation)."""
    case = case_lock(case)
    require_transition(case, "closure_request")
    require_handler(case, actor)
    summary = require_text(summary, field="summary", what="结案意见（案件办理和执行情况）")
    closure_ready(case)
    require_av_complete(case)  # R-1.3-07
    approval = Approval.objects.create(
        case=case,
        organisation=case.organisation,
        kind=ApprovalKind.CLOSURE,
        requested_by=actor,
        requested_at=clock.now(),
        request_note=summary,
    )
    case_set_status(case, CaseStatus.CLOSURE_PENDING)
    case_event_add(
        case=case,
        actor=actor,
        action="closure_request",
        summary=f"提请结案：{summary}",
        payload={"approval_id": approval.pk},
    )
    return approval


def _closure_context(case: Case, approval: Approval, opinion: str) -> dict[str, object]:
    decision = _decision(case)
    if decision is not None:
        parts = [decision.content]
        if decision.fine:
            parts.append(f"罚款人民币{money_zh(decision.fine)}元")
        if decision.confiscation:
            parts.append(f"没收违法所得人民币{money_zh(decision.confiscation)}元")
        decision_summary = "；".join(p for p in parts if p)
    elif case.status == CaseStatus.CLOSURE_PENDING and _transferred(case):
        decision_summary = "涉嫌犯罪，已移送司法机关。"
    else:
        decision_summary = ""
    execution = execution_summary(case)
    if not execution:
        execution = "涉嫌犯罪，已移送司法机关。" if _transferred(case) else "本决定无需当事人履行。"
    return {
        "decision_number": case.number or "",
        "decided_on": date_zh(decision.decided_at) if decision else "",
        "decision_summary": decision_summary,
        "execution": execution,
        "handler_opinion": approval.request_note,
        "handler_opinion_on": date_zh(approval.requested_at),
        "chief_opinion": "",
        "chief_opinion_on": "",
        "head_opinion": opinion,
        "head_opinion_on": date_zh(clock.now()),
        "remarks": "",
    }


@transaction.atomic
def closure_approve(
    *,
    case: Case,
    actor: User,
    opinion: str,
    has_conflict: bool = False,
    ground: str = "",
    note: str = "",
) -> Case:
    """The head approves the closure (→ CLOSED, 结案审批表). The head thereby reviews the finished
    file before it goes to the archive (R-1.9-03). Not the head's own request, not after a
    declared conflict (R-1.5-03)."""
    case = case_lock(case)
    require_transition(case, "closure_approve")
    approval = pending_approval(case, ApprovalKind.CLOSURE)
    require_head(case, actor, requested_by=approval.requested_by)
    if head_declares_conflict(
        case=case,
        actor=actor,
        has_conflict=has_conflict,
        ground=ground,
        note=note,
        action="closure_approve",
    ):
        return case
    opinion = (opinion or "").strip() or "同意结案。"
    document = case_document_render(
        case=case,
        actor=actor,
        template_code="closure_approval",
        context=_closure_context(case, approval, opinion),
        title="结案审批表",
    )
    approval_decide(approval=approval, actor=actor, approved=True, opinion=opinion)
    case.closed_at = clock.now()
    case_set_status(case, CaseStatus.CLOSED, fields=("closed_at",))
    case_event_add(
        case=case,
        actor=actor,
        action="closure_approve",
        summary=f"批准结案：{opinion}",
        payload={"approval_id": approval.pk, "opinion": opinion},
        document=document,
    )
    return case


@transaction.atomic
def closure_reject(*, case: Case, actor: User, opinion: str) -> Case:
    """The head sends the closure back, with the reason: to TRANSFERRED if the case was
    transferred, to EXECUTING if the decision was served, else to DECIDED."""
    case = case_lock(case)
    require_transition(case, "closure_reject")
    approval = pending_approval(case, ApprovalKind.CLOSURE)
    require_head(case, actor, requested_by=approval.requested_by)
    opinion = require_text(opinion, field="opinion", what="退回的理由")
    if _transferred(case):
        back = CaseStatus.TRANSFERRED
    elif case.services.exists():
        back = CaseStatus.EXECUTING
    else:
        back = CaseStatus.DECIDED
    approval_decide(approval=approval, actor=actor, approved=False, opinion=opinion)
    case_set_status(case, back)
    case_event_add(
        case=case,
        actor=actor,
        action="closure_reject",
        summary=f"退回结案申请：{opinion}",
        payload={"approval_id": approval.pk},
    )
    return case


def is_archivist_of(user: User, case: Case) -> bool:
    """R-1.14-12: the designated archivist of the case's unit (or of a unit above it)."""
    return holds_role_over(user, case.organisation, Role.ARCHIVIST)


@transaction.atomic
def case_archive(*, case: Case, actor: User) -> Case:
    """Hand the closed file to the archive (→ ARCHIVED, ``archived_at``).

    R-1.14-12: the designated person — an archivist of the unit (or above) — or the unit head
    does it. R-1.9-03: only a file the head reviewed at closure (an approved closure) goes to
    the archive room, filed under its year. R-1.14-11: from now on every action refuses it.
    """
    case = case_lock(case)
    require_transition(case, "archive")
    if not (is_archivist_of(actor, case) or is_head_of(actor, case.organisation)):
        raise PermissionDenied(
            "只有本单位指定的档案管理人员或负责人可以办理归档（R-1.14-12）。",
            code="not_archivist",
        )
    reviewed = Approval.objects.filter(
        case=case, kind=ApprovalKind.CLOSURE, status=ApprovalStatus.APPROVED
    ).exists()
    if not reviewed:
        raise DomainError(
            "案卷须经负责人审核（结案审批）后才能移交档案室（R-1.9-03）。",
            code="not_reviewed",
        )
    case.archived_at = clock.now()
    year = clock.local(case.closed_at or case.archived_at).year
    case_set_status(case, CaseStatus.ARCHIVED, fields=("archived_at",))
    case_event_add(
        case=case,
        actor=actor,
        action="archive",
        summary=f"案卷移交档案室归档（{year}年度），归档后不得增加或减少案卷材料",
        payload={"archive_year": year},
    )
    return case

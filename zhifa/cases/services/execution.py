"""Execution of a decision (执行): payment with the official receipt, performance, compulsory
execution by the unit, application to the people's court and the court's result.

``execution_record`` keeps one row per event. Execution is complete when the party has paid
the whole fine and confiscation (R-4.6-04: each payment with its receipt number) and has
performed the other obligations, or when the court reports the decision executed; then the
party's performance window (R-2.3-25) is fulfilled. When the party has not performed and the
window has run out, the unit applies to the court (R-2.3-25) with a 强制执行申请书.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum

from zhifa.accounts.constants import OrganisationKind
from zhifa.cases.constants import DecisionOutcome, ExecutionKind
from zhifa.cases.models import Case, Decision, ExecutionRecord
from zhifa.cases.services.common import case_event_add, case_lock, require_handler
from zhifa.cases.services.docs import case_document_render, date_zh, money_zh
from zhifa.cases.workflow import require_transition
from zhifa.catalog.constants import PenaltyType
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.core.subjects import subject_key
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.services import obligation_fulfil_for

if TYPE_CHECKING:
    from zhifa.accounts.models import Organisation, User

# R-2.3-25: the party's period to perform a penalty decision (15 days from service,
# 《行政处罚法》第六十七条); when it lapses unperformed the unit enforces or applies to the court.
PERFORMANCE_RULE = "R-2.3-25"

# Penalties that take effect by the decision itself and leave the party nothing to do.
SELF_EXECUTING_PENALTIES = frozenset(
    {
        PenaltyType.WARNING,
        PenaltyType.CRITICISM,
        PenaltyType.SUSPEND_PERMIT,
        PenaltyType.LOWER_QUALIFICATION,
        PenaltyType.REVOKE_PERMIT,
    }
)
MONETARY_PENALTIES = frozenset({PenaltyType.FINE, PenaltyType.CONFISCATE_GAINS})
_ZERO = Decimal("0")


# --- what the decision asks of the party --------------------------------------------------------


def amount_due(decision: Decision) -> Decimal:
    """Fine + confiscation of illegal gains the party must pay (0 when none)."""
    return (decision.fine or _ZERO) + (decision.confiscation or _ZERO)


def non_monetary_duties(decision: Decision) -> list[str]:
    """Penalty types the party must carry out besides paying (confiscated goods, suspension …)."""
    if decision.outcome != DecisionOutcome.PENALTY:
        return []
    return [
        t
        for t in decision.penalty_types or []
        if t not in SELF_EXECUTING_PENALTIES and t not in MONETARY_PENALTIES
    ]


def decision_needs_performance(decision: Decision) -> bool:
    """Does the decision leave the party something to perform (R-2.3-25)? Only penalties do:
    a sum to pay or a non-monetary obligation."""
    if decision.outcome != DecisionOutcome.PENALTY:
        return False
    return amount_due(decision) > _ZERO or bool(non_monetary_duties(decision))


def paid_total(case: Case) -> Decimal:
    total = ExecutionRecord.objects.filter(case=case, kind=ExecutionKind.PAYMENT).aggregate(
        s=Sum("amount")
    )["s"]
    return total or _ZERO


def execution_complete(case: Case) -> bool:
    """Has the decision been carried out (a completing execution record)?"""
    return ExecutionRecord.objects.filter(case=case, completes=True).exists()


def performance_window_lapsed(case: Case, *, now: dt.datetime | None = None) -> bool:
    """R-2.3-25: has the party's performance window run out unperformed (lapsed, or due passed
    while still open)?"""
    now = now or clock.now()
    subject_type, subject_id = subject_key(case)
    obligation = (
        Obligation.objects.filter(
            subject_type=subject_type, subject_id=subject_id, rule_id=PERFORMANCE_RULE
        )
        .order_by("-start_at", "-id")
        .first()
    )
    if obligation is None:
        return False
    if obligation.state == ObligationState.LAPSED:
        return True
    if obligation.state in (ObligationState.FULFILLED, ObligationState.FULFILLED_LATE):
        return False
    return obligation.due_at < now


def _decision(case: Case) -> Decision:
    decision = Decision.objects.filter(case=case).first()
    if decision is None or decision.decided_at is None:
        raise DomainError("本案没有已作出的决定，无需记录执行情况。", code="no_decision")
    return decision


def execution_summary(case: Case) -> str:
    """One paragraph of how the decision was carried out (for the 结案审批表)."""
    lines = []
    for r in ExecutionRecord.objects.filter(case=case).order_by("at", "id"):
        text = f"{date_zh(r.at)}{r.get_kind_display()}"
        if r.amount is not None:
            text += f"人民币{money_zh(r.amount)}元"
        if r.receipt_number:
            text += f"（票据号码：{r.receipt_number}）"
        if r.note:
            text += f"：{r.note}"
        lines.append(text)
    return "；".join(lines)


# --- the service --------------------------------------------------------------------------------


@transaction.atomic
def execution_record(
    *,
    case: Case,
    actor: User,
    kind: str,
    at: dt.datetime,
    amount: Decimal | None = None,
    receipt_number: str = "",
    court: Organisation | None = None,
    note: str = "",
    executed: bool = False,
) -> ExecutionRecord:
    """Record one execution event on an EXECUTING case (a handler).

    - payment: amount > 0 and the official receipt number (R-4.6-04: no fine without a
      receipt); complete when the sum paid reaches fine + confiscation and no other obligation
      is outstanding — fulfils R-2.3-25;
    - performed: the party carried out the non-monetary obligations; complete when nothing is
      left to pay — fulfils R-2.3-25;
    - compulsory: the unit's own compulsory execution where the law empowers it (the measure in
      the note); complete when ``executed``;
    - court_application (R-2.3-25): only after the performance window lapsed unperformed, to a
      people's court; renders the 强制执行申请书;
    - court_result: after an application, the court's result; complete when ``executed``.
    """
    case = case_lock(case)
    require_transition(case, "execution_record")
    require_handler(case, actor)
    decision = _decision(case)
    if kind not in ExecutionKind.values:
        raise DomainError("请选择执行方式。", code="kind_invalid", field="kind")
    if at > clock.now():
        raise DomainError("时间不能晚于现在，请核对。", code="in_future", field="at")
    if decision.decided_at and at < decision.decided_at.replace(second=0, microsecond=0):
        raise DomainError("执行时间不能早于决定日期，请核对。", code="too_early", field="at")
    if execution_complete(case):
        raise DomainError(
            "本案决定已执行完毕，无需再记录执行情况；请提请结案。", code="already_complete"
        )
    note = (note or "").strip()
    receipt_number = (receipt_number or "").strip()
    due = amount_due(decision)
    duties = non_monetary_duties(decision)
    completes = False
    document = None
    if kind == ExecutionKind.PAYMENT:
        if due <= _ZERO:
            raise DomainError(
                "本决定没有罚款或没收违法所得，无需记录缴款。", code="nothing_to_pay", field="kind"
            )
        if amount is None or amount <= _ZERO:
            raise DomainError(
                "请填写缴纳的金额（大于零）。", code="amount_required", field="amount"
            )
        if not receipt_number:
            raise DomainError(
                "收缴罚没款必须使用规定的票据，不得不开票据（R-4.6-04）：请填写罚没款票据号码。",
                code="receipt_required",
                field="receipt_number",
            )
        if ExecutionRecord.objects.filter(
            case__organisation=case.organisation, receipt_number=receipt_number
        ).exists():
            raise DomainError(
                f"票据号码 {receipt_number} 已在本单位登记过，一张票据只能对应一笔缴款，请核对。",
                code="receipt_reused",
                field="receipt_number",
            )
        paid = paid_total(case) + amount
        performed = (
            not duties
            or ExecutionRecord.objects.filter(case=case, kind=ExecutionKind.PERFORMED).exists()
        )
        completes = paid >= due and performed
    elif kind == ExecutionKind.PERFORMED:
        if not duties and due > _ZERO:
            raise DomainError(
                "本决定须缴纳罚没款，请以“缴纳罚没款”登记缴款及票据号码。",
                code="use_payment",
                field="kind",
            )
        note = require_text_local(note, what="履行情况")
        completes = paid_total(case) >= due
    elif kind == ExecutionKind.COMPULSORY:
        note = require_text_local(note, what="采取的强制执行措施及其依据")
        completes = executed
    elif kind == ExecutionKind.COURT_APPLICATION:
        if court is None or court.kind != OrganisationKind.COURT:
            raise DomainError("请选择受理申请的人民法院。", code="court_required", field="court")
        if not decision_needs_performance(decision):
            raise DomainError(
                "本决定没有需要当事人履行的内容，无需申请强制执行。",
                code="nothing_to_enforce",
                field="kind",
            )
        if not performance_window_lapsed(case, now=at):
            raise DomainError(
                "当事人的履行期限尚未届满，不能申请人民法院强制执行（R-2.3-25）：当事人在期限内"
                "不履行、本机关又不能强制执行的，期满后方可申请。",
                code="performance_window_open",
                field="at",
            )
        if (
            ExecutionRecord.objects.filter(case=case, kind=ExecutionKind.COURT_APPLICATION).exists()
            and not ExecutionRecord.objects.filter(
                case=case, kind=ExecutionKind.COURT_RESULT
            ).exists()
        ):
            raise DomainError(
                "已向人民法院申请强制执行，请等待并登记法院的执行结果。",
                code="application_pending",
            )
        note = require_text_local(note, what="当事人未履行的情况")
        document = case_document_render(
            case=case,
            actor=actor,
            template_code="court_enforcement_application",
            context={
                "court_name": court.name,
                "decision_number": case.number or "",
                "decided_on": date_zh(decision.decided_at),
                "decision_content": decision.content,
                "served_on": date_zh(
                    case.services.order_by("served_at").values_list("served_at", flat=True).first()
                ),
                "non_performance": note,
                "amount_due": money_zh(due) if due > _ZERO else "",
                "amount_paid": money_zh(paid_total(case)),
                "date": date_zh(at),
            },
            title="强制执行申请书",
        )
    elif kind == ExecutionKind.COURT_RESULT:
        application = (
            ExecutionRecord.objects.filter(case=case, kind=ExecutionKind.COURT_APPLICATION)
            .select_related("court")
            .order_by("-at", "-id")
            .first()
        )
        if application is None:
            raise DomainError(
                "本案尚未申请人民法院强制执行，不能登记法院执行结果。",
                code="no_court_application",
                field="kind",
            )
        court = court or application.court
        note = require_text_local(note, what="人民法院的裁定或执行结果")
        completes = executed
    record = ExecutionRecord.objects.create(
        case=case,
        kind=kind,
        at=at,
        amount=amount if kind == ExecutionKind.PAYMENT else None,
        receipt_number=receipt_number if kind == ExecutionKind.PAYMENT else "",
        court=court
        if kind in (ExecutionKind.COURT_APPLICATION, ExecutionKind.COURT_RESULT)
        else None,
        note=note,
        completes=completes,
        recorded_by=actor,
    )
    label = ExecutionKind(kind).label
    summary = label
    if record.amount is not None:
        summary += f" 人民币{money_zh(record.amount)}元（票据号码 {record.receipt_number}）"
    if record.court is not None:
        summary += f"，{record.court.name}"
    if completes:
        summary += "，决定执行完毕"
    case_event_add(
        case=case,
        actor=actor,
        action="execution_record",
        summary=summary,
        payload={
            "execution_id": record.pk,
            "kind": kind,
            "amount": str(record.amount) if record.amount is not None else None,
            "receipt_number": record.receipt_number,
            "court_id": record.court.pk if record.court else None,
            "completes": completes,
        },
        document=document,
    )
    if completes:
        first_service = case.services.order_by("served_at").values_list("served_at", flat=True)
        served_at = first_service.first()
        fulfil_at = max(at, served_at) if served_at else at
        obligation_fulfil_for(subject=case, rule_id=PERFORMANCE_RULE, actor=None, at=fulfil_at)
    return record


def require_text_local(value: str, *, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请在说明中填写{what}。", code="required", field="note")
    return text

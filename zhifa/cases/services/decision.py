"""The decision (执法决定): proposed by a handler, approved or sent back by the unit head.

``decision_propose`` checks every gate before a decision may be asked for: no crime pending
(R-2.2-10, R-3.1-06), the written prior notice served (R-1.5-17, R-1.14-08), the party's window
over and every statement answered, a requested hearing held or withdrawn, for a major case the
legal review passed (R-1.4-02) and a collective discussion (R-1.14-06), the penalty not heavier
than the one notified and within the benchmark (R-1.5-02, system 1.5), a valid team (R-1.1-12).
``decision_approve`` numbers (if needed) and dates the decision, renders the decision document
with the remedies (R-1.14-08), fulfils the handling period (R-1.5-15) and opens publication
(R-1.2-12 / R-1.12-04 for permits and penalties, R-1.2-11 for the other acts).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.cases import workflow
from zhifa.cases.constants import (
    ApprovalKind,
    CaseStatus,
    DecisionOutcome,
    Proposal,
    StatementMode,
)
from zhifa.cases.models import Approval, Case, Decision, Hearing, Statement
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_set_status,
    require_handler,
    require_head,
    require_no_crime_pending,
    require_team,
    require_text,
)
from zhifa.cases.services.discussion import require_discussion
from zhifa.cases.services.docs import case_document_render, date_zh, money_zh
from zhifa.cases.services.filing import approval_decide, head_declares_conflict, pending_approval
from zhifa.cases.services.notice import latest_notice, window_obligation
from zhifa.cases.services.numbering import case_number_allocate
from zhifa.cases.services.remedies import remedies_text, remedy_context
from zhifa.cases.services.report import (
    _clean_types,
    _money,
    major_assessment,
    penalty_lines,
    require_latest_report,
)
from zhifa.cases.services.review import require_review_passed
from zhifa.cases.workflow import require_transition
from zhifa.catalog.constants import ItemType, PenaltyType
from zhifa.catalog.selectors.discretion import benchmark_suggest, penalty_departure_check
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.deadlines.constants import OPEN_STATES
from zhifa.deadlines.services import obligation_fulfil_for, obligation_open
from zhifa.records.services.guards import CASE_AV_KINDS, require_av_complete

if TYPE_CHECKING:
    from zhifa.accounts.models import User

# R-1.14-08: where and within what time the party may challenge the decision.
PUBLICATION_PERMIT_PENALTY = "R-1.2-12"  # 7 WD (= R-1.12-04)
PUBLICATION_GENERAL = "R-1.2-11"  # 20 WD
HANDLING_PERIOD_RULE = "R-1.5-15"

PENALTY_OUTCOMES = frozenset(
    {DecisionOutcome.PENALTY, DecisionOutcome.NO_PENALTY, DecisionOutcome.TERMINATE}
)
PERMIT_OUTCOMES = frozenset({DecisionOutcome.PERMIT_GRANT, DecisionOutcome.PERMIT_REFUSE})
_OUTCOME_FOR_PROPOSAL: dict[str, str] = {
    Proposal.PENALTY: DecisionOutcome.PENALTY,
    Proposal.NO_PENALTY: DecisionOutcome.NO_PENALTY,
    Proposal.TERMINATE: DecisionOutcome.TERMINATE,
}
DECISION_TITLES = {
    DecisionOutcome.PENALTY: "行政处罚决定书",
    DecisionOutcome.NO_PENALTY: "不予行政处罚决定书",
    DecisionOutcome.TERMINATE: "撤销案件决定书",
    DecisionOutcome.PERMIT_GRANT: "准予行政许可决定书",
    DecisionOutcome.PERMIT_REFUSE: "不予行政许可决定书",
    DecisionOutcome.ACT: "行政强制等执法决定书",
}


def decision_remedies(case: Case, outcome: str) -> str:
    """R-1.14-08: the remedies stated on the decision (none for a terminated case)."""
    if outcome == DecisionOutcome.TERMINATE:
        return ""
    what = "本行政处罚决定" if outcome == DecisionOutcome.PENALTY else "本决定"
    return remedies_text(case.organisation, what=what)


def publication_rule(case: Case, outcome: str) -> str | None:
    """R-1.2-12 (7 WD) for permit and penalty decisions, no-penalty included; R-1.2-11 (20 WD)
    for the other acts; a terminated case publishes nothing."""
    if outcome == DecisionOutcome.TERMINATE:
        return None
    if case.kind in (ItemType.PERMIT, ItemType.PENALTY):
        return PUBLICATION_PERMIT_PENALTY
    return PUBLICATION_GENERAL


def _require_party_heard(case: Case) -> None:
    """R-1.5-17 / R-1.14-08: notice served; window over; statements answered; hearing done."""
    notice = latest_notice(case)
    if notice is None:
        raise DomainError(
            "作出行政处罚决定前，应当书面告知当事人拟作出处罚的事实、理由和依据（R-1.5-17），"
            "请先送达行政处罚事先告知书。",
            code="notice_required",
        )
    unanswered = Statement.objects.filter(case=case, answered_at__isnull=True).exclude(
        mode=StatementMode.WAIVED
    )
    if unanswered.exists():
        raise DomainError(
            "当事人的陈述申辩尚未全部复核答复（R-1.14-08），请先复核每一项陈述申辩。",
            code="statement_unanswered",
        )
    pending = Hearing.objects.filter(case=case, withdrawn=False, held_at__isnull=True)
    if pending.exists():
        raise DomainError(
            "当事人要求的听证尚未举行（或撤回），不能作出处罚决定。", code="hearing_pending"
        )
    ob = window_obligation(case)
    if ob is not None and ob.state in OPEN_STATES and clock.now() <= ob.due_at:
        raise DomainError(
            f"当事人陈述申辩{'、要求听证' if notice.hearing_right else ''}的期限尚未届满"
            f"（至{clock.local(ob.due_at):%Y-%m-%d %H:%M}），且当事人未放弃，"
            "期满或当事人放弃后才能提请决定（R-1.14-08）。",
            code="window_open",
        )


def _check_penalty_against_report(
    case: Case,
    *,
    types: list[str],
    fine: Decimal | None,
    confiscation: Decimal | None,
    departure_reason: str,
) -> None:
    """The decided penalty is the one notified, or lighter (never heavier than notified:
    R-1.5-17 — a heavier one needs a new notice), and within the law and the benchmark
    (R-1.5-02, system 1.5)."""
    report = require_latest_report(case)
    if not types:
        raise DomainError("请选择处罚种类。", field="penalty_types")
    if PenaltyType.FINE in types and fine is None:
        raise DomainError("处罚种类包括罚款的，请填写罚款金额。", field="fine")
    same = (
        sorted(types) == sorted(report.penalty_types)
        and fine == report.fine
        and confiscation == report.confiscation
    )
    if same:
        return
    heavier = (
        not set(types) <= set(report.penalty_types)
        or (fine or Decimal(0)) > (report.fine or Decimal(0))
        or (confiscation or Decimal(0)) > (report.confiscation or Decimal(0))
    )
    if heavier:
        raise DomainError(
            "拟作出的处罚重于事先告知的处罚，应当重新调查终结并重新告知当事人（R-1.5-17），"
            "不得因当事人陈述申辩而加重处罚。",
            code="heavier_than_notified",
            field="fine",
        )
    if report.benchmark is None:
        return
    try:
        suggestion = benchmark_suggest(
            benchmark=report.benchmark, circumstance_codes=report.circumstance_codes
        )
        penalty_departure_check(
            benchmark=report.benchmark,
            suggestion=suggestion,
            penalty_types=types,
            fine=fine,
            reason=departure_reason or report.departure_reason,
        )
    except DomainError as exc:
        field = {"departure_reason_required": "departure_reason"}.get(exc.code, "fine")
        raise DomainError(exc.message, code=exc.code, field=field) from None


@transaction.atomic
def decision_propose(
    *,
    case: Case,
    actor: User,
    outcome: str,
    content: str,
    penalty_types: Iterable[str] = (),
    fine: Decimal | None = None,
    confiscation: Decimal | None = None,
    departure_reason: str = "",
) -> Decision:
    """A handler asks the head to decide → DECISION_PENDING with a pending approval.

    Penalty: R-2.2-10 / R-3.1-06 (no crime pending), R-1.5-17 / R-1.14-08 (notice served, window
    over, statements answered, hearing held or withdrawn), R-1.4-02 (major: review passed),
    R-1.14-06 (major: collective discussion after the report), the penalty not heavier than
    notified and within the benchmark (R-1.5-02), R-1.1-12 (team). No penalty / terminate: from
    the report (or after the notice), major → review and discussion. Permit: grant or refuse
    from EXAMINING; major → review passed."""
    case = case_lock(case)
    require_transition(case, "decision_propose")
    require_handler(case, actor)
    content = require_text(content, field="content", what="决定内容")
    if outcome not in DecisionOutcome.values:
        raise DomainError("请选择决定结果。", field="outcome")
    types = _clean_types(penalty_types)
    fine = _money(fine, field="fine", what="罚款金额")
    confiscation = _money(confiscation, field="confiscation", what="没收违法所得金额")
    came_from = case.status
    if case.kind == ItemType.PERMIT:
        if outcome not in PERMIT_OUTCOMES:
            raise DomainError("许可案件只能作出准予或者不予行政许可的决定。", field="outcome")
        listed = major_assessment(case, grounds=(), hearing_right=False).is_major
        if case.is_major or listed:  # R-1.4-02: reviewed first (R-1.4-08: the unit's list)
            require_review_passed(case, field="outcome")
    else:
        if outcome not in PENALTY_OUTCOMES:
            raise DomainError(
                "行政处罚案件只能作出处罚、不予处罚或者撤销案件的决定。", field="outcome"
            )
        require_no_crime_pending(case, field="outcome")
        report = require_latest_report(case, field="outcome")
        if outcome == DecisionOutcome.PENALTY:
            if report.proposal != Proposal.PENALTY:
                raise DomainError(
                    f"调查终结报告的处理意见为“{report.get_proposal_display()}”，"
                    "不能提请行政处罚决定。",
                    code="outcome_mismatch",
                    field="outcome",
                )
            if case.status != CaseStatus.NOTIFYING:
                raise DomainError(
                    "作出行政处罚决定前，应当书面告知当事人拟作出处罚的事实、理由和依据（R-1.5-17），"
                    "请先送达行政处罚事先告知书。",
                    code="notice_required",
                    field="outcome",
                )
            _require_party_heard(case)
            _check_penalty_against_report(
                case,
                types=types,
                fine=fine,
                confiscation=confiscation,
                departure_reason=(departure_reason or "").strip(),
            )
        else:
            if types or fine is not None or confiscation is not None:
                raise DomainError(
                    "不予处罚或者撤销案件的，不应填写处罚种类和金额。", field="penalty_types"
                )
            expected = _OUTCOME_FOR_PROPOSAL.get(report.proposal)
            if case.status == CaseStatus.REPORTED and expected != outcome:
                raise DomainError(
                    f"调查终结报告的处理意见为“{report.get_proposal_display()}”，"
                    f"与“{DecisionOutcome(outcome).label}”不一致，请先修订调查终结报告。",
                    code="outcome_mismatch",
                    field="outcome",
                )
            if case.status == CaseStatus.NOTIFYING:
                _require_party_heard(case)
        if case.is_major:
            require_review_passed(case, field="outcome")
            require_discussion(case, field="outcome")
    require_team(case)
    now = clock.now()
    remedies = decision_remedies(case, outcome)
    decision = Decision.objects.select_for_update().filter(case=case).first()
    if decision is not None and decision.decided_at is not None:
        raise DomainError("本案已作出决定。", code="already_decided")
    values = {
        "outcome": outcome,
        "content": content,
        "penalty_types": types,
        "fine": fine,
        "confiscation": confiscation,
        "remedies": remedies,
        "proposed_by": actor,
        "proposed_at": now,
        "approved_by": None,
        "document": None,
    }
    if decision is None:
        decision = Decision.objects.create(case=case, **values)
    else:
        for key, value in values.items():
            setattr(decision, key, value)
        decision.save()
    Approval.objects.create(
        case=case,
        organisation=case.organisation,
        kind=ApprovalKind.DECISION,
        requested_by=actor,
        requested_at=now,
        request_note=content,
    )
    case_set_status(case, CaseStatus.DECISION_PENDING)
    summary = f"提请决定审批：{DecisionOutcome(outcome).label}"
    if types:
        summary += "，" + "；".join(penalty_lines(types, fine, confiscation))
    case_event_add(
        case=case,
        actor=actor,
        action="decision_propose",
        summary=summary,
        payload={
            "decision_id": decision.pk,
            "outcome": outcome,
            "penalty_types": types,
            "fine": str(fine) if fine is not None else None,
            "confiscation": str(confiscation) if confiscation is not None else None,
            "from_status": came_from,
        },
    )
    return decision


def _render(case: Case, decision: Decision, actor: User):  # type: ignore[no-untyped-def]
    from zhifa.cases.services.report import latest_report

    report = latest_report(case) if case.kind == ItemType.PENALTY else None
    if decision.outcome == DecisionOutcome.PENALTY and report is not None:
        notice = latest_notice(case)
        return case_document_render(
            case=case,
            actor=actor,
            template_code="penalty_decision",
            title="行政处罚决定书",
            context={
                "facts": report.facts,
                "evidence": report.evidence_summary,
                "legal_basis": report.legal_basis,
                "reasoning": (notice.reasons if notice else "") + "",
                "penalty_basis": notice.basis if notice else report.legal_basis,
                "decisions": penalty_lines(
                    decision.penalty_types, decision.fine, decision.confiscation
                ),
                "fine_total": money_zh(decision.fine) or "0",
                "payment_place": "指定的代收银行",
                **remedy_context(case.organisation),
                "date": date_zh(decision.decided_at),
            },
        )
    facts = report.facts if report is not None else case.facts
    basis = report.legal_basis if report is not None else case.item_version.legal_basis
    return case_document_render(
        case=case,
        actor=actor,
        template_code="act_decision",
        title=DECISION_TITLES[DecisionOutcome(decision.outcome)],
        context={
            "decision_title": DECISION_TITLES[DecisionOutcome(decision.outcome)],
            "facts": facts,
            "basis": basis,
            "content": decision.content,
            "remedies": decision.remedies,
            "date": date_zh(decision.decided_at),
        },
    )


@transaction.atomic
def decision_approve(
    *,
    case: Case,
    actor: User,
    opinion: str = "同意。",
    has_conflict: bool = False,
    ground: str = "",
    note: str = "",
) -> Case:
    """The head approves the decision → DECIDED: the number if the case has none (R-1.9-04),
    the decision date, the document with the remedies (R-1.14-08); fulfils the handling period
    (R-1.5-15); opens publication (R-1.2-12 / R-1.12-04: 7 WD for permits and penalties; R-1.2-11:
    20 WD for the other acts; none for a terminated case). Not the head's own request; a declared
    conflict is recorded and leaves the approval to another head (R-1.5-03)."""
    case = case_lock(case)
    require_transition(case, "decision_approve")
    approval = pending_approval(case, ApprovalKind.DECISION)
    require_head(case, actor, requested_by=approval.requested_by)
    if head_declares_conflict(
        case=case,
        actor=actor,
        has_conflict=has_conflict,
        ground=ground,
        note=note,
        action="decision_approve",
    ):
        return case
    decision = Decision.objects.select_for_update().filter(case=case).first()
    if decision is None:
        raise DomainError("没有待审批的决定。", code="no_decision")
    if case.kind == ItemType.PENALTY and decision.outcome == DecisionOutcome.PENALTY:
        require_no_crime_pending(case)
    if case.kind in CASE_AV_KINDS:
        require_av_complete(case)  # R-1.3-07: a coercive act is approved only with its AV record
    opinion = (opinion or "").strip() or "同意。"
    fields: list[str] = ["decided_at"]
    if not case.number:
        number = case_number_allocate(organisation=case.organisation, kind=case.kind)
        case.number, case.number_year, case.number_serial = number.text, number.year, number.serial
        fields += ["number", "number_year", "number_serial"]
    now = clock.now()
    case.decided_at = now
    case_set_status(case, CaseStatus.DECIDED, fields=tuple(fields))
    approval_decide(approval=approval, actor=actor, approved=True, opinion=opinion)
    decision.approved_by = actor
    decision.decided_at = now
    decision.remedies = decision_remedies(case, decision.outcome)
    document = _render(case, decision, actor)
    decision.document = document
    decision.save(update_fields=["approved_by", "decided_at", "remedies", "document"])
    case_event_add(
        case=case,
        actor=actor,
        action="decision_approve",
        summary=f"批准{DecisionOutcome(decision.outcome).label}决定，文号 {case.number}",
        payload={"decision_id": decision.pk, "outcome": decision.outcome, "opinion": opinion},
        document=document,
    )
    obligation_fulfil_for(subject=case, rule_id=HANDLING_PERIOD_RULE, actor=actor)
    rule = publication_rule(case, decision.outcome)
    if rule is not None:
        obligation_open(
            rule_id=rule,
            subject=case,
            organisation=case.organisation,
            start_at=now,
            label=f"公开执法决定信息：{case.number}",
            actor=None,
        )
    return case


@transaction.atomic
def decision_reject(*, case: Case, actor: User, opinion: str) -> Case:
    """The head sends the proposed decision back, with the reason: to NOTIFYING when a notice
    was served, REPORTED for other penalty cases, EXAMINING for permits; an act recorded from
    the decision (workflow.OTHER_ACTS) is DROPPED."""
    case = case_lock(case)
    require_transition(case, "decision_reject")
    approval = pending_approval(case, ApprovalKind.DECISION)
    require_head(case, actor, requested_by=approval.requested_by)
    opinion = require_text(opinion, field="opinion", what="退回理由")
    if case.kind in workflow.OTHER_ACTS:
        target = CaseStatus.DROPPED
    elif case.kind == ItemType.PERMIT:
        target = CaseStatus.EXAMINING
    elif latest_notice(case) is not None:
        target = CaseStatus.NOTIFYING
    else:
        target = CaseStatus.REPORTED
    approval_decide(approval=approval, actor=actor, approved=False, opinion=opinion)
    case_set_status(case, target)
    case_event_add(
        case=case,
        actor=actor,
        action="decision_reject",
        summary=f"退回决定：{opinion}",
        payload={"opinion": opinion, "status_after": target},
    )
    return case

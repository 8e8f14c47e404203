"""The case state machine: which action may start from which status, per kind of act.

Every service that changes a case calls :func:`require_transition` first; the case page shows
only the actions whose statuses match (then the service checks roles and the rule guards).
Adding a step = a row here + a service + an action in zhifa/cases/actions/.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.cases.constants import CaseStatus as S
from zhifa.cases.constants import Procedure
from zhifa.catalog.constants import ItemType
from zhifa.core.errors import TransitionNotAllowed

PENALTY = frozenset({ItemType.PENALTY})
PERMIT = frozenset({ItemType.PERMIT})
ALL_KINDS = frozenset(ItemType)
# Kinds recorded "from decision to publication" (coercion and the other acts).
OTHER_ACTS = ALL_KINDS - PENALTY - PERMIT

# Statuses in which the investigation file is still open for field steps and reassignment.
_HANDLING = frozenset({S.INVESTIGATING, S.REPORTED, S.UNDER_REVIEW, S.NOTIFYING, S.EXAMINING})


@dataclass(frozen=True)
class Transition:
    """``action`` may run from ``sources`` for ``kinds``; ``target`` is the status after it
    (None: the status does not change, or the service chooses among ``targets``)."""

    action: str
    label: str
    sources: frozenset[str]
    target: str | None
    kinds: frozenset[str] = ALL_KINDS
    procedures: frozenset[str] = frozenset(Procedure)


def _t(
    action: str,
    label: str,
    sources: set[str] | frozenset[str],
    target: str | None,
    kinds: frozenset[str] = ALL_KINDS,
    procedures: frozenset[str] = frozenset(Procedure),
) -> Transition:
    return Transition(action, label, frozenset(sources), target, kinds, procedures)


_ORDINARY = frozenset({Procedure.ORDINARY})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        # --- filing (penalty) -------------------------------------------------------------
        _t("file_approve", "批准立案", {S.FILING_PENDING}, S.INVESTIGATING, PENALTY),
        _t("file_reject", "不予立案", {S.FILING_PENDING}, S.NOT_FILED, PENALTY),
        # --- application (permit) ---------------------------------------------------------
        _t("permit_accept", "受理申请", {S.APPLIED}, S.EXAMINING, PERMIT),
        _t("permit_not_accept", "不予受理", {S.APPLIED}, S.NOT_ACCEPTED, PERMIT),
        # --- people on the case (no status change) ----------------------------------------
        _t("officer_assign", "增加承办人员", {S.FILING_PENDING, S.APPLIED} | _HANDLING, None),
        _t("officer_replace", "替换回避人员", {S.FILING_PENDING, S.APPLIED} | _HANDLING, None),
        _t(
            "recusal_declare",
            "回避声明",
            {S.FILING_PENDING, S.APPLIED, S.DECISION_PENDING, S.CLOSURE_PENDING} | _HANDLING,
            None,
        ),
        # --- investigation ----------------------------------------------------------------
        _t("field_action_record", "记录调查措施", {S.INVESTIGATING, S.EXAMINING}, None),
        _t("report_submit", "提交调查终结报告", {S.INVESTIGATING, S.REPORTED}, S.REPORTED, PENALTY),
        _t(
            "review_submit",
            "提请法制审核",
            {S.REPORTED, S.EXAMINING},
            S.UNDER_REVIEW,
            PENALTY | PERMIT,
        ),
        _t("review_opinion", "出具法制审核意见", {S.UNDER_REVIEW}, None, PENALTY | PERMIT),  # back
        # --- prior notice, statements, hearing, discussion ---------------------------------
        _t("notice_serve", "送达事先告知书", {S.REPORTED}, S.NOTIFYING, PENALTY),
        _t("statement_record", "记录陈述申辩", {S.NOTIFYING}, None, PENALTY),
        _t("statement_answer", "复核陈述申辩", {S.NOTIFYING}, None, PENALTY),
        _t("hearing_request", "登记听证申请", {S.NOTIFYING}, None, PENALTY),
        _t("hearing_hold", "记录听证", {S.NOTIFYING}, None, PENALTY),
        _t(
            "discussion_record",
            "记录集体讨论",
            {S.REPORTED, S.NOTIFYING, S.EXAMINING},
            None,
            PENALTY | PERMIT,
        ),
        # --- decision ----------------------------------------------------------------------
        _t(
            "decision_propose",
            "提请决定审批",
            {S.REPORTED, S.NOTIFYING, S.EXAMINING},
            S.DECISION_PENDING,
            PENALTY | PERMIT,
        ),
        _t("decision_approve", "批准决定", {S.DECISION_PENDING}, S.DECIDED),
        _t(
            "decision_reject", "退回决定", {S.DECISION_PENDING}, None
        ),  # back where it came from; an act: DROPPED
        # --- crime (R-2.2-10) ----------------------------------------------------------------
        _t(
            "crime_transfer_request",
            "提请移送涉嫌犯罪案件",
            {S.INVESTIGATING, S.REPORTED, S.UNDER_REVIEW, S.NOTIFYING},
            None,
            PENALTY,
        ),
        _t(
            "crime_transfer_approve",
            "批准移送司法机关",
            {S.INVESTIGATING, S.REPORTED, S.UNDER_REVIEW, S.NOTIFYING},
            S.TRANSFERRED,
            PENALTY,
        ),
        _t(
            "crime_transfer_reject",
            "不批准移送",
            {S.INVESTIGATING, S.REPORTED, S.UNDER_REVIEW, S.NOTIFYING},
            None,
            PENALTY,
        ),
        # --- service, execution --------------------------------------------------------------
        _t("serve", "送达决定书", {S.DECIDED}, S.EXECUTING),
        _t("execution_record", "记录执行情况", {S.EXECUTING}, None),
        # --- closure and archive ---------------------------------------------------------------
        _t(
            "closure_request",
            "提请结案",
            {S.DECIDED, S.EXECUTING, S.TRANSFERRED},
            S.CLOSURE_PENDING,
        ),
        _t("closure_approve", "批准结案", {S.CLOSURE_PENDING}, S.CLOSED),
        _t("closure_reject", "退回结案", {S.CLOSURE_PENDING}, None),  # back where it came from
        _t("archive", "移交归档", {S.CLOSED}, S.ARCHIVED),
    )
}


def transition_for(action: str) -> Transition:
    return TRANSITIONS[action]


def allowed(action: str, *, status: str, kind: str, procedure: str = Procedure.ORDINARY) -> bool:
    """Whether ``action`` may start from ``status`` for a case of ``kind`` and ``procedure``."""
    t = TRANSITIONS.get(action)
    return bool(t and status in t.sources and kind in t.kinds and procedure in t.procedures)


def require_transition(case: object, action: str) -> Transition:
    """Refuse ``action`` unless the case's status allows it (TransitionNotAllowed, Chinese)."""
    t = TRANSITIONS[action]
    status = case.status  # type: ignore[attr-defined]
    kind = case.kind  # type: ignore[attr-defined]
    procedure = case.procedure  # type: ignore[attr-defined]
    if kind not in t.kinds or procedure not in t.procedures:
        raise TransitionNotAllowed(f"该类案件没有“{t.label}”这一步骤。", code="action_not_for_kind")
    if status not in t.sources:
        current = S(status).label
        allowed_from = "、".join(S(s).label for s in sorted(t.sources))
        raise TransitionNotAllowed(
            f"案件当前处于“{current}”，不能{t.label}：只有在“{allowed_from}”时才可以。"
        )
    return t

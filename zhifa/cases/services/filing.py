"""Filing a penalty case (立案): the officers ask, the unit head approves, the case gets its number.

``case_file_request`` opens the case in FILING_PENDING with its officers (R-1.1-12) and a
pending filing approval; ``case_file_approve`` allocates the number (R-1.9-04), opens the
handling period of the item (R-1.5-15) and renders the 立案审批表; ``case_file_reject`` ends it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.accounts.selectors import can_see_organisation
from zhifa.cases.constants import (
    ApprovalKind,
    ApprovalStatus,
    Capacity,
    CaseStatus,
    ClueStatus,
    Procedure,
)
from zhifa.cases.models import Approval, Case, Clue
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_open,
    case_set_status,
    declare_if_given,
    require_head,
    require_team,
    require_text,
)
from zhifa.cases.services.docs import case_document_render, date_zh
from zhifa.cases.services.numbering import case_number_allocate
from zhifa.cases.workflow import require_transition
from zhifa.catalog.constants import ItemType
from zhifa.catalog.services.items import item_require_in_catalogue
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.deadlines.services import obligation_open
from zhifa.workdays.calendar import add_info

if TYPE_CHECKING:
    from zhifa.accounts.models import Organisation, User
    from zhifa.catalog.models import ItemVersion
    from zhifa.subjects.models import MarketEntity

HANDLING_PERIOD_RULE = "R-1.5-15"

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_DIGITS.update({"八": 8, "九": 9})
_PERIOD_RE = re.compile(r"([0-9]+|[零一二两三四五六七八九十百]+)\s*(个)?\s*(工作日|日|天)")


def _zh_number(text: str) -> int | None:
    """'90' / '九十' / '十五' / '一百二十' → int; None when it is not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


def handling_period(time_limit: str) -> tuple[int, str] | None:
    """The first period in an item's 办理时限 text (R-1.5-15): ``(90, "day")``,
    ``(20, "workday")`` or None when the text names none (then no handling period is opened)."""
    match = _PERIOD_RE.search(time_limit or "")
    if not match:
        return None
    number = _zh_number(match.group(1))
    if not number:
        return None
    return number, ("workday" if match.group(3) == "工作日" else "day")


def open_handling_period(case: Case) -> None:
    """R-1.5-15: the item's own time limit runs from filing, in the deadline engine."""
    version = case.item_version
    period = handling_period(version.time_limit)
    if period is None:
        return
    number, unit = period
    start = clock.local(case.filed_at or clock.now()).date()
    due = add_info(start, number, unit=unit).due  # the working-day calendar's one adder
    obligation_open(
        rule_id=HANDLING_PERIOD_RULE,
        subject=case,
        organisation=case.organisation,
        start_at=start,
        due_at=due,
        label=f"办结案件（{version.time_limit}）",
        actor=None,
    )


def _require_officer_of(actor: User, organisation: Organisation) -> None:
    if not actor.is_active or not actor.has_role(Role.OFFICER):
        raise PermissionDenied("只有执法人员可以提请立案。")
    if not can_see_organisation(user=actor, organisation=organisation) or actor.is_county_wide:
        raise PermissionDenied("只能以本单位的名义提请立案。")


@transaction.atomic
def case_file_request(
    *,
    actor: User,
    organisation: Organisation,
    item_version: ItemVersion,
    party: MarketEntity,
    cause: str,
    facts: str,
    officers: list[User],
    clue: Clue | None = None,
    request_note: str = "",
) -> Case:
    """Ask the unit head to file a penalty case. ``actor`` is the lead officer (主办人) and is
    one of ``officers``; everyone on the list must be able to act for the item (R-1.1-12).
    The actor declares no conflict with the party on asking (R-1.5-03); the others declare on
    the case page before they act. R-1.8-04: only an item of the unit's catalogue."""
    _require_officer_of(actor, organisation)
    if item_version.item_type != ItemType.PENALTY:
        raise DomainError(
            "只有行政处罚事项可以立案；许可等其他事项请从相应入口办理。", field="item"
        )
    item_require_in_catalogue(organisation=organisation, item=item_version.item)
    if clue is not None:
        clue = Clue.objects.select_for_update().get(pk=clue.pk)
        if clue.organisation_id != organisation.pk:
            raise DomainError("该线索不属于本单位。", field="clue")
        if clue.status != ClueStatus.VERIFIED:
            raise DomainError(
                f"线索须先核查（当前：{ClueStatus(clue.status).label}），核查属实后才能立案。",
                code="clue_not_verified",
                field="clue",
            )
    cause = require_text(cause, field="cause", what="案由")
    people = {u.pk: u for u in officers}
    people.setdefault(actor.pk, actor)
    now = clock.now()
    case = case_open(
        actor=actor,
        officers=list(people.values()),
        organisation=organisation,
        kind=ItemType.PENALTY,
        procedure=Procedure.ORDINARY,
        status=CaseStatus.FILING_PENDING,
        clue=clue,
        item_version=item_version,
        party=party,
        cause=cause[:200],
        facts=(facts or "").strip(),
    )
    require_team(case, field="officers")
    Approval.objects.create(
        case=case,
        organisation=organisation,
        kind=ApprovalKind.FILING,
        requested_by=actor,
        requested_at=now,
        request_note=(request_note or "").strip(),
    )
    if clue is not None:
        clue.status = ClueStatus.FILED
        clue.save(update_fields=["status", "updated_at"])
    case_event_add(
        case=case,
        actor=actor,
        action="file_request",
        summary=f"提请立案：{cause}（承办人员 {len(people)} 名）",
        payload={
            "item_version_id": item_version.pk,
            "party_id": party.pk,
            "officer_ids": sorted(people),
            "clue_id": clue.pk if clue else None,
        },
    )
    return case


def pending_approval(case: Case, kind: str) -> Approval:
    approval = (
        Approval.objects.select_for_update()
        .filter(case=case, kind=kind, status=ApprovalStatus.PENDING)
        .first()
    )
    if approval is None:
        raise DomainError("没有待审批的申请。", code="no_pending_approval")
    return approval


def approval_decide(*, approval: Approval, actor: User, approved: bool, opinion: str) -> Approval:
    approval.status = ApprovalStatus.APPROVED if approved else ApprovalStatus.REJECTED
    approval.decided_by = actor
    approval.decided_at = clock.now()
    approval.opinion = opinion
    approval.save(update_fields=["status", "decided_by", "decided_at", "opinion"])
    return approval


def head_declares_conflict(
    *, case: Case, actor: User, has_conflict: bool, ground: str, note: str, action: str
) -> bool:
    """An approval form carries the head's recusal declaration (R-1.5-03). A declared conflict
    is recorded and the approval is left to another head: returns True (nothing approved)."""
    declaration = declare_if_given(
        case=case,
        person=actor,
        capacity=Capacity.APPROVER,
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
            "不参与审批",
            payload={"capacity": Capacity.APPROVER, "ground": ground, "for_action": action},
        )
        return True
    return False


@transaction.atomic
def case_file_approve(
    *,
    case: Case,
    actor: User,
    opinion: str = "同意立案。",
    has_conflict: bool = False,
    ground: str = "",
    note: str = "",
) -> Case:
    """The head files the case: number (R-1.9-04), filing date, handling period (R-1.5-15),
    立案审批表. Not the head's own request; not after a declared conflict (R-1.5-03)."""
    case = case_lock(case)
    require_transition(case, "file_approve")
    approval = pending_approval(case, ApprovalKind.FILING)
    require_head(case, actor, requested_by=approval.requested_by)
    if head_declares_conflict(
        case=case,
        actor=actor,
        has_conflict=has_conflict,
        ground=ground,
        note=note,
        action="file_approve",
    ):
        return case
    require_team(case)
    item_require_in_catalogue(organisation=case.organisation, item=case.item_version.item)
    opinion = (opinion or "").strip() or "同意立案。"
    number = case_number_allocate(organisation=case.organisation, kind=case.kind)
    case.number, case.number_year, case.number_serial = number.text, number.year, number.serial
    case.filed_at = clock.now()
    case_set_status(
        case,
        CaseStatus.INVESTIGATING,
        fields=("number", "number_year", "number_serial", "filed_at"),
    )
    approval_decide(approval=approval, actor=actor, approved=True, opinion=opinion)
    clue = case.clue
    document = case_document_render(
        case=case,
        actor=actor,
        template_code="filing_approval",
        context={
            "case_source": clue.get_source_display() if clue else "执法人员自行发现",
            "received_on": date_zh(clue.received_at if clue else case.created_at),
            "summary": case.facts,
            "handler_opinion": approval.request_note or "建议立案调查。",
            "handler_opinion_on": date_zh(approval.requested_at),
            "chief_opinion": "",
            "chief_opinion_on": "",
            "head_opinion": opinion,
            "head_opinion_on": date_zh(case.filed_at),
            "remarks": "",
        },
        title="立案审批表",
    )
    case_event_add(
        case=case,
        actor=actor,
        action="file_approve",
        summary=f"批准立案，案件编号 {case.number}",
        payload={"opinion": opinion, "serial": number.serial},
        document=document,
    )
    open_handling_period(case)
    return case


@transaction.atomic
def case_file_reject(*, case: Case, actor: User, opinion: str) -> Case:
    """The head refuses to file (不予立案), with the reason; the case ends without a number."""
    case = case_lock(case)
    require_transition(case, "file_reject")
    approval = pending_approval(case, ApprovalKind.FILING)
    require_head(case, actor, requested_by=approval.requested_by)
    opinion = require_text(opinion, field="opinion", what="不予立案的理由")
    case_set_status(case, CaseStatus.NOT_FILED)
    approval_decide(approval=approval, actor=actor, approved=False, opinion=opinion)
    if case.clue_id:
        Clue.objects.filter(pk=case.clue_id).update(
            status=ClueStatus.NOT_FILED, closed_reason=opinion, updated_at=clock.now()
        )
    case_event_add(case=case, actor=actor, action="file_reject", summary=f"不予立案：{opinion}")
    return case

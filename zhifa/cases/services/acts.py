"""The other enforcement acts, from decision to publication (查封扣押、征收、给付、检查、确认、
奖励、裁决及其他行政行为).

``case_act_record`` records an act the unit proposes to take — two certified officers, an item of
the unit's catalogue of that very kind, for a coercive measure the audio-video record
(R-1.3-07) — and puts its decision before the unit head (DECISION_PENDING, a pending decision
approval). The head approves it with the decision service (``decision_approve``), which numbers
the case and opens the publication limit (R-1.2-11, 20 WD, for these kinds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.accounts.selectors import can_see_organisation
from zhifa.cases.constants import (
    ApprovalKind,
    CaseStatus,
    DecisionOutcome,
    Procedure,
)
from zhifa.cases.models import Approval, Case, Decision
from zhifa.cases.services.common import case_event_add, case_open, require_text
from zhifa.cases.services.remedies import remedies_text
from zhifa.cases.services.simplified import require_officers_present
from zhifa.cases.workflow import OTHER_ACTS
from zhifa.catalog.constants import ItemType
from zhifa.catalog.services.items import item_require_in_catalogue
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.records.services.guards import CASE_AV_KINDS
from zhifa.records.services.records import av_explanation_submit

if TYPE_CHECKING:
    from zhifa.accounts.models import Organisation, User
    from zhifa.catalog.models import ItemVersion
    from zhifa.subjects.models import MarketEntity

# R-1.3-07: acts that must be recorded on audio-video (查封、扣押 — the coercive measures).
AV_MANDATORY_KINDS = CASE_AV_KINDS


@transaction.atomic
def case_act_record(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    item_version: ItemVersion,
    party: MarketEntity,
    cause: str,
    facts: str,
    content: str,
    officers: list[User],
    av_recorded: bool = False,
    av_note: str = "",
) -> Case:
    """Record another act (kinds of ``workflow.OTHER_ACTS``) and ask the head to approve its
    decision: the case starts in DECISION_PENDING with a ``Decision(outcome=ACT)`` and a pending
    decision approval.

    R-1.8-04: the item is in the unit's catalogue and of this kind. R-1.1-12 / R-4.6-03: two
    officers of the unit with valid certificates, the actor among them. R-1.3-07: a coercive
    measure (查封、扣押) is recorded on audio-video, or the note says why not (R-1.3-11) — the
    note becomes a written explanation pending the head's approval. The head approves the
    decision only once the act's AV record is stored (registered in the case's records section)
    or the explanation approved (``require_av_complete`` in ``decision_approve``).
    """
    if not actor.is_active or not actor.has_role(Role.OFFICER):
        raise PermissionDenied("只有执法人员可以登记执法行为。")
    if actor.is_county_wide or not can_see_organisation(user=actor, organisation=organisation):
        raise PermissionDenied("只能以本单位的名义登记执法行为。")
    if kind not in OTHER_ACTS:
        raise DomainError(
            "请选择执法行为类型（行政处罚、行政许可请从相应入口办理）。",
            code="kind_invalid",
            field="kind",
        )
    if item_version.item_type != kind:
        raise DomainError(
            f"所选事项是“{ItemType(item_version.item_type).label}”，与执法行为类型"
            f"“{ItemType(kind).label}”不一致，请重新选择。",
            code="item_kind_mismatch",
            field="item_version",
        )
    item_require_in_catalogue(organisation=organisation, item=item_version.item)
    cause = require_text(cause, field="cause", what="事由")
    facts = require_text(facts, field="facts", what="事实和理由")
    content = require_text(content, field="content", what="决定内容")
    av_note = (av_note or "").strip()
    if kind in AV_MANDATORY_KINDS and not av_recorded and not av_note:
        raise DomainError(
            "查封、扣押应当进行音像记录（R-1.3-07）：请勾选“已音像记录”，"
            "或者在说明中写明未能记录的客观原因（R-1.3-11）。",
            code="av_required",
            field="av_recorded",
        )
    people = require_officers_present(
        actor=actor, organisation=organisation, officers=officers, item_version=item_version
    )
    now = clock.now()
    case = case_open(
        actor=actor,
        officers=people,
        organisation=organisation,
        kind=kind,
        procedure=Procedure.ORDINARY,
        status=CaseStatus.DECISION_PENDING,
        item_version=item_version,
        party=party,
        cause=cause[:200],
        facts=facts,
        filed_at=now,
    )
    decision = Decision.objects.create(
        case=case,
        outcome=DecisionOutcome.ACT,
        content=content,
        remedies=remedies_text(organisation),
        proposed_by=actor,
        proposed_at=now,
    )
    Approval.objects.create(
        case=case,
        organisation=organisation,
        kind=ApprovalKind.DECISION,
        requested_by=actor,
        requested_at=now,
        request_note=content,
    )
    if kind in AV_MANDATORY_KINDS and not av_recorded:
        av_explanation_submit(case=case, actor=actor, reason=av_note, locked=True)
    av_text = ""
    if kind in AV_MANDATORY_KINDS:
        av_text = "，已音像记录" if av_recorded else f"，未音像记录：{av_note}"
    case_event_add(
        case=case,
        actor=actor,
        action="act_record",
        summary=f"登记{ItemType(kind).label}：{cause}，提请负责人审批决定{av_text}",
        payload={
            "kind": kind,
            "item_version_id": item_version.pk,
            "party_id": party.pk,
            "officer_ids": sorted(u.pk for u in people),
            "decision_id": decision.pk,
            "av_recorded": av_recorded,
            "av_note": av_note,
        },
    )
    return case

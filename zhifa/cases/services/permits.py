"""Permit applications (行政许可): application → acceptance (受理) or refusal (不予受理) → examination.

``permit_apply`` records an application (APPLIED, no number yet); ``permit_accept`` gives the
case its number (R-1.9-04), opens the item's handling period (R-1.5-15) and renders the 受理通知书
(EXAMINING); ``permit_not_accept`` ends it with a 不予受理通知书 stating the reason and the
remedies. The decision is the decision area's ``decision_propose`` from EXAMINING.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation
from zhifa.accounts.selectors import can_see_organisation
from zhifa.cases.constants import CaseStatus, Procedure
from zhifa.cases.models import Case
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_open,
    case_set_status,
    require_handler,
    require_team,
    require_text,
)
from zhifa.cases.services.docs import case_document_render, date_zh
from zhifa.cases.services.filing import open_handling_period
from zhifa.cases.services.numbering import case_number_allocate
from zhifa.cases.services.remedies import remedy_context
from zhifa.cases.workflow import require_transition
from zhifa.catalog.constants import ItemType
from zhifa.catalog.services.items import item_require_in_catalogue
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.catalog.models import ItemVersion
    from zhifa.subjects.models import MarketEntity


def _require_officer_of(actor: User, organisation: Organisation) -> None:
    if not actor.is_authenticated or not actor.is_active or not actor.has_role(Role.OFFICER):
        raise PermissionDenied("只有执法人员可以登记行政许可申请。", code="not_officer")
    if actor.is_county_wide or not can_see_organisation(user=actor, organisation=organisation):
        raise PermissionDenied("只能以本单位的名义登记行政许可申请。", code="not_own_unit")


def _applied_at(case: Case) -> dt.datetime:
    event = case.events.filter(action="permit_apply").order_by("at", "id").first()
    return event.at if event else case.created_at


@transaction.atomic
def permit_apply(
    *,
    actor: User,
    organisation: Organisation,
    item_version: ItemVersion,
    party: MarketEntity,
    cause: str,
    facts: str,
    officers: list[User],
    received_at: dt.datetime,
) -> Case:
    """Record an application for a PERMIT item of the unit's catalogue (R-1.8-04), handled by at
    least two officers with valid certificates for the item's type (R-1.1-12); the actor
    declares no conflict with the applicant (R-1.5-03). APPLIED; the number comes on acceptance."""
    _require_officer_of(actor, organisation)
    if item_version.item_type != ItemType.PERMIT:
        raise DomainError(
            "只有行政许可事项可以登记许可申请；其他事项请从相应入口办理。",
            code="not_permit_item",
            field="item_version",
        )
    if not isinstance(received_at, dt.datetime) or received_at.tzinfo is None:
        raise DomainError("请填写收到申请的日期和时间。", field="received_at")
    if received_at > clock.now():
        raise DomainError("收到申请的时间不能晚于当前时间。", field="received_at")
    item_require_in_catalogue(
        organisation=organisation,
        item=item_version.item,
        on_date=clock.local(received_at).date(),
    )
    cause = require_text(cause, field="cause", what="申请事项")
    people = {u.pk: u for u in officers}
    people.setdefault(actor.pk, actor)
    case = case_open(
        actor=actor,
        officers=list(people.values()),
        organisation=organisation,
        kind=ItemType.PERMIT,
        procedure=Procedure.ORDINARY,
        status=CaseStatus.APPLIED,
        item_version=item_version,
        party=party,
        cause=cause[:200],
        facts=(facts or "").strip(),
    )
    require_team(case, field="officers")
    case_event_add(
        case=case,
        actor=actor,
        action="permit_apply",
        summary=f"收到行政许可申请：{cause}（申请人 {party.name}）",
        payload={
            "item_version_id": item_version.pk,
            "party_id": party.pk,
            "officer_ids": sorted(people),
            "received_at": received_at.isoformat(),
        },
        at=received_at,
    )
    return case


@transaction.atomic
def permit_accept(*, case: Case, actor: User) -> Case:
    """A handler accepts the application (受理): the case number (R-1.9-04), the acceptance date,
    the item's handling period from acceptance (R-1.5-15) and the 受理通知书; EXAMINING."""
    case = case_lock(case)
    require_transition(case, "permit_accept")
    require_handler(case, actor)
    require_team(case)
    item_require_in_catalogue(organisation=case.organisation, item=case.item_version.item)
    number = case_number_allocate(organisation=case.organisation, kind=case.kind)
    case.number, case.number_year, case.number_serial = number.text, number.year, number.serial
    case.filed_at = clock.now()
    case_set_status(
        case,
        CaseStatus.EXAMINING,
        fields=("number", "number_year", "number_serial", "filed_at"),
    )
    unit = case.organisation
    document = case_document_render(
        case=case,
        actor=actor,
        template_code="permit_acceptance_notice",
        context={
            "applied_on": date_zh(_applied_at(case)),
            "item_name": case.item_version.name,
            "time_limit": case.item_version.time_limit or "法定期限",
            "accepted_on": date_zh(case.filed_at),
            "contact": actor.full_name or actor.username,
            "contact_phone": unit.phone,
        },
        title="行政许可受理通知书",
    )
    case_event_add(
        case=case,
        actor=actor,
        action="permit_accept",
        summary=f"受理行政许可申请，受理编号 {case.number}",
        payload={"serial": number.serial},
        document=document,
    )
    open_handling_period(case)
    return case


@transaction.atomic
def permit_not_accept(*, case: Case, actor: User, reason: str) -> Case:
    """A handler refuses to accept the application (不予受理) with the reason; the 不予受理通知书
    states it and the remedies (reconsideration, litigation). The case ends without a number."""
    case = case_lock(case)
    require_transition(case, "permit_not_accept")
    require_handler(case, actor)
    reason = require_text(reason, field="reason", what="不予受理的理由")
    case_set_status(case, CaseStatus.NOT_ACCEPTED)
    unit = case.organisation
    context: dict[str, Any] = {
        "applied_on": date_zh(_applied_at(case)),
        "item_name": case.item_version.name,
        "reason": reason,
        "contact": actor.full_name or actor.username,
        "contact_phone": unit.phone,
    }
    context.update(remedy_context(unit))
    document = case_document_render(
        case=case,
        actor=actor,
        template_code="permit_refusal_notice",
        context=context,
        title="行政许可不予受理通知书",
    )
    case_event_add(
        case=case,
        actor=actor,
        action="permit_not_accept",
        summary=f"不予受理：{reason}",
        payload={"reason": reason},
        document=document,
    )
    return case

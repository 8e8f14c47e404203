"""The simplified procedure (简易程序, 当场处罚; 《行政处罚法》第五十一、五十二条).

Two certified officers on the spot, facts certain, a legal basis, and only a warning or a small
fine (≤ 200 元 for a citizen, ≤ 3,000 元 for an organisation): the case is made, numbered,
decided, documented (当场行政处罚决定书) and served in one step, and then executes as any other
penalty: the party's performance window (R-2.3-25) unless the fine was paid on the spot against
a receipt (R-4.6-04), and publication of the decision within 7 working days (R-1.2-12).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation
from zhifa.accounts.selectors import can_see_organisation
from zhifa.cases.constants import (
    SIMPLIFIED_FINE_LIMIT_ORGANISATION,
    SIMPLIFIED_FINE_LIMIT_PERSON,
    Capacity,
    CaseStatus,
    DecisionOutcome,
    ExecutionKind,
    Procedure,
    ServiceMethod,
)
from zhifa.cases.models import Case, Decision, ExecutionRecord, ServiceRecord
from zhifa.cases.services.common import (
    MIN_HANDLERS,
    case_event_add,
    case_open,
    declare_if_given,
    require_text,
)
from zhifa.cases.services.docs import case_document_render, date_zh, money_zh, time_zh
from zhifa.cases.services.execution import PERFORMANCE_RULE
from zhifa.cases.services.numbering import case_number_allocate
from zhifa.cases.services.remedies import remedies_text, remedy_bodies
from zhifa.cases.services.service import require_checklist, require_past
from zhifa.catalog.constants import ItemType, PenaltyType
from zhifa.catalog.services.items import item_require_in_catalogue
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.deadlines.services import obligation_open
from zhifa.personnel.selectors.certificates import certificate_valid_for
from zhifa.subjects.constants import EntityCategory

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.catalog.models import ItemVersion
    from zhifa.subjects.models import MarketEntity

PUBLICATION_RULE_PENALTY = "R-1.2-12"
SIMPLIFIED_PENALTIES = frozenset({PenaltyType.WARNING, PenaltyType.FINE})
# 《行政处罚法》第五十一条 speaks of 公民 and of 法人或者其他组织; an individual business answers
# as the citizen who runs it.
CITIZEN_CATEGORIES = frozenset({EntityCategory.NATURAL_PERSON, EntityCategory.INDIVIDUAL_BUSINESS})


def simplified_fine_limit(party: MarketEntity) -> Decimal:
    """The highest fine the simplified procedure allows on ``party`` (第五十一条)."""
    if party.category in CITIZEN_CATEGORIES:
        return SIMPLIFIED_FINE_LIMIT_PERSON
    return SIMPLIFIED_FINE_LIMIT_ORGANISATION


def require_officers_present(
    *, actor: User, organisation: Organisation, officers: list[User], item_version: ItemVersion
) -> list[User]:
    """R-1.1-12 / R-4.6-03: at least two officers of the unit present, each with a certificate
    valid for the item's type today; the actor is one of them (no solo enforcement)."""
    people = {u.pk: u for u in officers}
    if actor.pk not in people:
        raise DomainError(
            "当场处罚的执法人员须包括您本人，请选择在场的执法人员。",
            code="actor_not_present",
            field="officers",
        )
    if len(people) < MIN_HANDLERS:
        raise DomainError(
            f"当场作出行政处罚，在场执法人员不得少于 {MIN_HANDLERS} 人，"
            "未经批准不得单独执法（R-1.1-12、R-4.6-03）。",
            code="too_few_officers",
            field="officers",
        )
    enforcement_type = item_version.enforcement_type
    for user in people.values():
        name = user.full_name or user.username
        own = user.organisation
        if not user.is_active or own is None or not own.path.startswith(organisation.path):
            raise DomainError(
                f"{name} 不是本单位的执法人员。", code="not_in_unit", field="officers"
            )
        check = certificate_valid_for(user, enforcement_type)
        if not check:
            raise DomainError(
                f"{name}：{check.reason}", code="certificate_invalid", field="officers"
            )
    return list(people.values())


@transaction.atomic
def case_simplified_decide(
    *,
    actor: User,
    organisation: Organisation,
    item_version: ItemVersion,
    party: MarketEntity,
    cause: str,
    facts: str,
    officers: list[User],
    penalty_types: list[str],
    fine: Decimal | None,
    place: str,
    decided_at: dt.datetime,
    certificate_shown: bool,
    party_informed: bool,
    statement: str = "",
    receipt_number: str = "",
) -> Case:
    """Decide a penalty on the spot (简易程序): returns the case, numbered, decided, served and
    EXECUTING (or complete when the fine was paid on the spot).

    Guards: a penalty item of the unit's catalogue (R-1.8-04); only a warning and/or a fine,
    the fine within 第五十一条's limit for the party's category; two certified officers present
    (R-1.1-12, R-4.6-03); R-1.2-09's checklist. Opens publication (R-1.2-12, 7 WD from the
    decision) and, for an unpaid fine, the performance window (R-2.3-25); a receipt number
    given means paid on the spot against that receipt (R-4.6-04).
    """
    if not actor.is_active or not actor.has_role(Role.OFFICER):
        raise PermissionDenied("只有执法人员可以当场作出行政处罚。")
    if actor.is_county_wide or not can_see_organisation(user=actor, organisation=organisation):
        raise PermissionDenied("只能以本单位的名义作出行政处罚。")
    if item_version.item_type != ItemType.PENALTY:
        raise DomainError(
            "简易程序只适用于行政处罚事项。", code="not_penalty", field="item_version"
        )
    item_require_in_catalogue(organisation=organisation, item=item_version.item)
    cause = require_text(cause, field="cause", what="案由")
    facts = require_text(facts, field="facts", what="违法事实")
    place = require_text(place, field="place", what="处罚地点")
    require_past(decided_at, field="decided_at", what="处罚时间", not_before=None)
    types = list(dict.fromkeys(penalty_types or []))
    if not types:
        raise DomainError("请选择处罚种类。", code="required", field="penalty_types")
    if set(types) - SIMPLIFIED_PENALTIES:
        raise DomainError(
            "简易程序只能当场给予警告或者罚款（《行政处罚法》第五十一条）；"
            "其他处罚种类请按普通程序立案调查。",
            code="penalty_not_simplified",
            field="penalty_types",
        )
    if PenaltyType.FINE in types:
        if fine is None or fine <= 0:
            raise DomainError("请填写罚款金额。", code="fine_required", field="fine")
        limit = simplified_fine_limit(party)
        if fine > limit:
            who = "公民" if party.category in CITIZEN_CATEGORIES else "法人或者其他组织"
            raise DomainError(
                f"简易程序对{who}只能处以{money_zh(limit)}元以下罚款（《行政处罚法》第五十一条）；"
                "超过的，请按普通程序立案调查。",
                code="fine_over_simplified_limit",
                field="fine",
            )
    elif fine:
        raise DomainError(
            "未选择罚款的，不应填写罚款金额。", code="fine_without_type", field="fine"
        )
    else:
        fine = None
    require_checklist(certificate_shown=certificate_shown, party_informed=party_informed)
    people = require_officers_present(
        actor=actor, organisation=organisation, officers=officers, item_version=item_version
    )
    receipt_number = (receipt_number or "").strip()
    if receipt_number and fine is None:
        raise DomainError(
            "没有罚款，不需要填写罚款票据号码。",
            code="receipt_without_fine",
            field="receipt_number",
        )
    if (
        receipt_number
        and ExecutionRecord.objects.filter(
            case__organisation=organisation, receipt_number=receipt_number
        ).exists()
    ):
        raise DomainError(
            f"票据号码 {receipt_number} 已在本单位登记过，请核对。",
            code="receipt_reused",
            field="receipt_number",
        )

    number = case_number_allocate(organisation=organisation, kind=ItemType.PENALTY)
    now = clock.now()
    note = "当场处罚前声明无回避情形"
    case = case_open(
        actor=actor,
        officers=people,
        declaration_note=note,
        organisation=organisation,
        kind=ItemType.PENALTY,
        procedure=Procedure.SIMPLIFIED,
        status=CaseStatus.EXECUTING,
        number=number.text,
        number_year=number.year,
        number_serial=number.serial,
        item_version=item_version,
        party=party,
        cause=cause[:200],
        facts=facts,
        filed_at=decided_at,
        decided_at=decided_at,
    )
    # R-1.5-03: the others present declared on the spot before the penalty (the form's
    # declaration); the actor's is recorded by case_open.
    for user in people:
        if user.pk != actor.pk:
            declare_if_given(
                case=case, person=user, capacity=Capacity.HANDLER, has_conflict=False, note=note
            )
    labels = []
    for t in types:
        if t == PenaltyType.FINE:
            labels.append(f"罚款人民币{money_zh(fine)}元")
        else:
            labels.append(PenaltyType(t).label)
    content = "；".join(labels) + "。"
    remedies = remedies_text(organisation)
    decision = Decision.objects.create(
        case=case,
        outcome=DecisionOutcome.PENALTY,
        content=content,
        penalty_types=types,
        fine=fine,
        remedies=remedies,
        proposed_by=actor,
        proposed_at=decided_at,
        approved_by=actor,
        decided_at=decided_at,
    )
    review, court = remedy_bodies(organisation)
    decisions = [f"{label}；" for label in labels]
    decisions[-1] = decisions[-1][:-1] + "。"
    document = case_document_render(
        case=case,
        actor=actor,
        template_code="simplified_decision",
        context={
            "decided_at_text": time_zh(decided_at),
            "place": place,
            "facts": facts,
            "statement": (statement or "").strip(),
            "legal_basis": item_version.legal_basis,
            "decisions": decisions,
            "fine_total": money_zh(fine) if fine else "",
            "paid_on_spot": bool(receipt_number),
            "receipt_number": receipt_number,
            "payment_place": "本机关指定的罚没款代收银行",
            "review_organ": review,
            "court": court,
            "date": date_zh(decided_at),
        },
        title="当场行政处罚决定书",
    )
    decision.document = document
    decision.save(update_fields=["document"])
    ServiceRecord.objects.create(
        case=case,
        served_document=document,
        method=ServiceMethod.DIRECT,
        served_at=decided_at,
        recipient=party.name,
        place=place,
        certificate_shown=certificate_shown,
        party_informed=party_informed,
        note="当场交付当事人",
        served_by=actor,
    )
    case_event_add(
        case=case,
        actor=actor,
        action="simplified_decide",
        summary=f"适用简易程序当场处罚：{content}",
        payload={
            "penalty_types": types,
            "fine": str(fine) if fine is not None else None,
            "officer_ids": sorted(u.pk for u in people),
            "place": place,
            "decided_at": decided_at.isoformat(),
            "certificate_shown": certificate_shown,
            "party_informed": party_informed,
            "serial": number.serial,
        },
        document=document,
        at=now,
    )
    obligation_open(
        rule_id=PUBLICATION_RULE_PENALTY,
        subject=case,
        organisation=organisation,
        start_at=clock.local(decided_at).date(),
        label="公开行政处罚决定信息",
        actor=None,
    )
    if fine is not None:
        if receipt_number:
            ExecutionRecord.objects.create(
                case=case,
                kind=ExecutionKind.PAYMENT,
                at=decided_at,
                amount=fine,
                receipt_number=receipt_number,
                note="当场收缴罚款",
                completes=True,
                recorded_by=actor,
            )
            case_event_add(
                case=case,
                actor=actor,
                action="execution_record",
                summary=f"当场收缴罚款人民币{money_zh(fine)}元（票据号码 {receipt_number}），"
                "决定执行完毕",
                payload={"amount": str(fine), "receipt_number": receipt_number, "completes": True},
            )
        else:
            obligation_open(
                rule_id=PERFORMANCE_RULE,
                subject=case,
                organisation=organisation,
                start_at=decided_at,
                label="当事人缴纳罚款",
                actor=None,
            )
    return case

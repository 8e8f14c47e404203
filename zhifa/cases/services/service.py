"""Service of the decision (送达): the handler serves the decision document on the party.

``case_serve`` moves a decided case to EXECUTING, records how, when and on whom the decision
was served, renders the 送达回证 and — when the decision leaves the party something to perform —
opens the party's performance window (R-2.3-25, 15 days from service, 《行政处罚法》第六十七条).
Service in person (直接送达, 留置送达) carries R-1.2-09's checklist.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.cases.constants import CaseStatus, ServiceMethod
from zhifa.cases.models import Case, Decision, ServiceRecord
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_set_status,
    require_handler,
    require_text,
)
from zhifa.cases.services.docs import case_document_render, date_zh, time_zh
from zhifa.cases.services.execution import PERFORMANCE_RULE, decision_needs_performance
from zhifa.cases.workflow import require_transition
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.deadlines.services import obligation_open

if TYPE_CHECKING:
    from zhifa.accounts.models import User

# Service in the party's presence: the officers show certificates and inform (R-1.2-09).
IN_PERSON_METHODS = frozenset({ServiceMethod.DIRECT, ServiceMethod.LIEN})


def require_checklist(*, certificate_shown: bool, party_informed: bool) -> None:
    """R-1.2-09: officers show their certificates and tell the party the reason, basis, rights
    and obligations — both boxes of the checklist, each refused on its own field."""
    if not certificate_shown:
        raise DomainError(
            "执法人员应当主动出示执法证件、表明身份（R-1.2-09）：请出示证件后勾选“已出示执法证件”。",
            code="certificate_not_shown",
            field="certificate_shown",
        )
    if not party_informed:
        raise DomainError(
            "执法人员应当告知当事人执法事由、依据和权利义务（R-1.2-09）：请告知后勾选“已告知”。",
            code="party_not_informed",
            field="party_informed",
        )


def require_past(
    value: dt.datetime, *, field: str, what: str, not_before: dt.datetime | None
) -> None:
    """An instant the officer records: not in the future and not before ``not_before``."""
    if value > clock.now():
        raise DomainError(f"{what}不能晚于现在，请核对。", code="in_future", field=field)
    # forms take minutes: an instant in the same minute as ``not_before`` is not before it
    if not_before is not None and value < not_before.replace(second=0, microsecond=0):
        raise DomainError(
            f"{what}不能早于{time_zh(not_before)}，请核对。", code="too_early", field=field
        )


def _decision_of(case: Case) -> Decision:
    decision = Decision.objects.filter(case=case).select_related("document").first()
    if decision is None or decision.decided_at is None:
        raise DomainError("本案尚未作出经批准的决定，没有可送达的决定书。", code="no_decision")
    if decision.document is None:
        raise DomainError(
            "决定书尚未制作，请先由负责人批准决定并生成决定书后再送达。",
            code="no_decision_document",
        )
    return decision


@transaction.atomic
def case_serve(
    *,
    case: Case,
    actor: User,
    method: str,
    served_at: dt.datetime,
    recipient: str,
    place: str = "",
    certificate_shown: bool = False,
    party_informed: bool = False,
    note: str = "",
) -> ServiceRecord:
    """Serve the decision document on the party (DECIDED → EXECUTING).

    R-1.2-09: service in person (direct, lien) needs the checklist (certificate shown, party
    informed); a lien service needs the witnesses in the note; electronic service only with the
    addressee's consent, noted (R-4.8-08). Renders the 送达回证. R-2.3-25: a decision that
    leaves the party something to perform (a fine, a confiscation …) opens the party's
    performance window from ``served_at``.
    """
    case = case_lock(case)
    require_transition(case, "serve")
    require_handler(case, actor)
    decision = _decision_of(case)
    if method not in ServiceMethod.values:
        raise DomainError("请选择送达方式。", code="method_invalid", field="method")
    recipient = require_text(recipient, field="recipient", what="受送达人")
    note = (note or "").strip()
    place = (place or "").strip()
    require_past(served_at, field="served_at", what="送达时间", not_before=decision.decided_at)
    if method in IN_PERSON_METHODS:
        require_checklist(certificate_shown=certificate_shown, party_informed=party_informed)
        if not place:
            raise DomainError("当面送达的，请填写送达地点。", code="required", field="place")
    if method == ServiceMethod.LIEN and not note:
        raise DomainError(
            "留置送达的，请在说明中写明拒收事由和见证人（姓名、身份），并由见证人签名。",
            code="lien_witness_required",
            field="note",
        )
    if method == ServiceMethod.ELECTRONIC and not note:
        raise DomainError(
            "电子送达须经受送达人同意（R-4.8-08）：请在说明中记录同意的方式和送达的地址。",
            code="e_service_consent_required",
            field="note",
        )
    served_document = decision.document
    assert served_document is not None  # noqa: S101 - _decision_of checked it
    method_label = ServiceMethod(method).label
    receipt = case_document_render(
        case=case,
        actor=actor,
        template_code="service_receipt",
        context={
            "service_address": place,
            "documents": [
                {
                    "title": served_document.title or "决定书",
                    "number": served_document.number or case.number or "",
                    "served_at": date_zh(served_at),
                    "method": method_label,
                }
            ],
            "proxy": "" if recipient == case.party.name else recipient,
            "servers": actor.full_name or actor.username,
            "witness": note if method == ServiceMethod.LIEN else "",
            "remarks": note if method != ServiceMethod.LIEN else "当事人拒收，已留置送达。",
            "date": date_zh(served_at),
        },
        title="送达回证",
    )
    record = ServiceRecord.objects.create(
        case=case,
        served_document=served_document,
        method=method,
        served_at=served_at,
        recipient=recipient,
        place=place,
        certificate_shown=certificate_shown,
        party_informed=party_informed,
        note=note,
        served_by=actor,
        receipt_document=receipt,
    )
    case_set_status(case, CaseStatus.EXECUTING)
    case_event_add(
        case=case,
        actor=actor,
        action="serve",
        summary=f"{method_label}决定书，受送达人：{recipient}",
        payload={
            "service_id": record.pk,
            "method": method,
            "served_at": served_at.isoformat(),
            "certificate_shown": certificate_shown,
            "party_informed": party_informed,
        },
        document=receipt,
    )
    if decision_needs_performance(decision):
        obligation_open(
            rule_id=PERFORMANCE_RULE,
            subject=case,
            organisation=case.organisation,
            start_at=served_at,
            label="当事人履行处罚决定（缴纳罚没款等）",
            actor=None,
        )
    return record

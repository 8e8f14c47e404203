"""Clues (案件线索): registered from their source, verified, then filed, refused or transferred.

``clue_register`` records a clue in the unit's name; ``clue_verify`` records the verification
(grounds to file → VERIFIED, then ``case_file_request(clue=...)``; no case → NOT_FILED; not
within the unit's jurisdiction → TO_TRANSFER with the transfer time limit R-2.2-02 / R-2.2-03
running); ``clue_transfer`` is the head's written transfer in the unit's name (R-2.2-04) with
the 案件移送函. Clues have no case timeline: each step is a ledger entry (``cases.clue.*``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from zhifa.accounts.constants import ENFORCING_KINDS, Role
from zhifa.cases.constants import ClueSource, ClueStatus
from zhifa.cases.models import Clue
from zhifa.cases.services.common import is_head_of, require_text
from zhifa.cases.services.docs import date_zh
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.subjects import subject_key
from zhifa.deadlines.services import obligation_fulfil_for, obligation_open
from zhifa.documents.services import document_render
from zhifa.ledger.services import ledger_append

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from zhifa.accounts.models import Organisation, User
    from zhifa.documents.models import GeneratedDocument
    from zhifa.subjects.models import MarketEntity

# R-2.2-02: a clue outside the unit's jurisdiction is transferred within 3 working days;
# R-2.2-03: within 24 hours when the situation is urgent (情况紧急, a manual flag on the clue).
TRANSFER_RULE = "R-2.2-02"
URGENT_TRANSFER_RULE = "R-2.2-03"


class VerifyOutcome:
    """The three results of verifying a clue (核查结果)."""

    FILE = "file"  # grounds to file a case: VERIFIED, then case_file_request(clue=...)
    NO_CASE = "no_case"  # no violation or no grounds: NOT_FILED, with the reason
    NOT_OURS = "not_ours"  # not within the unit's jurisdiction: TO_TRANSFER (R-2.2-02/03)

    CHOICES = (
        (FILE, "违法事实基本清楚、属本单位管辖，拟立案调查"),
        (NO_CASE, "没有违法事实或者不符合立案条件，不予立案"),
        (NOT_OURS, "不属于本单位管辖，拟移送有管辖权的单位"),
    )


# R-2.2-11: what goes with a transfer (the letter itself is item 1).
TRANSFER_MATERIALS_DEFAULT = (
    "案件移送函",
    "案件来源材料（线索登记及核查情况）",
    "初步证明涉嫌违法的相关证据材料",
)


def _name(user: User) -> str:
    return user.full_name or user.username


def _require_staff(actor: User, organisation: Organisation, what: str) -> None:
    """An officer or head of the unit (or of a unit above it) acts for its clues."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied()
    if not (actor.has_role(Role.OFFICER) or actor.has_role(Role.UNIT_HEAD)):
        raise PermissionDenied(f"只有执法人员或单位负责人可以{what}。", code="not_officer")
    own = actor.organisation
    if actor.is_county_wide or own is None or not organisation.path.startswith(own.path):
        raise PermissionDenied(f"只能{what}本单位的线索。", code="not_own_unit")


def _lock(clue: Clue) -> Clue:
    return (
        Clue.objects.select_for_update(of=("self",))
        .select_related("organisation", "party", "transferred_to")
        .get(pk=clue.pk)
    )


def _require_status(clue: Clue, allowed: set[str], what: str) -> None:
    if clue.status not in allowed:
        current = ClueStatus(clue.status).label
        need = "、".join(ClueStatus(s).label for s in sorted(allowed))
        raise DomainError(
            f"线索当前为“{current}”，不能{what}：只有“{need}”的线索才可以。",
            code="clue_status",
        )


def _not_future(value: dt.datetime, *, field: str, what: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise DomainError(f"请填写完整的{what}（日期和时间）。", code="invalid_time", field=field)
    if value > clock.now():
        raise DomainError(f"{what}不能晚于当前时间。", code="time_in_future", field=field)
    return value


def _log(actor: User, action: str, clue: Clue, payload: dict[str, Any]) -> None:
    body = {"status": clue.status, "organisation_id": clue.organisation_id}
    body.update(payload)
    ledger_append(actor=actor, action=f"cases.clue.{action}", subject=clue, payload=body)


@transaction.atomic
def clue_register(
    *,
    actor: User,
    organisation: Organisation,
    source: str,
    received_at: dt.datetime,
    summary: str,
    party: MarketEntity | None = None,
    party_name: str = "",
    source_reference: str = "",
    location: str = "",
    urgent: bool = False,
) -> Clue:
    """Record a clue from its source (inspection, complaint, transfer, supervision, own
    discovery, other) in the unit's name. The party is one of the directory or, when it is not
    in the directory (yet), a name. ``urgent`` marks 情况紧急 (R-2.2-03)."""
    _require_staff(actor, organisation, "登记")
    if organisation.kind not in ENFORCING_KINDS:
        raise DomainError("只有行政执法单位可以登记案件线索。", field="organisation")
    if source not in ClueSource.values:
        raise DomainError("请选择线索来源。", code="invalid_source", field="source")
    received_at = _not_future(received_at, field="received_at", what="收到线索的时间")
    summary = require_text(summary, field="summary", what="线索内容")
    party_name = (party_name or "").strip()
    if party is None and not party_name:
        raise DomainError(
            "请从市场主体名录中选择涉及的当事人，或者填写当事人名称（不明的写“不详”）。",
            code="party_required",
            field="party_name",
        )
    clue = Clue.objects.create(
        organisation=organisation,
        source=source,
        source_reference=(source_reference or "").strip()[:200],
        received_at=received_at,
        party=party,
        party_name="" if party is not None else party_name[:200],
        summary=summary,
        location=(location or "").strip()[:200],
        urgent=bool(urgent),
        registered_by=actor,
    )
    _log(
        actor,
        "register",
        clue,
        {
            "source": source,
            "received_at": received_at,
            "party_id": party.pk if party is not None else None,
            "party_name": clue.party_label,
            "urgent": clue.urgent,
        },
    )
    return clue


@transaction.atomic
def clue_verify(*, clue: Clue, actor: User, outcome: str, note: str) -> Clue:
    """Record the verification of a registered clue (线索核查).

    ``"file"`` → VERIFIED (a case is then filed on it with ``case_file_request(clue=...)``);
    ``"no_case"`` → NOT_FILED, ``note`` is the reason; ``"not_ours"`` → TO_TRANSFER and the
    transfer time limit runs on the clue: R-2.2-02 (3 working days) or, when the clue is
    urgent, R-2.2-03 (24 hours)."""
    clue = _lock(clue)
    _require_staff(actor, clue.organisation, "核查")
    _require_status(clue, {ClueStatus.REGISTERED}, "核查")
    if outcome not in {VerifyOutcome.FILE, VerifyOutcome.NO_CASE, VerifyOutcome.NOT_OURS}:
        raise DomainError("请选择核查结果。", code="invalid_outcome", field="outcome")
    what = {
        VerifyOutcome.FILE: "核查情况",
        VerifyOutcome.NO_CASE: "不予立案的理由",
        VerifyOutcome.NOT_OURS: "不属于本单位管辖的理由",
    }[outcome]
    note = require_text(note, field="note", what=what)
    now = clock.now()
    clue.verified_by = actor
    clue.verified_at = now
    clue.verification_note = note
    fields = ["status", "verified_by", "verified_at", "verification_note", "updated_at"]
    rule_id = None
    if outcome == VerifyOutcome.FILE:
        clue.status = ClueStatus.VERIFIED
    elif outcome == VerifyOutcome.NO_CASE:
        clue.status = ClueStatus.NOT_FILED
        clue.closed_reason = note
        fields.append("closed_reason")
    else:
        clue.status = ClueStatus.TO_TRANSFER
        clue.closed_reason = note
        fields.append("closed_reason")
    clue.save(update_fields=fields)
    if outcome == VerifyOutcome.NOT_OURS:
        rule_id = URGENT_TRANSFER_RULE if clue.urgent else TRANSFER_RULE
        obligation_open(
            rule_id=rule_id,
            subject=clue,
            organisation=clue.organisation,
            start_at=now,
            label=(
                "情况紧急：24小时内将线索移送有管辖权的单位"
                if clue.urgent
                else "3个工作日内将线索移送有管辖权的单位"
            ),
            actor=None,
        )
    _log(actor, "verify", clue, {"outcome": outcome, "note": note, "deadline_rule": rule_id})
    return clue


def _transfer_letter(
    *, clue: Clue, actor: User, to_organisation: Organisation, reason: str, materials: list[str]
) -> GeneratedDocument:
    unit = clue.organisation
    party = clue.party
    return document_render(
        actor=actor,
        template_code="case_transfer_letter",
        context={
            "unit_name": unit.name,
            "document_number": "",
            "receiver_name": to_organisation.name,
            "party_name": clue.party_label,
            "party_id_number": (party.uscc or party.id_number or "") if party else "",
            "party_address": (party.address if party else "") or clue.location,
            "source": clue.get_source_display()
            + (f"（{clue.source_reference}）" if clue.source_reference else ""),
            "received_on": date_zh(clue.received_at),
            "facts": clue.summary,
            "verification": clue.verification_note,
            "reasons": reason,
            "urgent": clue.urgent,
            "materials": materials,
            "contact": _name(actor),
            "contact_phone": unit.phone,
            "unit_address": unit.address,
            "date": date_zh(clock.today()),
        },
        organisation=unit,
        title="案件移送函",
        subject=clue,
    )


@transaction.atomic
def clue_transfer(
    *,
    clue: Clue,
    actor: User,
    to_organisation: Organisation,
    reason: str,
    materials: list[str] | None = None,
) -> Clue:
    """R-2.2-04: the unit head approves the transfer of a clue outside the unit's jurisdiction,
    made in the unit's name, one clue per transfer, in writing (案件移送函, stored and attached to
    the clue). The receiver is another enforcing unit. Fulfils the R-2.2-02 / R-2.2-03 time
    limit (late when made after it)."""
    clue = _lock(clue)
    if not is_head_of(actor, clue.organisation):
        raise PermissionDenied(
            "案件移送须经本单位负责人批准（R-2.2-04），只有本单位负责人可以办理移送。",
            code="not_head",
        )
    _require_status(clue, {ClueStatus.TO_TRANSFER}, "移送")
    if to_organisation is None:
        raise DomainError("请选择接收移送的单位。", field="to_organisation")
    if to_organisation.pk == clue.organisation_id:
        raise DomainError(
            "不能移送给本单位：请选择有管辖权的其他执法单位。", field="to_organisation"
        )
    if to_organisation.kind not in ENFORCING_KINDS or not to_organisation.is_active:
        raise DomainError(
            f"“{to_organisation.name}”不是行政执法单位，不能接收移送的案件线索；"
            "涉嫌犯罪的，应当在立案后按涉嫌犯罪案件移送司法机关。",
            field="to_organisation",
        )
    reason = require_text(reason, field="reason", what="移送理由")
    extra = [m.strip() for m in (materials or []) if m and m.strip()]
    listed = list(TRANSFER_MATERIALS_DEFAULT) + [
        m for m in extra if m not in TRANSFER_MATERIALS_DEFAULT
    ]
    document = _transfer_letter(
        clue=clue, actor=actor, to_organisation=to_organisation, reason=reason, materials=listed
    )
    now = clock.now()
    clue.status = ClueStatus.TRANSFERRED
    clue.transferred_to = to_organisation
    clue.transferred_at = now
    clue.closed_reason = reason
    clue.save(
        update_fields=["status", "transferred_to", "transferred_at", "closed_reason", "updated_at"]
    )
    fulfilled = []
    for rule_id in (URGENT_TRANSFER_RULE, TRANSFER_RULE):
        ob = obligation_fulfil_for(subject=clue, rule_id=rule_id, actor=None, at=now)
        if ob is not None:
            fulfilled.append({"rule_id": rule_id, "state": ob.state})
    _log(
        actor,
        "transfer",
        clue,
        {
            "to_organisation_id": to_organisation.pk,
            "reason": reason,
            "materials": listed,
            "document_id": document.pk,
            "document_pdf_sha256": document.pdf_sha256,
            "fulfilled": fulfilled,
        },
    )
    return clue


def clue_documents(*, clue: Clue, user: User) -> QuerySet[GeneratedDocument]:
    """The documents of a clue (its 案件移送函) that ``user`` may see, newest first."""
    from zhifa.documents.selectors import document_list_for_subject

    subject_type, subject_id = subject_key(clue)
    return document_list_for_subject(
        user=user, subject_type=subject_type, subject_id=subject_id
    ).order_by("-id")

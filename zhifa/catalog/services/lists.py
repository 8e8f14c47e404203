"""Writes of the unit lists: random-inspection items (R-1.1-01, published R-1.1-06), major
decisions needing legal review (R-1.4-08, filed with the Justice Bureau), matters needing
audio-video recording (R-1.3-05). Entries are deactivated, never deleted.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from zhifa.accounts.models import Organisation, User
from zhifa.catalog.constants import FilingStatus, UnitListKind
from zhifa.catalog.models import EnforcementItem, UnitListEntry, UnitListFiling
from zhifa.catalog.services.items import (
    CATALOGUE_OWNER_KINDS,
    can_propose_for,
    catalogue_owner,
    is_justice_bureau,
)
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.canonical import canonical_json
from zhifa.ledger.services import ledger_append

# Fields each kind needs (label for the error message); R-1.1-01, R-1.4-08, R-1.3-05.
REQUIRED_FIELDS: dict[str, dict[str, str]] = {
    UnitListKind.RANDOM_INSPECTION: {
        "name": "抽查事项名称",
        "content": "抽查内容",
        "legal_basis": "抽查依据",
        "inspecting_body": "抽查主体",
    },
    UnitListKind.MAJOR_DECISION: {
        "name": "事项名称",
        "category": "类别",
        "enforcement_level": "执法层级",
        "field": "所属领域",
        "content": "审核标准",
    },
    UnitListKind.AV_RECORDING: {
        "name": "音像记录事项",
        "content": "记录内容",
        "stage": "记录环节",
        "method": "记录方式",
    },
}
TEXT_FIELDS = (
    "name",
    "content",
    "legal_basis",
    "inspecting_body",
    "category",
    "enforcement_level",
    "field",
    "stage",
    "method",
)
# R-1.4-07: the grounds that make a decision major; offered as categories of the R-1.4-08 list.
MAJOR_DECISION_GROUNDS = (
    "涉及重大公共利益",
    "可能造成重大社会影响或引发社会风险",
    "直接关系当事人或第三人重大权益",
    "需经听证程序作出决定",
    "案件疑难复杂、涉及多个法律关系",
    "法律、法规、规章规定应当进行法制审核",
    "其他",
)


def can_edit_lists(user: User, organisation: Organisation) -> bool:
    """A unit's head or legal reviewer keeps its own lists; the JB keeps all."""
    return can_propose_for(user, organisation)


def _owner(organisation: Organisation) -> Organisation:
    owner = catalogue_owner(organisation)
    if owner.kind not in CATALOGUE_OWNER_KINDS:
        raise DomainError("只有县直行政执法部门和乡镇人民政府编制这些清单。", code="not_list_owner")
    return owner


def _clean(kind: str, values: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    if kind not in REQUIRED_FIELDS:
        raise DomainError("清单类型不正确。", code="bad_kind", field="kind")
    out: dict[str, Any] = {name: str(values.get(name) or "").strip() for name in TEXT_FIELDS}
    for name, label in REQUIRED_FIELDS[kind].items():
        if not out[name]:
            raise DomainError(f"请填写{label}。", code="required", field=name)
    amount = values.get("amount_threshold")
    if amount in (None, ""):
        out["amount_threshold"] = None
    else:
        try:
            out["amount_threshold"] = Decimal(str(amount))
        except InvalidOperation:
            raise DomainError(
                "涉案金额标准应为数字（元）。", code="bad_amount", field="amount_threshold"
            ) from None
        if out["amount_threshold"] < 0 or out["amount_threshold"] >= Decimal("1e12"):
            raise DomainError(
                "涉案金额标准应为不小于0的金额。", code="bad_amount", field="amount_threshold"
            )
    item = values.get("item")
    if item is not None and (
        not isinstance(item, EnforcementItem) or item.organisation_id != organisation.pk
    ):
        raise DomainError("关联的执法事项应为本单位清单中的事项。", code="bad_item", field="item")
    out["item"] = item
    return out


def _ledger(actor: User, action: str, entry: UnitListEntry) -> None:
    ledger_append(
        actor=actor,
        action=action,
        subject=entry,
        payload={
            "organisation": entry.organisation_id,
            "kind": entry.kind,
            "name": entry.name,
            "active": entry.is_active,
            "item": entry.item_id,
        },
    )
    if entry.kind == UnitListKind.RANDOM_INSPECTION:
        # R-1.1-06: the public page shows the list as it is now; every change republishes it.
        ledger_append(
            actor=actor,
            action="catalog.list.republished",
            subject=entry.organisation,
            payload={
                "kind": entry.kind,
                "active_entries": _active_count(entry.organisation, entry.kind),
            },
        )


def _active_count(organisation: Organisation, kind: str) -> int:
    return UnitListEntry.objects.filter(
        organisation=organisation, kind=kind, is_active=True
    ).count()


@transaction.atomic
def unit_list_entry_create(
    *, actor: User, organisation: Organisation, kind: str, values: dict[str, Any]
) -> UnitListEntry:
    """Add an entry to one of a unit's lists (R-1.1-01, R-1.4-08, R-1.3-05): the fields each list
    requires are checked; the random-inspection list is republished at once (R-1.1-06)."""
    organisation = _owner(organisation)
    if not can_edit_lists(actor, organisation):
        raise PermissionDenied("只有本单位负责人、法制审核人员或县司法局可以维护本单位的清单。")
    clean = _clean(kind, values, organisation)
    entry = UnitListEntry.objects.create(
        organisation=organisation, kind=kind, updated_by=actor, **clean
    )
    _ledger(actor, "catalog.list.entry_added", entry)
    return entry


@transaction.atomic
def unit_list_entry_update(
    *, actor: User, entry: UnitListEntry, values: dict[str, Any]
) -> UnitListEntry:
    """Edit an active entry (same checks as on creation)."""
    entry = (
        UnitListEntry.objects.select_for_update().select_related("organisation").get(pk=entry.pk)
    )
    if not can_edit_lists(actor, entry.organisation):
        raise PermissionDenied("只有本单位负责人、法制审核人员或县司法局可以维护本单位的清单。")
    if not entry.is_active:
        raise TransitionNotAllowed("该清单事项已停用，不能修改。")
    clean = _clean(entry.kind, values, entry.organisation)
    for key, value in clean.items():
        setattr(entry, key, value)
    entry.updated_by = actor
    entry.save()
    _ledger(actor, "catalog.list.entry_changed", entry)
    return entry


@transaction.atomic
def unit_list_entry_deactivate(*, actor: User, entry: UnitListEntry) -> UnitListEntry:
    """Take an entry off its list; it is kept (never deleted)."""
    entry = (
        UnitListEntry.objects.select_for_update().select_related("organisation").get(pk=entry.pk)
    )
    if not can_edit_lists(actor, entry.organisation):
        raise PermissionDenied("只有本单位负责人、法制审核人员或县司法局可以维护本单位的清单。")
    if not entry.is_active:
        raise TransitionNotAllowed("该清单事项已经停用。")
    entry.is_active = False
    entry.updated_by = actor
    entry.save()
    _ledger(actor, "catalog.list.entry_deactivated", entry)
    return entry


def list_snapshot(*, organisation: Organisation, kind: str) -> dict[str, Any]:
    """The canonical content of a unit's active list (what a filing freezes)."""
    entries = UnitListEntry.objects.filter(
        organisation=organisation, kind=kind, is_active=True
    ).order_by("name", "id")
    return {
        "organisation": {
            "id": organisation.pk,
            "code": organisation.code,
            "name": organisation.name,
        },
        "kind": kind,
        "entries": [
            {
                "id": e.pk,
                "name": e.name,
                "item": e.item_id,
                "category": e.category,
                "enforcement_level": e.enforcement_level,
                "field": e.field,
                "amount_threshold": str(e.amount_threshold)
                if e.amount_threshold is not None
                else None,
                "content": e.content,
                "legal_basis": e.legal_basis,
                "inspecting_body": e.inspecting_body,
                "stage": e.stage,
                "method": e.method,
            }
            for e in entries
        ],
    }


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


@transaction.atomic
def unit_list_file(
    *, actor: User, organisation: Organisation, kind: str = UnitListKind.MAJOR_DECISION
) -> UnitListFiling:
    """R-1.4-08: file the unit's major-decision list with the Justice Bureau — a frozen snapshot
    with the SHA-256 of its canonical JSON. One filing at a time awaits the JB."""
    organisation = _owner(organisation)
    if not can_edit_lists(actor, organisation):
        raise PermissionDenied("只有本单位负责人、法制审核人员可以报备本单位的清单。")
    if kind != UnitListKind.MAJOR_DECISION:
        raise DomainError("只有重大执法决定法制审核目录清单需要报司法局备案。", code="bad_kind")
    if UnitListFiling.objects.filter(
        organisation=organisation, kind=kind, status=FilingStatus.SUBMITTED
    ).exists():
        raise DomainError("已有一份报备正等待司法局处理，请勿重复报备。", code="pending_filing")
    snapshot = list_snapshot(organisation=organisation, kind=kind)
    if not snapshot["entries"]:
        raise DomainError("清单为空，请先添加事项再报备。", code="empty_list")
    filing = UnitListFiling.objects.create(
        organisation=organisation,
        kind=kind,
        snapshot=snapshot,
        snapshot_hash=snapshot_hash(snapshot),
        submitted_by=actor,
        submitted_at=clock.now(),
    )
    ledger_append(
        actor=actor,
        action="catalog.list.filed",
        subject=filing,
        payload={"organisation": organisation.pk, "kind": kind, "sha256": filing.snapshot_hash},
    )
    return filing


@transaction.atomic
def unit_list_filing_handle(
    *, actor: User, filing: UnitListFiling, accepted: bool, opinion: str = ""
) -> UnitListFiling:
    """The JB accepts a filed list (备案) or returns it with its opinion (R-1.4-08)."""
    if not is_justice_bureau(actor):
        raise PermissionDenied("清单备案由县司法局处理。")
    filing = UnitListFiling.objects.select_for_update().get(pk=filing.pk)
    if filing.status != FilingStatus.SUBMITTED:
        raise TransitionNotAllowed(f"该报备当前状态为“{filing.get_status_display()}”，已处理。")
    opinion = (opinion or "").strip()
    if not accepted and not opinion:
        raise DomainError("退回时请写明意见。", code="opinion_required", field="opinion")
    if snapshot_hash(filing.snapshot) != filing.snapshot_hash:
        raise DomainError("报备内容与摘要不符，可能已被篡改，请联系系统管理员。", code="tampered")
    filing.status = FilingStatus.ACCEPTED if accepted else FilingStatus.RETURNED
    filing.handled_by = actor
    filing.handled_at = clock.now()
    filing.opinion = opinion
    filing.save()
    ledger_append(
        actor=actor,
        action="catalog.list.filing_accepted" if accepted else "catalog.list.filing_returned",
        subject=filing,
        payload={"sha256": filing.snapshot_hash, "opinion": opinion},
    )
    return filing


__all__ = [
    "MAJOR_DECISION_GROUNDS",
    "REQUIRED_FIELDS",
    "can_edit_lists",
    "list_snapshot",
    "snapshot_hash",
    "unit_list_entry_create",
    "unit_list_entry_deactivate",
    "unit_list_entry_update",
    "unit_list_file",
    "unit_list_filing_handle",
]

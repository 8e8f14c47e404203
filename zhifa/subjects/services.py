"""Writes to the market-entity directory: create, update, flags (R-1.1-10), complaints counter.

Every write checks permission (``zhifa.subjects.permissions``), validates the identifiers (GB
32100 / GB 11643 check digits), and appends to the ledger in the same transaction. A natural
person's ID number never goes into the ledger in clear: it is masked there.

Bulk import and export live in ``zhifa.subjects.importing`` / ``zhifa.subjects.exporting``;
their entry points are re-exported here (``import_run_create``, ``import_run_execute``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.models import Organisation, User
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.identifiers import mask_id_number
from zhifa.ledger.services import ledger_append
from zhifa.subjects.codes import id_number_problem, normalise_code, uscc_problem
from zhifa.subjects.constants import EntityCategory, EntityFlag, EntityStatus
from zhifa.subjects.models import MarketEntity
from zhifa.subjects.permissions import can_edit_directory, can_edit_entity, editable_township

EDITABLE_FIELDS = (
    "name",
    "category",
    "uscc",
    "id_number",
    "legal_representative",
    "person_in_charge",
    "address",
    "township",
    "industry",
    "qualification",
    "phone",
    "status",
)
_MAX_LENGTHS = {
    f.name: f.max_length
    for f in MarketEntity._meta.fields
    if getattr(f, "max_length", None) and f.name in EDITABLE_FIELDS
}


def _ledger_value(field: str, value: Any) -> Any:
    if isinstance(value, Organisation):
        return value.pk
    if field == "id_number" and value:
        return mask_id_number(str(value))
    return value


def _clean(data: dict[str, Any], *, instance: MarketEntity | None) -> dict[str, Any]:
    """Normalise and validate the fields; raise ``DomainError`` naming the field."""
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if key not in EDITABLE_FIELDS:
            raise DomainError(f"不能修改字段 {key}。", code="invalid_field", field=key)
        if key == "township":
            if value is not None and (
                not isinstance(value, Organisation)
                or value.kind != OrganisationKind.TOWNSHIP_GOVERNMENT
            ):
                raise DomainError("所在乡镇应为乡镇人民政府。", code="invalid", field="township")
            cleaned[key] = value
            continue
        text = "" if value is None else str(value).strip()
        if key in ("uscc", "id_number"):
            text = normalise_code(text)
        limit = _MAX_LENGTHS.get(key)
        if limit and len(text) > limit:
            raise DomainError(f"内容过长，最多{limit}个字。", code="too_long", field=key)
        cleaned[key] = text
    merged = {
        f: (cleaned[f] if f in cleaned else getattr(instance, f, None)) for f in EDITABLE_FIELDS
    }
    if not merged["name"]:
        raise DomainError("请填写名称（姓名）。", code="required", field="name")
    category = merged["category"] or EntityCategory.ENTERPRISE
    if category not in EntityCategory.values:
        raise DomainError("类别无效。", code="invalid", field="category")
    if merged["status"] and merged["status"] not in EntityStatus.values:
        raise DomainError("登记状态无效。", code="invalid", field="status")
    if category == EntityCategory.NATURAL_PERSON:
        number = merged["id_number"] or ""
        if not number:
            raise DomainError("自然人请填写身份证号。", code="required", field="id_number")
        problem = id_number_problem(number)
        if problem:
            raise DomainError(problem, code="invalid_id_number", field="id_number")
        cleaned["id_number"], cleaned["uscc"] = number, None
    else:
        code = merged["uscc"] or ""
        if not code:
            raise DomainError(
                "请填写18位统一社会信用代码（自然人请选择类别“自然人”并填写身份证号）。",
                code="required",
                field="uscc",
            )
        problem = uscc_problem(code)
        if problem:
            raise DomainError(problem, code="invalid_uscc", field="uscc")
        cleaned["uscc"], cleaned["id_number"] = code, None
    cleaned["category"] = category
    others = MarketEntity.objects.all()
    if instance is not None and instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    if cleaned.get("uscc") and others.filter(uscc=cleaned["uscc"]).exists():
        raise DomainError(
            f"统一社会信用代码 {cleaned['uscc']} 已登记在名录中，请直接修改该主体。",
            code="duplicate",
            field="uscc",
        )
    if cleaned.get("id_number") and others.filter(id_number=cleaned["id_number"]).exists():
        raise DomainError(
            "该身份证号已登记在名录中，请直接修改该自然人。", code="duplicate", field="id_number"
        )
    return cleaned


def _check_township(actor: User, township: Organisation | None) -> None:
    town = editable_township(actor)
    if town is not None and (township is None or township.pk != town.pk):
        raise PermissionDenied(f"您只能登记和修改{town.name}辖区内的主体。")


@transaction.atomic
def entity_create(*, actor: User, data: dict[str, Any]) -> MarketEntity:
    """Add an entity (R-1.1-02). ``data`` holds fields of ``EDITABLE_FIELDS``; a township
    editor's entity gets their township when none is given."""
    if not can_edit_directory(actor):
        raise PermissionDenied("您没有权限登记市场主体。")
    data = dict(data)
    town = editable_township(actor)
    if town is not None and not data.get("township"):
        data["township"] = town
    cleaned = _clean(data, instance=None)
    _check_township(actor, cleaned.get("township"))
    entity = MarketEntity(**cleaned)
    entity.save()
    ledger_append(
        actor=actor,
        action="subjects.entity.create",
        subject=entity,
        payload={k: _ledger_value(k, v) for k, v in cleaned.items() if v not in ("", None)},
    )
    return entity


@transaction.atomic
def entity_update(*, actor: User, entity: MarketEntity, data: dict[str, Any]) -> MarketEntity:
    """Change fields of an entity; only changed fields are written and ledgered."""
    if not can_edit_entity(actor, entity):
        raise PermissionDenied("您没有权限修改该主体：它不在您单位的管辖范围内。")
    cleaned = _clean(dict(data), instance=entity)
    if "township" in cleaned:
        _check_township(actor, cleaned["township"])
    changes = {}
    for key, value in cleaned.items():
        old = getattr(entity, key)
        if old != value:
            changes[key] = [_ledger_value(key, old), _ledger_value(key, value)]
            setattr(entity, key, value)
    if not changes:
        return entity
    entity.save()
    ledger_append(
        actor=actor, action="subjects.entity.update", subject=entity, payload={"changes": changes}
    )
    return entity


@transaction.atomic
def entity_flag_set(
    *,
    actor: User,
    entity: MarketEntity,
    flag: EntityFlag | str,
    on: bool,
    listed_on: dt.date | None = None,
    note: str = "",
) -> MarketEntity:
    """Set or clear a flag of R-1.1-10 (abnormal-operation list with its date, serious
    violation record, higher-level requirement). The indicator ``raises_intensity`` follows."""
    if not can_edit_entity(actor, entity):
        raise PermissionDenied("您没有权限修改该主体的标记。")
    if flag not in EntityFlag.values:
        raise DomainError("标记无效。", code="invalid", field="flag")
    note = (note or "").strip()
    if len(note) > 200:
        raise DomainError("说明最多200个字。", code="too_long", field="note")
    payload: dict[str, Any] = {"flag": str(flag), "on": on, "note": note}
    if flag == EntityFlag.ABNORMAL:
        if on:
            listed_on = listed_on or clock.today()
            if listed_on > clock.today():
                raise DomainError(
                    "列入经营异常名录的日期不能晚于今天。", code="invalid", field="listed_on"
                )
            payload["listed_on"] = listed_on
        entity.abnormal_listed = on
        entity.abnormal_listed_on = listed_on if on else None
    elif flag == EntityFlag.SERIOUS_VIOLATION:
        entity.serious_violation = on
    else:
        entity.higher_level_required = on
    if note:
        entity.flag_note = note
    entity.save()
    ledger_append(actor=actor, action="subjects.entity.flag", subject=entity, payload=payload)
    return entity


@transaction.atomic
def entity_complaint_count_add(
    *, entity: MarketEntity, delta: int = 1, actor: User | None = None, source: str = ""
) -> MarketEntity:
    """Count a complaint or report against the entity (R-1.1-10 "投诉举报多").

    Called by the complaints module (``actor`` None = the system) when a complaint is
    registered (``delta=1``) or withdrawn as unfounded (``delta=-1``); the count never falls
    below zero. ``source`` says which complaint (e.g. its number), for the ledger.
    """
    locked = MarketEntity.objects.select_for_update().get(pk=entity.pk)
    new = max(locked.complaint_count + delta, 0)
    if new != locked.complaint_count:
        locked.complaint_count = new
        locked.save(update_fields=["complaint_count", "updated_at"])
        ledger_append(
            actor=actor,
            action="subjects.entity.complaints",
            subject=locked,
            payload={"delta": delta, "count": new, "source": source[:100]},
        )
    entity.complaint_count = new
    return entity


def entity_is_flagged_for_intensity(entity: MarketEntity) -> bool:
    """R-1.1-10: whether the draw should weight this entity up (see ``raises_intensity``)."""
    return entity.raises_intensity


def import_run_create(**kwargs: Any) -> Any:
    """See :func:`zhifa.subjects.importing.import_run_create`."""
    from zhifa.subjects.importing import import_run_create as create

    return create(**kwargs)


def import_run_execute(*, run_id: int) -> Any:
    """See :func:`zhifa.subjects.importing.import_run_execute`."""
    from zhifa.subjects.importing import import_run_execute as execute

    return execute(run_id=run_id)

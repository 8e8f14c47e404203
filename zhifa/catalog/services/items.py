"""Writes of the item catalogue: proposals and the adjustment workflow (system 1.8).

Workflow (R-1.8-06): a unit (county department or township) proposes an add, change or delete
version of an item → the Justice Bureau reviews it (passes or rejects with an opinion) → the
county government's approval is recorded (by the Justice Bureau, which runs the system for it, or
by a county leader) with its document number → the Justice Bureau publishes it with its
effective date. Items authorised by local regulations (地方法规法定授权事项) skip review and
approval and are published directly. Nothing is ever deleted: a delete version ends the item.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from zhifa.accounts.constants import OrganisationKind, Role
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.permissions import is_supervisor
from zhifa.catalog.constants import ChangeKind, ChangeTrigger, ItemType, VersionStatus
from zhifa.catalog.models import EnforcementItem, EnforcementType, ItemVersion
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.services import ledger_append

OPEN_STATUSES = (VersionStatus.PROPOSED, VersionStatus.JB_REVIEWED, VersionStatus.GOV_APPROVED)
CATALOGUE_OWNER_KINDS = (
    OrganisationKind.COUNTY_ENFORCEMENT_DEPT,
    OrganisationKind.TOWNSHIP_GOVERNMENT,
)
ELEMENT_FIELDS = (
    "name",
    "item_type",
    "enforcement_type",
    "legal_basis",
    "implementing_subject",
    "conditions",
    "procedure",
    "time_limit",
    "time_limit_basis",
    "remedies",
)


# --- who ------------------------------------------------------------------------------------


def catalogue_owner(organisation: Organisation) -> Organisation:
    """The unit whose catalogue and lists cover ``organisation``: a township team or an internal
    body belongs to its township or department; a department or township is its own owner."""
    org: Organisation | None = organisation
    while org is not None:
        if org.kind in CATALOGUE_OWNER_KINDS:
            return org
        org = org.parent
    return organisation


def is_justice_bureau(user: User) -> bool:
    """The Justice Bureau's supervisors manage the catalogue (R-1.8-01); the shared
    ``zhifa.accounts.permissions.is_supervisor``, signed in and active."""
    return bool(user.is_authenticated and user.is_active and is_supervisor(user))


def can_propose_for(user: User, organisation: Organisation) -> bool:
    """A unit's head or legal reviewer (of the unit or a body below it) proposes for its own
    catalogue; the Justice Bureau may propose for any unit."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_justice_bureau(user):
        return True
    if user.organisation is None or not user.has_role(Role.UNIT_HEAD, Role.LEGAL_REVIEWER):
        return False
    return catalogue_owner(user.organisation).pk == catalogue_owner(organisation).pk


def can_record_approval(user: User) -> bool:
    """The county government's approval is recorded by the JB or by a county leader."""
    return is_justice_bureau(user) or bool(
        user.is_authenticated and user.is_active and user.has_role(Role.COUNTY_LEADER)
    )


# --- validation -----------------------------------------------------------------------------


def _clean_elements(elements: dict[str, Any]) -> dict[str, Any]:
    """Check an item's elements (R-1.8-02, R-1.8-03, R-1.5-15); return them stripped."""
    out: dict[str, Any] = {}
    for name in ELEMENT_FIELDS:
        value = elements.get(name)
        out[name] = value.strip() if isinstance(value, str) else value
    required = {
        "name": "事项名称",
        "item_type": "事项类型",
        "enforcement_type": "执法类型",
        "legal_basis": "设立依据",
        "implementing_subject": "实施主体",
    }
    for name, label in required.items():
        if not out.get(name):
            raise DomainError(f"请填写{label}（R-1.8-02）。", code="required", field=name)
    if not out.get("time_limit"):
        raise DomainError(
            "办理时限不能为空：法律未规定履职期限的，应当在清单中予以明确（R-1.5-15）。",
            code="time_limit_required",
            field="time_limit",
        )
    if out["item_type"] not in ItemType.values:
        raise DomainError(
            "事项类型不在十类之内（R-1.8-03），请从列表中选择。", code="bad_type", field="item_type"
        )
    et = out["enforcement_type"]
    if not isinstance(et, EnforcementType):
        raise DomainError("请选择执法类型。", code="required", field="enforcement_type")
    if not et.is_active:
        raise DomainError(
            f"执法类型“{et.name}”已停用，请选择在用的执法类型。",
            code="inactive_type",
            field="enforcement_type",
        )
    for name in ("conditions", "procedure", "time_limit_basis", "remedies"):
        out[name] = out.get(name) or ""
    if len(out["name"]) > 200 or len(out["time_limit"]) > 100:
        raise DomainError("事项名称或办理时限过长。", code="too_long", field="name")
    return out


def _open_version(item: EnforcementItem) -> ItemVersion | None:
    return item.versions.filter(status__in=OPEN_STATUSES).first()


def _next_number(item: EnforcementItem) -> int:
    return (item.versions.aggregate(m=Max("number"))["m"] or 0) + 1


def _next_code(organisation: Organisation) -> str:
    prefix = organisation.code.upper()
    n = EnforcementItem.objects.filter(organisation=organisation).count() + 1
    while EnforcementItem.objects.filter(
        organisation=organisation, code=f"{prefix}-{n:03d}"
    ).exists():
        n += 1
    return f"{prefix}-{n:03d}"


def _payload(version: ItemVersion, **extra: Any) -> dict[str, Any]:
    return {
        "item": version.item.code,
        "organisation": version.item.organisation_id,
        "number": version.number,
        "change_kind": version.change_kind,
        "status": version.status,
        **extra,
    }


# --- proposal -------------------------------------------------------------------------------


@transaction.atomic
def item_propose(
    *,
    organisation: Organisation,
    actor: User,
    change_kind: str,
    change_trigger: str,
    change_reason: str = "",
    item: EnforcementItem | None = None,
    code: str = "",
    locally_authorised: bool = False,
    elements: dict[str, Any] | None = None,
) -> ItemVersion:
    """A unit proposes to add, change or cancel an item of its catalogue (R-1.8-06).

    ``change_trigger`` records why (R-1.8-05); only one open proposal per item. ``elements``
    holds the item's elements (name, item_type, enforcement_type, legal_basis,
    implementing_subject, conditions, procedure, time_limit, time_limit_basis, remedies) for add
    and change; a delete version copies them from the version in force. ``time_limit`` may not be
    empty (R-1.5-15). ``locally_authorised`` (only on add) marks an item authorised by local
    regulations, which is outside the review flow.
    """
    organisation = catalogue_owner(organisation)
    if organisation.kind not in CATALOGUE_OWNER_KINDS:
        raise DomainError(
            "只有县直行政执法部门和乡镇人民政府编制执法事项清单。",
            code="not_catalogue_owner",
            field="organisation",
        )
    if not can_propose_for(actor, organisation):
        raise PermissionDenied(
            "只有本单位负责人、法制审核人员或县司法局可以提出本单位执法事项的调整。"
        )
    if change_kind not in ChangeKind.values:
        raise DomainError("调整类型应为新增、变更或取消。", code="bad_kind", field="change_kind")
    if change_trigger not in ChangeTrigger.values:
        raise DomainError(
            "请选择调整原因（R-1.8-05）。", code="bad_trigger", field="change_trigger"
        )
    if item is not None:
        item = EnforcementItem.objects.select_for_update().get(pk=item.pk)
    if change_kind == ChangeKind.ADD:
        if item is not None and item.is_in_force:
            raise DomainError(
                "该事项已在清单中，请提出变更而不是新增。", code="already_in_force", field="item"
            )
    elif item is None or not item.is_in_force or item.current_version is None:
        raise DomainError(
            "变更或取消只能针对清单中现行有效的事项。", code="not_in_force", field="item"
        )
    if item is not None:
        if item.organisation_id != organisation.pk:
            raise DomainError("该事项不属于此单位。", code="wrong_unit", field="item")
        open_v = _open_version(item)
        if open_v is not None:
            raise DomainError(
                f"该事项已有一个尚未办结的调整（第{open_v.number}版，{open_v.get_status_display()}），"
                "请待其办结或撤回后再提出。",
                code="open_proposal_exists",
            )
    if change_kind == ChangeKind.DELETE:
        if item is None or item.current_version is None:  # pragma: no cover — checked above
            raise DomainError("变更或取消只能针对清单中现行有效的事项。", code="not_in_force")
        current = item.current_version
        clean = {name: getattr(current, name) for name in ELEMENT_FIELDS}
    else:
        clean = _clean_elements(elements or {})
    if item is None:
        code = (code or "").strip()
        if code and EnforcementItem.objects.filter(organisation=organisation, code=code).exists():
            raise DomainError(
                f"事项编码“{code}”在本单位已存在。", code="duplicate_code", field="code"
            )
        item = EnforcementItem.objects.create(
            organisation=organisation,
            code=code or _next_code(organisation),
            locally_authorised=locally_authorised,
        )
    version = ItemVersion.objects.create(
        item=item,
        number=_next_number(item),
        change_kind=change_kind,
        change_trigger=change_trigger,
        change_reason=(change_reason or "").strip(),
        status=VersionStatus.PROPOSED,
        proposed_by=actor,
        proposed_at=clock.now(),
        **clean,
    )
    ledger_append(
        actor=actor,
        action="catalog.item.proposed",
        subject=version,
        payload=_payload(
            version, trigger=change_trigger, name=version.name, time_limit=version.time_limit
        ),
    )
    return version


def _lock(version: ItemVersion) -> ItemVersion:
    return (
        ItemVersion.objects.select_for_update()
        .select_related("item", "item__organisation")
        .get(pk=version.pk)
    )


def _not_local(version: ItemVersion) -> None:
    if version.item.locally_authorised:
        raise TransitionNotAllowed(
            "地方法规法定授权事项不经司法局审核和县政府同意，可直接公布（R-1.8-06）。"
        )


@transaction.atomic
def item_version_review(
    *, version: ItemVersion, actor: User, passed: bool, opinion: str = ""
) -> ItemVersion:
    """The Justice Bureau reviews a proposal: passes it on to the county government or rejects it
    with its opinion (R-1.8-06, R-1.8-01)."""
    if not is_justice_bureau(actor):
        raise PermissionDenied("只有县司法局可以审核执法事项清单的调整（R-1.8-01）。")
    version = _lock(version)
    _not_local(version)
    if version.status != VersionStatus.PROPOSED:
        raise TransitionNotAllowed(f"该调整当前状态为“{version.get_status_display()}”，不能审核。")
    opinion = (opinion or "").strip()
    if not passed and not opinion:
        raise DomainError("不予通过时请写明审核意见。", code="opinion_required", field="opinion")
    version.reviewed_by = actor
    version.reviewed_at = clock.now()
    version.review_opinion = opinion
    if passed:
        version.status = VersionStatus.JB_REVIEWED
    else:
        version.status = VersionStatus.REJECTED
        version.closed_reason = opinion
    version.save()
    ledger_append(
        actor=actor,
        action="catalog.item.reviewed",
        subject=version,
        payload=_payload(version, passed=passed, opinion=opinion),
    )
    return version


@transaction.atomic
def item_version_approve(
    *,
    version: ItemVersion,
    actor: User,
    approved: bool = True,
    document_number: str = "",
    opinion: str = "",
) -> ItemVersion:
    """Record the county government's decision on a reviewed proposal (R-1.8-06): approval with
    its document number, or refusal with its reason."""
    if not can_record_approval(actor):
        raise PermissionDenied("县政府的同意由县司法局或县领导录入。")
    version = _lock(version)
    _not_local(version)
    if version.status != VersionStatus.JB_REVIEWED:
        raise TransitionNotAllowed(
            f"该调整当前状态为“{version.get_status_display()}”，须经司法局审核通过后才能报县政府同意。"
        )
    document_number = (document_number or "").strip()
    opinion = (opinion or "").strip()
    if approved and not document_number:
        raise DomainError(
            "请填写县政府同意的文号。", code="document_required", field="document_number"
        )
    if not approved and not opinion:
        raise DomainError("县政府不同意时请写明原因。", code="opinion_required", field="opinion")
    version.approved_by = actor
    version.approved_at = clock.now()
    if approved:
        version.status = VersionStatus.GOV_APPROVED
        version.approval_document = document_number
    else:
        version.status = VersionStatus.REJECTED
        version.closed_reason = opinion
    version.save()
    ledger_append(
        actor=actor,
        action="catalog.item.approved" if approved else "catalog.item.refused",
        subject=version,
        payload=_payload(version, document_number=document_number, opinion=opinion),
    )
    return version


@transaction.atomic
def item_version_publish(
    *, version: ItemVersion, actor: User, effective_from: dt.date | None = None
) -> ItemVersion:
    """Publish an approved version (R-1.8-06): it takes effect on ``effective_from`` (default
    today), the previous version stops on that date, and a delete version takes the item out of
    force. A locally-authorised item's version is published straight from its proposal.

    ``EnforcementItem.current_version`` points at the newest published version and
    ``is_in_force`` says whether it keeps the item in the catalogue; the catalogue on a given
    date is :func:`zhifa.catalog.selectors.items.items_in_force`.
    """
    if not is_justice_bureau(actor):
        raise PermissionDenied("执法事项清单的调整由县司法局公布（R-1.8-01）。")
    version = _lock(version)
    allowed = (
        (VersionStatus.GOV_APPROVED, VersionStatus.PROPOSED)
        if version.item.locally_authorised
        else (VersionStatus.GOV_APPROVED,)
    )
    if version.status not in allowed:
        raise TransitionNotAllowed(
            f"该调整当前状态为“{version.get_status_display()}”，须经司法局审核、县政府同意后才能公布（R-1.8-06）。"
        )
    day = effective_from or clock.today()
    item = EnforcementItem.objects.select_for_update().get(pk=version.item_id)
    previous = item.current_version
    if previous is not None:
        if previous.effective_from is not None and day < previous.effective_from:
            raise DomainError(
                f"生效日期不能早于上一版本的生效日期（{previous.effective_from:%Y-%m-%d}）。",
                code="bad_date",
                field="effective_from",
            )
        previous.effective_to = day
        previous.save(update_fields=["effective_to"])
    version.status = VersionStatus.PUBLISHED
    version.effective_from = day
    version.published_by = actor
    version.published_at = clock.now()
    version.save()
    item.current_version = version
    item.is_in_force = version.change_kind != ChangeKind.DELETE
    item.save(update_fields=["current_version", "is_in_force"])
    ledger_append(
        actor=actor,
        action="catalog.item.published",
        subject=version,
        payload=_payload(
            version,
            effective_from=day,
            previous=previous.number if previous else None,
            in_force=item.is_in_force,
        ),
    )
    return version


@transaction.atomic
def item_version_withdraw(*, version: ItemVersion, actor: User, reason: str) -> ItemVersion:
    """The proposing unit (or the JB) withdraws a proposal before the government has decided."""
    version = _lock(version)
    if not can_propose_for(actor, version.item.organisation):
        raise PermissionDenied("只有提出单位或县司法局可以撤回该调整。")
    if version.status not in (VersionStatus.PROPOSED, VersionStatus.JB_REVIEWED):
        raise TransitionNotAllowed(f"该调整当前状态为“{version.get_status_display()}”，不能撤回。")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请写明撤回原因。", code="reason_required", field="reason")
    version.status = VersionStatus.WITHDRAWN
    version.closed_reason = reason
    version.save()
    ledger_append(
        actor=actor,
        action="catalog.item.withdrawn",
        subject=version,
        payload=_payload(version, reason=reason),
    )
    return version


# --- R-1.8-04 -------------------------------------------------------------------------------


def item_require_in_catalogue(
    *, organisation: Organisation, item: EnforcementItem, on_date: dt.date | None = None
) -> None:
    """R-1.8-04: no power may be exercised outside the catalogue. Raise DomainError unless
    ``item`` is in force in ``organisation``'s catalogue on ``on_date`` (default today).

    The case module calls this before it opens a case on an item (a township team's case is
    checked against its township's catalogue).
    """
    from zhifa.catalog.selectors.items import item_in_force_for

    day = on_date or clock.today()
    if not item_in_force_for(organisation=organisation, item=item, on_date=day):
        owner = catalogue_owner(organisation)
        raise DomainError(
            f"“{item.code}”不在{owner.display_name}{day:%Y年%m月%d日}有效的执法事项清单内，"
            "不得在清单之外行使行政权力（R-1.8-04）。如需办理，请先按程序调整清单。",
            code="item_not_in_catalogue",
            field="item",
        )


# --- bulk import ----------------------------------------------------------------------------

IMPORT_COLUMNS = (
    ("code", "事项编码"),
    ("name", "事项名称"),
    ("item_type", "事项类型"),
    ("enforcement_type", "执法类型"),
    ("legal_basis", "设立依据"),
    ("implementing_subject", "实施主体"),
    ("conditions", "实施条件"),
    ("procedure", "实施程序"),
    ("time_limit", "办理时限"),
    ("time_limit_basis", "时限依据"),
    ("remedies", "救济途径"),
    ("locally_authorised", "地方法规授权"),
)


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _type_value(text: str) -> str | None:
    for value, label in ItemType.choices:
        if text in (value, label, label.removeprefix("行政")):
            return value
    return None


@transaction.atomic
def item_catalogue_import(
    *,
    organisation: Organisation,
    actor: User,
    data: bytes,
    approval_document: str,
    effective_from: dt.date,
) -> ImportReport:
    """Import a unit's initial catalogue from an XLSX sheet (columns: :data:`IMPORT_COLUMNS`,
    first row headers).

    The initial catalogue was approved by the county government as a whole (its document number
    is ``approval_document``), so each valid row becomes a *published* version with trigger
    INITIAL, effective on ``effective_from`` (R-1.8-06); the "地方法规授权" column (是/否) marks
    locally-authorised items. Invalid rows are reported with their row number and reason and
    imported rows are kept. Codes already in the unit's catalogue are refused, so importing the
    same file twice adds nothing.
    """
    from openpyxl import load_workbook

    organisation = catalogue_owner(organisation)
    if not is_justice_bureau(actor):
        raise PermissionDenied("初始清单由县司法局导入（R-1.8-01）。")
    if organisation.kind not in CATALOGUE_OWNER_KINDS:
        raise DomainError(
            "只有县直行政执法部门和乡镇人民政府编制执法事项清单。", code="not_catalogue_owner"
        )
    approval_document = (approval_document or "").strip()
    if not approval_document:
        raise DomainError(
            "请填写县政府同意初始清单的文号。", code="document_required", field="approval_document"
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — any unreadable upload is the user's file
        raise DomainError(
            "无法读取该文件，请上传 .xlsx 格式的 Excel 文件。", code="bad_file", field="file"
        ) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(c) for c in next(rows, ())]
    labels = [label for _, label in IMPORT_COLUMNS]
    missing = [label for label in labels[:9] if label not in header and label != "事项编码"]
    if missing:
        raise DomainError(
            f"表头缺少：{'、'.join(missing)}。第一行应为：{'、'.join(labels)}。",
            code="bad_header",
            field="file",
        )
    index = {name: header.index(label) for name, label in IMPORT_COLUMNS if label in header}
    types = {t.name: t for t in EnforcementType.objects.all()}
    types.update({t.code: t for t in types.values()})
    existing = set(
        EnforcementItem.objects.filter(organisation=organisation).values_list("code", flat=True)
    )
    report = ImportReport()
    now = clock.now()
    for number, row in enumerate(rows, start=2):
        values = {name: _cell(row[i]) if i < len(row) else "" for name, i in index.items()}
        if not any(values.values()):
            continue
        item_type = _type_value(values.get("item_type", ""))
        if item_type is None:
            report.errors.append((number, f"事项类型“{values.get('item_type', '')}”不在十类之内"))
            continue
        et = types.get(values.get("enforcement_type", ""))
        if et is None:
            report.errors.append((number, f"执法类型“{values.get('enforcement_type', '')}”不存在"))
            continue
        try:
            clean = _clean_elements({**values, "item_type": item_type, "enforcement_type": et})
        except DomainError as exc:
            report.errors.append((number, exc.message))
            continue
        code = values.get("code", "")
        if code and code in existing:
            report.errors.append((number, f"事项编码“{code}”已在清单中"))
            continue
        if len(code) > 40:
            report.errors.append((number, "事项编码超过40个字符"))
            continue
        local = values.get("locally_authorised", "") in ("是", "Y", "y", "1", "true", "TRUE")
        item = EnforcementItem.objects.create(
            organisation=organisation,
            code=code or _next_code(organisation),
            locally_authorised=local,
        )
        existing.add(item.code)
        version = ItemVersion.objects.create(
            item=item,
            number=1,
            change_kind=ChangeKind.ADD,
            change_trigger=ChangeTrigger.INITIAL,
            change_reason="初始清单导入",
            status=VersionStatus.PUBLISHED,
            proposed_by=actor,
            proposed_at=now,
            approved_by=None if local else actor,
            approved_at=None if local else now,
            approval_document="" if local else approval_document,
            published_by=actor,
            published_at=now,
            effective_from=effective_from,
            **clean,
        )
        item.current_version = version
        item.is_in_force = True
        item.save(update_fields=["current_version", "is_in_force"])
        report.imported.append(item.code)
    ledger_append(
        actor=actor,
        action="catalog.item.imported",
        subject=organisation,
        payload={
            "imported": report.imported,
            "errors": [[n, reason] for n, reason in report.errors],
            "approval_document": approval_document,
            "effective_from": effective_from,
        },
    )
    return report


def import_template_xlsx() -> bytes:
    """An empty import sheet with the header row and one example row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.create_sheet("执法事项清单", 0)
    del wb[wb.sheetnames[1]]
    ws.title = "执法事项清单"
    ws.append([label for _, label in IMPORT_COLUMNS])
    ws.append(
        [
            "",
            "对违法建设的处罚",
            "行政处罚",
            "乡镇综合行政执法",
            "《中华人民共和国城乡规划法》第六十五条",
            "乡镇人民政府",
            "",
            "立案、调查、告知、决定、送达、执行",
            "立案之日起九十日内",
            "《中华人民共和国行政处罚法》第六十条",
            "行政复议或行政诉讼",
            "否",
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

"""``/api/v1/subjects/``: the market-entity directory, its bulk import and export.

- ``GET    entities``               the directory (search, filters, limit/offset)
- ``GET    entities/{id}``          one entity (an ID number masked unless you may see it)
- ``POST   entities``               add an entity → 201
- ``PATCH  entities/{id}``          change fields
- ``POST   entities/{id}/flags``    set or clear an R-1.1-10 flag
- ``POST   imports``                upload a CSV/XLSX file (multipart ``file``) → 201, run id
- ``GET    imports``, ``imports/{id}``  runs and their progress/counts
- ``GET    imports/{id}/errors``    the error file (CSV, UTF-8 with BOM)
- ``GET    export``                 the filtered directory as XLSX (``format=csv`` for CSV)

Reads go through the same selectors and writes through the same services as the pages; errors
are ``{"code", "message", "field"}`` with 400 (bad input), 403 (not allowed), 404 (not found).
Outside bodies (police etc.) get an empty list and 404s: the directory is not theirs to read.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.models import Organisation, User
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.subjects import selectors
from zhifa.subjects.constants import EntityCategory, EntityFlag, EntityStatus
from zhifa.subjects.exporting import export_csv_chunks, export_xlsx
from zhifa.subjects.importing import import_run_create
from zhifa.subjects.models import ImportRun, MarketEntity
from zhifa.subjects.permissions import can_edit_entity, can_read_directory, id_number_visibility
from zhifa.subjects.selectors import FLAG_FILTERS, EntityFilters
from zhifa.subjects.services import entity_create, entity_flag_set, entity_update

router = Router(tags=["subjects"])

MAX_LIMIT = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NotFound(DomainError):
    status_code = 404

    def __init__(self, what: str = "主体") -> None:
        super().__init__(f"{what}不存在，或者您无权查看。", code="not_found")


class EntityOut(Schema):
    id: int
    name: str
    category: str
    category_label: str
    uscc: str | None
    id_number: str | None
    id_number_masked: bool
    legal_representative: str
    person_in_charge: str
    address: str
    township_id: int | None
    township_name: str
    industry: str
    qualification: str
    phone: str
    status: str
    status_label: str
    abnormal_listed: bool
    abnormal_listed_on: dt.date | None
    serious_violation: bool
    complaint_count: int
    higher_level_required: bool
    flag_note: str
    raises_intensity: bool
    intensity_reasons: list[str]
    can_edit: bool
    updated_at: dt.datetime


class EntityIn(Schema):
    name: str
    category: EntityCategory = EntityCategory.ENTERPRISE
    uscc: str | None = None
    id_number: str | None = None
    legal_representative: str = ""
    person_in_charge: str = ""
    address: str = ""
    township_id: int | None = None
    industry: str = ""
    qualification: str = ""
    phone: str = ""
    status: EntityStatus = EntityStatus.ACTIVE


class EntityPatch(Schema):
    name: str | None = None
    category: EntityCategory | None = None
    uscc: str | None = None
    id_number: str | None = None
    legal_representative: str | None = None
    person_in_charge: str | None = None
    address: str | None = None
    township_id: int | None = None
    industry: str | None = None
    qualification: str | None = None
    phone: str | None = None
    status: EntityStatus | None = None


class FlagIn(Schema):
    flag: EntityFlag
    on: bool
    listed_on: dt.date | None = None
    note: str = ""


class ImportRunOut(Schema):
    id: int
    file_name: str
    file_format: str
    file_size: int
    file_sha256: str
    status: str
    status_label: str
    percent: int
    rows_read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    message: str
    error_file_url: str | None
    organisation_id: int | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


def _entity_out(entity: MarketEntity, user: User, show_id: bool | None = None) -> dict[str, Any]:
    if show_id is None:
        show_id = id_number_visibility(user).visible(entity.township_id)
    return {
        "id": entity.pk,
        "name": entity.name,
        "category": entity.category,
        "category_label": entity.get_category_display(),
        "uscc": entity.uscc,
        "id_number": (entity.id_number if show_id else entity.masked_code)
        if entity.id_number
        else None,
        "id_number_masked": bool(entity.id_number) and not show_id,
        "legal_representative": entity.legal_representative,
        "person_in_charge": entity.person_in_charge,
        "address": entity.address,
        "township_id": entity.township_id,
        "township_name": entity.township.name if entity.township else "",
        "industry": entity.industry,
        "qualification": entity.qualification,
        "phone": entity.phone,
        "status": entity.status,
        "status_label": entity.get_status_display(),
        "abnormal_listed": entity.abnormal_listed,
        "abnormal_listed_on": entity.abnormal_listed_on,
        "serious_violation": entity.serious_violation,
        "complaint_count": entity.complaint_count,
        "higher_level_required": entity.higher_level_required,
        "flag_note": entity.flag_note,
        "raises_intensity": entity.raises_intensity,
        "intensity_reasons": entity.intensity_reasons,
        "can_edit": can_edit_entity(user, entity),
        "updated_at": entity.updated_at,
    }


def _run_out(run: ImportRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "file_name": run.file_name,
        "file_format": run.file_format,
        "file_size": run.file_size,
        "file_sha256": run.file_sha256,
        "status": run.status,
        "status_label": run.get_status_display(),
        "percent": run.percent,
        "rows_read": run.rows_read,
        "created": run.created_count,
        "updated": run.updated_count,
        "unchanged": run.unchanged_count,
        "rejected": run.rejected_count,
        "message": run.message,
        "error_file_url": f"/api/v1/subjects/imports/{run.pk}/errors"
        if run.error_file_path
        else None,
        "organisation_id": run.organisation_id,
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
    }


def _township(township_id: int | None) -> Organisation | None:
    if township_id is None:
        return None
    town = Organisation.objects.filter(
        pk=township_id, kind=OrganisationKind.TOWNSHIP_GOVERNMENT
    ).first()
    if town is None:
        raise DomainError("township_id 不是本县的乡镇。", code="invalid", field="township_id")
    return town


def _filters(q: str, township: int | None, category: str, status: str, flag: str) -> EntityFilters:
    if category and category not in EntityCategory.values:
        raise DomainError(f"类别 {category} 无效。", code="invalid_filter", field="category")
    if status and status not in EntityStatus.values:
        raise DomainError(f"状态 {status} 无效。", code="invalid_filter", field="status")
    if flag and flag not in FLAG_FILTERS:
        raise DomainError(
            f"标记 {flag} 无效，可选：{'、'.join(FLAG_FILTERS)}。",
            code="invalid_filter",
            field="flag",
        )
    return EntityFilters(
        q=q[:100], township_id=township, category=category, status=status, flag=flag
    )


def _get(user: User, entity_id: int) -> MarketEntity:
    entity = selectors.entity_get_for_user(user=user, entity_id=entity_id)
    if entity is None:
        raise NotFound()
    return entity


@router.get("/entities", response=list[EntityOut], summary="The directory (search and filters)")
def entities(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    q: str = "",
    township: int | None = None,
    category: str = "",
    status: str = "",
    flag: str = "",
    limit: int = 100,
    offset: int = 0,
):
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise DomainError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间，offset 不能为负数。",
            code="invalid_filter",
            field="limit",
        )
    user = request.auth
    rows = selectors.entity_list_for_user(
        user=user,  # type: ignore[arg-type]
        filters=_filters(q, township, category, status, flag),
    )[offset : offset + limit]
    rule = id_number_visibility(user)  # type: ignore[arg-type]
    editable = rule.editor
    out = []
    for e in rows:
        visible = rule.visible(e.township_id)
        item = _entity_out(e, user, show_id=visible)  # type: ignore[arg-type]
        item["can_edit"] = editable and visible
        out.append(item)
    return out


@router.get("/entities/{int:entity_id}", response=EntityOut, summary="One entity")
def entity(request: HttpRequest, entity_id: int):  # type: ignore[no-untyped-def]
    return _entity_out(_get(request.auth, entity_id), request.auth)  # type: ignore[arg-type]


@router.post("/entities", response={201: EntityOut}, summary="Add an entity")
def entity_add(request: HttpRequest, payload: EntityIn):  # type: ignore[no-untyped-def]
    data = payload.dict()
    data["township"] = _township(data.pop("township_id"))
    if not data["township"]:
        data.pop("township")
    entity = entity_create(actor=request.auth, data=data)  # type: ignore[arg-type]
    return Status(201, _entity_out(entity, request.auth))  # type: ignore[arg-type]


@router.patch("/entities/{int:entity_id}", response=EntityOut, summary="Change an entity")
def entity_change(request: HttpRequest, entity_id: int, payload: EntityPatch):  # type: ignore[no-untyped-def]
    user = request.auth
    entity = _get(user, entity_id)  # type: ignore[arg-type]
    data = payload.dict(exclude_unset=True)
    if "township_id" in data:
        data["township"] = _township(data.pop("township_id"))
    entity = entity_update(actor=user, entity=entity, data=data)  # type: ignore[arg-type]
    return _entity_out(entity, user)  # type: ignore[arg-type]


@router.post(
    "/entities/{int:entity_id}/flags", response=EntityOut, summary="Set or clear a flag (R-1.1-10)"
)
def entity_flag(request: HttpRequest, entity_id: int, payload: FlagIn):  # type: ignore[no-untyped-def]
    user = request.auth
    entity = _get(user, entity_id)  # type: ignore[arg-type]
    entity = entity_flag_set(
        actor=user,  # type: ignore[arg-type]
        entity=entity,
        flag=payload.flag,
        on=payload.on,
        listed_on=payload.listed_on,
        note=payload.note,
    )
    return _entity_out(entity, user)  # type: ignore[arg-type]


@router.post("/imports", response={201: ImportRunOut}, summary="Upload a CSV/XLSX file to import")
def import_upload(request: HttpRequest, file: UploadedFile = File(...)):  # type: ignore[no-untyped-def]  # noqa: B008
    run = import_run_create(actor=request.auth, file=file, file_name=file.name or "")  # type: ignore[arg-type]
    return Status(201, _run_out(run))


@router.get("/imports", response=list[ImportRunOut], summary="Import runs I may see")
def imports(request: HttpRequest, limit: int = 50, offset: int = 0):  # type: ignore[no-untyped-def]
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise DomainError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间。", code="invalid_filter", field="limit"
        )
    runs = selectors.import_run_list_for_user(user=request.auth)[offset : offset + limit]  # type: ignore[arg-type]
    return [_run_out(r) for r in runs]


def _run(request: HttpRequest, run_id: int) -> ImportRun:
    run = selectors.import_run_get_for_user(user=request.auth, run_id=run_id)  # type: ignore[arg-type]
    if run is None:
        raise NotFound("导入批次")
    return run


@router.get("/imports/{int:run_id}", response=ImportRunOut, summary="A run: status and counts")
def import_status(request: HttpRequest, run_id: int):  # type: ignore[no-untyped-def]
    return _run_out(_run(request, run_id))


@router.get("/imports/{int:run_id}/errors", summary="The rejected rows (CSV, UTF-8 with BOM)")
def import_errors(request: HttpRequest, run_id: int):  # type: ignore[no-untyped-def]
    run = _run(request, run_id)
    if not run.error_file_path:
        raise NotFound("错误明细")
    return FileResponse(
        default_storage.open(run.error_file_path, "rb"),
        as_attachment=True,
        filename=f"import-{run.pk}-errors.csv",
        content_type="text/csv; charset=utf-8",
    )


@router.get("/export", summary="The filtered directory as XLSX (format=csv for CSV)")
def export(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    format: str = "xlsx",  # noqa: A002
    q: str = "",
    township: int | None = None,
    category: str = "",
    status: str = "",
    flag: str = "",
):
    user = request.auth
    if format not in ("xlsx", "csv"):
        raise DomainError("format 只能是 xlsx 或 csv。", code="invalid_filter", field="format")
    if not can_read_directory(user):  # type: ignore[arg-type]
        raise PermissionDenied("您无权导出市场主体名录。")
    qs = selectors.entity_list_for_user(
        user=user,  # type: ignore[arg-type]
        filters=_filters(q, township, category, status, flag),
    )
    if format == "csv":
        response = StreamingHttpResponse(
            export_csv_chunks(user=user, queryset=qs),  # type: ignore[arg-type]
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="entities.csv"'
        return response
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export_xlsx(user=user, queryset=qs, out=out)  # type: ignore[arg-type]
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename="entities.xlsx", content_type=XLSX)

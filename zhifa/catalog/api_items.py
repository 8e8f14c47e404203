"""HTTP API of the items area of the catalog app (/api/v1/catalog/).

- ``GET  types``                                 enforcement types (``?all=1`` with inactive)
- ``GET  subjects``                              the directory as the user may see it
- ``GET  items``                                 the catalogue in force (filters, paginated)
- ``GET  items/{id}``                            an item with its versions (scoped)
- ``POST items/proposals``                       propose an add / change / delete (R-1.8-06)
- ``GET  proposals``                             open proposals in the user's scope
- ``POST versions/{id}/review|approve|publish|withdraw``  the workflow (R-1.8-06)
- ``GET  lists/{organisation_id}/{kind}``        a unit's list; ``POST`` adds an entry
- ``PUT  lists/entries/{id}``, ``POST lists/entries/{id}/deactivate``
- ``POST filings`` (organisation_id)            file the major-decision list (R-1.4-08)
- ``GET  filings``, ``POST filings/{id}/handle``  the JB accepts or returns a filing
- public (no login): ``public/subjects``, ``public/subjects/{id}``, ``public/items``,
  ``public/items/{id}``, ``public/random-inspection/{organisation_id}``
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhifa.accounts.models import Organisation
from zhifa.catalog.constants import UnitListKind
from zhifa.catalog.models import (
    EnforcementItem,
    EnforcementSubject,
    EnforcementType,
    ItemVersion,
    UnitListEntry,
    UnitListFiling,
)
from zhifa.catalog.selectors import items as item_sel
from zhifa.catalog.selectors import lists as list_sel
from zhifa.catalog.selectors import subjects as subject_sel
from zhifa.catalog.services.items import (
    item_propose,
    item_version_approve,
    item_version_publish,
    item_version_review,
    item_version_withdraw,
)
from zhifa.catalog.services.lists import (
    unit_list_entry_create,
    unit_list_entry_deactivate,
    unit_list_entry_update,
    unit_list_file,
    unit_list_filing_handle,
)
from zhifa.core.errors import DomainError

router = Router(tags=["catalog"])
MAX_LIMIT = 200


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")


def _window(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise DomainError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间，offset 不能为负数。",
            code="invalid_page",
            field="limit",
        )


# --- schemas --------------------------------------------------------------------------------


class TypeOut(Schema):
    id: int
    code: str
    name: str
    is_active: bool


class BodyOut(Schema):
    name: str
    duties: str


class SubjectOut(Schema):
    id: int
    organisation_id: int
    name: str
    legal_basis: str
    duties: str
    internal_bodies: list[BodyOut]
    enforcement_types: list[str]
    enforcement_area: str
    confirmation_document: str
    confirmed_at: dt.date | None
    status: str
    updated_at: dt.datetime


class VersionOut(Schema):
    id: int
    item_id: int
    item_code: str
    organisation_id: int
    number: int
    change_kind: str
    change_trigger: str
    change_reason: str
    name: str
    item_type: str
    enforcement_type: str
    legal_basis: str
    implementing_subject: str
    conditions: str
    procedure: str
    time_limit: str
    time_limit_basis: str
    remedies: str
    status: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    review_opinion: str
    approval_document: str


class VersionPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[VersionOut]


class ItemOut(Schema):
    id: int
    code: str
    organisation_id: int
    locally_authorised: bool
    is_in_force: bool
    current_version_id: int | None
    versions: list[VersionOut]


class ElementsIn(Schema):
    name: str = ""
    item_type: str = ""
    enforcement_type: str = ""  # code
    legal_basis: str = ""
    implementing_subject: str = ""
    conditions: str = ""
    procedure: str = ""
    time_limit: str = ""
    time_limit_basis: str = ""
    remedies: str = ""


class ProposalIn(Schema):
    organisation_id: int | None = None
    item_id: int | None = None
    change_kind: Literal["add", "change", "delete"]
    change_trigger: str
    change_reason: str = ""
    code: str = ""
    locally_authorised: bool = False
    elements: ElementsIn | None = None


class ReviewIn(Schema):
    passed: bool
    opinion: str = ""


class ApproveIn(Schema):
    approved: bool = True
    document_number: str = ""
    opinion: str = ""


class PublishIn(Schema):
    effective_from: dt.date | None = None


class ReasonIn(Schema):
    reason: str


class EntryIn(Schema):
    name: str = ""
    content: str = ""
    legal_basis: str = ""
    inspecting_body: str = ""
    category: str = ""
    enforcement_level: str = ""
    field: str = ""
    amount_threshold: Decimal | None = None
    stage: str = ""
    method: str = ""
    item_id: int | None = None


class EntryOut(Schema):
    id: int
    organisation_id: int
    kind: str
    item_id: int | None
    name: str
    content: str
    legal_basis: str
    inspecting_body: str
    category: str
    enforcement_level: str
    field: str
    amount_threshold: Decimal | None
    stage: str
    method: str
    is_active: bool
    updated_at: dt.datetime


class FilingOut(Schema):
    id: int
    organisation_id: int
    kind: str
    status: str
    snapshot_hash: str
    snapshot: dict[str, Any]
    submitted_at: dt.datetime
    handled_at: dt.datetime | None
    opinion: str


class HandleIn(Schema):
    accepted: bool
    opinion: str = ""


# --- converters -----------------------------------------------------------------------------


def _type_out(t: EnforcementType) -> TypeOut:
    return TypeOut(id=t.pk, code=t.code, name=t.name, is_active=t.is_active)


def _subject_out(s: EnforcementSubject) -> SubjectOut:
    return SubjectOut(
        id=s.pk,
        organisation_id=s.organisation_id,
        name=s.name,
        legal_basis=s.legal_basis,
        duties=s.duties,
        internal_bodies=[BodyOut(name=b.name, duties=b.duties) for b in s.internal_bodies.all()],
        enforcement_types=[t.code for t in s.enforcement_types.all()],
        enforcement_area=s.enforcement_area,
        confirmation_document=s.confirmation_document,
        confirmed_at=s.confirmed_at,
        status=s.status,
        updated_at=s.updated_at,
    )


def _version_out(v: ItemVersion) -> VersionOut:
    return VersionOut(
        id=v.pk,
        item_id=v.item_id,
        item_code=v.item.code,
        organisation_id=v.item.organisation_id,
        number=v.number,
        change_kind=v.change_kind,
        change_trigger=v.change_trigger,
        change_reason=v.change_reason,
        name=v.name,
        item_type=v.item_type,
        enforcement_type=v.enforcement_type.code,
        legal_basis=v.legal_basis,
        implementing_subject=v.implementing_subject,
        conditions=v.conditions,
        procedure=v.procedure,
        time_limit=v.time_limit,
        time_limit_basis=v.time_limit_basis,
        remedies=v.remedies,
        status=v.status,
        effective_from=v.effective_from,
        effective_to=v.effective_to,
        review_opinion=v.review_opinion,
        approval_document=v.approval_document,
    )


def _item_out(item: EnforcementItem, versions: list[ItemVersion]) -> ItemOut:
    return ItemOut(
        id=item.pk,
        code=item.code,
        organisation_id=item.organisation_id,
        locally_authorised=item.locally_authorised,
        is_in_force=item.is_in_force,
        current_version_id=item.current_version_id,
        versions=[_version_out(v) for v in versions],
    )


def _entry_out(e: UnitListEntry) -> EntryOut:
    return EntryOut(
        id=e.pk,
        organisation_id=e.organisation_id,
        kind=e.kind,
        item_id=e.item_id,
        name=e.name,
        content=e.content,
        legal_basis=e.legal_basis,
        inspecting_body=e.inspecting_body,
        category=e.category,
        enforcement_level=e.enforcement_level,
        field=e.field,
        amount_threshold=e.amount_threshold,
        stage=e.stage,
        method=e.method,
        is_active=e.is_active,
        updated_at=e.updated_at,
    )


def _filing_out(f: UnitListFiling) -> FilingOut:
    return FilingOut(
        id=f.pk,
        organisation_id=f.organisation_id,
        kind=f.kind,
        status=f.status,
        snapshot_hash=f.snapshot_hash,
        snapshot=f.snapshot,
        submitted_at=f.submitted_at,
        handled_at=f.handled_at,
        opinion=f.opinion,
    )


def _versions_page(qs, limit: int, offset: int) -> VersionPage:  # type: ignore[no-untyped-def]
    _window(limit, offset)
    return VersionPage(
        count=qs.count(),
        limit=limit,
        offset=offset,
        results=[_version_out(v) for v in qs[offset : offset + limit]],
    )


def _catalogue_unit(organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    unit = item_sel.catalogue_units().filter(pk=organisation_id).first()
    if unit is None:
        raise NotFound("该单位不编制执法事项清单或不存在。")
    return unit


# --- types and subjects ---------------------------------------------------------------------


@router.get("/types", response=list[TypeOut], summary="Enforcement types")
def types(request: HttpRequest, all: bool = False) -> list[TypeOut]:  # noqa: A002
    qs = EnforcementType.objects.all() if all else subject_sel.enforcement_types_active()
    return [_type_out(t) for t in qs]


@router.get("/subjects", response=list[SubjectOut], summary="Enforcement subjects (scoped)")
def subjects(request: HttpRequest, status: str | None = None) -> list[SubjectOut]:
    return [
        _subject_out(s)
        for s in subject_sel.subjects_visible(user=request.auth, status=status)  # type: ignore[arg-type]
    ]


@router.get(
    "/public/subjects",
    response=list[SubjectOut],
    auth=None,
    summary="The published enforcement-subject directory (R-1.2-07)",
)
def public_subjects(request: HttpRequest) -> list[SubjectOut]:
    return [_subject_out(s) for s in subject_sel.subjects_public()]


@router.get("/public/subjects/{int:subject_id}", response=SubjectOut, auth=None)
def public_subject(request: HttpRequest, subject_id: int) -> SubjectOut:
    s = subject_sel.subject_public_get(subject_id=subject_id)
    if s is None:
        raise NotFound("执法主体不存在或尚未公布。")
    return _subject_out(s)


# --- items ----------------------------------------------------------------------------------


@router.get("/items", response=VersionPage, summary="The catalogue in force (any staff member)")
def items(
    request: HttpRequest,
    organisation_id: int | None = None,
    on_date: dt.date | None = None,
    item_type: str | None = None,
    enforcement_type: str | None = None,
    q: str = "",
    limit: int = 50,
    offset: int = 0,
) -> VersionPage:
    qs = item_sel.items_in_force(
        organisation=_catalogue_unit(organisation_id),
        on_date=on_date,
        item_type=item_type,
        enforcement_type=enforcement_type,
        search=q[:50],
    )
    return _versions_page(qs, limit, offset)


@router.get(
    "/public/items",
    response=VersionPage,
    auth=None,
    summary="The published catalogue in force (R-1.2-08 (2))",
)
def public_items(
    request: HttpRequest,
    organisation_id: int | None = None,
    item_type: str | None = None,
    enforcement_type: str | None = None,
    q: str = "",
    limit: int = 50,
    offset: int = 0,
) -> VersionPage:
    qs = item_sel.items_in_force(
        organisation=_catalogue_unit(organisation_id),
        item_type=item_type,
        enforcement_type=enforcement_type,
        search=q[:50],
    )
    return _versions_page(qs, limit, offset)


@router.get("/public/items/{int:item_id}", response=ItemOut, auth=None)
def public_item(request: HttpRequest, item_id: int) -> ItemOut:
    item = item_sel.item_public_get(item_id=item_id)
    if item is None:
        raise NotFound("执法事项不存在或尚未公布。")
    return _item_out(item, item_sel.item_published_history(item=item))


def _item_or_404(request: HttpRequest, item_id: int) -> EnforcementItem:
    item = item_sel.item_get(user=request.auth, item_id=item_id)  # type: ignore[arg-type]
    if item is None:
        raise NotFound("执法事项不存在，或者您无权查看。")
    return item


@router.get("/items/{int:item_id}", response=ItemOut, summary="An item with its versions (scoped)")
def item_detail(request: HttpRequest, item_id: int) -> ItemOut:
    item = _item_or_404(request, item_id)
    return _item_out(item, item_sel.item_versions_visible(user=request.auth, item=item))  # type: ignore[arg-type]


@router.post(
    "/items/proposals",
    response={201: VersionOut},
    summary="Propose adding, changing or cancelling an item (R-1.8-06)",
)
def propose(request: HttpRequest, payload: ProposalIn) -> Status[VersionOut]:
    item = _item_or_404(request, payload.item_id) if payload.item_id is not None else None
    if item is not None:
        organisation = item.organisation
    else:
        organisation = _catalogue_unit(payload.organisation_id) or (
            request.auth.organisation  # type: ignore[union-attr]
        )
        if organisation is None:
            raise DomainError("请指定单位（organisation_id）。", field="organisation_id")
    elements: dict[str, Any] | None = None
    if payload.elements is not None:
        elements = payload.elements.dict()
        code = elements.pop("enforcement_type")
        et = EnforcementType.objects.filter(code=code).first()
        if et is None and payload.change_kind != "delete":
            raise DomainError(
                f"执法类型“{code}”不存在。", code="bad_type", field="enforcement_type"
            )
        elements["enforcement_type"] = et
    elif payload.change_kind != "delete":
        raise DomainError("请提供事项要素（elements）。", field="elements")
    version = item_propose(
        organisation=organisation,
        actor=request.auth,  # type: ignore[arg-type]
        change_kind=payload.change_kind,
        change_trigger=payload.change_trigger,
        change_reason=payload.change_reason,
        item=item,
        code=payload.code,
        locally_authorised=payload.locally_authorised,
        elements=elements,
    )
    return Status(201, _version_out(version))


@router.get("/proposals", response=VersionPage, summary="Open proposals in the user's scope")
def proposals(
    request: HttpRequest, status: str | None = None, limit: int = 50, offset: int = 0
) -> VersionPage:
    qs = item_sel.proposals_visible(user=request.auth, status=status)  # type: ignore[arg-type]
    return _versions_page(qs, limit, offset)


def _version_or_404(request: HttpRequest, version_id: int) -> ItemVersion:
    version = ItemVersion.objects.select_related("item").filter(pk=version_id).first()
    if version is None:
        raise NotFound("版本不存在。")
    _item_or_404(request, version.item_id)
    return version


def _reload(version: ItemVersion) -> VersionOut:
    return _version_out(
        ItemVersion.objects.select_related("item", "enforcement_type").get(pk=version.pk)
    )


@router.post("/versions/{int:version_id}/review", response=VersionOut)
def review(request: HttpRequest, version_id: int, payload: ReviewIn) -> VersionOut:
    v = item_version_review(
        version=_version_or_404(request, version_id),
        actor=request.auth,  # type: ignore[arg-type]
        passed=payload.passed,
        opinion=payload.opinion,
    )
    return _reload(v)


@router.post("/versions/{int:version_id}/approve", response=VersionOut)
def approve(request: HttpRequest, version_id: int, payload: ApproveIn) -> VersionOut:
    v = item_version_approve(
        version=_version_or_404(request, version_id),
        actor=request.auth,  # type: ignore[arg-type]
        approved=payload.approved,
        document_number=payload.document_number,
        opinion=payload.opinion,
    )
    return _reload(v)


@router.post("/versions/{int:version_id}/publish", response=VersionOut)
def publish(request: HttpRequest, version_id: int, payload: PublishIn) -> VersionOut:
    v = item_version_publish(
        version=_version_or_404(request, version_id),
        actor=request.auth,  # type: ignore[arg-type]
        effective_from=payload.effective_from,
    )
    return _reload(v)


@router.post("/versions/{int:version_id}/withdraw", response=VersionOut)
def withdraw(request: HttpRequest, version_id: int, payload: ReasonIn) -> VersionOut:
    v = item_version_withdraw(
        version=_version_or_404(request, version_id),
        actor=request.auth,  # type: ignore[arg-type]
        reason=payload.reason,
    )
    return _reload(v)


# --- lists ----------------------------------------------------------------------------------


def _list_unit(request: HttpRequest, organisation_id: int) -> Organisation:
    unit = list_sel.list_units_visible(user=request.auth).filter(pk=organisation_id).first()  # type: ignore[arg-type]
    if unit is None:
        raise NotFound("单位不存在，或者您无权查看其清单。")
    return unit


def _values(request: HttpRequest, unit: Organisation, payload: EntryIn) -> dict[str, Any]:
    values = payload.dict()
    item_id = values.pop("item_id")
    values["item"] = None
    if item_id is not None:
        values["item"] = EnforcementItem.objects.filter(pk=item_id, organisation=unit).first()
        if values["item"] is None:
            raise DomainError("关联的执法事项应为本单位清单中的事项。", field="item_id")
    return values


@router.get("/lists/{int:organisation_id}/{kind}", response=list[EntryOut])
def list_entries(
    request: HttpRequest, organisation_id: int, kind: UnitListKind, active: bool = True
) -> list[EntryOut]:
    unit = _list_unit(request, organisation_id)
    return [
        _entry_out(e)
        for e in list_sel.unit_list_entries(organisation=unit, kind=kind, active=active)
    ]


@router.post("/lists/{int:organisation_id}/{kind}", response={201: EntryOut})
def list_entry_add(
    request: HttpRequest, organisation_id: int, kind: UnitListKind, payload: EntryIn
) -> Status[EntryOut]:
    unit = _list_unit(request, organisation_id)
    entry = unit_list_entry_create(
        actor=request.auth,  # type: ignore[arg-type]
        organisation=unit,
        kind=kind,
        values=_values(request, unit, payload),
    )
    return Status(201, _entry_out(entry))


def _entry_or_404(request: HttpRequest, entry_id: int) -> UnitListEntry:
    entry = UnitListEntry.objects.select_related("organisation").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound("清单事项不存在。")
    _list_unit(request, entry.organisation_id)
    return entry


@router.put("/lists/entries/{int:entry_id}", response=EntryOut)
def list_entry_update(request: HttpRequest, entry_id: int, payload: EntryIn) -> EntryOut:
    entry = _entry_or_404(request, entry_id)
    entry = unit_list_entry_update(
        actor=request.auth,  # type: ignore[arg-type]
        entry=entry,
        values=_values(request, entry.organisation, payload),
    )
    return _entry_out(entry)


@router.post("/lists/entries/{int:entry_id}/deactivate", response=EntryOut)
def list_entry_deactivate(request: HttpRequest, entry_id: int) -> EntryOut:
    entry = unit_list_entry_deactivate(actor=request.auth, entry=_entry_or_404(request, entry_id))  # type: ignore[arg-type]
    return _entry_out(entry)


class FileIn(Schema):
    organisation_id: int


@router.post(
    "/filings",
    response={201: FilingOut},
    summary="File a unit's major-decision list with the JB (R-1.4-08)",
)
def list_file(request: HttpRequest, payload: FileIn) -> Status[FilingOut]:
    unit = _list_unit(request, payload.organisation_id)
    filing = unit_list_file(actor=request.auth, organisation=unit)  # type: ignore[arg-type]
    return Status(201, _filing_out(filing))


@router.get("/filings", response=list[FilingOut])
def filings(
    request: HttpRequest, status: str | None = None, limit: int = 50, offset: int = 0
) -> list[FilingOut]:
    _window(limit, offset)
    qs = list_sel.filings_visible(user=request.auth, status=status)  # type: ignore[arg-type]
    return [_filing_out(f) for f in qs[offset : offset + limit]]


@router.post("/filings/{int:filing_id}/handle", response=FilingOut)
def filing_handle(request: HttpRequest, filing_id: int, payload: HandleIn) -> FilingOut:
    filing = list_sel.filing_get(user=request.auth, filing_id=filing_id)  # type: ignore[arg-type]
    if filing is None:
        raise NotFound("报备不存在，或者您无权查看。")
    filing = unit_list_filing_handle(
        actor=request.auth,  # type: ignore[arg-type]
        filing=filing,
        accepted=payload.accepted,
        opinion=payload.opinion,
    )
    return _filing_out(filing)


@router.get(
    "/public/random-inspection/{int:organisation_id}",
    response=list[EntryOut],
    auth=None,
    summary="A unit's published random-inspection list (R-1.1-06)",
)
def public_random_inspection(request: HttpRequest, organisation_id: int) -> list[EntryOut]:
    unit = list_sel.random_inspection_units().filter(pk=organisation_id).first()
    if unit is None:
        raise NotFound("该单位没有公开的随机抽查事项清单。")
    return [
        _entry_out(e)
        for e in list_sel.unit_list_entries(organisation=unit, kind=UnitListKind.RANDOM_INSPECTION)
    ]

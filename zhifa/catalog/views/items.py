"""Pages of the item catalogue: the catalogue per unit, an item with its versions and actions,
proposals, the Justice Bureau's queue, the initial import; and the public catalogue pages
(R-1.2-08 (2)(4)(5), R-1.8-06 "published to society")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.models import Organisation
from zhifa.catalog.constants import ChangeKind, ItemType, VersionStatus
from zhifa.catalog.forms.items import (
    ApproveForm,
    CatalogueFilterForm,
    DeleteProposalForm,
    ImportForm,
    ItemElementsForm,
    PublishForm,
    ReviewForm,
    WithdrawForm,
)
from zhifa.catalog.models import EnforcementItem, EnforcementType, ItemVersion
from zhifa.catalog.selectors import items as sel
from zhifa.catalog.services.items import (
    can_propose_for,
    can_record_approval,
    catalogue_owner,
    import_template_xlsx,
    is_justice_bureau,
    item_catalogue_import,
    item_propose,
    item_version_approve,
    item_version_publish,
    item_version_review,
    item_version_withdraw,
)
from zhifa.core import clock
from zhifa.core.errors import DomainError

PAGE_SIZE = 25


def _page(request: HttpRequest, qs, size: int = PAGE_SIZE):  # type: ignore[no-untyped-def]
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _form_error(form, exc: DomainError) -> None:  # type: ignore[no-untyped-def]
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- staff: catalogue -----------------------------------------------------------------------


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue in force (any staff member may read it), per unit, filtered."""
    user = request.user
    initial_unit = None
    if "unit" not in request.GET and user.organisation is not None:  # type: ignore[union-attr]
        owner = catalogue_owner(user.organisation)  # type: ignore[union-attr, arg-type]
        if owner.kind in ("county_enforcement_dept", "township_government"):
            initial_unit = owner
    data = request.GET.copy()
    if initial_unit is not None:
        data["unit"] = str(initial_unit.pk)
    form = CatalogueFilterForm(data)
    status = 200
    versions = ItemVersion.objects.none()
    unit = None
    if form.is_valid():
        cd = form.cleaned_data
        unit = cd["unit"]
        versions = sel.items_in_force(
            organisation=unit,
            on_date=cd["on_date"],
            item_type=cd["item_type"] or None,
            enforcement_type=cd["enforcement_type"],
            search=cd["q"],
        )
    else:
        status = 400
    units = list(sel.catalogue_units())
    counts = sel.catalogue_unit_counts()
    return render(
        request,
        "catalog/item_catalogue.html",
        {
            "form": form,
            "page": _page(request, versions),
            "unit": unit,
            "units": [(u, counts.get(u.pk, 0)) for u in units],
            "can_propose": unit is not None and can_propose_for(user, unit),  # type: ignore[arg-type]
            "is_jb": is_justice_bureau(user),  # type: ignore[arg-type]
        },
        status=status,
    )


def _item_or_404(request: HttpRequest, item_id: int) -> EnforcementItem:
    item = sel.item_get(user=request.user, item_id=item_id)  # type: ignore[arg-type]
    if item is None:
        raise Http404
    return item


def _detail(
    request: HttpRequest, item: EnforcementItem, *, forms=None, status: int = 200
) -> HttpResponse:  # type: ignore[no-untyped-def]
    user = request.user
    versions = sel.item_versions_visible(user=user, item=item)  # type: ignore[arg-type]
    open_v = next((v for v in versions if v.status in sel.OPEN_STATUSES), None)
    forms = forms or {}
    jb = is_justice_bureau(user)  # type: ignore[arg-type]
    proposer = can_propose_for(user, item.organisation)  # type: ignore[arg-type]
    actions = {}
    if open_v is not None:
        local = item.locally_authorised
        if jb and open_v.status == VersionStatus.PROPOSED and not local:
            actions["review"] = forms.get("review") or ReviewForm()
        if can_record_approval(user) and open_v.status == VersionStatus.JB_REVIEWED:  # type: ignore[arg-type]
            actions["approve"] = forms.get("approve") or ApproveForm()
        if jb and (
            open_v.status == VersionStatus.GOV_APPROVED
            or (local and open_v.status == VersionStatus.PROPOSED)
        ):
            actions["publish"] = forms.get("publish") or PublishForm(
                initial={"effective_from": clock.today()}
            )
        if proposer and open_v.status in (VersionStatus.PROPOSED, VersionStatus.JB_REVIEWED):
            actions["withdraw"] = forms.get("withdraw") or WithdrawForm()
    return render(
        request,
        "catalog/item_detail.html",
        {
            "item": item,
            "current": item.current_version,
            "open_version": open_v,
            "history": sel.versions_with_diffs(versions),
            "actions": actions,
            "can_propose_change": proposer and open_v is None and item.is_in_force,
        },
        status=status,
    )


@login_required
@require_GET
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    return _detail(request, _item_or_404(request, item_id))


@login_required
@require_POST
def version_action(request: HttpRequest, version_id: int, action: str) -> HttpResponse:
    """Review, approve, publish or withdraw a version; refused requests come back with the
    reason on the form (400) or as 403/409."""
    version = get_object_or_404(ItemVersion.objects.select_related("item"), pk=version_id)
    item = _item_or_404(request, version.item_id)
    user = request.user
    form_classes = {
        "review": ReviewForm,
        "approve": ApproveForm,
        "publish": PublishForm,
        "withdraw": WithdrawForm,
    }
    if action not in form_classes:
        raise Http404
    form = form_classes[action](request.POST)
    if form.is_valid():
        cd = form.cleaned_data
        try:
            if action == "review":
                item_version_review(
                    version=version,
                    actor=user,  # type: ignore[arg-type]
                    passed=cd["decision"] == "pass",
                    opinion=cd["opinion"],
                )
            elif action == "approve":
                item_version_approve(
                    version=version,
                    actor=user,  # type: ignore[arg-type]
                    approved=cd["decision"] == "approve",
                    document_number=cd["document_number"],
                    opinion=cd["opinion"],
                )
            elif action == "publish":
                item_version_publish(
                    version=version,
                    actor=user,  # type: ignore[arg-type]
                    effective_from=cd["effective_from"],
                )
            else:
                item_version_withdraw(version=version, actor=user, reason=cd["reason"])  # type: ignore[arg-type]
        except DomainError as exc:
            if exc.status_code == 403:
                raise DjangoPermissionDenied(exc.message) from exc
            _form_error(form, exc)
        else:
            version.refresh_from_db()
            messages.success(request, f"第{version.number}版：{version.get_status_display()}。")
            return redirect("catalog:item_detail", item_id=item.pk)
    return _detail(request, item, forms={action: form}, status=400)


def _unit_from_request(request: HttpRequest) -> Organisation:
    raw = request.GET.get("unit") or request.POST.get("unit")
    if raw:
        try:
            unit = sel.catalogue_units().filter(pk=int(raw)).first()
        except ValueError:
            unit = None
        if unit is None:
            raise Http404
        return unit
    if request.user.organisation is None:  # type: ignore[union-attr]
        raise Http404
    return catalogue_owner(request.user.organisation)  # type: ignore[union-attr, arg-type]


@login_required
def item_propose_add(request: HttpRequest) -> HttpResponse:
    """A unit proposes a new item (R-1.8-06); the form keeps what was typed on errors."""
    unit = _unit_from_request(request)
    if not can_propose_for(request.user, unit):  # type: ignore[arg-type]
        raise DjangoPermissionDenied
    form = ItemElementsForm(request.POST or None, kind="add")
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            version = item_propose(
                organisation=unit,
                actor=request.user,  # type: ignore[arg-type]
                change_kind=ChangeKind.ADD,
                change_trigger=cd["change_trigger"],
                change_reason=cd["change_reason"],
                code=cd["code"],
                locally_authorised=cd["locally_authorised"],
                elements=form.elements(),
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "已提出新增事项，等待县司法局审核。")
            return redirect("catalog:item_detail", item_id=version.item_id)
    return render(
        request,
        "catalog/item_propose.html",
        {"form": form, "unit": unit, "kind": "add", "item": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def item_propose_change(request: HttpRequest, item_id: int, kind: str) -> HttpResponse:
    """Propose to change (kind=change) or cancel (kind=delete) an item in force."""
    item = _item_or_404(request, item_id)
    if kind not in (ChangeKind.CHANGE, ChangeKind.DELETE):
        raise Http404
    if not can_propose_for(request.user, item.organisation):  # type: ignore[arg-type]
        raise DjangoPermissionDenied
    current = item.current_version
    if kind == ChangeKind.CHANGE:
        initial = {}
        if current is not None:
            initial = {
                name: getattr(current, name)
                for name in (
                    "name",
                    "item_type",
                    "legal_basis",
                    "implementing_subject",
                    "conditions",
                    "procedure",
                    "time_limit",
                    "time_limit_basis",
                    "remedies",
                )
            }
            initial["enforcement_type"] = current.enforcement_type_id
        form = ItemElementsForm(request.POST or None, kind="change", initial=initial)
    else:
        form = DeleteProposalForm(request.POST or None)  # type: ignore[assignment]
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            item_propose(
                organisation=item.organisation,
                actor=request.user,  # type: ignore[arg-type]
                item=item,
                change_kind=kind,
                change_trigger=cd["change_trigger"],
                change_reason=cd["change_reason"],
                elements=form.elements() if kind == ChangeKind.CHANGE else None,
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "已提出调整，等待县司法局审核。")
            return redirect("catalog:item_detail", item_id=item.pk)
    return render(
        request,
        "catalog/item_propose.html",
        {"form": form, "unit": item.organisation, "kind": kind, "item": item},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Proposals awaiting review, approval and publication, with counts (scoped)."""
    status = request.GET.get("status") or ""
    if status and status not in VersionStatus.values:
        status = ""
    qs = sel.proposals_visible(user=request.user, status=status or None)  # type: ignore[arg-type]
    counts = sel.review_queue_counts(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "catalog/item_queue.html",
        {
            "page": _page(request, qs),
            "status": status,
            "counts": [(s, VersionStatus(s).label, counts[s]) for s in sel.OPEN_STATUSES],
            "statuses": VersionStatus.choices,
        },
    )


@login_required
def item_import(request: HttpRequest) -> HttpResponse:
    """The JB imports a unit's initial catalogue from XLSX; bad rows are listed by row number."""
    if not is_justice_bureau(request.user):  # type: ignore[arg-type]
        raise DjangoPermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            try:
                report = item_catalogue_import(
                    organisation=cd["unit"],
                    actor=request.user,  # type: ignore[arg-type]
                    data=cd["file"].read(),
                    approval_document=cd["approval_document"],
                    effective_from=cd["effective_from"],
                )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                status = 200
    return render(
        request, "catalog/item_import.html", {"form": form, "report": report}, status=status
    )


@login_required
@require_GET
def item_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        import_template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="catalogue-template.xlsx"'
    return response


# --- public ---------------------------------------------------------------------------------


@require_GET
def public_catalogue(request: HttpRequest) -> HttpResponse:
    """The public catalogue in force, per unit, filterable by type (R-1.2-08 (2), R-1.8-06)."""
    units = list(sel.catalogue_units())
    counts = sel.catalogue_unit_counts()
    unit = None
    raw = request.GET.get("unit")
    if raw:
        unit = next((u for u in units if str(u.pk) == raw), None)
        if unit is None:
            raise Http404
    item_type = request.GET.get("type") or ""
    if item_type not in ItemType.values:
        item_type = ""
    et_code = request.GET.get("enforcement_type") or ""
    qs = sel.items_in_force(
        organisation=unit,
        item_type=item_type or None,
        enforcement_type=et_code or None,
        search=(request.GET.get("q") or "")[:50],
    )
    return render(
        request,
        "catalog/public_catalogue.html",
        {
            "page": _page(request, qs),
            "unit": unit,
            "units": [(u, counts.get(u.pk, 0)) for u in units],
            "item_types": ItemType.choices,
            "item_type": item_type,
            "enforcement_types": EnforcementType.objects.filter(is_active=True),
            "et_code": et_code,
            "q": request.GET.get("q", "")[:50],
            "today": clock.today(),
        },
    )


@require_GET
def public_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """One item as published: name, type, basis, subject, conditions, procedure, time limit,
    remedies (R-1.2-08 (4)(5)) and its published history."""
    item = sel.item_public_get(item_id=item_id)
    if item is None:
        raise Http404
    history = sel.item_published_history(item=item)
    return render(
        request,
        "catalog/public_item.html",
        {
            "item": item,
            "current": item.current_version,
            "history": sel.versions_with_diffs(history),
        },
    )


@require_GET
def public_changes(request: HttpRequest) -> HttpResponse:
    """The published adjustments of the catalogues, newest first (R-1.8-06)."""
    return render(
        request,
        "catalog/public_changes.html",
        {"page": _page(request, sel.published_changes())},
    )

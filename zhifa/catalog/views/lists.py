"""Pages of the unit lists (R-1.1-01, R-1.4-08, R-1.3-05), the filings with the Justice Bureau,
and the public random-inspection list (R-1.1-06)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.models import Organisation
from zhifa.catalog.constants import FilingStatus, UnitListKind
from zhifa.catalog.forms.lists import FIELDS_BY_KIND, FilingHandleForm, ListEntryForm
from zhifa.catalog.models import UnitListEntry
from zhifa.catalog.selectors import lists as sel
from zhifa.catalog.services.items import is_justice_bureau
from zhifa.catalog.services.lists import (
    can_edit_lists,
    unit_list_entry_create,
    unit_list_entry_deactivate,
    unit_list_entry_update,
    unit_list_file,
    unit_list_filing_handle,
)
from zhifa.core.errors import DomainError

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    UnitListKind.RANDOM_INSPECTION: (
        ("name", "抽查事项"),
        ("content", "抽查内容"),
        ("legal_basis", "抽查依据"),
        ("inspecting_body", "抽查主体"),
    ),
    UnitListKind.MAJOR_DECISION: (
        ("name", "事项"),
        ("category", "类别"),
        ("enforcement_level", "执法层级"),
        ("field", "所属领域"),
        ("amount_threshold", "金额标准（元）"),
        ("content", "审核标准"),
    ),
    UnitListKind.AV_RECORDING: (
        ("name", "音像记录事项"),
        ("content", "记录内容"),
        ("stage", "记录环节"),
        ("method", "记录方式"),
    ),
}


def _form_error(form, exc: DomainError) -> None:  # type: ignore[no-untyped-def]
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _unit_or_404(request: HttpRequest, organisation_id: int) -> Organisation:
    unit = sel.list_units_visible(user=request.user).filter(pk=organisation_id).first()  # type: ignore[arg-type]
    if unit is None:
        raise Http404
    return unit


def _kind(raw: str | None) -> str:
    if raw not in UnitListKind.values:
        raise Http404
    return raw  # type: ignore[return-value]


def _rows(entries, kind: str):  # type: ignore[no-untyped-def]
    cols = COLUMNS[kind]
    return [(e, [(label, getattr(e, name)) for name, label in cols]) for e in entries]


@login_required
@require_GET
def list_index(request: HttpRequest) -> HttpResponse:
    """Units whose lists the user may open (the JB: every unit; others: their own)."""
    units = list(sel.list_units_visible(user=request.user))  # type: ignore[arg-type]
    if len(units) == 1:
        return redirect("catalog:unit_lists", organisation_id=units[0].pk)
    return render(
        request,
        "catalog/list_index.html",
        {"page": Paginator(units, 40).get_page(request.GET.get("page"))},
    )


@login_required
@require_GET
def unit_lists(request: HttpRequest, organisation_id: int) -> HttpResponse:
    unit = _unit_or_404(request, organisation_id)
    kind = _kind(request.GET.get("kind") or UnitListKind.RANDOM_INSPECTION)
    show_inactive = request.GET.get("inactive") == "1"
    entries = sel.unit_list_entries(
        organisation=unit, kind=kind, active=None if show_inactive else True
    )
    filings = (
        sel.filings_visible(user=request.user).filter(organisation=unit, kind=kind)[:5]  # type: ignore[arg-type]
        if kind == UnitListKind.MAJOR_DECISION
        else []
    )
    page = Paginator(entries, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/unit_lists.html",
        {
            "unit": unit,
            "kind": kind,
            "kind_label": UnitListKind(kind).label,
            "kinds": UnitListKind.choices,
            "page": page,
            "rows": _rows(page.object_list, kind),
            "columns": COLUMNS[kind],
            "can_edit": can_edit_lists(request.user, unit),  # type: ignore[arg-type]
            "filings": filings,
            "last_changed": sel.list_last_changed(organisation=unit, kind=kind),
            "show_inactive": show_inactive,
        },
    )


def _values(form: ListEntryForm, kind: str) -> dict:  # type: ignore[type-arg]
    return {name: form.cleaned_data.get(name) for name in FIELDS_BY_KIND[kind]}


@login_required
def entry_add(request: HttpRequest, organisation_id: int, kind: str) -> HttpResponse:
    unit = _unit_or_404(request, organisation_id)
    kind = _kind(kind)
    if not can_edit_lists(request.user, unit):  # type: ignore[arg-type]
        raise DjangoPermissionDenied
    form = ListEntryForm(request.POST or None, kind=kind, organisation=unit)
    if request.method == "POST" and form.is_valid():
        try:
            unit_list_entry_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=unit,
                kind=kind,
                values=_values(form, kind),
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "已添加到清单。")
            return redirect(f"{_lists_url(unit)}?kind={kind}")
    return render(
        request,
        "catalog/list_entry_form.html",
        {"form": form, "unit": unit, "kind_label": UnitListKind(kind).label, "entry": None},
        status=400 if request.method == "POST" else 200,
    )


def _lists_url(unit: Organisation) -> str:
    from django.urls import reverse

    return reverse("catalog:unit_lists", kwargs={"organisation_id": unit.pk})


def _entry_or_404(request: HttpRequest, entry_id: int) -> UnitListEntry:
    entry = UnitListEntry.objects.select_related("organisation").filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    _unit_or_404(request, entry.organisation_id)
    return entry


@login_required
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    unit = entry.organisation
    if not can_edit_lists(request.user, unit) or not entry.is_active:  # type: ignore[arg-type]
        raise DjangoPermissionDenied
    initial = {name: getattr(entry, name) for name in FIELDS_BY_KIND[entry.kind]}
    form = ListEntryForm(request.POST or None, kind=entry.kind, organisation=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit_list_entry_update(
                actor=request.user,  # type: ignore[arg-type]
                entry=entry,
                values=_values(form, entry.kind),
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "清单事项已修改。")
            return redirect(f"{_lists_url(unit)}?kind={entry.kind}")
    return render(
        request,
        "catalog/list_entry_form.html",
        {"form": form, "unit": unit, "kind_label": entry.get_kind_display(), "entry": entry},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def entry_deactivate(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    try:
        unit_list_entry_deactivate(actor=request.user, entry=entry)  # type: ignore[arg-type]
    except DomainError as exc:
        if exc.status_code == 403:
            raise DjangoPermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, f"“{entry.name}”已停用（保留记录）。")
    return redirect(f"{_lists_url(entry.organisation)}?kind={entry.kind}")


@login_required
@require_POST
def list_file(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """R-1.4-08: file the major-decision list with the Justice Bureau."""
    unit = _unit_or_404(request, organisation_id)
    try:
        unit_list_file(actor=request.user, organisation=unit)  # type: ignore[arg-type]
    except DomainError as exc:
        if exc.status_code == 403:
            raise DjangoPermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, "已报县司法局备案。")
    return redirect(f"{_lists_url(unit)}?kind={UnitListKind.MAJOR_DECISION}")


@login_required
@require_GET
def filing_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ""
    if status not in FilingStatus.values:
        status = ""
    qs = sel.filings_visible(user=request.user, status=status or None)  # type: ignore[arg-type]
    return render(
        request,
        "catalog/filing_list.html",
        {
            "page": Paginator(qs, 25).get_page(request.GET.get("page")),
            "status": status,
            "statuses": FilingStatus.choices,
        },
    )


def _filing_detail(request: HttpRequest, filing, form=None, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    jb = is_justice_bureau(request.user)  # type: ignore[arg-type]
    show_form = jb and filing.status == FilingStatus.SUBMITTED
    return render(
        request,
        "catalog/filing_detail.html",
        {
            "filing": filing,
            "entries": filing.snapshot.get("entries", []),
            "form": (form or FilingHandleForm()) if show_form else None,
        },
        status=status,
    )


@login_required
def filing_detail(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = sel.filing_get(user=request.user, filing_id=filing_id)  # type: ignore[arg-type]
    if filing is None:
        raise Http404
    if request.method != "POST":
        return _filing_detail(request, filing)
    form = FilingHandleForm(request.POST)
    if form.is_valid():
        try:
            unit_list_filing_handle(
                actor=request.user,  # type: ignore[arg-type]
                filing=filing,
                accepted=form.cleaned_data["decision"] == "accept",
                opinion=form.cleaned_data["opinion"],
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise DjangoPermissionDenied(exc.message) from exc
            _form_error(form, exc)
        else:
            messages.success(request, "已处理该报备。")
            return redirect("catalog:filing_detail", filing_id=filing.pk)
    return _filing_detail(request, filing, form, status=400)


# --- public ---------------------------------------------------------------------------------


@require_GET
def public_random_inspection_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/public_random_inspection_index.html",
        {"units": sel.random_inspection_units()},
    )


@require_GET
def public_random_inspection(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """R-1.1-06: a unit's random-inspection list as it is now, with the date it last changed."""
    unit = sel.random_inspection_units().filter(pk=organisation_id).first()
    if unit is None:
        raise Http404
    kind = UnitListKind.RANDOM_INSPECTION
    entries = sel.unit_list_entries(organisation=unit, kind=kind)
    return render(
        request,
        "catalog/public_random_inspection.html",
        {
            "unit": unit,
            "rows": _rows(entries, kind),
            "columns": COLUMNS[kind],
            "last_changed": sel.list_last_changed(organisation=unit, kind=kind),
        },
    )

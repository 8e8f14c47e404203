"""Pages of the market-entity directory: list, detail, create/edit, flags, import, export.

Thin views: reads through ``selectors`` (the directory is readable by the staff of enforcing
units, the Justice Bureau and the county government; outside bodies get 403), writes through
``services``; a ``DomainError`` is shown on the form with the input kept (HTTP 400). There is no
public page: the directory holds personal data.
"""

from __future__ import annotations

import tempfile
from typing import cast
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.models import User
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.core.errors import PermissionDenied as DomainPermissionDenied
from zhifa.subjects import selectors
from zhifa.subjects.exporting import export_csv_chunks, export_xlsx, template_xlsx
from zhifa.subjects.forms import EntityFilterForm, EntityForm, FlagForm, ImportForm
from zhifa.subjects.importing import import_run_create, template_csv
from zhifa.subjects.models import ImportRun, MarketEntity
from zhifa.subjects.permissions import (
    can_edit_directory,
    can_edit_entity,
    can_read_directory,
    can_see_id_numbers,
    id_number_visibility,
)
from zhifa.subjects.services import entity_create, entity_flag_set, entity_update

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if not can_read_directory(user):
        raise DjangoPermissionDenied
    return user


def _disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _entity_or_404(user: User, entity_id: int) -> MarketEntity:
    entity = selectors.entity_get_for_user(user=user, entity_id=entity_id)
    if entity is None:
        raise Http404
    return entity


@login_required
@require_GET
def entity_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = EntityFilterForm(request.GET or None)
    qs = selectors.entity_list_for_user(user=user, filters=form.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rule = id_number_visibility(user)
    rows = [(e, rule.visible(e.township_id)) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "subjects/entity_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": bool(query),
            "query": query.urlencode(),
            "can_edit": can_edit_directory(user),
        },
    )


@login_required
@require_GET
def entity_detail(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = _user(request)
    entity = _entity_or_404(user, entity_id)
    return _detail(request, user, entity)


def _detail(
    request: HttpRequest,
    user: User,
    entity: MarketEntity,
    *,
    flag_form: FlagForm | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = can_edit_entity(user, entity)
    return render(
        request,
        "subjects/entity_detail.html",
        {
            "entity": entity,
            "can_edit": editable,
            "show_id": can_see_id_numbers(user, entity),
            "flag_form": flag_form or (FlagForm() if editable else None),
        },
        status=status,
    )


def _form_page(
    request: HttpRequest, form: EntityForm, entity: MarketEntity | None, status: int
) -> HttpResponse:
    return render(
        request, "subjects/entity_form.html", {"form": form, "entity": entity}, status=status
    )


@login_required
def entity_create_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_edit_directory(user):
        raise DjangoPermissionDenied
    form = EntityForm(request.POST or None, user=user, initial={"status": "active"})
    if request.method == "POST" and form.is_valid():
        try:
            entity = entity_create(actor=user, data=form.service_data())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记“{entity.name}”。")
            return redirect("subjects:detail", entity_id=entity.pk)
    return _form_page(request, form, None, 400 if request.method == "POST" else 200)


@login_required
def entity_edit_view(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = _user(request)
    entity = _entity_or_404(user, entity_id)
    if not can_edit_entity(user, entity):
        raise DjangoPermissionDenied
    initial = {
        f: getattr(entity, f)
        for f in EntityForm.base_fields
        if f != "township" and getattr(entity, f) is not None
    }
    initial["township"] = entity.township_id
    form = EntityForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entity_update(actor=user, entity=entity, data=form.service_data())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已保存修改。")
            return redirect("subjects:detail", entity_id=entity.pk)
    return _form_page(request, form, entity, 400 if request.method == "POST" else 200)


@login_required
@require_POST
def entity_flag_view(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = _user(request)
    entity = _entity_or_404(user, entity_id)
    if not can_edit_entity(user, entity):
        raise DjangoPermissionDenied
    form = FlagForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entity_flag_set(
                actor=user,
                entity=entity,
                flag=data["flag"],
                on=data["action"] == "on",
                listed_on=data["listed_on"],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "标记已更新。")
            return redirect("subjects:detail", entity_id=entity.pk)
    entity.refresh_from_db()
    return _detail(request, user, entity, flag_form=form, status=400)


@login_required
@require_GET
def export_view(request: HttpRequest) -> HttpResponse:
    """The current filter as XLSX (default) or CSV (``?format=csv``), streamed."""
    user = _user(request)
    form = EntityFilterForm(request.GET or None)
    qs = selectors.entity_list_for_user(user=user, filters=form.filters())
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(
            export_csv_chunks(user=user, queryset=qs), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = _disposition(f"市场主体名录-{stamp}.csv")
        return response
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export_xlsx(user=user, queryset=qs, out=out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=f"市场主体名录-{stamp}.xlsx", content_type=XLSX
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    _user(request)
    if request.GET.get("format") == "xlsx":
        out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        template_xlsx(out)
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename="市场主体导入模板.xlsx", content_type=XLSX
        )
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition("市场主体导入模板.csv")
    return response


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    allowed = can_edit_directory(user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not allowed:
            raise DjangoPermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = import_run_create(actor=user, file=upload, file_name=upload.name)
            except DomainPermissionDenied:
                raise DjangoPermissionDenied from None
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, "文件已上传，正在后台导入。")
                return redirect("subjects:import_run", run_id=run.pk)
    runs = list(selectors.import_run_list_for_user(user=user)[:20])
    return render(
        request,
        "subjects/import.html",
        {"form": form if allowed else None, "runs": runs},
        status=400 if request.method == "POST" else 200,
    )


def _run_or_404(user: User, run_id: int) -> ImportRun:
    run = selectors.import_run_get_for_user(user=user, run_id=run_id)
    if run is None:
        raise Http404
    return run


@login_required
@require_GET
def import_run_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _user(request)
    return render(request, "subjects/import_run.html", {"run": _run_or_404(user, run_id)})


@login_required
@require_GET
def import_run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress block alone (htmx polls it every second while the run is active)."""
    user = _user(request)
    return render(request, "subjects/_import_progress.html", {"run": _run_or_404(user, run_id)})


@login_required
@require_GET
def import_run_errors(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _user(request)
    run = _run_or_404(user, run_id)
    if not run.error_file_path:
        raise Http404
    fh = default_storage.open(run.error_file_path, "rb")
    stem = run.file_name.rsplit(".", 1)[0]
    return FileResponse(
        fh,
        as_attachment=True,
        filename=f"{stem}-错误明细.csv",
        content_type="text/csv; charset=utf-8",
    )

"""Pages of the discretion area: staff list, detail, editor, publish/repeal/revise, calculator;
and the public list and detail (R-1.5-06: the standards are published)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.models import Organisation
from zhifa.catalog.constants import BenchmarkStatus
from zhifa.catalog.discretion_logic import BenchmarkInvalid
from zhifa.catalog.forms.discretion import (
    BenchmarkEditor,
    CalculatorForm,
    ImportForm,
    RepealForm,
)
from zhifa.catalog.models import Benchmark, EnforcementItem
from zhifa.catalog.selectors.discretion import (
    BenchmarkFilters,
    benchmark_get_for_user,
    benchmark_get_public,
    benchmark_list_for_user,
    benchmark_list_public,
    benchmark_organisations_public,
    benchmark_suggest,
    benchmark_versions,
    penalty_departure_check,
)
from zhifa.catalog.services.discretion import (
    benchmark_check,
    benchmark_create,
    benchmark_publish,
    benchmark_repeal,
    benchmark_revise,
    benchmark_update,
    can_draft_benchmarks,
    can_publish_benchmarks,
)
from zhifa.catalog.services.discretion_import import (
    benchmark_import_template,
    benchmark_import_xlsx,
)
from zhifa.core.errors import DomainError
from zhifa.core.params import int_param

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    return int_param(value)


def _filters(request: HttpRequest) -> BenchmarkFilters:
    status = request.GET.get("status", "")
    return BenchmarkFilters(
        organisation_id=_int(request.GET.get("organisation")),
        item_id=_int(request.GET.get("item")),
        status=status if status in BenchmarkStatus.values else "",
        q=(request.GET.get("q") or "")[:100],
    )


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _item_name(item: EnforcementItem | None) -> str:
    if item is None:
        return ""
    return item.current_version.name if item.current_version_id else item.code


def _benchmark_or_404(request: HttpRequest, pk: int) -> Benchmark:
    benchmark = benchmark_get_for_user(user=request.user, benchmark_id=pk)  # type: ignore[arg-type]
    if benchmark is None:
        raise Http404("裁量基准不存在，或者您无权查看。")
    return benchmark


# --- staff ---------------------------------------------------------------------------------------


@login_required
@require_GET
def benchmark_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = benchmark_list_for_user(user=request.user, filters=filters)  # type: ignore[arg-type]
    all_visible = benchmark_list_for_user(user=request.user)  # type: ignore[arg-type]
    organisations = Organisation.objects.filter(
        pk__in=all_visible.values("organisation_id")
    ).order_by("sort_order", "id")
    items = (
        EnforcementItem.objects.filter(pk__in=all_visible.exclude(item=None).values("item_id"))
        .select_related("current_version")
        .order_by("code")
    )
    return render(
        request,
        "catalog/benchmark_list.html",
        {
            "page": _page(request, qs),
            "filters": filters,
            "organisations": organisations,
            "items": [(i.pk, f"{i.code} {_item_name(i)}") for i in items],
            "statuses": BenchmarkStatus.choices,
            "can_draft": can_draft_benchmarks(request.user),  # type: ignore[arg-type]
        },
    )


@login_required
@require_GET
def benchmark_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benchmark = _benchmark_or_404(request, pk)
    return _detail(request, benchmark)


def _detail(
    request: HttpRequest,
    benchmark: Benchmark,
    *,
    repeal_form: RepealForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    draft = benchmark.status == BenchmarkStatus.DRAFT
    published = benchmark.status == BenchmarkStatus.PUBLISHED
    may_draft = can_draft_benchmarks(user, benchmark.organisation)  # type: ignore[arg-type]
    may_publish = can_publish_benchmarks(user, benchmark.organisation)  # type: ignore[arg-type]
    return render(
        request,
        "catalog/benchmark_detail.html",
        {
            "b": benchmark,
            "item_name": _item_name(benchmark.item),
            "versions": benchmark_versions(benchmark=benchmark),
            "can_edit": draft and may_draft,
            "can_publish": draft and may_publish,
            "can_repeal": published and may_publish,
            "can_revise": published and may_draft,
            "repeal_form": repeal_form or RepealForm(),
        },
        status=status,
    )


def _editor_page(
    request: HttpRequest, editor: BenchmarkEditor, *, benchmark: Benchmark | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "catalog/benchmark_form.html",
        {"editor": editor, "form": editor.form, "b": benchmark},
        status=status,
    )


def _check_rest(request: HttpRequest, editor: BenchmarkEditor) -> None:
    """Some circumstance rows were incomplete: still report what the law says about the rest."""
    if not editor.main_valid():
        return
    try:
        benchmark_check(actor=request.user, data=editor.as_input())  # type: ignore[arg-type]
    except BenchmarkInvalid as exc:
        editor.add_problems(exc.problems)
    except DomainError as exc:
        editor.form.add_error(None, exc.message)


@login_required
def benchmark_create_view(request: HttpRequest) -> HttpResponse:
    if not can_draft_benchmarks(request.user):  # type: ignore[arg-type]
        raise DjangoPermissionDenied("只有法制审核人员、单位负责人或司法局可以起草裁量基准。")
    if request.method != "POST":
        return _editor_page(request, BenchmarkEditor(user=request.user), benchmark=None)  # type: ignore[arg-type]
    editor = BenchmarkEditor(user=request.user, data=request.POST)  # type: ignore[arg-type]
    if editor.is_valid():
        try:
            benchmark = benchmark_create(actor=request.user, data=editor.as_input())  # type: ignore[arg-type]
        except BenchmarkInvalid as exc:
            editor.add_problems(exc.problems)
        except DomainError as exc:
            editor.form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存裁量基准草稿“{benchmark.code}”。公布前可继续修改。")
            return redirect("catalog:discretion_benchmark_detail", pk=benchmark.pk)
    else:
        _check_rest(request, editor)
    return _editor_page(request, editor, benchmark=None, status=400)


@login_required
def benchmark_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benchmark = _benchmark_or_404(request, pk)
    if benchmark.status != BenchmarkStatus.DRAFT:
        messages.error(
            request, "已公布或已废止的裁量基准不能修改；如需调整，请“修订”生成新版本草稿。"
        )
        return redirect("catalog:discretion_benchmark_detail", pk=benchmark.pk)
    if not can_draft_benchmarks(request.user, benchmark.organisation):  # type: ignore[arg-type]
        raise DjangoPermissionDenied("您不能修改该单位的裁量基准。")
    if request.method != "POST":
        editor = BenchmarkEditor(
            user=request.user,
            benchmark=benchmark,
            fixed_organisation=benchmark.organisation,  # type: ignore[arg-type]
        )
        return _editor_page(request, editor, benchmark=benchmark)
    editor = BenchmarkEditor(
        user=request.user,
        data=request.POST,
        fixed_organisation=benchmark.organisation,  # type: ignore[arg-type]
    )
    if editor.is_valid():
        try:
            benchmark_update(actor=request.user, benchmark=benchmark, data=editor.as_input())  # type: ignore[arg-type]
        except BenchmarkInvalid as exc:
            editor.add_problems(exc.problems)
        except DomainError as exc:
            editor.form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存修改。")
            return redirect("catalog:discretion_benchmark_detail", pk=benchmark.pk)
    else:
        _check_rest(request, editor)
    return _editor_page(request, editor, benchmark=benchmark, status=400)


def _transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    benchmark = _benchmark_or_404(request, pk)
    try:
        if action == "publish":
            benchmark = benchmark_publish(actor=request.user, benchmark=benchmark)  # type: ignore[arg-type]
            messages.success(request, "裁量基准已公布，公众可在公示页面查阅。")
        elif action == "revise":
            benchmark = benchmark_revise(actor=request.user, benchmark=benchmark)  # type: ignore[arg-type]
            messages.success(
                request, f"已生成第{benchmark.version}版修订草稿；公布后原版本自动废止。"
            )
            return redirect("catalog:discretion_benchmark_edit", pk=benchmark.pk)
        else:
            form = RepealForm(request.POST)
            if not form.is_valid():
                return _detail(request, benchmark, repeal_form=form, status=400)
            benchmark_repeal(
                actor=request.user,
                benchmark=benchmark,
                reason=form.cleaned_data["reason"],  # type: ignore[arg-type]
            )
            messages.success(request, "裁量基准已废止。")
    except BenchmarkInvalid as exc:
        messages.error(request, "不能公布：" + "；".join(p.message for p in exc.problems) + "。")
    except DomainError as exc:
        if exc.status_code == 403:
            raise DjangoPermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    return redirect("catalog:discretion_benchmark_detail", pk=pk)


@login_required
@require_POST
def benchmark_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "publish")


@login_required
@require_POST
def benchmark_repeal_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "repeal")


@login_required
@require_POST
def benchmark_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "revise")


@login_required
@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    """Pick a benchmark, tick circumstances, optional basis → tier and range with reasons
    (R-1.5-09); optionally check an intended penalty (R-1.5-02). GET only: nothing is written.
    With htmx the result part is swapped in place; without JS the whole page reloads."""
    choices = list(
        benchmark_list_for_user(user=request.user).exclude(status=BenchmarkStatus.REPEALED)  # type: ignore[arg-type]
    )
    pk = _int(request.GET.get("benchmark"))
    benchmark = benchmark_get_for_user(user=request.user, benchmark_id=pk) if pk else None  # type: ignore[arg-type]
    context: dict[str, Any] = {"choices": choices, "b": benchmark, "error": None}
    if pk and benchmark is None:
        context["error"] = "所选裁量基准不存在，或者您无权查看。"
    data: Any = None
    if benchmark is not None:
        shown = _int(request.GET.get("shown"))
        # A benchmark just picked: its circumstances are not the ones ticked for the last one.
        data = request.GET if shown in (None, benchmark.pk) else QueryDict("")
    form = CalculatorForm(data, benchmark=benchmark)
    context["form"] = form
    status = 200
    if benchmark is not None and form.is_valid():
        basis: Decimal | None = form.cleaned_data.get("basis")
        try:
            suggestion = benchmark_suggest(
                benchmark=benchmark, circumstance_codes=form.cleaned_data["c"], amount_basis=basis
            )
        except DomainError as exc:
            context["error"] = exc.message
            status = 400
        else:
            context["suggestion"] = suggestion
            if form.wants_check:
                try:
                    context["check"] = penalty_departure_check(
                        benchmark=benchmark,
                        suggestion=suggestion,
                        penalty_types=form.cleaned_data["penalty_types"],
                        fine=form.cleaned_data.get("fine"),
                        reason=form.cleaned_data.get("reason") or "",
                    )
                except DomainError as exc:
                    context["check_error"] = exc
    elif benchmark is not None or context["error"]:
        status = 400
    template = (
        "catalog/discretion_calculator_body.html"
        if getattr(request, "htmx", False)
        else "catalog/discretion_calculator.html"
    )
    return render(request, template, context, status=status)


@login_required
def benchmark_import(request: HttpRequest) -> HttpResponse:
    """Upload an XLSX of benchmarks for a unit; valid ones become drafts, every invalid row is
    listed with its row number and reason (R-1.5-02 validation as in the editor)."""
    if not can_draft_benchmarks(request.user):  # type: ignore[arg-type]
        raise DjangoPermissionDenied("只有法制审核人员、单位负责人或司法局可以导入裁量基准。")
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)  # type: ignore[arg-type]
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = benchmark_import_xlsx(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=form.cleaned_data["organisation"],
                    data=form.cleaned_data["file"].read(),
                )
            except DomainError as exc:
                if exc.status_code == 403:
                    raise DjangoPermissionDenied(exc.message) from exc
                form.add_error("file" if exc.field == "file" else None, exc.message)
        if result is None:
            status = 400  # the upload itself was refused; row errors are reported with 200
    return render(
        request, "catalog/benchmark_import.html", {"form": form, "result": result}, status=status
    )


@login_required
@require_GET
def benchmark_import_template_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        benchmark_import_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename=\"benchmarks.xlsx\"; filename*=UTF-8''%E8%A3%81%E9%87%8F%E5%9F%BA%E5%87%86%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


# --- public ----------------------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """The published benchmarks by unit and item (R-1.5-06, R-1.2-08 (4)); no login."""
    filters = _filters(request)
    return render(
        request,
        "catalog/benchmark_public_list.html",
        {
            "page": _page(request, benchmark_list_public(filters=filters)),
            "filters": filters,
            "organisations": benchmark_organisations_public(),
        },
    )


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One published (or repealed, marked) benchmark with tiers and circumstances; no login."""
    benchmark = benchmark_get_public(benchmark_id=pk)
    if benchmark is None:
        raise Http404("该裁量基准不存在或未公布。")
    return render(
        request,
        "catalog/benchmark_public_detail.html",
        {"b": benchmark, "item_name": _item_name(benchmark.item)},
    )

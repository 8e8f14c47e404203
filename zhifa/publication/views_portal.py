"""The portal's decision pages (R-1.2-13): search by unit, category, type, date and keyword, and
one decision at its stable link — with a notice when it was withdrawn or updated (R-1.12-06),
never a silent change. No login; only the masked public columns are read (selectors)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from zhifa.accounts.constants import ENFORCING_KINDS
from zhifa.accounts.models import Organisation
from zhifa.catalog.models import EnforcementType
from zhifa.publication.constants import DecisionCategory
from zhifa.publication.search import MAX_KEYWORD_LENGTH
from zhifa.publication.selectors import (
    Cursor,
    DecisionFilters,
    DecisionPage,
    SearchTooBroad,
    applied_changes_public,
    portal_decision,
    portal_decision_page,
)


def _date(value: str, errors: list[str], label: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{label}“{value[:20]}”不是有效日期，请按 2026-01-31 的格式填写。")
        return None
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        errors.append(f"{label}超出范围。")
        return None
    return day


def _units() -> list[Organisation]:
    """The unit filter's options: the enforcement units (not a scan of the decisions)."""
    return list(
        Organisation.objects.filter(kind__in=ENFORCING_KINDS, is_active=True).order_by(
            "sort_order", "name"
        )
    )


def _types() -> list[str]:
    """The type filter's options: the registry of enforcement types (R-1.2-08 (1))."""
    return list(EnforcementType.objects.order_by("sort_order", "id").values_list("name", flat=True))


@require_GET
@cache_control(public=True, max_age=60)
def decision_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    errors: list[str] = []
    keyword = g.get("q", "").strip()
    if len(keyword) > MAX_KEYWORD_LENGTH:
        errors.append(f"关键词最多{MAX_KEYWORD_LENGTH}个字，已截取前{MAX_KEYWORD_LENGTH}个字检索。")
        keyword = keyword[:MAX_KEYWORD_LENGTH]
    unit_id: int | None = None
    if g.get("unit"):
        try:
            unit_id = int(g["unit"])
        except ValueError:
            errors.append("请从列表中选择执法主体。")
    category = g.get("category", "")
    if category and category not in DecisionCategory.values:
        errors.append("请从列表中选择执法类别。")
        category = ""
    date_from = _date(g.get("from", ""), errors, "起始日期")
    date_to = _date(g.get("to", ""), errors, "截止日期")
    if date_from and date_to and date_from > date_to:
        errors.append("起始日期不能晚于截止日期。")
    filters = DecisionFilters(
        keyword=keyword,
        organisation_id=unit_id,
        category=category,
        enforcement_type=g.get("type", "")[:60],
        date_from=date_from,
        date_to=date_to,
        include_withdrawn=g.get("withdrawn") == "1",
    )
    try:
        page = portal_decision_page(filters, after=Cursor.decode(g.get("after")))
    except SearchTooBroad as e:
        errors.append(e.message)
        page = DecisionPage(rows=[], next_cursor=None, total=0, capped=False)
    query = g.copy()
    query.pop("after", None)
    return render(
        request,
        "publication/portal/decision_list.html",
        {
            "page": page,
            "filters": filters,
            "errors": errors,
            "units": _units(),
            "types": _types(),
            "categories": DecisionCategory.choices,
            "query": query.urlencode(),
            "first_page": not g.get("after"),
            "max_keyword": MAX_KEYWORD_LENGTH,
        },
        status=400 if errors else 200,
    )


@require_GET
@cache_control(public=True, max_age=60)
def decision_detail(request: HttpRequest, publication_id: int) -> HttpResponse:
    p = portal_decision(publication_id)
    if p is None:
        raise Http404("没有找到该执法决定信息。")
    try:
        correction_url = reverse("portal:correction_new") + f"?publication={p.pk}"
    except NoReverseMatch:  # the request forms are not installed
        correction_url = ""
    return render(
        request,
        "publication/portal/decision_detail.html",
        {"p": p, "changes": applied_changes_public(p), "correction_url": correction_url},
    )

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhifa.ledger.forms import LedgerFilterForm
from zhifa.ledger.permissions import can_view_ledger
from zhifa.ledger.selectors import entry_list_for_user, root_list

PAGE_SIZE = 50


@require_GET
def roots(request: HttpRequest) -> HttpResponse:
    """Public: the daily Merkle roots (day, number of entries, root). Never a payload."""
    page = Paginator(root_list().only("day", "tree_size", "first_seq", "last_seq", "root_hash"), 60)
    return render(request, "ledger/roots.html", {"page": page.get_page(request.GET.get("page"))})


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    """Staff: the entries the user may see, newest first, paged by seq (no COUNT over millions)."""
    if not can_view_ledger(request.user):
        raise PermissionDenied
    form = LedgerFilterForm(request.GET or None)
    qs = entry_list_for_user(user=request.user, filters=form.filters())  # type: ignore[arg-type]
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        before = None
    if before is not None:
        qs = qs.filter(seq__lt=before)
    rows = list(qs[: PAGE_SIZE + 1])
    entries = rows[:PAGE_SIZE]
    next_before = entries[-1].seq if len(rows) > PAGE_SIZE else None
    params = request.GET.copy()
    params.pop("before", None)
    return render(
        request,
        "ledger/entry_list.html",
        {
            "form": form,
            "entries": entries,
            "next_before": next_before,
            "first_page": before is None,
            "query": params.urlencode(),
        },
    )

"""The records list: every record the user may see (R-1.3-16 scope), newest first, with its
storage time limit (R-1.3-13/14), filtered by status, form and stage, in keyset pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhifa.core.params import int_param
from zhifa.records.constants import RecordForm, RecordStage, RecordStatus
from zhifa.records.selectors import record_list_for_user
from zhifa.records.selectors_records import storage_limits, with_counts

PAGE_SIZE = 50


class RecordFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="存储状态", required=False, choices=[("", "全部"), *RecordStatus.choices]
    )
    form = forms.ChoiceField(
        label="记录形式", required=False, choices=[("", "全部"), *RecordForm.choices]
    )
    stage = forms.ChoiceField(
        label="执法环节", required=False, choices=[("", "全部"), *RecordStage.choices]
    )


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    """Records of the cases the user handles and, for heads, reviewers, archivists and the
    Justice Bureau, of the units in their scope. Constant queries per page."""
    user = request.user
    form = RecordFilterForm(request.GET or None)
    qs = record_list_for_user(user=user)  # type: ignore[arg-type]
    filters: dict[str, str] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
        if "status" in filters:
            qs = qs.filter(status=filters["status"])
        if "form" in filters:
            qs = qs.filter(form=filters["form"])
        if "stage" in filters:
            qs = qs.filter(stage=filters["stage"])
    after = int_param(request.GET.get("after"))
    if after is not None:
        qs = qs.filter(pk__lt=after)
    rows = list(
        with_counts(qs.order_by("-id")).select_related("case", "organisation", "created_by")[
            : PAGE_SIZE + 1
        ]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    limits = storage_limits([r.pk for r in rows])
    context: dict[str, Any] = {
        "form": form,
        "rows": [(r, limits.get(r.pk)) for r in rows],
        "next_after": rows[-1].pk if more and rows else None,
        "first": after is None,
        "filtered": bool(filters),
        "query": urlencode(filters),
    }
    return render(request, "records/list.html", context)

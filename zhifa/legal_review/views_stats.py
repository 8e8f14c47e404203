"""The Justice Bureau's legal-review figures page (``legal_review:stats``, R-1.4-03, R-1.4-04).

Supervisors (county-wide roles) see every enforcement organ, unit heads their unit and the units
below; anyone else gets 403. The date range comes from ``?start=&end=`` (default: this year).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhifa.cases.constants import ReviewOpinion
from zhifa.legal_review import stats as review_figures


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class StatsRangeForm(forms.Form):
    start = forms.DateField(label="送审、出具意见日期从", required=False, widget=_DateInput())
    end = forms.DateField(label="至", required=False, widget=_DateInput())

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError("结束日期不能早于开始日期，请重新选择。")
        return data


@login_required
@require_GET
def review_stats(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not review_figures.can_view_stats(user):  # type: ignore[arg-type]
        raise DjangoPermissionDenied("只有司法局执法监督人员和单位负责人可以查看法制审核统计。")
    default_start, default_end = review_figures.default_range()
    form = StatsRangeForm(request.GET or None)
    start, end = default_start, default_end
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or default_start
        end = form.cleaned_data.get("end") or default_end
        if end < start:  # only one side given: keep the range meaningful
            start, end = end, start
    if not form.is_bound:
        form = StatsRangeForm(initial={"start": start, "end": end})
    stats = review_figures.review_stats(user=user, start=start, end=end)  # type: ignore[arg-type]
    return render(
        request,
        "legal_review/stats.html",
        {
            "form": form,
            "stats": stats,
            "opinion_labels": ReviewOpinion.labels,
            "line": review_figures.REVIEWER_RATIO_LINE,
        },
    )

"""Pages of the law registry: every rule with its status, time limit, code and tests."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zhifa.law.forms import RuleFilterForm
from zhifa.law.registry import UnknownRule, all_rules, ambiguities_for, get_rule
from zhifa.law.selectors import RuleFilters, group_by_part, status_counts
from zhifa.law.selectors import rule_list as select_rules
from zhifa.law.time_limits import NOT_TIME_LIMITS, TIME_LIMITS


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    form = RuleFilterForm(request.GET or None)
    filters = RuleFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = RuleFilters(
            status=data["status"], rule_type=data["type"], system=data["system"], q=data["q"]
        )
    everything = all_rules()
    rules = select_rules(filters)
    return render(
        request,
        "law/rule_list.html",
        {
            "form": form,
            "filters": filters,
            "parts": group_by_part(rules),
            "shown": len(rules),
            "total": len(everything),
            "counts": status_counts(everything),
            "shown_counts": status_counts(rules),
            "time_limit_count": len(TIME_LIMITS),
            "deadline_rule_count": sum(1 for r in everything if r.is_deadline),
        },
    )


@login_required
def rule_detail(request: HttpRequest, rule_id: str) -> HttpResponse:
    try:
        rule = get_rule(rule_id)
    except UnknownRule:
        raise Http404(f"规则 {rule_id} 未登记") from None
    return render(
        request,
        "law/rule_detail.html",
        {
            "rule": rule,
            "spec": rule.time_limit,
            "ambiguities": ambiguities_for(rule),
            "not_time_limit_reason": NOT_TIME_LIMITS.get(rule.id, ""),
            "modified_by": [
                rid for rid, s in TIME_LIMITS.items() if rule.id in (s.modifies, s.same_as)
            ],
        },
    )

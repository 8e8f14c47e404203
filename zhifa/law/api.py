"""The law registry API (mounted at /api/v1/law/): rules, one rule, the time-limit specs.

Read-only, for any signed-in user or token. Unknown rule ids and bad filters get a structured
4xx answer (``{"code", "message", "field"}``), never a 500.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ninja import Query, Router, Schema

from zhifa.core.errors import DomainError
from zhifa.law.registry import Rule, UnknownRule, get_rule
from zhifa.law.selectors import RuleFilters, filter_errors, rule_list, status_counts
from zhifa.law.time_limits import TIME_LIMITS, TimeLimitSpec, describe_zh, time_limit_rule_ids

router = Router(tags=["law"])


class RuleNotFound(DomainError):
    status_code = 404

    def __init__(self, rule_id: str) -> None:
        super().__init__(
            f"规则 {rule_id} 未登记。规则编号形如 R-1.2-12，请核对后重试。",
            code="rule_not_found",
            field="rule_id",
        )


class TimeLimitOut(Schema):
    rule_id: str
    rule_title: str
    description_zh: str
    duration: int | None
    unit: str
    start_event: str
    start_text: str
    start_source: str
    fulfilled_by: str
    fulfilled_text: str
    timing: str
    on_expiry: str
    extendable: bool
    extension_max: int | None
    extension_unit: str | None
    extension_approver: str | None
    extension_rule: str | None
    pausable: bool
    pause_reasons: list[str]
    pause_rule: str | None
    urgent_duration: int | None
    urgent_unit: str | None
    overridable_by_item: bool
    recurring: str | None
    min_occurrences: int
    soft: bool
    modifies: str | None
    same_as: str | None
    responsible: str
    note: str


class RuleOut(Schema):
    id: str
    system: str
    system_title: str
    part: str
    subpart: str
    citation: str
    title: str
    title_en: str
    text_en: str
    text_zh: str
    types: list[str]
    soft: bool
    status: str
    status_label: str
    time_limit: TimeLimitOut | None
    implemented_by: list[str]
    tested_by: list[str]
    declared_by: list[str]


class RuleListOut(Schema):
    count: int
    status_counts: dict[str, int]
    items: list[RuleOut]


class RuleFilterIn(Schema):
    system: str = ""
    status: str = ""
    type: str = ""
    q: str = ""


def _time_limit_out(rule_id: str, spec: TimeLimitSpec, title: str) -> dict[str, Any]:
    data = asdict(spec)
    data["pause_reasons"] = list(spec.pause_reasons)
    return {"rule_id": rule_id, "rule_title": title, "description_zh": describe_zh(spec), **data}


def _rule_out(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "system": rule.system,
        "system_title": rule.system_title,
        "part": rule.part,
        "subpart": rule.subpart,
        "citation": rule.citation,
        "title": rule.title,
        "title_en": rule.title_en,
        "text_en": rule.text_en,
        "text_zh": rule.text_zh,
        "types": list(rule.types),
        "soft": rule.soft,
        "status": str(rule.status),
        "status_label": str(rule.status.label),
        "time_limit": (
            _time_limit_out(rule.id, rule.time_limit, rule.title) if rule.time_limit else None
        ),
        "implemented_by": list(rule.implemented_by),
        "tested_by": list(rule.tested_by),
        "declared_by": list(rule.declared_by),
    }


@router.get(
    "/rules", response=RuleListOut, summary="Registered rules (filters: system, status, type, q)"
)
def rules(request, filters: Query[RuleFilterIn]):  # type: ignore[no-untyped-def]
    wanted = RuleFilters(
        status=filters.status.strip(),
        rule_type=filters.type.strip(),
        system=filters.system.strip(),
        q=filters.q,
    )
    errors = filter_errors(wanted)
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, code="invalid_filter", field=field)
    found = rule_list(wanted)
    return {
        "count": len(found),
        "status_counts": status_counts(found),
        "items": [_rule_out(r) for r in found],
    }


@router.get("/rules/{rule_id}", response=RuleOut, summary="One rule by id, e.g. R-1.2-12")
def rule_detail(request, rule_id: str):  # type: ignore[no-untyped-def]
    try:
        return _rule_out(get_rule(rule_id))
    except UnknownRule:
        raise RuleNotFound(rule_id) from None


@router.get("/time-limits", response=list[TimeLimitOut], summary="Every time-limit spec")
def time_limits(request):  # type: ignore[no-untyped-def]
    return [
        _time_limit_out(rid, TIME_LIMITS[rid], get_rule(rid).title) for rid in time_limit_rule_ids()
    ]

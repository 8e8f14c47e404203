"""HTTP API of the discretion area, mounted at ``/api/v1/catalog/discretion/``.

- ``GET benchmarks`` / ``GET benchmarks/{id}`` — scoped (drafts of the user's units; published
  and repealed ones for every signed-in user);
- ``POST benchmarks`` — a draft (same service as the editor); ``POST benchmarks/{id}/publish``,
  ``/repeal``, ``/revise``;
- ``POST benchmarks/{id}/suggest`` — circumstance codes (+ basis amount) → the suggested tier and
  range (R-1.5-09); ``POST benchmarks/{id}/check`` — an intended penalty against the law
  (R-1.5-02) and the suggestion (written reason for departures);
- ``GET public/benchmarks`` / ``GET public/benchmarks/{id}`` — no login (R-1.5-06).

Amounts are decimals (serialised as strings). Errors: ``{"code", "message", "field"}`` with
400 (invalid; ``problems`` lists every problem of a benchmark), 403, 404, 409 (wrong status).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from zhifa.accounts.selectors import organisation_list_visible
from zhifa.catalog.constants import BenchmarkStatus
from zhifa.catalog.discretion_logic import Suggestion
from zhifa.catalog.models import Benchmark, EnforcementItem
from zhifa.catalog.selectors.discretion import (
    BenchmarkFilters,
    benchmark_get_for_user,
    benchmark_get_public,
    benchmark_list_for_user,
    benchmark_list_public,
    benchmark_suggest,
    penalty_departure_check,
)
from zhifa.catalog.services.discretion import (
    BenchmarkInput,
    CircumstanceInput,
    TierInput,
    benchmark_create,
    benchmark_publish,
    benchmark_repeal,
    benchmark_revise,
)
from zhifa.core.errors import DomainError

router = Router(tags=["catalog"])

MAX_LIMIT = 200


class BenchmarkNotFound(DomainError):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("裁量基准不存在，或者您无权查看。", code="not_found")


# --- schemas -------------------------------------------------------------------------------------


class TierOut(Schema):
    tier: str
    tier_label: str
    conditions: str
    penalty_types: list[str]
    fine_min: Decimal | None
    fine_max: Decimal | None
    multiple_min: Decimal | None
    multiple_max: Decimal | None
    other_measures: str


class CircumstanceOut(Schema):
    code: str
    text: str
    effect: str
    effect_label: str


class BenchmarkOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    item_id: int | None
    code: str
    version: int
    violation: str
    status: str
    status_label: str
    penalty_types: list[str]
    fine_min: Decimal | None
    fine_max: Decimal | None
    multiple_basis: str
    multiple_min: Decimal | None
    multiple_max: Decimal | None
    multiple_threshold: Decimal | None
    document_number: str
    effective_from: dt.date | None
    published_at: dt.datetime | None
    repealed_at: dt.datetime | None


class BenchmarkDetailOut(BenchmarkOut):
    violated_provision: str
    penalty_provision: str
    type_choice_rules: str
    suspension_situations: str
    time_limit: str
    repeal_reason: str
    supersedes_id: int | None
    tiers: list[TierOut]
    circumstances: list[CircumstanceOut]


class TierIn(Schema):
    tier: str
    conditions: str
    penalty_types: list[str] = []
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    multiple_min: Decimal | None = None
    multiple_max: Decimal | None = None
    other_measures: str = ""


class CircumstanceIn(Schema):
    code: str
    text: str
    effect: str


class BenchmarkIn(Schema):
    organisation_id: int
    item_id: int | None = None
    code: str
    violation: str
    violated_provision: str
    penalty_provision: str
    penalty_types: list[str] = []
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    multiple_basis: str = ""
    multiple_min: Decimal | None = None
    multiple_max: Decimal | None = None
    multiple_threshold: Decimal | None = None
    type_choice_rules: str = ""
    suspension_situations: str = ""
    time_limit: str = ""
    document_number: str = ""
    effective_from: dt.date | None = None
    tiers: list[TierIn] = []
    circumstances: list[CircumstanceIn] = Field(default_factory=list, max_length=200)


class RepealIn(Schema):
    reason: str


class SuggestIn(Schema):
    circumstance_codes: list[str] = Field(default_factory=list, max_length=200)
    amount_basis: Decimal | None = None


class SuggestionOut(Schema):
    benchmark_id: int | None
    tier: str
    tier_label: str
    penalty_types: list[str]
    fine_min: Decimal | None
    fine_max: Decimal | None
    multiple_min: Decimal | None
    multiple_max: Decimal | None
    amount_basis: Decimal | None
    statutory_fine_min: Decimal | None
    statutory_fine_max: Decimal | None
    circumstance_codes: list[str]
    reasons: list[str]
    warnings: list[str]


class CheckIn(SuggestIn):
    penalty_types: list[str] = Field(default_factory=list, max_length=20)
    fine: Decimal | None = None
    reason: str = ""


class CheckOut(Schema):
    suggestion: SuggestionOut
    departs: bool
    notes: list[str]
    reason: str


# --- helpers -------------------------------------------------------------------------------------


def _out(b: Benchmark) -> dict[str, Any]:
    return {
        "id": b.pk,
        "organisation_id": b.organisation_id,
        "organisation_name": b.organisation.name,
        "item_id": b.item_id,
        "code": b.code,
        "version": b.version,
        "violation": b.violation,
        "status": b.status,
        "status_label": b.get_status_display(),
        "penalty_types": list(b.penalty_types or []),
        "fine_min": b.fine_min,
        "fine_max": b.fine_max,
        "multiple_basis": b.multiple_basis,
        "multiple_min": b.multiple_min,
        "multiple_max": b.multiple_max,
        "multiple_threshold": b.multiple_threshold,
        "document_number": b.document_number,
        "effective_from": b.effective_from,
        "published_at": b.published_at,
        "repealed_at": b.repealed_at,
    }


def _detail(b: Benchmark) -> dict[str, Any]:
    return {
        **_out(b),
        "violated_provision": b.violated_provision,
        "penalty_provision": b.penalty_provision,
        "type_choice_rules": b.type_choice_rules,
        "suspension_situations": b.suspension_situations,
        "time_limit": b.time_limit,
        "repeal_reason": b.repeal_reason,
        "supersedes_id": b.supersedes_id,
        "tiers": [
            {
                "tier": t.tier,
                "tier_label": t.get_tier_display(),
                "conditions": t.conditions,
                "penalty_types": list(t.penalty_types or []),
                "fine_min": t.fine_min,
                "fine_max": t.fine_max,
                "multiple_min": t.multiple_min,
                "multiple_max": t.multiple_max,
                "other_measures": t.other_measures,
            }
            for t in b.tiers.all()
        ],
        "circumstances": [
            {
                "code": c.code,
                "text": c.text,
                "effect": c.effect,
                "effect_label": c.get_effect_display(),
            }
            for c in b.circumstances.all()
        ],
    }


def _suggestion(s: Suggestion) -> dict[str, Any]:
    return {
        "benchmark_id": s.benchmark_id,
        "tier": s.tier,
        "tier_label": s.tier_label,
        "penalty_types": list(s.penalty_types),
        "fine_min": s.fine_min,
        "fine_max": s.fine_max,
        "multiple_min": s.multiple_min,
        "multiple_max": s.multiple_max,
        "amount_basis": s.amount_basis,
        "statutory_fine_min": s.statutory_fine_min,
        "statutory_fine_max": s.statutory_fine_max,
        "circumstance_codes": list(s.circumstance_codes),
        "reasons": list(s.reasons),
        "warnings": list(s.warnings),
    }


def _page_args(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise DomainError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间，offset 不能为负数。",
            code="invalid_filter",
            field="limit",
        )


def _filters(status: str, organisation: int | None, item: int | None, q: str) -> BenchmarkFilters:
    if status and status not in BenchmarkStatus.values:
        raise DomainError(
            f"状态 {status} 无效，可选：{'、'.join(BenchmarkStatus.values)}。",
            code="invalid_filter",
            field="status",
        )
    return BenchmarkFilters(organisation_id=organisation, item_id=item, status=status, q=q[:100])


def _get(request: HttpRequest, benchmark_id: int) -> Benchmark:
    b = benchmark_get_for_user(user=request.auth, benchmark_id=benchmark_id)  # type: ignore[attr-defined]
    if b is None:
        raise BenchmarkNotFound()
    return b


# --- staff endpoints -----------------------------------------------------------------------------


@router.get("/benchmarks", response=list[BenchmarkOut], summary="Benchmarks I may see")
def benchmarks(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    status: str = "",
    organisation: int | None = None,
    item: int | None = None,
    q: str = "",
    limit: int = 50,
    offset: int = 0,
):
    _page_args(limit, offset)
    qs = benchmark_list_for_user(
        user=request.auth,  # type: ignore[attr-defined]
        filters=_filters(status, organisation, item, q),
    )
    return [_out(b) for b in qs[offset : offset + limit]]


@router.get("/benchmarks/{benchmark_id}", response=BenchmarkDetailOut, summary="One benchmark")
def benchmark(request: HttpRequest, benchmark_id: int):  # type: ignore[no-untyped-def]
    return _detail(_get(request, benchmark_id))


@router.post("/benchmarks", response={201: BenchmarkDetailOut}, summary="Create a draft benchmark")
def create(request: HttpRequest, payload: BenchmarkIn):  # type: ignore[no-untyped-def]
    user = request.auth  # type: ignore[attr-defined]
    org = organisation_list_visible(user=user).filter(pk=payload.organisation_id).first()
    if org is None:
        raise DomainError(
            "制定单位不存在，或者不在您的管辖范围内。",
            code="invalid_organisation",
            field="organisation_id",
        )
    item = None
    if payload.item_id is not None:
        item = (
            EnforcementItem.objects.select_related("organisation")
            .filter(pk=payload.item_id)
            .first()
        )
        if item is None:
            raise DomainError("执法事项不存在。", code="invalid_item", field="item_id")
    data = BenchmarkInput(
        organisation=org,
        item=item,
        code=payload.code,
        violation=payload.violation,
        violated_provision=payload.violated_provision,
        penalty_provision=payload.penalty_provision,
        penalty_types=list(payload.penalty_types),
        fine_min=payload.fine_min,
        fine_max=payload.fine_max,
        multiple_basis=payload.multiple_basis,
        multiple_min=payload.multiple_min,
        multiple_max=payload.multiple_max,
        multiple_threshold=payload.multiple_threshold,
        type_choice_rules=payload.type_choice_rules,
        suspension_situations=payload.suspension_situations,
        time_limit=payload.time_limit,
        document_number=payload.document_number,
        effective_from=payload.effective_from,
        tiers=[TierInput(**t.dict()) for t in payload.tiers],
        circumstances=[CircumstanceInput(**c.dict()) for c in payload.circumstances],
    )
    b = benchmark_create(actor=user, data=data)
    return Status(201, _detail(_get(request, b.pk)))


@router.post(
    "/benchmarks/{benchmark_id}/publish", response=BenchmarkDetailOut, summary="Publish a draft"
)
def publish(request: HttpRequest, benchmark_id: int):  # type: ignore[no-untyped-def]
    b = benchmark_publish(actor=request.auth, benchmark=_get(request, benchmark_id))  # type: ignore[attr-defined]
    return _detail(_get(request, b.pk))


@router.post("/benchmarks/{benchmark_id}/repeal", response=BenchmarkDetailOut, summary="Repeal")
def repeal(request: HttpRequest, benchmark_id: int, payload: RepealIn):  # type: ignore[no-untyped-def]
    b = benchmark_repeal(
        actor=request.auth,  # type: ignore[attr-defined]
        benchmark=_get(request, benchmark_id),
        reason=payload.reason,
    )
    return _detail(_get(request, b.pk))


@router.post(
    "/benchmarks/{benchmark_id}/revise",
    response={201: BenchmarkDetailOut},
    summary="Start a revision (a new draft version)",
)
def revise(request: HttpRequest, benchmark_id: int):  # type: ignore[no-untyped-def]
    b = benchmark_revise(actor=request.auth, benchmark=_get(request, benchmark_id))  # type: ignore[attr-defined]
    return Status(201, _detail(_get(request, b.pk)))


@router.post(
    "/benchmarks/{benchmark_id}/suggest",
    response=SuggestionOut,
    summary="Suggested tier and range for a set of circumstances",
)
def suggest(request: HttpRequest, benchmark_id: int, payload: SuggestIn):  # type: ignore[no-untyped-def]
    s = benchmark_suggest(
        benchmark=_get(request, benchmark_id),
        circumstance_codes=payload.circumstance_codes,
        amount_basis=payload.amount_basis,
    )
    return _suggestion(s)


@router.post(
    "/benchmarks/{benchmark_id}/check",
    response=CheckOut,
    summary="Check an intended penalty against the law and the suggestion",
)
def check(request: HttpRequest, benchmark_id: int, payload: CheckIn):  # type: ignore[no-untyped-def]
    b = _get(request, benchmark_id)
    s = benchmark_suggest(
        benchmark=b,
        circumstance_codes=payload.circumstance_codes,
        amount_basis=payload.amount_basis,
    )
    result = penalty_departure_check(
        benchmark=b,
        suggestion=s,
        penalty_types=payload.penalty_types,
        fine=payload.fine,
        reason=payload.reason,
    )
    return {
        "suggestion": _suggestion(s),
        "departs": result.departs,
        "notes": list(result.notes),
        "reason": result.reason,
    }


# --- public endpoints (R-1.5-06) -----------------------------------------------------------------


@router.get(
    "/public/benchmarks",
    response=list[BenchmarkOut],
    auth=None,
    summary="Published benchmarks (no login)",
)
def public_benchmarks(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    organisation: int | None = None,
    item: int | None = None,
    q: str = "",
    limit: int = 50,
    offset: int = 0,
):
    _page_args(limit, offset)
    qs = benchmark_list_public(filters=BenchmarkFilters(organisation, item, "", q[:100]))
    return [_out(b) for b in qs[offset : offset + limit]]


@router.get(
    "/public/benchmarks/{benchmark_id}",
    response=BenchmarkDetailOut,
    auth=None,
    summary="One published or repealed benchmark (no login)",
)
def public_benchmark(request: HttpRequest, benchmark_id: int):  # type: ignore[no-untyped-def]
    b = benchmark_get_public(benchmark_id=benchmark_id)
    if b is None:
        raise BenchmarkNotFound()
    return _detail(b)

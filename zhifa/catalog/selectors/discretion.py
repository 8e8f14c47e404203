"""Reads of discretion benchmarks, and the two questions the case module asks.

- :func:`benchmark_suggest` — for a benchmark and a set of circumstances: the tier and range.
- :func:`penalty_departure_check` — may this penalty be imposed, and does it need a reason?

Scope: staff see every published or repealed benchmark (the standards are public, R-1.5-06) and
the drafts of their own unit and the units below it (the Justice Bureau: all). The public sees
published benchmarks, and repealed ones by their address (decisions taken under them can be
checked). R-1.5-04 (similar outcomes of similar cases) needs cases: not here yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.catalog.constants import BenchmarkStatus
from zhifa.catalog.discretion_logic import (
    DepartureResult,
    Suggestion,
    departure_check,
    spec_from_benchmark,
    suggest,
)
from zhifa.catalog.models import Benchmark, BenchmarkCircumstance, BenchmarkTier, EnforcementItem

__all__ = [
    "BenchmarkFilters",
    "DepartureResult",
    "Suggestion",
    "benchmark_get_for_user",
    "benchmark_get_public",
    "benchmark_list_for_item",
    "benchmark_list_for_user",
    "benchmark_list_public",
    "benchmark_organisations_public",
    "benchmark_suggest",
    "benchmark_versions",
    "penalty_departure_check",
]

PUBLIC_STATUSES = (BenchmarkStatus.PUBLISHED, BenchmarkStatus.REPEALED)


@dataclass(frozen=True)
class BenchmarkFilters:
    organisation_id: int | None = None
    item_id: int | None = None
    status: str = ""
    q: str = ""


def _base() -> QuerySet[Benchmark]:
    return Benchmark.objects.select_related("organisation", "item", "item__current_version")


def _with_children(qs: QuerySet[Benchmark]) -> QuerySet[Benchmark]:
    return qs.prefetch_related(
        Prefetch("tiers", queryset=BenchmarkTier.objects.order_by("id")),
        Prefetch("circumstances", queryset=BenchmarkCircumstance.objects.order_by("code")),
    )


def _filtered(qs: QuerySet[Benchmark], filters: BenchmarkFilters) -> QuerySet[Benchmark]:
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.item_id:
        qs = qs.filter(item_id=filters.item_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    q = filters.q.strip()
    if q:
        qs = qs.filter(
            Q(code__icontains=q)
            | Q(violation__icontains=q)
            | Q(violated_provision__icontains=q)
            | Q(penalty_provision__icontains=q)
            | Q(document_number__icontains=q)
        )
    return qs


def _staff_q(user: User) -> Q:
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.is_county_wide:
        return Q()  # (an empty Q would vanish from an OR)
    return organisation_scope_q(user) | Q(status__in=PUBLIC_STATUSES)


def benchmark_list_for_user(
    *, user: User, filters: BenchmarkFilters | None = None
) -> QuerySet[Benchmark]:
    """Benchmarks ``user`` may see, filtered; ordered by unit, code, newest version first."""
    qs = _base().filter(_staff_q(user))
    return _filtered(qs, filters or BenchmarkFilters()).order_by(
        "organisation__sort_order", "organisation_id", "code", "-version"
    )


def benchmark_get_for_user(*, user: User, benchmark_id: int) -> Benchmark | None:
    """One benchmark with its tiers and circumstances, or ``None`` if not visible."""
    return _with_children(_base().filter(_staff_q(user))).filter(pk=benchmark_id).first()


def benchmark_versions(*, benchmark: Benchmark) -> list[Benchmark]:
    """Every version of the benchmark's code in its unit, newest first."""
    return list(
        Benchmark.objects.filter(
            organisation_id=benchmark.organisation_id, code=benchmark.code
        ).order_by("-version")
    )


def benchmark_list_public(*, filters: BenchmarkFilters | None = None) -> QuerySet[Benchmark]:
    """Published benchmarks for the portal (R-1.5-06, R-1.2-08 (4))."""
    f = filters or BenchmarkFilters()
    qs = _base().filter(status=BenchmarkStatus.PUBLISHED)
    return _filtered(qs, BenchmarkFilters(f.organisation_id, f.item_id, "", f.q)).order_by(
        "organisation__sort_order", "organisation_id", "code"
    )


def benchmark_get_public(*, benchmark_id: int) -> Benchmark | None:
    """A published (or repealed) benchmark with its tiers and circumstances, else ``None``."""
    return (
        _with_children(_base().filter(status__in=PUBLIC_STATUSES)).filter(pk=benchmark_id).first()
    )


def benchmark_organisations_public() -> QuerySet[Organisation]:
    """Units that have published benchmarks (the portal's filter)."""
    return Organisation.objects.filter(
        pk__in=Benchmark.objects.filter(status=BenchmarkStatus.PUBLISHED).values("organisation_id")
    ).order_by("sort_order", "id")


def benchmark_list_for_item(*, item: EnforcementItem) -> QuerySet[Benchmark]:
    """The published benchmarks of an enforcement item (R-1.2-08 (4): an item's public
    elements include its discretion benchmark), with tiers and circumstances."""
    return _with_children(
        _base().filter(item=item, status=BenchmarkStatus.PUBLISHED).order_by("code")
    )


def benchmark_suggest(
    *,
    benchmark: Benchmark,
    circumstance_codes: Iterable[str],
    amount_basis: Decimal | None = None,
) -> Suggestion:
    """The tier and range the benchmark suggests for the circumstances of a case (R-1.5-09).

    Rules, in this order:

    1. any no-penalty circumstance (不予处罚情形) → ``no_penalty``;
    2. lighter or mitigating circumstances *and* heavier ones → ``ordinary``, with a warning that
       the officer must weigh them (综合裁量) and give written reasons;
    3. mitigating circumstances (with or without lighter ones) → ``mitigated``;
    4. only lighter ones → ``lighter``; 5. only heavier ones → ``heavier``;
    6. none → ``ordinary``.

    The tier's penalty types and range come from the benchmark; a multiple range (e.g. 违法所得
    1–5 倍) is turned into amounts when ``amount_basis`` is given (when the law gives both a fixed
    and a multiple range, the multiple one applies from ``multiple_threshold`` up). A tier the
    benchmark lacks falls back to ``ordinary`` with a warning; drafts and repealed benchmarks get
    a warning too. Codes not listed in the benchmark → ``DomainError(code="unknown_circumstance")``.
    Pure: nothing is written. See docs/how-to/discretion.md.
    """
    return suggest(spec_from_benchmark(benchmark), circumstance_codes, amount_basis)


def penalty_departure_check(
    *,
    benchmark: Benchmark,
    suggestion: Suggestion,
    penalty_types: Iterable[str],
    fine: Decimal | None,
    reason: str = "",
) -> DepartureResult:
    """Check an intended penalty against the law and the suggestion (R-1.5-02, R-1.5-09).

    - Outside the **statutory** types or range → always refused, ``DomainError(code=
      "outside_statutory_range")`` (R-1.5-02). Below the statutory minimum (or a warning or
      public criticism instead of the statutory types) is lawful only when the suggestion is
      ``mitigated`` (a mitigating circumstance was found); no penalty at all only when it is
      ``no_penalty``.
    - Within the law but outside the suggested tier (another type, an amount outside the tier's
      range) → allowed only with a written ``reason``; without one
      ``DomainError(code="departure_reason_required")``. The result says whether and how the
      penalty departs, for the case file.
    - A multiple range without the basis amount → ``DomainError(code="amount_basis_required")``.
    """
    return departure_check(spec_from_benchmark(benchmark), suggestion, penalty_types, fine, reason)

"""The demo benchmarks load on top of the demo county and are valid (R-1.5-02, R-1.5-07)."""

from __future__ import annotations

import random

import faker
import pytest

from zhifa.accounts.models import Organisation
from zhifa.catalog.constants import BenchmarkStatus
from zhifa.catalog.demo_discretion import demo_seed
from zhifa.catalog.models import Benchmark
from zhifa.catalog.selectors.discretion import benchmark_get_public, benchmark_suggest

pytestmark = pytest.mark.django_db


def test_r_1_5_07_demo_seed_publishes_realistic_benchmarks() -> None:
    from zhifa.demo.services import demo_county_load

    demo_county_load(entities=20)
    by_code = {o.code: o for o in Organisation.objects.all()}
    demo_seed(rng=random.Random(1), fake=faker.Faker("zh_CN"), by_code=by_code)
    counts = {s: Benchmark.objects.filter(status=s).count() for s in BenchmarkStatus.values}
    assert counts[BenchmarkStatus.PUBLISHED] >= 12
    assert counts[BenchmarkStatus.DRAFT] == 1
    assert counts[BenchmarkStatus.REPEALED] == 2  # one repealed outright, one by its revision
    assert Benchmark.objects.filter(organisation__code="scjg", status="published").count() >= 8
    assert Benchmark.objects.filter(organisation__code="cgj").exists()
    assert Benchmark.objects.filter(
        organisation__code__endswith="-team", status="published"
    ).exists()
    assert Benchmark.objects.filter(code="SJ-JG-001", version=2, status="published").exists()
    b = benchmark_get_public(benchmark_id=Benchmark.objects.get(code="SJ-SP-002").pk)
    assert b is not None
    s = benchmark_suggest(benchmark=b, circumstance_codes=["H3"], amount_basis=20000)  # type: ignore[arg-type]
    assert s.tier == "heavier" and s.fine_max == 400000
    # idempotent
    demo_seed(rng=random.Random(1), fake=faker.Faker("zh_CN"), by_code=by_code)
    assert Benchmark.objects.filter(status="published").count() == counts[BenchmarkStatus.PUBLISHED]

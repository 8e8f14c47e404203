"""Services and selectors of discretion benchmarks: lifecycle, ledger, permissions, scope."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from zhifa.catalog.constants import BenchmarkStatus, Tier
from zhifa.catalog.constants import PenaltyType as P
from zhifa.catalog.discretion_logic import BenchmarkInvalid
from zhifa.catalog.models import Benchmark, EnforcementItem
from zhifa.catalog.selectors.discretion import (
    BenchmarkFilters,
    benchmark_get_for_user,
    benchmark_get_public,
    benchmark_list_for_item,
    benchmark_list_for_user,
    benchmark_list_public,
    benchmark_suggest,
    benchmark_versions,
    penalty_departure_check,
)
from zhifa.catalog.services.discretion import (
    benchmark_create,
    benchmark_publish,
    benchmark_repeal,
    benchmark_revise,
    benchmark_update,
)
from zhifa.catalog.tests.test_discretion_support import food_input, multiple_input, published_food
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
D = Decimal


def actions(benchmark: Benchmark) -> list[str]:
    return list(
        LedgerEntry.objects.filter(
            subject_type="catalog.benchmark", subject_id=str(benchmark.pk)
        ).values_list("action", flat=True)
    )


def test_r_1_5_07_create_draft_with_tiers_and_circumstances(county, people) -> None:
    b = benchmark_create(actor=people.reviewer, data=food_input(county.dept))
    assert b.status == BenchmarkStatus.DRAFT and b.version == 1
    assert [t.tier for t in b.tiers.order_by("id")] == list(Tier.values)
    assert b.circumstances.count() == 6
    assert b.time_limit and b.document_number
    assert actions(b) == ["catalog.benchmark.create"]


def test_r_1_5_02_invalid_benchmark_refused_with_every_problem(county, people) -> None:
    data = food_input(county.dept)
    data.tiers[2].fine_min = D("1000")  # lighter below the statutory minimum
    data.tiers[3].penalty_types = [P.FINE, P.DETENTION]
    data.code = ""
    with pytest.raises(BenchmarkInvalid) as err:
        benchmark_create(actor=people.reviewer, data=data)
    fields = {p.field for p in err.value.problems}
    assert {"code", "tier:lighter:fine_min", "tier:ordinary:penalty_types"} <= fields
    assert Benchmark.objects.count() == 0


def test_duplicate_code_and_duplicate_circumstance_codes_refused(county, people) -> None:
    benchmark_create(actor=people.reviewer, data=food_input(county.dept))
    with pytest.raises(BenchmarkInvalid) as err:
        benchmark_create(actor=people.reviewer, data=food_input(county.dept))
    assert err.value.problems[0].field == "code"
    data = food_input(county.dept, code="other")
    data.circumstances[1].code = "N1"
    with pytest.raises(BenchmarkInvalid) as err:
        benchmark_create(actor=people.reviewer, data=data)
    assert "circumstance:1:code" in {p.field for p in err.value.problems}


@pytest.mark.parametrize(
    ("who", "org", "allowed"),
    [
        ("reviewer", "dept", True),
        ("head", "dept", True),
        ("supervisor", "dept", True),
        ("supervisor", "team_a", True),
        ("town_head", "team_a", True),
        ("town_head", "team_b", False),
        ("dept_officer", "dept", False),
        ("officer_a", "team_a", False),
        ("head", "team_a", False),
        ("leader", "dept", False),
        ("archivist", "dept", False),
    ],
)
def test_who_may_draft(county, people, who, org, allowed) -> None:  # type: ignore[no-untyped-def]
    data = food_input(getattr(county, org))
    if allowed:
        assert benchmark_create(actor=getattr(people, who), data=data).pk
    else:
        with pytest.raises(PermissionDenied):
            benchmark_create(actor=getattr(people, who), data=data)


def test_only_enforcing_units_have_benchmarks(county, people) -> None:
    with pytest.raises(BenchmarkInvalid) as err:
        benchmark_create(actor=people.supervisor, data=food_input(county.jb))
    assert err.value.problems[0].field == "organisation"


@pytest.mark.parametrize(
    ("who", "org", "allowed"),
    [
        ("head", "dept", True),
        ("supervisor", "dept", True),
        ("town_head", "team_a", True),
        ("reviewer", "dept", False),
        ("admin", "dept", False),
        ("leader", "dept", False),
        ("town_head", "team_b", False),
    ],
)
def test_r_1_5_06_who_may_publish(county, people, who, org, allowed) -> None:  # type: ignore[no-untyped-def]
    b = benchmark_create(actor=people.supervisor, data=food_input(getattr(county, org)))
    if allowed:
        b = benchmark_publish(actor=getattr(people, who), benchmark=b)
        assert b.status == BenchmarkStatus.PUBLISHED and b.published_at and b.effective_from
        assert actions(b) == ["catalog.benchmark.create", "catalog.benchmark.publish"]
    else:
        with pytest.raises(PermissionDenied):
            benchmark_publish(actor=getattr(people, who), benchmark=b)


def test_r_1_5_09_publication_checks_completeness(county, people) -> None:
    data = food_input(county.dept)
    data.tiers = [t for t in data.tiers if t.tier != Tier.HEAVIER]
    b = benchmark_create(actor=people.reviewer, data=data)  # a draft may be incomplete
    with pytest.raises(BenchmarkInvalid) as err:
        benchmark_publish(actor=people.head, benchmark=b)
    assert any("从重处罚" in p.message for p in err.value.problems)
    b.refresh_from_db()
    assert b.status == BenchmarkStatus.DRAFT


def test_r_1_5_07_publication_needs_a_time_limit(county, people) -> None:
    b = benchmark_create(actor=people.reviewer, data=food_input(county.dept, time_limit=""))
    with pytest.raises(BenchmarkInvalid) as err:
        benchmark_publish(actor=people.head, benchmark=b)
    assert err.value.problems[0].field == "time_limit"


def test_published_never_edited_repeal_needs_reason_and_is_final(county, people) -> None:
    b = published_food(county.dept, people.head)
    with pytest.raises(TransitionNotAllowed):
        benchmark_update(actor=people.head, benchmark=b, data=food_input(county.dept))
    with pytest.raises(TransitionNotAllowed):
        benchmark_publish(actor=people.head, benchmark=b)
    with pytest.raises(DomainError) as err:
        benchmark_repeal(actor=people.head, benchmark=b, reason="  ")
    assert err.value.code == "reason_required"
    with pytest.raises(PermissionDenied):
        benchmark_repeal(actor=people.reviewer, benchmark=b, reason="上位法修改")
    b = benchmark_repeal(actor=people.head, benchmark=b, reason="《食品安全法》修正")
    assert b.status == BenchmarkStatus.REPEALED and b.repeal_reason and b.repealed_at
    with pytest.raises(TransitionNotAllowed):
        benchmark_repeal(actor=people.head, benchmark=b, reason="again")
    assert actions(b)[-1] == "catalog.benchmark.repeal"
    assert Benchmark.objects.filter(pk=b.pk).exists()  # never deleted


def test_draft_update_replaces_tiers_and_circumstances(county, people) -> None:
    b = benchmark_create(actor=people.reviewer, data=food_input(county.dept))
    data = food_input(county.dept, violation="食品经营者未按规定查验供货者许可证")
    data.circumstances = data.circumstances[:2]
    b = benchmark_update(actor=people.head, benchmark=b, data=data)
    assert b.violation.startswith("食品经营者未按规定查验")
    assert sorted(b.circumstances.values_list("code", flat=True)) == ["M1", "N1"]
    assert actions(b) == ["catalog.benchmark.create", "catalog.benchmark.update"]
    with pytest.raises(PermissionDenied):
        benchmark_update(actor=people.dept_officer, benchmark=b, data=data)


def test_revision_supersedes_and_publishing_it_repeals_the_old_version(county, people) -> None:
    old = published_food(county.dept, people.head)
    draft = benchmark_revise(actor=people.reviewer, benchmark=old)
    assert (draft.version, draft.supersedes_id, draft.status) == (2, old.pk, BenchmarkStatus.DRAFT)
    assert draft.tiers.count() == 5 and draft.circumstances.count() == 6
    with pytest.raises(TransitionNotAllowed):
        benchmark_revise(actor=people.reviewer, benchmark=old)  # one pending revision
    data = food_input(county.dept, code="SJ-126-1")
    data.tiers[4].fine_min = D("30000")
    data.tiers[3].fine_max = D("30000")
    with pytest.raises(BenchmarkInvalid):
        benchmark_update(
            actor=people.reviewer, benchmark=draft, data=food_input(county.dept, code="X")
        )
    draft = benchmark_update(actor=people.reviewer, benchmark=draft, data=data)
    new = benchmark_publish(actor=people.head, benchmark=draft)
    old.refresh_from_db()
    assert new.status == BenchmarkStatus.PUBLISHED
    assert old.status == BenchmarkStatus.REPEALED and "第2版" in old.repeal_reason
    assert [b.version for b in benchmark_versions(benchmark=new)] == [2, 1]
    assert actions(old)[-1] == "catalog.benchmark.repeal"
    assert actions(new) == [
        "catalog.benchmark.revise",
        "catalog.benchmark.update",
        "catalog.benchmark.publish",
    ]


def test_r_1_2_08_benchmark_linked_to_an_enforcement_item(county, people) -> None:
    """R-1.2-08 (4): an item's public elements include its discretion benchmark."""
    item = EnforcementItem.objects.create(organisation=county.dept, code="330217")
    other = EnforcementItem.objects.create(organisation=county.team_b, code="T-1")
    b = benchmark_publish(
        actor=people.head,
        benchmark=benchmark_create(actor=people.head, data=food_input(county.dept, item=item)),
    )
    assert list(benchmark_list_for_item(item=item)) == [b]
    with pytest.raises(BenchmarkInvalid) as err:
        benchmark_create(actor=people.head, data=food_input(county.dept, code="x", item=other))
    assert err.value.problems[0].field == "item"


def test_scope_drafts_in_own_units_published_for_all_staff(county, people) -> None:
    draft_a = benchmark_create(actor=people.town_head, data=food_input(county.team_a, code="A"))
    pub_b = published_food(county.team_b, people.supervisor, code="B")
    draft_d = benchmark_create(actor=people.reviewer, data=food_input(county.dept, code="D"))

    def visible(user) -> set[int]:  # type: ignore[no-untyped-def]
        return set(benchmark_list_for_user(user=user).values_list("pk", flat=True))

    assert visible(people.officer_a) == {draft_a.pk, pub_b.pk}
    assert visible(people.officer_b) == {pub_b.pk}
    assert visible(people.town_head) == {draft_a.pk, pub_b.pk}
    assert visible(people.dept_officer) == {pub_b.pk, draft_d.pk}
    assert visible(people.supervisor) == {draft_a.pk, pub_b.pk, draft_d.pk}
    assert benchmark_get_for_user(user=people.officer_b, benchmark_id=draft_a.pk) is None
    assert benchmark_get_for_user(user=people.officer_a, benchmark_id=draft_a.pk) is not None
    # the public sees published only
    assert list(benchmark_list_public()) == [pub_b]
    assert benchmark_get_public(benchmark_id=draft_a.pk) is None
    assert benchmark_get_public(benchmark_id=pub_b.pk) == pub_b


def test_list_filters(county, people) -> None:
    a = published_food(county.dept, people.head, code="SJ-1")
    b = benchmark_create(actor=people.head, data=multiple_input(county.dept))
    sup = people.supervisor

    def pks(**kw) -> list[int]:  # type: ignore[no-untyped-def]
        return [x.pk for x in benchmark_list_for_user(user=sup, filters=BenchmarkFilters(**kw))]

    assert pks(status=BenchmarkStatus.DRAFT) == [b.pk]
    assert pks(q="添加剂") == [b.pk]
    assert pks(q="第一百二十六条") == [a.pk]
    assert pks(organisation_id=county.team_a.pk) == []
    assert set(pks(organisation_id=county.dept.pk)) == {a.pk, b.pk}


def test_r_1_5_09_selectors_suggest_and_check_on_saved_benchmarks(county, people) -> None:
    b = benchmark_get_for_user(
        user=people.dept_officer, benchmark_id=published_food(county.dept, people.head).pk
    )
    assert b is not None
    s = benchmark_suggest(benchmark=b, circumstance_codes=["H1"])
    assert s.tier == Tier.HEAVIER and (s.fine_min, s.fine_max) == (D("35000"), D("50000"))
    assert s.benchmark_id == b.pk and not s.warnings
    result = penalty_departure_check(
        benchmark=b, suggestion=s, penalty_types=[P.FINE], fine=D("40000")
    )
    assert not result.departs
    with pytest.raises(DomainError) as err:
        penalty_departure_check(benchmark=b, suggestion=s, penalty_types=[P.FINE], fine=D("20000"))
    assert err.value.code == "departure_reason_required"
    m = benchmark_create(actor=people.head, data=multiple_input(county.dept))
    s = benchmark_suggest(benchmark=m, circumstance_codes=["L1"], amount_basis=D("15000"))
    assert (s.fine_min, s.fine_max) == (D("150000.00"), D("195000.00"))
    assert any("尚未公布" in w for w in s.warnings)


def test_suggest_query_count_on_prefetched_benchmark(
    county, people, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    pk = published_food(county.dept, people.head).pk
    assert people.supervisor.is_county_wide  # roles loaded once per request, before
    with django_assert_num_queries(3):  # benchmark + tiers + circumstances; suggest is pure
        b = benchmark_get_for_user(user=people.supervisor, benchmark_id=pk)
        assert b is not None
        benchmark_suggest(benchmark=b, circumstance_codes=["L1", "H1"])
        benchmark_suggest(benchmark=b, circumstance_codes=[])


def test_input_dataclass_copy_keeps_item(county) -> None:
    data = food_input(county.dept)
    assert dataclasses.replace(data, code="z").item is None

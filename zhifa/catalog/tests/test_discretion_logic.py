"""The pure discretion logic: validation (R-1.5-02), suggestion and departures (R-1.5-09)."""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal

import pytest

from zhifa.catalog.constants import BenchmarkStatus
from zhifa.catalog.constants import CircumstanceEffect as E
from zhifa.catalog.constants import PenaltyType as P
from zhifa.catalog.constants import Tier as T
from zhifa.catalog.discretion_logic import (
    BenchmarkSpec,
    CircumstanceSpec,
    TierSpec,
    benchmark_problems,
    departure_check,
    statutory_amounts,
    suggest,
)
from zhifa.core.errors import DomainError

D = Decimal

CIRCS = {
    "N1": CircumstanceSpec("N1", "初次违法且危害后果轻微并及时改正", E.NO_PENALTY),
    "M1": CircumstanceSpec("M1", "主动消除或者减轻危害后果", E.MITIGATING),
    "L1": CircumstanceSpec("L1", "配合查处有立功表现", E.LIGHTER),
    "L2": CircumstanceSpec("L2", "主动供述", E.LIGHTER),
    "H1": CircumstanceSpec("H1", "拒不改正", E.HEAVIER),
    "H2": CircumstanceSpec("H2", "一年内再犯", E.HEAVIER),
}
TIERS = {
    T.NO_PENALTY: TierSpec(T.NO_PENALTY),
    T.MITIGATED: TierSpec(T.MITIGATED, (P.WARNING, P.FINE), None, D("5000")),
    T.LIGHTER: TierSpec(T.LIGHTER, (P.FINE,), D("5000"), D("15000")),
    T.ORDINARY: TierSpec(T.ORDINARY, (P.FINE,), D("15000"), D("35000")),
    T.HEAVIER: TierSpec(T.HEAVIER, (P.FINE, P.SUSPEND_BUSINESS), D("35000"), D("50000")),
}
FOOD = BenchmarkSpec(
    penalty_types=(P.WARNING, P.FINE, P.SUSPEND_BUSINESS, P.REVOKE_PERMIT),
    fine_min=D("5000"),
    fine_max=D("50000"),
    tiers=TIERS,
    circumstances=CIRCS,
    benchmark_id=1,
)
MULTI = BenchmarkSpec(
    penalty_types=(P.CONFISCATE_GAINS, P.FINE),
    fine_min=D("50000"),
    fine_max=D("100000"),
    multiple_basis="货值金额",
    multiple_min=D("10"),
    multiple_max=D("20"),
    multiple_threshold=D("10000"),
    tiers={
        T.LIGHTER: TierSpec(T.LIGHTER, (P.FINE,), D("50000"), D("65000"), D("10"), D("13")),
        T.ORDINARY: TierSpec(T.ORDINARY, (P.FINE,), D("65000"), D("85000"), D("13"), D("17")),
        T.HEAVIER: TierSpec(T.HEAVIER, (P.FINE,), D("85000"), D("100000"), D("17"), D("20")),
    },
    circumstances={
        "L1": CircumstanceSpec("L1", "主动召回", E.LIGHTER),
        "H1": CircumstanceSpec("H1", "以婴幼儿为对象", E.HEAVIER),
    },
    benchmark_id=2,
)
ONLY_MULTIPLE = dataclasses.replace(
    MULTI,
    fine_min=None,
    fine_max=None,
    multiple_threshold=None,
    tiers={t: dataclasses.replace(s, fine_min=None, fine_max=None) for t, s in MULTI.tiers.items()},
    benchmark_id=3,
)


def with_tier(spec: BenchmarkSpec, tier: str, **changes) -> BenchmarkSpec:  # type: ignore[no-untyped-def]
    tiers = dict(spec.tiers)
    tiers[tier] = dataclasses.replace(tiers[tier], **changes)
    return dataclasses.replace(spec, tiers=tiers)


# --- validation (R-1.5-02) --------------------------------------------------------------------


def test_r_1_5_02_valid_benchmarks_have_no_problems() -> None:
    assert benchmark_problems(FOOD, for_publication=True) == []
    assert benchmark_problems(MULTI, for_publication=True) == []
    assert benchmark_problems(ONLY_MULTIPLE, for_publication=True) == []


@pytest.mark.parametrize(
    ("tier", "changes", "field", "words"),
    [
        # tier types outside the statutory types
        (
            T.ORDINARY,
            {"penalty_types": (P.FINE, P.DETENTION)},
            "tier:ordinary:penalty_types",
            "超出法定处罚种类",
        ),
        # graded tiers inside the statutory range
        (T.LIGHTER, {"fine_min": D("4000")}, "tier:lighter:fine_min", "低于法定下限"),
        (T.HEAVIER, {"fine_max": D("60000")}, "tier:heavier:fine_max", "高于法定上限"),
        (
            T.ORDINARY,
            {"fine_min": D("40000"), "fine_max": D("30000")},
            "tier:ordinary:fine_min",
            "下限不能大于上限",
        ),
        (T.ORDINARY, {"fine_min": D("-1")}, "tier:ordinary:fine_min", "不能为负数"),
        # mitigated lies below the statutory minimum
        (T.MITIGATED, {"fine_max": D("6000")}, "tier:mitigated:fine_max", "法定最低"),
        # no-penalty tier has no types and no amounts
        (
            T.NO_PENALTY,
            {"penalty_types": (P.WARNING,)},
            "tier:no_penalty:penalty_types",
            "不予处罚阶次",
        ),
        (T.NO_PENALTY, {"fine_max": D("100")}, "tier:no_penalty:penalty_types", "不予处罚阶次"),
        # order of graded tiers
        (T.LIGHTER, {"fine_max": D("40000")}, "tier:heavier:fine_min", "不能重叠"),
        (
            T.ORDINARY,
            {"fine_min": D("5000"), "fine_max": D("50000")},
            "tier:heavier:fine_min",
            "不能重叠",
        ),
        # a fine without the fine type, a fine type without amounts
        (T.LIGHTER, {"penalty_types": (P.WARNING,)}, "tier:lighter:penalty_types", "应包含“罚款”"),
        (
            T.ORDINARY,
            {"fine_min": None, "fine_max": None},
            "tier:ordinary:fine_min",
            "请填写罚款金额幅度",
        ),
        (T.ORDINARY, {"penalty_types": ()}, "tier:ordinary:penalty_types", "至少选择一种"),
    ],
)
def test_r_1_5_02_tier_contradictions_are_reported(tier, changes, field, words) -> None:  # type: ignore[no-untyped-def]
    problems = benchmark_problems(with_tier(FOOD, tier, **changes))
    assert any(p.field == field and words in p.message for p in problems), problems


def test_r_1_5_02_mitigated_tier_may_use_a_lighter_type_but_not_another() -> None:
    ok = with_tier(FOOD, T.MITIGATED, penalty_types=(P.WARNING,), fine_max=None)
    assert benchmark_problems(ok) == []
    bad = with_tier(FOOD, T.MITIGATED, penalty_types=(P.DETENTION,), fine_max=None)
    assert [p.field for p in benchmark_problems(bad)] == ["tier:mitigated:penalty_types"]
    # no statutory minimum: mitigation cannot be an amount
    no_floor = dataclasses.replace(FOOD, fine_min=None)
    no_floor = with_tier(no_floor, T.LIGHTER, fine_min=D("0"))
    assert any("没有下限" in p.message for p in benchmark_problems(no_floor))


def test_r_1_5_02_statutory_range_and_types_checked() -> None:
    fields = {p.field for p in benchmark_problems(dataclasses.replace(FOOD, fine_min=D("60000")))}
    assert "fine_min" in fields
    no_fine = dataclasses.replace(FOOD, penalty_types=(P.WARNING,), tiers={})
    assert any("应包含“罚款”" in p.message for p in benchmark_problems(no_fine))
    unknown = dataclasses.replace(FOOD, penalty_types=(*FOOD.penalty_types, "flogging"))
    assert any("未知的处罚种类" in p.message for p in benchmark_problems(unknown))
    no_basis = dataclasses.replace(MULTI, multiple_basis=" ")
    assert any(p.field == "multiple_basis" for p in benchmark_problems(no_basis))
    stray_threshold = dataclasses.replace(FOOD, multiple_threshold=D("1"))
    assert any(p.field == "multiple_threshold" for p in benchmark_problems(stray_threshold))


def test_r_1_5_09_publication_needs_ordinary_tier_and_a_tier_for_each_circumstance() -> None:
    tiers = {t: s for t, s in TIERS.items() if t not in (T.ORDINARY, T.HEAVIER)}
    spec = dataclasses.replace(FOOD, tiers=tiers)
    draft_fields = {p.field for p in benchmark_problems(spec)}
    assert draft_fields == set()
    fields = [p.field for p in benchmark_problems(spec, for_publication=True)]
    assert "tier:ordinary:conditions" in fields
    assert "circumstance:4:effect" in fields and "circumstance:5:effect" in fields


# --- the suggestion (R-1.5-09) ----------------------------------------------------------------

TABLE = [
    ((), T.ORDINARY, False),
    (("N1",), T.NO_PENALTY, False),
    (("N1", "H1"), T.NO_PENALTY, True),
    (("N1", "M1", "L1"), T.NO_PENALTY, True),
    (("M1",), T.MITIGATED, False),
    (("M1", "L1"), T.MITIGATED, False),
    (("L1",), T.LIGHTER, False),
    (("L1", "L2"), T.LIGHTER, False),
    (("H1",), T.HEAVIER, False),
    (("H1", "H2"), T.HEAVIER, False),
    (("L1", "H1"), T.ORDINARY, True),
    (("M1", "H2"), T.ORDINARY, True),
    (("M1", "L1", "H1", "H2"), T.ORDINARY, True),
]


@pytest.mark.parametrize(("codes", "tier", "warned"), TABLE)
def test_r_1_5_09_suggestion_table(codes, tier, warned) -> None:  # type: ignore[no-untyped-def]
    s = suggest(FOOD, codes)
    assert s.tier == tier
    assert bool(s.warnings) is warned
    assert s.reasons
    assert s.penalty_types == TIERS[tier].penalty_types
    if tier == T.MITIGATED:
        assert (s.fine_min, s.fine_max) == (D("0"), D("5000"))
    elif tier == T.NO_PENALTY:
        assert (s.fine_min, s.fine_max) == (None, None)
    else:
        assert (s.fine_min, s.fine_max) == (TIERS[tier].fine_min, TIERS[tier].fine_max)
    for code in codes:
        assert any(code in r for r in s.reasons) or tier == T.NO_PENALTY


def test_r_1_5_09_mixed_circumstances_warn_to_weigh_them() -> None:
    s = suggest(FOOD, ["L1", "H1"])
    assert s.tier == T.ORDINARY
    assert any("综合裁量" in w for w in s.warnings)
    assert any("L1" in r for r in s.reasons) and any("H1" in r for r in s.reasons)


def test_r_1_5_09_unknown_circumstance_refused_and_blanks_ignored() -> None:
    with pytest.raises(DomainError) as err:
        suggest(FOOD, ["L1", "X9"])
    assert err.value.code == "unknown_circumstance" and "X9" in err.value.message
    assert suggest(FOOD, [" L1 ", "", "L1"]).circumstance_codes == ("L1",)
    with pytest.raises(DomainError):
        suggest(FOOD, [], D("-1"))


def test_r_1_5_09_missing_tier_falls_back_to_ordinary_with_warning() -> None:
    spec = dataclasses.replace(FOOD, tiers={t: s for t, s in TIERS.items() if t != T.HEAVIER})
    s = suggest(spec, ["H1"])
    assert s.tier == T.ORDINARY and any("未设置" in w for w in s.warnings)


def test_r_1_5_09_draft_and_repealed_benchmarks_warn() -> None:
    assert any(
        "尚未公布" in w
        for w in suggest(dataclasses.replace(FOOD, status=BenchmarkStatus.DRAFT), []).warnings
    )
    assert any(
        "已废止" in w
        for w in suggest(dataclasses.replace(FOOD, status=BenchmarkStatus.REPEALED), []).warnings
    )


@pytest.mark.parametrize(
    ("spec", "basis", "expected", "warned"),
    [
        # below the threshold: the fixed range
        (MULTI, D("8000"), (D("65000"), D("85000")), False),
        # from the threshold up: the multiple range times the basis
        (MULTI, D("10000"), (D("130000.00"), D("170000.00")), False),
        (MULTI, D("12345.67"), (D("160493.71"), D("209876.39")), False),
        # no basis: the fixed range, with a warning
        (MULTI, None, (D("65000"), D("85000")), True),
        # only a multiple range: amounts need the basis
        (ONLY_MULTIPLE, D("3000"), (D("39000.00"), D("51000.00")), False),
        (ONLY_MULTIPLE, None, (None, None), True),
    ],
)
def test_r_1_5_09_multiple_ranges_use_the_basis(spec, basis, expected, warned) -> None:  # type: ignore[no-untyped-def]
    s = suggest(spec, [], basis)
    assert (s.fine_min, s.fine_max) == expected
    assert bool(s.warnings) is warned


def test_statutory_amounts_for_each_kind_of_range() -> None:
    assert statutory_amounts(FOOD, None) == (D("5000"), D("50000"))
    assert statutory_amounts(MULTI, D("20000")) == (D("200000.00"), D("400000.00"))
    assert statutory_amounts(MULTI, D("100")) == (D("50000"), D("100000"))
    assert statutory_amounts(ONLY_MULTIPLE, None) == (None, None)


def test_r_1_5_09_property_random_circumstance_sets() -> None:
    """Over random sets: the tier follows the rules, whatever the order and repetitions."""
    rng = random.Random(1505)
    codes = list(CIRCS)
    for _ in range(500):
        chosen = [rng.choice(codes) for _ in range(rng.randint(0, 8))]
        effects = {CIRCS[c].effect for c in chosen}
        s = suggest(FOOD, chosen)
        if E.NO_PENALTY in effects:
            expected = T.NO_PENALTY
        elif E.HEAVIER in effects and effects & {E.LIGHTER, E.MITIGATING}:
            expected = T.ORDINARY
        elif E.MITIGATING in effects:
            expected = T.MITIGATED
        elif E.LIGHTER in effects:
            expected = T.LIGHTER
        elif E.HEAVIER in effects:
            expected = T.HEAVIER
        else:
            expected = T.ORDINARY
        assert s.tier == expected
        assert suggest(FOOD, list(reversed(chosen))).tier == expected
        assert len(s.circumstance_codes) == len(set(chosen))
        # the suggestion itself never departs from itself and is always lawful
        fine = s.fine_min if P.FINE in s.penalty_types else None
        if fine is not None or not s.penalty_types and s.tier == T.NO_PENALTY:
            result = departure_check(FOOD, s, s.penalty_types, fine)
            assert not result.departs


# --- departures (R-1.5-02 always refused; R-1.5-09 reason required) --------------------------


@pytest.mark.parametrize(
    ("codes", "types", "fine", "code"),
    [
        # above the statutory maximum: never, even with a reason
        ((), (P.FINE,), D("50000.01"), "outside_statutory_range"),
        (("H1",), (P.FINE,), D("80000"), "outside_statutory_range"),
        # below the statutory minimum without mitigation
        ((), (P.FINE,), D("4999"), "outside_statutory_range"),
        (("L1",), (P.FINE,), D("1000"), "outside_statutory_range"),
        # a type the law does not give
        ((), (P.DETENTION,), None, "outside_statutory_range"),
        (("H1",), (P.FINE, P.CLOSE), D("40000"), "outside_statutory_range"),
        # warning instead of the law's types only under mitigation... here the law gives warning,
        # so use a type it does not give (criticism) without mitigation
        ((), (P.CRITICISM,), None, "outside_statutory_range"),
        # no penalty without a no-penalty circumstance
        ((), (), None, "outside_statutory_range"),
        # inconsistent input
        ((), (P.WARNING,), D("100"), "fine_without_type"),
        ((), (P.FINE,), None, "fine_required"),
        ((), ("flogging",), None, "invalid_penalty_type"),
        ((), (P.FINE,), D("-5"), "invalid_fine"),
    ],
)
def test_r_1_5_02_outside_the_law_always_refused(codes, types, fine, code) -> None:  # type: ignore[no-untyped-def]
    s = suggest(FOOD, codes)
    with pytest.raises(DomainError) as err:
        departure_check(FOOD, s, types, fine, reason="理由充分的书面说明")
    assert err.value.code == code


@pytest.mark.parametrize(
    ("codes", "types", "fine", "departs"),
    [
        ((), (P.FINE,), D("20000"), False),
        ((), (P.FINE,), D("15000"), False),
        ((), (P.FINE,), D("35000"), False),
        ((), (P.FINE,), D("10000"), True),  # lighter than ordinary, within the law
        ((), (P.FINE,), D("45000"), True),
        ((), (P.WARNING,), None, True),  # another statutory type
        (("L1",), (P.FINE,), D("12000"), False),
        (("H1",), (P.FINE, P.SUSPEND_BUSINESS), D("40000"), False),
        (("H1",), (P.FINE, P.REVOKE_PERMIT), D("40000"), True),
        (("M1",), (P.FINE,), D("3000"), False),  # below the statutory minimum: mitigation
        (("M1",), (P.CRITICISM,), None, True),  # lighter type under mitigation, not in tier
        (("M1",), (P.WARNING,), None, False),
        (("M1",), (P.FINE,), D("8000"), True),
        (("N1",), (), None, False),
        (("N1",), (P.WARNING,), None, True),
    ],
)
def test_r_1_5_09_departures_need_a_written_reason(codes, types, fine, departs) -> None:  # type: ignore[no-untyped-def]
    s = suggest(FOOD, codes)
    if departs:
        with pytest.raises(DomainError) as err:
            departure_check(FOOD, s, types, fine, reason="   ")
        assert err.value.code == "departure_reason_required"
        assert "书面说明" in err.value.message
        result = departure_check(FOOD, s, types, fine, reason="当事人系残疾人，经营规模极小")
        assert result.departs and result.notes and result.reason
    else:
        result = departure_check(FOOD, s, types, fine)
        assert not result.departs and result.notes == ()


def test_r_1_5_02_multiple_range_checked_against_the_basis() -> None:
    s = suggest(MULTI, [], D("20000"))
    assert departure_check(MULTI, s, (P.FINE,), D("300000")).departs is False
    with pytest.raises(DomainError) as err:
        departure_check(MULTI, s, (P.FINE,), D("400000.01"), reason="x")
    assert err.value.code == "outside_statutory_range"
    with pytest.raises(DomainError) as err:
        departure_check(MULTI, s, (P.FINE,), D("150000"), reason="x")
    assert err.value.code == "outside_statutory_range"
    s_none = suggest(ONLY_MULTIPLE, [])
    with pytest.raises(DomainError) as err:
        departure_check(ONLY_MULTIPLE, s_none, (P.FINE,), D("1000"))
    assert err.value.code == "amount_basis_required"


def test_departure_check_refuses_a_suggestion_of_another_benchmark() -> None:
    with pytest.raises(DomainError) as err:
        departure_check(MULTI, suggest(FOOD, []), (P.FINE,), D("20000"))
    assert err.value.code == "suggestion_mismatch"


@pytest.mark.parametrize("bad", ["NaN", "abc", float("inf"), Decimal("NaN")])
def test_bad_amounts_are_domain_errors_not_crashes(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as err:
        suggest(FOOD, [], bad)
    assert err.value.code == "invalid_amount"
    s = suggest(FOOD, [], 100)  # ints are accepted
    with pytest.raises(DomainError) as err:
        departure_check(FOOD, s, [P.FINE], bad)
    assert err.value.code == "invalid_amount"

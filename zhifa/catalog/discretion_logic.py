"""Pure logic of discretion benchmarks (system 1.5): validation, the suggestion, departures.

Nothing here touches the database: the functions work on :class:`BenchmarkSpec` (built from a
``Benchmark`` with :func:`spec_from_benchmark`, or by hand in tests), so they can be tested
exhaustively. The selectors in ``zhifa.catalog.selectors.discretion`` wrap them for callers.
See ``docs/how-to/discretion.md`` for the rules in prose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from zhifa.catalog.constants import BenchmarkStatus, CircumstanceEffect, PenaltyType, Tier
from zhifa.core.errors import DomainError

if TYPE_CHECKING:
    from zhifa.catalog.models import Benchmark

CENT = Decimal("0.01")
# Tiers from lightest to heaviest (the order of Tier's members).
TIER_ORDER: tuple[str, ...] = tuple(Tier.values)
# The tiers whose ranges lie inside the statutory range, in their required order.
GRADED_TIERS: tuple[str, ...] = (Tier.LIGHTER, Tier.ORDINARY, Tier.HEAVIER)
# Mitigation (减轻) may also turn to a lighter *type* than the law names (《行政处罚法》Art. 32).
MITIGATION_EXTRA_TYPES: frozenset[str] = frozenset({PenaltyType.WARNING, PenaltyType.CRITICISM})
# Which tier each circumstance effect pulls towards.
EFFECT_TIER: dict[str, str] = {
    CircumstanceEffect.NO_PENALTY: Tier.NO_PENALTY,
    CircumstanceEffect.MITIGATING: Tier.MITIGATED,
    CircumstanceEffect.LIGHTER: Tier.LIGHTER,
    CircumstanceEffect.HEAVIER: Tier.HEAVIER,
}


def _label(choices: type, value: str) -> str:
    try:
        return str(choices(value).label)  # type: ignore[call-arg]
    except ValueError:
        return value


def _yuan(amount: Decimal | None) -> str:
    if amount is None:
        return "—"
    text = f"{amount.quantize(CENT):,}"
    return text[:-3] if text.endswith(".00") else text


# --- specifications ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TierSpec:
    tier: str
    penalty_types: tuple[str, ...] = ()
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    multiple_min: Decimal | None = None
    multiple_max: Decimal | None = None
    conditions: str = ""


@dataclass(frozen=True)
class CircumstanceSpec:
    code: str
    text: str
    effect: str


@dataclass(frozen=True)
class BenchmarkSpec:
    penalty_types: tuple[str, ...]
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    multiple_min: Decimal | None = None
    multiple_max: Decimal | None = None
    multiple_basis: str = ""
    multiple_threshold: Decimal | None = None
    tiers: Mapping[str, TierSpec] = field(default_factory=dict)
    circumstances: Mapping[str, CircumstanceSpec] = field(default_factory=dict)
    status: str = BenchmarkStatus.PUBLISHED
    benchmark_id: int | None = None

    @property
    def has_fixed(self) -> bool:
        return self.fine_min is not None or self.fine_max is not None

    @property
    def has_multiple(self) -> bool:
        return self.multiple_min is not None or self.multiple_max is not None


def spec_from_benchmark(benchmark: Benchmark) -> BenchmarkSpec:
    """The spec of a saved benchmark (uses prefetched ``tiers`` and ``circumstances``)."""
    return BenchmarkSpec(
        penalty_types=tuple(benchmark.penalty_types or ()),
        fine_min=benchmark.fine_min,
        fine_max=benchmark.fine_max,
        multiple_min=benchmark.multiple_min,
        multiple_max=benchmark.multiple_max,
        multiple_basis=benchmark.multiple_basis,
        multiple_threshold=benchmark.multiple_threshold,
        tiers={
            t.tier: TierSpec(
                tier=t.tier,
                penalty_types=tuple(t.penalty_types or ()),
                fine_min=t.fine_min,
                fine_max=t.fine_max,
                multiple_min=t.multiple_min,
                multiple_max=t.multiple_max,
                conditions=t.conditions,
            )
            for t in benchmark.tiers.all()
        },
        circumstances={
            c.code: CircumstanceSpec(code=c.code, text=c.text, effect=c.effect)
            for c in benchmark.circumstances.all()
        },
        status=benchmark.status,
        benchmark_id=benchmark.pk,
    )


# --- validation (R-1.5-02, R-1.5-09) ----------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a benchmark. ``field`` is ``"fine_min"`` for the benchmark,
    ``"tier:<tier>:<field>"`` for a tier, ``"circumstance:<index>:<field>"`` for a circumstance."""

    field: str
    message: str


class BenchmarkInvalid(DomainError):
    """The benchmark contradicts the law or itself; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(
            "裁量基准有误：" + "；".join(p.message for p in self.problems),
            code="benchmark_invalid",
            field=self.problems[0].field if self.problems else None,
        )

    def as_dict(self) -> dict[str, object]:  # type: ignore[override]
        return {
            **super().as_dict(),
            "problems": [{"field": p.field, "message": p.message} for p in self.problems],
        }


def _range_problems(
    lo: Decimal | None, hi: Decimal | None, *, where: str, prefix: str, what: str
) -> list[Problem]:
    out: list[Problem] = []
    for name, value in (("min", lo), ("max", hi)):
        if value is not None and value < 0:
            out.append(Problem(f"{prefix}{what}_{name}", f"{where}的{_WHAT[what]}不能为负数"))
    if lo is not None and hi is not None and lo > hi:
        out.append(Problem(f"{prefix}{what}_min", f"{where}的{_WHAT[what]}下限不能大于上限"))
    return out


_WHAT = {"fine": "罚款金额", "multiple": "罚款倍数"}


def benchmark_problems(spec: BenchmarkSpec, *, for_publication: bool = False) -> list[Problem]:
    """Everything wrong with ``spec`` (empty list: valid). R-1.5-02, R-1.5-09.

    Always checked: known penalty types; ranges not negative and min <= max; a fine range only
    with the fine type; every tier's types within the statutory types (the mitigated tier may
    also use warning or public criticism, a lighter type); the lighter, ordinary and heavier
    tiers inside the statutory range and in order without overlap (a lower tier's maximum is at
    most the next tier's minimum: lighter.max <= ordinary.min, ordinary.max <= heavier.min,
    lighter.max <= heavier.min; adjacent tiers may share a boundary); the mitigated tier
    **below** the statutory minimum (减轻, 《行政处罚法》Art. 32); the no-penalty tier without types
    or amounts; a tier with a fine states the amounts the law states; circumstance codes unique
    and present. ``for_publication`` adds: at least one statutory type, an ordinary tier, and a
    tier for every kind of circumstance listed.
    """
    problems: list[Problem] = []
    statutory = set(spec.penalty_types)
    for t in spec.penalty_types:
        if t not in PenaltyType.values:
            problems.append(Problem("penalty_types", f"未知的处罚种类“{t}”"))
    problems += _range_problems(
        spec.fine_min, spec.fine_max, where="法定幅度", prefix="", what="fine"
    )
    problems += _range_problems(
        spec.multiple_min, spec.multiple_max, where="法定幅度", prefix="", what="multiple"
    )
    if (spec.has_fixed or spec.has_multiple) and PenaltyType.FINE not in statutory:
        problems.append(Problem("penalty_types", "填写了法定罚款幅度，法定处罚种类中应包含“罚款”"))
    if spec.has_multiple and not spec.multiple_basis.strip():
        problems.append(
            Problem("multiple_basis", "倍数罚款须写明计算基数（如“违法所得”“货值金额”）")
        )
    if spec.multiple_threshold is not None and not (spec.has_fixed and spec.has_multiple):
        problems.append(
            Problem(
                "multiple_threshold",
                "只有同时规定固定金额和倍数两种罚款幅度时才填写倍数罚款起算基数",
            )
        )
    if for_publication and not statutory:
        problems.append(Problem("penalty_types", "请至少选择一种法定处罚种类"))

    for tier_value, tier in spec.tiers.items():
        label = _label(Tier, tier_value)
        prefix = f"tier:{tier_value}:"
        if tier_value not in Tier.values:
            problems.append(Problem(f"{prefix}tier", f"未知的裁量阶次“{tier_value}”"))
            continue
        if tier_value == Tier.NO_PENALTY:
            has_amount = any(
                v is not None
                for v in (tier.fine_min, tier.fine_max, tier.multiple_min, tier.multiple_max)
            )
            if tier.penalty_types or has_amount:
                problems.append(
                    Problem(f"{prefix}penalty_types", "不予处罚阶次不能填写处罚种类或罚款幅度")
                )
            continue
        allowed = statutory | (MITIGATION_EXTRA_TYPES if tier_value == Tier.MITIGATED else set())
        outside = [t for t in tier.penalty_types if t not in allowed]
        if outside:
            names = "、".join(_label(PenaltyType, t) for t in outside)
            problems.append(
                Problem(
                    f"{prefix}penalty_types",
                    f"{label}的处罚种类“{names}”超出法定处罚种类（R-1.5-02）",
                )
            )
        if not tier.penalty_types:
            problems.append(Problem(f"{prefix}penalty_types", f"{label}请至少选择一种处罚种类"))
        problems += _range_problems(
            tier.fine_min, tier.fine_max, where=label, prefix=prefix, what="fine"
        )
        problems += _range_problems(
            tier.multiple_min, tier.multiple_max, where=label, prefix=prefix, what="multiple"
        )
        tier_has_fixed = tier.fine_min is not None or tier.fine_max is not None
        tier_has_multiple = tier.multiple_min is not None or tier.multiple_max is not None
        if (tier_has_fixed or tier_has_multiple) and PenaltyType.FINE not in tier.penalty_types:
            problems.append(
                Problem(f"{prefix}penalty_types", f"{label}填写了罚款幅度，处罚种类中应包含“罚款”")
            )
        if PenaltyType.FINE in tier.penalty_types:
            if tier_has_fixed and not spec.has_fixed:
                problems.append(
                    Problem(f"{prefix}fine_min", f"{label}填写了罚款金额，但法律未规定固定金额幅度")
                )
            if tier_has_multiple and not spec.has_multiple:
                problems.append(
                    Problem(f"{prefix}multiple_min", f"{label}填写了罚款倍数，但法律未规定倍数幅度")
                )
            if tier_value != Tier.MITIGATED:
                if spec.has_fixed and not tier_has_fixed:
                    problems.append(
                        Problem(f"{prefix}fine_min", f"{label}包含罚款，请填写罚款金额幅度")
                    )
                if spec.has_multiple and not tier_has_multiple:
                    problems.append(
                        Problem(f"{prefix}multiple_min", f"{label}包含罚款，请填写罚款倍数幅度")
                    )
        for what, s_lo, s_hi, t_lo, t_hi in (
            ("fine", spec.fine_min, spec.fine_max, tier.fine_min, tier.fine_max),
            (
                "multiple",
                spec.multiple_min,
                spec.multiple_max,
                tier.multiple_min,
                tier.multiple_max,
            ),
        ):
            unit = _WHAT[what]
            if tier_value == Tier.MITIGATED:
                if t_lo is None and t_hi is None:
                    continue
                floor = s_lo or Decimal(0)
                if floor <= 0:
                    problems.append(
                        Problem(
                            f"{prefix}{what}_max",
                            f"法定{unit}没有下限，减轻处罚只能选择更轻的处罚种类，不能填写{unit}",
                        )
                    )
                elif t_hi is None or t_hi > floor:
                    problems.append(
                        Problem(
                            f"{prefix}{what}_max",
                            f"减轻处罚的{unit}应在法定最低{_yuan(floor)}以下（上限不得高于法定下限）",
                        )
                    )
                continue
            if s_lo is not None and t_lo is not None and t_lo < s_lo:
                problems.append(
                    Problem(f"{prefix}{what}_min", f"{label}的{unit}下限低于法定下限{_yuan(s_lo)}")
                )
            if s_hi is not None and t_hi is not None and t_hi > s_hi:
                problems.append(
                    Problem(f"{prefix}{what}_max", f"{label}的{unit}上限高于法定上限{_yuan(s_hi)}")
                )
            if s_lo is not None and t_hi is not None and t_hi < s_lo:
                problems.append(
                    Problem(f"{prefix}{what}_max", f"{label}的{unit}上限低于法定下限{_yuan(s_lo)}")
                )
            if s_hi is not None and t_lo is not None and t_lo > s_hi:
                problems.append(
                    Problem(f"{prefix}{what}_min", f"{label}的{unit}下限高于法定上限{_yuan(s_hi)}")
                )

    # Order of the graded tiers (lighter in the lower part, heavier in the upper part).
    for what in ("fine", "multiple"):
        unit = _WHAT[what]
        present = [spec.tiers[t] for t in GRADED_TIERS if t in spec.tiers]
        for i, low in enumerate(present):
            for high in present[i + 1 :]:
                lo_a, hi_a = getattr(low, f"{what}_min"), getattr(low, f"{what}_max")
                lo_b, hi_b = getattr(high, f"{what}_min"), getattr(high, f"{what}_max")
                la, lb = _label(Tier, low.tier), _label(Tier, high.tier)
                field_name = f"tier:{high.tier}:{what}_min"
                if lo_a is not None and lo_b is not None and lo_a > lo_b:
                    problems.append(Problem(field_name, f"{la}的{unit}下限不应高于{lb}的下限"))
                if hi_a is not None and hi_b is not None and hi_a > hi_b:
                    problems.append(
                        Problem(
                            f"tier:{high.tier}:{what}_max", f"{la}的{unit}上限不应高于{lb}的上限"
                        )
                    )
                if hi_a is not None and lo_b is not None and hi_a > lo_b:
                    problems.append(
                        Problem(
                            field_name,
                            f"{la}的{unit}上限不应高于{lb}的下限，阶次幅度不能重叠",
                        )
                    )

    seen: set[str] = set()
    for index, c in enumerate(spec.circumstances.values()):
        prefix = f"circumstance:{index}:"
        if not c.code.strip():
            problems.append(Problem(f"{prefix}code", "情形编号不能为空"))
        elif c.code in seen:
            problems.append(Problem(f"{prefix}code", f"情形编号“{c.code}”重复"))
        seen.add(c.code)
        if not c.text.strip():
            problems.append(Problem(f"{prefix}text", f"情形“{c.code}”的内容不能为空"))
        if c.effect not in CircumstanceEffect.values:
            problems.append(Problem(f"{prefix}effect", f"情形“{c.code}”的作用无效"))
        elif for_publication and EFFECT_TIER[c.effect] not in spec.tiers:
            problems.append(
                Problem(
                    f"{prefix}effect",
                    f"列有{_label(CircumstanceEffect, c.effect)}“{c.code}”，"
                    f"请同时设置“{_label(Tier, EFFECT_TIER[c.effect])}”阶次",
                )
            )
    if for_publication and Tier.ORDINARY not in spec.tiers:
        problems.append(Problem("tier:ordinary:conditions", "公布前请设置“一般处罚”阶次"))
    return problems


# --- the suggestion ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """The tier and range a benchmark suggests for a set of circumstances.

    ``fine_min``/``fine_max`` are amounts in yuan (for a multiple range computed from
    ``amount_basis``; ``None`` when the basis is missing or the tier has no fine).
    ``statutory_fine_min``/``statutory_fine_max`` are the law's range for the same basis.
    """

    benchmark_id: int | None
    tier: str
    tier_label: str
    penalty_types: tuple[str, ...]
    fine_min: Decimal | None
    fine_max: Decimal | None
    multiple_min: Decimal | None
    multiple_max: Decimal | None
    amount_basis: Decimal | None
    statutory_fine_min: Decimal | None
    statutory_fine_max: Decimal | None
    circumstance_codes: tuple[str, ...]
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def penalty_type_labels(self) -> list[str]:
        return [_label(PenaltyType, t) for t in self.penalty_types]

    @property
    def fine_text(self) -> str:
        """``35,000 元 至 50,000 元`` (empty when there is no amount)."""
        return _between(self.fine_min, self.fine_max)

    @property
    def statutory_text(self) -> str:
        return _between(self.statutory_fine_min, self.statutory_fine_max)


def _between(lo: Decimal | None, hi: Decimal | None) -> str:
    if lo is None and hi is None:
        return ""
    top = f"{_yuan(hi)} 元" if hi is not None else "不限"
    return f"{_yuan(lo or Decimal(0))} 元 至 {top}"


def _decimal(value: object, *, field: str, label: str) -> Decimal | None:
    """``value`` as a Decimal (ints, strings and floats are accepted), ``None`` stays ``None``."""
    if value is None:
        return None
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (ArithmeticError, ValueError) as exc:
        raise DomainError(f"{label}不是有效的金额。", code="invalid_amount", field=field) from exc
    if not result.is_finite():
        raise DomainError(f"{label}不是有效的金额。", code="invalid_amount", field=field)
    return result


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _uses_multiple(spec: BenchmarkSpec, basis: Decimal | None) -> bool:
    """Whether the multiple range applies (rather than the fixed one)."""
    if not spec.has_multiple:
        return False
    if not spec.has_fixed:
        return True
    if basis is None:
        return False
    return spec.multiple_threshold is None or basis >= spec.multiple_threshold


def statutory_amounts(
    spec: BenchmarkSpec, basis: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """The statutory fine range in yuan for ``basis`` (``None``s when it cannot be computed)."""
    if _uses_multiple(spec, basis):
        if basis is None:
            return None, None
        lo = _money(basis * spec.multiple_min) if spec.multiple_min is not None else Decimal(0)
        hi = _money(basis * spec.multiple_max) if spec.multiple_max is not None else None
        return lo, hi
    if spec.has_fixed:
        return spec.fine_min if spec.fine_min is not None else Decimal(0), spec.fine_max
    return None, None


def choose_tier(spec: BenchmarkSpec, codes: Sequence[str]) -> tuple[str, list[str], list[str]]:
    """The tier for ``codes`` (already validated) and the reasons and warnings, in Chinese."""
    by_effect: dict[str, list[CircumstanceSpec]] = {e: [] for e in CircumstanceEffect.values}
    for code in codes:
        c = spec.circumstances[code]
        by_effect[c.effect].append(c)

    def names(effect: str) -> str:
        return "；".join(f"{c.code} {c.text}" for c in by_effect[effect])

    reasons: list[str] = []
    warnings: list[str] = []
    no_pen = by_effect[CircumstanceEffect.NO_PENALTY]
    mitig = by_effect[CircumstanceEffect.MITIGATING]
    light = by_effect[CircumstanceEffect.LIGHTER]
    heavy = by_effect[CircumstanceEffect.HEAVIER]
    if no_pen:
        reasons.append(f"具有不予处罚情形：{names(CircumstanceEffect.NO_PENALTY)}")
        if mitig or light or heavy:
            warnings.append("同时勾选了其他情形；具有法定不予处罚情形的，依法不予处罚，请核实。")
        tier = Tier.NO_PENALTY
    elif (mitig or light) and heavy:
        tier = Tier.ORDINARY
        if mitig:
            reasons.append(f"具有减轻处罚情形：{names(CircumstanceEffect.MITIGATING)}")
        if light:
            reasons.append(f"具有从轻处罚情形：{names(CircumstanceEffect.LIGHTER)}")
        reasons.append(f"同时具有从重处罚情形：{names(CircumstanceEffect.HEAVIER)}")
        warnings.append(
            "从轻（减轻）与从重情形并存，暂按一般处罚提示；执法人员应综合裁量，并书面说明理由。"
        )
    elif mitig:
        tier = Tier.MITIGATED
        reasons.append(f"具有减轻处罚情形：{names(CircumstanceEffect.MITIGATING)}")
        if light:
            reasons.append(f"另有从轻处罚情形：{names(CircumstanceEffect.LIGHTER)}")
    elif light:
        tier = Tier.LIGHTER
        reasons.append(f"具有从轻处罚情形：{names(CircumstanceEffect.LIGHTER)}")
    elif heavy:
        tier = Tier.HEAVIER
        reasons.append(f"具有从重处罚情形：{names(CircumstanceEffect.HEAVIER)}")
    else:
        tier = Tier.ORDINARY
        reasons.append("未勾选从轻、减轻、从重或不予处罚情形，适用一般处罚。")
    return tier, reasons, warnings


def suggest(
    spec: BenchmarkSpec,
    circumstance_codes: Iterable[str],
    amount_basis: Decimal | None = None,
) -> Suggestion:
    """The suggestion of ``spec`` for the circumstances; see :func:`benchmark_suggest`."""
    codes: list[str] = []
    for raw in circumstance_codes:
        code = str(raw).strip()
        if code and code not in codes:
            codes.append(code)
    unknown = [c for c in codes if c not in spec.circumstances]
    if unknown:
        raise DomainError(
            f"该裁量基准中没有编号为“{'、'.join(unknown)}”的情形，请从基准列出的情形中选择。",
            code="unknown_circumstance",
            field="circumstance_codes",
        )
    amount_basis = _decimal(amount_basis, field="amount_basis", label="计算基数")
    if amount_basis is not None and amount_basis < 0:
        raise DomainError("计算基数不能为负数。", code="invalid_amount_basis", field="amount_basis")
    tier, reasons, warnings = choose_tier(spec, codes)
    if spec.status == BenchmarkStatus.DRAFT:
        warnings.append("该裁量基准尚未公布，仅供试算，不能作为处罚依据。")
    elif spec.status == BenchmarkStatus.REPEALED:
        warnings.append("该裁量基准已废止，请使用现行有效的基准。")
    tier_spec = spec.tiers.get(tier)
    if tier_spec is None:
        warnings.append(f"该基准未设置“{_label(Tier, tier)}”阶次，改按一般处罚提示。")
        tier = Tier.ORDINARY
        tier_spec = spec.tiers.get(tier)
    stat_lo, stat_hi = statutory_amounts(spec, amount_basis)
    if tier_spec is None:
        warnings.append("该基准未设置一般处罚阶次，只能按法定幅度裁量。")
        return Suggestion(
            benchmark_id=spec.benchmark_id,
            tier=tier,
            tier_label=_label(Tier, tier),
            penalty_types=tuple(spec.penalty_types),
            fine_min=stat_lo,
            fine_max=stat_hi,
            multiple_min=spec.multiple_min,
            multiple_max=spec.multiple_max,
            amount_basis=amount_basis,
            statutory_fine_min=stat_lo,
            statutory_fine_max=stat_hi,
            circumstance_codes=tuple(codes),
            reasons=tuple(reasons),
            warnings=tuple(warnings),
        )
    fine_min = fine_max = None
    multiple_min = multiple_max = None
    if PenaltyType.FINE in tier_spec.penalty_types:
        if _uses_multiple(spec, amount_basis):
            multiple_min, multiple_max = tier_spec.multiple_min, tier_spec.multiple_max
            if amount_basis is None:
                warnings.append(
                    f"罚款按{spec.multiple_basis or '计算基数'}的倍数计算，请填写计算基数后得出金额。"
                )
            else:
                fine_min = _money(amount_basis * (multiple_min or Decimal(0)))
                fine_max = _money(amount_basis * multiple_max) if multiple_max is not None else None
                reasons.append(
                    f"罚款按{spec.multiple_basis or '计算基数'}{_yuan(amount_basis)}元的"
                    f"{multiple_min or 0}至{multiple_max if multiple_max is not None else '—'}倍计算。"
                )
        else:
            fine_min, fine_max = tier_spec.fine_min, tier_spec.fine_max
            if tier == Tier.MITIGATED and fine_min is None and fine_max is not None:
                fine_min = Decimal(0)
            if spec.has_multiple and amount_basis is None:
                warnings.append(
                    f"未填写{spec.multiple_basis or '计算基数'}，暂按固定金额幅度提示；"
                    "达到倍数罚款起算基数的，应按倍数计算。"
                )
    return Suggestion(
        benchmark_id=spec.benchmark_id,
        tier=tier,
        tier_label=_label(Tier, tier),
        penalty_types=tuple(tier_spec.penalty_types),
        fine_min=fine_min,
        fine_max=fine_max,
        multiple_min=multiple_min,
        multiple_max=multiple_max,
        amount_basis=amount_basis,
        statutory_fine_min=stat_lo,
        statutory_fine_max=stat_hi,
        circumstance_codes=tuple(codes),
        reasons=tuple(reasons),
        warnings=tuple(warnings),
    )


# --- departures (R-1.5-02, R-1.5-09) ----------------------------------------------------------


@dataclass(frozen=True)
class DepartureResult:
    """The outcome of :func:`departure_check` when the penalty is lawful.

    ``departs`` is true when the penalty leaves the suggested tier (types or amount);
    ``notes`` say how, in Chinese; ``reason`` is the officer's written reason (required then).
    """

    departs: bool
    notes: tuple[str, ...]
    reason: str


def departure_check(
    spec: BenchmarkSpec,
    suggestion: Suggestion,
    penalty_types: Iterable[str],
    fine: Decimal | None,
    reason: str = "",
) -> DepartureResult:
    """See :func:`zhifa.catalog.selectors.discretion.penalty_departure_check`."""
    if suggestion.benchmark_id != spec.benchmark_id:
        raise DomainError(
            "裁量提示与所选裁量基准不一致，请重新计算提示。", code="suggestion_mismatch"
        )
    chosen: list[str] = []
    for raw in penalty_types:
        t = str(raw).strip()
        if t and t not in chosen:
            chosen.append(t)
    unknown = [t for t in chosen if t not in PenaltyType.values]
    if unknown:
        raise DomainError(
            f"未知的处罚种类“{'、'.join(unknown)}”。",
            code="invalid_penalty_type",
            field="penalty_types",
        )
    fine = _decimal(fine, field="fine", label="罚款金额")
    if fine is not None and fine < 0:
        raise DomainError("罚款金额不能为负数。", code="invalid_fine", field="fine")
    if fine is not None and PenaltyType.FINE not in chosen:
        raise DomainError(
            "填写了罚款金额，处罚种类中应包含“罚款”。", code="fine_without_type", field="fine"
        )
    if PenaltyType.FINE in chosen and fine is None:
        raise DomainError("处罚种类包含罚款，请填写罚款金额。", code="fine_required", field="fine")

    mitigation = suggestion.tier == Tier.MITIGATED
    # --- statutory limits: never crossed (R-1.5-02) ---
    if not chosen and suggestion.tier != Tier.NO_PENALTY:
        raise DomainError(
            "未选择处罚种类即不予处罚，但本案未勾选法定不予处罚情形；"
            "依法不予处罚的，请先勾选相应情形（R-1.5-02）。",
            code="outside_statutory_range",
            field="penalty_types",
        )
    lawful_types = set(spec.penalty_types)
    if mitigation:
        lawful_types |= MITIGATION_EXTRA_TYPES
    outside = [t for t in chosen if t not in lawful_types]
    if outside:
        raise DomainError(
            f"处罚种类“{'、'.join(_label(PenaltyType, t) for t in outside)}”不在法定处罚种类之内，"
            "不能作出（R-1.5-02）。",
            code="outside_statutory_range",
            field="penalty_types",
        )
    if fine is not None:
        stat_lo, stat_hi = statutory_amounts(spec, suggestion.amount_basis)
        if stat_lo is None and stat_hi is None:
            if spec.has_multiple:
                raise DomainError(
                    f"罚款按{spec.multiple_basis or '计算基数'}的倍数计算，请先填写计算基数。",
                    code="amount_basis_required",
                    field="amount_basis",
                )
            raise DomainError(
                "该违法行为的法定处罚种类没有规定罚款幅度，无法核对罚款金额，请核实处罚依据。",
                code="outside_statutory_range",
                field="fine",
            )
        if stat_hi is not None and fine > stat_hi:
            raise DomainError(
                f"罚款{_yuan(fine)}元高于法定上限{_yuan(stat_hi)}元，不能作出（R-1.5-02）。",
                code="outside_statutory_range",
                field="fine",
            )
        if stat_lo is not None and fine < stat_lo and not mitigation:
            raise DomainError(
                f"罚款{_yuan(fine)}元低于法定下限{_yuan(stat_lo)}元；只有具有法定减轻处罚情形时"
                "才能在法定幅度以下处罚，请先勾选相应情形（R-1.5-02）。",
                code="outside_statutory_range",
                field="fine",
            )

    # --- the suggested tier: may be left with a written reason (R-1.5-09) ---
    notes: list[str] = []
    suggested = set(suggestion.penalty_types)
    extra = [t for t in chosen if t not in suggested]
    if extra:
        notes.append(
            f"处罚种类“{'、'.join(_label(PenaltyType, t) for t in extra)}”"
            f"不在{suggestion.tier_label}阶次之内"
        )
    if suggestion.tier == Tier.NO_PENALTY and chosen:
        notes.append("提示为不予处罚，实际作出了处罚")
    if fine is not None:
        if suggestion.fine_min is not None and fine < suggestion.fine_min:
            notes.append(
                f"罚款{_yuan(fine)}元低于{suggestion.tier_label}下限{_yuan(suggestion.fine_min)}元"
            )
        if suggestion.fine_max is not None and fine > suggestion.fine_max:
            notes.append(
                f"罚款{_yuan(fine)}元高于{suggestion.tier_label}上限{_yuan(suggestion.fine_max)}元"
            )
    reason = (reason or "").strip()
    if notes and not reason:
        raise DomainError(
            "拟作出的处罚偏离裁量基准提示的阶次（" + "；".join(notes) + "），"
            "请书面说明偏离的理由（R-1.5-09）。",
            code="departure_reason_required",
            field="reason",
        )
    return DepartureResult(departs=bool(notes), notes=tuple(notes), reason=reason)

"""Discretion benchmarks (system 1.5): per violation, the statutory range and the tiers."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.catalog.constants import BenchmarkStatus, CircumstanceEffect, PenaltyType, Tier


def _labels(values: list[str] | None) -> list[str]:
    out = []
    for v in values or ():
        try:
            out.append(str(PenaltyType(v).label))
        except ValueError:
            out.append(v)
    return out


def _amount(value: object) -> str:
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def range_text(lo: object, hi: object, *, unit: str = "元", basis: str = "") -> str:
    """``5,000元以上50,000元以下`` / ``违法所得1倍以上5倍以下`` / ``—``."""
    if lo is None and hi is None:
        return "—"
    fmt = (lambda v: f"{v.normalize():f}倍") if unit == "倍" else (lambda v: f"{_amount(v)}元")  # type: ignore[attr-defined]
    parts = []
    if lo is not None and lo > 0:  # type: ignore[operator]
        parts.append(f"{fmt(lo)}以上")
    if hi is not None:
        parts.append(f"{fmt(hi)}以下")
    return basis + "".join(parts) if parts else basis + "不限"


class Benchmark(models.Model):
    """The penalty benchmark for one violation (R-1.5-07, R-1.5-09).

    ``penalty_types`` lists the PenaltyType values the law allows; ``fine_min``/``fine_max`` the
    statutory fine range (R-1.5-02). The tiers below refine it; the circumstances are the
    situations listed for lighter, heavier, mitigated and no penalty.

    A benchmark is a normative document: draft → published → repealed, never deleted. A published
    benchmark is never edited: a change is a new *version* (same unit and code, ``version`` + 1,
    ``supersedes`` the old one) drafted and published; publishing it repeals the old version in
    the same transaction. At most one version of a code is published at a time.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="制定单位", on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "catalog.EnforcementItem",
        verbose_name="对应执法事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="benchmarks",
    )
    code = models.CharField("编号", max_length=40)
    version = models.PositiveIntegerField("版本", default=1)
    supersedes = models.ForeignKey(
        "self",
        verbose_name="取代的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    violation = models.CharField("违法行为", max_length=300)
    violated_provision = models.TextField("违法依据（违反条款）")
    penalty_provision = models.TextField("处罚依据（处罚条款）")
    penalty_types = models.JSONField("法定处罚种类", default=list)
    fine_min = models.DecimalField(
        "法定罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        "法定罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    # "N 倍" ranges (e.g. 违法所得 1–5 倍) instead of fixed amounts; free text for the measure.
    multiple_basis = models.CharField("倍数计算基数", max_length=60, blank=True)
    multiple_min = models.DecimalField(
        "倍数下限", max_digits=8, decimal_places=2, null=True, blank=True
    )
    multiple_max = models.DecimalField(
        "倍数上限", max_digits=8, decimal_places=2, null=True, blank=True
    )
    # Where the law gives both (e.g. 货值金额不足一万元的…五万元以上；一万元以上的…十倍以上),
    # the multiple range applies from this basis amount up; below it the fixed range.
    multiple_threshold = models.DecimalField(
        "倍数罚款起算基数（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    type_choice_rules = models.TextField("处罚种类选择情形", blank=True)  # R-1.5-09 (1)
    suspension_situations = models.TextField("停止执行情形", blank=True)  # R-1.5-09 (7)
    time_limit = models.CharField("裁量时限", max_length=100, blank=True)  # R-1.5-07
    document_number = models.CharField("规范性文件文号", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=BenchmarkStatus.choices, default=BenchmarkStatus.DRAFT
    )
    effective_from = models.DateField("施行日期", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    repealed_at = models.DateTimeField("废止时间", null=True, blank=True)
    repeal_reason = models.TextField("废止理由", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ("organisation", "code", "-version")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "code", "version"), name="catalog_benchmark_unique_code"
            ),
            models.UniqueConstraint(
                fields=("organisation", "code"),
                condition=models.Q(status="published"),
                name="catalog_benchmark_one_published",
            ),
        ]
        indexes = [models.Index(fields=("status", "organisation"))]

    def __str__(self) -> str:
        return f"{self.code} {self.violation}"

    @property
    def penalty_type_labels(self) -> list[str]:
        return _labels(self.penalty_types)

    @property
    def fine_range_text(self) -> str:
        return range_text(self.fine_min, self.fine_max)

    @property
    def multiple_range_text(self) -> str:
        return range_text(
            self.multiple_min, self.multiple_max, unit="倍", basis=self.multiple_basis
        )

    @property
    def multiple_threshold_text(self) -> str:
        return _amount(self.multiple_threshold) if self.multiple_threshold is not None else ""


class BenchmarkTier(models.Model):
    """One tier of a benchmark: its conditions and its range (R-1.5-09 (2)–(6))."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="tiers")
    tier = models.CharField("裁量阶次", max_length=16, choices=Tier.choices)
    conditions = models.TextField("适用情形")
    penalty_types = models.JSONField("处罚种类", default=list)
    fine_min = models.DecimalField(
        "罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        "罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    multiple_min = models.DecimalField(
        "倍数下限", max_digits=8, decimal_places=2, null=True, blank=True
    )
    multiple_max = models.DecimalField(
        "倍数上限", max_digits=8, decimal_places=2, null=True, blank=True
    )
    other_measures = models.TextField("其他处理", blank=True)

    class Meta:
        verbose_name = "裁量阶次"
        verbose_name_plural = "裁量阶次"
        ordering = ("benchmark", "id")
        constraints = [
            models.UniqueConstraint(fields=("benchmark", "tier"), name="catalog_tier_unique")
        ]

    def __str__(self) -> str:
        return self.get_tier_display()

    @property
    def penalty_type_labels(self) -> list[str]:
        return _labels(self.penalty_types)

    @property
    def fine_range_text(self) -> str:
        return range_text(self.fine_min, self.fine_max)

    @property
    def multiple_range_text(self) -> str:
        return range_text(self.multiple_min, self.multiple_max, unit="倍")


class BenchmarkCircumstance(models.Model):
    """A listed circumstance (情形) and the way it pulls the tier (R-1.5-09 (3)–(6))."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="circumstances")
    code = models.CharField("编号", max_length=20)
    text = models.TextField("情形")
    effect = models.CharField("作用", max_length=16, choices=CircumstanceEffect.choices)

    class Meta:
        verbose_name = "裁量情形"
        verbose_name_plural = "裁量情形"
        ordering = ("benchmark", "code")
        constraints = [
            models.UniqueConstraint(
                fields=("benchmark", "code"), name="catalog_circumstance_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]

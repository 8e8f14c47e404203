"""Forms of the discretion area: the benchmark with its five tiers and its circumstances, the
repeal reason, the calculator. The services validate the law (R-1.5-02); these forms only parse
what was typed and put the services' problems next to the fields they concern."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from zhifa.accounts.constants import ENFORCING_KINDS
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import organisation_list_visible, organisation_scope_q
from zhifa.catalog.constants import CircumstanceEffect, PenaltyType, Tier
from zhifa.catalog.discretion_logic import Problem
from zhifa.catalog.models import Benchmark, EnforcementItem
from zhifa.catalog.services.discretion import BenchmarkInput, CircumstanceInput, TierInput

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal(0), "required": False}
TIMES = {"max_digits": 8, "decimal_places": 2, "min_value": Decimal(0), "required": False}


def _money(label: str, **kw: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, **{**MONEY, **kw})


def _times(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, **TIMES)


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: EnforcementItem) -> str:  # type: ignore[override]
        name = obj.current_version.name if obj.current_version_id else "（未公布事项）"
        return f"{obj.organisation.display_name} · {obj.code} {name}"


def draftable_organisations(user: User) -> QuerySet[Organisation]:
    return organisation_list_visible(user=user).filter(kind__in=ENFORCING_KINDS, is_active=True)


def visible_items(user: User) -> QuerySet[EnforcementItem]:
    return (
        EnforcementItem.objects.filter(organisation_scope_q(user))
        .select_related("organisation", "current_version")
        .order_by("organisation__sort_order", "organisation_id", "code")
    )


class BenchmarkForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="制定单位", queryset=Organisation.objects.none(), empty_label="请选择单位"
    )
    item = ItemChoiceField(
        label="对应执法事项",
        queryset=EnforcementItem.objects.none(),
        required=False,
        empty_label="（不关联）",
        help_text="关联后，事项的公开信息中会列出本基准（R-1.2-08）。",
    )
    code = forms.CharField(label="编号", max_length=40)
    violation = forms.CharField(label="违法行为", max_length=300)
    violated_provision = forms.CharField(
        label="违法依据（违反条款）", widget=forms.Textarea(attrs={"rows": 2})
    )
    penalty_provision = forms.CharField(
        label="处罚依据（处罚条款）", widget=forms.Textarea(attrs={"rows": 2})
    )
    penalty_types = forms.MultipleChoiceField(
        label="法定处罚种类",
        choices=PenaltyType.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
    )
    fine_min = _money("法定罚款下限（元）", help_text="“X元以下罚款”的，下限留空。")
    fine_max = _money("法定罚款上限（元）")
    multiple_basis = forms.CharField(
        label="倍数计算基数", max_length=60, required=False, help_text="如：违法所得、货值金额"
    )
    multiple_min = _times("法定倍数下限")
    multiple_max = _times("法定倍数上限")
    multiple_threshold = _money(
        "倍数罚款起算基数（元）",
        help_text="法律同时规定固定金额和倍数时填写：基数达到该金额按倍数计算，否则按固定金额。",
    )
    type_choice_rules = forms.CharField(
        label="处罚种类选择情形", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    suspension_situations = forms.CharField(
        label="停止执行情形", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    time_limit = forms.CharField(
        label="裁量时限", max_length=100, required=False, help_text="公布前必须填写（R-1.5-07）。"
    )
    document_number = forms.CharField(label="规范性文件文号", max_length=100, required=False)
    effective_from = forms.DateField(
        label="施行日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空则自公布之日起施行。",
    )

    def __init__(
        self, *args: Any, user: User, fixed_organisation: Organisation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        orgs = draftable_organisations(user)
        self.fields["organisation"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["item"].queryset = visible_items(user)  # type: ignore[attr-defined]
        if fixed_organisation is not None:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk=fixed_organisation.pk
            )  # type: ignore[attr-defined]
            self.fields["organisation"].disabled = True
            self.fields["organisation"].initial = fixed_organisation.pk


class TierForm(forms.Form):
    enabled = forms.BooleanField(label="设置该阶次", required=False)
    conditions = forms.CharField(
        label="适用情形", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    penalty_types = forms.MultipleChoiceField(
        label="处罚种类",
        choices=PenaltyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
    )
    fine_min = _money("罚款下限（元）")
    fine_max = _money("罚款上限（元）")
    multiple_min = _times("倍数下限")
    multiple_max = _times("倍数上限")
    other_measures = forms.CharField(label="其他处理", required=False, max_length=500)

    def __init__(self, *args: Any, tier: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"tier-{tier}", **kwargs)
        self.tier = tier
        self.label = Tier(tier).label

    def as_input(self) -> TierInput | None:
        d = self.cleaned_data
        if not d.get("enabled"):
            return None
        return TierInput(
            tier=self.tier,
            conditions=d.get("conditions") or "",
            penalty_types=list(d.get("penalty_types") or []),
            fine_min=d.get("fine_min"),
            fine_max=d.get("fine_max"),
            multiple_min=d.get("multiple_min"),
            multiple_max=d.get("multiple_max"),
            other_measures=d.get("other_measures") or "",
        )


class CircumstanceForm(forms.Form):
    code = forms.CharField(label="编号", max_length=20, required=False)
    text = forms.CharField(label="情形", required=False, max_length=1000)
    effect = forms.ChoiceField(
        label="作用", required=False, choices=[("", "请选择")] + list(CircumstanceEffect.choices)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [bool((data.get(k) or "").strip()) for k in ("code", "text", "effect")]
        if any(filled) and not all(filled):
            for key, ok in zip(("code", "text", "effect"), filled, strict=True):
                if not ok:
                    self.add_error(key, "请填写完整：编号、情形和作用都要填写，或整行留空。")
        return data

    @property
    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return not any((d.get(k) or "").strip() for k in ("code", "text", "effect"))


CircumstanceFormSet = forms.formset_factory(
    CircumstanceForm, extra=3, max_num=60, validate_max=True
)


class BenchmarkEditor:
    """The three parts of the editor together: main form, five tier forms, circumstances."""

    def __init__(
        self,
        *,
        user: User,
        data: Any = None,
        benchmark: Benchmark | None = None,
        fixed_organisation: Organisation | None = None,
    ) -> None:
        initial: dict[str, Any] = {}
        tier_initial: dict[str, dict[str, Any]] = {}
        circ_initial: list[dict[str, Any]] = []
        if benchmark is not None and data is None:
            initial = {
                name: getattr(benchmark, name)
                for name in BenchmarkForm.base_fields
                if name not in ("organisation", "item")
            }
            initial["organisation"] = benchmark.organisation_id
            initial["item"] = benchmark.item_id
            for t in benchmark.tiers.all():
                tier_initial[t.tier] = {
                    "enabled": True,
                    "conditions": t.conditions,
                    "penalty_types": t.penalty_types,
                    "fine_min": t.fine_min,
                    "fine_max": t.fine_max,
                    "multiple_min": t.multiple_min,
                    "multiple_max": t.multiple_max,
                    "other_measures": t.other_measures,
                }
            circ_initial = [
                {"code": c.code, "text": c.text, "effect": c.effect}
                for c in benchmark.circumstances.all()
            ]
        self.form = BenchmarkForm(
            data, initial=initial, user=user, fixed_organisation=fixed_organisation
        )
        self.tiers = [TierForm(data, tier=t, initial=tier_initial.get(t, {})) for t in Tier.values]
        self.circumstances = CircumstanceFormSet(data, prefix="circ", initial=circ_initial or None)
        self._circ_index: list[int] = []

    def is_valid(self) -> bool:
        return self.main_valid() and self.circumstances.is_valid()

    def main_valid(self) -> bool:
        """The main form and the tiers parsed (the circumstances may still have errors): the
        services can then be asked about the law, so every problem shows at once."""
        results = [self.form.is_valid()] + [t.is_valid() for t in self.tiers]  # validate all
        return all(results)

    def as_input(self) -> BenchmarkInput:
        d = self.form.cleaned_data
        circumstances = []
        self._circ_index = []
        for index, f in enumerate(self.circumstances.forms):
            if f.errors or f.is_blank:
                continue
            self._circ_index.append(index)
            circumstances.append(
                CircumstanceInput(
                    code=f.cleaned_data["code"],
                    text=f.cleaned_data["text"],
                    effect=f.cleaned_data["effect"],
                )
            )
        return BenchmarkInput(
            organisation=d["organisation"],
            item=d.get("item"),
            code=d["code"],
            violation=d["violation"],
            violated_provision=d["violated_provision"],
            penalty_provision=d["penalty_provision"],
            penalty_types=list(d["penalty_types"]),
            fine_min=d.get("fine_min"),
            fine_max=d.get("fine_max"),
            multiple_basis=d.get("multiple_basis") or "",
            multiple_min=d.get("multiple_min"),
            multiple_max=d.get("multiple_max"),
            multiple_threshold=d.get("multiple_threshold"),
            type_choice_rules=d.get("type_choice_rules") or "",
            suspension_situations=d.get("suspension_situations") or "",
            time_limit=d.get("time_limit") or "",
            document_number=d.get("document_number") or "",
            effective_from=d.get("effective_from"),
            tiers=[t for t in (f.as_input() for f in self.tiers) if t is not None],
            circumstances=circumstances,
        )

    def add_problems(self, problems: list[Problem]) -> None:
        """Put each problem the service found next to its field."""
        tiers = {f.tier: f for f in self.tiers}
        for p in problems:
            parts = p.field.split(":") if p.field else []
            if len(parts) == 3 and parts[0] == "tier" and parts[1] in tiers:
                form: forms.Form = tiers[parts[1]]
                name: str | None = parts[2]
            elif len(parts) == 3 and parts[0] == "circumstance" and parts[1].isdigit():
                i = int(parts[1])
                index = self._circ_index[i] if i < len(self._circ_index) else None
                if index is None:
                    self.form.add_error(None, p.message)
                    continue
                form, name = self.circumstances.forms[index], parts[2]
            else:
                form, name = self.form, p.field
            form.add_error(name if name in form.fields else None, p.message)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or any(t.errors for t in self.tiers)
            or any(self.circumstances.errors)
            or self.circumstances.non_form_errors()
        )


class RepealForm(forms.Form):
    reason = forms.CharField(
        label="废止理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写废止理由。"},
    )


class CalculatorForm(forms.Form):
    """The calculator's query (GET): circumstances and basis; optionally an intended penalty."""

    basis = forms.DecimalField(label="计算基数（元）", **MONEY)
    penalty_types = forms.MultipleChoiceField(
        label="拟处罚种类",
        choices=PenaltyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
    )
    fine = forms.DecimalField(label="拟罚款金额（元）", **MONEY)
    reason = forms.CharField(
        label="偏离理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, benchmark: Benchmark | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = (
            [
                (c.code, f"{c.code} {c.text}（{c.get_effect_display()}）")
                for c in benchmark.circumstances.all()
            ]
            if benchmark is not None
            else []
        )
        self.fields["c"] = forms.MultipleChoiceField(
            label="本案情形",
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-list"}),
            error_messages={"invalid_choice": "情形“%(value)s”不属于所选裁量基准，请重新勾选。"},
        )
        if (
            benchmark is not None
            and benchmark.multiple_min is None
            and benchmark.multiple_max is None
        ):
            del self.fields["basis"]  # only multiple ranges (违法所得 N 倍) need a basis amount
        else:
            basis_name = benchmark.multiple_basis if benchmark is not None else ""
            self.fields["basis"].label = f"计算基数：{basis_name or '金额'}（元）"
        self.order_fields(["c", "basis", "penalty_types", "fine", "reason"])

    @property
    def wants_check(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return bool(
            d.get("penalty_types") or d.get("fine") is not None or (d.get("reason") or "").strip()
        )


class ImportForm(forms.Form):
    """Upload of an XLSX file of benchmarks (one row per tier) for one unit."""

    organisation = forms.ModelChoiceField(
        label="制定单位", queryset=Organisation.objects.none(), empty_label="请选择单位"
    )
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        help_text="每行一个阶次；同一编号的各行组成一个裁量基准。导入后为草稿，核对后再公布。",
        error_messages={"required": "请选择要导入的文件。"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = draftable_organisations(user)  # type: ignore[attr-defined]

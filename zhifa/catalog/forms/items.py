"""Forms of the item catalogue pages."""

from __future__ import annotations

from django import forms

from zhifa.catalog.constants import ChangeTrigger, ItemType
from zhifa.catalog.models import EnforcementType
from zhifa.catalog.selectors.items import catalogue_units


def _types() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="执法类型",
        queryset=EnforcementType.objects.filter(is_active=True),
        empty_label="请选择",
    )


class CatalogueFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="单位", queryset=catalogue_units(), required=False, empty_label="全部单位"
    )
    item_type = forms.ChoiceField(
        label="事项类型", choices=[("", "全部类型"), *ItemType.choices], required=False
    )
    enforcement_type = forms.ModelChoiceField(
        label="执法类型",
        queryset=EnforcementType.objects.all(),
        required=False,
        empty_label="全部",
        to_field_name="code",
    )
    on_date = forms.DateField(
        label="清单日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="查看某一天有效的清单",
        error_messages={"invalid": "日期格式应为 年-月-日，例如 2025-06-01。"},
    )
    q = forms.CharField(label="关键词", required=False, max_length=50)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = catalogue_units()  # type: ignore[attr-defined]


class ItemElementsForm(forms.Form):
    """An item's elements (R-1.8-02) and why the catalogue changes (R-1.8-05)."""

    change_trigger = forms.ChoiceField(label="调整原因", choices=ChangeTrigger.choices)
    change_reason = forms.CharField(
        label="调整说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    code = forms.CharField(
        label="事项编码", required=False, max_length=40, help_text="留空则自动编号"
    )
    name = forms.CharField(label="事项名称", max_length=200)
    item_type = forms.ChoiceField(label="事项类型", choices=[("", "请选择"), *ItemType.choices])
    enforcement_type = _types()
    legal_basis = forms.CharField(label="设立依据", widget=forms.Textarea(attrs={"rows": 3}))
    implementing_subject = forms.CharField(label="实施主体", max_length=100)
    conditions = forms.CharField(
        label="实施条件", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    procedure = forms.CharField(
        label="实施程序", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    time_limit = forms.CharField(
        label="办理时限",
        max_length=100,
        help_text="必填：法律未规定期限的，应当在此明确（R-1.5-15）",
        error_messages={"required": "办理时限不能为空（R-1.5-15）。"},
    )
    time_limit_basis = forms.CharField(label="时限依据", required=False, max_length=200)
    remedies = forms.CharField(
        label="救济途径", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    locally_authorised = forms.BooleanField(
        label="地方法规法定授权事项（不经审核、同意，直接公布）", required=False
    )

    def __init__(self, *args, kind: str = "add", **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["enforcement_type"].queryset = EnforcementType.objects.filter(is_active=True)  # type: ignore[attr-defined]
        if kind != "add":
            del self.fields["code"]
            del self.fields["locally_authorised"]

    def elements(self) -> dict:  # type: ignore[type-arg]
        keys = (
            "name",
            "item_type",
            "enforcement_type",
            "legal_basis",
            "implementing_subject",
            "conditions",
            "procedure",
            "time_limit",
            "time_limit_basis",
            "remedies",
        )
        return {k: self.cleaned_data.get(k) for k in keys}


class DeleteProposalForm(forms.Form):
    change_trigger = forms.ChoiceField(label="调整原因", choices=ChangeTrigger.choices)
    change_reason = forms.CharField(
        label="取消理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论", choices=[("pass", "审核通过，报县政府同意"), ("reject", "不予通过")]
    )
    opinion = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(
        label="县政府意见", choices=[("approve", "同意"), ("refuse", "不同意")]
    )
    document_number = forms.CharField(label="县政府同意文号", required=False, max_length=100)
    opinion = forms.CharField(
        label="不同意的原因", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label="生效日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "请填写生效日期。",
            "invalid": "日期格式应为 年-月-日，例如 2025-06-01。",
        },
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=catalogue_units(), empty_label="请选择")
    file = forms.FileField(label="清单文件（.xlsx）")
    approval_document = forms.CharField(label="县政府同意初始清单的文号", max_length=100)
    effective_from = forms.DateField(
        label="施行日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日，例如 2023-06-01。"},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = catalogue_units()  # type: ignore[attr-defined]

    def clean_file(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data["file"]
        if f.size > 10 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 10 MB。")
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件。")
        return f

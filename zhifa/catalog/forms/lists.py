"""Forms of the unit-list pages; which fields show depends on the list (R-1.1-01, R-1.4-08,
R-1.3-05)."""

from __future__ import annotations

from django import forms

from zhifa.catalog.constants import UnitListKind
from zhifa.catalog.models import EnforcementItem
from zhifa.catalog.services.lists import MAJOR_DECISION_GROUNDS, REQUIRED_FIELDS

FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    UnitListKind.RANDOM_INSPECTION: ("item", "name", "content", "legal_basis", "inspecting_body"),
    UnitListKind.MAJOR_DECISION: (
        "item",
        "name",
        "category",
        "enforcement_level",
        "field",
        "amount_threshold",
        "content",
        "legal_basis",
    ),
    UnitListKind.AV_RECORDING: ("item", "name", "content", "stage", "method"),
}
LABELS: dict[str, dict[str, str]] = {kind: dict(fields) for kind, fields in REQUIRED_FIELDS.items()}


class ListEntryForm(forms.Form):
    item = forms.ModelChoiceField(
        label="对应执法事项",
        queryset=EnforcementItem.objects.none(),
        required=False,
        empty_label="（不对应具体事项）",
    )
    name = forms.CharField(label="事项名称", max_length=200)
    content = forms.CharField(label="内容或标准", widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label="依据", widget=forms.Textarea(attrs={"rows": 2}))
    inspecting_body = forms.CharField(label="抽查主体", max_length=100)
    category = forms.ChoiceField(
        label="类别", choices=[("", "请选择"), *[(g, g) for g in MAJOR_DECISION_GROUNDS]]
    )
    enforcement_level = forms.CharField(label="执法层级", max_length=60)
    field = forms.CharField(label="所属领域", max_length=60)
    amount_threshold = forms.DecimalField(
        label="涉案金额标准（元）",
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={"invalid": "请输入数字金额（元）。"},
    )
    stage = forms.CharField(label="记录环节", max_length=100)
    method = forms.CharField(label="记录方式", max_length=100)

    def __init__(self, *args, kind: str, organisation, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        keep = FIELDS_BY_KIND[kind]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        labels = LABELS[kind]
        for name, field in self.fields.items():
            if name in labels:
                field.label = labels[name]
                field.error_messages["required"] = f"请填写{labels[name]}。"
            elif name not in ("item", "amount_threshold"):
                field.required = False
        self.fields["item"].queryset = (  # type: ignore[attr-defined]
            EnforcementItem.objects.filter(organisation=organisation, is_in_force=True)
            .select_related("current_version")
            .order_by("code")
        )
        self.fields["item"].label_from_instance = (  # type: ignore[attr-defined]
            lambda i: f"{i.code} {i.current_version.name if i.current_version else ''}"
        )


class FilingHandleForm(forms.Form):
    decision = forms.ChoiceField(
        label="处理", choices=[("accept", "予以备案"), ("return", "退回修改")]
    )
    opinion = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

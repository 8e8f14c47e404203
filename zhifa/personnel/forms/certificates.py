"""Forms of the certificate transitions, the annual review, equivalents and filings."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.models import User
from zhifa.catalog.models import EnforcementType
from zhifa.core import clock
from zhifa.personnel.models import Officer
from zhifa.personnel.services.certificates import DEFAULT_ISSUER


class DateInput(forms.DateInput):
    input_type = "date"


def _types_field(required: bool = True) -> forms.ModelMultipleChoiceField:  # type: ignore[type-arg]
    return forms.ModelMultipleChoiceField(
        label="执法类型",
        queryset=EnforcementType.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        required=required,
        error_messages={"required": "请至少选择一个执法类型。"},
    )


class ApplyForm(forms.Form):
    enforcement_types = _types_field()
    enforcement_area = forms.CharField(label="执法区域", max_length=200, initial="临猗县行政区域")
    reason = forms.CharField(label="说明", required=False, max_length=200)


class IssueForm(forms.Form):
    number = forms.CharField(label="证件编号", max_length=30)
    issued_on = forms.DateField(label="发证日期", widget=DateInput)
    expires_on = forms.DateField(label="有效期至", required=False, widget=DateInput)
    issuer = forms.CharField(label="发证机关", max_length=60, initial=DEFAULT_ISSUER)
    enforcement_area = forms.CharField(
        label="执法区域", max_length=200, required=False, help_text="与申领时不同的才填。"
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)
    reference = forms.CharField(label="决定文号或依据", required=False, max_length=120)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label="说明", required=False, max_length=500)


class ReviewRoundForm(forms.Form):
    year = forms.IntegerField(label="年审年度", min_value=2000, max_value=2100)
    due_on = forms.DateField(
        label="年审截止日期", widget=DateInput, help_text="年审期间由县司法局确定（AMB-1.7-a）。"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = clock.today().year


class ReviewDecisionForm(forms.Form):
    opinion = forms.CharField(label="年审意见", required=False, max_length=500)


class EquivalentForm(forms.Form):
    officer: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label="持证人", queryset=Officer.objects.none()
    )
    name = forms.CharField(label="证件名称", max_length=100)
    number = forms.CharField(label="证件编号", max_length=60)
    issuer = forms.CharField(label="发证机关", max_length=100)
    designation_basis = forms.CharField(
        label="同等效力依据",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="国务院或省人民政府规定具有同等效力的文件（R-1.7-06）。",
    )
    enforcement_types = _types_field()
    valid_from = forms.DateField(label="有效期起", widget=DateInput)
    valid_to = forms.DateField(label="有效期至", required=False, widget=DateInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from zhifa.accounts.constants import Role
        from zhifa.accounts.selectors import organisation_scope_q
        from zhifa.personnel.services.certificates import is_justice_bureau

        qs = Officer.objects.none()
        if is_justice_bureau(user) or user.has_role(Role.UNIT_HEAD):
            qs = Officer.objects.filter(organisation_scope_q(user), is_active=True)
        self.fields["officer"].queryset = qs.select_related("organisation").order_by(  # type: ignore[attr-defined]
            "organisation__path", "full_name"
        )
        self.fields["officer"].label_from_instance = lambda o: (
            f"{o.full_name}（{o.organisation.display_name}）"
        )  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("valid_from")
            and data.get("valid_to")
            and data["valid_to"] < data["valid_from"]
        ):
            self.add_error("valid_to", "有效期至不能早于有效期起。")
        return data


class OpinionForm(forms.Form):
    opinion = forms.CharField(label="意见", required=False, max_length=500)

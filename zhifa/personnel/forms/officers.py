"""Forms of the officer register: filters, the officer record, deactivation."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import organisation_list_visible
from zhifa.catalog.models import EnforcementType
from zhifa.personnel.constants import CertificateStatus, Gender, StaffingType
from zhifa.personnel.selectors.officers import OfficerFilters
from zhifa.personnel.services.officers import can_manage_officers


class DateInput(forms.DateInput):
    input_type = "date"


STATUS_CHOICES = [("", "全部"), ("none", "无有效/在办证件"), *CertificateStatus.choices]


class OfficerFilterForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label="单位", queryset=Organisation.objects.none(), required=False, empty_label="全部单位"
    )
    status = forms.ChoiceField(label="证件状态", choices=STATUS_CHOICES, required=False)
    enforcement_type: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label="执法类型",
        queryset=EnforcementType.objects.filter(is_active=True),
        required=False,
        empty_label="全部类型",
        to_field_name="code",
    )
    q = forms.CharField(label="姓名或证号", required=False, max_length=50)
    inactive = forms.BooleanField(label="含已停用人员", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_list_visible(user=user)  # type: ignore[attr-defined]

    def filters(self) -> OfficerFilters:
        data = self.cleaned_data
        return OfficerFilters(
            organisation_id=data["organisation"].pk if data.get("organisation") else None,
            status=data.get("status") or "",
            enforcement_type=data["enforcement_type"].code if data.get("enforcement_type") else "",
            q=(data.get("q") or "").strip(),
            include_inactive=bool(data.get("inactive")),
        )


class OfficerForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(label="性别", choices=Gender.choices)
    id_number = forms.CharField(
        label="身份证号",
        max_length=18,
        min_length=18,
        help_text="18位，末位可为X；系统校验校验位。",
    )
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label="单位", queryset=Organisation.objects.none()
    )
    post = forms.CharField(label="职务", max_length=50)
    staffing_type = forms.ChoiceField(
        label="人员身份",
        choices=StaffingType.choices,
        help_text="聘用制公务员、合同工、临时工、辅助人员不能申领执法证（R-3.1-09、R-3.1-10）。",
    )
    in_enforcement_post = forms.BooleanField(
        label="在行政执法岗位工作", required=False, initial=True
    )
    ever_dismissed = forms.BooleanField(label="曾被开除公职", required=False)
    induction_passed_on = forms.DateField(
        label="入职培训考核合格日期",
        required=False,
        widget=DateInput,
        help_text="未通过的留空（R-1.10-05）。",
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    username = forms.CharField(
        label="登录账号", max_length=150, required=False, help_text="本人使用平台的，填其登录名。"
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        visible = organisation_list_visible(user=user)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in visible if can_manage_officers(user, o)]
        ).order_by("path")

    def clean_id_number(self) -> str:
        from zhifa.core.identifiers import id_number_error

        value = (self.cleaned_data.get("id_number") or "").strip().upper()
        problem = id_number_error(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_username(self) -> User | None:
        from zhifa.accounts.selectors import user_list_visible

        name = (self.cleaned_data.get("username") or "").strip()
        if not name:
            return None
        found = user_list_visible(user=self.user).filter(username=name).first()
        if found is None:
            raise forms.ValidationError(f"找不到登录名为“{name}”的本单位用户。")
        return found

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["user"] = data.pop("username")
        data["phone"] = data.get("phone") or ""
        return data


class DeactivateForm(forms.Form):
    reason = forms.CharField(label="停用原因", max_length=200, help_text="如调离、退休、辞职。")

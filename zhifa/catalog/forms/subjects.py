"""Forms of the enforcement-subject directory pages."""

from __future__ import annotations

import datetime as dt

from django import forms

from zhifa.catalog.models import EnforcementType
from zhifa.catalog.services.subjects import UPDATE_TRIGGERS


class SubjectForm(forms.Form):
    name = forms.CharField(label="主体名称", max_length=100)
    legal_basis = forms.CharField(label="主体资格依据", widget=forms.Textarea(attrs={"rows": 3}))
    duties = forms.CharField(label="职责", widget=forms.Textarea(attrs={"rows": 4}))
    enforcement_types = forms.ModelMultipleChoiceField(
        label="执法类型",
        queryset=EnforcementType.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    enforcement_area = forms.CharField(label="执法区域", max_length=200)
    internal_bodies = forms.CharField(
        label="内设执法机构及职责分工",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个机构，格式：机构名称：职责分工",
    )
    update_trigger = forms.ChoiceField(
        label="更新原因（修改已公布信息时必选）",
        choices=[("", "—"), *UPDATE_TRIGGERS.items()],
        required=False,
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["enforcement_types"].queryset = EnforcementType.objects.filter(is_active=True)  # type: ignore[attr-defined]

    def clean_internal_bodies(self) -> list[tuple[str, str]]:
        out = []
        for n, line in enumerate(self.cleaned_data["internal_bodies"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            for sep in ("：", ":"):
                if sep in line:
                    name, duties = line.split(sep, 1)
                    break
            else:
                raise forms.ValidationError(f"第{n}行缺少职责分工，格式应为：机构名称：职责分工。")
            if not name.strip() or not duties.strip():
                raise forms.ValidationError(f"第{n}行的机构名称或职责分工为空。")
            out.append((name.strip()[:100], duties.strip()))
        return out


def bodies_text(subject) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(f"{b.name}：{b.duties}" for b in subject.internal_bodies.all())


class ConfirmForm(forms.Form):
    document_number = forms.CharField(label="县政府确认文件文号", max_length=100)
    confirmed_on = forms.DateField(
        label="确认日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日。"},
    )

    def clean_confirmed_on(self) -> dt.date:
        return self.cleaned_data["confirmed_on"]


class SubjectWithdrawForm(forms.Form):
    reason = forms.CharField(label="撤销原因", widget=forms.Textarea(attrs={"rows": 2}))

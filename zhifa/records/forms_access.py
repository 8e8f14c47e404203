"""Forms of the release workflow (R-1.3-16): the request on the record page, the head's decision,
the party's viewing session."""

from __future__ import annotations

from django import forms

from zhifa.records.constants import ReleaseKind
from zhifa.records.services.releases import ID_KINDS


class ReleaseRequestForm(forms.Form):
    kind = forms.ChoiceField(label="申请事项", choices=ReleaseKind.choices)
    whole_case = forms.BooleanField(
        label="包括本案中我可查看的全部记录（不勾选则只申请本条记录）", required=False
    )
    recipient = forms.CharField(
        label="提供对象；当事人申请查阅的，填写当事人姓名或名称", max_length=200, required=False
    )
    purpose = forms.CharField(
        label="用途或申请理由", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    party_id_checked = forms.BooleanField(
        label="当事人申请查阅：已当面核验申请人的身份证件", required=False
    )
    id_kind = forms.ChoiceField(
        label="核验的证件类型", choices=[("", "—"), *ID_KINDS.items()], required=False
    )
    id_number = forms.CharField(
        label="证件号码（只保存校验值和末四位，不以明文保存）",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ReleaseDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批意见",
        choices=[("approve", "批准"), ("reject", "不予批准")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="意见说明（不予批准的须写明理由）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReleaseUseForm(forms.Form):
    note = forms.CharField(
        label="查阅情况（时间、地点、陪同人员等）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

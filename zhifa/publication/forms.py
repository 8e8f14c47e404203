"""Forms of the staff publication pages; the services do the checking, forms only parse."""

from __future__ import annotations

from django import forms

from zhifa.publication.constants import (
    ChangeKind,
    Channel,
    PublicationForm,
    Restriction,
    ThirdPartyGround,
    UpdateTrigger,
)

_TEXTAREA = {"rows": 4}


class DraftForm(forms.Form):
    form = forms.ChoiceField(
        label="公开形式（R-1.2-13）",
        choices=PublicationForm.choices,
        initial=PublicationForm.SUMMARY,
        help_text="决定摘要包括执法主体、执法对象、执法类别、执法结论、决定日期；也可公开决定书全文。",
    )


class EditForm(forms.Form):
    form = forms.ChoiceField(label="公开形式（R-1.2-13）", choices=PublicationForm.choices)
    channels = forms.MultipleChoiceField(
        label="公开渠道（R-1.12-03）",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    conclusion = forms.CharField(
        label="执法结论（脱敏前原文）",
        max_length=5000,
        widget=forms.Textarea(attrs=_TEXTAREA),
        help_text="保存后自动脱敏：自然人姓名、身份证号码、电话、银行账号、住址（R-1.2-15）。",
    )
    full_text = forms.CharField(
        label="决定书全文（脱敏前原文，选择全文公开时填写）",
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    extra_mask_terms = forms.CharField(
        label="补充脱敏词（每行一个）",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="自动脱敏未覆盖的个人信息、商业秘密等，每行填写一个，公开时替换为***。",
    )
    restriction = forms.ChoiceField(
        label="公开限制（R-1.2-14、R-1.2-15）", choices=Restriction.choices
    )
    restriction_reason = forms.CharField(
        label="不公开理由或审查评估意见",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=_TEXTAREA),
    )
    third_party_ground = forms.ChoiceField(
        label="涉及第三方信息时的公开依据", choices=ThirdPartyGround.choices, required=False
    )
    third_party_record = forms.CharField(
        label="第三方同意情况或公共利益理由",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=_TEXTAREA),
    )


class CheckForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论",
        choices=(("approve", "审核通过"), ("return", "退回修改")),
        widget=forms.RadioSelect,
    )
    masking_confirmed = forms.BooleanField(
        label="已逐项核对自动脱敏结果，公开内容不含应予保护的个人信息（R-1.2-15）", required=False
    )
    note = forms.CharField(
        label="审核意见（合法性、适当性）或退回理由",
        max_length=5000,
        widget=forms.Textarea(attrs=_TEXTAREA),
    )


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批结论",
        choices=(("approve", "同意"), ("return", "不同意，退回修改")),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="审批意见（退回时必填）",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=_TEXTAREA),
    )


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="撤下或更新（R-1.12-06）", choices=ChangeKind.choices)
    trigger = forms.ChoiceField(label="原因（R-1.2-17）", choices=UpdateTrigger.choices)
    reason = forms.CharField(
        label="公开说明（在公示页面显示）",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：该决定经行政复议于2026年5月8日被撤销。",
    )
    conclusion = forms.CharField(
        label="更新后的执法结论（脱敏前原文，更新时填写）",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=_TEXTAREA),
    )
    full_text = forms.CharField(
        label="更新后的决定书全文（全文公开时填写）",
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="撤回理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

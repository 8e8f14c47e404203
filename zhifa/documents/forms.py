from __future__ import annotations

import json

from django import forms

from zhifa.documents.constants import TemplateCategory
from zhifa.documents.rendering import MAX_TEMPLATE_BYTES


class _DocxField(forms.FileField):
    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        f = super().clean(data, initial)
        if f is not None and f.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(
                f"文件过大，上限为 {MAX_TEMPLATE_BYTES // 1024 // 1024} MB。"
            )
        return f


class TemplateVersionUploadForm(forms.Form):
    docx = _DocxField(
        label="模板文件（.docx）", widget=forms.ClearableFileInput(attrs={"accept": ".docx"})
    )
    note = forms.CharField(label="修改说明", max_length=200, required=False)


class TemplateCreateForm(forms.Form):
    code = forms.SlugField(
        label="代码", max_length=60, help_text="英文字母、数字、下划线，如 penalty_decision。"
    )
    name = forms.CharField(label="名称", max_length=100)
    category = forms.ChoiceField(label="类别", choices=TemplateCategory.choices)
    description = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    docx = _DocxField(
        label="模板文件（.docx）", widget=forms.ClearableFileInput(attrs={"accept": ".docx"})
    )


class PreviewForm(forms.Form):
    context = forms.CharField(
        label="示例数据（JSON）",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        required=False,
    )

    def clean_context(self) -> dict:  # type: ignore[type-arg]
        raw = self.cleaned_data.get("context") or "{}"
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}。"
            ) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError('示例数据必须是 JSON 对象，例如 {"party_name": "张三"}。')
        return value

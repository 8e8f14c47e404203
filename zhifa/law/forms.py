"""The filter form of the rule list page (GET)."""

from __future__ import annotations

from typing import cast

from django import forms

from zhifa.law.catalogue import RULE_TYPE_LABELS, RULE_TYPES
from zhifa.law.constants import RuleStatus
from zhifa.law.registry import systems


class RuleFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "编号、标题或条文"}),
    )
    status = forms.ChoiceField(label="状态", required=False)
    type = forms.ChoiceField(label="类型", required=False)
    system = forms.ChoiceField(label="制度", required=False)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", "全部状态"),
            *RuleStatus.choices,
        ]
        cast(forms.ChoiceField, self.fields["type"]).choices = [("", "全部类型")] + [
            (t, RULE_TYPE_LABELS[t]) for t in RULE_TYPES
        ]
        cast(forms.ChoiceField, self.fields["system"]).choices = [("", "全部制度")] + [
            (s.id, f"{s.id} {s.title_zh}") for s in systems()
        ]

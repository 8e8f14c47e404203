"""Forms of the deadline board (filters) and of the actions on one obligation."""

from __future__ import annotations

import re

from django import forms

from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import organisation_list_visible
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.selectors import STATE_FILTER_ALL, STATE_FILTER_OPEN, ObligationFilters
from zhifa.law.time_limits import PAUSE_REASON_LABELS, TimeLimitSpec

STATE_CHOICES = [
    (STATE_FILTER_OPEN, "未办结（全部）"),
    *ObligationState.choices,
    (STATE_FILTER_ALL, "全部状态"),
]
_RULE_RE = re.compile(r"^R-\d+\.\d+-\d+$")


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):  # type: ignore[no-untyped-def]
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", choices=STATE_CHOICES, required=False)
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label="单位", queryset=Organisation.objects.none(), required=False, empty_label="全部单位"
    )
    rule = forms.CharField(label="规则编号", required=False, max_length=20)
    mine = forms.BooleanField(label="只看我负责的", required=False)
    # A user id (links from the workbench and elsewhere); the scope still applies, so an id
    # outside it simply finds nothing. No select of every user: a province has 50,000.
    responsible = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    due_from = forms.DateField(label="届满日从", required=False, widget=DateInput)
    due_to = forms.DateField(label="至", required=False, widget=DateInput)
    q = forms.CharField(label="关键词", required=False, max_length=50)

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = organisation_list_visible(user=user)  # type: ignore[attr-defined]
        self.fields["rule"].widget.attrs["placeholder"] = "如 R-1.2-12"

    def clean_rule(self) -> str:
        value = (self.cleaned_data.get("rule") or "").strip().upper()
        if value and not _RULE_RE.match(value):
            raise forms.ValidationError("规则编号格式为 R-1.2-12。")
        return value

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            self.add_error("due_to", "结束日期不能早于开始日期。")
        return data

    def filters(self) -> ObligationFilters:
        data = self.cleaned_data
        return ObligationFilters(
            state=data.get("state") or STATE_FILTER_OPEN,
            organisation_id=data["organisation"].pk if data.get("organisation") else None,
            rule_id=data.get("rule") or "",
            responsible_id=self.user.pk if data.get("mine") else data.get("responsible"),
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
            q=(data.get("q") or "").strip(),
        )


class FulfilForm(forms.Form):
    at = forms.DateTimeField(
        label="完成时间",
        required=False,
        widget=DateTimeInput,
        help_text="不填则为现在。",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class PauseForm(forms.Form):
    reason = forms.ChoiceField(label="暂停事由")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, spec: TimeLimitSpec, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        reasons = spec.pause_reasons or tuple(PAUSE_REASON_LABELS)
        self.fields["reason"].choices = [(r, PAUSE_REASON_LABELS.get(r, r)) for r in reasons]  # type: ignore[attr-defined]


class ResumeForm(forms.Form):
    pass


class ExtendForm(forms.Form):
    amount = forms.IntegerField(label="延长", required=False, min_value=1)
    new_due_date = forms.DateField(label="新的届满日期", required=False, widget=DateInput)
    reason = forms.CharField(label="延长理由", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, spec: TimeLimitSpec, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if spec.extension_max is not None:
            del self.fields["new_due_date"]
            self.fields["amount"].required = True
        else:
            del self.fields["amount"]
            self.fields["new_due_date"].required = True


class CancelForm(forms.Form):
    reason = forms.CharField(label="撤销原因", widget=forms.Textarea(attrs={"rows": 2}))

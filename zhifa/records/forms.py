"""Forms of the record pages: register a record (R-1.3-02/04/09/10/14), add an interruption
(R-1.3-11), submit and decide a written explanation (R-1.3-07). The services check the rules;
the forms only parse and keep what was typed."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.models import User
from zhifa.cases.constants import FieldActionKind
from zhifa.cases.models import Case, FieldAction
from zhifa.records.constants import (
    DeviceKind,
    FocusPoint,
    InterruptionCause,
    MediaKind,
    RecordForm,
    RecordStage,
)
from zhifa.records.services.records import AvFacts

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def _dt(label: str, *, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=_DT, input_formats=_DT_FORMATS, required=required
    )


class FieldActionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: FieldAction) -> str:  # type: ignore[override]
        return f"{FieldActionKind(obj.kind).label} {obj.started_at:%Y-%m-%d %H:%M} {obj.place}"


class OfficerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.full_name or obj.username


class RecordRegisterForm(forms.Form):
    """R-1.3-02 stage, form and media; for AV: R-1.3-10 facts, pre-check and announcement,
    R-1.3-09 focus, R-1.3-14 away from base."""

    stage = forms.ChoiceField(label="执法环节（R-1.3-02）", choices=RecordStage.choices)
    form = forms.ChoiceField(
        label="记录形式",
        choices=RecordForm.choices,
        widget=forms.RadioSelect,
        initial=RecordForm.AUDIO_VIDEO,
    )
    media = forms.ChoiceField(label="载体", choices=MediaKind.choices, initial=MediaKind.VIDEO)
    field_action = FieldActionChoice(
        label="对应的调查措施（可不选）", queryset=FieldAction.objects.none(), required=False
    )
    title = forms.CharField(label="记录名称", max_length=200)
    description = forms.CharField(
        label="内容摘要", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    text_only = forms.BooleanField(
        label="电子文字记录：以上“内容摘要”即记录全文，无需上传文件（仅文字记录）",
        required=False,
    )
    # audio-video (R-1.3-10)
    started_at = _dt("开始时间")
    ended_at = _dt("结束时间")
    place = forms.CharField(label="地点", max_length=200, required=False)
    reason = forms.CharField(label="执法事由（默认案由）", max_length=200, required=False)
    target = forms.CharField(label="执法对象（默认当事人）", max_length=200, required=False)
    officers = OfficerChoice(
        label="执法人员",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    device_kind = forms.ChoiceField(
        label="记录设备", choices=[("", "——请选择——"), *DeviceKind.choices], required=False
    )
    device_label = forms.CharField(label="设备编号", max_length=100, required=False)
    precheck_device = forms.BooleanField(label="记录前已检查设备性能", required=False)
    precheck_battery = forms.BooleanField(label="记录前已检查电量", required=False)
    precheck_storage = forms.BooleanField(label="记录前已检查储存空间", required=False)
    announced = forms.BooleanField(
        label="开始时已语音说明时间、地点、执法人员、事由、对象和记录环节，并告知当事人正在记录",
        required=False,
    )
    focus = forms.MultipleChoiceField(
        label="记录重点（R-1.3-09）",
        choices=FocusPoint.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    away_from_base = forms.BooleanField(
        label="连续执法、异地执法或交通不便的偏远地区执法，不能及时移交存储（R-1.3-14）",
        required=False,
    )
    returned_on = forms.DateField(label="返回单位日期", required=False, widget=_DATE)
    away_reason = forms.CharField(
        label="不能及时移交存储的原因", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    BASE_FIELDS = ("stage", "form", "media", "field_action", "title", "description", "text_only")
    AV_FIELDS = (
        "started_at",
        "ended_at",
        "place",
        "reason",
        "target",
        "officers",
        "device_kind",
        "device_label",
        "precheck_device",
        "precheck_battery",
        "precheck_storage",
        "announced",
        "focus",
        "away_from_base",
        "returned_on",
        "away_reason",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["field_action"].queryset = FieldAction.objects.filter(case=case).order_by(
            "started_at", "id"
        )
        self.fields["officers"].queryset = (
            User.objects.filter(case_assignments__case=case).distinct().order_by("full_name", "id")
        )

    def av_facts(self) -> AvFacts:
        data = self.cleaned_data
        return AvFacts(
            started_at=data.get("started_at"),
            ended_at=data.get("ended_at"),
            place=data.get("place", ""),
            reason=data.get("reason", ""),
            target=data.get("target", ""),
            officers=list(data.get("officers") or []),
            device_kind=data.get("device_kind", ""),
            device_label=data.get("device_label", ""),
            precheck_device=bool(data.get("precheck_device")),
            precheck_battery=bool(data.get("precheck_battery")),
            precheck_storage=bool(data.get("precheck_storage")),
            announced=bool(data.get("announced")),
            focus=list(data.get("focus") or []),
            away_from_base=bool(data.get("away_from_base")),
            returned_on=data.get("returned_on"),
            away_reason=data.get("away_reason", ""),
        )


class InterruptionForm(forms.Form):
    """R-1.3-11."""

    started_at = _dt("中断时间", required=True)
    ended_at = _dt("恢复时间（未能恢复的不填）")
    cause = forms.ChoiceField(label="中断原因", choices=InterruptionCause.choices)
    detail = forms.CharField(
        label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    voice_explained = forms.BooleanField(label="恢复记录时已语音说明中断原因", required=False)
    written_note = forms.CharField(
        label="事后书面说明（未能恢复或未语音说明的必填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExplanationForm(forms.Form):
    """R-1.3-07, R-1.3-11: why a mandatory AV record could not be made or continued."""

    field_action = FieldActionChoice(
        label="对应的调查措施（针对执法行为本身的不选）",
        queryset=FieldAction.objects.none(),
        required=False,
    )
    reason = forms.CharField(
        label="未能音像记录的情况说明", widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field_action"].queryset = FieldAction.objects.filter(case=case).order_by(
            "started_at", "id"
        )


class ExplanationDecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批意见",
        choices=[("yes", "批准"), ("no", "不予批准")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="审批说明（不予批准的必填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

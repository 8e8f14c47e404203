"""Forms of the legal review pages and API (the same form binds the page's POST and the JSON
body). Chinese labels; the service checks everything again."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.models import Organisation
from zhifa.cases.actions.filing import DeclarationMixin
from zhifa.cases.constants import ReviewOpinion
from zhifa.documents.models import GeneratedDocument
from zhifa.legal_review.constants import (
    REQUIRED_POINTS,
    ChecklistPoint,
    ConsultResult,
    Finding,
    HeadDecision,
    MaterialKind,
    PauseKind,
)
from zhifa.records.models import Record

_TEXT = forms.Textarea(attrs={"rows": 4})
_SHORT = forms.Textarea(attrs={"rows": 2})


class StepForm(forms.Form):
    """Base: knows the submission and the user (querysets are narrowed to the case)."""

    def __init__(self, *args: Any, submission: Any = None, user: Any = None, **kwargs: Any) -> None:
        self.submission = submission
        self.user = user
        super().__init__(*args, **kwargs)


def form_checklist(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The checklist of R-1.4-10 from a form's cleaned data."""
    return {
        p.value: {
            "finding": data.get(f"{p.value}_finding") or "",
            "reason": data.get(f"{p.value}_reason") or "",
        }
        for p in ChecklistPoint
    }


class ChecklistMixin(forms.Form):
    """R-1.4-10: a finding (符合/存在问题) and the reason for each point."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for point in ChecklistPoint:
            required = point in REQUIRED_POINTS
            self.fields[f"{point.value}_finding"] = forms.ChoiceField(
                label=point.label,
                choices=[("", "——")] + list(Finding.choices),
                required=False,
            )
            self.fields[f"{point.value}_reason"] = forms.CharField(
                label="理由" if required else "理由（如有）", required=False, widget=_SHORT
            )

    def checklist_points(self) -> list[tuple[Any, Any, Any]]:
        return [(p, self[f"{p.value}_finding"], self[f"{p.value}_reason"]) for p in ChecklistPoint]

    def clean_checklist(self, data: dict[str, Any]) -> None:
        for point in REQUIRED_POINTS:
            if not data.get(f"{point.value}_finding"):
                self.add_error(f"{point.value}_finding", "请选择审核结论。")
            if not (data.get(f"{point.value}_reason") or "").strip():
                self.add_error(f"{point.value}_reason", "请填写理由。")


class OpinionForm(ChecklistMixin, DeclarationMixin, StepForm):
    opinion = forms.ChoiceField(
        label="审核意见", choices=[("", "——")] + list(ReviewOpinion.choices), required=False
    )
    opinion_text = forms.CharField(label="书面审核意见", required=False, widget=_TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the declaration first, then the checklist point by point, then the opinion
        points = [f"{p.value}_{k}" for p in ChecklistPoint for k in ("finding", "reason")]
        self.order_fields(["has_conflict", "ground", "declaration_note", *points])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("has_conflict"):
            self.clean_checklist(data)
            if not data.get("opinion"):
                self.add_error("opinion", "请选择审核意见。")
            if not (data.get("opinion_text") or "").strip():
                self.add_error("opinion_text", "请填写书面审核意见。")
        return data


class MaterialForm(StepForm):
    kind = forms.ChoiceField(label="材料", choices=[("", "——")] + list(MaterialKind.choices))
    document = forms.ModelChoiceField(
        label="本案文书", queryset=GeneratedDocument.objects.none(), required=False
    )
    record = forms.ModelChoiceField(
        label="本案记录", queryset=Record.objects.none(), required=False
    )
    text = forms.CharField(label="内容或说明", required=False, widget=_TEXT)
    hearing_or_assessment_held = forms.BooleanField(
        label="本案经过听证或评估（须提交听证笔录或评估报告）", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.submission is not None:
            from zhifa.core.subjects import subject_key

            stype, sid = subject_key(self.submission.case)
            document: Any = self.fields["document"]
            document.queryset = GeneratedDocument.objects.filter(
                subject_type=stype, subject_id=sid
            ).order_by("-id")
            record: Any = self.fields["record"]
            record.queryset = Record.objects.filter(case_id=self.submission.case_id).order_by("-id")
            self.fields[
                "hearing_or_assessment_held"
            ].initial = self.submission.hearing_or_assessment_held

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("document") or data.get("record") or (data.get("text") or "").strip()):
            self.add_error("text", "请选择本案文书或记录，或者填写材料内容。")
        return data


class CheckForm(StepForm):
    complete = forms.TypedChoiceField(
        label="核对结果",
        choices=(("yes", "材料齐全，开始审核（起算10个工作日）"), ("no", "材料不全，退回补充")),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    missing = forms.MultipleChoiceField(
        label="缺少的材料（退回时勾选）",
        choices=MaterialKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="说明", required=False, widget=_SHORT)


class EmptyForm(StepForm):
    pass


class TakeForm(DeclarationMixin, StepForm):
    pass


class PauseForm(StepForm):
    kind = forms.ChoiceField(label="暂停事由", choices=[("", "——")] + list(PauseKind.choices))
    reason = forms.CharField(label="说明", widget=_SHORT)


class ExtensionRequestForm(StepForm):
    reason = forms.CharField(label="延长理由（案件复杂的具体情况）", widget=_TEXT)


class ExtensionDecideForm(StepForm):
    approve = forms.TypedChoiceField(
        label="审批",
        choices=(("yes", "批准延长10个工作日"), ("no", "不批准")),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="审批意见", required=False, widget=_SHORT)


class DisputeForm(StepForm):
    reasons = forms.CharField(label="异议理由", widget=_TEXT)


class ConsultForm(StepForm):
    result = forms.ChoiceField(label="沟通结果", choices=[("", "——")] + list(ConsultResult.choices))
    note = forms.CharField(label="沟通情况", widget=_TEXT)


class HeadDecideForm(StepForm):
    decision = forms.ChoiceField(
        label="负责人决定", choices=[("", "——")] + list(HeadDecision.choices)
    )
    reasons = forms.CharField(label="决定理由", widget=_TEXT)


class ParticipantForm(StepForm):
    organisation = forms.ModelChoiceField(
        label="参与审核的单位",
        queryset=Organisation.objects.filter(is_active=True).order_by("path"),
    )
    note = forms.CharField(label="参与情况", required=False, widget=_SHORT)

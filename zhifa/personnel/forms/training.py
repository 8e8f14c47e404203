"""Forms of the training area. They only parse input; the services apply the rules."""

from __future__ import annotations

from django import forms

from zhifa.accounts.models import Organisation
from zhifa.personnel.constants import (
    ExamAttempt,
    ExamSubject,
    TrainingFormat,
    TrainingKind,
)
from zhifa.personnel.constants_training import MakeupDecision, MakeupReason
from zhifa.personnel.selectors.training import year_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部")] + list(TrainingKind.choices)
    )
    year = forms.TypedChoiceField(
        label="年度", required=False, coerce=int, empty_value=None, choices=[]
    )
    q = forms.CharField(label="关键词", required=False, max_length=50)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部")] + [(y, f"{y}年") for y in year_choices()]


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label="培训类别", choices=TrainingKind.choices)
    title = forms.CharField(label="培训名称", max_length=200)
    organiser = forms.ModelChoiceField(
        label="组织单位", queryset=Organisation.objects.none(), empty_label=None
    )
    format = forms.ChoiceField(
        label="培训形式", choices=TrainingFormat.choices, help_text="R-1.10-04 / R-1.11-02"
    )
    content = forms.CharField(
        label="培训内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="按课程填写，例如：公共法律知识；专门法律知识；新颁布法律法规；执法业务知识和技能。",
    )
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    class_hours = forms.DecimalField(
        label="课时",
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        help_text="定期轮训每次不少于 8 课时才计入年度轮训（R-1.11-03）。",
    )
    location = forms.CharField(label="地点", required=False, max_length=200)

    def __init__(self, *args, organisers=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if organisers is not None:
            self.fields["organiser"].queryset = organisers


class AttendanceForm(forms.Form):
    """Bulk attendance: tick officers of a unit, one number of class hours for all."""

    officers = forms.ModelMultipleChoiceField(
        label="参训人员",
        queryset=None,  # type: ignore[arg-type]
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一名参训人员。"},
    )
    hours = forms.DecimalField(label="参训课时", max_digits=4, decimal_places=1, min_value=0.5)

    def __init__(self, *args, officers=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers
        self.fields["officers"].label_from_instance = lambda o: (
            f"{o.full_name}（{o.organisation.name}）"
        )


class ExamResultForm(forms.Form):
    id_number = forms.CharField(
        label="身份证号", max_length=18, min_length=18, help_text="18 位公民身份号码"
    )
    full_name = forms.CharField(label="姓名", max_length=50, help_text="用于核对身份证号")
    subject = forms.ChoiceField(label="考试科目", choices=ExamSubject.choices)
    attempt = forms.TypedChoiceField(
        label="考试次别", choices=ExamAttempt.choices, coerce=int, initial=ExamAttempt.REGULAR
    )
    score = forms.CharField(label="成绩", max_length=6, help_text="百分制，60 分合格（R-1.11-04）")
    taken_on = forms.DateField(label="考试日期", widget=DATE)

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper()


class ImportForm(forms.Form):
    file = forms.FileField(
        label="成绩文件",
        help_text="Excel（.xlsx）或 CSV 文件，第一行为列名：身份证号（或执法证号）、姓名、科目、考试次别、成绩、考试日期。",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="处理决定", choices=MakeupDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class MakeupRequirementForm(forms.Form):
    id_number = forms.CharField(label="身份证号", max_length=18, min_length=18)
    reason = forms.ChoiceField(label="原因", choices=MakeupReason.choices)
    due_on = forms.DateField(
        label="补课期限",
        widget=DATE,
        help_text="制度只规定“限期补课”，没有法定期限，请由司法局设定（R-1.11-06）。",
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper()


class MakeupCompleteForm(forms.Form):
    note = forms.CharField(label="完成依据", max_length=200)


class SummaryFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=[])
    organisation = forms.ModelChoiceField(
        label="单位", required=False, queryset=Organisation.objects.none(), empty_label="全部"
    )

    def __init__(self, *args, organisations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in year_choices()]
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class RotationOpenForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=[])

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in year_choices()[:2]]

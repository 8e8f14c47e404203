"""Training sessions, attendance and exams (systems 1.10 and 1.11, R-1.7-03 (c))."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.personnel.constants import ExamAttempt, ExamSubject, TrainingFormat, TrainingKind


class TrainingSession(models.Model):
    """One training session organised by the Justice Bureau or a unit."""

    kind = models.CharField("培训类别", max_length=16, choices=TrainingKind.choices)
    title = models.CharField("培训名称", max_length=200)
    organiser = models.ForeignKey(
        "accounts.Organisation", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    format = models.CharField("培训形式", max_length=16, choices=TrainingFormat.choices)
    content = models.TextField("培训内容", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    class_hours = models.DecimalField("课时", max_digits=5, decimal_places=1)
    location = models.CharField("地点", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ("-starts_on",)

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """An officer's attendance at a session, with the class hours attended."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="attendances"
    )
    officer = models.ForeignKey(
        "personnel.Officer", on_delete=models.PROTECT, related_name="attendances"
    )
    hours = models.DecimalField("参训课时", max_digits=5, decimal_places=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        constraints = [
            models.UniqueConstraint(fields=("session", "officer"), name="personnel_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.officer} @ {self.session}"


class ExamResult(models.Model):
    """One exam attempt: out of 100, 60 passes, one make-up (R-1.11-04, R-1.11-05)."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name="培训",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exam_results",
    )
    officer = models.ForeignKey(
        "personnel.Officer", on_delete=models.PROTECT, related_name="exam_results"
    )
    subject = models.CharField("考试科目", max_length=20, choices=ExamSubject.choices)
    attempt = models.PositiveSmallIntegerField(
        "考试次别", choices=ExamAttempt.choices, default=ExamAttempt.REGULAR
    )
    score = models.DecimalField("成绩", max_digits=5, decimal_places=1)
    passed = models.BooleanField("合格")
    taken_on = models.DateField("考试日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间")
    source = models.CharField("来源", max_length=200, blank=True)  # e.g. the imported file

    class Meta:
        verbose_name = "考试成绩"
        verbose_name_plural = "考试成绩"
        ordering = ("-taken_on",)
        constraints = [
            models.UniqueConstraint(
                fields=("session", "officer", "subject", "attempt"), name="personnel_exam_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.get_subject_display()} {self.score}"

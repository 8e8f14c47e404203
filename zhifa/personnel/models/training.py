"""Training sessions, attendance and exams (systems 1.10 and 1.11, R-1.7-03 (c))."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.personnel.constants import ExamAttempt, ExamSubject, TrainingFormat, TrainingKind
from zhifa.personnel.constants_training import MakeupDecision, MakeupReason


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
    # The exam round the attempt belongs to: "s<session id>", or "y<year>" for a result not tied
    # to a session. One regular attempt and one make-up per round (R-1.11-05), enforced here too.
    cycle = models.CharField("考试批次", max_length=20, default="", editable=False)
    # R-1.11-05 / AMB-1.11-a: after a failed make-up the Justice Bureau decides, with a reason.
    decision = models.CharField(
        "补考不合格处理", max_length=16, choices=MakeupDecision.choices, blank=True
    )
    decision_reason = models.TextField("处理理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "考试成绩"
        verbose_name_plural = "考试成绩"
        ordering = ("-taken_on", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("session", "officer", "subject", "attempt"), name="personnel_exam_once"
            ),
            models.UniqueConstraint(
                fields=("cycle", "officer", "subject", "attempt"),
                name="personnel_exam_once_per_cycle",
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100),
                name="personnel_exam_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.get_subject_display()} {self.score}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.cycle = self.cycle_for(session_id=self.session_id, taken_on=self.taken_on)
        super().save(*args, **kwargs)

    @staticmethod
    def cycle_for(*, session_id: int | None, taken_on: object) -> str:
        """The exam round: the session, or the calendar year of a result without a session."""
        if session_id is not None:
            return f"s{session_id}"
        return f"y{taken_on.year}"  # type: ignore[attr-defined]


class RotationYear(models.Model):
    """An officer's rotation-training duty for one calendar year (R-1.11-03).

    The subject of the deadline-engine obligation (one per officer and year, so an overdue year
    stays on the boards while the next year's duty runs).
    """

    officer = models.ForeignKey(
        "personnel.Officer", on_delete=models.PROTECT, related_name="rotation_years"
    )
    year = models.PositiveIntegerField("年度")
    opened_at = models.DateTimeField("建立时间")

    class Meta:
        verbose_name = "年度轮训义务"
        verbose_name_plural = "年度轮训义务"
        ordering = ("-year", "officer_id")
        constraints = [
            models.UniqueConstraint(fields=("officer", "year"), name="personnel_rotation_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.year}年度轮训"


class MakeupRequirement(models.Model):
    """限期补课 (R-1.11-06): an officer who missed or failed training makes it up by a date the
    Justice Bureau sets (no statutory period, AMB-G-d), until they pass."""

    officer = models.ForeignKey(
        "personnel.Officer", on_delete=models.PROTECT, related_name="makeup_requirements"
    )
    reason = models.CharField("原因", max_length=16, choices=MakeupReason.choices)
    session = models.ForeignKey(
        TrainingSession,
        verbose_name="缺训或未通过的培训",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)
    due_on = models.DateField("补课期限")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    completed_note = models.CharField("完成依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "限期补课"
        verbose_name_plural = "限期补课"
        ordering = ("due_on", "id")
        indexes = [models.Index(fields=("officer", "completed_at"))]

    def __str__(self) -> str:
        return f"{self.officer} 限期补课（{self.due_on}前）"

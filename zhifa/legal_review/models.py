"""The legal review of a major decision (法制审核, system 1.4).

The case keeps :class:`zhifa.cases.models.LegalReview` (one per submission) and its opinion,
which gates the decision (R-1.4-02). This app adds, 1:1 to it, the review body's workflow:

- :class:`Submission` — the status (R-1.4-16), when the materials were found complete (the
  R-1.4-13 clock starts then, AMB-1.4-b), the assigned reviewer, the one extension (R-1.4-14),
  the R-1.4-13 obligation, and the two copies of the opinion document (R-1.4-12).
- :class:`Material` — R-1.4-09: one row per kind, pointing at a case document, a record or text.
- :class:`MaterialsCheck` — each completeness check: complete, or returned with the missing list.
- :class:`Pause` — R-1.4-15: supplementing materials, expert argumentation, interpretation.
- :class:`ExtensionRequest` — R-1.4-14: requested by the reviewer, approved by a unit head.
- :class:`ChecklistItem` — R-1.4-10: one finding (符合/存在问题) and its reason per point.
- :class:`Dispute` — R-1.4-16: disagreement → consultation → the head's decision.
- :class:`Participant` — R-1.4-05: the lead unit and the units taking part in a joint review.
"""

from __future__ import annotations

from django.db import models

from zhifa.core.fields import document_fk as _document
from zhifa.core.fields import user_fk as _user
from zhifa.legal_review.constants import (
    ChecklistPoint,
    CheckResult,
    ConsultResult,
    ExtensionStatus,
    Finding,
    HeadDecision,
    MaterialKind,
    ParticipantRole,
    PauseKind,
    SubmissionStatus,
)


class Submission(models.Model):
    """One submission of a major matter to the legal review body (1:1 to a LegalReview)."""

    review = models.OneToOneField(
        "cases.LegalReview",
        verbose_name="法制审核",
        on_delete=models.CASCADE,
        related_name="submission",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", on_delete=models.CASCADE, related_name="+"
    )
    # The unit whose review body reviews (the case's unit; the lead unit of a joint decision).
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="审核单位", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    submitted_by = _user("送审人")
    submitted_at = models.DateTimeField("送审时间")
    # AMB-1.4-b: the review body marks the set complete; the R-1.4-13 clock starts then.
    complete_at = models.DateTimeField("材料齐全时间", null=True, blank=True)
    completed_by = _user("材料核对人", null=True)
    reviewer = _user("承办审核人员", null=True)
    # R-1.4-13 (paused R-1.4-15, extended R-1.4-14); opened when the materials are complete.
    obligation = models.ForeignKey(
        "deadlines.Obligation",
        verbose_name="审核期限",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    extended = models.BooleanField("已延长审核期限", default=False)
    # The handling unit's hearing / assessment: the R-1.4-09 (5) material is then required.
    hearing_or_assessment_held = models.BooleanField("经过听证或评估", default=False)
    # R-1.4-12: one copy to the case file, one kept by the review body.
    opinion_case_copy = _document("审核意见书（入卷）")
    opinion_body_copy = _document("审核意见书（留存）")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "法制审核送审"
        verbose_name_plural = "法制审核送审"
        ordering = ("-submitted_at", "-id")
        indexes = [
            models.Index(fields=["organisation", "status", "-submitted_at"], name="lr_sub_queue"),
            models.Index(fields=["case", "-submitted_at"], name="lr_sub_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 法制审核送审 {self.get_status_display()}"


class Material(models.Model):
    """R-1.4-09: one submission material, as a case document, a record or a text."""

    submission = models.ForeignKey(
        Submission, verbose_name="送审", on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField("材料", max_length=24, choices=MaterialKind.choices)
    document = _document("文书")
    record = models.ForeignKey(
        "records.Record",
        verbose_name="记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField("内容或说明", blank=True)
    added_by = _user("提交人")
    added_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "送审材料"
        verbose_name_plural = "送审材料"
        ordering = ("submission_id", "kind")
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind"], name="lr_material_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.get_kind_display()}"

    @property
    def is_provided(self) -> bool:
        return bool(self.document_id or self.record_id or self.text.strip())


class MaterialsCheck(models.Model):
    """One completeness check of the materials by the review body (R-1.4-09, AMB-1.4-b)."""

    submission = models.ForeignKey(
        Submission, verbose_name="送审", on_delete=models.CASCADE, related_name="checks"
    )
    result = models.CharField("核对结果", max_length=12, choices=CheckResult.choices)
    # The MaterialKind values missing (returned to the handlers with this list).
    missing = models.JSONField("缺少的材料", default=list, blank=True)
    note = models.TextField("说明", blank=True)
    checked_by = _user("核对人")
    checked_at = models.DateTimeField("核对时间")

    class Meta:
        verbose_name = "送审材料核对"
        verbose_name_plural = "送审材料核对"
        ordering = ("submission_id", "checked_at", "id")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.get_result_display()}"

    @property
    def missing_labels(self) -> list[str]:
        return [MaterialKind(k).label if k in MaterialKind.values else k for k in self.missing]


class Pause(models.Model):
    """R-1.4-15: an interval that does not count towards the review period."""

    submission = models.ForeignKey(
        Submission, verbose_name="送审", on_delete=models.CASCADE, related_name="pauses"
    )
    kind = models.CharField("暂停事由", max_length=24, choices=PauseKind.choices)
    reason = models.TextField("说明")
    started_at = models.DateTimeField("暂停时间")
    started_by = _user("暂停人")
    ended_at = models.DateTimeField("恢复时间", null=True, blank=True)
    ended_by = _user("恢复人", null=True)
    obligation_pause = models.ForeignKey(
        "deadlines.ObligationPause",
        verbose_name="期限暂停",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "审核期限暂停"
        verbose_name_plural = "审核期限暂停"
        ordering = ("submission_id", "started_at", "id")

    def __str__(self) -> str:
        return f"{self.submission_id} 暂停（{self.get_kind_display()}）"


class ExtensionRequest(models.Model):
    """R-1.4-14: the reviewer asks, a unit head approves (+10 working days, once)."""

    submission = models.ForeignKey(
        Submission, verbose_name="送审", on_delete=models.CASCADE, related_name="extensions"
    )
    reason = models.TextField("延长理由")
    requested_by = _user("申请人")
    requested_at = models.DateTimeField("申请时间")
    status = models.CharField(
        "状态", max_length=12, choices=ExtensionStatus.choices, default=ExtensionStatus.REQUESTED
    )
    decided_by = _user("批准人", null=True)
    decided_at = models.DateTimeField("批准时间", null=True, blank=True)
    decision_note = models.TextField("批准意见", blank=True)
    obligation_extension = models.ForeignKey(
        "deadlines.ObligationExtension",
        verbose_name="期限延长",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "审核期限延长申请"
        verbose_name_plural = "审核期限延长申请"
        ordering = ("submission_id", "requested_at", "id")

    def __str__(self) -> str:
        return f"{self.submission_id} 延长申请 {self.get_status_display()}"


class ChecklistItem(models.Model):
    """R-1.4-10: one point of the checklist, its finding and the reason (AMB-1.4-a: recorded,
    the opinion type is the reviewer's choice)."""

    submission = models.ForeignKey(
        Submission, verbose_name="送审", on_delete=models.CASCADE, related_name="checklist"
    )
    point = models.CharField("审核内容", max_length=24, choices=ChecklistPoint.choices)
    finding = models.CharField("审核结论", max_length=8, choices=Finding.choices)
    reason = models.TextField("理由")

    class Meta:
        verbose_name = "审核要点"
        verbose_name_plural = "审核要点"
        ordering = ("submission_id", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "point"], name="lr_checklist_one_per_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.get_point_display()}：{self.get_finding_display()}"


class Dispute(models.Model):
    """R-1.4-16: the handling unit disagrees with a correct / do-not-decide opinion → it consults
    the review body → if still disputed, the unit head decides (after a collective discussion
    where the law requires one)."""

    submission = models.OneToOneField(
        Submission, verbose_name="送审", on_delete=models.CASCADE, related_name="dispute"
    )
    reasons = models.TextField("异议理由")
    raised_by = _user("提出人")
    raised_at = models.DateTimeField("提出时间")
    consult_result = models.CharField(
        "沟通结果", max_length=16, choices=ConsultResult.choices, blank=True
    )
    consult_note = models.TextField("沟通情况", blank=True)
    consulted_by = _user("记录人", null=True)
    consulted_at = models.DateTimeField("沟通时间", null=True, blank=True)
    head_decision = models.CharField(
        "负责人决定", max_length=16, choices=HeadDecision.choices, blank=True
    )
    head_reasons = models.TextField("决定理由", blank=True)
    head = _user("决定人", null=True)
    head_decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    discussion = models.ForeignKey(
        "cases.Discussion",
        verbose_name="集体讨论",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "审核意见分歧"
        verbose_name_plural = "审核意见分歧"

    def __str__(self) -> str:
        return f"{self.submission_id} 分歧 {self.get_head_decision_display() or '处理中'}"


class Participant(models.Model):
    """R-1.4-05: a unit in a joint review — the lead organises, the others take part."""

    submission = models.ForeignKey(
        Submission, verbose_name="送审", on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("角色", max_length=12, choices=ParticipantRole.choices)
    note = models.TextField("参与情况", blank=True)
    added_by = _user("登记人")
    added_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "联合审核单位"
        verbose_name_plural = "联合审核单位"
        ordering = ("submission_id", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "organisation"], name="lr_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.organisation_id} {self.get_role_display()}"

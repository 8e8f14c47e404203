"""The records each step of a case leaves: field actions, report, review, notice, statements,
hearing, collective discussion, decision, service, execution and crime transfer.

Written only by the services in zhifa/cases/services/.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.cases.constants import (
    DecisionOutcome,
    ExecutionKind,
    FieldActionKind,
    Proposal,
    ReviewOpinion,
    ServiceMethod,
    StatementMode,
)
from zhifa.cases.models.case import Case
from zhifa.core.fields import document_fk as _document
from zhifa.core.fields import user_fk as _user


def _money(verbose: str) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=14, decimal_places=2, null=True, blank=True)


class FieldAction(models.Model):
    """A step taken on site or with the party (检查、询问、取证、查封扣押、责令改正 …).

    ``officers`` are those present (at least two with valid certificates, R-1.1-12);
    ``certificate_shown`` and ``party_informed`` are R-1.2-09's checklist.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="field_actions")
    kind = models.CharField("措施", max_length=20, choices=FieldActionKind.choices)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=200)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="在场执法人员", related_name="+"
    )
    certificate_shown = models.BooleanField("已出示执法证件")  # R-1.2-09
    party_informed = models.BooleanField("已告知事由、依据和权利义务")  # R-1.2-09
    party_present = models.BooleanField("当事人在场", default=True)
    witness = models.CharField("见证人", max_length=200, blank=True)  # R-4.8-05(1)
    record = models.TextField("笔录内容")
    items = models.TextField("涉案物品清单", blank=True)  # seal-up, seizure, sampling
    av_recorded = models.BooleanField("已音像记录", default=False)  # R-1.3-07
    av_note = models.TextField("未音像记录的说明", blank=True)  # R-1.3-11
    document = _document()
    recorded_by = _user("记录人")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = "调查措施"
        verbose_name_plural = "调查措施"
        ordering = ("case_id", "started_at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"


class CaseReport(models.Model):
    """The investigation-end report (调查终结报告) with the proposed handling.

    For a penalty: the benchmark, the circumstances recorded, the tier and range it suggests
    and, when the proposal departs from it, the written reason (system 1.5) — seen by the legal
    reviewer and in the case file. Revised (new row) when a review asks for correction.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    revision = models.PositiveSmallIntegerField("修订次数", default=1)
    facts = models.TextField("违法事实")
    evidence_summary = models.TextField("证据")
    legal_basis = models.TextField("处理依据")
    proposal = models.CharField("处理意见", max_length=20, choices=Proposal.choices)
    penalty_types = models.JSONField("处罚种类", default=list, blank=True)
    fine = _money("罚款金额（元）")
    confiscation = _money("没收违法所得（元）")
    benchmark = models.ForeignKey(
        "catalog.Benchmark",
        verbose_name="裁量基准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    circumstance_codes = models.JSONField("裁量情节", default=list, blank=True)
    suggested_tier = models.CharField("建议裁量阶次", max_length=20, blank=True)
    suggested_min = _money("建议罚款下限")
    suggested_max = _money("建议罚款上限")
    departure_reason = models.TextField("偏离裁量基准的理由", blank=True)
    departure_warnings = models.JSONField("裁量提示", default=list, blank=True)
    is_major = models.BooleanField("重大执法决定", default=False)
    major_grounds = models.JSONField("重大情形", default=list, blank=True)
    hearing_right = models.BooleanField("当事人有权要求听证", default=False)
    written_by = _user("报告人")
    written_at = models.DateTimeField("报告时间")
    document = _document()

    class Meta:
        verbose_name = "调查终结报告"
        verbose_name_plural = "调查终结报告"
        ordering = ("case_id", "-revision")
        constraints = [
            models.UniqueConstraint(fields=("case", "revision"), name="cases_report_revision")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 报告 {self.revision}"


class LegalReview(models.Model):
    """A legal review of a major decision (R-1.4-02): submitted, then one written opinion.

    The full review workflow (materials, pauses, extension, disagreement) is the legal-review
    module's; the case keeps the submission and the opinion that gates its decision.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    # The report sent (penalty cases); a permit's review is of the proposed decision itself.
    report = models.ForeignKey(
        CaseReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = _user("送审人")
    submitted_at = models.DateTimeField("送审时间")
    reviewer = _user("审核人", null=True)
    opinion = models.CharField("审核意见", max_length=16, choices=ReviewOpinion.choices, blank=True)
    opinion_text = models.TextField("审核意见书", blank=True)
    decided_at = models.DateTimeField("审核完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "法制审核"
        verbose_name_plural = "法制审核"
        ordering = ("case_id", "-submitted_at", "-id")

    def __str__(self) -> str:
        return f"{self.case_id} 法制审核 {self.get_opinion_display() or '审核中'}"


class PriorNotice(models.Model):
    """The prior notice (事先告知, R-1.14-08, R-1.5-17): facts, reasons, basis and rights,
    served on the party; ``window_until`` ends the period to state, defend and ask a hearing."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    report = models.ForeignKey(CaseReport, on_delete=models.PROTECT, related_name="+")
    facts = models.TextField("拟认定的事实")
    reasons = models.TextField("理由")
    basis = models.TextField("依据")
    proposed_penalty = models.TextField("拟作出的处罚")
    hearing_right = models.BooleanField("告知听证权利")
    served_at = models.DateTimeField("送达时间")
    service_method = models.CharField("送达方式", max_length=16, choices=ServiceMethod.choices)
    window_until = models.DateTimeField("陈述申辩、要求听证期限")
    served_by = _user("送达人")
    document = _document()

    class Meta:
        verbose_name = "事先告知"
        verbose_name_plural = "事先告知"
        ordering = ("case_id", "-served_at", "-id")

    def __str__(self) -> str:
        return f"{self.case_id} 事先告知 {self.served_at:%Y-%m-%d}"


class Statement(models.Model):
    """The party's statement and defence (陈述申辩), recorded and answered."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statements")
    mode = models.CharField("方式", max_length=10, choices=StatementMode.choices)
    received_at = models.DateTimeField("收到时间")
    content = models.TextField("陈述申辩内容", blank=True)
    recorded_by = _user("记录人")
    adopted = models.BooleanField("是否采纳", null=True, blank=True)
    response = models.TextField("复核意见", blank=True)
    answered_by = _user("复核人", null=True)
    answered_at = models.DateTimeField("复核时间", null=True, blank=True)

    class Meta:
        verbose_name = "陈述申辩"
        verbose_name_plural = "陈述申辩"
        ordering = ("case_id", "received_at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} 陈述申辩 {self.received_at:%Y-%m-%d}"


class Hearing(models.Model):
    """A hearing the party asked for: notice, then held, with its record and report."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    requested_at = models.DateTimeField("申请时间")
    scheduled_at = models.DateTimeField("举行时间", null=True, blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    host = _user("主持人", null=True)
    notice_document = _document("听证通知书")
    held_at = models.DateTimeField("实际举行时间", null=True, blank=True)
    record = models.TextField("听证笔录", blank=True)
    report = models.TextField("听证报告", blank=True)
    withdrawn = models.BooleanField("当事人撤回申请", default=False)

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"
        ordering = ("case_id", "requested_at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} 听证"


class Discussion(models.Model):
    """A collective discussion of a major matter (R-1.14-06), chaired by the head."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussions")
    held_at = models.DateTimeField("讨论时间")
    chair = _user("主持人")
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="参加人员", related_name="+"
    )
    conclusion = models.TextField("讨论决定")
    minutes = models.TextField("讨论记录")
    recorded_by = _user("记录人")

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"
        ordering = ("case_id", "held_at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} 集体讨论 {self.held_at:%Y-%m-%d}"


class Decision(models.Model):
    """The decision (行政处罚决定 and the other acts), approved by the head; states the remedies
    (R-1.14-08). ``number`` is the decision document's number (the case number)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField("决定结果", max_length=16, choices=DecisionOutcome.choices)
    content = models.TextField("决定内容")
    penalty_types = models.JSONField("处罚种类", default=list, blank=True)
    fine = _money("罚款金额（元）")
    confiscation = _money("没收违法所得（元）")
    remedies = models.TextField("救济途径和期限")  # R-1.14-08
    proposed_by = _user("拟稿人")
    proposed_at = models.DateTimeField("拟稿时间")
    approved_by = _user("批准人", null=True)
    decided_at = models.DateTimeField("决定日期", null=True, blank=True)
    document = _document("决定书")

    class Meta:
        verbose_name = "执法决定"
        verbose_name_plural = "执法决定"

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_outcome_display()}"


class ServiceRecord(models.Model):
    """Service of a document on the party (送达, R-1.2-09 checklist for service in person)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    served_document = models.ForeignKey(
        "documents.GeneratedDocument",
        verbose_name="送达的文书",
        on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField("送达方式", max_length=16, choices=ServiceMethod.choices)
    served_at = models.DateTimeField("送达时间")
    recipient = models.CharField("受送达人", max_length=200)
    place = models.CharField("送达地点", max_length=200, blank=True)
    certificate_shown = models.BooleanField("已出示执法证件", default=False)
    party_informed = models.BooleanField("已告知权利义务", default=False)
    note = models.TextField("说明", blank=True)
    served_by = _user("送达人")
    receipt_document = _document("送达回证")

    class Meta:
        verbose_name = "送达"
        verbose_name_plural = "送达"
        ordering = ("case_id", "served_at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} 送达 {self.served_at:%Y-%m-%d}"


class ExecutionRecord(models.Model):
    """Performance and enforcement of a decision: payment with the official receipt number
    (R-4.6-04), compulsory execution, application to the court (R-2.3-25)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="executions")
    kind = models.CharField("执行方式", max_length=20, choices=ExecutionKind.choices)
    at = models.DateTimeField("时间")
    amount = _money("金额（元）")
    receipt_number = models.CharField("票据号码", max_length=60, blank=True)
    court = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="人民法院",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)
    completes = models.BooleanField("执行完毕", default=False)
    recorded_by = _user("记录人")

    class Meta:
        verbose_name = "执行情况"
        verbose_name_plural = "执行情况"
        ordering = ("case_id", "at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"


class CrimeTransfer(models.Model):
    """Transfer of a suspected crime to the police (R-2.2-10, R-3.1-06), approved by the head
    (R-2.2-04), filed with the procuratorate (R-2.3-16)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="crime_transfer")
    police = models.ForeignKey(
        "accounts.Organisation", verbose_name="公安机关", on_delete=models.PROTECT, related_name="+"
    )
    procuratorate = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="人民检察院",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    suspected_offence = models.CharField("涉嫌罪名", max_length=200)
    reasons = models.TextField("移送理由")
    materials = models.JSONField("移送材料", default=list)  # R-2.3-03 checklist codes
    requested_by = _user("提请人")
    requested_at = models.DateTimeField("提请时间")
    transferred_at = models.DateTimeField("移送时间", null=True, blank=True)
    filed_with_procuratorate_at = models.DateTimeField("报检察院备案时间", null=True, blank=True)
    document = _document("案件移送书")

    class Meta:
        verbose_name = "涉嫌犯罪案件移送"
        verbose_name_plural = "涉嫌犯罪案件移送"

    def __str__(self) -> str:
        return f"{self.case_id} 移送 {self.police}"

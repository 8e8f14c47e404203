"""Choices of the legal review workflow (system 1.4, R-1.4-05…16)."""

from __future__ import annotations

from django.db import models

REVIEW_PERIOD_RULE = "R-1.4-13"
EXTENSION_RULE = "R-1.4-14"
PAUSE_RULE = "R-1.4-15"
EXTENSION_WORKDAYS = 10


class SubmissionStatus(models.TextChoices):
    """R-1.4-16's states as the review body sees them."""

    SUBMITTED = "submitted", "已送审（待核对材料）"
    INCOMPLETE = "incomplete", "材料不全，已退回"
    UNDER_REVIEW = "under_review", "审核中"
    PAUSED = "paused", "暂停计时"
    OPINION_ISSUED = "opinion_issued", "已出具审核意见"
    DISPUTED = "disputed", "有异议（沟通中）"
    HEAD_DECIDED = "head_decided", "负责人已决定"


# The states in which the review body still has work to do (the queue).
OPEN_STATUSES = (
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.UNDER_REVIEW,
    SubmissionStatus.PAUSED,
    SubmissionStatus.DISPUTED,
)
# The states in which the 10-working-day clock (R-1.4-13) runs or stands still.
CLOCK_STATUSES = (SubmissionStatus.UNDER_REVIEW, SubmissionStatus.PAUSED)


class MaterialKind(models.TextChoices):
    """R-1.4-09: the submission materials, one row per kind."""

    PROPOSAL = "proposal", "拟作出决定的建议及情况说明"
    CONCLUSION_REPORT = "conclusion_report", "调查（审查）终结报告"
    DRAFT_DECISION = "draft_decision", "行政执法决定书代拟稿"
    BASIS_EVIDENCE = "basis_evidence", "法律依据和证据资料"
    HEARING_OR_ASSESSMENT = "hearing_or_assessment", "听证笔录或评估报告"
    OTHER = "other", "其他材料"


# Always required (R-1.4-09 (1)–(4)); the hearing record / assessment report only when a hearing
# or an assessment was held; "other" never.
ALWAYS_REQUIRED = (
    MaterialKind.PROPOSAL,
    MaterialKind.CONCLUSION_REPORT,
    MaterialKind.DRAFT_DECISION,
    MaterialKind.BASIS_EVIDENCE,
)


class CheckResult(models.TextChoices):
    COMPLETE = "complete", "材料齐全"
    INCOMPLETE = "incomplete", "材料不全，退回补充"


class PauseKind(models.TextChoices):
    """R-1.4-15: the periods that do not count (the deadline engine's pause reasons)."""

    MATERIALS_SUPPLEMENT = "materials_supplement", "补充材料"
    EXPERT_ARGUMENTATION = "expert_argumentation", "专家论证"
    INTERPRETATION_REQUEST = "interpretation_request", "提请解释"


class ChecklistPoint(models.TextChoices):
    """R-1.4-10: what the reviewer checks (mainly on the documents)."""

    SUBJECT_QUALIFICATION = "subject_qualification", "执法主体是否合法，执法人员是否具备执法资格"
    PROCEDURE = "procedure", "执法程序是否合法"
    FACTS_EVIDENCE = "facts_evidence", "案件事实是否清楚，证据是否合法充分"
    LAW_DISCRETION = "law_discretion", "适用法律是否准确，裁量基准运用是否适当"
    AUTHORITY = "authority", "是否超越法定权限"
    DOCUMENTS = "documents", "执法文书是否完备、规范"
    CRIME = "crime", "违法行为是否涉嫌犯罪、需要移送司法机关"
    OTHER = "other", "其他需要审核的内容"


# Every point but "other" must be answered.
REQUIRED_POINTS = tuple(p for p in ChecklistPoint if p != ChecklistPoint.OTHER)


class Finding(models.TextChoices):
    OK = "ok", "符合"
    PROBLEM = "problem", "存在问题"


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", "待负责人批准"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class ConsultResult(models.TextChoices):
    """R-1.4-16: the outcome of the consultation with the review body."""

    AGREED = "agreed", "达成一致（承办机构采纳审核意见）"
    STILL_DISPUTED = "still_disputed", "仍不能达成一致，报请负责人决定"


class HeadDecision(models.TextChoices):
    """R-1.4-16: the head's decision after a dispute."""

    PROCEED = "proceed", "按承办机构意见作出决定"
    ADOPT_OPINION = "adopt_opinion", "采纳法制审核意见"


class ParticipantRole(models.TextChoices):
    """R-1.4-05: in a joint decision the lead unit organises the review, the others take part."""

    LEAD = "lead", "牵头单位（组织审核）"
    PARTICIPANT = "participant", "参与单位"

"""Constants of the cases app (names from ../shared/spec/glossary.md)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from zhifa.catalog.constants import ItemType

# Plausible years of a case number (年度): refuses typos such as 226 or 20266.
CASE_NUMBER_MIN_YEAR = 2000
CASE_NUMBER_MAX_YEAR = 2100

# 简易程序 (当场处罚): 《行政处罚法》第五十一条 — facts certain, a legal basis, and only a warning
# or a fine of at most 200 元 on a citizen (公民) or 3,000 元 on a legal person or other
# organisation. Natural persons and individual businesses (个体工商户) count as citizens.
SIMPLIFIED_FINE_LIMIT_PERSON = Decimal("200")
SIMPLIFIED_FINE_LIMIT_ORGANISATION = Decimal("3000")

# The character that marks the kind of act in a case number. A unit's ``document_prefix`` is
# its penalty prefix (e.g. 临猗市监罚); the other kinds replace a final 罚 by their own mark
# (临猗市监许, 临猗市监强, …) or, when the prefix has no 罚, append it — so the numbers of the
# different kinds of one unit never read the same.
PENALTY_MARK = "罚"
KIND_MARKS: dict[str, str] = {
    ItemType.PERMIT: "许",
    ItemType.PENALTY: PENALTY_MARK,
    ItemType.COERCION: "强",
    ItemType.LEVY: "征",
    ItemType.BENEFIT: "给",
    ItemType.INSPECTION: "检",
    ItemType.CONFIRMATION: "确",
    ItemType.REWARD: "奖",
    ItemType.ADJUDICATION: "裁",
    ItemType.OTHER: "其",
}


# --- the case and its steps -------------------------------------------------------------------


class ClueSource(models.TextChoices):
    """Where a clue (线索) came from."""

    INSPECTION = "inspection", "检查发现"  # a finding of a (random) inspection
    COMPLAINT = "complaint", "投诉举报"  # a complaint or report (system 4.2)
    TRANSFER_IN = "transfer_in", "其他单位移送"  # transferred by another unit (system 2.2)
    SUPERVISION = "supervision", "上级交办或监督移交"  # a supervision assignment
    OWN_DISCOVERY = "own_discovery", "执法人员自行发现"
    OTHER = "other", "其他来源"


class ClueStatus(models.TextChoices):
    """A clue is verified before a case is filed on it."""

    REGISTERED = "registered", "已登记待核查"  # recorded, not yet verified
    VERIFIED = "verified", "已核查待立案"  # verified: grounds to file a case
    FILED = "filed", "已立案"  # a case was filed on it (Case.clue)
    NOT_FILED = "not_filed", "不予立案"  # verified: no violation or no grounds; reason recorded
    TO_TRANSFER = "to_transfer", "待移送有管辖权单位"  # not ours: transfer within 3 WD (R-2.2-02)
    TRANSFERRED = "transferred", "已移送有管辖权单位"  # not within jurisdiction (R-2.2-02)


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLIFIED = "simplified", "简易程序"  # on-the-spot penalty (当场处罚)


class CaseStatus(models.TextChoices):
    """Statuses of a case. Which statuses each kind of act passes through, and which action
    moves it on, is the transition map in zhifa/cases/workflow.py."""

    # penalty (ordinary procedure)
    FILING_PENDING = "filing_pending", "立案待审批"  # filing requested; awaits the head
    NOT_FILED = "not_filed", "不予立案"  # the head refused to file; ended
    INVESTIGATING = "investigating", "调查取证"  # filed; evidence is gathered
    REPORTED = "reported", "调查终结"  # investigation-end report written
    UNDER_REVIEW = "under_review", "法制审核"  # major decision: legal review (R-1.4-02)
    NOTIFYING = "notifying", "告知与陈述申辩"  # prior notice served; statements, hearing
    DECISION_PENDING = "decision_pending", "决定待审批"  # decision proposed; awaits the head
    DECIDED = "decided", "已决定待送达"  # decision made; to be served
    EXECUTING = "executing", "执行中"  # decision served; awaiting performance / enforcement
    CLOSURE_PENDING = "closure_pending", "结案待审批"  # closure requested; awaits the head
    CLOSED = "closed", "已结案"  # closed; to be handed to the archive
    ARCHIVED = "archived", "已归档"  # in the archive; locked (R-1.14-11)
    TRANSFERRED = "transferred", "已移送司法机关"  # suspected crime transferred (R-2.2-10)
    DROPPED = "dropped", "未作出决定"  # an act's proposed decision was not approved; ended
    # permit
    APPLIED = "applied", "已申请待受理"  # application received
    NOT_ACCEPTED = "not_accepted", "不予受理"  # refused at acceptance; ended
    EXAMINING = "examining", "受理审查"  # accepted; under examination


# Statuses in which the case is over (no more steps except archive hand-off where it applies).
ENDED_STATUSES = frozenset({CaseStatus.NOT_FILED, CaseStatus.NOT_ACCEPTED, CaseStatus.ARCHIVED})
# Statuses in which the case may still gather records and documents (before the archive lock).
OPEN_STATUSES = frozenset(set(CaseStatus) - ENDED_STATUSES)


class OfficerCapacity(models.TextChoices):
    LEAD = "lead", "主办人"
    ASSISTANT = "assistant", "协办人"


class Capacity(models.TextChoices):
    """In which capacity a person acts on a case (recusal is declared per capacity)."""

    HANDLER = "handler", "承办人员"
    REVIEWER = "reviewer", "法制审核人员"
    APPROVER = "approver", "审批负责人"
    DISCUSSANT = "discussant", "集体讨论人员"
    HEARING_HOST = "hearing_host", "听证主持人"


class RecusalGround(models.TextChoices):
    """R-1.5-03: the three grounds for recusal."""

    DIRECT_INTEREST = "direct_interest", "与本案有直接利害关系"
    CLOSE_RELATIVE = "close_relative", "是本案当事人的近亲属"
    OTHER_RELATION = "other_relation", "与当事人有其他关系，可能影响公正处理"


class FieldActionKind(models.TextChoices):
    """Steps taken in the field or with the party; each records R-1.2-09's checklist."""

    SITE_INSPECTION = "site_inspection", "现场检查（勘验）"
    INQUIRY = "inquiry", "调查询问"
    SAMPLING = "sampling", "抽样取证"
    PRESERVATION = "preservation", "先行登记保存证据"
    SEAL_UP = "seal_up", "查封场所、设施或者财物"  # coercive measure; AV mandatory (R-1.3-07)
    SEIZE = "seize", "扣押财物"  # coercive measure; AV mandatory (R-1.3-07)
    ORDER_TO_CORRECT = "order_to_correct", "责令改正"
    OTHER = "other", "其他调查措施"


COERCIVE_FIELD_ACTIONS = frozenset({FieldActionKind.SEAL_UP, FieldActionKind.SEIZE})


class Proposal(models.TextChoices):
    """The handling proposed in the investigation-end report."""

    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TRANSFER_CRIME = "transfer_crime", "涉嫌犯罪，移送司法机关"
    TERMINATE = "terminate", "违法事实不成立，撤销案件"


class ReviewOpinion(models.TextChoices):
    """R-1.4-11: the four opinions of a legal review."""

    APPROVE = "approve", "同意"
    CORRECT = "correct", "纠正"
    DO_NOT_DECIDE = "do_not_decide", "不予作出"
    TRANSFER = "transfer", "移送"


class StatementMode(models.TextChoices):
    WRITTEN = "written", "书面陈述申辩"
    ORAL = "oral", "口头陈述申辩（已记录）"
    WAIVED = "waived", "当事人明确放弃陈述申辩"


class DecisionOutcome(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TERMINATE = "terminate", "撤销案件"
    PERMIT_GRANT = "permit_grant", "准予行政许可"
    PERMIT_REFUSE = "permit_refuse", "不予行政许可"
    ACT = "act", "执法决定"  # coercion and the other kinds of act


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", "直接送达"
    LIEN = "lien", "留置送达"
    ENTRUSTED = "entrusted", "委托送达"
    MAIL = "mail", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达（经当事人同意）"
    ANNOUNCEMENT = "announcement", "公告送达"


# R-1.3-08: lien service and service by announcement may be recorded on audio-video.
AV_SERVICE_HELP = (
    "留置送达、公告送达可以根据实际情况进行音像记录（R-1.3-08），并在案件的“执法全过程记录”中登记。"
)


class ExecutionKind(models.TextChoices):
    PAYMENT = "payment", "缴纳罚没款"  # with the official receipt number (R-4.6-04)
    PERFORMED = "performed", "当事人自觉履行"  # non-monetary obligations performed
    COMPULSORY = "compulsory", "行政机关强制执行"
    COURT_APPLICATION = "court_application", "申请人民法院强制执行"  # R-2.3-25
    COURT_RESULT = "court_result", "人民法院执行结果"


class ApprovalKind(models.TextChoices):
    """What the unit head approves (the approval queue)."""

    FILING = "filing", "立案审批"
    DECISION = "decision", "决定审批"
    CLOSURE = "closure", "结案审批"
    TRANSFER = "transfer", "移送审批"  # crime transfer (R-2.2-04 head's approval)


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "退回"
    WITHDRAWN = "withdrawn", "已撤回"


class MajorGround(models.TextChoices):
    """R-1.4-07 (enum ``major_decision_ground``): why a decision is major (legal review,
    R-1.4-02; collective discussion, R-1.14-06). ``listed`` is the unit's own catalogue of major
    decisions (R-1.4-08)."""

    PUBLIC_INTEREST = "public_interest", "涉及重大公共利益"
    SOCIAL_IMPACT = "social_impact", "可能造成重大社会影响或引发社会风险"
    MAJOR_RIGHTS = "major_rights", "直接关系当事人或者第三人重大权益"
    HEARING = "hearing", "需经过听证程序"
    COMPLEX = "complex", "案件疑难复杂、涉及多个法律关系"
    LAW_REQUIRES = "law_requires", "法律、法规、规章规定应当进行法制审核"
    LISTED = "listed", "列入本单位重大执法决定法制审核目录清单"
    OTHER = "other", "其他情形"

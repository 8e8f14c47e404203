"""Enumerations of the catalogue app (names from ../shared/spec/glossary.md)."""

from django.db import models


class ItemType(models.TextChoices):
    """执法事项类型 — the ten item types of the township catalogue (R-1.8-03)."""

    PERMIT = "permit", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LEVY = "levy", "行政征收"
    BENEFIT = "benefit", "行政给付"
    INSPECTION = "inspection", "行政检查"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他权力"


class SubjectStatus(models.TextChoices):
    """Status of an entry of the enforcement-subject directory (R-1.2-07)."""

    DRAFT = "draft", "草稿"  # being prepared; not public
    CONFIRMED = "confirmed", "已确认公布"  # confirmed by the county government, public
    WITHDRAWN = "withdrawn", "已撤销"  # no longer an enforcement subject; kept, marked


class ChangeKind(models.TextChoices):
    """What a catalogue version does to its item (R-1.8-05)."""

    ADD = "add", "新增"
    CHANGE = "change", "变更"
    DELETE = "delete", "取消"


class ChangeTrigger(models.TextChoices):
    """Why the catalogue is adjusted (R-1.8-05)."""

    LAW_CHANGED = "law_changed", "依据的法律法规规章新立、修订、废止"
    ITEM_SET_BY_PROCEDURE = "item_set_by_procedure", "依法定程序设定、变更或取消事项"
    AUTHORITY_RESTRUCTURED = "authority_restructured", "行政主体撤销、合并、分设"
    INITIAL = "initial", "清单初次编制"
    OTHER = "other", "其他情形"


class VersionStatus(models.TextChoices):
    """Adjustment workflow of one catalogue version (R-1.8-06).

    proposed → jb_reviewed → gov_approved → published; rejected and withdrawn end it. Items
    authorised by local regulations (地方法规法定授权事项) skip review and approval.
    """

    PROPOSED = "proposed", "单位提出"  # proposed by the department or township
    JB_REVIEWED = "jb_reviewed", "司法局已审核"  # reviewed and passed by the Justice Bureau
    GOV_APPROVED = "gov_approved", "县政府已同意"  # approved by the county government
    PUBLISHED = "published", "已公布实施"  # published; in force from effective_from
    REJECTED = "rejected", "未通过"  # refused by the Justice Bureau or the government
    WITHDRAWN = "withdrawn", "已撤回"  # withdrawn by the proposing unit before a decision


class UnitListKind(models.TextChoices):
    """The lists each unit keeps under the rules."""

    RANDOM_INSPECTION = "random_inspection", "随机抽查事项清单"  # R-1.1-01
    MAJOR_DECISION = "major_decision", "重大执法决定法制审核目录清单"  # R-1.4-08
    AV_RECORDING = "av_recording", "音像记录事项清单"  # R-1.3-05


class FilingStatus(models.TextChoices):
    """A list filed with the Justice Bureau (备案), e.g. the major-decision list (R-1.4-08)."""

    SUBMITTED = "submitted", "已报备"
    ACCEPTED = "accepted", "司法局已备案"
    RETURNED = "returned", "退回修改"


class Tier(models.TextChoices):
    """Discretion tiers of a penalty benchmark (R-1.5-09), from lightest to heaviest."""

    NO_PENALTY = "no_penalty", "不予处罚"
    MITIGATED = "mitigated", "减轻处罚"
    LIGHTER = "lighter", "从轻处罚"
    ORDINARY = "ordinary", "一般处罚"
    HEAVIER = "heavier", "从重处罚"


class CircumstanceEffect(models.TextChoices):
    """Which way a circumstance pulls the tier (R-1.5-09 (3)–(6))."""

    NO_PENALTY = "no_penalty", "不予处罚情形"
    MITIGATING = "mitigating", "减轻处罚情形"
    LIGHTER = "lighter", "从轻处罚情形"
    HEAVIER = "heavier", "从重处罚情形"


class PenaltyType(models.TextChoices):
    """Penalty types of 《行政处罚法》(2021) Art. 9, used by benchmarks (R-1.5-02, R-1.5-09)."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_PERMIT = "suspend_permit", "暂扣许可证件"
    LOWER_QUALIFICATION = "lower_qualification", "降低资质等级"
    REVOKE_PERMIT = "revoke_permit", "吊销许可证件"
    LIMIT_BUSINESS = "limit_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    LIMIT_PRACTICE = "limit_practice", "限制从业"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "其他行政处罚"


class BenchmarkStatus(models.TextChoices):
    """A discretion benchmark is issued as a normative document (R-1.5-07)."""

    DRAFT = "draft", "草稿"  # being drafted; not public, not used for suggestions
    PUBLISHED = "published", "已公布"  # in force and public (R-1.5-06)
    REPEALED = "repealed", "已废止"  # kept for old cases; no longer suggested

"""Statuses and choices of publication (systems 1.2 and 1.12) and of the portal's requests."""

from __future__ import annotations

from django.db import models


class PublicationStatus(models.TextChoices):
    """R-1.2-05 / R-1.12-05: drafted → legal_checked → head_approved → published.

    The head's approval publishes at once (``approved_at`` = ``published_at``), so there is no
    resting state between them; a head who is not ready sends it back to drafted instead.
    """

    DRAFTED = "drafted", "起草"  # the handler drafts; the legal reviewer sent it back
    LEGAL_CHECKED = "legal_checked", "法制审核通过"  # legality, appropriateness, masking checked
    PUBLISHED = "published", "已公开"  # the head approved (head_approved) and it went online
    WITHHELD = "withheld", "依法不予公开"  # R-1.2-14/15, R-1.12-02: reviewed, approved, recorded
    WITHDRAWN = "withdrawn", "已撤下"  # R-1.12-06: taken down after review


class PublicationForm(models.TextChoices):
    """R-1.2-13: the full decision document or a summary of its five elements."""

    SUMMARY = "summary", "决定摘要"
    FULL = "full", "决定书全文"


class DecisionCategory(models.TextChoices):
    """The enforcement category shown with each decision (R-1.2-13 执法类别). R-1.12-01: system
    1.12 covers permit, penalty and coercion decisions; the other acts are published too
    (R-1.2-11) under "other"."""

    PENALTY = "penalty", "行政处罚"
    PERMIT = "permit", "行政许可"
    COERCION = "coercion", "行政强制"
    OTHER = "other", "其他执法决定"


# R-1.2-12 / R-1.12-04: 7 WD for permits and penalties; R-1.2-11: 20 WD for the others
# (coercion included, AMB-1.12-a).
SEVEN_DAY_CATEGORIES = frozenset({DecisionCategory.PENALTY, DecisionCategory.PERMIT})


class Restriction(models.TextChoices):
    """Why information may not be published (R-1.2-14, R-1.2-15, R-1.12-02)."""

    NONE = "none", "无限制，依法公开"
    STATE_SECRET = "state_secret", "国家秘密"  # R-1.2-14: never
    LEGALLY_BARRED = "legally_barred", "法律、法规、规章禁止公开"  # R-1.2-14: never
    SECURITY_RISK = "security_risk", "可能危及国家安全、公共安全、经济安全、社会稳定"  # never
    TRADE_SECRET = "trade_secret", "涉及商业秘密"  # R-1.2-15: unless consent / public interest
    PRIVACY = "privacy", "涉及个人隐私"  # R-1.2-15: unless consent / public interest
    UNSUITABLE = "unsuitable", "其他不宜公开的情形"  # R-1.12-02 (4): assessed, reasoned, filed


NEVER_PUBLISH = frozenset(
    {Restriction.STATE_SECRET, Restriction.LEGALLY_BARRED, Restriction.SECURITY_RISK}
)
THIRD_PARTY = frozenset({Restriction.TRADE_SECRET, Restriction.PRIVACY})


class ThirdPartyGround(models.TextChoices):
    """R-1.2-15's exception: what allows publication of third-party information."""

    NONE = "", "无"
    CONSENT = "consent", "第三方同意公开"
    PUBLIC_INTEREST = "public_interest", "不公开会对公共利益造成重大影响"


class Channel(models.TextChoices):
    """R-1.12-03: where decision information is published."""

    PORTAL = "portal", "政府网站（本平台公示栏目）"
    WECHAT = "wechat", "微信公众平台"
    PRESS = "press", "报刊杂志"
    OTHER = "other", "其他合法渠道"


class ChangeKind(models.TextChoices):
    """R-1.12-06: a published decision is taken down or updated."""

    UPDATE = "update", "更新"
    WITHDRAW = "withdraw", "撤下"


class ChangeStatus(models.TextChoices):
    """The same review as publication (R-1.12-06): drafted → legal_checked → head_approved →
    applied; a reviewer or head may send it back to drafted."""

    DRAFTED = "drafted", "起草"
    LEGAL_CHECKED = "legal_checked", "法制审核通过"
    APPLIED = "applied", "已生效"
    CANCELLED = "cancelled", "已撤回申请"


class UpdateTrigger(models.TextChoices):
    """R-1.2-17 update triggers and R-1.12-06 grounds."""

    REVOKED = "revoked", "执法决定被依法撤销"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "执法决定被确认违法或无效"
    REMADE = "remade", "执法决定被要求重新作出或被变更"
    LAW_CHANGED = "law_changed", "法律、法规、规章或规范性文件立改废释"
    FUNCTIONS_CHANGED = "functions_changed", "部门职能发生变化"
    CORRECTION = "correction", "经更正申请核实信息不准确"
    OTHER = "other", "其他情形"


class RequestKind(models.TextChoices):
    CORRECTION = "correction", "更正申请"  # R-1.2-18, R-1.12-07
    DISCLOSURE = "disclosure", "政府信息公开申请"  # R-1.2-16


class RequestStatus(models.TextChoices):
    """R-1.2-18: received → verifying → {corrected | forwarded | referred | rejected}; a
    disclosure application (R-1.2-16) ends answered, forwarded, referred or rejected."""

    RECEIVED = "received", "已收到"
    VERIFYING = "verifying", "核实办理中"
    CORRECTED = "corrected", "已更正并告知"  # correction: verified true, corrected
    ANSWERED = "answered", "已答复"  # disclosure: answered (disclosed, partly, not held …)
    FORWARDED = "forwarded", "已转送主管部门并告知"
    REFERRED = "referred", "已告知向主管部门申请"
    REJECTED = "rejected", "不予支持（已说明理由）"


OPEN_REQUEST_STATUSES = frozenset({RequestStatus.RECEIVED, RequestStatus.VERIFYING})


class DisclosureAnswer(models.TextChoices):
    """How a disclosure application was answered (《政府信息公开条例》第三十六条)."""

    NONE = "", "—"
    DISCLOSED = "disclosed", "予以公开"
    PARTLY = "partly", "部分公开"
    NOT_DISCLOSED = "not_disclosed", "不予公开"
    NOT_HELD = "not_held", "本机关不掌握该信息"
    ALREADY_PUBLIC = "already_public", "已主动公开，告知获取方式"

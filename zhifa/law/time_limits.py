"""Declarative specs of the time limits in ``spec/rules.md``: one per rule tagged [deadline].

A spec says *what* the law fixes; the deadline engine (``zhifa.deadlines``) and the working-day
calendar (``zhifa.workdays``) compute due dates from it. No module computes a due date by hand.

Conventions (decided in rules.md Appendix B and docs/adr/0005-law-registry.md):

- ``unit="workday"``: working days of the State Council schedule, including make-up working
  weekends (AMB-G-b). ``unit="day"``: calendar days; the start day is not counted and a period
  whose last day is a rest day ends on the next working day (AMB-G-c, fixed). ``month``/``year``:
  the same date in the month/year the period ends (end-of-month clamp, AMB-3.12-d).
- ``unit="user_set"`` (``duration=None``): the text gives no number (及时, 限期, 按规定时间 …,
  AMB-G-d). The obligation is tracked with a due date a person sets; the UI says "无法定期限";
  no default is ever invented.
- ``start_event`` is a machine code (``<subject>.<event>``) and ``start_text`` the same in
  Chinese words. ``start_source`` says where the start point comes from: ``"text"`` (the rule
  says it), ``"implied"`` (Appendix A: implied by the context) or an Appendix B item id whose
  suggested treatment is followed (e.g. ``"AMB-1.1-a"``).
- Start events ending in ``.begins`` (recurring duties "once a year", "by year end") are anchored
  on the day before the period's first day, so the period ends on the period's last day.
- ``timing="after"``: the duty becomes due only once the period has run (e.g. archive a
  reconsideration file if no lawsuit was filed within 15 days of service).
- ``on_expiry="lapses"``: the period is a window for a right (a party's defence, an optional
  notice, a reward claim); expiry extinguishes the right instead of making anyone overdue.
- ``modifies``: the rule extends or pauses another rule's period and opens no obligation of its
  own (R-1.4-14/15 modify R-1.4-13). ``same_as``: the rule repeats another rule's duty; open one
  obligation under the named rule.
- ``overridable_by_item``: a law, regulation or rule may set another period for an enforcement
  item (AMB-G-e); the item's own period then applies, with its legal basis recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from zhifa.accounts.constants import Role
from zhifa.law.catalogue import rule_sort_key

Unit = Literal["workday", "day", "hour", "minute", "month", "year", "user_set"]
PeriodUnit = Literal["workday", "day", "hour", "minute", "month", "year"]

UNITS: tuple[str, ...] = ("workday", "day", "hour", "minute", "month", "year", "user_set")
UNIT_LABELS: dict[str, str] = {
    "workday": "个工作日",
    "day": "日",
    "hour": "小时",
    "minute": "分钟",
    "month": "个月",
    "year": "年",
    "user_set": "无法定期限",
}
RECURRING_LABELS: dict[str, str] = {"yearly": "每年", "quarterly": "每季度"}

# Who carries the duty: identifiers from rules.md "Roles" and glossary.md (bodies, not user
# roles; the user roles of zhifa.accounts.constants.Role are used for extension approvers).
RESPONSIBLE_LABELS: dict[str, str] = {
    "enforcement_dept": "行政执法部门",
    "county_enforcement_dept": "县直行政执法部门",
    "township_government": "乡镇人民政府",
    "township_team": "乡镇综合行政执法队",
    "enforcement_officer": "行政执法人员",
    "legal_review_body": "法制审核机构",
    "handling_unit": "行政执法承办机构",
    "responsible_unit": "责任单位",
    "competent_dept": "相关业务主管部门或鉴定机构",
    "justice_bureau": "县司法局",
    "reconsideration_body": "行政复议机构",
    "public_security": "公安机关",
    "procuratorate": "人民检察院",
    "court": "人民法院",
    "party": "当事人",
    "reporter": "举报人",
}
PAUSE_REASON_LABELS: dict[str, str] = {
    "materials_supplement": "补充材料",
    "expert_argumentation": "专家论证",
    "interpretation_request": "提请解释",
}

_EVENT_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_SOURCE_RE = re.compile(r"^(text|implied|AMB-[0-9A-Za-z.\-]+)$")
_RULE_RE = re.compile(r"^R-\d+\.\d+-\d+$")


class TimeLimitSpecError(ValueError):
    """A spec contradicts itself (checked when the spec is created)."""


@dataclass(frozen=True, kw_only=True)
class TimeLimitSpec:
    """What the law says about one time limit. Keyword-only; validated on creation."""

    duration: int | None  # None only with unit="user_set"
    unit: Unit
    start_event: str  # machine code, e.g. "decision.made"
    start_text: str  # the same in Chinese, e.g. "自执法决定作出之日起"
    fulfilled_by: str  # machine code of the event that fulfils it, e.g. "decision_info.published"
    fulfilled_text: str  # in Chinese, e.g. "公开执法决定信息"
    start_source: str = "text"  # "text" | "implied" | "AMB-…" (Appendix B treatment followed)
    timing: Literal["within", "after"] = "within"
    on_expiry: Literal["overdue", "lapses"] = "overdue"
    extendable: bool = False
    extension_max: int | None = None  # None with extendable=True: no cap, a person sets the date
    extension_unit: PeriodUnit | None = None
    extension_approver: str | None = None  # a zhifa.accounts.constants.Role value
    extension_rule: str | None = None  # the rule that grants the extension
    pausable: bool = False
    pause_reasons: tuple[str, ...] = ()
    pause_rule: str | None = None  # the rule that defines the pauses
    urgent_duration: int | None = None  # a shorter period "if urgent" (情况紧急的)
    urgent_unit: PeriodUnit | None = None
    overridable_by_item: bool = False  # AMB-G-e
    recurring: Literal["yearly", "quarterly"] | None = None
    min_occurrences: int = 1  # for recurring duties: how many times per period ("≥ 2 per year")
    soft: bool = False  # 原则上 / 一般: warn, do not block
    modifies: str | None = None  # extends/pauses that rule's period; opens no obligation itself
    same_as: str | None = None  # repeats that rule's duty; open the obligation under it
    responsible: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        problems = []
        if self.unit not in UNITS:
            problems.append(f"unknown unit {self.unit!r}")
        if self.unit == "user_set":
            if self.duration is not None:
                problems.append("user_set specs have duration=None")
        elif self.duration is None or self.duration <= 0:
            problems.append("a statutory period needs a positive duration")
        for name in ("start_event", "fulfilled_by"):
            if not _EVENT_RE.match(getattr(self, name)):
                problems.append(f"{name} {getattr(self, name)!r} is not a '<subject>.<event>' code")
        if not self.start_text or not self.fulfilled_text:
            problems.append("start_text and fulfilled_text are required")
        if not _SOURCE_RE.match(self.start_source):
            problems.append(f"start_source {self.start_source!r} is not text/implied/AMB-…")
        if self.extension_max is not None and (not self.extendable or self.extension_unit is None):
            problems.append("extension_max needs extendable=True and an extension_unit")
        if self.extension_approver is not None and self.extension_approver not in Role.values:
            problems.append(f"extension_approver {self.extension_approver!r} is not a Role")
        if self.pause_reasons and not self.pausable:
            problems.append("pause_reasons need pausable=True")
        unknown_reasons = set(self.pause_reasons) - set(PAUSE_REASON_LABELS)
        if unknown_reasons:
            problems.append(f"unknown pause reasons {sorted(unknown_reasons)}")
        if (self.urgent_duration is None) != (self.urgent_unit is None):
            problems.append("urgent_duration and urgent_unit go together")
        if self.min_occurrences < 1 or (self.min_occurrences > 1 and not self.recurring):
            problems.append("min_occurrences > 1 only for recurring duties")
        for name in ("extension_rule", "pause_rule", "modifies", "same_as"):
            value = getattr(self, name)
            if value is not None and not _RULE_RE.match(value):
                problems.append(f"{name} {value!r} is not a rule id")
        if self.responsible and self.responsible not in RESPONSIBLE_LABELS:
            problems.append(f"responsible {self.responsible!r} is not a known body")
        if problems:
            raise TimeLimitSpecError("; ".join(problems))

    @property
    def is_user_set(self) -> bool:
        return self.unit == "user_set"

    @property
    def opens_obligation(self) -> bool:
        """False for rules that only modify another rule's period or repeat its duty."""
        return self.modifies is None and self.same_as is None


def period_zh(duration: int | None, unit: str) -> str:
    if unit == "user_set" or duration is None:
        return UNIT_LABELS["user_set"]
    return f"{duration} {UNIT_LABELS[unit]}"


def describe_zh(spec: TimeLimitSpec) -> str:
    """The spec in Chinese words, e.g. "7 个工作日，自执法决定作出之日起"."""
    if spec.is_user_set:
        head = "无法定期限（由承办人设定期限）"
    elif spec.timing == "after":
        head = f"满 {period_zh(spec.duration, spec.unit)}后"
    else:
        head = period_zh(spec.duration, spec.unit)
    if spec.recurring:
        head = f"{RECURRING_LABELS[spec.recurring]}{'' if spec.is_user_set else '，'}{head}"
        if spec.min_occurrences > 1:
            head += f"（不少于 {spec.min_occurrences} 次）"
    parts = [head, spec.start_text]
    if spec.urgent_duration is not None and spec.urgent_unit is not None:
        parts.append(f"情况紧急的 {period_zh(spec.urgent_duration, spec.urgent_unit)}")
    if spec.extendable:
        if spec.extension_max is not None and spec.extension_unit is not None:
            ext = f"可延长不超过 {period_zh(spec.extension_max, spec.extension_unit)}"
        else:
            ext = "可延期（由承办人设定新的期限）"
        if spec.extension_approver:
            ext += f"（须经{Role(spec.extension_approver).label}批准）"
        parts.append(ext)
    if spec.pausable and spec.pause_reasons:
        reasons = "、".join(PAUSE_REASON_LABELS[r] for r in spec.pause_reasons)
        parts.append(f"{reasons}期间不计入")
    if spec.on_expiry == "lapses":
        parts.append("逾期视为放弃")
    if spec.soft:
        parts.append("原则性要求（仅提醒）")
    return "，".join(parts)


def _wd(n: int, start_event: str, start_text: str, fulfilled_by: str, fulfilled_text: str, **kw):  # type: ignore[no-untyped-def]
    return TimeLimitSpec(
        duration=n,
        unit="workday",
        start_event=start_event,
        start_text=start_text,
        fulfilled_by=fulfilled_by,
        fulfilled_text=fulfilled_text,
        **kw,
    )


def _days(n: int, start_event: str, start_text: str, fulfilled_by: str, fulfilled_text: str, **kw):  # type: ignore[no-untyped-def]
    return TimeLimitSpec(
        duration=n,
        unit="day",
        start_event=start_event,
        start_text=start_text,
        fulfilled_by=fulfilled_by,
        fulfilled_text=fulfilled_text,
        **kw,
    )


_LEGAL_REVIEW: dict[str, Any] = {
    "start_event": "legal_review.materials_complete",
    "start_text": "自法制审核机构收到完备的送审材料之日起",
    "start_source": "AMB-1.4-b",
    "fulfilled_by": "legal_review.opinion_issued",
    "fulfilled_text": "完成法制审核并出具审核意见",
    "responsible": "legal_review_body",
    "overridable_by_item": True,
}
_LEGAL_REVIEW_PAUSES = ("materials_supplement", "expert_argumentation", "interpretation_request")


TIME_LIMITS: dict[str, TimeLimitSpec] = {
    # --- 1.1 双随机、一公开 ------------------------------------------------------------------
    "R-1.1-09": TimeLimitSpec(
        duration=1,
        unit="year",
        recurring="yearly",
        min_occurrences=2,
        start_event="calendar_year.begins",
        start_text="每个自然年度内",
        fulfilled_by="random_draw.completed",
        fulfilled_text="对每个一般抽查事项完成随机抽查",
        responsible="enforcement_dept",
        overridable_by_item=True,
        note="Appendix A: ≥ 2 draws per year per general item, unless a law sets a frequency.",
    ),
    "R-1.1-20": _wd(
        5,
        "inspection.completed",
        "自抽查检查完成之日起",
        "inspection_result.published",
        "向社会公示抽查结果（结果正常）",
        start_source="AMB-1.1-a",
        responsible="enforcement_dept",
    ),
    "R-1.1-21": _wd(
        5,
        "inspection_problem.deliberated",
        "自执法部门研究之日起",
        "inspection_result.published",
        "向社会公示抽查结果（发现问题）",
        start_source="AMB-1.1-a",
        responsible="enforcement_dept",
        note="“经研究后5个工作日” is treated as “within 5 WD” (AMB-1.1-a).",
    ),
    # --- 1.2 行政执法公示 --------------------------------------------------------------------
    "R-1.2-11": _wd(
        20,
        "decision.made",
        "自执法决定作出之日起",
        "decision_info.published",
        "公开执法决定信息",
        responsible="enforcement_dept",
        overridable_by_item=True,
        note="General period; also coercion decisions (AMB-1.12-a).",
    ),
    "R-1.2-12": _wd(
        7,
        "decision.made",
        "自行政许可、行政处罚决定作出之日起",
        "decision_info.published",
        "公开行政许可、行政处罚决定信息",
        responsible="enforcement_dept",
        overridable_by_item=True,
    ),
    # --- 1.3 全过程记录 ----------------------------------------------------------------------
    "R-1.3-13": _wd(
        2,
        "av_record.completed",
        "自音像记录制作完成之日起",
        "av_record.stored",
        "存储至执法信息系统或本单位指定的储存器",
        responsible="enforcement_officer",
        overridable_by_item=True,
    ),
    "R-1.3-14": _wd(
        2,
        "officer.returned_to_unit",
        "自执法人员返回单位之日起",
        "av_record.stored",
        "存储至执法信息系统或本单位指定的储存器（连续工作、异地执法或偏远地区）",
        responsible="enforcement_officer",
        overridable_by_item=True,
        note="Exception to R-1.3-13; record the return date and the reason.",
    ),
    # --- 1.4 重大行政执法决定法制审核 ------------------------------------------------------
    "R-1.4-13": _wd(
        10,
        extendable=True,
        extension_max=10,
        extension_unit="workday",
        extension_approver=Role.UNIT_HEAD.value,
        extension_rule="R-1.4-14",
        pausable=True,
        pause_reasons=_LEGAL_REVIEW_PAUSES,
        pause_rule="R-1.4-15",
        note="The clock starts when the review body marks the submission complete; one "
        "extension only (AMB-1.4-b).",
        **_LEGAL_REVIEW,
    ),
    "R-1.4-14": _wd(
        10,
        "legal_review.period_ended",
        "自原审核期限届满之日起（案件复杂，经本行政执法机关负责人批准）",
        "legal_review.opinion_issued",
        "完成法制审核并出具审核意见",
        start_source="implied",
        modifies="R-1.4-13",
        responsible="legal_review_body",
        overridable_by_item=True,
        note="At most one extension of 10 WD (AMB-1.4-b).",
    ),
    "R-1.4-15": _wd(
        10,
        pausable=True,
        pause_reasons=_LEGAL_REVIEW_PAUSES,
        modifies="R-1.4-13",
        note="Pause intervals of the R-1.4-13 review period.",
        **_LEGAL_REVIEW,
    ),
    # --- 1.5 裁量权基准 ----------------------------------------------------------------------
    "R-1.5-15": TimeLimitSpec(
        duration=None,
        unit="user_set",
        start_event="item_duty.triggered",
        start_text="自该执法事项裁量基准规定的起算事件起",
        fulfilled_by="item_duty.performed",
        fulfilled_text="在裁量基准明确的期限内履行职责",
        responsible="enforcement_dept",
        note="Where no law sets the period, each enforcement item's benchmark must define one "
        "(catalog item field time_limit); the period is data of the item, not of this rule.",
    ),
    # --- 1.6 失信管理 ------------------------------------------------------------------------
    "R-1.6-08": _wd(
        10,
        "dishonesty_lead.registered",
        "自失信线索登记之日起",
        "dishonesty_evidence.completed",
        "完成失信管理所需证据采集",
        start_source="AMB-1.6-c",
        responsible="enforcement_dept",
    ),
    "R-1.6-10": _wd(
        7,
        "dishonesty_evidence.completed",
        "自证据采集完成之日起",
        "dishonesty_decision.notified",
        "作出失信管理决定并书面告知当事人",
        start_source="AMB-1.6-c",
        responsible="enforcement_dept",
    ),
    "R-1.6-11": _wd(
        7,
        "dishonesty_notice.received",
        "自当事人收到告知书之日起",
        "party_defence.submitted",
        "当事人书面提交陈述和申辩意见",
        on_expiry="lapses",
        responsible="party",
    ),
    "R-1.6-12": _wd(
        7,
        "dishonesty_notification.received",
        "自责任单位收到信息通报之日起",
        "dishonesty_listing.published",
        "在网上公布失信管理对象并实施惩戒",
        responsible="responsible_unit",
    ),
    "R-1.6-13": _wd(
        5,
        "joint_punishment.applied",
        "自责任单位作出惩戒处理之日起",
        "punishment_result.copied",
        "将处理结果抄告行政执法部门",
        start_source="AMB-1.6-c",
        responsible="responsible_unit",
    ),
    "R-1.6-14": _wd(
        7,
        "listing_error.found",
        "自发现名单信息有误或发生变更之日起",
        "listing_correction.produced",
        "核实并形成更正或变更信息，抄告责任单位",
        responsible="enforcement_dept",
    ),
    "R-1.6-15": _wd(
        7,
        "listing_correction.received",
        "自责任单位收到更正或变更信息之日起",
        "listing_entry.amended",
        "通过原公布途径修改或移除",
        responsible="responsible_unit",
    ),
    "R-1.6-16": _wd(
        7,
        "release_application.received",
        "自收到失信管理解除申请之日起",
        "release_application.verified",
        "完成核查",
        responsible="enforcement_dept",
    ),
    "R-1.6-17": _wd(
        7,
        "release_notification.received",
        "自相关责任部门收到解除通报之日起",
        "joint_punishment.lifted",
        "解除联合惩戒",
        responsible="responsible_unit",
    ),
    # --- 1.7 持证上岗 ------------------------------------------------------------------------
    "R-1.7-07": TimeLimitSpec(
        duration=None,
        unit="user_set",
        recurring="yearly",
        start_event="certificate_annual_review.opened",
        start_text="在县司法局规定的年审期间内",
        start_source="AMB-1.7-a",
        fulfilled_by="certificate.annual_review_passed",
        fulfilled_text="行政执法证件通过年审（未通过年审的证件无效）",
        responsible="enforcement_officer",
        note="The annual-review period is not stated; the justice bureau sets it (AMB-1.7-a).",
    ),
    # --- 1.11 定期轮训 -----------------------------------------------------------------------
    "R-1.11-03": TimeLimitSpec(
        duration=1,
        unit="year",
        recurring="yearly",
        soft=True,
        start_event="calendar_year.begins",
        start_text="每个自然年度内",
        fulfilled_by="rotation_training.attended",
        fulfilled_text="参加轮训不少于 1 次、每次不少于 8 课时",
        responsible="enforcement_officer",
    ),
    # --- 1.12 决定信息公开 -------------------------------------------------------------------
    "R-1.12-04": _wd(
        7,
        "decision.made",
        "自行政许可、行政处罚决定作出之日起",
        "decision_info.published",
        "公开行政许可、行政处罚决定信息",
        same_as="R-1.2-12",
        responsible="enforcement_dept",
        overridable_by_item=True,
        note="The same duty as R-1.2-12; coercion decisions: 20 WD (R-1.2-11, AMB-1.12-a).",
    ),
    # --- 1.13 / 1.14 评议考核 ----------------------------------------------------------------
    "R-1.13-02": TimeLimitSpec(
        duration=1,
        unit="year",
        recurring="yearly",
        start_event="calendar_year.begins",
        start_text="每个自然年度内",
        fulfilled_by="department_evaluation.completed",
        fulfilled_text="完成对行政执法部门的年度评议考核",
        responsible="justice_bureau",
    ),
    # The party's window to state, defend and ask for a hearing after the prior notice. The
    # county text (R-1.14-08) gives no number; 《行政处罚法》第六十四条 gives 5 days to ask for a
    # hearing, used for the whole window (ADR 0011). An item may set another period.
    "R-1.14-08": TimeLimitSpec(
        duration=5,
        unit="day",
        start_event="prior_notice.served",
        start_text="自事先告知书送达之日起",
        fulfilled_by="party.statement_window_closed",
        fulfilled_text="当事人陈述、申辩或者要求听证",
        start_source="implied",
        on_expiry="lapses",
        overridable_by_item=True,
        responsible="party",
        note="Period from the Administrative Penalty Law art. 64 (hearing request within 5 days); "
        "the county rule requires the chance to state and defend but sets no number.",
    ),
    "R-1.14-13": TimeLimitSpec(
        duration=1,
        unit="year",
        recurring="yearly",
        start_event="calendar_year.begins",
        start_text="每个自然年度内",
        fulfilled_by="department_evaluation.completed",
        fulfilled_text="完成对行政执法部门的年度评议考核",
        same_as="R-1.13-02",
        responsible="justice_bureau",
        note="1.13 and 1.14 describe the same annual evaluation (AMB-G-h).",
    ),
    # --- 2.1 信息共享 ------------------------------------------------------------------------
    "R-2.1-06": _wd(
        3,
        "penalty.fully_performed",
        "自行政处罚履行完毕之日起",
        "penalty_result.copied",
        "将处罚结果抄告相关乡镇（或县直部门）",
        start_source="AMB-2.1-a",
        responsible="enforcement_dept",
        note="Flag penalties left unperformed for a long time for manual attention (AMB-2.1-a).",
    ),
    # --- 2.2 案件移送 ------------------------------------------------------------------------
    "R-2.2-02": _wd(
        3,
        "jurisdiction.not_own_found",
        "自认定违法行为不属于本部门管辖之日起",
        "case.transferred",
        "将案件移送有管辖权的一方",
        start_source="AMB-2.2-a",
        urgent_duration=24,
        urgent_unit="hour",
        responsible="enforcement_dept",
        note="Urgent cases (manual flag): 24 hours, R-2.2-03.",
    ),
    "R-2.2-03": TimeLimitSpec(
        duration=24,
        unit="hour",
        start_event="jurisdiction.not_own_found",
        start_text="自认定违法行为不属于本部门管辖之时起（情况紧急）",
        start_source="AMB-2.2-a",
        fulfilled_by="case.transferred",
        fulfilled_text="将案件移送有管辖权的一方",
        responsible="enforcement_dept",
        note="Urgent variant of R-2.2-02; “情况紧急” is a manual flag.",
    ),
    "R-2.2-05": _wd(
        5,
        "transfer.received",
        "自收到移送案件之日起",
        "transfer_acceptance.notified",
        "书面告知移送部门受理或不受理情况",
        start_source="implied",
        urgent_duration=24,
        urgent_unit="hour",
        responsible="enforcement_dept",
    ),
    "R-2.2-06": _wd(
        5,
        "transferred_case.filed",
        "自移送案件立案之日起",
        "transfer_filing.notified",
        "书面告知移送部门已立案",
        responsible="enforcement_dept",
    ),
    "R-2.2-07": _wd(
        5,
        "transferred_case.decided",
        "自作出处理决定之日起",
        "transfer_decision.notified",
        "书面告知移送部门处理决定",
        responsible="enforcement_dept",
    ),
    # --- 2.3 与公检法衔接 (calendar days as written, AMB-2.3-a) ------------------------------
    "R-2.3-04": TimeLimitSpec(
        duration=24,
        unit="hour",
        start_event="police.case_accepted",
        start_text="自公安机关接受案件之时起",
        fulfilled_by="police.missing_materials_notified",
        fulfilled_text="书面告知移送部门材料不全",
        responsible="public_security",
    ),
    "R-2.3-05": _days(
        3,
        "police.missing_materials_notice_received",
        "自收到公安机关补正通知之日起",
        "transfer_materials.supplemented",
        "补正移送材料",
        start_source="implied",
        responsible="enforcement_dept",
    ),
    "R-2.3-08": _days(
        3,
        "police.non_filing_decided",
        "自公安机关作出不予立案决定之日起",
        "police.non_filing_notice_delivered",
        "将不予立案通知书连同案卷材料送达行政执法部门",
        start_source="implied",
        responsible="public_security",
    ),
    "R-2.3-10": _days(
        3,
        "police.case_filed",
        "自公安机关立案之日起",
        "evidence.handed_over",
        "交接涉案物品及与案件有关的其他证据材料",
        responsible="public_security",
    ),
    "R-2.3-21": _days(
        7,
        "procuratorate.explanation_requested",
        "自收到人民检察院要求说明不立案理由之日起",
        "police.non_filing_explained",
        "向人民检察院书面说明不立案理由",
        start_source="implied",
        responsible="public_security",
        overridable_by_item=True,
    ),
    "R-2.3-22": _days(
        7,
        "police.explanation_received",
        "自收到公安机关书面说明之日起",
        "procuratorate.explanation_reviewed",
        "审查完毕",
        start_source="implied",
        responsible="procuratorate",
        overridable_by_item=True,
    ),
    "R-2.3-23": _days(
        15,
        "police.filing_notice_received",
        "自公安机关接到《通知立案书》之日起",
        "police.case_filed",
        "立案，将立案决定书送达人民检察院并书面告知行政执法部门",
        responsible="public_security",
        overridable_by_item=True,
    ),
    # The party's period to perform a penalty decision; when it lapses unperformed the unit
    # enforces or applies to the court (R-2.3-25). 15 days: 《行政处罚法》第六十七条 (ADR 0011).
    "R-2.3-25": TimeLimitSpec(
        duration=15,
        unit="day",
        start_event="penalty_decision.served",
        start_text="自收到行政处罚决定书之日起",
        fulfilled_by="penalty.performed",
        fulfilled_text="当事人缴纳罚款、履行处罚决定",
        start_source="implied",
        on_expiry="lapses",
        overridable_by_item=True,
        responsible="party",
        note="Period from the Administrative Penalty Law art. 67; after it lapses unperformed the "
        "unit may enforce itself or apply to the court (R-2.3-25).",
    ),
    "R-2.3-26": _days(
        10,
        "calendar_quarter.ended",
        "自每季度期满之日起",
        "court_report.submitted",
        "将上季度受理的案件报至法院联络办公室",
        recurring="quarterly",
        responsible="enforcement_dept",
        note="Which cases: those the department applied to the court for (AMB-2.3-a).",
    ),
    "R-2.3-27": _days(
        20,
        "calendar_quarter.ended",
        "自每季度期满之日起",
        "court_feedback.notified",
        "通报案件受理、办理情况",
        recurring="quarterly",
        responsible="court",
    ),
    "R-2.3-28": _days(
        3,
        "court.problem_found",
        "自法院发现问题之日起",
        "court.special_notice_issued",
        "经分管领导审核后通过联络办公室发出特殊通报",
        responsible="court",
    ),
    # --- 2.4 沟通联络 ------------------------------------------------------------------------
    "R-2.4-05": _wd(
        3,
        "township_failure.found",
        "自县直部门发现乡镇执法队未履行职责之日起（由用户录入）",
        "township_failure.notified",
        "书面告知乡镇综合行政执法队",
        start_source="AMB-2.4-a",
        on_expiry="lapses",
        responsible="county_enforcement_dept",
        note="“可以”: an optional notice; the window closes, nobody is overdue.",
    ),
    "R-2.4-06": _wd(
        3,
        "county_decision_issue.found",
        "自乡镇执法队发现县直部门处罚决定违法或不当之日起（由用户录入）",
        "county_decision_issue.notified",
        "书面告知县直行政执法部门",
        start_source="AMB-2.4-a",
        on_expiry="lapses",
        responsible="township_team",
        note="“可以”: an optional notice; the window closes, nobody is overdue.",
    ),
    "R-2.4-07": _wd(
        3,
        "township_notice.received",
        "自收到乡镇执法队书面告知之日起",
        "township_notice.replied",
        "书面答复乡镇综合行政执法队",
        responsible="county_enforcement_dept",
    ),
    # --- 2.6 执法协助 ------------------------------------------------------------------------
    "R-2.6-05": _wd(
        15,
        "assistance_letter.received",
        "自收到协查函之日起",
        "assistance.replied",
        "函复协查结果（一般案件）",
        responsible="county_enforcement_dept",
    ),
    "R-2.6-06": _wd(
        7,
        "assistance_letter.received",
        "自收到协查函之日起",
        "assistance.replied",
        "函复协查结果（涉及证据保存的案件）",
        responsible="county_enforcement_dept",
        note="“涉及证据保存” is a manual flag on the letter (AMB-2.6-a).",
    ),
    "R-2.6-07": TimeLimitSpec(
        duration=None,
        unit="user_set",
        start_event="assistance_letter.received",
        start_text="自收到协查函之日起，按协查函的时限要求",
        fulfilled_by="assistance.progress_replied",
        fulfilled_text="函复协查进展情况（涉外、安全、暴力抗法等紧急或重大案件）",
        responsible="county_enforcement_dept",
        note="The due date is the letter's requested_deadline.",
    ),
    "R-2.6-11": _wd(
        5,
        "appraisal.requested",
        "自提出认定或鉴定请求之日起",
        "appraisal.opinion_issued",
        "提出书面意见或鉴定结论",
        start_source="implied",
        soft=True,
        extendable=True,
        responsible="competent_dept",
        note="“一般” 5 WD; an appraisal extension has no cap: a person enters the new due date "
        "(AMB-2.6-a).",
    ),
    "R-2.6-13": _wd(
        5,
        "consultation.received",
        "自收到书面征询之日起",
        "consultation.opinion_issued",
        "出具书面意见",
        extendable=True,
        extension_max=10,
        extension_unit="workday",
        extension_rule="R-2.6-14",
        responsible="competent_dept",
        note="The consulted department decides the extension itself (no approver named); the "
        "extension is added to the 5 WD (AMB-2.6-a).",
    ),
    "R-2.6-14": _wd(
        10,
        "consultation.period_ended",
        "自原 5 个工作日期限届满之日起（情况复杂的）",
        "consultation.opinion_issued",
        "出具书面意见",
        start_source="AMB-2.6-a",
        modifies="R-2.6-13",
        responsible="competent_dept",
    ),
    # --- 2.7 联席会议 ------------------------------------------------------------------------
    "R-2.7-05": TimeLimitSpec(
        duration=3,
        unit="month",
        recurring="quarterly",
        soft=True,
        start_event="calendar_quarter.begins",
        start_text="每个季度内",
        fulfilled_by="joint_meeting.held",
        fulfilled_text="召开行政执法联席会议",
        responsible="justice_bureau",
        note="Held by the joint-meeting office in the justice bureau; “原则上”.",
    ),
    # --- 3.2 / 3.3 监督 ----------------------------------------------------------------------
    "R-3.2-13": _days(
        30,
        "supervision_notice.received",
        "自收到监督通知书或决定书之日起",
        "supervision.implementation_reported",
        "书面报告落实情况",
        responsible="enforcement_dept",
        note="Special supervision notices: 15 days (R-3.3-10, AMB-3.2-a). The notice's own "
        "correction deadline is user-set.",
    ),
    "R-3.3-10": _days(
        15,
        "special_supervision_notice.received",
        "自收到《行政执法监督通知书》之日起",
        "special_supervision.result_reported",
        "将处理结果书面告知县司法局",
        responsible="enforcement_dept",
    ),
    # --- 3.4 复议与监督衔接 ------------------------------------------------------------------
    "R-3.4-03": _days(
        3,
        "reconsideration.decided",
        "自作出行政复议决定之日起",
        "case_lead.proposed",
        "提出拟告知案件线索的意见，填写《案件线索表》（一式两份）报分管负责人审查",
        responsible="reconsideration_body",
    ),
    # --- 3.5 案卷评查 ------------------------------------------------------------------------
    "R-3.5-04": TimeLimitSpec(
        duration=1,
        unit="year",
        recurring="yearly",
        soft=True,
        start_event="calendar_year.begins",
        start_text="每个自然年度内",
        fulfilled_by="casefile_evaluation.completed",
        fulfilled_text="开展一次年度案卷评查",
        responsible="justice_bureau",
    ),
    "R-3.5-13": _wd(
        10,
        "evaluation_opinion.received",
        "自收到评查意见之日起",
        "evaluation_objection.submitted",
        "提出申辩意见",
        on_expiry="lapses",
        responsible="enforcement_dept",
    ),
    # --- 3.6 企业联系点 ----------------------------------------------------------------------
    "R-3.6-06": TimeLimitSpec(
        duration=2,
        unit="year",
        start_event="contact_point.designated",
        start_text="自确定为企业联系点之日起",
        fulfilled_by="contact_point.term_reviewed",
        fulfilled_text="任期届满，调整或续任企业联系点",
        responsible="justice_bureau",
        note="A term, not a task: remind at term end.",
    ),
    "R-3.6-08": TimeLimitSpec(
        duration=1,
        unit="year",
        recurring="yearly",
        start_event="calendar_year.begins",
        start_text="每个自然年度内",
        fulfilled_by="contact_point.evaluated",
        fulfilled_text="对企业联系点履职情况进行综合评价",
        responsible="justice_bureau",
    ),
    # --- 3.7 回访 ----------------------------------------------------------------------------
    "R-3.7-06": TimeLimitSpec(
        duration=1,
        unit="year",
        recurring="yearly",
        start_event="calendar_year.begins",
        start_text="每个自然年度内",
        fulfilled_by="revisit_campaign.completed",
        fulfilled_text="开展至少一次行政处罚案件回访（回访率不低于 30%）",
        responsible="enforcement_dept",
        note="Rate: revisited ÷ penalty cases closed in the year, per department (AMB-3.7-a).",
    ),
    # --- 3.8 特邀监督员 ----------------------------------------------------------------------
    "R-3.8-04": TimeLimitSpec(
        duration=3,
        unit="year",
        start_event="invited_supervisor.appointed",
        start_text="自聘任之日起",
        fulfilled_by="invited_supervisor.term_reviewed",
        fulfilled_text="聘期届满，续聘（不得连任超过两届）或自动解聘",
        responsible="justice_bureau",
        note="A term: not renewed at expiry → automatically dismissed.",
    ),
    "R-3.8-16": TimeLimitSpec(
        duration=1,
        unit="year",
        recurring="yearly",
        start_event="calendar_year.begins",
        start_text="每年年底前（默认 12 月 31 日）",
        start_source="AMB-3.8-b",
        fulfilled_by="invited_supervisor_feedback.submitted",
        fulfilled_text="向县司法局书面反馈本年度邀请特邀行政执法监督员开展工作情况",
        responsible="enforcement_dept",
    ),
    # --- 3.9 人大监督 ------------------------------------------------------------------------
    "R-3.9-04": TimeLimitSpec(
        duration=None,
        unit="user_set",
        start_event="congress_request.received",
        start_text="自收到县人大常委会办理要求之日起，按其限定的时限",
        start_source="AMB-3.9-a",
        fulfilled_by="congress_request.reported",
        fulfilled_text="向县人大常委会报告办理或整改情况",
        responsible="enforcement_dept",
        note="限期 with no number: record the deadline the Standing Committee sets each time.",
    ),
    # --- 3.12 过错追究 -----------------------------------------------------------------------
    "R-3.12-07": _days(
        2,
        "fault_report.accepted",
        "自受理之日起",
        "fault_report.forwarded",
        "将不属于本机关受理的案件转送有关部门处理",
        responsible="enforcement_dept",
        note="Tagged [workflow] in rules.md but listed in Appendix A. The accountability organ "
        "is the officer's enforcement department (township government for township staff, "
        "AMB-3.12-a).",
    ),
    "R-3.12-10": TimeLimitSpec(
        duration=1,
        unit="month",
        start_event="team_decision.made",
        start_text="自乡镇综合行政执法队作出处理决定之日起",
        start_source="implied",
        fulfilled_by="reinvestigation.ordered",
        fulfilled_text="责令重新调查处理或直接派员调查并作出处理决定",
        on_expiry="lapses",
        responsible="township_government",
        note="“可以”: an optional power. Month = same date next month, end-of-month clamp "
        "(AMB-3.12-d).",
    ),
    # --- 3.13 容错纠错 -----------------------------------------------------------------------
    "R-3.13-10": _days(
        7,
        "tolerance.decided",
        "自容错决定作出之日起",
        "tolerance_decision.notified",
        "告知相关单位及当事人",
        responsible="enforcement_dept",
    ),
    # --- 4.1 行政复议 ------------------------------------------------------------------------
    "R-4.1-02": _days(
        10,
        "reconsideration_application.received",
        "自接到行政复议申请书之日起",
        "reconsideration_reply.submitted",
        "递交证据材料、案件办理过程和行政复议答复书",
        start_source="AMB-4.1-a",
        responsible="handling_unit",
    ),
    "R-4.1-08": _days(
        15,
        "reconsideration_decision.served",
        "自《行政复议决定书》送达之日起",
        "reconsideration_file.archived",
        "当事人未提起行政诉讼的，整理归档全部材料",
        start_source="AMB-4.1-a",
        timing="after",
        responsible="justice_bureau",
        note="The archive task is created at +15 days if no lawsuit is recorded.",
    ),
    # --- 4.2 投诉举报 ------------------------------------------------------------------------
    "R-4.2-05": _wd(
        7,
        "complaint.received",
        "自收到投诉举报之日起",
        "complaint.acceptance_decided",
        "决定是否受理（不予受理的说明理由）",
        responsible="enforcement_dept",
    ),
    "R-4.2-07": _days(
        10,
        "referred_complaint.closed",
        "自交办事项办结之日起",
        "referred_complaint.result_reported",
        "将调查办理结果报交办的上级行政部门",
        responsible="enforcement_dept",
    ),
    "R-4.2-10": _days(
        30,
        "complaint.accepted",
        "自受理之日起",
        "complaint.concluded",
        "办结投诉举报事项",
        extendable=True,
        extension_max=30,
        extension_unit="day",
        extension_approver=Role.UNIT_HEAD.value,
        extension_rule="R-4.2-11",
        responsible="enforcement_dept",
        note="Extension approver: the principal head of the department concerned (AMB-4.2-a).",
    ),
    "R-4.2-11": _days(
        30,
        "complaint.period_ended",
        "自原 30 日期限届满之日起（情况复杂，经主要负责人同意）",
        "complaint.concluded",
        "办结投诉举报事项",
        start_source="AMB-4.2-a",
        modifies="R-4.2-10",
        responsible="enforcement_dept",
    ),
    # --- 4.3 举报奖励 ------------------------------------------------------------------------
    "R-4.3-11": _wd(
        7,
        "reported_case.closed",
        "自举报案件办结之日起",
        "reward.collection_notified",
        "通知举报人领取奖励",
        responsible="enforcement_dept",
    ),
    "R-4.3-12": _days(
        60,
        "reward_notice.received",
        "自举报人接到领奖通知之日起",
        "reward.collected",
        "凭有效身份证明领取奖金",
        on_expiry="lapses",
        responsible="reporter",
    ),
    # --- 4.4 应急处置 ------------------------------------------------------------------------
    "R-4.4-03": TimeLimitSpec(
        duration=20,
        unit="minute",
        start_event="emergency_order.issued",
        start_text="自一级应急指令下达之时起",
        fulfilled_by="emergency.arrived_on_scene",
        fulfilled_text="除留守值班人员外全体执法人员到达现场",
        responsible="enforcement_officer",
        note="特殊情况时间另定: the order may set another time.",
    ),
    "R-4.4-05": TimeLimitSpec(
        duration=20,
        unit="minute",
        start_event="emergency_task.issued",
        start_text="自下达应急任务之时起",
        fulfilled_by="emergency.arrived_at_position",
        fulfilled_text="各股室组织人员到达指定位置",
        responsible="enforcement_officer",
    ),
}

# Appendix A rows that are not time limits (documented so the Appendix A cross-check is exact).
NOT_TIME_LIMITS: dict[str, str] = {
    "R-4.5-09": "A count of consecutive annual failures (2 years) that triggers a talk; computed "
    "from annual results, no period runs.",
}


def time_limit_rule_ids() -> list[str]:
    return sorted(TIME_LIMITS, key=rule_sort_key)

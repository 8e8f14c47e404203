"""Case actions of the decision area (see zhifa/cases/actions/__init__.py): the investigation-end
report, legal review, prior notice, statements, hearing, collective discussion and decision."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.constants import Role
from zhifa.accounts.models import User
from zhifa.cases.actions import CaseAction, CaseActionForm, register
from zhifa.cases.actions.filing import DeclarationMixin, OfficerChoiceField
from zhifa.cases.constants import (
    AV_SERVICE_HELP,
    DecisionOutcome,
    MajorGround,
    Proposal,
    RecusalGround,
    ReviewOpinion,
    ServiceMethod,
    StatementMode,
)
from zhifa.cases.models import Hearing, Statement
from zhifa.cases.services.decision import decision_approve, decision_propose, decision_reject
from zhifa.cases.services.discussion import discussion_record
from zhifa.cases.services.notice import (
    hearing_hold,
    hearing_request,
    notice_serve,
    statement_answer,
    statement_record,
)
from zhifa.cases.services.report import (
    LARGE_AMOUNT_HELP,
    latest_report,
    penalty_lines,
    report_submit,
)
from zhifa.cases.services.review import review_opinion, review_submit
from zhifa.catalog.constants import ItemType, PenaltyType, Tier
from zhifa.catalog.models import Benchmark
from zhifa.catalog.selectors.discretion import benchmark_list_for_item
from zhifa.core import clock
from zhifa.legal_review.forms import ChecklistMixin, form_checklist

_TEXT = forms.Textarea(attrs={"rows": 4})
_SHORT = forms.Textarea(attrs={"rows": 2})
_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]


def _dt_field(label: str, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=_DT, input_formats=_DT_FORMATS, required=required
    )


def _unit_staff(case: Any) -> Any:
    """Active users of the case's unit (for chairs, participants and hearing hosts)."""
    return User.objects.filter(organisation=case.organisation, is_active=True).order_by(
        "full_name", "id"
    )


def _money_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=14, decimal_places=2, min_value=0
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.full_name or obj.username


class BenchmarkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Benchmark) -> str:  # type: ignore[override]
        return f"{obj.code} {obj.violation}"


def _benchmark_help(benchmarks: list[Benchmark]) -> str:
    """The tiers of the item's benchmarks, for the officer beside the proposal (system 1.5)."""
    parts = []
    for b in benchmarks:
        tiers = []
        for t in b.tiers.all():
            rng = ""
            if t.fine_min is not None or t.fine_max is not None:
                rng = f" {t.fine_min or '—'}–{t.fine_max or '—'}元"
            tiers.append(f"{Tier(t.tier).label}{rng}")
        parts.append(f"{b.code}：" + "；".join(tiers))
    if not parts:
        return "本事项尚未公布裁量基准。"
    return "裁量基准的阶次与幅度——" + " | ".join(parts) + "。超出建议阶次的，须写明理由。"


# --- report ------------------------------------------------------------------------------------


class ReportForm(CaseActionForm):
    facts = forms.CharField(label="违法事实", widget=_TEXT)
    evidence_summary = forms.CharField(label="证据", widget=_TEXT)
    legal_basis = forms.CharField(label="处理依据（违反的条款和处罚条款）", widget=_SHORT)
    proposal = forms.ChoiceField(label="处理意见", choices=Proposal.choices)
    penalty_types = forms.MultipleChoiceField(
        label="处罚种类（给予行政处罚时选择）",
        choices=PenaltyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fine = _money_field("罚款金额（元）")
    confiscation = _money_field("没收违法所得（元）")
    benchmark = BenchmarkChoiceField(
        label="适用的裁量基准", queryset=Benchmark.objects.none(), required=False
    )
    circumstance_codes = forms.MultipleChoiceField(
        label="裁量情节", choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    amount_basis = _money_field("计算倍数罚款的基数（货值金额或违法所得，元）")
    departure_reason = forms.CharField(
        label="偏离裁量基准建议的理由",
        required=False,
        widget=_SHORT,
        help_text="处罚种类或金额超出基准建议阶次的，必须书面说明理由；法制审核人员和案卷可见。",
    )
    large_amount = forms.BooleanField(
        label="罚款或没收属于“较大数额”", required=False, help_text=LARGE_AMOUNT_HELP
    )
    major_grounds = forms.MultipleChoiceField(
        label="重大执法决定情形（R-1.4-07）",
        choices=[
            c for c in MajorGround.choices if c[0] not in (MajorGround.HEARING, MajorGround.LISTED)
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="需经听证的、列入本单位重大执法决定目录的，系统自动认定为重大。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            benchmarks = list(benchmark_list_for_item(item=self.case.item_version.item))
            self.fields["benchmark"].queryset = Benchmark.objects.filter(
                pk__in=[b.pk for b in benchmarks]
            )
            self.fields["benchmark"].help_text = _benchmark_help(benchmarks)
            self.fields["circumstance_codes"].choices = [
                (c.code, f"{c.code} {c.text}（{c.get_effect_display()}）")
                for b in benchmarks
                for c in b.circumstances.all()
            ]


def _report_initial(case: Any, user: User) -> dict[str, Any]:
    previous = latest_report(case)
    if previous is None:
        return {"facts": case.facts}
    return {
        "facts": previous.facts,
        "evidence_summary": previous.evidence_summary,
        "legal_basis": previous.legal_basis,
        "proposal": previous.proposal,
        "penalty_types": previous.penalty_types,
        "fine": previous.fine,
        "confiscation": previous.confiscation,
        "benchmark": previous.benchmark_id,
        "circumstance_codes": previous.circumstance_codes,
        "departure_reason": previous.departure_reason,
        "major_grounds": [
            g for g in previous.major_grounds if g not in (MajorGround.HEARING, MajorGround.LISTED)
        ],
    }


register(
    CaseAction(
        code="report_submit",
        label="提交调查终结报告",
        form=ReportForm,
        perform=lambda *, case, actor, data, **_: (
            report_submit(
                case=case,
                actor=actor,
                facts=data["facts"],
                evidence_summary=data["evidence_summary"],
                legal_basis=data["legal_basis"],
                proposal=data["proposal"],
                penalty_types=data.get("penalty_types") or (),
                fine=data.get("fine"),
                confiscation=data.get("confiscation"),
                benchmark=data.get("benchmark"),
                circumstance_codes=data.get("circumstance_codes") or (),
                departure_reason=data.get("departure_reason", ""),
                major_grounds=data.get("major_grounds") or (),
                large_amount=bool(data.get("large_amount")),
                amount_basis=data.get("amount_basis"),
            ).case
        ),
        who="handler",
        style="primary",
        help="写明违法事实、证据、依据和处理意见；拟处罚的，按裁量基准勾选情节，系统给出建议阶次和幅度。",
        rule_ids=("R-1.5-02", "R-4.8-03", "R-1.4-07", "R-1.14-06", "R-1.5-04"),
        initial=_report_initial,
        order=30,
    )
)


# --- legal review ------------------------------------------------------------------------------


class ReviewSubmitForm(CaseActionForm):
    major_grounds = forms.MultipleChoiceField(
        label="重大执法决定情形（许可案件填写；处罚案件以调查终结报告为准）",
        choices=MajorGround.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm = forms.BooleanField(
        label="送审材料（调查终结报告或审查意见、证据、法律依据、决定书代拟稿）已齐全",
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None and self.case.kind != ItemType.PERMIT:
            del self.fields["major_grounds"]


class ReviewOpinionForm(ChecklistMixin, DeclarationMixin, CaseActionForm):
    """R-1.4-10 checklist (a finding and reason per point) and the R-1.4-11 opinion; the same
    fields as the legal review page's opinion form."""

    opinion = forms.ChoiceField(
        label="审核意见", choices=[("", "——")] + list(ReviewOpinion.choices), required=False
    )
    opinion_text = forms.CharField(label="书面审核意见", required=False, widget=_TEXT)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("has_conflict"):
            self.clean_checklist(data)
            if not data.get("opinion"):
                self.add_error("opinion", "请选择审核意见。")
            if not (data.get("opinion_text") or "").strip():
                self.add_error("opinion_text", "请填写书面审核意见。")
        return data


register(
    CaseAction(
        code="review_submit",
        label="提请法制审核",
        form=ReviewSubmitForm,
        perform=lambda *, case, actor, data, **_: (
            review_submit(
                case=case, actor=actor, major_grounds=data.get("major_grounds") or ()
            ).case
        ),
        who="handler",
        when=lambda case, viewer: bool(case.is_major) or case.kind == ItemType.PERMIT,
        help="重大执法决定须经法制审核，审核期限10个工作日。",
        rule_ids=("R-1.4-02", "R-1.4-13"),
        order=31,
    )
)
register(
    CaseAction(
        code="review_opinion",
        label="出具法制审核意见",
        form=ReviewOpinionForm,
        perform=lambda *, case, actor, data, **_: (
            review_opinion(
                case=case,
                actor=actor,
                opinion=data.get("opinion", ""),
                opinion_text=data.get("opinion_text", ""),
                checklist=form_checklist(data),
                has_conflict=data["has_conflict"],
                ground=data.get("ground", ""),
                note=data.get("declaration_note", ""),
            ).case
        ),
        who="reviewer",
        style="primary",
        help="先声明有无回避情形；声明回避的，由其他法制审核人员审核。送审材料须经法制审核机构"
        "确认齐全（审核页面），逐项填写审核要点后出具意见。",
        rule_ids=("R-1.4-06", "R-1.4-10", "R-1.4-11", "R-1.4-13", "R-1.5-03"),
        order=32,
    )
)


# --- prior notice, statements, hearing ---------------------------------------------------------


class NoticeForm(CaseActionForm):
    served_at = _dt_field("送达时间")
    service_method = forms.ChoiceField(
        label="送达方式", choices=ServiceMethod.choices, help_text=AV_SERVICE_HELP
    )
    facts = forms.CharField(label="拟认定的事实", widget=_TEXT)
    reasons = forms.CharField(label="理由（含裁量理由）", widget=_SHORT)
    basis = forms.CharField(label="处罚依据", widget=_SHORT)
    proposed_penalty = forms.CharField(label="拟作出的行政处罚（每行一项）", widget=_SHORT)


def _notice_initial(case: Any, user: User) -> dict[str, Any]:
    r = latest_report(case)
    if r is None:
        return {"served_at": clock.local(clock.now())}
    return {
        "served_at": clock.local(clock.now()).replace(second=0, microsecond=0),
        "facts": r.facts,
        "basis": r.legal_basis,
        "proposed_penalty": "\n".join(penalty_lines(r.penalty_types, r.fine, r.confiscation)),
    }


register(
    CaseAction(
        code="notice_serve",
        label="送达事先告知书",
        form=NoticeForm,
        perform=lambda *, case, actor, data, **_: (
            notice_serve(
                case=case,
                actor=actor,
                served_at=data["served_at"],
                service_method=data["service_method"],
                facts=data["facts"],
                reasons=data["reasons"],
                basis=data["basis"],
                proposed_penalty=data["proposed_penalty"],
            ).case
        ),
        who="handler",
        field_step=True,
        style="primary",
        help="书面告知拟作出处罚的事实、理由、依据和当事人的陈述申辩（及听证）权利。",
        rule_ids=("R-1.5-17", "R-1.14-08", "R-1.4-02"),
        initial=_notice_initial,
        order=40,
    )
)


class StatementForm(CaseActionForm):
    mode = forms.ChoiceField(label="方式", choices=StatementMode.choices)
    received_at = _dt_field("收到时间")
    content = forms.CharField(label="陈述申辩内容（放弃的可不填）", required=False, widget=_TEXT)


register(
    CaseAction(
        code="statement_record",
        label="记录陈述申辩",
        form=StatementForm,
        perform=lambda *, case, actor, data, **_: (
            statement_record(
                case=case,
                actor=actor,
                mode=data["mode"],
                received_at=data["received_at"],
                content=data.get("content", ""),
            ).case
        ),
        who="handler",
        field_step=True,
        rule_ids=("R-1.14-08",),
        order=41,
    )
)


class StatementAnswerForm(CaseActionForm):
    statement = forms.ModelChoiceField(label="陈述申辩", queryset=Statement.objects.none())
    adopted = forms.TypedChoiceField(
        label="复核结论",
        choices=(("yes", "采纳"), ("no", "不予采纳")),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    response = forms.CharField(label="复核意见（理由）", widget=_TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["statement"].queryset = Statement.objects.filter(
                case=self.case, answered_at__isnull=True
            ).exclude(mode=StatementMode.WAIVED)


register(
    CaseAction(
        code="statement_answer",
        label="复核陈述申辩",
        form=StatementAnswerForm,
        perform=lambda *, case, actor, data, **_: (
            statement_answer(
                case=case,
                actor=actor,
                statement=data["statement"],
                adopted=data["adopted"],
                response=data["response"],
            ).case
        ),
        who="handler",
        rule_ids=("R-1.14-08",),
        order=42,
    )
)


class HearingRequestForm(CaseActionForm):
    requested_at = _dt_field("当事人提出听证的时间")
    scheduled_at = _dt_field("听证举行时间")
    place = forms.CharField(label="听证地点", max_length=200)
    host = PersonChoiceField(
        label="听证主持人（非本案调查人员，R-1.5-18）", queryset=User.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["host"].queryset = _unit_staff(self.case).exclude(
                case_assignments__case=self.case
            )


register(
    CaseAction(
        code="hearing_request",
        label="登记听证申请",
        form=HearingRequestForm,
        perform=lambda *, case, actor, data, **_: (
            hearing_request(
                case=case,
                actor=actor,
                requested_at=data["requested_at"],
                scheduled_at=data["scheduled_at"],
                place=data["place"],
                host=data["host"],
            ).case
        ),
        who="handler",
        when=lambda case, viewer: bool(case.hearing_right),
        rule_ids=("R-1.5-18", "R-1.14-08"),
        order=43,
    )
)


class HearingHoldForm(CaseActionForm):
    hearing = forms.ModelChoiceField(label="听证", queryset=Hearing.objects.none())
    withdrawn = forms.BooleanField(label="当事人撤回听证申请", required=False)
    held_at = _dt_field("实际举行时间", required=False)
    record = forms.CharField(
        label="听证笔录（撤回的，记录撤回情况）",
        required=False,
        widget=_TEXT,
        help_text="举行听证的，可以根据实际情况进行音像记录（R-1.3-08），并在案件的“执法全过程记录”中登记。",
    )
    report = forms.CharField(label="听证报告", required=False, widget=_TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["hearing"].queryset = Hearing.objects.filter(
                case=self.case, held_at__isnull=True, withdrawn=False
            )


register(
    CaseAction(
        code="hearing_hold",
        label="记录听证",
        form=HearingHoldForm,
        perform=lambda *, case, actor, data, **_: (
            hearing_hold(
                case=case,
                actor=actor,
                hearing=data["hearing"],
                held_at=data.get("held_at"),
                record=data.get("record", ""),
                report=data.get("report", ""),
                withdrawn=bool(data.get("withdrawn")),
            ).case
        ),
        who="handler",
        when=lambda case, viewer: bool(case.hearing_right),
        help="听证主持人须先就本案作出回避声明（听证主持人）。",
        rule_ids=("R-1.5-18", "R-1.5-03"),
        order=44,
    )
)


# --- collective discussion ---------------------------------------------------------------------


class DiscussionForm(CaseActionForm):
    held_at = _dt_field("讨论时间")
    chair = PersonChoiceField(label="主持人（负责人）", queryset=User.objects.none())
    participants = OfficerChoiceField(
        label="参加人员（含主持人，不少于3人）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    conflict_persons = OfficerChoiceField(
        label="声明回避、不参加讨论的人员",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    conflict_ground = forms.ChoiceField(
        label="回避事由", choices=[("", "——")] + list(RecusalGround.choices), required=False
    )
    conclusion = forms.CharField(label="讨论决定", widget=_SHORT)
    minutes = forms.CharField(label="讨论记录", widget=_TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            staff = _unit_staff(self.case)
            self.fields["chair"].queryset = staff.filter(roles__role=Role.UNIT_HEAD).distinct()
            self.fields["participants"].queryset = staff
            self.fields["conflict_persons"].queryset = staff

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("conflict_persons") and not data.get("conflict_ground"):
            self.add_error("conflict_ground", "有人员声明回避的，请选择回避事由。")
        return data


register(
    CaseAction(
        code="discussion_record",
        label="记录集体讨论",
        form=DiscussionForm,
        perform=lambda *, case, actor, data, **_: (
            discussion_record(
                case=case,
                actor=actor,
                held_at=data["held_at"],
                chair=data["chair"],
                participants=list(data["participants"]),
                conclusion=data["conclusion"],
                minutes=data["minutes"],
                conflicts=[
                    (p, data["conflict_ground"]) for p in data.get("conflict_persons") or ()
                ],
            ).case
        ),
        who="on_case",
        when=lambda case, viewer: viewer.is_handler or viewer.is_head,
        rule_ids=("R-1.14-06", "R-1.5-03"),
        order=50,
    )
)


# --- decision ------------------------------------------------------------------------------------


class DecisionProposeForm(CaseActionForm):
    outcome = forms.ChoiceField(label="决定结果", choices=DecisionOutcome.choices)
    content = forms.CharField(label="决定内容", widget=_TEXT)
    penalty_types = forms.MultipleChoiceField(
        label="处罚种类",
        choices=PenaltyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fine = _money_field("罚款金额（元）")
    confiscation = _money_field("没收违法所得（元）")
    departure_reason = forms.CharField(
        label="与调查终结报告不同且超出裁量基准建议的理由", required=False, widget=_SHORT
    )


def _decision_initial(case: Any, user: User) -> dict[str, Any]:
    r = latest_report(case)
    if r is None:
        return {}
    outcomes: dict[str, str] = {
        Proposal.PENALTY: DecisionOutcome.PENALTY,
        Proposal.NO_PENALTY: DecisionOutcome.NO_PENALTY,
        Proposal.TERMINATE: DecisionOutcome.TERMINATE,
    }
    return {
        "outcome": outcomes.get(r.proposal, ""),
        "content": "；".join(penalty_lines(r.penalty_types, r.fine, r.confiscation)),
        "penalty_types": r.penalty_types,
        "fine": r.fine,
        "confiscation": r.confiscation,
    }


register(
    CaseAction(
        code="decision_propose",
        label="提请决定审批",
        form=DecisionProposeForm,
        perform=lambda *, case, actor, data, **_: (
            decision_propose(
                case=case,
                actor=actor,
                outcome=data["outcome"],
                content=data["content"],
                penalty_types=data.get("penalty_types") or (),
                fine=data.get("fine"),
                confiscation=data.get("confiscation"),
                departure_reason=data.get("departure_reason", ""),
            ).case
        ),
        who="handler",
        style="primary",
        rule_ids=("R-1.5-17", "R-1.14-08", "R-1.4-02", "R-1.14-06", "R-2.2-10", "R-1.1-12"),
        initial=_decision_initial,
        order=60,
    )
)


class DecisionApproveForm(DeclarationMixin, CaseActionForm):
    opinion = forms.CharField(label="负责人意见", initial="同意。", widget=_SHORT)


class DecisionRejectForm(CaseActionForm):
    opinion = forms.CharField(label="退回理由", widget=_TEXT)


register(
    CaseAction(
        code="decision_approve",
        label="批准决定",
        form=DecisionApproveForm,
        perform=lambda *, case, actor, data, **_: decision_approve(
            case=case,
            actor=actor,
            opinion=data["opinion"],
            has_conflict=data["has_conflict"],
            ground=data.get("ground", ""),
            note=data.get("declaration_note", ""),
        ),
        who="head",
        style="primary",
        help="批准后生成决定书（载明复议、诉讼的途径和期限），并开始计算公开期限。",
        rule_ids=("R-1.14-08", "R-1.2-12", "R-1.2-11", "R-1.5-15", "R-1.5-03"),
        order=61,
    )
)
register(
    CaseAction(
        code="decision_reject",
        label="退回决定",
        form=DecisionRejectForm,
        perform=lambda *, case, actor, data, **_: decision_reject(
            case=case, actor=actor, opinion=data["opinion"]
        ),
        who="head",
        style="danger",
        order=62,
    )
)

"""Case actions of the closing area: service (送达), execution, closure, archive; the simplified
procedure (当场处罚) and the other acts (查封扣押 …) as start actions."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.constants import OrganisationKind, Role
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import users_with_role
from zhifa.cases.actions import CaseAction, CaseActionForm, register
from zhifa.cases.actions.filing import (
    DeclarationMixin,
    ItemChoiceField,
    OfficerChoiceField,
    PartyCodeField,
    resolve_party,
)
from zhifa.cases.constants import AV_SERVICE_HELP, ExecutionKind, ServiceMethod
from zhifa.cases.services.acts import case_act_record
from zhifa.cases.services.closure import (
    case_archive,
    closure_approve,
    closure_reject,
    closure_request,
)
from zhifa.cases.services.execution import execution_record
from zhifa.cases.services.service import case_serve
from zhifa.cases.services.simplified import case_simplified_decide
from zhifa.cases.workflow import OTHER_ACTS
from zhifa.catalog.constants import ItemType, PenaltyType
from zhifa.catalog.models import ItemVersion
from zhifa.catalog.selectors.items import items_in_force
from zhifa.core import clock
from zhifa.core.errors import DomainError

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_CHECKLIST_CERT = "已出示执法证件、表明身份（R-1.2-09）"
_CHECKLIST_INFORM = "已告知当事人执法事由、依据和权利义务（R-1.2-09）"


# --- service (送达) --------------------------------------------------------------------------


class ServeForm(CaseActionForm):
    method = forms.ChoiceField(
        label="送达方式", choices=ServiceMethod.choices, help_text=AV_SERVICE_HELP
    )
    served_at = forms.DateTimeField(label="送达时间", widget=_DT)
    recipient = forms.CharField(label="受送达人（签收人）", max_length=200)
    place = forms.CharField(label="送达地点", max_length=200, required=False)
    certificate_shown = forms.BooleanField(label=_CHECKLIST_CERT, required=False)
    party_informed = forms.BooleanField(label=_CHECKLIST_INFORM, required=False)
    note = forms.CharField(
        label="说明（留置送达写明拒收事由和见证人；电子送达写明当事人同意的方式）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None and not self.is_bound:
            self.initial.setdefault("recipient", self.case.party.name)
            self.initial.setdefault(
                "served_at", clock.local(clock.now()).replace(second=0, microsecond=0)
            )
            self.initial.setdefault("method", ServiceMethod.DIRECT)


register(
    CaseAction(
        code="serve",
        label="送达决定书",
        form=ServeForm,
        perform=lambda *, case, actor, data, **_: (
            case_serve(
                case=case,
                actor=actor,
                method=data["method"],
                served_at=data["served_at"],
                recipient=data["recipient"],
                place=data.get("place", ""),
                certificate_shown=data.get("certificate_shown", False),
                party_informed=data.get("party_informed", False),
                note=data.get("note", ""),
            ).case
        ),
        who="handler",
        field_step=True,
        style="primary",
        help="记录决定书的送达，生成送达回证；有罚没款等须履行内容的，开始计算当事人的履行期限。",
        rule_ids=("R-1.2-09", "R-2.3-25", "R-4.8-08"),
        order=60,
    )
)


# --- execution ---------------------------------------------------------------------------------


class ExecutionForm(CaseActionForm):
    kind = forms.ChoiceField(label="执行方式", choices=ExecutionKind.choices)
    at = forms.DateTimeField(label="时间", widget=_DT)
    amount = forms.DecimalField(
        label="缴纳金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    receipt_number = forms.CharField(
        label="罚没款票据号码（R-4.6-04）", max_length=60, required=False
    )
    court = forms.ModelChoiceField(
        label="人民法院（申请法院强制执行时选择）",
        queryset=Organisation.objects.none(),
        required=False,
    )
    executed = forms.BooleanField(label="已执行完毕（强制执行或人民法院执行结果）", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.COURT, is_active=True
        ).order_by("name")
        if not self.is_bound:
            self.initial.setdefault("at", clock.local(clock.now()).replace(second=0, microsecond=0))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == ExecutionKind.PAYMENT:
            if not data.get("amount"):
                self.add_error("amount", "请填写缴纳金额。")
            if not (data.get("receipt_number") or "").strip():
                self.add_error("receipt_number", "收缴罚没款必须开具票据，请填写票据号码。")
        if kind == ExecutionKind.COURT_APPLICATION and not data.get("court"):
            self.add_error("court", "请选择受理申请的人民法院。")
        return data


register(
    CaseAction(
        code="execution_record",
        label="记录执行情况",
        form=ExecutionForm,
        perform=lambda *, case, actor, data, **_: (
            execution_record(
                case=case,
                actor=actor,
                kind=data["kind"],
                at=data["at"],
                amount=data.get("amount"),
                receipt_number=data.get("receipt_number", ""),
                court=data.get("court"),
                note=data.get("note", ""),
                executed=data.get("executed", False),
            ).case
        ),
        who="handler",
        help="缴款须登记票据号码；当事人逾期不履行的，可申请人民法院强制执行。",
        rule_ids=("R-4.6-04", "R-2.3-25"),
        order=61,
    )
)


# --- closure and archive ---------------------------------------------------------------------


class ClosureRequestForm(CaseActionForm):
    summary = forms.CharField(
        label="结案意见（案件办理和执行情况）",
        initial="处罚决定已执行完毕，建议结案。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ClosureApproveForm(DeclarationMixin, CaseActionForm):
    opinion = forms.CharField(
        label="负责人意见", initial="同意结案。", widget=forms.Textarea(attrs={"rows": 2})
    )


class ClosureRejectForm(CaseActionForm):
    opinion = forms.CharField(label="退回的理由", widget=forms.Textarea(attrs={"rows": 3}))


class ArchiveForm(CaseActionForm):
    confirm = forms.BooleanField(
        label="案卷材料已收集齐全、经负责人审核，移交档案室后不得再增加或减少材料（R-1.14-11）",
        required=True,
    )


register(
    CaseAction(
        code="closure_request",
        label="提请结案",
        form=ClosureRequestForm,
        perform=lambda *, case, actor, data, **_: (
            closure_request(case=case, actor=actor, summary=data["summary"]).case
        ),
        who="handler",
        order=70,
    )
)
register(
    CaseAction(
        code="closure_approve",
        label="批准结案",
        form=ClosureApproveForm,
        perform=lambda *, case, actor, data, **_: closure_approve(
            case=case,
            actor=actor,
            opinion=data["opinion"],
            has_conflict=data["has_conflict"],
            ground=data.get("ground", ""),
            note=data.get("declaration_note", ""),
        ),
        who="head",
        style="primary",
        rule_ids=("R-1.9-03", "R-1.5-03"),
        order=70,
    )
)
register(
    CaseAction(
        code="closure_reject",
        label="退回结案",
        form=ClosureRejectForm,
        perform=lambda *, case, actor, data, **_: closure_reject(
            case=case, actor=actor, opinion=data["opinion"]
        ),
        who="head",
        style="danger",
        order=71,
    )
)
register(
    CaseAction(
        code="archive",
        label="移交归档",
        form=ArchiveForm,
        perform=lambda *, case, actor, **_: case_archive(case=case, actor=actor),
        who="archivist",
        style="primary",
        rule_ids=("R-1.9-03", "R-1.14-11", "R-1.14-12"),
        order=80,
    )
)


# --- start actions: simplified procedure, other acts -------------------------------------------


def _officers_of(user: User) -> Any:
    org = user.organisation
    if org is None:
        return User.objects.none()
    return users_with_role(organisation=org, role=Role.OFFICER).order_by("full_name", "id")


class SimplifiedDecideForm(CaseActionForm):
    item_version = ItemChoiceField(
        label="执法事项（本单位清单内）", queryset=ItemVersion.objects.none()
    )
    party_code = PartyCodeField()
    cause = forms.CharField(label="案由", max_length=200)
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 3}))
    officers = OfficerChoiceField(
        label="在场执法人员（含本人，至少两名持证人员）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    penalty_types = forms.MultipleChoiceField(
        label="处罚种类",
        choices=[(PenaltyType.WARNING, "警告"), (PenaltyType.FINE, "罚款")],
        widget=forms.CheckboxSelectMultiple,
    )
    fine = forms.DecimalField(
        label="罚款金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    place = forms.CharField(label="处罚地点", max_length=200)
    decided_at = forms.DateTimeField(label="处罚时间", widget=_DT)
    certificate_shown = forms.BooleanField(label=_CHECKLIST_CERT, required=False)
    party_informed = forms.BooleanField(label=_CHECKLIST_INFORM, required=False)
    statement = forms.CharField(
        label="当事人的陈述、申辩", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    receipt_number = forms.CharField(
        label="当场收缴罚款的票据号码（当场缴纳时填写）", max_length=60, required=False
    )
    no_conflict = forms.BooleanField(
        label="在场执法人员均声明：与当事人无直接利害关系、不是其近亲属、无其他可能影响公正处理的关系（R-1.5-03）",
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.user.organisation
        if org is not None:
            self.fields["item_version"].queryset = items_in_force(
                organisation=org, item_type=ItemType.PENALTY
            ).select_related("item")
        self.fields["officers"].queryset = _officers_of(self.user)
        if not self.is_bound:
            self.initial.setdefault("officers", [self.user.pk])
            self.initial.setdefault(
                "decided_at", clock.local(clock.now()).replace(second=0, microsecond=0)
            )

    def clean_party_code(self) -> Any:
        return resolve_party(self, self.cleaned_data["party_code"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if PenaltyType.FINE in (data.get("penalty_types") or []) and not data.get("fine"):
            self.add_error("fine", "选择罚款的，请填写罚款金额。")
        return data


def _simplified_decide(*, actor: User, data: dict[str, Any], **_: Any) -> Any:
    if actor.organisation is None:
        raise DomainError("您的账号未归属任何单位，不能作出行政处罚。")
    return case_simplified_decide(
        actor=actor,
        organisation=actor.organisation,
        item_version=data["item_version"],
        party=data["party_code"],
        cause=data["cause"],
        facts=data["facts"],
        officers=list(data["officers"]),
        penalty_types=list(data["penalty_types"]),
        fine=data.get("fine"),
        place=data["place"],
        decided_at=data["decided_at"],
        certificate_shown=data.get("certificate_shown", False),
        party_informed=data.get("party_informed", False),
        statement=data.get("statement", ""),
        receipt_number=data.get("receipt_number", ""),
    )


register(
    CaseAction(
        code="simplified_decide",
        label="当场处罚（简易程序）",
        form=SimplifiedDecideForm,
        perform=_simplified_decide,
        who="officer",
        target="start",
        field_step=True,
        help="违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款"
        "或者警告的，可以当场作出处罚决定。",
        rule_ids=("R-1.1-12", "R-4.6-03", "R-1.2-09", "R-1.2-12", "R-2.3-25", "R-4.6-04"),
        order=20,
    )
)


class ActRecordForm(CaseActionForm):
    kind = forms.ChoiceField(
        label="执法行为类型",
        choices=[(k.value, k.label) for k in ItemType if k in OTHER_ACTS],
    )
    item_version = ItemChoiceField(
        label="执法事项（本单位清单内）", queryset=ItemVersion.objects.none()
    )
    party_code = PartyCodeField()
    cause = forms.CharField(label="事由", max_length=200)
    facts = forms.CharField(label="事实和理由", widget=forms.Textarea(attrs={"rows": 3}))
    content = forms.CharField(label="拟作出的决定内容", widget=forms.Textarea(attrs={"rows": 3}))
    officers = OfficerChoiceField(
        label="承办人员（含本人，至少两名持证人员）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    av_recorded = forms.BooleanField(
        label="已全程音像记录（查封、扣押必须，R-1.3-07）", required=False
    )
    av_note = forms.CharField(
        label="未能音像记录的原因（R-1.3-11）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    no_conflict = forms.BooleanField(
        label="本人声明：与当事人无直接利害关系、不是其近亲属、无其他可能影响公正处理的关系（R-1.5-03）",
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.user.organisation
        if org is not None:
            self.fields["item_version"].queryset = (
                items_in_force(organisation=org)
                .filter(item_type__in=[k.value for k in ItemType if k in OTHER_ACTS])
                .select_related("item")
            )
        self.fields["officers"].queryset = _officers_of(self.user)
        if not self.is_bound:
            self.initial.setdefault("officers", [self.user.pk])

    def clean_party_code(self) -> Any:
        return resolve_party(self, self.cleaned_data["party_code"])


def _act_record(*, actor: User, data: dict[str, Any], **_: Any) -> Any:
    if actor.organisation is None:
        raise DomainError("您的账号未归属任何单位，不能登记执法行为。")
    return case_act_record(
        actor=actor,
        organisation=actor.organisation,
        kind=data["kind"],
        item_version=data["item_version"],
        party=data["party_code"],
        cause=data["cause"],
        facts=data["facts"],
        content=data["content"],
        officers=list(data["officers"]),
        av_recorded=data.get("av_recorded", False),
        av_note=data.get("av_note", ""),
    )


register(
    CaseAction(
        code="act_record",
        label="登记其他执法行为",
        form=ActRecordForm,
        perform=_act_record,
        who="officer",
        target="start",
        help="查封扣押、行政征收、行政检查等执法行为：登记后报负责人审批决定，批准后编号并公开。",
        rule_ids=("R-1.1-12", "R-1.3-07", "R-1.8-04", "R-1.2-11"),
        order=30,
    )
)

"""Case actions of the intake area (see zhifa/cases/actions/__init__.py): clues, permit
applications, investigation field steps and the transfer of a suspected crime."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.constants import ENFORCING_KINDS, OrganisationKind, Role
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
from zhifa.cases.constants import ClueSource, ClueStatus, FieldActionKind
from zhifa.cases.services.clues import VerifyOutcome, clue_register, clue_transfer, clue_verify
from zhifa.cases.services.crime import (
    REQUIRED_CRIME_MATERIALS,
    CrimeMaterial,
    crime_transfer_approve,
    crime_transfer_reject,
    crime_transfer_request,
)
from zhifa.cases.services.investigation import field_action_record
from zhifa.cases.services.permits import permit_accept, permit_apply, permit_not_accept
from zhifa.catalog.constants import ItemType
from zhifa.catalog.models import ItemVersion
from zhifa.catalog.selectors.items import items_in_force
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.records.constants import DeviceKind

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def _dt_field(label: str, **kw: Any) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=_DT, input_formats=_DT_FORMATS, **kw)


def _own_org(actor: User) -> Organisation:
    if actor.organisation is None:
        raise DomainError("您的账号未归属任何单位，不能办理。")
    return actor.organisation


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:  # type: ignore[override]
        return obj.name


# --- clues -----------------------------------------------------------------------------------


class ClueRegisterForm(CaseActionForm):
    source = forms.ChoiceField(label="线索来源", choices=ClueSource.choices)
    source_reference = forms.CharField(
        label="来源编号或说明", max_length=200, required=False, help_text="如投诉举报编号、交办文号"
    )
    received_at = _dt_field("收到线索时间")
    party_code = PartyCodeField(
        label="当事人统一社会信用代码或身份证号（名录内）",
        required=False,
        help_text="名录中有的请填写代码；名录中没有的，请在下面填写名称。",
    )
    party_name = forms.CharField(label="当事人名称（名录外）", max_length=200, required=False)
    location = forms.CharField(label="地点", max_length=200, required=False)
    summary = forms.CharField(label="线索内容", widget=forms.Textarea(attrs={"rows": 4}))
    urgent = forms.BooleanField(
        label="情况紧急（不属本单位管辖时须在24小时内移送）", required=False
    )

    def clean_party_code(self) -> Any:
        code = (self.cleaned_data.get("party_code") or "").strip()
        return resolve_party(self, code) if code else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_party = not data.get("party_code") and not (data.get("party_name") or "").strip()
        if no_party and "party_code" not in self.errors:
            self.add_error("party_name", "请填写当事人代码或名称（不明的写“不详”）。")
        return data


register(
    CaseAction(
        code="clue_register",
        label="登记案件线索",
        form=ClueRegisterForm,
        perform=lambda *, actor, data, **_: clue_register(
            actor=actor,
            organisation=_own_org(actor),
            source=data["source"],
            received_at=data["received_at"],
            summary=data["summary"],
            party=data.get("party_code"),
            party_name=data.get("party_name", ""),
            source_reference=data.get("source_reference", ""),
            location=data.get("location", ""),
            urgent=bool(data.get("urgent")),
        ),
        who="officer",
        target="start",
        help="检查发现、投诉举报、其他单位移送、上级交办或自行发现的线索，先登记后核查。",
        initial=lambda _obj, _user: {"received_at": clock.now().strftime("%Y-%m-%dT%H:%M")},
        order=5,
    )
)


class ClueVerifyForm(CaseActionForm):
    outcome = forms.ChoiceField(
        label="核查结果", choices=VerifyOutcome.CHOICES, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="核查情况（不予立案或移送的，写明理由）", widget=forms.Textarea(attrs={"rows": 4})
    )


register(
    CaseAction(
        code="clue_verify",
        label="核查线索",
        form=ClueVerifyForm,
        perform=lambda *, actor, data, clue, **_: clue_verify(
            clue=clue, actor=actor, outcome=data["outcome"], note=data["note"]
        ),
        who="officer",
        target="clue",
        style="primary",
        help="核查属实且属本单位管辖的，再提请立案；不属本单位管辖的，3个工作日内（紧急的24小时内）移送。",
        rule_ids=("R-2.2-02", "R-2.2-03"),
        order=10,
        extra={"statuses": (ClueStatus.REGISTERED,)},
    )
)


class ClueTransferForm(CaseActionForm):
    to_organisation = OrgChoiceField(
        label="移送至（有管辖权的执法单位）", queryset=Organisation.objects.none()
    )
    reason = forms.CharField(label="移送理由", widget=forms.Textarea(attrs={"rows": 3}))
    materials = forms.CharField(
        label="其他随函移送的材料（每行一项，可不填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = self.clue.organisation_id if self.clue is not None else None
        self.fields["to_organisation"].queryset = (
            Organisation.objects.filter(kind__in=ENFORCING_KINDS, is_active=True)
            .exclude(pk=own)
            .order_by("sort_order", "name")
        )


register(
    CaseAction(
        code="clue_transfer",
        label="批准并移送",
        form=ClueTransferForm,
        perform=lambda *, actor, data, clue, **_: clue_transfer(
            clue=clue,
            actor=actor,
            to_organisation=data["to_organisation"],
            reason=data["reason"],
            materials=[m for m in (data.get("materials") or "").splitlines() if m.strip()],
        ),
        who="head",
        target="clue",
        style="primary",
        help="经本单位负责人批准，以本单位名义一案一移送，生成案件移送函。",
        rule_ids=("R-2.2-04", "R-2.2-02", "R-2.2-03"),
        order=20,
        extra={"statuses": (ClueStatus.TO_TRANSFER,)},
    )
)


# --- permit applications ---------------------------------------------------------------------


class PermitApplyForm(CaseActionForm):
    item_version = ItemChoiceField(
        label="行政许可事项（本单位清单内）", queryset=ItemVersion.objects.none()
    )
    party_code = PartyCodeField(label="申请人统一社会信用代码或身份证号")
    cause = forms.CharField(label="申请事项", max_length=200)
    facts = forms.CharField(
        label="申请材料及情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    received_at = _dt_field("收到申请时间")
    officers = OfficerChoiceField(
        label="承办人员（含本人，至少两名持证人员）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    no_conflict = forms.BooleanField(
        label="本人声明：与申请人无直接利害关系、不是其近亲属、无其他可能影响公正处理的关系（R-1.5-03）",
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.user.organisation
        if org is not None:
            self.fields["item_version"].queryset = items_in_force(
                organisation=org, item_type=ItemType.PERMIT
            ).select_related("item")
            self.fields["officers"].queryset = users_with_role(
                organisation=org, role=Role.OFFICER
            ).order_by("full_name", "id")

    def clean_party_code(self) -> Any:
        return resolve_party(self, self.cleaned_data["party_code"])


register(
    CaseAction(
        code="permit_apply",
        label="登记行政许可申请",
        form=PermitApplyForm,
        perform=lambda *, actor, data, **_: permit_apply(
            actor=actor,
            organisation=_own_org(actor),
            item_version=data["item_version"],
            party=data["party_code"],
            cause=data["cause"],
            facts=data.get("facts", ""),
            officers=list(data["officers"]),
            received_at=data["received_at"],
        ),
        who="officer",
        target="start",
        help="登记收到的许可申请，由承办人员审查后决定受理或者不予受理。",
        rule_ids=("R-1.8-04", "R-1.1-12", "R-1.5-03"),
        initial=lambda _obj, user: {
            "officers": [user.pk],
            "received_at": clock.now().strftime("%Y-%m-%dT%H:%M"),
        },
        order=20,
    )
)


class PermitAcceptForm(CaseActionForm):
    confirm = forms.BooleanField(label="申请材料齐全、符合法定形式，予以受理", required=True)


class PermitNotAcceptForm(CaseActionForm):
    reason = forms.CharField(label="不予受理的理由", widget=forms.Textarea(attrs={"rows": 3}))


register(
    CaseAction(
        code="permit_accept",
        label="受理申请",
        form=PermitAcceptForm,
        perform=lambda *, actor, case, **_: permit_accept(case=case, actor=actor),
        who="handler",
        style="primary",
        help="受理后自动编号，生成受理通知书，开始计算办理期限。",
        rule_ids=("R-1.9-04", "R-1.5-15", "R-1.1-12"),
        order=10,
    )
)
register(
    CaseAction(
        code="permit_not_accept",
        label="不予受理",
        form=PermitNotAcceptForm,
        perform=lambda *, actor, case, data, **_: permit_not_accept(
            case=case, actor=actor, reason=data["reason"]
        ),
        who="handler",
        style="danger",
        help="生成不予受理通知书，载明理由和救济途径。",
        order=11,
    )
)


# --- investigation field steps ---------------------------------------------------------------


class FieldActionForm(CaseActionForm):
    kind = forms.ChoiceField(label="调查措施", choices=FieldActionKind.choices)
    started_at = _dt_field("开始时间")
    ended_at = _dt_field("结束时间")
    place = forms.CharField(label="地点", max_length=200)
    officers = OfficerChoiceField(
        label="在场执法人员（至少两名）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    certificate_shown = forms.BooleanField(
        label="已主动出示行政执法证件、表明身份（R-1.2-09）", required=False
    )
    party_informed = forms.BooleanField(
        label="已告知当事人执法事由、依据和权利义务（R-1.2-09）", required=False
    )
    party_present = forms.BooleanField(label="当事人在场", required=False, initial=True)
    witness = forms.CharField(
        label="见证人（当事人不在场或拒绝到场时填写）", max_length=200, required=False
    )
    record = forms.CharField(
        label="笔录内容（询问笔录逐行以“问：”“答：”开头；责令改正的每行一项改正要求）",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    items = forms.CharField(
        label="物品清单（查封、扣押、抽样、先行登记保存时填写，每行一项）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    av_recorded = forms.BooleanField(
        label="已全程音像记录（查封、扣押及本单位音像记录事项清单所列事项必须，R-1.3-07；"
        "检查、询问、抽样、先行登记保存等容易引发争议的，根据实际情况记录，R-1.3-08）",
        required=False,
    )
    av_media = forms.ChoiceField(
        label="音像记录载体",
        choices=[("video", "录像"), ("audio", "录音"), ("photo", "照片")],
        initial="video",
        required=False,
    )
    av_device_kind = forms.ChoiceField(
        label="记录设备（已音像记录时填写）",
        choices=[("", "——请选择——"), *DeviceKind.choices],
        required=False,
    )
    av_device_label = forms.CharField(label="设备编号", max_length=100, required=False)
    av_precheck_device = forms.BooleanField(
        label="记录前已检查设备性能（R-1.3-10）", required=False
    )
    av_precheck_battery = forms.BooleanField(label="记录前已检查电量（R-1.3-10）", required=False)
    av_precheck_storage = forms.BooleanField(
        label="记录前已检查储存空间（R-1.3-10）", required=False
    )
    av_announced = forms.BooleanField(
        label="开始时已语音说明时间、地点、执法人员、事由、对象和记录环节，并告知正在记录（R-1.3-10）",
        required=False,
    )
    av_note = forms.CharField(
        label="未能音像记录的书面说明（必须音像记录而未能记录的，提交负责人审批，R-1.3-11）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    correction_deadline = forms.DateField(
        label="改正期限（责令改正时填写）", required=False, widget=_DATE
    )
    interviewee_name = forms.CharField(
        label="被询问人姓名（询问时填写，默认当事人负责人）", max_length=100, required=False
    )
    interviewee_id_number = forms.CharField(
        label="被询问人身份证件号码", max_length=30, required=False
    )
    interviewee_role = forms.CharField(
        label="被询问人与本案关系", max_length=50, required=False, initial="当事人"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["officers"].queryset = User.objects.filter(
                case_assignments__case=self.case, case_assignments__removed_at__isnull=True
            ).order_by("full_name", "id")


def _field_action(*, actor: User, case: Any, data: dict[str, Any], **_: Any) -> Any:
    interviewee = None
    if data.get("interviewee_name"):
        interviewee = {
            "name": data["interviewee_name"],
            "id_number": data.get("interviewee_id_number", ""),
            "role": data.get("interviewee_role") or "当事人",
        }
    field_action_record(
        case=case,
        actor=actor,
        kind=data["kind"],
        started_at=data["started_at"],
        ended_at=data["ended_at"],
        place=data["place"],
        officers=list(data["officers"]),
        certificate_shown=bool(data.get("certificate_shown")),
        party_informed=bool(data.get("party_informed")),
        record=data["record"],
        party_present=bool(data.get("party_present")),
        witness=data.get("witness", ""),
        items=data.get("items", ""),
        av_recorded=bool(data.get("av_recorded")),
        av_note=data.get("av_note", ""),
        correction_deadline=data.get("correction_deadline"),
        interviewee=interviewee,
        av_media=data.get("av_media") or "video",
        av_device_kind=data.get("av_device_kind") or "",
        av_device_label=data.get("av_device_label", ""),
        av_precheck_device=bool(data.get("av_precheck_device")),
        av_precheck_battery=bool(data.get("av_precheck_battery")),
        av_precheck_storage=bool(data.get("av_precheck_storage")),
        av_announced=bool(data.get("av_announced")),
    )
    return case


register(
    CaseAction(
        code="field_action_record",
        label="记录调查措施",
        form=FieldActionForm,
        perform=_field_action,
        who="handler",
        field_step=True,
        style="primary",
        help="现场检查、询问、抽样、先行登记保存、查封扣押、责令改正：两名以上执法人员在场，出示证件、告知权利。",
        rule_ids=(
            "R-1.2-09",
            "R-1.1-12",
            "R-4.8-05",
            "R-1.3-07",
            "R-1.3-08",
            "R-1.3-10",
            "R-1.3-11",
        ),
        initial=lambda _case, user: {"officers": [user.pk], "party_present": True},
        order=20,
    )
)


# --- crime transfer --------------------------------------------------------------------------


class CrimeTransferRequestForm(CaseActionForm):
    police = OrgChoiceField(label="移送公安机关", queryset=Organisation.objects.none())
    procuratorate = OrgChoiceField(
        label="备案人民检察院", queryset=Organisation.objects.none(), required=False
    )
    suspected_offence = forms.CharField(label="涉嫌罪名", max_length=200)
    reasons = forms.CharField(label="移送理由", widget=forms.Textarea(attrs={"rows": 4}))
    materials = forms.MultipleChoiceField(
        label="移送材料（R-2.3-03）",
        choices=CrimeMaterial.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(REQUIRED_CRIME_MATERIALS),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["police"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.PUBLIC_SECURITY, is_active=True
        ).order_by("sort_order", "name")
        self.fields["procuratorate"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.PROCURATORATE, is_active=True
        ).order_by("sort_order", "name")


register(
    CaseAction(
        code="crime_transfer_request",
        label="提请移送涉嫌犯罪案件",
        form=CrimeTransferRequestForm,
        perform=lambda *, actor, case, data, **_: (
            crime_transfer_request(
                case=case,
                actor=actor,
                police=data["police"],
                suspected_offence=data["suspected_offence"],
                reasons=data["reasons"],
                materials=list(data["materials"]),
                procuratorate=data.get("procuratorate"),
            ).case
        ),
        who="handler",
        style="danger",
        help="涉嫌犯罪的，应当移送公安机关，不得以行政处罚代替移送；提请后等待负责人审批。",
        rule_ids=("R-2.2-10", "R-3.1-06", "R-2.3-03"),
        when=lambda case, _viewer: not case.crime_suspected,
        order=60,
    )
)


class CrimeTransferApproveForm(DeclarationMixin, CaseActionForm):
    opinion = forms.CharField(
        label="负责人意见", initial="同意移送。", widget=forms.Textarea(attrs={"rows": 2})
    )


class CrimeTransferRejectForm(CaseActionForm):
    opinion = forms.CharField(
        label="不予移送的理由（经审查不构成犯罪）", widget=forms.Textarea(attrs={"rows": 3})
    )


register(
    CaseAction(
        code="crime_transfer_approve",
        label="批准移送司法机关",
        form=CrimeTransferApproveForm,
        perform=lambda *, actor, case, data, **_: crime_transfer_approve(
            case=case,
            actor=actor,
            opinion=data["opinion"],
            has_conflict=data["has_conflict"],
            ground=data.get("ground", ""),
            note=data.get("declaration_note", ""),
        ),
        who="head",
        style="primary",
        help="批准后生成涉嫌犯罪案件移送书，同时报送人民检察院备案。",
        rule_ids=("R-2.2-04", "R-2.2-10", "R-2.3-16", "R-1.5-03"),
        when=lambda case, _viewer: bool(case.crime_suspected),
        order=60,
    )
)
register(
    CaseAction(
        code="crime_transfer_reject",
        label="不予移送",
        form=CrimeTransferRejectForm,
        perform=lambda *, actor, case, data, **_: crime_transfer_reject(
            case=case, actor=actor, opinion=data["opinion"]
        ),
        who="head",
        style="danger",
        when=lambda case, _viewer: bool(case.crime_suspected),
        order=61,
    )
)

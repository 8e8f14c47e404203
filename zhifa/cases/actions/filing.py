"""Case actions of filing (立案): the request (a start action) and the head's decision."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.constants import Role
from zhifa.accounts.models import User
from zhifa.accounts.selectors import users_with_role
from zhifa.cases.actions import CaseAction, CaseActionForm, register
from zhifa.cases.constants import ClueStatus, RecusalGround
from zhifa.cases.models import Clue
from zhifa.cases.services.filing import case_file_approve, case_file_reject, case_file_request
from zhifa.catalog.constants import ItemType
from zhifa.catalog.models import ItemVersion
from zhifa.catalog.selectors.items import items_in_force
from zhifa.core.errors import DomainError
from zhifa.subjects.selectors import entity_get_by_code


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.full_name or obj.username


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ItemVersion) -> str:  # type: ignore[override]
        return f"{obj.item.code} {obj.name}"


class PartyCodeField(forms.CharField):
    """A party by its 统一社会信用代码 or ID number, looked up in the directory."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "当事人统一社会信用代码或身份证号")
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "help_text", "当事人须已在市场主体名录中；不在名录中的，请先在名录中登记。"
        )
        super().__init__(**kwargs)


def resolve_party(form: CaseActionForm, code: str) -> Any:
    party = entity_get_by_code(user=form.user, code=code)
    if party is None:
        raise forms.ValidationError(
            "名录中没有该统一社会信用代码或身份证号的当事人，请核对，或先在市场主体名录中登记。"
        )
    return party


class DeclarationMixin(forms.Form):
    """The actor's recusal declaration (R-1.5-03) carried by an approval or a review form."""

    has_conflict = forms.TypedChoiceField(
        label="回避声明",
        choices=(("no", "本人与本案当事人无利害关系，无需回避"), ("yes", "本人存在回避情形")),
        coerce=lambda v: v == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )
    ground = forms.ChoiceField(
        label="回避事由（声明回避时填写）",
        choices=[("", "——")] + list(RecusalGround.choices),
        required=False,
    )
    declaration_note = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_conflict") and not data.get("ground"):
            self.add_error("ground", "声明回避的，请选择回避事由。")
        return data


class FileRequestForm(CaseActionForm):
    clue = forms.ModelChoiceField(
        label="案件线索",
        queryset=Clue.objects.none(),
        required=False,
        help_text="由已核查的线索立案的，请选择线索。",
    )
    item_version = ItemChoiceField(
        label="执法事项（本单位清单内）", queryset=ItemVersion.objects.none()
    )
    party_code = PartyCodeField()
    cause = forms.CharField(label="案由", max_length=200)
    facts = forms.CharField(label="简要案情", widget=forms.Textarea(attrs={"rows": 4}))
    officers = OfficerChoiceField(
        label="承办人员（含本人，至少两名持证人员）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    request_note = forms.CharField(
        label="承办人意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    no_conflict = forms.BooleanField(
        label="本人声明：与本案当事人无直接利害关系、不是其近亲属、无其他可能影响公正处理的关系（R-1.5-03）",
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.user.organisation
        if org is not None:
            self.fields["item_version"].queryset = items_in_force(
                organisation=org, item_type=ItemType.PENALTY
            ).select_related("item")
            self.fields["officers"].queryset = users_with_role(
                organisation=org, role=Role.OFFICER
            ).order_by("full_name", "id")
            self.fields["clue"].queryset = Clue.objects.filter(
                organisation=org, status=ClueStatus.VERIFIED
            )

    def clean_party_code(self) -> Any:
        return resolve_party(self, self.cleaned_data["party_code"])


def _file_request(*, actor: User, data: dict[str, Any], **_: Any) -> Any:
    if actor.organisation is None:
        raise DomainError("您的账号未归属任何单位，不能提请立案。")
    return case_file_request(
        actor=actor,
        organisation=actor.organisation,
        item_version=data["item_version"],
        party=data["party_code"],
        cause=data["cause"],
        facts=data["facts"],
        officers=list(data["officers"]),
        clue=data.get("clue"),
        request_note=data.get("request_note", ""),
    )


def _file_request_initial(clue: Any, user: User) -> dict[str, Any]:
    return {"officers": [user.pk]}


register(
    CaseAction(
        code="file_request",
        label="提请立案",
        form=FileRequestForm,
        perform=_file_request,
        who="officer",
        target="start",
        style="primary",
        help="填写立案审批表的内容，提交本单位负责人审批；批准后自动编号。",
        rule_ids=("R-1.1-12", "R-1.8-04", "R-1.5-03", "R-1.9-04"),
        initial=_file_request_initial,
        order=10,
    )
)


class FileApproveForm(DeclarationMixin, CaseActionForm):
    opinion = forms.CharField(
        label="负责人意见", initial="同意立案。", widget=forms.Textarea(attrs={"rows": 2})
    )


class FileRejectForm(CaseActionForm):
    opinion = forms.CharField(label="不予立案的理由", widget=forms.Textarea(attrs={"rows": 3}))


register(
    CaseAction(
        code="file_approve",
        label="批准立案",
        form=FileApproveForm,
        perform=lambda *, case, actor, data, **_: case_file_approve(
            case=case,
            actor=actor,
            opinion=data["opinion"],
            has_conflict=data["has_conflict"],
            ground=data.get("ground", ""),
            note=data.get("declaration_note", ""),
        ),
        who="head",
        style="primary",
        rule_ids=("R-1.9-04", "R-1.5-03", "R-1.1-12", "R-1.5-15"),
        order=10,
    )
)
register(
    CaseAction(
        code="file_reject",
        label="不予立案",
        form=FileRejectForm,
        perform=lambda *, case, actor, data, **_: case_file_reject(
            case=case, actor=actor, opinion=data["opinion"]
        ),
        who="head",
        style="danger",
        order=11,
    )
)

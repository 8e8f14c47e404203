"""Case actions of the people on a case: recusal declarations (R-1.5-03), adding an officer and
replacing one who withdrew on recusal (zhifa/cases/services/officers.py)."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.constants import Role
from zhifa.accounts.models import User
from zhifa.cases.actions import CaseAction, CaseActionForm, Viewer, register
from zhifa.cases.actions.filing import DeclarationMixin
from zhifa.cases.constants import Capacity
from zhifa.cases.models import Case, CaseOfficer
from zhifa.cases.services.common import is_head_of
from zhifa.cases.services.officers import officer_assign, officer_replace, recusal_declare


def _name(user: User) -> str:
    return user.full_name or user.username


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return _name(obj)


class RemovedOfficerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CaseOfficer) -> str:  # type: ignore[override]
        return f"{_name(obj.user)}（{obj.removed_reason or '已撤出'}）"


def _capacities(case: Case, user: User) -> list[tuple[str, str]]:
    """The capacities in which ``user`` may declare on ``case`` (the service checks again)."""
    own = user.organisation
    in_scope = own is not None and case.organisation.path.startswith(own.path)
    choices = []
    if case.officers.filter(user=user, removed_at__isnull=True).exists():
        choices.append(Capacity.HANDLER)
    if is_head_of(user, case.organisation):
        choices.append(Capacity.APPROVER)
    if in_scope and user.has_role(Role.LEGAL_REVIEWER):
        choices.append(Capacity.REVIEWER)
    if in_scope:
        choices += [Capacity.DISCUSSANT, Capacity.HEARING_HOST]
    return [(c.value, c.label) for c in choices]


class RecusalDeclareForm(DeclarationMixin, CaseActionForm):
    """R-1.5-03: declare, in one capacity, whether one has a relation with the parties."""

    capacity = forms.ChoiceField(label="声明身份", choices=())
    field_order = ("capacity", "has_conflict", "ground", "declaration_note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["capacity"].choices = _capacities(self.case, self.user)


def _recusal_declare(*, case: Case, actor: User, data: dict[str, Any], **_: Any) -> Case:
    recusal_declare(
        case=case,
        actor=actor,
        capacity=data["capacity"],
        has_conflict=data["has_conflict"],
        ground=data.get("ground", ""),
        note=data.get("declaration_note", ""),
    )
    return case


register(
    CaseAction(
        code="recusal_declare",
        label="回避声明",
        form=RecusalDeclareForm,
        perform=_recusal_declare,
        who="on_case",
        help="办案、审核、审批、讨论、主持听证前，声明与本案当事人有无利害关系；"
        "存在回避情形的，不得再以该身份参与本案。",
        rule_ids=("R-1.5-03",),
        order=90,
    )
)


def _unit_officers(case: Case) -> Any:
    """Active officers of the case's unit who do not handle the case now."""
    current = case.officers.filter(removed_at__isnull=True).values("user_id")
    return (
        User.objects.filter(
            organisation=case.organisation, roles__role=Role.OFFICER, is_active=True
        )
        .exclude(pk__in=current)
        .distinct()
        .order_by("full_name", "id")
    )


class OfficerAssignForm(CaseActionForm):
    user = UserChoiceField(
        label="增加的承办人员（协办人）",
        queryset=User.objects.none(),
        help_text="须持有对本事项执法类型有效的执法证件（R-1.1-12）。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["user"].queryset = _unit_officers(self.case)


def _is_lead_or_head(case: Case, viewer: Viewer) -> bool:
    return viewer.is_head or viewer.is_handler


register(
    CaseAction(
        code="officer_assign",
        label="增加承办人员",
        form=OfficerAssignForm,
        perform=lambda *, case, actor, data, **_: (
            officer_assign(case=case, actor=actor, user=data["user"]) and case
        ),
        who="on_case",
        when=_is_lead_or_head,
        help="由本案主办人或本单位负责人指派；新增人员办案前须作出回避声明。",
        rule_ids=("R-1.1-12",),
        order=91,
    )
)


class OfficerReplaceForm(CaseActionForm):
    removed = RemovedOfficerField(label="回避撤出的承办人员", queryset=CaseOfficer.objects.none())
    replacement = UserChoiceField(label="替换人员", queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["removed"].queryset = CaseOfficer.objects.filter(
                case=self.case, removed_at__isnull=False, replaced_by__isnull=True
            ).select_related("user")
            self.fields["replacement"].queryset = _unit_officers(self.case)


register(
    CaseAction(
        code="officer_replace",
        label="替换回避人员",
        form=OfficerReplaceForm,
        perform=lambda *, case, actor, data, **_: (
            officer_replace(
                case=case, actor=actor, removed=data["removed"], replacement=data["replacement"]
            )
            and case
        ),
        who="head",
        help="承办人员声明回避后，由负责人指定替换人员；案件记录谁替换了谁（R-1.5-03）。",
        rule_ids=("R-1.5-03", "R-1.1-12"),
        order=92,
    )
)

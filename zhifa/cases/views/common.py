"""What the action pages and the API share: who may see an action, binding and performing it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zhifa.accounts.constants import Role
from zhifa.accounts.selectors import can_see_organisation
from zhifa.cases import workflow
from zhifa.cases.actions import (
    CaseAction,
    CaseActionForm,
    _who_matches,
    available_actions,
    load,
)
from zhifa.cases.models import Case, Clue
from zhifa.cases.services.common import is_head_of
from zhifa.core.errors import DomainError, TransitionNotAllowed

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.cases.actions import Viewer


def start_actions_for(user: User) -> list[CaseAction]:
    """Start actions (a new case or clue) the user may take: an officer's or a head's."""
    return sorted(
        (a for a in load().values() if a.target == "start" and start_allowed(a, user)),
        key=lambda a: a.order,
    )


def start_allowed(action: CaseAction, user: User) -> bool:
    if not user.is_active or user.organisation is None:
        return False
    if action.who == "head":
        return user.has_role(Role.UNIT_HEAD)
    if action.who == "reviewer":
        return user.has_role(Role.LEGAL_REVIEWER)
    if action.who == "archivist":
        return user.has_role(Role.ARCHIVIST)
    return user.has_role(Role.OFFICER)


def clue_actions_for(clue: Clue, user: User) -> list[CaseAction]:
    return sorted(
        (a for a in load().values() if a.target == "clue" and clue_allowed(a, clue, user)),
        key=lambda a: a.order,
    )


def clue_allowed(action: CaseAction, clue: Clue, user: User) -> bool:
    """A clue action is shown when the clue is in one of its statuses (``extra["statuses"]``)
    and the user is an officer (or the head, for head actions) of the clue's unit."""
    statuses = action.extra.get("statuses")
    if statuses is not None and clue.status not in statuses:
        return False
    if not user.is_active or not can_see_organisation(user=user, organisation=clue.organisation):
        return False
    if action.who == "head":
        return is_head_of(user, clue.organisation)
    if action.who == "reviewer":
        return user.has_role(Role.LEGAL_REVIEWER)
    return user.has_role(Role.OFFICER) and not user.is_county_wide


@dataclass
class Gate:
    """Why an action may not be taken here: ``status`` 403 (not theirs) or 409 (not now)."""

    status: int
    message: str


def own_work(action: CaseAction, viewer: Viewer) -> bool:
    """A head's or reviewer's step on a case the viewer handles: nobody approves or reviews
    their own work (the service refuses it too), so it is not offered."""
    return action.who in ("head", "reviewer") and viewer.is_handler


def case_actions_for(case: Case, viewer: Viewer) -> list[CaseAction]:
    """The next allowed actions on the case for the viewer, without their own work's
    approvals and reviews."""
    return [a for a in available_actions(case, viewer) if not own_work(a, viewer)]


def case_action_gate(action: CaseAction, case: Case, viewer: Viewer) -> Gate | None:
    """None when the viewer may take ``action`` on ``case`` now; else why not."""
    if own_work(action, viewer):
        return Gate(
            403,
            f"您是本案的承办人员，不能“{action.label}”：不得审批、审核自己办理的案件，"
            "请由其他负责人或审核人员办理。",
        )
    if not _who_matches(action.who, viewer) or (
        action.when is not None and not action.when(case, viewer)
    ):
        return Gate(403, f"您不能在本案办理“{action.label}”：这一步不由您办理。")
    try:
        workflow.require_transition(case, action.code)
    except TransitionNotAllowed as exc:
        return Gate(409, exc.message)
    return None


def bind_form(
    action: CaseAction,
    *,
    user: User,
    data: Any = None,
    files: Any = None,
    case: Case | None = None,
    clue: Clue | None = None,
) -> CaseActionForm:
    """The action's form bound to ``data`` (or unbound with its initial values)."""
    if data is None:
        initial: dict[str, Any] = {}
        if action.initial is not None:
            initial = action.initial(case if case is not None else clue, user) or {}
        return action.form(initial=initial, user=user, case=case, clue=clue)
    return action.form(data, files, user=user, case=case, clue=clue)


def perform(
    action: CaseAction,
    form: CaseActionForm,
    *,
    user: User,
    case: Case | None = None,
    clue: Clue | None = None,
) -> Any:
    """Call the action's service with the form's cleaned data. A refusal (DomainError and its
    subclasses) is put on the form — on its field when the form has it — and re-raised."""
    try:
        return action.perform(case=case, clue=clue, actor=user, data=form.cleaned_data)
    except DomainError as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        raise

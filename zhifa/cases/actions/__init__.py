"""Case actions: one registry that the case page, the action pages and the REST API all use.

An action couples a workflow step (zhifa/cases/workflow.py) with the Django form that takes its
input and the service that performs it. The web view renders the form (keeping what was typed,
Chinese errors) and the API binds the same form to the JSON body (structured 400 on errors), so
a step behaves the same in both. ``available`` is a cheap check (status, kind, the viewer's
standing on the case — no queries) used to show only the next allowed actions; the service
checks everything again.

Areas register their actions in their own module (``zhifa/cases/actions/<area>.py``) with
:func:`register`; :func:`load` imports them all.

Targets: ``"case"`` actions run on a case; ``"clue"`` actions on a clue; ``"start"`` actions
create a case or a clue (no target).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django import forms

from zhifa.cases import workflow

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.cases.models import Case, Clue

AREAS = (
    "zhifa.cases.actions.filing",
    "zhifa.cases.actions.intake",
    "zhifa.cases.actions.decision",
    "zhifa.cases.actions.closing",
    "zhifa.cases.actions.people",
)

Who = Literal["handler", "head", "reviewer", "archivist", "on_case", "officer"]


@dataclass(frozen=True)
class Viewer:
    """The viewer's standing on one case, computed once per page (selectors.viewer_for)."""

    user: User
    is_handler: bool = False  # an active officer on the case
    is_head: bool = False  # unit head of the case's unit (or above)
    is_reviewer: bool = False  # legal reviewer of the case's unit (or above)
    is_archivist: bool = False  # archivist of the case's unit (or above)
    can_see: bool = True

    @property
    def on_case(self) -> bool:
        return self.is_handler or self.is_head or self.is_reviewer


class CaseActionForm(forms.Form):
    """Base form of an action. ``case`` is None for start actions; ``clue`` for clue actions.

    Subclasses narrow querysets (officers of the case, units in scope …) in ``__init__``.
    """

    def __init__(
        self,
        *args: Any,
        user: User,
        case: Case | None = None,
        clue: Clue | None = None,
        **kwargs: Any,
    ) -> None:
        self.user = user
        self.case = case
        self.clue = clue
        super().__init__(*args, **kwargs)


Perform = Callable[..., Any]  # perform(*, actor, data, case=None, clue=None) -> Case | Clue


@dataclass(frozen=True)
class CaseAction:
    code: str  # the workflow action (for "case"), or a start/clue action code
    label: str  # the button, in Chinese
    form: type[CaseActionForm]
    perform: Perform  # calls the service; returns the case (or clue)
    who: Who  # whose action it is (shown only to them; the service decides)
    target: Literal["case", "clue", "start"] = "case"
    field_step: bool = False  # done in the field: the page is laid out for a phone
    style: Literal["primary", "default", "danger"] = "default"
    help: str = ""  # one line under the title of the action page
    rule_ids: tuple[str, ...] = ()  # the rules the step enforces (shown on the action page)
    when: Callable[[Case, Viewer], bool] | None = None  # a further cheap condition
    initial: Callable[[Any, User], dict[str, Any]] | None = None  # initial form data
    order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)

    def available(self, case: Case, viewer: Viewer) -> bool:
        """May ``viewer`` see this action on ``case`` now? No queries."""
        if self.target != "case":
            return False
        if not workflow.allowed(
            self.code, status=case.status, kind=case.kind, procedure=case.procedure
        ):
            return False
        if not _who_matches(self.who, viewer):
            return False
        return self.when is None or bool(self.when(case, viewer))


def _who_matches(who: Who, viewer: Viewer) -> bool:
    return {
        "handler": viewer.is_handler,
        "head": viewer.is_head,
        "reviewer": viewer.is_reviewer,
        "archivist": viewer.is_archivist or viewer.is_head,
        "on_case": viewer.on_case,
        "officer": viewer.is_handler,
    }[who]


ACTIONS: dict[str, CaseAction] = {}


def register(action: CaseAction) -> CaseAction:
    key = f"{action.target}:{action.code}"
    if key in ACTIONS:
        raise ValueError(f"case action {key} registered twice")
    if action.target == "case" and action.code not in workflow.TRANSITIONS:
        raise ValueError(f"case action {action.code} has no workflow transition")
    ACTIONS[key] = action
    return action


_loaded = False


def load() -> dict[str, CaseAction]:
    """Import every area's actions once; returns the registry."""
    global _loaded
    if not _loaded:
        for module in AREAS:
            importlib.import_module(module)
        _loaded = True
    return ACTIONS


def get(target: str, code: str) -> CaseAction | None:
    return load().get(f"{target}:{code}")


def available_actions(case: Case, viewer: Viewer) -> list[CaseAction]:
    """The next allowed actions on ``case`` for ``viewer``, in order."""
    return sorted((a for a in load().values() if a.available(case, viewer)), key=lambda a: a.order)


def start_actions(user: User) -> list[CaseAction]:
    return sorted((a for a in load().values() if a.target == "start"), key=lambda a: a.order)

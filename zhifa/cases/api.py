"""HTTP API of the cases app, mounted at /api/v1/cases/: the list (same filters as the page,
keyset pages), one case (header, timeline, the action codes the caller may take), every
registered action through the same form and service as the pages, clues, the approval queue.

Errors are structured: ``{"code": "...", "message": "中文说明", "field": ..., "errors": {...}}``
with 400 (the form refused the input: ``errors`` per field), 403 (not the caller's step), 404
(unknown or out of scope), 409 (not allowed in the case's status).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhifa.cases.actions import CaseAction, CaseActionForm, get
from zhifa.cases.constants import CaseStatus
from zhifa.cases.models import Case, Clue
from zhifa.cases.selectors.cases import (
    WAITING_FOR,
    CaseFilters,
    case_get_for_user,
    case_list_for_user,
    case_list_page,
    case_page,
    viewer_for,
)
from zhifa.cases.selectors.queues import (
    ClueFilters,
    approval_queue_for_user,
    clue_get_for_user,
    clue_list_for_user,
)
from zhifa.cases.views.common import (
    bind_form,
    case_action_gate,
    case_actions_for,
    clue_actions_for,
    clue_allowed,
    perform,
    start_actions_for,
    start_allowed,
)
from zhifa.catalog.constants import ItemType
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.core.params import int_param

router = Router(tags=["cases"])

MAX_LIMIT = 100


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")


class FormInvalid(DomainError):
    """The action's form refused the input; ``errors`` lists the messages per field."""

    def __init__(self, form: CaseActionForm) -> None:
        errors = {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
        first = next(iter(errors), None)
        super().__init__(
            "提交的内容有误，请按提示修改："
            + "；".join(m for msgs in errors.values() for m in msgs),
            code="invalid_form",
            field=None if first == "__all__" else first,
        )
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return {**super().as_dict(), "errors": self.errors}


class CaseOut(Schema):
    id: int
    number: str | None
    display_number: str
    status: str
    status_label: str
    kind: str
    procedure: str
    organisation_id: int
    organisation_name: str
    party_id: int
    party_name: str
    cause: str
    waiting_for: str
    created_at: dt.datetime
    filed_at: dt.datetime | None
    decided_at: dt.datetime | None


class CaseListOut(Schema):
    items: list[CaseOut]
    next: str | None


class EventOut(Schema):
    at: dt.datetime
    action: str
    summary: str
    status_after: str
    actor: str | None
    document_id: int | None


class OfficerOut(Schema):
    user_id: int
    name: str
    capacity: str
    removed_at: dt.datetime | None
    removed_reason: str
    replaced_by_user_id: int | None


class TimeLimitOut(Schema):
    id: int
    rule_id: str
    label: str
    state: str
    due_date: dt.date


class CaseDetailOut(CaseOut):
    facts: str
    item_code: str
    item_name: str
    officers: list[OfficerOut]
    timeline: list[EventOut]
    time_limits: list[TimeLimitOut]
    document_ids: list[int]
    actions: list[str]


class ClueOut(Schema):
    id: int
    status: str
    status_label: str
    source: str
    organisation_id: int
    party_name: str
    summary: str
    received_at: dt.datetime
    case_id: int | None = None
    actions: list[str] = []


class ApprovalOut(Schema):
    id: int
    kind: str
    kind_label: str
    case_id: int
    case_number: str
    cause: str
    party_name: str
    requested_by: str
    requested_at: dt.datetime


class ResultOut(Schema):
    type: str
    id: int
    status: str
    number: str | None = None


def _name(user: Any) -> str | None:
    return (user.full_name or user.username) if user is not None else None


def _case_out(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "number": case.number,
        "display_number": case.display_number,
        "status": case.status,
        "status_label": case.get_status_display(),
        "kind": case.kind,
        "procedure": case.procedure,
        "organisation_id": case.organisation_id,
        "organisation_name": case.organisation.display_name,
        "party_id": case.party_id,
        "party_name": case.party.name,
        "cause": case.cause,
        "waiting_for": WAITING_FOR.get(case.status, ""),
        "created_at": case.created_at,
        "filed_at": case.filed_at,
        "decided_at": case.decided_at,
    }


def _clue_out(clue: Clue, *, actions: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": clue.pk,
        "status": clue.status,
        "status_label": clue.get_status_display(),
        "source": clue.source,
        "organisation_id": clue.organisation_id,
        "party_name": clue.party_label or "",
        "summary": clue.summary,
        "received_at": clue.received_at,
        "case_id": getattr(getattr(clue, "case", None), "pk", None)
        if actions is not None
        else None,
        "actions": actions or [],
    }


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _case(request: HttpRequest, case_id: str) -> Case:
    case = case_get_for_user(user=_user(request), case_id=int_param(case_id))
    if case is None:
        raise NotFound("案件不存在，或者您无权查看。")
    return case


def _clue(request: HttpRequest, clue_id: str) -> Clue:
    clue = clue_get_for_user(user=_user(request), clue_id=int_param(clue_id))
    if clue is None:
        raise NotFound("线索不存在，或者您无权查看。")
    return clue


def _action(target: str, code: str) -> CaseAction:
    action = get(target, code)
    if action is None:
        raise NotFound(f"没有“{code}”这一办理事项。")
    return action


def _body(request: HttpRequest) -> dict[str, Any]:
    """The JSON object of the request, as form data (lists stay lists, null is empty)."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise DomainError("请求内容不是有效的 JSON。", code="invalid_json") from exc
    if not isinstance(data, dict):
        raise DomainError("请求内容应为 JSON 对象（字段名: 值）。", code="invalid_json")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            out[str(key)] = ""
        elif isinstance(value, list):
            out[str(key)] = [str(v) for v in value]
        elif isinstance(value, bool):
            out[str(key)] = value
        else:
            out[str(key)] = str(value)
    return out


def _run(
    request: HttpRequest, action: CaseAction, *, case: Case | None = None, clue: Clue | None = None
) -> dict[str, Any]:
    user = _user(request)
    form = bind_form(action, user=user, data=_body(request), case=case, clue=clue)
    if not form.is_valid():
        raise FormInvalid(form)
    result = perform(action, form, user=user, case=case, clue=clue)
    target = result if isinstance(result, Case | Clue) else (case or clue)
    if isinstance(target, Case):
        return {"type": "case", "id": target.pk, "status": target.status, "number": target.number}
    if isinstance(target, Clue):
        return {"type": "clue", "id": target.pk, "status": target.status}
    return {"type": "none", "id": 0, "status": ""}


# --- cases -----------------------------------------------------------------------------------


@router.get("/", response=CaseListOut, summary="Cases I may see, newest first (keyset pages)")
def case_list(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    status: str = "",
    kind: str = "",
    organisation: str = "",
    mine: bool = False,
    waiting_for_me: bool = False,
    q: str = "",
    after: str = "",
    limit: str = "30",
):
    if status and status not in CaseStatus.values:
        raise DomainError(f"状态 {status} 无效。", code="invalid_filter", field="status")
    if kind and kind not in ItemType.values:
        raise DomainError(f"类型 {kind} 无效。", code="invalid_filter", field="kind")
    size = int_param(limit)
    if size is None or not 1 <= size <= MAX_LIMIT:
        raise DomainError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间。", code="invalid_filter", field="limit"
        )
    org_id = int_param(organisation) if organisation else None
    if organisation and org_id is None:
        raise DomainError(
            "organisation 应为单位编号。", code="invalid_filter", field="organisation"
        )
    filters = CaseFilters(
        status=status,
        kind=kind,
        organisation_id=org_id,
        mine=mine,
        waiting_for_me=waiting_for_me,
        q=q.strip()[:100],
    )
    page = case_list_page(
        case_list_for_user(user=_user(request), filters=filters), after=after, size=size
    )
    return {"items": [_case_out(r.case) for r in page.rows], "next": page.next_cursor}


@router.get("/approvals/", response=list[ApprovalOut], summary="Approvals waiting for me")
def approvals(request: HttpRequest):  # type: ignore[no-untyped-def]
    return [
        {
            "id": a.pk,
            "kind": a.kind,
            "kind_label": a.get_kind_display(),
            "case_id": a.case_id,
            "case_number": a.case.display_number,
            "cause": a.case.cause,
            "party_name": a.case.party.name,
            "requested_by": _name(a.requested_by) or "",
            "requested_at": a.requested_at,
        }
        for a in approval_queue_for_user(user=_user(request))[:200]
    ]


@router.get("/start/", response=list[str], summary="Start actions I may take")
def start_codes(request: HttpRequest):  # type: ignore[no-untyped-def]
    return [a.code for a in start_actions_for(_user(request))]


@router.post("/start/{code}", response={201: ResultOut}, summary="Open a case or a clue")
def start(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    action = _action("start", code)
    if not start_allowed(action, _user(request)):
        raise PermissionDenied(f"您不能办理“{action.label}”。")
    return Status(201, _run(request, action))


# --- clues -----------------------------------------------------------------------------------


@router.get("/clues/", response=list[ClueOut], summary="Clues I may see")
def clues(  # type: ignore[no-untyped-def]
    request: HttpRequest, status: str = "", source: str = "", q: str = "", limit: str = "50"
):
    size = int_param(limit)
    if size is None or not 1 <= size <= MAX_LIMIT:
        raise DomainError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间。", code="invalid_filter", field="limit"
        )
    qs = clue_list_for_user(
        user=_user(request), filters=ClueFilters(status=status, source=source, q=q[:100])
    )
    return [_clue_out(c) for c in qs[:size]]


@router.get("/clues/{clue_id}", response=ClueOut, summary="One clue")
def clue_detail(request: HttpRequest, clue_id: str):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    return _clue_out(clue, actions=[a.code for a in clue_actions_for(clue, _user(request))])


@router.post("/clues/{clue_id}/actions/{code}", response=ResultOut, summary="Act on a clue")
def clue_action(request: HttpRequest, clue_id: str, code: str):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    action = _action("clue", code)
    if not clue_allowed(action, clue, _user(request)):
        statuses = action.extra.get("statuses")
        if statuses is not None and clue.status not in statuses:
            raise TransitionNotAllowed(
                f"线索当前处于“{clue.get_status_display()}”，不能{action.label}。"
            )
        raise PermissionDenied(f"您不能对该线索办理“{action.label}”。")
    return _run(request, action, clue=clue)


# --- one case ----------------------------------------------------------------------------------


@router.get("/{case_id}", response=CaseDetailOut, summary="One case: header, timeline, actions")
def case_detail(request: HttpRequest, case_id: str):  # type: ignore[no-untyped-def]
    case = _case(request, case_id)
    viewer = viewer_for(case=case, user=_user(request))
    data = case_page(case=case, viewer=viewer)
    return {
        **_case_out(case),
        "facts": case.facts,
        "item_code": case.item_version.item.code,
        "item_name": case.item_version.name,
        "officers": [
            {
                "user_id": o.user_id,
                "name": _name(o.user),
                "capacity": o.capacity,
                "removed_at": o.removed_at,
                "removed_reason": o.removed_reason,
                "replaced_by_user_id": o.replaced_by.user_id if o.replaced_by else None,
            }
            for o in data.officers + data.removed_officers
        ],
        "timeline": [
            {
                "at": e.at,
                "action": e.action,
                "summary": e.summary,
                "status_after": e.status_after,
                "actor": _name(e.actor),
                "document_id": e.document_id,
            }
            for e in data.events
        ],
        "time_limits": [
            {
                "id": ob.pk,
                "rule_id": ob.rule_id,
                "label": ob.label,
                "state": ob.state,
                "due_date": ob.due_date,
            }
            for ob in data.time_limits
        ],
        "document_ids": [d.pk for d in data.documents],
        "actions": [a.code for a in case_actions_for(case, viewer)],
    }


@router.post("/{case_id}/actions/{code}", response=ResultOut, summary="Take a step on a case")
def case_action(request: HttpRequest, case_id: str, code: str):  # type: ignore[no-untyped-def]
    case = _case(request, case_id)
    action = _action("case", code)
    gate = case_action_gate(action, case, viewer_for(case=case, user=_user(request)))
    if gate is not None and gate.status == 403:
        raise PermissionDenied(gate.message)
    if gate is not None:
        raise TransitionNotAllowed(gate.message)
    return _run(request, action, case=case)

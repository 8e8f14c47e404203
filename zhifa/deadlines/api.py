"""``/api/v1/deadlines/``: obligations (scoped), one obligation, the board, a scan (sysadmin).

Errors are structured: ``{"code": "...", "message": "中文说明", "field": ...}`` with 400 (bad
filter), 403 (not allowed), 404 (not found or not in scope).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from zhifa.accounts.permissions import is_sysadmin
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.scan import deadlines_scan
from zhifa.deadlines.selectors import (
    STATE_FILTER_ALL,
    STATE_FILTER_OPEN,
    ObligationFilters,
    UnitCounts,
    board_for_user,
    obligation_get_for_user,
    obligation_history,
    obligation_list_for_user,
)

router = Router(tags=["deadlines"])

MAX_LIMIT = 500


class ObligationNotFound(DomainError):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("期限事项不存在，或者您无权查看。", code="not_found")


class ObligationOut(Schema):
    id: int
    rule_id: str
    label: str
    subject_type: str
    subject_id: str
    subject_label: str
    organisation_id: int
    organisation_name: str
    responsible_id: int | None
    responsible_name: str
    state: str
    state_label: str
    unit: str
    duration: int | None
    start_at: dt.datetime
    due_at: dt.datetime
    due_date: dt.date
    due_soon_at: dt.datetime
    provisional: bool
    paused_total: int
    extended_total: int
    fulfilled_at: dt.datetime | None
    url: str


class PauseOut(Schema):
    reason: str
    note: str
    paused_at: dt.datetime
    resumed_at: dt.datetime | None
    lost: int | None
    lost_unit: str


class ExtensionOut(Schema):
    amount: int | None
    unit: str
    rule_id: str
    reason: str
    approved_by_id: int | None
    approved_at: dt.datetime
    previous_due_at: dt.datetime
    new_due_at: dt.datetime


class ObligationDetailOut(ObligationOut):
    override_basis: str
    urgent: bool
    closed_reason: str
    pauses: list[PauseOut]
    extensions: list[ExtensionOut]


class UnitCountsOut(Schema):
    organisation_id: int
    name: str
    running: int
    due_soon: int
    overdue: int
    paused: int
    fulfilled_late_this_year: int


class BoardOut(Schema):
    totals: UnitCountsOut
    units: list[UnitCountsOut]


class ScanOut(Schema):
    due_soon: int
    overdue: int
    lapsed: int
    notified: int
    took_seconds: float


def _out(ob: Obligation) -> dict[str, object]:
    return {
        "id": ob.pk,
        "rule_id": ob.rule_id,
        "label": ob.label,
        "subject_type": ob.subject_type,
        "subject_id": ob.subject_id,
        "subject_label": ob.subject_label,
        "organisation_id": ob.organisation_id,
        "organisation_name": ob.organisation.name,
        "responsible_id": ob.responsible_id,
        "responsible_name": str(ob.responsible) if ob.responsible else "",
        "state": ob.state,
        "state_label": ob.get_state_display(),
        "unit": ob.unit,
        "duration": ob.duration,
        "start_at": ob.start_at,
        "due_at": ob.due_at,
        "due_date": ob.due_date,
        "due_soon_at": ob.due_soon_at,
        "provisional": ob.provisional,
        "paused_total": ob.paused_total,
        "extended_total": ob.extended_total,
        "fulfilled_at": ob.fulfilled_at,
        "url": f"/deadlines/{ob.pk}/",
    }


def _counts(u: UnitCounts) -> dict[str, object]:
    return {
        "organisation_id": u.organisation_id,
        "name": u.name,
        "running": u.running,
        "due_soon": u.due_soon,
        "overdue": u.overdue,
        "paused": u.paused,
        "fulfilled_late_this_year": u.fulfilled_late_this_year,
    }


@router.get(
    "/obligations",
    response=list[ObligationOut],
    summary="Obligations I may see (overdue first), filtered",
)
def obligations(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    state: str = STATE_FILTER_OPEN,
    organisation: int | None = None,
    rule_id: str = "",
    responsible: int | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    limit: int = 100,
    offset: int = 0,
):
    if state not in (STATE_FILTER_OPEN, STATE_FILTER_ALL, *ObligationState.values):
        raise DomainError(
            f"状态 {state} 无效，可选：open、all 或 {'、'.join(ObligationState.values)}。",
            code="invalid_filter",
            field="state",
        )
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise DomainError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间，offset 不能为负数。",
            code="invalid_filter",
            field="limit",
        )
    if due_from and due_to and due_from > due_to:
        raise DomainError("due_to 不能早于 due_from。", code="invalid_filter", field="due_to")
    filters = ObligationFilters(
        state=state,
        organisation_id=organisation,
        rule_id=rule_id.strip(),
        responsible_id=responsible,
        due_from=due_from,
        due_to=due_to,
    )
    rows = obligation_list_for_user(user=request.auth, filters=filters)[offset : offset + limit]  # type: ignore[attr-defined]
    return [_out(ob) for ob in rows]


@router.get(
    "/obligations/{obligation_id}",
    response=ObligationDetailOut,
    summary="One obligation with its pauses and extensions",
)
def obligation(request: HttpRequest, obligation_id: int):  # type: ignore[no-untyped-def]
    ob = obligation_get_for_user(user=request.auth, obligation_id=obligation_id)  # type: ignore[attr-defined]
    if ob is None:
        raise ObligationNotFound()
    pauses, extensions = obligation_history(ob)
    return {
        **_out(ob),
        "override_basis": ob.override_basis,
        "urgent": ob.urgent,
        "closed_reason": ob.closed_reason,
        "pauses": pauses,
        "extensions": extensions,
    }


@router.get("/board", response=BoardOut, summary="Counts per unit in my scope")
def board(request: HttpRequest):  # type: ignore[no-untyped-def]
    result = board_for_user(user=request.auth)  # type: ignore[attr-defined]
    return {"totals": _counts(result.totals), "units": [_counts(u) for u in result.units]}


@router.post("/scan", response=ScanOut, summary="Run one scan pass now (administrators)")
def scan(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not is_sysadmin(request.auth):  # type: ignore[attr-defined]
        raise PermissionDenied("只有系统管理员可以手动执行期限扫描。")
    result = deadlines_scan()
    return {
        "due_soon": result.due_soon,
        "overdue": result.overdue,
        "lapsed": result.lapsed,
        "notified": result.notified,
        "took_seconds": result.took_seconds,
    }

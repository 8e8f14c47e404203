"""HTTP API of the records themselves (mounted at /api/v1/records/).

- ``GET /?case=<id>&after=<id>&limit=<n>`` — the records the caller may see (of one case when
  ``case`` is given), newest first, keyset pages (``next_after``).
- ``GET /{id}`` — one record with its files, interruptions and storage time limit (an access:
  logged as ``records.record.viewed``).
- ``POST /`` — register a record (R-1.3-02/04/09/10/14); ``POST /{id}/interruptions`` (R-1.3-11);
  ``POST /explanations`` and ``POST /explanations/{id}/decide`` (R-1.3-07).

Errors: ``{"code", "message", "field"}`` with 400 (bad input), 403 (not the caller's), 404
(unknown or out of scope), 409 (not now: archived case, already decided).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from zhifa.accounts.models import User
from zhifa.cases.models import Case, CaseOfficer, FieldAction
from zhifa.cases.selectors.cases import case_get_for_user
from zhifa.core.errors import DomainError
from zhifa.core.params import int_param
from zhifa.records.constants import RecordForm
from zhifa.records.models import AvExplanation, Record
from zhifa.records.selectors import record_get_for_user, record_list_for_user
from zhifa.records.selectors_records import record_page, storage_limits, with_counts
from zhifa.records.services.access import record_access_log
from zhifa.records.services.records import (
    AvFacts,
    av_explanation_decide,
    av_explanation_submit,
    interruption_add,
    record_register,
)

router = Router()

MAX_LIMIT = 100


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str = "记录不存在，或者您无权查看。") -> None:
        super().__init__(message, code="not_found")


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise NotFound()
    return user


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """A time without an offset is read as local time (Asia/Shanghai)."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _case(user: User, case_id: int | None) -> Case:
    case = case_get_for_user(user=user, case_id=case_id)
    if case is None:
        raise NotFound("案件不存在，或者您无权查看。")
    return case


def _field_action(case: Case, pk: int | None) -> FieldAction | None:
    if pk is None:
        return None
    fa = FieldAction.objects.filter(case=case, pk=pk).first()
    if fa is None:
        raise DomainError(
            "所选调查措施不属于本案。", code="field_action_not_of_case", field="field_action"
        )
    return fa


def _record(request: HttpRequest, record_id: int) -> Record:
    record = record_get_for_user(user=_user(request), record_id=int_param(record_id))
    if record is None:
        raise NotFound()
    return record


def _limit_out(o: Any) -> dict[str, Any] | None:
    if o is None:
        return None
    return {
        "rule_id": o.rule_id,
        "due_at": o.due_at,
        "state": o.state,
        "fulfilled_at": o.fulfilled_at,
    }


def _record_out(r: Record, limit: Any = None) -> dict[str, Any]:
    return {
        "id": r.pk,
        "case_id": r.case_id,
        "field_action_id": r.field_action_id,
        "organisation_id": r.organisation_id,
        "stage": r.stage,
        "form": r.form,
        "media": r.media,
        "title": r.title,
        "description": r.description,
        "status": r.status,
        "stored_at": r.stored_at,
        "started_at": r.started_at,
        "ended_at": r.ended_at,
        "place": r.place,
        "away_from_base": r.away_from_base,
        "returned_on": r.returned_on,
        "retain_until": r.retain_until,
        "created_by_id": r.created_by_id,
        "created_at": r.created_at,
        "files": getattr(r, "original_count", None),
        "storage_limit": _limit_out(limit),
    }


class RecordListOut(Schema):
    items: list[dict[str, Any]]
    next_after: int | None


@router.get("/", response=RecordListOut, summary="Records the caller may see (keyset pages)")
def record_list(
    request: HttpRequest, case: str | None = None, after: str | None = None, limit: int = 50
) -> dict[str, Any]:
    user = _user(request)
    qs = record_list_for_user(user=user)
    if case is not None:
        qs = qs.filter(case=_case(user, int_param(case)))
    after_id = int_param(after)
    if after is not None and after_id is None:
        raise DomainError("after 参数应为记录编号。", code="invalid", field="after")
    if after_id is not None:
        qs = qs.filter(pk__lt=after_id)
    limit = max(1, min(int(limit), MAX_LIMIT))
    rows = list(with_counts(qs.order_by("-id"))[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    limits = storage_limits([r.pk for r in rows])
    return {
        "items": [_record_out(r, limits.get(r.pk)) for r in rows],
        "next_after": rows[-1].pk if more and rows else None,
    }


@router.get("/{int:record_id}", summary="One record (an access: logged)")
def record_detail(request: HttpRequest, record_id: int) -> dict[str, Any]:
    user = _user(request)
    record = _record(request, record_id)
    record_access_log(record=record, actor=user, what="viewed")
    page = record_page(record)
    out = _record_out(record, page.storage_limit)
    out.update(
        reason=record.reason,
        target=record.target,
        officer_ids=[u.pk for u in page.officers],
        device_kind=record.device_kind,
        device_label=record.device_label,
        precheck={
            "device": record.precheck_device,
            "battery": record.precheck_battery,
            "storage": record.precheck_storage,
        },
        announced=record.announced,
        focus=record.focus,
        away_reason=record.away_reason,
        files=[
            {
                "id": f.pk,
                "name": f.original_name,
                "size": f.blob.size,
                "sha256": f.blob.sha256,
                "preview_id": p.pk if (p := getattr(f, "preview", None)) else None,
                "taken_at": f.taken_at,
                "uploaded_at": f.uploaded_at,
            }
            for f in page.originals
        ],
        interruptions=[
            {
                "id": i.pk,
                "started_at": i.started_at,
                "ended_at": i.ended_at,
                "cause": i.cause,
                "detail": i.detail,
                "voice_explained": i.voice_explained,
                "written_note": i.written_note,
            }
            for i in page.interruptions
        ],
    )
    return out


class RecordIn(Schema):
    case: int
    stage: str
    form: str
    media: str
    title: str
    description: str = ""
    field_action: int | None = None
    text_only: bool = False
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    place: str = ""
    reason: str = ""
    target: str = ""
    officer_ids: list[int] = []
    device_kind: str = ""
    device_label: str = ""
    precheck_device: bool = False
    precheck_battery: bool = False
    precheck_storage: bool = False
    announced: bool = False
    focus: list[str] = []
    away_from_base: bool = False
    returned_on: dt.date | None = None
    away_reason: str = ""


@router.post(
    "/",
    response={201: dict[str, Any]},
    summary="Register a record on a case (R-1.3-02/04/09/10/14)",
)
def record_create(request: HttpRequest, payload: RecordIn) -> Status[dict[str, Any]]:
    user = _user(request)
    case = _case(user, payload.case)
    av = None
    if payload.form == RecordForm.AUDIO_VIDEO:
        officers = list(
            User.objects.filter(
                pk__in=CaseOfficer.objects.filter(
                    case=case, user_id__in=payload.officer_ids
                ).values("user_id")
            )
        )
        if len(officers) != len(set(payload.officer_ids)):
            raise DomainError(
                "所选执法人员不是本案的执法人员。", code="not_handler", field="officers"
            )
        av = AvFacts(
            started_at=_aware(payload.started_at),
            ended_at=_aware(payload.ended_at),
            place=payload.place,
            reason=payload.reason,
            target=payload.target,
            officers=officers,
            device_kind=payload.device_kind,
            device_label=payload.device_label,
            precheck_device=payload.precheck_device,
            precheck_battery=payload.precheck_battery,
            precheck_storage=payload.precheck_storage,
            announced=payload.announced,
            focus=payload.focus,
            away_from_base=payload.away_from_base,
            returned_on=payload.returned_on,
            away_reason=payload.away_reason,
        )
    record = record_register(
        case=case,
        actor=user,
        stage=payload.stage,
        form=payload.form,
        media=payload.media,
        title=payload.title,
        description=payload.description,
        field_action=_field_action(case, payload.field_action),
        text_only=payload.text_only,
        av=av,
    )
    limits = storage_limits([record.pk])
    return Status(201, _record_out(record, limits.get(record.pk)))


class InterruptionIn(Schema):
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    cause: str
    detail: str = ""
    voice_explained: bool = False
    written_note: str = ""


@router.post(
    "/{int:record_id}/interruptions",
    response={201: dict[str, Any]},
    summary="Add an interruption (R-1.3-11)",
)
def interruption_create(
    request: HttpRequest, record_id: int, payload: InterruptionIn
) -> Status[dict[str, Any]]:
    user = _user(request)
    record = _record(request, record_id)
    item = interruption_add(
        record=record,
        actor=user,
        started_at=_aware(payload.started_at),  # type: ignore[arg-type]
        ended_at=_aware(payload.ended_at),
        cause=payload.cause,
        detail=payload.detail,
        voice_explained=payload.voice_explained,
        written_note=payload.written_note,
    )
    return Status(
        201,
        {
            "id": item.pk,
            "record_id": record.pk,
            "started_at": item.started_at,
            "ended_at": item.ended_at,
            "cause": item.cause,
            "voice_explained": item.voice_explained,
            "written_note": item.written_note,
        },
    )


def _explanation_out(x: AvExplanation) -> dict[str, Any]:
    return {
        "id": x.pk,
        "case_id": x.case_id,
        "field_action_id": x.field_action_id,
        "reason": x.reason,
        "status": x.status,
        "written_by_id": x.written_by_id,
        "written_at": x.written_at,
        "decided_by_id": x.decided_by_id,
        "decided_at": x.decided_at,
        "decision_note": x.decision_note,
    }


class ExplanationIn(Schema):
    case: int
    field_action: int | None = None
    reason: str


@router.post(
    "/explanations",
    response={201: dict[str, Any]},
    summary="A written explanation instead of AV (R-1.3-07/11)",
)
def explanation_create(request: HttpRequest, payload: ExplanationIn) -> Status[dict[str, Any]]:
    user = _user(request)
    case = _case(user, payload.case)
    item = av_explanation_submit(
        case=case,
        actor=user,
        reason=payload.reason,
        field_action=_field_action(case, payload.field_action),
    )
    return Status(201, _explanation_out(item))


class DecideIn(Schema):
    approve: bool
    note: str = ""


@router.post("/explanations/{int:explanation_id}/decide", summary="The head decides (R-1.3-07)")
def explanation_decide(
    request: HttpRequest, explanation_id: int, payload: DecideIn
) -> dict[str, Any]:
    user = _user(request)
    item = AvExplanation.objects.filter(pk=explanation_id).first()
    if item is None or case_get_for_user(user=user, case_id=item.case_id) is None:
        raise NotFound("书面说明不存在，或者您无权查看。")
    item = av_explanation_decide(
        explanation=item, actor=user, approve=payload.approve, note=payload.note
    )
    return _explanation_out(item)

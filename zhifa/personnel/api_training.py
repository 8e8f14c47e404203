"""HTTP API of the training area, mounted at /api/v1/personnel/training/.

Sessions, attendance, exam results (list + create), the decision after a failed make-up and the
yearly summary. Reads are scoped like the pages; writes go through the same services. Errors are
structured: ``{"code": "...", "message": "中文说明", "field": ...}`` (400/403/404/409).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhifa.core.errors import DomainError
from zhifa.personnel.models import Attendance, ExamResult, TrainingSession
from zhifa.personnel.selectors import training as sel
from zhifa.personnel.services import training as svc

router = Router(tags=["personnel"])

MAX_LIMIT = 500


class NotFound(DomainError):
    status_code = 404

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}不存在，或者您无权查看。", code="not_found")


def _page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise DomainError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间，offset 不能为负数。",
            code="invalid_filter",
            field="limit",
        )


# --- schemas ------------------------------------------------------------------------------------


class SessionOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    organiser_id: int
    organiser_name: str
    format: str
    format_label: str
    content: str
    starts_on: dt.date
    ends_on: dt.date
    class_hours: Decimal
    location: str
    attendee_count: int | None = None


class SessionIn(Schema):
    kind: str
    title: str
    organiser_id: int
    format: str
    starts_on: dt.date
    ends_on: dt.date
    class_hours: Decimal
    content: str = ""
    location: str = ""


class AttendanceOut(Schema):
    id: int
    session_id: int
    officer_id: int
    officer_name: str
    organisation_name: str
    hours: Decimal
    counts_for_rotation: bool
    recorded_at: dt.datetime


class AttendanceIn(Schema):
    officer_ids: list[int]
    hours: Decimal


class ExamOut(Schema):
    id: int
    officer_id: int
    officer_name: str
    session_id: int | None
    subject: str
    subject_label: str
    attempt: int
    attempt_label: str
    score: Decimal
    passed: bool
    taken_on: dt.date
    decision: str
    decision_reason: str
    decision_pending: bool


class ExamIn(Schema):
    officer_id: int
    subject: str
    attempt: int
    score: str
    taken_on: dt.date
    session_id: int | None = None


class DecisionIn(Schema):
    decision: Literal["withhold", "cancel"]
    reason: str


class SummaryOut(Schema):
    officer_id: int
    full_name: str
    organisation: str
    sessions: int
    hours: Decimal
    qualifying_rotations: int
    rotation_met: bool
    exams_passed: int
    exams_failed: int
    makeups_open: int


def _session(s: TrainingSession) -> dict[str, object]:
    return {
        "id": s.pk,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "title": s.title,
        "organiser_id": s.organiser_id,
        "organiser_name": s.organiser.name,
        "format": s.format,
        "format_label": s.get_format_display(),
        "content": s.content,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "class_hours": s.class_hours,
        "location": s.location,
        "attendee_count": getattr(s, "attendee_count", None),
    }


def _attendance(a: Attendance) -> dict[str, object]:
    return {
        "id": a.pk,
        "session_id": a.session_id,
        "officer_id": a.officer_id,
        "officer_name": a.officer.full_name,
        "organisation_name": a.officer.organisation.name,
        "hours": a.hours,
        "counts_for_rotation": svc.qualifies_for_rotation(a.session, a.hours),
        "recorded_at": a.recorded_at,
    }


def _exam(e: ExamResult) -> dict[str, object]:
    return {
        "id": e.pk,
        "officer_id": e.officer_id,
        "officer_name": e.officer.full_name,
        "session_id": e.session_id,
        "subject": e.subject,
        "subject_label": e.get_subject_display(),
        "attempt": e.attempt,
        "attempt_label": e.get_attempt_display(),
        "score": e.score,
        "passed": e.passed,
        "taken_on": e.taken_on,
        "decision": e.decision,
        "decision_reason": e.decision_reason,
        "decision_pending": svc.decision_pending(e),
    }


def _get_session(request: HttpRequest, pk: int) -> TrainingSession:
    session = sel.session_get_for_user(user=request.auth, pk=pk)  # type: ignore[attr-defined]
    if session is None:
        raise NotFound("培训")
    return session


# --- sessions -----------------------------------------------------------------------------------


@router.get("/sessions", response=list[SessionOut], summary="Training sessions I may see")
def sessions(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    kind: str = "",
    year: int | None = None,
    limit: int = 100,
    offset: int = 0,
):
    _page(limit, offset)
    qs = sel.session_list_for_user(user=request.auth, kind=kind or None, year=year)  # type: ignore[attr-defined]
    return [_session(s) for s in qs[offset : offset + limit]]


@router.post("/sessions", response={201: SessionOut}, summary="Create a training session")
def session_create(request: HttpRequest, payload: SessionIn):  # type: ignore[no-untyped-def]
    from zhifa.accounts.models import Organisation

    organiser = Organisation.objects.filter(pk=payload.organiser_id).first()
    if organiser is None:
        raise DomainError("组织单位不存在。", code="invalid", field="organiser_id")
    session = svc.training_session_create(
        actor=request.auth,  # type: ignore[attr-defined]
        kind=payload.kind,
        title=payload.title,
        organiser=organiser,
        format=payload.format,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        class_hours=payload.class_hours,
        content=payload.content,
        location=payload.location,
    )
    return Status(201, _session(session))


@router.get("/sessions/{session_id}", response=SessionOut, summary="One training session")
def session_detail(request: HttpRequest, session_id: int):  # type: ignore[no-untyped-def]
    return _session(_get_session(request, session_id))


@router.get(
    "/sessions/{session_id}/attendance",
    response=list[AttendanceOut],
    summary="Attendance of the session (officers in my scope)",
)
def attendance_list(request: HttpRequest, session_id: int):  # type: ignore[no-untyped-def]
    session = _get_session(request, session_id)
    rows = sel.attendances_for_session(user=request.auth, session=session)  # type: ignore[attr-defined]
    return [_attendance(a) for a in rows.select_related("session")]


@router.post(
    "/sessions/{session_id}/attendance",
    response=list[AttendanceOut],
    summary="Record class hours for officers (R-1.11-03 fulfilled at ≥ 8 rotation hours)",
)
def attendance_create(request: HttpRequest, session_id: int, payload: AttendanceIn):  # type: ignore[no-untyped-def]
    session = _get_session(request, session_id)
    ids = list(dict.fromkeys(payload.officer_ids))
    officers = {o.pk: o for o in sel.officers_visible(user=request.auth).filter(pk__in=ids)}  # type: ignore[attr-defined]
    missing = [i for i in ids if i not in officers]
    if missing:
        raise DomainError(
            f"执法人员 {missing} 不存在或不在您的管辖范围内。", code="invalid", field="officer_ids"
        )
    rows = svc.attendance_record_bulk(
        session=session,
        officers=[officers[i] for i in ids],
        hours=payload.hours,
        actor=request.auth,  # type: ignore[attr-defined]
    )
    return [_attendance(a) for a in rows]


# --- exams --------------------------------------------------------------------------------------


@router.get("/exams", response=list[ExamOut], summary="Exam results of officers in my scope")
def exams(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    officer: int | None = None,
    session: int | None = None,
    subject: str = "",
    year: int | None = None,
    pending_decision: bool = False,
    limit: int = 100,
    offset: int = 0,
):
    _page(limit, offset)
    qs = sel.exam_results_visible(user=request.auth).order_by("-taken_on", "-id")  # type: ignore[attr-defined]
    if pending_decision:
        qs = sel.decision_worklist(user=request.auth)  # type: ignore[attr-defined]
    if officer:
        qs = qs.filter(officer_id=officer)
    if session:
        qs = qs.filter(session_id=session)
    if subject:
        qs = qs.filter(subject=subject)
    if year:
        qs = qs.filter(taken_on__year=year)
    return [_exam(e) for e in qs[offset : offset + limit]]


@router.post(
    "/exams",
    response={201: ExamOut},
    summary="Record an exam result (R-1.11-04: 0–100, 60 passes; R-1.11-05: one make-up)",
)
def exam_create(request: HttpRequest, payload: ExamIn):  # type: ignore[no-untyped-def]
    user = request.auth  # type: ignore[attr-defined]
    officer = sel.officer_get_for_user(user=user, pk=payload.officer_id)
    if officer is None:
        raise NotFound("执法人员")
    session = _get_session(request, payload.session_id) if payload.session_id else None
    result = svc.exam_result_record(
        officer=officer,
        subject=payload.subject,
        attempt=payload.attempt,
        score=payload.score,
        taken_on=payload.taken_on,
        actor=user,
        session=session,
        source="API",
    )
    return Status(201, _exam(result))


@router.post(
    "/exams/{exam_id}/decision",
    response=ExamOut,
    summary="Withhold or cancel the certificate after a failed make-up (R-1.11-05)",
)
def exam_decide(request: HttpRequest, exam_id: int, payload: DecisionIn):  # type: ignore[no-untyped-def]
    user = request.auth  # type: ignore[attr-defined]
    result = sel.exam_results_visible(user=user).filter(pk=exam_id).first()
    if result is None:
        raise NotFound("考试成绩")
    result = svc.exam_makeup_failure_decide(
        exam_result=result, actor=user, decision=payload.decision, reason=payload.reason
    )
    return _exam(result)


# --- the yearly summary -------------------------------------------------------------------------


@router.get(
    "/summary",
    response=list[SummaryOut],
    summary="Per-officer yearly training summary (R-1.11-06 year-end assessment input)",
)
def summary(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    year: int,
    organisation: int | None = None,
    limit: int = 100,
    offset: int = 0,
):
    _page(limit, offset)
    if not 2000 <= year <= 2100:
        raise DomainError("年度不正确。", code="invalid_filter", field="year")
    qs = sel.yearly_summary(user=request.auth, year=year, organisation_id=organisation)  # type: ignore[attr-defined]
    rows = sel.summary_rows(qs[offset : offset + limit])
    return [{**r.__dict__, "rotation_met": r.rotation_met} for r in rows]

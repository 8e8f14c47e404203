"""API of access, release and checks of the records (R-1.3-16…19), mounted under
/api/v1/records/:

- ``GET  files/{id}/content`` — a record file's bytes (attachment) after hash verification;
  same scope as the page; from outside the record's unit refused (a release); logged.
- ``GET  releases`` / ``POST releases`` — the releases I may see / ask for one.
- ``GET  releases/{id}``, ``POST releases/{id}/decide``, ``POST releases/{id}/use``,
  ``GET releases/{id}/export`` (the ZIP).
- ``GET  verify`` — the last verify run and the files whose latest check failed (supervisors).

Errors: ``{"code", "message", "field"}`` with 400/403/404/409.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Router, Schema, Status

from zhifa.accounts.constants import Role
from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.params import int_param
from zhifa.records.models import Record, RecordFile, ReleaseRequest
from zhifa.records.selectors import record_get_for_user
from zhifa.records.services.access import may_download_original, record_access_log
from zhifa.records.services.releases import (
    approval_number,
    release_decide,
    release_get_for_user,
    release_list_for_user,
    release_request,
    release_use,
)
from zhifa.records.services.verify import supervision_flags

router = Router(tags=["records"])


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str = "记录不存在或您无权查看。") -> None:
        super().__init__(message, code="not_found")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _id(value: str, what: str = "编号") -> int:
    n = int_param(value)
    if n is None or n < 1:
        raise NotFound(f"{what}无效。")
    return n


@router.get("/files/{file_id}/content", summary="A record file's bytes (verified, logged)")
def file_content(request: HttpRequest, file_id: str):  # type: ignore[no-untyped-def]
    """R-1.3-17/18: verify and download a record file; outside the unit it is a release."""
    from zhifa.records import storage
    from zhifa.records.views_access import content_type_of

    user = _user(request)
    rf = RecordFile.objects.select_related("blob").filter(pk=_id(file_id)).first()
    record = rf and record_get_for_user(user=user, record_id=rf.record_id)
    if rf is None or record is None:
        raise NotFound()
    if not may_download_original(user, record):
        raise PermissionDenied(
            "下载原始文件属于对外提供，须经该记录所属单位负责人批准：请申请导出。",
            code="release_required",
        )
    handle = storage.blob_open_verified(rf.blob, actor=user)  # 409 file_integrity on mismatch
    rf.record = record
    record_access_log(record=record, actor=user, what="downloaded", record_file=rf)
    response = FileResponse(
        handle, as_attachment=True, filename=rf.original_name, content_type=content_type_of(rf)
    )
    response["Cache-Control"] = "private, no-store"
    return response


class ReleaseIn(Schema):
    kind: str
    recipient: str = ""
    purpose: str = ""
    record_ids: list[int] = []
    case_id: int | None = None
    party_id_checked: bool = False
    id_kind: str = ""
    id_number: str = ""


class DecideIn(Schema):
    approve: bool
    note: str = ""


class UseIn(Schema):
    note: str = ""


class ReleaseOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    organisation_id: int
    case_id: int | None
    record_ids: list[int]
    recipient: str
    purpose: str
    requested_by: str
    requested_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None
    decision_note: str
    valid_until: dt.datetime | None
    approval_number: str


def _out(r: ReleaseRequest) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": r.kind,
        "kind_label": r.get_kind_display(),
        "status": r.status,
        "status_label": r.get_status_display(),
        "organisation_id": r.organisation_id,
        "case_id": r.case_id,
        "record_ids": sorted(x.pk for x in r.records.all()),
        "recipient": r.recipient,
        "purpose": r.purpose,
        "requested_by": r.requested_by.full_name,
        "requested_at": r.requested_at,
        "decided_by": r.decided_by.full_name if r.decided_by else "",
        "decided_at": r.decided_at,
        "decision_note": r.decision_note,
        "valid_until": r.valid_until,
        "approval_number": approval_number(r) if r.status == "approved" else "",
    }


def _release(request: HttpRequest, release_id: str) -> ReleaseRequest:
    release = release_get_for_user(user=_user(request), release_id=_id(release_id))
    if release is None:
        raise NotFound("申请不存在或您无权查看。")
    return release


@router.get("/releases", response=list[ReleaseOut], summary="Releases I may see, newest first")
def releases(request: HttpRequest, limit: str = "50"):  # type: ignore[no-untyped-def]
    size = int_param(limit)
    if size is None or not 1 <= size <= 100:
        raise DomainError("limit 应为 1–100 的整数。", code="invalid", field="limit")
    qs = release_list_for_user(user=_user(request)).prefetch_related("records")[:size]
    return [_out(r) for r in qs]


@router.post("/releases", response={201: ReleaseOut}, summary="Ask for a release (R-1.3-16)")
def release_create(request: HttpRequest, body: ReleaseIn):  # type: ignore[no-untyped-def]
    user = _user(request)
    case = None
    if body.case_id is not None:
        case = Case.objects.filter(pk=body.case_id).first()
        if case is None:
            raise NotFound("案件不存在或您无权查看。")
    release = release_request(
        actor=user,
        kind=body.kind,
        recipient=body.recipient,
        purpose=body.purpose,
        records=None if case else [Record(pk=pk) for pk in body.record_ids],
        case=case,
        party_id_checked=body.party_id_checked,
        id_kind=body.id_kind,
        id_number=body.id_number,
    )
    return Status(201, _out(release))


@router.get("/releases/{release_id}", response=ReleaseOut, summary="One release")
def release_detail(request: HttpRequest, release_id: str):  # type: ignore[no-untyped-def]
    return _out(_release(request, release_id))


@router.post("/releases/{release_id}/decide", response=ReleaseOut, summary="The head decides")
def release_decide_api(request: HttpRequest, release_id: str, body: DecideIn):  # type: ignore[no-untyped-def]
    release = _release(request, release_id)
    return _out(
        release_decide(release=release, actor=_user(request), approve=body.approve, note=body.note)
    )


@router.post("/releases/{release_id}/use", response=ReleaseOut, summary="Party viewing session")
def release_use_api(request: HttpRequest, release_id: str, body: UseIn):  # type: ignore[no-untyped-def]
    release = _release(request, release_id)
    return _out(release_use(release=release, actor=_user(request), note=body.note))


@router.get("/releases/{release_id}/export", summary="The ZIP of an approved export")
def release_export_api(request: HttpRequest, release_id: str):  # type: ignore[no-untyped-def]
    from zhifa.records.views_access import export_response

    release = _release(request, release_id)
    return export_response(release, _user(request))


class BadFileOut(Schema):
    file_id: int
    record_id: int
    organisation_id: int
    original_name: str
    sha256: str
    problem: str
    checked_at: dt.datetime | None


class VerifyOut(Schema):
    last_run_at: dt.datetime | None
    last_run: dict[str, Any] | None
    bad_files: list[BadFileOut]


@router.get("/verify", response=VerifyOut, summary="Verify report (Justice Bureau supervisors)")
def verify_report(request: HttpRequest):  # type: ignore[no-untyped-def]
    """R-1.3-18/19: the last full verify run and the files whose latest check failed."""
    user = _user(request)
    if not user.has_role(Role.SUPERVISOR):
        raise PermissionDenied("校验报告仅供司法局执法监督人员查看。")
    flags = supervision_flags(user=user)
    last = flags.last_verify
    return {
        "last_run_at": last.at if last else None,
        "last_run": json.loads(last.payload) if last else None,
        "bad_files": [
            {
                "file_id": rf.pk,
                "record_id": rf.record_id,
                "organisation_id": rf.record.organisation_id,
                "original_name": rf.original_name,
                "sha256": rf.blob.sha256,
                "problem": rf.last_problem,
                "checked_at": rf.last_checked_at,
            }
            for rf in flags.bad_files
        ],
    }

"""Resumable uploads of record files over the API (tus-like; ADR 0012).

- ``POST   /api/v1/records/uploads`` ``{record, filename, size, content_type, sha256?}`` → 201
  ``{id, offset, size, chunk_size, max_size}``
- ``PATCH  /api/v1/records/uploads/{id}`` header ``Upload-Offset: n``, body = the chunk →
  ``{id, offset, size, complete}``; when complete also ``{record_file, sha256, duplicate,
  duplicate_of}``. Wrong offset → 409 ``{code: "offset_mismatch", offset}``. An empty PATCH at
  ``offset == size`` finishes an upload whose finish was interrupted.
- ``GET``/``HEAD /api/v1/records/uploads/{id}`` → where it stands (``Upload-Offset`` header too)
- ``DELETE /api/v1/records/uploads/{id}`` → abandoned, staging file removed (204)

Only the session's creator or a head of its unit sees a session; others get 404. Errors are
``{"code", "message", "field"}`` with 4xx (413 too large, 415 type refused, 422 checksum).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema

from zhifa.core.errors import DomainError
from zhifa.records.selectors import record_get_for_user
from zhifa.records.services import uploads as svc

router = Router(tags=["records"])


class UploadIn(Schema):
    record: int
    filename: str
    size: int
    content_type: str = ""
    sha256: str = ""


class RecordNotFound(DomainError):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("记录不存在或无权访问。", code="not_found", field="record")


def _json(data: dict[str, Any], *, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    if "offset" in data:
        response["Upload-Offset"] = str(data["offset"])
        response["Upload-Length"] = str(data.get("size", ""))
    response["Cache-Control"] = "no-store"
    return response


def _header_int(request: HttpRequest, meta: str, label: str) -> int | None:
    raw = request.META.get(meta)
    if raw in (None, ""):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = -1
    if value < 0:
        raise DomainError(f"请求头 {label} 应为非负整数。", code="invalid", field=label)
    return value


@router.post("/uploads", response={201: dict}, url_name="records_upload_create")
def upload_create(request: HttpRequest, payload: UploadIn) -> HttpResponse:
    """Start a resumable upload of one file of a record (R-1.3-13/14: store AV promptly)."""
    record = record_get_for_user(user=request.user, record_id=payload.record)  # type: ignore[arg-type]
    if record is None:
        raise RecordNotFound()
    session = svc.upload_start(
        record=record,
        actor=request.user,  # type: ignore[arg-type]
        filename=payload.filename,
        size=payload.size,
        content_type=payload.content_type,
        sha256=payload.sha256,
    )
    return _json(
        {
            "id": str(session.pk),
            "offset": 0,
            "size": session.size,
            "chunk_size": int(settings.ZHIFA_UPLOAD_CHUNK_BYTES),
            "max_size": int(settings.ZHIFA_UPLOAD_MAX_BYTES),
            "filename": session.filename,
        },
        status=201,
    )


@router.patch("/uploads/{upload_id}")
def upload_patch(request: HttpRequest, upload_id: str) -> HttpResponse:
    """Append one chunk at ``Upload-Offset``; the body is read from the request stream in 1 MiB
    pieces (never held whole in memory)."""
    session = svc.upload_get_for_user(user=request.user, upload_id=upload_id)  # type: ignore[arg-type]
    offset = _header_int(request, "HTTP_UPLOAD_OFFSET", "Upload-Offset")
    if offset is None:
        raise DomainError("请求缺少 Upload-Offset 请求头。", code="invalid", field="Upload-Offset")
    length = _header_int(request, "CONTENT_LENGTH", "Content-Length")
    result = svc.upload_append(
        session=session,
        actor=request.user,  # type: ignore[arg-type]
        offset=offset,
        length=length,
        read=request.read,
        sha256=request.META.get("HTTP_UPLOAD_SHA256", "") or "",
    )
    return _json(result.as_dict())


@router.api_operation(["GET", "HEAD"], "/uploads/{upload_id}")
def upload_get(request: HttpRequest, upload_id: str) -> HttpResponse:
    """Where the upload stands: the offset to continue from, or its result."""
    session = svc.upload_get_for_user(user=request.user, upload_id=upload_id)  # type: ignore[arg-type]
    data = svc.upload_status(session).as_dict()
    data["status"] = session.status
    data["filename"] = session.filename
    data["chunk_size"] = int(settings.ZHIFA_UPLOAD_CHUNK_BYTES)
    return _json(data)


@router.delete("/uploads/{upload_id}", response={204: None})
def upload_delete(request: HttpRequest, upload_id: str) -> HttpResponse:
    """Give the upload up: abandoned, its staging file removed (a stored file is never touched)."""
    session = svc.upload_get_for_user(user=request.user, upload_id=upload_id)  # type: ignore[arg-type]
    svc.upload_abandon(session=session, actor=request.user)  # type: ignore[arg-type]
    return HttpResponse(status=204)

"""Pages of access, release and supervision of the full-process records (R-1.3-16…19).

- ``records:file`` — a record file's bytes, after the storage has verified its hash
  (``blob_open_verified``); every access is logged (:func:`record_access_log`).
"""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhifa.accounts.models import User
from zhifa.records.models import RecordFile
from zhifa.records.selectors import record_get_for_user
from zhifa.records.services.access import (
    access_kind_for,
    may_download_original,
    record_access_log,
)

INTEGRITY_MESSAGE = "文件校验未通过，已记录并报告"
# Types a browser shows inline without running anything; every other file is an attachment
# (an uploaded HTML or SVG shown inline on this origin could run script).
INLINE_PREFIXES = (
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heic",
    "audio/",
    "video/",
)
INLINE_TYPES = ("application/pdf", "text/plain")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def message_page(request: HttpRequest, *, title: str, message: str, status: int) -> HttpResponse:
    return render(
        request, "records/export_message.html", {"title": title, "message": message}, status=status
    )


def content_type_of(record_file: RecordFile) -> str:
    blob = record_file.blob
    return (
        blob.content_type
        or mimetypes.guess_type(record_file.original_name)[0]
        or "application/octet-stream"
    )


def record_file_for_user(user: User, pk: int) -> RecordFile:
    """The record file if ``user`` may see its record; else 404 (never say it exists)."""
    rf = RecordFile.objects.select_related("blob").filter(pk=pk).first()
    if rf is None:
        raise Http404
    record = record_get_for_user(user=user, record_id=rf.record_id)
    if record is None:
        raise Http404
    rf.record = record
    return rf


@login_required
@require_GET
def record_file(request: HttpRequest, pk: int) -> HttpResponse:
    """R-1.3-17, R-1.3-18: serve a record file after verifying its hash; log the access.

    Inline (photo, document, audio/video playback) by default; ``?download=1`` as an attachment,
    which outside the record's unit is a release and is refused here (403: ask for an export)."""
    from zhifa.records import storage

    user = _user(request)
    rf = record_file_for_user(user, pk)
    record = rf.record
    content_type = content_type_of(rf)
    inline_ok = content_type.startswith(INLINE_PREFIXES) or content_type in INLINE_TYPES
    download = request.GET.get("download") == "1" or not inline_ok
    if download and not may_download_original(user, record):
        return message_page(
            request,
            title="不能下载原始文件",
            message="您不属于该记录的执法单位，下载原始文件属于对外提供，"
            "须经该单位负责人批准：请在记录页面申请导出（R-1.3-16）。",
            status=403,
        )
    try:
        handle = storage.blob_open_verified(rf.blob, actor=user)
    except storage.BlobIntegrityError:
        return message_page(
            request, title="文件校验未通过", message=INTEGRITY_MESSAGE + "。", status=409
        )
    record_access_log(
        record=record, actor=user, what=access_kind_for(record, download=download), record_file=rf
    )
    response = FileResponse(
        handle,
        as_attachment=download,
        filename=rf.original_name,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response

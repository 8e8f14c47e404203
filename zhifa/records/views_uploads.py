"""Pages for adding files to a record: the resumable uploader (``records:upload``) and the plain
multipart form for small files and browsers without JavaScript (``records:upload_form``).

Both store through the same path: the bytes are checked to be an allowed kind, stored under
their SHA-256 completely before any row points to them, and attached (EXIF, preview, ledger,
R-1.3-13/14 fulfilled by the first original).
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.models import User
from zhifa.core.errors import DomainError
from zhifa.records.constants import FileRole, UploadStatus
from zhifa.records.models import Record
from zhifa.records.selectors import record_get_for_user
from zhifa.records.services.files import ACCEPT_ATTR, clean_filename, record_file_store_upload
from zhifa.records.services.records import can_add_records
from zhifa.records.services.uploads import staging_dir

MAX_FORM_FILES = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 — login_required
    return request.user


def _record_for_upload(request: HttpRequest, record_id: int) -> tuple[Record, bool]:
    record = record_get_for_user(user=_user(request), record_id=record_id)
    if record is None:
        raise Http404
    return record, can_add_records(_user(request), record)


def record_page_url(record: Record) -> str:
    """The record's own page when it exists, else its case's page."""
    for name, arg in (("records:detail", record.pk), ("cases:detail", record.case_id)):
        if arg is None:
            continue
        with contextlib.suppress(NoReverseMatch):
            return reverse(name, args=[arg])
    return ""


def _page(
    request: HttpRequest, record: Record, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    files = (
        record.files.filter(role=FileRole.ORIGINAL)
        .select_related("blob", "uploaded_by")
        .order_by("uploaded_at", "id")
    )
    open_uploads = record.uploads.filter(
        status=UploadStatus.OPEN, created_by=_user(request)
    ).order_by("-updated_at")[:20]
    return render(
        request,
        "records/upload.html",
        {
            "record": record,
            "files": files,
            "open_uploads": open_uploads,
            "errors": errors or [],
            "back_url": record_page_url(record),
            "accept": ACCEPT_ATTR,
            "max_bytes": int(settings.ZHIFA_UPLOAD_MAX_BYTES),
        },
        status=status,
    )


@login_required
@require_GET
def upload_page(request: HttpRequest, record_id: int) -> HttpResponse:
    """Choose files (or take a photo/video on a phone) and watch them upload, resumably."""
    record, may = _record_for_upload(request, record_id)
    if not may:
        return render(
            request,
            "records/upload.html",
            {"record": record, "refused": True, "back_url": record_page_url(record)},
            status=403,
        )
    return _page(request, record)


def _store_one(record: Record, upload: UploadedFile, user: User) -> str:
    """Store one posted file; the message to show. Raises DomainError when refused."""
    name = clean_filename(upload.name or "")
    if upload.size is not None and upload.size > int(settings.ZHIFA_UPLOAD_MAX_BYTES):
        raise DomainError(f"{name}：文件过大，请使用分块上传（需要浏览器启用 JavaScript）。")
    temp_path = getattr(upload, "temporary_file_path", None)
    if temp_path is not None:
        rf, duplicate = record_file_store_upload(
            record=record, path=Path(temp_path()), original_name=name, actor=user
        )
    else:  # a small file Django kept in memory: write it to the staging folder first
        with tempfile.NamedTemporaryFile(dir=staging_dir(), prefix="form-", suffix=".part") as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            rf, duplicate = record_file_store_upload(
                record=record, path=Path(tmp.name), original_name=name, actor=user
            )
    if duplicate:
        return f"{rf.original_name}：已存储（与已存储的文件内容相同，未重复保存）。"
    return f"{rf.original_name}：已存储。"


@login_required
@require_POST
def upload_form(request: HttpRequest, record_id: int) -> HttpResponse:
    """The plain form: files posted as multipart (big ones land in temporary files on disk)."""
    record, may = _record_for_upload(request, record_id)
    if not may:
        return render(
            request,
            "records/upload.html",
            {"record": record, "refused": True, "back_url": record_page_url(record)},
            status=403,
        )
    uploads = request.FILES.getlist("file")
    if not uploads:
        return _page(request, record, errors=["请选择要上传的文件。"], status=400)
    if len(uploads) > MAX_FORM_FILES:
        return _page(
            request, record, errors=[f"一次最多上传 {MAX_FORM_FILES} 个文件。"], status=400
        )
    errors: list[str] = []
    for upload in uploads:
        try:
            messages.success(request, _store_one(record, upload, _user(request)))
        except DomainError as exc:
            errors.append(f"{clean_filename(upload.name or '')}：{exc.message}")
    if errors:
        return _page(request, record, errors=errors, status=400)
    return redirect("records:upload", record_id=record.pk)

"""Pages of access, release and supervision of the full-process records (R-1.3-16…19).

- ``records:file`` — a record file's bytes, after the storage has verified its hash
  (``blob_open_verified``); every access is logged (:func:`record_access_log`).
- ``records:access_log`` / ``records:release_panel`` — the two panels of the record page. The
  record page includes ``records/_access_log.html`` and ``records/_release_panel.html`` with
  ``record`` in the context; pass ``**access_log_context(user, record)`` and
  ``**release_panel_context(user, record)`` to render them inline, otherwise they load themselves
  with htmx from these URLs.
- ``records:release_new`` (request), ``records:releases`` (the head's queue and history),
  ``records:release_detail`` (decide, export, party viewing session), ``records:release_export``
  (the ZIP), ``records:supervision`` (R-1.3-19 flags).
"""

from __future__ import annotations

import json
import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhifa.accounts.models import User
from zhifa.core.errors import DomainError
from zhifa.ledger.selectors import entries_for_subject
from zhifa.records.constants import ReleaseKind, ReleaseStatus
from zhifa.records.forms_access import ReleaseDecideForm, ReleaseRequestForm, ReleaseUseForm
from zhifa.records.models import Record, RecordFile, ReleaseRequest
from zhifa.records.selectors import record_get_for_user
from zhifa.records.services.access import (
    ACCESS_ACTIONS,
    ACCESS_KINDS,
    access_kind_for,
    may_download_original,
    record_access_log,
)
from zhifa.records.services.releases import (
    EXPORT_KINDS,
    approval_number,
    can_decide,
    is_usable,
    release_decide,
    release_export_log,
    release_export_stream,
    release_get_for_user,
    release_list_for_user,
    release_queue_for_head,
    release_request,
    release_use,
    releases_for_record,
)
from zhifa.records.services.verify import can_see_supervision, supervision_flags

PAGE_SIZE = 50

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


# --- record page panels ----------------------------------------------------------------------


def _record_or_404(request: HttpRequest, record_id: int) -> Record:
    record = record_get_for_user(user=_user(request), record_id=record_id)
    if record is None:
        raise Http404
    return record


def record_url(record_id: int) -> str:
    """The record's page (the records work's URL), or "" before it exists."""
    try:
        return reverse("records:detail", args=[record_id])
    except NoReverseMatch:
        return ""


def access_log_context(user: User, record: Record, *, limit: int = 50) -> dict[str, Any]:
    """Context of ``records/_access_log.html``: ``access_log`` — the record's accesses from the
    ledger (who, when, what, which file), newest first."""
    entries = (
        entries_for_subject(user=user, subject=record)
        .filter(action__in=ACCESS_ACTIONS)
        .order_by("-seq")[:limit]
    )
    rows = []
    for e in entries:
        try:
            payload = json.loads(e.payload)
        except ValueError:
            payload = {}
        what = e.action.rsplit(".", 1)[-1]
        rows.append(
            {
                "at": e.at,
                "who": e.actor_label,
                "what": ACCESS_KINDS.get(what, what),
                "file": payload.get("name", ""),
                "sha256": payload.get("sha256", ""),
                "release": payload.get("release"),
            }
        )
    return {"access_log": rows, "access_log_limit": limit}


def release_panel_context(user: User, record: Record) -> dict[str, Any]:
    """Context of ``records/_release_panel.html``: ``release_panel`` with the request form (when
    ``user`` may see the record — the caller scoped it), the record's release history and, per
    release, whether the viewer may decide, export or record a viewing session."""
    releases = list(releases_for_record(record=record))
    return {
        "release_panel": {
            "form": ReleaseRequestForm(),
            "releases": [_release_row(user, r) for r in releases],
            "has_case": record.case_id is not None,
        }
    }


def _release_row(user: User, release: ReleaseRequest) -> dict[str, Any]:
    usable = is_usable(release) and release.requested_by_id == user.pk
    return {
        "release": release,
        "can_decide": can_decide(user, release),
        "can_export": usable and release.kind in EXPORT_KINDS,
        "can_use": usable and release.kind == ReleaseKind.PARTY_ACCESS,
        "number": approval_number(release) if release.status == ReleaseStatus.APPROVED else "",
    }


@login_required
@require_GET
def access_log_panel(request: HttpRequest, record_id: int) -> HttpResponse:
    record = _record_or_404(request, record_id)
    ctx = {"record": record, **access_log_context(_user(request), record)}
    return render(request, "records/_access_log.html", ctx)


@login_required
@require_GET
def release_panel(request: HttpRequest, record_id: int) -> HttpResponse:
    record = _record_or_404(request, record_id)
    ctx = {"record": record, **release_panel_context(_user(request), record)}
    return render(request, "records/_release_panel.html", ctx)


# --- release workflow --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def release_new(request: HttpRequest, record_id: int) -> HttpResponse:
    """R-1.3-16: ask for a release of this record (or every record of its case one may see)."""
    user = _user(request)
    record = _record_or_404(request, record_id)
    form = ReleaseRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            release = release_request(
                actor=user,
                kind=d["kind"],
                recipient=d["recipient"],
                purpose=d["purpose"],
                records=None if d["whole_case"] and record.case_id else [record],
                case=record.case if d["whole_case"] and record.case_id else None,
                party_id_checked=d["party_id_checked"],
                id_kind=d["id_kind"],
                id_number=d["id_number"],
            )
        except DomainError as exc:
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, "申请已提交，等待本单位负责人审批。")
            return redirect("records:release_detail", pk=release.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "records/release_new.html",
        {"record": record, "form": form, "record_url": record_url(record.pk)},
        status=status,
    )


def _release_or_404(request: HttpRequest, pk: int) -> ReleaseRequest:
    release = release_get_for_user(user=_user(request), release_id=pk)
    if release is None:
        raise Http404
    return release


@login_required
@require_GET
def release_list(request: HttpRequest) -> HttpResponse:
    """The head's queue (pending requests of their units, not their own) and the releases the
    viewer may see, newest first."""
    user = _user(request)
    queue = list(release_queue_for_head(user=user)[:200])
    recent = list(
        release_list_for_user(user=user).exclude(pk__in=[r.pk for r in queue])[:PAGE_SIZE]
    )
    return render(request, "records/releases.html", {"queue": queue, "recent": recent})


@login_required
@require_GET
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    release = _release_or_404(request, pk)
    return render(request, "records/release_detail.html", _detail_context(user, release))


def _detail_context(user: User, release: ReleaseRequest, **extra: Any) -> dict[str, Any]:
    records = list(release.records.select_related("organisation").order_by("id"))
    row = _release_row(user, release)
    return {
        "release": release,
        "row": row,
        "records": [(r, record_url(r.pk)) for r in records],
        "decide_form": extra.pop("decide_form", ReleaseDecideForm()) if row["can_decide"] else None,
        "use_form": extra.pop("use_form", ReleaseUseForm()) if row["can_use"] else None,
        **extra,
    }


@login_required
@require_POST
def release_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    release = _release_or_404(request, pk)
    form = ReleaseDecideForm(request.POST)
    if form.is_valid():
        try:
            release_decide(
                release=release,
                actor=user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            if exc.status_code == 403:
                return message_page(
                    request, title="不能审批", message=exc.message, status=exc.status_code
                )
            form.add_error("note" if exc.field == "note" else None, exc.message)
        else:
            messages.success(request, "已审批。")
            return redirect("records:release_detail", pk=release.pk)
    release.refresh_from_db()
    ctx = _detail_context(user, release, decide_form=form)
    return render(request, "records/release_detail.html", ctx, status=400)


@login_required
@require_POST
def release_use_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    release = _release_or_404(request, pk)
    form = ReleaseUseForm(request.POST)
    form.is_valid()
    try:
        release_use(release=release, actor=user, note=form.cleaned_data.get("note", ""))
    except DomainError as exc:
        return message_page(
            request, title="不能登记查阅", message=exc.message, status=exc.status_code
        )
    messages.success(request, "已登记当事人查阅。")
    return redirect("records:release_detail", pk=release.pk)


def export_response(release: ReleaseRequest, user: User) -> StreamingHttpResponse:
    """Log the export and stream the ZIP (raises DomainError when the release is not usable)."""
    files = release_export_log(release=release, actor=user)
    response = StreamingHttpResponse(
        release_export_stream(release=release, files=files, actor=user),
        content_type="application/zip",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"执法记录导出-{approval_number(release)}.zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def release_export(request: HttpRequest, pk: int) -> HttpResponse:
    """R-1.3-16, R-1.3-18: the ZIP of an approved, unexpired export for its requester; 403 with
    the reason otherwise."""
    user = _user(request)
    release = _release_or_404(request, pk)
    try:
        return export_response(release, user)
    except DomainError as exc:
        return message_page(request, title="不能导出", message=exc.message, status=exc.status_code)


# --- supervision -------------------------------------------------------------------------------


@login_required
@require_GET
def supervision(request: HttpRequest) -> HttpResponse:
    """R-1.3-19: the supervision flags for the Justice Bureau (all units) and unit heads (their
    unit and below)."""
    user = _user(request)
    if not can_see_supervision(user):
        return message_page(
            request,
            title="无权查看",
            message="执法全过程记录监督情况仅供司法局执法监督人员和单位负责人查看。",
            status=403,
        )
    flags = supervision_flags(user=user)
    return render(request, "records/supervision.html", {"flags": flags})

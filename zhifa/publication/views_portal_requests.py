"""Portal pages of correction requests (R-1.2-18, R-1.12-07) and disclosure applications
(R-1.2-16): no login, Chinese, phone-friendly.

- ``portal:correction_new`` / ``portal:disclosure_new`` — the forms. Guards, in order: the rate
  limit per address (429), the honeypot, the signed form token (too fast / stale), the fields
  and files (400). Every refusal re-renders the form with what was typed (files must be chosen
  again: browsers never re-send them) and a Chinese message.
- ``portal:request_submitted`` — the tracking code and what happens next.
- ``portal:track`` — a tracking code → status, dates, the reply; never the requester's data.
"""

from __future__ import annotations

import hashlib
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.core.errors import DomainError
from zhifa.core.params import int_param
from zhifa.publication import throttle
from zhifa.publication.constants import PublicationStatus, RequestKind
from zhifa.publication.forms_requests import CorrectionForm, DisclosureForm, TrackForm
from zhifa.publication.models import Publication
from zhifa.publication.selectors_requests import request_track
from zhifa.publication.services.requests import Evidence, request_submit

TEMPLATES = {
    RequestKind.CORRECTION: "publication/portal/requests/correction_new.html",
    RequestKind.DISCLOSURE: "publication/portal/requests/disclosure_new.html",
}
SESSION_KEY = "zhifa_portal_submitted"
RATE_MESSAGE = (
    "同一网络在一小时内提交的申请过多，请稍后（约一小时后）再提交。已填写的内容已保留，"
    "证据文件需要重新选择。"
)
FILES_AGAIN = "出于安全原因，浏览器不会保留已选择的文件：请重新选择证据文件后再提交。"


def _publication(pk: object) -> Publication | None:
    pid = int_param(pk)
    if pid is None:
        return None
    return (
        Publication.objects.filter(pk=pid, status=PublicationStatus.PUBLISHED)
        .select_related("organisation")
        .first()
    )


def _page(
    request: HttpRequest,
    kind: str,
    form: CorrectionForm | DisclosureForm,
    *,
    status: int = 200,
    message: str = "",
) -> HttpResponse:
    publication = None
    if kind == RequestKind.CORRECTION:
        raw = form.data.get("publication") if form.is_bound else form.initial.get("publication")
        publication = _publication(raw)
    ctx: dict[str, Any] = {
        "form": form,
        "publication": publication,
        "message": message,
        "files_again": form.is_bound,
        "honeypot": form[throttle.HONEYPOT_FIELD],
        "token": form[throttle.TOKEN_FIELD],
        "rate_limited": status == 429,
    }
    return render(request, TEMPLATES[RequestKind(kind)], ctx, status=status)


def _store_uploads(stack: ExitStack, checked: list[tuple[Any, str]]) -> list[Evidence]:
    """Each upload written to a temporary file next to the storage (hashed while written); the
    temporary files live as long as ``stack``."""
    from zhifa.records.services.files import clean_filename
    from zhifa.records.services.uploads import staging_dir

    out: list[Evidence] = []
    for upload, content_type in checked:
        tmp = stack.enter_context(
            tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by the stack
                dir=staging_dir(), prefix="portal-", suffix=".part"
            )
        )
        h = hashlib.sha256()
        size = 0
        for chunk in upload.chunks():
            h.update(chunk)
            tmp.write(chunk)
            size += len(chunk)
        tmp.flush()
        out.append(
            Evidence(
                path=Path(tmp.name),
                original_name=clean_filename(upload.name or ""),
                content_type=content_type,
                size=size,
                sha256=h.hexdigest(),
            )
        )
    return out


def _submit(request: HttpRequest, kind: str) -> HttpResponse:
    form_class = CorrectionForm if kind == RequestKind.CORRECTION else DisclosureForm
    if request.method != "POST":
        initial: dict[str, Any] = {throttle.TOKEN_FIELD: throttle.form_token_issue()}
        if kind == RequestKind.CORRECTION:
            publication = _publication(request.GET.get("publication"))
            if publication is not None:
                initial["publication"] = publication.pk
        return _page(request, kind, form_class(initial=initial))

    hashed = throttle.client_hash(request)
    verdict = throttle.form_token_check(request.POST.get(throttle.TOKEN_FIELD))
    data = request.POST.copy()
    data[throttle.TOKEN_FIELD] = throttle.form_token_issue()  # a fresh one for the next try
    form = form_class(data, request.FILES)
    if throttle.submissions_exceeded(hashed):
        return _page(request, kind, form, status=429, message=RATE_MESSAGE)
    if (request.POST.get(throttle.HONEYPOT_FIELD) or "").strip():
        return _page(request, kind, form, status=400, message=throttle.HONEYPOT_MESSAGE)
    if verdict != throttle.TokenVerdict.OK:
        return _page(request, kind, form, status=400, message=throttle.TOKEN_MESSAGES[verdict])
    if not form.is_valid():
        return _page(request, kind, form, status=400, message="请按提示修改后重新提交。")
    cd = form.cleaned_data
    try:
        with ExitStack() as stack:
            files = _store_uploads(stack, cd.get("evidence") or [])
            if kind == RequestKind.CORRECTION:
                publication = cd.get("publication")
                where = (cd.get("published_where") or "").strip()
                subject = publication.title if publication is not None else where
                content = f"不准确的内容：{cd['inaccurate']}\n\n应更正为：{cd['should_be']}"
                if where:
                    content = f"公示位置：{where}\n\n{content}"
                extra: dict[str, Any] = {
                    "publication": publication,
                    "subject": subject[:200] or "公示信息更正",
                    "content": content,
                }
            else:
                extra = {
                    "subject": cd["subject"],
                    "content": cd["content"],
                    "requester_address": cd.get("requester_address") or "",
                }
            req = request_submit(
                kind=kind,
                actor=request.user,  # AnonymousUser: "public" in the ledger
                requester_name=cd["requester_name"],
                requester_phone=cd["requester_phone"],
                requester_is_organisation=form.is_organisation,
                requester_id_number=cd.get("requester_id_number") or "",
                requester_email=cd.get("requester_email") or "",
                organisation=cd.get("organisation"),
                files=files,
                client_hash=hashed,
                **extra,
            )
    except DomainError as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return _page(request, kind, form, status=400, message="请按提示修改后重新提交。")
    request.session[SESSION_KEY] = req.tracking_code
    return redirect("portal:request_submitted")


@require_http_methods(["GET", "POST"])
def correction_new(request: HttpRequest) -> HttpResponse:
    """R-1.2-18 / R-1.12-07: ask for published information about oneself to be corrected."""
    return _submit(request, RequestKind.CORRECTION)


@require_http_methods(["GET", "POST"])
def disclosure_new(request: HttpRequest) -> HttpResponse:
    """R-1.2-16: apply for government information (《政府信息公开条例》)."""
    return _submit(request, RequestKind.DISCLOSURE)


@require_GET
def request_submitted(request: HttpRequest) -> HttpResponse:
    """The tracking code of what this browser just filed, and what happens next."""
    code = request.session.get(SESSION_KEY)
    req = request_track(code=code) if isinstance(code, str) else None
    if req is None:
        return redirect("portal:track")
    return render(request, "publication/portal/requests/submitted.html", {"req": req})


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """A tracking code → the request's public state (kind, status, dates, reply, where it was
    forwarded or whom to apply to); never the requester's personal data."""
    if request.method != "POST":
        return render(request, "publication/portal/requests/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if not throttle.lookup_allowed(throttle.client_hash(request)):
        return render(
            request,
            "publication/portal/requests/track.html",
            {"form": form, "message": "查询过于频繁，请一分钟后再试。"},
            status=429,
        )
    if not form.is_valid():
        return render(request, "publication/portal/requests/track.html", {"form": form}, status=400)
    req = request_track(code=form.cleaned_data["code"])
    if req is None:
        return render(
            request,
            "publication/portal/requests/track.html",
            {
                "form": form,
                "message": "未找到该查询码对应的申请，请核对后重新输入（查询码形如 GZ-XXXXXXXXXXXX 或 "
                "GK-XXXXXXXXXXXX，不区分大小写）。",
            },
            status=404,
        )
    return render(
        request, "publication/portal/requests/track.html", {"form": TrackForm(), "req": req}
    )

"""Staff pages of the portal's requests (R-1.2-18, R-1.12-07, R-1.2-16).

- ``publication:request_list`` — requests of the units the user may see, filtered by kind and
  status, newest first (a constant number of queries).
- ``publication:request_detail`` — everything, the requester's data and evidence included, with
  the handling steps the user may take (staff of the unit; supervisors read only).
- ``publication:request_step`` — POST one step (verify, forward, refer, reject, answer,
  correct); a refused step re-renders the page with the reason in Chinese (400/403/409).
- ``publication:request_file`` — an evidence file, checked against its SHA-256 and logged.

Out of scope → 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.models import User
from zhifa.core.errors import DomainError
from zhifa.core.params import int_param
from zhifa.publication import selectors_requests as sel
from zhifa.publication.constants import ChangeStatus, RequestKind, RequestStatus
from zhifa.publication.forms_requests import (
    AnswerForm,
    CorrectionChangeForm,
    ForwardForm,
    ReferForm,
    RejectForm,
)
from zhifa.publication.models import PublicRequest, PublicRequestFile
from zhifa.publication.services import requests as svc

PAGE_SIZE = 30
STATUS_FILTERS = [("open", "待办理（已收到、核实中）"), *RequestStatus.choices]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    return user


def _request_or_404(user: User, request_id: int) -> PublicRequest:
    req = sel.request_get_for_user(user=user, request_id=request_id)
    if req is None:
        raise Http404
    return req


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    kind = kind if kind in RequestKind.values else ""
    status = status if status == "open" or status in RequestStatus.values else ""
    qs = sel.request_list_for_user(user=user, kind=kind, status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publication/requests/list.html",
        {
            "page": page,
            "rows": list(page.object_list),
            "kind": kind,
            "status": status,
            "kinds": RequestKind.choices,
            "statuses": STATUS_FILTERS,
            "filtered": bool(kind or status),
        },
    )


def _step_forms(user: User, req: PublicRequest) -> dict[str, forms.Form]:
    """The unbound forms of the steps open to ``user`` now."""
    if not svc.can_handle(user, req) or req.status != RequestStatus.VERIFYING:
        return {}
    if req.changes.filter(status__in=(ChangeStatus.DRAFTED, ChangeStatus.LEGAL_CHECKED)).exists():
        return {}  # an update for this correction is under review: it decides
    out: dict[str, forms.Form] = {}
    if req.kind == RequestKind.DISCLOSURE:
        out["answer"] = AnswerForm()
    else:
        out["correct"] = CorrectionChangeForm(
            organisation=req.organisation, fixed=req.publication_id is not None
        )
    out["forward"] = ForwardForm(current=req.organisation)
    out["refer"] = ReferForm()
    out["reject"] = RejectForm()
    return out


def _publication_url(publication_id: int | None) -> str:
    if publication_id is None:
        return ""
    try:
        return reverse("publication:detail", args=[publication_id])
    except NoReverseMatch:  # pragma: no cover - the lead's page
        return ""


def _detail(
    request: HttpRequest,
    req: PublicRequest,
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    step_forms = _step_forms(user, req)
    if bound is not None:
        step_forms[bound[0]] = bound[1]
    changes = list(req.changes.select_related("publication").order_by("-drafted_at", "-id"))
    ctx: dict[str, Any] = {
        "req": req,
        "files": list(req.files.select_related("blob")),
        "changes": [(c, _publication_url(c.publication_id)) for c in changes],
        "publication_url": _publication_url(req.publication_id),
        "can_handle": svc.can_handle(user, req),
        "step_forms": step_forms,
        "failed_step": bound[0] if bound else "",
        "error": error,
        "is_open": req.status in (RequestStatus.RECEIVED, RequestStatus.VERIFYING),
        "change_open": any(
            c.status in (ChangeStatus.DRAFTED, ChangeStatus.LEGAL_CHECKED) for c in changes
        ),
    }
    return render(request, "publication/requests/detail.html", ctx, status=status)


@login_required
@require_GET
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    req = _request_or_404(_user(request), request_id)
    return _detail(request, req)


STEP_FORMS: dict[str, type[forms.Form]] = {
    "forward": ForwardForm,
    "refer": ReferForm,
    "reject": RejectForm,
    "answer": AnswerForm,
    "correct": CorrectionChangeForm,
}
DONE = {
    "verify": "已开始核实，办理人为您。",
    "forward": "已转送并告知申请人。",
    "refer": "已告知申请人向主管部门申请。",
    "reject": "已作出答复并说明理由。",
    "answer": "已答复申请人。",
}


def _run(step: str, req: PublicRequest, user: User, cd: dict[str, Any]) -> Any:
    if step == "verify":
        return svc.request_start_verifying(request=req, actor=user)
    if step == "forward":
        return svc.request_forward(
            request=req, actor=user, to=cd["forwarded_to"], reply=cd.get("reply", "")
        )
    if step == "refer":
        return svc.request_refer(
            request=req,
            actor=user,
            competent_body=cd["competent_body"],
            reply=cd.get("reply", ""),
        )
    if step == "reject":
        return svc.request_reject(request=req, actor=user, reasons=cd["reply"])
    if step == "answer":
        return svc.request_answer(
            request=req, actor=user, answer=cd["disclosure_answer"], reply=cd["reply"]
        )
    return svc.request_propose_correction(
        request=req,
        actor=user,
        reason=cd["reason"],
        publication=cd.get("publication"),
        conclusion=cd.get("conclusion") or None,
        target_name=cd.get("target_name") or None,
    )


@login_required
@require_POST
def request_step(request: HttpRequest, request_id: int, step: str) -> HttpResponse:
    user = _user(request)
    req = _request_or_404(user, request_id)
    if step != "verify" and step not in STEP_FORMS:
        raise Http404
    form: forms.Form | None = None
    cd: dict[str, Any] = {}
    if step in STEP_FORMS:
        kwargs: dict[str, Any] = {}
        if step == "forward":
            kwargs["current"] = req.organisation
        elif step == "correct":
            kwargs = {"organisation": req.organisation, "fixed": req.publication_id is not None}
        form = STEP_FORMS[step](request.POST, **kwargs)
        if not form.is_valid():
            return _detail(request, req, bound=(step, form), status=400)
        cd = form.cleaned_data
    try:
        result = _run(step, req, user, cd)
    except DomainError as exc:
        if form is not None:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
            bound: tuple[str, forms.Form] | None = (step, form)
        else:
            bound = None
        status = exc.status_code if exc.status_code in (403, 409) else 400
        fresh = _request_or_404(user, request_id)
        return _detail(request, fresh, bound=bound, error=exc.message, status=status)
    if step == "correct":
        messages.success(
            request,
            "已发起公示信息更新，经法制审核、负责人批准后生效，申请随之办结为“已更正并告知”。",
        )
        url = _publication_url(getattr(result, "publication_id", None))
        if url:
            return redirect(url)
    else:
        messages.success(request, DONE[step])
    return redirect("publication:request_detail", request_id=req.pk)


@login_required
@require_GET
def request_file(request: HttpRequest, file_id: int) -> HttpResponseBase:
    """An evidence file (personal data): verified against its SHA-256, access logged."""
    from zhifa.records import storage

    user = _user(request)
    pk = int_param(file_id)
    rf = (
        PublicRequestFile.objects.select_related("blob", "request").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if rf is None or sel.request_get_for_user(user=user, request_id=rf.request_id) is None:
        raise Http404
    try:
        handle = storage.blob_open_verified(rf.blob, actor=user)
    except storage.BlobIntegrityError as exc:
        return render(
            request,
            "publication/requests/message.html",
            {"title": "文件校验未通过", "message": exc.message},
            status=409,
        )
    svc.request_file_accessed(file=rf, actor=user)
    response = FileResponse(
        handle,
        as_attachment=request.GET.get("download") == "1",
        filename=rf.original_name,
        content_type=rf.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Pages of the records themselves (R-1.3-02 … R-1.3-14).

- ``records:detail`` — one record: its facts, the R-1.3-10 block, focus points (R-1.3-09),
  interruptions (R-1.3-11), files (links to ``records:file``), previews, the storage time limit
  (R-1.3-13/14), the uploader, the release panel and the access history. Opening it is an access
  (``record_access_log(what="viewed")``).
- ``records:register`` — register a record on a case (phone-friendly; AV fields for AV).
- ``records:interruption`` — add an interruption to an AV record.
- ``records:explanation_new`` — a written explanation in place of a mandatory AV record;
  ``records:explanations`` the heads' queue; ``records:explanation_decide``.

Out of scope → 404; in scope but not allowed → 403 page; bad input → the form again with what
was typed and the reason in Chinese (400).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.cases.selectors.cases import case_get_for_user
from zhifa.core.errors import DomainError
from zhifa.core.params import int_param
from zhifa.records.constants import RecordForm
from zhifa.records.forms import (
    ExplanationDecideForm,
    ExplanationForm,
    InterruptionForm,
    RecordRegisterForm,
)
from zhifa.records.models import AvExplanation, Record
from zhifa.records.selectors import record_get_for_user
from zhifa.records.selectors_records import record_page
from zhifa.records.services.access import record_access_log
from zhifa.records.services.records import (
    av_explanation_decide,
    av_explanation_submit,
    can_add_records,
    can_decide_explanation,
    can_manage_case_records,
    explanations_pending_for,
    interruption_add,
    record_register,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    return user


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "records/forbidden.html", {"message": message}, status=403)


def _form_error(form: forms.Form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _case_or_404(request: HttpRequest, case_id: int) -> Case:
    case = case_get_for_user(user=_user(request), case_id=int_param(case_id))
    if case is None:
        raise Http404
    return case


def _record_or_404(request: HttpRequest, pk: int) -> Record:
    record = record_get_for_user(user=_user(request), record_id=int_param(pk))
    if record is None:
        raise Http404
    return record


def _panels(user: User, record: Record) -> dict[str, Any]:
    """The access log and release panel of helper S, rendered inline when available."""
    try:
        from zhifa.records.views_access import access_log_context, release_panel_context
    except ImportError:  # pragma: no cover - integration
        return {}
    return {**access_log_context(user, record), **release_panel_context(user, record)}


@login_required
@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    record = _record_or_404(request, pk)
    record_access_log(record=record, actor=user, what="viewed")
    page = record_page(record)
    can_add = can_add_records(user, record)
    return render(
        request,
        "records/detail.html",
        {
            "record": record,
            "page": page,
            "can_add": can_add,
            "can_interrupt": can_add and page.is_av,
            **_panels(user, record),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_register_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case_or_404(request, case_id)
    if not can_manage_case_records(user, case):
        return _forbidden(request, "只有本案的承办人员和本单位负责人可以登记执法全过程记录。")
    initial: dict[str, Any] = {"officers": [user.pk]}
    fa = int_param(request.GET.get("field_action"))
    if fa is not None and case.field_actions.filter(pk=fa).exists():
        initial["field_action"] = fa
    stage = request.GET.get("stage")
    if stage:
        initial["stage"] = stage
    form = RecordRegisterForm(
        request.POST if request.method == "POST" else None, case=case, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = record_register(
                    case=case,
                    actor=user,
                    stage=data["stage"],
                    form=data["form"],
                    media=data["media"],
                    title=data["title"],
                    description=data.get("description", ""),
                    field_action=data.get("field_action"),
                    text_only=bool(data.get("text_only")),
                    av=form.av_facts() if data["form"] == RecordForm.AUDIO_VIDEO else None,
                )
            except DomainError as exc:
                _form_error(form, exc)
                status = exc.status_code if exc.status_code in (403, 409) else 400
            else:
                messages.success(request, f"已登记：{record.title}。请上传文件。")
                return redirect("records:detail", pk=record.pk)
        else:
            status = 400
    return render(request, "records/register.html", {"case": case, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def interruption_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    record = _record_or_404(request, pk)
    if not can_add_records(user, record):
        return _forbidden(request, "只有本案的承办人员和本单位负责人可以登记音像记录中断情况。")
    form = InterruptionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                interruption_add(
                    record=record,
                    actor=user,
                    started_at=data["started_at"],
                    ended_at=data.get("ended_at"),
                    cause=data["cause"],
                    detail=data.get("detail", ""),
                    voice_explained=bool(data.get("voice_explained")),
                    written_note=data.get("written_note", ""),
                )
            except DomainError as exc:
                _form_error(form, exc)
                status = exc.status_code if exc.status_code in (403, 409) else 400
            else:
                messages.success(request, "已登记音像记录中断情况。")
                return redirect("records:detail", pk=record.pk)
        else:
            status = 400
    return render(
        request, "records/interruption.html", {"record": record, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def explanation_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case_or_404(request, case_id)
    if not can_manage_case_records(user, case):
        return _forbidden(request, "只有本案的承办人员和本单位负责人可以提交书面说明。")
    initial: dict[str, Any] = {}
    fa = int_param(request.GET.get("field_action"))
    if fa is not None:
        initial["field_action"] = fa
    form = ExplanationForm(
        request.POST if request.method == "POST" else None, case=case, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                av_explanation_submit(
                    case=case,
                    actor=user,
                    reason=form.cleaned_data["reason"],
                    field_action=form.cleaned_data.get("field_action"),
                )
            except DomainError as exc:
                _form_error(form, exc)
                status = exc.status_code if exc.status_code in (403, 409) else 400
            else:
                messages.success(request, "已提交书面说明，待负责人审批。")
                return redirect("cases:detail", pk=case.pk)
        else:
            status = 400
    return render(
        request, "records/explanation_new.html", {"case": case, "form": form}, status=status
    )


@login_required
@require_GET
def explanations(request: HttpRequest) -> HttpResponse:
    """The heads' queue of written explanations pending approval (R-1.3-07)."""
    user = _user(request)
    rows = list(explanations_pending_for(user)[:200])
    return render(
        request,
        "records/explanations.html",
        {"rows": rows, "form": ExplanationDecideForm()},
    )


@login_required
@require_POST
def explanation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    explanation = AvExplanation.objects.filter(pk=pk).select_related("case", "organisation").first()
    if explanation is None or case_get_for_user(user=user, case_id=explanation.case_id) is None:
        raise Http404
    if not can_decide_explanation(user, explanation):
        return _forbidden(
            request, "只有本单位负责人可以审批，且不能审批自己提交或本人承办案件的书面说明。"
        )
    form = ExplanationDecideForm(request.POST)
    if form.is_valid():
        try:
            av_explanation_decide(
                explanation=explanation,
                actor=user,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data.get("note", ""),
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "已审批书面说明。")
            return redirect("records:explanations")
    rows = list(explanations_pending_for(user)[:200])
    return render(
        request,
        "records/explanations.html",
        {"rows": rows, "form": form, "failed": explanation.pk},
        status=400,
    )

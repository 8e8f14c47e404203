"""The deadline board and the page of one obligation, with its actions.

Thin views: scope through selectors, writes through services, refusals (``DomainError``) shown in
Chinese on the form with the input kept.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhifa.accounts.models import User
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.deadlines import permissions
from zhifa.deadlines.constants import TRANSITIONS, ObligationState
from zhifa.deadlines.forms import (
    BoardFilterForm,
    CancelForm,
    ExtendForm,
    FulfilForm,
    PauseForm,
    ResumeForm,
)
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.selectors import (
    ObligationFilters,
    board_for_user,
    obligation_get_for_user,
    obligation_history,
    obligation_list_for_user,
)
from zhifa.deadlines.services import (
    obligation_cancel,
    obligation_extend,
    obligation_fulfil,
    obligation_pause,
    obligation_resume,
    spec_for,
)
from zhifa.law.time_limits import UNIT_LABELS, TimeLimitSpec, describe_zh

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind ``login_required``)."""
    return cast(User, request.user)


ACTIONS = ("fulfil", "pause", "resume", "extend", "cancel")


@login_required
def board(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = BoardFilterForm(request.GET or None, user=user)
    filters = form.filters() if form.is_bound and form.is_valid() else ObligationFilters()
    page = Paginator(obligation_list_for_user(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    unit_board = board_for_user(user=user)
    context = {
        "form": form,
        "page": page,
        "board": unit_board,
        "totals": unit_board.totals,
        "show_units": user.is_county_wide or len(unit_board.units) > 1,
        "filtered": bool(request.GET),
    }
    return render(request, "deadlines/board.html", context)


def _get(request: HttpRequest, obligation_id: int) -> Obligation:
    obligation = obligation_get_for_user(user=_user(request), obligation_id=obligation_id)
    if obligation is None:
        raise Http404
    return obligation


def _action_forms(
    request: HttpRequest, obligation: Obligation, spec: TimeLimitSpec
) -> dict[str, forms.Form]:
    """The action forms this user may use on this obligation in its present state."""
    user = _user(request)
    state = obligation.state
    found: dict[str, forms.Form] = {}
    if permissions.can_manage(user, obligation):
        if state in TRANSITIONS["fulfil"]:
            found["fulfil"] = FulfilForm(prefix="fulfil")
        if spec.pausable and state in TRANSITIONS["pause"]:
            found["pause"] = PauseForm(prefix="pause", spec=spec)
        if state in TRANSITIONS["resume"]:
            found["resume"] = ResumeForm(prefix="resume")
    if (
        spec.extendable
        and state in TRANSITIONS["extend"]
        and permissions.can_extend(user, obligation, spec)
    ):
        found["extend"] = ExtendForm(prefix="extend", spec=spec)
    if state in TRANSITIONS["cancel"] and permissions.can_cancel(user, obligation):
        found["cancel"] = CancelForm(prefix="cancel")
    return found


def _render_detail(
    request: HttpRequest,
    obligation: Obligation,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    spec = spec_for(obligation.rule_id)
    pauses, extensions = obligation_history(obligation)
    action_forms = _action_forms(request, obligation, spec)
    if bound is not None:
        action_forms[bound[0]] = bound[1]
    context: dict[str, Any] = {
        "ob": obligation,
        "spec": spec,
        "spec_text": describe_zh(spec),
        "subject_url": obligation.subject_url(),
        "pauses": pauses,
        "extensions": extensions,
        "forms": action_forms,
        "extension_unit_label": UNIT_LABELS.get(spec.extension_unit or "", ""),
        "extension_left": (
            spec.extension_max - obligation.extended_total
            if spec.extension_max is not None
            else None
        ),
        "approver_label": permissions.approver_label(spec),
    }
    return render(request, "deadlines/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, obligation_id: int) -> HttpResponse:
    return _render_detail(request, _get(request, obligation_id))


def _perform(action: str, obligation: Obligation, form: forms.Form, request: HttpRequest) -> str:
    """Run the service of ``action`` with the form's data; returns the success message."""
    data = form.cleaned_data
    user = _user(request)
    if action == "fulfil":
        done = obligation_fulfil(obligation=obligation, actor=user, at=data.get("at"))
        late = done.state == ObligationState.FULFILLED_LATE
        return "已记录办结（逾期完成）。" if late else "已记录办结（按期完成）。"
    if action == "pause":
        obligation_pause(
            obligation=obligation, actor=user, reason=data["reason"], note=data["note"]
        )
        return "已暂停计时。恢复计时后，届满日期将按暂停的时间顺延。"
    if action == "resume":
        done = obligation_resume(obligation=obligation, actor=user)
        return f"已恢复计时，届满日期为 {done.due_date:%Y年%m月%d日}。"
    if action == "extend":
        ext = obligation_extend(
            obligation=obligation,
            actor=user,
            amount=data.get("amount"),
            new_due_date=data.get("new_due_date"),
            reason=data["reason"],
        )
        return f"已批准延长，新的届满时间为 {ext.new_due_at:%Y年%m月%d日}。"
    obligation_cancel(obligation=obligation, actor=user, reason=data["reason"])
    return "已撤销该期限事项。"


@login_required
@require_POST
def act(request: HttpRequest, obligation_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    obligation = _get(request, obligation_id)
    spec = spec_for(obligation.rule_id)
    form_class: Any = {
        "fulfil": FulfilForm,
        "pause": PauseForm,
        "resume": ResumeForm,
        "extend": ExtendForm,
        "cancel": CancelForm,
    }[action]
    kwargs: dict[str, Any] = {"prefix": action}
    if action in ("pause", "extend"):
        kwargs["spec"] = spec
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        return _render_detail(request, obligation, bound=(action, form), status=400)
    try:
        message = _perform(action, obligation, form, request)
    except DomainError as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        status = 403 if isinstance(exc, PermissionDenied) else exc.status_code
        obligation = _get(request, obligation_id)
        return _render_detail(request, obligation, bound=(action, form), status=status)
    messages.success(request, message)
    return redirect(reverse("deadlines:detail", args=[obligation.pk]))

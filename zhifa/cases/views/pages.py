"""Pages of cases and clues: list, case page, action pages, start pages, queues, overview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.accounts.models import User
from zhifa.accounts.selectors import organisation_list_visible
from zhifa.cases.actions import CaseAction, get
from zhifa.cases.constants import CaseStatus, ClueSource, ClueStatus
from zhifa.cases.models import Case, Clue
from zhifa.cases.selectors.cases import (
    CaseFilters,
    case_get_for_user,
    case_list_for_user,
    case_list_page,
    case_page,
    case_rows,
    viewer_for,
)
from zhifa.cases.selectors.overview import case_overview
from zhifa.cases.selectors.queues import (
    ClueFilters,
    approval_queue_for_user,
    clue_get_for_user,
    clue_list_for_user,
    review_queue_for_user,
)
from zhifa.cases.selectors.similar import similar_decisions
from zhifa.cases.views.common import (
    bind_form,
    case_action_gate,
    case_actions_for,
    clue_actions_for,
    clue_allowed,
    perform,
    start_actions_for,
    start_allowed,
)
from zhifa.catalog.constants import ItemType
from zhifa.core.errors import DomainError
from zhifa.core.params import int_param


def _user(request: HttpRequest) -> User:
    """The signed-in user (every page here is behind login_required)."""
    return request.user  # type: ignore[return-value]


# --- the list ------------------------------------------------------------------------------


class CaseFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *CaseStatus.choices]
    )
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部类型"), *ItemType.choices]
    )
    unit = forms.ChoiceField(label="单位", required=False, choices=())
    waiting = forms.BooleanField(label="只看等我办理的", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = "案件编号、当事人或案由"
        unit: Any = self.fields["unit"]
        unit.choices = [("", "全部单位")] + [
            (str(o.pk), o.display_name) for o in organisation_list_visible(user=user)
        ]


def _filters(request: HttpRequest) -> tuple[CaseFilterForm, CaseFilters, bool]:
    form = CaseFilterForm(request.GET, user=_user(request))
    mine = request.GET.get("tab") == "mine"
    filters = CaseFilters(mine=mine)
    if form.is_valid():
        cd = form.cleaned_data
        filters.q = cd["q"]
        filters.status = cd["status"]
        filters.kind = cd["kind"]
        filters.organisation_id = int_param(cd["unit"])
        filters.waiting_for_me = cd["waiting"]
    return form, filters, mine


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """All cases in scope (or "我的案件"), newest first, a page at a time by keyset ("更多")."""
    form, filters, mine = _filters(request)
    page = case_list_page(
        case_list_for_user(user=_user(request), filters=filters), after=request.GET.get("after")
    )
    params = request.GET.copy()
    params.pop("after", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "mine": mine,
            "query": params.urlencode(),
            "filtered": bool(
                filters.q
                or filters.status
                or filters.kind
                or filters.organisation_id
                or filters.waiting_for_me
            ),
            "starts": start_actions_for(_user(request)),
        },
    )


# --- one case ------------------------------------------------------------------------------


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    case = case_get_for_user(user=_user(request), case_id=int_param(pk))
    if case is None:
        raise Http404
    return case


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    viewer = viewer_for(case=case, user=_user(request))
    data = case_page(case=case, viewer=viewer)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "data": data,
            "actions": case_actions_for(case, viewer),
            "similar": similar_decisions(case=case) if data.report else None,
        },
    )


def _action_page(
    request: HttpRequest,
    action: CaseAction,
    *,
    case: Case | None = None,
    clue: Clue | None = None,
    blocked: str = "",
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    form = bind_form(
        action,
        user=user,
        data=request.POST if request.method == "POST" and not blocked else None,
        files=request.FILES,
        case=case,
        clue=clue,
    )
    if request.method == "POST" and not blocked:
        if form.is_valid():
            try:
                result = perform(action, form, user=user, case=case, clue=clue)
            except DomainError as exc:
                status = exc.status_code if exc.status_code in (403, 409) else 400
            else:
                messages.success(request, f"已办理：{action.label}。")
                if isinstance(result, Case):
                    return redirect("cases:detail", pk=result.pk)
                if isinstance(result, Clue):
                    return redirect("cases:clue_detail", pk=result.pk)
                if case is not None:
                    return redirect("cases:detail", pk=case.pk)
                if clue is not None:
                    return redirect("cases:clue_detail", pk=clue.pk)
                return redirect("cases:list")
        else:
            status = 400
    return render(
        request,
        "cases/action.html",
        {"action": action, "form": form, "case": case, "clue": clue, "blocked": blocked},
        status=status,
    )


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "cases/forbidden.html", {"message": message}, status=403)


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """GET: the action's form; POST: validate and perform. 404 for a case the user may not
    see, 403 for an action that is not theirs, 409 (a Chinese message) for one not allowed in
    the case's status."""
    case = _case_or_404(request, pk)
    action = get("case", code)
    if action is None:
        raise Http404
    gate = case_action_gate(action, case, viewer_for(case=case, user=_user(request)))
    if gate is not None and gate.status == 403:
        return _forbidden(request, gate.message)
    if gate is not None:
        return _action_page(request, action, case=case, blocked=gate.message, status=409)
    return _action_page(request, action, case=case)


@login_required
@require_GET
def start_chooser(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/start.html", {"starts": start_actions_for(_user(request))})


@login_required
@require_http_methods(["GET", "POST"])
def start_action(request: HttpRequest, code: str) -> HttpResponse:
    action = get("start", code)
    if action is None:
        raise Http404
    if not start_allowed(action, _user(request)):
        return _forbidden(request, f"您不能办理“{action.label}”：这一步由执法人员办理。")
    clue = clue_get_for_user(user=_user(request), clue_id=int_param(request.GET.get("clue")))
    return _action_page(request, action, clue=clue)


# --- clues ---------------------------------------------------------------------------------


class ClueFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *ClueStatus.choices]
    )
    source = forms.ChoiceField(
        label="来源", required=False, choices=[("", "全部来源"), *ClueSource.choices]
    )


@login_required
@require_GET
def clue_list(request: HttpRequest) -> HttpResponse:
    form = ClueFilterForm(request.GET)
    filters = ClueFilters()
    if form.is_valid():
        filters = ClueFilters(**form.cleaned_data)
    page = Paginator(clue_list_for_user(user=_user(request), filters=filters), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/clue_list.html",
        {"form": form, "page": page, "starts": start_actions_for(_user(request))},
    )


def _clue_or_404(request: HttpRequest, pk: int) -> Clue:
    clue = clue_get_for_user(user=_user(request), clue_id=int_param(pk))
    if clue is None:
        raise Http404
    return clue


@login_required
@require_GET
def clue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    case = Case.objects.filter(clue=clue).only("id", "number", "status").first()
    return render(
        request,
        "cases/clue_detail.html",
        {
            "clue": clue,
            "case": case,
            "actions": clue_actions_for(clue, _user(request)),
            "file_action": get("start", "file_request"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def clue_action(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    action = get("clue", code)
    if action is None:
        raise Http404
    if not clue_allowed(action, clue, _user(request)):
        statuses = action.extra.get("statuses")
        if statuses is not None and clue.status not in statuses and _user(request).is_active:
            return _action_page(
                request,
                action,
                clue=clue,
                blocked=f"线索当前处于“{clue.get_status_display()}”，不能{action.label}。",
                status=409,
            )
        return _forbidden(request, f"您不能对该线索办理“{action.label}”。")
    return _action_page(request, action, clue=clue)


# --- queues and overview -------------------------------------------------------------------


@login_required
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    """The unit head's approval queue (never their own requests or cases)."""
    page = Paginator(approval_queue_for_user(user=_user(request)), 30).get_page(
        request.GET.get("page")
    )
    codes = {"filing": "file_approve", "decision": "decision_approve"}
    codes.update({"closure": "closure_approve", "transfer": "crime_transfer_approve"})
    rows = [(a, get("case", codes.get(a.kind, ""))) for a in page.object_list]
    return render(request, "cases/approvals.html", {"page": page, "rows": rows})


@login_required
@require_GET
def reviews(request: HttpRequest) -> HttpResponse:
    page = Paginator(review_queue_for_user(user=_user(request)), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/reviews.html",
        {"page": page, "rows": case_rows(list(page.object_list))},
    )


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/overview.html", {"overview": case_overview(user=_user(request))})

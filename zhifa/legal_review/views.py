"""Pages of the legal review (Chinese, phone-friendly): the review body's queue and one
submission with every step the viewer may take (forms keep their input; refused steps show the
service's Chinese message on the form, status 400)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.constants import Role
from zhifa.cases.selectors.cases import case_get_for_user
from zhifa.cases.services.common import holds_role_over, is_handler
from zhifa.core.errors import DomainError
from zhifa.legal_review.constants import SubmissionStatus
from zhifa.legal_review.models import Submission
from zhifa.legal_review.selectors import (
    submission_detail,
    submission_get_for_user,
    submission_list_for_user,
)
from zhifa.legal_review.steps import STEPS, Standing, Step


def standing_for(user: Any, submission: Submission) -> Standing:
    active = bool(user.is_authenticated and user.is_active)
    return Standing(
        is_handler=active and is_handler(submission.case, user),
        is_reviewer=active and holds_role_over(user, submission.organisation, Role.LEGAL_REVIEWER),
        is_head=active and holds_role_over(user, submission.case.organisation, Role.UNIT_HEAD),
    )


def annotate(submission: Submission, detail: Any) -> None:
    """What ``Step.shown`` reads beside the row (from the detail already loaded)."""
    submission.extension_pending = any(e.status == "requested" for e in detail.extensions)  # type: ignore[attr-defined]
    submission.has_dispute = detail.dispute is not None  # type: ignore[attr-defined]
    submission.consulted = bool(detail.dispute and detail.dispute.consult_result)  # type: ignore[attr-defined]


def _get(request: HttpRequest, pk: int) -> Submission:
    submission = submission_get_for_user(user=request.user, submission_id=pk)  # type: ignore[arg-type]
    if submission is None:
        raise Http404("没有找到该送审，或者您无权查看。")
    return submission


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = submission_list_for_user(user=request.user, status=status)  # type: ignore[arg-type]
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "legal_review/queue.html",
        {"page": page, "status": status, "statuses": SubmissionStatus.choices},
    )


def _render_detail(
    request: HttpRequest,
    submission: Submission,
    *,
    bound: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    detail = submission_detail(submission)
    annotate(submission, detail)
    standing = standing_for(request.user, submission)
    forms: list[tuple[Step, Any]] = []
    for step in STEPS.values():
        if bound is not None and bound[0] == step.code:
            forms.append((step, bound[1]))
        elif step.shown(submission, standing):
            forms.append(
                (
                    step,
                    step.form(
                        submission=submission, user=request.user, auto_id=_auto_id(step.code)
                    ),
                )
            )
    return render(
        request,
        "legal_review/submission.html",
        {"s": submission, "d": detail, "forms": forms, "standing": standing},
        status=status,
    )


def _auto_id(code: str) -> str:
    """Every step's form is on the same page: ids carry the step so each label finds its field."""
    return f"id_{code}_%s"


@login_required
@require_GET
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get(request, pk))


@login_required
@require_GET
def case_review(request: HttpRequest, case_id: int) -> HttpResponse:
    """From the case page: the case's latest submission."""
    case = case_get_for_user(user=request.user, case_id=case_id)  # type: ignore[arg-type]
    if case is None:
        raise Http404("没有找到该案件。")
    latest = Submission.objects.filter(case=case).order_by("-submitted_at", "-id").first()
    if latest is None:
        messages.info(request, "本案尚未提请法制审核。")
        return redirect("cases:detail", case.pk)
    return redirect("legal_review:submission", latest.pk)


def add_domain_error(form: Any, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@login_required
@require_POST
def step(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    submission = _get(request, pk)
    action = STEPS.get(code)
    if action is None:
        raise Http404("没有该办理步骤。")
    form = action.form(
        request.POST, submission=submission, user=request.user, auto_id=_auto_id(code)
    )
    if form.is_valid():
        try:
            action.perform(submission=submission, actor=request.user, data=form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已办理：{action.label}。")
            return redirect("legal_review:submission", submission.pk)
    submission.refresh_from_db()
    return _render_detail(request, submission, bound=(code, form), status=400)

"""Staff pages of the officer register: list, record form, detail with the certificate and its
actions. Thin views: scoped selectors for reads, services for writes, refusals shown in Chinese on
the form with the input kept."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhifa.accounts.models import User
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.identifiers import mask_id_number
from zhifa.personnel.constants import CertificateStatus
from zhifa.personnel.forms.certificates import (
    ApplyForm,
    IssueForm,
    OptionalReasonForm,
    ReasonForm,
    ReviewDecisionForm,
)
from zhifa.personnel.forms.officers import DeactivateForm, OfficerFilterForm, OfficerForm
from zhifa.personnel.models import Certificate, Officer
from zhifa.personnel.selectors.certificates import certificate_valid_for
from zhifa.personnel.selectors.officers import (
    OfficerFilters,
    officer_eligibility,
    officer_get_for_user,
    officer_list_for_user,
)
from zhifa.personnel.services.certificates import (
    TRANSITIONS,
    allowed_actions,
    application_problems,
    is_justice_bureau,
)
from zhifa.personnel.services.officers import (
    can_manage_officers,
    officer_create,
    officer_deactivate,
    officer_update,
)

PAGE_SIZE = 30

# action -> (form class, button text, danger?)
ACTION_FORMS: dict[str, tuple[type[forms.Form], str, bool]] = {
    "issue": (IssueForm, "登记制发", False),
    "refuse": (ReasonForm, "不予批准", True),
    "activate": (OptionalReasonForm, "发放启用", False),
    "withhold": (ReasonForm, "暂扣证件", True),
    "restore": (ReasonForm, "发还证件", False),
    "revoke": (ReasonForm, "吊销证件", True),
    "cancel": (ReasonForm, "注销证件", True),
    "surrender": (ReasonForm, "登记缴销", True),
    "report_lost": (ReasonForm, "报失", True),
    "declare_void": (OptionalReasonForm, "声明作废", True),
    "reissue": (OptionalReasonForm, "申请补办", False),
}
ACTION_TITLES = {a: label for a, (_s, _t, label) in TRANSITIONS.items()} | {"reissue": "补办"}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def form_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service refusal on the form (on its field when the form has it)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def status_tone(status: str) -> str:
    if status == CertificateStatus.VALID:
        return "ok"
    if status in (CertificateStatus.APPLIED, CertificateStatus.ISSUED, CertificateStatus.WITHHELD):
        return "warn"
    if status in (CertificateStatus.REPORTED_LOST, CertificateStatus.VOID):
        return "muted"
    return "danger"


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = OfficerFilterForm(request.GET or None, user=user)
    filters = form.filters() if form.is_bound and form.is_valid() else OfficerFilters()
    page = Paginator(officer_list_for_user(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for officer in page:
        live = officer.certificate_list  # type: ignore[attr-defined]
        officer.current = live[0] if live else None  # type: ignore[attr-defined]
        if officer.current is not None:  # type: ignore[attr-defined]
            officer.tone = status_tone(officer.current.status)  # type: ignore[attr-defined]
    can_create = is_justice_bureau(user) or (
        user.organisation is not None and can_manage_officers(user, user.organisation)
    )
    return render(
        request,
        "personnel/officer_list.html",
        {"form": form, "page": page, "can_create": can_create, "is_jb": is_justice_bureau(user)},
    )


def _get(request: HttpRequest, officer_id: int) -> Officer:
    officer = officer_get_for_user(user=_user(request), officer_id=officer_id)
    if officer is None:
        raise Http404("执法人员不存在，或者您无权查看。")
    return officer


@login_required
def officer_create_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = OfficerForm(request.POST or None, user=user)
    if not form.fields["organisation"].queryset.exists():  # type: ignore[attr-defined]
        raise Forbidden("只有单位负责人和县司法局可以登记执法人员。")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                officer = officer_create(actor=user, **form.service_values())
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, f"已登记执法人员 {officer.full_name}。")
                return redirect("personnel:officer_detail", officer.pk)
        status = 400
    return render(
        request, "personnel/officer_form.html", {"form": form, "officer": None}, status=status
    )


@login_required
def officer_edit(request: HttpRequest, officer_id: int) -> HttpResponse:
    user = _user(request)
    officer = _get(request, officer_id)
    if not can_manage_officers(user, officer.organisation):
        raise Forbidden("只有本单位（或上级单位）负责人和县司法局可以修改执法人员信息。")
    initial = {
        "full_name": officer.full_name,
        "gender": officer.gender,
        "id_number": officer.id_number,
        "organisation": officer.organisation,
        "post": officer.post,
        "staffing_type": officer.staffing_type,
        "in_enforcement_post": officer.in_enforcement_post,
        "ever_dismissed": officer.ever_dismissed,
        "induction_passed_on": officer.induction_passed_on,
        "phone": officer.phone,
        "username": officer.user.username if officer.user else "",
    }
    form = OfficerForm(request.POST or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                officer_update(actor=user, officer=officer, **form.service_values())
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("personnel:officer_detail", officer.pk)
        status = 400
    return render(
        request, "personnel/officer_form.html", {"form": form, "officer": officer}, status=status
    )


def _certificates(officer: Officer) -> list[Certificate]:
    return list(
        Certificate.objects.filter(officer=officer)
        .select_related("replaces", "applied_by")
        .prefetch_related("enforcement_types", "events__actor", "annual_reviews")
        .order_by("-applied_at", "-id")
    )


def render_detail(
    request: HttpRequest,
    officer: Officer,
    *,
    bound: tuple[str, int | None, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The officer page; ``bound`` = (action, certificate id, form) re-shown with its errors."""
    user = _user(request)
    certificates = _certificates(officer)
    for cert in certificates:
        cert.tone = status_tone(cert.status)  # type: ignore[attr-defined]
        cert.action_forms = [  # type: ignore[attr-defined]
            (
                action,
                ACTION_TITLES[action],
                ACTION_FORMS[action][0](prefix=action),
                ACTION_FORMS[action][1],
                ACTION_FORMS[action][2],
            )
            for action in allowed_actions(user, cert)
        ]
        cert.open_reviews = [  # type: ignore[attr-defined]
            r for r in cert.annual_reviews.all() if r.passed is None
        ]
        if bound and bound[1] == cert.pk:
            action = bound[0]
            forms_now = cert.action_forms  # type: ignore[attr-defined]
            if action in [a for (a, *_rest) in forms_now]:
                cert.action_forms = [  # type: ignore[attr-defined]
                    (a, t, bound[2] if a == action else f, b, d) for (a, t, f, b, d) in forms_now
                ]
            else:  # refused: show the form with the reason even if the action is not offered
                forms_now.append(
                    (
                        action,
                        ACTION_TITLES[action],
                        bound[2],
                        ACTION_FORMS[action][1],
                        ACTION_FORMS[action][2],
                    )
                )
    is_jb = is_justice_bureau(user)
    problems = application_problems(officer) if is_jb else []
    apply_form: forms.Form | None = None
    if is_jb and not problems:
        apply_form = bound[2] if bound and bound[0] == "apply" else ApplyForm(prefix="apply")
        if officer.organisation.kind == "township_team" and not apply_form.is_bound:
            apply_form.initial = {"enforcement_types": ["township"]}
    context: dict[str, Any] = {
        "officer": officer,
        "eligibility": officer_eligibility(officer),
        "certificates": certificates,
        "problems": problems,
        "apply_form": apply_form,
        "is_jb": is_jb,
        "can_edit": can_manage_officers(user, officer.organisation),
        "id_display": officer.id_number
        if can_manage_officers(user, officer.organisation)
        else mask_id_number(officer.id_number),
        "deactivate_form": DeactivateForm(prefix="deactivate")
        if not (bound and bound[0] == "deactivate")
        else bound[2],
        "review_form": ReviewDecisionForm(prefix="review"),
        "today": clock.today(),
        "equivalents": list(
            officer.equivalent_certificates.prefetch_related("enforcement_types").order_by(
                "-submitted_at"
            )
        ),
        "type_checks": [
            (t, certificate_valid_for(officer, t))
            for t in sorted(
                {t for c in certificates for t in c.enforcement_types.all()},
                key=lambda t: t.sort_order,
            )
        ],
    }
    return render(request, "personnel/officer_detail.html", context, status=status)


@login_required
def officer_detail(request: HttpRequest, officer_id: int) -> HttpResponse:
    return render_detail(request, _get(request, officer_id))


@login_required
@require_POST
def officer_deactivate_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    officer = _get(request, officer_id)
    form = DeactivateForm(request.POST, prefix="deactivate")
    if form.is_valid():
        try:
            officer_deactivate(
                actor=_user(request), officer=officer, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form_error(form, exc)
            status = 403 if isinstance(exc, PermissionDenied) else exc.status_code
            return render_detail(request, officer, bound=("deactivate", None, form), status=status)
        messages.success(request, f"已停用 {officer.full_name} 的执法人员档案（档案保留）。")
        return redirect("personnel:officer_detail", officer.pk)
    return render_detail(request, officer, bound=("deactivate", None, form), status=400)


def detail_url(officer: Officer) -> str:
    return reverse("personnel:officer_detail", args=[officer.pk])

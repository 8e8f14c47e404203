"""Pages of the enforcement-subject directory (R-1.2-07, R-1.2-08 (1)) and of the enforcement
types; the public directory."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhifa.catalog.constants import SubjectStatus
from zhifa.catalog.forms.subjects import (
    ConfirmForm,
    SubjectForm,
    SubjectWithdrawForm,
    bodies_text,
)
from zhifa.catalog.models import EnforcementSubject, EnforcementType
from zhifa.catalog.selectors import items as item_sel
from zhifa.catalog.selectors import subjects as sel
from zhifa.catalog.services.items import is_justice_bureau
from zhifa.catalog.services.subjects import (
    enforcement_type_set_active,
    subject_confirm,
    subject_save,
    subject_withdraw,
)
from zhifa.core.errors import DomainError


def _form_error(form, exc: DomainError) -> None:  # type: ignore[no-untyped-def]
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_GET
def subject_list(request: HttpRequest) -> HttpResponse:
    """Directory management: entries the user may see, and units still without an entry (JB)."""
    status = request.GET.get("status") or ""
    if status not in SubjectStatus.values:
        status = ""
    qs = sel.subjects_visible(user=request.user, status=status or None)  # type: ignore[arg-type]
    jb = is_justice_bureau(request.user)  # type: ignore[arg-type]
    missing = item_sel.catalogue_units().filter(enforcement_subject__isnull=True) if jb else []
    return render(
        request,
        "catalog/subject_list.html",
        {
            "page": Paginator(qs, 30).get_page(request.GET.get("page")),
            "status": status,
            "statuses": SubjectStatus.choices,
            "is_jb": jb,
            "missing": missing,
        },
    )


def _subject_or_404(request: HttpRequest, subject_id: int) -> EnforcementSubject:
    subject = sel.subjects_visible(user=request.user).filter(pk=subject_id).first()  # type: ignore[arg-type]
    if subject is None:
        raise Http404
    return subject


def _detail(
    request: HttpRequest, subject: EnforcementSubject, *, forms=None, status: int = 200
) -> HttpResponse:  # type: ignore[no-untyped-def]
    forms = forms or {}
    jb = is_justice_bureau(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "catalog/subject_detail.html",
        {
            "subject": subject,
            "is_jb": jb,
            "confirm_form": (forms.get("confirm") or ConfirmForm())
            if jb and subject.status == SubjectStatus.DRAFT
            else None,
            "withdraw_form": (forms.get("withdraw") or SubjectWithdrawForm())
            if jb and subject.status == SubjectStatus.CONFIRMED
            else None,
            "items_count": item_sel.items_in_force(organisation=subject.organisation).count(),
        },
        status=status,
    )


@login_required
@require_GET
def subject_detail(request: HttpRequest, subject_id: int) -> HttpResponse:
    return _detail(request, _subject_or_404(request, subject_id))


@login_required
def subject_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The JB drafts or edits the entry of a unit."""
    if not is_justice_bureau(request.user):  # type: ignore[arg-type]
        raise DjangoPermissionDenied
    organisation = get_object_or_404(item_sel.catalogue_units(), pk=organisation_id)
    subject = EnforcementSubject.objects.filter(organisation=organisation).first()
    initial = {"name": organisation.name, "enforcement_area": "临猗县行政区域"}
    if subject is not None:
        initial = {
            "name": subject.name,
            "legal_basis": subject.legal_basis,
            "duties": subject.duties,
            "enforcement_area": subject.enforcement_area,
            "enforcement_types": list(subject.enforcement_types.all()),
            "internal_bodies": bodies_text(subject),
        }
    form = SubjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            saved = subject_save(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                name=cd["name"],
                legal_basis=cd["legal_basis"],
                duties=cd["duties"],
                enforcement_area=cd["enforcement_area"],
                enforcement_types=cd["enforcement_types"],
                internal_bodies=cd["internal_bodies"],
                update_trigger=cd["update_trigger"],
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "执法主体信息已保存。")
            return redirect("catalog:subject_detail", subject_id=saved.pk)
    return render(
        request,
        "catalog/subject_edit.html",
        {"form": form, "organisation": organisation, "subject": subject},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def subject_action(request: HttpRequest, subject_id: int, action: str) -> HttpResponse:
    subject = _subject_or_404(request, subject_id)
    if action not in ("confirm", "withdraw"):
        raise Http404
    form = ConfirmForm(request.POST) if action == "confirm" else SubjectWithdrawForm(request.POST)
    if form.is_valid():
        cd = form.cleaned_data
        try:
            if action == "confirm":
                subject_confirm(
                    actor=request.user,  # type: ignore[arg-type]
                    subject=subject,
                    document_number=cd["document_number"],
                    confirmed_on=cd["confirmed_on"],
                )
            else:
                subject_withdraw(actor=request.user, subject=subject, reason=cd["reason"])  # type: ignore[arg-type]
        except DomainError as exc:
            if exc.status_code == 403:
                raise DjangoPermissionDenied(exc.message) from exc
            _form_error(form, exc)
        else:
            messages.success(request, "已确认并公布。" if action == "confirm" else "已撤销。")
            return redirect("catalog:subject_detail", subject_id=subject.pk)
    return _detail(request, subject, forms={action: form}, status=400)


@login_required
@require_GET
def type_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/type_list.html",
        {
            "types": EnforcementType.objects.order_by("sort_order", "code"),
            "is_jb": is_justice_bureau(request.user),  # type: ignore[arg-type]
        },
    )


@login_required
@require_POST
def type_toggle(request: HttpRequest, type_id: int) -> HttpResponse:
    et = get_object_or_404(EnforcementType, pk=type_id)
    try:
        enforcement_type_set_active(
            actor=request.user, enforcement_type=et, active=not et.is_active
        )  # type: ignore[arg-type]
    except DomainError as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    messages.success(request, f"执法类型“{et.name}”已{'启用' if et.is_active else '停用'}。")
    return redirect("catalog:types")


# --- public ---------------------------------------------------------------------------------


@require_GET
def public_subjects(request: HttpRequest) -> HttpResponse:
    """The published directory of enforcement subjects (R-1.2-07)."""
    subjects = list(sel.subjects_public())
    counts = item_sel.catalogue_unit_counts()
    return render(
        request,
        "catalog/public_subjects.html",
        {"subjects": [(s, counts.get(s.organisation_id, 0)) for s in subjects]},
    )


@require_GET
def public_subject(request: HttpRequest, subject_id: int) -> HttpResponse:
    """One subject: its elements (R-1.2-08 (1)), its items in force, last update (R-1.2-17)."""
    subject = sel.subject_public_get(subject_id=subject_id)
    if subject is None:
        raise Http404
    items = item_sel.items_in_force(organisation=subject.organisation)
    return render(
        request,
        "catalog/public_subject.html",
        {"subject": subject, "items": items[:200], "items_count": items.count()},
    )

"""Staff pages of publication: the unit's list (decided cases waiting for a draft, and every
publication with its limit), one publication with the step the viewer may take — edit, legal
check, approval, withdrawal or update — and the masked preview exactly as the portal shows it.
Forms keep their input; a refused step shows the service's Chinese message (status 400)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.constants import Role
from zhifa.cases.selectors.cases import case_get_for_user
from zhifa.core.errors import DomainError
from zhifa.publication import forms as f
from zhifa.publication.constants import (
    ChangeKind,
    ChangeStatus,
    PublicationForm,
    PublicationStatus,
)
from zhifa.publication.models import Publication, PublicationChange
from zhifa.publication.selectors import (
    STAFF_PAGE_SIZE,
    applied_changes_public,
    cases_awaiting_publication,
    changes_of,
    publication_for_user,
    publication_list_for_user,
    with_limits,
)
from zhifa.publication.services.changes import (
    change_approve,
    change_cancel,
    change_legal_check,
    change_propose,
)
from zhifa.publication.services.common import is_approver, is_drafter, is_legal_checker
from zhifa.publication.services.publication import (
    publication_approve,
    publication_draft_from_case,
    publication_edit,
    publication_legal_check,
    publication_obligation,
    will_publish,
)

STAFF_ROLES = (Role.OFFICER, Role.LEGAL_REVIEWER, Role.UNIT_HEAD, Role.SUPERVISOR)


def _require_staff(request: HttpRequest) -> None:
    """County leaders and administrators see the portal, not the unmasked drafts."""
    user: Any = request.user
    if not any(user.has_role(r) for r in STAFF_ROLES):
        raise DjangoPermissionDenied("执法决定公示由执法单位和司法局执法监督人员办理。")


def _get(request: HttpRequest, pk: int) -> Publication:
    _require_staff(request)
    publication = publication_for_user(user=request.user, publication_id=pk)
    if publication is None:
        raise Http404("没有找到该公示信息，或者您无权查看。")
    return publication


@login_required
@require_GET
def publication_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    status = request.GET.get("status", "")
    if status not in PublicationStatus.values:
        status = ""
    page = Paginator(
        publication_list_for_user(user=request.user, status=status), STAFF_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "publication/list.html",
        {
            "awaiting": cases_awaiting_publication(user=request.user),
            "page": page,
            "rows": with_limits(list(page.object_list)),
            "status": status,
            "statuses": PublicationStatus.choices,
            "draft_form": f.DraftForm(),
            "can_draft": any(request.user.has_role(r) for r in (Role.OFFICER, Role.UNIT_HEAD)),  # type: ignore[attr-defined]
        },
    )


@login_required
@require_GET
def case_publication(request: HttpRequest, case_id: int) -> HttpResponse:
    """From the case page: its publication, or the list where its draft is started."""
    _require_staff(request)
    case = case_get_for_user(user=request.user, case_id=case_id)  # type: ignore[arg-type]
    if case is None:
        raise Http404("没有找到该案件。")
    existing = Publication.objects.filter(case=case).first()
    if existing is not None:
        return redirect("publication:detail", existing.pk)
    messages.info(request, "本案的决定信息尚未起草公示，请在“待起草公示的决定”中起草。")
    return redirect("publication:list")


@login_required
@require_POST
def draft_from_case(request: HttpRequest, case_id: int) -> HttpResponse:
    _require_staff(request)
    case = case_get_for_user(user=request.user, case_id=case_id)  # type: ignore[arg-type]
    if case is None:
        raise Http404("没有找到该案件。")
    form = f.DraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择公开形式。")
        return redirect("publication:list")
    existing = Publication.objects.filter(case=case).first()
    if existing is not None:
        return redirect("publication:detail", existing.pk)
    try:
        publication = publication_draft_from_case(
            case=case,
            actor=request.user,
            form=form.cleaned_data["form"],  # type: ignore[arg-type]
        )
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("publication:list")
    messages.success(request, "已起草决定信息公示，并已自动脱敏，请核对后送法制审核。")
    return redirect("publication:detail", publication.pk)


def _edit_initial(p: Publication) -> dict[str, Any]:
    return {
        "form": p.form,
        "channels": p.channels,
        "conclusion": p.source.get("conclusion", ""),
        "full_text": p.source.get("full_text", ""),
        "extra_mask_terms": "\n".join(p.extra_mask_terms),
        "restriction": p.restriction,
        "restriction_reason": p.restriction_reason,
        "third_party_ground": p.third_party_ground,
        "third_party_record": p.third_party_record,
    }


def _masks_for_display(masks: list[dict]) -> list[dict]:
    from zhifa.publication.masking import KIND_LABELS

    labels = {"target_name": "执法对象", "conclusion": "执法结论", "full_text": "全文"}
    return [
        {
            "field": labels.get(m.get("field", ""), m.get("field", "")),
            "kind": KIND_LABELS.get(m.get("kind", ""), m.get("kind", "")),
            "original": m.get("original", ""),
            "masked": m.get("masked", ""),
        }
        for m in masks
    ]


def _render_detail(
    request: HttpRequest,
    p: Publication,
    *,
    bound: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    changes = changes_of(p)
    open_change = next(
        (c for c in changes if c.status in (ChangeStatus.DRAFTED, ChangeStatus.LEGAL_CHECKED)), None
    )

    def form_for(code: str, factory: Any) -> Any:
        if bound is not None and bound[0] == code:
            return bound[1]
        return factory()

    steps: dict[str, Any] = {}
    drafter, checker, approver = (
        is_drafter(user, p.organisation),
        is_legal_checker(user, p.organisation),
        is_approver(user, p.organisation),
    )
    if p.status == PublicationStatus.DRAFTED and drafter:
        steps["edit"] = form_for(
            "edit", lambda: f.EditForm(initial=_edit_initial(p), auto_id="id_edit_%s")
        )
    if p.status == PublicationStatus.DRAFTED and checker and user.pk != p.drafted_by_id:
        steps["check"] = form_for("check", lambda: f.CheckForm(auto_id="id_check_%s"))
    if p.status == PublicationStatus.LEGAL_CHECKED and approver and user.pk != p.drafted_by_id:
        steps["approve"] = form_for("approve", lambda: f.ApproveForm(auto_id="id_approve_%s"))
    if p.status == PublicationStatus.PUBLISHED and drafter and open_change is None:
        steps["change"] = form_for("change", lambda: f.ChangeForm(auto_id="id_change_%s"))
    change_steps: dict[str, Any] = {}
    if open_change is not None:
        if (
            open_change.status == ChangeStatus.DRAFTED
            and checker
            and user.pk != open_change.drafted_by_id
        ):
            change_steps["check"] = form_for(
                "change_check", lambda: f.CheckForm(auto_id="id_cc_%s")
            )
        if (
            open_change.status == ChangeStatus.LEGAL_CHECKED
            and approver
            and user.pk != open_change.drafted_by_id
        ):
            change_steps["approve"] = form_for(
                "change_approve", lambda: f.ApproveForm(auto_id="id_ca_%s")
            )
        if drafter:
            change_steps["cancel"] = form_for(
                "change_cancel", lambda: f.CancelForm(auto_id="id_cx_%s")
            )
    return render(
        request,
        "publication/detail.html",
        {
            "p": p,
            "limit": publication_obligation(p),
            "masks": _masks_for_display(p.masks),
            "publishes": will_publish(p),
            "steps": steps,
            "changes": changes,
            "open_change": open_change,
            "open_change_masks": _masks_for_display(open_change.masks) if open_change else [],
            "change_steps": change_steps,
            "public_changes": applied_changes_public(p),
            "is_full": p.form == PublicationForm.FULL,
        },
        status=status,
    )


@login_required
@require_GET
def publication_detail(request: HttpRequest, publication_id: int) -> HttpResponse:
    return _render_detail(request, _get(request, publication_id))


def _refused(
    request: HttpRequest, p: Publication, code: str, form: Any, error: DomainError
) -> HttpResponse:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)
    return _render_detail(request, p, bound=(code, form), status=400)


@login_required
@require_POST
def publication_step(request: HttpRequest, publication_id: int, step: str) -> HttpResponse:
    p = _get(request, publication_id)
    user: Any = request.user
    form_class = {
        "edit": f.EditForm,
        "check": f.CheckForm,
        "approve": f.ApproveForm,
        "change": f.ChangeForm,
    }.get(step)
    if form_class is None:
        raise Http404("没有这个办理步骤。")
    prefix = {
        "edit": "id_edit_%s",
        "check": "id_check_%s",
        "approve": "id_approve_%s",
        "change": "id_change_%s",
    }[step]
    form = form_class(request.POST, auto_id=prefix)
    if not form.is_valid():
        return _render_detail(request, p, bound=(step, form), status=400)
    data = form.cleaned_data
    try:
        if step == "edit":
            publication_edit(publication=p, actor=user, **data)
            messages.success(request, "已保存，并已重新自动脱敏。")
        elif step == "check":
            publication_legal_check(
                publication=p,
                actor=user,
                approve=data["decision"] == "approve",
                note=data["note"],
                masking_confirmed=data["masking_confirmed"],
            )
            messages.success(request, "已办理法制审核。")
        elif step == "approve":
            result = publication_approve(
                publication=p, actor=user, approve=data["decision"] == "approve", note=data["note"]
            )
            messages.success(
                request,
                {
                    PublicationStatus.PUBLISHED: "已审批，决定信息已在公示门户公开。",
                    PublicationStatus.WITHHELD: "已审批，依法不予公开，理由已记录。",
                }.get(result.status, "已退回修改。"),
            )
        else:
            change_propose(
                publication=p,
                actor=user,
                kind=data["kind"],
                trigger=data["trigger"],
                reason=data["reason"],
                conclusion=(data["conclusion"] or None)
                if data["kind"] == ChangeKind.UPDATE
                else None,
                full_text=(data["full_text"] or None)
                if data["kind"] == ChangeKind.UPDATE
                else None,
            )
            messages.success(request, "已提出，须经法制审核和负责人审批后生效（R-1.12-06）。")
    except DomainError as e:
        return _refused(request, p, step, form, e)
    return redirect("publication:detail", p.pk)


@login_required
@require_POST
def change_step(request: HttpRequest, change_id: int, step: str) -> HttpResponse:
    _require_staff(request)
    change = PublicationChange.objects.filter(pk=change_id).first()
    if change is None:
        raise Http404("没有找到该撤下或更新申请。")
    p = _get(request, change.publication_id)
    user: Any = request.user
    spec = {
        "check": (f.CheckForm, "id_cc_%s", "change_check"),
        "approve": (f.ApproveForm, "id_ca_%s", "change_approve"),
        "cancel": (f.CancelForm, "id_cx_%s", "change_cancel"),
    }.get(step)
    if spec is None:
        raise Http404("没有这个办理步骤。")
    form = spec[0](request.POST, auto_id=spec[1])
    if not form.is_valid():
        return _render_detail(request, p, bound=(spec[2], form), status=400)
    data = form.cleaned_data
    try:
        if step == "check":
            change_legal_check(
                change=change,
                actor=user,
                approve=data["decision"] == "approve",
                note=data["note"],
                masking_confirmed=data["masking_confirmed"],
            )
        elif step == "approve":
            change_approve(
                change=change, actor=user, approve=data["decision"] == "approve", note=data["note"]
            )
        else:
            change_cancel(change=change, actor=user, reason=data["reason"])
    except DomainError as e:
        return _refused(request, p, spec[2], form, e)
    messages.success(request, "已办理。")
    return redirect("publication:detail", p.pk)

"""Staff pages of the certificate register (transitions, printable card, annual review round,
equivalents, the management file) and the public pages (verification, the officer list)."""

from __future__ import annotations

import base64
import io
import re
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import can_see_organisation, organisation_list_visible
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.params import int_param
from zhifa.personnel.constants import FilingStatus
from zhifa.personnel.forms.certificates import (
    ApplyForm,
    EquivalentForm,
    OpinionForm,
    ReviewDecisionForm,
    ReviewRoundForm,
)
from zhifa.personnel.models import AnnualReview
from zhifa.personnel.selectors.certificates import (
    annual_reviews_for_user,
    certificate_get_for_user,
    certificate_verify,
    equivalent_get_for_user,
    equivalent_list_for_user,
    filing_list_for_user,
    management_file,
    public_officer_list,
    public_units,
)
from zhifa.personnel.services import certificates as svc
from zhifa.personnel.views.officers import ACTION_FORMS, _get, form_error, render_detail

PAGE_SIZE = 30
_NUMBER_RE = re.compile(r"^[0-9A-Za-z-]{1,30}$")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _status(exc: DomainError) -> int:
    return 403 if isinstance(exc, PermissionDenied) else exc.status_code


# --- apply and transitions ---------------------------------------------------------------------


@login_required
@require_POST
def certificate_apply_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    officer = _get(request, officer_id)
    form = ApplyForm(request.POST, prefix="apply")
    if form.is_valid():
        try:
            svc.certificate_apply(
                officer=officer,
                actor=_user(request),
                enforcement_types=list(form.cleaned_data["enforcement_types"]),
                enforcement_area=form.cleaned_data["enforcement_area"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form_error(form, exc)
            return render_detail(request, officer, bound=("apply", None, form), status=_status(exc))
        messages.success(request, "已向省人民政府申领行政执法证件。")
        return redirect("personnel:officer_detail", officer.pk)
    return render_detail(request, officer, bound=("apply", None, form), status=400)


def _perform(action: str, certificate: Any, data: dict[str, Any], actor: User) -> str:
    if action == "issue":
        svc.certificate_issue(
            certificate=certificate,
            actor=actor,
            number=data["number"],
            issued_on=data["issued_on"],
            expires_on=data.get("expires_on"),
            issuer=data["issuer"],
            enforcement_area=data.get("enforcement_area") or "",
        )
        return f"已登记制发，证件编号 {data['number'].strip().upper()}。"
    if action == "activate":
        svc.certificate_activate(certificate=certificate, actor=actor, reason=data["reason"])
        return "证件已发放启用。"
    if action == "declare_void":
        svc.certificate_declare_void(certificate=certificate, actor=actor, reason=data["reason"])
        return "已声明作废；可以申请补办。"
    if action == "reissue":
        svc.certificate_reissue(certificate=certificate, actor=actor, reason=data["reason"])
        return "已申请补办，新证件待制发。"
    service = getattr(svc, f"certificate_{action}")
    service(
        certificate=certificate,
        actor=actor,
        reason=data["reason"],
        reference=data.get("reference", ""),
    )
    return f"已办理：{svc.TRANSITIONS[action][2]}。"


@login_required
@require_POST
def certificate_act(request: HttpRequest, certificate_id: int, action: str) -> HttpResponse:
    if action not in ACTION_FORMS:
        raise Http404("没有这项操作。")
    user = _user(request)
    certificate = certificate_get_for_user(user=user, certificate_id=certificate_id)
    if certificate is None:
        raise Http404("证件不存在，或者您无权查看。")
    form = ACTION_FORMS[action][0](request.POST, prefix=action)
    officer = certificate.officer
    if not form.is_valid():
        return render_detail(request, officer, bound=(action, certificate.pk, form), status=400)
    try:
        message = _perform(action, certificate, form.cleaned_data, user)
    except DomainError as exc:
        form_error(form, exc)
        return render_detail(
            request, officer, bound=(action, certificate.pk, form), status=_status(exc)
        )
    messages.success(request, message)
    return redirect("personnel:officer_detail", officer.pk)


# --- the printable card with its QR code (R-3.1-11, R-1.7-05) ----------------------------------


def verify_url(request: HttpRequest, number: str) -> str:
    return request.build_absolute_uri(reverse("personnel:public_verify", args=[number]))


def qr_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` as a data: URI (the CSP allows data: images)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def certificate_card(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """A printable card of the certificate: shown on duty (R-3.1-11); its QR code opens the
    public verification page of the number so anyone can check it (R-1.7-05)."""
    certificate = certificate_get_for_user(user=_user(request), certificate_id=certificate_id)
    if certificate is None or not certificate.number:
        raise Http404("证件不存在、尚未制发，或者您无权查看。")
    url = verify_url(request, certificate.number)
    return render(
        request,
        "personnel/certificate_card.html",
        {
            "cert": certificate,
            "officer": certificate.officer,
            "types": list(certificate.enforcement_types.all()),
            "verify_url": url,
            "qr": qr_data_uri(url),
        },
    )


# --- annual review (R-1.7-07) ------------------------------------------------------------------


@login_required
def annual_reviews(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    if not 2000 <= year <= 2100:
        year = clock.today().year
    is_jb = svc.is_justice_bureau(user)
    form = ReviewRoundForm(request.POST or None) if is_jb else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Forbidden("只有县司法局可以组织年审。")
        if form.is_valid():
            try:
                opened = svc.annual_review_open(
                    actor=user, year=form.cleaned_data["year"], due_on=form.cleaned_data["due_on"]
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request,
                    f"已开启 {form.cleaned_data['year']} 年度年审：{len(opened)} 本证件，"
                    f"截止 {form.cleaned_data['due_on']:%Y年%m月%d日}。",
                )
                return redirect(
                    f"{reverse('personnel:annual_reviews')}?year={form.cleaned_data['year']}"
                )
        status = 400
    page = Paginator(annual_reviews_for_user(user=user, year=year), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "personnel/annual_reviews.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "is_jb": is_jb,
            "today": clock.today(),
            "decision_form": ReviewDecisionForm(prefix="review"),
        },
        status=status,
    )


@login_required
@require_POST
def annual_review_act(request: HttpRequest, review_id: int, decision: str) -> HttpResponse:
    if decision not in ("pass", "fail"):
        raise Http404("没有这项操作。")
    user = _user(request)
    review = (
        AnnualReview.objects.filter(pk=review_id)
        .select_related("certificate__officer__organisation")
        .first()
    )
    if review is None or not can_see_organisation(
        user=user, organisation=review.certificate.officer.organisation
    ):
        raise Http404("年审记录不存在，或者您无权查看。")
    form = ReviewDecisionForm(request.POST, prefix="review")
    back = request.POST.get("next") or reverse(
        "personnel:officer_detail", args=[review.certificate.officer_id]
    )
    if not back.startswith("/"):
        back = reverse("personnel:annual_reviews")
    if form.is_valid():
        try:
            if decision == "pass":
                svc.annual_review_pass(
                    review=review, actor=user, opinion=form.cleaned_data["opinion"]
                )
                messages.success(request, f"{review.certificate.officer.full_name}：年审通过。")
            else:
                svc.annual_review_fail(
                    review=review, actor=user, opinion=form.cleaned_data["opinion"]
                )
                messages.warning(
                    request, f"{review.certificate.officer.full_name}：年审未通过，证件无效。"
                )
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect(back)


# --- equivalents (R-1.7-06) -------------------------------------------------------------------


@login_required
def equivalent_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status") or ""
    if status not in FilingStatus.values:
        status = ""
    page = Paginator(equivalent_list_for_user(user=user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "personnel/equivalent_list.html",
        {
            "page": page,
            "status": status,
            "statuses": FilingStatus.choices,
            "is_jb": svc.is_justice_bureau(user),
            "can_submit": svc.is_justice_bureau(user) or user.has_role("unit_head"),
            "opinion_form": OpinionForm(prefix="opinion"),
        },
    )


@login_required
def equivalent_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = EquivalentForm(request.POST or None, user=user)
    if not (svc.is_justice_bureau(user) or user.has_role("unit_head")):
        raise Forbidden("只有单位负责人和县司法局可以报备同等效力证件。")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                svc.equivalent_submit(
                    actor=user,
                    officer=data["officer"],
                    name=data["name"],
                    number=data["number"],
                    issuer=data["issuer"],
                    designation_basis=data["designation_basis"],
                    enforcement_types=list(data["enforcement_types"]),
                    valid_from=data["valid_from"],
                    valid_to=data.get("valid_to"),
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, "已报县司法局备案。")
                return redirect("personnel:equivalent_list")
        status = 400
    return render(request, "personnel/equivalent_form.html", {"form": form}, status=status)


@login_required
@require_POST
def equivalent_act(request: HttpRequest, equivalent_id: int, decision: str) -> HttpResponse:
    if decision not in ("accept", "return"):
        raise Http404("没有这项操作。")
    user = _user(request)
    filing = equivalent_get_for_user(user=user, equivalent_id=equivalent_id)
    if filing is None:
        raise Http404("备案不存在，或者您无权查看。")
    form = OpinionForm(request.POST, prefix="opinion")
    form.is_valid()
    opinion = form.cleaned_data.get("opinion", "") if form.is_valid() else ""
    try:
        if decision == "accept":
            svc.equivalent_accept(actor=user, filing=filing, opinion=opinion)
            messages.success(request, f"{filing.name} {filing.number}：已备案。")
        else:
            svc.equivalent_return(actor=user, filing=filing, opinion=opinion)
            messages.warning(request, f"{filing.name} {filing.number}：已退回。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("personnel:equivalent_list")


# --- the certificate management file (R-1.7-08) -----------------------------------------------


def _file_unit(request: HttpRequest) -> Organisation:
    user = _user(request)
    raw = request.GET.get("unit") or request.POST.get("unit") or ""
    if raw:
        unit_id = int_param(raw)
        if unit_id is None:
            raise Http404("单位不存在。")
        unit = Organisation.objects.filter(pk=unit_id).first()
    else:
        unit = user.organisation
    if unit is None or not can_see_organisation(user=user, organisation=unit):
        raise Http404("单位不存在，或者您无权查看。")
    return unit


@login_required
def management_file_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    unit = _file_unit(request)
    officers = management_file(organisation=unit)
    filings = Paginator(filing_list_for_user(user=user).filter(organisation=unit), 10).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "personnel/management_file.html",
        {
            "unit": unit,
            "units": organisation_list_visible(user=user),
            "officers": officers,
            "filings": filings,
            "can_submit": svc.is_justice_bureau(user) or svc.is_unit_head_over(user, unit),
            "is_jb": svc.is_justice_bureau(user),
            "opinion_form": OpinionForm(prefix="opinion"),
        },
    )


@login_required
def management_file_export(request: HttpRequest) -> HttpResponse:
    """The management file as XLSX: one row per certificate event (officers without a certificate
    get one row)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    unit = _file_unit(request)
    officers = management_file(organisation=unit)
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook has one sheet
    ws.title = "证件管理档案"
    ws.append(
        [
            f"{unit.name} 行政执法人员证件管理档案",
            "",
            "",
            f"导出时间 {clock.local(clock.now()):%Y-%m-%d %H:%M}",
        ]
    )
    ws["A1"].font = Font(bold=True, size=13)
    header = [
        "姓名",
        "性别",
        "职务",
        "人员身份",
        "在职",
        "入职培训考核合格",
        "证件编号",
        "证件状态",
        "执法类型",
        "执法区域",
        "发证日期",
        "有效期至",
        "年审有效至",
        "变更",
        "变更原因",
        "文号",
        "时间",
        "经办人",
    ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for o in officers:
        base = [
            o.full_name,
            o.get_gender_display(),
            o.post,
            o.get_staffing_type_display(),
            "是" if o.is_active else "否",
            o.induction_passed_on.isoformat() if o.induction_passed_on else "",
        ]
        certs = o.certificate_list  # type: ignore[attr-defined]
        if not certs:
            ws.append([*base, "", "无证件"])
            continue
        for c in certs:
            cert_cols = [
                c.number or "",
                c.get_status_display(),
                "、".join(t.name for t in c.enforcement_types.all()),
                c.enforcement_area,
                c.issued_on.isoformat() if c.issued_on else "",
                c.expires_on.isoformat() if c.expires_on else "",
                c.reviewed_until.isoformat() if c.reviewed_until else "",
            ]
            for e in c.event_list or [None]:
                if e is None:
                    ws.append([*base, *cert_cols])
                    continue
                ws.append(
                    [
                        *base,
                        *cert_cols,
                        e.action,
                        e.reason,
                        e.reference,
                        clock.local(e.at).strftime("%Y-%m-%d %H:%M"),
                        str(e.actor) if e.actor else "系统",
                    ]
                )
    for col, width in zip(
        "ABCDEFGHIJKLMNOPQR",
        (10, 5, 12, 16, 5, 12, 14, 10, 20, 16, 11, 11, 11, 12, 30, 16, 16, 10),
        strict=True,
    ):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"certificate-file-{unit.code}-{clock.today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def management_file_submit_view(request: HttpRequest) -> HttpResponse:
    unit = _file_unit(request)
    try:
        filing = svc.management_file_submit(actor=_user(request), organisation=unit)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"已将证件管理档案报县司法局备案（{filing.officer_count} 人，{filing.certificate_count} 本证件）。",
        )
    return redirect(f"{reverse('personnel:management_file')}?unit={unit.pk}")


@login_required
@require_POST
def management_file_act(request: HttpRequest, filing_id: int, decision: str) -> HttpResponse:
    if decision not in ("accept", "return"):
        raise Http404("没有这项操作。")
    user = _user(request)
    filing = filing_list_for_user(user=user).filter(pk=filing_id).first()
    if filing is None:
        raise Http404("备案不存在，或者您无权查看。")
    form = OpinionForm(request.POST, prefix="opinion")
    opinion = form.cleaned_data.get("opinion", "") if form.is_valid() else ""
    try:
        svc.management_file_handle(
            actor=user, filing=filing, accept=decision == "accept", opinion=opinion
        )
        messages.success(request, "已办理。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('personnel:management_file')}?unit={filing.organisation_id}")


# --- public pages (no login) -------------------------------------------------------------------


def public_verify_lookup(request: HttpRequest) -> HttpResponse:
    """A form where anyone types a certificate number (or scans the card)."""
    number = (request.GET.get("number") or "").strip().upper()
    error = ""
    if number:
        if _NUMBER_RE.match(number):
            return redirect("personnel:public_verify", number)
        error = "证件编号只含数字和字母，请核对后重新输入。"
    return render(
        request,
        "personnel/public_verify.html",
        {"lookup": True, "number": number, "error": error, "result": None},
        status=400 if error else 200,
    )


def public_verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public verification of one certificate number (R-1.7-05): valid today or not, holder,
    unit, post, types, area, validity. Never the ID number; no photo."""
    number = (number or "").strip().upper()
    if not _NUMBER_RE.match(number):
        return render(
            request,
            "personnel/public_verify.html",
            {
                "lookup": True,
                "number": "",
                "error": "证件编号格式不正确：只含数字和字母。",
                "result": None,
            },
            status=404,
        )
    result = certificate_verify(number)
    if result is None:
        return render(
            request,
            "personnel/public_verify.html",
            {
                "lookup": True,
                "number": number,
                "error": f"查无此证：编号 {number} 不是本县登记的行政执法证件。"
                "对方不能出示有效执法证件的，您有权拒绝检查或处罚（R-1.7-05）。",
                "result": None,
            },
            status=404,
        )
    return render(
        request,
        "personnel/public_verify.html",
        {"lookup": False, "result": result, "number": number},
    )


def public_officer_list_view(request: HttpRequest) -> HttpResponse:
    """The published list of certified officers (R-1.2-08 (3)): name, unit, post, certificate
    number; filter by unit. Names are published in full because the rule requires them;
    nothing else personal is shown."""
    unit_raw = request.GET.get("unit") or ""
    unit_id = int_param(unit_raw)
    page = Paginator(public_officer_list(organisation_id=unit_id), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "personnel/public_officer_list.html",
        {"page": page, "units": public_units(), "unit_id": unit_id, "today": clock.today()},
    )

"""HTTP API of the officers area (mounted at /api/v1/personnel/): officers (scoped), certificate
transitions through the same services as the pages, ``valid-for`` (the one question), the
inspector directory and the public verification of a certificate number (no login).

Errors are structured: ``{"code": "...", "message": "中文说明", "field": ...}`` with 400 (bad
input), 403 (not allowed), 404 (not found or not in scope), 409 (transition not allowed).
"""

from __future__ import annotations

import datetime as dt
import re

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import can_see_organisation
from zhifa.core.errors import DomainError
from zhifa.personnel.constants import CertificateStatus, Gender, StaffingType
from zhifa.personnel.models import Certificate, Officer
from zhifa.personnel.selectors.certificates import (
    certificate_get_for_user,
    certificate_valid_for,
    certificate_verify,
    inspector_directory,
)
from zhifa.personnel.selectors.officers import (
    OfficerFilters,
    officer_eligibility,
    officer_get_for_user,
    officer_list_for_user,
)
from zhifa.personnel.services import certificates as svc
from zhifa.personnel.services.officers import officer_create

router = Router(tags=["personnel"])

MAX_LIMIT = 200
_NUMBER_RE = re.compile(r"^[0-9A-Za-z-]{1,30}$")


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")


class CertificateOut(Schema):
    id: int
    number: str | None
    status: str
    status_label: str
    status_reason: str
    enforcement_types: list[str]
    enforcement_area: str
    issuer: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    reviewed_until: dt.date | None
    replaces_id: int | None


class OfficerOut(Schema):
    id: int
    full_name: str
    gender: str
    organisation_id: int
    organisation_name: str
    post: str
    staffing_type: str
    in_enforcement_post: bool
    ever_dismissed: bool
    induction_passed_on: dt.date | None
    is_active: bool
    user_id: int | None
    eligible: bool
    eligibility_reason: str
    certificates: list[CertificateOut]


class OfficerListOut(Schema):
    count: int
    items: list[OfficerOut]


class OfficerIn(Schema):
    full_name: str
    gender: Gender
    id_number: str
    organisation_id: int
    post: str
    staffing_type: StaffingType
    in_enforcement_post: bool = True
    ever_dismissed: bool = False
    induction_passed_on: dt.date | None = None
    phone: str = ""
    user_id: int | None = None


class ApplyIn(Schema):
    enforcement_types: list[str]
    enforcement_area: str
    reason: str = ""


class TransitionIn(Schema):
    reason: str = ""
    reference: str = ""
    # issue only
    number: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    issuer: str = svc.DEFAULT_ISSUER
    enforcement_area: str = ""


class ValidForOut(Schema):
    ok: bool
    reason: str
    certificate_number: str | None
    equivalent: str | None
    on: dt.date
    enforcement_type: str


class VerifyOut(Schema):
    number: str
    valid: bool
    status_label: str
    reason: str
    holder: str
    unit: str
    post: str
    enforcement_types: list[str]
    area: str
    issuer: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    reviewed_until: dt.date | None
    checked_on: dt.date


class InspectorOut(Schema):
    officer_id: int
    name: str
    unit: str
    unit_id: int
    enforcement_type: str
    certificate_number: str


def _cert_out(c: Certificate) -> dict[str, object]:
    return {
        "id": c.pk,
        "number": c.number,
        "status": c.status,
        "status_label": c.get_status_display(),
        "status_reason": c.status_reason,
        "enforcement_types": [t.code for t in c.enforcement_types.all()],
        "enforcement_area": c.enforcement_area,
        "issuer": c.issuer,
        "issued_on": c.issued_on,
        "expires_on": c.expires_on,
        "reviewed_until": c.reviewed_until,
        "replaces_id": c.replaces_id,
    }


def _officer_out(o: Officer, certificates: list[Certificate]) -> dict[str, object]:
    eligibility = officer_eligibility(o)
    return {
        "id": o.pk,
        "full_name": o.full_name,
        "gender": o.gender,
        "organisation_id": o.organisation_id,
        "organisation_name": o.organisation.name,
        "post": o.post,
        "staffing_type": o.staffing_type,
        "in_enforcement_post": o.in_enforcement_post,
        "ever_dismissed": o.ever_dismissed,
        "induction_passed_on": o.induction_passed_on,
        "is_active": o.is_active,
        "user_id": o.user_id,
        "eligible": eligibility.ok,
        "eligibility_reason": eligibility.reason,
        "certificates": [_cert_out(c) for c in certificates],
    }


def _certs(officer: Officer) -> list[Certificate]:
    return list(
        Certificate.objects.filter(officer=officer)
        .prefetch_related("enforcement_types")
        .order_by("-applied_at", "-id")
    )


def _officer(request: HttpRequest, officer_id: int) -> Officer:
    officer = officer_get_for_user(user=request.auth, officer_id=officer_id)  # type: ignore[attr-defined]
    if officer is None:
        raise NotFound("执法人员不存在，或者您无权查看。")
    return officer


@router.get("/officers", response=OfficerListOut, summary="Officers I may see, filtered")
def officers(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    organisation: int | None = None,
    status: str = "",
    enforcement_type: str = "",
    q: str = "",
    include_inactive: bool = False,
    limit: int = 50,
    offset: int = 0,
):
    if status and status != "none" and status not in CertificateStatus.values:
        raise DomainError(
            f"证件状态 {status} 无效，可选：none 或 {'、'.join(CertificateStatus.values)}。",
            code="invalid_filter",
            field="status",
        )
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise DomainError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间，offset 不能为负数。",
            code="invalid_filter",
            field="limit",
        )
    qs = officer_list_for_user(
        user=request.auth,  # type: ignore[attr-defined]
        filters=OfficerFilters(
            organisation_id=organisation,
            status=status,
            enforcement_type=enforcement_type.strip(),
            q=q.strip()[:50],
            include_inactive=include_inactive,
        ),
    )
    rows = list(qs[offset : offset + limit])
    return {
        "count": qs.count(),
        "items": [_officer_out(o, o.certificate_list) for o in rows],  # type: ignore[attr-defined]
    }


@router.get("/officers/{officer_id}", response=OfficerOut, summary="One officer")
def officer_detail(request: HttpRequest, officer_id: int):  # type: ignore[no-untyped-def]
    officer = _officer(request, officer_id)
    return _officer_out(officer, _certs(officer))


@router.post(
    "/officers", response={201: OfficerOut}, summary="Register an officer (unit head or JB)"
)
def officer_create_api(request: HttpRequest, payload: OfficerIn):  # type: ignore[no-untyped-def]
    user: User = request.auth  # type: ignore[attr-defined]
    org = Organisation.objects.filter(pk=payload.organisation_id).first()
    if org is None or not can_see_organisation(user=user, organisation=org):
        raise DomainError(
            "单位不存在，或者不在您的管辖范围内。", code="invalid", field="organisation_id"
        )
    login = None
    if payload.user_id is not None:
        login = User.objects.filter(pk=payload.user_id).first()
        if (
            login is None
            or login.organisation is None
            or not can_see_organisation(user=user, organisation=login.organisation)
        ):
            raise DomainError(
                "登录账号不存在，或者不在您的管辖范围内。", code="invalid", field="user_id"
            )
    officer = officer_create(
        actor=user,
        full_name=payload.full_name,
        gender=payload.gender,
        id_number=payload.id_number,
        organisation=org,
        post=payload.post,
        staffing_type=payload.staffing_type,
        in_enforcement_post=payload.in_enforcement_post,
        ever_dismissed=payload.ever_dismissed,
        induction_passed_on=payload.induction_passed_on,
        phone=payload.phone,
        user=login,
    )
    return Status(201, _officer_out(officer, []))


@router.post(
    "/officers/{officer_id}/certificates",
    response={201: CertificateOut},
    summary="Apply for a certificate on behalf of the unit (Justice Bureau)",
)
def certificate_apply_api(request: HttpRequest, officer_id: int, payload: ApplyIn):  # type: ignore[no-untyped-def]
    officer = _officer(request, officer_id)
    cert = svc.certificate_apply(
        officer=officer,
        actor=request.auth,  # type: ignore[attr-defined]
        enforcement_types=payload.enforcement_types,
        enforcement_area=payload.enforcement_area,
        reason=payload.reason,
    )
    return Status(201, _cert_out(cert))


ACTIONS = (*svc.TRANSITIONS, "reissue")


@router.post(
    "/certificates/{certificate_id}/transitions/{action}",
    response=CertificateOut,
    summary="A certificate transition: issue, activate, refuse, withhold, restore, revoke, "
    "cancel, surrender, report_lost, declare_void, reissue",
)
def certificate_transition(  # type: ignore[no-untyped-def]
    request: HttpRequest, certificate_id: int, action: str, payload: TransitionIn
):
    if action not in ACTIONS or action in ("review_fail", "review_missed"):
        raise DomainError(f"没有“{action}”这项操作。", code="unknown_action", field="action")
    user: User = request.auth  # type: ignore[attr-defined]
    cert = certificate_get_for_user(user=user, certificate_id=certificate_id)
    if cert is None:
        raise NotFound("证件不存在，或者您无权查看。")
    if action == "issue":
        if payload.issued_on is None:
            raise DomainError("请填写发证日期。", code="required", field="issued_on")
        done = svc.certificate_issue(
            certificate=cert,
            actor=user,
            number=payload.number,
            issued_on=payload.issued_on,
            expires_on=payload.expires_on,
            issuer=payload.issuer,
            enforcement_area=payload.enforcement_area,
        )
    elif action == "activate":
        done = svc.certificate_activate(certificate=cert, actor=user, reason=payload.reason)
    elif action == "declare_void":
        done = svc.certificate_declare_void(
            certificate=cert, actor=user, reason=payload.reason, reference=payload.reference
        )
    elif action == "reissue":
        done = svc.certificate_reissue(certificate=cert, actor=user, reason=payload.reason)
    else:
        done = getattr(svc, f"certificate_{action}")(
            certificate=cert, actor=user, reason=payload.reason, reference=payload.reference
        )
    done = Certificate.objects.prefetch_related("enforcement_types").get(pk=done.pk)
    return _cert_out(done)


@router.get(
    "/officers/{officer_id}/valid-for",
    response=ValidForOut,
    summary="May this officer act in this enforcement type on this date? (R-1.7-01, R-1.7-04)",
)
def valid_for(  # type: ignore[no-untyped-def]
    request: HttpRequest, officer_id: int, type: str, on: dt.date | None = None
):
    from zhifa.catalog.models import EnforcementType
    from zhifa.core import clock

    officer = _officer(request, officer_id)
    code = type.strip()
    if not EnforcementType.objects.filter(code=code).exists():
        raise DomainError(f"未知的执法类型：{code}。", code="unknown_type", field="type")
    on = on or clock.today()
    check = certificate_valid_for(officer, code, on)
    return {
        "ok": check.ok,
        "reason": check.reason,
        "certificate_number": check.certificate.number if check.certificate else None,
        "equivalent": f"{check.equivalent.name} {check.equivalent.number}"
        if check.equivalent
        else None,
        "on": on,
        "enforcement_type": code,
    }


@router.get(
    "/inspectors",
    response=list[InspectorOut],
    summary="Inspector directory for random draws (R-1.1-03), within my scope",
)
def inspectors(  # type: ignore[no-untyped-def]
    request: HttpRequest, organisation: int | None = None, enforcement_type: str = ""
):
    user: User = request.auth  # type: ignore[attr-defined]
    org: Organisation | None = None
    if organisation is not None:
        org = Organisation.objects.filter(pk=organisation).first()
        if org is None or not can_see_organisation(user=user, organisation=org):
            raise NotFound("单位不存在，或者您无权查看。")
    elif not user.is_county_wide:
        org = user.organisation
        if org is None:
            return []
    return [
        {
            "officer_id": i.officer_id,
            "name": i.name,
            "unit": i.unit,
            "unit_id": i.unit_id,
            "enforcement_type": i.enforcement_type,
            "certificate_number": i.certificate_number,
        }
        for i in inspector_directory(organisation=org, enforcement_type=enforcement_type or None)
    ]


@router.get(
    "/certificates/{number}/verify",
    response=VerifyOut,
    auth=None,
    summary="Public: is this certificate number valid today? (R-1.7-05; no ID number)",
)
def verify(request: HttpRequest, number: str):  # type: ignore[no-untyped-def]
    number = (number or "").strip()
    if not _NUMBER_RE.match(number):
        raise NotFound("证件编号格式不正确：只含数字和字母。")
    result = certificate_verify(number)
    if result is None:
        raise NotFound(f"查无此证：编号 {number} 不是本县登记的行政执法证件。")
    return {
        "number": result.number,
        "valid": result.valid,
        "status_label": result.status_label,
        "reason": result.reason,
        "holder": result.holder,
        "unit": result.unit,
        "post": result.post,
        "enforcement_types": result.types,
        "area": result.area,
        "issuer": result.issuer,
        "issued_on": result.issued_on,
        "expires_on": result.expires_on,
        "reviewed_until": result.reviewed_until,
        "checked_on": result.checked_on,
    }

"""Reads of the certificate register: the one question every later module asks
(:func:`certificate_valid_for`), the inspector directory (R-1.1-03), public verification,
equivalents and the certificate management file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.catalog.models import EnforcementType
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.personnel.constants import CertificateStatus, FilingStatus
from zhifa.personnel.models import (
    AnnualReview,
    Certificate,
    CertificateEvent,
    CertificateFileFiling,
    EquivalentCertificate,
    Officer,
)
from zhifa.personnel.selectors.officers import LIVE_STATUSES, officer_eligibility

S = CertificateStatus

_STATUS_REASON = {
    S.APPLIED: "证件正在申领中，尚未制发",
    S.ISSUED: "证件已制发但尚未发放启用",
    S.WITHHELD: "证件已被暂扣",
    S.REVOKED: "证件已被吊销",
    S.CANCELLED: "证件已注销",
    S.SURRENDERED_CANCELLED: "证件已缴销",
    S.REPORTED_LOST: "证件已报失",
    S.VOID: "证件已声明作废",
    S.INVALID: "证件未通过年审，已无效",
    S.REFUSED: "证件申领未获批准",
}


@dataclass(frozen=True)
class CertificateCheck:
    """The answer of :func:`certificate_valid_for`: ``ok`` and, when not, why (in Chinese)."""

    ok: bool
    reason: str
    certificate: Certificate | None = None
    equivalent: EquivalentCertificate | None = None

    def __bool__(self) -> bool:
        return self.ok


def _type_code(enforcement_type: EnforcementType | str) -> str:
    if isinstance(enforcement_type, EnforcementType):
        return enforcement_type.code
    return str(enforcement_type or "").strip()


def _certificates_on(officer_q: Q, type_code: str, on_date: dt.date) -> list[Certificate]:
    """The officer's certificates with, as of ``on_date``: ``status_on`` (the status after the
    last event of that day or before), ``covers`` (the type is on it) and ``review_missed`` (an
    annual review due before that day was not passed). One query."""
    end = clock.end_of_day(on_date)
    last_status = (
        CertificateEvent.objects.filter(certificate=OuterRef("pk"), at__lte=end)
        .order_by("-at", "-id")
        .values("to_status")[:1]
    )
    through = Certificate.enforcement_types.through
    return list(
        Certificate.objects.filter(officer_q)
        .exclude(status=S.REFUSED)
        .select_related("officer__organisation")
        .annotate(
            status_on=Subquery(last_status),
            covers=Exists(
                through.objects.filter(certificate=OuterRef("pk"), enforcementtype__code=type_code)
            ),
            review_missed=Exists(
                AnnualReview.objects.filter(certificate=OuterRef("pk"), due_on__lt=on_date).filter(
                    Q(passed__isnull=True) | Q(passed=False)
                )
            ),
        )
        .order_by("-applied_at", "-id")
    )


def _why_not(cert: Certificate, on_date: dt.date) -> str | None:
    """Why ``cert`` does not let its holder act on ``on_date`` (None: it does)."""
    status_on = cert.status_on  # type: ignore[attr-defined]
    number = cert.number or ""
    if status_on is None:
        return "该日期时尚未申领行政执法证件"
    if status_on != S.VALID:
        return f"行政执法证 {number} 状态为“{S(status_on).label}”：" + _STATUS_REASON.get(
            status_on, "证件无效"
        )
    if cert.issued_on and on_date < cert.issued_on:
        return f"行政执法证 {number} 于 {cert.issued_on:%Y年%m月%d日} 才发证"
    if cert.expires_on and on_date > cert.expires_on:
        return f"行政执法证 {number} 已于 {cert.expires_on:%Y年%m月%d日} 过期"
    if cert.review_missed:  # type: ignore[attr-defined]
        return f"行政执法证 {number} 未按期通过年审，证件无效（R-1.7-07）"
    if not cert.covers:  # type: ignore[attr-defined]
        return f"行政执法证 {number} 载明的执法类型不包括该类型，不能超出执法类型执法（R-1.7-04）"
    return None


def certificate_valid_for(
    officer: Officer | User | None,
    enforcement_type: EnforcementType | str,
    on_date: dt.date | None = None,
) -> CertificateCheck:
    """May this person act in ``enforcement_type`` on ``on_date`` (default today)?

    R-1.7-01 / R-3.1-08: only the holder of a valid certificate acts; R-1.7-04: only within the
    types on it; R-1.7-07: a certificate whose annual review was not passed by its due date is
    invalid on the days after it (even before the job marks it); R-1.10-05: only after the
    induction assessment; R-3.1-10: never an excluded person. An accepted equivalent
    certificate filed with the Justice Bureau counts for the types it covers while valid
    (R-1.7-06). The status on a past date comes from the certificate's event history.

    Accepts a ``User`` (through its officer record). One query for the officer, one for the
    certificates; one more only when no certificate answers and an equivalent may.
    """
    on_date = on_date or clock.today()
    type_code = _type_code(enforcement_type)
    if not type_code:
        return CertificateCheck(False, "未指定执法类型。")
    if isinstance(officer, User):
        user = officer
        officer = Officer.objects.filter(user=user).select_related("organisation").first()
        if officer is None:
            return CertificateCheck(
                False, f"{user} 没有执法人员档案，不能从事行政执法（R-1.7-01）。"
            )
    if officer is None:
        return CertificateCheck(False, "没有执法人员档案，不能从事行政执法（R-1.7-01）。")
    name = officer.full_name
    if not officer.is_active:
        return CertificateCheck(False, f"{name} 已不在职，不能从事行政执法。")
    eligibility = officer_eligibility(officer)
    if not eligibility:
        return CertificateCheck(False, f"{name} 不具备执法资格：{eligibility.reason}")
    if officer.induction_passed_on is None or officer.induction_passed_on > on_date:
        return CertificateCheck(False, f"{name} 尚未通过入职培训考核，不能上岗执法（R-1.10-05）。")
    certificates = _certificates_on(Q(officer=officer), type_code, on_date)
    first_reason: str | None = None
    first_cert: Certificate | None = None
    for cert in certificates:
        why = _why_not(cert, on_date)
        if why is None:
            return CertificateCheck(True, f"持有效行政执法证 {cert.number}。", cert)
        if first_reason is None and cert.status_on is not None:  # type: ignore[attr-defined]
            first_reason, first_cert = why, cert
    equivalent = (
        EquivalentCertificate.objects.filter(
            officer=officer,
            status=FilingStatus.ACCEPTED,
            valid_from__lte=on_date,
            enforcement_types__code=type_code,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
        .first()
    )
    if equivalent is not None:
        return CertificateCheck(
            True,
            f"持经县司法局备案的同等效力证件 {equivalent.name}（{equivalent.number}）（R-1.7-06）。",
            None,
            equivalent,
        )
    if first_reason is None:
        return CertificateCheck(False, f"{name} 没有行政执法证件，不能从事行政执法（R-1.7-01）。")
    return CertificateCheck(False, f"{name} 不能从事该类行政执法：{first_reason}。", first_cert)


def certificate_require_valid(
    officer: Officer | User | None,
    enforcement_type: EnforcementType | str,
    on_date: dt.date | None = None,
) -> CertificateCheck:
    """:func:`certificate_valid_for`, raising ``DomainError(code="certificate_invalid")`` with
    the reason when the answer is no (R-1.7-01, R-1.7-04, R-3.1-08)."""
    check = certificate_valid_for(officer, enforcement_type, on_date)
    if not check:
        raise DomainError(check.reason, code="certificate_invalid", field="officer")
    return check


def current_certificate(officer: Officer) -> Certificate | None:
    """The officer's live certificate (applied, issued, valid, withheld, reported lost), else
    the most recent one."""
    qs = (
        Certificate.objects.filter(officer=officer)
        .exclude(status=S.REFUSED)
        .prefetch_related("enforcement_types")
    )
    live = qs.filter(status__in=LIVE_STATUSES).order_by("-applied_at", "-id").first()
    return live or qs.order_by("-applied_at", "-id").first()


def certificate_history(certificate: Certificate) -> QuerySet[CertificateEvent]:
    return certificate.events.select_related("actor").order_by("at", "id")


def certificate_get_for_user(*, user: User, certificate_id: int) -> Certificate | None:
    return (
        Certificate.objects.filter(
            organisation_scope_q(user, field="officer__organisation"), pk=certificate_id
        )
        .select_related("officer__organisation", "officer__user", "replaces")
        .prefetch_related("enforcement_types")
        .first()
    )


# --- inspector directory (R-1.1-03) --------------------------------------------------------------


@dataclass(frozen=True)
class Inspector:
    officer_id: int
    user_id: int | None
    name: str
    unit: str
    unit_id: int
    enforcement_type: str
    certificate_number: str


def _valid_today_q(on_date: dt.date) -> Q:
    """Certificates valid on ``on_date`` by their present status, dates and annual reviews."""
    missed = AnnualReview.objects.filter(certificate=OuterRef("pk"), due_on__lt=on_date).filter(
        Q(passed__isnull=True) | Q(passed=False)
    )
    return (
        Q(status=S.VALID, issued_on__lte=on_date)
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=on_date))
        & ~Q(Exists(missed))
    )


def inspector_directory(
    *,
    organisation: Organisation | None = None,
    enforcement_type: EnforcementType | str | None = None,
    on_date: dt.date | None = None,
    include_units_below: bool = True,
) -> list[Inspector]:
    """The inspector directory for random draws (R-1.1-03): officers qualified for enforcement
    and supervisory inspection (active, eligible, induction passed, valid certificate for the
    type), with name, unit, enforcement type and certificate number. One query."""
    on_date = on_date or clock.today()
    through = Certificate.enforcement_types.through
    rows = through.objects.filter(
        certificate__in=Certificate.objects.filter(_valid_today_q(on_date)),
        certificate__officer__is_active=True,
        certificate__officer__induction_passed_on__lte=on_date,
    ).select_related("certificate__officer__organisation", "enforcementtype")
    if organisation is not None:
        if include_units_below:
            rows = rows.filter(
                certificate__officer__organisation__path__startswith=organisation.path
            )
        else:
            rows = rows.filter(certificate__officer__organisation=organisation)
    if enforcement_type:
        rows = rows.filter(enforcementtype__code=_type_code(enforcement_type))
    found: list[Inspector] = []
    for row in rows.order_by(
        "certificate__officer__organisation__path", "certificate__officer__full_name", "id"
    ):
        officer = row.certificate.officer
        if not officer_eligibility(officer):
            continue
        found.append(
            Inspector(
                officer_id=officer.pk,
                user_id=officer.user_id,
                name=officer.full_name,
                unit=officer.organisation.name,
                unit_id=officer.organisation_id,
                enforcement_type=row.enforcementtype.name,
                certificate_number=row.certificate.number or "",
            )
        )
    return found


# --- public ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public verification page shows (R-1.7-05): never the ID number."""

    number: str
    valid: bool
    status_label: str
    reason: str
    holder: str
    unit: str
    post: str
    types: list[str]
    area: str
    issuer: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    reviewed_until: dt.date | None
    checked_on: dt.date


def certificate_verify(number: str, *, on_date: dt.date | None = None) -> Verification | None:
    """Public check of a certificate number (R-1.7-05: the public may refuse an uncertified
    person). None when no certificate has that number."""
    number = (number or "").strip().upper()
    if not number:
        return None
    on_date = on_date or clock.today()
    cert = (
        Certificate.objects.filter(number=number)
        .select_related("officer__organisation")
        .prefetch_related("enforcement_types")
        .first()
    )
    if cert is None:
        return None
    officer = cert.officer
    types = [t.name for t in cert.enforcement_types.all()]
    codes = [t.code for t in cert.enforcement_types.all()]
    [row] = _certificates_on(Q(pk=cert.pk), codes[0] if codes else "", on_date)
    why = _why_not(row, on_date)
    if why is None and not officer.is_active:
        why = "持证人已不在职，证件不能再用于执法"
    elif why is None and not officer_eligibility(officer):
        why = "持证人不具备执法资格"
    valid = why is None
    reason = "该证件今日有效，持证人可以在证件载明的执法类型和区域内执法。" if valid else f"{why}。"
    return Verification(
        number=cert.number or "",
        valid=valid,
        status_label="有效" if valid else "无效",
        reason=reason,
        holder=officer.full_name,
        unit=officer.organisation.name,
        post=officer.post,
        types=types,
        area=cert.enforcement_area,
        issuer=cert.issuer,
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
        reviewed_until=cert.reviewed_until,
        checked_on=on_date,
    )


def public_officer_list(
    *, organisation_id: int | None = None, on_date: dt.date | None = None
) -> QuerySet[Certificate]:
    """The published list of certified officers (R-1.2-08 (3)): name, unit, post, certificate
    number of every certificate valid today, filterable by unit."""
    on_date = on_date or clock.today()
    qs = (
        Certificate.objects.filter(
            _valid_today_q(on_date),
            officer__is_active=True,
        )
        .select_related("officer__organisation")
        .prefetch_related("enforcement_types")
        .order_by(
            "officer__organisation__sort_order",
            "officer__organisation__path",
            "officer__full_name",
            "id",
        )
    )
    if organisation_id:
        qs = qs.filter(officer__organisation_id=organisation_id)
    return qs


def public_units() -> QuerySet[Organisation]:
    """Units that have at least one certified officer (for the public filter)."""
    return Organisation.objects.filter(
        pk__in=Officer.objects.filter(certificates__status=S.VALID, is_active=True).values(
            "organisation"
        )
    ).order_by("sort_order", "path")


# --- equivalents and the management file ----------------------------------------------------------


def equivalent_list_for_user(*, user: User, status: str = "") -> QuerySet[EquivalentCertificate]:
    qs = (
        EquivalentCertificate.objects.filter(
            organisation_scope_q(user, field="officer__organisation")
        )
        .select_related("officer__organisation", "submitted_by", "handled_by")
        .prefetch_related("enforcement_types")
        .order_by("-submitted_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def equivalent_get_for_user(*, user: User, equivalent_id: int) -> EquivalentCertificate | None:
    return equivalent_list_for_user(user=user).filter(pk=equivalent_id).first()


def management_file(*, organisation: Organisation) -> list[Officer]:
    """A unit's certificate management file (R-1.7-08): every officer record of the unit
    (active or not) with all certificates (``certificate_list``) and each certificate's events
    (``event_list``). Four queries whatever the size."""
    from django.db.models import Prefetch

    events = Prefetch(
        "events",
        queryset=CertificateEvent.objects.select_related("actor").order_by("at", "id"),
        to_attr="event_list",
    )
    certificates = Prefetch(
        "certificates",
        queryset=Certificate.objects.prefetch_related("enforcement_types", events).order_by(
            "applied_at", "id"
        ),
        to_attr="certificate_list",
    )
    return list(
        Officer.objects.filter(organisation=organisation)
        .select_related("organisation")
        .prefetch_related(certificates)
        .order_by("-is_active", "full_name", "id")
    )


def filing_list_for_user(*, user: User) -> QuerySet[CertificateFileFiling]:
    return (
        CertificateFileFiling.objects.filter(organisation_scope_q(user))
        .select_related("organisation", "submitted_by", "handled_by")
        .order_by("-submitted_at", "-id")
    )


def annual_reviews_for_user(*, user: User, year: int) -> QuerySet[AnnualReview]:
    return (
        AnnualReview.objects.filter(
            organisation_scope_q(user, field="certificate__officer__organisation"), year=year
        )
        .select_related("certificate__officer__organisation", "reviewed_by")
        .order_by("certificate__officer__organisation__path", "certificate__officer__full_name")
    )

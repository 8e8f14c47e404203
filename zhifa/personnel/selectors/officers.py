"""Reads of the officer register: eligibility and scoped lists (system 1.7, 3.1).

Every user-facing read goes through :func:`officer_list_for_user` / :func:`officer_get_for_user`,
scoped by :func:`zhifa.accounts.selectors.organisation_scope_q` (own unit and units below; every
unit for the Justice Bureau, county leaders and administrators).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from zhifa.accounts.constants import ENFORCING_KINDS, OrganisationKind
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.personnel.constants import CertificateStatus, StaffingType
from zhifa.personnel.models import Certificate, Officer

# R-3.1-10 (2), R-3.1-09 (1), R-1.7-03 (a): staffing types that can never hold a certificate.
NEVER_ELIGIBLE: dict[str, str] = {
    StaffingType.CONTRACT_CIVIL_SERVANT: "聘用制公务员不具备申领行政执法证件的资格（R-3.1-09）。",
    StaffingType.CONTRACT_WORKER: "聘用的合同工不得从事行政执法工作，不能申领行政执法证件（R-3.1-10）。",
    StaffingType.TEMPORARY_WORKER: "临时工不得从事行政执法工作，不能申领行政执法证件（R-3.1-10）。",
    StaffingType.AUXILIARY: "行政执法辅助人员不在编，不能申领行政执法证件，只能协助执法（R-1.7-03）。",
}
# Statuses that are not final: the person holds (or is getting) a certificate (R-1.7-04).
LIVE_STATUSES = (
    CertificateStatus.APPLIED,
    CertificateStatus.ISSUED,
    CertificateStatus.VALID,
    CertificateStatus.WITHHELD,
    CertificateStatus.REPORTED_LOST,
)


@dataclass(frozen=True)
class Eligibility:
    """Whether the person may hold a certificate; ``manual_check`` flags AMB-1.7-a cases."""

    ok: bool
    reason: str = ""
    manual_check: bool = False

    def __bool__(self) -> bool:
        return self.ok


def eligibility_for(
    *,
    staffing_type: str,
    organisation: Organisation,
    ever_dismissed: bool,
    in_enforcement_post: bool,
    is_active: bool = True,
) -> Eligibility:
    """Eligibility to hold an enforcement certificate (R-1.7-03, R-3.1-09, R-3.1-10).

    - anyone ever dismissed from public office is excluded (R-3.1-10 (1));
    - contract civil servants, contract and temporary workers, auxiliary staff are excluded
      (R-3.1-09, R-3.1-10 (2), R-1.7-03 (a));
    - public-institution staff (事业编制) only in a township comprehensive enforcement team
      (R-1.7-03 (a)), flagged for a manual check because 3.1 does not list them (AMB-1.7-a);
    - staff managed as civil servants and state cadres only in enforcement bodies (R-3.1-09);
    - the person must work in an enforcement post (R-1.7-03 (b)) and be in service.
    """
    if not is_active:
        return Eligibility(False, "该人员已不在职，不能持有行政执法证件。")
    if ever_dismissed:
        return Eligibility(
            False, "曾被开除公职的人员不得从事行政执法工作，不能申领行政执法证件（R-3.1-10）。"
        )
    if staffing_type in NEVER_ELIGIBLE:
        return Eligibility(False, NEVER_ELIGIBLE[staffing_type])
    if staffing_type not in StaffingType.values:
        return Eligibility(False, "人员身份不明，不能申领行政执法证件。")
    if not in_enforcement_post:
        return Eligibility(False, "不在行政执法岗位工作的人员不能申领行政执法证件（R-1.7-03）。")
    if staffing_type == StaffingType.PUBLIC_INSTITUTION:
        if organisation.kind != OrganisationKind.TOWNSHIP_TEAM:
            return Eligibility(
                False,
                "事业编制人员只有在乡镇综合行政执法队工作的，才可以申领行政执法证件（R-1.7-03）。",
            )
        return Eligibility(
            True,
            "事业编制人员：《山西省行政执法证件管理办法》与 3.1 规定不一致，须人工核实（AMB-1.7-a）。",
            manual_check=True,
        )
    if (
        staffing_type in (StaffingType.MANAGED_AS_CIVIL_SERVANT, StaffingType.STATE_CADRE)
        and organisation.kind not in ENFORCING_KINDS
    ):
        return Eligibility(
            False,
            "参照公务员法管理人员和具有国家干部身份人员，只能在行政执法机构中申领证件（R-3.1-09）。",
        )
    return Eligibility(True)


def officer_eligibility(officer: Officer) -> Eligibility:
    """:func:`eligibility_for` of a stored officer record."""
    return eligibility_for(
        staffing_type=officer.staffing_type,
        organisation=officer.organisation,
        ever_dismissed=officer.ever_dismissed,
        in_enforcement_post=officer.in_enforcement_post,
        is_active=officer.is_active,
    )


@dataclass(frozen=True)
class OfficerFilters:
    organisation_id: int | None = None
    status: str = ""  # a CertificateStatus, "none" (no certificate) or "" (all)
    enforcement_type: str = ""  # EnforcementType code
    q: str = ""
    include_inactive: bool = False


def _live_certificates() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "certificates",
        queryset=Certificate.objects.exclude(status=CertificateStatus.REFUSED)
        .prefetch_related("enforcement_types")
        .order_by("-applied_at", "-id"),
        to_attr="certificate_list",
    )


def officer_list_for_user(
    *, user: User, filters: OfficerFilters | None = None
) -> QuerySet[Officer]:
    """Officers the user may see, with their certificates prefetched (``certificate_list``)."""
    filters = filters or OfficerFilters()
    qs = Officer.objects.filter(organisation_scope_q(user)).select_related("organisation", "user")
    if not filters.include_inactive:
        qs = qs.filter(is_active=True)
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.status == "none":
        qs = qs.exclude(certificates__status__in=LIVE_STATUSES)
    elif filters.status:
        qs = qs.filter(certificates__status=filters.status)
    if filters.enforcement_type:
        qs = qs.filter(
            certificates__status__in=LIVE_STATUSES,
            certificates__enforcement_types__code=filters.enforcement_type,
        )
    if filters.q:
        qs = qs.filter(Q(full_name__contains=filters.q) | Q(certificates__number=filters.q))
    return (
        qs.distinct()
        .prefetch_related(_live_certificates())
        .order_by("organisation__path", "full_name", "id")
    )


def officer_get_for_user(*, user: User, officer_id: int) -> Officer | None:
    return (
        Officer.objects.filter(organisation_scope_q(user), pk=officer_id)
        .select_related("organisation", "user")
        .first()
    )


def officer_for_user_account(user: User) -> Officer | None:
    """The officer record linked to a login, if any."""
    return Officer.objects.filter(user=user).select_related("organisation").first()

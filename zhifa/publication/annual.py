"""The annual enforcement statistics report of an enforcement unit (R-1.2-08 (2)).

《年度行政执法数据统计报告》 is on the mandatory proactive publication list; it is computed here
from the data, never typed in. A *report unit* is a county enforcement department or a township
government (the units that keep a catalogue); its figures include the units below it (a
township's comprehensive enforcement team, a department's internal bodies), matched on the
organisation's materialised path.

Years are calendar years in the county's time zone (Asia/Shanghai):

- cases by kind of act and by procedure: the cases numbered in the year (a case is numbered when
  filed, a permit when accepted, a simplified penalty and the other acts when decided, so a
  refused filing counts nowhere);
- decisions by outcome, fines and confiscations (Decimal yuan), major decisions: decisions made
  in the year;
- hearings held, legal reviews by opinion (R-1.4-11), transfers of suspected crimes to the
  police (R-2.2-10): by the date each happened;
- publication on time: the obligations of R-1.2-12 (7 WD, permits and penalties) and R-1.2-11
  (20 WD, other decisions) that started in the year — published by the due time, late, overdue
  and not yet published, still within the limit; cancelled ones are not counted;
- correction requests (R-1.2-18) and disclosure applications (R-1.2-16) received in the year and
  how many were corrected / answered;
- certified officers at the end of the year (today for the current year).

Nothing personal is read: only counts and sums. The report takes a constant number of queries
whatever the volume (grouped aggregates), see ``test_annual.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.models import Organisation
from zhifa.cases.constants import DecisionOutcome, Procedure, ReviewOpinion
from zhifa.cases.models import Case, CrimeTransfer, Decision, Hearing, LegalReview
from zhifa.catalog.constants import ItemType
from zhifa.core import clock
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.personnel.constants import CertificateStatus
from zhifa.personnel.models import AnnualReview, Certificate
from zhifa.publication.constants import RequestKind, RequestStatus
from zhifa.publication.models import PublicRequest

# The units that publish a report: county enforcement departments and township governments.
REPORT_UNIT_KINDS = (OrganisationKind.COUNTY_ENFORCEMENT_DEPT, OrganisationKind.TOWNSHIP_GOVERNMENT)
FIRST_YEAR = 2000
# The publication limits whose obligations say "published on time or not".
PUBLICATION_RULES = ("R-1.2-12", "R-1.2-11")
# Certificate statuses that were valid before they changed (the change date tells when).
_LEFT_VALID = (
    CertificateStatus.WITHHELD,
    CertificateStatus.REVOKED,
    CertificateStatus.CANCELLED,
    CertificateStatus.SURRENDERED_CANCELLED,
    CertificateStatus.REPORTED_LOST,
    CertificateStatus.VOID,
    CertificateStatus.INVALID,
)
_ZERO = Decimal("0.00")


@dataclass
class AnnualReport:
    """One unit's figures for one year."""

    unit: Organisation
    year: int
    as_of: dt.date  # the day "year end" figures are taken (31 December, or today)
    cases_by_kind: dict[str, int] = field(default_factory=dict)
    cases_by_procedure: dict[str, int] = field(default_factory=dict)
    decisions_by_outcome: dict[str, int] = field(default_factory=dict)
    fines: Decimal = _ZERO
    confiscations: Decimal = _ZERO
    major_decisions: int = 0
    hearings_held: int = 0
    reviews_by_opinion: dict[str, int] = field(default_factory=dict)
    crime_transfers: int = 0
    published_on_time: int = 0
    published_late: int = 0
    publication_overdue: int = 0
    publication_pending: int = 0
    corrections_received: int = 0
    corrections_corrected: int = 0
    disclosures_received: int = 0
    disclosures_answered: int = 0
    certified_officers: int = 0

    @property
    def cases_total(self) -> int:
        return sum(self.cases_by_kind.values())

    @property
    def decisions_total(self) -> int:
        return sum(self.decisions_by_outcome.values())

    @property
    def reviews_total(self) -> int:
        return sum(self.reviews_by_opinion.values())

    @property
    def publication_due(self) -> int:
        return (
            self.published_on_time
            + self.published_late
            + self.publication_overdue
            + self.publication_pending
        )

    @property
    def has_data(self) -> bool:
        """Anything happened in the year (the officers on the roll alone are not a year's work)."""
        return bool(
            self.cases_total
            or self.decisions_total
            or self.hearings_held
            or self.reviews_total
            or self.crime_transfers
            or self.publication_due
            or self.corrections_received
            or self.disclosures_received
        )

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The table: (section title, [(indicator, value as shown)]) — the page and the CSV."""
        kinds = [(ItemType(k).label, str(n)) for k, n in self.cases_by_kind.items()]
        procedures = [
            (f"其中：{Procedure(p).label}", str(n)) for p, n in self.cases_by_procedure.items()
        ]
        outcomes = [
            (DecisionOutcome(o).label, str(n)) for o, n in self.decisions_by_outcome.items()
        ]
        opinions = [
            (f"审核意见：{ReviewOpinion(o).label}", str(n))
            for o, n in self.reviews_by_opinion.items()
        ]
        return [
            (
                "案件办理",
                [("立案（受理）案件总数", str(self.cases_total)), *kinds, *procedures],
            ),
            (
                "执法决定",
                [
                    ("作出执法决定总数", str(self.decisions_total)),
                    *outcomes,
                    ("罚款金额（元）", f"{self.fines:.2f}"),
                    ("没收违法所得金额（元）", f"{self.confiscations:.2f}"),
                    ("重大执法决定", str(self.major_decisions)),
                ],
            ),
            (
                "程序保障",
                [
                    ("举行听证", str(self.hearings_held)),
                    ("重大执法决定法制审核", str(self.reviews_total)),
                    *opinions,
                    ("涉嫌犯罪移送公安机关", str(self.crime_transfers)),
                ],
            ),
            (
                "决定信息公开",
                [
                    ("应公开的执法决定", str(self.publication_due)),
                    ("按期公开", str(self.published_on_time)),
                    ("逾期公开", str(self.published_late)),
                    ("已逾期尚未公开", str(self.publication_overdue)),
                    ("尚在公开期限内", str(self.publication_pending)),
                ],
            ),
            (
                "公众申请",
                [
                    ("收到更正申请", str(self.corrections_received)),
                    ("其中已更正", str(self.corrections_corrected)),
                    ("收到政府信息公开申请", str(self.disclosures_received)),
                    ("其中已答复", str(self.disclosures_answered)),
                ],
            ),
            (
                "执法人员",
                [
                    (
                        f"持有效执法证件人员（截至{self.as_of:%Y-%m-%d}）",
                        str(self.certified_officers),
                    )
                ],
            ),
        ]


def report_units() -> QuerySet[Organisation]:
    """The units that publish an annual report (departments first, then townships)."""
    return Organisation.objects.filter(kind__in=REPORT_UNIT_KINDS, is_active=True).order_by(
        "kind", "sort_order", "id"
    )


def report_unit_get(organisation_id: int) -> Organisation | None:
    return Organisation.objects.filter(pk=organisation_id, kind__in=REPORT_UNIT_KINDS).first()


def year_is_valid(year: int) -> bool:
    return FIRST_YEAR <= year <= clock.today().year


def report_years() -> dict[int, list[int]]:
    """Unit id → the years (newest first) in which it numbered a case. Two queries."""
    units = list(report_units().only("id", "path"))
    found: dict[int, set[int]] = {u.pk: set() for u in units}
    rows = (
        Case.objects.filter(number_year__isnull=False)
        .values_list("organisation__path", "number_year")
        .distinct()
    )
    for path, year in rows:
        if year is None:
            continue
        for unit in units:
            if path.startswith(unit.path):
                found[unit.pk].add(year)
    return {pk: sorted(years, reverse=True) for pk, years in found.items()}


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return clock.start_of_day(dt.date(year, 1, 1)), clock.start_of_day(dt.date(year + 1, 1, 1))


def _certified_on(day: dt.date, unit: Organisation) -> int:
    """Officers of ``unit`` (and below) holding a certificate valid on ``day``: issued by then,
    not expired, valid now or left validity only after that day, no annual review missed by
    then (R-1.7-07). One query."""
    end = clock.end_of_day(day)
    missed = AnnualReview.objects.filter(certificate=OuterRef("pk"), due_on__lt=day).exclude(
        passed=True, reviewed_at__lte=end
    )
    return (
        Certificate.objects.filter(
            Q(status=CertificateStatus.VALID)
            | Q(status__in=_LEFT_VALID, status_changed_at__gt=end),
            Q(expires_on__isnull=True) | Q(expires_on__gte=day),
            issued_on__lte=day,
            officer__organisation__path__startswith=unit.path,
        )
        .exclude(Exists(missed))
        .values("officer_id")
        .distinct()
        .count()
    )


def annual_report(unit: Organisation, year: int) -> AnnualReport:
    """R-1.2-08 (2): the unit's annual enforcement statistics for ``year``, from the data.

    Nine aggregate queries whatever the number of cases (no per-row loop).
    """
    start, end = _year_bounds(year)
    today = clock.today()
    as_of = min(dt.date(year, 12, 31), today)
    report = AnnualReport(unit=unit, year=year, as_of=as_of)
    under = unit.path

    cases = Case.objects.filter(organisation__path__startswith=under, number_year=year)
    by_kind: dict[str, int] = {}
    by_procedure: dict[str, int] = {}
    for kind, procedure, n in (
        cases.values_list("kind", "procedure").annotate(n=Count("id")).order_by()
    ):
        by_kind[kind] = by_kind.get(kind, 0) + n
        by_procedure[procedure] = by_procedure.get(procedure, 0) + n
    report.cases_by_kind = {k: by_kind[k] for k in ItemType.values if k in by_kind}
    report.cases_by_procedure = {p: by_procedure[p] for p in Procedure.values if p in by_procedure}

    decisions = Decision.objects.filter(
        case__organisation__path__startswith=under, decided_at__gte=start, decided_at__lt=end
    )
    outcomes: dict[str, int] = {}
    for outcome, n, fine, confiscation, major in (
        decisions.values_list("outcome")
        .annotate(
            n=Count("id"),
            fine=Sum("fine"),
            confiscation=Sum("confiscation"),
            major=Count("id", filter=Q(case__is_major=True)),
        )
        .order_by()
    ):
        outcomes[outcome] = n
        report.fines += fine or _ZERO
        report.confiscations += confiscation or _ZERO
        report.major_decisions += major
    report.decisions_by_outcome = {o: outcomes[o] for o in DecisionOutcome.values if o in outcomes}

    report.hearings_held = Hearing.objects.filter(
        case__organisation__path__startswith=under, held_at__gte=start, held_at__lt=end
    ).count()

    opinions = dict(
        LegalReview.objects.filter(
            case__organisation__path__startswith=under,
            decided_at__gte=start,
            decided_at__lt=end,
        )
        .exclude(opinion="")
        .values_list("opinion")
        .annotate(n=Count("id"))
        .order_by()
    )
    report.reviews_by_opinion = {o: opinions[o] for o in ReviewOpinion.values if o in opinions}

    report.crime_transfers = CrimeTransfer.objects.filter(
        case__organisation__path__startswith=under,
        transferred_at__gte=start,
        transferred_at__lt=end,
    ).count()

    now = clock.now()
    done = Q(fulfilled_at__isnull=False)
    published = (
        Obligation.objects.filter(
            organisation__path__startswith=under,
            rule_id__in=PUBLICATION_RULES,
            start_date__gte=dt.date(year, 1, 1),
            start_date__lt=dt.date(year + 1, 1, 1),
        )
        .exclude(state=ObligationState.CANCELLED)
        .aggregate(
            on_time=Count("id", filter=done & Q(fulfilled_at__lte=F("due_at"))),
            late=Count("id", filter=done & Q(fulfilled_at__gt=F("due_at"))),
            overdue=Count("id", filter=Q(fulfilled_at__isnull=True, due_at__lt=now)),
            pending=Count("id", filter=Q(fulfilled_at__isnull=True, due_at__gte=now)),
        )
    )
    report.published_on_time = published["on_time"]
    report.published_late = published["late"]
    report.publication_overdue = published["overdue"]
    report.publication_pending = published["pending"]

    requests = PublicRequest.objects.filter(
        organisation__path__startswith=under, received_at__gte=start, received_at__lt=end
    ).aggregate(
        corrections=Count("id", filter=Q(kind=RequestKind.CORRECTION)),
        corrected=Count(
            "id", filter=Q(kind=RequestKind.CORRECTION, status=RequestStatus.CORRECTED)
        ),
        disclosures=Count("id", filter=Q(kind=RequestKind.DISCLOSURE)),
        answered=Count("id", filter=Q(kind=RequestKind.DISCLOSURE, status=RequestStatus.ANSWERED)),
    )
    report.corrections_received = requests["corrections"]
    report.corrections_corrected = requests["corrected"]
    report.disclosures_received = requests["disclosures"]
    report.disclosures_answered = requests["answered"]

    report.certified_officers = _certified_on(as_of, unit)
    return report


def annual_report_csv(report: AnnualReport) -> bytes:
    """The same table as the page, as CSV in UTF-8 with a BOM (Excel opens it in Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["单位", "年度", "类别", "指标", "数值"])
    for title, rows in report.sections():
        for label, value in rows:
            writer.writerow([report.unit.name, report.year, title, label, value])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")

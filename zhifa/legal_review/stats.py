"""The Justice Bureau's figures on legal review (R-1.4-03 supervision, R-1.4-04, R-1.4-13…15).

Per enforcement organ for a date range (default: this year up to today):

- submissions (``Submission.submitted_at`` in the range);
- opinions by kind (R-1.4-11; the opinion's ``decided_at`` in the range);
- working days taken from the complete set of materials to the opinion (R-1.4-13: the
  obligation's start day to the day it was fulfilled, on the working-day calendar, less the
  working days paused under R-1.4-15) — median and maximum, for opinions in the range;
- overdue now (an open review clock past its due time, not paused) and fulfilled late (in the
  range);
- pauses (R-1.4-15, started in the range) and approved extensions (R-1.4-14, approved in the
  range);
- the ratio of legal reviewers to enforcement officers against the 5 % line (R-1.4-04, 原则上):
  active users with the role LEGAL_REVIEWER vs OFFICER in the organ (its units included); below
  5 % is flagged, and so is an organ with officers and no reviewer.

An *organ* is an enforcing organisation (``ENFORCING_KINDS``) with no enforcing ancestor the
user can see: a township team is counted with its township, a department's internal unit with
the department. Supervisors (county-wide roles) see every organ; a unit head their unit and the
units below. The figures take a constant number of queries whatever the number of units and
reviews (grouped aggregates, then Python).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from zhifa.accounts.constants import ENFORCING_KINDS, Role
from zhifa.accounts.models import Organisation, User, UserRole
from zhifa.accounts.selectors import organisation_list_visible
from zhifa.cases.constants import ReviewOpinion
from zhifa.core import clock
from zhifa.core.errors import PermissionDenied
from zhifa.deadlines.constants import WORKDAY
from zhifa.deadlines.constants import ObligationState as S
from zhifa.legal_review.constants import ExtensionStatus
from zhifa.legal_review.models import ExtensionRequest, Pause, Submission
from zhifa.workdays.calendar import current_calendar

# R-1.4-04: legal reviewers at least 5 % of the organ's enforcement officers (原则上).
REVIEWER_RATIO_LINE = Decimal("5")
_RUNNING = (S.RUNNING, S.DUE_SOON, S.OVERDUE)
_FULFILLED = (S.FULFILLED, S.FULFILLED_LATE)


@dataclass
class UnitFigures:
    """One organ's figures (or the total when ``organisation`` is None)."""

    organisation: Organisation | None
    submissions: int = 0
    opinions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ReviewOpinion.values, 0))
    days: list[int] = field(default_factory=list)
    overdue_now: int = 0
    fulfilled_late: int = 0
    pauses: int = 0
    extensions: int = 0
    reviewers: int = 0
    officers: int = 0

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else "合计"

    @property
    def opinions_total(self) -> int:
        return sum(self.opinions.values())

    @property
    def opinion_rows(self) -> list[tuple[str, str, int]]:
        """(value, label, count) in the order of R-1.4-11."""
        return [(o.value, o.label, self.opinions[o.value]) for o in ReviewOpinion]

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def max_days(self) -> int | None:
        return max(self.days) if self.days else None

    @property
    def ratio(self) -> Decimal | None:
        """Reviewers per 100 officers (%), one decimal; None without officers."""
        if not self.officers:
            return None
        return (Decimal(self.reviewers * 100) / Decimal(self.officers)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def below_line(self) -> bool:
        """R-1.4-04: fewer reviewers than 5 % of the officers (exact, not the rounded ratio);
        an organ with officers and no reviewer is below the line."""
        return self.officers > 0 and self.reviewers * 100 < self.officers * REVIEWER_RATIO_LINE


@dataclass
class ReviewStats:
    start: dt.date
    end: dt.date
    rows: list[UnitFigures]
    total: UnitFigures


def can_view_stats(user: User) -> bool:
    """Justice Bureau supervisors (and the other county-wide roles) and unit heads."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_county_wide or user.has_role(Role.UNIT_HEAD))
    )


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """This year up to today."""
    today = today or clock.today()
    return dt.date(today.year, 1, 1), today


def _organs(orgs: list[Organisation]) -> tuple[dict[int, Organisation], dict[int, int]]:
    """The organs among ``orgs`` (visible, tree order) and each visible unit's organ id."""
    enforcing = {o.pk for o in orgs if o.kind in ENFORCING_KINDS}
    organs: dict[int, Organisation] = {}
    owner: dict[int, int] = {}
    for org in orgs:  # tree order: an ancestor comes before its descendants
        ids = [int(p) for p in org.path.strip("/").split("/") if p]
        top = next((i for i in ids if i in organs), None)
        if top is None and org.pk in enforcing:
            organs[org.pk] = org
            top = org.pk
        if top is not None:
            owner[org.pk] = top
    return organs, owner


def review_stats(
    *, user: User, start: dt.date | None = None, end: dt.date | None = None
) -> ReviewStats:
    """The figures per organ the user may see for ``start``…``end`` (local dates, inclusive)."""
    if not can_view_stats(user):
        raise PermissionDenied("只有司法局执法监督人员和单位负责人可以查看法制审核统计。")
    d_start, d_end = default_range()
    start = start or d_start
    end = end or d_end
    if end < start:
        start, end = end, start
    since = clock.start_of_day(start)
    until = clock.end_of_day(end)

    orgs = list(organisation_list_visible(user=user))
    organs, owner = _organs(orgs)
    visible = [o.pk for o in orgs]
    figures: dict[int, UnitFigures] = {}

    def row(org_id: int | None) -> UnitFigures | None:
        organ = owner.get(org_id) if org_id is not None else None
        if organ is None:
            return None
        if organ not in figures:
            figures[organ] = UnitFigures(organisation=organs[organ])
        return figures[organ]

    for organ in organs:
        row(organ)

    subs = Submission.objects.filter(organisation_id__in=visible)
    for r in (
        subs.filter(submitted_at__gte=since, submitted_at__lte=until)
        .values("organisation_id")
        .annotate(n=Count("id"))
    ):
        if (f := row(r["organisation_id"])) is not None:
            f.submissions += r["n"]
    for r in (
        subs.filter(review__decided_at__gte=since, review__decided_at__lte=until)
        .exclude(review__opinion="")
        .values("organisation_id", "review__opinion")
        .annotate(n=Count("id"))
    ):
        f = row(r["organisation_id"])
        if f is not None and r["review__opinion"] in f.opinions:
            f.opinions[r["review__opinion"]] += r["n"]

    # The R-1.4-13 clocks: the ones fulfilled in the range and the ones running now.
    now = clock.now()
    calendar = current_calendar()
    clocks = subs.filter(obligation__isnull=False).filter(
        Q(
            obligation__state__in=_FULFILLED,
            obligation__fulfilled_at__gte=since,
            obligation__fulfilled_at__lte=until,
        )
        | Q(obligation__state__in=_RUNNING, obligation__due_at__lt=now)
    )
    for r in clocks.values(
        "organisation_id",
        "obligation__state",
        "obligation__start_date",
        "obligation__fulfilled_at",
        "obligation__paused_total",
        "obligation__unit",
    ):
        f = row(r["organisation_id"])
        if f is None:
            continue
        state = r["obligation__state"]
        if state in _RUNNING:
            f.overdue_now += 1
            continue
        if state == S.FULFILLED_LATE:
            f.fulfilled_late += 1
        done = clock.local(r["obligation__fulfilled_at"]).date()
        taken = calendar.workdays_between(r["obligation__start_date"], done).days
        if r["obligation__unit"] == WORKDAY:  # paused_total is then in working days
            taken -= r["obligation__paused_total"] or 0
        f.days.append(max(taken, 0))

    for r in (
        Pause.objects.filter(
            submission__organisation_id__in=visible, started_at__gte=since, started_at__lte=until
        )
        .values("submission__organisation_id")
        .annotate(n=Count("id"))
    ):
        if (f := row(r["submission__organisation_id"])) is not None:
            f.pauses += r["n"]
    for r in (
        ExtensionRequest.objects.filter(
            submission__organisation_id__in=visible,
            status=ExtensionStatus.APPROVED,
            decided_at__gte=since,
            decided_at__lte=until,
        )
        .values("submission__organisation_id")
        .annotate(n=Count("id"))
    ):
        if (f := row(r["submission__organisation_id"])) is not None:
            f.extensions += r["n"]

    # R-1.4-04: active reviewers and officers now, by unit (a person with both roles counts in
    # both: legal reviewers usually hold an enforcement certificate too).
    for r in (
        UserRole.objects.filter(
            role__in=(Role.LEGAL_REVIEWER, Role.OFFICER),
            user__is_active=True,
            user__organisation_id__in=visible,
        )
        .values("user__organisation_id", "role")
        .annotate(n=Count("user_id", distinct=True))
    ):
        f = row(r["user__organisation_id"])
        if f is None:
            continue
        if r["role"] == Role.LEGAL_REVIEWER:
            f.reviewers += r["n"]
        else:
            f.officers += r["n"]

    rows = [figures[o] for o in organs]  # tree order
    total = UnitFigures(organisation=None)
    for f in rows:
        total.submissions += f.submissions
        for k, n in f.opinions.items():
            total.opinions[k] += n
        total.days.extend(f.days)
        total.overdue_now += f.overdue_now
        total.fulfilled_late += f.fulfilled_late
        total.pauses += f.pauses
        total.extensions += f.extensions
        total.reviewers += f.reviewers
        total.officers += f.officers
    return ReviewStats(start=start, end=end, rows=rows, total=total)

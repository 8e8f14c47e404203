"""The Justice Bureau's view across units: per unit, open cases by stage, decisions this year and
overdue case time limits; county totals. Users who are not county-wide see only their own unit
and the units below it. Four queries whatever the number of cases (grouped counts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count

from zhifa.accounts.models import Organisation
from zhifa.accounts.selectors import organisation_list_visible, organisation_scope_q
from zhifa.cases.constants import CaseStatus
from zhifa.cases.models import Case
from zhifa.core import clock
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation

if TYPE_CHECKING:
    from zhifa.accounts.models import User

S = CaseStatus

# Stages of an open case (the overview's columns), in order.
STAGES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("filing", "立案受理", frozenset({S.FILING_PENDING, S.APPLIED})),
    ("investigating", "调查审查", frozenset({S.INVESTIGATING, S.EXAMINING, S.REPORTED})),
    ("review", "法制审核", frozenset({S.UNDER_REVIEW})),
    ("notifying", "告知申辩", frozenset({S.NOTIFYING})),
    ("deciding", "决定送达", frozenset({S.DECISION_PENDING, S.DECIDED})),
    ("executing", "执行", frozenset({S.EXECUTING})),
    ("closing", "结案归档", frozenset({S.CLOSURE_PENDING, S.CLOSED, S.TRANSFERRED, S.DROPPED})),
)
STAGE_OF: dict[str, str] = {status: key for key, _, statuses in STAGES for status in statuses}


@dataclass
class UnitOverview:
    organisation: Organisation | None
    stages: dict[str, int] = field(default_factory=dict)
    decided_this_year: int = 0
    overdue: int = 0

    @property
    def open_total(self) -> int:
        return sum(self.stages.values())

    def stage_counts(self) -> list[int]:
        return [self.stages.get(key, 0) for key, _, _ in STAGES]


@dataclass
class Overview:
    units: list[UnitOverview]
    totals: UnitOverview
    county_wide: bool
    year: int
    stage_labels: list[str] = field(default_factory=lambda: [label for _, label, _ in STAGES])


def case_overview(*, user: User) -> Overview:
    """Per unit the user may see (every unit for county-wide users): open cases per stage,
    decisions this year, overdue case time limits; and the totals. Units without any case are
    left out."""
    scope = organisation_scope_q(user)
    year = clock.today().year
    by_unit: dict[int, UnitOverview] = {}

    def unit(org_id: int) -> UnitOverview:
        return by_unit.setdefault(org_id, UnitOverview(organisation=None))

    for row in (
        Case.objects.filter(scope, status__in=list(STAGE_OF))
        .values("organisation_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        stages = unit(row["organisation_id"]).stages
        key = STAGE_OF[row["status"]]
        stages[key] = stages.get(key, 0) + row["n"]
    start = clock.local(clock.now()).replace(
        month=1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    for decided in (
        Case.objects.filter(scope, decided_at__gte=start)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        unit(decided["organisation_id"]).decided_this_year = decided["n"]
    for late in (
        Obligation.objects.filter(scope, subject_type="cases.case", state=ObligationState.OVERDUE)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        unit(late["organisation_id"]).overdue = late["n"]
    orgs = {o.pk: o for o in organisation_list_visible(user=user).filter(pk__in=list(by_unit))}
    units = []
    for org_id, item in by_unit.items():
        item.organisation = orgs.get(org_id)
        if item.organisation is not None:
            units.append(item)
    units.sort(key=lambda u: u.organisation.path if u.organisation else "")
    totals = UnitOverview(organisation=None)
    for u in units:
        for key, n in u.stages.items():
            totals.stages[key] = totals.stages.get(key, 0) + n
        totals.decided_this_year += u.decided_this_year
        totals.overdue += u.overdue
    return Overview(units=units, totals=totals, county_wide=user.is_county_wide, year=year)

"""Scoped reads of obligations: lists, one obligation, counts per unit, my counts.

Scope (design.md "Access"): the obligations of the user's own unit and the units below it, every
unit for county-wide users (Justice Bureau, county leaders, administrators), plus the obligations
the user is personally responsible for wherever they sit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from zhifa.accounts.models import User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.core import clock
from zhifa.deadlines.constants import OPEN_STATES, ObligationState
from zhifa.deadlines.models import Obligation, ObligationExtension, ObligationPause

S = ObligationState

# Board order: the overdue first, then due soon, running, paused, then the closed ones.
STATE_ORDER: dict[str, int] = {
    S.OVERDUE: 0,
    S.DUE_SOON: 1,
    S.RUNNING: 2,
    S.PAUSED: 3,
    S.FULFILLED_LATE: 4,
    S.FULFILLED: 5,
    S.LAPSED: 6,
    S.CANCELLED: 7,
}
# Filter values besides the states themselves.
STATE_FILTER_OPEN = "open"
STATE_FILTER_ALL = "all"


def obligation_scope_q(user: User) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    scope = organisation_scope_q(user, field="organisation")
    if not scope:  # everything (county-wide); an empty Q would vanish in an OR
        return scope
    return scope | Q(responsible=user)


@dataclass
class ObligationFilters:
    """What the board and the API may filter on; empty means no filter."""

    state: str = STATE_FILTER_OPEN  # a state, "open" (default) or "all"
    organisation_id: int | None = None  # this unit and the units below it
    rule_id: str = ""
    responsible_id: int | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    provisional: bool | None = None
    q: str = ""  # text in the label or the subject


def _state_order() -> Case:
    return Case(
        *(When(state=state, then=Value(rank)) for state, rank in STATE_ORDER.items()),
        default=Value(9),
        output_field=IntegerField(),
    )


def obligation_list_for_user(
    *, user: User, filters: ObligationFilters | None = None
) -> QuerySet[Obligation]:
    """The obligations ``user`` may see, filtered, overdue first then by due time; organisation
    and responsible person loaded in the same query."""
    f = filters or ObligationFilters()
    qs = Obligation.objects.filter(obligation_scope_q(user))
    if f.state == STATE_FILTER_OPEN:
        qs = qs.filter(state__in=sorted(OPEN_STATES))
    elif f.state and f.state != STATE_FILTER_ALL:
        qs = qs.filter(state=f.state)
    if f.organisation_id is not None:
        from zhifa.accounts.models import Organisation

        path = Organisation.objects.filter(pk=f.organisation_id).values_list("path", flat=True)
        qs = qs.filter(organisation__path__startswith=path.first() or "//none//")
    if f.rule_id:
        qs = qs.filter(rule_id=f.rule_id)
    if f.responsible_id is not None:
        qs = qs.filter(responsible_id=f.responsible_id)
    if f.due_from is not None:
        qs = qs.filter(due_date__gte=f.due_from)
    if f.due_to is not None:
        qs = qs.filter(due_date__lte=f.due_to)
    if f.provisional is not None:
        qs = qs.filter(provisional=f.provisional)
    if f.q:
        qs = qs.filter(Q(label__icontains=f.q) | Q(subject_label__icontains=f.q))
    return (
        qs.select_related("organisation", "responsible")
        .annotate(state_rank=_state_order())
        .order_by("state_rank", "due_at", "id")
    )


def obligation_get_for_user(*, user: User, obligation_id: int) -> Obligation | None:
    """One obligation if ``user`` may see it (else None: the caller answers 404)."""
    return (
        Obligation.objects.filter(obligation_scope_q(user), pk=obligation_id)
        .select_related("organisation", "responsible", "fulfilled_by", "created_by")
        .first()
    )


def obligation_history(
    obligation: Obligation,
) -> tuple[list[ObligationPause], list[ObligationExtension]]:
    pauses = list(
        ObligationPause.objects.filter(obligation=obligation).select_related(
            "paused_by", "resumed_by"
        )
    )
    extensions = list(
        ObligationExtension.objects.filter(obligation=obligation).select_related("approved_by")
    )
    return pauses, extensions


@dataclass
class UnitCounts:
    organisation_id: int
    name: str
    path: str
    running: int = 0
    due_soon: int = 0
    overdue: int = 0
    paused: int = 0
    fulfilled_late_this_year: int = 0

    @property
    def open(self) -> int:
        return self.running + self.due_soon + self.overdue + self.paused


@dataclass
class Board:
    units: list[UnitCounts] = field(default_factory=list)

    @property
    def totals(self) -> UnitCounts:
        total = UnitCounts(organisation_id=0, name="合计", path="")
        for u in self.units:
            total.running += u.running
            total.due_soon += u.due_soon
            total.overdue += u.overdue
            total.paused += u.paused
            total.fulfilled_late_this_year += u.fulfilled_late_this_year
        return total


def board_for_user(*, user: User, year: int | None = None) -> Board:
    """Counts per unit (running / due soon / overdue / paused / fulfilled late this year), in one
    grouped query; units with the most overdue first."""
    year = year or clock.today().year
    year_start = clock.start_of_day(dt.date(year, 1, 1))
    year_end = clock.start_of_day(dt.date(year + 1, 1, 1))
    rows = (
        Obligation.objects.filter(obligation_scope_q(user))
        .filter(
            Q(state__in=sorted(OPEN_STATES))
            | Q(
                state=S.FULFILLED_LATE,
                fulfilled_at__gte=year_start,
                fulfilled_at__lt=year_end,
            )
        )
        .values("organisation_id", "organisation__name", "organisation__path")
        .annotate(
            running=Count("id", filter=Q(state=S.RUNNING)),
            due_soon=Count("id", filter=Q(state=S.DUE_SOON)),
            overdue=Count("id", filter=Q(state=S.OVERDUE)),
            paused=Count("id", filter=Q(state=S.PAUSED)),
            fulfilled_late=Count("id", filter=Q(state=S.FULFILLED_LATE)),
        )
        .order_by()
    )
    units = [
        UnitCounts(
            organisation_id=r["organisation_id"],
            name=r["organisation__name"],
            path=r["organisation__path"],
            running=r["running"],
            due_soon=r["due_soon"],
            overdue=r["overdue"],
            paused=r["paused"],
            fulfilled_late_this_year=r["fulfilled_late"],
        )
        for r in rows
    ]
    units.sort(key=lambda u: (-u.overdue, -u.due_soon, u.path))
    return Board(units=units)


@dataclass(frozen=True)
class MyCounts:
    overdue: int
    due_soon: int
    running: int
    paused: int


def my_counts(*, user: User) -> MyCounts:
    """Open obligations the user is personally responsible for, by state (one query)."""
    counts = Obligation.objects.filter(responsible=user, state__in=sorted(OPEN_STATES)).aggregate(
        overdue=Count("id", filter=Q(state=S.OVERDUE)),
        due_soon=Count("id", filter=Q(state=S.DUE_SOON)),
        running=Count("id", filter=Q(state=S.RUNNING)),
        paused=Count("id", filter=Q(state=S.PAUSED)),
    )
    return MyCounts(**counts)


def scope_counts(*, user: User) -> MyCounts:
    """Open obligations in the user's scope, by state (one query)."""
    counts = Obligation.objects.filter(
        obligation_scope_q(user), state__in=sorted(OPEN_STATES)
    ).aggregate(
        overdue=Count("id", filter=Q(state=S.OVERDUE)),
        due_soon=Count("id", filter=Q(state=S.DUE_SOON)),
        running=Count("id", filter=Q(state=S.RUNNING)),
        paused=Count("id", filter=Q(state=S.PAUSED)),
    )
    return MyCounts(**counts)

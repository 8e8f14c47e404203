"""Due dates: the one function that turns a law spec and a start into a due time.

:func:`compute_due` is the only place in Zhifa where a due date is computed; it counts with the
working-day calendar (``zhifa.workdays.calendar``) and never with ``timedelta(days=…)``. The rules
(docs/adr/0007-deadlines.md; rules.md Appendix B):

- ``workday``: the end (23:59:59.999999, Asia/Shanghai) of the N-th working day after the start
  day (the start day is not counted, AMB-G-c / 民法典 Art. 201).
- ``day``: the end of the N-th calendar day after the start day; a last day that is a rest day
  moves to the next working day (AMB-G-c / 民法典 Art. 203).
- ``month`` / ``year``: the same date N months/years later, clamped to the end of a shorter month
  (AMB-3.12-d / 民法典 Art. 202), then the rest-day rule.
- ``hour`` / ``minute``: the exact instant N hours/minutes after the start instant.
- ``user_set``: no statutory number (AMB-G-d): a person sets the due date; it is the end of that
  day, taken as set (no rest-day rule).
- Pauses (R-1.4-15) add the paused amount to the period before the end is found: working days
  for a working-day period, calendar days for day/month/year/user-set periods, seconds for
  hour/minute periods. Extensions in the period's own unit add to the period the same way, so
  the rest-day rule applies once, to the final day.
- ``due_soon_at`` (the warning): for date periods the start of the working day that is
  ``settings.ZHIFA_DUE_SOON_WORKDAYS`` working days before the due date (default 2; if that is
  not after the start, the start of the due day); for hour/minute periods the instant when 20 %
  of the period is left.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings

from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.deadlines.constants import (
    CLOCK_DUE_SOON_FRACTION,
    CLOCK_UNITS,
    DAY,
    HOUR,
    MINUTE,
    MONTH,
    USER_SET,
    WORKDAY,
    YEAR,
)
from zhifa.workdays.calendar import add_days_info, add_workdays_info

if TYPE_CHECKING:
    from zhifa.deadlines.models import Obligation
    from zhifa.law.time_limits import TimeLimitSpec

_CLOCK_SECONDS = {HOUR: 3600, MINUTE: 60}
_MONTHS = {MONTH: 1, YEAR: 12}
# Periods that may be extended by calendar days although counted in another unit.
_DAY_EXTENSIBLE = frozenset({MONTH, YEAR, USER_SET})


@dataclass(frozen=True)
class DueDates:
    """The result of :func:`compute_due`."""

    unit: str  # the unit of the period that was counted
    duration: int | None  # the period that was counted (None for user_set)
    start_date: dt.date
    due_at: dt.datetime
    due_date: dt.date
    due_soon_at: dt.datetime
    provisional: bool


def add_months(d: dt.date, months: int) -> dt.date:
    """The same date ``months`` later, clamped to the last day of a shorter month."""
    index = d.month - 1 + months
    year = d.year + index // 12
    month = index % 12 + 1
    return dt.date(year, month, min(d.day, pycalendar.monthrange(year, month)[1]))


def _first_workday_on_or_after(d: dt.date) -> tuple[dt.date, bool]:
    info = add_workdays_info(d - dt.timedelta(days=1), 1)
    return info.due, info.provisional


def _as_instant(value: dt.datetime | dt.date, field: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise DomainError("时间必须带时区（北京时间）。", code="naive_datetime", field=field)
        return value
    if isinstance(value, dt.date):
        return clock.start_of_day(value)
    raise DomainError("时间格式不正确。", code="invalid_datetime", field=field)


def period_of(
    spec: TimeLimitSpec, *, override_duration: int | None = None, urgent: bool = False
) -> tuple[str, int | None]:
    """The unit and length of the period to count for ``spec`` (urgent, overridden or not)."""
    unit: str = spec.unit
    duration = spec.duration
    if urgent:
        if spec.urgent_duration is None or spec.urgent_unit is None:
            raise DomainError(
                "该规则没有规定情况紧急时的期限，不能按紧急情况计算。",
                code="no_urgent_period",
                field="urgent",
            )
        unit, duration = spec.urgent_unit, spec.urgent_duration
    if override_duration is not None:
        if unit == USER_SET:
            raise DomainError(
                "该规则没有法定期限，请直接设定届满日期，不能另行规定期限长度。",
                code="override_not_allowed",
                field="override_duration",
            )
        if type(override_duration) is not int or override_duration <= 0:
            raise DomainError(
                "另行规定的期限必须是正整数。", code="invalid_override", field="override_duration"
            )
        duration = override_duration
    return unit, duration


def compute_due(
    spec: TimeLimitSpec,
    start_at: dt.datetime | dt.date,
    *,
    override_duration: int | None = None,
    urgent: bool = False,
    due_at: dt.datetime | dt.date | None = None,
    paused: int = 0,
    extended: int = 0,
) -> DueDates:
    """The due time of a period of ``spec`` that starts at ``start_at``.

    ``override_duration``: the enforcement item's own period in the spec's unit (AMB-G-e; the
    caller records the legal basis). ``urgent``: count the spec's urgent period instead.
    ``due_at``: required for ``user_set`` specs (and refused for others). ``paused``: finished
    pauses in the pause unit of the period; ``extended``: approved extensions in the spec's
    ``extension_unit``. Raises ``DomainError`` (Chinese message) for impossible input, and the
    calendar's ``CalendarRangeError`` (a ``DomainError``) for a date it cannot answer for.
    """
    start = _as_instant(start_at, "start_at")
    unit, duration = period_of(spec, override_duration=override_duration, urgent=urgent)
    if unit == USER_SET and due_at is None:
        raise DomainError(
            "该规则没有法定期限，请设定届满日期。", code="due_required", field="due_at"
        )
    if unit != USER_SET and due_at is not None:
        raise DomainError(
            "该规则有法定期限，届满日期由系统按工作日历计算，不能手工设定。",
            code="due_not_allowed",
            field="due_at",
        )
    user_due = _as_instant(due_at, "due_at") if due_at is not None else None
    return _count(
        unit=unit,
        duration=duration,
        start=start,
        user_due_at=user_due,
        paused=paused,
        extended=extended,
        extension_unit=spec.extension_unit or unit,
    )


def obligation_due(obligation: Obligation, spec: TimeLimitSpec) -> DueDates:
    """The due time of an existing obligation from its own snapshot of the period, its finished
    pauses (``paused_total``) and approved extensions (``extended_total``).

    A due date set by a person (``user_due_at``: user-set specs, or an uncapped extension that
    set a new date) is counted as a user-set period.
    """
    if obligation.user_due_at is not None:
        return _count(
            unit=USER_SET,
            duration=None,
            start=obligation.start_at,
            user_due_at=obligation.user_due_at,
            paused=obligation.paused_total,
            extended=0,
            extension_unit=USER_SET,
            reported_unit=obligation.unit,
            reported_duration=obligation.duration,
        )
    return _count(
        unit=obligation.unit,
        duration=obligation.duration,
        start=obligation.start_at,
        user_due_at=None,
        paused=obligation.paused_total,
        extended=obligation.extended_total,
        extension_unit=spec.extension_unit or obligation.unit,
    )


def _count(
    *,
    unit: str,
    duration: int | None,
    start: dt.datetime,
    user_due_at: dt.datetime | None,
    paused: int,
    extended: int,
    extension_unit: str,
    reported_unit: str | None = None,
    reported_duration: int | None = None,
) -> DueDates:
    if paused < 0 or extended < 0:
        raise ValueError("paused and extended must not be negative")
    if unit == USER_SET:
        if user_due_at is None:
            raise ValueError("a user-set period needs its due time")
    elif duration is None or duration <= 0:
        raise ValueError(f"a {unit} period needs a positive duration")
    n = duration or 0
    ext_unit = extension_unit
    start_date = clock.local(start).date()
    out_unit = reported_unit or unit
    out_duration = reported_duration if reported_unit else duration

    if unit in CLOCK_UNITS:
        if extended and ext_unit not in CLOCK_UNITS:
            raise ValueError(f"cannot extend a {unit} period in {ext_unit}")
        period_seconds = n * _CLOCK_SECONDS[unit] + (
            extended * _CLOCK_SECONDS[ext_unit] if extended else 0
        )
        due = clock.local(start + dt.timedelta(seconds=period_seconds + paused))
        soon = due - dt.timedelta(seconds=round(period_seconds * CLOCK_DUE_SOON_FRACTION))
        return DueDates(
            unit=out_unit,
            duration=out_duration,
            start_date=start_date,
            due_at=due,
            due_date=due.date(),
            due_soon_at=max(soon, clock.local(start)),
            provisional=False,
        )

    if extended and not (ext_unit == unit or (ext_unit == DAY and unit in _DAY_EXTENSIBLE)):
        raise ValueError(f"cannot extend a {unit} period in {ext_unit}")
    ext_same = extended if ext_unit == unit else 0
    ext_days = extended if ext_unit != unit else 0
    provisional = False

    if unit == WORKDAY:
        info = add_workdays_info(start_date, n + paused + ext_same)
        end, provisional = info.due, info.provisional
    elif unit == DAY:
        info = add_days_info(start_date, n + paused + ext_same)
        end, provisional = info.due, info.provisional
    else:
        if unit == USER_SET:
            raw = clock.local(user_due_at).date()  # type: ignore[arg-type]
            if raw < start_date:
                raise DomainError(
                    "设定的届满日期早于起算日，请检查。", code="due_before_start", field="due_at"
                )
        else:
            raw = add_months(start_date, (n + ext_same) * _MONTHS[unit])
        extra_days = paused + ext_days
        if extra_days:
            info = add_days_info(raw, extra_days)
            end, provisional = info.due, info.provisional
        elif unit == USER_SET:
            end = raw
        else:
            end, provisional = _first_workday_on_or_after(raw)

    lead = int(settings.ZHIFA_DUE_SOON_WORKDAYS)
    soon_info = add_workdays_info(end, -lead) if lead > 0 else None
    soon = clock.start_of_day(soon_info.due if soon_info is not None else end)
    if soon <= start:
        soon = max(clock.start_of_day(end), start)
    return DueDates(
        unit=out_unit,
        duration=out_duration,
        start_date=start_date,
        due_at=clock.end_of_day(end),
        due_date=end,
        due_soon_at=soon,
        provisional=provisional or bool(soon_info and soon_info.provisional),
    )

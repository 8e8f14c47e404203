"""Reads of the working-day calendar for pages. The calendar is public information: no scope."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass

from zhifa.workdays.calendar import (
    HOLIDAY,
    MAKEUP_WORKDAY,
    CalendarRangeError,
    DayInfo,
    current_calendar,
)
from zhifa.workdays.models import HolidaySchedule
from zhifa.workdays.statutory import LAST_STATUTORY_YEAR


@dataclass(frozen=True)
class MonthView:
    year: int
    month: int
    weeks: list[list[DayInfo | None]]  # Monday first; None pads the first and last week


@dataclass(frozen=True)
class YearView:
    year: int
    provisional: bool
    schedule: HolidaySchedule | None
    months: list[MonthView]
    declared: list[DayInfo]  # holidays and make-up days of the year, in date order
    holiday_count: int
    makeup_count: int
    workday_count: int


def schedule_get(*, year: int) -> HolidaySchedule | None:
    return HolidaySchedule.objects.filter(year=year).select_related("updated_by").first()


def calendar_years() -> list[int]:
    """Years the calendar page can show: every loaded year and the statutory years after them."""
    cal = current_calendar()
    last = max(max(cal.loaded_years, default=LAST_STATUTORY_YEAR), LAST_STATUTORY_YEAR)
    first = min(cal.loaded_years, default=cal.index_start.year)
    return [y for y in range(first, last + 1) if cal.supports_year(y)]


def year_view(*, year: int) -> YearView:
    """A year month by month, as the calendar sees it. Raises ``CalendarRangeError``."""
    cal = current_calendar()
    if not cal.supports_year(year):
        raise CalendarRangeError(year, field="year")
    months: list[MonthView] = []
    declared: list[DayInfo] = []
    workdays = 0
    grid = pycalendar.Calendar(firstweekday=0)
    for month in range(1, 13):
        weeks: list[list[DayInfo | None]] = []
        for week in grid.monthdatescalendar(year, month):
            row: list[DayInfo | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                info = cal.day_info(day)
                row.append(info)
                workdays += info.workday
                if info.kind in (HOLIDAY, MAKEUP_WORKDAY):
                    declared.append(info)
            weeks.append(row)
        months.append(MonthView(year, month, weeks))
    return YearView(
        year=year,
        provisional=cal.is_provisional_year(year),
        schedule=schedule_get(year=year),
        months=months,
        declared=declared,
        holiday_count=sum(1 for d in declared if d.kind == HOLIDAY),
        makeup_count=sum(1 for d in declared if d.kind == MAKEUP_WORKDAY),
        workday_count=workdays,
    )

"""Public API of the working-day calendar (/api/v1/workdays/). Holiday schedules are public.

- ``GET add?start=2025-09-26&days=7&unit=workday`` →
  ``{"start": "2025-09-26", "days": 7, "unit": "workday", "due": "2025-10-13", "provisional": false}``
- ``GET is-workday?date=2025-10-11`` →
  ``{"date": "2025-10-11", "workday": true, "kind": "makeup_workday", "name": "国庆节", "provisional": false}``
- ``GET between?start=2025-09-26&end=2025-10-13`` →
  ``{"start": ..., "end": ..., "workdays": 7, "provisional": false}`` (working days after start up
  to and including end; negative when end is before start)

Bad input answers 400 ``{"code", "message", "field"}``; a date the calendar cannot answer for
(no schedule and no statutory data) answers 400 with code ``workdays_out_of_range``.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from zhifa.workdays.calendar import (
    add_info,
    is_workday_info,
    parse_count,
    parse_date,
    parse_unit,
    workdays_between_info,
)

router = Router(tags=["workdays"])


class DueOut(Schema):
    start: dt.date
    days: int
    unit: str
    due: dt.date
    provisional: bool


class DayOut(Schema):
    date: dt.date
    workday: bool
    kind: str
    name: str
    provisional: bool


class BetweenOut(Schema):
    start: dt.date
    end: dt.date
    workdays: int
    provisional: bool


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None


@router.get("/add", auth=None, response={200: DueOut, 400: ErrorOut}, url_name="workdays_add")
def add(
    request: HttpRequest, start: str | None = None, days: str | None = None, unit: str | None = None
) -> DueOut:
    """The due date of a period of ``days`` working days (``unit=workday``) or calendar days (``unit=day``)."""
    start_date = parse_date(start, field="start")
    count = parse_count(days, field="days")
    unit_name = parse_unit(unit)
    due = add_info(start_date, count, unit=unit_name)
    return DueOut(
        start=start_date, days=count, unit=unit_name, due=due.due, provisional=due.provisional
    )


@router.get(
    "/is-workday", auth=None, response={200: DayOut, 400: ErrorOut}, url_name="workdays_is_workday"
)
def is_workday(request: HttpRequest, date: str | None = None) -> DayOut:
    """Whether a date is a working day, and why (holiday, make-up working day, weekend)."""
    info = is_workday_info(parse_date(date, field="date"))
    return DayOut(
        date=info.date,
        workday=info.workday,
        kind=info.kind,
        name=info.name,
        provisional=info.provisional,
    )


@router.get(
    "/between", auth=None, response={200: BetweenOut, 400: ErrorOut}, url_name="workdays_between"
)
def between(request: HttpRequest, start: str | None = None, end: str | None = None) -> BetweenOut:
    """Working days after ``start`` up to and including ``end``."""
    start_date = parse_date(start, field="start")
    end_date = parse_date(end, field="end")
    span = workdays_between_info(start_date, end_date)
    return BetweenOut(
        start=start_date, end=end_date, workdays=span.days, provisional=span.provisional
    )

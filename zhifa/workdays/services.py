"""Writes to the working-day calendar: one service loads or replaces a year's holiday schedule.

``holiday_schedule_save`` is called by the admin form, the ``workdays load-package`` command and
tests. In one transaction it checks the input, replaces the year's declared days, bumps the
``CalendarVersion`` row (every process reloads its calendar), appends to the ledger, invalidates
this process's cache and sends ``zhifa.workdays.signals.schedule_loaded`` (``year``,
``schedule``, ``created``) so provisional due dates are recomputed.

Schedules are reference data: they are replaced, never deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F

from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.ledger.services import ledger_append
from zhifa.workdays import calendar
from zhifa.workdays.constants import (
    LEDGER_ACTION_SCHEDULE_SAVE,
    MAX_HOLIDAY_RANGE_DAYS,
    MAX_SCHEDULE_YEAR,
    MIN_SCHEDULE_YEAR,
    SCHEDULE_MARGIN_DAYS,
    DayKind,
    ScheduleOrigin,
)
from zhifa.workdays.models import CalendarDay, CalendarVersion, HolidaySchedule
from zhifa.workdays.permissions import can_edit_schedule
from zhifa.workdays.signals import schedule_loaded

if TYPE_CHECKING:
    from zhifa.accounts.models import User

_WEEKDAY_NAMES = "一二三四五六日"


@dataclass(frozen=True)
class HolidayRange:
    """Consecutive days off of one festival, both ends included (start == end for one day)."""

    start: dt.date
    end: dt.date
    name: str


@dataclass(frozen=True)
class MakeupWorkday:
    """A Saturday or Sunday declared a working day; ``name`` is the festival it makes up for."""

    date: dt.date
    name: str = ""


@dataclass(frozen=True)
class ScheduleInput:
    """Checked, normalised input of ``holiday_schedule_save``."""

    year: int
    holidays: tuple[HolidayRange, ...]
    makeup_workdays: tuple[MakeupWorkday, ...]
    source: str
    source_url: str
    published_at: dt.date | None


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{_WEEKDAY_NAMES[day.weekday()]}）"


def _as_range(item: Any) -> HolidayRange:
    if isinstance(item, HolidayRange):
        return item
    if isinstance(item, dt.date):
        raise DomainError(
            "放假日期必须写明节日名称。", code="holiday_name_missing", field="holidays"
        )
    values = tuple(item)
    if len(values) == 2:
        return HolidayRange(values[0], values[0], values[1])
    if len(values) == 3:
        return HolidayRange(values[0], values[1], values[2])
    raise DomainError("放假安排的格式不正确。", code="invalid", field="holidays")


def _as_makeup(item: Any) -> MakeupWorkday:
    if isinstance(item, MakeupWorkday):
        return item
    if isinstance(item, dt.date) and not isinstance(item, dt.datetime):
        return MakeupWorkday(item, "")
    values = tuple(item)
    if len(values) == 2:
        return MakeupWorkday(values[0], values[1])
    raise DomainError("调休上班日的格式不正确。", code="invalid", field="makeup_workdays")


def _nearest_holiday_name(day: dt.date, holidays: Sequence[HolidayRange]) -> str:
    def distance(r: HolidayRange) -> int:
        if day < r.start:
            return (r.start - day).days
        if day > r.end:
            return (day - r.end).days
        return 0

    return min(holidays, key=distance).name


def holiday_schedule_check(
    *,
    year: int,
    holidays: Sequence[HolidayRange | tuple[Any, ...]],
    makeup_workdays: Sequence[MakeupWorkday | dt.date | tuple[Any, ...]],
    source: str,
    source_url: str = "",
    published_at: dt.date | None = None,
) -> ScheduleInput:
    """Check a year's schedule and return it normalised; raise ``DomainError`` naming the field.

    Holidays may be ``HolidayRange`` or ``(start, end, name)`` / ``(date, name)`` tuples;
    make-up days ``MakeupWorkday``, ``(date, name)`` or a bare date (the name is then taken from
    the nearest holiday). Dates may lie in December of ``year - 1`` or January of ``year + 1``.
    """
    if type(year) is not int or not MIN_SCHEDULE_YEAR <= year <= MAX_SCHEDULE_YEAR:
        raise DomainError(
            f"年度应为{MIN_SCHEDULE_YEAR}至{MAX_SCHEDULE_YEAR}之间的整数。",
            code="invalid_year",
            field="year",
        )
    source = (source or "").strip()
    if not source:
        raise DomainError(
            "请填写依据的通知（标题和文号），例如：国务院办公厅关于2026年部分节假日安排的通知。",
            code="source_missing",
            field="source",
        )
    if published_at is not None and published_at > clock.today():
        raise DomainError("通知发布日期不能晚于今天。", code="invalid_date", field="published_at")

    first_allowed = dt.date(year, 1, 1) - dt.timedelta(days=SCHEDULE_MARGIN_DAYS)
    last_allowed = dt.date(year, 12, 31) + dt.timedelta(days=SCHEDULE_MARGIN_DAYS)

    def in_window(day: Any, field: str) -> dt.date:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise DomainError("日期格式不正确。", code="invalid_date", field=field)
        if not first_allowed <= day <= last_allowed:
            raise DomainError(
                f"{_fmt(day)}不在{year}年放假安排的范围内（{year - 1}年12月至{year + 1}年1月）。"
                "请检查年份是否写错。",
                code="date_outside_year",
                field=field,
            )
        return day

    ranges: list[HolidayRange] = []
    seen: dict[dt.date, str] = {}
    for raw_range in holidays:
        item = _as_range(raw_range)
        start = in_window(item.start, "holidays")
        end = in_window(item.end, "holidays")
        name = (item.name or "").strip()
        if not name:
            raise DomainError(
                f"{_fmt(start)}起的放假未写节日名称。",
                code="holiday_name_missing",
                field="holidays",
            )
        if len(name) > 80:
            raise DomainError("节日名称过长（不超过80字）。", code="invalid", field="holidays")
        if end < start:
            raise DomainError(
                f"放假结束日{_fmt(end)}早于开始日{_fmt(start)}。",
                code="invalid_range",
                field="holidays",
            )
        length = (end - start).days + 1
        if length > MAX_HOLIDAY_RANGE_DAYS:
            raise DomainError(
                f"一段放假不应超过{MAX_HOLIDAY_RANGE_DAYS}天（{_fmt(start)}起共{length}天），请检查日期。",
                code="invalid_range",
                field="holidays",
            )
        day = start
        while day <= end:
            if day in seen:
                raise DomainError(
                    f"{_fmt(day)}重复出现在放假安排中（{seen[day]}、{name}）。",
                    code="duplicate_date",
                    field="holidays",
                )
            seen[day] = name
            day += dt.timedelta(days=1)
        ranges.append(HolidayRange(start, end, name))
    if not ranges:
        raise DomainError("请至少填写一段放假安排。", code="holidays_missing", field="holidays")
    ranges.sort(key=lambda r: r.start)

    makeups: list[MakeupWorkday] = []
    makeup_seen: set[dt.date] = set()
    for raw_makeup in makeup_workdays:
        makeup = _as_makeup(raw_makeup)
        day = in_window(makeup.date, "makeup_workdays")
        if day.weekday() < 5:
            raise DomainError(
                f"{_fmt(day)}本来就是工作日，调休上班日只能是星期六或星期日。",
                code="makeup_not_weekend",
                field="makeup_workdays",
            )
        if day in seen:
            raise DomainError(
                f"{_fmt(day)}既是放假日又是调休上班日，请更正。",
                code="duplicate_date",
                field="makeup_workdays",
            )
        if day in makeup_seen:
            raise DomainError(
                f"{_fmt(day)}重复出现在调休上班日中。",
                code="duplicate_date",
                field="makeup_workdays",
            )
        makeup_seen.add(day)
        name = (makeup.name or "").strip() or _nearest_holiday_name(day, ranges)
        if len(name) > 80:
            raise DomainError(
                "节日名称过长（不超过80字）。", code="invalid", field="makeup_workdays"
            )
        makeups.append(MakeupWorkday(day, name))
    makeups.sort(key=lambda m: m.date)

    return ScheduleInput(
        year=year,
        holidays=tuple(ranges),
        makeup_workdays=tuple(makeups),
        source=source,
        source_url=(source_url or "").strip(),
        published_at=published_at,
    )


def _bump_version() -> int:
    version, _ = CalendarVersion.objects.select_for_update().get_or_create(pk=1)
    CalendarVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=clock.now())
    return version.version + 1


def _days_payload(schedule: HolidaySchedule) -> dict[str, list[list[str]]]:
    rows = schedule.days.order_by("date").values_list("date", "kind", "name")
    return {
        "holidays": [[d.isoformat(), n] for d, k, n in rows if k == DayKind.HOLIDAY],
        "makeup_workdays": [[d.isoformat(), n] for d, k, n in rows if k == DayKind.MAKEUP_WORKDAY],
    }


@transaction.atomic
def holiday_schedule_save(
    *,
    actor: User | None,
    year: int,
    holidays: Sequence[HolidayRange | tuple[Any, ...]],
    makeup_workdays: Sequence[MakeupWorkday | dt.date | tuple[Any, ...]],
    source: str,
    source_url: str = "",
    published_at: dt.date | None = None,
    origin: str = ScheduleOrigin.NOTICE,
) -> HolidaySchedule:
    """Create or replace the holiday schedule of ``year`` (the State Council notice).

    ``actor`` must be a system administrator; ``None`` is the system (commands). See
    ``holiday_schedule_check`` for the accepted input. Returns the saved schedule.
    """
    if actor is not None and not can_edit_schedule(actor):
        raise PermissionDenied("只有系统管理员可以录入或修改放假安排。")
    data = holiday_schedule_check(
        year=year,
        holidays=holidays,
        makeup_workdays=makeup_workdays,
        source=source,
        source_url=source_url,
        published_at=published_at,
    )
    version = _bump_version()  # also serialises concurrent writers of the calendar

    schedule = HolidaySchedule.objects.select_for_update().filter(year=data.year).first()
    created = schedule is None
    previous: dict[str, Any] | None = None
    if schedule is None:
        schedule = HolidaySchedule.objects.create(
            year=data.year,
            source=data.source,
            source_url=data.source_url,
            published_at=data.published_at,
            origin=origin,
            updated_by=actor,
        )
    else:
        previous = {
            "source": schedule.source,
            "origin": schedule.origin,
            **_days_payload(schedule),
        }
        schedule.source = data.source
        schedule.source_url = data.source_url
        schedule.published_at = data.published_at
        schedule.origin = origin
        schedule.updated_by = actor
        schedule.save(
            update_fields=[
                "source",
                "source_url",
                "published_at",
                "origin",
                "updated_by",
                "updated_at",
            ]
        )
        schedule.days.all().delete()

    rows = [
        CalendarDay(
            schedule=schedule,
            date=r.start + dt.timedelta(days=offset),
            kind=DayKind.HOLIDAY,
            name=r.name,
        )
        for r in data.holidays
        for offset in range((r.end - r.start).days + 1)
    ]
    rows.extend(
        CalendarDay(schedule=schedule, date=m.date, kind=DayKind.MAKEUP_WORKDAY, name=m.name)
        for m in data.makeup_workdays
    )
    CalendarDay.objects.bulk_create(rows)

    ledger_append(
        actor=actor,
        action=LEDGER_ACTION_SCHEDULE_SAVE,
        subject=schedule,
        payload={
            "year": data.year,
            "created": created,
            "origin": str(origin),
            "source": data.source,
            "source_url": data.source_url,
            "published_at": data.published_at,
            "holidays": [[r.start, r.end, r.name] for r in data.holidays],
            "makeup_workdays": [[m.date, m.name] for m in data.makeup_workdays],
            "calendar_version": version,
            "previous": previous,
        },
    )

    calendar.invalidate(uncommitted=True)
    transaction.on_commit(calendar.invalidate)
    schedule_loaded.send(sender=HolidaySchedule, year=data.year, schedule=schedule, created=created)
    return schedule

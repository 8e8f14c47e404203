"""Working days and legal periods under PRC law — the one place that counts days.

Definitions (rules.md Appendix B, AMB-G-b and AMB-G-c, decided for Zhifa):

* A **working day** is a Monday–Friday that is not a day off, or a Saturday/Sunday that the State
  Council schedule makes a working day (调休上班). Never Monday–Friday only.
* The day of the triggering event is **not counted** (民法典 Art. 201): periods run from the next day.
* "Within N working days" (N 个工作日内) ends at the end of the N-th working day after the start day.
* A calendar-day period (N 日) whose last day is a rest day (weekend not made up, or a holiday)
  ends on the next working day (民法典 Art. 203).
* A year with a loaded ``HolidaySchedule`` is answered from it. A year without one is answered
  from the statute (《全国年节及纪念日放假办法》 as amended in 2024, see ``statutory``: the festival
  days, plus the Art. 6 weekday off (补假) for a festival day on a weekend) with no make-up
  working days assumed, and every answer that touches such a year is **provisional**. A
  year the statute cannot answer for (before 2025 and not loaded, or after the lunar table) raises
  ``CalendarRangeError`` — never a silent guess.

Interface (the deadline engine and others depend on these names)::

    is_workday(d: date) -> bool
    add_workdays(d: date, n: int) -> date          # n-th working day after d; n < 0 counts back
    add_days(d: date, n: int) -> date              # calendar days + the rest-day rule
    workdays_between(a: date, b: date) -> int      # working days after a up to and including b
    is_workday_info(d) -> DayInfo                  # with kind, festival name and provisional
    add_workdays_info(d, n) -> Due(due, provisional)
    add_days_info(d, n) -> Due(due, provisional)
    workdays_between_info(a, b) -> Span(days, provisional)
    add_info(d, n, unit="workday" | "day") -> Due   # what the CLI, API and page call

Conventions:

* ``add_workdays(d, 0)`` returns ``d`` unchanged (no period, nothing provisional), so that
  ``workdays_between(d, add_workdays(d, n)) == n`` for every ``n``. It does not move ``d`` to a
  working day (``add_days(d, 0)`` does not either); the first working day on or after ``d`` is
  ``add_workdays(d - timedelta(days=1), 1)``.
* ``add_workdays(d, -k)`` is the k-th working day *before* ``d`` (d not counted), e.g. the day that
  is "2 working days before the due date".
* ``add_days(d, n)`` with ``n < 0`` ("N 日前") moves a rest day *earlier*, to the previous
  working day, so that an act done on the answer is still in time.
* ``workdays_between(a, b)`` counts the working days passed going from ``a`` to ``b``, ``a``
  excluded and ``b`` included; it is negative when ``b`` is before ``a`` (then it counts
  ``[b, a)``).
* Dates must be ``datetime.date`` (not ``datetime``: convert an instant with
  ``zhifa.core.clock.local(instant).date()`` first); counts must be ``int``.

Cache: the whole calendar (loaded years, declared days, statutory days of the unloaded years and a
prefix-count index from the first loaded year to the end of the statutory table) lives in memory
per process and answers in O(1). It is rebuilt when the ``CalendarVersion`` row changes: the
service bumps it in the same transaction; this process invalidates at once (and again on commit);
every other process notices within ``settings.ZHIFA_WORKDAYS_CACHE_SECONDS`` (default 10), the
longest it goes without reading that one row. ``invalidate()`` forces a rebuild (tests, scripts).

Signal: ``schedule_loaded`` (``zhifa.workdays.signals``, re-exported here) is sent with
``year=``, ``schedule=``, ``created=`` by ``holiday_schedule_save`` inside its transaction, once the
cache is invalidated. The deadline engine listens to it to recompute provisional due dates.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from zhifa.core.errors import DomainError
from zhifa.workdays import statutory
from zhifa.workdays.signals import schedule_loaded

__all__ = [
    "CalendarRangeError",
    "DayInfo",
    "Due",
    "Span",
    "WorkdayCalendar",
    "add_days",
    "add_days_info",
    "add_workdays",
    "add_workdays_info",
    "current_calendar",
    "invalidate",
    "is_workday",
    "is_workday_info",
    "schedule_loaded",
    "workdays_between",
    "workdays_between_info",
]

_ONE_DAY = dt.timedelta(days=1)

# Kinds of day reported by ``DayInfo.kind``.
WORKDAY = "workday"
WEEKEND = "weekend"
HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"

KIND_LABELS = {
    WORKDAY: "工作日",
    WEEKEND: "休息日",
    HOLIDAY: "放假",
    MAKEUP_WORKDAY: "调休上班",
}


class CalendarRangeError(DomainError):
    """The calendar cannot answer for a date: no loaded schedule and no statutory data."""

    def __init__(self, year: int | None, *, field: str | None = None) -> None:
        if year is None:
            message = "日期超出工作日历可计算的范围，请检查输入。"
        else:
            message = (
                f"工作日历没有{year}年的放假安排，也无法按《全国年节及纪念日放假办法》推算。"
                f"请系统管理员在管理后台录入{year}年的放假安排后再计算。"
            )
        super().__init__(message, code="workdays_out_of_range", field=field)
        self.year = year


@dataclass(frozen=True, slots=True)
class Due:
    """The end of a period and whether it depends on a year whose schedule is not loaded."""

    due: dt.date
    provisional: bool


@dataclass(frozen=True, slots=True)
class Span:
    """A count of working days and whether it depends on a year whose schedule is not loaded."""

    days: int
    provisional: bool


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One date as the calendar sees it."""

    date: dt.date
    workday: bool
    kind: str  # WORKDAY, WEEKEND, HOLIDAY or MAKEUP_WORKDAY
    name: str  # the festival (放假 / 调休上班), "" otherwise
    provisional: bool

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def weekday_label(self) -> str:
        return "星期" + "一二三四五六日"[self.date.weekday()]


def _check_date(value: object, name: str = "d") -> dt.date:
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # a date subclass (e.g. from a time-freezing library)
    if isinstance(value, dt.datetime):
        raise TypeError(
            f"{name} must be a date, not a datetime: convert it with clock.local(x).date() first"
        )
    raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


def _check_int(value: object, name: str = "n") -> int:
    if type(value) is int:
        return value
    raise TypeError(f"{name} must be an int, not {type(value).__name__}")


class WorkdayCalendar:
    """An immutable snapshot of the calendar; every method is pure.

    ``holidays`` and ``makeup_workdays`` map dates to festival names (as declared by the loaded
    notices); ``loaded_years`` are the years that have a schedule.
    """

    def __init__(
        self,
        *,
        holidays: Mapping[dt.date, str],
        makeup_workdays: Mapping[dt.date, str],
        loaded_years: Iterable[int],
        version: int = 0,
    ) -> None:
        self.version = version
        self.holidays: dict[dt.date, str] = dict(holidays)
        self.makeup_workdays: dict[dt.date, str] = dict(makeup_workdays)
        self.loaded_years: frozenset[int] = frozenset(loaded_years)
        self._build_index()

    # --- classification -------------------------------------------------------------------

    def supports_year(self, year: int) -> bool:
        return year in self.loaded_years or statutory.supports(year)

    def is_provisional_year(self, year: int) -> bool:
        """True when ``year`` has no loaded schedule (answers come from the statute)."""
        return year not in self.loaded_years

    def _classify(self, d: dt.date) -> tuple[bool, str, str]:
        name = self.makeup_workdays.get(d)
        if name is not None:
            return True, MAKEUP_WORKDAY, name
        name = self.holidays.get(d)
        if name is not None:
            return False, HOLIDAY, name
        if d.year not in self.loaded_years:
            if not statutory.supports(d.year):
                raise CalendarRangeError(d.year)
            name = statutory.statutory_holidays(d.year).get(d)
            if name is not None:
                return False, HOLIDAY, name
        if d.weekday() < 5:
            return True, WORKDAY, ""
        return False, WEEKEND, ""

    def day_info(self, d: dt.date) -> DayInfo:
        _check_date(d)
        workday, kind, name = self._classify(d)
        return DayInfo(d, workday, kind, name, d.year not in self.loaded_years)

    # --- the index ------------------------------------------------------------------------

    def _build_index(self) -> None:
        """Prefix counts over the longest run of consecutive answerable years (the latest if tied)."""
        years = sorted(
            set(self.loaded_years)
            | set(range(statutory.FIRST_STATUTORY_YEAR, statutory.LAST_STATUTORY_YEAR + 1))
        )
        lo = hi = years[0]
        run_start = years[0]
        for previous, year in zip(years, years[1:], strict=False):
            if year != previous + 1:
                run_start = year
            if year - run_start >= hi - lo:
                lo, hi = run_start, year
        start = dt.date(lo, 1, 1)
        end = dt.date(hi, 12, 31)
        self.index_start, self.index_end = start, end
        self._base = start.toordinal()
        self._size = end.toordinal() - self._base + 1
        work: list[bool] = []
        prefix = [0]  # prefix[i] = number of working days in [start, start + i)
        workdays: list[int] = []  # offsets of the working days, in order
        day = start
        count = 0
        for offset in range(self._size):
            is_work = self._classify(day)[0]
            work.append(is_work)
            if is_work:
                workdays.append(offset)
                count += 1
            prefix.append(count)
            day += _ONE_DAY
        self._work = work
        self._prefix = prefix
        self._workdays = workdays

    def _offset_date(self, offset: int) -> dt.date:
        return dt.date.fromordinal(self._base + offset)

    def _touches_unloaded(self, first: dt.date, last: dt.date) -> bool:
        """Whether any day in [first, last] lies in a year without a loaded schedule."""
        loaded = self.loaded_years
        y1, y2 = first.year, last.year
        if y1 == y2:
            return y1 not in loaded
        return any(y not in loaded for y in range(y1, y2 + 1))

    # --- queries --------------------------------------------------------------------------

    def is_workday(self, d: dt.date) -> bool:
        i = _check_date(d).toordinal() - self._base
        if 0 <= i < self._size:
            return self._work[i]
        return self._classify(d)[0]

    def add_workdays(self, d: dt.date, n: int) -> Due:
        _check_date(d)
        _check_int(n)
        if n == 0:
            return Due(d, False)
        i = d.toordinal() - self._base
        due: dt.date | None = None
        if n > 0:
            if -1 <= i < self._size:
                k = self._prefix[i + 1] + n - 1
                if k < len(self._workdays):
                    due = self._offset_date(self._workdays[k])
            if due is None:
                due = self._walk_workdays(d, n)
            return Due(due, self._touches_unloaded(d + _ONE_DAY, due))
        if 0 <= i <= self._size:
            k = self._prefix[i] + n
            if k >= 0:
                due = self._offset_date(self._workdays[k])
        if due is None:
            due = self._walk_workdays(d, n)
        return Due(due, self._touches_unloaded(due, d - _ONE_DAY))

    def add_days(self, d: dt.date, n: int) -> Due:
        _check_date(d)
        _check_int(n)
        if n == 0:
            return Due(d, False)
        try:
            end = d + dt.timedelta(days=n)
        except OverflowError:
            raise CalendarRangeError(None) from None
        i = end.toordinal() - self._base
        due: dt.date | None = None
        if 0 <= i < self._size:
            if n > 0:
                k = self._prefix[i]  # the first working day on or after ``end``
                if k < len(self._workdays):
                    due = self._offset_date(self._workdays[k])
            else:
                k = self._prefix[i + 1] - 1  # the last working day on or before ``end``
                if k >= 0:
                    due = self._offset_date(self._workdays[k])
        if due is None:
            due = self._walk_to_workday(end, 1 if n > 0 else -1)
        if n > 0:
            return Due(due, self._touches_unloaded(end, due))
        return Due(due, self._touches_unloaded(due, end))

    def workdays_between(self, a: dt.date, b: dt.date) -> Span:
        _check_date(a, "a")
        _check_date(b, "b")
        if a == b:
            return Span(0, False)
        ia = a.toordinal() - self._base
        ib = b.toordinal() - self._base
        size = self._size
        prefix = self._prefix
        if b > a:
            if ia >= -1 and ib < size:
                days = prefix[ib + 1] - prefix[ia + 1]
            else:
                days = self._count_walk(a + _ONE_DAY, b)
            return Span(days, self._touches_unloaded(a + _ONE_DAY, b))
        if ib >= 0 and ia <= size:
            days = prefix[ia] - prefix[ib]
        else:
            days = self._count_walk(b, a - _ONE_DAY)
        return Span(-days, self._touches_unloaded(b, a - _ONE_DAY))

    # --- slow paths outside the index (isolated loaded years, or errors) ------------------

    def _step(self, d: dt.date, step: int) -> dt.date:
        try:
            return d + dt.timedelta(days=step)
        except OverflowError:
            raise CalendarRangeError(None) from None

    def _walk_workdays(self, d: dt.date, n: int) -> dt.date:
        step = 1 if n > 0 else -1
        remaining = abs(n)
        day = d
        while remaining:
            day = self._step(day, step)
            if self.is_workday(day):
                remaining -= 1
        return day

    def _walk_to_workday(self, d: dt.date, step: int) -> dt.date:
        day = d
        while not self.is_workday(day):
            day = self._step(day, step)
        return day

    def _count_walk(self, first: dt.date, last: dt.date) -> int:
        count = 0
        day = first
        while day <= last:
            count += self.is_workday(day)
            day += _ONE_DAY
        return count


# --- the per-process cache ----------------------------------------------------------------

_lock = threading.Lock()
_snapshot: WorkdayCalendar | None = None
_checked_at = 0.0
_ttl = 10.0
# Set when this process wrote the calendar in a transaction that has not committed (yet): the
# version row is then read on every call, so a rollback is noticed at once.
_volatile = False


def _read_version() -> int:
    from zhifa.workdays.models import CalendarVersion

    version = CalendarVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return int(version or 0)


def _load(version: int) -> WorkdayCalendar:
    from zhifa.workdays.models import CalendarDay, HolidaySchedule

    years = list(HolidaySchedule.objects.values_list("year", flat=True))
    holidays: dict[dt.date, str] = {}
    makeups: dict[dt.date, str] = {}
    rows = CalendarDay.objects.order_by("schedule__year", "date").values_list(
        "date", "kind", "name"
    )
    # Later notices win where two declare the same date (the 2019 notice re-declared Dec 2018).
    for date, kind, name in rows:
        if kind == MAKEUP_WORKDAY:
            holidays.pop(date, None)
            makeups[date] = name
        else:
            makeups.pop(date, None)
            holidays[date] = name
    return WorkdayCalendar(
        holidays=holidays, makeup_workdays=makeups, loaded_years=years, version=version
    )


def current_calendar() -> WorkdayCalendar:
    """The calendar of this process, reloaded when the schedules changed (see module doc)."""
    global _snapshot, _checked_at, _ttl, _volatile
    snapshot = _snapshot
    now = time.monotonic()
    if snapshot is not None and not _volatile and now - _checked_at < _ttl:
        return snapshot
    with _lock:
        from django.conf import settings
        from django.db import connection

        version = _read_version()
        snapshot = _snapshot
        if snapshot is None or snapshot.version != version:
            snapshot = _load(version)
            _snapshot = snapshot
        if _volatile and not connection.in_atomic_block:
            _volatile = False
        _ttl = float(getattr(settings, "ZHIFA_WORKDAYS_CACHE_SECONDS", 10))
        _checked_at = time.monotonic()
        return snapshot


def invalidate(*, uncommitted: bool = False) -> None:
    """Drop this process's calendar; the next call reloads it.

    ``uncommitted=True`` (used by the service inside its transaction) also makes the cache check
    the version row on every call until the write is committed (the service's ``on_commit``
    calls ``invalidate()`` again) or a check outside any transaction sees the committed state;
    a rollback is noticed at the next call because the version row no longer matches.
    """
    global _snapshot, _volatile
    with _lock:
        _snapshot = None
        _volatile = uncommitted


# --- the public functions -----------------------------------------------------------------


def is_workday(d: dt.date) -> bool:
    """Whether ``d`` is a working day (provisional for a year without a loaded schedule)."""
    return current_calendar().is_workday(d)


def is_workday_info(d: dt.date) -> DayInfo:
    return current_calendar().day_info(d)


def add_workdays_info(d: dt.date, n: int) -> Due:
    return current_calendar().add_workdays(d, n)


def add_workdays(d: dt.date, n: int) -> dt.date:
    """The end of "within ``n`` working days" from the event on ``d`` (``d`` not counted)."""
    return current_calendar().add_workdays(d, n).due


def add_days_info(d: dt.date, n: int) -> Due:
    return current_calendar().add_days(d, n)


def add_days(d: dt.date, n: int) -> dt.date:
    """The end of an ``n``-calendar-day period from ``d`` (``d`` not counted, rest-day rule)."""
    return current_calendar().add_days(d, n).due


UNITS = {"workday": "工作日", "day": "日"}
MAX_COUNT = 3650


# --- parsing user input (CLI and API) -----------------------------------------------------


def parse_date(value: str | None, *, field: str) -> dt.date:
    """``YYYY-MM-DD`` → date, or a ``DomainError`` naming ``field``."""
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请提供日期 {field}（格式 YYYY-MM-DD）。", code="required", field=field)
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DomainError(
            f"日期“{text}”无效，应为 YYYY-MM-DD 格式的真实日期，例如 2025-09-26。",
            code="invalid_date",
            field=field,
        ) from None


def parse_count(value: str | int | None, *, field: str) -> int:
    """A whole number of days 0..MAX_COUNT, or a ``DomainError`` naming ``field``."""
    if isinstance(value, bool):
        value = None
    text = str(value).strip() if value is not None else ""
    if not text:
        raise DomainError(f"请提供天数 {field}。", code="required", field=field)
    if not (text.isascii() and text.lstrip("+-").isdigit()):
        raise DomainError(f"天数“{text}”无效，应为整数。", code="invalid_count", field=field)
    count = int(text)
    if not 0 <= count <= MAX_COUNT:
        raise DomainError(
            f"天数应在0至{MAX_COUNT}之间，收到 {count}。", code="invalid_count", field=field
        )
    return count


def parse_unit(value: str | None, *, field: str = "unit") -> str:
    unit = (value or "workday").strip()
    if unit not in UNITS:
        raise DomainError(
            f"单位“{unit}”无效，应为 workday（工作日）或 day（自然日）。",
            code="invalid_unit",
            field=field,
        )
    return unit


def add_info(d: dt.date, n: int, *, unit: str) -> Due:
    """``add_workdays_info`` (unit ``"workday"``) or ``add_days_info`` (unit ``"day"``)."""
    if unit == "workday":
        return add_workdays_info(d, n)
    if unit == "day":
        return add_days_info(d, n)
    raise ValueError(f"unknown unit {unit!r}: use 'workday' or 'day'")


def workdays_between_info(a: dt.date, b: dt.date) -> Span:
    return current_calendar().workdays_between(a, b)


def workdays_between(a: dt.date, b: dt.date) -> int:
    """Working days after ``a`` up to and including ``b`` (negative when ``b`` < ``a``)."""
    return current_calendar().workdays_between(a, b).days

"""The in-memory calendar (no database): fast index against a plain day-by-day walk.

Rules: AMB-G-b (working days follow the State Council schedule, make-up weekends included) and
AMB-G-c (start day not counted, 民法典 Art. 201; a calendar-day period ending on a rest day ends on
the next working day, Art. 203).
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from chinese_calendar.constants import holidays, workdays

from zhifa.workdays.calendar import (
    HOLIDAY,
    MAKEUP_WORKDAY,
    WEEKEND,
    WORKDAY,
    CalendarRangeError,
    Due,
    Span,
    WorkdayCalendar,
)
from zhifa.workdays.tests.conftest import d

ONE = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    return WorkdayCalendar(
        holidays=holidays,
        makeup_workdays=workdays,
        loaded_years=range(2004, 2027),
    )


def slow_is_workday(cal: WorkdayCalendar, day: dt.date) -> bool:
    return cal._classify(day)[0]


def slow_add_workdays(cal: WorkdayCalendar, start: dt.date, n: int) -> dt.date:
    step = ONE if n > 0 else -ONE
    day, left = start, abs(n)
    while left:
        day += step
        left -= slow_is_workday(cal, day)
    return day


def slow_add_days(cal: WorkdayCalendar, start: dt.date, n: int) -> dt.date:
    if n == 0:
        return start
    day = start + dt.timedelta(days=n)
    step = ONE if n > 0 else -ONE
    while not slow_is_workday(cal, day):
        day += step
    return day


def slow_between(cal: WorkdayCalendar, a: dt.date, b: dt.date) -> int:
    if b >= a:
        return sum(slow_is_workday(cal, a + ONE * i) for i in range(1, (b - a).days + 1))
    return -sum(slow_is_workday(cal, b + ONE * i) for i in range((a - b).days))


def test_index_covers_the_loaded_years_and_the_statutory_table(cal: WorkdayCalendar) -> None:
    assert cal.index_start == d("2004-01-01")
    assert cal.index_end == d("2040-12-31")


def test_fast_answers_equal_the_walk_for_random_inputs(cal: WorkdayCalendar) -> None:
    """AMB-G-b/AMB-G-c: 4,000 random starts mid-2004 to mid-2039 with periods up to 120 days, both ways."""
    rng = random.Random(20250926)
    first, last = d("2004-07-01").toordinal(), d("2039-06-30").toordinal()
    for _ in range(4000):
        start = dt.date.fromordinal(rng.randint(first, last))
        n = rng.randint(-60, 120)
        assert cal.add_workdays(start, n).due == slow_add_workdays(cal, start, n), (start, n)
        assert cal.add_days(start, n).due == slow_add_days(cal, start, n), (start, n)
        other = start + dt.timedelta(days=rng.randint(-200, 200))
        assert cal.workdays_between(start, other).days == slow_between(cal, start, other)


def test_round_trip_between_and_add(cal: WorkdayCalendar) -> None:
    rng = random.Random(7)
    for _ in range(2000):
        start = dt.date.fromordinal(
            rng.randint(d("2004-04-01").toordinal(), d("2039-11-30").toordinal())
        )
        n = rng.randint(-40, 40)
        due = cal.add_workdays(start, n).due
        assert cal.workdays_between(start, due).days == n
        if n:
            assert cal.is_workday(due)


def test_every_day_matches_the_package(cal: WorkdayCalendar) -> None:
    """AMB-G-b: 2004-01-01 .. 2026-12-31, every day, against chinesecalendar.is_workday."""
    import chinese_calendar

    day = d("2004-01-01")
    while day <= d("2026-12-31"):
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += ONE


def test_start_day_is_not_counted(cal: WorkdayCalendar) -> None:
    """AMB-G-c (民法典 Art. 201): from Monday 2025-03-03, 1 working day ends Tuesday."""
    assert cal.add_workdays(d("2025-03-03"), 1) == Due(d("2025-03-04"), False)
    assert cal.add_days(d("2025-03-03"), 1) == Due(d("2025-03-04"), False)
    # An event on a Saturday: the first working day is Monday.
    assert cal.add_workdays(d("2025-03-08"), 1).due == d("2025-03-10")


def test_zero_returns_the_start_day(cal: WorkdayCalendar) -> None:
    assert cal.add_workdays(d("2025-10-04"), 0) == Due(d("2025-10-04"), False)
    assert cal.add_days(d("2025-10-04"), 0) == Due(d("2025-10-04"), False)
    assert cal.workdays_between(d("2025-10-04"), d("2025-10-04")) == Span(0, False)


def test_negative_counts_go_backwards(cal: WorkdayCalendar) -> None:
    """2 working days before Monday 2025-10-13: Sat 11 Oct is a make-up day, so Fri 10 Oct."""
    assert cal.add_workdays(d("2025-10-13"), -1).due == d("2025-10-11")
    assert cal.add_workdays(d("2025-10-13"), -2).due == d("2025-10-10")
    # From a holiday, the last working day before it.
    assert cal.add_workdays(d("2025-10-05"), -1).due == d("2025-09-30")
    # "N 日前" landing on a rest day moves earlier: 2025-10-12 - 7 = 2025-10-05 (holiday) → 09-30.
    assert cal.add_days(d("2025-10-12"), -7).due == d("2025-09-30")
    assert cal.workdays_between(d("2025-10-13"), d("2025-10-10")).days == -2


def test_day_info_kinds(cal: WorkdayCalendar) -> None:
    assert cal.day_info(d("2025-10-11")).kind == MAKEUP_WORKDAY
    assert cal.day_info(d("2025-10-06")).name == "Mid-autumn Festival"  # raw package name here
    assert cal.day_info(d("2025-10-01")).kind == HOLIDAY
    assert cal.day_info(d("2025-10-18")).kind == WEEKEND
    assert cal.day_info(d("2025-10-17")).kind == WORKDAY
    assert cal.day_info(d("2027-05-03")).provisional


def test_types_are_checked(cal: WorkdayCalendar) -> None:
    with pytest.raises(TypeError, match="not a datetime"):
        cal.add_workdays(dt.datetime(2025, 9, 26, tzinfo=dt.UTC), 7)
    with pytest.raises(TypeError):
        cal.add_workdays("2025-09-26", 7)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cal.add_workdays(d("2025-09-26"), 7.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cal.add_workdays(d("2025-09-26"), True)  # type: ignore[arg-type]


def test_outside_every_answerable_year_raises(cal: WorkdayCalendar) -> None:
    """Never guess silently: 2003 (no schedule, old law) and 2041 (no lunar table)."""
    with pytest.raises(CalendarRangeError) as excinfo:
        cal.is_workday(d("2003-12-31"))
    assert excinfo.value.code == "workdays_out_of_range"
    with pytest.raises(CalendarRangeError):
        cal.add_workdays(d("2040-12-20"), 30)
    with pytest.raises(CalendarRangeError):
        cal.add_days(d("2040-12-30"), 5)
    with pytest.raises(CalendarRangeError):
        cal.add_workdays(d("2004-01-05"), -10)
    with pytest.raises(CalendarRangeError):
        cal.add_days(dt.date.max, 1)
    # The day before the first loaded day may start a period (it is not counted).
    assert cal.add_workdays(d("2003-12-31"), 1).due == d("2004-01-02")


def test_isolated_loaded_year_outside_the_index_uses_the_walk() -> None:
    cal = WorkdayCalendar(
        holidays={d("2001-01-01"): "元旦"},
        makeup_workdays={},
        loaded_years=[2001, 2025, 2026],
    )
    assert cal.index_start == d("2025-01-01")
    assert not cal.is_workday(d("2001-01-01"))
    assert cal.add_workdays(d("2000-12-31"), 1) == Due(d("2001-01-02"), False)
    assert cal.workdays_between(d("2001-01-01"), d("2001-01-08")).days == 5


def test_later_notice_days_outside_their_year_count() -> None:
    """The 2019 notice declared 2018-12-29 (Sat) a working day and 12-30/31 off."""
    cal = WorkdayCalendar(
        holidays={d("2018-12-30"): "元旦", d("2018-12-31"): "元旦", d("2019-01-01"): "元旦"},
        makeup_workdays={d("2018-12-29"): "元旦"},
        loaded_years=[2018, 2019],
    )
    assert cal.is_workday(d("2018-12-29"))
    assert cal.add_workdays(d("2018-12-28"), 2).due == d("2019-01-02")


def test_a_far_loaded_year_does_not_shrink_the_index() -> None:
    """Loading 2045 (gap 2041–2044) keeps the fast index on the long run 2004–2040."""
    cal = WorkdayCalendar(
        holidays=holidays, makeup_workdays=workdays, loaded_years=[*range(2004, 2027), 2045]
    )
    assert (cal.index_start, cal.index_end) == (d("2004-01-01"), d("2040-12-31"))
    assert cal.is_workday(d("2045-03-01"))  # a Wednesday in a loaded year, via the slow path
    with pytest.raises(CalendarRangeError):
        cal.is_workday(d("2043-03-02"))

"""The public calendar functions on the seeded database (data migration from chinesecalendar).

Rules: AMB-G-b (working days = the State Council schedule, never Monday–Friday only) and
AMB-G-c (民法典 Art. 201: start day not counted; Art. 203: a calendar-day period ending on a rest
day ends on the next working day).
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from zhifa.workdays import calendar
from zhifa.workdays.calendar import (
    Due,
    add_days,
    add_days_info,
    add_workdays,
    add_workdays_info,
    is_workday,
    is_workday_info,
    workdays_between,
    workdays_between_info,
)
from zhifa.workdays.models import CalendarDay, HolidaySchedule
from zhifa.workdays.tests.conftest import d

pytestmark = pytest.mark.django_db

ONE = dt.timedelta(days=1)


def test_seed_loads_every_package_year() -> None:
    assert list(HolidaySchedule.objects.order_by("year").values_list("year", flat=True)) == list(
        range(2004, 2027)
    )
    assert HolidaySchedule.objects.get(year=2025).origin == "package"
    assert CalendarDay.objects.get(date=d("2025-10-06")).name == "中秋节"
    assert CalendarDay.objects.get(date=d("2025-10-11")).kind == "makeup_workday"


def test_amb_g_b_every_day_2019_2026_matches_the_official_schedule() -> None:
    day = d("2019-01-01")
    while day <= d("2026-12-31"):
        assert is_workday(day) == chinese_calendar.is_workday(day), day
        info = is_workday_info(day)
        assert not info.provisional
        day += ONE


def test_amb_g_b_weekends_made_working_days() -> None:
    """2024 and 2025 make-up Saturdays/Sundays are working days; Monday–Friday-only is wrong."""
    for text in ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11",
                 "2024-09-14", "2024-09-29", "2024-10-12",
                 "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]:  # fmt: skip
        day = d(text)
        assert day.weekday() >= 5
        assert is_workday(day), text
        assert is_workday_info(day).kind == "makeup_workday"


def test_amb_g_b_weekday_holidays_are_not_working_days() -> None:
    for text in ["2025-01-28", "2025-02-04", "2025-05-05", "2025-06-02", "2025-10-06", "2025-10-08",
                 "2024-02-16", "2024-05-03", "2024-06-10", "2024-09-16", "2024-10-07"]:  # fmt: skip
        day = d(text)
        assert day.weekday() < 5
        assert not is_workday(day), text


def test_2020_spring_festival_extension_is_in_the_schedule() -> None:
    """The epidemic extension (国办发明电〔2020〕1号) to 2 February 2020 is in the package."""
    assert not is_workday(d("2020-01-31"))  # Friday
    assert not is_workday(d("2020-01-30"))
    assert is_workday(d("2020-02-03"))
    assert is_workday_info(d("2020-02-02")).name == "春节"


def test_2015_victory_day_is_a_holiday() -> None:
    assert not is_workday(d("2015-09-03"))
    assert is_workday(d("2015-09-06"))  # Sunday made a working day


def test_amb_g_c_within_7_working_days_across_national_day_2025() -> None:
    """2025-09-26 (Fri) + 7 WD: 29, 30 Sep; 28 Sep and 11 Oct are make-up days; 1–8 Oct off."""
    assert add_workdays(d("2025-09-26"), 7) == d("2025-10-13")
    assert add_workdays_info(d("2025-09-26"), 7) == Due(d("2025-10-13"), False)
    # Working days counted: 28 Sep (Sun), 29, 30 Sep, 9, 10, 11 (Sat), 13 Oct.
    assert workdays_between(d("2025-09-26"), d("2025-10-13")) == 7
    assert workdays_between_info(d("2025-09-26"), d("2025-10-12")).days == 6


def test_amb_g_c_start_day_not_counted() -> None:
    assert add_workdays(d("2025-09-26"), 1) == d("2025-09-28")  # the make-up Sunday
    assert add_days(d("2025-03-03"), 10) == d("2025-03-13")


def test_amb_g_c_calendar_days_ending_on_a_holiday_move_to_the_next_working_day() -> None:
    # 2025-09-26 + 7 days = 3 Oct (National Day holiday) → 9 Oct.
    assert add_days_info(d("2025-09-26"), 7) == Due(d("2025-10-09"), False)
    # Ending on an ordinary Saturday → Monday.
    assert add_days(d("2025-03-01"), 7) == d("2025-03-10")
    # Ending on a make-up Saturday: it is a working day, no move.
    assert add_days(d("2025-10-04"), 7) == d("2025-10-11")
    # 2024-02-01 + 10 days = 11 Feb (Spring Festival) → 18 Feb (a make-up Sunday).
    assert add_days(d("2024-02-01"), 10) == d("2024-02-18")


def test_provisional_2027_answers_exclude_statutory_holidays() -> None:
    """No 2027 schedule in the package: statute only, flagged provisional, never silent."""
    assert not HolidaySchedule.objects.filter(year=2027).exists()
    info = is_workday_info(d("2027-10-01"))
    assert (info.workday, info.provisional, info.name) == (False, True, "国庆节")
    # 2026-12-31 (Thu) + 1 WD: 1 Jan 2027 is 元旦 → Monday 4 Jan.
    assert add_workdays_info(d("2026-12-31"), 1) == Due(d("2027-01-04"), True)
    # Spring Festival 2027: 5–8 Feb + compensatory 9, 10 Feb.
    assert add_workdays_info(d("2027-02-04"), 1) == Due(d("2027-02-11"), True)
    assert add_days_info(d("2027-04-25"), 7) == Due(d("2027-05-05"), True)
    assert workdays_between_info(d("2027-09-30"), d("2027-10-08")) == calendar.Span(3, True)
    # A period entirely in 2026 is not provisional even though 2027 is not loaded.
    assert not add_workdays_info(d("2026-12-01"), 10).provisional
    # A period that only starts in 2026 but ends in 2027 is.
    assert add_workdays_info(d("2026-12-25"), 5).provisional


def test_unanswerable_years_raise_a_domain_error() -> None:
    with pytest.raises(calendar.CalendarRangeError) as excinfo:
        add_workdays(d("2045-03-01"), 3)
    assert "2045" in excinfo.value.message
    assert excinfo.value.code == "workdays_out_of_range"


def test_cache_is_reused_between_calls(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    is_workday(d("2025-01-02"))
    with django_assert_num_queries(0):
        for n in range(100):
            add_workdays(d("2025-01-02"), n)

"""compute_due for each unit, against the seeded 2025 calendar around National Day.

2025 National Day + Mid-Autumn: 1–8 October off; Sunday 28 September and Saturday 11 October
are make-up working days (国务院办公厅 2024-11-12 notice, seeded from chinesecalendar).
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from zhifa.core.errors import DomainError
from zhifa.deadlines.due import add_months, compute_due
from zhifa.deadlines.tests.conftest import at, d
from zhifa.law.registry import time_limit_spec

pytestmark = pytest.mark.django_db


def test_r_1_2_12_seven_workdays_over_national_day() -> None:
    """R-1.2-12: a penalty decided on Friday 2025-09-26 is published within 7 WD → 2025-10-13."""
    due = compute_due(time_limit_spec("R-1.2-12"), at("2025-09-26 16:30"))
    # 28 Sep (Sun, make-up) 1, 29 Sep 2, 30 Sep 3, [1–8 Oct off], 9 Oct 4, 10 Oct 5,
    # 11 Oct (Sat, make-up) 6, 13 Oct 7.
    assert due.due_date == d("2025-10-13")
    assert due.due_at == at("2025-10-13 23:59:59.999999")
    assert due.unit == "workday" and due.duration == 7
    assert due.start_date == d("2025-09-26")
    assert not due.provisional
    # Warning: the start of the working day 2 working days before the due day (11 Oct is one).
    assert due.due_soon_at == at("2025-10-10 00:00")


def test_r_1_2_11_twenty_workdays() -> None:
    due = compute_due(time_limit_spec("R-1.2-11"), at("2025-09-26 09:00"))
    assert due.due_date == d("2025-10-30")  # 7 WD → 13 Oct, then 13 more


@override_settings(ZHIFA_DUE_SOON_WORKDAYS=3)
def test_due_soon_lead_follows_the_setting() -> None:
    due = compute_due(time_limit_spec("R-1.2-12"), at("2025-09-26 09:00"))
    assert due.due_soon_at == at("2025-10-09 00:00")


def test_r_1_4_13_ten_workdays_review_period() -> None:
    due = compute_due(time_limit_spec("R-1.4-13"), at("2025-09-25 11:00"))
    # 26, 28, 29, 30 Sep, 9, 10, 11, 13, 14, 15 Oct.
    assert due.due_date == d("2025-10-15")


def test_r_2_3_05_calendar_days_ending_on_a_holiday_move_to_the_next_working_day() -> None:
    """R-2.3-05 (3 days) from 28 Sep: the 3rd day is 1 Oct, a holiday → 9 Oct (AMB-G-c)."""
    due = compute_due(time_limit_spec("R-2.3-05"), at("2025-09-28 15:00"))
    assert due.due_date == d("2025-10-09")
    assert due.due_at == at("2025-10-09 23:59:59.999999")
    assert due.due_soon_at == at("2025-09-29 00:00")  # 2 WD before 9 Oct: 30 Sep, 29 Sep


def test_calendar_days_ending_on_a_working_day_stay() -> None:
    due = compute_due(time_limit_spec("R-3.13-10"), at("2025-09-01 10:00"))  # 7 days
    assert due.due_date == d("2025-09-08")


def test_calendar_days_ending_on_a_make_up_saturday_stay() -> None:
    """R-2.3-08 3 days from 8 Oct end on Saturday 11 Oct, a make-up working day."""
    due = compute_due(time_limit_spec("R-2.3-08"), at("2025-10-08 10:00"))
    assert due.due_date == d("2025-10-11")


def test_r_2_3_04_hours_are_exact_instants() -> None:
    due = compute_due(time_limit_spec("R-2.3-04"), at("2025-09-30 10:00"))
    assert due.due_at == at("2025-10-01 10:00")  # holidays do not matter for hours
    assert due.due_date == d("2025-10-01")
    assert due.due_soon_at == at("2025-10-01 05:12")  # 20 % of 24 h left
    assert not due.provisional


def test_r_4_4_03_minutes() -> None:
    due = compute_due(time_limit_spec("R-4.4-03"), at("2025-10-02 08:00"))
    assert due.due_at == at("2025-10-02 08:20")
    assert due.due_soon_at == at("2025-10-02 08:16")


def test_r_3_12_10_month_clamped_to_month_end() -> None:
    """AMB-3.12-d: same date next month, clamped: 31 Jan → 28 Feb 2025 (a Friday)."""
    due = compute_due(time_limit_spec("R-3.12-10"), at("2025-01-31 10:00"))
    assert due.due_date == d("2025-02-28")


def test_month_ending_on_a_holiday_moves_to_the_next_working_day() -> None:
    due = compute_due(time_limit_spec("R-3.12-10"), at("2025-09-01 10:00"))
    assert due.due_date == d("2025-10-09")


def test_r_3_6_06_years_from_a_leap_day() -> None:
    """2 years from 29 Feb 2024 → 28 Feb 2026, a Saturday that the 2026 notice makes a working
    day (Spring Festival make-up)."""
    due = compute_due(time_limit_spec("R-3.6-06"), at("2024-02-29 10:00"))
    assert due.due_date == d("2026-02-28")


def test_add_months() -> None:
    assert add_months(d("2025-01-31"), 1) == d("2025-02-28")
    assert add_months(d("2024-01-31"), 1) == d("2024-02-29")
    assert add_months(d("2025-11-30"), 3) == d("2026-02-28")
    assert add_months(d("2025-12-15"), 1) == d("2026-01-15")
    assert add_months(d("2025-05-31"), 24) == d("2027-05-31")


def test_r_2_6_07_user_set_needs_a_date() -> None:
    spec = time_limit_spec("R-2.6-07")
    with pytest.raises(DomainError) as exc:
        compute_due(spec, at("2025-09-26 10:00"))
    assert exc.value.code == "due_required"
    due = compute_due(spec, at("2025-09-26 10:00"), due_at=d("2025-10-05"))
    # Taken as set, even on a holiday (a person chose it).
    assert due.due_date == d("2025-10-05")
    assert due.due_at == at("2025-10-05 23:59:59.999999")


def test_user_set_due_before_start_is_refused() -> None:
    with pytest.raises(DomainError) as exc:
        compute_due(time_limit_spec("R-2.6-07"), at("2025-09-26"), due_at=d("2025-09-20"))
    assert exc.value.code == "due_before_start"


def test_statutory_period_refuses_a_hand_set_date() -> None:
    with pytest.raises(DomainError) as exc:
        compute_due(time_limit_spec("R-1.2-12"), at("2025-09-26"), due_at=d("2025-10-30"))
    assert exc.value.code == "due_not_allowed"


def test_override_duration_amb_g_e() -> None:
    """AMB-G-e: an item's own period replaces the 7 WD of R-1.2-12."""
    due = compute_due(time_limit_spec("R-1.2-12"), at("2025-09-26 10:00"), override_duration=5)
    assert due.due_date == d("2025-10-10")
    assert due.duration == 5
    with pytest.raises(DomainError):
        compute_due(time_limit_spec("R-1.2-12"), at("2025-09-26"), override_duration=0)


def test_r_2_2_02_urgent_period_is_24_hours() -> None:
    spec = time_limit_spec("R-2.2-02")
    normal = compute_due(spec, at("2025-09-30 09:00"))
    assert normal.due_date == d("2025-10-11")  # 3 WD: 9 Oct, 10 Oct, Saturday 11 Oct (make-up)
    urgent = compute_due(spec, at("2025-09-30 09:00"), urgent=True)
    assert urgent.unit == "hour"
    assert urgent.due_at == at("2025-10-01 09:00")
    with pytest.raises(DomainError) as exc:
        compute_due(time_limit_spec("R-1.2-12"), at("2025-09-30"), urgent=True)
    assert exc.value.code == "no_urgent_period"


def test_paused_workdays_and_extensions_are_added_before_the_end_is_found() -> None:
    spec = time_limit_spec("R-1.4-13")
    base = compute_due(spec, at("2025-09-25 11:00"))
    paused = compute_due(spec, at("2025-09-25 11:00"), paused=2)
    extended = compute_due(spec, at("2025-09-25 11:00"), extended=10)
    assert base.due_date == d("2025-10-15")
    assert paused.due_date == d("2025-10-17")
    assert extended.due_date == d("2025-10-29")


def test_calendar_day_extension_rolls_once() -> None:
    """R-4.2-10 (30 days) + R-4.2-11 extension of 30 days: 60 days counted, then the rest-day
    rule once (not: roll at 30, then add 30)."""
    spec = time_limit_spec("R-4.2-10")
    due = compute_due(spec, at("2025-08-02 10:00"), extended=30)
    # 2 Aug + 60 days = 1 Oct (holiday) → 9 Oct.
    assert due.due_date == d("2025-10-09")


def test_a_period_reaching_an_unloaded_year_is_provisional() -> None:
    due = compute_due(time_limit_spec("R-1.2-12"), at("2026-12-24 10:00"))
    assert due.due_date == d("2027-01-05")
    assert due.provisional


def test_naive_start_is_refused() -> None:
    import datetime as dt

    with pytest.raises(DomainError) as exc:
        compute_due(time_limit_spec("R-1.2-12"), dt.datetime(2025, 9, 26, 10, 0))  # noqa: DTZ001
    assert exc.value.code == "naive_datetime"


def test_a_date_start_is_the_start_of_that_day() -> None:
    due = compute_due(time_limit_spec("R-1.2-12"), d("2025-09-26"))
    assert due.due_date == d("2025-10-13")

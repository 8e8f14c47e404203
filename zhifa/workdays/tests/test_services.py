"""holiday_schedule_save: loading a year's notice (AMB-G-b: the schedule is maintained data)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.ledger.models import LedgerEntry
from zhifa.workdays import calendar
from zhifa.workdays.calendar import Due, add_workdays_info, is_workday, is_workday_info
from zhifa.workdays.constants import LEDGER_ACTION_SCHEDULE_SAVE
from zhifa.workdays.models import CalendarDay, CalendarVersion, HolidaySchedule
from zhifa.workdays.services import HolidayRange, MakeupWorkday, holiday_schedule_save
from zhifa.workdays.signals import schedule_loaded
from zhifa.workdays.tests.conftest import SCHEDULE_2027, d

pytestmark = pytest.mark.django_db


def save_2027(actor, **overrides):  # type: ignore[no-untyped-def]
    return holiday_schedule_save(actor=actor, **{**SCHEDULE_2027, **overrides})


def test_loading_2027_makes_answers_final_and_invalidates_the_cache(sysadmin) -> None:  # type: ignore[no-untyped-def]
    # Before: provisional, statutory only (1 Jan off, 2–3 Jan are a weekend).
    assert add_workdays_info(d("2026-12-31"), 1) == Due(d("2027-01-04"), True)
    assert not is_workday(d("2027-02-10"))  # statutory 补假 for the Spring Festival weekend
    assert is_workday(d("2027-02-11"))
    before = calendar.current_calendar()
    version = CalendarVersion.objects.get(pk=1).version

    received = []

    def receiver(sender, **kwargs):  # type: ignore[no-untyped-def]
        received.append(kwargs)
        # Receivers already see the new schedule.
        assert not calendar.is_workday_info(d("2027-02-12")).workday
        assert not calendar.is_workday_info(d("2027-02-12")).provisional

    schedule_loaded.connect(receiver)
    try:
        schedule = save_2027(sysadmin)
    finally:
        schedule_loaded.disconnect(receiver)

    assert received == [
        {"signal": schedule_loaded, "year": 2027, "schedule": schedule, "created": True}
    ]
    assert CalendarVersion.objects.get(pk=1).version == version + 1
    assert calendar.current_calendar() is not before
    assert add_workdays_info(d("2026-12-31"), 1) == Due(d("2027-01-04"), False)
    # The notice's make-up Saturday 20 Feb is now a working day, 11–12 Feb are days off.
    assert is_workday(d("2027-02-20"))
    assert not is_workday(d("2027-02-12"))
    assert is_workday_info(d("2027-10-09")).kind == "makeup_workday"
    # And no statutory 补假 remains where the notice did not give one: 2027-10-08 is Friday, working.
    assert is_workday(d("2027-10-08"))
    assert add_workdays_info(d("2027-09-30"), 2) == Due(d("2027-10-09"), False)  # 8 Oct, Sat 9 Oct
    # 2028 is still provisional.
    assert add_workdays_info(d("2027-12-30"), 2).provisional


def test_saving_writes_rows_and_a_ledger_entry(sysadmin) -> None:  # type: ignore[no-untyped-def]
    schedule = save_2027(sysadmin, published_at=d("2026-11-10"), source_url="https://www.gov.cn/x")
    assert schedule.updated_by == sysadmin
    assert schedule.origin == "notice"
    assert schedule.days.filter(kind="holiday").count() == 3 + 8 + 3 + 5 + 1 + 1 + 7
    assert schedule.days.filter(kind="makeup_workday").count() == 4
    entry = LedgerEntry.objects.filter(action=LEDGER_ACTION_SCHEDULE_SAVE).latest("seq")
    assert entry.subject_type == "workdays.holidayschedule"
    assert entry.subject_id == str(schedule.pk)
    assert entry.actor_id == sysadmin.pk
    payload = json.loads(entry.payload)
    assert payload["year"] == 2027
    assert payload["created"] is True
    assert payload["makeup_workdays"][0] == ["2027-02-20", "春节"]
    assert payload["previous"] is None


def test_replacing_a_year_keeps_one_schedule_and_records_the_previous_days(sysadmin) -> None:  # type: ignore[no-untyped-def]
    save_2027(sysadmin)
    schedule = save_2027(
        sysadmin,
        holidays=[(d("2027-01-01"), "元旦")],
        makeup_workdays=[],
        source="更正通知",
    )
    assert HolidaySchedule.objects.filter(year=2027).count() == 1
    assert list(schedule.days.values_list("date", flat=True)) == [d("2027-01-01")]
    assert is_workday(d("2027-02-20")) is False  # Saturday, no longer a make-up day
    assert is_workday(d("2027-02-12"))  # no longer a holiday, and 2027 is loaded: no statute


def test_replacing_a_seeded_year(sysadmin) -> None:  # type: ignore[no-untyped-def]
    schedule = HolidaySchedule.objects.get(year=2025)
    holiday_schedule_save(
        actor=sysadmin,
        year=2025,
        holidays=[HolidayRange(d("2025-09-03"), d("2025-09-03"), "纪念日")],
        makeup_workdays=[],
        source="测试",
    )
    schedule.refresh_from_db()
    assert schedule.origin == "notice"
    assert not is_workday(d("2025-09-03"))
    assert is_workday(d("2025-10-08"))


def test_makeup_without_name_takes_the_nearest_holiday(sysadmin) -> None:  # type: ignore[no-untyped-def]
    save_2027(sysadmin, makeup_workdays=[d("2027-09-26"), d("2027-02-20")])
    names = dict(
        CalendarDay.objects.filter(kind="makeup_workday")
        .filter(date__year=2027)
        .values_list("date", "name")
    )
    assert names == {d("2027-09-26"): "国庆节", d("2027-02-20"): "春节"}


def test_days_in_december_of_the_previous_year_are_accepted(sysadmin) -> None:  # type: ignore[no-untyped-def]
    """Like the 2019 notice, which declared 2018-12-29 (Sat) a working day and 12-30/31 off."""
    save_2027(
        sysadmin,
        holidays=[HolidayRange(d("2026-12-31"), d("2027-01-01"), "元旦")],
        makeup_workdays=[MakeupWorkday(d("2026-12-26"), "元旦")],
    )
    assert not is_workday(d("2026-12-31"))
    assert is_workday(d("2026-12-26"))
    # 2026 stays a loaded year with its own schedule.
    assert not is_workday_info(d("2026-12-31")).provisional


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"year": 1999}, "year", "invalid_year"),
        ({"source": "  "}, "source", "source_missing"),
        ({"holidays": []}, "holidays", "holidays_missing"),
        (
            {"holidays": [(d("2027-10-01"), d("2027-10-07"), "")]},
            "holidays",
            "holiday_name_missing",
        ),
        ({"holidays": [(d("2027-10-07"), d("2027-10-01"), "国庆节")]}, "holidays", "invalid_range"),
        ({"holidays": [(d("2027-10-01"), d("2027-10-20"), "国庆节")]}, "holidays", "invalid_range"),
        (
            {"holidays": [(d("2028-10-01"), d("2028-10-07"), "国庆节")]},
            "holidays",
            "date_outside_year",
        ),
        (
            {
                "holidays": [
                    (d("2027-10-01"), d("2027-10-07"), "国庆节"),
                    (d("2027-10-06"), "中秋节"),
                ]
            },
            "holidays",
            "duplicate_date",
        ),
        (
            {"makeup_workdays": [(d("2027-09-27"), "国庆节")]},
            "makeup_workdays",
            "makeup_not_weekend",
        ),
        ({"makeup_workdays": [(d("2027-10-02"), "国庆节")]}, "makeup_workdays", "duplicate_date"),
        (
            {"makeup_workdays": [d("2027-09-26"), d("2027-09-26")]},
            "makeup_workdays",
            "duplicate_date",
        ),
        ({"published_at": dt.date(2099, 1, 1)}, "published_at", "invalid_date"),
    ],
)
def test_bad_input_is_refused_with_the_field(sysadmin, overrides, field, code) -> None:  # type: ignore[no-untyped-def]
    version = CalendarVersion.objects.get(pk=1).version
    with pytest.raises(DomainError) as excinfo:
        save_2027(sysadmin, **overrides)
    assert (excinfo.value.field, excinfo.value.code) == (field, code)
    assert excinfo.value.message
    assert not HolidaySchedule.objects.filter(year=2027).exists()
    assert CalendarVersion.objects.get(pk=1).version == version


@pytest.mark.parametrize("who", ["officer_a", "head", "supervisor", "leader"])
def test_only_a_system_administrator_may_save(people, who) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        save_2027(getattr(people, who))
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_the_system_may_save_without_an_actor() -> None:
    schedule = save_2027(None)
    assert schedule.updated_by is None
    assert LedgerEntry.objects.filter(action=LEDGER_ACTION_SCHEDULE_SAVE, actor_id=None).exists()

"""The per-process calendar cache: reloads when the version row changes, also across processes."""

from __future__ import annotations

import pytest
from django.db import transaction

from zhifa.workdays import calendar
from zhifa.workdays.calendar import is_workday
from zhifa.workdays.models import CalendarDay, CalendarVersion, HolidaySchedule
from zhifa.workdays.services import holiday_schedule_save
from zhifa.workdays.tests.conftest import SCHEDULE_2027, d

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(calendar.time, "monotonic", fake)
    return fake


def write_like_another_process() -> None:
    """What another process's committed ``holiday_schedule_save`` leaves in the database."""
    schedule = HolidaySchedule.objects.get(year=2025)
    CalendarDay.objects.create(
        schedule=schedule, date=d("2025-09-03"), kind="holiday", name="纪念日"
    )
    CalendarVersion.objects.filter(pk=1).update(version=999)


def test_another_process_change_is_seen_after_the_check_interval(
    clock: Clock, settings, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    settings.ZHIFA_WORKDAYS_CACHE_SECONDS = 10
    assert is_workday(d("2025-09-03"))
    write_like_another_process()
    clock.now += 5
    with django_assert_num_queries(0):
        assert is_workday(d("2025-09-03"))  # still the old calendar: no query inside the interval
    clock.now += 6
    assert not is_workday(d("2025-09-03"))
    assert calendar.current_calendar().version == 999


def test_unchanged_version_costs_one_query_per_interval(
    clock: Clock, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    first = calendar.current_calendar()
    clock.now += 60
    with django_assert_num_queries(1):
        assert calendar.current_calendar() is first


def test_a_rolled_back_save_is_forgotten(sysadmin, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    assert not is_workday(d("2027-05-03"))  # statutory 补假, provisional
    with pytest.raises(RuntimeError), transaction.atomic():
        holiday_schedule_save(actor=sysadmin, **SCHEDULE_2027)
        assert not is_workday(d("2027-05-03"))  # notice: 1–5 May off
        assert is_workday(d("2027-04-25"))  # make-up Sunday
        raise RuntimeError("roll back")
    # Same instant, no interval passed: the cache still notices the rollback.
    assert not is_workday(d("2027-04-25"))
    assert calendar.is_workday_info(d("2027-05-03")).provisional


def test_commit_invalidates_again(sysadmin, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        holiday_schedule_save(actor=sysadmin, **SCHEDULE_2027)
    assert callbacks
    assert is_workday(d("2027-04-25"))
    assert not calendar.is_workday_info(d("2027-04-25")).provisional

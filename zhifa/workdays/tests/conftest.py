"""Fixtures for the working-day calendar tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from zhifa.workdays import calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    """Each test starts and ends with an empty per-process calendar cache."""
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def sysadmin(people):  # type: ignore[no-untyped-def]
    people.admin.is_staff = True
    people.admin.save(update_fields=["is_staff"])
    return people.admin


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# The 2027 schedule as a test notice (made-up but plausible; the real one is not in the package).
SCHEDULE_2027 = {
    "year": 2027,
    "holidays": [
        (d("2027-01-01"), d("2027-01-03"), "元旦"),
        (d("2027-02-05"), d("2027-02-12"), "春节"),
        (d("2027-04-03"), d("2027-04-05"), "清明节"),
        (d("2027-05-01"), d("2027-05-05"), "劳动节"),
        (d("2027-06-09"), d("2027-06-09"), "端午节"),
        (d("2027-09-15"), d("2027-09-15"), "中秋节"),
        (d("2027-10-01"), d("2027-10-07"), "国庆节"),
    ],
    "makeup_workdays": [
        (d("2027-02-20"), "春节"),
        (d("2027-04-25"), "劳动节"),
        (d("2027-09-26"), "国庆节"),
        (d("2027-10-09"), "国庆节"),
    ],
    "source": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
}

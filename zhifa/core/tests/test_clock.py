"""The clock: aware instants in Asia/Shanghai, and replaying a past moment (the demo's history)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from zhifa.core import clock


def test_as_of_replays_a_moment_and_the_clock_runs_on_from_there() -> None:
    then = dt.datetime(2026, 3, 5, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with clock.as_of(then):
        first = clock.now()
        assert abs(first - then) < dt.timedelta(seconds=5)
        assert clock.today() == dt.date(2026, 3, 5)
        assert clock.now() >= first
    assert clock.now() - then > dt.timedelta(days=1)
    with pytest.raises(ValueError), clock.as_of(dt.datetime(2026, 3, 5)):  # noqa: DTZ001
        pass


def test_today_is_the_county_date_not_utc() -> None:
    late = dt.datetime(2026, 3, 5, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with clock.as_of(late):
        assert clock.today() == dt.date(2026, 3, 5)
        assert clock.now().astimezone(dt.UTC).date() == dt.date(2026, 3, 5)

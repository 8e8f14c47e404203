"""Fixtures for the deadline engine: subjects to hang obligations on, a fresh calendar cache."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from zhifa.workdays import calendar

TZ = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    calendar.invalidate()
    yield
    calendar.invalidate()


def at(text: str) -> dt.datetime:
    """An aware instant in Asia/Shanghai from ``"2025-09-26 10:00"`` or ``"2025-09-26"``."""
    if len(text) == 10:
        text += " 00:00"
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def make_entity(name: str = "临猗县某某商贸有限公司"):  # type: ignore[no-untyped-def]
    from zhifa.subjects.models import MarketEntity

    n = next(_seq)
    return MarketEntity.objects.create(name=f"{name}{n}", uscc=f"91140821MA{n:07d}X")


@pytest.fixture
def entity(db):  # type: ignore[no-untyped-def]
    return make_entity()


def open_obligation(*, now: dt.datetime | None = None, **kwargs):  # type: ignore[no-untyped-def]
    """obligation_open with test defaults (R-1.2-12, a new subject), opened at ``now`` (default:
    one minute after the start, as a service reacting to the event would)."""
    import time_machine

    from zhifa.deadlines.services import obligation_open

    kwargs.setdefault("rule_id", "R-1.2-12")
    kwargs.setdefault("subject", make_entity())
    kwargs.setdefault("start_at", at("2025-09-26 10:00"))
    start = kwargs["start_at"]
    if now is None:
        now = (start if isinstance(start, dt.datetime) else at(start.isoformat())) + dt.timedelta(
            minutes=1
        )
    with time_machine.travel(now, tick=False):
        return obligation_open(**kwargs)

"""The one place that asks what time it is: timezone-aware, Asia/Shanghai."""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

# Set only by :func:`as_of` (the demo county replays its history through the services).
_offset: contextvars.ContextVar[dt.timedelta | None] = contextvars.ContextVar(
    "zhifa_clock_offset", default=None
)


def now() -> dt.datetime:
    """The current instant, timezone-aware."""
    offset = _offset.get()
    return timezone.now() if offset is None else timezone.now() + offset


def today() -> dt.date:
    """Today's date in the county (Asia/Shanghai), not in UTC."""
    return timezone.localtime(now()).date()


@contextmanager
def as_of(instant: dt.datetime) -> Iterator[None]:
    """Run the enclosed code as if it were ``instant`` (and the clock ran on from there).

    For replaying a history through the services — the demo county's cases are made this way,
    so that their steps lie days apart like real ones. Never used on a request path.
    """
    if timezone.is_naive(instant):
        raise ValueError("as_of needs an aware datetime")
    token = _offset.set(instant - timezone.now())
    try:
        yield
    finally:
        _offset.reset(token)


def local(instant: dt.datetime) -> dt.datetime:
    """An aware instant expressed in the county's time zone."""
    return timezone.localtime(instant)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the county (23:59:59.999999 local time)."""
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time.max).replace(tzinfo=tz)


def start_of_day(day: dt.date) -> dt.datetime:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time.min).replace(tzinfo=tz)

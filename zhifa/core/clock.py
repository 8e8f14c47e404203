"""The one place that asks what time it is: timezone-aware, Asia/Shanghai."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current instant, timezone-aware."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in the county (Asia/Shanghai), not in UTC."""
    return timezone.localdate()


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

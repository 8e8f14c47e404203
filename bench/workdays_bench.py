"""Working-day arithmetic: calls per second of ``zhifa.workdays.calendar`` against chinesecalendar.

    DJANGO_SETTINGS_MODULE=config.settings .venv/bin/python -m bench.workdays_bench [--seconds 1]

Runs against the configured database (``ZHIFA_DATABASE_URL`` / ``ZHIFA_DATA_DIR``) after migrating
it (the seed migration loads the schedules; nothing is written). Inputs are random start dates in
2019 to August 2026 and periods of 1–60 days, the same for every function. Prints one line per figure,
``<name>: <N> calls/s``, plus the time to build the calendar from the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _rate(
    name: str,
    func: Callable[[dt.date, int], object],
    inputs: list[tuple[dt.date, int]],
    seconds: float,
) -> float:
    calls = 0
    size = len(inputs)
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        for i in range(1000):
            day, n = inputs[(calls + i) % size]
            func(day, n)
        calls += 1000
    rate = calls / (time.perf_counter() - start)
    print(f"{name}: {rate:,.0f} calls/s", flush=True)
    return rate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="workdays_bench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="measuring time per figure")
    parser.add_argument("--no-migrate", action="store_true", help="the database is migrated")
    args = parser.parse_args(argv)
    if args.seconds <= 0:
        parser.error("--seconds must be > 0")
    _setup()

    import chinese_calendar
    from django.core.management import call_command

    from zhifa.workdays import calendar

    if not args.no_migrate:
        call_command("migrate", verbosity=0)

    rng = random.Random(20250926)
    first, last = dt.date(2019, 1, 1).toordinal(), dt.date(2026, 8, 31).toordinal()
    inputs = [
        (dt.date.fromordinal(rng.randint(first, last)), rng.randint(1, 60)) for _ in range(10_000)
    ]

    calendar.invalidate()
    start = time.perf_counter()
    calendar.current_calendar()
    print(f"workdays.load_calendar: {(time.perf_counter() - start) * 1000:.1f} ms", flush=True)

    # Sanity: the two libraries agree where they should (a working start day).
    for day, n in inputs[:2000]:
        if chinese_calendar.is_workday(day):
            assert calendar.add_workdays(day, n) == chinese_calendar.find_workday(n, day), (day, n)

    ours = _rate("workdays.add_workdays", calendar.add_workdays, inputs, args.seconds)
    _rate("workdays.add_workdays_info", calendar.add_workdays_info, inputs, args.seconds)
    _rate("workdays.add_days", calendar.add_days, inputs, args.seconds)
    _rate("workdays.is_workday", lambda day, n: calendar.is_workday(day), inputs, args.seconds)
    _rate(
        "workdays.workdays_between",
        lambda day, n: calendar.workdays_between(day, day + dt.timedelta(days=n)),
        inputs,
        args.seconds,
    )
    theirs = _rate(
        "chinese_calendar.find_workday",
        lambda day, n: chinese_calendar.find_workday(n, day),
        inputs,
        args.seconds,
    )
    _rate(
        "chinese_calendar.is_workday",
        lambda day, n: chinese_calendar.is_workday(day),
        inputs,
        args.seconds,
    )
    print(
        f"workdays.add_workdays / chinese_calendar.find_workday: {ours / theirs:.0f}x", flush=True
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One set-based deadline scan over N open obligations (default 1,000,000).

    .venv/bin/python -m bench.deadlines_bench [--n 1000000] [--lag-hours 24] [--keep]

Runs against the configured database (``ZHIFA_DATABASE_URL`` / ``ZHIFA_DATA_DIR``) after migrating
it; point it at a scratch database. It

1. creates 20 bench units (with unit heads) and 200 bench officers, once;
2. inserts N open obligations (PostgreSQL: ``COPY``, then ``VACUUM ANALYZE`` as autovacuum would;
   SQLite: ``bulk_create`` in batches), timed separately. Starts are spread over the last 30 days with the periods of R-1.2-12, R-1.2-11,
   R-1.4-13, R-2.6-05 (working days) and R-4.2-10 (calendar days), due dates from the real
   calendar. Each row is in the state it had at the previous scan, ``--lag-hours`` ago (default
   24: the worker was down for a day), so the rows whose warning or due time fell in that window
   are left for this pass to move and notify — a realistic fraction, printed below;
3. times ``deadlines_scan()`` and prints ``deadlines.scan: N obligations in X.XX s``, then two
   steady-state passes a minute apart (nothing left to move);
4. deletes its rows (unless ``--keep``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import Counter


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


BENCH_SUBJECT = "bench.item"
RULES = (  # rule id, share
    ("R-1.2-12", 40),
    ("R-1.2-11", 20),
    ("R-1.4-13", 15),
    ("R-2.6-05", 10),
    ("R-4.2-10", 15),
)
COLUMNS = (
    "subject_type",
    "subject_id",
    "subject_label",
    "rule_id",
    "organisation_id",
    "responsible_id",
    "label",
    "unit",
    "duration",
    "urgent",
    "override_basis",
    "lapses",
    "start_at",
    "start_date",
    "due_at",
    "due_date",
    "due_soon_at",
    "provisional",
    "paused_total",
    "extended_total",
    "state",
    "closed_reason",
    "due_soon_notified_at",
    "overdue_notified_at",
    "created_at",
    "updated_at",
)


def _people():  # type: ignore[no-untyped-def]
    from zhifa.accounts.constants import OrganisationKind, Role
    from zhifa.accounts.models import Organisation, User, UserRole

    root, _ = Organisation.objects.get_or_create(
        code="bench-root",
        defaults={"name": "基准测试县", "kind": OrganisationKind.COUNTY_GOVERNMENT},
    )
    if root.path != f"/{root.pk}/":
        root.path = f"/{root.pk}/"
        root.save(update_fields=["path"])
    units = []
    for i in range(20):
        org, _ = Organisation.objects.get_or_create(
            code=f"bench-unit-{i}",
            defaults={
                "name": f"基准测试单位{i}",
                "kind": OrganisationKind.TOWNSHIP_TEAM,
                "parent": root,
            },
        )
        path = f"{root.path}{org.pk}/"
        if org.path != path:
            org.path = path
            org.save(update_fields=["path"])
        units.append(org)
        head, created = User.objects.get_or_create(
            username=f"bench-head-{i}", defaults={"full_name": f"负责人{i}", "organisation": org}
        )
        if created:
            UserRole.objects.create(user=head, role=Role.UNIT_HEAD)
    officers: dict[int, list[int]] = {u.pk: [] for u in units}
    for i in range(200):
        org = units[i % 20]
        user, _ = User.objects.get_or_create(
            username=f"bench-officer-{i}",
            defaults={"full_name": f"执法人员{i}", "organisation": org},
        )
        officers[org.pk].append(user.pk)
    return units, officers


class _Plan:
    """Everything the rows need from the database, read before the COPY starts (the connection
    is busy during a COPY), and the state counts of what was generated."""

    def __init__(self, now: dt.datetime, lag: dt.timedelta) -> None:
        from zhifa.core import clock
        from zhifa.deadlines.due import compute_due
        from zhifa.law.registry import time_limit_spec

        self.units, self.officers = _people()
        specs = {rule: time_limit_spec(rule) for rule, _ in RULES}
        self.labels = {rule: spec.fulfilled_text for rule, spec in specs.items()}
        self.today = clock.local(now).date()
        self.dates = {
            (rule, day): compute_due(specs[rule], clock.start_of_day(day) + dt.timedelta(hours=9))
            for rule, _ in RULES
            for day in (self.today - dt.timedelta(days=k) for k in range(31))
        }
        self.starts = {day: clock.start_of_day(day) for _, day in self.dates}
        self.now = now
        self.previous_scan = now - lag
        self.states: Counter[str] = Counter()
        self.pending: Counter[str] = Counter()


def _generate(n: int, plan: _Plan, seed: int):  # type: ignore[no-untyped-def]
    """Yield rows (tuples in COLUMNS order); no database access."""
    from zhifa.deadlines.constants import ObligationState as S

    rng = random.Random(seed)
    weights = [w for _, w in RULES]
    rules = [r for r, _ in RULES]
    previous_scan = plan.previous_scan
    for i in range(n):
        rule = rng.choices(rules, weights)[0]
        start_date = plan.today - dt.timedelta(days=rng.randint(0, 30))
        dates = plan.dates[(rule, start_date)]
        start_at = plan.starts[start_date] + dt.timedelta(minutes=480 + i % 540)
        org = plan.units[i % 20]
        responsible = rng.choice(plan.officers[org.pk]) if rng.random() < 0.8 else None
        # The state as of the previous scan (``lag`` ago), with its notices sent.
        if dates.due_at < previous_scan:
            state, soon_sent, over_sent = S.OVERDUE, previous_scan, previous_scan
        elif dates.due_soon_at <= previous_scan:
            state, soon_sent, over_sent = S.DUE_SOON, previous_scan, None
        else:
            state, soon_sent, over_sent = S.RUNNING, None, None
        plan.states[state] += 1
        if state != S.OVERDUE and dates.due_at < plan.now:
            plan.pending["overdue"] += 1
        elif state == S.RUNNING and dates.due_soon_at <= plan.now:
            plan.pending["due_soon"] += 1
        yield (
            BENCH_SUBJECT,
            str(i),
            f"基准测试对象{i}",
            rule,
            org.pk,
            responsible,
            plan.labels[rule],
            dates.unit,
            dates.duration,
            False,
            "",
            False,
            start_at,
            start_date,
            dates.due_at,
            dates.due_date,
            dates.due_soon_at,
            dates.provisional,
            0,
            0,
            state.value,
            "",
            soon_sent,
            over_sent,
            start_at,
            previous_scan,
        )


def _copy_postgres(rows) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    from zhifa.deadlines.models import Obligation

    table = Obligation._meta.db_table
    sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _bulk_create(rows, batch: int = 5000) -> None:  # type: ignore[no-untyped-def]
    from zhifa.deadlines.models import Obligation

    chunk = []
    for row in rows:
        values = dict(zip(COLUMNS, row, strict=True))
        chunk.append(Obligation(**values))
        if len(chunk) >= batch:
            Obligation.objects.bulk_create(chunk)
            chunk = []
    if chunk:
        Obligation.objects.bulk_create(chunk)


def _cleanup() -> float:
    from django.db import connection

    from zhifa.deadlines.models import Obligation
    from zhifa.inbox.models import Message

    started = time.perf_counter()
    Message.objects.filter(recipient__username__startswith="bench-").delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {Obligation._meta.db_table} WHERE subject_type = %s",  # noqa: S608
                [BENCH_SUBJECT],
            )
    else:
        Obligation.objects.filter(subject_type=BENCH_SUBJECT).delete()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deadlines_bench", description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000, help="open obligations to insert")
    parser.add_argument("--lag-hours", type=float, default=24.0, help="time since the last scan")
    parser.add_argument("--seed", type=int, default=20251013)
    parser.add_argument("--keep", action="store_true", help="leave the rows in the database")
    parser.add_argument("--no-migrate", action="store_true", help="the database is migrated")
    args = parser.parse_args(argv)
    if args.n < 1 or args.lag_hours < 0:
        parser.error("--n must be ≥ 1 and --lag-hours ≥ 0")
    _setup()

    from django.core.management import call_command
    from django.db import connection, transaction

    from zhifa.core import clock
    from zhifa.deadlines.constants import OPEN_STATES
    from zhifa.deadlines.models import Obligation
    from zhifa.deadlines.scan import deadlines_scan

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    removed = _cleanup()
    if removed > 1:
        print(f"removed earlier bench rows in {removed:.2f} s")

    now = clock.now()
    print(f"database: {connection.vendor}; generating {args.n:,} open obligations …", flush=True)
    started = time.perf_counter()
    plan = _Plan(now, dt.timedelta(hours=args.lag_hours))
    rows = _generate(args.n, plan, args.seed)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy_postgres(rows)
        else:
            _bulk_create(rows)
    # A live table is kept vacuumed and analysed by autovacuum (migration 0003 tunes it); a
    # freshly loaded one is not, so settle it first: the figure is the scan's, not the first
    # visit's hint-bit writes.
    with connection.cursor() as cursor:
        table = Obligation._meta.db_table
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute(f"ANALYZE {table}")
    generated = time.perf_counter() - started
    states, pending = plan.states, plan.pending
    open_total = Obligation.objects.filter(state__in=sorted(OPEN_STATES)).count()
    print(
        f"generated in {generated:.2f} s: states as of the last scan "
        f"{ {str(k): v for k, v in sorted(states.items())} }; left for this pass: overdue {pending['overdue']:,}, "
        f"due soon {pending['due_soon']:,} (lag {args.lag_hours:g} h)",
        flush=True,
    )

    # A running worker has its URL configuration loaded after its first pass; load it here too
    # so the figure is the scan's, not Django's one-time import of every app's urls and API.
    from django.urls import reverse

    reverse("deadlines:board")
    result = deadlines_scan(now=now)
    print(
        f"deadlines.scan: {open_total:,} obligations in {result.took_seconds:.2f} s "
        f"(moved: due soon {result.due_soon:,}, overdue {result.overdue:,}; "
        f"notices {result.notified:,})",
        flush=True,
    )
    # The next passes move nothing; the first of them still steps over the index entries the
    # catch-up pass left dead (and marks them), later ones do not.
    for minute in (1, 2):
        steady = deadlines_scan(now=now + dt.timedelta(minutes=minute))
        print(
            f"deadlines.scan (pass {minute + 1}, {minute} min later): {open_total:,} obligations "
            f"in {steady.took_seconds:.3f} s (moved {steady.changed:,})",
            flush=True,
        )
    if not args.keep:
        print(f"cleaned up in {_cleanup():.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

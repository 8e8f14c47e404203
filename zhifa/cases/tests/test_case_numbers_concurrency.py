"""Case numbers under concurrent filing (R-1.9-04): officers filing at the same instant get
distinct, gap-free numbers 1..N — threads with their own connections on SQLite (a file test
database) and PostgreSQL, and several processes with threads on one SQLite WAL file."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from zhifa.accounts.tests.factories import OrganisationFactory
from zhifa.cases.models import CaseNumberSequence
from zhifa.cases.services.numbering import case_number_allocate

THREADS = 8
PER_THREAD = 15


def _skip_if_sqlite_in_memory() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads cannot share an in-memory SQLite test database")


def _run_threads(work, n_threads: int = THREADS) -> list[BaseException]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(n_threads)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except BaseException as exc:  # noqa: BLE001 — reported to the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    return errors


@pytest.mark.django_db(transaction=True)
def test_r_1_9_04_concurrent_filers_get_distinct_gap_free_numbers() -> None:
    _skip_if_sqlite_in_memory()
    unit = OrganisationFactory(document_prefix="临猗市监罚")
    other = OrganisationFactory(document_prefix="猗氏镇执罚")
    taken: list[tuple[int, str]] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        for _ in range(PER_THREAD):
            target = other if n % 4 == 3 else unit  # two units filing in parallel
            with transaction.atomic():
                number = case_number_allocate(organisation=target, year=2026)
            with lock:
                taken.append((target.pk, number.text))

    assert _run_threads(work) == []
    unit_texts = [t for pk, t in taken if pk == unit.pk]
    other_texts = [t for pk, t in taken if pk == other.pk]
    assert sorted(unit_texts) == sorted(
        f"临猗市监罚〔2026〕{i}号" for i in range(1, len(unit_texts) + 1)
    )
    assert sorted(other_texts) == sorted(
        f"猗氏镇执罚〔2026〕{i}号" for i in range(1, len(other_texts) + 1)
    )
    assert len(unit_texts) + len(other_texts) == THREADS * PER_THREAD
    assert CaseNumberSequence.objects.get(organisation=unit).last == len(unit_texts)


@pytest.mark.django_db(transaction=True)
def test_r_1_9_04_concurrent_filings_with_rollbacks_stay_gap_free() -> None:
    """Some filings fail after taking their number; the numbers of the committed filings are
    still exactly 1..N (a rolled-back number goes to the next filer)."""
    _skip_if_sqlite_in_memory()
    unit = OrganisationFactory(document_prefix="临猗市监罚")
    committed: list[int] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        for i in range(6):
            try:
                with transaction.atomic():
                    # A filing reads before it takes its number (on SQLite a DEFERRED
                    # transaction could then not upgrade to a writer: "database is locked").
                    fresh = type(unit).objects.get(pk=unit.pk)
                    number = case_number_allocate(organisation=fresh, year=2026)
                    # Other work of the filing, while the sequence is held.
                    CaseNumberSequence.objects.filter(organisation=fresh).count()
                    if (n + i) % 3 == 0:
                        raise ValueError("the filing failed")
            except ValueError:
                continue
            with lock:
                committed.append(number.serial)

    assert _run_threads(work) == []
    assert sorted(committed) == list(range(1, len(committed) + 1))
    assert len(committed) == sum(1 for n in range(THREADS) for i in range(6) if (n + i) % 3)
    assert CaseNumberSequence.objects.get(organisation=unit).last == len(committed)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_commits", [True, False])
def test_r_1_9_04_second_filer_waits_for_the_first_to_finish(first_commits: bool) -> None:
    """Verified, not assumed: while the first filing's transaction is open, the second filer of
    the same sequence is blocked (PostgreSQL: the upsert's row lock; SQLite: BEGIN IMMEDIATE);
    it then gets 2 if the first committed, or 1 if the first rolled back."""
    _skip_if_sqlite_in_memory()
    unit = OrganisationFactory(document_prefix="临猗市监罚")
    first_holds = threading.Event()
    release_first = threading.Event()
    second_done = threading.Event()
    results: dict[str, int] = {}
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = case_number_allocate(organisation=unit, year=2026).serial
                first_holds.set()
                release_first.wait(30)
                if not first_commits:
                    raise LookupError("rolled back")
        except LookupError:
            pass
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_holds.wait(30)
            with transaction.atomic():
                results["second"] = case_number_allocate(organisation=unit, year=2026).serial
            second_done.set()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    t1 = threading.Thread(target=first)
    t2 = threading.Thread(target=second)
    t1.start()
    t2.start()
    assert first_holds.wait(30)
    time.sleep(0.5)
    blocked = not second_done.is_set()
    release_first.set()
    t1.join(30)
    t2.join(30)
    assert errors == []
    assert blocked, "the second filer got a number while the first filing was still open"
    assert results == {"first": 1, "second": 2 if first_commits else 1}


@pytest.mark.only_on("postgresql")
@pytest.mark.django_db(transaction=True)
def test_r_1_9_04_other_units_are_not_blocked_on_postgresql() -> None:
    """On PostgreSQL only the sequence's row is locked: another unit files meanwhile. (SQLite
    has one write lock for the whole database, so there everybody waits — by design.)"""
    unit = OrganisationFactory(document_prefix="临猗市监罚")
    other = OrganisationFactory(document_prefix="猗氏镇执罚")
    first_holds = threading.Event()
    release_first = threading.Event()
    got: list[str] = []

    def first() -> None:
        try:
            with transaction.atomic():
                case_number_allocate(organisation=unit, year=2026)
                first_holds.set()
                release_first.wait(30)
        finally:
            connections.close_all()

    t1 = threading.Thread(target=first)
    t1.start()
    try:
        assert first_holds.wait(30)
        with transaction.atomic():
            got.append(case_number_allocate(organisation=other, year=2026).text)
    finally:
        release_first.set()
        t1.join(30)
    assert got == ["猗氏镇执罚〔2026〕1号"]


# --- SQLite as deployed: a WAL database file shared by several processes, each with threads ---

_PROBE = r"""
import json, os, sys, threading
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.core.management import call_command
from django.db import connection, connections, transaction
from zhifa.accounts.models import Organisation
from zhifa.cases.models import CaseNumberSequence
from zhifa.cases.services.numbering import case_number_allocate

mode = sys.argv[1]
if mode == "setup":
    call_command("migrate", verbosity=0)
    Organisation.objects.create(name="临猗县市场监督管理局", code="scjg", kind="county_enforcement_dept",
                                document_prefix="临猗市监罚")
elif mode == "allocate":
    proc, threads, per_thread = (int(a) for a in sys.argv[2:5])
    barrier = threading.Barrier(threads)
    errors, serials = [], []
    def work(n):
        try:
            unit = Organisation.objects.get(code="scjg")
            barrier.wait()
            for i in range(per_thread):
                try:
                    with transaction.atomic():
                        number = case_number_allocate(organisation=unit, year=2026)
                        if (proc + n + i) % 5 == 0:
                            raise KeyError("rolled back")
                except KeyError:
                    continue
                serials.append(number.serial)
        except BaseException as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()
    ts = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    print(json.dumps({"errors": errors, "serials": serials}))
else:
    print(json.dumps({
        "last": CaseNumberSequence.objects.get().last,
        "mode": connection.settings_dict["OPTIONS"].get("transaction_mode"), "vendor": connection.vendor,
    }))
"""


@pytest.mark.only_on("sqlite")
def test_r_1_9_04_sqlite_file_database_with_several_processes_and_threads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The embedded deployment: web server and worker processes on one SQLite file (WAL,
    BEGIN IMMEDIATE). 3 processes × 4 threads file at once, some filings roll back; the
    committed numbers are exactly 1..N."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
    env.update({"ZHIFA_DATA_DIR": str(tmp_path), "PYTHONPATH": str(settings.BASE_DIR)})

    def run(*args: str) -> subprocess.Popen:  # type: ignore[type-arg]
        return subprocess.Popen(  # noqa: S603 — our own interpreter and script
            [sys.executable, "-c", _PROBE, *args],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(p: subprocess.Popen) -> dict:  # type: ignore[type-arg]
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err[-3000:]
        return json.loads(out.strip().splitlines()[-1]) if out.strip() else {}

    finish(run("setup"))
    procs = [run("allocate", str(n), "4", "12") for n in range(3)]
    serials: list[int] = []
    for p in procs:
        result = finish(p)
        assert result["errors"] == []
        serials += result["serials"]
    expected = sum(1 for p in range(3) for n in range(4) for i in range(12) if (p + n + i) % 5)
    assert sorted(serials) == list(range(1, expected + 1))
    assert finish(run("check")) == {"last": expected, "mode": "IMMEDIATE", "vendor": "sqlite"}

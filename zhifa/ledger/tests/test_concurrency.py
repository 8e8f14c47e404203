"""Concurrent writers never fork the chain: several threads append at once, each in its own
transaction and database connection; afterwards seq is 1..N without gaps and the chain verifies.

PostgreSQL serialises the writers with a transaction-level advisory lock; SQLite with
``BEGIN IMMEDIATE`` (settings ``transaction_mode``). These tests also exercise ``flush`` (the
teardown of a transactional test) wiping the append-only tables on a test database.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from zhifa.ledger.models import LedgerEntry
from zhifa.ledger.services import ledger_append, ledger_verify

THREADS = 8
PER_THREAD = 25


def _run_threads(work) -> list[BaseException]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except BaseException as exc:  # noqa: BLE001 — reported to the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def _skip_if_sqlite_in_memory() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # A shared-cache in-memory database (Django's SQLite test database) uses table-level
        # locks that return SQLITE_LOCKED at once instead of waiting: threads cannot share it.
        pytest.skip("threads cannot share an in-memory SQLite test database")


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_linear() -> None:
    _skip_if_sqlite_in_memory()

    def work(n: int) -> None:
        for i in range(PER_THREAD):
            ledger_append(actor=None, action="test.concurrent", payload={"thread": n, "i": i})

    errors = _run_threads(work)
    assert errors == []
    total = THREADS * PER_THREAD
    assert list(LedgerEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, total + 1)
    )
    result = ledger_verify()
    assert (result.ok, result.checked) == (True, total), result.reason


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_inside_longer_transactions() -> None:
    """Writers holding the lock across several entries and other work still interleave safely;
    a rolled-back transaction leaves no gap."""
    _skip_if_sqlite_in_memory()

    def work(n: int) -> None:
        for i in range(5):
            try:
                with transaction.atomic():
                    ledger_append(actor=None, action="test.batch", payload={"t": n, "i": i})
                    ledger_append(actor=None, action="test.batch", payload={"t": n, "i": i, "b": 1})
                    if i == 2:
                        raise ValueError("roll this one back")
            except ValueError:
                pass

    errors = _run_threads(work)
    assert errors == []
    assert LedgerEntry.objects.count() == THREADS * 4 * 2
    assert ledger_verify().ok


# --- SQLite as deployed: a WAL database file shared by several processes, each with threads ---

_PROBE = r"""
import json, os, sys, threading
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.core.management import call_command
from django.db import connection, connections
from zhifa.ledger.models import LedgerEntry
from zhifa.ledger.services import ledger_append, ledger_verify

mode = sys.argv[1]
if mode == "migrate":
    call_command("migrate", verbosity=0)
elif mode == "append":
    proc, threads, per_thread = (int(a) for a in sys.argv[2:5])
    barrier = threading.Barrier(threads)
    errors = []
    def work(n):
        try:
            barrier.wait()
            for i in range(per_thread):
                ledger_append(actor=None, action="test.sqlite", payload={"p": proc, "t": n, "i": i})
        except BaseException as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()
    ts = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    print(json.dumps({"errors": errors}))
else:
    r = ledger_verify()
    seqs = list(LedgerEntry.objects.order_by("seq").values_list("seq", flat=True))
    print(json.dumps({
        "ok": r.ok, "checked": r.checked, "reason": r.reason, "gap_free": seqs == list(range(1, len(seqs) + 1)),
        "mode": connection.settings_dict["OPTIONS"].get("transaction_mode"), "vendor": connection.vendor,
    }))
"""


def test_sqlite_file_database_with_several_processes_and_threads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The embedded deployment: web server and worker processes on one SQLite file (WAL,
    BEGIN IMMEDIATE). 3 processes × 4 threads append at once; the chain stays linear."""
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

    finish(run("migrate"))
    procs = [run("append", str(n), "4", "15") for n in range(3)]
    for p in procs:
        assert finish(p) == {"errors": []}
    result = finish(run("verify"))
    assert result == {
        "ok": True,
        "checked": 3 * 4 * 15,
        "reason": "",
        "gap_free": True,
        "mode": "IMMEDIATE",
        "vendor": "sqlite",
    }

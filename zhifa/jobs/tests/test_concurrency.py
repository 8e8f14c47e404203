"""Several workers side by side: each job and each periodic slot runs exactly once.

These tests use real threads, each with its own database connection, and committed data
(``transaction=True``). They matter most on PostgreSQL (``SELECT … FOR UPDATE SKIP LOCKED``);
on SQLite the IMMEDIATE transactions serialise the claims.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import OperationalError, connection, transaction

from zhifa.jobs.constants import JobStatus
from zhifa.jobs.models import Job, PeriodicRun
from zhifa.jobs.registry import job, periodic
from zhifa.jobs.services import job_claim, job_enqueue, job_run, periodic_run_due
from zhifa.jobs.tests.conftest import run_in_threads

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 4


def _retry_locked(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    """The test database of SQLite is in memory (shared cache), where a lock conflict fails at
    once instead of waiting like the WAL file in ``var/`` does: wait and try again."""
    for _ in range(500):
        try:
            return func(*args, **kwargs)
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.005)
    raise AssertionError("database stayed locked")


def test_workers_side_by_side_never_run_the_same_job_twice() -> None:
    ran: list[int] = []
    lock = threading.Lock()

    @job("test.count")
    def count(*, n: int) -> None:
        with lock:
            ran.append(n)
        time.sleep(0.001)

    total = 60
    for n in range(total):
        job_enqueue(name="test.count", args={"n": n})

    def worker(index: int) -> None:
        while True:
            claimed = _retry_locked(job_claim, worker_id=f"w{index}")
            if claimed is None:
                return
            # Not retried here: that would run the job again. job_run itself retries
            # recording the outcome.
            job_run(claimed, worker_id=f"w{index}")

    run_in_threads(WORKERS, worker)

    assert sorted(ran) == list(range(total)), Counter(ran).most_common(3)
    assert Job.objects.filter(status=JobStatus.DONE).count() == total
    assert Job.objects.values("claimed_by").distinct().count() >= 1


def test_workers_side_by_side_never_run_the_same_periodic_slot_twice() -> None:
    ran: list[str] = []
    lock = threading.Lock()

    @periodic("test.scan", every_seconds=3600)
    def scan() -> None:
        with lock:
            ran.append(threading.current_thread().name)
        time.sleep(0.05)

    def worker(index: int) -> None:
        for _ in range(3):
            _retry_locked(periodic_run_due, worker_id=f"w{index}")

    run_in_threads(WORKERS, worker)

    assert len(ran) == 1
    assert PeriodicRun.objects.filter(name="test.scan").count() == 1


def test_a_job_is_invisible_to_workers_until_its_transaction_commits() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite (shared cache) has no isolation between connections")

    @job("test.noop")
    def noop() -> None: ...

    seen: list[object] = []
    queued = threading.Event()
    looked = threading.Event()

    def caller(index: int) -> None:
        if index == 0:
            with transaction.atomic():
                job_enqueue(name="test.noop")
                queued.set()
                assert looked.wait(10)
        else:
            assert queued.wait(10)
            seen.append(job_claim(worker_id="w"))
            looked.set()

    run_in_threads(2, caller)
    assert seen == [None]
    assert job_claim(worker_id="w") is not None

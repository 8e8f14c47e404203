"""The ``zhifa worker`` loop and command: passes, --once, --burst, stopping on signals."""

from __future__ import annotations

import datetime as dt
import signal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.jobs.constants import JobStatus
from zhifa.jobs.models import Job, PeriodicRun
from zhifa.jobs.registry import job, periodic
from zhifa.jobs.services import job_enqueue
from zhifa.jobs.worker import Worker

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ran() -> list[str]:
    return []


@pytest.fixture
def registered(ran: list[str]) -> None:
    @job("test.work")
    def work(*, n: int) -> None:
        ran.append(f"job {n}")

    @periodic("test.scan", every_seconds=60)
    def scan() -> None:
        ran.append("scan")


def test_worker_once_runs_due_periodic_functions_and_queued_jobs(registered, ran) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(3):
            job_enqueue(name="test.work", args={"n": n})
        call_command("worker", "--once")
        assert ran == ["scan", "job 0", "job 1", "job 2"]
        assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}

        call_command("worker", "--once")  # same slot, empty queue: nothing to do
        assert len(ran) == 4

        traveller.move_to(START + dt.timedelta(seconds=60))
        call_command("worker", "--once")
        assert ran[-1] == "scan"
    assert PeriodicRun.objects.filter(name="test.scan", ok=True).count() == 2


def test_worker_burst_drains_the_queue_without_periodic_scans(registered, ran) -> None:
    job_enqueue(name="test.work", args={"n": 1})
    call_command("worker", "--burst")
    assert ran == ["job 1"]
    assert not PeriodicRun.objects.exists()


def test_worker_once_leaves_jobs_that_are_not_due_yet(registered, ran) -> None:
    with time_machine.travel(START, tick=False):
        job_enqueue(name="test.work", args={"n": 1}, run_after=START + dt.timedelta(hours=1))
        call_command("worker", "--burst")
    assert ran == []
    assert Job.objects.get().status == JobStatus.QUEUED


def test_worker_once_and_burst_exclude_each_other() -> None:
    with pytest.raises(CommandError):
        call_command("worker", "--once", "--burst")
    with pytest.raises(CommandError) as exc:
        call_command("worker", "--once", "--poll", "0")
    assert exc.value.returncode == 2


def test_sigterm_lets_the_current_job_finish_and_starts_no_other(ran) -> None:
    worker = Worker(worker_id="w", poll_seconds=0)

    @job("test.stopper")
    def stopper(*, n: int) -> None:
        ran.append(f"job {n}")
        worker.handle_signal(signal.SIGTERM)  # as if the process manager stopped the worker

    for n in range(3):
        job_enqueue(name="test.stopper", args={"n": n})
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        assert len(sleeps) < 3, "the worker did not stop"

    worker.run(sleep=sleep)  # the loop: returns only because it was asked to stop

    assert ran == ["job 0"]
    assert worker.stopping
    assert sleeps == []
    statuses = list(Job.objects.order_by("id").values_list("status", flat=True))
    assert statuses == [JobStatus.DONE, JobStatus.QUEUED, JobStatus.QUEUED]


def test_a_second_sigint_interrupts_the_current_job() -> None:
    worker = Worker(worker_id="w")
    worker.handle_signal(signal.SIGINT)
    assert worker.stopping
    with pytest.raises(KeyboardInterrupt):
        worker.handle_signal(signal.SIGINT)
    worker.handle_signal(signal.SIGTERM)  # a repeated SIGTERM changes nothing
    assert worker.stopping


def test_the_loop_sleeps_between_passes_until_stopped(registered, ran) -> None:
    worker = Worker(worker_id="w", poll_seconds=1.5)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        assert len(sleeps) < 5, "the worker did not stop"
        if len(sleeps) == 1:
            job_enqueue(name="test.work", args={"n": 9})  # arrives while the worker sleeps
        else:
            worker.request_stop()

    with time_machine.travel(START, tick=False):
        worker.run(sleep=sleep)
    assert sleeps == [1.5, 1.5]
    assert ran == ["scan", "job 9"]
    assert worker.jobs_run == 1
    assert worker.periodic_runs == 1


def test_the_loop_survives_a_database_error(registered, ran, monkeypatch) -> None:
    from django.db import OperationalError

    from zhifa.jobs import worker as worker_module

    worker = Worker(worker_id="w", poll_seconds=0)
    calls = {"n": 0}
    real = worker_module.job_recover_stale

    def flaky() -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("server closed the connection unexpectedly")
        worker.request_stop()
        return real()

    monkeypatch.setattr(worker_module, "job_recover_stale", flaky)
    monkeypatch.setattr(worker_module.connections, "close_all", lambda: None)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        assert len(sleeps) < 5, "the worker did not stop"

    worker.run(sleep=sleep)
    assert calls["n"] == 2
    assert len(sleeps) == 1


def test_install_signal_handlers_uses_the_worker_handler() -> None:
    worker = Worker(worker_id="w")
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        worker.install_signal_handlers()
        assert signal.getsignal(signal.SIGTERM) == worker.handle_signal
        assert signal.getsignal(signal.SIGINT) == worker.handle_signal
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

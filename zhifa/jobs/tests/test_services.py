"""Queueing, claiming, running, retrying and recovering jobs (zhifa.jobs.services)."""

from __future__ import annotations

import datetime as dt
import logging
import sys

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from zhifa.core import clock
from zhifa.core.errors import DomainError, TransitionNotAllowed
from zhifa.jobs import registry
from zhifa.jobs.constants import JobStatus
from zhifa.jobs.models import Job, PeriodicRun
from zhifa.jobs.registry import job, periodic
from zhifa.jobs.services import (
    backoff_seconds,
    job_claim,
    job_enqueue,
    job_prune,
    job_recover_stale,
    job_retry,
    job_run,
    periodic_run_due,
    periodic_slot,
)

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def calls() -> list[dict]:
    return []


@pytest.fixture
def echo(calls: list[dict]):  # type: ignore[no-untyped-def]
    @job("test.echo")
    def echo_job(**kwargs: object) -> None:
        calls.append(kwargs)

    return echo_job


@pytest.fixture
def boom(calls: list[dict]):  # type: ignore[no-untyped-def]
    @job("test.boom", max_attempts=3)
    def boom_job(*, reason: str) -> None:
        calls.append({"reason": reason})
        raise RuntimeError(f"boom: {reason}")

    return boom_job


def test_enqueue_then_claim_and_run_once(echo, calls: list[dict]) -> None:
    queued = job_enqueue(name="test.echo", args={"case_id": 7})
    assert queued.status == JobStatus.QUEUED
    assert queued.attempts == 0

    claimed = job_claim(worker_id="host:1")
    assert claimed is not None and claimed.pk == queued.pk
    assert claimed.status == JobStatus.RUNNING
    assert claimed.claimed_by == "host:1"
    assert claimed.attempts == 1
    assert job_claim(worker_id="host:2") is None

    job_run(claimed, worker_id="host:1")
    queued.refresh_from_db()
    assert calls == [{"case_id": 7}]
    assert queued.status == JobStatus.DONE
    assert queued.finished_at is not None
    assert queued.last_error == ""
    assert job_claim(worker_id="host:1") is None


def test_enqueue_refuses_unknown_names_and_non_json_arguments(echo) -> None:
    with pytest.raises(ValueError, match="no job is registered"):
        job_enqueue(name="test.nope")
    with pytest.raises(TypeError, match="JSON"):
        job_enqueue(name="test.echo", args={"when": dt.date(2026, 1, 1)})
    with pytest.raises(ValueError, match="aware"):
        job_enqueue(name="test.echo", run_after=dt.datetime(2026, 1, 1, 8, 0))  # noqa: DTZ001
    assert not Job.objects.exists()


def test_a_job_waits_for_run_after(echo) -> None:
    with time_machine.travel(START, tick=False):
        later = job_enqueue(name="test.echo", run_after=START + dt.timedelta(minutes=5))
        assert job_claim(worker_id="w") is None
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        assert job_claim(worker_id="w") == later


def test_jobs_are_claimed_in_run_after_order(echo) -> None:
    with time_machine.travel(START, tick=False):
        second = job_enqueue(name="test.echo", run_after=START - dt.timedelta(seconds=1))
        first = job_enqueue(name="test.echo", run_after=START - dt.timedelta(seconds=2))
        third = job_enqueue(name="test.echo")
        order = [job_claim(worker_id="w") for _ in range(3)]
    assert order == [first, second, third]


def test_failure_is_retried_with_backoff_then_failed_with_the_error(boom, calls) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        queued = job_enqueue(name="test.boom", args={"reason": "disk full"})
        assert queued.max_attempts == 3

        job_run(job_claim(worker_id="w"), worker_id="w")
        queued.refresh_from_db()
        assert queued.status == JobStatus.QUEUED
        assert queued.attempts == 1
        assert queued.run_after == START + dt.timedelta(seconds=10)
        assert queued.claimed_by == ""
        assert "RuntimeError: boom: disk full" in queued.last_error
        assert job_claim(worker_id="w") is None  # not before the backoff

        traveller.move_to(START + dt.timedelta(seconds=10))
        job_run(job_claim(worker_id="w"), worker_id="w")
        queued.refresh_from_db()
        assert queued.status == JobStatus.QUEUED
        assert queued.attempts == 2
        assert queued.run_after == START + dt.timedelta(seconds=10 + 20)

        traveller.move_to(START + dt.timedelta(seconds=30))
        job_run(job_claim(worker_id="w"), worker_id="w")
        queued.refresh_from_db()
        assert queued.status == JobStatus.FAILED
        assert queued.attempts == 3
        assert queued.finished_at == START + dt.timedelta(seconds=30)
        assert "Traceback" in queued.last_error and "boom: disk full" in queued.last_error

        traveller.move_to(START + dt.timedelta(days=1))
        assert job_claim(worker_id="w") is None
    assert len(calls) == 3


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff_seconds(50) == 3600
    assert backoff_seconds(1000) == 3600


def test_a_job_no_worker_knows_is_retried_not_lost() -> None:
    @job("test.later")
    def later() -> None: ...

    queued = job_enqueue(name="test.later")
    registry.unregister("test.later")  # e.g. an older worker that does not have it yet
    job_run(job_claim(worker_id="w"), worker_id="w")
    queued.refresh_from_db()
    assert queued.status == JobStatus.QUEUED
    assert "no job is registered under 'test.later'" in queued.last_error


def test_an_interrupted_job_goes_back_to_the_queue_untouched() -> None:
    @job("test.interrupted")
    def interrupted() -> None:
        raise KeyboardInterrupt

    queued = job_enqueue(name="test.interrupted")
    with pytest.raises(KeyboardInterrupt):
        job_run(job_claim(worker_id="w"), worker_id="w")
    queued.refresh_from_db()
    assert queued.status == JobStatus.QUEUED
    assert queued.attempts == 0
    assert queued.claimed_by == ""


def test_a_job_queued_in_a_rolled_back_transaction_does_not_exist(echo, calls) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        job_enqueue(name="test.echo", args={"n": 1})
        raise RuntimeError("the service failed after queueing")
    assert not Job.objects.exists()
    assert job_claim(worker_id="w") is None
    assert calls == []


def test_dedupe_key_keeps_one_active_job_per_key(echo) -> None:
    first = job_enqueue(name="test.echo", args={"n": 1}, dedupe_key="doc:1")
    again = job_enqueue(name="test.echo", args={"n": 2}, dedupe_key="doc:1")
    other = job_enqueue(name="test.echo", dedupe_key="doc:2")
    plain = [job_enqueue(name="test.echo") for _ in range(2)]  # no key: no dedupe
    assert again.pk == first.pk
    assert len({first.pk, other.pk, *(p.pk for p in plain)}) == 4

    claimed = job_claim(worker_id="w")
    assert claimed == first
    # Still running: the key is taken.
    assert job_enqueue(name="test.echo", dedupe_key="doc:1").pk == first.pk
    job_run(claimed, worker_id="w")
    # Done: the key is free again.
    fresh = job_enqueue(name="test.echo", dedupe_key="doc:1")
    assert fresh.pk != first.pk


def test_stale_claims_of_dead_workers_are_queued_again(echo, calls, settings) -> None:
    settings.ZHIFA_JOB_LEASE_SECONDS = 600
    with time_machine.travel(START, tick=False) as traveller:
        queued = job_enqueue(name="test.echo", args={"n": 1})
        orphan = job_claim(worker_id="dead-host:99")
        assert orphan is not None

        traveller.move_to(START + dt.timedelta(seconds=599))
        assert job_recover_stale() == 0

        traveller.move_to(START + dt.timedelta(seconds=601))
        assert job_recover_stale() == 1
        queued.refresh_from_db()
        assert queued.status == JobStatus.QUEUED
        assert queued.claimed_by == ""
        assert "认领超时" in queued.last_error
        assert queued.attempts == 1  # the lost attempt counts

        claimed = job_claim(worker_id="alive:1")
        assert claimed is not None and claimed.attempts == 2
        job_run(claimed, worker_id="alive:1")
        # The dead worker comes back to life and reports late: its outcome is ignored.
        job_run(orphan, worker_id="dead-host:99")
    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE
    assert queued.claimed_by == "alive:1"


def test_a_stale_job_out_of_attempts_is_failed(echo, settings) -> None:
    settings.ZHIFA_JOB_LEASE_SECONDS = 60
    with time_machine.travel(START, tick=False) as traveller:
        queued = job_enqueue(name="test.echo", max_attempts=1)
        job_claim(worker_id="dead:1")
        traveller.move_to(START + dt.timedelta(minutes=2))
        assert job_recover_stale() == 1
    queued.refresh_from_db()
    assert queued.status == JobStatus.FAILED
    assert "认领超时" in queued.last_error


def test_retry_queues_a_failed_job_with_fresh_attempts(boom) -> None:
    queued = job_enqueue(name="test.boom", args={"reason": "x"}, max_attempts=1)
    job_run(job_claim(worker_id="w"), worker_id="w")
    queued.refresh_from_db()
    assert queued.status == JobStatus.FAILED

    retried = job_retry(job=queued)
    assert retried.status == JobStatus.QUEUED
    assert retried.attempts == 0
    assert retried.finished_at is None
    assert job_claim(worker_id="w") == queued


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE])
def test_retry_is_refused_unless_failed(echo, status: str) -> None:
    queued = job_enqueue(name="test.echo")
    Job.objects.filter(pk=queued.pk).update(status=status)
    with pytest.raises(TransitionNotAllowed, match="只有失败的任务可以重试"):
        job_retry(job=queued)


def test_retry_is_refused_while_another_job_holds_the_key(boom) -> None:
    failed = job_enqueue(name="test.boom", args={"reason": "x"}, max_attempts=1, dedupe_key="k")
    job_run(job_claim(worker_id="w"), worker_id="w")
    job_enqueue(name="test.boom", args={"reason": "y"}, dedupe_key="k")
    failed.refresh_from_db()
    with pytest.raises(DomainError, match="去重键"):
        job_retry(job=failed)


def test_prune_deletes_old_finished_rows_but_keeps_failed_ones(echo, boom) -> None:
    with time_machine.travel(START, tick=False):
        done = job_enqueue(name="test.echo")
        failed = job_enqueue(name="test.boom", args={"reason": "x"}, max_attempts=1)
        for _ in range(2):
            job_run(job_claim(worker_id="w"), worker_id="w")
    with time_machine.travel(START + dt.timedelta(days=31), tick=False):
        fresh = job_enqueue(name="test.echo")
        assert job_prune(keep_days=30) == 1
    remaining = set(Job.objects.values_list("pk", flat=True))
    assert remaining == {failed.pk, fresh.pk}
    assert done.pk not in remaining


# --- periodic -------------------------------------------------------------------------------
def test_periodic_slots_follow_local_time_so_a_day_starts_at_local_midnight() -> None:
    tz = dt.timezone(dt.timedelta(hours=8))
    day = 86400

    def slot(*args: int) -> int:
        return periodic_slot(every_seconds=day, now=dt.datetime(*args, tzinfo=tz))

    assert slot(2026, 3, 2, 0, 0, 1) == slot(2026, 3, 2, 23, 59, 59)
    assert slot(2026, 3, 2, 23, 59, 59) + 1 == slot(2026, 3, 3, 0, 0, 0)
    assert periodic_slot(every_seconds=60, now=START) + 1 == periodic_slot(
        every_seconds=60, now=START + dt.timedelta(minutes=1)
    )


def test_a_periodic_function_runs_once_per_slot() -> None:
    ran: list[dt.datetime] = []

    @periodic("test.scan", every_seconds=60)
    def scan() -> None:
        ran.append(clock.now())

    with time_machine.travel(START, tick=False) as traveller:
        runs = periodic_run_due(worker_id="a")
        assert [r.name for r in runs] == ["test.scan"]
        assert periodic_run_due(worker_id="b") == []
        traveller.move_to(START + dt.timedelta(seconds=59))
        assert periodic_run_due(worker_id="a") == []
        traveller.move_to(START + dt.timedelta(seconds=60))
        assert len(periodic_run_due(worker_id="b")) == 1
    assert len(ran) == 2
    first = PeriodicRun.objects.order_by("started_at").first()
    assert first is not None and first.ok is True and first.worker_id == "a"
    assert first.finished_at is not None and first.duration is not None


def test_a_failing_periodic_function_is_recorded_and_runs_again_next_slot() -> None:
    @periodic("test.flaky", every_seconds=60)
    def flaky() -> None:
        raise ValueError("calendar not loaded")

    with time_machine.travel(START, tick=False) as traveller:
        [run] = periodic_run_due(worker_id="a")
        assert run.ok is False
        assert "ValueError: calendar not loaded" in run.error
        assert periodic_run_due(worker_id="a") == []
        traveller.move_to(START + dt.timedelta(minutes=1))
        assert len(periodic_run_due(worker_id="a")) == 1


def test_stale_periodic_runs_are_closed_as_failed(settings) -> None:
    settings.ZHIFA_JOB_LEASE_SECONDS = 600
    with time_machine.travel(START, tick=False) as traveller:
        PeriodicRun.objects.create(
            name="test.slow", slot=1, worker_id="busy:1", started_at=clock.now()
        )
        traveller.move_to(START + dt.timedelta(minutes=9))
        job_recover_stale()
        assert PeriodicRun.objects.get().ok is None
        traveller.move_to(START + dt.timedelta(minutes=11))
        job_recover_stale()
    stale = PeriodicRun.objects.get()
    assert stale.ok is False and "运行超时" in stale.error


def test_an_interrupted_periodic_run_is_closed_and_the_interrupt_propagates() -> None:
    @periodic("test.interrupted", every_seconds=60)
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        periodic_run_due(worker_id="a")
    run = PeriodicRun.objects.get()
    assert run.ok is False and run.finished_at is not None


def test_job_run_refuses_a_job_that_was_not_claimed(echo) -> None:
    queued = job_enqueue(name="test.echo")
    with pytest.raises(ValueError, match="not claimed"):
        job_run(queued)


def test_seen_slots_spare_the_database_until_the_slot_changes(django_assert_num_queries) -> None:
    @periodic("test.quiet", every_seconds=3600)
    def quiet() -> None: ...

    seen: dict[str, int] = {}
    with time_machine.travel(START, tick=False):
        periodic_run_due(worker_id="a", seen=seen)
        with django_assert_num_queries(0):
            periodic_run_due(worker_id="a", seen=seen)


# --- registry -------------------------------------------------------------------------------
def test_a_name_registered_twice_for_different_functions_is_refused() -> None:
    @job("test.twice")
    def one() -> None: ...

    with pytest.raises(ImproperlyConfigured, match="registered twice"):

        @job("test.twice")
        def two() -> None: ...

    with pytest.raises(ImproperlyConfigured):
        periodic("test.bad", every_seconds=0)


def test_autodiscover_imports_the_jobs_modules_of_zhifa_apps(monkeypatch) -> None:
    monkeypatch.setattr(registry, "_discovered", False)
    monkeypatch.delitem(sys.modules, "zhifa.jobs.jobs", raising=False)
    registry.autodiscover()
    assert "jobs.prune" in {spec.name for spec in registry.periodic_specs()}
    assert "zhifa.jobs.jobs" in sys.modules


def test_worker_logs_one_line_per_job(echo, caplog) -> None:
    job_enqueue(name="test.echo")
    with caplog.at_level(logging.INFO, logger="zhifa.jobs"):
        job_run(job_claim(worker_id="w"), worker_id="w")
    lines = [r.getMessage() for r in caplog.records if r.name == "zhifa.jobs"]
    assert len(lines) == 1 and "test.echo done" in lines[0]

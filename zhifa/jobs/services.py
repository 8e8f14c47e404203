"""Queueing, claiming and running background jobs and periodic scans.

The queue is a table (``Job``) in the project's own database; see docs/adr/0002-worker.md.

- ``job_enqueue`` inserts the row in the caller's transaction: it becomes visible to workers
  when that transaction commits and disappears if it rolls back. No ``on_commit`` is needed.
- ``job_claim`` hands each due job to exactly one worker: ``SELECT … FOR UPDATE SKIP LOCKED``
  where the database has it (PostgreSQL), then a conditional
  ``UPDATE … WHERE id = ? AND status = 'queued'`` whose row count says who won (healthchecks
  ``sendalerts``); on SQLite the IMMEDIATE transaction already serialises writers.
- ``job_run`` runs the function outside any transaction (it calls atomic services itself, and a
  long job must not hold SQLite's write lock), then records the outcome only if this worker
  still holds the claim.
- Delivery is at least once: a job whose worker died is queued again after the lease
  (``job_recover_stale``), so job functions must be idempotent.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import time
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.db import (
    IntegrityError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import F, Q
from django.utils import timezone

from zhifa.core import clock
from zhifa.core.errors import DomainError, TransitionNotAllowed
from zhifa.jobs import registry
from zhifa.jobs.constants import (
    ACTIVE_STATUSES,
    BACKOFF_BASE_SECONDS,
    BACKOFF_MAX_SECONDS,
    DEFAULT_KEEP_DAYS,
    DEFAULT_LEASE_SECONDS,
    ERROR_MAX_CHARS,
    RETRY_FROM,
    JobStatus,
)
from zhifa.jobs.models import Job, PeriodicRun

logger = logging.getLogger("zhifa.jobs")

# How often job_claim tries again when another worker won the row it picked.
CLAIM_TRIES = 5
# How often job_run tries to record a job's outcome before giving up (see _finish).
FINISH_TRIES = 8


def worker_id_default() -> str:
    """``host:pid`` of this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def lease_seconds() -> int:
    return int(getattr(settings, "ZHIFA_JOB_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def backoff_seconds(attempts: int) -> int:
    """Delay before the next try after ``attempts`` failed tries: 10 s, 20 s, 40 s … ≤ 1 h."""
    exponent = max(attempts - 1, 0)
    if exponent >= 20:
        return BACKOFF_MAX_SECONDS
    return int(min(BACKOFF_BASE_SECONDS * 2**exponent, BACKOFF_MAX_SECONDS))


def _error_text(text: str) -> str:
    if len(text) <= ERROR_MAX_CHARS:
        return text
    return "…" + text[-(ERROR_MAX_CHARS - 1) :]


# --- enqueue --------------------------------------------------------------------------------
@transaction.atomic
def job_enqueue(
    *,
    name: str,
    args: Mapping[str, Any] | None = None,
    run_after: dt.datetime | None = None,
    dedupe_key: str | None = None,
    max_attempts: int | None = None,
) -> Job:
    """Queue a call of the registered job ``name`` with keyword arguments ``args``.

    Call it inside the service's transaction: the job commits (or rolls back) with the change
    that asked for it, so a worker never sees a job for data that does not exist.

    With ``dedupe_key``, a job with the same key that is still queued or running is returned
    instead of queueing another (note that a running one may already have read the data).

    ``args`` must be JSON: ids and strings, not model instances.
    """
    spec = registry.job_spec(name)
    if spec is None:
        raise ValueError(f"no job is registered under {name!r} (see zhifa.jobs.registry.job)")
    kwargs = dict(args or {})
    if not all(isinstance(k, str) for k in kwargs):
        raise TypeError(f"job {name!r}: argument names must be strings")
    try:
        json.dumps(kwargs)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"job {name!r}: arguments must be JSON-serialisable ({exc})") from exc
    if run_after is not None and timezone.is_naive(run_after):
        raise ValueError("run_after must be an aware datetime")
    attempts = spec.max_attempts if max_attempts is None else max_attempts
    if attempts < 1:
        raise ValueError("max_attempts must be at least 1")

    now = clock.now()
    job = Job(
        name=name,
        args=kwargs,
        run_after=run_after or now,
        max_attempts=attempts,
        dedupe_key=dedupe_key or "",
        created_at=now,
    )
    if not dedupe_key:
        job.save(force_insert=True)
        return job
    existing = Job.objects.filter(dedupe_key=dedupe_key, status__in=ACTIVE_STATUSES).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job.save(force_insert=True)
    except IntegrityError:
        # Another transaction queued the same key between our check and our insert.
        existing = Job.objects.filter(dedupe_key=dedupe_key, status__in=ACTIVE_STATUSES).first()
        if existing is None:
            raise
        return existing
    return job


# --- claim ----------------------------------------------------------------------------------
def job_claim(*, worker_id: str) -> Job | None:
    """Take the next due job for ``worker_id``, or None if nothing is due.

    Exactly one worker gets each job, on SQLite and PostgreSQL alike.
    """
    for _ in range(CLAIM_TRIES):
        now = clock.now()
        # A plain read first: an idle poll must not take SQLite's write lock.
        if not Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now).exists():
            return None
        with transaction.atomic():
            due = Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now).order_by(
                "run_after", "id"
            )
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            job_id = due.values_list("id", flat=True).first()
            if job_id is None:
                return None
            won = Job.objects.filter(id=job_id, status=JobStatus.QUEUED).update(
                status=JobStatus.RUNNING,
                claimed_by=worker_id,
                claimed_at=now,
                attempts=F("attempts") + 1,
            )
            if won:
                # Read back inside the transaction: if anything fails before the commit, the
                # claim is undone instead of leaving the job "running" for nobody.
                return Job.objects.get(id=job_id)
        # Another worker took it between our read and our update: pick the next one.
    return None


# --- run ------------------------------------------------------------------------------------
def _finish(job: Job, *, worker_id: str, **fields: Any) -> bool:
    """Record the outcome if ``worker_id`` still holds the claim (stale recovery may not)."""
    claimed = Job.objects.filter(id=job.pk, status=JobStatus.RUNNING, claimed_by=worker_id)
    # The job's own effects are committed: losing its outcome would run it again after the
    # lease, so a transient error (lock timeout, failover) on this small write is retried.
    updated = 0
    for attempt in range(FINISH_TRIES):
        try:
            updated = claimed.update(**fields)
            break
        except OperationalError:
            if attempt == FINISH_TRIES - 1 or connection.in_atomic_block:
                raise
            logger.warning("job %s: could not record the outcome yet; retrying", job.pk)
            close_old_connections()
            time.sleep(min(0.05 * 2**attempt, 2.0))
    if not updated:
        logger.warning(
            "job %s %s: claim lost while running (lease expired?); outcome not recorded",
            job.pk,
            job.name,
        )
        return False
    for key, value in fields.items():
        if not hasattr(value, "resolve_expression"):
            setattr(job, key, value)
    return True


def job_run(job: Job, *, worker_id: str | None = None) -> Job:
    """Run a claimed job; mark it done, queue it again with backoff, or mark it failed.

    Returns the job as recorded. An ``Exception`` from the function is a failed attempt; a
    ``BaseException`` (KeyboardInterrupt, SystemExit) puts the job back untouched and
    propagates.
    """
    worker = worker_id or job.claimed_by
    if job.status != JobStatus.RUNNING or not worker:
        raise ValueError(f"job {job.pk} is not claimed: claim it with job_claim() first")
    spec = registry.job_spec(job.name)
    started = time.monotonic()
    try:
        if spec is None:
            raise LookupError(f"no job is registered under {job.name!r} in this worker")
        spec.func(**job.args)
    except Exception:
        error = _error_text(traceback.format_exc())
        elapsed = time.monotonic() - started
        now = clock.now()
        if job.attempts >= job.max_attempts:
            _finish(
                job,
                worker_id=worker,
                status=JobStatus.FAILED,
                finished_at=now,
                last_error=error,
            )
            logger.error(
                "job %s %s failed after %d/%d attempts in %.2fs: %s",
                job.pk,
                job.name,
                job.attempts,
                job.max_attempts,
                elapsed,
                error.strip().splitlines()[-1],
            )
        else:
            delay = backoff_seconds(job.attempts)
            _finish(
                job,
                worker_id=worker,
                status=JobStatus.QUEUED,
                run_after=now + dt.timedelta(seconds=delay),
                claimed_by="",
                claimed_at=None,
                last_error=error,
            )
            logger.warning(
                "job %s %s attempt %d/%d failed in %.2fs, retry in %ds: %s",
                job.pk,
                job.name,
                job.attempts,
                job.max_attempts,
                elapsed,
                delay,
                error.strip().splitlines()[-1],
            )
        return job
    except BaseException:
        _finish(
            job,
            worker_id=worker,
            status=JobStatus.QUEUED,
            claimed_by="",
            claimed_at=None,
            attempts=F("attempts") - 1,
        )
        job.attempts -= 1
        job.status = JobStatus.QUEUED
        logger.warning("job %s %s interrupted; queued again", job.pk, job.name)
        raise
    elapsed = time.monotonic() - started
    _finish(job, worker_id=worker, status=JobStatus.DONE, finished_at=clock.now())
    logger.info(
        "job %s %s done in %.2fs (attempt %d/%d)",
        job.pk,
        job.name,
        elapsed,
        job.attempts,
        job.max_attempts,
    )
    return job


# --- recovery, retry, pruning ---------------------------------------------------------------
def job_recover_stale(*, lease: int | None = None) -> int:
    """Queue again the running jobs whose claim is older than the lease (dead worker).

    A job that has used all its attempts is marked failed instead. Returns how many jobs were
    recovered. Unfinished periodic runs older than the lease are closed as failed.
    """
    now = clock.now()
    cutoff = now - dt.timedelta(seconds=lease if lease is not None else lease_seconds())
    stale = Q(status=JobStatus.RUNNING, claimed_at__lt=cutoff)
    message = (
        f"认领超时（{cutoff:%Y-%m-%d %H:%M:%S} 之前被认领）：执行进程可能已退出，任务已重新排队。"
    )
    failed = Job.objects.filter(stale, attempts__gte=F("max_attempts")).update(
        status=JobStatus.FAILED,
        finished_at=now,
        last_error="认领超时：执行进程可能已退出，且已用完全部尝试次数。",
    )
    requeued = Job.objects.filter(stale, attempts__lt=F("max_attempts")).update(
        status=JobStatus.QUEUED,
        run_after=now,
        claimed_by="",
        claimed_at=None,
        last_error=message,
    )
    PeriodicRun.objects.filter(finished_at__isnull=True, started_at__lt=cutoff).update(
        finished_at=now, ok=False, error="运行超时：执行进程可能已退出。"
    )
    if failed or requeued:
        logger.warning(
            "recovered stale claims: %d job(s) queued again, %d failed", requeued, failed
        )
    return failed + requeued


@transaction.atomic
def job_retry(*, job: Job) -> Job:
    """Queue a failed job again, now, with a fresh set of attempts (operators, admin)."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.status not in RETRY_FROM:
        raise TransitionNotAllowed(
            f"任务 #{locked.pk} 当前状态为“{locked.get_status_display()}”，只有失败的任务可以重试。"
        )
    locked.status = JobStatus.QUEUED
    locked.run_after = clock.now()
    locked.attempts = 0
    locked.claimed_by = ""
    locked.claimed_at = None
    locked.finished_at = None
    try:
        with transaction.atomic():
            locked.save(
                update_fields=[
                    "status",
                    "run_after",
                    "attempts",
                    "claimed_by",
                    "claimed_at",
                    "finished_at",
                ]
            )
    except IntegrityError as exc:
        raise DomainError(
            f"已有去重键为“{locked.dedupe_key}”的任务在排队或运行，无需重试此任务。",
            code="job_duplicate",
        ) from exc
    return locked


def job_prune(*, keep_days: int | None = None) -> int:
    """Delete done jobs and periodic runs older than ``keep_days``; failed jobs are kept."""
    days = (
        keep_days
        if keep_days is not None
        else getattr(settings, "ZHIFA_JOB_KEEP_DAYS", DEFAULT_KEEP_DAYS)
    )
    cutoff = clock.now() - dt.timedelta(days=int(days))
    jobs, _ = Job.objects.filter(status=JobStatus.DONE, finished_at__lt=cutoff).delete()
    runs, _ = PeriodicRun.objects.filter(finished_at__lt=cutoff).delete()
    return jobs + runs


# --- periodic -------------------------------------------------------------------------------
def periodic_slot(*, every_seconds: int, now: dt.datetime | None = None) -> int:
    """The number of the interval ``now`` falls in, counted on local wall-clock time."""
    instant = clock.local(now or clock.now())
    offset = instant.utcoffset() or dt.timedelta(0)
    return int(instant.timestamp() + offset.total_seconds()) // every_seconds


def periodic_claim(*, name: str, slot: int, worker_id: str) -> PeriodicRun | None:
    """Insert the (name, slot) row; None if another worker already did.

    Only the slot is exclusive: a run that outlasts its interval may overlap the next slot's run
    on another worker, so periodic functions must tolerate running concurrently.
    """
    now = clock.now()
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(
                name=name, slot=slot, worker_id=worker_id, started_at=now
            )
    except IntegrityError:
        return None


def periodic_execute(*, run: PeriodicRun, func: Callable[[], Any]) -> PeriodicRun:
    """Run the periodic function of a claimed slot and record how it went."""
    started = time.monotonic()
    ok = True
    error = ""
    try:
        func()
    except Exception:
        ok = False
        error = _error_text(traceback.format_exc())
    except BaseException:
        # Interrupted (second Ctrl-C): close the record, then let the worker stop.
        run.finished_at = clock.now()
        run.ok = False
        run.error = "运行被中断。"
        run.duration = dt.timedelta(seconds=time.monotonic() - started)
        run.save(update_fields=["finished_at", "ok", "error", "duration"])
        raise
    duration = dt.timedelta(seconds=time.monotonic() - started)
    run.finished_at = clock.now()
    run.ok = ok
    run.error = error
    run.duration = duration
    run.save(update_fields=["finished_at", "ok", "error", "duration"])
    if ok:
        logger.info(
            "periodic %s slot %s done in %.2fs", run.name, run.slot, duration.total_seconds()
        )
    else:
        logger.error(
            "periodic %s slot %s failed in %.2fs: %s",
            run.name,
            run.slot,
            duration.total_seconds(),
            error.strip().splitlines()[-1],
        )
    return run


def periodic_run_due(
    *,
    worker_id: str,
    seen: dict[str, int] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[PeriodicRun]:
    """Run every registered periodic function whose current slot nobody has run yet.

    ``seen`` (name → slot) lets a long-lived worker skip the database until a slot changes.
    """
    runs: list[PeriodicRun] = []
    for spec in registry.periodic_specs():
        if should_stop is not None and should_stop():
            break
        slot = periodic_slot(every_seconds=spec.every_seconds)
        if seen is not None and seen.get(spec.name) == slot:
            continue
        if PeriodicRun.objects.filter(name=spec.name, slot=slot).exists():
            if seen is not None:
                seen[spec.name] = slot
            continue
        run = periodic_claim(name=spec.name, slot=slot, worker_id=worker_id)
        if run is None:
            continue
        if seen is not None:
            seen[spec.name] = slot
        runs.append(periodic_execute(run=run, func=spec.func))
    return runs

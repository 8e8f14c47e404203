"""Statuses and defaults of the background worker."""

from __future__ import annotations

from django.db import models


class JobStatus(models.TextChoices):
    # Waiting for a worker; runnable once ``run_after`` has passed (new, or retrying after a failure).
    QUEUED = "queued", "排队中"
    # Claimed by one worker (``claimed_by``), which is running it now.
    RUNNING = "running", "运行中"
    # Finished without error. Final.
    DONE = "done", "已完成"
    # Failed on its last allowed attempt (or retried by no one yet); ``last_error`` says why.
    FAILED = "failed", "失败"


# Statuses in which a job still holds its ``dedupe_key``.
ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)

# Transitions and the statuses they may start from.
RETRY_FROM = (JobStatus.FAILED,)

DEFAULT_MAX_ATTEMPTS = 5
# Retry delay after the n-th failed attempt: BACKOFF_BASE * 2 ** (n - 1), at most BACKOFF_MAX.
BACKOFF_BASE_SECONDS = 10
BACKOFF_MAX_SECONDS = 3600

# Defaults of settings that may be overridden (``settings.ZHIFA_*``).
DEFAULT_POLL_SECONDS = 2.0
# A claim older than this is taken for a dead worker's and its job is queued again.
DEFAULT_LEASE_SECONDS = 30 * 60
# Finished jobs and periodic runs are deleted after this many days (failed jobs are kept).
DEFAULT_KEEP_DAYS = 30

# Longest traceback kept in ``last_error`` / ``PeriodicRun.error``.
ERROR_MAX_CHARS = 20_000

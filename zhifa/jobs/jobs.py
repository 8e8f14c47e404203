"""The worker's own housekeeping, registered like any app's jobs."""

from __future__ import annotations

from zhifa.jobs.registry import periodic
from zhifa.jobs.services import job_prune


@periodic("jobs.prune", every_seconds=24 * 3600)
def prune() -> None:
    """Once a local day: delete finished jobs and periodic runs older than the retention."""
    job_prune()

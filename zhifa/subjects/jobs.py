"""Queued work of the directory: the bulk import (see ``zhifa.subjects.importing``)."""

from __future__ import annotations

from zhifa.jobs.registry import job
from zhifa.subjects.importing import JOB_NAME, import_run_execute


@job(JOB_NAME, max_attempts=3)
def run_import(*, run_id: int) -> None:
    """Process an uploaded file; idempotent (a finished run is left alone, a crashed one is
    processed again from the start and its already-written rows count as unchanged)."""
    import_run_execute(run_id=run_id)

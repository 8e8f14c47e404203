"""Periodic work of the records app, run by the worker (``zhifa worker``; ADR 0002)."""

from __future__ import annotations

from zhifa.jobs.registry import periodic
from zhifa.records.services.uploads import uploads_clean_stale

STALE_UPLOAD_DAYS = 7


@periodic("records.uploads_clean_stale", every_seconds=6 * 3600)
def clean_stale_uploads() -> int:
    """Resumable uploads untouched for 7 days are abandoned and their staging files removed
    (leftovers of finished uploads too). Stored files are never touched. Returns how many
    sessions were abandoned."""
    return uploads_clean_stale(days=STALE_UPLOAD_DAYS)

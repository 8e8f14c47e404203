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


@periodic("records.verify", every_seconds=24 * 3600)
def verify_records() -> int:
    """R-1.3-18, R-1.3-19: once a day every stored file's size and SHA-256 are checked; a missing
    or altered file gets a failing check that the supervision page lists. Returns how many
    files failed."""
    from zhifa.records.services.verify import records_verify

    report = records_verify(actor=None)
    return report.failed

"""The worker's periodic deadline scan (see ``zhifa.jobs.registry``)."""

from __future__ import annotations

import logging

from django.conf import settings

from zhifa.deadlines.scan import deadlines_scan
from zhifa.jobs.registry import periodic

logger = logging.getLogger(__name__)


@periodic("deadlines.scan", every_seconds=settings.ZHIFA_WORKER_SCAN_SECONDS)
def scan() -> None:
    """One pass of :func:`zhifa.deadlines.scan.deadlines_scan` (it catches up on everything due
    as of now, so a missed slot loses nothing)."""
    result = deadlines_scan()
    if result.changed or result.notified:
        logger.info(
            "deadlines.scan: due soon +%s, overdue +%s, lapsed +%s, notices %s in %.2f s",
            result.due_soon,
            result.overdue,
            result.lapsed,
            result.notified,
            result.took_seconds,
        )

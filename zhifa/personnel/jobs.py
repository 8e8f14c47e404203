"""Periodic work of the personnel officers area (see ``zhifa.jobs.registry``)."""

from __future__ import annotations

import logging

from zhifa.jobs.registry import periodic
from zhifa.personnel import jobs_training  # noqa: F401 - registers the training area's jobs
from zhifa.personnel.services.certificates import annual_review_mark_missed

logger = logging.getLogger(__name__)


@periodic("personnel.annual_review_overdue", every_seconds=3600)
def annual_review_overdue() -> int:
    """Certificates not reviewed by the due date of their annual review become invalid
    (R-1.7-07); ``certificate_valid_for`` already refuses them from the day after."""
    marked = annual_review_mark_missed()
    if marked:
        logger.info("personnel.annual_review_overdue: %s certificates invalid", marked)
    return marked

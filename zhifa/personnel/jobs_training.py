"""Periodic job of the training area: the yearly rotation-training duty (R-1.11-03).

Imported by ``zhifa/personnel/jobs.py`` (which ``zhifa.jobs.registry.autodiscover`` loads).
"""

from __future__ import annotations

import logging

from zhifa.core import clock
from zhifa.jobs.registry import periodic
from zhifa.personnel.services.training import rotation_obligations_open

logger = logging.getLogger(__name__)


@periodic("personnel.rotation_obligations", every_seconds=86400)
def rotation_obligations() -> int:
    """Once a day: open this year's R-1.11-03 obligation for every certificate holder who has
    none yet (idempotent, so a missed day or a new holder mid-year is caught up)."""
    opened = rotation_obligations_open(year=clock.today().year, actor=None)
    if opened:
        logger.info("personnel.rotation_obligations: opened %s", opened)
    return opened

"""Periodic work of the ledger, run by the worker (``zhifa worker``; ADR 0002)."""

from __future__ import annotations

from zhifa.jobs.registry import periodic
from zhifa.ledger.models import MerkleRoot
from zhifa.ledger.services import merkle_roots_compute_missing


# Hourly rather than daily: a missed or failed slot is not replayed by the worker, and when
# every past day already has its root a run costs two small queries and writes nothing.
@periodic("ledger.daily_roots", every_seconds=3600)
def compute_daily_roots() -> list[MerkleRoot]:
    """Compute the Merkle root of every past county day up to yesterday that has none yet.

    Idempotent and safe to run from several workers at once (the writer lock serialises them
    and an existing root is returned as is). Returns the roots computed by this call.
    """
    return merkle_roots_compute_missing()

"""Periodic work of the ledger, for the worker (``zhifa worker``) to call once a day."""

from __future__ import annotations

from zhifa.ledger.models import MerkleRoot
from zhifa.ledger.services import merkle_roots_compute_missing


def compute_daily_roots() -> list[MerkleRoot]:
    """Compute the Merkle root of every past county day up to yesterday that has none yet.

    Idempotent and safe to run from several workers at once (the writer lock serialises them
    and an existing root is returned as is). Schedule it shortly after midnight Asia/Shanghai;
    running it more often only costs a query.
    """
    return merkle_roots_compute_missing()

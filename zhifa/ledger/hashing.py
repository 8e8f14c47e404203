"""How an entry's hash is computed (format 1). Keep this file stable: changing it breaks the chain.

The *content* of an entry is the canonical JSON (:mod:`zhifa.ledger.canonical`) of the object::

    {"action": str, "actor_id": int|null, "actor_label": str, "at": str,
     "organisation_id": int|null, "payload": <the payload object>, "seq": int,
     "subject_id": str, "subject_type": str}

where ``at`` is written in UTC with microseconds (``2025-03-01T02:03:04.000005+00:00``) and
``payload`` is the payload *object* itself (the stored canonical payload text is spliced in
verbatim, which is the same thing because that text is already canonical). Then::

    entry_hash = lower-hex( SHA-256( ASCII(prev_hash) ‖ UTF-8(content) ) )

``prev_hash`` is the 64 lower-case hex characters of the previous entry's ``entry_hash`` (64 zeros
for seq 1). Anyone can check an entry with a shell::

    printf '%s%s' "$prev_hash" "$content" | sha256sum
"""

from __future__ import annotations

import datetime as dt
import hashlib

from zhifa.ledger.canonical import canonical_datetime, canonical_json


def entry_content(
    *,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    organisation_id: int | None,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: str,
) -> str:
    """The canonical JSON content of an entry; ``payload`` is the stored canonical payload text."""
    # Keys in canonical (sorted) order; "payload" is spliced in as the raw canonical text.
    head = canonical_json(
        {
            "action": action,
            "actor_id": actor_id,
            "actor_label": actor_label,
            "at": canonical_datetime(at),
            "organisation_id": organisation_id,
        }
    )
    tail = canonical_json({"seq": seq, "subject_id": subject_id, "subject_type": subject_type})
    return f'{head[:-1]},"payload":{payload},{tail[1:]}'


def entry_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + content.encode("utf-8")).hexdigest()

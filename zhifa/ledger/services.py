"""Writes to the ledger, and its verification.

- :func:`ledger_append` — the one way to write an entry; every service calls it inside its own
  transaction, so the entry commits or rolls back with the change it records.
- :func:`ledger_verify` — stream the chain and recompute every hash (``zhifa ledger verify``).
- :func:`merkle_root_compute` / :func:`merkle_inclusion_proof` / :func:`inclusion_proof_verify`
  — the daily RFC 6962 roots the portal publishes, and proofs that an entry is under one.

Writers are serialised (see :func:`_lock_writers`), so ``seq`` is gap-free and the chain never
forks; the unique constraints on ``seq`` and ``prev_hash`` make a fork impossible even if the lock
were bypassed. Design and consequences: docs/adr/0004-ledger.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils.dateparse import parse_datetime

from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.core.subjects import subject_key
from zhifa.ledger import merkle
from zhifa.ledger.canonical import canonical_json
from zhifa.ledger.constants import (
    ACTION_MERKLE_ROOT,
    ADVISORY_LOCK_KEY,
    GENESIS_HASH,
    LEDGER_TZ,
    MAX_ACTION_LENGTH,
    MAX_ACTOR_LABEL_LENGTH,
    MAX_SUBJECT_ID_LENGTH,
    MAX_SUBJECT_TYPE_LENGTH,
    PUBLIC_ACTOR_LABEL,
    SYSTEM_ACTOR_LABEL,
)
from zhifa.ledger.hashing import entry_content, entry_hash
from zhifa.ledger.models import LedgerEntry, MerkleRoot

if TYPE_CHECKING:
    from zhifa.accounts.models import User


class LedgerNotFound(DomainError):
    status_code = 404

    def __init__(self, message: str, *, code: str = "not_found") -> None:
        super().__init__(message, code=code)


# --- writing --------------------------------------------------------------------------------


def _lock_writers() -> None:
    """Serialise ledger writers until the end of the current transaction.

    PostgreSQL: a transaction-level advisory lock (released at COMMIT/ROLLBACK). SQLite: the
    settings open every transaction with ``BEGIN IMMEDIATE``, which takes the database's single
    write lock at the start of the transaction, so writers are already serialised (checked by
    the system check ``ledger.E001``); nothing more to do.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


_HEAD_SQL = 'SELECT "seq", "entry_hash", "at" FROM "ledger_ledgerentry" ORDER BY "seq" DESC LIMIT 1'


def _lock_and_read_head() -> tuple[int, str, dt.datetime | None]:
    """Take the writer lock, then read the chain's head (seq, entry_hash, at) — in one round trip
    on PostgreSQL: two statements in one simple-protocol query; under READ COMMITTED the SELECT
    takes its snapshot after the lock is granted, so it sees the previous writer's commit."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.settings_dict.get(
            "OPTIONS", {}
        ).get("server_side_binding"):
            cursor.execute(f"SELECT pg_advisory_xact_lock({int(ADVISORY_LOCK_KEY)}); {_HEAD_SQL}")
            cursor.nextset()
        else:
            _lock_writers()
            cursor.execute(_HEAD_SQL)
        row = cursor.fetchone()
    if row is None:
        return 0, GENESIS_HASH, None
    seq, head_hash, at = row
    if isinstance(at, str):  # SQLite stores UTC datetimes as text
        parsed = parse_datetime(at)
        if parsed is None:
            raise ValueError(f"unreadable ledger time {at!r}")
        at = parsed
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return int(seq), str(head_hash), at


def _subject_key(
    subject: models.Model | None, subject_type: str | None, subject_id: str | None
) -> tuple[str, str]:
    if subject is not None:
        if subject_type is not None or subject_id is not None:
            raise ValueError("pass either subject or subject_type/subject_id, not both")
        return subject_key(subject)
    if (subject_type is None) != (subject_id is None):
        raise ValueError("subject_type and subject_id go together")
    return subject_type or "", "" if subject_id is None else str(subject_id)


def ledger_append(
    *,
    actor: User | None,
    action: str,
    subject: models.Model | None = None,
    payload: dict[str, Any] | None = None,
    subject_type: str | None = None,
    subject_id: str | None = None,
) -> LedgerEntry:
    """Append one entry recording that ``actor`` did ``action`` to ``subject``.

    Call it inside the transaction that makes the change (it joins it; it does not open a
    savepoint, so a failure here fails the whole change). ``actor=None`` is the system, an
    ``AnonymousUser`` a member of the public (``actor_label`` "public"). The
    subject is stored as ``"app_label.modelname"`` + primary key, never as a foreign key.
    ``payload`` is stored as canonical JSON (:mod:`zhifa.ledger.canonical`); it must hold only
    JSON values, dates, datetimes (aware), decimals, UUIDs and enums.

    Call it late in the transaction: on PostgreSQL the writer lock is held until COMMIT.
    """
    if not action or len(action) > MAX_ACTION_LENGTH:
        raise ValueError(f"action must be 1..{MAX_ACTION_LENGTH} characters")
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise TypeError("the ledger payload must be a dict")
    payload_text = canonical_json(payload)
    s_type, s_id = _subject_key(subject, subject_type, subject_id)
    if len(s_type) > MAX_SUBJECT_TYPE_LENGTH or len(s_id) > MAX_SUBJECT_ID_LENGTH:
        raise ValueError("subject_type or subject_id too long for the ledger")
    if actor is None:
        actor_id, actor_label, organisation_id = None, SYSTEM_ACTOR_LABEL, None
    elif not actor.is_authenticated:  # a member of the public (AnonymousUser) on the portal
        actor_id, actor_label, organisation_id = None, PUBLIC_ACTOR_LABEL, None
    else:
        actor_id = actor.pk
        actor_label = (actor.full_name or actor.get_username())[:MAX_ACTOR_LABEL_LENGTH]
        organisation_id = actor.organisation_id

    with transaction.atomic(savepoint=False):
        head_seq, prev_hash, head_at = _lock_and_read_head()
        at = clock.now()
        if head_at is not None and at < head_at:
            # Never let time run backwards along the chain (clock skew between hosts): a day's
            # entries must be one contiguous seq range for its Merkle root.
            at = head_at
        seq = head_seq + 1
        content = entry_content(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=actor_label,
            organisation_id=organisation_id,
            action=action,
            subject_type=s_type,
            subject_id=s_id,
            payload=payload_text,
        )
        entry = LedgerEntry(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=actor_label,
            organisation_id=organisation_id,
            action=action,
            subject_type=s_type,
            subject_id=s_id,
            payload=payload_text,
            prev_hash=prev_hash,
            entry_hash=entry_hash(prev_hash, content),
        )
        entry.save()
    return entry


# --- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None
    reason: str


_VERIFY_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "action",
    "subject_type",
    "subject_id",
    "payload",
    "prev_hash",
    "entry_hash",
)


@dataclass
class _DayCheck:
    day: dt.date
    first_seq: int
    partial: bool  # verification started in the middle of this day
    tree: merkle.StreamingTreeHash = field(default_factory=merkle.StreamingTreeHash)
    last_seq: int = 0


def _check_day(d: _DayCheck, roots: dict[dt.date, MerkleRoot]) -> str | None:
    root = roots.pop(d.day, None)
    if root is None or d.partial:
        return None
    if (
        root.tree_size != d.tree.size
        or root.first_seq != d.first_seq
        or root.last_seq != d.last_seq
    ):
        return (
            f"day {d.day} has entries {d.first_seq}..{d.last_seq} ({d.tree.size}) but its "
            f"Merkle root covers {root.first_seq}..{root.last_seq} ({root.tree_size})"
        )
    if d.tree.root().hex() != root.root_hash:
        return f"Merkle root of day {d.day} does not match its entries"
    return None


def ledger_verify(*, start_seq: int = 1, chunk_size: int = 2000) -> VerifyResult:
    """Walk the chain from ``start_seq`` in seq order and check everything that can be checked.

    For each entry: seq continuity (no gap), ``prev_hash`` equal to the previous ``entry_hash``,
    time never running backwards, and ``entry_hash`` recomputed from the stored fields. For each
    day with a stored Merkle root: the day's entries are exactly the root's seq range and give
    the same root. Rows are streamed with an iterator, so memory stays bounded for any length.
    """
    if start_seq < 1:
        raise ValueError("start_seq must be ≥ 1")
    expected_prev = GENESIS_HASH
    prev_at: dt.datetime | None = None
    if start_seq > 1:
        anchor = (
            LedgerEntry.objects.filter(seq=start_seq - 1).values_list("entry_hash", "at").first()
        )
        if anchor is None:
            return VerifyResult(False, 0, start_seq - 1, "entry missing (gap in seq)")
        expected_prev, prev_at = anchor
    roots = {r.day: r for r in MerkleRoot.objects.filter(last_seq__gte=start_seq)}
    expected_seq = start_seq
    checked = 0
    day: _DayCheck | None = None

    def broken(seq: int, reason: str) -> VerifyResult:
        return VerifyResult(False, checked, seq, reason)

    rows = (
        LedgerEntry.objects.filter(seq__gte=start_seq)
        .order_by("seq")
        .values_list(*_VERIFY_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    for seq, at, actor_id, label, org_id, action, s_type, s_id, payload, prev, stored in rows:
        if seq != expected_seq:
            return broken(expected_seq, f"entry missing (gap in seq: next stored is {seq})")
        if prev != expected_prev:
            return broken(seq, "prev_hash does not match the previous entry_hash")
        if prev_at is not None and at < prev_at:
            return broken(seq, "time runs backwards (at earlier than the previous entry)")
        content = entry_content(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=label,
            organisation_id=org_id,
            action=action,
            subject_type=s_type,
            subject_id=s_id,
            payload=payload,
        )
        if entry_hash(prev, content) != stored:
            return broken(seq, "entry_hash mismatch")
        local_day = at.astimezone(LEDGER_TZ).date()
        if day is None or day.day != local_day:
            if day is not None and (problem := _check_day(day, roots)):
                return broken(day.first_seq, problem)
            day = _DayCheck(local_day, seq, partial=(checked == 0 and start_seq > 1))
        day.tree.add(bytes.fromhex(stored))
        day.last_seq = seq
        checked += 1
        expected_seq = seq + 1
        expected_prev = stored
        prev_at = at
    if day is not None and (problem := _check_day(day, roots)):
        return broken(day.first_seq, problem)
    for root in sorted(roots.values(), key=lambda r: r.day):
        if root.tree_size and (root.first_seq or 0) >= start_seq:
            return broken(root.first_seq or expected_seq, f"entries of day {root.day} are missing")
    return VerifyResult(True, checked, None, "")


# --- Merkle roots ---------------------------------------------------------------------------


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a county calendar day (Asia/Shanghai) as aware datetimes."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=LEDGER_TZ)
    return start, start + dt.timedelta(days=1)


def ledger_day(at: dt.datetime) -> dt.date:
    return at.astimezone(LEDGER_TZ).date()


def ledger_today() -> dt.date:
    return ledger_day(clock.now())


def merkle_root_compute(*, day: dt.date) -> MerkleRoot:
    """Compute and store the Merkle root of ``day`` (a past county calendar day). Idempotent.

    Takes the writer lock, so no entry of that day can still be in flight, then records the root
    in the chain itself (action ``ledger.merkle_root.compute``, timed today), which also makes
    sure no later entry can ever be dated on a sealed day.
    """
    if day >= ledger_today():
        raise DomainError(
            f"{day} 尚未结束，只能计算已经过去的日期的默克尔根。", code="day_not_over", field="day"
        )
    with transaction.atomic():
        _lock_writers()
        existing = MerkleRoot.objects.filter(day=day).first()
        if existing is not None:
            return existing
        start, end = day_bounds(day)
        tree = merkle.StreamingTreeHash()
        first_seq = last_seq = None
        hashes = (
            LedgerEntry.objects.filter(at__gte=start, at__lt=end)
            .order_by("seq")
            .values_list("seq", "entry_hash")
            .iterator(chunk_size=5000)
        )
        for seq, h in hashes:
            if first_seq is None:
                first_seq = seq
            last_seq = seq
            tree.add(bytes.fromhex(h))
        if first_seq is not None and last_seq is not None and last_seq - first_seq + 1 != tree.size:
            raise DomainError(
                f"{day} 的账本记录序号不连续，账本可能已被篡改，请先运行 zhifa ledger verify。",
                code="ledger_broken",
            )
        root = MerkleRoot(
            day=day,
            tree_size=tree.size,
            first_seq=first_seq,
            last_seq=last_seq,
            root_hash=tree.root().hex(),
            computed_at=clock.now(),
        )
        root.save()
        ledger_append(
            actor=None,
            action=ACTION_MERKLE_ROOT,
            subject=root,
            payload={
                "day": day,
                "tree_size": root.tree_size,
                "first_seq": first_seq,
                "last_seq": last_seq,
                "root_hash": root.root_hash,
            },
        )
    return root


def merkle_roots_compute_missing(*, until: dt.date | None = None) -> list[MerkleRoot]:
    """Compute the roots of every past day (from the first entry's day to ``until``, default
    yesterday) that has none yet. Returns the roots computed now, oldest first."""
    yesterday = ledger_today() - dt.timedelta(days=1)
    until = min(until or yesterday, yesterday)
    first_at = LedgerEntry.objects.order_by("seq").values_list("at", flat=True).first()
    if first_at is None:
        return []
    day = ledger_day(first_at)
    have = set(
        MerkleRoot.objects.filter(day__gte=day, day__lte=until).values_list("day", flat=True)
    )
    computed = []
    while day <= until:
        if day not in have:
            computed.append(merkle_root_compute(day=day))
        day += dt.timedelta(days=1)
    return computed


@dataclass(frozen=True)
class InclusionProof:
    """RFC 6962 audit path of one entry in its day's tree. Hashes are lower-case hex."""

    seq: int
    entry_hash: str
    day: dt.date
    leaf_index: int
    tree_size: int
    root_hash: str
    audit_path: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "entry_hash": self.entry_hash,
            "day": self.day.isoformat(),
            "leaf_index": self.leaf_index,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "audit_path": list(self.audit_path),
        }


def merkle_inclusion_proof(entry: LedgerEntry) -> InclusionProof:
    """The audit path proving ``entry`` is a leaf of its day's published Merkle root."""
    day = ledger_day(entry.at)
    root = MerkleRoot.objects.filter(day=day).first()
    if root is None or root.first_seq is None or root.last_seq is None:
        raise LedgerNotFound(f"{day} 的默克尔根尚未计算，次日后再查询。", code="not_sealed")
    if not root.first_seq <= entry.seq <= root.last_seq:
        raise DomainError(f"第 {entry.seq} 条不在 {day} 的默克尔树中。", code="ledger_broken")
    leaves = (
        bytes.fromhex(h)
        for h in LedgerEntry.objects.filter(seq__gte=root.first_seq, seq__lte=root.last_seq)
        .order_by("seq")
        .values_list("entry_hash", flat=True)
        .iterator(chunk_size=5000)
    )
    index = entry.seq - root.first_seq
    path = merkle.audit_path(leaves, index, root.tree_size)
    return InclusionProof(
        seq=entry.seq,
        entry_hash=entry.entry_hash,
        day=day,
        leaf_index=index,
        tree_size=root.tree_size,
        root_hash=root.root_hash,
        audit_path=[p.hex() for p in path],
    )


def inclusion_proof_verify(proof: InclusionProof, *, root_hash: str | None = None) -> bool:
    """Check an inclusion proof against ``root_hash`` (default: the root named in the proof —
    pass the root you obtained independently, e.g. from the published page, to mean something)."""
    try:
        return merkle.verify_inclusion(
            leaf_data=bytes.fromhex(proof.entry_hash),
            leaf_index=proof.leaf_index,
            tree_size=proof.tree_size,
            path=[bytes.fromhex(p) for p in proof.audit_path],
            root=bytes.fromhex(root_hash or proof.root_hash),
        )
    except ValueError:
        return False

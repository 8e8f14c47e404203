"""/api/v1/ledger/: the published daily roots and inclusion proofs (public), entries (staff)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhifa.core.errors import PermissionDenied
from zhifa.ledger.permissions import can_view_ledger
from zhifa.ledger.selectors import (
    LedgerFilters,
    entry_get_by_seq,
    entry_list_for_user,
    root_get,
    root_list,
)
from zhifa.ledger.services import LedgerNotFound, merkle_inclusion_proof

router = Router(tags=["ledger"])


class RootOut(Schema):
    day: dt.date
    tree_size: int
    first_seq: int | None
    last_seq: int | None
    root_hash: str


class ProofOut(Schema):
    seq: int
    entry_hash: str
    day: dt.date
    leaf_index: int
    tree_size: int
    root_hash: str
    audit_path: list[str]


class EntryOut(Schema):
    seq: int
    at: dt.datetime
    actor_id: int | None
    actor_label: str
    organisation_id: int | None
    action: str
    subject_type: str
    subject_id: str
    payload: str
    prev_hash: str
    entry_hash: str


class EntryPage(Schema):
    entries: list[EntryOut]
    next_before: int | None


class EntryQuery(Schema):
    action: str = ""
    subject_type: str = ""
    subject_id: str = ""
    actor_id: int | None = None
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    before: int | None = None
    limit: int = 100


def _root_out(r) -> RootOut:  # type: ignore[no-untyped-def]
    return RootOut(
        day=r.day,
        tree_size=r.tree_size,
        first_seq=r.first_seq,
        last_seq=r.last_seq,
        root_hash=r.root_hash,
    )


@router.get("/roots", response=list[RootOut], auth=None, summary="Published daily Merkle roots")
def roots(request: HttpRequest, limit: int = 31, offset: int = 0) -> list[RootOut]:
    limit = max(1, min(limit, 366))
    offset = max(0, offset)
    return [_root_out(r) for r in root_list()[offset : offset + limit]]


@router.get("/roots/{day}", response=RootOut, auth=None, summary="The Merkle root of one day")
def root(request: HttpRequest, day: dt.date) -> RootOut:
    r = root_get(day=day)
    if r is None:
        raise LedgerNotFound(f"{day} 的默克尔根尚未计算。")
    return _root_out(r)


@router.get(
    "/proof/{seq}", response=ProofOut, auth=None, summary="RFC 6962 inclusion proof of one entry"
)
def proof(request: HttpRequest, seq: int) -> ProofOut:
    """Hashes only: the entry's hash, its position in its day's tree and the audit path."""
    entry = entry_get_by_seq(seq=seq) if seq >= 1 else None
    if entry is None:
        raise LedgerNotFound(f"没有第 {seq} 条账本记录。")
    return ProofOut(**merkle_inclusion_proof(entry).as_dict())


@router.get("/entries", response=EntryPage, summary="Ledger entries the user may see")
def entries(request: HttpRequest, q: Query[EntryQuery]) -> EntryPage:
    user = request.auth  # type: ignore[attr-defined]
    if not can_view_ledger(user):
        raise PermissionDenied()
    limit = max(1, min(q.limit, 500))
    qs = entry_list_for_user(
        user=user,
        filters=LedgerFilters(
            action=q.action,
            subject_type=q.subject_type,
            subject_id=q.subject_id,
            actor_id=q.actor_id,
            actor=q.actor,
            date_from=q.date_from,
            date_to=q.date_to,
        ),
    )
    if q.before is not None:
        qs = qs.filter(seq__lt=q.before)
    rows = list(qs[: limit + 1])
    page = rows[:limit]
    return EntryPage(
        entries=[EntryOut.model_validate(e, from_attributes=True) for e in page],
        next_before=page[-1].seq if len(rows) > limit else None,
    )

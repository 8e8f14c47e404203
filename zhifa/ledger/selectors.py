"""Scoped reads of the ledger.

Scope of the staff list: county-wide users see every entry; a unit head sees the entries whose
actor belonged, when the entry was written, to their unit or a unit below it
(``organisation_id``, resolved against today's organisation tree); anyone else sees nothing here.
All the columns shown are on the entry itself, so a page of entries is one query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import QuerySet

from zhifa.accounts.selectors import organisation_list_visible
from zhifa.ledger.models import LedgerEntry, MerkleRoot
from zhifa.ledger.permissions import can_view_ledger
from zhifa.ledger.services import day_bounds

if TYPE_CHECKING:
    from zhifa.accounts.models import User


@dataclass(frozen=True)
class LedgerFilters:
    """Filters of the staff list. Empty values do not filter.

    ``action`` is a prefix (``case.`` matches every case action); ``actor`` a part of the actor's
    name; dates are county calendar days, both inclusive.
    """

    action: str = ""
    subject_type: str = ""
    subject_id: str = ""
    actor_id: int | None = None
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def entry_list_for_user(
    *, user: User, filters: LedgerFilters | None = None
) -> QuerySet[LedgerEntry]:
    """Entries ``user`` may see, newest first, filtered. Page it by ``seq`` (keyset)."""
    qs = LedgerEntry.objects.all()
    if not can_view_ledger(user):
        return qs.none()
    if not user.is_county_wide:
        qs = qs.filter(
            organisation_id__in=models.Subquery(organisation_list_visible(user=user).values("pk"))
        )
    f = filters or LedgerFilters()
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.subject_type:
        qs = qs.filter(subject_type=f.subject_type)
    if f.subject_id:
        qs = qs.filter(subject_id=f.subject_id)
    if f.actor_id is not None:
        qs = qs.filter(actor_id=f.actor_id)
    if f.actor:
        qs = qs.filter(actor_label__contains=f.actor)
    if f.date_from:
        qs = qs.filter(at__gte=day_bounds(f.date_from)[0])
    if f.date_to:
        qs = qs.filter(at__lt=day_bounds(f.date_to)[1])
    return qs.order_by("-seq")


def entries_for_subject(*, user: User, subject: models.Model) -> QuerySet[LedgerEntry]:
    """The history of ``subject`` (oldest first) for its detail page.

    The caller has already checked that ``user`` may see ``subject`` (its own scoped selector);
    whoever may see a subject may see its whole history, including actions by other units
    (e.g. the Justice Bureau's review of a case).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active or subject.pk is None:
        return LedgerEntry.objects.none()
    return LedgerEntry.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).order_by("seq")


def root_list() -> QuerySet[MerkleRoot]:
    """Published daily roots, newest first (public)."""
    return MerkleRoot.objects.order_by("-day")


def root_get(*, day: dt.date) -> MerkleRoot | None:
    return MerkleRoot.objects.filter(day=day).first()


def entry_get_by_seq(*, seq: int) -> LedgerEntry | None:
    """An entry by its number — for inclusion proofs (hashes only; never show it publicly)."""
    return LedgerEntry.objects.filter(seq=seq).first()

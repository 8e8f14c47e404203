"""Reads of the item catalogue: the catalogue on a date, an item's history, the review queue.

Every staff member may read the *published* catalogue (it is public anyway, R-1.2-08 (2));
proposals and their workflow are visible to the proposing unit (and the units above it) and to
the county-wide roles (Justice Bureau, county leaders).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.catalog.constants import ChangeKind, VersionStatus
from zhifa.catalog.models import EnforcementItem, EnforcementType, ItemVersion
from zhifa.catalog.services.items import (
    CATALOGUE_OWNER_KINDS,
    ELEMENT_FIELDS,
    OPEN_STATUSES,
    catalogue_owner,
)
from zhifa.core import clock


def _in_force_q(day: dt.date, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}status": VersionStatus.PUBLISHED})
        & Q(**{f"{prefix}effective_from__lte": day})
        & (Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gt": day}))
        & ~Q(**{f"{prefix}change_kind": ChangeKind.DELETE})
    )


def items_in_force(
    *,
    organisation: Organisation | None = None,
    on_date: dt.date | None = None,
    item_type: str | None = None,
    enforcement_type: EnforcementType | str | None = None,
    search: str = "",
) -> QuerySet[ItemVersion]:
    """The catalogue as it stood on ``on_date`` (default today): the versions in force — published,
    effective_from <= d and (effective_to is null or > d), not a delete version (R-1.8-06).

    ``organisation`` narrows it to one unit's catalogue (a township team → its township).
    """
    day = on_date or clock.today()
    qs = ItemVersion.objects.filter(_in_force_q(day))
    if organisation is not None:
        qs = qs.filter(item__organisation=catalogue_owner(organisation))
    if item_type:
        qs = qs.filter(item_type=item_type)
    if isinstance(enforcement_type, EnforcementType):
        qs = qs.filter(enforcement_type=enforcement_type)
    elif enforcement_type:
        qs = qs.filter(enforcement_type__code=enforcement_type)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(item__code__icontains=search))
    return qs.select_related("item", "item__organisation", "enforcement_type").order_by(
        "item__organisation__sort_order", "item__organisation_id", "item__code"
    )


def item_in_force_for(
    *, organisation: Organisation, item: EnforcementItem, on_date: dt.date
) -> bool:
    """R-1.8-04: is ``item`` in ``organisation``'s catalogue on ``on_date``?"""
    owner = catalogue_owner(organisation)
    if item.organisation_id != owner.pk:
        return False
    return ItemVersion.objects.filter(_in_force_q(on_date), item=item).exists()


def catalogue_units() -> QuerySet[Organisation]:
    """The units that keep a catalogue (county departments and townships), departments first."""
    return Organisation.objects.filter(kind__in=CATALOGUE_OWNER_KINDS, is_active=True).order_by(
        "-kind", "sort_order", "id"
    )


def catalogue_unit_counts(*, on_date: dt.date | None = None) -> dict[int, int]:
    """Number of items in force per unit on a date."""
    day = on_date or clock.today()
    rows = (
        ItemVersion.objects.filter(_in_force_q(day))
        .values("item__organisation_id")
        .annotate(n=Count("id"))
    )
    return {r["item__organisation_id"]: r["n"] for r in rows}


def item_get(*, user: User, item_id: int) -> EnforcementItem | None:
    """An item any staff member may open when it has ever been published; otherwise (a pending
    addition) only its unit, the units above it, and the county-wide roles."""
    if not (user.is_authenticated and user.is_active):
        return None
    item = (
        EnforcementItem.objects.select_related("organisation", "current_version__enforcement_type")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return None
    if item.current_version_id is not None or _sees_proposals_of(user, item.organisation):
        return item
    return None


def _sees_proposals_of(user: User, organisation: Organisation) -> bool:
    if user.is_county_wide:
        return True
    if user.organisation is None:
        return False
    own = catalogue_owner(user.organisation)
    return organisation.path.startswith(own.path) or organisation.path.startswith(
        user.organisation.path
    )


def item_versions_visible(*, user: User, item: EnforcementItem) -> list[ItemVersion]:
    """An item's versions, newest first: published ones for everyone, the workflow ones for the
    unit and the county-wide roles."""
    qs = item.versions.select_related(
        "enforcement_type", "proposed_by", "reviewed_by", "approved_by", "published_by"
    ).order_by("-number")
    if not _sees_proposals_of(user, item.organisation):
        qs = qs.filter(status=VersionStatus.PUBLISHED)
    return list(qs)


def item_public_get(*, item_id: int) -> EnforcementItem | None:
    """An item as the public sees it: only once it has been published."""
    return (
        EnforcementItem.objects.select_related("organisation", "current_version__enforcement_type")
        .filter(pk=item_id, current_version__isnull=False)
        .first()
    )


def item_published_history(*, item: EnforcementItem) -> list[ItemVersion]:
    return list(
        item.versions.filter(status=VersionStatus.PUBLISHED)
        .select_related("enforcement_type")
        .order_by("-number")
    )


def published_changes(
    *, organisation: Organisation | None = None, since: dt.date | None = None
) -> QuerySet[ItemVersion]:
    """Published adjustments of the catalogue, newest first (the public change log)."""
    qs = ItemVersion.objects.filter(status=VersionStatus.PUBLISHED)
    if organisation is not None:
        qs = qs.filter(item__organisation=catalogue_owner(organisation))
    if since is not None:
        qs = qs.filter(effective_from__gte=since)
    return qs.select_related("item", "item__organisation", "enforcement_type").order_by(
        "-published_at", "-id"
    )


def version_diff(old: ItemVersion | None, new: ItemVersion) -> list[dict[str, Any]]:
    """What a version changes compared with the one before it: ``[{label, old, new}]``."""
    out = []
    for name in ELEMENT_FIELDS:
        label = str(getattr(ItemVersion._meta.get_field(name), "verbose_name", name))
        new_value = _display(new, name)
        old_value = _display(old, name) if old is not None else ""
        if (old is None and new_value) or (old is not None and old_value != new_value):
            out.append({"field": name, "label": label, "old": old_value, "new": new_value})
    return out


def _display(version: ItemVersion, name: str) -> str:
    if name == "item_type":
        return version.get_item_type_display()
    if name == "enforcement_type":
        return version.enforcement_type.name
    return str(getattr(version, name) or "")


def versions_with_diffs(
    versions: list[ItemVersion],
) -> list[tuple[ItemVersion, list[dict[str, Any]]]]:
    """Pair each version (newest first) with its diff against the previous published version."""
    ordered = sorted(versions, key=lambda v: v.number)
    out = []
    last_published: ItemVersion | None = None
    for v in ordered:
        out.append((v, version_diff(last_published, v)))
        if v.status == VersionStatus.PUBLISHED:
            last_published = v
    return list(reversed(out))


def proposals_visible(*, user: User, status: str | None = None) -> QuerySet[ItemVersion]:
    """Versions in the workflow the user may see: their unit's (and below) or all for the JB."""
    qs = ItemVersion.objects.all()
    if not user.is_county_wide:
        if user.organisation is None:
            return qs.none()
        owner = catalogue_owner(user.organisation)
        qs = qs.filter(
            organisation_scope_q(user, field="item__organisation")
            | Q(item__organisation__path__startswith=owner.path)
        )
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_STATUSES)
    return qs.select_related(
        "item", "item__organisation", "enforcement_type", "proposed_by"
    ).order_by("proposed_at", "id")


def review_queue_counts(*, user: User) -> dict[str, int]:
    """Counts of open proposals per status (the JB's queue)."""
    rows = proposals_visible(user=user).order_by().values("status").annotate(n=Count("id"))
    counts: dict[str, int] = {str(s): 0 for s in OPEN_STATUSES}
    for r in rows:
        counts[r["status"]] = r["n"]
    return counts


def unit_items(
    *, user: User, organisation: Organisation, include_out_of_force: bool = False
) -> QuerySet[EnforcementItem]:
    """A unit's items with their current version (for the staff catalogue page)."""
    qs = EnforcementItem.objects.filter(organisation=catalogue_owner(organisation))
    if not include_out_of_force:
        qs = qs.filter(is_in_force=True)
    return qs.select_related("current_version__enforcement_type", "organisation")


def is_township(organisation: Organisation) -> bool:
    return catalogue_owner(organisation).kind == OrganisationKind.TOWNSHIP_GOVERNMENT

"""Reads of the unit lists, for the pages and for later modules (inspections, cases)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q, QuerySet

from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.catalog.constants import UnitListKind
from zhifa.catalog.models import EnforcementItem, UnitListEntry, UnitListFiling
from zhifa.catalog.services.items import catalogue_owner


def unit_list_entries(
    *, organisation: Organisation, kind: str, active: bool | None = True
) -> QuerySet[UnitListEntry]:
    """A unit's entries of one list (a team's lists are its township's); ``active=None`` for all."""
    qs = UnitListEntry.objects.filter(organisation=catalogue_owner(organisation), kind=kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.select_related("item", "item__current_version").order_by("-is_active", "name", "id")


def major_decision_list_for(organisation: Organisation) -> QuerySet[UnitListEntry]:
    """R-1.4-08: the unit's active list of major decisions that need legal review."""
    return unit_list_entries(organisation=organisation, kind=UnitListKind.MAJOR_DECISION)


def av_recording_required(organisation: Organisation, item: EnforcementItem) -> bool:
    """R-1.3-05: does the unit's audio-video recording list name this item?"""
    return UnitListEntry.objects.filter(
        organisation=catalogue_owner(organisation),
        kind=UnitListKind.AV_RECORDING,
        is_active=True,
        item=item,
    ).exists()


def list_last_changed(*, organisation: Organisation, kind: str) -> dt.datetime | None:
    """When the unit's list last changed (an entry added, edited or taken off)."""
    return UnitListEntry.objects.filter(
        organisation=catalogue_owner(organisation), kind=kind
    ).aggregate(m=Max("updated_at"))["m"]


def random_inspection_units() -> QuerySet[Organisation]:
    """Units with a published random-inspection list (R-1.1-06), for the public index."""
    ids = (
        UnitListEntry.objects.filter(kind=UnitListKind.RANDOM_INSPECTION, is_active=True)
        .values("organisation_id")
        .distinct()
    )
    return Organisation.objects.filter(pk__in=ids).order_by("-kind", "sort_order", "id")


def filings_visible(*, user: User, status: str | None = None) -> QuerySet[UnitListFiling]:
    qs = UnitListFiling.objects.all()
    if not user.is_county_wide:
        if user.organisation is None:
            return qs.none()
        owner = catalogue_owner(user.organisation)
        qs = qs.filter(organisation_scope_q(user) | Q(organisation__path__startswith=owner.path))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("organisation", "submitted_by", "handled_by").order_by("-submitted_at")


def filing_get(*, user: User, filing_id: int) -> UnitListFiling | None:
    return filings_visible(user=user).filter(pk=filing_id).first()


def list_units_visible(*, user: User) -> QuerySet[Organisation]:
    """Units whose lists the user may open: all catalogue units for the county-wide roles, their
    own unit otherwise."""
    from zhifa.catalog.selectors.items import catalogue_units

    units = catalogue_units()
    if user.is_county_wide:
        return units
    if user.organisation is None:
        return units.none()
    return units.filter(pk=catalogue_owner(user.organisation).pk)

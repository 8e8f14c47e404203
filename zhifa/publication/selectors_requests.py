"""Reads of correction requests and disclosure applications (R-1.2-18, R-1.2-16): the staff's,
scoped to the units they see, and the portal's look-up by tracking code."""

from __future__ import annotations

from django.db.models import QuerySet

from zhifa.accounts.models import User
from zhifa.publication.constants import RequestKind as K
from zhifa.publication.constants import RequestStatus as S
from zhifa.publication.models import PublicRequest
from zhifa.publication.services.requests import HANDLER_ROLES, normalise_tracking_code


def requests_visible(*, user: User) -> QuerySet[PublicRequest]:
    """Requests the user may read: those addressed to (or forwarded to) the units they see, for
    the unit's officers, legal reviewers and heads; every unit for the county-wide roles
    (supervisors read-only)."""
    from zhifa.accounts.selectors import organisation_scope_q

    qs = PublicRequest.objects.all()
    if not user.is_county_wide and not user.has_role(*HANDLER_ROLES):
        return qs.none()
    return qs.filter(organisation_scope_q(user) | organisation_scope_q(user, field="forwarded_to"))


def request_list_for_user(
    *, user: User, kind: str = "", status: str = ""
) -> QuerySet[PublicRequest]:
    """The staff list, newest first, with the units loaded in the same query."""
    qs = requests_visible(user=user)
    if kind in K.values:
        qs = qs.filter(kind=kind)
    if status == "open":
        qs = qs.filter(status__in=(S.RECEIVED, S.VERIFYING))
    elif status in S.values:
        qs = qs.filter(status=status)
    return qs.select_related("organisation", "forwarded_to", "publication", "handler").order_by(
        "-received_at", "-id"
    )


def request_get_for_user(*, user: User, request_id: int) -> PublicRequest | None:
    return (
        requests_visible(user=user)
        .select_related("organisation", "forwarded_to", "publication", "handler", "decided_by")
        .filter(pk=request_id)
        .first()
    )


def request_track(*, code: str) -> PublicRequest | None:
    """The request with this tracking code (the portal shows only its public fields)."""
    code = normalise_tracking_code(code)
    if not code:
        return None
    return (
        PublicRequest.objects.select_related("organisation", "forwarded_to", "publication")
        .filter(tracking_code=code)
        .first()
    )

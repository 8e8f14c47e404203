"""Where a party goes against a decision (R-1.14-08): one answer for every document.

The reconsideration organ is the people's government above the unit (《行政复议法》第二十四条: the
county government for its departments and townships); litigation goes to the people's court.
Both are read from the organisation tree, so a county that names them differently is right.
"""

from __future__ import annotations

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.models import Organisation


def remedy_bodies(organisation: Organisation) -> tuple[str, str]:
    """(reconsideration organ, court) for a decision made in ``organisation``'s name."""
    review = ""
    node: Organisation | None = organisation
    while node is not None:
        if node.kind == OrganisationKind.COUNTY_GOVERNMENT:
            review = node.name
            break
        node = node.parent
    if not review:
        review = (
            Organisation.objects.filter(kind=OrganisationKind.COUNTY_GOVERNMENT, is_active=True)
            .order_by("sort_order", "id")
            .values_list("name", flat=True)
            .first()
        ) or "本级人民政府"
    court = (
        Organisation.objects.filter(kind=OrganisationKind.COURT, is_active=True)
        .order_by("sort_order", "id")
        .values_list("name", flat=True)
        .first()
    ) or "有管辖权的人民法院"
    return review, court


def remedy_context(organisation: Organisation) -> dict[str, str]:
    """The template keys ``review_organ`` and ``court``."""
    review, court = remedy_bodies(organisation)
    return {"review_organ": review, "court": court}


def remedies_text(organisation: Organisation, *, what: str = "本决定") -> str:
    """R-1.14-08: the right, time limit and channel of reconsideration and litigation."""
    review, court = remedy_bodies(organisation)
    return (
        f"如不服{what}，可以在收到本决定书之日起六十日内向{review}申请行政复议，"
        f"也可以在收到本决定书之日起六个月内依法向{court}提起行政诉讼。"
    )

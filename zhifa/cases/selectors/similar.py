"""Similar past decisions of the unit for the same violation (R-1.5-04), shown beside the
proposal so that cases whose facts, nature, circumstances and harm are basically the same get
basically the same treatment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from zhifa.cases.constants import DecisionOutcome
from zhifa.cases.models import Case, CaseReport
from zhifa.catalog.constants import PenaltyType, Tier
from zhifa.catalog.models import ItemVersion


@dataclass(frozen=True)
class SimilarDecision:
    case_id: int
    number: str
    party_name: str
    decided_at: dt.datetime | None
    penalty_types: tuple[str, ...]
    fine: Decimal | None
    confiscation: Decimal | None
    tier: str

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label if self.tier in Tier.values else "未适用裁量基准"

    @property
    def penalty_labels(self) -> list[str]:
        return [PenaltyType(t).label for t in self.penalty_types if t in PenaltyType.values]


def similar_decisions(*, case: Case, limit: int = 5) -> list[SimilarDecision]:
    """R-1.5-04: the unit's decided penalty cases for the same enforcement item (decision
    approved), newest first, with the tier their report suggested, the fine and the decision
    date. Two small queries (the item's versions, then the cases)."""
    tier = (
        CaseReport.objects.filter(case_id=OuterRef("pk"))
        .order_by("-revision")
        .values("suggested_tier")[:1]
    )
    versions = list(
        ItemVersion.objects.filter(
            item_id=ItemVersion.objects.filter(pk=case.item_version_id).values("item_id")[:1]
        ).values_list("pk", flat=True)
    )
    # Walks the index (organisation, item_version, -decided_at) newest first and stops at
    # ``limit`` matches; never loads the unit's whole history of the item.
    rows = (
        Case.objects.filter(
            organisation_id=case.organisation_id,
            item_version_id__in=versions,
            decided_at__isnull=False,
            decision__outcome=DecisionOutcome.PENALTY,
        )
        .exclude(pk=case.pk)
        .annotate(tier=Subquery(tier))
        .values(
            "pk",
            "number",
            "party__name",
            "decided_at",
            "decision__penalty_types",
            "decision__fine",
            "decision__confiscation",
            "tier",
        )
        .order_by("-decided_at", "-id")[:limit]
    )
    return [
        SimilarDecision(
            case_id=r["pk"],
            number=r["number"] or "",
            party_name=r["party__name"],
            decided_at=r["decided_at"],
            penalty_types=tuple(r["decision__penalty_types"] or ()),
            fine=r["decision__fine"],
            confiscation=r["decision__confiscation"],
            tier=r["tier"] or "",
        )
        for r in rows
    ]

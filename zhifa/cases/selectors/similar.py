"""Similar past decisions of the unit for the same violation (R-1.5-04), shown beside the
proposal so that cases whose facts, nature, circumstances and harm are basically the same get
basically the same treatment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from zhifa.cases.constants import DecisionOutcome
from zhifa.cases.models import Case, CaseReport, Decision
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
    date. One query."""
    tier = (
        CaseReport.objects.filter(case_id=OuterRef("case_id"))
        .order_by("-revision")
        .values("suggested_tier")[:1]
    )
    rows = (
        Decision.objects.filter(
            case__organisation_id=case.organisation_id,
            case__item_version__item_id__in=ItemVersion.objects.filter(
                pk=case.item_version_id
            ).values("item_id"),
            outcome=DecisionOutcome.PENALTY,
            decided_at__isnull=False,
        )
        .exclude(case_id=case.pk)
        .annotate(tier=Subquery(tier))
        .values(
            "case_id",
            "case__number",
            "case__party__name",
            "decided_at",
            "penalty_types",
            "fine",
            "confiscation",
            "tier",
        )
        .order_by("-decided_at", "-id")[:limit]
    )
    return [
        SimilarDecision(
            case_id=r["case_id"],
            number=r["case__number"] or "",
            party_name=r["case__party__name"],
            decided_at=r["decided_at"],
            penalty_types=tuple(r["penalty_types"] or ()),
            fine=r["fine"],
            confiscation=r["confiscation"],
            tier=r["tier"] or "",
        )
        for r in rows
    ]

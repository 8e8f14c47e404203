"""Helpers of the publication tests: decided cases and a publication driven through review."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zhifa.cases.services.simplified import case_simplified_decide
from zhifa.catalog.constants import PenaltyType
from zhifa.core import clock
from zhifa.core.identifiers import make_id_number
from zhifa.publication.services.publication import (
    publication_approve,
    publication_draft_from_case,
    publication_legal_check,
)
from zhifa.subjects.constants import EntityCategory
from zhifa.subjects.models import MarketEntity


def person(name: str = "张三丰", *, seed: int = 7) -> MarketEntity:
    number = make_id_number(random.Random(seed), birth=dt.date(1980, 1, 1), female=False)
    return MarketEntity.objects.create(
        name=name,
        category=EntityCategory.NATURAL_PERSON,
        id_number=number,
        address="山西省临猗县猗氏镇东街村12号",
    )


def decided(w, **over):  # type: ignore[no-untyped-def]
    """A simplified penalty decided now: R-1.2-12 (7 working days) is running."""
    args = {
        "actor": w.o1,
        "organisation": w.dept,
        "item_version": w.item,
        "party": w.party,
        "cause": "销售超过保质期食品",
        "facts": "货架上陈列销售超过保质期的纯牛奶1盒。",
        "officers": [w.o1, w.o2],
        "penalty_types": [PenaltyType.WARNING, PenaltyType.FINE],
        "fine": Decimal("1000"),
        "place": "临猗县猗氏镇解放路18号",
        "decided_at": clock.now(),
        "certificate_shown": True,
        "party_informed": True,
    }
    args.update(over)
    if args["party"].category == EntityCategory.NATURAL_PERSON and "fine" not in over:
        args["fine"] = Decimal("200")  # the simplified procedure's limit for a citizen
    return case_simplified_decide(**args)


def published(w, case=None, **draft):  # type: ignore[no-untyped-def]
    case = case or decided(w)
    p = publication_draft_from_case(case=case, actor=w.o1, **draft)
    publication_legal_check(
        publication=p, actor=w.reviewer, approve=True, note="合法、适当。", masking_confirmed=True
    )
    return publication_approve(publication=p, actor=w.head, approve=True)

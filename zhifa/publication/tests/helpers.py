"""Helpers of the publication tests: decided cases and a publication driven through review."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zhifa.cases.tests.test_simplified import _decide
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
    """A simplified penalty decided now (test_simplified's ``_decide``): R-1.2-12 (7 working
    days) is running. A natural person's fine stays within the simplified procedure's limit."""
    party = over.get("party", w.party)
    if party.category == EntityCategory.NATURAL_PERSON and "fine" not in over:
        over["fine"] = Decimal("200")
    return _decide(w, **over)


def published(w, case=None, **draft):  # type: ignore[no-untyped-def]
    case = case or decided(w)
    p = publication_draft_from_case(case=case, actor=w.o1, **draft)
    publication_legal_check(
        publication=p, actor=w.reviewer, approve=True, note="合法、适当。", masking_confirmed=True
    )
    return publication_approve(publication=p, actor=w.head, approve=True)

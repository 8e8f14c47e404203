"""Factory for directory entries (valid credit codes, distinct per row)."""

from __future__ import annotations

import random

import factory

from zhifa.core.identifiers import make_uscc
from zhifa.subjects.constants import EntityCategory
from zhifa.subjects.models import MarketEntity

_rng = random.Random(7)


class MarketEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MarketEntity

    name = factory.Sequence(lambda n: f"临猗县测试{n}号商贸有限公司")
    uscc = factory.LazyFunction(lambda: make_uscc(_rng))
    category = EntityCategory.ENTERPRISE
    legal_representative = "张三"
    address = "山西省运城市临猗县测试路1号"

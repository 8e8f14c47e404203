"""R-1.4-08: the unit's catalogue of major decisions proposes review, by item and by amount."""

from __future__ import annotations

from decimal import Decimal as D

from zhifa.cases.constants import MajorGround
from zhifa.cases.tests.test_report import reported_case
from zhifa.catalog.constants import UnitListKind
from zhifa.catalog.models import UnitListEntry


def _entry(w, **over):  # type: ignore[no-untyped-def]
    data = {
        "organisation": w.dept,
        "kind": UnitListKind.MAJOR_DECISION,
        "name": "罚款数额较大的行政处罚",
        "category": "行政处罚",
    }
    data.update(over)
    return UnitListEntry.objects.create(**data)


def test_r_1_4_08_a_fine_at_or_above_the_catalogue_amount_makes_the_case_major(world):
    _entry(world, item=world.item.item, amount_threshold=D("10000"))
    case = reported_case(world)  # fine 12000
    assert case.is_major and MajorGround.LISTED in case.major_grounds


def test_r_1_4_08_a_fine_below_the_catalogue_amount_does_not(world):
    _entry(world, amount_threshold=D("20000"))
    _entry(world, name="本事项罚款二万元以上", item=world.item.item, amount_threshold=D("20000"))
    case = reported_case(world)
    assert not case.is_major


def test_r_1_4_08_an_item_on_the_catalogue_without_an_amount_is_major(world):
    _entry(world, name="本事项", item=world.item.item)
    case = reported_case(world)
    assert case.is_major and MajorGround.LISTED in case.major_grounds

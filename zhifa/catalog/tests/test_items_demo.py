"""The items-area demo seed on top of the demo county."""

from __future__ import annotations

from zhifa.catalog.constants import FilingStatus, SubjectStatus, UnitListKind, VersionStatus
from zhifa.catalog.models import EnforcementSubject, ItemVersion, UnitListFiling
from zhifa.catalog.selectors.items import items_in_force
from zhifa.catalog.selectors.lists import major_decision_list_for, unit_list_entries
from zhifa.demo.services import demo_county_load
from zhifa.ledger.services import ledger_verify


def test_demo_seed_builds_a_realistic_catalogue(db):
    """Directory for 26 units (R-1.2-07), catalogues in force with time limits (R-1.5-15),
    adjustments in each state (R-1.8-06), lists with an accepted filing (R-1.4-08)."""
    demo_county_load(entities=20)  # runs zhifa.catalog.demo_items.demo_seed (wired by the lead)
    from zhifa.accounts.models import Organisation

    by_code = {o.code: o for o in Organisation.objects.all()}
    assert EnforcementSubject.objects.filter(status=SubjectStatus.CONFIRMED).count() == 26
    scjg = by_code["scjg"]
    assert 10 <= items_in_force(organisation=scjg).count() <= 20
    assert 10 <= items_in_force(organisation=by_code["yishi"]).count() <= 15
    assert not ItemVersion.objects.filter(time_limit="").exists()
    statuses = set(ItemVersion.objects.values_list("status", flat=True))
    assert {
        VersionStatus.PROPOSED,
        VersionStatus.JB_REVIEWED,
        VersionStatus.GOV_APPROVED,
        VersionStatus.PUBLISHED,
    } <= statuses
    assert ItemVersion.objects.filter(item__code="SCJG-003", number=2, status="published").exists()
    assert UnitListFiling.objects.get(organisation=scjg).status == FilingStatus.ACCEPTED
    assert major_decision_list_for(scjg).count() == 4
    assert (
        unit_list_entries(
            organisation=by_code["yishi-team"], kind=UnitListKind.AV_RECORDING
        ).count()
        == 2
    )
    result = ledger_verify()
    assert result.ok

"""The registries' workbench panels: who sees them and that their numbers are the queues'."""

import pytest

from zhifa.catalog.constants import ChangeKind, ChangeTrigger
from zhifa.catalog.services.items import item_propose
from zhifa.catalog.tests.test_items import elements
from zhifa.catalog.workbench import catalogue_panel
from zhifa.personnel.workbench import training_panel

pytestmark = pytest.mark.django_db


def test_r_1_8_06_catalogue_panel_counts_proposals_awaiting_review(county, people):
    item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(),
    )
    panel = catalogue_panel(people.supervisor)
    assert panel is not None
    first = panel.rows[0]
    assert first.label == "清单调整 · 待司法局审核"
    assert first.value == 1
    assert first.tone == "warn"
    # Another township's head sees a panel without that proposal; an officer sees no panel.
    assert catalogue_panel(people.officer_b) is None
    assert catalogue_panel(people.head).rows[0].value == 0


def test_r_1_10_05_training_panel_for_heads_and_the_justice_bureau(county, people):
    panel = training_panel(people.supervisor)
    assert panel is not None
    assert [row.label for row in panel.rows][0] == "待入职培训考核"
    assert training_panel(people.officer_a) is None


def test_workbench_shows_the_registry_panels(client, county, people):
    client.force_login(people.supervisor)
    body = client.get("/").content.decode()
    assert "执法事项清单" in body
    assert "培训考试" in body

"""The workbench panel: my overdue / due soon / running counts, linked to the board."""

from __future__ import annotations

import time_machine

from zhifa.deadlines.scan import deadlines_scan
from zhifa.deadlines.tests.conftest import at, open_obligation
from zhifa.deadlines.workbench import deadline_panel


@time_machine.travel(at("2025-10-10 09:30"), tick=False)
def test_panel_counts_for_an_officer_and_a_head(
    county, people, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    open_obligation(organisation=county.dept, responsible=people.dept_officer)  # due 13 Oct
    open_obligation(
        organisation=county.dept, responsible=people.dept_officer, start_at=at("2025-09-01")
    )
    open_obligation(organisation=county.dept, start_at=at("2025-10-09"))
    deadlines_scan()
    panel = deadline_panel(people.dept_officer)
    assert panel is not None
    values = {row.label: row.value for row in panel.rows}
    assert values == {"我负责的 · 已逾期": 1, "我负责的 · 即将到期": 1, "我负责的 · 进行中": 0}
    overdue_row = panel.rows[0]
    assert overdue_row.tone == "danger"
    assert overdue_row.url == f"/deadlines/?state=overdue&responsible={people.dept_officer.pk}"
    assert panel.url == "/deadlines/"

    people.head.__dict__.pop("_role_cache", None)
    with django_assert_max_num_queries(3):
        head_panel = deadline_panel(people.head)
    assert head_panel is not None
    head_values = {row.label: row.value for row in head_panel.rows}
    assert head_values["本单位及下属单位 · 已逾期"] == 1
    assert head_values["本单位及下属单位 · 即将到期"] == 1


def test_panel_on_the_workbench_page(client, county, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.supervisor)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "期限提醒" in html
    assert "全县 · 已逾期" in html


def test_no_panel_for_anonymous() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert deadline_panel(AnonymousUser()) is None

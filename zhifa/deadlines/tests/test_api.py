"""/api/v1/deadlines/: scoped lists, 404 outside scope, board counts, scan for administrators."""

from __future__ import annotations

import time_machine

from zhifa.deadlines.scan import deadlines_scan
from zhifa.deadlines.tests.conftest import at, open_obligation

API = "/api/v1/deadlines"


def _setup(county, people):  # type: ignore[no-untyped-def]
    a = open_obligation(organisation=county.team_a, responsible=people.officer_a)
    b = open_obligation(
        organisation=county.team_b, responsible=people.officer_b, start_at=at("2025-10-09")
    )
    with time_machine.travel(at("2025-10-14 09:00"), tick=False):
        deadlines_scan()
    return a, b


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_list_is_scoped_to_the_township(client, county, people) -> None:  # type: ignore[no-untyped-def]
    a, b = _setup(county, people)
    client.force_login(people.officer_a)
    response = client.get(f"{API}/obligations")
    assert response.status_code == 200
    data = response.json()
    assert [o["id"] for o in data] == [a.pk]
    assert data[0]["state"] == "overdue"
    assert data[0]["rule_id"] == "R-1.2-12"
    assert data[0]["due_date"] == "2025-10-13"
    assert data[0]["url"] == f"/deadlines/{a.pk}/"


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_detail_outside_scope_is_a_structured_404(client, county, people) -> None:  # type: ignore[no-untyped-def]
    a, b = _setup(county, people)
    client.force_login(people.officer_a)
    response = client.get(f"{API}/obligations/{b.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "无权查看" in response.json()["message"]
    response = client.get(f"{API}/obligations/{a.pk}")
    assert response.status_code == 200
    assert response.json()["pauses"] == [] and response.json()["extensions"] == []


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_justice_bureau_lists_all_and_filters(client, county, people) -> None:  # type: ignore[no-untyped-def]
    a, b = _setup(county, people)
    client.force_login(people.supervisor)
    assert [o["id"] for o in client.get(f"{API}/obligations").json()] == [a.pk, b.pk]
    overdue = client.get(f"{API}/obligations", {"state": "overdue"}).json()
    assert [o["id"] for o in overdue] == [a.pk]
    by_unit = client.get(f"{API}/obligations", {"organisation": county.town_b.pk}).json()
    assert [o["id"] for o in by_unit] == [b.pk]
    ranged = client.get(f"{API}/obligations", {"due_from": "2025-10-14"}).json()
    assert [o["id"] for o in ranged] == [b.pk]
    board = client.get(f"{API}/board").json()
    assert board["totals"]["overdue"] == 1
    assert {u["organisation_id"] for u in board["units"]} == {county.team_a.pk, county.team_b.pk}


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_bad_filters_are_structured_400s(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.supervisor)
    response = client.get(f"{API}/obligations", {"state": "late"})
    assert response.status_code == 400
    assert response.json()["field"] == "state"
    response = client.get(f"{API}/obligations", {"limit": 100000})
    assert response.status_code == 400
    response = client.get(f"{API}/obligations", {"due_from": "2025-13-01"})
    assert response.status_code == 422
    response = client.get(f"{API}/obligations", {"due_from": "2025-10-02", "due_to": "2025-10-01"})
    assert response.status_code == 400


def test_api_needs_authentication(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"{API}/obligations")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_scan_endpoint_is_for_administrators(client, county, people) -> None:  # type: ignore[no-untyped-def]
    open_obligation(organisation=county.dept, responsible=people.dept_officer)
    client.force_login(people.head)
    response = client.post(f"{API}/scan")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    client.force_login(people.admin)
    response = client.post(f"{API}/scan")
    assert response.status_code == 200
    assert response.json()["overdue"] == 1

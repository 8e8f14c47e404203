"""The cases API: list and detail, actions through the same forms and services as the pages,
structured errors (400 with field errors, 403, 404, 409), never a 500 on bad input."""

from __future__ import annotations

from zhifa.cases.constants import CaseStatus
from zhifa.cases.models import Case
from zhifa.cases.tests.conftest import filed_case


def _post(client, url, data=None):  # type: ignore[no-untyped-def]
    return client.post(url, data or {}, content_type="application/json")


def test_file_through_the_api_and_the_head_approves(client, world):
    client.force_login(world.o1)
    response = _post(
        client,
        "/api/v1/cases/start/file_request",
        {
            "item_version": world.item.pk,
            "party_code": world.party.uscc,
            "cause": "销售超过保质期食品",
            "facts": "货架上陈列销售超过保质期的纯牛奶。",
            "officers": [world.o1.pk, world.o2.pk],
            "no_conflict": True,
        },
    )
    assert response.status_code == 201, response.json()
    case_id = response.json()["id"]
    assert response.json()["status"] == CaseStatus.FILING_PENDING
    client.force_login(world.o2)
    detail = client.get(f"/api/v1/cases/{case_id}").json()
    assert "recusal_declare" in detail["actions"] and "file_approve" not in detail["actions"]
    response = _post(
        client,
        f"/api/v1/cases/{case_id}/actions/recusal_declare",
        {"capacity": "handler", "has_conflict": "no"},
    )
    assert response.status_code == 200, response.json()
    client.force_login(world.head)
    queue = client.get("/api/v1/cases/approvals/").json()
    assert [a["case_id"] for a in queue] == [case_id]
    response = _post(
        client,
        f"/api/v1/cases/{case_id}/actions/file_approve",
        {"opinion": "同意立案。", "has_conflict": "no"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["number"].startswith("临猗市监罚")
    detail = client.get(f"/api/v1/cases/{case_id}").json()
    assert detail["status"] == CaseStatus.INVESTIGATING
    assert [e["action"] for e in detail["timeline"]][-1] == "file_approve"
    assert detail["time_limits"] and detail["document_ids"]


def test_structured_errors(client, world):
    case = filed_case(world)
    client.force_login(world.o1)
    # 400: the form refuses, per field
    response = _post(client, "/api/v1/cases/start/file_request", {"cause": ""})
    body = response.json()
    assert response.status_code == 400 and body["code"] == "invalid_form"
    assert "cause" in body["errors"] and "officers" in body["errors"]
    # 400 from the service (R-1.1-12: two certified officers), on its field
    response = _post(
        client,
        "/api/v1/cases/start/file_request",
        {
            "item_version": world.item.pk,
            "party_code": world.party.uscc,
            "cause": "案由",
            "facts": "事实",
            "officers": [world.o1.pk],
            "no_conflict": True,
        },
    )
    assert response.status_code == 400 and response.json()["code"] == "team_invalid"
    assert Case.objects.count() == 1
    # 403: not the officer's step
    response = _post(client, f"/api/v1/cases/{case.pk}/actions/file_approve", {})
    assert response.status_code == 403 and "message" in response.json()
    # 409: the head, but the case is past filing
    client.force_login(world.head)
    response = _post(client, f"/api/v1/cases/{case.pk}/actions/file_approve", {"opinion": "同意"})
    assert response.status_code == 409 and response.json()["code"] == "transition_not_allowed"
    assert "调查取证" in response.json()["message"]
    # 404 JSON: unknown code, unknown / absurd ids
    assert _post(client, f"/api/v1/cases/{case.pk}/actions/nope").status_code == 404
    assert _post(client, "/api/v1/cases/start/nope").status_code == 404
    for bad in ("abc", "-1", "99999999999999999999999", "1.5"):
        assert client.get(f"/api/v1/cases/{bad}").status_code == 404
        assert client.get(f"/api/v1/cases/clues/{bad}").status_code == 404
    # bad JSON and bad filters are 400, never 500
    response = client.post(
        f"/api/v1/cases/{case.pk}/actions/recusal_declare", "{", content_type="application/json"
    )
    assert response.status_code == 400
    assert client.get("/api/v1/cases/?status=nope").status_code == 400
    assert client.get("/api/v1/cases/?limit=0").status_code == 400
    assert client.get("/api/v1/cases/?organisation=x").status_code == 400
    assert client.get("/api/v1/cases/?after=garbage").status_code == 200


def test_list_filters_and_keyset_pages(client, world):
    cases = [filed_case(world) for _ in range(3)]
    client.force_login(world.o1)
    first = client.get("/api/v1/cases/?limit=2").json()
    assert [c["id"] for c in first["items"]] == [cases[2].pk, cases[1].pk]
    second = client.get(f"/api/v1/cases/?limit=2&after={first['next']}").json()
    assert [c["id"] for c in second["items"]] == [cases[0].pk] and second["next"] is None
    assert client.get("/api/v1/cases/?mine=true").json()["items"]
    client.force_login(world.o3)
    assert client.get("/api/v1/cases/?mine=true").json()["items"] == []
    assert len(client.get(f"/api/v1/cases/?q={cases[0].number}").json()["items"]) == 1

"""/api/v1/catalog/ (items area): public endpoints, scoped reads, the workflow, lists, filings."""

from __future__ import annotations

import pytest

from zhifa.catalog.constants import VersionStatus
from zhifa.catalog.tests.test_items import publish_item
from zhifa.catalog.tests.test_lists import MAJOR, RANDOM

API = "/api/v1/catalog"


def _post(client, url, data):  # type: ignore[no-untyped-def]
    return client.post(url, data, content_type="application/json")


ELEMENTS = {
    "name": "对擅自设置户外广告的处罚",
    "item_type": "penalty",
    "enforcement_type": "township",
    "legal_basis": "《城市市容和环境卫生管理条例》第三十六条",
    "implementing_subject": "猗氏镇人民政府",
    "time_limit": "立案之日起九十日内",
}


def test_public_endpoints_need_no_login_and_show_only_published(client, county, people):
    """R-1.2-08 (2): the published catalogue is open; pending items are not."""
    v = publish_item(county.town_a, people.town_head, people.supervisor)
    r = client.get(f"{API}/public/items", {"organisation_id": county.town_a.pk})
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 1 and data["results"][0]["time_limit"] == "立案之日起九十日内"
    assert client.get(f"{API}/public/items/{v.item_id}").status_code == 200
    assert client.get(f"{API}/public/items/999999").json()["code"] == "not_found"
    assert client.get(f"{API}/public/items", {"limit": 0}).status_code == 400
    assert client.get(f"{API}/public/items", {"organisation_id": 999999}).status_code == 404
    assert client.get(f"{API}/public/subjects").status_code == 200
    assert client.get(f"{API}/items").status_code == 401
    assert client.get(f"{API}/types").status_code == 401


def test_r_1_8_06_workflow_over_the_api(client, county, people):
    """R-1.8-06 over the API: the same services, DomainError → structured 4xx."""
    client.force_login(people.town_head)
    r = _post(
        client,
        f"{API}/items/proposals",
        {
            "organisation_id": county.town_a.pk,
            "change_kind": "add",
            "change_trigger": "initial",
            "elements": {**ELEMENTS, "time_limit": ""},
        },
    )
    assert r.status_code == 400 and r.json()["field"] == "time_limit"
    r = _post(
        client,
        f"{API}/items/proposals",
        {
            "organisation_id": county.town_a.pk,
            "change_kind": "add",
            "change_trigger": "initial",
            "elements": ELEMENTS,
        },
    )
    assert r.status_code == 201
    vid = r.json()["id"]
    r = _post(client, f"{API}/versions/{vid}/review", {"passed": True})
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    client.force_login(people.officer_b)
    assert _post(client, f"{API}/versions/{vid}/review", {"passed": True}).status_code == 404
    client.force_login(people.supervisor)
    assert _post(client, f"{API}/versions/{vid}/publish", {}).status_code == 409
    assert _post(client, f"{API}/versions/{vid}/review", {"passed": True}).json()["status"] == (
        VersionStatus.JB_REVIEWED
    )
    r = _post(client, f"{API}/versions/{vid}/approve", {"document_number": "临政函〔2025〕5号"})
    assert r.json()["status"] == VersionStatus.GOV_APPROVED
    r = _post(client, f"{API}/versions/{vid}/publish", {"effective_from": "2025-08-01"})
    assert r.status_code == 200 and r.json()["effective_from"] == "2025-08-01"
    r = client.get(f"{API}/items", {"organisation_id": county.town_a.pk, "on_date": "2025-08-01"})
    assert r.json()["count"] == 1
    assert client.get(f"{API}/items", {"on_date": "yesterday"}).status_code == 422
    r = client.get(f"{API}/proposals")
    assert r.json()["count"] == 0


def test_types_and_scoped_subjects(client, people):
    client.force_login(people.officer_a)
    r = client.get(f"{API}/types")
    assert r.status_code == 200
    assert any(t["code"] == "township" for t in r.json())
    assert client.get(f"{API}/subjects").json() == []


@pytest.mark.parametrize("who", ["officer_b", "town_head"])
def test_lists_are_scoped(client, county, people, who):
    client.force_login(people.head)
    r = _post(client, f"{API}/lists/{county.dept.pk}/random_inspection", RANDOM)
    assert r.status_code == 201
    client.force_login(getattr(people, who))
    assert client.get(f"{API}/lists/{county.dept.pk}/random_inspection").status_code == 404
    entry_id = r.json()["id"]
    assert (
        client.put(
            f"{API}/lists/entries/{entry_id}", RANDOM, content_type="application/json"
        ).status_code
        == 404
    )


def test_r_1_4_08_lists_and_filings_over_the_api(client, county, people):
    """R-1.4-08 over the API: add entries, file, the JB accepts; R-1.1-06 public list."""
    client.force_login(people.head)
    assert _post(client, f"{API}/lists/{county.dept.pk}/bogus", MAJOR).status_code == 422
    r = _post(client, f"{API}/lists/{county.dept.pk}/major_decision", {**MAJOR, "category": ""})
    assert r.status_code == 400 and r.json()["field"] == "category"
    r = _post(client, f"{API}/lists/{county.dept.pk}/major_decision", MAJOR)
    assert r.status_code == 201 and r.json()["amount_threshold"] in ("50000", "50000.00", 50000)
    r = _post(client, f"{API}/filings", {"organisation_id": county.dept.pk})
    assert r.status_code == 201 and len(r.json()["snapshot_hash"]) == 64
    fid = r.json()["id"]
    assert _post(client, f"{API}/filings/{fid}/handle", {"accepted": True}).status_code == 403
    client.force_login(people.supervisor)
    r = _post(client, f"{API}/filings/{fid}/handle", {"accepted": True})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    r = _post(client, f"{API}/lists/{county.dept.pk}/random_inspection", RANDOM)
    eid = r.json()["id"]
    client.logout()
    r = client.get(f"{API}/public/random-inspection/{county.dept.pk}")
    assert r.status_code == 200 and [e["id"] for e in r.json()] == [eid]
    assert client.get(f"{API}/public/random-inspection/{county.town_b.pk}").status_code == 404

"""The law API at /api/v1/law/: rules with filters, one rule, the time-limit specs."""

from __future__ import annotations

import pytest

from zhifa.law.time_limits import TIME_LIMITS

pytestmark = pytest.mark.django_db

BASE = "/api/v1/law"


@pytest.fixture
def api(client, people):
    client.force_login(people.officer_a)
    return client


def test_the_api_needs_a_signed_in_user_or_a_token(client):
    response = client.get(f"{BASE}/rules")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_list_every_rule_with_status_counts(api):
    data = api.get(f"{BASE}/rules").json()
    assert data["count"] == 543 == len(data["items"])
    assert sum(data["status_counts"].values()) == 543
    assert set(data["status_counts"]) == {"enforced", "reminded", "recorded", "not_yet"}
    first = data["items"][0]
    assert first["id"] == "R-1.1-01"
    assert set(first) >= {
        "id",
        "system",
        "system_title",
        "part",
        "citation",
        "title",
        "title_en",
        "text_en",
        "text_zh",
        "types",
        "soft",
        "status",
        "status_label",
        "time_limit",
        "implemented_by",
        "tested_by",
    }


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("system=1.2", 20),
        ("type=deadline", 66),
        ("system=1.6&type=deadline", 9),
        ("q=R-2.2-03", 1),
    ],
)
def test_list_filters(api, query, count):
    data = api.get(f"{BASE}/rules?{query}").json()
    assert data["count"] == count


def test_list_filter_by_status(api):
    data = api.get(f"{BASE}/rules?status=not_yet").json()
    assert all(item["status"] == "not_yet" for item in data["items"])
    assert data["count"] == data["status_counts"]["not_yet"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("status=done", "status"), ("type=deadlines", "type"), ("system=9.9", "system")],
)
def test_bad_filters_are_a_structured_400(api, query, field):
    response = api.get(f"{BASE}/rules?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_filter"
    assert body["field"] == field
    assert body["message"]


def test_one_rule_with_its_time_limit(api):
    data = api.get(f"{BASE}/rules/R-1.2-12").json()
    assert data["id"] == "R-1.2-12"
    assert data["citation"] == "P1.S2 Art13"
    assert data["types"] == ["deadline", "publication"]
    spec = data["time_limit"]
    assert spec["duration"] == 7 and spec["unit"] == "workday"
    assert spec["start_event"] == "decision.made"
    assert spec["overridable_by_item"] is True
    assert spec["description_zh"] == "7 个工作日，自行政许可、行政处罚决定作出之日起"


def test_a_rule_without_a_time_limit(api):
    assert api.get(f"{BASE}/rules/R-1.1-01").json()["time_limit"] is None


def test_an_unknown_rule_is_a_structured_404(api):
    response = api.get(f"{BASE}/rules/" + "-".join(["R", "9.9", "99"]))
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "rule_not_found"
    assert body["field"] == "rule_id"
    assert "未登记" in body["message"]


def test_time_limits_lists_every_spec_in_document_order(api):
    data = api.get(f"{BASE}/time-limits").json()
    assert len(data) == len(TIME_LIMITS)
    ids = [row["rule_id"] for row in data]
    assert ids[0] == "R-1.1-09" and ids.index("R-1.2-12") < ids.index("R-1.12-04")
    review = next(row for row in data if row["rule_id"] == "R-1.4-13")
    assert review["pause_reasons"] == [
        "materials_supplement",
        "expert_argumentation",
        "interpretation_request",
    ]
    assert review["extension_approver"] == "unit_head"
    assert review["rule_title"]

"""/api/v1/catalog/discretion/: scoped reads, drafts, transitions, suggest and check, public."""

from __future__ import annotations

import pytest

from zhifa.catalog.models import Benchmark
from zhifa.catalog.services.discretion import benchmark_create
from zhifa.catalog.tests.test_discretion_support import food_input, published_food

pytestmark = pytest.mark.django_db

API = "/api/v1/catalog/discretion"


def payload(org_pk: int, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "organisation_id": org_pk,
        "code": "CG-02",
        "violation": "未经批准擅自设置户外广告设施",
        "violated_provision": "《山西省城市市容和环境卫生管理条例》第十七条",
        "penalty_provision": "《山西省城市市容和环境卫生管理条例》第四十条",
        "penalty_types": ["fine"],
        "fine_min": "1000",
        "fine_max": "10000",
        "time_limit": "自立案之日起九十日内",
        "tiers": [
            {
                "tier": "lighter",
                "conditions": "面积小，及时拆除",
                "penalty_types": ["fine"],
                "fine_min": "1000",
                "fine_max": "3000",
            },
            {
                "tier": "ordinary",
                "conditions": "一般",
                "penalty_types": ["fine"],
                "fine_min": "3000",
                "fine_max": "7000",
            },
            {
                "tier": "heavier",
                "conditions": "拒不拆除",
                "penalty_types": ["fine"],
                "fine_min": "7000",
                "fine_max": "10000",
            },
        ],
        "circumstances": [
            {"code": "L1", "text": "及时自行拆除", "effect": "lighter"},
            {"code": "H1", "text": "经责令拒不拆除", "effect": "heavier"},
        ],
    }
    data.update(overrides)
    return data


def test_api_needs_login_except_public(client, county, people) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"{API}/benchmarks").status_code == 401
    assert client.get(f"{API}/public/benchmarks").status_code == 200


def test_r_1_5_09_create_publish_suggest_check(client, county, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.head)
    r = client.post(f"{API}/benchmarks", payload(county.dept.pk), content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "draft" and len(body["tiers"]) == 3 and body["fine_max"] == "10000.00"
    pk = body["id"]
    r = client.post(f"{API}/benchmarks/{pk}/publish")
    assert r.status_code == 200 and r.json()["status"] == "published"
    client.force_login(people.officer_b)  # published: every staff member may use it
    r = client.post(
        f"{API}/benchmarks/{pk}/suggest",
        {"circumstance_codes": ["H1"]},
        content_type="application/json",
    )
    assert r.status_code == 200
    s = r.json()
    assert s["tier"] == "heavier" and s["fine_min"] == "7000.00" and s["reasons"]
    r = client.post(
        f"{API}/benchmarks/{pk}/suggest",
        {"circumstance_codes": ["nope"]},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "unknown_circumstance"
    r = client.post(
        f"{API}/benchmarks/{pk}/check",
        {"circumstance_codes": ["H1"], "penalty_types": ["fine"], "fine": "5000"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "departure_reason_required"
    r = client.post(
        f"{API}/benchmarks/{pk}/check",
        {
            "circumstance_codes": ["H1"],
            "penalty_types": ["fine"],
            "fine": "5000",
            "reason": "当事人已主动拆除一半",
        },
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["departs"] is True and r.json()["notes"]


def test_r_1_5_02_api_refuses_outside_the_law(client, county, people) -> None:  # type: ignore[no-untyped-def]
    b = published_food(county.dept, people.head)
    client.force_login(people.dept_officer)
    r = client.post(
        f"{API}/benchmarks/{b.pk}/check",
        {"penalty_types": ["fine"], "fine": "99999", "reason": "理由"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "outside_statutory_range"
    client.force_login(people.head)
    bad = payload(county.dept.pk)
    bad["tiers"][2]["fine_max"] = "20000"
    r = client.post(f"{API}/benchmarks", bad, content_type="application/json")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "benchmark_invalid"
    assert {"field": "tier:heavier:fine_max", "message": body["problems"][0]["message"]} in body[
        "problems"
    ]
    r = client.post(
        f"{API}/benchmarks",
        payload(county.dept.pk, fine_max="abc"),
        content_type="application/json",
    )
    assert r.status_code == 422


def test_api_permissions_and_scope(client, county, people) -> None:  # type: ignore[no-untyped-def]
    draft = benchmark_create(actor=people.town_head, data=food_input(county.team_a))
    client.force_login(people.officer_b)
    assert client.get(f"{API}/benchmarks/{draft.pk}").status_code == 404
    assert client.post(f"{API}/benchmarks/{draft.pk}/publish").status_code == 404
    r = client.post(f"{API}/benchmarks", payload(county.team_a.pk), content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "invalid_organisation"
    r = client.post(f"{API}/benchmarks", payload(county.team_b.pk), content_type="application/json")
    assert r.status_code == 403
    client.force_login(people.officer_a)
    assert client.get(f"{API}/benchmarks/{draft.pk}").status_code == 200
    assert client.post(f"{API}/benchmarks/{draft.pk}/publish").status_code == 403
    client.force_login(people.town_head)
    assert client.post(f"{API}/benchmarks/{draft.pk}/publish").status_code == 200
    assert client.post(f"{API}/benchmarks/{draft.pk}/publish").status_code == 409
    r = client.post(f"{API}/benchmarks/{draft.pk}/revise")
    assert r.status_code == 201 and r.json()["version"] == 2
    r = client.post(
        f"{API}/benchmarks/{draft.pk}/repeal", {"reason": ""}, content_type="application/json"
    )
    assert r.status_code == 400
    r = client.post(
        f"{API}/benchmarks/{draft.pk}/repeal",
        {"reason": "机构调整"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "repealed"


def test_lists_paginate_filter_and_validate(
    client, county, people, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(12):
        published_food(county.dept, people.head, code=f"SJ-{i:02d}")
    client.force_login(people.supervisor)
    with django_assert_max_num_queries(6):
        r = client.get(f"{API}/benchmarks?limit=5&offset=10")
    assert r.status_code == 200 and len(r.json()) == 2
    assert client.get(f"{API}/benchmarks?status=bogus").status_code == 400
    assert client.get(f"{API}/benchmarks?limit=0").status_code == 400
    assert len(client.get(f"{API}/benchmarks?q=SJ-03").json()) == 1


def test_r_1_5_06_public_api(client, county, people) -> None:  # type: ignore[no-untyped-def]
    pub = published_food(county.dept, people.head)
    draft = benchmark_create(actor=people.head, data=food_input(county.dept, code="DRAFT"))
    r = client.get(f"{API}/public/benchmarks")
    assert [b["id"] for b in r.json()] == [pub.pk]
    assert client.get(f"{API}/public/benchmarks/{pub.pk}").json()["tiers"]
    assert client.get(f"{API}/public/benchmarks/{draft.pk}").status_code == 404
    assert Benchmark.objects.count() == 2


def test_openapi_documents_the_discretion_endpoints(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/v1/openapi.json").json()
    paths = [p for p in schema["paths"] if "/catalog/discretion/" in p]
    assert "/api/v1/catalog/discretion/benchmarks/{benchmark_id}/suggest" in paths
    assert "/api/v1/catalog/discretion/public/benchmarks" in paths

"""/api/v1/subjects/: real and corrupted codes, scope per role, import through the API."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.core.identifiers import uscc_check_char
from zhifa.subjects.constants import EntityCategory
from zhifa.subjects.importing import import_run_execute
from zhifa.subjects.models import MarketEntity
from zhifa.subjects.tests.conftest import csv_bytes
from zhifa.subjects.tests.factories import MarketEntityFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/subjects"


def _as(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_r_1_1_02_create_with_real_and_corrupted_codes(client, people, county, codes, id_numbers):
    """R-1.1-02 through the API: a valid code is accepted; corrupted ones get a 400 naming why."""
    _as(client, people.dept_officer)
    code = codes()
    response = client.post(
        f"{BASE}/entities",
        {
            "name": "临猗县果业有限公司",
            "uscc": code,
            "township_id": county.town_a.pk,
            "qualification": "二级",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["uscc"] == code and body["township_name"] == county.town_a.name and body["can_edit"]
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    for bad, words in (
        (wrong, f"应为 {uscc_check_char(code[:17])}"),
        (code[:12], "18位"),
        (code[:17] + "O", "不允许的字符"),
        (code, "已登记"),
    ):
        response = client.post(
            f"{BASE}/entities", {"name": "某公司", "uscc": bad}, content_type="application/json"
        )
        assert response.status_code == 400, bad
        assert words in response.json()["message"] and response.json()["field"] == "uscc"
    number = id_numbers()
    response = client.post(
        f"{BASE}/entities",
        {
            "name": "王五",
            "category": "natural_person",
            "id_number": number[:17] + ("X" if number[17] != "X" else "0"),
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "id_number"
    response = client.post(
        f"{BASE}/entities",
        {"name": "某公司", "township_id": 99999, "uscc": codes()},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "township_id"
    response = client.post(
        f"{BASE}/entities",
        {"name": "某公司", "category": "martian"},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_list_detail_and_masking_per_role(client, people, county, id_numbers):
    number = id_numbers()
    person = MarketEntity.objects.create(
        name="王五",
        category=EntityCategory.NATURAL_PERSON,
        id_number=number,
        township=county.town_a,
    )
    MarketEntityFactory(township=county.town_b)
    _as(client, people.officer_a)
    rows = client.get(f"{BASE}/entities").json()
    assert len(rows) == 2
    assert next(r for r in rows if r["id"] == person.pk)["id_number"] == number
    _as(client, people.officer_b)
    body = client.get(f"{BASE}/entities/{person.pk}").json()
    assert body["id_number"] != number and body["id_number_masked"] and not body["can_edit"]
    police = make_user(county.police, Role.OFFICER, username="police2")
    _as(client, police)
    assert client.get(f"{BASE}/entities").json() == []
    assert client.get(f"{BASE}/entities/{person.pk}").status_code == 404
    client.logout()
    assert client.get(f"{BASE}/entities").status_code == 401
    _as(client, people.officer_a)
    assert client.get(f"{BASE}/entities", {"flag": "nope"}).status_code == 400
    assert client.get(f"{BASE}/entities", {"limit": 0}).status_code == 400


def test_patch_and_flags_per_role(client, people, county):
    entity = MarketEntityFactory(township=county.town_a)
    _as(client, people.officer_b)
    assert (
        client.patch(
            f"{BASE}/entities/{entity.pk}", {"phone": "1"}, content_type="application/json"
        ).status_code
        == 403
    )
    _as(client, people.officer_a)
    response = client.patch(
        f"{BASE}/entities/{entity.pk}", {"phone": "0359-1234567"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["phone"] == "0359-1234567"
    response = client.patch(
        f"{BASE}/entities/{entity.pk}",
        {"township_id": county.town_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = client.post(
        f"{BASE}/entities/{entity.pk}/flags",
        {"flag": "abnormal", "on": True, "listed_on": "2026-01-05"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (
        response.json()["raises_intensity"]
        and response.json()["abnormal_listed_on"] == "2026-01-05"
    )
    assert client.get(f"{BASE}/entities", {"flag": "intensity"}).json()[0]["id"] == entity.pk


def test_import_through_the_api(client, people, county, codes):
    code = codes()
    data = csv_bytes([["名称", "统一社会信用代码"], ["甲公司", code], ["乙公司", code[:17] + "Z"]])
    _as(client, people.dept_officer)
    response = client.post(f"{BASE}/imports", {"file": SimpleUploadedFile("a.csv", data)})
    assert response.status_code == 201, response.content
    run_id = response.json()["id"]
    assert response.json()["status"] == "queued"
    import_run_execute(run_id=run_id)
    body = client.get(f"{BASE}/imports/{run_id}").json()
    assert (body["status"], body["created"], body["rejected"], body["percent"]) == (
        "done",
        1,
        1,
        100,
    )
    errors = client.get(body["error_file_url"])
    rows = list(csv.reader(io.StringIO(b"".join(errors.streaming_content).decode("utf-8-sig"))))
    assert rows[1][0] == "3"
    assert [r["id"] for r in client.get(f"{BASE}/imports").json()] == [run_id]
    response = client.post(f"{BASE}/imports", {"file": SimpleUploadedFile("b.csv", b"")})
    assert response.status_code == 400 and response.json()["field"] == "file"
    _as(client, people.officer_b)
    assert client.get(f"{BASE}/imports/{run_id}").status_code == 404
    _as(client, people.reviewer)
    assert (
        client.post(f"{BASE}/imports", {"file": SimpleUploadedFile("a.csv", data)}).status_code
        == 403
    )


def test_export_through_the_api(client, people, county):
    MarketEntityFactory(name="甲", township=county.town_a)
    MarketEntityFactory(name="乙", township=county.town_b)
    _as(client, people.supervisor)
    response = client.get(f"{BASE}/export", {"format": "csv", "township": county.town_b.pk})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["乙"]
    assert client.get(f"{BASE}/export", {"format": "pdf"}).status_code == 400
    response = client.get(f"{BASE}/export")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_openapi_lists_the_subjects_endpoints(client, people):
    _as(client, people.supervisor)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/entities",
        "/entities/{entity_id}",
        "/imports",
        "/imports/{run_id}/errors",
        "/export",
    ):
        assert f"/api/v1/subjects{path}" in paths, path

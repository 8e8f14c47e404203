"""/api/v1/documents/: list templates, make a document, download it (scoped)."""

from __future__ import annotations

import pytest

from zhifa.documents.seed_templates import seed_template
from zhifa.documents.storage import sha256_hex
from zhifa.documents.tests.helpers import pdf_compact

pytestmark = pytest.mark.django_db

API = "/api/v1/documents"


def test_list_templates(client, make_template, people) -> None:  # type: ignore[no-untyped-def]
    make_template("order_to_correct")
    client.force_login(people.officer_a)
    response = client.get(f"{API}/templates")
    assert response.status_code == 200
    [item] = response.json()
    assert item["code"] == "order_to_correct" and item["current_version"] == 1
    assert "party_name" in item["variables"] and len(item["sha256"]) == 64


def test_the_api_needs_authentication(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"{API}/templates").status_code == 401


def test_render_then_download_the_pdf(client, make_template, people, county) -> None:  # type: ignore[no-untyped-def]
    make_template("order_to_correct")
    client.force_login(people.officer_a)
    context = dict(seed_template("order_to_correct").sample_context, party_name="API 测试商户")
    response = client.post(
        f"{API}/render",
        {"template_code": "order_to_correct", "context": context},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation_id"] == county.team_a.pk
    assert body["number"] == "临市监责改〔2025〕7号"
    pdf = client.get(body["pdf_url"])
    assert pdf.status_code == 200
    assert sha256_hex(pdf.content) == body["pdf_sha256"] == pdf["X-Content-SHA256"]
    assert "API测试商户" in pdf_compact(pdf.content)
    docx = client.get(body["docx_url"])
    assert sha256_hex(docx.content) == body["docx_sha256"]
    assert client.get(f"{API}/{body['id']}").json()["pdf_sha256"] == body["pdf_sha256"]
    # another township's officer sees nothing
    client.force_login(people.officer_b)
    assert client.get(body["pdf_url"]).status_code == 404
    assert client.get(f"{API}/{body['id']}").status_code == 404


def test_render_errors_are_clear_4xx_answers(client, make_template, people, county) -> None:  # type: ignore[no-untyped-def]
    make_template("order_to_correct")
    client.force_login(people.officer_a)
    response = client.post(
        f"{API}/render", {"template_code": "nope", "context": {}}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "template_not_found"
    response = client.post(
        f"{API}/render",
        {"template_code": "order_to_correct", "context": {}, "organisation_id": county.team_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "organisation_id"
    response = client.post(f"{API}/render", {"context": {}}, content_type="application/json")
    assert response.status_code == 422

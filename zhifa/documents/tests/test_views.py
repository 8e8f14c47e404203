"""Pages: the registry, version history, upload, preview, and scoped downloads."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhifa.documents.models import GeneratedDocument
from zhifa.documents.seed_templates import seed_template
from zhifa.documents.services import document_render
from zhifa.documents.storage import sha256_hex
from zhifa.documents.tests.conftest import built
from zhifa.documents.tests.helpers import docx_bytes, pdf_compact

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(data: bytes, name: str = "模板.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX)


def test_the_registry_lists_templates_with_their_versions(client, make_template, people) -> None:  # type: ignore[no-untyped-def]
    make_template("penalty_decision")
    client.force_login(people.officer_a)
    response = client.get(reverse("documents:template_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "行政处罚决定书" in html and "第 1 版" in html
    assert "新建模板" not in html  # officers do not manage templates


def test_anonymous_users_are_sent_to_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("documents:template_list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_detail_shows_history_and_the_upload_form_to_unit_heads_only(
    client, make_template, people
) -> None:  # type: ignore[no-untyped-def]
    make_template("order_to_correct")
    url = reverse("documents:template_detail", args=["order_to_correct"])
    client.force_login(people.head)
    html = client.get(url).content.decode()
    assert 'data-testid="upload-form"' in html and 'data-testid="preview-form"' in html
    assert "measures" in html  # the placeholders
    client.force_login(people.officer_a)
    html = client.get(url).content.decode()
    assert 'data-testid="upload-form"' not in html and 'data-testid="preview-form"' in html
    assert client.get(reverse("documents:template_detail", args=["nope"])).status_code == 404


def test_upload_through_the_page(client, make_template, people) -> None:  # type: ignore[no-untyped-def]
    template = make_template("order_to_correct")
    url = reverse("documents:template_upload", args=[template.code])
    client.force_login(people.head)
    edited = docx_bytes(lambda d: d.add_paragraph("{{ party_name }}：请改正。"))
    response = client.post(url, {"docx": _upload(edited), "note": "精简"})
    assert response.status_code == 302
    assert template.versions.get(is_current=True).version == 2
    # a broken template comes back as a form error, in Chinese, not a 500
    broken = docx_bytes(lambda d: d.add_paragraph("{{ party_name }"))
    response = client.post(url, {"docx": _upload(broken)})
    assert response.status_code == 400
    assert "模板中的占位符写法有误" in response.content.decode()
    response = client.post(url, {"docx": _upload(b"plain text", "notes.docx")})
    assert response.status_code == 400
    assert "不是有效的 Word 文档" in response.content.decode()
    assert template.versions.count() == 2


def test_officers_cannot_upload_or_disable(client, make_template, people) -> None:  # type: ignore[no-untyped-def]
    template = make_template("order_to_correct")
    client.force_login(people.officer_a)
    response = client.post(
        reverse("documents:template_upload", args=[template.code]),
        {"docx": _upload(built("order_to_correct"))},
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("documents:template_toggle", args=[template.code])).status_code == 403
    )
    assert client.get(reverse("documents:template_create")).status_code == 403
    assert template.versions.count() == 1


def test_a_sysadmin_disables_and_enables_a_template(client, make_template, people) -> None:  # type: ignore[no-untyped-def]
    template = make_template("order_to_correct")
    client.force_login(people.admin)
    client.post(reverse("documents:template_toggle", args=[template.code]))
    template.refresh_from_db()
    assert not template.is_active
    client.post(reverse("documents:template_toggle", args=[template.code]))
    template.refresh_from_db()
    assert template.is_active


def test_create_a_template_through_the_page(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.admin)
    data = docx_bytes(lambda d: d.add_paragraph("询问笔录 {{ person }}"))
    response = client.post(
        reverse("documents:template_create"),
        {
            "code": "inquiry_record",
            "name": "询问笔录",
            "category": "investigation",
            "description": "",
            "docx": _upload(data),
        },
    )
    assert response.status_code == 302
    assert (
        client.get(reverse("documents:template_detail", args=["inquiry_record"])).status_code == 200
    )


def test_preview_returns_the_pdf_of_the_sample(client, make_template, people) -> None:  # type: ignore[no-untyped-def]
    make_template("service_receipt")
    client.force_login(people.officer_a)
    context = dict(seed_template("service_receipt").sample_context, party_name="预览用当事人")
    response = client.post(
        reverse("documents:template_preview", args=["service_receipt"]),
        {"context": json.dumps(context), "version": "1"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]
    assert "预览用当事人" in pdf_compact(response.content)
    # bad JSON is a form error
    response = client.post(
        reverse("documents:template_preview", args=["service_receipt"]), {"context": "{not json"}
    )
    assert response.status_code == 400
    assert "不是有效的 JSON" in response.content.decode()


def test_version_download_is_the_stored_file(client, make_template, people) -> None:  # type: ignore[no-untyped-def]
    make_template("penalty_decision")
    client.force_login(people.officer_b)
    response = client.get(
        reverse("documents:template_version_download", args=["penalty_decision", 1])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert sha256_hex(response.content) == sha256_hex(built("penalty_decision"))
    assert (
        client.get(
            reverse("documents:template_version_download", args=["penalty_decision", 9])
        ).status_code
        == 404
    )


@pytest.fixture
def team_a_document(make_template, people, county) -> GeneratedDocument:  # type: ignore[no-untyped-def]
    make_template("penalty_decision")
    return document_render(
        actor=people.officer_a,
        template_code="penalty_decision",
        context=dict(seed_template("penalty_decision").sample_context),
        organisation=county.team_a,
    )


def test_another_townships_officer_cannot_download_the_document(
    client, people, team_a_document
) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("pdf", "docx"):
        url = reverse("documents:document_download", args=[team_a_document.pk, fmt])
        client.force_login(people.officer_b)
        assert client.get(url).status_code == 404
        client.force_login(people.dept_officer)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["officer_a", "town_head", "supervisor", "admin"])
def test_the_unit_above_and_county_wide_roles_can_download(
    client, people, team_a_document, who
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(people, who))
    response = client.get(reverse("documents:document_download", args=[team_a_document.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert sha256_hex(response.content) == team_a_document.pdf_sha256
    assert response["Cache-Control"] == "private, no-store"
    response = client.get(reverse("documents:document_download", args=[team_a_document.pk, "docx"]))
    assert sha256_hex(response.content) == team_a_document.docx_sha256


def test_the_generated_list_is_scoped(client, people, team_a_document) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.officer_a)
    assert (
        team_a_document.pdf_sha256[:10]
        in client.get(reverse("documents:document_list")).content.decode()
    )
    client.force_login(people.officer_b)
    assert (
        team_a_document.pdf_sha256[:10]
        not in client.get(reverse("documents:document_list")).content.decode()
    )
    assert (
        team_a_document.pdf_sha256[:10]
        not in client.get(reverse("documents:template_list")).content.decode()
    )

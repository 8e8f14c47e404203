"""Services: template registry and versions, making documents, files under their SHA-256."""

from __future__ import annotations

import pytest
from django.core.files.storage import FileSystemStorage, default_storage

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.documents import services
from zhifa.documents.constants import ACTION_DOCUMENT_RENDER, ACTION_TEMPLATE_VERSION_UPLOAD
from zhifa.documents.models import DocumentTemplateVersion, GeneratedDocument
from zhifa.documents.seed_templates import seed_template
from zhifa.documents.services import document_render, template_set_active, template_upload_version
from zhifa.documents.storage import BlobIntegrityError, blob_get, blob_name, blob_put, sha256_hex
from zhifa.documents.tests.conftest import built
from zhifa.documents.tests.helpers import docx_bytes, docx_text, pdf_compact
from zhifa.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _render(people, county, **kwargs):  # type: ignore[no-untyped-def]
    context = dict(seed_template("penalty_decision").sample_context, party_name="猗氏镇老张饭店")
    return document_render(
        actor=kwargs.pop("actor", people.officer_a),
        template_code=kwargs.pop("template_code", "penalty_decision"),
        context=kwargs.pop("context", context),
        organisation=kwargs.pop("organisation", county.team_a),
        **kwargs,
    )


def _stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as fh:
        return fh.read()


def test_template_create_stores_the_docx_under_its_hash(make_template) -> None:  # type: ignore[no-untyped-def]
    template = make_template("penalty_decision")
    version = template.versions.get()
    assert version.version == 1 and version.is_current
    assert version.sha256 == sha256_hex(built("penalty_decision"))
    assert version.docx.name == blob_name(version.sha256, "docx")
    assert version.docx.name.startswith(f"documents/{version.sha256[:2]}/{version.sha256[2:4]}/")
    assert _stored(version.docx.name) == built("penalty_decision")
    assert "party_name" in version.variables
    assert LedgerEntry.objects.filter(
        action="documents.template.create", subject_id=str(template.pk)
    ).exists()


def test_a_new_version_becomes_current_and_old_versions_are_kept(make_template, people) -> None:  # type: ignore[no-untyped-def]
    template = make_template("order_to_correct")
    edited = docx_bytes(
        lambda d: d.add_paragraph("{{ unit_name }} 责令改正通知书（修订）{{ party_name }}")
    )
    v2 = template_upload_version(
        actor=people.head, template=template, docx_bytes=edited, note="简化格式"
    )
    v3 = template_upload_version(
        actor=people.admin, template=template, docx_bytes=built("order_to_correct"), note="恢复"
    )
    versions = list(template.versions.order_by("version"))
    assert [v.version for v in versions] == [1, 2, 3]
    assert [v.is_current for v in versions] == [False, False, True]
    assert v2.uploaded_by == people.head and v2.note == "简化格式"
    # every version's file is still there and intact
    for v in versions:
        blob_get(v.docx.name, sha256=v.sha256)
    assert v3.sha256 == versions[0].sha256  # same bytes, same file
    assert LedgerEntry.objects.filter(action=ACTION_TEMPLATE_VERSION_UPLOAD).count() == 2


def test_only_unit_heads_and_administrators_upload(make_template, people) -> None:  # type: ignore[no-untyped-def]
    template = make_template("order_to_correct")
    for user in (people.officer_a, people.reviewer, people.supervisor, people.archivist):
        with pytest.raises(PermissionDenied):
            template_upload_version(
                actor=user, template=template, docx_bytes=built("order_to_correct")
            )
    assert template.versions.count() == 1


@pytest.mark.parametrize(
    ("data", "code", "needle"),
    [
        (None, "template_syntax", "模板中的占位符写法有误"),
        (b"this is not a word document", "not_docx", "不是有效的 Word 文档"),
    ],
    ids=["bad-jinja", "not-docx"],
)
def test_a_broken_upload_is_refused_with_a_chinese_message_and_nothing_changes(  # type: ignore[no-untyped-def]
    make_template, people, data, code, needle
) -> None:
    template = make_template("order_to_correct")
    data = data or docx_bytes(lambda d: d.add_paragraph("{% for m in measures %}{{ m }"))
    with pytest.raises(DomainError) as info:
        template_upload_version(actor=people.head, template=template, docx_bytes=data)
    assert info.value.code == code
    assert needle in info.value.message
    assert info.value.field == "docx"
    assert template.versions.count() == 1 and template.versions.get().is_current


def test_template_create_refuses_a_duplicate_code(make_template, people) -> None:  # type: ignore[no-untyped-def]
    make_template("order_to_correct")
    with pytest.raises(DomainError) as info:
        services.template_create(
            actor=people.admin,
            code="order_to_correct",
            name="x",
            category="order",
            docx_bytes=built("order_to_correct"),
        )
    assert info.value.code == "duplicate"


def test_document_render_stores_hashed_docx_and_pdf_and_records_it(
    make_template, people, county
) -> None:  # type: ignore[no-untyped-def]
    make_template("penalty_decision")
    doc = _render(people, county, subject=county.team_a)
    assert doc.pk and doc.organisation == county.team_a
    assert doc.number == "临市监罚〔2025〕12号"  # from the context's document_number
    assert doc.title == "行政处罚决定书"
    assert (doc.subject_type, doc.subject_id) == ("accounts.organisation", str(county.team_a.pk))
    assert doc.context["party_name"] == "猗氏镇老张饭店"
    docx_data, pdf_data = _stored(doc.docx.name), _stored(doc.pdf.name)
    assert sha256_hex(docx_data) == doc.docx_sha256 and len(docx_data) == doc.docx_size
    assert sha256_hex(pdf_data) == doc.pdf_sha256 and len(pdf_data) == doc.pdf_size
    assert doc.docx.name == blob_name(doc.docx_sha256, "docx")
    assert doc.pdf.name == blob_name(doc.pdf_sha256, "pdf")
    assert "猗氏镇老张饭店" in docx_text(docx_data)
    assert "猗氏镇老张饭店" in pdf_compact(pdf_data)
    assert doc.page_count >= 1
    entry = LedgerEntry.objects.get(action=ACTION_DOCUMENT_RENDER)
    assert entry.subject_id == str(doc.pk)
    assert doc.pdf_sha256 in entry.payload and doc.docx_sha256 in entry.payload


def test_documents_record_the_template_version_they_were_made_with(
    make_template, people, county
) -> None:  # type: ignore[no-untyped-def]
    template = make_template("penalty_decision")
    first = _render(people, county)
    template_upload_version(
        actor=people.head,
        template=template,
        docx_bytes=docx_bytes(lambda d: d.add_paragraph("新版 {{ party_name }}")),
    )
    second = _render(people, county)
    assert first.template_version.version == 1 and second.template_version.version == 2
    assert "新版" in pdf_compact(_stored(second.pdf.name))


def test_render_is_refused_for_a_unit_outside_the_users_scope(
    make_template, people, county
) -> None:  # type: ignore[no-untyped-def]
    make_template("penalty_decision")
    with pytest.raises(PermissionDenied):
        _render(people, county, actor=people.officer_b, organisation=county.team_a)
    assert not GeneratedDocument.objects.exists()


def test_render_of_an_unknown_or_disabled_template_is_refused(
    make_template, people, county
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        _render(people, county, template_code="nope")
    assert info.value.code == "template_not_found"
    template = make_template("penalty_decision")
    template_set_active(actor=people.admin, template=template, active=False)
    with pytest.raises(DomainError) as info:
        _render(people, county)
    assert info.value.code == "template_inactive"


def test_render_refuses_a_context_that_is_not_an_object(make_template, people, county) -> None:  # type: ignore[no-untyped-def]
    make_template("penalty_decision")
    with pytest.raises(DomainError) as info:
        _render(people, county, context=["not", "a", "dict"])
    assert info.value.code == "context_invalid"


def test_a_failed_file_write_leaves_no_row(make_template, people, county, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    make_template("penalty_decision")
    entries = LedgerEntry.objects.count()

    def broken_save(self, name, content, max_length=None):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(FileSystemStorage, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        _render(people, county)
    assert not GeneratedDocument.objects.exists()
    assert LedgerEntry.objects.count() == entries


def test_a_failure_after_the_files_are_written_leaves_harmless_files(
    make_template, people, county, monkeypatch, media
) -> None:  # type: ignore[no-untyped-def]
    make_template("penalty_decision")

    def broken_ledger(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("ledger unavailable")

    monkeypatch.setattr(services, "ledger_append", broken_ledger)
    with pytest.raises(RuntimeError):
        _render(people, county)
    assert not GeneratedDocument.objects.exists()  # the row was rolled back…
    orphans = list(media.rglob("*.pdf"))
    assert len(orphans) == 1  # …the file stays, complete, under its hash
    assert orphans[0].name == sha256_hex(orphans[0].read_bytes()) + ".pdf"
    monkeypatch.undo()
    doc = _render(people, county)  # and a later document is made normally
    assert blob_get(doc.pdf.name, sha256=doc.pdf_sha256)


def test_blob_put_repairs_a_torn_file_and_reuses_a_complete_one(media) -> None:  # type: ignore[no-untyped-def]
    data = "行政执法文书".encode() * 100
    name = blob_name(sha256_hex(data), "pdf")
    torn = media / name
    torn.parent.mkdir(parents=True)
    torn.write_bytes(data[:10])  # a crash halfway through an earlier write
    stored = blob_put(data, extension="pdf")
    assert stored.name == name and torn.read_bytes() == data
    again = blob_put(data, extension="pdf")
    assert again == stored
    assert len(list(media.rglob("*.pdf"))) == 1


def test_blob_get_detects_a_changed_file(media) -> None:  # type: ignore[no-untyped-def]
    stored = blob_put(b"original", extension="docx")
    (media / stored.name).write_bytes(b"tampered")
    with pytest.raises(BlobIntegrityError):
        blob_get(stored.name, sha256=stored.sha256)


def test_preview_stores_and_records_nothing(make_template, people) -> None:  # type: ignore[no-untyped-def]
    template = make_template("service_receipt")
    entries = LedgerEntry.objects.count()
    version = DocumentTemplateVersion.objects.get(template=template)
    pdf = services.template_preview_pdf(
        actor=people.officer_a, version=version, context=template.sample_context
    )
    assert "临猗县示例食品超市（张三）" in pdf_compact(pdf)
    assert not GeneratedDocument.objects.exists()
    assert LedgerEntry.objects.count() == entries

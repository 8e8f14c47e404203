"""``zhifa documents seed-templates | verify | pdf``."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zhifa.documents.models import DocumentTemplate, DocumentTemplateVersion
from zhifa.documents.tests.helpers import docx_bytes, pdf_compact

pytestmark = pytest.mark.django_db


def test_seed_templates_is_idempotent(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("documents", "seed-templates")
    assert set(DocumentTemplate.objects.values_list("code", flat=True)) == {
        "service_receipt",
        "order_to_correct",
        "penalty_decision",
    }
    call_command("documents", "seed-templates", "--update")  # the built-in text has not changed
    assert DocumentTemplateVersion.objects.count() == 3
    out = capsys.readouterr().out
    assert "created penalty_decision" in out and "kept penalty_decision" in out
    call_command("documents", "verify")
    assert "documents OK: 3 files" in capsys.readouterr().out


def test_verify_finds_a_damaged_file(media) -> None:  # type: ignore[no-untyped-def]
    call_command("documents", "seed-templates")
    version = DocumentTemplateVersion.objects.first()
    (media / version.docx.name).write_bytes(b"damaged")
    with pytest.raises(SystemExit) as info:
        call_command("documents", "verify")
    assert info.value.code == 1


def test_pdf_converts_a_docx(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in.docx"
    source.write_bytes(docx_bytes(lambda d: d.add_paragraph("命令行转换测试")))
    target = tmp_path / "out.pdf"
    call_command("documents", "pdf", str(source), str(target))
    assert "命令行转换测试" in pdf_compact(target.read_bytes())
    with pytest.raises(CommandError) as info:
        call_command("documents", "pdf", str(tmp_path / "missing.docx"), str(target))
    assert info.value.returncode == 2

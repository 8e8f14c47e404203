"""``zhifa documents seed-templates | verify | pdf``."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zhifa.documents.models import DocumentTemplate, DocumentTemplateVersion
from zhifa.documents.seed_templates import SEED_TEMPLATES
from zhifa.documents.tests.helpers import docx_bytes, pdf_compact

pytestmark = pytest.mark.django_db


def test_seed_templates_is_idempotent(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("documents", "seed-templates")
    codes = {s.code for s in SEED_TEMPLATES}
    assert {"service_receipt", "order_to_correct", "penalty_decision", "prior_notice"} <= codes
    assert set(DocumentTemplate.objects.values_list("code", flat=True)) == codes
    call_command("documents", "seed-templates", "--update")  # the built-in text has not changed
    assert DocumentTemplateVersion.objects.count() == len(SEED_TEMPLATES)
    out = capsys.readouterr().out
    assert "created penalty_decision" in out and "kept penalty_decision" in out
    call_command("documents", "verify")
    assert f"documents OK: {len(SEED_TEMPLATES)} files" in capsys.readouterr().out


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

"""``zhifa documents seed-templates [--update]``, ``zhifa documents verify`` and
``zhifa documents pdf IN.docx OUT.pdf``.

- ``seed-templates`` registers the standard templates (``zhifa.documents.seed_templates``) that do
  not exist yet; with ``--update`` it also uploads the built-in text as a new version of an
  existing template whose current version differs. Idempotent: the demo loader calls it.
- ``verify`` re-reads every stored template and document file and checks its SHA-256.
- ``pdf`` lays any DOCX out as a PDF with the built-in renderer (to check a template by hand).

Exit status: 0 on success; 1 when ``verify`` finds a damaged or missing file; 2 for bad arguments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.documents.models import DocumentTemplate, DocumentTemplateVersion, GeneratedDocument
from zhifa.documents.rendering import docx_to_pdf
from zhifa.documents.seed_templates import SEED_TEMPLATES
from zhifa.documents.services import template_create, template_upload_version
from zhifa.documents.storage import BlobIntegrityError, blob_get, sha256_hex


class Command(BaseCommand):
    help = "Seed the standard document templates, verify stored files, or convert a DOCX to PDF."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        seed = sub.add_parser("seed-templates", help="register the standard templates")
        seed.add_argument(
            "--update",
            action="store_true",
            help="upload changed built-in templates as new versions",
        )
        sub.add_parser("verify", help="check every stored file against its SHA-256")
        pdf = sub.add_parser("pdf", help="lay a DOCX out as PDF")
        pdf.add_argument("source")
        pdf.add_argument("target")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "seed-templates":
            self._seed(update=options["update"])
        elif action == "verify":
            self._verify()
        else:
            self._pdf(options["source"], options["target"])

    def _seed(self, *, update: bool) -> None:
        for seed in SEED_TEMPLATES:
            data = seed.build()
            existing = DocumentTemplate.objects.filter(code=seed.code).first()
            try:
                if existing is None:
                    template_create(
                        actor=None,
                        code=seed.code,
                        name=seed.name,
                        category=seed.category,
                        description=seed.description,
                        docx_bytes=data,
                        note="系统内置版本",
                        sample_context=seed.sample_context,
                    )
                    self.stdout.write(f"created {seed.code}")
                    continue
                current = existing.versions.filter(is_current=True).first()
                if update and (current is None or current.sha256 != sha256_hex(data)):
                    version = template_upload_version(
                        actor=None, template=existing, docx_bytes=data, note="系统内置版本更新"
                    )
                    self.stdout.write(f"updated {seed.code} to version {version.version}")
                else:
                    self.stdout.write(f"kept {seed.code}")
            except DomainError as exc:
                raise CommandError(f"{seed.code}: {exc.message}", returncode=1) from exc

    def _verify(self) -> None:
        bad = 0
        checked = 0
        files: list[tuple[str, str, str]] = []
        for v in DocumentTemplateVersion.objects.select_related("template").iterator():
            files.append((f"template {v.template.code} v{v.version}", v.docx.name, v.sha256))
        for d in GeneratedDocument.objects.iterator():
            files.append((f"document {d.pk} docx", d.docx.name, d.docx_sha256))
            files.append((f"document {d.pk} pdf", d.pdf.name, d.pdf_sha256))
        for label, name, digest in files:
            checked += 1
            try:
                blob_get(name, sha256=digest)
            except (BlobIntegrityError, OSError) as exc:
                bad += 1
                self.stderr.write(f"BAD {label}: {name}: {exc}")
        if bad:
            self.stderr.write(f"{bad} of {checked} files damaged or missing")
            raise SystemExit(1)
        self.stdout.write(f"documents OK: {checked} files")

    def _pdf(self, source: str, target: str) -> None:
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"no such file: {source}", returncode=2)
        try:
            pdf = docx_to_pdf(path.read_bytes(), title=path.stem)
        except ValueError as exc:
            raise CommandError(f"{source} is not a DOCX file: {exc}", returncode=2) from exc
        Path(target).write_bytes(pdf)
        self.stdout.write(f"wrote {target} ({len(pdf)} bytes)")

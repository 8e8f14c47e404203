"""Writes of the documents app: templates, template versions, generated documents.

Rendering a DOCX and laying out its PDF takes about a second; it is done *before* the database
transaction (and the files are stored, verified, before it too), so the transaction that creates
the row and appends to the ledger is short and never holds the SQLite write lock while fonts are
being subset. See docs/adr/0006-documents-and-pdf.md.

The pure functions :func:`render_docx` and :func:`docx_to_pdf` are re-exported here for callers
that want the bytes without storing a document.
"""

from __future__ import annotations

import io
from typing import Any

import pypdf
from django.db import models, transaction

from zhifa.accounts.models import Organisation, User
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.subjects import subject_key
from zhifa.documents import constants
from zhifa.documents.models import DocumentTemplate, DocumentTemplateVersion, GeneratedDocument
from zhifa.documents.permissions import can_manage_templates, can_render_for
from zhifa.documents.rendering import (
    TemplateProblem,
    docx_to_pdf,
    inspect_template,
    normalise_context,
    render_docx,
    render_template_bytes,
)
from zhifa.documents.storage import StoredBlob, blob_get, blob_put
from zhifa.ledger.services import ledger_append

__all__ = [
    "document_render",
    "docx_to_pdf",
    "render_docx",
    "template_create",
    "template_preview_pdf",
    "template_set_active",
    "template_upload_version",
]


def _domain(problem: TemplateProblem, *, field: str | None = None) -> DomainError:
    return DomainError(problem.message, code=problem.code, field=field)


def _require_manager(actor: User) -> None:
    if not can_manage_templates(actor):
        raise PermissionDenied("只有单位负责人或系统管理员可以维护文书模板。")


def _checked_template(docx_bytes: bytes) -> list[str]:
    try:
        return inspect_template(docx_bytes).variables
    except TemplateProblem as problem:
        raise _domain(problem, field="docx") from problem


def _add_version(
    *,
    actor: User | None,
    template: DocumentTemplate,
    blob: StoredBlob,
    variables: list[str],
    note: str,
) -> DocumentTemplateVersion:
    """Inside a transaction: the new version becomes current; the old ones stay."""
    DocumentTemplate.objects.select_for_update().filter(pk=template.pk).first()  # serialise uploads
    last = template.versions.aggregate(n=models.Max("version"))["n"] or 0
    template.versions.filter(is_current=True).update(is_current=False)
    return DocumentTemplateVersion.objects.create(
        template=template,
        version=last + 1,
        docx=blob.name,
        sha256=blob.sha256,
        size=blob.size,
        variables=variables,
        note=note[:200],
        is_current=True,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )


def template_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    category: str,
    docx_bytes: bytes,
    note: str = "",
    description: str = "",
    sample_context: dict[str, Any] | None = None,
) -> DocumentTemplate:
    """Register a new template with its first version. ``actor=None`` is the system (seeding)."""
    if actor is not None:
        _require_manager(actor)
    code = (code or "").strip()
    name = (name or "").strip()
    if not code or not name:
        raise DomainError(
            "请填写模板代码和名称。", code="required", field="code" if not code else "name"
        )
    if category not in constants.TemplateCategory.values:
        raise DomainError(
            "模板类别无效，请从列表中选择。", code="invalid_category", field="category"
        )
    if DocumentTemplate.objects.filter(code=code).exists():
        raise DomainError(
            f"模板代码“{code}”已被使用，请换一个代码，或为已有模板上传新版本。",
            code="duplicate",
            field="code",
        )
    variables = _checked_template(docx_bytes)
    blob = blob_put(docx_bytes, extension="docx")  # complete and verified before any row
    with transaction.atomic():
        template = DocumentTemplate.objects.create(
            code=code,
            name=name,
            category=category,
            description=description,
            sample_context=normalise_context(sample_context or {}),
        )
        version = _add_version(
            actor=actor, template=template, blob=blob, variables=variables, note=note or "初始版本"
        )
        ledger_append(
            actor=actor,
            action=constants.ACTION_TEMPLATE_CREATE,
            subject=template,
            payload={
                "code": code,
                "name": name,
                "version": version.version,
                "sha256": version.sha256,
            },
        )
    return template


def template_upload_version(
    *, actor: User | None, template: DocumentTemplate, docx_bytes: bytes, note: str = ""
) -> DocumentTemplateVersion:
    """Upload an edited DOCX as the template's new current version (old versions are kept).

    A file that is not a DOCX, or whose placeholders are not valid, is refused with a
    :class:`DomainError` that says in Chinese what is wrong. ``actor=None`` is the system.
    """
    if actor is not None:
        _require_manager(actor)
    variables = _checked_template(docx_bytes)
    blob = blob_put(docx_bytes, extension="docx")
    with transaction.atomic():
        version = _add_version(
            actor=actor, template=template, blob=blob, variables=variables, note=note
        )
        ledger_append(
            actor=actor,
            action=constants.ACTION_TEMPLATE_VERSION_UPLOAD,
            subject=template,
            payload={
                "code": template.code,
                "version": version.version,
                "sha256": version.sha256,
                "note": version.note,
            },
        )
    return version


@transaction.atomic
def template_set_active(
    *, actor: User, template: DocumentTemplate, active: bool
) -> DocumentTemplate:
    """Enable or disable a template (disabled templates cannot be used; nothing is deleted)."""
    _require_manager(actor)
    if template.is_active == active:
        return template
    template.is_active = active
    template.save(update_fields=["is_active"])
    ledger_append(
        actor=actor,
        action=constants.ACTION_TEMPLATE_ACTIVATE
        if active
        else constants.ACTION_TEMPLATE_DEACTIVATE,
        subject=template,
        payload={"code": template.code},
    )
    return template


def _current_version(template_code: str) -> DocumentTemplateVersion:
    version = (
        DocumentTemplateVersion.objects.select_related("template")
        .filter(template__code=template_code, is_current=True)
        .first()
    )
    if version is None:
        raise DomainError(
            f"没有代码为“{template_code}”的文书模板。",
            code="template_not_found",
            field="template_code",
        )
    if not version.template.is_active:
        raise DomainError(
            f"文书模板“{version.template.name}”已停用，不能再制作该文书。",
            code="template_inactive",
            field="template_code",
        )
    return version


def _page_count(pdf_bytes: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages)


def _subject_key(subject: models.Model | None) -> tuple[str, str]:
    if subject is None:
        return "", ""
    return subject_key(subject)


def document_render(
    *,
    actor: User,
    template_code: str,
    context: dict[str, Any],
    organisation: Organisation,
    title: str = "",
    subject: models.Model | None = None,
    number: str = "",
) -> GeneratedDocument:
    """Make a document: fill the template's current version, lay out the PDF, store both, record.

    ``subject`` is what the document belongs to (e.g. a case); ``organisation`` is the unit in
    whose name it is made (it scopes who can read it). ``number`` (文号) defaults to the
    context's ``document_number``; ``title`` to the template's name.
    """
    if not can_render_for(actor, organisation):
        raise PermissionDenied("您不能以该单位的名义制作文书。")
    version = _current_version(template_code)
    try:
        data = normalise_context(context)
        docx_bytes = render_template_bytes(_version_bytes(version), data)
    except TemplateProblem as problem:
        raise _domain(problem, field="context") from problem
    title = (title or version.template.name).strip()[:200]
    number = (number or str(data.get("document_number") or "")).strip()[:100]
    try:
        pdf_bytes = docx_to_pdf(docx_bytes, title=title, author=organisation.name)
    except Exception as exc:  # the layout of an accepted template should not fail; say so clearly
        raise DomainError(
            f"文书已填写，但生成 PDF 失败（{type(exc).__name__}）。请联系系统管理员检查模板。",
            code="pdf_failed",
        ) from exc
    # Files first, verified; the row points to them only once they are complete.
    docx_blob = blob_put(docx_bytes, extension="docx")
    pdf_blob = blob_put(pdf_bytes, extension="pdf")
    subject_type, subject_id = _subject_key(subject)
    with transaction.atomic():
        document = GeneratedDocument.objects.create(
            template_version=version,
            organisation=organisation,
            subject_type=subject_type,
            subject_id=subject_id,
            number=number,
            title=title,
            context=data,
            docx=docx_blob.name,
            docx_sha256=docx_blob.sha256,
            docx_size=docx_blob.size,
            pdf=pdf_blob.name,
            pdf_sha256=pdf_blob.sha256,
            pdf_size=pdf_blob.size,
            page_count=_page_count(pdf_bytes),
            created_by=actor,
            created_at=clock.now(),
        )
        ledger_append(
            actor=actor,
            action=constants.ACTION_DOCUMENT_RENDER,
            subject=document,
            payload={
                "template": version.template.code,
                "template_version": version.version,
                "template_sha256": version.sha256,
                "organisation_id": organisation.pk,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "number": number,
                "title": title,
                "docx_sha256": docx_blob.sha256,
                "pdf_sha256": pdf_blob.sha256,
            },
        )
    return document


def _version_bytes(version: DocumentTemplateVersion) -> bytes:
    return blob_get(str(version.docx.name), sha256=version.sha256)


def template_preview_pdf(
    *, actor: User, version: DocumentTemplateVersion, context: dict[str, Any]
) -> bytes:
    """Render a template version with example data to a PDF, storing and recording nothing."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied()
    try:
        docx_bytes = render_template_bytes(_version_bytes(version), context)
    except TemplateProblem as problem:
        raise _domain(problem, field="context") from problem
    return docx_to_pdf(docx_bytes, title=f"{version.template.name}（预览）")

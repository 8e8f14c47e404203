"""/api/v1/documents/: the template registry, making documents, downloading them.

- ``GET  templates``             templates with their current version and placeholders
- ``POST render``                fill a template and store the DOCX and PDF → id and hashes
- ``GET  {id}``                  a generated document's record (scoped to the user's units)
- ``GET  {id}/pdf``, ``{id}/docx`` the files, checked against their SHA-256
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhifa.accounts.selectors import organisation_list_visible
from zhifa.core.errors import DomainError
from zhifa.documents import selectors
from zhifa.documents.models import GeneratedDocument
from zhifa.documents.services import document_render
from zhifa.documents.storage import blob_get

router = Router(tags=["documents"])


class TemplateOut(Schema):
    code: str
    name: str
    category: str
    description: str
    is_active: bool
    current_version: int | None
    sha256: str | None
    variables: list[str]


class RenderIn(Schema):
    template_code: str
    context: dict[str, Any] = {}
    organisation_id: int | None = None
    title: str = ""
    number: str = ""


class DocumentOut(Schema):
    id: int
    template_code: str
    template_version: int
    organisation_id: int
    subject_type: str
    subject_id: str
    number: str
    title: str
    page_count: int
    docx_sha256: str
    pdf_sha256: str
    created_at: dt.datetime
    pdf_url: str
    docx_url: str


def _out(d: GeneratedDocument) -> DocumentOut:
    return DocumentOut(
        id=d.pk,
        template_code=d.template_version.template.code,
        template_version=d.template_version.version,
        organisation_id=d.organisation_id,
        subject_type=d.subject_type,
        subject_id=d.subject_id,
        number=d.number,
        title=d.title,
        page_count=d.page_count,
        docx_sha256=d.docx_sha256,
        pdf_sha256=d.pdf_sha256,
        created_at=d.created_at,
        pdf_url=reverse("api:document_pdf", kwargs={"document_id": d.pk}),
        docx_url=reverse("api:document_docx", kwargs={"document_id": d.pk}),
    )


@router.get("/templates", response=list[TemplateOut], summary="Document templates")
def templates(request: HttpRequest) -> list[TemplateOut]:
    out = []
    for t in selectors.template_list(user=request.auth):  # type: ignore[arg-type]
        current = t.current_versions[0] if t.current_versions else None  # type: ignore[attr-defined]
        out.append(
            TemplateOut(
                code=t.code,
                name=t.name,
                category=t.category,
                description=t.description,
                is_active=t.is_active,
                current_version=current.version if current else None,
                sha256=current.sha256 if current else None,
                variables=list(current.variables) if current else [],
            )
        )
    return out


@router.post("/render", response={201: DocumentOut}, summary="Make a document from a template")
def render(request: HttpRequest, payload: RenderIn) -> Status[DocumentOut]:
    user = request.auth
    if payload.organisation_id is None:
        organisation = user.organisation  # type: ignore[union-attr]
        if organisation is None:
            raise DomainError(
                "请指定以哪个单位的名义制作文书（organisation_id）。", field="organisation_id"
            )
    else:
        organisation = (
            organisation_list_visible(user=user).filter(pk=payload.organisation_id).first()
        )  # type: ignore[arg-type]
        if organisation is None:
            raise DomainError(
                "单位不存在或不在您的权限范围内。", code="not_found", field="organisation_id"
            )
    document = document_render(
        actor=user,  # type: ignore[arg-type]
        template_code=payload.template_code,
        context=payload.context,
        organisation=organisation,
        title=payload.title,
        number=payload.number,
    )
    return Status(201, _out(document))


def _document(request: HttpRequest, document_id: int) -> GeneratedDocument:
    document = selectors.document_get_for_user(user=request.auth, document_id=document_id)  # type: ignore[arg-type]
    if document is None:
        raise HttpError(404, "文书不存在或不在您的权限范围内。")
    return document


@router.get("/{int:document_id}", response=DocumentOut, summary="A generated document")
def document(request: HttpRequest, document_id: int) -> DocumentOut:
    return _out(_document(request, document_id))


@router.get(
    "/{int:document_id}/pdf", url_name="document_pdf", summary="The PDF of a generated document"
)
def document_pdf(request: HttpRequest, document_id: int) -> HttpResponse:
    d = _document(request, document_id)
    response = HttpResponse(
        blob_get(d.pdf.name, sha256=d.pdf_sha256), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="document-{d.pk}.pdf"'
    response["X-Content-SHA256"] = d.pdf_sha256
    return response


@router.get(
    "/{int:document_id}/docx", url_name="document_docx", summary="The DOCX of a generated document"
)
def document_docx(request: HttpRequest, document_id: int) -> HttpResponse:
    d = _document(request, document_id)
    response = HttpResponse(
        blob_get(d.docx.name, sha256=d.docx_sha256),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="document-{d.pk}.docx"'
    response["X-Content-SHA256"] = d.docx_sha256
    return response

"""Pages of the documents app: the template registry, versions, upload, preview, downloads.

Files are served through these views (never from MEDIA_URL): each checks who asks and, for a
generated document, that the user's scope covers the document's unit; each verifies the file
against its recorded SHA-256 before sending it.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhifa.core.errors import DomainError
from zhifa.core.params import int_param
from zhifa.documents import selectors
from zhifa.documents.forms import PreviewForm, TemplateCreateForm, TemplateVersionUploadForm
from zhifa.documents.models import DocumentTemplate
from zhifa.documents.permissions import can_manage_templates
from zhifa.documents.services import (
    template_create,
    template_preview_pdf,
    template_set_active,
    template_upload_version,
)
from zhifa.documents.storage import blob_get


def _file_response(
    data: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "document"
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Length"] = str(len(data))
    return response


def _template_or_404(request: HttpRequest, code: str) -> DocumentTemplate:
    template = selectors.template_get(user=request.user, code=code)
    if template is None:
        raise Http404
    return template


def _sample_context(template: DocumentTemplate) -> dict:  # type: ignore[type-arg]
    if template.sample_context:
        return dict(template.sample_context)
    current = selectors.template_current_version(template=template)
    return {name: f"〔{name}〕" for name in (current.variables if current else [])}


def _detail(
    request: HttpRequest,
    template: DocumentTemplate,
    *,
    upload_form: TemplateVersionUploadForm | None = None,
    preview_form: PreviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    manager = can_manage_templates(request.user)
    current = selectors.template_current_version(template=template)
    if preview_form is None:
        preview_form = PreviewForm(
            initial={"context": json.dumps(_sample_context(template), ensure_ascii=False, indent=2)}
        )
    context = {
        "template": template,
        "current": current,
        "versions": selectors.template_versions(template=template),
        "can_manage": manager,
        "upload_form": upload_form or (TemplateVersionUploadForm() if manager else None),
        "preview_form": preview_form,
    }
    return render(request, "documents/template_detail.html", context, status=status)


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    templates = list(selectors.template_list(user=request.user))
    recent = list(selectors.document_list_for_user(user=request.user)[:10])
    return render(
        request,
        "documents/template_list.html",
        {
            "templates": templates,
            "recent": recent,
            "can_manage": can_manage_templates(request.user),
        },
    )


@login_required
def template_create_view(request: HttpRequest) -> HttpResponse:
    if not can_manage_templates(request.user):
        raise DjangoPermissionDenied
    form = TemplateCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = template_create(
                actor=request.user,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                docx_bytes=form.cleaned_data["docx"].read(),
                note="初始版本",
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记模板“{template.name}”。")
            return redirect("documents:template_detail", code=template.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/template_create.html", {"form": form}, status=status)


@login_required
@require_GET
def template_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, _template_or_404(request, code))


@login_required
@require_POST
def template_upload(request: HttpRequest, code: str) -> HttpResponse:
    template = _template_or_404(request, code)
    if not can_manage_templates(request.user):
        raise DjangoPermissionDenied
    form = TemplateVersionUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = template_upload_version(
                actor=request.user,
                template=template,
                docx_bytes=form.cleaned_data["docx"].read(),
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error("docx" if exc.field in (None, "docx") else None, exc.message)
        else:
            messages.success(request, f"已上传第 {version.version} 版，并设为当前版本。")
            return redirect("documents:template_detail", code=template.code)
    return _detail(request, template, upload_form=form, status=400)


@login_required
@require_POST
def template_toggle(request: HttpRequest, code: str) -> HttpResponse:
    template = _template_or_404(request, code)
    if not can_manage_templates(request.user):
        raise DjangoPermissionDenied
    template_set_active(actor=request.user, template=template, active=not template.is_active)
    messages.success(request, "模板已启用。" if template.is_active else "模板已停用。")
    return redirect("documents:template_detail", code=template.code)


@login_required
@require_POST
def template_preview(request: HttpRequest, code: str) -> HttpResponse:
    """Render the chosen (default: current) version with the example data; show the PDF."""
    template = _template_or_404(request, code)
    form = PreviewForm(request.POST)
    version_no = request.POST.get("version")
    version = (
        selectors.template_version_get(user=request.user, code=code, version=int(version_no))
        if int_param(version_no) is not None
        else selectors.template_current_version(template=template)
    )
    if version is None:
        raise Http404
    if form.is_valid():
        try:
            pdf = template_preview_pdf(
                actor=request.user, version=version, context=form.cleaned_data["context"]
            )
        except DomainError as exc:
            form.add_error("context", exc.message)
        else:
            return _file_response(
                pdf,
                filename=f"{template.name}-预览-第{version.version}版.pdf",
                content_type="application/pdf",
                inline=True,
            )
    return _detail(request, template, preview_form=form, status=400)


@login_required
@require_GET
def template_version_download(request: HttpRequest, code: str, version: int) -> HttpResponse:
    v = selectors.template_version_get(user=request.user, code=code, version=version)
    if v is None:
        raise Http404
    data = blob_get(v.docx.name, sha256=v.sha256)
    return _file_response(
        data,
        filename=f"{v.template.name}-第{v.version}版.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.document_list_for_user(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "documents/document_list.html", {"page": page})


@login_required
@require_GET
def document_download(request: HttpRequest, document_id: int, fmt: str) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, document_id=document_id)
    if document is None or fmt not in {"pdf", "docx"}:
        raise Http404
    name = f"{document.title}{('-' + document.number) if document.number else ''}"
    if fmt == "pdf":
        data = blob_get(document.pdf.name, sha256=document.pdf_sha256)
        return _file_response(
            data,
            filename=f"{name}.pdf",
            content_type="application/pdf",
            inline=request.GET.get("inline") == "1",
        )
    data = blob_get(document.docx.name, sha256=document.docx_sha256)
    return _file_response(
        data,
        filename=f"{name}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

"""Reads of the documents app, scoped to what the user may see.

Templates are county-wide reference data: every signed-in staff member may read them. Generated
documents belong to a unit and are visible through :func:`organisation_scope_q`.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from zhifa.accounts.models import User
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.documents.models import DocumentTemplate, DocumentTemplateVersion, GeneratedDocument


def template_list(*, user: User, include_inactive: bool = True) -> QuerySet[DocumentTemplate]:
    """The template registry with each template's current version and version count."""
    if not user.is_authenticated or not user.is_active:
        return DocumentTemplate.objects.none()
    qs = DocumentTemplate.objects.all()
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.annotate(version_count=Count("versions")).prefetch_related(
        Prefetch(
            "versions",
            queryset=DocumentTemplateVersion.objects.filter(is_current=True).select_related(
                "uploaded_by"
            ),
            to_attr="current_versions",
        )
    )


def template_get(*, user: User, code: str) -> DocumentTemplate | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return DocumentTemplate.objects.filter(code=code).first()


def template_versions(*, template: DocumentTemplate) -> QuerySet[DocumentTemplateVersion]:
    return template.versions.select_related("uploaded_by").order_by("-version")


def template_version_get(*, user: User, code: str, version: int) -> DocumentTemplateVersion | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        DocumentTemplateVersion.objects.select_related("template")
        .filter(template__code=code, version=version)
        .first()
    )


def template_current_version(*, template: DocumentTemplate) -> DocumentTemplateVersion | None:
    return template.versions.filter(is_current=True).first()


def document_list_for_user(*, user: User) -> QuerySet[GeneratedDocument]:
    return (
        GeneratedDocument.objects.filter(organisation_scope_q(user))
        .select_related("organisation", "created_by", "template_version__template")
        .order_by("-created_at", "-id")
    )


def document_get_for_user(*, user: User, document_id: int) -> GeneratedDocument | None:
    """A generated document if the user's scope covers its unit, else None (→ 404)."""
    return document_list_for_user(user=user).filter(pk=document_id).first()


def document_list_for_subject(
    *, user: User, subject_type: str, subject_id: str
) -> QuerySet[GeneratedDocument]:
    """Documents attached to one subject (e.g. ``"cases.case"``, ``"12"``) that the user may see."""
    return document_list_for_user(user=user).filter(
        subject_type=subject_type, subject_id=str(subject_id)
    )

"""Admin: the template registry is reference data (design.md "Back office"). Generated documents
are read-only records; new template versions are uploaded through the documents pages so they are
validated and recorded in the ledger."""

from __future__ import annotations

from django.contrib import admin

from zhifa.documents.models import DocumentTemplate, DocumentTemplateVersion, GeneratedDocument


class VersionInline(admin.TabularInline):
    model = DocumentTemplateVersion
    fields = ("version", "is_current", "note", "sha256", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "is_active", "created_at")
    list_filter = ("category", "is_active")
    search_fields = ("code", "name")
    fields = (
        "code",
        "name",
        "category",
        "description",
        "is_active",
        "sample_context",
        "created_at",
    )
    readonly_fields = ("code", "created_at")
    inlines = (VersionInline,)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # new templates go through template_create (validated, recorded)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "number",
        "organisation",
        "subject_type",
        "subject_id",
        "created_by",
        "created_at",
    )
    list_filter = ("template_version__template",)
    search_fields = ("title", "number", "pdf_sha256", "docx_sha256")
    list_select_related = ("organisation", "created_by", "template_version__template")

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

"""Admin of the directory for the Justice Bureau: entities and import runs (read-mostly)."""

from django.contrib import admin

from zhifa.subjects.models import ImportRun, MarketEntity


@admin.register(MarketEntity)
class MarketEntityAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "uscc",
        "category",
        "legal_representative",
        "township",
        "status",
        "abnormal_listed",
        "serious_violation",
        "complaint_count",
    )
    list_filter = (
        "category",
        "status",
        "abnormal_listed",
        "serious_violation",
        "higher_level_required",
        "township",
    )
    search_fields = ("name", "uscc", "legal_representative")
    list_select_related = ("township",)
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "file_name",
        "organisation",
        "created_by",
        "status",
        "rows_read",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = ("organisation", "created_by")
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

"""Admin of the cases app. Case-number sequences are read-only: only
:func:`zhifa.cases.services.numbering.case_number_allocate` may move them (gap-free numbers)."""

from django.contrib import admin
from django.http import HttpRequest

from zhifa.cases.models import CaseNumberSequence


@admin.register(CaseNumberSequence)
class CaseNumberSequenceAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year", "kind", "last")
    list_filter = ("year", "kind")
    search_fields = ("organisation__name",)
    list_select_related = ("organisation",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

"""Read-mostly admin: obligations change only through the services (and the ledger)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.deadlines.models import Obligation, ObligationExtension, ObligationPause


class _ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PauseInline(_ReadOnlyInline):
    model = ObligationPause
    fields = ("reason", "paused_at", "paused_by", "resumed_at", "resumed_by", "lost", "lost_unit")
    readonly_fields = fields


class ExtensionInline(_ReadOnlyInline):
    model = ObligationExtension
    fields = (
        "amount",
        "unit",
        "rule_id",
        "approved_by",
        "approved_at",
        "previous_due_at",
        "new_due_at",
        "reason",
    )
    readonly_fields = fields


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "label",
        "rule_id",
        "organisation",
        "responsible",
        "due_date",
        "state",
        "provisional",
    )
    list_filter = ("state", "provisional", "unit")
    search_fields = ("label", "rule_id", "subject_label", "subject_id")
    list_select_related = ("organisation", "responsible")
    date_hierarchy = "due_date"
    inlines = (PauseInline, ExtensionInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Obligation._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Viewable (read-only form); writes go through the services.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

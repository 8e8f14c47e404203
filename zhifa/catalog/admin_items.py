"""Django admin of the items area of the catalog app.

Enforcement types are edited here by the Justice Bureau (name, description, order; deactivated
through an action, never deleted). The catalogue, the directory, the lists and the filings are
read-only here: they change only through the services, which check the workflow and write the
ledger (the staff pages and the API call them).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from zhifa.catalog.models import (
    EnforcementItem,
    EnforcementSubject,
    EnforcementType,
    InternalBody,
    ItemVersion,
    UnitListEntry,
    UnitListFiling,
)
from zhifa.catalog.services.subjects import enforcement_type_set_active
from zhifa.core.errors import DomainError


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EnforcementType)
class EnforcementTypeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "is_active", "sort_order")
    list_filter = ("is_active",)
    search_fields = ("code", "name")
    readonly_fields = ("is_active",)
    actions = ("deactivate", "activate")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The code is what certificates and items refer to: fixed once created.
        return ("code", "is_active") if obj is not None else ("is_active",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _set(self, request: HttpRequest, queryset: QuerySet[EnforcementType], active: bool) -> None:
        for et in queryset:
            try:
                enforcement_type_set_active(actor=request.user, enforcement_type=et, active=active)  # type: ignore[arg-type]
            except DomainError as exc:
                self.message_user(request, exc.message, level=messages.ERROR)
                return
        self.message_user(
            request, f"已{'启用' if active else '停用'} {queryset.count()} 个执法类型。"
        )

    @admin.action(description="停用所选执法类型")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[EnforcementType]) -> None:
        self._set(request, queryset, False)

    @admin.action(description="启用所选执法类型")
    def activate(self, request: HttpRequest, queryset: QuerySet[EnforcementType]) -> None:
        self._set(request, queryset, True)


class InternalBodyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = InternalBody
    extra = 0
    can_delete = False
    readonly_fields = ("name", "duties", "sort_order")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EnforcementSubject)
class EnforcementSubjectAdmin(_ReadOnly):
    list_display = ("name", "organisation", "status", "confirmation_document", "updated_at")
    list_filter = ("status",)
    search_fields = ("name", "confirmation_document")
    list_select_related = ("organisation",)
    inlines = (InternalBodyInline,)


@admin.register(EnforcementItem)
class EnforcementItemAdmin(_ReadOnly):
    list_display = ("code", "organisation", "current_version", "is_in_force", "locally_authorised")
    list_filter = ("is_in_force", "locally_authorised", "organisation")
    search_fields = ("code", "current_version__name")
    list_select_related = ("organisation", "current_version")


@admin.register(ItemVersion)
class ItemVersionAdmin(_ReadOnly):
    list_display = (
        "name",
        "item",
        "number",
        "change_kind",
        "status",
        "effective_from",
        "effective_to",
    )
    list_filter = ("status", "change_kind", "item_type", "change_trigger")
    search_fields = ("name", "item__code", "approval_document")
    list_select_related = ("item",)


@admin.register(UnitListEntry)
class UnitListEntryAdmin(_ReadOnly):
    list_display = ("name", "organisation", "kind", "is_active", "updated_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    list_select_related = ("organisation",)


@admin.register(UnitListFiling)
class UnitListFilingAdmin(_ReadOnly):
    list_display = ("organisation", "kind", "status", "submitted_at", "snapshot_hash")
    list_filter = ("status", "kind")
    list_select_related = ("organisation",)

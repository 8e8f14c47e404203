"""Django admin of the discretion area: read-only. Benchmarks change only through the services
(the staff pages and the API), so every change is validated (R-1.5-02) and in the ledger."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.catalog.models import Benchmark, BenchmarkCircumstance, BenchmarkTier


class _ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TierInline(_ReadOnlyInline):
    model = BenchmarkTier
    fields = (
        "tier",
        "conditions",
        "penalty_types",
        "fine_min",
        "fine_max",
        "multiple_min",
        "multiple_max",
        "other_measures",
    )
    readonly_fields = fields


class CircumstanceInline(_ReadOnlyInline):
    model = BenchmarkCircumstance
    fields = ("code", "text", "effect")
    readonly_fields = fields


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "version", "violation", "organisation", "status", "published_at")
    list_filter = ("status", "organisation")
    search_fields = ("code", "violation", "violated_provision", "penalty_provision")
    list_select_related = ("organisation",)
    inlines = (TierInline, CircumstanceInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Benchmark._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Django admin of the officers area: read-only for the Justice Bureau. Officer records and
certificates change only through the services (guards, history, ledger) on the staff pages and
the API; the admin is for looking things up."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.personnel.models import (
    AnnualReview,
    Certificate,
    CertificateEvent,
    CertificateFileFiling,
    EquivalentCertificate,
    Officer,
)


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(_ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = CertificateEvent
    extra = 0
    fields = ("at", "action", "from_status", "to_status", "reason", "reference", "actor")
    readonly_fields = fields


class ReviewInline(_ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = AnnualReview
    extra = 0
    fields = ("year", "due_on", "passed", "opinion", "reviewed_by", "reviewed_at")
    readonly_fields = fields


@admin.register(Officer)
class OfficerAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "full_name",
        "organisation",
        "post",
        "staffing_type",
        "in_enforcement_post",
        "ever_dismissed",
        "induction_passed_on",
        "is_active",
    )
    list_filter = ("staffing_type", "is_active", "in_enforcement_post", "ever_dismissed")
    search_fields = ("full_name", "id_number", "user__username")
    list_select_related = ("organisation",)


@admin.register(Certificate)
class CertificateAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "officer", "status", "issued_on", "expires_on", "reviewed_until")
    list_filter = ("status", "enforcement_types")
    search_fields = ("number", "officer__full_name")
    list_select_related = ("officer",)
    inlines = (EventInline, ReviewInline)


@admin.register(AnnualReview)
class AnnualReviewAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("certificate", "year", "due_on", "passed", "reviewed_at")
    list_filter = ("year", "passed")
    search_fields = ("certificate__number", "certificate__officer__full_name")
    list_select_related = ("certificate",)


@admin.register(EquivalentCertificate)
class EquivalentCertificateAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "number", "issuer", "officer", "status", "valid_from", "valid_to")
    list_filter = ("status",)
    search_fields = ("number", "name", "officer__full_name")
    list_select_related = ("officer",)


@admin.register(CertificateFileFiling)
class CertificateFileFilingAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "organisation",
        "submitted_at",
        "officer_count",
        "certificate_count",
        "status",
        "handled_at",
    )
    list_filter = ("status",)
    list_select_related = ("organisation",)
    exclude = ("snapshot",)

"""Django admin of the training area of the personnel app.

Read-mostly, for the Justice Bureau's overview: sessions, attendance, exam results, decisions
and make-up requirements change only through the services (which write the ledger), i.e. the
staff pages under /personnel/training/ and the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.personnel.models import (
    Attendance,
    ExamResult,
    MakeupRequirement,
    RotationYear,
    TrainingSession,
)


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttendanceInline(_ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Attendance
    extra = 0
    fields = ("officer", "hours", "recorded_by", "recorded_at")
    readonly_fields = fields


@admin.register(TrainingSession)
class TrainingSessionAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "kind", "format", "organiser", "starts_on", "ends_on", "class_hours")
    list_filter = ("kind", "format")
    search_fields = ("title", "content", "location")
    list_select_related = ("organiser",)
    date_hierarchy = "starts_on"
    inlines = (AttendanceInline,)


@admin.register(ExamResult)
class ExamResultAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "officer",
        "subject",
        "attempt",
        "score",
        "passed",
        "taken_on",
        "session",
        "decision",
    )
    list_filter = ("subject", "attempt", "passed", "decision")
    search_fields = ("officer__full_name", "officer__id_number", "source")
    list_select_related = ("officer", "session")
    date_hierarchy = "taken_on"


@admin.register(MakeupRequirement)
class MakeupRequirementAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("officer", "reason", "due_on", "created_at", "completed_at")
    list_filter = ("reason",)
    search_fields = ("officer__full_name", "note", "completed_note")
    list_select_related = ("officer",)


@admin.register(RotationYear)
class RotationYearAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("officer", "year", "opened_at")
    list_filter = ("year",)
    search_fields = ("officer__full_name",)
    list_select_related = ("officer",)

"""Read-only admin views of the full-process records: records are written only by the services
(ledger, time limits) and never changed or deleted here (R-1.3-18)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.records.models import (
    AvExplanation,
    FileCheck,
    Interruption,
    Record,
    RecordFile,
    ReleaseRequest,
    StoredFile,
    UploadSession,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "organisation", "case", "stage", "form", "media", "status")
    list_filter = ("form", "stage", "status")
    search_fields = ("title",)
    list_select_related = ("organisation", "case")
    raw_id_fields = ("case", "field_action")


@admin.register(RecordFile)
class RecordFileAdmin(ReadOnlyAdmin):
    list_display = ("id", "original_name", "record", "role", "uploaded_at")
    list_select_related = ("record",)


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ("sha256", "size", "content_type", "created_at")
    search_fields = ("sha256",)


@admin.register(Interruption)
class InterruptionAdmin(ReadOnlyAdmin):
    list_display = ("id", "record", "cause", "started_at", "ended_at", "voice_explained")


@admin.register(AvExplanation)
class AvExplanationAdmin(ReadOnlyAdmin):
    list_display = ("id", "case", "field_action", "status", "written_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("case",)


@admin.register(UploadSession)
class UploadSessionAdmin(ReadOnlyAdmin):
    list_display = ("id", "filename", "record", "size", "received", "status", "updated_at")
    list_filter = ("status",)


@admin.register(ReleaseRequest)
class ReleaseRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "recipient", "status", "requested_at", "decided_at")
    list_filter = ("kind", "status")


@admin.register(FileCheck)
class FileCheckAdmin(ReadOnlyAdmin):
    list_display = ("id", "blob", "source", "ok", "problem", "checked_at")
    list_filter = ("ok", "source")

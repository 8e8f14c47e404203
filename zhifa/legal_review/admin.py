"""Read-only admin of the legal review (rows are written by the services only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from zhifa.legal_review.models import (
    ChecklistItem,
    Dispute,
    ExtensionRequest,
    Material,
    MaterialsCheck,
    Participant,
    Pause,
    Submission,
)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(_ReadOnly):
    list_display = ("case", "organisation", "status", "submitted_at", "complete_at", "extended")
    list_filter = ("status", "extended")
    list_select_related = ("case", "organisation")


for model in (
    Material,
    MaterialsCheck,
    Pause,
    ExtensionRequest,
    ChecklistItem,
    Dispute,
    Participant,
):
    admin.site.register(model, _ReadOnly)

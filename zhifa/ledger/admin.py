"""Read-only admin: the ledger can be browsed, never added to, changed or deleted here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from zhifa.ledger.models import LedgerEntry, MerkleRoot


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_label", "action", "subject_type", "subject_id")
    search_fields = ("=seq", "action", "subject_id", "actor_label")
    show_full_result_count = False
    readonly_fields = (
        "seq",
        "at",
        "actor_id",
        "actor_label",
        "organisation_id",
        "action",
        "subject_type",
        "subject_id",
        "payload",
        "prev_hash",
        "entry_hash",
    )


@admin.register(MerkleRoot)
class MerkleRootAdmin(ReadOnlyAdmin):
    list_display = ("day", "tree_size", "first_seq", "last_seq", "root_hash", "computed_at")
    readonly_fields = ("day", "tree_size", "first_seq", "last_seq", "root_hash", "computed_at")

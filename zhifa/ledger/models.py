"""The ledger: an append-only, hash-chained record of every change, and its daily Merkle roots.

Nothing here points at another table: ``actor_id``, ``organisation_id`` and the subject are plain
values, so the ledger never blocks a delete elsewhere and never depends on another app's schema.
UPDATE and DELETE are refused by database triggers (migration 0002); the model refuses them too,
but the triggers are the guarantee. How ``entry_hash`` is computed: :mod:`zhifa.ledger.hashing`.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from zhifa.ledger.constants import (
    MAX_ACTION_LENGTH,
    MAX_ACTOR_LABEL_LENGTH,
    MAX_SUBJECT_ID_LENGTH,
    MAX_SUBJECT_TYPE_LENGTH,
)


class AppendOnlyError(Exception):
    """Raised by the ORM when code tries to change or delete a ledger row."""


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError(f"{self._meta.label} is append-only: rows cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self._meta.label} is append-only: rows cannot be deleted.")


class LedgerEntry(AppendOnlyModel):
    """One entry of the chain. Write it only through ``services.ledger_append``."""

    seq = models.BigIntegerField("序号", primary_key=True)
    at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField("操作人 ID", null=True, blank=True)
    actor_label = models.CharField("操作人", max_length=MAX_ACTOR_LABEL_LENGTH)
    # The actor's organisation at the time of the entry (scopes the staff list).
    organisation_id = models.BigIntegerField("操作人单位 ID", null=True, blank=True)
    action = models.CharField("操作", max_length=MAX_ACTION_LENGTH)
    subject_type = models.CharField("对象类型", max_length=MAX_SUBJECT_TYPE_LENGTH, blank=True)
    subject_id = models.CharField("对象 ID", max_length=MAX_SUBJECT_ID_LENGTH, blank=True)
    # Canonical JSON text (zhifa.ledger.canonical), stored as text so it is hashed exactly.
    payload = models.TextField("内容")
    prev_hash = models.CharField("前一条哈希", max_length=64, unique=True)
    entry_hash = models.CharField("本条哈希", max_length=64, unique=True)

    class Meta:
        verbose_name = "账本记录"
        verbose_name_plural = "账本记录"
        ordering = ("seq",)
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=("at",), name="ledger_entry_at"),
            models.Index(fields=("subject_type", "subject_id", "seq"), name="ledger_entry_subject"),
            models.Index(fields=("organisation_id", "seq"), name="ledger_entry_org"),
            models.Index(fields=("actor_id", "seq"), name="ledger_entry_actor"),
            models.Index(fields=("action", "seq"), name="ledger_entry_action"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seq__gte=1), name="ledger_entry_seq_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    @property
    def subject_label(self) -> str:
        return f"{self.subject_type}:{self.subject_id}" if self.subject_type else ""


class MerkleRoot(AppendOnlyModel):
    """The RFC 6962 Merkle tree hash of one county calendar day's entries (see ``merkle.py``)."""

    day = models.DateField("日期", unique=True)
    tree_size = models.PositiveBigIntegerField("条数")
    first_seq = models.BigIntegerField("首条序号", null=True, blank=True)
    last_seq = models.BigIntegerField("末条序号", null=True, blank=True)
    root_hash = models.CharField("默克尔根", max_length=64)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "每日默克尔根"
        verbose_name_plural = "每日默克尔根"
        ordering = ("-day",)
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.day} {self.root_hash[:12]}…"

"""The in-app inbox: notices to a person (deadline warnings, assignments, approvals to give)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MessageCategory(models.TextChoices):
    GENERAL = "general", "通知"
    DEADLINE_DUE_SOON = "deadline_due_soon", "期限即将届满"
    DEADLINE_OVERDUE = "deadline_overdue", "期限已逾期"
    APPROVAL = "approval", "待审批"
    ASSIGNMENT = "assignment", "任务分派"


class Message(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_messages"
    )
    category = models.CharField(
        "类别", max_length=32, choices=MessageCategory.choices, default=MessageCategory.GENERAL
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    # The same notice is delivered once per recipient (e.g. "obligation 12 overdue").
    dedupe_key = models.CharField(max_length=120, blank=True, null=True)  # noqa: DJ001 - NULL = no dedupe
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("recipient", "read_at"), name="inbox_unread_idx")]
        constraints = [
            models.UniqueConstraint(fields=("recipient", "dedupe_key"), name="inbox_message_dedupe")
        ]

    def __str__(self) -> str:
        return self.title

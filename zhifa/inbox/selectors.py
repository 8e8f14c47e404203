from __future__ import annotations

from django.db.models import QuerySet

from zhifa.accounts.models import User
from zhifa.inbox.models import Message


def message_list_for_user(*, user: User, unread_only: bool = False) -> QuerySet[Message]:
    qs = Message.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def message_get_for_user(*, user: User, message_id: int) -> Message | None:
    return Message.objects.filter(recipient=user, pk=message_id).first()


def unread_count(*, user: User) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()

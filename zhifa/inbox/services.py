"""Sending and reading inbox messages."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from zhifa.accounts.models import Organisation, User
from zhifa.core import clock
from zhifa.core.errors import PermissionDenied
from zhifa.inbox.models import Message, MessageCategory


def inbox_send(
    *,
    recipients: Iterable[User | int],
    title: str,
    body: str = "",
    url: str = "",
    category: str = MessageCategory.GENERAL,
    dedupe_key: str | None = None,
) -> int:
    """Deliver one message to each recipient; returns how many were delivered.

    With ``dedupe_key`` a recipient who already has that message does not get it again, so a
    periodic scan can call this every pass without flooding anyone.
    """
    ids = {r if isinstance(r, int) else r.pk for r in recipients}
    if not ids:
        return 0
    if dedupe_key:
        ids -= set(
            Message.objects.filter(recipient_id__in=ids, dedupe_key=dedupe_key).values_list(
                "recipient_id", flat=True
            )
        )
    rows = [
        Message(
            recipient_id=i,
            title=title[:200],
            body=body,
            url=url,
            category=category,
            dedupe_key=dedupe_key,
        )
        for i in sorted(ids)
    ]
    Message.objects.bulk_create(rows, ignore_conflicts=bool(dedupe_key))
    return len(rows)


def inbox_send_to_role(
    *,
    organisation: Organisation,
    role: str,
    title: str,
    body: str = "",
    url: str = "",
    exclude: Iterable[User] = (),
    category: str = MessageCategory.APPROVAL,
) -> int:
    """A message to every active holder of ``role`` in ``organisation`` — e.g. the unit's heads,
    for a request that waits for their approval — except ``exclude`` (who asked)."""
    from zhifa.accounts.selectors import users_with_role

    skip = {u.pk for u in exclude}
    ids = [
        pk
        for pk in users_with_role(organisation=organisation, role=role).values_list("pk", flat=True)
        if pk not in skip
    ]
    return inbox_send(recipients=ids, title=title, body=body, url=url, category=category)


def inbox_send_many(messages: list[Message]) -> int:
    """Bulk delivery for set-based scans; rows with an existing dedupe key are skipped."""
    Message.objects.bulk_create(messages, ignore_conflicts=True, batch_size=1000)
    return len(messages)


@transaction.atomic
def message_mark_read(*, user: User, message: Message) -> Message:
    if message.recipient_id != user.pk:
        raise PermissionDenied("只能处理自己的消息。")
    if message.read_at is None:
        message.read_at = clock.now()
        message.save(update_fields=["read_at"])
    return message


def message_mark_all_read(*, user: User) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(read_at=clock.now())

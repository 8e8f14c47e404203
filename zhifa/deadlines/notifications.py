"""Inbox notices for obligations that became due soon or overdue, built in bulk.

Recipients: the responsible person when there is one and the account is active; otherwise the
unit heads of the obligation's unit — or, when that unit has none, of the nearest unit above it
that has (a township team's head is the township government's, AMB-G-g). Each notice carries the
dedupe key ``obligation:<id>:<kind>:<due date>``, so a recipient never gets the same notice twice
even if two scans raced, and a new due date (after a pause or an extension) warns again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation, User, UserRole
from zhifa.inbox.models import Message, MessageCategory
from zhifa.inbox.services import inbox_send_many

DUE_SOON = "due_soon"
OVERDUE = "overdue"

_BATCH = 1000


@dataclass(frozen=True)
class NoticeRow:
    """What a notice needs to know about one obligation."""

    id: int
    organisation_id: int
    responsible_id: int | None
    label: str
    rule_id: str
    due_date: dt.date


def _chunks(items: Sequence[int], size: int = _BATCH) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _active_users(ids: set[int]) -> set[int]:
    active: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        active.update(
            User.objects.filter(pk__in=chunk, is_active=True).values_list("pk", flat=True)
        )
    return active


def _unit_heads(org_ids: set[int]) -> dict[int, list[int]]:
    """For each organisation: the active unit heads of it or of its nearest unit above that has
    any. Two queries whatever the number of organisations."""
    paths = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "path"))
    lineage: dict[int, list[int]] = {}  # org id -> [itself, parent, grandparent, …]
    wanted: set[int] = set()
    for org_id, path in paths.items():
        chain = [int(p) for p in path.strip("/").split("/") if p.isdigit()][::-1] or [org_id]
        lineage[org_id] = chain
        wanted.update(chain)
    heads_by_org: dict[int, list[int]] = {}
    rows = (
        UserRole.objects.filter(
            role=Role.UNIT_HEAD, user__is_active=True, user__organisation_id__in=wanted
        )
        .order_by("user_id")
        .values_list("user__organisation_id", "user_id")
    )
    for org_id, user_id in rows:
        heads_by_org.setdefault(org_id, []).append(user_id)
    result: dict[int, list[int]] = {}
    for org_id, chain in lineage.items():
        for candidate in chain:
            if heads_by_org.get(candidate):
                result[org_id] = heads_by_org[candidate]
                break
        else:
            result[org_id] = []
    return result


def _detail_url_factory() -> str:
    marker = 987654321
    return reverse("deadlines:detail", args=[marker]).replace(str(marker), "{id}")


def build_messages(rows: Sequence[NoticeRow], kind: str) -> list[Message]:
    """The inbox messages for ``rows`` that just became ``kind`` (due_soon / overdue)."""
    if not rows:
        return []
    active = _active_users({r.responsible_id for r in rows if r.responsible_id is not None})
    need_heads = {
        r.organisation_id
        for r in rows
        if r.responsible_id is None or r.responsible_id not in active
    }
    heads = _unit_heads(need_heads) if need_heads else {}
    url_pattern = _detail_url_factory()
    if kind == OVERDUE:
        category = MessageCategory.DEADLINE_OVERDUE
        title_fmt = "期限已逾期：{label}"
        body_fmt = "依据 {rule_id}，该事项应于 {due:%Y年%m月%d日} 前办结，现已逾期。请尽快办理并记录完成情况。"
    else:
        category = MessageCategory.DEADLINE_DUE_SOON
        title_fmt = "期限即将届满：{label}"
        body_fmt = "依据 {rule_id}，该事项应于 {due:%Y年%m月%d日} 前办结，请抓紧办理。"
    messages: list[Message] = []
    for r in rows:
        if r.responsible_id is not None and r.responsible_id in active:
            recipients = [r.responsible_id]
        else:
            recipients = heads.get(r.organisation_id, [])
        if not recipients:
            continue
        title = title_fmt.format(label=r.label)[:200]
        body = body_fmt.format(rule_id=r.rule_id, due=r.due_date)
        url = url_pattern.format(id=r.id)
        key = f"obligation:{r.id}:{kind}:{r.due_date.isoformat()}"
        for recipient in recipients:
            messages.append(
                Message(
                    recipient_id=recipient,
                    category=category,
                    title=title,
                    body=body,
                    url=url,
                    dedupe_key=key,
                )
            )
    return messages


def notify(rows: Sequence[NoticeRow], kind: str) -> int:
    """Deliver the notices for ``rows``; returns how many messages were handed to the inbox."""
    messages = build_messages(rows, kind)
    if not messages:
        return 0
    return inbox_send_many(messages)

"""Inbox notices for obligations that became due soon or overdue, built in bulk.

Recipients: the responsible person when there is one and the account is active; otherwise the
unit heads of the obligation's unit — or, when that unit has none, of the nearest unit above it
that has (a township team's head is the township government's, AMB-G-g). Each notice carries the
dedupe key ``obligation:<id>:<kind>:<due date>``, so a recipient never gets the same notice twice
even if two scans raced, and a new due date (after a pause or an extension) warns again.

A recipient with more than ``DIGEST_THRESHOLD`` obligations in one pass (a unit head after a
public holiday, a worker that was down for a day) gets one digest message listing them and
linking to the filtered board, instead of a flood; its dedupe key is derived from the set of
obligations it covers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation, User, UserRole
from zhifa.inbox.models import Message, MessageCategory
from zhifa.inbox.services import inbox_send_many

DUE_SOON = "due_soon"
OVERDUE = "overdue"

_BATCH = 1000
# More obligations than this for one recipient in one pass: one digest message instead.
DIGEST_THRESHOLD = 3
# How many obligations a digest names in its body.
DIGEST_LISTED = 10


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


def _url_patterns() -> tuple[str, str]:
    marker = 987654321
    detail = reverse("deadlines:detail", args=[marker]).replace(str(marker), "{id}")
    return detail, reverse("deadlines:board")


_TEXT = {
    OVERDUE: {
        "category": MessageCategory.DEADLINE_OVERDUE,
        "title": "期限已逾期：{label}",
        "body": "依据 {rule_id}，该事项应于 {due:%Y年%m月%d日} 前办结，现已逾期。请尽快办理并记录完成情况。",
        "digest_title": "{n} 项期限已逾期",
        "digest_body": "以下事项已超过法定期限，请尽快办理并记录完成情况：",
    },
    DUE_SOON: {
        "category": MessageCategory.DEADLINE_DUE_SOON,
        "title": "期限即将届满：{label}",
        "body": "依据 {rule_id}，该事项应于 {due:%Y年%m月%d日} 前办结，请抓紧办理。",
        "digest_title": "{n} 项期限即将届满",
        "digest_body": "以下事项即将届满，请抓紧办理：",
    },
}


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
    by_recipient: dict[int, list[NoticeRow]] = defaultdict(list)
    for r in rows:
        if r.responsible_id is not None and r.responsible_id in active:
            by_recipient[r.responsible_id].append(r)
        else:
            for head in heads.get(r.organisation_id, []):
                by_recipient[head].append(r)
    text = _TEXT[kind]
    detail_url, board_url = _url_patterns()
    messages: list[Message] = []
    for recipient, items in by_recipient.items():
        if len(items) <= DIGEST_THRESHOLD:
            messages.extend(
                Message(
                    recipient_id=recipient,
                    category=text["category"],
                    title=text["title"].format(label=r.label)[:200],
                    body=text["body"].format(rule_id=r.rule_id, due=r.due_date),
                    url=detail_url.format(id=r.id),
                    dedupe_key=f"obligation:{r.id}:{kind}:{r.due_date.isoformat()}",
                )
                for r in items
            )
            continue
        items.sort(key=lambda r: (r.due_date, r.id))
        lines = [text["digest_body"]]
        lines += [
            f"· {r.label}（{r.rule_id}，{r.due_date:%m月%d日}届满）" for r in items[:DIGEST_LISTED]
        ]
        if len(items) > DIGEST_LISTED:
            lines.append(f"……共 {len(items)} 项，请在期限看板查看全部。")
        covered = hashlib.sha256(
            ",".join(f"{r.id}:{r.due_date.isoformat()}" for r in items).encode()
        ).hexdigest()[:32]
        messages.append(
            Message(
                recipient_id=recipient,
                category=text["category"],
                title=text["digest_title"].format(n=len(items)),
                body="\n".join(lines),
                url=f"{board_url}?{urlencode({'state': kind})}",
                dedupe_key=f"obligations:{kind}:{covered}",
            )
        )
    return messages


def notify(rows: Sequence[NoticeRow], kind: str) -> int:
    """Deliver the notices for ``rows``; returns how many messages were handed to the inbox."""
    messages = build_messages(rows, kind)
    if not messages:
        return 0
    return inbox_send_many(messages)

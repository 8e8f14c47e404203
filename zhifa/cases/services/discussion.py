"""Collective discussion of a major matter (集体讨论, R-1.14-06).

The head (township head or bureau director) organises the discussion of a major enforcement
matter; a handler or the head records it. Each participant's recusal declaration is recorded
(capacity DISCUSSANT, R-1.5-03): those who declare a conflict are recorded with it and may not
take part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.cases.constants import Capacity, RecusalGround
from zhifa.cases.models import Case, Discussion, RecusalDeclaration
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    has_declared,
    has_declared_conflict,
    is_handler,
    is_head_of,
    require_handler,
    require_text,
)
from zhifa.cases.services.report import latest_report
from zhifa.cases.workflow import require_transition
from zhifa.core import clock
from zhifa.core.errors import DomainError

if TYPE_CHECKING:
    from zhifa.accounts.models import User

MIN_PARTICIPANTS = 3


def _name(user: User) -> str:
    return user.full_name or user.username


def _minute(value: dt.datetime) -> dt.datetime:
    """Discussions are recorded to the minute; a report of the same minute counts as before."""
    return value.replace(second=0, microsecond=0)


def discussion_after_report(case: Case) -> Discussion | None:
    """R-1.14-06: the latest collective discussion held after the latest report, if any."""
    report = latest_report(case)
    qs = Discussion.objects.filter(case=case)
    if report is not None:
        qs = qs.filter(held_at__gte=_minute(report.written_at))
    return qs.order_by("-held_at", "-id").first()


@transaction.atomic
def discussion_record(
    *,
    case: Case,
    actor: User,
    held_at: dt.datetime,
    chair: User,
    participants: Iterable[User],
    conclusion: str,
    minutes: str,
    conflicts: Sequence[tuple[User, str]] = (),
) -> Discussion:
    """Record a collective discussion (R-1.14-06): chaired by a head of the unit, at least three
    participants including the chair, each declaring (R-1.5-03); ``conflicts`` — ``(person,
    ground)`` — are recorded with their conflict and may not be participants."""
    case = case_lock(case)
    require_transition(case, "discussion_record")
    if not is_head_of(actor, case.organisation):
        require_handler(case, actor)
    if held_at > clock.now():
        raise DomainError("讨论时间不能晚于现在。", field="held_at")
    report = latest_report(case)
    if report is not None and held_at < _minute(report.written_at):
        raise DomainError("集体讨论应当在调查终结报告之后进行，请核对讨论时间。", field="held_at")
    if not is_head_of(chair, case.organisation):
        raise DomainError(
            f"{_name(chair)} 不是本单位负责人：集体讨论由负责人主持（R-1.14-06）。", field="chair"
        )
    conflict_ids: dict[int, str] = {}
    for person, ground in conflicts:
        if ground not in RecusalGround.values:
            raise DomainError(f"请选择 {_name(person)} 的回避事由。", field="conflicts")
        conflict_ids[person.pk] = ground
    people: dict[int, User] = {chair.pk: chair}
    for p in participants:
        people.setdefault(p.pk, p)
    for person in people.values():
        own = person.organisation
        if not person.is_active or own is None or not case.organisation.path.startswith(own.path):
            raise DomainError(
                f"{_name(person)} 不是本单位（或上级单位）的人员。", field="participants"
            )
        if person.pk in conflict_ids or has_declared_conflict(case, person, Capacity.DISCUSSANT):
            raise DomainError(
                f"{_name(person)} 已声明回避，不得参加本案的集体讨论（R-1.5-03）。",
                code="recused",
                field="participants",
            )
    if len(people) < MIN_PARTICIPANTS:
        raise DomainError(
            f"集体讨论的参加人员（含主持人）不得少于 {MIN_PARTICIPANTS} 人。",
            code="too_few_participants",
            field="participants",
        )
    conclusion = require_text(conclusion, field="conclusion", what="讨论决定")
    minutes = require_text(minutes, field="minutes", what="讨论记录")
    now = clock.now()
    for person_id, ground in conflict_ids.items():
        RecusalDeclaration.objects.create(
            case=case,
            person_id=person_id,
            capacity=Capacity.DISCUSSANT,
            has_conflict=True,
            ground=ground,
            declared_at=now,
        )
    for person in people.values():
        if not has_declared(case, person, Capacity.DISCUSSANT):
            RecusalDeclaration.objects.create(
                case=case,
                person=person,
                capacity=Capacity.DISCUSSANT,
                has_conflict=False,
                declared_at=now,
            )
    discussion = Discussion.objects.create(
        case=case,
        held_at=held_at,
        chair=chair,
        conclusion=conclusion,
        minutes=minutes,
        recorded_by=actor,
    )
    discussion.participants.set(list(people.values()))
    names = "、".join(_name(p) for p in people.values())
    summary = f"集体讨论（主持人 {_name(chair)}，参加 {len(people)} 人：{names}）：{conclusion}"
    if conflict_ids:
        summary += f"；{len(conflict_ids)} 人声明回避未参加"
    case_event_add(
        case=case,
        actor=actor,
        action="discussion_record",
        summary=summary,
        payload={
            "discussion_id": discussion.pk,
            "chair_id": chair.pk,
            "participant_ids": sorted(people),
            "recused": {str(k): v for k, v in conflict_ids.items()},
            "handlers_present": [p.pk for p in people.values() if is_handler(case, p)],
        },
    )
    return discussion


def require_discussion(case: Case, *, field: str | None = None) -> Discussion:
    """R-1.14-06: a major matter is decided after a collective discussion (after the report)."""
    discussion = discussion_after_report(case)
    if discussion is None:
        raise DomainError(
            "本案属于重大执法事项，应当在作出决定前由负责人组织集体讨论（R-1.14-06），"
            "请先记录集体讨论。",
            code="discussion_required",
            field=field,
        )
    return discussion

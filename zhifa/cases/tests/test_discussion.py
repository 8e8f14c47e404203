"""Collective discussion of a major matter (R-1.14-06) with each discussant's declaration
(R-1.5-03)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.cases.actions import get as get_action
from zhifa.cases.models import Discussion, RecusalDeclaration
from zhifa.cases.services.discussion import discussion_after_report, discussion_record
from zhifa.cases.tests.test_review import major_case
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied


def discuss(w, case, **over):  # type: ignore[no-untyped-def]
    actor = over.pop("actor", w.o1)
    data = {
        "held_at": clock.now(),
        "chair": w.head,
        "participants": [w.head, w.head2, w.reviewer2],
        "conclusion": "同意承办人员的处理意见。",
        "minutes": "局长主持，承办人员汇报案情，参会人员逐一发表意见。",
    }
    data.update(over)
    return discussion_record(case=case, actor=actor, **data)


def test_r_1_14_06_a_discussion_is_recorded_with_every_participants_declaration(world):
    case = major_case(world)
    discussion = discuss(world, case)
    assert set(discussion.participants.all()) == {world.head, world.head2, world.reviewer2}
    assert discussion_after_report(case) == discussion
    declared = RecusalDeclaration.objects.filter(case=case, capacity="discussant")
    assert {d.person_id for d in declared if not d.has_conflict} == {
        world.head.pk,
        world.head2.pk,
        world.reviewer2.pk,
    }
    assert case.events.filter(action="discussion_record").exists()


def test_r_1_14_06_the_chair_is_a_unit_head_and_at_least_three_take_part(world):
    case = major_case(world)
    with pytest.raises(DomainError) as exc:
        discuss(world, case, chair=world.reviewer)
    assert exc.value.field == "chair"
    with pytest.raises(DomainError) as exc:
        discuss(world, case, participants=[world.head2])  # the chair is added: 2 people
    assert exc.value.code == "too_few_participants"
    assert not Discussion.objects.filter(case=case).exists()


def test_r_1_5_03_declared_conflicts_are_recorded_and_may_not_take_part(world):
    case = major_case(world)
    with pytest.raises(DomainError) as exc:
        discuss(world, case, conflicts=[(world.head2, "close_relative")])
    assert exc.value.code == "recused"
    discussion = discuss(
        world,
        case,
        participants=[world.head, world.reviewer2, world.o3],
        conflicts=[(world.head2, "close_relative")],
    )
    assert world.head2 not in discussion.participants.all()
    assert RecusalDeclaration.objects.get(
        case=case, person=world.head2, capacity="discussant"
    ).has_conflict
    with pytest.raises(DomainError) as exc:
        discuss(world, case)  # head2 declared a conflict before: never again
    assert exc.value.code == "recused"


def test_discussion_recorded_by_a_handler_or_the_head_and_not_before_the_report(world):
    case = major_case(world)
    with pytest.raises(PermissionDenied):
        discuss(world, case, actor=world.reviewer)
    with pytest.raises(DomainError) as exc:
        discuss(world, case, held_at=clock.now() - dt.timedelta(days=3))
    assert exc.value.field == "held_at"
    discuss(world, case, actor=world.head)


def test_discussion_action_binds_its_form(world):
    case = major_case(world)
    action = get_action("case", "discussion_record")
    form = action.form(
        data={
            "held_at": clock.local(clock.now()).strftime("%Y-%m-%dT%H:%M"),
            "chair": world.head.pk,
            "participants": [world.head.pk, world.head2.pk, world.o3.pk],
            "conflict_persons": [world.reviewer2.pk],
            "conclusion": "同意。",
            "minutes": "讨论记录。",
        },
        user=world.o1,
        case=case,
    )
    assert not form.is_valid() and "conflict_ground" in form.errors
    data = dict(form.data)
    data["conflict_ground"] = "other_relation"
    form = action.form(data=data, user=world.o1, case=case)
    assert form.is_valid(), form.errors
    action.perform(case=case, actor=world.o1, data=form.cleaned_data)
    assert Discussion.objects.filter(case=case).count() == 1

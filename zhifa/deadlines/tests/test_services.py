"""Services: open, fulfil, pause/resume, extend, cancel — guards, permissions, ledger."""

from __future__ import annotations

import json

import pytest
import time_machine

from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.constants import TRANSITIONS, ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.services import (
    obligation_cancel,
    obligation_extend,
    obligation_fulfil,
    obligation_fulfil_for,
    obligation_open,
    obligation_pause,
    obligation_resume,
)
from zhifa.deadlines.tests.conftest import at, d, make_entity, open_obligation
from zhifa.inbox.models import Message, MessageCategory
from zhifa.ledger.models import LedgerEntry

S = ObligationState


def ledger_actions(obligation: Obligation) -> list[str]:
    return list(
        LedgerEntry.objects.filter(
            subject_type="deadlines.obligation", subject_id=str(obligation.pk)
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )


def open_review(organisation, **kwargs):  # type: ignore[no-untyped-def]
    """R-1.4-13 legal review, materials complete on Thursday 2025-09-25 → due 2025-10-15."""
    kwargs.setdefault("start_at", at("2025-09-25 11:00"))
    return open_obligation(rule_id="R-1.4-13", organisation=organisation, **kwargs)


# --- open -----------------------------------------------------------------------------------


@time_machine.travel(at("2025-09-26 17:00"), tick=False)
def test_open_r_1_2_12_computes_due_and_records_it(county, people, entity) -> None:  # type: ignore[no-untyped-def]
    ob = obligation_open(
        rule_id="R-1.2-12",
        subject=entity,
        organisation=county.dept,
        start_at=at("2025-09-26 16:30"),
        responsible=people.dept_officer,
        actor=people.dept_officer,
    )
    ob.refresh_from_db()
    assert ob.state == S.RUNNING
    assert ob.subject_type == "subjects.marketentity"
    assert ob.subject_id == str(entity.pk)
    assert ob.subject_label == entity.name
    assert ob.subject() == entity
    assert ob.label == "公开行政许可、行政处罚决定信息"  # the spec's fulfilled_text by default
    assert ob.due_date == d("2025-10-13")
    assert ob.due_at == at("2025-10-13 23:59:59.999999")
    assert ob.due_soon_at == at("2025-10-10 00:00")
    assert (ob.unit, ob.duration, ob.provisional) == ("workday", 7, False)
    assert ob.created_by == people.dept_officer
    assert ledger_actions(ob) == ["deadlines.obligation.open"]
    entry = LedgerEntry.objects.get(action="deadlines.obligation.open")
    payload = json.loads(entry.payload)
    assert payload["rule_id"] == "R-1.2-12"
    assert payload["due_at"].startswith("2025-10-13")


def test_open_refuses_unknown_rules_and_rules_without_a_period(county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        open_obligation(rule_id="R-1.2-XX", organisation=county.dept)
    assert exc.value.code == "unknown_rule"
    assert exc.value.field == "rule_id"
    with pytest.raises(DomainError) as exc:
        open_obligation(rule_id="R-1.2-05", organisation=county.dept)
    assert exc.value.code == "rule_without_time_limit"


def test_open_refuses_r_1_4_14_which_only_extends_r_1_4_13(county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        open_obligation(rule_id="R-1.4-14", organisation=county.dept)
    assert exc.value.code == "rule_modifies_another"
    assert "R-1.4-13" in exc.value.message


def test_open_under_the_rule_a_duplicate_repeats(county) -> None:  # type: ignore[no-untyped-def]
    """R-1.12-04 repeats R-1.2-12: one obligation under R-1.2-12."""
    ob = open_obligation(rule_id="R-1.12-04", organisation=county.dept)
    assert ob.rule_id == "R-1.2-12"


def test_open_twice_for_the_same_subject_and_rule_is_refused(county, entity) -> None:  # type: ignore[no-untyped-def]
    open_obligation(subject=entity, organisation=county.dept)
    with pytest.raises(DomainError) as exc:
        open_obligation(subject=entity, organisation=county.dept)
    assert exc.value.code == "already_open"
    # Another rule on the same subject is fine.
    open_obligation(subject=entity, organisation=county.dept, rule_id="R-1.2-11")


def test_open_again_after_the_first_is_closed(county, entity) -> None:  # type: ignore[no-untyped-def]
    first = open_obligation(subject=entity, organisation=county.dept)
    obligation_cancel(obligation=first, actor=None, reason="录入错误")
    second = open_obligation(subject=entity, organisation=county.dept)
    assert second.pk != first.pk


def test_override_amb_g_e_needs_a_basis_and_an_overridable_rule(county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        open_obligation(organisation=county.dept, override_duration=5)
    assert exc.value.code == "override_basis_required"
    ob = open_obligation(
        organisation=county.dept, override_duration=5, override_basis="《某某条例》第十条"
    )
    assert ob.due_date == d("2025-10-10")
    assert ob.is_overridden and ob.duration == 5
    with pytest.raises(DomainError) as exc:
        open_obligation(
            rule_id="R-2.2-06", organisation=county.dept, override_duration=3, override_basis="x"
        )
    assert exc.value.code == "override_not_allowed"
    with pytest.raises(DomainError) as exc:
        open_obligation(organisation=county.dept, override_basis="无另行规定")
    assert exc.value.code == "override_basis_unused"


def test_open_outside_the_actors_scope_is_refused(county, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        open_obligation(organisation=county.team_b, actor=people.officer_a)


def test_responsible_person_must_belong_to_the_unit(county, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        open_obligation(organisation=county.team_b, responsible=people.officer_a)
    assert exc.value.code == "responsible_not_in_unit"
    # The township head (the unit above the team) may be responsible for the team's duty.
    ob = open_obligation(organisation=county.team_a, responsible=people.town_head)
    assert ob.responsible == people.town_head


def test_user_set_obligation_r_3_9_04(county) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(rule_id="R-3.9-04", organisation=county.dept, due_at=d("2025-11-30"))
    assert ob.unit == "user_set" and ob.duration is None
    assert ob.due_date == d("2025-11-30")
    with pytest.raises(DomainError) as exc:
        open_obligation(rule_id="R-3.9-04", organisation=county.dept)
    assert exc.value.code == "due_required"


@time_machine.travel(at("2025-10-20 09:00"), tick=False)
def test_open_late_is_overdue_at_once_and_notifies_once(county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(
        organisation=county.dept, responsible=people.dept_officer, now=at("2025-10-20 09:00")
    )
    assert ob.state == S.OVERDUE
    assert ob.overdue_notified_at is not None
    messages = Message.objects.filter(recipient=people.dept_officer)
    assert [m.category for m in messages] == [MessageCategory.DEADLINE_OVERDUE]


@time_machine.travel(at("2025-10-20 09:00"), tick=False)
def test_a_right_that_lapses_r_3_5_13_is_lapsed_not_overdue(county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(
        rule_id="R-3.5-13",
        organisation=county.dept,
        start_at=at("2025-09-01 10:00"),
        now=at("2025-10-20 09:00"),
    )
    assert ob.state == S.LAPSED
    assert not Message.objects.exists()


def test_r_2_2_02_urgent_open(county) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(
        rule_id="R-2.2-02", organisation=county.dept, start_at=at("2025-09-30 09:00"), urgent=True
    )
    assert (ob.unit, ob.duration, ob.urgent) == ("hour", 24, True)
    assert ob.due_at == at("2025-10-01 09:00")


# --- fulfil ---------------------------------------------------------------------------------


def test_fulfil_on_time_and_late(county, people) -> None:  # type: ignore[no-untyped-def]
    on_time = open_obligation(organisation=county.dept, responsible=people.dept_officer)
    late = open_obligation(organisation=county.dept, responsible=people.dept_officer)
    with time_machine.travel(at("2025-10-14 09:00"), tick=False):
        obligation_fulfil(obligation=on_time, actor=people.dept_officer, at=at("2025-10-13 23:00"))
        obligation_fulfil(obligation=late, actor=people.dept_officer)
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert on_time.state == S.FULFILLED
    assert on_time.fulfilled_at == at("2025-10-13 23:00")
    assert on_time.fulfilled_by == people.dept_officer
    assert late.state == S.FULFILLED_LATE
    assert ledger_actions(late) == ["deadlines.obligation.open", "deadlines.obligation.fulfil"]


def test_fulfil_at_checks_the_time(county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.dept)
    with time_machine.travel(at("2025-10-09 09:00"), tick=False):
        with pytest.raises(DomainError) as exc:
            obligation_fulfil(obligation=ob, actor=people.head, at=at("2025-10-10 09:00"))
        assert exc.value.code == "time_in_future"
        with pytest.raises(DomainError) as exc:
            obligation_fulfil(obligation=ob, actor=people.head, at=at("2025-09-25 09:00"))
        assert exc.value.code == "time_before_start"


def test_fulfil_for_a_subject(county, people, entity) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(subject=entity, organisation=county.dept)
    with time_machine.travel(at("2025-10-09 09:00"), tick=False):
        assert obligation_fulfil_for(subject=entity, rule_id="R-1.2-11", actor=None) is None
        done = obligation_fulfil_for(subject=entity, rule_id="R-1.12-04", actor=None)
    assert done is not None and done.pk == ob.pk
    assert done.state == S.FULFILLED


def test_fulfil_outside_scope_is_refused(county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.team_a)
    with pytest.raises(PermissionDenied):
        obligation_fulfil(obligation=ob, actor=people.officer_b)
    # The Justice Bureau supervises; it does not do the unit's work.
    with pytest.raises(PermissionDenied):
        obligation_fulfil(obligation=ob, actor=people.supervisor)


# --- forbidden transitions ------------------------------------------------------------------


def _force_state(ob: Obligation, state: str) -> Obligation:
    Obligation.objects.filter(pk=ob.pk).update(state=state)
    ob.refresh_from_db()
    return ob


def _attempt(verb: str, ob: Obligation, people) -> None:  # type: ignore[no-untyped-def]
    if verb == "fulfil":
        obligation_fulfil(obligation=ob, actor=people.admin)
    elif verb == "pause":
        obligation_pause(obligation=ob, actor=people.admin, reason="materials_supplement")
    elif verb == "resume":
        obligation_resume(obligation=ob, actor=people.admin)
    elif verb == "extend":
        obligation_extend(obligation=ob, actor=people.head, amount=1, reason="案情复杂")
    elif verb == "cancel":
        obligation_cancel(obligation=ob, actor=people.admin, reason="测试")


FORBIDDEN = [
    (verb, state)
    for verb in ("fulfil", "pause", "resume", "extend", "cancel")
    for state in S.values
    if state not in TRANSITIONS[verb]
]


@pytest.mark.parametrize(("verb", "state"), FORBIDDEN)
@time_machine.travel(at("2025-09-29 09:00"), tick=False)
def test_every_forbidden_transition_is_refused_in_chinese(verb, state, county, people) -> None:  # type: ignore[no-untyped-def]
    """R-1.4-13 (pausable and extendable, so only the state can refuse)."""
    ob = open_review(county.dept)
    _force_state(ob, state)
    with pytest.raises(TransitionNotAllowed) as exc:
        _attempt(verb, ob, people)
    assert exc.value.code == f"{verb}_not_allowed"
    assert exc.value.status_code == 409
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)
    ob.refresh_from_db()
    assert ob.state == state


def test_forbidden_list_covers_the_obvious_cases() -> None:
    assert ("fulfil", S.FULFILLED) in FORBIDDEN
    assert ("fulfil", S.FULFILLED_LATE) in FORBIDDEN
    assert ("resume", S.RUNNING) in FORBIDDEN
    assert ("pause", S.PAUSED) in FORBIDDEN
    assert ("extend", S.OVERDUE) in FORBIDDEN
    assert ("cancel", S.CANCELLED) in FORBIDDEN


# --- pause / resume (R-1.4-15) --------------------------------------------------------------


def test_r_1_4_15_pause_and_resume_move_the_due_date_by_the_paused_workdays(county, people) -> None:  # type: ignore[no-untyped-def]
    """R-1.4-13 review from 25 Sep (due 15 Oct); materials supplemented 29 Sep → 10 Oct: the
    working days 30 Sep, 9 Oct, 10 Oct do not count → due 3 WD later, 20 Oct (R-1.4-15)."""
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept, responsible=people.reviewer)
    assert ob.due_date == d("2025-10-15")
    with time_machine.travel(at("2025-09-29 15:00"), tick=False):
        pause = obligation_pause(
            obligation=ob, actor=people.reviewer, reason="materials_supplement", note="补充证据"
        )
    ob.refresh_from_db()
    assert ob.state == S.PAUSED
    assert pause.lost_unit == "workday"
    with time_machine.travel(at("2025-10-10 09:30"), tick=False):
        obligation_resume(obligation=ob, actor=people.reviewer)
    ob.refresh_from_db()
    pause.refresh_from_db()
    assert pause.lost == 3
    assert pause.resumed_by == people.reviewer
    assert ob.paused_total == 3
    assert ob.due_date == d("2025-10-20")
    assert ob.state == S.RUNNING
    assert ledger_actions(ob) == [
        "deadlines.obligation.open",
        "deadlines.obligation.pause",
        "deadlines.obligation.resume",
    ]


def test_pause_and_resume_on_the_same_day_move_nothing(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
    with time_machine.travel(at("2025-09-26 09:00"), tick=False):
        obligation_pause(obligation=ob, actor=people.reviewer, reason="expert_argumentation")
    with time_machine.travel(at("2025-09-26 17:00"), tick=False):
        obligation_resume(obligation=ob, actor=people.reviewer)
    ob.refresh_from_db()
    assert ob.due_date == d("2025-10-15")


def test_two_pauses_add_up(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
    for start, end in (("2025-09-26 09:00", "2025-09-29 09:00"), ("2025-10-09", "2025-10-10")):
        with time_machine.travel(at(start), tick=False):
            obligation_pause(obligation=ob, actor=people.head, reason="interpretation_request")
        with time_machine.travel(at(end), tick=False):
            obligation_resume(obligation=ob, actor=people.head)
    ob.refresh_from_db()
    assert ob.paused_total == 3  # 28 Sep (make-up Sunday), 29 Sep; 10 Oct
    assert ob.due_date == d("2025-10-20")
    assert ob.pauses.count() == 2


def test_pause_refused_for_a_period_that_may_not_pause(county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.dept)
    with pytest.raises(DomainError) as exc:
        obligation_pause(obligation=ob, actor=people.head, reason="materials_supplement")
    assert exc.value.code == "not_pausable"


def test_pause_reason_must_be_one_of_the_specs(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
        with pytest.raises(DomainError) as exc:
            obligation_pause(obligation=ob, actor=people.head, reason="holiday")
    assert exc.value.code == "invalid_pause_reason"
    assert "补充材料" in exc.value.message


def test_pause_needs_a_manager(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
        with pytest.raises(PermissionDenied):
            obligation_pause(obligation=ob, actor=people.officer_a, reason="materials_supplement")


def test_fulfil_while_paused_ends_the_pause_first(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
    with time_machine.travel(at("2025-10-09 09:00"), tick=False):
        obligation_pause(obligation=ob, actor=people.reviewer, reason="materials_supplement")
    with time_machine.travel(at("2025-10-20 09:00"), tick=False):
        obligation_fulfil(obligation=ob, actor=people.reviewer)
    ob.refresh_from_db()
    # Paused 10, 11, 13, 14, 15, 16, 17, 20 Oct = 8 WD: due 15 Oct + 8 WD = 27 Oct: on time.
    assert ob.paused_total == 8
    assert ob.due_date == d("2025-10-27")
    assert ob.state == S.FULFILLED
    assert not ob.pauses.filter(resumed_at__isnull=True).exists()


def test_hour_period_pause_counts_seconds(county, people) -> None:  # type: ignore[no-untyped-def]
    from zhifa.deadlines.due import compute_due
    from zhifa.law.registry import time_limit_spec

    # No hour spec is pausable in the registry; the rule of the engine still holds.
    base = compute_due(time_limit_spec("R-2.3-04"), at("2025-09-30 10:00"), paused=5400)
    assert base.due_at == at("2025-10-01 11:30")


# --- extend (R-1.4-14) ----------------------------------------------------------------------


def test_r_1_4_14_extension_by_the_unit_head_once_up_to_ten_workdays(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
    with time_machine.travel(at("2025-10-14 10:00"), tick=False):
        ext = obligation_extend(obligation=ob, actor=people.head, amount=10, reason="案件复杂")
    ob.refresh_from_db()
    assert ob.extended_total == 10
    assert ob.due_date == d("2025-10-29")
    assert ext.previous_due_at == at("2025-10-15 23:59:59.999999")
    assert ext.new_due_at == ob.due_at
    assert (ext.amount, ext.unit, ext.rule_id, ext.approved_by) == (
        10,
        "workday",
        "R-1.4-14",
        people.head,
    )
    with (
        time_machine.travel(at("2025-10-15 10:00"), tick=False),
        pytest.raises(DomainError) as exc,
    ):
        obligation_extend(obligation=ob, actor=people.head, amount=1, reason="仍然复杂")
    assert exc.value.code == "extension_exceeds_max"
    assert "最多还能延长 0" in exc.value.message
    assert ledger_actions(ob)[-1] == "deadlines.obligation.extend"


def test_extensions_add_up_to_the_max(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
        obligation_extend(obligation=ob, actor=people.head, amount=6, reason="复杂")
        with pytest.raises(DomainError) as exc:
            obligation_extend(obligation=ob, actor=people.head, amount=5, reason="复杂")
        assert "最多还能延长 4" in exc.value.message
        obligation_extend(obligation=ob, actor=people.head, amount=4, reason="复杂")
    ob.refresh_from_db()
    assert ob.extended_total == 10
    assert ob.due_date == d("2025-10-29")


def test_extension_approver_must_be_a_head_of_the_unit(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
        for who in (people.reviewer, people.dept_officer, people.town_head, people.supervisor):
            with pytest.raises(PermissionDenied) as exc:
                obligation_extend(obligation=ob, actor=who, amount=5, reason="复杂")
            assert "单位负责人" in exc.value.message
    ob.refresh_from_db()
    assert ob.extended_total == 0


def test_township_head_approves_for_the_township_team(county, people) -> None:  # type: ignore[no-untyped-def]
    """AMB-G-g: for a township team, the head is the township government's."""
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.team_a)
        obligation_extend(obligation=ob, actor=people.town_head, amount=10, reason="复杂")


def test_extension_refused_when_the_spec_is_not_extendable(county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.dept)
    with pytest.raises(DomainError) as exc:
        obligation_extend(obligation=ob, actor=people.head, amount=1, reason="x")
    assert exc.value.code == "not_extendable"


def test_extension_needs_a_reason_and_a_positive_amount(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
        with pytest.raises(DomainError) as exc:
            obligation_extend(obligation=ob, actor=people.head, amount=2, reason="  ")
        assert exc.value.field == "reason"
        with pytest.raises(DomainError) as exc:
            obligation_extend(obligation=ob, actor=people.head, amount=0, reason="复杂")
        assert exc.value.field == "amount"


def test_r_4_2_11_calendar_day_extension(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-08-02 10:00"), tick=False):
        ob = open_obligation(
            rule_id="R-4.2-10", organisation=county.dept, start_at=at("2025-08-02 10:00")
        )
        assert ob.due_date == d("2025-09-01")
        obligation_extend(obligation=ob, actor=people.head, amount=30, reason="情况复杂")
    ob.refresh_from_db()
    assert ob.due_date == d("2025-10-09")  # 1 Oct is a holiday


def test_r_2_6_11_uncapped_extension_sets_a_new_date(county, people) -> None:  # type: ignore[no-untyped-def]
    """R-2.6-11 (AMB-2.6-a): an appraisal extension has no cap; a person sets the new date."""
    with time_machine.travel(at("2025-09-01 10:00"), tick=False):
        ob = open_obligation(
            rule_id="R-2.6-11", organisation=county.dept, start_at=at("2025-09-01 10:00")
        )
        with pytest.raises(DomainError) as exc:
            obligation_extend(obligation=ob, actor=people.head, amount=5, reason="鉴定")
        assert exc.value.code == "amount_not_allowed"
        with pytest.raises(DomainError) as exc:
            obligation_extend(
                obligation=ob, actor=people.head, new_due_date=d("2025-09-02"), reason="鉴定"
            )
        assert exc.value.code == "not_later"
        ext = obligation_extend(
            obligation=ob, actor=people.head, new_due_date=d("2025-10-20"), reason="鉴定周期长"
        )
    ob.refresh_from_db()
    assert ob.due_date == d("2025-10-20")
    assert ext.amount is None and ext.unit == "user_set"


def test_r_2_6_13_extension_decided_by_the_consulted_department_itself(county, people) -> None:  # type: ignore[no-untyped-def]
    """R-2.6-13 names no approver (R-2.6-14): the department's own staff may extend."""
    with time_machine.travel(at("2025-09-01 10:00"), tick=False):
        ob = open_obligation(
            rule_id="R-2.6-13", organisation=county.dept, start_at=at("2025-09-01 10:00")
        )
        obligation_extend(obligation=ob, actor=people.dept_officer, amount=10, reason="情况复杂")
        with pytest.raises(PermissionDenied):
            obligation_extend(obligation=ob, actor=people.officer_a, amount=1, reason="x")


def test_extension_brings_an_obligation_back_from_due_soon(county, people) -> None:  # type: ignore[no-untyped-def]
    from zhifa.deadlines.scan import deadlines_scan

    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_review(county.dept)
    with time_machine.travel(at("2025-10-14 08:00"), tick=False):
        deadlines_scan()
        ob.refresh_from_db()
        assert ob.state == S.DUE_SOON
        obligation_extend(obligation=ob, actor=people.head, amount=10, reason="复杂")
    ob.refresh_from_db()
    assert ob.state == S.RUNNING
    assert ob.due_soon_notified_at is None


# --- cancel ---------------------------------------------------------------------------------


def test_cancel_by_a_unit_head_with_a_reason(county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.dept)
    with pytest.raises(PermissionDenied):
        obligation_cancel(obligation=ob, actor=people.dept_officer, reason="录入错误")
    with pytest.raises(DomainError) as exc:
        obligation_cancel(obligation=ob, actor=people.head, reason="")
    assert exc.value.field == "reason"
    obligation_cancel(obligation=ob, actor=people.head, reason="录入错误")
    ob.refresh_from_db()
    assert ob.state == S.CANCELLED
    assert ob.closed_reason == "录入错误"
    assert ledger_actions(ob)[-1] == "deadlines.obligation.cancel"


def test_a_refused_change_leaves_nothing_behind(county, people) -> None:  # type: ignore[no-untyped-def]
    before = LedgerEntry.objects.count()
    with pytest.raises(DomainError):
        obligation_open(
            rule_id="R-1.2-12",
            subject=make_entity(),
            organisation=county.dept,
            start_at=at("2025-09-26"),
            override_duration=3,
        )
    assert LedgerEntry.objects.count() == before
    assert not Obligation.objects.exists()

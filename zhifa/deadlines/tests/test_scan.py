"""The periodic scan: running → due soon → overdue by time, notices delivered once."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.scan import deadlines_scan
from zhifa.deadlines.services import obligation_extend, obligation_pause, obligation_resume
from zhifa.deadlines.tests.conftest import at, open_obligation
from zhifa.inbox.models import Message, MessageCategory
from zhifa.ledger.models import LedgerEntry

S = ObligationState


def state_of(ob: Obligation) -> str:
    ob.refresh_from_db()
    return ob.state


def test_r_1_2_12_running_due_soon_overdue_and_notified_once(county, people) -> None:  # type: ignore[no-untyped-def]
    """R-1.2-12 decided 2025-09-26, due 2025-10-13: warned from 10 Oct, overdue on 14 Oct."""
    ob = open_obligation(organisation=county.dept, responsible=people.dept_officer)
    inbox = Message.objects.filter(recipient=people.dept_officer)

    with time_machine.travel(at("2025-10-09 18:00"), tick=False):
        result = deadlines_scan()
    assert (result.due_soon, result.overdue, result.notified) == (0, 0, 0)
    assert state_of(ob) == S.RUNNING

    with time_machine.travel(at("2025-10-10 08:00"), tick=False):
        result = deadlines_scan()
        again = deadlines_scan()
    assert (result.due_soon, result.overdue, result.notified) == (1, 0, 1)
    assert (again.due_soon, again.overdue, again.notified) == (0, 0, 0)
    assert state_of(ob) == S.DUE_SOON
    assert [m.category for m in inbox] == [MessageCategory.DEADLINE_DUE_SOON]
    message = inbox.get()
    assert "公开行政许可、行政处罚决定信息" in message.title
    assert message.url == f"/deadlines/{ob.pk}/"
    assert "R-1.2-12" in message.body

    with time_machine.travel(at("2025-10-13 23:59:59"), tick=False):
        assert deadlines_scan().overdue == 0
    with time_machine.travel(at("2025-10-14 00:00:01"), tick=False):
        result = deadlines_scan()
    assert (result.due_soon, result.overdue, result.notified) == (0, 1, 1)
    assert state_of(ob) == S.OVERDUE
    with time_machine.travel(at("2025-10-15 09:00"), tick=False):
        assert deadlines_scan().notified == 0
    assert sorted(inbox.values_list("category", flat=True)) == [
        MessageCategory.DEADLINE_DUE_SOON,
        MessageCategory.DEADLINE_OVERDUE,
    ]


def test_crossing_both_thresholds_in_one_pass_sends_only_the_overdue_notice(county, people) -> None:  # type: ignore[no-untyped-def]
    open_obligation(organisation=county.dept, responsible=people.dept_officer)
    with time_machine.travel(at("2025-10-20 09:00"), tick=False):
        result = deadlines_scan()
    assert (result.due_soon, result.overdue, result.notified) == (0, 1, 1)
    assert list(Message.objects.values_list("category", flat=True)) == [
        MessageCategory.DEADLINE_OVERDUE
    ]


def test_without_a_responsible_person_the_unit_heads_are_notified(county, people) -> None:  # type: ignore[no-untyped-def]
    open_obligation(organisation=county.dept)
    with time_machine.travel(at("2025-10-14 09:00"), tick=False):
        assert deadlines_scan().notified == 1
    assert list(Message.objects.values_list("recipient", flat=True)) == [people.head.pk]


def test_a_team_without_a_head_notifies_the_township_head(county, people) -> None:  # type: ignore[no-untyped-def]
    """AMB-G-g: for a township team the head is the township government's."""
    open_obligation(organisation=county.team_a)
    with time_machine.travel(at("2025-10-14 09:00"), tick=False):
        deadlines_scan()
    assert list(Message.objects.values_list("recipient", flat=True)) == [people.town_head.pk]


def test_an_inactive_responsible_person_falls_back_to_the_heads(county, people) -> None:  # type: ignore[no-untyped-def]
    open_obligation(organisation=county.dept, responsible=people.dept_officer)
    people.dept_officer.is_active = False
    people.dept_officer.save(update_fields=["is_active"])
    with time_machine.travel(at("2025-10-14 09:00"), tick=False):
        deadlines_scan()
    assert list(Message.objects.values_list("recipient", flat=True)) == [people.head.pk]


def test_nobody_to_notify_still_moves_the_state(county) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.team_b)  # no head in team_b or town_b or above
    with time_machine.travel(at("2025-10-14 09:00"), tick=False):
        result = deadlines_scan()
    assert (result.overdue, result.notified) == (1, 0)
    assert state_of(ob) == S.OVERDUE


def test_paused_obligations_do_not_move(county, people) -> None:  # type: ignore[no-untyped-def]
    """R-1.4-15: while paused the clock stands still."""
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_obligation(
            rule_id="R-1.4-13", organisation=county.dept, start_at=at("2025-09-25 11:00")
        )
        obligation_pause(obligation=ob, actor=people.head, reason="materials_supplement")
    with time_machine.travel(at("2025-11-20 09:00"), tick=False):
        result = deadlines_scan()
    assert result.changed == 0
    assert state_of(ob) == S.PAUSED


def test_a_lapsing_right_lapses_without_a_notice(county, people) -> None:  # type: ignore[no-untyped-def]
    """R-3.5-13: the unit's objection window closes; nobody is overdue."""
    ob = open_obligation(rule_id="R-3.5-13", organisation=county.dept)
    with time_machine.travel(at("2025-11-20 09:00"), tick=False):
        result = deadlines_scan()
    assert (result.lapsed, result.overdue) == (1, 0)
    assert state_of(ob) == S.LAPSED
    assert not Message.objects.filter(category=MessageCategory.DEADLINE_OVERDUE).exists()


def test_a_new_due_date_warns_again(county, people) -> None:  # type: ignore[no-untyped-def]
    """R-1.4-14: after an extension the due-soon warning of the new date is sent again."""
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_obligation(
            rule_id="R-1.4-13",
            organisation=county.dept,
            responsible=people.reviewer,
            start_at=at("2025-09-25 11:00"),
        )
    with time_machine.travel(at("2025-10-14 08:00"), tick=False):
        deadlines_scan()
        obligation_extend(obligation=ob, actor=people.head, amount=2, reason="案件复杂")
    # New due date 17 Oct: warning from the start of 15 Oct.
    with time_machine.travel(at("2025-10-15 08:00"), tick=False):
        assert deadlines_scan().notified == 1
    keys = sorted(Message.objects.values_list("dedupe_key", flat=True))
    assert keys == [
        f"obligation:{ob.pk}:due_soon:2025-10-15",
        f"obligation:{ob.pk}:due_soon:2025-10-17",
    ]


def test_resume_past_the_due_time_is_overdue_and_notified_at_once(county, people) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2025-09-25 11:00"), tick=False):
        ob = open_obligation(
            rule_id="R-1.4-13",
            organisation=county.dept,
            responsible=people.reviewer,
            start_at=at("2025-09-25 11:00"),
        )
    with time_machine.travel(at("2025-10-15 17:00"), tick=False):
        obligation_pause(obligation=ob, actor=people.reviewer, reason="materials_supplement")
    # Resumed the same day after midnight passed? No: resumed two days later, due moves 2 WD.
    with time_machine.travel(at("2025-10-20 09:00"), tick=False):
        obligation_resume(obligation=ob, actor=people.reviewer)
    ob.refresh_from_db()
    assert ob.due_date.isoformat() == "2025-10-20"  # 15 Oct + (16, 17, 20 Oct) = 3 WD
    assert ob.state == S.DUE_SOON
    assert Message.objects.filter(category=MessageCategory.DEADLINE_DUE_SOON).count() == 1


def test_scan_records_one_ledger_entry_per_pass_that_changed_something(county, people) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        open_obligation(organisation=county.dept, responsible=people.dept_officer)
    before = LedgerEntry.objects.filter(action="deadlines.scan").count()
    with time_machine.travel(at("2025-10-14 09:00"), tick=False):
        assert deadlines_scan().overdue == 3
        assert deadlines_scan().changed == 0
    assert LedgerEntry.objects.filter(action="deadlines.scan").count() == before + 1


def test_many_obligations_are_moved_by_a_few_statements(
    county, people, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        open_obligation(organisation=county.dept, responsible=people.dept_officer)
    for _ in range(30):
        open_obligation(organisation=county.team_a)
    with (
        time_machine.travel(at("2025-10-14 09:00"), tick=False),
        django_assert_max_num_queries(16),
    ):
        result = deadlines_scan()
    assert result.overdue == 60
    # One digest each for the officer (30 items) and the township head (30 team items).
    assert result.notified == 2
    digest = Message.objects.get(recipient=people.dept_officer)
    assert digest.title == "30 项期限已逾期"
    assert digest.url == "/deadlines/?state=overdue"
    assert "共 30 项" in digest.body
    assert Message.objects.get(recipient=people.town_head).title == "30 项期限已逾期"


def test_a_few_obligations_are_notified_one_by_one(county, people) -> None:  # type: ignore[no-untyped-def]
    obs = [
        open_obligation(organisation=county.dept, responsible=people.dept_officer) for _ in range(3)
    ]
    with time_machine.travel(at("2025-10-14 09:00"), tick=False):
        assert deadlines_scan().notified == 3
    keys = set(Message.objects.values_list("dedupe_key", flat=True))
    assert keys == {f"obligation:{ob.pk}:overdue:2025-10-13" for ob in obs}


def test_the_command_runs_one_pass(county, people) -> None:  # type: ignore[no-untyped-def]
    open_obligation(organisation=county.dept, responsible=people.dept_officer)
    out = StringIO()
    call_command("deadlines", "scan", "--now", "2025-10-14T09:00", stdout=out)
    text = out.getvalue()
    assert text.startswith("deadlines.scan: 1 open obligations in ")
    assert "overdue +1" in text
    out = StringIO()
    call_command("deadlines", "list", "--overdue", stdout=out)
    assert "R-1.2-12" in out.getvalue()
    out = StringIO()
    call_command("deadlines", "list", "--unit", "yishi", stdout=out)
    assert out.getvalue().strip() == "no obligations"
    with pytest.raises(CommandError):
        call_command("deadlines", "list", "--unit", "nowhere")
    with pytest.raises(CommandError):
        call_command("deadlines", "scan", "--now", "yesterday")


def test_scan_is_registered_for_the_worker() -> None:
    from zhifa.jobs.registry import periodic_specs

    specs = {s.name: s for s in periodic_specs()}
    assert "deadlines.scan" in specs
    assert specs["deadlines.scan"].func.__module__ == "zhifa.deadlines.jobs"


@pytest.mark.django_db(transaction=True)
def test_two_workers_scanning_at_once_notify_once(county, people) -> None:  # type: ignore[no-untyped-def]
    """Two scans race (PostgreSQL: row locks; SQLite: BEGIN IMMEDIATE): each row is claimed
    and each notice delivered exactly once."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads cannot share an in-memory SQLite test database")
    for _ in range(40):
        open_obligation(organisation=county.dept, responsible=people.dept_officer)
    results = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        from django.db import connections

        try:
            barrier.wait()
            results.append(deadlines_scan(now=at("2025-10-14 09:00")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.overdue for r in results) == 40
    # Whoever claimed the rows sent their notice (one digest for 40 items); nobody twice.
    assert sum(r.notified for r in results) == Message.objects.count() >= 1
    assert not Obligation.objects.filter(overdue_notified_at__isnull=True).exists()
    covered = sum(
        int(m.title.split(" ")[0]) if " 项" in m.title else 1 for m in Message.objects.all()
    )
    assert covered == 40


def test_a_row_already_notified_for_its_state_moves_without_a_second_notice(county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.dept, responsible=people.dept_officer)
    Obligation.objects.filter(pk=ob.pk).update(due_soon_notified_at=at("2025-10-09 12:00"))
    with time_machine.travel(at("2025-10-10 08:00"), tick=False):
        result = deadlines_scan()
    assert (result.due_soon, result.notified) == (1, 0)
    ob.refresh_from_db()
    assert ob.due_soon_notified_at == at("2025-10-09 12:00")


def test_batches_are_repeated_until_everything_due_has_moved(county, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from zhifa.deadlines import scan

    monkeypatch.setattr(scan, "BATCH", 2)
    for _ in range(5):
        open_obligation(organisation=county.dept, responsible=people.dept_officer)
    for _ in range(3):
        open_obligation(organisation=county.dept, start_at=at("2025-10-09 10:00"))  # due 17 Oct
    with time_machine.travel(at("2025-10-16 09:00"), tick=False):
        result = deadlines_scan()
    assert (result.overdue, result.due_soon) == (5, 3)
    assert Obligation.objects.filter(state=S.OVERDUE).count() == 5
    assert Obligation.objects.filter(state=S.DUE_SOON).count() == 3


@pytest.mark.only_on("sqlite")
def test_the_scan_statements_use_the_partial_indexes_on_sqlite(county) -> None:  # type: ignore[no-untyped-def]
    """A pass that moves nothing is a few index probes, not a table scan."""
    from zhifa.deadlines import scan

    captured: list[str] = []

    class Spy:
        def __init__(self, real):  # type: ignore[no-untyped-def]
            self.real = real

        def __enter__(self):  # type: ignore[no-untyped-def]
            self.cursor = self.real.__enter__()
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            return self.real.__exit__(*exc)

        def execute(self, sql, params):  # type: ignore[no-untyped-def]
            plan = self.cursor.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            captured.append(" | ".join(str(row[-1]) for row in plan))
            return self.cursor.execute(sql, params)

        def fetchall(self):  # type: ignore[no-untyped-def]
            return self.cursor.fetchall()

        @property
        def rowcount(self):  # type: ignore[no-untyped-def]
            return self.cursor.rowcount

    real_cursor = connection.cursor
    try:
        connection.cursor = lambda: Spy(real_cursor())  # type: ignore[method-assign]
        scan.advance(now=at("2025-10-14 09:00"))
    finally:
        connection.cursor = real_cursor  # type: ignore[method-assign]
    assert len(captured) == 5
    for plan in captured:
        assert "SCAN deadlines_obligation" not in plan, plan
        assert "deadlines_ticking_due_idx" in plan or "deadlines_running_soon_idx" in plan

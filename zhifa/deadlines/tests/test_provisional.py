"""Provisional due dates (a year without a loaded schedule) are recomputed when it is loaded."""

from __future__ import annotations

import json

import pytest
import time_machine

from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.services import obligation_recompute_provisional
from zhifa.deadlines.tests.conftest import at, d, open_obligation
from zhifa.ledger.models import LedgerEntry
from zhifa.workdays.services import holiday_schedule_save

# A made-up 2027 notice whose New Year holiday runs 1–4 January (the statute alone gives 1 Jan).
SCHEDULE_2027 = {
    "year": 2027,
    "holidays": [
        (d("2027-01-01"), d("2027-01-04"), "元旦"),
        (d("2027-02-05"), d("2027-02-12"), "春节"),
        (d("2027-10-01"), d("2027-10-07"), "国庆节"),
    ],
    "makeup_workdays": [(d("2027-02-20"), "春节"), (d("2027-10-09"), "国庆节")],
    "source": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
}


def test_r_1_2_12_over_new_year_2027_is_provisional_then_recomputed(county, people) -> None:  # type: ignore[no-untyped-def]
    """R-1.2-12 from 24 Dec 2026: 7 WD end on 5 Jan 2027 by the statute (provisional); the
    notice adds 4 January off → 6 January, final."""
    provisional = open_obligation(organisation=county.dept, start_at=at("2026-12-24 10:00"))
    final = open_obligation(organisation=county.dept, start_at=at("2026-12-01 10:00"))
    assert (provisional.due_date, provisional.provisional) == (d("2027-01-05"), True)
    assert (final.due_date, final.provisional) == (d("2026-12-10"), False)

    with time_machine.travel(at("2026-12-25 09:00"), tick=False):
        holiday_schedule_save(actor=None, **SCHEDULE_2027)

    provisional.refresh_from_db()
    final.refresh_from_db()
    assert (provisional.due_date, provisional.provisional) == (d("2027-01-06"), False)
    assert provisional.due_at == at("2027-01-06 23:59:59.999999")
    # 2 WD before Wednesday 6 Jan: 5 Jan, then (4 Jan off, weekend, 1 Jan off) 31 Dec.
    assert provisional.due_soon_at == at("2026-12-31 00:00")
    assert final.due_date == d("2026-12-10")
    entry = LedgerEntry.objects.filter(action="deadlines.obligation.recompute_provisional").get()
    assert json.loads(entry.payload)["obligation_ids"] == [provisional.pk]


def _load_2027_without_the_receiver() -> None:
    from zhifa.deadlines.receivers import recompute_on_schedule_loaded
    from zhifa.workdays.signals import schedule_loaded

    uid = "deadlines.recompute_provisional"
    schedule_loaded.disconnect(dispatch_uid=uid)
    try:
        holiday_schedule_save(actor=None, **SCHEDULE_2027)
    finally:
        schedule_loaded.connect(recompute_on_schedule_loaded, dispatch_uid=uid)


def _recompute_queries(county, n: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(n):
        open_obligation(
            organisation=(county.dept, county.team_a)[i % 2],
            start_at=at("2026-12-24 10:00") if i % 2 else at("2026-12-28 10:00"),
        )
    with time_machine.travel(at("2026-12-29 09:00"), tick=False):
        _load_2027_without_the_receiver()
        with CaptureQueriesContext(connection) as ctx:
            result = obligation_recompute_provisional()
    assert result.checked == n
    return result.changed, len(ctx.captured_queries)


@pytest.mark.parametrize("n", [4, 80])
def test_recompute_is_set_based(county, n) -> None:  # type: ignore[no-untyped-def]
    """The same few queries for 4 or 80 provisional obligations (one read, one bulk update,
    the ledger entry)."""
    changed, queries = _recompute_queries(county, n)
    assert changed == n
    assert queries <= 12  # the same for 4 and for 80


def test_a_recomputed_due_date_that_has_passed_makes_it_overdue(county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(
        organisation=county.dept, responsible=people.dept_officer, start_at=at("2026-12-24")
    )
    # Loaded late (made-up: on 7 Jan): the new due date 6 Jan has already passed.
    with time_machine.travel(at("2027-01-07 09:00"), tick=False):
        holiday_schedule_save(actor=None, **SCHEDULE_2027)
    ob.refresh_from_db()
    assert ob.state == ObligationState.OVERDUE
    assert ob.overdue_notified_at is not None

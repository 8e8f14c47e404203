"""Two heads file two cases at the same instant: distinct, consecutive numbers (R-1.9-04)
through the filing service itself, on SQLite (file database) and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from zhifa.cases.constants import CaseStatus
from zhifa.cases.models import Case
from zhifa.cases.services.filing import case_file_approve, case_file_request


@pytest.mark.django_db(transaction=True)
def test_r_1_9_04_two_filings_approved_at_the_same_instant_get_numbers_1_and_2(world):  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads cannot share an in-memory SQLite test database")
    w = world
    requests = [
        case_file_request(
            actor=lead,
            organisation=w.dept,
            item_version=w.item,
            party=w.party,
            cause=f"销售超过保质期食品（{n}）",
            facts="货架上陈列销售超过保质期的纯牛奶。",
            officers=[lead, other],
        )
        for n, (lead, other) in enumerate([(w.o1, w.o2), (w.o2, w.o3)])
    ]
    heads = [w.head, w.head2]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def approve(n: int) -> None:
        try:
            barrier.wait()
            case_file_approve(case=requests[n], actor=heads[n], opinion="同意立案。")
        except BaseException as exc:  # noqa: BLE001 — reported to the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    cases = Case.objects.filter(pk__in=[c.pk for c in requests])
    assert {c.status for c in cases} == {CaseStatus.INVESTIGATING}
    assert sorted(c.number_serial for c in cases) == [1, 2]
    assert len({c.number for c in cases}) == 2

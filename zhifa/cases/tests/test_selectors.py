"""Selectors: scope, filters, and a constant number of queries for the list and the case page
whatever the number of cases or of records on a case (the 1,000,000-case benchmark relies on
it)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhifa.cases.constants import CaseStatus, OfficerCapacity
from zhifa.cases.models import Case, CaseEvent, CaseOfficer, RecusalDeclaration
from zhifa.cases.selectors.cases import (
    CaseFilters,
    case_get_for_user,
    case_list_for_user,
    case_list_page,
    case_page,
    viewer_for,
)
from zhifa.cases.selectors.queues import approval_queue_for_user, review_queue_for_user
from zhifa.cases.tests.conftest import filed_case
from zhifa.core import clock


def _bulk_cases(w, n: int, *, status=CaseStatus.INVESTIGATING) -> list[Case]:  # type: ignore[no-untyped-def]
    cases = []
    for i in range(n):
        case = Case.objects.create(
            organisation=w.dept,
            kind="penalty",
            status=status,
            item_version=w.item,
            party=w.party,
            cause=f"案由{i}",
            created_by=w.o1,
        )
        CaseOfficer.objects.create(
            case=case,
            user=w.o1,
            capacity=OfficerCapacity.LEAD,
            assigned_at=clock.now(),
            assigned_by=w.o1,
        )
        cases.append(case)
    return cases


def _list_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_page_queries_do_not_grow_with_the_cases(client, world):
    client.force_login(world.o1)
    _bulk_cases(world, 3)
    few = _list_queries(client, reverse("cases:list"))
    few_mine = _list_queries(client, reverse("cases:list") + "?tab=mine&waiting=on&q=案由")
    _bulk_cases(world, 30)
    assert _list_queries(client, reverse("cases:list")) == few
    assert _list_queries(client, reverse("cases:list") + "?tab=mine&waiting=on&q=案由") == few_mine
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/cases/?limit=50")
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)


def test_case_page_queries_do_not_grow_with_the_records(client, world):
    case = filed_case(world)
    client.force_login(world.o1)
    url = reverse("cases:detail", args=[case.pk])
    few = _list_queries(client, url)
    for i in range(30):
        CaseEvent.objects.create(
            case=case,
            at=clock.now(),
            actor=world.o2,
            action="note",
            summary=f"记录{i}",
            status_after=case.status,
        )
        RecusalDeclaration.objects.create(
            case=case,
            person=world.o3,
            capacity="discussant",
            has_conflict=False,
            declared_at=clock.now(),
        )
    assert _list_queries(client, url) == few
    api_few = _list_queries(client, f"/api/v1/cases/{case.pk}")
    CaseEvent.objects.create(
        case=case,
        at=clock.now(),
        actor=world.o1,
        action="note",
        summary="再一条",
        status_after=case.status,
    )
    assert _list_queries(client, f"/api/v1/cases/{case.pk}") == api_few


def test_case_page_reads_every_record_kind(world):
    case = filed_case(world)
    viewer = viewer_for(case=case, user=world.o1)
    assert viewer.is_handler and not viewer.is_head
    data = case_page(case=case, viewer=viewer)
    assert [o.user for o in data.officers] == [world.o1, world.o2]
    assert data.events[-1].action == "file_approve" and data.events[-1].document is not None
    assert data.documents and data.time_limits and data.time_limits[0].rule_id == "R-1.5-15"
    assert data.approvals == [] and data.approval_history
    head = viewer_for(case=case, user=world.head)
    assert head.is_head and not head.is_handler
    assert viewer_for(case=case, user=world.reviewer).is_reviewer


def test_scope_and_filters(world):
    case = filed_case(world)
    assert case_get_for_user(user=world.people.officer_a, case_id=case.pk) is None
    assert case_get_for_user(user=world.supervisor, case_id=case.pk) == case
    assert case_get_for_user(user=world.o3, case_id=None) is None
    assert list(case_list_for_user(user=world.o3, filters=CaseFilters(mine=True))) == []
    assert list(case_list_for_user(user=world.o1, filters=CaseFilters(mine=True))) == [case]
    assert list(
        case_list_for_user(
            user=world.supervisor, filters=CaseFilters(organisation_id=world.dept.pk)
        )
    ) == [case]
    assert (
        list(
            case_list_for_user(
                user=world.supervisor,
                filters=CaseFilters(organisation_id=world.county.team_a.pk),
            )
        )
        == []
    )
    assert list(case_list_for_user(user=world.o1, filters=CaseFilters(waiting_for_me=True))) == [
        case
    ]
    assert list(case_list_for_user(user=world.head, filters=CaseFilters(waiting_for_me=True))) == []


def test_keyset_pages_cover_every_case_once(world):
    cases = _bulk_cases(world, 7)
    seen, after = [], None
    while True:
        page = case_list_page(case_list_for_user(user=world.o1), after=after, size=3)
        seen += [r.case.pk for r in page.rows]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == [c.pk for c in reversed(cases)]


def test_review_queue_lists_cases_under_review_in_scope_not_handled(world):
    cases = _bulk_cases(world, 2, status=CaseStatus.UNDER_REVIEW)
    assert set(review_queue_for_user(user=world.reviewer)) == set(cases)
    assert list(review_queue_for_user(user=world.o1)) == []  # not a reviewer
    assert list(approval_queue_for_user(user=world.reviewer)) == []  # not a head

"""The board and the detail page: scope, counts, actions with Chinese errors, query counts."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.scan import deadlines_scan
from zhifa.deadlines.tests.conftest import at, make_entity, open_obligation

S = ObligationState
BOARD = "/deadlines/"


@pytest.fixture
def spread(county, people):  # type: ignore[no-untyped-def]
    """Obligations in three units; on 2025-10-14 the dept and team A have overdue ones."""
    dept = open_obligation(organisation=county.dept, responsible=people.dept_officer)
    team_a = open_obligation(organisation=county.team_a, responsible=people.officer_a)
    team_b = open_obligation(
        organisation=county.team_b,
        responsible=people.officer_b,
        start_at=at("2025-10-09 10:00"),  # due 2025-10-17
    )
    with time_machine.travel(at("2025-10-14 09:00"), tick=False):
        deadlines_scan()
    return type("Spread", (), {"dept": dept, "team_a": team_a, "team_b": team_b})


def rows(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [ob.pk for ob in response.context["page"].object_list]


def test_board_needs_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(BOARD)
    assert response.status_code == 302
    assert reverse("deadlines:board") == BOARD


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_a_township_officer_sees_only_their_own_township(client, people, spread) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.officer_a)
    response = client.get(BOARD)
    assert response.status_code == 200
    assert rows(response) == [spread.team_a.pk]
    html = response.content.decode()
    assert "已逾期 1 个工作日" in html
    assert 'href="/law/R-1.2-12/"' in html
    assert spread.team_b.subject_label not in html
    assert spread.dept.subject_label not in html


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_another_townships_obligation_is_404(client, people, spread) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.officer_a)
    assert client.get(f"/deadlines/{spread.team_b.pk}/").status_code == 404
    assert client.get(f"/deadlines/{spread.team_a.pk}/").status_code == 200
    response = client.post(f"/deadlines/{spread.team_b.pk}/fulfil/", {})
    assert response.status_code == 404
    assert Obligation.objects.get(pk=spread.team_b.pk).state == S.RUNNING


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_the_justice_bureau_sees_every_unit_with_counts(client, county, people, spread) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.supervisor)
    response = client.get(BOARD)
    assert response.status_code == 200
    # Overdue first, then the running one.
    assert rows(response) == [spread.dept.pk, spread.team_a.pk, spread.team_b.pk]
    units = {u.organisation_id: u for u in response.context["board"].units}
    assert units[county.dept.pk].overdue == 1
    assert units[county.team_a.pk].overdue == 1
    assert units[county.team_b.pk].overdue == 0
    assert units[county.team_b.pk].due_soon + units[county.team_b.pk].running == 1
    assert response.context["totals"].overdue == 2
    html = response.content.decode()
    assert 'data-testid="unit-table"' in html
    assert county.team_b.name in html


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_board_filters(client, county, people, spread) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.supervisor)
    assert rows(client.get(BOARD, {"state": "overdue"})) == [spread.dept.pk, spread.team_a.pk]
    assert rows(client.get(BOARD, {"organisation": county.town_a.pk})) == [spread.team_a.pk]
    assert rows(client.get(BOARD, {"responsible": people.officer_b.pk})) == [spread.team_b.pk]
    client.force_login(people.officer_b)
    assert rows(client.get(BOARD, {"mine": "on"})) == [spread.team_b.pk]
    client.force_login(people.supervisor)
    assert rows(client.get(BOARD, {"rule": "R-1.2-11"})) == []
    assert rows(client.get(BOARD, {"due_from": "2025-10-15", "due_to": "2025-10-31"})) == [
        spread.team_b.pk
    ]
    response = client.get(BOARD, {"rule": "1.2-12"})
    assert response.status_code == 200
    assert "规则编号格式为 R-1.2-12" in response.content.decode()


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_the_responsible_person_sees_their_obligation_wherever_they_sit(
    client, county, people
) -> None:  # type: ignore[no-untyped-def]
    """The township head is responsible for a team duty: it shows on their board."""
    ob = open_obligation(organisation=county.team_a, responsible=people.town_head)
    client.force_login(people.town_head)
    assert ob.pk in rows(client.get(BOARD))


def test_board_query_count_does_not_grow_with_rows(
    client, county, people, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(60):
        open_obligation(
            organisation=(county.dept, county.team_a, county.team_b)[i % 3],
            responsible=(people.dept_officer, people.officer_a, None)[i % 3],
            start_at=at("2025-09-26 10:00") if i % 2 else at("2025-10-09 10:00"),
        )
    client.force_login(people.supervisor)
    with time_machine.travel(at("2025-10-14 09:30"), tick=False):
        deadlines_scan()
        client.get(BOARD)  # warm the session and the calendar cache
        with django_assert_max_num_queries(10):
            response = client.get(BOARD)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 50


def test_board_query_count_is_the_same_for_5_and_50_rows(
    client, county, people, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.head)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BOARD).status_code == 200
        return len(ctx.captured_queries)

    with time_machine.travel(at("2025-10-14 09:30"), tick=False):
        for _ in range(5):
            open_obligation(organisation=county.dept, responsible=people.dept_officer)
        client.get(BOARD)
        few = count()
        for _ in range(45):
            open_obligation(organisation=county.dept)
        many = count()
        with django_assert_num_queries(few):
            client.get(BOARD)
    assert few == many


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_detail_shows_pauses_extensions_and_the_forms_the_user_may_use(
    client, county, people
) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(
        rule_id="R-1.4-13",
        organisation=county.dept,
        responsible=people.reviewer,
        start_at=at("2025-10-13 10:00"),
    )
    client.force_login(people.reviewer)
    response = client.get(f"/deadlines/{ob.pk}/")
    html = response.content.decode()
    assert set(response.context["forms"]) == {"fulfil", "pause"}
    assert "10 个工作日" in html
    client.force_login(people.head)
    response = client.get(f"/deadlines/{ob.pk}/")
    assert set(response.context["forms"]) == {"fulfil", "pause", "extend", "cancel"}
    assert "还可延长 10 个工作日" in response.content.decode()
    client.force_login(people.supervisor)
    assert client.get(f"/deadlines/{ob.pk}/").context["forms"] == {}


def test_pause_resume_and_extend_through_the_page(client, county, people) -> None:  # type: ignore[no-untyped-def]
    """R-1.4-15 pause and R-1.4-14 extension from the detail page."""
    ob = open_obligation(
        rule_id="R-1.4-13",
        organisation=county.dept,
        responsible=people.reviewer,
        start_at=at("2025-09-25 11:00"),
    )
    client.force_login(people.reviewer)
    with time_machine.travel(at("2025-09-29 10:00"), tick=False):
        response = client.post(
            f"/deadlines/{ob.pk}/pause/",
            {"pause-reason": "materials_supplement", "pause-note": "补充现场照片"},
        )
    assert response.status_code == 302
    with time_machine.travel(at("2025-10-10 10:00"), tick=False):
        response = client.post(f"/deadlines/{ob.pk}/resume/", {}, follow=True)
    assert "已恢复计时，届满日期为 2025年10月20日" in response.content.decode()
    assert "补充材料" in response.content.decode()
    client.force_login(people.head)
    with time_machine.travel(at("2025-10-14 10:00"), tick=False):
        response = client.post(
            f"/deadlines/{ob.pk}/extend/", {"extend-amount": "10", "extend-reason": "案件复杂"}
        )
        assert response.status_code == 302
        response = client.post(
            f"/deadlines/{ob.pk}/extend/", {"extend-amount": "3", "extend-reason": "仍然复杂"}
        )
    ob.refresh_from_db()
    assert ob.extended_total == 10
    # Refused by the state machine? No: by the cap — and the form keeps the input.
    assert response.status_code == 400
    html = response.content.decode()
    assert "本次最多还能延长 0" in html
    assert 'value="3"' in html
    assert "仍然复杂" in html


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_extension_by_a_non_approver_is_refused_on_the_page(client, county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(
        rule_id="R-1.4-13", organisation=county.dept, start_at=at("2025-10-13 10:00")
    )
    client.force_login(people.reviewer)
    response = client.post(
        f"/deadlines/{ob.pk}/extend/", {"extend-amount": "5", "extend-reason": "复杂"}
    )
    assert response.status_code == 403
    assert "须经单位负责人批准" in response.content.decode()
    ob.refresh_from_db()
    assert ob.extended_total == 0


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_fulfil_twice_is_refused_in_chinese(client, county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.dept, responsible=people.dept_officer)
    client.force_login(people.dept_officer)
    response = client.post(f"/deadlines/{ob.pk}/fulfil/", {"fulfil-at": "2025-10-13T16:00"})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.state == S.FULFILLED
    response = client.post(f"/deadlines/{ob.pk}/fulfil/", {})
    assert response.status_code == 409
    assert "不能重复办结" in response.content.decode()


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_bad_input_keeps_the_form(client, county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.dept, responsible=people.dept_officer)
    client.force_login(people.dept_officer)
    response = client.post(f"/deadlines/{ob.pk}/fulfil/", {"fulfil-at": "2030-01-01T10:00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "时间不能晚于当前时间" in html
    assert 'value="2030-01-01T10:00"' in html
    assert client.post(f"/deadlines/{ob.pk}/explode/", {}).status_code == 404
    assert client.get(f"/deadlines/{ob.pk}/fulfil/").status_code == 405


@time_machine.travel(at("2025-10-14 09:30"), tick=False)
def test_cancel_through_the_page(client, county, people) -> None:  # type: ignore[no-untyped-def]
    ob = open_obligation(organisation=county.dept, subject=make_entity())
    client.force_login(people.head)
    response = client.post(f"/deadlines/{ob.pk}/cancel/", {"cancel-reason": ""})
    assert response.status_code == 400
    response = client.post(f"/deadlines/{ob.pk}/cancel/", {"cancel-reason": "案件已撤销"})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.state == S.CANCELLED

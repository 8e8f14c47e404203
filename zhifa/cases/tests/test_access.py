"""Who sees which case, on the pages and in the API: own unit and below; the Justice Bureau and
county leaders everything; outside bodies and other units nothing (404, never a hint)."""

from __future__ import annotations

from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.cases.tests.conftest import filed_case


def test_an_officer_of_another_unit_gets_404_on_page_action_and_api(client, world):
    case = filed_case(world)
    client.force_login(world.people.officer_a)  # township team
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:action", args=[case.pk, "recusal_declare"])).status_code == 404
    assert client.post(reverse("cases:action", args=[case.pk, "file_approve"])).status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    response = client.post(
        f"/api/v1/cases/{case.pk}/actions/recusal_declare", {}, content_type="application/json"
    )
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    body = client.get(reverse("cases:list")).content.decode()
    assert case.number not in body
    assert client.get("/api/v1/cases/").json()["items"] == []


def test_the_town_head_does_not_see_the_departments_cases(client, world):
    case = filed_case(world)
    client.force_login(world.people.town_head)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_supervisor_and_county_leader_see_every_case_but_take_no_step(client, world):
    case = filed_case(world)
    for user in (world.supervisor, world.people.leader):
        client.force_login(user)
        response = client.get(reverse("cases:detail", args=[case.pk]))
        assert response.status_code == 200
        assert case.number in response.content.decode()
        assert response.context["actions"] == []
        assert client.get(f"/api/v1/cases/{case.pk}").json()["actions"] == []
        assert [c["id"] for c in client.get("/api/v1/cases/").json()["items"]] == [case.pk]


def test_outside_bodies_see_nothing(client, world, county):
    case = filed_case(world)
    police = make_user(county.police, Role.OFFICER, username="police1")
    client.force_login(police)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get("/api/v1/cases/").json()["items"] == []
    body = client.get(reverse("cases:overview")).content.decode()
    assert 'data-testid="empty"' in body


def test_anonymous_is_sent_to_login_and_gets_401_from_the_api(client, world):
    case = filed_case(world)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/cases/").status_code == 401
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 401
    assert client.post("/api/v1/cases/start/file_request").status_code == 401


def test_the_head_queue_leaves_out_own_requests_and_own_cases(client, world):
    """Nobody approves their own work: a head who handles a case does not get its approval."""
    from zhifa.cases.selectors.queues import approval_queue_for_user
    from zhifa.cases.services.filing import case_file_request

    head_officer = world.head2
    head_officer.roles.create(role=Role.OFFICER)
    from zhifa.personnel.tests.officers_factories import make_officer, valid_certificate

    valid_certificate(
        make_officer(world.dept, user=head_officer), world.supervisor, types=("market",)
    )
    head_officer = type(head_officer).objects.get(pk=head_officer.pk)
    own = case_file_request(
        actor=head_officer,
        organisation=world.dept,
        item_version=world.item,
        party=world.party,
        cause="负责人自己承办",
        facts="事实",
        officers=[head_officer, world.o1],
    )
    assert own.pk not in [a.case_id for a in approval_queue_for_user(user=head_officer)]
    assert own.pk in [a.case_id for a in approval_queue_for_user(user=world.head)]
    client.force_login(head_officer)
    assert client.get(reverse("cases:action", args=[own.pk, "file_approve"])).status_code == 403

"""API of the officers area: scoped lists, create, transitions, valid-for, verify (public)."""

from __future__ import annotations

import pytest

from zhifa.core import clock
from zhifa.personnel.constants import CertificateStatus as S
from zhifa.personnel.models import Certificate
from zhifa.personnel.services import certificates as svc
from zhifa.personnel.tests.officers_factories import make_officer, new_id_number, valid_certificate

pytestmark = pytest.mark.django_db
API = "/api/v1/personnel"


def test_officer_list_scoped_and_paginated(client, people, county, django_assert_max_num_queries):
    for i in range(5):
        valid_certificate(
            make_officer(county.team_a, full_name=f"甲{i}"), people.supervisor, types=("township",)
        )
    make_officer(county.team_b, full_name="乙")
    client.force_login(people.officer_a)
    with django_assert_max_num_queries(10):
        data = client.get(f"{API}/officers", {"limit": 3}).json()
    assert data["count"] == 5 and len(data["items"]) == 3
    assert all(o["organisation_id"] == county.team_a.pk for o in data["items"])
    assert data["items"][0]["certificates"][0]["status"] == "valid"
    client.force_login(people.supervisor)
    assert client.get(f"{API}/officers").json()["count"] == 6
    r = client.get(f"{API}/officers", {"status": "bogus"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_filter"
    assert client.get(f"{API}/officers", {"limit": 0}).status_code == 400


def test_officer_detail_outside_scope_is_404(client, people, county):
    officer = make_officer(county.team_b)
    client.force_login(people.officer_a)
    assert client.get(f"{API}/officers/{officer.pk}").status_code == 404


def test_create_officer_with_a_corrupted_id_number(client, people, county):
    client.force_login(people.head)
    good = new_id_number()
    body = {
        "full_name": "接口",
        "gender": "male",
        "id_number": good[:17] + ("0" if good[17] != "0" else "1"),
        "organisation_id": county.dept.pk,
        "post": "科员",
        "staffing_type": "civil_servant",
    }
    r = client.post(f"{API}/officers", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "id_number"
    body["id_number"] = good
    r = client.post(f"{API}/officers", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["eligible"] is True
    body["id_number"] = new_id_number()
    body["organisation_id"] = county.team_b.pk
    assert client.post(f"{API}/officers", body, content_type="application/json").status_code == 400
    body["staffing_type"] = "wizard"
    assert client.post(f"{API}/officers", body, content_type="application/json").status_code == 422


def test_r_1_7_10_transitions_through_the_api(client, people, county):
    officer = make_officer(county.dept)
    client.force_login(people.supervisor)
    r = client.post(
        f"{API}/officers/{officer.pk}/certificates",
        {"enforcement_types": ["market"], "enforcement_area": "临猗县"},
        content_type="application/json",
    )
    assert r.status_code == 201
    cid = r.json()["id"]
    r = client.post(
        f"{API}/certificates/{cid}/transitions/issue",
        {"number": "14082177001", "issued_on": clock.today().isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "issued"
    r = client.post(
        f"{API}/certificates/{cid}/transitions/activate", {}, content_type="application/json"
    )
    assert r.json()["status"] == "valid"
    r = client.post(
        f"{API}/certificates/{cid}/transitions/restore",
        {"reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "transition_not_allowed"
    r = client.post(
        f"{API}/certificates/{cid}/transitions/fly", {}, content_type="application/json"
    )
    assert r.status_code == 400
    client.force_login(people.dept_officer)
    r = client.post(
        f"{API}/certificates/{cid}/transitions/revoke",
        {"reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert Certificate.objects.get(pk=cid).status == S.VALID


def test_r_1_7_01_valid_for_endpoint(client, people, county):
    officer = make_officer(county.dept)
    cert = valid_certificate(officer, people.supervisor)
    client.force_login(people.head)
    r = client.get(f"{API}/officers/{officer.pk}/valid-for", {"type": "market"}).json()
    assert r["ok"] is True and r["certificate_number"] == cert.number
    r = client.get(
        f"{API}/officers/{officer.pk}/valid-for", {"type": "urban", "on": clock.today().isoformat()}
    ).json()
    assert r["ok"] is False and "R-1.7-04" in r["reason"]
    assert client.get(f"{API}/officers/{officer.pk}/valid-for", {"type": "nope"}).status_code == 400
    assert (
        client.get(
            f"{API}/officers/{officer.pk}/valid-for", {"type": "market", "on": "2026-02-30"}
        ).status_code
        == 422
    )


def test_r_1_1_03_inspectors_endpoint_is_scoped(client, people, county):
    valid_certificate(
        make_officer(county.team_a, full_name="甲"), people.supervisor, types=("township",)
    )
    valid_certificate(
        make_officer(county.team_b, full_name="乙"), people.supervisor, types=("township",)
    )
    client.force_login(people.town_head)
    names = [i["name"] for i in client.get(f"{API}/inspectors").json()]
    assert names == ["甲"]
    assert client.get(f"{API}/inspectors", {"organisation": county.team_b.pk}).status_code == 404
    client.force_login(people.supervisor)
    assert len(client.get(f"{API}/inspectors", {"enforcement_type": "township"}).json()) == 2


def test_r_1_7_05_public_verify_endpoint_needs_no_login(client, people, county):
    officer = make_officer(county.dept, full_name="核验人")
    cert = valid_certificate(officer, people.supervisor)
    r = client.get(f"{API}/certificates/{cert.number}/verify")
    assert r.status_code == 200
    data = r.json()
    assert data["valid"] is True and data["holder"] == "核验人"
    assert officer.id_number not in r.content.decode()
    svc.certificate_revoke(certificate=cert, actor=people.supervisor, reason="严重违法")
    assert client.get(f"{API}/certificates/{cert.number}/verify").json()["valid"] is False
    assert client.get(f"{API}/certificates/00000000/verify").status_code == 404
    assert client.get(f"{API}/certificates/中文/verify").status_code == 404

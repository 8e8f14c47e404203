"""/api/v1/personnel/training/: scoped lists, writes through the services, structured errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhifa.personnel.constants import CertificateStatus
from zhifa.personnel.models import Certificate, ExamResult
from zhifa.personnel.services import training as svc
from zhifa.personnel.tests.factories_training import make_certificate, make_officer, make_session

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=TZ)
API = "/api/v1/personnel/training"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def test_sessions_list_create_and_scope(client, county, people):
    client.force_login(people.town_head)
    payload = {
        "kind": "rotation",
        "title": "猗氏镇轮训",
        "organiser_id": county.team_a.pk,
        "format": "lecture",
        "starts_on": "2026-06-15",
        "ends_on": "2026-06-15",
        "class_hours": "8",
    }
    response = client.post(f"{API}/sessions", payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    sid = response.json()["id"]
    bad = client.post(
        f"{API}/sessions", {**payload, "class_hours": "0"}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "class_hours"
    other = client.post(
        f"{API}/sessions",
        {**payload, "organiser_id": county.team_b.pk},
        content_type="application/json",
    )
    assert other.status_code == 403 and other.json()["code"] == "forbidden"
    assert [s["id"] for s in client.get(f"{API}/sessions").json()] == [sid]
    client.force_login(people.officer_b)
    assert client.get(f"{API}/sessions").json() == []
    response = client.get(f"{API}/sessions/{sid}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(f"{API}/sessions", {"limit": 0}).status_code == 400


def test_r_1_11_03_attendance_api(client, county, people):
    """R-1.11-03: attendance through the API counts for rotation at ≥ 8 hours."""
    session = make_session(county.jb, created_by=people.supervisor, class_hours="12")
    a, b = make_officer(county.team_a), make_officer(county.team_b)
    client.force_login(people.supervisor)
    response = client.post(
        f"{API}/sessions/{session.pk}/attendance",
        {"officer_ids": [a.pk, b.pk], "hours": "8"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert all(r["counts_for_rotation"] for r in response.json())
    missing = client.post(
        f"{API}/sessions/{session.pk}/attendance",
        {"officer_ids": [999999], "hours": "8"},
        content_type="application/json",
    )
    assert missing.status_code == 400
    client.force_login(people.officer_a)
    rows = client.get(f"{API}/sessions/{session.pk}/attendance").json()
    assert [r["officer_id"] for r in rows] == [a.pk]
    denied = client.post(
        f"{API}/sessions/{session.pk}/attendance",
        {"officer_ids": [a.pk], "hours": "8"},
        content_type="application/json",
    )
    assert denied.status_code == 403


def test_r_1_11_04_r_1_11_05_exams_api_and_decision(client, county, people):
    """R-1.11-04 / R-1.11-05 through the API: range, one make-up, the JB's decision."""
    officer = make_officer(county.team_a)
    cert = make_certificate(officer, applied_by=people.supervisor)
    client.force_login(people.supervisor)

    def post(**kw):  # type: ignore[no-untyped-def]
        data = {
            "officer_id": officer.pk,
            "subject": "rotation",
            "attempt": 1,
            "score": "50",
            "taken_on": "2026-06-12",
            **kw,
        }
        return client.post(f"{API}/exams", data, content_type="application/json")

    assert post(score="101").json()["code"] == "score_out_of_range"
    assert post().status_code == 201
    assert post(attempt=1).json()["code"] == "attempt_exists"
    makeup = post(attempt=2, score="55")
    assert makeup.status_code == 201 and makeup.json()["decision_pending"] is True
    assert post(attempt=2, score="70").status_code == 400
    pending = client.get(f"{API}/exams", {"pending_decision": True}).json()
    assert [e["id"] for e in pending] == [makeup.json()["id"]]
    bad = client.post(
        f"{API}/exams/{makeup.json()['id']}/decision",
        {"decision": "revoke", "reason": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    done = client.post(
        f"{API}/exams/{makeup.json()['id']}/decision",
        {"decision": "cancel", "reason": "补考不合格，注销"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["decision"] == "cancel"
    assert Certificate.objects.get(pk=cert.pk).status == CertificateStatus.CANCELLED
    again = client.post(
        f"{API}/exams/{makeup.json()['id']}/decision",
        {"decision": "cancel", "reason": "x"},
        content_type="application/json",
    )
    assert again.status_code == 409

    client.force_login(people.town_head)
    assert post(attempt=1, taken_on="2025-06-12").status_code == 403
    assert len(client.get(f"{API}/exams").json()) == 2
    client.force_login(people.officer_b)
    assert client.get(f"{API}/exams").json() == []
    assert post().status_code == 404


def test_summary_api(client, county, people):
    officer = make_officer(county.team_a)
    session = make_session(county.jb, created_by=people.supervisor)
    svc.attendance_record(session=session, officer=officer, hours="8", actor=people.supervisor)
    svc.exam_result_record(
        officer=officer,
        subject="rotation",
        attempt=1,
        score="90",
        taken_on=dt.date(2026, 6, 15),
        actor=people.supervisor,
        session=session,
    )
    client.force_login(people.town_head)
    rows = client.get(f"{API}/summary", {"year": 2026}).json()
    row = next(r for r in rows if r["officer_id"] == officer.pk)
    assert row["rotation_met"] is True and row["exams_passed"] == 1 and Decimal(row["hours"]) == 8
    assert client.get(f"{API}/summary", {"year": 1800}).status_code == 400
    client.force_login(people.officer_b)
    assert officer.pk not in [
        r["officer_id"] for r in client.get(f"{API}/summary", {"year": 2026}).json()
    ]
    assert ExamResult.objects.count() == 1


def test_api_requires_login(client):
    assert client.get(f"{API}/sessions").status_code == 401

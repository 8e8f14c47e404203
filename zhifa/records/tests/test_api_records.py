"""The records API (R-1.3-02/07/10/11): scoped list and detail, register, interruptions,
explanations and the head's decision; structured 4xx errors; a seizure without AV cannot end
the investigation through the cases API either."""

from __future__ import annotations

import datetime as dt

from zhifa.core import clock
from zhifa.ledger.models import LedgerEntry
from zhifa.records.models import AvExplanation
from zhifa.records.tests.test_records import av_record, seizure

BASE = "/api/v1/records/"


def _iso(value: dt.datetime) -> str:
    return clock.local(value).isoformat()


def _body(world, the_case, **over):  # type: ignore[no-untyped-def]
    now = clock.now()
    data = {
        "case": the_case.pk,
        "stage": "investigation",
        "form": "audio_video",
        "media": "video",
        "title": "扣押现场录像",
        "started_at": _iso(now - dt.timedelta(hours=2)),
        "ended_at": _iso(now - dt.timedelta(hours=1)),
        "place": "仓库",
        "officer_ids": [world.o1.pk, world.o2.pk],
        "device_kind": "body_camera",
        "precheck_device": True,
        "precheck_battery": True,
        "precheck_storage": True,
        "announced": True,
        "focus": ["times", "measures"],
    }
    data.update(over)
    return data


def test_r_1_3_10_register_by_api_with_structured_errors(client, world, case):
    """R-1.3-10 by the API: 400 with code and field when the pre-check is missing; 201 with the
    storage time limit (R-1.3-13) otherwise; out-of-scope case → 404; not a manager → 403."""
    client.force_login(world.o1)
    bad = client.post(
        BASE, _body(world, case, precheck_storage=False), content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "precheck_missing" and bad.json()["field"] == "precheck_storage"
    bad = client.post(BASE, _body(world, case, started_at="昨天"), content_type="application/json")
    assert 400 <= bad.status_code < 500
    bad = client.post(
        BASE, _body(world, case, officer_ids=[world.o3.pk]), content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "officers"
    ok = client.post(BASE, _body(world, case), content_type="application/json")
    assert ok.status_code == 201, ok.content
    out = ok.json()
    assert out["status"] == "awaiting_file" and out["storage_limit"]["rule_id"] == "R-1.3-13"
    assert (
        client.post(
            BASE, _body(world, case, case=10**8), content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(world.reviewer)
    resp = client.post(BASE, _body(world, case), content_type="application/json")
    assert resp.status_code == 403 and resp.json()["code"] == "not_record_manager"


def test_list_and_detail_are_scoped_and_the_detail_is_logged(
    client, world, case, django_assert_max_num_queries
):
    """Out-of-scope users get 404 (detail) and nothing (list); the list's queries do not grow."""
    first = av_record(world, case)
    client.force_login(world.o1)
    with django_assert_max_num_queries(12) as few:
        listed = client.get(f"{BASE}?case={case.pk}")
    assert [r["id"] for r in listed.json()["items"]] == [first.pk]
    for i in range(5):
        av_record(world, case, title=f"录像{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"{BASE}?case={case.pk}&limit=4").json()
    assert len(page["items"]) == 4 and page["next_after"] is not None
    rest = client.get(f"{BASE}?case={case.pk}&after={page['next_after']}").json()
    assert len(rest["items"]) == 2 and rest["next_after"] is None
    assert client.get(f"{BASE}?after=abc").status_code == 400
    detail = client.get(f"{BASE}{first.pk}")
    assert detail.status_code == 200 and detail.json()["precheck"]["battery"] is True
    assert LedgerEntry.objects.filter(
        action="records.record.viewed", subject_id=str(first.pk)
    ).exists()
    client.force_login(world.o3)
    assert client.get(f"{BASE}{first.pk}").status_code == 404
    assert (
        client.get(f"{BASE}?case={case.pk}").json()["items"] == []
    )  # sees the case, not its records
    assert client.get(f"{BASE}?case=999999").status_code == 404
    assert client.get(BASE).json()["items"] == []
    client.force_login(world.supervisor)  # R-1.3-17: supervisors review every unit's records
    assert client.get(f"{BASE}{first.pk}").status_code == 200


def test_r_1_3_11_interruption_by_api(client, world, case):
    record = av_record(world, case)
    client.force_login(world.o2)
    url = f"{BASE}{record.pk}/interruptions"
    start = _iso(record.started_at + dt.timedelta(minutes=3))
    bad = client.post(
        url, {"started_at": start, "cause": "weather"}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "written_note"
    ok = client.post(
        url,
        {"started_at": start, "cause": "weather", "written_note": "暴雨，未能恢复。"},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["ended_at"] is None


def test_r_1_3_07_seizure_without_av_by_api_until_the_head_approves(client, world, case):
    """R-1.3-07 by the API: the cases API refuses the report (av_missing); an explanation
    submitted and approved through the records API unblocks it; the writer may not approve."""
    step = seizure(world, case, av_note="设备故障。")
    client.force_login(world.o1)
    report = {
        "facts": "销售过期纯牛奶。",
        "evidence_summary": "笔录。",
        "legal_basis": "《食品安全法》",
        "proposal": "terminate",
    }
    resp = client.post(
        f"/api/v1/cases/{case.pk}/actions/report_submit", report, content_type="application/json"
    )
    assert resp.status_code == 400 and resp.json()["code"] == "av_missing", resp.content
    dup = client.post(
        f"{BASE}explanations",
        {"case": case.pk, "field_action": step.pk, "reason": "再次说明"},
        content_type="application/json",
    )
    assert dup.status_code == 400 and dup.json()["code"] == "explanation_exists"
    note = AvExplanation.objects.get(field_action=step)
    decide = f"{BASE}explanations/{note.pk}/decide"
    assert (
        client.post(decide, {"approve": True}, content_type="application/json").status_code == 403
    )
    client.force_login(world.head)
    ok = client.post(decide, {"approve": True, "note": "同意。"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    again = client.post(decide, {"approve": True}, content_type="application/json")
    assert again.status_code == 409
    client.force_login(world.o1)
    resp = client.post(
        f"/api/v1/cases/{case.pk}/actions/report_submit", report, content_type="application/json"
    )
    assert resp.status_code in (200, 201), resp.content

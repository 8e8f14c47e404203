"""A penalty case driven from clue to archive through the REST API alone, by the users whose
steps they are (officers, the second officer, the unit head, the archivist); wrong users and
out-of-order steps are refused on the way with structured errors."""

from __future__ import annotations

import datetime as dt

import time_machine

from zhifa.cases.constants import CaseStatus
from zhifa.cases.models import Case
from zhifa.core import clock
from zhifa.deadlines.models import Obligation


def _post(client, url, data):  # type: ignore[no-untyped-def]
    return client.post(url, data, content_type="application/json")


def test_penalty_case_from_clue_to_archive_through_the_api(client, world):  # type: ignore[no-untyped-def]
    w = world
    start = clock.now()

    def at(hours: float) -> dt.datetime:
        return start + dt.timedelta(hours=hours)

    def iso(hours: float) -> str:
        return clock.local(at(hours)).strftime("%Y-%m-%dT%H:%M")

    def step(user, hours, url, data, expect=200):  # type: ignore[no-untyped-def]
        with time_machine.travel(at(hours), tick=False):
            client.force_login(user)  # sessions last 8 hours; the journey takes longer
            response = _post(client, url, data)
        assert response.status_code == expect, (url, response.json())
        return response.json()

    clue = step(
        w.o1,
        1,
        "/api/v1/cases/start/clue_register",
        {
            "source": "complaint",
            "received_at": iso(0.5),
            "party_code": w.party.uscc,
            "summary": "举报：超市销售过期牛奶。",
        },
        expect=201,
    )
    clue_id = clue["id"]
    step(
        w.o1,
        2,
        f"/api/v1/cases/clues/{clue_id}/actions/clue_verify",
        {"outcome": "file", "note": "现场核查属实。"},
    )
    created = step(
        w.o1,
        3,
        "/api/v1/cases/start/file_request",
        {
            "clue": clue_id,
            "item_version": w.item.pk,
            "party_code": w.party.uscc,
            "cause": "销售超过保质期食品",
            "facts": "货架上有过期牛奶。",
            "officers": [w.o1.pk, w.o2.pk],
            "no_conflict": True,
        },
        expect=201,
    )
    case_id = created["id"]
    base = f"/api/v1/cases/{case_id}/actions"
    # the lead officer may not approve the filing; the head may
    step(w.o1, 4, f"{base}/file_approve", {"has_conflict": "no", "opinion": "同意"}, expect=403)
    step(w.head, 4, f"{base}/file_approve", {"has_conflict": "no", "opinion": "同意立案。"})
    # out of order: no report before the investigation is recorded by declared officers
    step(w.o2, 5, f"{base}/recusal_declare", {"has_conflict": "no", "capacity": "handler"})
    step(
        w.o1,
        7,
        f"{base}/field_action_record",
        {
            "kind": "site_inspection",
            "started_at": iso(5.5),
            "ended_at": iso(6.5),
            "place": "超市经营场所",
            "officers": [w.o1.pk, w.o2.pk],
            "certificate_shown": True,
            "party_informed": True,
            "party_present": True,
            "record": "发现过期纯牛奶12盒。",
        },
    )
    step(
        w.o1,
        8,
        f"{base}/report_submit",
        {
            "facts": "销售过期纯牛奶12盒。",
            "evidence_summary": "现场检查笔录、照片。",
            "legal_basis": "《中华人民共和国食品安全法》第三十四条",
            "proposal": "penalty",
            "penalty_types": ["fine"],
            "fine": "5000",
        },
    )
    early = step(
        w.o1,
        9,
        f"{base}/decision_propose",
        {"outcome": "penalty", "content": "罚款5000元", "penalty_types": ["fine"], "fine": "5000"},
        expect=400,
    )
    assert early["code"] == "notice_required"  # not before the prior notice (R-1.5-17)
    step(
        w.o1,
        9,
        f"{base}/notice_serve",
        {
            "served_at": iso(8.5),
            "service_method": "direct",
            "facts": "销售过期纯牛奶。",
            "reasons": "违反食品安全法。",
            "basis": "《食品安全法》第一百二十四条",
            "proposed_penalty": "罚款人民币5000元",
        },
    )
    step(
        w.o1,
        10,
        f"{base}/statement_record",
        {"mode": "waived", "received_at": iso(9.5), "content": "放弃陈述申辩。"},
    )
    step(
        w.o1,
        11,
        f"{base}/decision_propose",
        {
            "outcome": "penalty",
            "content": "罚款人民币5000元",
            "penalty_types": ["fine"],
            "fine": "5000",
        },
    )
    step(w.head, 12, f"{base}/decision_approve", {"has_conflict": "no", "opinion": "同意。"})
    case = Case.objects.get(pk=case_id)
    assert case.status == CaseStatus.DECIDED
    # the publication time limit appears with the decision (R-1.2-12)
    assert Obligation.objects.filter(rule_id="R-1.2-12", subject_id=str(case_id)).exists()
    step(
        w.o2,
        13,
        f"{base}/serve",
        {
            "method": "direct",
            "served_at": iso(12.5),
            "recipient": "张三（负责人）",
            "place": "超市",
            "certificate_shown": True,
            "party_informed": True,
        },
    )
    step(
        w.o1,
        14,
        f"{base}/execution_record",
        {"kind": "payment", "at": iso(13.5), "amount": "5000", "receipt_number": "晋罚001234"},
    )
    step(w.o1, 15, f"{base}/closure_request", {"summary": "罚款已缴清，建议结案。"})
    step(w.head, 16, f"{base}/closure_approve", {"has_conflict": "no", "opinion": "同意结案。"})
    step(w.archivist, 17, f"{base}/archive", {"confirm": True})
    with time_machine.travel(at(18), tick=False):
        client.force_login(w.o1)
        detail = client.get(f"/api/v1/cases/{case_id}").json()
    assert detail["status"] == CaseStatus.ARCHIVED
    assert detail["actions"] == []  # archived: nothing more (R-1.14-11)
    case.refresh_from_db()
    assert case.number and case.archived_at is not None
    assert case.events.filter(document__isnull=False).count() >= 6

"""The staff publication pages and the portal's decision pages: who sees what, forms that keep
their input, the portal search with bad input, escaping, query counts (R-1.2-05, R-1.2-13,
R-1.2-15, R-1.12-06)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.publication.constants import ChangeKind, PublicationStatus, UpdateTrigger
from zhifa.publication.models import Publication
from zhifa.publication.services.changes import change_approve, change_legal_check, change_propose
from zhifa.publication.tests.helpers import decided, person, published

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


def _as(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_r_1_2_05_officer_drafts_from_the_list_reviewer_must_confirm_masking(client, world):
    case = decided(world, party=person())
    c = _as(client, world.o1)
    r = c.get("/publication/")
    assert r.status_code == 200 and "待起草公示的决定" in r.content.decode()
    assert f"/publication/from-case/{case.pk}/" in r.content.decode()
    r = c.post(f"/publication/from-case/{case.pk}/", {"form": "summary"})
    p = Publication.objects.get(case=case)
    assert r.status_code == 302 and r["Location"] == f"/publication/{p.pk}/"
    page = c.get(f"/publication/{p.pk}/").content.decode()
    assert "张某某" in page and "自动脱敏结果" in page
    c.logout()
    c = _as(client, world.reviewer)
    r = c.post(f"/publication/{p.pk}/check/", {"decision": "approve", "note": "合法、适当。"})
    body = r.content.decode()
    assert r.status_code == 400 and "已核对脱敏" in body and "合法、适当。" in body
    r = c.post(
        f"/publication/{p.pk}/check/",
        {"decision": "approve", "note": "合法、适当。", "masking_confirmed": "on"},
    )
    assert r.status_code == 302
    c.logout()
    c = _as(client, world.head)
    assert c.post(f"/publication/{p.pk}/approve/", {"decision": "approve"}).status_code == 302
    p.refresh_from_db()
    assert p.status == PublicationStatus.PUBLISHED
    # the case page links to it
    assert f"/publication/case/{case.pk}/" in c.get(f"/cases/{case.pk}/").content.decode()
    assert c.get(f"/publication/case/{case.pk}/")["Location"] == f"/publication/{p.pk}/"


def test_r_1_2_04_access_other_unit_leader_and_supervisor(client, world, county, people):
    p = published(world)
    outsider = make_user(county.team_a, Role.OFFICER, username="x1", full_name="外单位")
    assert _as(client, outsider).get(f"/publication/{p.pk}/").status_code == 404
    client.logout()
    leader = make_user(county.gov, Role.COUNTY_LEADER, username="lead1", full_name="县领导")
    assert _as(client, leader).get("/publication/").status_code == 403
    client.logout()
    r = _as(client, world.supervisor).get(f"/publication/{p.pk}/")
    assert r.status_code == 200 and 'data-testid="step-' not in r.content.decode()
    client.logout()
    assert client.get("/publication/").status_code == 302  # login first


def test_staff_step_with_bad_input_keeps_it_and_unknown_step_is_404(client, world):
    case = decided(world)
    c = _as(client, world.o1)
    c.post(f"/publication/from-case/{case.pk}/", {"form": "summary"})
    p = Publication.objects.get(case=case)
    r = c.post(
        f"/publication/{p.pk}/edit/",
        {
            "form": "summary",
            "channels": ["portal"],
            "conclusion": "罚款。",
            "restriction": "state_secret",
            "restriction_reason": "",
        },
    )
    assert r.status_code == 400 and "须写明理由" in r.content.decode()
    assert c.post(f"/publication/{p.pk}/nonsense/", {}).status_code == 404
    assert c.post(f"/publication/{p.pk}/edit/", {"form": "x"}).status_code == 400
    assert c.post("/publication/changes/999999/check/", {}).status_code == 404


def test_r_1_2_13_portal_decision_page_shows_the_five_elements_without_login(client, world):
    p = published(world)
    r = client.get(f"/portal/decisions/{p.pk}/")
    body = r.content.decode()
    assert r.status_code == 200
    for text in (world.dept.name, world.party.name, "行政处罚", p.decision_date.strftime("%Y年")):
        assert text in body
    assert "source" not in body and "脱敏前" not in body
    assert client.get("/portal/decisions/999999/").status_code == 404


def test_r_1_2_05_a_draft_is_not_on_the_portal(client, world):
    case = decided(world)
    from zhifa.publication.services.publication import publication_draft_from_case

    p = publication_draft_from_case(case=case, actor=world.o1)
    assert client.get(f"/portal/decisions/{p.pk}/").status_code == 404
    assert p.title not in client.get("/portal/decisions/").content.decode()


def test_r_1_12_06_withdrawn_and_updated_decisions_say_so_on_the_portal(client, world):
    a, b = published(world), published(world)
    for p, kind in ((a, ChangeKind.WITHDRAW), (b, ChangeKind.UPDATE)):
        c = change_propose(
            publication=p,
            actor=world.o1,
            kind=kind,
            trigger=UpdateTrigger.REVOKED,
            reason="经行政复议撤销原决定。",
            conclusion="行政处罚。警告。" if kind == ChangeKind.UPDATE else None,
        )
        change_legal_check(
            change=c, actor=world.reviewer, approve=True, note="同意。", masking_confirmed=True
        )
        change_approve(change=c, actor=world.head, approve=True)
    body = client.get(f"/portal/decisions/{a.pk}/").content.decode()
    assert "已撤下" in body and "经行政复议撤销原决定。" in body and "执法结论" not in body
    body = client.get(f"/portal/decisions/{b.pk}/").content.decode()
    assert "本信息已更新" in body and "第2版" in body and "警告" in body
    listing = client.get("/portal/decisions/").content.decode()
    assert f"/portal/decisions/{a.pk}/" not in listing
    listing = client.get("/portal/decisions/?withdrawn=1").content.decode()
    assert f"/portal/decisions/{a.pk}/" in listing and "已撤下" in listing


def test_portal_search_filters_bad_input_and_escaping(client, world):
    p = published(world)
    r = client.get("/portal/decisions/", {"q": "保质期"})
    assert r.status_code == 200 and f"/portal/decisions/{p.pk}/" in r.content.decode()
    r = client.get("/portal/decisions/", {"q": "不存在的关键词"})
    assert "没有符合条件的执法决定" in r.content.decode()
    r = client.get("/portal/decisions/", {"from": "2026-13-45", "unit": "abc", "category": "x"})
    body = r.content.decode()
    assert r.status_code == 400 and "不是有效日期" in body and "请从列表中选择" in body
    r = client.get("/portal/decisions/", {"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in r.content.decode()
    assert "&lt;script&gt;" in r.content.decode()
    r = client.get("/portal/decisions/", {"after": "garbage", "q": "x" * 500})
    assert r.status_code == 400  # said that the keyword was cut, no server error
    r = client.get("/portal/decisions/", {"unit": world.dept.pk, "from": "2000-01-01"})
    assert r.status_code == 200 and f"/portal/decisions/{p.pk}/" in r.content.decode()


def test_portal_list_pages_with_a_cursor_and_constant_queries(client, world):
    first = [published(world) for _ in range(3)]
    with CaptureQueriesContext(connection) as few:
        assert client.get("/portal/decisions/").status_code == 200
    more = [published(world) for _ in range(4)]
    with CaptureQueriesContext(connection) as many:
        r = client.get("/portal/decisions/")
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    from zhifa.publication.selectors import DecisionFilters, portal_decision_page

    page1 = portal_decision_page(DecisionFilters(), limit=4)
    assert page1.next_cursor and len(page1.rows) == 4 and page1.total == 7
    from zhifa.publication.selectors import Cursor

    page2 = portal_decision_page(DecisionFilters(), limit=4, after=Cursor.decode(page1.next_cursor))
    ids = [x.pk for x in page1.rows + page2.rows]
    assert sorted(ids) == sorted(x.pk for x in first + more) and page2.next_cursor is None
    assert r.status_code == 200


def test_staff_list_has_constant_queries(client, world):
    published(world)
    decided(world)
    c = _as(client, world.head)
    with CaptureQueriesContext(connection) as few:
        c.get("/publication/")
    for _ in range(3):
        published(world)
        decided(world)
    with CaptureQueriesContext(connection) as many:
        c.get("/publication/")
    assert len(many) == len(few)


def test_r_1_2_13_public_api_lists_and_shows_decisions_without_personal_data(client, world):
    party = person()
    p = published(world, decided(world, party=party))
    r = client.get("/api/v1/publication/public/decisions", {"q": "保质期"})
    assert r.status_code == 200
    data = r.json()
    assert [i["id"] for i in data["items"]] == [p.pk] and data["total"] == 1
    assert data["items"][0]["target"] == "张某某"
    d = client.get(f"/api/v1/publication/public/decisions/{p.pk}").json()
    assert d["subject"] == world.dept.name and "source" not in d
    assert party.id_number not in r.content.decode() + str(d)
    assert client.get("/api/v1/publication/public/decisions/999999").status_code == 404
    bad = client.get("/api/v1/publication/public/decisions", {"limit": 0, "after": "x"})
    assert bad.status_code == 400 and bad.json()["code"]
    assert client.get("/api/v1/publication/public/decisions", {"after": "zzz"}).status_code == 400
    assert client.get("/api/v1/publication/publications").status_code == 401
    client.force_login(world.head)
    rows = client.get("/api/v1/publication/publications").json()
    assert rows[0]["id"] == p.pk and rows[0]["limit_state"] == "fulfilled"


def test_r_1_2_12_workbench_panel_counts_what_waits_for_each_role(world):
    from zhifa.publication.services.publication import (
        publication_draft_from_case,
        publication_legal_check,
    )
    from zhifa.publication.workbench import publication_panel

    decided(world)
    checked = publication_draft_from_case(case=decided(world), actor=world.o1)
    publication_legal_check(
        publication=checked,
        actor=world.reviewer,
        approve=True,
        note="合法。",
        masking_confirmed=True,
    )
    officer = {r.label: r.value for r in publication_panel(world.o1).rows}
    assert officer["待起草公示的执法决定"] == 1
    head = {r.label: r.value for r in publication_panel(world.head).rows}
    assert head["待我审批的公示信息"] == 1
    reviewer = {r.label: r.value for r in publication_panel(world.reviewer).rows}
    assert reviewer["待法制审核的公示信息"] == 0
    assert publication_panel(world.supervisor) is None


def test_staff_list_pages_past_its_first_page(client, world, monkeypatch):
    from zhifa.publication import views

    monkeypatch.setattr(views, "STAFF_PAGE_SIZE", 2)
    made = [published(world) for _ in range(3)]
    c = _as(client, world.head)
    first = c.get("/publication/").content.decode()
    second = c.get("/publication/", {"page": 2}).content.decode()
    assert f"/publication/{made[0].pk}/" not in first and f"/publication/{made[0].pk}/" in second
    assert "第 1 / 2 页" in first


def test_r_1_12_06_withdrawal_through_the_pages_check_approve_and_cancel(client, world):
    p = published(world)
    c = _as(client, world.o1)
    r = c.post(
        f"/publication/{p.pk}/change/",
        {"kind": "withdraw", "trigger": "revoked", "reason": ""},
    )
    assert r.status_code == 400  # the public reason is required; the form is shown again
    r = c.post(
        f"/publication/{p.pk}/change/",
        {"kind": "withdraw", "trigger": "revoked", "reason": "经行政复议撤销。"},
    )
    assert r.status_code == 302
    change = p.changes.get()
    c.logout()
    c = _as(client, world.reviewer)
    assert "change-step-check" in c.get(f"/publication/{p.pk}/").content.decode()
    r = c.post(
        f"/publication/changes/{change.pk}/check/", {"decision": "approve", "note": "同意。"}
    )
    assert r.status_code == 302
    c.logout()
    c = _as(client, world.head)
    r = c.post(f"/publication/changes/{change.pk}/approve/", {"decision": "approve"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == PublicationStatus.WITHDRAWN
    # a second change on a published decision can be withdrawn by its unit before it applies
    q = published(world)
    c.logout()
    c = _as(client, world.o1)
    c.post(
        f"/publication/{q.pk}/change/",
        {"kind": "withdraw", "trigger": "other", "reason": "误报。"},
    )
    other = q.changes.get()
    assert c.post(f"/publication/changes/{other.pk}/cancel/", {"reason": ""}).status_code == 400
    r = c.post(f"/publication/changes/{other.pk}/cancel/", {"reason": "核实无误。"})
    assert r.status_code == 302
    other.refresh_from_db()
    assert other.status == "cancelled"

"""Case pages: the list, the case page, the generic action page (filing, approval, recusal),
start pages, queues and the overview — with Chinese errors that keep what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhifa.cases.constants import CaseStatus
from zhifa.cases.models import Case
from zhifa.cases.services.filing import case_file_request
from zhifa.cases.tests.conftest import filed_case


def _request(w, **over):  # type: ignore[no-untyped-def]
    return case_file_request(
        actor=over.get("actor", w.o1),
        organisation=w.dept,
        item_version=w.item,
        party=w.party,
        cause=over.get("cause", "销售超过保质期食品"),
        facts="货架上陈列销售超过保质期的纯牛奶。",
        officers=over.get("officers", [w.o1, w.o2]),
    )


def _file_data(w, **over):  # type: ignore[no-untyped-def]
    data = {
        "item_version": str(w.item.pk),
        "party_code": w.party.uscc,
        "cause": "销售超过保质期食品",
        "facts": "货架上陈列销售超过保质期的纯牛奶12盒。",
        "officers": [str(w.o1.pk), str(w.o2.pk)],
        "request_note": "建议立案调查。",
        "no_conflict": "on",
    }
    data.update(over)
    return data


def test_officer_files_a_case_through_the_start_page_and_the_head_approves_it(client, world):
    client.force_login(world.o1)
    response = client.get(reverse("cases:start", args=["file_request"]))
    assert response.status_code == 200
    assert "提请立案" in response.content.decode()
    response = client.post(reverse("cases:start", args=["file_request"]), _file_data(world))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.status == CaseStatus.FILING_PENDING

    # o2 declares on the case page before the head may approve
    client.force_login(world.o2)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="action-recusal_declare"' in page
    assert 'data-testid="action-file_approve"' not in page
    response = client.post(
        reverse("cases:action", args=[case.pk, "recusal_declare"]),
        {"capacity": "handler", "has_conflict": "no"},
    )
    assert response.status_code == 302

    client.force_login(world.head)
    queue = client.get(reverse("cases:approvals")).content.decode()
    assert f'data-testid="approve-{case.pk}"' in queue
    response = client.post(
        reverse("cases:action", args=[case.pk, "file_approve"]),
        {"opinion": "同意立案。", "has_conflict": "no"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING and case.number
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert case.number in page
    assert "立案审批表" in page or "documents/generated" in page


def test_a_refused_form_keeps_what_was_typed_and_says_what_to_fix(client, world):
    client.force_login(world.o1)
    data = _file_data(world, officers=[str(world.o1.pk), str(world.uncertified.pk)])
    data["cause"] = "案由保留测试"
    response = client.post(reverse("cases:start", args=["file_request"]), data)
    body = response.content.decode()
    assert response.status_code in (200, 400)
    assert not Case.objects.exists()
    assert "案由保留测试" in body  # what was typed is still there
    assert "货架上陈列销售超过保质期的纯牛奶12盒。" in body
    assert 'class="errorlist"' in body


def test_r_1_1_12_a_service_refusal_lands_on_the_form_in_chinese(client, world):
    """R-1.1-12: the team check of the service (two certified officers) becomes a form error."""
    client.force_login(world.o1)
    response = client.post(
        reverse("cases:start", args=["file_request"]),
        _file_data(world, officers=[str(world.o1.pk)]),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "至少" in body and "errorlist" in body
    assert "销售超过保质期食品" in body


def test_actions_shown_only_to_whom_they_belong(client, world):
    case = _request(world)
    client.force_login(world.o3)  # same unit, not on the case
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="action-file_approve"' not in page
    assert 'data-testid="no-actions"' in page
    response = client.get(reverse("cases:action", args=[case.pk, "file_approve"]))
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    # the requesting officer may not approve their own request either
    client.force_login(world.o1)
    assert client.get(reverse("cases:action", args=[case.pk, "file_approve"])).status_code == 403
    client.force_login(world.head)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="action-file_approve"' in page
    assert 'data-testid="action-file_reject"' in page


def test_an_action_out_of_order_says_so_in_chinese(client, world):
    case = filed_case(world)
    client.force_login(world.head)
    response = client.post(
        reverse("cases:action", args=[case.pk, "file_approve"]),
        {"opinion": "同意", "has_conflict": "no"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "调查取证" in body and "不能批准立案" in body
    assert 'data-testid="submit"' not in body


def test_unknown_action_and_bad_ids_are_404(client, world):
    case = filed_case(world)
    client.force_login(world.head)
    assert client.get(reverse("cases:action", args=[case.pk, "nope"])).status_code == 404
    assert client.get("/cases/99999999999999999999999/").status_code == 404
    assert client.get(reverse("cases:start", args=["nope"])).status_code == 404


def test_r_1_5_03_a_handler_who_declares_a_conflict_leaves_and_the_head_replaces_them(
    client, world
):
    """R-1.5-03: the declaration removes the handler; the head names who replaces them and the
    case page says who replaced whom."""
    case = filed_case(world)
    client.force_login(world.o2)
    response = client.post(
        reverse("cases:action", args=[case.pk, "recusal_declare"]),
        {"capacity": "handler", "has_conflict": "yes", "ground": "close_relative"},
    )
    assert response.status_code == 302
    client.force_login(world.head)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "尚未替换" in page and 'data-testid="action-officer_replace"' in page
    removed = case.officers.get(user=world.o2)
    response = client.post(
        reverse("cases:action", args=[case.pk, "officer_replace"]),
        {"removed": str(removed.pk), "replacement": str(world.o3.pk)},
    )
    assert response.status_code == 302, response.content.decode()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "由 <strong>赵六</strong> 替换" in page


def test_r_1_5_03_a_conflict_without_ground_is_refused_on_the_field(client, world):
    case = filed_case(world)
    client.force_login(world.o2)
    response = client.post(
        reverse("cases:action", args=[case.pk, "recusal_declare"]),
        {"capacity": "handler", "has_conflict": "yes", "ground": "", "declaration_note": "亲属"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "请选择回避事由" in body and "亲属" in body


def test_list_filters_keep_their_values_and_mine_tab(client, world):
    filed_case(world)
    _request(world, cause="另一案由：无照经营")
    client.force_login(world.o1)
    body = client.get(reverse("cases:list"), {"q": "无照"}).content.decode()
    assert body.count('data-testid="case-row"') == 1
    assert 'value="无照"' in body
    body = client.get(reverse("cases:list"), {"status": "investigating"}).content.decode()
    assert body.count('data-testid="case-row"') == 1
    assert 'value="investigating" selected' in body
    client.force_login(world.o3)
    body = client.get(reverse("cases:list"), {"tab": "mine"}).content.decode()
    assert 'data-testid="empty"' in body and "您目前没有承办的案件" in body


def test_list_pages_by_keyset_with_a_more_link(client, world, monkeypatch):
    monkeypatch.setattr("zhifa.cases.selectors.cases.PAGE_SIZE", 2)
    monkeypatch.setattr("zhifa.cases.views.pages.case_list_page.__defaults__", (None, 2))
    for i in range(5):
        _request(world, cause=f"案由{i}")
    client.force_login(world.o1)
    seen: list[str] = []
    url = reverse("cases:list")
    for _ in range(3):
        response = client.get(url)
        page = response.context["page"]
        seen += [r.case.cause for r in page.rows]
        if not page.next_cursor:
            break
        url = reverse("cases:list") + f"?after={page.next_cursor}"
    assert seen == [f"案由{i}" for i in range(4, -1, -1)]


def test_waiting_for_me_shows_the_heads_approvals(client, world):
    case = _request(world)
    filed_case(world)
    client.force_login(world.head)
    response = client.get(reverse("cases:list"), {"waiting": "on"})
    assert [r.case.pk for r in response.context["page"].rows] == [case.pk]


def test_workbench_panel_shows_my_cases_and_approvals(client, world):
    case = filed_case(world)
    client.force_login(world.o1)
    body = client.get(reverse("web:workbench")).content.decode()
    assert "等我办理的案件" in body and case.number in body and "等待承办人调查取证" in body
    _request(world)
    client.force_login(world.head)
    body = client.get(reverse("web:workbench")).content.decode()
    assert "待我审批" in body


def test_overview_counts_per_unit_for_the_justice_bureau(client, world, county):
    filed_case(world)
    _request(world)
    client.force_login(world.supervisor)
    response = client.get(reverse("cases:overview"))
    ov = response.context["overview"]
    assert ov.county_wide and ov.totals.open_total == 2
    assert ov.units[0].organisation == world.dept
    assert ov.units[0].stages == {"filing": 1, "investigating": 1}
    # an officer of a township team sees only their own unit (no case there)
    client.force_login(world.people.officer_a)
    ov = client.get(reverse("cases:overview")).context["overview"]
    assert not ov.county_wide and ov.units == []


def test_start_chooser_lists_start_actions_for_officers_only(client, world):
    client.force_login(world.o1)
    assert "提请立案" in client.get(reverse("cases:start_chooser")).content.decode()
    client.force_login(world.supervisor)
    body = client.get(reverse("cases:start_chooser")).content.decode()
    assert 'data-testid="empty"' in body
    assert client.get(reverse("cases:start", args=["file_request"])).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "cases:list",
        "cases:approvals",
        "cases:reviews",
        "cases:overview",
        "cases:clue_list",
        "cases:start_chooser",
    ],
)
def test_pages_render_empty_for_every_role(client, world, name):
    for user in (world.o1, world.head, world.reviewer, world.supervisor, world.people.leader):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200

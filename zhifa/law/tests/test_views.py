"""The /law/ pages: the rule list with its filters and summary, and one rule's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhifa.law.time_limits import TIME_LIMITS

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, people):
    client.force_login(people.officer_a)
    return client


def _rows(response) -> int:
    return response.content.decode().count('data-testid="rule-row"')


def test_anonymous_users_are_sent_to_login(client):
    for url in (reverse("law:rule_list"), reverse("law:rule_detail", args=["R-1.2-12"])):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_rule_list_shows_every_rule_grouped_with_a_status_summary(officer_client):
    response = officer_client.get(reverse("law:rule_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert _rows(response) == 543
    assert "规则与实现" in body
    assert 'data-testid="status-summary"' in body
    for label in ("已强制执行", "已提醒", "已记录", "尚未实现"):
        assert label in body
    assert "第1部分 · 第一项 综合执法类" in body
    assert "1.2 行政执法公示办法" in body
    assert "7 个工作日，自行政许可、行政处罚决定作出之日起" in body
    assert f"{len(TIME_LIMITS)}</span>" in body
    assert 'href="/law/R-1.2-12/"' in body


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ({"type": "deadline"}, 66),
        ({"system": "1.4"}, 18),
        ({"system": "1.4", "type": "deadline"}, 3),
        ({"q": "R-1.2-12"}, 1),
        ({"q": "音像记录"}, None),
        ({"status": "not_yet", "system": "4.9"}, None),
    ],
)
def test_rule_list_filters(officer_client, query, rows):
    response = officer_client.get(reverse("law:rule_list"), query)
    assert response.status_code == 200
    found = _rows(response)
    if rows is None:
        assert 0 < found < 543
    else:
        assert found == rows
    assert "清除筛选" in response.content.decode()


def test_rule_list_search_is_case_insensitive_and_searches_english(officer_client):
    response = officer_client.get(reverse("law:rule_list"), {"q": "av UPLOAD"})
    assert _rows(response) == 2  # R-1.3-13 and R-1.3-14


def test_rule_list_with_a_bad_filter_says_so_and_shows_everything(officer_client):
    response = officer_client.get(reverse("law:rule_list"), {"status": "finished"})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert _rows(response) == 543


def test_rule_list_with_no_match(officer_client):
    response = officer_client.get(reverse("law:rule_list"), {"q": "没有这样的规则文字"})
    assert _rows(response) == 0
    assert "没有符合条件的规则" in response.content.decode()


def test_rule_detail_shows_text_citation_time_limit_code_and_ambiguities(officer_client):
    response = officer_client.get(reverse("law:rule_detail", args=["R-1.4-13"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "R-1.4-13" in body
    assert "P1.S4 Art14" in body
    assert "收到完备的送审材料之日起10个工作日内完成法制审核" in body
    assert "<strong>10 WD</strong>" in body
    assert "10 个工作日，自法制审核机构收到完备的送审材料之日起" in body
    assert "须经单位负责人批准" in body
    assert 'href="/law/R-1.4-14/"' in body  # the extension rule is linked
    assert "legal_review.materials_complete" in body
    assert 'data-testid="implementation"' in body
    assert "AMB-1.4-b" in body and "AMB-G-e" in body
    assert "重大行政执法决定法制审核办法" in body


def test_rule_detail_of_a_rule_without_time_limit(officer_client):
    response = officer_client.get(reverse("law:rule_detail", args=["R-1.1-01"]))
    assert response.status_code == 200
    assert "本规则没有期限" in response.content.decode()


def test_rule_detail_of_a_modifier_links_back(officer_client):
    body = officer_client.get(reverse("law:rule_detail", args=["R-1.4-15"])).content.decode()
    assert "本规则不单独开立期限" in body
    assert "补充材料、专家论证、提请解释" in body


def test_rule_detail_for_an_unknown_id_is_404(officer_client):
    for rule_id in ("nope", "-".join(["R", "9.9", "99"])):
        response = officer_client.get(reverse("law:rule_detail", args=[rule_id]))
        assert response.status_code == 404


def test_rule_page_escapes_the_text(officer_client):
    """rules.md text is Markdown, not HTML: only ** and ` become tags."""
    body = officer_client.get(reverse("law:rule_detail", args=["R-1.1-24"])).content.decode()
    assert "→" in body and "<code>item_listed" in body
    assert "<script" not in body.split("</head>")[1]

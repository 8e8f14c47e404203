"""The bigram keyword search (search.py, ADR 0014): the document and query forms, and on the
database the same answers from the index (PostgreSQL) and from LIKE (R-1.2-13: decisions are
searchable by keyword)."""

from __future__ import annotations

import pytest

from zhifa.publication.search import (
    MAX_POSITION,
    filter_keyword,
    normalise,
    search_document,
    search_query,
)


def test_document_is_bigrams_with_positions_and_each_runs_last_character():
    assert search_document("张三丰") == "张三:1 三丰:2 丰:2"
    # runs are separated by a gap, so no phrase crosses punctuation
    assert search_document("罚款，警告") == "罚款:1 款:1 警告:4 告:4"
    assert search_document("A") == "a:1"


def test_query_is_a_phrase_per_run_and_a_prefix_for_one_character():
    assert search_query("张三丰") == "(张三 <-> 三丰)"
    assert search_query("罚款 张三") == "(罚款) & (张三)"
    assert search_query("罚") == "罚:*"
    assert search_query("，。！") is None
    assert search_query("x" * 500).count("<->") == 48  # the keyword is cut at 50 characters


def test_full_width_and_case_are_normalised_the_same_way():
    assert normalise("ＡＢＣ１２３") == "abc123"
    assert search_query("ＡＢ") == search_query("ab")


def test_very_long_text_stops_at_the_position_limit():
    doc = search_document("字" * (MAX_POSITION + 100))
    last = int(doc.rsplit(":", 1)[1])
    assert last <= MAX_POSITION


@pytest.mark.django_db
def test_r_1_2_13_index_and_like_find_the_same_decisions(world):
    from django.db import connection

    from zhifa.publication.models import Publication
    from zhifa.publication.tests.helpers import decided, published

    a = published(world)
    b = published(world, decided(world, cause="未按规定公示营业执照"))
    strategies = ["like"] + (["index"] if connection.vendor == "postgresql" else [])
    for keyword, expected in (
        ("保质期", {a.pk}),
        ("营业执照", {b.pk}),
        ("罚", {a.pk, b.pk}),
        ("不存在", set()),
        (world.party.name[:3], {a.pk, b.pk}),
    ):
        for strategy in strategies:
            qs = filter_keyword(
                Publication.objects.filter(status="published"), keyword, strategy=strategy
            )
            assert set(qs.values_list("pk", flat=True)) == expected, (keyword, strategy)


@pytest.mark.only_on("postgresql")
@pytest.mark.django_db
def test_a_search_past_its_budget_tries_the_walk_then_asks_to_narrow_it(settings):
    """ADR 0014: a very common phrase over millions of decisions must not hold a worker."""
    from django.db import connection

    from zhifa.publication.selectors import DecisionFilters, SearchTooBroad, _within_budget

    settings.ZHIFA_PORTAL_SEARCH_TIMEOUT_MS = 80
    seen: list[str] = []

    def slow():  # type: ignore[no-untyped-def]
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_bitmapscan")
            seen.append(cursor.fetchone()[0])
            cursor.execute("SELECT pg_sleep(0.5)")

    with pytest.raises(SearchTooBroad):
        _within_budget(slow, DecisionFilters(keyword="罚款"))
    assert seen == ["on", "off"]  # the usual plan, then the walk
    with connection.cursor() as cursor:  # nothing is left set, the connection is usable
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone() == ("on",)
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("0",)

    def quick():  # type: ignore[no-untyped-def]
        return "page"

    assert _within_budget(quick, DecisionFilters(keyword="罚款")) == "page"


@pytest.mark.django_db
def test_the_portal_page_answers_a_too_broad_search_with_a_message(client, monkeypatch):
    from zhifa.publication import views_portal
    from zhifa.publication.selectors import SearchTooBroad

    def too_broad(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SearchTooBroad()

    monkeypatch.setattr(views_portal, "portal_decision_page", too_broad)
    r = client.get("/portal/decisions/", {"q": "没收违法所得"})
    body = r.content.decode()
    assert r.status_code == 400 and "检索范围过大" in body and "没收违法所得" in body

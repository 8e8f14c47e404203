"""Pages of the discretion area: list, detail, editor, transitions, calculator, public pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhifa.catalog.constants import BenchmarkStatus, Tier
from zhifa.catalog.models import Benchmark
from zhifa.catalog.services.discretion import benchmark_create
from zhifa.catalog.tests.test_discretion_support import food_input, multiple_input, published_food

pytestmark = pytest.mark.django_db
D = Decimal


def login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def editor_post(org_pk: int, **overrides) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "organisation": org_pk,
        "code": "CG-01",
        "violation": "擅自占用城市道路从事经营活动",
        "violated_provision": "《城市道路管理条例》第三十一条",
        "penalty_provision": "《城市道路管理条例》第四十二条",
        "penalty_types": ["warning", "fine"],
        "fine_min": "",
        "fine_max": "20000",
        "time_limit": "自立案之日起九十日内",
        "document_number": "临猗城管发〔2025〕1号",
        "tier-lighter-enabled": "on",
        "tier-lighter-conditions": "首次违法，占道面积较小",
        "tier-lighter-penalty_types": ["warning", "fine"],
        "tier-lighter-fine_min": "0",
        "tier-lighter-fine_max": "2000",
        "tier-ordinary-enabled": "on",
        "tier-ordinary-conditions": "一般情形",
        "tier-ordinary-penalty_types": ["fine"],
        "tier-ordinary-fine_min": "2000",
        "tier-ordinary-fine_max": "10000",
        "tier-heavier-enabled": "on",
        "tier-heavier-conditions": "经劝阻拒不改正",
        "tier-heavier-penalty_types": ["fine"],
        "tier-heavier-fine_min": "10000",
        "tier-heavier-fine_max": "20000",
        "circ-TOTAL_FORMS": "3",
        "circ-INITIAL_FORMS": "0",
        "circ-MIN_NUM_FORMS": "0",
        "circ-MAX_NUM_FORMS": "60",
        "circ-0-code": "L1",
        "circ-0-text": "及时自行清理",
        "circ-0-effect": "lighter",
        "circ-1-code": "H1",
        "circ-1-text": "经劝阻拒不改正",
        "circ-1-effect": "heavier",
    }
    data.update(overrides)
    return data


def test_r_1_5_07_create_through_the_editor(client, county, people) -> None:
    login(client, people.head)
    url = reverse("catalog:discretion_benchmark_create")
    assert client.get(url).status_code == 200
    response = client.post(url, editor_post(county.dept.pk))
    b = Benchmark.objects.get(code="CG-01")
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:discretion_benchmark_detail", args=[b.pk])
    assert b.tiers.count() == 3 and b.circumstances.count() == 2
    assert b.fine_min is None and b.fine_max == D("20000")


def test_r_1_5_02_editor_keeps_input_and_shows_errors_in_chinese(client, county, people) -> None:
    login(client, people.head)
    post = editor_post(
        county.dept.pk,
        **{"tier-heavier-fine_max": "30000", "tier-ordinary-penalty_types": ["fine", "detention"]},
    )
    post["circ-2-code"] = "X"  # half-filled row
    response = client.post(reverse("catalog:discretion_benchmark_create"), post)
    assert response.status_code == 400
    html = response.content.decode()
    assert "从重处罚的罚款金额上限高于法定上限20,000" in html
    assert "超出法定处罚种类" in html
    assert "请填写完整" in html
    assert "擅自占用城市道路从事经营活动" in html  # kept what was typed
    assert 'value="30000"' in html
    assert not Benchmark.objects.exists()


def test_editor_bad_numbers_are_400_not_500(client, county, people) -> None:
    login(client, people.head)
    post = editor_post(county.dept.pk, fine_max="abc", organisation="999999")
    response = client.post(reverse("catalog:discretion_benchmark_create"), post)
    assert response.status_code == 400
    assert "请输入一个数字" in response.content.decode() or "数字" in response.content.decode()


def test_officer_may_not_open_the_editor(client, county, people) -> None:
    login(client, people.officer_a)
    assert client.get(reverse("catalog:discretion_benchmark_create")).status_code == 403


def test_edit_publish_repeal_revise_through_pages(client, county, people) -> None:
    b = benchmark_create(actor=people.reviewer, data=food_input(county.dept))
    login(client, people.reviewer)
    edit = reverse("catalog:discretion_benchmark_edit", args=[b.pk])
    page = client.get(edit)
    assert page.status_code == 200 and "食品经营者未按规定建立" in page.content.decode()
    # the reviewer may not publish
    detail = client.get(
        reverse("catalog:discretion_benchmark_detail", args=[b.pk])
    ).content.decode()
    assert 'data-testid="publish"' not in detail
    assert (
        client.post(reverse("catalog:discretion_benchmark_publish", args=[b.pk])).status_code == 403
    )
    login(client, people.head)
    r = client.post(reverse("catalog:discretion_benchmark_publish", args=[b.pk]), follow=True)
    assert "已公布" in r.content.decode()
    b.refresh_from_db()
    assert b.status == BenchmarkStatus.PUBLISHED
    # published: the edit page redirects with a message
    assert client.get(edit).status_code == 302
    r = client.post(reverse("catalog:discretion_benchmark_repeal", args=[b.pk]), {"reason": ""})
    assert r.status_code == 400 and "请填写废止理由" in r.content.decode()
    r = client.post(reverse("catalog:discretion_benchmark_revise", args=[b.pk]))
    draft = Benchmark.objects.get(code=b.code, version=2)
    assert r["Location"] == reverse("catalog:discretion_benchmark_edit", args=[draft.pk])
    r = client.post(
        reverse("catalog:discretion_benchmark_repeal", args=[b.pk]), {"reason": "上位法修改"}
    )
    assert r.status_code == 302
    b.refresh_from_db()
    assert b.status == BenchmarkStatus.REPEALED


def test_publish_incomplete_draft_shows_reasons(client, county, people) -> None:
    data = food_input(county.dept, time_limit="")
    b = benchmark_create(actor=people.head, data=data)
    login(client, people.head)
    r = client.post(reverse("catalog:discretion_benchmark_publish", args=[b.pk]), follow=True)
    assert "裁量时限" in r.content.decode()


def test_list_filters_scope_and_query_count(
    client, county, people, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(25):
        published_food(county.dept, people.head, code=f"SJ-{i:02d}")
    benchmark_create(actor=people.town_head, data=food_input(county.team_a, code="TEAM-A"))
    login(client, people.officer_b)
    url = reverse("catalog:discretion_benchmark_list")
    with django_assert_max_num_queries(10):
        r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200 and "SJ-00" in html and "TEAM-A" not in html
    assert "第 1 / 2 页" in html
    login(client, people.officer_a)
    assert "TEAM-A" in client.get(url + "?status=draft").content.decode()
    assert "SJ-00" not in client.get(url + "?status=draft").content.decode()
    assert client.get(url + "?organisation=abc&item=x&status=zzz&page=999").status_code == 200


def test_detail_out_of_scope_is_404(client, county, people) -> None:
    b = benchmark_create(actor=people.town_head, data=food_input(county.team_a))
    login(client, people.officer_b)
    assert (
        client.get(reverse("catalog:discretion_benchmark_detail", args=[b.pk])).status_code == 404
    )
    login(client, people.officer_a)
    assert (
        client.get(reverse("catalog:discretion_benchmark_detail", args=[b.pk])).status_code == 200
    )


def test_r_1_5_09_calculator_without_js(client, county, people) -> None:
    b = published_food(county.dept, people.head)
    login(client, people.officer_a)
    url = reverse("catalog:discretion_calculator")
    assert client.get(url).status_code == 200
    r = client.get(url, {"benchmark": b.pk, "shown": b.pk, "c": ["L1"]})
    html = r.content.decode()
    assert (
        r.status_code == 200
        and Tier.LIGHTER.label in html
        and "罚款：5,000 元 至 15,000 元" in html
    )
    assert "L1 配合行政机关查处违法行为有立功表现" in html
    # mixed circumstances: ordinary with a warning
    html = client.get(url, {"benchmark": b.pk, "shown": b.pk, "c": ["L1", "H1"]}).content.decode()
    assert "综合裁量" in html
    # an intended penalty outside the law
    html = client.get(
        url, {"benchmark": b.pk, "shown": b.pk, "penalty_types": ["fine"], "fine": "60000"}
    ).content.decode()
    assert "不能作出" in html and "高于法定上限" in html
    # departure without a reason, then with one
    html = client.get(
        url, {"benchmark": b.pk, "shown": b.pk, "penalty_types": ["fine"], "fine": "8000"}
    ).content.decode()
    assert "需要书面说明理由" in html
    html = client.get(
        url,
        {
            "benchmark": b.pk,
            "shown": b.pk,
            "penalty_types": ["fine"],
            "fine": "8000",
            "reason": "经营困难",
        },
    ).content.decode()
    assert "偏离建议阶次" in html


def test_calculator_bad_input_is_4xx(client, county, people) -> None:
    b = published_food(county.dept, people.head)
    draft = benchmark_create(actor=people.town_head, data=food_input(county.team_a, code="A"))
    login(client, people.officer_b)
    url = reverse("catalog:discretion_calculator")
    r = client.get(url, {"benchmark": b.pk, "shown": b.pk, "c": ["ZZ"]})
    assert r.status_code == 400 and "不属于所选裁量基准" in r.content.decode()
    m = benchmark_create(actor=people.head, data=multiple_input(county.dept))
    login(client, people.dept_officer)
    r = client.get(url, {"benchmark": m.pk, "shown": m.pk, "basis": "-3"})
    assert r.status_code == 400
    r = client.get(url, {"benchmark": m.pk, "shown": m.pk, "basis": "20000"})
    assert r.status_code == 200 and "260,000 元 至 340,000 元" in r.content.decode()
    login(client, people.officer_b)
    r = client.get(url, {"benchmark": draft.pk})
    assert r.status_code == 400 and "无权查看" in r.content.decode()
    # switching benchmark drops the old ticks
    m = published_food(county.dept, people.head, code="OTHER")
    r = client.get(url, {"benchmark": m.pk, "shown": b.pk, "c": ["ZZ"]})
    assert r.status_code == 200


def test_calculator_htmx_returns_the_fragment(client, county, people) -> None:
    b = published_food(county.dept, people.head)
    login(client, people.officer_a)
    r = client.get(
        reverse("catalog:discretion_calculator"),
        {"benchmark": b.pk, "shown": b.pk, "c": ["H1"]},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert r.status_code == 200 and "<html" not in html and Tier.HEAVIER.label in html


def test_r_1_5_06_public_pages_show_published_only(
    client, county, people, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    pub = published_food(county.dept, people.head)
    benchmark_create(actor=people.head, data=multiple_input(county.dept))
    url = reverse("catalog:discretion_public_list")
    with django_assert_max_num_queries(6):
        r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200
    assert pub.violation in html and "食品添加剂" not in html
    r = client.get(reverse("catalog:discretion_public_detail", args=[pub.pk]))
    assert (
        r.status_code == 200
        and "从重处罚" in r.content.decode()
        and "35,000元以上50,000元以下" in r.content.decode()
    )
    draft = Benchmark.objects.get(code="SJ-124-1")
    assert (
        client.get(reverse("catalog:discretion_public_detail", args=[draft.pk])).status_code == 404
    )
    assert client.get(url + f"?organisation={county.team_a.pk}").status_code == 200


def test_admin_shows_benchmarks_read_only(admin_client, county, people) -> None:  # type: ignore[no-untyped-def]
    b = published_food(county.dept, people.head)
    assert admin_client.get("/admin/catalog/benchmark/").status_code == 200
    page = admin_client.get(f"/admin/catalog/benchmark/{b.pk}/change/")
    assert page.status_code == 200 and "从重处罚" in page.content.decode()
    assert admin_client.get("/admin/catalog/benchmark/add/").status_code == 403
    assert admin_client.post(f"/admin/catalog/benchmark/{b.pk}/delete/").status_code == 403

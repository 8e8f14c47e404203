"""The portal shell, home and directory pages, for the public (no login): R-1.2-06, R-1.2-07,
R-1.2-08, R-1.2-10, R-1.2-19."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhifa.cases.services.remedies import remedies_text
from zhifa.cases.workflow import TRANSITIONS
from zhifa.publication.tests.helpers import decided, person
from zhifa.publication.views_portal_directory import flows
from zhifa.web.public import PUBLIC_LINKS, government_portal_url

pytestmark = pytest.mark.django_db

PAGES = (
    "portal:home",
    "portal:powers",
    "portal:guides",
    "portal:flowcharts",
    "portal:remedies",
    "portal:reports",
)


def _current(body: str) -> list[str]:
    """The labels of the portal nav entries marked aria-current."""
    nav = body.split('aria-label="公示栏目"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'aria-current="page">([^<]+)<', nav)


def test_r_1_2_08_every_portal_page_renders_for_the_public(client, world):
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        body = response.content.decode()
        assert 'class="public"' in body and "退出" not in body, name
        assert 'href="#main"' in body and 'id="main"' in body, name  # skip link
    unit = world.dept.pk
    for url in (
        reverse("portal:powers") + f"?unit={unit}",
        reverse("portal:guides") + f"?unit={unit}",
        reverse("portal:report", args=[unit, 2026]),
    ):
        assert client.get(url).status_code == 200, url


def test_r_1_2_07_home_links_every_public_registry_and_each_link_answers(client, world):
    body = client.get(reverse("portal:home")).content.decode()
    assert reverse("catalog:public_subjects") in body  # R-1.2-07 subject directory
    for link in PUBLIC_LINKS:
        url = reverse(link.url_name)
        assert url in body and link.title in body
        assert client.get(url).status_code == 200, url
    # the search box goes to the decision list with q; the certificate check is there
    assert f'action="{reverse("portal:decisions")}"' in body and 'name="q"' in body
    assert f'action="{reverse("personnel:public_verify_lookup")}"' in body
    # the request forms of the portal
    for name in ("portal:correction_new", "portal:disclosure_new", "portal:track"):
        assert reverse(name) in body


def test_home_shows_the_latest_published_decisions(client, world, monkeypatch):
    from zhifa.publication import views_portal_home

    calls = {}

    def fake_page(filters, *, limit):  # type: ignore[no-untyped-def]
        calls["limit"] = limit
        return type("P", (), {"rows": []})()

    monkeypatch.setattr(views_portal_home, "portal_decision_page", fake_page)
    body = client.get(reverse("portal:home")).content.decode()
    assert calls["limit"] == 5
    assert "暂无公开的执法决定" in body


def test_public_is_a_permanent_redirect_to_the_portal(client, county):
    response = client.get("/public/")
    assert response.status_code == 301
    assert response["Location"] == reverse("portal:home")


def test_nav_marks_the_current_section_with_aria_current(client, world):
    expected = {
        reverse("portal:home"): ["首页"],
        reverse("catalog:public_subjects"): ["执法主体"],
        reverse("catalog:public_catalogue"): ["执法事项"],
        reverse("portal:powers"): ["执法事项"],
        reverse("portal:guides"): ["执法事项"],
        reverse("portal:flowcharts"): ["执法事项"],
        reverse("personnel:public_officer_list"): ["执法人员"],
        reverse("portal:reports"): ["统计年报"],
        reverse("portal:report", args=[world.dept.pk, 2026]): ["统计年报"],
        reverse("portal:remedies"): ["更正与申请"],
        reverse("portal:correction_new"): ["更正与申请"],
        reverse("personnel:public_verify_lookup"): ["核验"],
        reverse("ledger:roots"): ["核验"],
    }
    for url, labels in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert _current(response.content.decode()) == labels, url


def test_r_1_2_06_footer_links_the_county_government_portal_and_the_ledger(
    client, county, settings
):
    body = client.get(reverse("portal:home")).content.decode()
    assert 'href="http://www.sxly.gov.cn/"' in body
    assert reverse("ledger:roots") in body
    # every page on the shell carries it, the other registries' pages too
    assert (
        'href="http://www.sxly.gov.cn/"'
        in client.get(reverse("catalog:public_subjects")).content.decode()
    )
    settings.ZHIFA_GOVERNMENT_PORTAL_URL = "https://www.example.gov.cn/"
    assert government_portal_url() == "https://www.example.gov.cn/"


def test_r_1_2_19_complaint_channels_in_the_footer_and_on_the_remedies_page(client, world):
    home = client.get(reverse("portal:home")).content.decode()
    assert "上一级行政机关或者政府信息公开工作主管部门投诉、举报" in home
    body = client.get(reverse("portal:remedies")).content.decode()
    assert "政府信息公开工作主管部门" in body and "R-1.2-19" in body
    # R-1.2-08 (5): the same sentence as the decision documents (R-1.14-08)
    assert remedies_text(world.dept, what="行政执法决定") in body
    assert "临猗县人民政府" in body and "临猗县人民法院" in body
    assert "六十日" in body and "六个月" in body
    assert reverse("portal:correction_new") in body and reverse("portal:track") in body


def test_r_1_2_08_powers_list_groups_a_units_items_by_type(client, world):
    body = client.get(reverse("portal:powers") + f"?unit={world.dept.pk}").content.decode()
    for heading in ("行政许可", "行政处罚", "行政强制"):
        assert f">{heading} <" in body
    assert "《中华人民共和国食品安全法》第一百二十四条" in body  # basis
    assert "自立案之日起九十日内作出处理决定" in body  # time limit
    assert body.count('data-testid="power-row"') == 3
    index = client.get(reverse("portal:powers")).content.decode()
    assert f"?unit={world.dept.pk}" in index


def test_r_1_2_10_service_guides_show_permit_items_and_dashes_for_what_the_catalogue_lacks(
    client, world
):
    body = client.get(reverse("portal:guides") + f"?unit={world.dept.pk}").content.decode()
    assert body.count('data-testid="guide"') == 1
    assert "食品经营许可" in body and "对销售超过保质期食品的处罚" not in body
    assert "自受理之日起二十个工作日内" in body
    assert "<dt>申请材料</dt><dd>—</dd>" in body  # no invented text
    assert "<dt>受理条件</dt><dd>—</dd>" in body  # the fixture's item has no conditions
    empty = client.get(reverse("portal:guides") + f"?unit={world.county.town_b.pk}")
    assert 'data-testid="no-guides"' in empty.content.decode()


def test_unknown_or_bad_units_and_years_are_404_never_500(client, world):
    for url in (
        reverse("portal:powers") + "?unit=999999",
        reverse("portal:powers") + "?unit=abc",
        reverse("portal:guides") + "?unit=1%00",
        reverse("portal:report", args=[world.county.jb.pk, 2026]),
        reverse("portal:report", args=[world.county.team_a.pk, 2026]),
        reverse("portal:report", args=[999999, 2026]),
        reverse("portal:report", args=[world.dept.pk, 1999]),
        reverse("portal:report", args=[world.dept.pk, 2099]),
    ):
        assert client.get(url).status_code == 404, url
    huge = client.get(f"/portal/reports/{10**30}/2026/")
    assert huge.status_code in (400, 404)
    assert client.get(reverse("portal:guides") + "?page=abc").status_code == 200


def test_r_1_2_08_flowcharts_are_the_case_workflow(client, world):
    """Every step drawn from a transition is one the workflow allows for that kind of case."""
    for flow in flows():
        for step in flow.steps:
            if step.action:
                t = TRANSITIONS[step.action]
                assert flow.kind in t.kinds and flow.procedure in t.procedures, (
                    flow.slug,
                    step.action,
                )
                assert step.title == t.label
    body = client.get(reverse("portal:flowcharts")).content.decode()
    assert body.count('data-testid="flow"') == 4
    for title in ("行政处罚（普通程序）", "行政处罚（简易程序）", "行政许可", "行政强制"):
        assert title in body
    assert "R-1.2-12" in body and "R-1.2-11" in body
    assert '<ol class="flowchart">' in body


def test_no_personal_data_on_the_portal_pages(client, world):
    """ID numbers and mobile numbers of parties and officers appear on none of these pages."""
    party = person()
    decided(world, party=party, fine=None, penalty_types=["warning"])
    decided(world)
    secrets = [party.id_number]
    for user in (world.o1, world.o2, world.o3):
        officer = user.officer
        secrets += [officer.id_number, officer.phone, user.phone]
    secrets = [s for s in secrets if s]
    assert secrets
    urls = [reverse(n) for n in PAGES] + [
        reverse("portal:powers") + f"?unit={world.dept.pk}",
        reverse("portal:guides") + f"?unit={world.dept.pk}",
        reverse("portal:report", args=[world.dept.pk, 2026]),
        reverse("portal:report", args=[world.dept.pk, 2026]) + "?format=csv",
    ]
    for url in urls:
        body = client.get(url).content.decode("utf-8-sig")
        for secret in secrets:
            assert secret not in body, (url, secret)


def test_directory_pages_take_a_constant_number_of_queries(client, world):
    from zhifa.cases.tests.conftest import publish_item

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [
        reverse("portal:home"),
        reverse("portal:powers") + f"?unit={world.dept.pk}",
        reverse("portal:guides"),
        reverse("portal:reports"),
    ]
    before = [count(u) for u in urls]
    for n in range(3):
        publish_item(world.dept, world.supervisor, item_type="permit", name=f"许可事项{n}")
    decided(world)
    assert [count(u) for u in urls] == before

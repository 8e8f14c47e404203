"""Journeys of the catalogue: a township proposes an item, the Justice Bureau takes it through
review, the government's approval and publication, and the public finds it (R-1.8-06); the unit
lists on a phone."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.conftest import login, screenshot
from zhifa.core import clock

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(autouse=True)
def enforcement_types(db):  # type: ignore[no-untyped-def]
    """The live server's transactional database is flushed, data migrations included."""
    from zhifa.catalog.enforcement_types import STANDARD_ENFORCEMENT_TYPES
    from zhifa.catalog.models import EnforcementType

    for order, (code, name) in enumerate(STANDARD_ENFORCEMENT_TYPES, start=1):
        EnforcementType.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )


@pytest.fixture
def seeded(county, people):  # type: ignore[no-untyped-def]
    from zhifa.catalog.models import EnforcementType
    from zhifa.catalog.services.subjects import subject_confirm, subject_save
    from zhifa.catalog.tests.test_items import publish_item

    s = subject_save(
        actor=people.supervisor,
        organisation=county.town_a,
        name="猗氏镇人民政府",
        legal_basis="《山西省乡镇综合行政执法条例》",
        duties="以镇人民政府名义在本行政区域内实施综合行政执法",
        enforcement_area="猗氏镇行政区域",
        enforcement_types=[EnforcementType.objects.get(code="township")],
        internal_bodies=[("猗氏镇综合行政执法队", "具体承担行政检查、行政处罚和行政强制")],
    )
    subject_confirm(
        actor=people.supervisor,
        subject=s,
        document_number="临政发〔2023〕12号",
        confirmed_on=dt.date(2023, 6, 15),
    )
    for i, name in enumerate(
        ("对违法燃放烟花爆竹的处罚", "对占道经营的处罚", "农村村民宅基地审批")
    ):
        publish_item(
            county.town_a,
            people.town_head,
            people.supervisor,
            code=f"YISHI-{i + 1:03d}",
            name=name,
            item_type="permit" if "审批" in name else "penalty",
        )
    return s


def test_a_township_item_goes_from_proposal_to_the_public_catalogue(page, people, county, seeded):
    login(page, "town_head")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/catalog/items/")
    assert "猗氏镇" in page.locator("h1 + p").inner_text()
    screenshot(page, "catalog-items-desktop")
    page.click("[data-testid=propose-add]")
    page.select_option("#id_change_trigger", "item_set_by_procedure")
    page.fill("#id_name", "对露天焚烧秸秆的处罚")
    page.select_option("#id_item_type", "penalty")
    page.select_option("#id_enforcement_type", label="乡镇综合行政执法")
    page.fill("#id_legal_basis", "《中华人民共和国大气污染防治法》第一百一十九条")
    page.fill("#id_implementing_subject", "猗氏镇人民政府")
    page.click("[data-testid=propose-form] button[type=submit]")
    # R-1.5-15: the time limit may not be empty — the form says so and keeps the input
    assert "办理时限不能为空" in page.locator(".errorlist").first.inner_text()
    assert page.input_value("#id_name") == "对露天焚烧秸秆的处罚"
    screenshot(page, "catalog-propose-error")
    page.fill("#id_time_limit", "自立案之日起九十日内作出处理决定")
    page.click("[data-testid=propose-form] button[type=submit]")
    assert "等待县司法局审核" in page.locator(".flash").inner_text()
    item_url = page.url
    page.click("text=退出")

    login(page, "supervisor")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/catalog/items/queue/")
    assert page.locator("[data-testid=count-proposed]").inner_text() == "1"
    screenshot(page, "catalog-queue-desktop")
    page.click("[data-testid=queue-row] a")
    page.select_option("[data-testid=action-review] select", "pass")
    page.click("[data-testid=action-review] button")
    page.fill("[data-testid=action-approve] #id_document_number", "临政函〔2025〕9号")
    page.click("[data-testid=action-approve] button")
    page.fill("[data-testid=action-publish] #id_effective_from", clock.today().isoformat())
    page.click("[data-testid=action-publish] button")
    assert "已公布实施" in page.locator(".flash").inner_text()
    screenshot(page, "catalog-item-detail-desktop")
    assert page.url == item_url

    page.goto(page.base_url + "/catalog/public/items/?unit=" + str(county.town_a.pk))
    page.click("text=对露天焚烧秸秆的处罚")
    assert (
        "自立案之日起九十日内作出处理决定" in page.locator("[data-testid=time-limit]").inner_text()
    )
    screenshot(page, "catalog-public-item-desktop")


def test_public_directory_and_catalogue_on_a_phone(phone, county, seeded):
    phone.goto(phone.base_url + "/catalog/public/subjects/")
    phone.click("text=猗氏镇人民政府")
    assert "猗氏镇综合行政执法队" in phone.content()
    screenshot(phone, "catalog-public-subject-phone")
    phone.goto(phone.base_url + "/catalog/public/items/")
    phone.select_option("#type", "permit")
    phone.click("[data-testid=public-filter] button")
    rows = phone.locator("[data-testid=public-item-row]")
    assert rows.count() == 1 and "宅基地" in rows.first.inner_text()
    screenshot(phone, "catalog-public-catalogue-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400


def test_a_department_keeps_its_lists_on_a_phone(phone, people, county):
    login(phone, "head")
    phone.wait_for_url(phone.base_url + "/")
    phone.goto(phone.base_url + "/catalog/lists/")
    phone.click("text=重大执法决定法制审核目录清单")
    phone.click("[data-testid=add-entry]")
    phone.fill("#id_name", "较大数额罚款")
    phone.select_option("#id_category", "直接关系当事人或第三人重大权益")
    phone.fill("#id_enforcement_level", "县级")
    phone.fill("#id_field", "市场监管")
    phone.fill("#id_amount_threshold", "50000")
    phone.click("[data-testid=entry-form] button[type=submit]")
    assert "请填写审核标准" in phone.locator(".errorlist").first.inner_text()
    assert phone.input_value("#id_name") == "较大数额罚款"
    screenshot(phone, "catalog-list-entry-error-phone")
    phone.fill("#id_content", "对法人处五万元以上罚款的")
    phone.click("[data-testid=entry-form] button[type=submit]")
    assert phone.locator("[data-testid=entry-row]").count() == 1
    phone.click("[data-testid=file-list]")
    assert "已报县司法局备案" in phone.locator(".flash").inner_text()
    screenshot(phone, "catalog-unit-lists-phone")

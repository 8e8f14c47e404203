"""Discretion benchmarks in the browser: a unit head drafts (a range error is explained, the
input kept), publishes, and the public reads it; an officer on a phone uses the calculator."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_r_1_5_02_head_drafts_fixes_a_range_publishes_and_the_public_reads_it(
    page, people, county, browser, live_server
):  # type: ignore[no-untyped-def]
    login(page, "head")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/catalog/discretion/new/")
    page.select_option("select[name=organisation]", str(county.dept.pk))
    page.fill("input[name=code]", "SJ-DJ-001")
    page.fill("input[name=violation]", "市场主体未将营业执照置于住所或者主要经营场所的醒目位置")
    page.fill("textarea[name=violated_provision]", "《市场主体登记管理条例》第三十六条")
    page.fill("textarea[name=penalty_provision]", "《市场主体登记管理条例》第四十八条第一款")
    page.check("input[name=penalty_types][value=fine]")
    page.fill("input[name=fine_max]", "30000")
    page.fill("input[name=time_limit]", "自立案之日起九十日内")
    page.fill("input[name=document_number]", "临猗市监发〔2025〕12号")
    for tier, lo, hi, cond in (
        ("lighter", "0", "9000", "及时改正，情节轻微"),
        ("ordinary", "9000", "21000", "一般情形"),
        ("heavier", "21000", "35000", "经责令改正拒不改正"),  # above the statutory 30 000
    ):
        page.check(f"input[name=tier-{tier}-enabled]")
        page.fill(f"textarea[name=tier-{tier}-conditions]", cond)
        page.check(f"input[name=tier-{tier}-penalty_types][value=fine]")
        page.fill(f"input[name=tier-{tier}-fine_min]", lo)
        page.fill(f"input[name=tier-{tier}-fine_max]", hi)
    page.fill("input[name=circ-0-code]", "L1")
    page.fill("input[name=circ-0-text]", "当场改正")
    page.select_option("select[name=circ-0-effect]", "lighter")
    page.fill("input[name=circ-1-code]", "H1")
    page.fill("input[name=circ-1-text]", "经责令改正拒不改正")
    page.select_option("select[name=circ-1-effect]", "heavier")
    page.click("form[data-testid=benchmark-form] button[type=submit]")
    heavier = page.locator("[data-testid=tier-heavier]")
    assert "高于法定上限30,000" in heavier.inner_text()
    assert page.input_value("input[name=tier-heavier-fine_max]") == "35000"  # kept
    screenshot(page, "discretion-editor-error")

    page.fill("input[name=tier-heavier-fine_max]", "30000")
    page.click("form[data-testid=benchmark-form] button[type=submit]")
    page.wait_for_selector("[data-testid=tier-table]")
    page.click("[data-testid=publish]")
    page.wait_for_selector("text=裁量基准已公布")
    pk = page.url.rstrip("/").split("/")[-1]
    screenshot(page, "discretion-benchmark-detail")
    page.goto(page.base_url + "/catalog/discretion/")
    assert "SJ-DJ-001" in page.locator("[data-testid=benchmark-list]").inner_text()
    screenshot(page, "discretion-benchmark-list")
    page.goto(page.base_url + "/catalog/discretion/public/")
    assert "SJ-DJ-001" in page.locator("[data-testid=public-benchmark-list]").inner_text()
    screenshot(page, "discretion-public-list")
    page.goto(page.base_url + f"/catalog/discretion/calculator/?benchmark={pk}&shown={pk}&c=L1")
    assert "从轻处罚" in page.locator("[data-testid=suggested-tier]").inner_text()
    screenshot(page, "discretion-calculator")

    public = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone = public.new_page()
    phone.goto(live_server.url + "/catalog/discretion/public/")
    phone.click("text=市场主体未将营业执照置于住所")
    assert "21,000元以上30,000元以下" in phone.locator("[data-testid=tier-table]").inner_text()
    screenshot(phone, "discretion-public-detail-phone")
    public.close()


def test_r_1_5_09_officer_uses_the_calculator_on_a_phone(phone, people, county):  # type: ignore[no-untyped-def]
    from zhifa.catalog.tests.test_discretion_support import published_food

    b = published_food(county.dept, people.head)
    login(phone, "officer_a")
    phone.wait_for_url(phone.base_url + "/")
    phone.goto(phone.base_url + "/catalog/discretion/calculator/")
    phone.select_option("#calc-benchmark", str(b.pk))
    phone.wait_for_selector("input[name=c][value=H1]")  # circumstances loaded (htmx)
    phone.check("input[name=c][value=H1]")
    phone.locator("[data-testid=suggested-tier]", has_text="从重处罚").wait_for()
    assert "35,000" in phone.locator("[data-testid=suggestion]").inner_text()
    phone.check("input[name=penalty_types][value=fine]")
    phone.fill("input[name=fine]", "60000")
    phone.click("form[data-testid=calculator-form] button[type=submit]")
    phone.wait_for_selector("[data-testid=check-error]")
    assert "高于法定上限" in phone.locator("[data-testid=check-error]").inner_text()
    screenshot(phone, "discretion-calculator-phone")
    phone.goto(phone.base_url + "/catalog/discretion/")
    assert "SJ-126-1" in phone.locator("[data-testid=benchmark-list]").inner_text()
    screenshot(phone, "discretion-benchmark-list-phone")

"""The public portal as a citizen sees it on a phone: the old /public/ address lands on
/portal/, the sections of what the rules make public, the 公示栏目 navigation, the directory
pages (权责清单, 服务指南, 流程图, 救济渠道, 统计年报) without sideways scrolling, and the
certificate lookup with a number that does not exist."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_case_journeys import _no_horizontal_scroll
from zhifa.cases.tests.conftest import media, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _current(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("nav[aria-label='公示栏目'] a[aria-current='page']").inner_text()


def test_citizen_opens_the_portal_and_checks_a_certificate_number_on_a_phone(phone, county):
    phone.goto(phone.base_url + "/public/")
    assert phone.url.endswith("/portal/")
    assert phone.locator("h1").first.inner_text() == "临猗县行政执法公示"
    assert _current(phone) == "首页"
    for title in ("行政执法主体名录", "权责清单", "行政执法裁量基准", "年度行政执法数据统计报告"):
        assert phone.locator(f"a.public-link:has-text('{title}')").count() == 1
    # R-1.2-06: the footer links the county government portal
    assert phone.locator("[data-testid=government-portal-link]").get_attribute("href")
    assert _no_horizontal_scroll(phone)
    screenshot(phone, "public-home-phone")
    # A registry page opens from the index without a login, in its own section of the nav.
    phone.click("a.public-link:has-text('行政执法人员名单')")
    assert "/personnel/public/officers/" in phone.url
    assert _current(phone) == "执法人员"
    phone.go_back()
    # An unknown number gets a clear answer in Chinese, not an error page.
    phone.fill("input[name=number]", "14082199999")
    phone.click("button:has-text('查验')")
    phone.wait_for_url("**/personnel/verify/14082199999/")
    assert "14082199999" in phone.content()
    assert "查无此证" in phone.content()
    assert _current(phone) == "核验"
    screenshot(phone, "public-verify-unknown-phone")


def test_directory_pages_fit_a_phone(phone, world):  # noqa: F811
    dept = world.dept.pk
    for path, h1, section, name in (
        (f"/portal/powers/?unit={dept}", "权责清单", "执法事项", "portal-powers-phone"),
        (f"/portal/guides/?unit={dept}", "服务指南", "执法事项", "portal-guides-phone"),
        ("/portal/flowcharts/", "行政执法流程图", "执法事项", "portal-flowcharts-phone"),
        ("/portal/remedies/", "救济渠道", "更正与申请", "portal-remedies-phone"),
        ("/portal/reports/", "年度行政执法数据统计报告", "统计年报", "portal-reports-phone"),
    ):
        phone.goto(phone.base_url + path)
        assert h1 in phone.locator("h1").inner_text(), path
        assert _current(phone) == section, path
        assert _no_horizontal_scroll(phone), path
        screenshot(phone, name)
    # the skip link takes a keyboard user past the navigation
    phone.goto(phone.base_url + "/portal/flowcharts/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.className") == "skip-link"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"
    # the unit's annual report opens from the index
    phone.goto(phone.base_url + "/portal/reports/")
    phone.click(f"a[href^='/portal/reports/{dept}/']")
    assert world.dept.name in phone.locator("h1").inner_text()
    assert _no_horizontal_scroll(phone)
    screenshot(phone, "portal-report-phone")

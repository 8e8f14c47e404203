"""The public portal as a citizen sees it on a phone: the index of what the rules make public,
a registry page, and the certificate lookup with a number that does not exist."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_citizen_opens_the_portal_and_checks_a_certificate_number_on_a_phone(phone, county):
    phone.goto(phone.base_url + "/public/")
    assert phone.locator("h1").first.inner_text() == "临猗县行政执法公示"
    for title in ("行政执法主体名录", "行政执法事项清单", "行政执法裁量基准", "执法证件查验"):
        assert phone.locator(f"a.public-link:has-text('{title}')").count() == 1
    screenshot(phone, "public-home-phone")
    # A registry page opens from the index without a login.
    phone.click("a.public-link:has-text('行政执法人员名单')")
    assert "/personnel/public/officers/" in phone.url
    phone.go_back()
    # An unknown number gets a clear answer in Chinese, not an error page.
    phone.fill("input[name=number]", "14082199999")
    phone.click("button:has-text('查验')")
    phone.wait_for_url("**/personnel/verify/14082199999/")
    assert "14082199999" in phone.content()
    assert "查无此证" in phone.content()
    screenshot(phone, "public-verify-unknown-phone")

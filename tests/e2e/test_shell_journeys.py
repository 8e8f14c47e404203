"""Key journeys of the foundation, as a person sees them, on a PC and on a phone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_wrong_password_is_explained_in_chinese_and_keeps_the_username(page, people):
    login(page, "officer_a", "wrong-password")
    assert page.locator(".errorlist").inner_text().startswith("登录名或密码不正确")
    assert page.input_value("#id_username") == "officer_a"
    screenshot(page, "login-error")


def test_officer_signs_in_and_reaches_the_workbench_and_boards(page, people):
    login(page, "officer_a")
    page.wait_for_url(page.base_url + "/")
    assert page.locator("h1").first.inner_text() == "工作台"
    screenshot(page, "workbench-desktop")
    page.click("nav.sidebar >> text=期限看板")
    assert "期限" in page.locator("h1").first.inner_text()
    screenshot(page, "deadlines-board-desktop")
    page.click("nav.sidebar >> text=规则与实现")
    assert page.locator("text=R-1.2-12").first.is_visible()
    screenshot(page, "law-desktop")


def test_phone_menu_and_due_date_calculator(phone, people):
    login(phone, "officer_a")
    phone.wait_for_url(phone.base_url + "/")
    sidebar = phone.locator("nav.sidebar")
    assert not sidebar.is_visible() or sidebar.bounding_box()["x"] < 0
    screenshot(phone, "workbench-phone")
    phone.click("label.nav-button")
    phone.wait_for_timeout(300)
    screenshot(phone, "menu-phone")
    phone.click("nav.sidebar >> text=工作日历")
    assert "工作日" in phone.locator("h1").first.inner_text()
    screenshot(phone, "workdays-phone")


def test_logout(page, people):
    login(page, "officer_a")
    page.wait_for_url(page.base_url + "/")
    page.click("text=退出")
    page.wait_for_url("**/accounts/login/")
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url

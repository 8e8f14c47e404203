"""Certificates as people see them: the Justice Bureau certifies an officer, prints the card,
the department withholds it, the public checks the number (PC and phone)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(autouse=True)
def _enforcement_types(transactional_db):  # type: ignore[no-untyped-def]
    """The live server's transactional database is flushed between tests, which removes the
    types the catalog's data migration seeds: put them back."""
    from zhifa.catalog.enforcement_types import STANDARD_ENFORCEMENT_TYPES
    from zhifa.catalog.models import EnforcementType

    for order, (code, name) in enumerate(STANDARD_ENFORCEMENT_TYPES):
        EnforcementType.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )


def test_supervisor_certifies_an_officer_and_the_public_verifies_it(page, phone, people, county):
    from zhifa.personnel.tests.officers_factories import make_officer

    officer = make_officer(
        county.dept, user=people.dept_officer, full_name="王建军", post="执法队员"
    )
    login(page, "supervisor")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/personnel/officers/")
    assert page.locator("h1").first.inner_text() == "执法人员名册"
    screenshot(page, "officers-list-desktop")
    page.click("text=王建军")
    page.check("input[name=apply-enforcement_types][value=market]")
    page.click("text=向省人民政府申领")
    page.wait_for_selector("[data-testid=certificate-status]")
    assert page.locator("[data-testid=certificate-status]").inner_text() == "已申领"
    page.click("[data-testid=action-issue] summary")
    page.fill("#id_issue-number", "12")
    page.fill("#id_issue-issued_on", "2026-11-20")
    page.click("[data-testid=action-issue] button[type=submit]")
    # refused with the reason in Chinese, input kept
    assert "6至30位" in page.locator("[data-testid=action-issue] .errorlist").inner_text()
    assert page.input_value("#id_issue-number") == "12"
    page.fill("#id_issue-number", "14082188001")
    page.fill("#id_issue-expires_on", "2031-11-19")
    page.click("[data-testid=action-issue] button[type=submit]")
    page.wait_for_selector("[data-testid=action-activate]")
    page.click("[data-testid=action-activate] summary")
    page.click("[data-testid=action-activate] button[type=submit]")
    page.wait_for_selector("text=证件已发放启用")
    assert page.locator("[data-testid=certificate-status]").inner_text() == "有效"
    screenshot(page, "officer-detail-desktop")
    page.click("text=打印证卡")
    assert page.locator("[data-testid=card-number]").inner_text() == "14082188001"
    assert page.locator("[data-testid=qr]").evaluate("img => img.naturalWidth > 0")
    screenshot(page, "certificate-card-desktop")

    # the department head withholds it
    page.context.clear_cookies()
    login(page, "head")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + f"/personnel/officers/{officer.pk}/")
    page.click("[data-testid=action-withhold] summary")
    page.fill("#id_withhold-reason", "未按规定出示证件")
    page.click("[data-testid=action-withhold] button[type=submit]")
    page.wait_for_selector("text=已办理：暂扣")
    assert page.locator("[data-testid=certificate-status]").inner_text() == "暂扣"

    # a member of the public checks the number on a phone (no login)
    phone.goto(phone.base_url + "/personnel/verify/")
    phone.fill("#number", "14082188001")
    phone.click("button[type=submit]")
    phone.wait_for_selector("[data-testid=verdict]")
    assert "无效" in phone.locator("[data-testid=verdict]").inner_text()
    assert "暂扣" in phone.locator("[data-testid=verify-result]").inner_text()
    assert officer.id_number not in phone.content()
    screenshot(phone, "certificate-verify-phone")
    phone.goto(phone.base_url + "/personnel/verify/99999999/")
    assert "查无此证" in phone.locator("[data-testid=verify-error]").inner_text()


def test_pages_on_a_phone(phone, people, county):
    from zhifa.personnel.services.certificates import annual_review_open
    from zhifa.personnel.tests.officers_factories import make_officer, valid_certificate

    for i, name in enumerate(("李晓东", "张丽华", "刘志强")):
        valid_certificate(
            make_officer(county.team_a, full_name=name, post="队员"),
            people.supervisor,
            types=("township",) if i else ("township", "urban"),
        )
    import datetime as dt

    from zhifa.core import clock

    annual_review_open(
        actor=people.supervisor,
        year=clock.today().year,
        due_on=clock.today() + dt.timedelta(days=30),
    )
    login(phone, "supervisor")
    phone.wait_for_url(phone.base_url + "/")
    phone.goto(phone.base_url + "/personnel/officers/")
    screenshot(phone, "officers-list-phone")
    phone.click("text=李晓东")
    screenshot(phone, "officer-detail-phone")
    phone.goto(phone.base_url + "/personnel/annual-reviews/")
    assert "待年审" in phone.content()
    screenshot(phone, "annual-reviews-phone")
    phone.goto(phone.base_url + "/personnel/public/officers/")
    assert "李晓东" in phone.content()
    screenshot(phone, "public-officers-phone")

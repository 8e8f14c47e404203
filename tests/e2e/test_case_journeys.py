"""Journeys of a case in a real browser: an officer files a case through the UI, the unit head
approves it from the approval queue and the case number appears; an officer who is not on the
case does not see the head's button; the case page and a field-step form on a 390 px phone.

Screenshots go to var/screenshots/ (and to ZHIFA_SHOTS_DIR when it is set)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import login, screenshot
from zhifa.cases.tests.conftest import filed_case, media, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# A second copy of the screenshots for whoever runs the journeys (e.g. ZHIFA_SHOTS_DIR=…).
EXTRA_SHOTS = os.environ.get("ZHIFA_SHOTS_DIR", "")


@pytest.fixture(autouse=True)
def enforcement_types(db):  # type: ignore[no-untyped-def]
    """The live server's transactional database is flushed, data migrations included."""
    from zhifa.catalog.enforcement_types import STANDARD_ENFORCEMENT_TYPES
    from zhifa.catalog.models import EnforcementType

    for order, (code, name) in enumerate(STANDARD_ENFORCEMENT_TYPES, start=1):
        EnforcementType.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    screenshot(page, name)
    if EXTRA_SHOTS:
        Path(EXTRA_SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(EXTRA_SHOTS) / f"{name}.png"), full_page=True)


def _no_horizontal_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_officer_files_and_the_head_approves_from_the_queue(page, world):  # noqa: F811
    from zhifa.cases.models import Case
    from zhifa.cases.services.officers import recusal_declare

    login(page, "o1")
    page.goto(page.base_url + "/cases/")
    page.click("[data-testid=start-file_request]")
    page.select_option("#id_item_version", str(world.item.pk))
    page.fill("#id_party_code", world.party.uscc)
    page.fill("#id_cause", "销售超过保质期食品")
    # first a mistake: one officer only — the form says so and keeps what was typed
    page.fill("#id_facts", "货架上陈列销售超过保质期的纯牛奶12盒。")
    page.check("#id_no_conflict")
    page.click("[data-testid=submit]")
    assert "至少" in page.inner_text("[data-testid=action-form]")
    assert page.input_value("#id_cause") == "销售超过保质期食品"
    _shot(page, "cases-file-request-error")
    page.check(f"input[name=officers][value='{world.o2.pk}']")
    page.check("#id_no_conflict")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=case-number]")
    assert "立案待审批" in page.inner_text("[data-testid=case-status]")
    case = Case.objects.get()
    recusal_declare(case=case, actor=world.o2, capacity="handler", has_conflict=False)

    page.context.clear_cookies()
    login(page, "head")
    page.goto(page.base_url + "/cases/approvals/")
    _shot(page, "cases-approval-queue")
    page.click(f"[data-testid=approve-{case.pk}]")
    assert page.input_value("#id_opinion") == "同意立案。"
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=case-number]")
    case.refresh_from_db()
    assert case.number and case.number in page.inner_text("[data-testid=case-number]")
    assert "调查取证" in page.inner_text("[data-testid=case-status]")
    assert "立案审批表" in page.inner_text("[data-testid=timeline]")
    _shot(page, "cases-detail-pc")


def test_an_officer_not_on_the_case_sees_no_head_button(page, world):  # noqa: F811
    from zhifa.cases.services.filing import case_file_request

    case = case_file_request(
        actor=world.o1,
        organisation=world.dept,
        item_version=world.item,
        party=world.party,
        cause="销售超过保质期食品",
        facts="货架上陈列销售超过保质期的纯牛奶。",
        officers=[world.o1, world.o2],
    )
    login(page, "o3")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    assert page.locator("[data-testid=action-file_approve]").count() == 0
    assert page.locator("[data-testid=no-actions]").count() == 1
    response = page.goto(page.base_url + f"/cases/{case.pk}/do/file_approve/")
    assert response is not None and response.status == 403
    assert "没有权限" in page.inner_text("main")


def test_case_page_and_a_form_on_a_phone(phone, world):  # noqa: F811
    case = filed_case(world)
    login(phone, "o2")
    phone.goto(phone.base_url + f"/cases/{case.pk}/")
    assert case.number in phone.inner_text("[data-testid=case-number]")
    assert _no_horizontal_scroll(phone)
    _shot(phone, "cases-detail-phone")
    phone.goto(phone.base_url + "/cases/")
    assert _no_horizontal_scroll(phone)
    _shot(phone, "cases-list-phone")
    phone.goto(phone.base_url + f"/cases/{case.pk}/do/recusal_declare/")
    assert _no_horizontal_scroll(phone)
    _shot(phone, "cases-action-phone")

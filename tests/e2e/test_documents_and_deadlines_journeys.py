"""Journeys across the foundation's modules: a unit head previews an official document; the
Justice Bureau supervisor reads the county's overdue board."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def test_unit_head_previews_a_penalty_decision_and_bad_data_is_explained(page, people, media):
    call_command("documents", "seed-templates", verbosity=0)
    login(page, "head")
    page.wait_for_url(page.base_url + "/")
    page.click("nav.sidebar >> text=文书模板")
    page.click("text=行政处罚决定书")
    assert "行政处罚决定书" in page.locator("h1").first.inner_text()
    screenshot(page, "document-template-desktop")

    textarea = page.locator("form[data-testid=preview-form] textarea")
    textarea.fill('{"party_name": "临猗县金果果业有限公司",')  # broken JSON
    with page.context.expect_page() as popup_info:
        page.click("text=生成 PDF 预览")
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.locator(".errorlist").count() >= 1
    assert (
        "临猗县金果果业有限公司"
        in popup.locator("form[data-testid=preview-form] textarea").input_value()
    )
    screenshot(popup, "document-preview-error")
    popup.close()

    textarea.fill('{"party_name": "临猗县金果果业有限公司"}')
    with page.context.expect_event(
        "response", lambda r: r.url.endswith("/preview/") and r.request.method == "POST"
    ) as response_info:
        page.click("text=生成 PDF 预览")
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"


def test_supervisor_sees_every_units_overdue_time_limits(page, people, county):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from zhifa.deadlines.scan import deadlines_scan
    from zhifa.deadlines.services import obligation_open
    from zhifa.subjects.models import MarketEntity

    entity = MarketEntity.objects.create(
        name="临猗县瑞祥冷链物流有限公司", uscc="91350100M000100Y43"
    )
    start = dt.datetime(2025, 9, 26, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    obligation_open(
        rule_id="R-1.2-12",
        subject=entity,
        organisation=county.team_a,
        start_at=start,
        label="公开行政处罚决定信息",
    )
    obligation_open(
        rule_id="R-1.1-20",
        subject=entity,
        organisation=county.team_b,
        start_at=start,
        label="公示随机抽查结果",
    )
    deadlines_scan()
    login(page, "supervisor")
    page.wait_for_url(page.base_url + "/")
    page.click("nav.sidebar >> text=期限看板")
    body = page.locator("main").inner_text()
    assert "猗氏镇综合行政执法队" in body and "嵋阳镇综合行政执法队" in body
    assert "已逾期" in body
    screenshot(page, "deadlines-supervisor-desktop")

    page.context.clear_cookies()
    login(page, "officer_a")
    page.wait_for_url(page.base_url + "/")
    page.click("nav.sidebar >> text=期限看板")
    body = page.locator("main").inner_text()
    assert "公开行政处罚决定信息" in body
    assert "嵋阳镇综合行政执法队" not in body and "公示随机抽查结果" not in body

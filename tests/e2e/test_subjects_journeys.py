"""Journeys of the market-entity directory: a township officer imports a spreadsheet with bad
rows and watches the progress; on a phone, a department officer finds an entity and flags it."""

from __future__ import annotations

import csv
import io
import random

import pytest

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


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def test_township_officer_imports_a_file_with_bad_rows(page, people, county, media):
    from zhifa.core.identifiers import make_uscc
    from zhifa.subjects.importing import import_run_execute
    from zhifa.subjects.models import ImportRun, MarketEntity

    rng = random.Random(3)
    good = [make_uscc(rng) for _ in range(6)]
    rows = [["企业名称", "统一社会信用代码", "法定代表人", "所属乡镇", "行业"]]
    rows += [
        [f"临猗县猗氏镇第{n}果品经销部", code, "王建国", "猗氏镇", "批发和零售业"]
        for n, code in enumerate(good)
    ]
    rows.append(
        [
            "临猗县抄错代码商行",
            good[0][:17] + ("0" if good[0][17] != "0" else "1"),
            "",
            "猗氏镇",
            "",
        ]
    )
    rows.append(["临猗县嵋阳镇某商店", make_uscc(rng), "", "嵋阳镇", ""])
    login(page, "officer_a")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/subjects/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "猗氏镇个体户.csv", "mimeType": "text/csv", "buffer": _csv(rows)}],
    )
    page.click("form[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-progress][data-status=queued]")
    screenshot(page, "subjects-import-queued-desktop")
    # the worker's job, run here; the page polls (htmx) and shows the result without a reload
    import_run_execute(run_id=ImportRun.objects.get().pk)
    page.wait_for_selector("[data-testid=import-progress][data-status=done]", timeout=10_000)
    assert page.locator("[data-testid=count-created]").inner_text() == "6"
    assert page.locator("[data-testid=count-rejected]").inner_text() == "2"
    screenshot(page, "subjects-import-done-desktop")
    with page.expect_download() as download_info:
        page.click("[data-testid=error-file]")
    text = open(download_info.value.path(), encoding="utf-8-sig").read()  # noqa: PTH123, SIM115
    assert "校验位错误，应为" in text and "嵋阳镇" in text
    assert MarketEntity.objects.count() == 6

    page.goto(page.base_url + "/subjects/")
    assert page.locator("[data-testid=entity-row]").count() == 6
    screenshot(page, "subjects-list-desktop")


def test_on_a_phone_an_officer_finds_an_entity_and_flags_it(phone, people, county, media):
    from zhifa.subjects.tests.factories import MarketEntityFactory

    for n in range(12):
        MarketEntityFactory(
            name=f"临猗县第{n}号商贸有限公司", township=county.town_a if n % 2 else county.town_b
        )
    target = MarketEntityFactory(
        name="临猗县鑫源果业有限公司", township=county.town_a, legal_representative="李红"
    )
    login(phone, "dept_officer")
    phone.wait_for_url(phone.base_url + "/")
    phone.goto(phone.base_url + "/subjects/")
    screenshot(phone, "subjects-list-phone")
    phone.fill("#id_q", "鑫源")
    phone.click("form[data-testid=entity-filter] button[type=submit]")
    assert phone.locator("[data-testid=entity-row]").count() == 1
    phone.click("text=临猗县鑫源果业有限公司")
    phone.select_option("#id_flag", "abnormal")
    phone.select_option("#id_action", "on")
    phone.fill("#id_listed_on", "2999-01-01")
    phone.click("form[data-testid=flag-form] button[type=submit]")
    assert "不能晚于今天" in phone.locator(".errorlist").first.inner_text()
    screenshot(phone, "subjects-flag-error-phone")
    phone.fill("#id_listed_on", "2026-01-05")
    phone.click("form[data-testid=flag-form] button[type=submit]")
    phone.wait_for_selector("[data-testid=intensity-badge]")
    screenshot(phone, "subjects-detail-phone")
    target.refresh_from_db()
    assert target.abnormal_listed and str(target.abnormal_listed_on) == "2026-01-05"

    # the create form keeps what was typed and names the right check character
    phone.goto(phone.base_url + "/subjects/new/")
    phone.fill("#id_name", "临猗县新开果品有限公司")
    phone.fill("#id_uscc", target.uscc[:17] + ("0" if target.uscc[17] != "0" else "1"))
    phone.click("form[data-testid=entity-form] button[type=submit]")
    assert (
        "校验位错误，应为 " + target.uscc[17]
        in phone.locator("[data-testid=error-uscc]").inner_text()
    )
    assert phone.input_value("#id_name") == "临猗县新开果品有限公司"
    screenshot(phone, "subjects-form-error-phone")

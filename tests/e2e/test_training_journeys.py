"""Training and exams in the browser: a township head records a rotation session and its
attendance; the Justice Bureau imports exam results (a bad row is reported), decides on a failed
make-up, and a phone shows the worklist and an officer's record."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.conftest import login, screenshot
from zhifa.core import clock
from zhifa.personnel.constants import CertificateStatus, ExamAttempt, ExamSubject
from zhifa.personnel.models import Attendance, Certificate, ExamResult
from zhifa.personnel.services import training as svc
from zhifa.personnel.tests.factories_training import make_certificate, make_officer, make_session

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_r_1_11_03_head_records_rotation_session_and_attendance(page, people, county):  # type: ignore[no-untyped-def]
    zhang = make_officer(county.team_a, full_name="张卫东")
    li = make_officer(county.team_a, full_name="李红梅")
    make_officer(county.team_b, full_name="王外镇")
    today = clock.today()
    login(page, "town_head")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/personnel/training/new/")
    page.select_option("select[name=kind]", "rotation")
    page.fill("input[name=title]", "猗氏镇综合行政执法队定期轮训")
    page.select_option("select[name=organiser]", str(county.team_a.pk))
    page.select_option("select[name=format]", "case_based")
    page.fill("textarea[name=content]", "以案释法：占道经营、违法建设典型案例")
    page.fill("input[name=starts_on]", today.isoformat())
    page.fill("input[name=ends_on]", (today - dt.timedelta(days=1)).isoformat())
    page.fill("input[name=class_hours]", "8")
    page.click("form[data-testid=session-form] button[type=submit]")
    assert "结束日期不能早于开始日期" in page.inner_text("form[data-testid=session-form]")
    assert page.input_value("input[name=title]") == "猗氏镇综合行政执法队定期轮训"  # kept
    screenshot(page, "training-session-form-error")
    page.fill("input[name=ends_on]", today.isoformat())
    page.click("form[data-testid=session-form] button[type=submit]")
    page.wait_for_selector("text=已登记培训")
    form = page.locator("form[data-testid=attendance-form]")
    assert "王外镇" not in form.inner_text()  # another township's officer is not offered
    form.locator(f"input[value='{zhang.pk}']").check()
    form.locator(f"input[value='{li.pk}']").check()
    page.fill("input[name=hours]", "8")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=已登记 2 人的参训课时")
    table = page.locator("[data-testid=attendance-table]").inner_text()
    assert "张卫东" in table and "计入" in table
    assert Attendance.objects.count() == 2
    screenshot(page, "training-session-detail")
    page.goto(page.base_url + "/personnel/training/")
    assert "猗氏镇综合行政执法队定期轮训" in page.inner_text("[data-testid=session-list]")
    screenshot(page, "training-session-list")


def test_r_1_11_05_jb_imports_results_and_decides_failed_makeup(page, phone, people, county):  # type: ignore[no-untyped-def]
    today = clock.today()
    session = make_session(
        county.jb,
        created_by=people.supervisor,
        starts_on=today - dt.timedelta(days=20),
        ends_on=today - dt.timedelta(days=19),
        class_hours="12",
        title="全县行政执法人员定期轮训（第一期）",
    )
    failing = make_officer(county.team_a, full_name="赵补考")
    cert = make_certificate(failing, applied_by=people.supervisor)
    good = make_officer(county.team_b, full_name="钱合格")
    svc.attendance_record_bulk(
        session=session, officers=[failing, good], hours="12", actor=people.supervisor
    )
    svc.exam_result_record(
        officer=failing,
        subject=ExamSubject.ROTATION,
        attempt=ExamAttempt.REGULAR,
        score="41",
        taken_on=session.ends_on,
        actor=people.supervisor,
        session=session,
    )
    day = (today - dt.timedelta(days=5)).isoformat()
    csv_text = (
        "身份证号,姓名,科目,考试次别,成绩,考试日期\n"
        f"{good.id_number},钱合格,轮训考试,正考,88,{day}\n"
        f"{failing.id_number},赵补考,轮训考试,补考,52,{day}\n"
        f"{good.id_number},钱合格,轮训考试,正考,130,{day}\n"
    )
    login(page, "supervisor")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + f"/personnel/training/{session.pk}/")
    page.click("text=导入本次成绩")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "成绩.csv", "mimeType": "text/csv", "buffer": csv_text.encode("utf-8")}],
    )
    page.click("form[data-testid=import-form] button[type=submit]")
    preview = page.locator("[data-testid=import-preview]")
    assert page.inner_text("[data-testid=preview-new]") == "2"
    assert "0 到 100" in preview.inner_text()
    screenshot(page, "training-import-preview")
    page.click("[data-testid=import-confirm]")
    assert page.inner_text("[data-testid=imported-count]") == "2"
    screenshot(page, "training-import-result")
    assert ExamResult.objects.count() == 3

    page.goto(page.base_url + "/personnel/training/worklist/")
    worklist = page.locator("[data-testid=decision-worklist]")
    assert "赵补考" in worklist.inner_text()
    screenshot(page, "training-worklist")
    worklist.locator("text=作出决定").click()
    page.click("form[data-testid=decision-form] button[type=submit]")
    assert "这个字段是必填项" in page.inner_text("form[data-testid=decision-form]") or (
        "必填" in page.inner_text("form[data-testid=decision-form]")
    )
    page.check("input[name=decision][value=withhold]")
    page.fill(
        "textarea[name=reason]", "轮训考试补考仍不合格，暂扣执法证件，待下期轮训考试合格后恢复。"
    )
    screenshot(page, "training-decision")
    page.click("form[data-testid=decision-form] button[type=submit]")
    page.wait_for_selector("text=已对 赵补考 作出处理决定")
    assert Certificate.objects.get(pk=cert.pk).status == CertificateStatus.WITHHELD

    page.goto(page.base_url + f"/personnel/training/summary/?year={today.year}")
    assert "赵补考" in page.inner_text("[data-testid=summary-table]")
    screenshot(page, "training-summary")

    login(phone, "supervisor")
    phone.wait_for_url(phone.base_url + "/")
    phone.goto(phone.base_url + "/personnel/training/worklist/")
    screenshot(phone, "training-worklist-phone")
    phone.goto(phone.base_url + f"/personnel/training/officers/{failing.pk}/")
    assert "暂扣执法证件" in phone.inner_text("main")
    screenshot(phone, "training-officer-record-phone")
    phone.goto(phone.base_url + f"/personnel/training/{session.pk}/")
    screenshot(phone, "training-session-detail-phone")

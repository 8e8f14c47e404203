"""The staff calendar page and its due-date calculator."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(people) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(people.officer_a)
    return client


@pytest.fixture(autouse=True)
def _frozen() -> None:  # type: ignore[misc]
    with time_machine.travel(dt.datetime(2025, 9, 20, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_url_name() -> None:
    assert reverse("workdays:calendar") == "/workdays/"


def test_login_required() -> None:
    response = Client().get(reverse("workdays:calendar"))
    assert response.status_code == 302


def test_current_year_month_by_month(staff: Client) -> None:
    response = staff.get(reverse("workdays:calendar"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "工作日历 · 2025年" in content
    assert content.count('class="card cal-month"') == 12
    assert "2025-10-11 调休上班 · 国庆节" in content
    assert "2025-10-06 放假 · 中秋节" in content
    assert 'data-testid="provisional-year"' not in content
    assert "chinesecalendar" in content  # the source of the seeded schedule
    assert '<td data-label="星期">星期六</td>' in content


def test_a_year_without_schedule_is_flagged_provisional(staff: Client) -> None:
    content = staff.get(reverse("workdays:calendar"), {"year": "2027"}).content.decode()
    assert 'data-testid="provisional-year"' in content
    assert "2027-05-03 放假 · 劳动节（补假）" in content


def test_bad_year_falls_back_with_a_message(staff: Client) -> None:
    content = staff.get(reverse("workdays:calendar"), {"year": "1990"}).content.decode()
    assert "1990" in content and "工作日历 · 2025年" in content
    content = staff.get(reverse("workdays:calendar"), {"year": "abc"}).content.decode()
    assert "年份应为数字" in content


def test_calculator_answers_in_chinese(staff: Client) -> None:
    content = staff.get(
        reverse("workdays:calendar"), {"start": "2025-09-26", "days": "7", "unit": "workday"}
    ).content.decode()
    assert "期限届满日为2025年10月13日（星期一）" in content
    content = staff.get(
        reverse("workdays:calendar"), {"start": "2025-09-26", "days": "7", "unit": "day"}
    ).content.decode()
    assert "期限届满日为2025年10月9日（星期四）" in content
    assert "第7日2025年10月3日（星期五）为国庆节放假" in content


def test_calculator_flags_provisional_answers(staff: Client) -> None:
    content = staff.get(
        reverse("workdays:calendar"), {"start": "2026-12-31", "days": "1"}
    ).content.decode()
    assert "暂定结果：2027年的放假安排尚未录入" in content


def test_calculator_keeps_the_input_on_error(staff: Client) -> None:
    content = staff.get(
        reverse("workdays:calendar"), {"start": "2025-09-26", "days": "-5", "unit": "day"}
    ).content.decode()
    assert "期限不能为负数" in content
    assert 'value="2025-09-26"' in content
    assert 'value="-5"' in content
    assert '<option value="day" selected>' in content
    content = staff.get(
        reverse("workdays:calendar"), {"start": "2099-01-01", "days": "3"}
    ).content.decode()
    assert "2099" in content and "errorlist" in content

"""The admin form enters a whole year at once, through the service."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.ledger.models import LedgerEntry
from zhifa.workdays.calendar import is_workday, is_workday_info
from zhifa.workdays.models import HolidaySchedule
from zhifa.workdays.tests.conftest import d

pytestmark = pytest.mark.django_db

HOLIDAYS_2027 = """\
2027-01-01 至 2027-01-03 元旦
2月5日至2月12日 春节
2027-04-03~2027-04-05 清明节
2027-05-01 至 2027-05-05 劳动节
2027-06-09 端午节
2027-09-15 中秋节
10月1日（星期五）至7日（星期四） 国庆节
"""
MAKEUP_2027 = "2027-02-20 春节\n2027-04-25\n2027-09-26 国庆节\n2027-10-09 国庆节\n"


@pytest.fixture
def admin_client(sysadmin) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(sysadmin)
    return client


def form_data(**overrides: str) -> dict[str, str]:
    return {
        "year": "2027",
        "source": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
        "source_url": "https://www.gov.cn/zhengce/test",
        "published_at": "2026-11-10",
        "holidays_text": HOLIDAYS_2027,
        "makeup_text": MAKEUP_2027,
        **overrides,
    }


def test_the_admin_form_saves_a_year_at_once(admin_client: Client) -> None:
    assert is_workday_info(d("2027-02-11")).provisional
    response = admin_client.post(reverse("admin:workdays_holidayschedule_add"), form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule = HolidaySchedule.objects.get(year=2027)
    assert schedule.origin == "notice"
    assert schedule.published_at == d("2026-11-10")
    assert schedule.days.count() == 28 + 4
    assert schedule.days.get(date=d("2027-04-25")).name == "劳动节"  # nearest holiday
    assert LedgerEntry.objects.filter(
        action="workdays.schedule.save", subject_id=str(schedule.pk)
    ).exists()
    # Answers changed at once in this process.
    assert not is_workday(d("2027-02-11"))
    assert is_workday(d("2027-02-20"))
    assert not is_workday_info(d("2027-02-20")).provisional


def test_errors_are_shown_on_the_form_and_nothing_is_saved(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:workdays_holidayschedule_add"),
        form_data(
            makeup_text="2027-09-27 国庆节", holidays_text=HOLIDAYS_2027.rstrip() + "\n国庆 10-01"
        ),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "第8行" in content
    assert not HolidaySchedule.objects.filter(year=2027).exists()
    response = admin_client.post(
        reverse("admin:workdays_holidayschedule_add"), form_data(makeup_text="2027-09-27")
    )
    assert "只能是星期六或星期日" in response.content.decode()
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_an_existing_year_is_edited_in_the_same_form(admin_client: Client) -> None:
    schedule = HolidaySchedule.objects.get(year=2025)
    url = reverse("admin:workdays_holidayschedule_change", args=[schedule.pk])
    page = admin_client.get(url).content.decode()
    assert "2025-10-01 至 2025-10-05 国庆节" in page  # existing days shown as ranges
    assert "2025-09-28 国庆节" in page
    data = form_data(
        holidays_text="2025-10-01 至 2025-10-08 国庆节、中秋节",
        makeup_text="2025-09-28\n2025-10-11",
    )
    data.pop("year")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert not is_workday(d("2025-10-06"))
    assert is_workday(d("2025-01-28"))  # no longer listed → ordinary Tuesday
    assert HolidaySchedule.objects.get(year=2025).days.count() == 8 + 2


def test_a_year_that_exists_cannot_be_added_again(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:workdays_holidayschedule_add"), form_data(year="2026")
    )
    assert response.status_code == 200
    assert HolidaySchedule.objects.get(year=2026).origin == "package"


def test_schedules_cannot_be_deleted(admin_client: Client) -> None:
    schedule = HolidaySchedule.objects.get(year=2025)
    response = admin_client.get(
        reverse("admin:workdays_holidayschedule_delete", args=[schedule.pk])
    )
    assert response.status_code == 403


def test_staff_without_the_sysadmin_role_cannot_edit(people) -> None:  # type: ignore[no-untyped-def]
    people.supervisor.is_staff = True
    people.supervisor.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(people.supervisor)
    response = client.post(reverse("admin:workdays_holidayschedule_add"), form_data())
    assert response.status_code == 403
    assert not HolidaySchedule.objects.filter(year=2027).exists()

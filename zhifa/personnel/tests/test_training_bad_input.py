"""Input found by fuzzing the forms: ids that are not ids are refused with 4xx, never a 500."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhifa.personnel.tests.factories_training import make_officer, make_session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("unit", ["99999999999999999999", "²", "０", "-1", "\x00"])
def test_attendance_with_a_unit_that_is_not_an_id_is_a_form_error(client, county, people, unit):
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        session = make_session(county.jb, created_by=people.supervisor, title="全县轮训")
        officer = make_officer(county.team_a)
        client.force_login(people.supervisor)
        url = reverse("personnel:training_session_attendance", args=[session.pk])
        response = client.post(url, {"unit": unit, "officers": [officer.pk], "hours": "\x00"})
        assert response.status_code == 400
        response = client.get(reverse("personnel:training_exam_record"), {"session": unit})
        assert response.status_code in (403, 404)

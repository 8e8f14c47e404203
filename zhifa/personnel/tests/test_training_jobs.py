"""The daily job that opens the yearly rotation duty (R-1.11-03)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhifa.deadlines.models import Obligation
from zhifa.jobs import registry
from zhifa.personnel import jobs_training
from zhifa.personnel.tests.factories_training import make_certificate, make_officer

TZ = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db


def test_r_1_11_03_daily_job_opens_this_years_duty_once(county, people):
    """R-1.11-03: the periodic job opens one obligation per holder for the current year."""
    assert "personnel.rotation_obligations" in {s.name for s in registry.periodic_specs()}
    holder = make_officer(county.team_a)
    make_certificate(holder, applied_by=people.supervisor)
    with time_machine.travel(dt.datetime(2026, 1, 2, 0, 5, tzinfo=TZ), tick=False):
        assert jobs_training.rotation_obligations() == 1
        assert jobs_training.rotation_obligations() == 0
    ob = Obligation.objects.get(rule_id="R-1.11-03")
    assert ob.subject_type == "personnel.rotationyear"
    assert "2026" in ob.label

"""The demo cases are made through the services: every step leaves its timeline, documents,
ledger entries and time limits, and the demo logins can work on them."""

from __future__ import annotations

import pytest

from zhifa.cases.constants import CaseStatus, ClueStatus
from zhifa.cases.models import Case, CaseEvent, Clue
from zhifa.cases.tests.conftest import seed_all_templates
from zhifa.deadlines.models import Obligation
from zhifa.ledger.services import ledger_verify

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_the_steps_and_their_time_limits():
    from zhifa.demo.services import demo_cases_load, demo_county_load

    demo_county_load(entities=20)
    seed_all_templates()
    assert demo_cases_load() == 6
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {
        CaseStatus.FILING_PENDING,
        CaseStatus.INVESTIGATING,
        CaseStatus.NOTIFYING,
        CaseStatus.DECIDED,
        CaseStatus.EXECUTING,
        CaseStatus.EXAMINING,
    } <= statuses
    assert set(Clue.objects.values_list("status", flat=True)) >= {
        ClueStatus.REGISTERED,
        ClueStatus.VERIFIED,
    }
    decided = Case.objects.get(status=CaseStatus.DECIDED)
    assert Obligation.objects.filter(rule_id="R-1.2-12", subject_id=str(decided.pk)).exists()
    notifying = Case.objects.get(status=CaseStatus.NOTIFYING)
    assert Obligation.objects.filter(rule_id="R-1.14-08", subject_id=str(notifying.pk)).exists()
    # every step is on the timeline in order, and the ledger still verifies
    events = list(CaseEvent.objects.filter(case=decided).values_list("at", flat=True))
    assert events == sorted(events) and len(events) >= 8
    assert ledger_verify().ok

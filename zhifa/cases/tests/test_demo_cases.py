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
    assert demo_cases_load() == 7
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {
        CaseStatus.FILING_PENDING,
        CaseStatus.INVESTIGATING,
        CaseStatus.NOTIFYING,
        CaseStatus.DECIDED,
        CaseStatus.EXECUTING,
        CaseStatus.EXAMINING,
        CaseStatus.UNDER_REVIEW,
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
    # The case under investigation has its full-process records (issue 5): the inspection's
    # photo stored with its EXIF time and place and a preview; the seizure's body-camera video
    # awaiting storage within 2 working days (R-1.3-13), which holds the investigation open.
    from zhifa.records.constants import FileRole, MediaKind, RecordStatus
    from zhifa.records.models import Record
    from zhifa.records.services.guards import field_actions_missing_av

    investigating = Case.objects.get(status=CaseStatus.INVESTIGATING)
    photo = Record.objects.get(case=investigating, media=MediaKind.PHOTO)
    assert photo.status == RecordStatus.STORED
    original = photo.files.get(role=FileRole.ORIGINAL)
    assert original.taken_at is not None and original.latitude is not None
    assert photo.files.filter(role=FileRole.PREVIEW, derived_from=original).exists()
    video = Record.objects.get(case=investigating, media=MediaKind.VIDEO)
    assert video.status == RecordStatus.AWAITING_FILE
    assert Obligation.objects.filter(
        rule_id="R-1.3-13", subject_id=str(video.pk), fulfilled_at__isnull=True
    ).exists()
    assert [fa.case_id for fa in field_actions_missing_av()] == [investigating.pk]
    # A major case under legal review: materials complete, R-1.4-13 running (issue 6).
    under_review = Case.objects.get(status=CaseStatus.UNDER_REVIEW)
    assert Obligation.objects.filter(
        rule_id="R-1.4-13", subject_id=str(under_review.pk), fulfilled_at__isnull=True
    ).exists()
    # Publication (issue 7): the on-the-spot decision is on the portal (R-1.2-12 fulfilled on
    # time); the other decided case is waiting for its draft with its limit running.
    from zhifa.deadlines.constants import ObligationState
    from zhifa.publication.constants import PublicationStatus
    from zhifa.publication.models import Publication

    shown = Publication.objects.get(status=PublicationStatus.PUBLISHED)
    assert shown.masking_confirmed_by is not None and shown.approved_by is not None
    assert (
        Obligation.objects.get(rule_id="R-1.2-12", subject_id=str(shown.case_id)).state
        == ObligationState.FULFILLED
    )
    assert not Publication.objects.filter(case=decided).exists()
    assert ledger_verify().ok

"""The enforcement-subject directory (R-1.2-07, R-1.2-08 (1), R-1.2-17) and enforcement types."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.catalog.constants import SubjectStatus
from zhifa.catalog.models import EnforcementType
from zhifa.catalog.selectors.subjects import (
    enforcement_types_active,
    subjects_public,
    subjects_visible,
)
from zhifa.catalog.services.subjects import (
    enforcement_type_set_active,
    subject_confirm,
    subject_save,
    subject_withdraw,
)
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.models import LedgerEntry


def make_subject(county, people, org=None, **over):  # type: ignore[no-untyped-def]
    values = {
        "actor": people.supervisor,
        "organisation": org or county.dept,
        "name": "临猗县市场监督管理局",
        "legal_basis": "《临猗县机构改革方案》；《市场监督管理行政处罚程序规定》",
        "duties": "负责全县市场综合监督管理",
        "enforcement_area": "临猗县行政区域",
        "enforcement_types": [EnforcementType.objects.get(code="market")],
        "internal_bodies": [("综合行政执法队", "市场监管领域行政处罚")],
    }
    values.update(over)
    return subject_save(**values)


def test_r_1_2_07_directory_draft_confirm_publish_withdraw(county, people):
    """R-1.2-07: the JB records the county government's confirmation; the entry is published;
    a withdrawn subject stays in the directory, marked. R-1.2-08 (1): its elements are shown."""
    s = make_subject(county, people)
    assert s.status == SubjectStatus.DRAFT
    assert list(subjects_public()) == []
    with pytest.raises(DomainError):
        subject_confirm(
            actor=people.supervisor, subject=s, document_number="", confirmed_on=dt.date(2025, 1, 2)
        )
    s = subject_confirm(
        actor=people.supervisor,
        subject=s,
        document_number="临政发〔2025〕2号",
        confirmed_on=dt.date(2025, 1, 2),
    )
    assert s.status == SubjectStatus.CONFIRMED and s.published_at is not None
    assert list(subjects_public()) == [s]
    assert [b.name for b in s.internal_bodies.all()] == ["综合行政执法队"]
    with pytest.raises(TransitionNotAllowed):
        subject_confirm(
            actor=people.supervisor,
            subject=s,
            document_number="x",
            confirmed_on=dt.date(2025, 1, 2),
        )
    s = subject_withdraw(actor=people.supervisor, subject=s, reason="机构改革，职能划转")
    assert s.status == SubjectStatus.WITHDRAWN
    assert list(subjects_public()) == [s]
    with pytest.raises(TransitionNotAllowed):
        make_subject(county, people)
    assert list(
        LedgerEntry.objects.filter(action__startswith="catalog.subject.").values_list(
            "action", flat=True
        )
    ) == ["catalog.subject.created", "catalog.subject.confirmed", "catalog.subject.withdrawn"]


def test_r_1_2_08_required_elements_and_body_duties(county, people):
    """R-1.2-08 (1): name, duties, area are required; each internal body states its duties."""
    with pytest.raises(DomainError) as exc:
        make_subject(county, people, duties=" ")
    assert exc.value.field == "duties"
    with pytest.raises(DomainError) as exc:
        make_subject(county, people, internal_bodies=[("执法队", "")])
    assert exc.value.field == "internal_bodies"


def test_r_1_2_17_editing_published_information_needs_an_update_trigger(county, people):
    """R-1.2-17: a change to published information records why it was updated."""
    s = make_subject(county, people)
    subject_confirm(
        actor=people.supervisor,
        subject=s,
        document_number="临政发1号",
        confirmed_on=dt.date(2025, 1, 2),
    )
    with pytest.raises(DomainError) as exc:
        make_subject(county, people, duties="新职责")
    assert exc.value.field == "update_trigger"
    s = make_subject(county, people, duties="新职责", update_trigger="functions")
    assert s.duties == "新职责" and s.status == SubjectStatus.CONFIRMED
    assert (
        '"update_trigger":"functions"'
        in LedgerEntry.objects.filter(action="catalog.subject.updated").get().payload
    )


def test_only_the_justice_bureau_keeps_the_directory(county, people):
    for actor in (people.head, people.leader, people.officer_a):
        with pytest.raises(PermissionDenied):
            make_subject(county, people, actor=actor)


def test_staff_see_published_entries_and_their_own_drafts(county, people):
    make_subject(county, people)
    town = make_subject(county, people, org=county.town_a, name="猗氏镇人民政府")
    subject_confirm(
        actor=people.supervisor,
        subject=town,
        document_number="临政发1号",
        confirmed_on=dt.date(2025, 1, 2),
    )
    assert subjects_visible(user=people.supervisor).count() == 2
    assert subjects_visible(user=people.officer_a).count() == 1  # the published one only
    assert subjects_visible(user=people.head).count() == 2  # own draft + published


def test_enforcement_types_are_deactivated_not_deleted(county, people):
    market = EnforcementType.objects.get(code="market")
    with pytest.raises(PermissionDenied):
        enforcement_type_set_active(actor=people.head, enforcement_type=market, active=False)
    enforcement_type_set_active(actor=people.supervisor, enforcement_type=market, active=False)
    assert market not in enforcement_types_active()
    assert EnforcementType.objects.filter(code="market").exists()

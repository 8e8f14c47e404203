"""Unit lists: random inspection (R-1.1-01, R-1.1-06), major decisions (R-1.4-08), audio-video
recording (R-1.3-05)."""

from __future__ import annotations

import pytest

from zhifa.catalog.constants import FilingStatus, UnitListKind
from zhifa.catalog.models import UnitListEntry, UnitListFiling
from zhifa.catalog.selectors.lists import (
    av_recording_required,
    filings_visible,
    list_last_changed,
    major_decision_list_for,
    unit_list_entries,
)
from zhifa.catalog.services.lists import (
    snapshot_hash,
    unit_list_entry_create,
    unit_list_entry_deactivate,
    unit_list_entry_update,
    unit_list_file,
    unit_list_filing_handle,
)
from zhifa.catalog.tests.test_items import publish_item
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.models import LedgerEntry

K = UnitListKind

RANDOM = {
    "name": "食品生产经营者监督检查",
    "content": "食品生产经营许可、从业人员健康证明",
    "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
    "inspecting_body": "县市场监管局",
}
MAJOR = {
    "name": "较大数额罚款",
    "category": "涉及重大公共利益",
    "enforcement_level": "县级",
    "field": "市场监管",
    "amount_threshold": "50000",
    "content": "对法人或者其他组织处五万元以上罚款的",
}
AV = {"name": "查封扣押", "content": "全过程", "stage": "实施查封、扣押", "method": "执法记录仪"}


def test_r_1_1_01_random_inspection_entry_needs_its_fields(county, people):
    """R-1.1-01: name, content, legal basis and inspecting body are required."""
    with pytest.raises(DomainError) as exc:
        unit_list_entry_create(
            actor=people.head,
            organisation=county.dept,
            kind=K.RANDOM_INSPECTION,
            values={**RANDOM, "inspecting_body": ""},
        )
    assert exc.value.field == "inspecting_body"
    e = unit_list_entry_create(
        actor=people.head, organisation=county.dept, kind=K.RANDOM_INSPECTION, values=RANDOM
    )
    assert list(unit_list_entries(organisation=county.dept, kind=K.RANDOM_INSPECTION)) == [e]


def test_r_1_1_06_every_change_republishes_the_random_inspection_list(county, people):
    """R-1.1-06: each adjustment republishes the list (ledger) and moves "last changed"."""
    e = unit_list_entry_create(
        actor=people.head, organisation=county.dept, kind=K.RANDOM_INSPECTION, values=RANDOM
    )
    first = list_last_changed(organisation=county.dept, kind=K.RANDOM_INSPECTION)
    unit_list_entry_update(actor=people.head, entry=e, values={**RANDOM, "content": "许可与标签"})
    unit_list_entry_deactivate(actor=people.head, entry=e)
    assert LedgerEntry.objects.filter(action="catalog.list.republished").count() == 3
    assert list_last_changed(organisation=county.dept, kind=K.RANDOM_INSPECTION) >= first
    assert not unit_list_entries(organisation=county.dept, kind=K.RANDOM_INSPECTION).exists()
    assert UnitListEntry.objects.filter(pk=e.pk, is_active=False).exists()  # kept
    with pytest.raises(TransitionNotAllowed):
        unit_list_entry_deactivate(actor=people.head, entry=e)


def test_r_1_4_08_major_decision_list_filed_as_a_frozen_snapshot(county, people):
    """R-1.4-08: category, level, field, amount and standard; filed with the JB as a snapshot
    with its SHA-256; the JB accepts or returns it with an opinion."""
    with pytest.raises(DomainError):
        unit_list_file(actor=people.head, organisation=county.dept)  # empty
    with pytest.raises(DomainError) as exc:
        unit_list_entry_create(
            actor=people.head,
            organisation=county.dept,
            kind=K.MAJOR_DECISION,
            values={**MAJOR, "amount_threshold": "五万"},
        )
    assert exc.value.field == "amount_threshold"
    e = unit_list_entry_create(
        actor=people.head, organisation=county.dept, kind=K.MAJOR_DECISION, values=MAJOR
    )
    filing = unit_list_file(actor=people.reviewer, organisation=county.dept)
    assert filing.snapshot["entries"][0]["name"] == "较大数额罚款"
    assert (
        filing.snapshot_hash == snapshot_hash(filing.snapshot) and len(filing.snapshot_hash) == 64
    )
    with pytest.raises(DomainError):
        unit_list_file(actor=people.head, organisation=county.dept)  # one pending at a time
    # later edits do not change what was filed
    unit_list_entry_update(actor=people.head, entry=e, values={**MAJOR, "name": "大额罚款"})
    filing.refresh_from_db()
    assert filing.snapshot["entries"][0]["name"] == "较大数额罚款"
    with pytest.raises(PermissionDenied):
        unit_list_filing_handle(actor=people.head, filing=filing, accepted=True)
    with pytest.raises(DomainError):
        unit_list_filing_handle(actor=people.supervisor, filing=filing, accepted=False)
    filing = unit_list_filing_handle(
        actor=people.supervisor, filing=filing, accepted=False, opinion="请补充金额标准"
    )
    assert filing.status == FilingStatus.RETURNED
    filing2 = unit_list_file(actor=people.head, organisation=county.dept)
    filing2 = unit_list_filing_handle(actor=people.supervisor, filing=filing2, accepted=True)
    assert filing2.status == FilingStatus.ACCEPTED
    assert [x.name for x in major_decision_list_for(county.dept)] == ["大额罚款"]
    assert filings_visible(user=people.head).count() == 2
    assert filings_visible(user=people.officer_a).count() == 0


def test_r_1_4_08_a_tampered_snapshot_is_refused(county, people):
    """R-1.4-08: the filed snapshot is checked against its hash before the JB accepts it."""
    unit_list_entry_create(
        actor=people.head, organisation=county.dept, kind=K.MAJOR_DECISION, values=MAJOR
    )
    filing = unit_list_file(actor=people.head, organisation=county.dept)
    UnitListFiling.objects.filter(pk=filing.pk).update(snapshot={"entries": []})
    with pytest.raises(DomainError) as exc:
        unit_list_filing_handle(actor=people.supervisor, filing=filing, accepted=True)
    assert exc.value.code == "tampered"


def test_r_1_3_05_av_recording_list_and_the_question_for_cases(county, people):
    """R-1.3-05: item, content, stage and method; av_recording_required answers for an item."""
    v = publish_item(county.town_a, people.town_head, people.supervisor)
    with pytest.raises(DomainError) as exc:
        unit_list_entry_create(
            actor=people.town_head,
            organisation=county.town_a,
            kind=K.AV_RECORDING,
            values={**AV, "method": ""},
        )
    assert exc.value.field == "method"
    assert not av_recording_required(county.team_a, v.item)
    unit_list_entry_create(
        actor=people.town_head,
        organisation=county.town_a,
        kind=K.AV_RECORDING,
        values={**AV, "item": v.item},
    )
    assert av_recording_required(county.team_a, v.item)
    with pytest.raises(DomainError):  # an item of another unit
        unit_list_entry_create(
            actor=people.head,
            organisation=county.dept,
            kind=K.AV_RECORDING,
            values={**AV, "item": v.item},
        )


def test_lists_are_kept_by_their_own_unit_or_the_justice_bureau(county, people):
    with pytest.raises(PermissionDenied):
        unit_list_entry_create(
            actor=people.town_head, organisation=county.town_b, kind=K.AV_RECORDING, values=AV
        )
    with pytest.raises(PermissionDenied):
        unit_list_entry_create(
            actor=people.officer_a, organisation=county.town_a, kind=K.AV_RECORDING, values=AV
        )
    e = unit_list_entry_create(
        actor=people.supervisor, organisation=county.team_b, kind=K.AV_RECORDING, values=AV
    )
    assert e.organisation == county.town_b

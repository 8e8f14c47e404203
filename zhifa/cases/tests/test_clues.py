"""Clues: registration, verification, transfer to the unit with jurisdiction (R-2.2-02/03/04)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.tests.factories import OrganisationFactory
from zhifa.cases.actions import get
from zhifa.cases.constants import ClueSource, ClueStatus
from zhifa.cases.services.clues import clue_documents, clue_register, clue_transfer, clue_verify
from zhifa.cases.services.filing import case_file_request
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.deadlines.models import Obligation
from zhifa.ledger.models import LedgerEntry


def _clue(w, **over):  # type: ignore[no-untyped-def]
    data = {
        "actor": w.o1,
        "organisation": w.dept,
        "source": ClueSource.COMPLAINT,
        "received_at": clock.now() - dt.timedelta(hours=1),
        "summary": "举报超市销售过期牛奶。",
        "party": w.party,
    }
    data.update(over)
    return clue_register(**data)


def _ob(clue, rule_id):  # type: ignore[no-untyped-def]
    return Obligation.objects.get(rule_id=rule_id, subject_id=str(clue.pk))


def test_register_writes_the_ledger_and_needs_a_party(world):
    clue = _clue(world)
    assert clue.status == ClueStatus.REGISTERED and clue.registered_by == world.o1
    assert LedgerEntry.objects.filter(action="cases.clue.register").count() == 1
    named = _clue(world, party=None, party_name="无名小摊")
    assert named.party_label == "无名小摊"
    with pytest.raises(DomainError) as exc:
        _clue(world, party=None, party_name=" ")
    assert exc.value.field == "party_name"


def test_register_refuses_wrong_people_and_future_times(world):
    with pytest.raises(PermissionDenied):
        _clue(world, actor=world.reviewer)
    with pytest.raises(PermissionDenied):
        _clue(world, actor=world.people.officer_a)  # a township officer, not of the department
    with pytest.raises(DomainError) as exc:
        _clue(world, received_at=clock.now() + dt.timedelta(hours=2))
    assert exc.value.field == "received_at"
    with pytest.raises(DomainError):
        _clue(world, source="rumour")


def test_verified_clue_is_filed_and_an_unverified_one_is_not(world):
    clue = _clue(world)
    with pytest.raises(DomainError) as exc:
        case_file_request(
            actor=world.o1,
            organisation=world.dept,
            item_version=world.item,
            party=world.party,
            cause="销售超过保质期食品",
            facts="",
            officers=[world.o1, world.o2],
            clue=clue,
        )
    assert exc.value.code == "clue_not_verified"
    clue = clue_verify(clue=clue, actor=world.o2, outcome="file", note="现场核实属实。")
    assert clue.status == ClueStatus.VERIFIED and clue.verified_by == world.o2
    case = case_file_request(
        actor=world.o1,
        organisation=world.dept,
        item_version=world.item,
        party=world.party,
        cause="销售超过保质期食品",
        facts="",
        officers=[world.o1, world.o2],
        clue=clue,
    )
    clue.refresh_from_db()
    assert case.clue == clue and clue.status == ClueStatus.FILED
    with pytest.raises(DomainError) as exc:
        clue_verify(clue=clue, actor=world.o2, outcome="file", note="再次核查")
    assert exc.value.code == "clue_status"


def test_no_case_needs_a_reason(world):
    clue = _clue(world)
    with pytest.raises(DomainError) as exc:
        clue_verify(clue=clue, actor=world.o1, outcome="no_case", note="  ")
    assert exc.value.field == "note"
    clue = clue_verify(clue=clue, actor=world.o1, outcome="no_case", note="经核查无违法事实。")
    assert clue.status == ClueStatus.NOT_FILED and clue.closed_reason == "经核查无违法事实。"
    assert not Obligation.objects.filter(subject_id=str(clue.pk), rule_id="R-2.2-02").exists()


def test_r_2_2_02_not_ours_opens_the_three_working_day_transfer_limit(world):
    clue = clue_verify(
        clue=_clue(world), actor=world.o1, outcome="not_ours", note="属农业部门管辖。"
    )
    assert clue.status == ClueStatus.TO_TRANSFER
    ob = _ob(clue, "R-2.2-02")
    assert ob.unit == "workday" and ob.duration == 3


def test_r_2_2_03_urgent_clue_opens_the_24_hour_limit(world):
    clue = clue_verify(
        clue=_clue(world, urgent=True), actor=world.o1, outcome="not_ours", note="属公安管辖。"
    )
    ob = _ob(clue, "R-2.2-03")
    assert ob.unit == "hour" and ob.duration == 24
    assert not Obligation.objects.filter(subject_id=str(clue.pk), rule_id="R-2.2-02").exists()


def test_r_2_2_04_transfer_by_the_head_in_writing_fulfils_the_limit(world):
    other = world.county.team_a
    clue = clue_verify(clue=_clue(world), actor=world.o1, outcome="not_ours", note="属乡镇管辖。")
    with pytest.raises(PermissionDenied):
        clue_transfer(clue=clue, actor=world.o1, to_organisation=other, reason="不属本局管辖")
    with pytest.raises(DomainError) as exc:
        clue_transfer(clue=clue, actor=world.head, to_organisation=world.dept, reason="x")
    assert exc.value.field == "to_organisation"
    with pytest.raises(DomainError):
        clue_transfer(clue=clue, actor=world.head, to_organisation=world.county.police, reason="x")
    with pytest.raises(DomainError) as exc:
        clue_transfer(clue=clue, actor=world.head, to_organisation=other, reason=" ")
    assert exc.value.field == "reason"
    clue = clue_transfer(
        clue=clue, actor=world.head, to_organisation=other, reason="属乡镇综合执法事项。"
    )
    assert clue.status == ClueStatus.TRANSFERRED and clue.transferred_to == other
    assert _ob(clue, "R-2.2-02").state == "fulfilled"
    letter = clue_documents(clue=clue, user=world.head).get()
    assert letter.title == "案件移送函"
    entry = LedgerEntry.objects.get(action="cases.clue.transfer")
    assert json.loads(entry.payload)["document_id"] == letter.pk
    with pytest.raises(DomainError):  # one transfer per clue
        clue_transfer(clue=clue, actor=world.head, to_organisation=other, reason="再次移送")


def test_transfer_needs_the_status_to_transfer(world):
    clue = _clue(world)
    with pytest.raises(DomainError) as exc:
        clue_transfer(clue=clue, actor=world.head, to_organisation=world.county.team_a, reason="x")
    assert exc.value.code == "clue_status"


def test_clue_actions_register_verify_and_transfer_through_their_forms(world):
    start = get("start", "clue_register")
    form = start.form(
        data={
            "source": ClueSource.INSPECTION,
            "received_at": clock.now().strftime("%Y-%m-%dT%H:%M"),
            "party_name": "流动摊贩",
            "summary": "检查发现无证经营。",
            "urgent": "on",
        },
        user=world.o1,
    )
    assert form.is_valid(), form.errors
    clue = start.perform(actor=world.o1, data=form.cleaned_data)
    assert clue.urgent and clue.party_label == "流动摊贩"
    verify = get("clue", "clue_verify")
    assert verify.extra["statuses"] == (ClueStatus.REGISTERED,)
    form = verify.form(data={"outcome": "not_ours", "note": "属乡镇管辖"}, user=world.o1, clue=clue)
    assert form.is_valid(), form.errors
    clue = verify.perform(actor=world.o1, data=form.cleaned_data, clue=clue)
    transfer = get("clue", "clue_transfer")
    form = transfer.form(
        data={"to_organisation": world.dept.pk, "reason": "x"}, user=world.head, clue=clue
    )
    assert not form.is_valid() and "to_organisation" in form.errors  # not the own unit
    form = transfer.form(
        data={"to_organisation": world.county.team_a.pk, "reason": "属乡镇管辖。"},
        user=world.head,
        clue=clue,
    )
    assert form.is_valid(), form.errors
    clue = transfer.perform(actor=world.head, data=form.cleaned_data, clue=clue)
    assert clue.status == ClueStatus.TRANSFERRED
    assert _ob(clue, "R-2.2-03").state == "fulfilled"


def test_a_procuratorate_is_not_an_enforcing_unit(world):
    proc = OrganisationFactory(
        name="临猗县人民检察院", code="jcy", kind=OrganisationKind.PROCURATORATE
    )
    clue = clue_verify(clue=_clue(world), actor=world.o1, outcome="not_ours", note="x")
    with pytest.raises(DomainError):
        clue_transfer(clue=clue, actor=world.head, to_organisation=proc, reason="x")

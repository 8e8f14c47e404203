"""Permit applications: application, acceptance with the number, refusal with the remedies."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.cases.actions import get
from zhifa.cases.constants import CaseStatus
from zhifa.cases.services.officers import recusal_declare
from zhifa.cases.services.permits import permit_accept, permit_apply, permit_not_accept
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.models import Obligation
from zhifa.ledger.models import LedgerEntry


def _apply(w, **over):  # type: ignore[no-untyped-def]
    data = {
        "actor": w.o1,
        "organisation": w.dept,
        "item_version": w.permit_item,
        "party": w.party,
        "cause": "食品经营许可（新办）",
        "facts": "申请材料五份。",
        "officers": [w.o1, w.o2],
        "received_at": clock.now() - dt.timedelta(hours=2),
    }
    data.update(over)
    case = permit_apply(**data)
    recusal_declare(case=case, actor=w.o2, capacity="handler", has_conflict=False)
    return case


def test_r_1_9_04_acceptance_numbers_the_case_and_opens_the_handling_period(world):
    case = _apply(world)
    assert case.status == CaseStatus.APPLIED and case.number is None
    case = permit_accept(case=case, actor=world.o2)
    assert case.status == CaseStatus.EXAMINING
    assert case.number.startswith("临猗市监许〔") and case.filed_at is not None
    event = case.events.get(action="permit_accept")
    assert event.document is not None and event.document.title == "行政许可受理通知书"
    ob = Obligation.objects.get(rule_id="R-1.5-15", subject_id=str(case.pk))
    assert ob.due_at is not None
    assert LedgerEntry.objects.filter(action="cases.case.permit_accept").exists()
    with pytest.raises(TransitionNotAllowed):
        permit_not_accept(case=case, actor=world.o1, reason="x")


def test_r_1_1_12_an_application_needs_two_certified_officers(world):
    with pytest.raises(DomainError) as exc:
        permit_apply(
            actor=world.o1,
            organisation=world.dept,
            item_version=world.permit_item,
            party=world.party,
            cause="许可",
            facts="",
            officers=[world.o1, world.uncertified],
            received_at=clock.now(),
        )
    assert exc.value.code == "team_invalid"


def test_r_1_8_04_only_a_permit_item_and_only_officers_of_the_unit(world):
    with pytest.raises(DomainError) as exc:
        _apply(world, item_version=world.item)
    assert exc.value.field == "item_version"
    with pytest.raises(PermissionDenied):
        _apply(world, actor=world.head)
    with pytest.raises(DomainError):
        _apply(world, received_at=clock.now() + dt.timedelta(hours=1))


def test_refusal_states_the_reason_and_uses_no_number(world):
    case = _apply(world)
    with pytest.raises(PermissionDenied):
        permit_not_accept(case=case, actor=world.o3, reason="x")  # not a handler
    with pytest.raises(DomainError) as exc:
        permit_not_accept(case=case, actor=world.o1, reason="")
    assert exc.value.field == "reason"
    case = permit_not_accept(case=case, actor=world.o1, reason="申请事项不需要许可。")
    assert case.status == CaseStatus.NOT_ACCEPTED and case.number is None
    assert case.events.get(action="permit_not_accept").document.title == "行政许可不予受理通知书"
    with pytest.raises(TransitionNotAllowed):
        permit_accept(case=case, actor=world.o1)


def test_permit_actions_apply_and_accept_through_their_forms(world):
    start = get("start", "permit_apply")
    form = start.form(
        data={
            "item_version": world.permit_item.pk,
            "party_code": world.party.uscc,
            "cause": "食品经营许可（新办）",
            "received_at": clock.now().strftime("%Y-%m-%dT%H:%M"),
            "officers": [world.o1.pk, world.o2.pk],
            "no_conflict": "on",
        },
        user=world.o1,
    )
    assert form.is_valid(), form.errors
    case = start.perform(actor=world.o1, data=form.cleaned_data)
    assert case.status == CaseStatus.APPLIED
    accept = get("case", "permit_accept")
    form = accept.form(data={"confirm": "on"}, user=world.o1, case=case)
    assert form.is_valid(), form.errors
    case = accept.perform(actor=world.o1, data=form.cleaned_data, case=case)
    assert case.status == CaseStatus.EXAMINING
    refuse = get("case", "permit_not_accept")
    assert not refuse.form(data={}, user=world.o1, case=case).is_valid()

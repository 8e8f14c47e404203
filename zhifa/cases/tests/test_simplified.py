"""The simplified procedure (简易程序, 当场处罚; 《行政处罚法》第五十一、五十二条)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.cases.actions import get
from zhifa.cases.constants import CaseStatus, ExecutionKind, Procedure
from zhifa.cases.services.closure import closure_request
from zhifa.cases.services.execution import execution_complete, execution_record
from zhifa.cases.services.simplified import case_simplified_decide
from zhifa.catalog.constants import PenaltyType
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.identifiers import make_id_number
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.subjects.constants import EntityCategory
from zhifa.subjects.models import MarketEntity


def _person():  # type: ignore[no-untyped-def]
    number = make_id_number(random.Random(11), birth=dt.date(1980, 1, 1), female=False)
    return MarketEntity.objects.create(
        name="张三", category=EntityCategory.NATURAL_PERSON, id_number=number
    )


def _decide(w, **over):  # type: ignore[no-untyped-def]
    args = {
        "actor": w.o1,
        "organisation": w.dept,
        "item_version": w.item,
        "party": w.party,
        "cause": "销售超过保质期食品",
        "facts": "货架上陈列销售超过保质期的纯牛奶1盒。",
        "officers": [w.o1, w.o2],
        "penalty_types": [PenaltyType.WARNING, PenaltyType.FINE],
        "fine": Decimal("1000"),
        "place": "临猗县猗氏镇解放路18号",
        "decided_at": clock.now(),
        "certificate_shown": True,
        "party_informed": True,
    }
    args.update(over)
    return case_simplified_decide(**args)


def _ob(case, rule):  # type: ignore[no-untyped-def]
    return Obligation.objects.get(rule_id=rule, subject_id=str(case.pk))


def test_r_1_2_12_simplified_penalty_is_numbered_decided_served_and_published(world):
    case = _decide(world)
    assert case.procedure == Procedure.SIMPLIFIED and case.status == CaseStatus.EXECUTING
    assert case.number and case.number.startswith("临猗市监罚〔")
    decision = case.decision
    assert decision.approved_by == world.o1 and decision.decided_at is not None
    assert decision.document is not None and decision.document.title == "当场行政处罚决定书"
    assert "行政复议" in decision.remedies and "行政诉讼" in decision.remedies
    service = case.services.get()
    assert service.served_document == decision.document and service.certificate_shown
    assert _ob(case, "R-1.2-12").duration == 7
    assert _ob(case, "R-2.3-25").state == ObligationState.RUNNING
    assert case.officers.count() == 2
    assert case.recusals.filter(has_conflict=False).count() == 2


def test_r_4_6_04_a_fine_paid_on_the_spot_against_a_receipt_completes_the_case(world):
    case = _decide(world, receipt_number="SX2026000123")
    assert execution_complete(case)
    assert case.executions.get().receipt_number == "SX2026000123"
    assert not Obligation.objects.filter(rule_id="R-2.3-25", subject_id=str(case.pk)).exists()
    closure_request(case=case, actor=world.o1, summary="罚款已当场收缴，建议结案。")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSURE_PENDING


def test_simplified_unpaid_fine_is_paid_later_with_a_receipt(world):
    case = _decide(world)
    record = execution_record(
        case=case,
        actor=world.o1,
        kind=ExecutionKind.PAYMENT,
        at=clock.now(),
        amount=Decimal("1000"),
        receipt_number="FM2026077",
    )
    assert record.completes and _ob(case, "R-2.3-25").state == ObligationState.FULFILLED


def test_simplified_fine_limits_200_for_a_citizen_3000_for_an_organisation(world):
    person = _person()
    with pytest.raises(DomainError) as exc:
        _decide(world, party=person, fine=Decimal("201"))
    assert exc.value.code == "fine_over_simplified_limit" and exc.value.field == "fine"
    assert _decide(world, party=person, fine=Decimal("200")).decision.fine == Decimal("200")
    with pytest.raises(DomainError):
        _decide(world, fine=Decimal("3000.01"))
    assert _decide(world, fine=Decimal("3000")).status == CaseStatus.EXECUTING


def test_simplified_only_a_warning_or_a_fine(world):
    with pytest.raises(DomainError) as exc:
        _decide(world, penalty_types=[PenaltyType.CONFISCATE_GAINS])
    assert exc.value.field == "penalty_types"
    with pytest.raises(DomainError) as exc:
        _decide(world, penalty_types=[PenaltyType.FINE], fine=None)
    assert exc.value.field == "fine"
    with pytest.raises(DomainError):
        _decide(world, penalty_types=[])
    warning = _decide(world, penalty_types=[PenaltyType.WARNING], fine=None)
    assert warning.decision.fine is None
    assert not Obligation.objects.filter(rule_id="R-2.3-25", subject_id=str(warning.pk)).exists()


def test_r_4_6_03_r_1_1_12_no_solo_penalty_and_only_certified_officers(world):
    with pytest.raises(DomainError) as exc:
        _decide(world, officers=[world.o1])
    assert exc.value.code == "too_few_officers"
    with pytest.raises(DomainError) as exc:
        _decide(world, officers=[world.o1, world.uncertified])
    assert exc.value.code == "certificate_invalid"
    with pytest.raises(DomainError) as exc:
        _decide(world, officers=[world.o2, world.o3])
    assert exc.value.code == "actor_not_present"


@pytest.mark.parametrize("field", ["certificate_shown", "party_informed"])
def test_r_1_2_09_simplified_penalty_needs_the_checklist(world, field):
    with pytest.raises(DomainError) as exc:
        _decide(world, **{field: False})
    assert exc.value.field == field


def test_only_an_officer_of_the_unit_decides_on_the_spot(world):
    with pytest.raises(PermissionDenied):
        _decide(world, actor=world.head)
    stranger = make_user(world.county.team_a, Role.OFFICER, username="stranger")
    with pytest.raises(PermissionDenied):
        _decide(world, actor=stranger)
    with pytest.raises(DomainError) as exc:
        _decide(world, item_version=world.permit_item)
    assert exc.value.field == "item_version"


def test_simplified_action_is_a_field_step_and_decides(world):
    action = get("start", "simplified_decide")
    assert action is not None and action.field_step and action.target == "start"
    data = {
        "item_version": world.item.pk,
        "party_code": world.party.uscc,
        "cause": "销售超过保质期食品",
        "facts": "货架上陈列销售超过保质期的纯牛奶1盒。",
        "officers": [world.o1.pk, world.o2.pk],
        "penalty_types": [PenaltyType.FINE],
        "place": "店内",
        "decided_at": clock.local(clock.now()).strftime("%Y-%m-%dT%H:%M"),
        "certificate_shown": "on",
        "party_informed": "on",
        "no_conflict": "on",
    }
    form = action.form(data=data, user=world.o1)
    assert not form.is_valid() and "fine" in form.errors
    form = action.form(data={**data, "fine": "200"}, user=world.o1)
    assert form.is_valid(), form.errors
    case = action.perform(actor=world.o1, data=form.cleaned_data)
    assert case.status == CaseStatus.EXECUTING and case.decision.fine == Decimal("200")

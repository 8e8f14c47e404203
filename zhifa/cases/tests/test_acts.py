"""Other acts (查封扣押 …) from decision to publication: recorded, then the head approves."""

from __future__ import annotations

import importlib.util

import pytest

from zhifa.cases.actions import get
from zhifa.cases.constants import ApprovalKind, ApprovalStatus, CaseStatus, DecisionOutcome
from zhifa.cases.services.acts import case_act_record
from zhifa.catalog.constants import ItemType
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.deadlines.models import Obligation


def _record(w, **over):  # type: ignore[no-untyped-def]
    args = {
        "actor": w.o1,
        "organisation": w.dept,
        "kind": ItemType.COERCION,
        "item_version": w.coercion_item,
        "party": w.party,
        "cause": "扣押不符合食品安全标准的食品",
        "facts": "当事人仓库存放超过保质期的纯牛奶200盒，有转移可能。",
        "content": "扣押超过保质期的纯牛奶200盒，期限三十日。",
        "officers": [w.o1, w.o2],
        "av_recorded": True,
    }
    args.update(over)
    return case_act_record(**args)


def test_an_act_waits_for_the_heads_decision_without_a_number(world):
    case = _record(world)
    assert case.status == CaseStatus.DECISION_PENDING and case.kind == ItemType.COERCION
    assert case.number is None
    assert case.decision.outcome == DecisionOutcome.ACT and case.decision.decided_at is None
    approval = case.approvals.get()
    assert approval.kind == ApprovalKind.DECISION and approval.status == ApprovalStatus.PENDING
    assert case.events.filter(action="act_record").exists()


def test_r_1_3_07_a_coercive_act_needs_the_av_record_or_a_note(world):
    with pytest.raises(DomainError) as exc:
        _record(world, av_recorded=False)
    assert exc.value.code == "av_required" and exc.value.field == "av_recorded"
    case = _record(world, av_recorded=False, av_note="执法记录仪突发故障，已书面说明。")
    assert case.status == CaseStatus.DECISION_PENDING
    # the note is a written explanation pending the head's approval
    assert case.av_explanations.get().status == "pending"


def test_r_1_8_04_the_item_must_be_of_the_kind_and_in_the_catalogue(world):
    with pytest.raises(DomainError) as exc:
        _record(world, item_version=world.item)
    assert exc.value.code == "item_kind_mismatch"
    with pytest.raises(DomainError) as exc:
        _record(world, kind=ItemType.PENALTY, item_version=world.item)
    assert exc.value.field == "kind"


def test_r_1_1_12_two_certified_officers_and_only_officers_record(world):
    with pytest.raises(DomainError):
        _record(world, officers=[world.o1])
    with pytest.raises(DomainError):
        _record(world, officers=[world.o1, world.uncertified])
    with pytest.raises(PermissionDenied):
        _record(world, actor=world.head, officers=[world.o1, world.o2])
    with pytest.raises(DomainError) as exc:
        _record(world, content=" ")
    assert exc.value.field == "content"


@pytest.mark.skipif(
    importlib.util.find_spec("zhifa.cases.services.decision") is None,
    reason="the decision service (decision helper) is not there yet",
)
def test_r_1_2_11_the_head_approves_the_act_which_is_numbered_and_published(world):
    from zhifa.cases.services.decision import decision_approve
    from zhifa.records.services.records import av_explanation_decide, av_explanation_submit

    case = _record(world)
    # R-1.3-07: not before the act's AV record is stored or an explanation approved
    with pytest.raises(DomainError) as exc:
        decision_approve(case=case, actor=world.head, opinion="同意。")
    assert exc.value.code == "av_missing"
    note = av_explanation_submit(case=case, actor=world.o1, reason="执法记录仪故障，未能记录。")
    av_explanation_decide(explanation=note, actor=world.head2, approve=True)
    case = decision_approve(case=case, actor=world.head, opinion="同意。")
    assert case.status == CaseStatus.DECIDED and case.number
    assert Obligation.objects.filter(rule_id="R-1.2-11", subject_id=str(case.pk)).exists()


def test_act_record_action_binds_the_form(world):
    action = get("start", "act_record")
    assert action is not None and action.target == "start"
    data = {
        "kind": ItemType.COERCION,
        "item_version": world.coercion_item.pk,
        "party_code": world.party.uscc,
        "cause": "扣押不符合食品安全标准的食品",
        "facts": "仓库存放超过保质期的纯牛奶。",
        "content": "扣押纯牛奶200盒。",
        "officers": [world.o1.pk, world.o2.pk],
        "av_recorded": "on",
        "no_conflict": "on",
    }
    form = action.form(data=data, user=world.o1)
    assert form.is_valid(), form.errors
    case = action.perform(actor=world.o1, data=form.cleaned_data)
    assert case.status == CaseStatus.DECISION_PENDING
    form = action.form(data={**data, "item_version": world.item.pk}, user=world.o1)
    assert not form.is_valid() and "item_version" in form.errors

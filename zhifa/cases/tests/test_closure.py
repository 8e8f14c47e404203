"""Closure (结案审批) and archive (R-1.9-03, R-1.14-11, R-1.14-12)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.cases import workflow
from zhifa.cases.actions import Viewer, available_actions, get, load
from zhifa.cases.constants import (
    ApprovalKind,
    ApprovalStatus,
    CaseStatus,
    DecisionOutcome,
    ExecutionKind,
)
from zhifa.cases.models import Case
from zhifa.cases.services.closure import (
    case_archive,
    closure_approve,
    closure_reject,
    closure_request,
)
from zhifa.cases.services.execution import execution_record
from zhifa.cases.services.filing import case_file_approve
from zhifa.cases.services.officers import recusal_declare
from zhifa.cases.services.service import case_serve
from zhifa.cases.tests.test_service import decided_case, serve
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed


def _paid(w):  # type: ignore[no-untyped-def]
    case = decided_case(w, fine=Decimal("500"))
    serve(w, case)
    execution_record(
        case=case,
        actor=w.o1,
        kind=ExecutionKind.PAYMENT,
        at=clock.now(),
        amount=Decimal("500"),
        receipt_number=f"FM-CL-{case.pk}",
    )
    case.refresh_from_db()
    return case


def _closed(w):  # type: ignore[no-untyped-def]
    case = _paid(w)
    closure_request(case=case, actor=w.o1, summary="罚款已缴清，建议结案。")
    return closure_approve(case=case, actor=w.head, opinion="同意结案。")


def test_r_1_9_03_closure_approved_by_the_head_renders_the_closure_form(world):
    case = _paid(world)
    approval = closure_request(case=case, actor=world.o1, summary="罚款已缴清，建议结案。")
    assert approval.kind == ApprovalKind.CLOSURE
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSURE_PENDING
    case = closure_approve(case=case, actor=world.head, opinion="同意结案。")
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    event = case.events.get(action="closure_approve")
    assert event.document is not None and event.document.title == "结案审批表"


def test_a_penalty_not_served_or_not_executed_is_not_closed(world):
    case = decided_case(world)
    with pytest.raises(DomainError) as exc:
        closure_request(case=case, actor=world.o1, summary="结案。")
    assert exc.value.code == "not_served"
    serve(world, case)
    with pytest.raises(DomainError) as exc:
        closure_request(case=case, actor=world.o1, summary="结案。")
    assert exc.value.code == "execution_incomplete"
    with pytest.raises(DomainError) as exc:
        closure_request(case=case, actor=world.o1, summary=" ")
    assert exc.value.field == "summary"


def test_a_decision_with_nothing_to_execute_closes_from_decided(world):
    case = decided_case(world, outcome=DecisionOutcome.NO_PENALTY, fine=None)
    closure_request(case=case, actor=world.o1, summary="不予行政处罚，建议结案。")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSURE_PENDING


def test_only_a_handler_asks_and_only_a_head_who_did_not_ask_approves(world):
    case = _paid(world)
    for user in (world.o3, world.head):
        with pytest.raises(PermissionDenied):
            closure_request(case=case, actor=user, summary="结案。")
    closure_request(case=case, actor=world.o1, summary="结案。")
    for user in (world.o1, world.o2, world.reviewer, world.archivist):
        with pytest.raises(PermissionDenied):
            closure_approve(case=case, actor=user, opinion="同意。")
    with pytest.raises(TransitionNotAllowed):
        closure_request(case=case, actor=world.o1, summary="再次提请。")


def test_r_1_5_03_a_head_with_a_conflict_leaves_the_closure_to_another(world):
    case = _paid(world)
    closure_request(case=case, actor=world.o1, summary="结案。")
    case = closure_approve(
        case=case, actor=world.head, opinion="", has_conflict=True, ground="close_relative"
    )
    assert case.status == CaseStatus.CLOSURE_PENDING
    with pytest.raises(PermissionDenied):
        closure_approve(case=case, actor=world.head, opinion="同意。")
    assert closure_approve(case=case, actor=world.head2, opinion="同意。").status == "closed"


def test_closure_rejected_goes_back_where_it_came_from(world):
    case = _paid(world)
    closure_request(case=case, actor=world.o1, summary="结案。")
    with pytest.raises(DomainError):
        closure_reject(case=case, actor=world.head, opinion="")
    case = closure_reject(case=case, actor=world.head, opinion="执行材料不全，请补充。")
    assert case.status == CaseStatus.EXECUTING
    other = decided_case(world, outcome=DecisionOutcome.TERMINATE, fine=None)
    closure_request(case=other, actor=world.o1, summary="撤销案件，建议结案。")
    assert closure_reject(case=other, actor=world.head, opinion="补充材料。").status == "decided"


def test_r_1_14_12_the_designated_archivist_or_the_head_archives(world):
    case = _closed(world)
    for user in (world.o1, world.reviewer, make_user(world.county.team_a, Role.ARCHIVIST)):
        with pytest.raises(PermissionDenied):
            case_archive(case=case, actor=user)
    case = case_archive(case=case, actor=world.archivist)
    assert case.status == CaseStatus.ARCHIVED and case.archived_at is not None
    other = _closed(world)
    assert case_archive(case=other, actor=world.head2).status == CaseStatus.ARCHIVED


def test_r_1_9_03_only_a_file_the_head_reviewed_goes_to_the_archive(world):
    case = _paid(world)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    with pytest.raises(DomainError) as exc:
        case_archive(case=case, actor=world.archivist)
    assert exc.value.code == "not_reviewed"
    with pytest.raises(TransitionNotAllowed):
        case_archive(case=decided_case(world), actor=world.archivist)


def test_r_1_14_11_an_archived_case_refuses_every_action(world):
    """R-1.14-11: after archiving nothing may be added or removed — no workflow action starts
    from ARCHIVED, no action is offered to anyone, and the services refuse."""
    case = case_archive(case=_closed(world), actor=world.archivist)
    for action in workflow.TRANSITIONS.values():
        assert CaseStatus.ARCHIVED not in action.sources, action.action
    for registered in load().values():
        if registered.target == "case":
            with pytest.raises(TransitionNotAllowed):
                workflow.require_transition(case, registered.code)
    for user in (world.o1, world.head, world.archivist):
        viewer = Viewer(
            user=user, is_handler=True, is_head=True, is_reviewer=True, is_archivist=True
        )
        assert available_actions(case, viewer) == []
    attempts = [
        lambda: serve(world, case),
        lambda: execution_record(
            case=case,
            actor=world.o1,
            kind=ExecutionKind.PAYMENT,
            at=clock.now(),
            amount=Decimal("1"),
            receipt_number="X",
        ),
        lambda: closure_request(case=case, actor=world.o1, summary="结案。"),
        lambda: closure_approve(case=case, actor=world.head, opinion="同意。"),
        lambda: closure_reject(case=case, actor=world.head, opinion="退回。"),
        lambda: case_archive(case=case, actor=world.archivist),
        lambda: case_file_approve(case=case, actor=world.head),
        lambda: recusal_declare(case=case, actor=world.o1, capacity="handler", has_conflict=False),
        lambda: case_serve(
            case=case,
            actor=world.o1,
            method="mail",
            served_at=clock.now(),
            recipient="某",
        ),
    ]
    for attempt in attempts:
        with pytest.raises(TransitionNotAllowed):
            attempt()
    case.refresh_from_db()
    assert case.status == CaseStatus.ARCHIVED


def test_closure_actions_bind_their_forms(world):
    case = _paid(world)
    request = get("case", "closure_request")
    form = request.form(data={"summary": "罚款已缴清，建议结案。"}, user=world.o1, case=case)
    assert form.is_valid(), form.errors
    request.perform(case=case, actor=world.o1, data=form.cleaned_data)
    approve = get("case", "closure_approve")
    form = approve.form(
        data={"opinion": "同意结案。", "has_conflict": "no"}, user=world.head, case=case
    )
    assert form.is_valid(), form.errors
    case = approve.perform(case=case, actor=world.head, data=form.cleaned_data)
    assert case.status == CaseStatus.CLOSED
    archive = get("case", "archive")
    assert archive.available(case, Viewer(user=world.archivist, is_archivist=True))
    assert not archive.available(case, Viewer(user=world.o1, is_handler=True))
    form = archive.form(data={}, user=world.archivist, case=case)
    assert not form.is_valid()
    form = archive.form(data={"confirm": "on"}, user=world.archivist, case=case)
    assert form.is_valid()
    assert archive.perform(case=case, actor=world.archivist, data=form.cleaned_data).status == (
        CaseStatus.ARCHIVED
    )


def test_r_2_3_25_r_1_9_03_the_real_penalty_path_from_decision_to_archive(world):
    """Through the decision helper's services: notified → proposed → approved by the head →
    served (R-2.3-25 window) → paid against a receipt (R-4.6-04) → closed → archived."""
    from zhifa.cases.services.decision import decision_approve, decision_propose
    from zhifa.cases.tests.test_notice import notified_case
    from zhifa.cases.tests.test_report import later
    from zhifa.catalog.constants import PenaltyType
    from zhifa.deadlines.constants import ObligationState
    from zhifa.deadlines.models import Obligation

    case = notified_case(world)
    with later(6):
        decision_propose(
            case=case,
            actor=world.o1,
            outcome=DecisionOutcome.PENALTY,
            content="罚款人民币12000元。",
            penalty_types=[PenaltyType.FINE],
            fine=Decimal("12000"),
        )
        case = decision_approve(case=case, actor=world.head)
        assert case.status == CaseStatus.DECIDED
        serve(world, case)
        window = Obligation.objects.get(rule_id="R-2.3-25", subject_id=str(case.pk))
        with pytest.raises(DomainError):
            closure_request(case=case, actor=world.o1, summary="结案。")
        execution_record(
            case=case,
            actor=world.o1,
            kind=ExecutionKind.PAYMENT,
            at=clock.now(),
            amount=Decimal("12000"),
            receipt_number="FM-REAL-1",
        )
        window.refresh_from_db()
        assert window.state == ObligationState.FULFILLED
        closure_request(case=case, actor=world.o1, summary="罚款已缴清，建议结案。")
        case = closure_approve(case=case, actor=world.head, opinion="同意结案。")
        case = case_archive(case=case, actor=world.archivist)
    assert case.status == CaseStatus.ARCHIVED

"""Execution: payment with a receipt (R-4.6-04), performance, application to the court after the
performance window lapses (R-2.3-25), the court's result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from zhifa.accounts.models import Organisation
from zhifa.cases.actions import get
from zhifa.cases.constants import CaseStatus, ExecutionKind
from zhifa.cases.services.execution import execution_complete, execution_record
from zhifa.cases.tests.conftest import filed_case
from zhifa.cases.tests.test_service import decided_case, serve
from zhifa.catalog.constants import PenaltyType
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation


def _served(w, **kw):  # type: ignore[no-untyped-def]
    case = decided_case(w, **kw)
    serve(w, case)
    case.refresh_from_db()
    return case


def _pay(w, case, amount, receipt, **over):  # type: ignore[no-untyped-def]
    args = {
        "case": case,
        "actor": w.o1,
        "kind": ExecutionKind.PAYMENT,
        "at": clock.now(),
        "amount": Decimal(amount),
        "receipt_number": receipt,
    }
    args.update(over)
    return execution_record(**args)


def _window(case):  # type: ignore[no-untyped-def]
    return Obligation.objects.get(rule_id="R-2.3-25", subject_id=str(case.pk))


def test_r_4_6_04_no_payment_without_the_official_receipt_number(world):
    case = _served(world)
    with pytest.raises(DomainError) as exc:
        _pay(world, case, "5000", "")
    assert exc.value.field == "receipt_number" and exc.value.code == "receipt_required"
    with pytest.raises(DomainError) as exc:
        _pay(world, case, "0", "FM2026001")
    assert exc.value.field == "amount"


def test_r_4_6_04_one_receipt_one_payment(world):
    case = _served(world)
    _pay(world, case, "1000", "FM2026001")
    with pytest.raises(DomainError) as exc:
        _pay(world, case, "1000", "FM2026001")
    assert exc.value.code == "receipt_reused"


def test_r_2_3_25_full_payment_completes_execution_and_fulfils_the_window(world):
    case = _served(world, confiscation=Decimal("24"))
    first = _pay(world, case, "3000", "FM2026001")
    assert not first.completes and _window(case).state == ObligationState.RUNNING
    second = _pay(world, case, "2024", "FM2026002")
    assert second.completes and execution_complete(case)
    assert _window(case).state == ObligationState.FULFILLED
    with pytest.raises(DomainError) as exc:
        _pay(world, case, "1", "FM2026003")
    assert exc.value.code == "already_complete"


def test_r_2_3_25_non_monetary_duties_are_performed_as_well(world):
    case = _served(
        world,
        penalty_types=(PenaltyType.FINE, PenaltyType.CONFISCATE_PROPERTY),
        fine=Decimal("500"),
    )
    paid = _pay(world, case, "500", "FM2026009")
    assert not paid.completes
    with pytest.raises(DomainError) as exc:
        execution_record(case=case, actor=world.o1, kind=ExecutionKind.PERFORMED, at=clock.now())
    assert exc.value.field == "note"
    done = execution_record(
        case=case,
        actor=world.o1,
        kind=ExecutionKind.PERFORMED,
        at=clock.now(),
        note="没收的纯牛奶9盒已依法销毁。",
    )
    assert done.completes and _window(case).state == ObligationState.FULFILLED


def test_r_2_3_25_court_application_only_after_the_window_lapses_unperformed(world):
    court = Organisation.objects.get(code="lycourt")  # the county court of the world fixture
    case = _served(world)
    with pytest.raises(DomainError) as exc:
        execution_record(
            case=case,
            actor=world.o1,
            kind=ExecutionKind.COURT_APPLICATION,
            at=clock.now(),
            court=court,
            note="当事人未缴纳罚款。",
        )
    assert exc.value.code == "performance_window_open"
    with pytest.raises(DomainError) as exc:
        execution_record(
            case=case,
            actor=world.o1,
            kind=ExecutionKind.COURT_RESULT,
            at=clock.now(),
            note="法院已执行。",
            executed=True,
        )
    assert exc.value.code == "no_court_application"
    later = clock.now() + dt.timedelta(days=20)
    with time_machine.travel(later, tick=False):
        with pytest.raises(DomainError) as exc:
            execution_record(
                case=case,
                actor=world.o1,
                kind=ExecutionKind.COURT_APPLICATION,
                at=clock.now(),
                court=world.dept,
                note="当事人未缴纳罚款。",
            )
        assert exc.value.field == "court"
        application = execution_record(
            case=case,
            actor=world.o1,
            kind=ExecutionKind.COURT_APPLICATION,
            at=clock.now(),
            court=court,
            note="当事人经催告仍未缴纳罚款。",
        )
        assert application.court == court and not application.completes
        event = case.events.get(action="execution_record", document__isnull=False)
        assert event.document.title == "强制执行申请书"
        with pytest.raises(DomainError) as exc:
            execution_record(
                case=case,
                actor=world.o1,
                kind=ExecutionKind.COURT_APPLICATION,
                at=clock.now(),
                court=court,
                note="再次申请。",
            )
        assert exc.value.code == "application_pending"
        result = execution_record(
            case=case,
            actor=world.o1,
            kind=ExecutionKind.COURT_RESULT,
            at=clock.now(),
            note="临猗县人民法院裁定准予执行，罚款已划拨。",
            executed=True,
        )
        assert result.completes and result.court == court
        assert execution_complete(case)


def test_compulsory_execution_needs_the_measure_noted(world):
    case = _served(world)
    with pytest.raises(DomainError) as exc:
        execution_record(case=case, actor=world.o1, kind=ExecutionKind.COMPULSORY, at=clock.now())
    assert exc.value.field == "note"
    record = execution_record(
        case=case,
        actor=world.o1,
        kind=ExecutionKind.COMPULSORY,
        at=clock.now(),
        note="依法拍卖查封的财物抵缴罚款。",
        executed=True,
    )
    assert record.completes


def test_only_a_handler_records_execution_and_only_while_executing(world):
    case = decided_case(world)
    with pytest.raises(TransitionNotAllowed):
        _pay(world, case, "5000", "FM1")
    serve(world, case)
    for user in (world.o3, world.head):
        with pytest.raises(PermissionDenied):
            _pay(world, case, "5000", "FM1", actor=user)
    with pytest.raises(DomainError) as exc:
        _pay(world, case, "5000", "FM1", at=clock.now() + dt.timedelta(hours=1))
    assert exc.value.field == "at"
    other = filed_case(world)
    with pytest.raises(TransitionNotAllowed):
        _pay(world, other, "5000", "FM2")


def test_execution_action_form_requires_a_receipt_and_records_the_payment(world):
    case = _served(world)
    action = get("case", "execution_record")
    assert action is not None
    at = clock.local(clock.now()).strftime("%Y-%m-%dT%H:%M")
    form = action.form(
        data={"kind": ExecutionKind.PAYMENT, "at": at, "amount": "5000"}, user=world.o1, case=case
    )
    assert not form.is_valid() and "receipt_number" in form.errors
    form = action.form(
        data={"kind": ExecutionKind.PAYMENT, "at": at, "amount": "5000", "receipt_number": "F1"},
        user=world.o1,
        case=case,
    )
    assert form.is_valid(), form.errors
    result = action.perform(case=case, actor=world.o1, data=form.cleaned_data)
    assert result.status == CaseStatus.EXECUTING and execution_complete(result)

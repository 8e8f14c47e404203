"""Service of the decision (送达): R-1.2-09 checklist, lien witnesses, 送达回证, R-2.3-25 window.

``decided_case`` (used by the other closing tests) builds a decided case: through the decision
service when it exists, else directly through the models (Decision + DECIDED + decided_at).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhifa.cases.actions import get
from zhifa.cases.constants import CaseStatus, DecisionOutcome, ServiceMethod
from zhifa.cases.models import Case, Decision
from zhifa.cases.services.docs import case_document_render
from zhifa.cases.services.service import case_serve
from zhifa.cases.tests.conftest import filed_case
from zhifa.catalog.constants import PenaltyType
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.models import Obligation
from zhifa.ledger.models import LedgerEntry


def decided_case(  # type: ignore[no-untyped-def]
    w,
    *,
    outcome=DecisionOutcome.PENALTY,
    penalty_types=(PenaltyType.FINE,),
    fine=Decimal("5000"),
    confiscation=None,
):
    """A filed case decided by the head: DECIDED with an approved Decision and its document."""
    case = filed_case(w)
    now = clock.now()
    document = case_document_render(
        case=case,
        actor=w.head,
        template_code="penalty_decision",
        context={
            "facts": case.facts,
            "evidence": "现场检查笔录",
            "legal_basis": "《中华人民共和国食品安全法》第三十四条",
            "reasoning": "",
            "penalty_basis": "《中华人民共和国食品安全法》第一百二十四条",
            "decisions": [f"罚款人民币{fine}元。"] if fine else ["警告。"],
            "fine_total": str(fine or ""),
            "payment_place": "临猗县农村商业银行",
            "review_organ": "临猗县人民政府",
            "court": "临猗县人民法院",
        },
        title="行政处罚决定书",
    )
    Decision.objects.create(
        case=case,
        outcome=outcome,
        content="罚款。" if fine else "警告。",
        penalty_types=list(penalty_types) if outcome == DecisionOutcome.PENALTY else [],
        fine=fine,
        confiscation=confiscation,
        remedies="六十日内申请行政复议，六个月内提起行政诉讼。",
        proposed_by=w.o1,
        proposed_at=now,
        approved_by=w.head,
        decided_at=now,
        document=document,
    )
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DECIDED, decided_at=now)
    case.refresh_from_db()
    return case


def serve(w, case, **over):  # type: ignore[no-untyped-def]
    args = {
        "case": case,
        "actor": w.o1,
        "method": ServiceMethod.DIRECT,
        "served_at": clock.now(),
        "recipient": w.party.name,
        "place": "临猗县猗氏镇解放路18号",
        "certificate_shown": True,
        "party_informed": True,
    }
    args.update(over)
    return case_serve(**args)


def test_r_2_3_25_serving_a_fine_opens_the_fifteen_day_performance_window(world):
    case = decided_case(world)
    record = serve(world, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.EXECUTING
    assert record.receipt_document is not None
    assert record.served_document == case.decision.document
    assert case.events.filter(action="serve", document=record.receipt_document).exists()
    ob = Obligation.objects.get(rule_id="R-2.3-25", subject_id=str(case.pk))
    assert ob.duration == 15 and ob.lapses
    assert LedgerEntry.objects.filter(action="cases.case.serve").exists()


def test_r_2_3_25_a_warning_leaves_nothing_to_perform_and_opens_no_window(world):
    case = decided_case(world, penalty_types=(PenaltyType.WARNING,), fine=None)
    serve(world, case)
    assert not Obligation.objects.filter(rule_id="R-2.3-25", subject_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    ("field", "over"),
    [
        ("certificate_shown", {"certificate_shown": False}),
        ("party_informed", {"party_informed": False}),
        ("place", {"place": ""}),
    ],
)
def test_r_1_2_09_service_in_person_needs_the_checklist(world, field, over):
    case = decided_case(world)
    with pytest.raises(DomainError) as exc:
        serve(world, case, **over)
    assert exc.value.field == field
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED


def test_r_1_2_09_lien_service_needs_the_witnesses_noted(world):
    case = decided_case(world)
    with pytest.raises(DomainError) as exc:
        serve(world, case, method=ServiceMethod.LIEN)
    assert exc.value.code == "lien_witness_required"
    serve(world, case, method=ServiceMethod.LIEN, note="当事人拒收；见证人：社区干部赵某。")


def test_r_4_8_08_electronic_service_needs_the_consent_noted(world):
    case = decided_case(world)
    with pytest.raises(DomainError) as exc:
        serve(world, case, method=ServiceMethod.ELECTRONIC, certificate_shown=False)
    assert exc.value.code == "e_service_consent_required"
    record = serve(
        world,
        case,
        method=ServiceMethod.ELECTRONIC,
        certificate_shown=False,
        party_informed=False,
        place="",
        note="当事人书面同意以电子邮件送达。",
    )
    assert record.method == ServiceMethod.ELECTRONIC


def test_service_time_is_neither_in_the_future_nor_before_the_decision(world):
    case = decided_case(world)
    with pytest.raises(DomainError) as exc:
        serve(world, case, served_at=clock.now() + dt.timedelta(hours=2))
    assert exc.value.field == "served_at"
    with pytest.raises(DomainError):
        serve(world, case, served_at=clock.now() - dt.timedelta(days=3))


def test_only_a_handler_serves(world):
    case = decided_case(world)
    for user in (world.o3, world.head, world.archivist):
        with pytest.raises(PermissionDenied):
            serve(world, case, actor=user)


def test_serve_only_a_decided_case_and_only_once(world):
    case = filed_case(world)
    with pytest.raises(TransitionNotAllowed):
        serve(world, case)
    case = decided_case(world)
    serve(world, case)
    with pytest.raises(TransitionNotAllowed):
        serve(world, case)


def test_serve_action_binds_the_form_and_serves(world):
    case = decided_case(world)
    action = get("case", "serve")
    assert action is not None and action.field_step
    form = action.form(
        data={
            "method": ServiceMethod.DIRECT,
            "served_at": clock.local(clock.now()).strftime("%Y-%m-%dT%H:%M"),
            "recipient": world.party.name,
            "place": "店内",
            "certificate_shown": "on",
            "party_informed": "on",
        },
        user=world.o1,
        case=case,
    )
    assert form.is_valid(), form.errors
    result = action.perform(case=case, actor=world.o1, data=form.cleaned_data)
    assert result.status == CaseStatus.EXECUTING

"""Crime transfer: request, the head's approval with the 移送书 and the filing with the
procuratorate, rejection (R-2.2-10, R-3.1-06, R-2.2-04, R-2.3-03, R-2.3-16)."""

from __future__ import annotations

import pytest

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.tests.factories import OrganisationFactory
from zhifa.cases.actions import get
from zhifa.cases.constants import ApprovalKind, ApprovalStatus, CaseStatus
from zhifa.cases.services.common import require_no_crime_pending
from zhifa.cases.services.crime import (
    crime_transfer_approve,
    crime_transfer_reject,
    crime_transfer_request,
)
from zhifa.cases.tests.conftest import filed_case
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.models import Obligation

MATERIALS = ["transfer_letter", "investigation_report", "items_list"]


@pytest.fixture
def proc(db):  # type: ignore[no-untyped-def]
    return OrganisationFactory(
        name="临猗县人民检察院", code="jcy", kind=OrganisationKind.PROCURATORATE
    )


def _request(w, case, **over):  # type: ignore[no-untyped-def]
    data = {
        "case": case,
        "actor": w.o1,
        "police": w.county.police,
        "suspected_offence": "生产、销售不符合安全标准的食品罪",
        "reasons": "货值金额巨大，涉嫌犯罪。",
        "materials": MATERIALS,
    }
    data.update(over)
    return crime_transfer_request(**data)


def test_r_2_2_10_request_marks_the_crime_and_blocks_a_penalty(world, proc):
    case = filed_case(world)
    transfer = _request(world, case)
    case.refresh_from_db()
    assert case.crime_suspected and transfer.procuratorate == proc
    with pytest.raises(DomainError) as exc:
        require_no_crime_pending(case)
    assert exc.value.code == "crime_transfer_required"
    assert case.approvals.get(kind=ApprovalKind.TRANSFER).status == ApprovalStatus.PENDING
    with pytest.raises(DomainError) as exc:
        _request(world, case)
    assert exc.value.code == "transfer_pending"


def test_r_2_3_03_the_transfer_letter_and_report_are_required(world, proc):
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        _request(world, case, materials=["transfer_letter", "items_list"])
    assert exc.value.code == "materials_missing" and "调查报告" in exc.value.message
    with pytest.raises(DomainError) as exc:
        _request(world, case, police=world.dept)
    assert exc.value.field == "police"
    with pytest.raises(PermissionDenied):
        _request(world, case, actor=world.o3)


def test_r_2_3_16_a_procuratorate_is_needed_for_the_filing(world):
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        _request(world, case)
    assert exc.value.field == "procuratorate"


def test_r_2_2_04_head_approves_transfers_and_files_with_the_procuratorate(world, proc):
    case = filed_case(world)
    _request(world, case)
    with pytest.raises(PermissionDenied):
        crime_transfer_approve(case=case, actor=world.o2, opinion="同意")
    case = crime_transfer_approve(
        case=case, actor=world.head, opinion="", has_conflict=True, ground="close_relative"
    )
    assert case.status == CaseStatus.INVESTIGATING
    with pytest.raises(PermissionDenied):
        crime_transfer_approve(case=case, actor=world.head, opinion="同意")
    case = crime_transfer_approve(case=case, actor=world.head2, opinion="同意移送。")
    assert case.status == CaseStatus.TRANSFERRED
    transfer = case.crime_transfer
    assert transfer.transferred_at and transfer.filed_with_procuratorate_at
    assert transfer.document.title == "涉嫌犯罪案件移送书"
    filing = case.events.get(action="crime_transfer_file")
    assert filing.summary.startswith("报送检察院备案") and "涉案物品清单" in filing.summary
    assert filing.document == transfer.document
    ob = Obligation.objects.get(rule_id="R-1.5-15", subject_id=str(case.pk))
    assert ob.state == "fulfilled"
    with pytest.raises(TransitionNotAllowed):
        crime_transfer_reject(case=case, actor=world.head, opinion="x")


def test_r_3_1_06_reject_lifts_the_mark_and_the_case_continues(world, proc):
    case = filed_case(world)
    _request(world, case)
    with pytest.raises(DomainError):
        crime_transfer_reject(case=case, actor=world.head, opinion=" ")
    case = crime_transfer_reject(case=case, actor=world.head, opinion="经审查不构成犯罪。")
    assert case.status == CaseStatus.INVESTIGATING and not case.crime_suspected
    require_no_crime_pending(case)
    transfer = _request(world, case, reasons="新证据显示涉嫌犯罪。")  # asked again later
    assert transfer.reasons == "新证据显示涉嫌犯罪。"


def test_crime_actions_through_their_forms(world, proc):
    case = filed_case(world)
    action = get("case", "crime_transfer_request")
    form = action.form(
        data={
            "police": world.county.police.pk,
            "suspected_offence": "销售伪劣产品罪",
            "reasons": "货值金额超过五万元。",
            "materials": ["transfer_letter", "investigation_report"],
        },
        user=world.o1,
        case=case,
    )
    assert form.is_valid(), form.errors
    case = action.perform(actor=world.o1, data=form.cleaned_data, case=case)
    assert case.crime_suspected
    approve = get("case", "crime_transfer_approve")
    form = approve.form(
        data={"opinion": "同意移送。", "has_conflict": "no"}, user=world.head, case=case
    )
    assert form.is_valid(), form.errors
    case = approve.perform(actor=world.head, data=form.cleaned_data, case=case)
    assert case.status == CaseStatus.TRANSFERRED

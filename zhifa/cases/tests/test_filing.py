"""Filing a penalty case: request, the head's approval with the number, refusal (R-1.9-04)."""

from __future__ import annotations

import pytest

from zhifa.cases.constants import ApprovalStatus, CaseStatus
from zhifa.cases.services.filing import (
    case_file_approve,
    case_file_reject,
    case_file_request,
    handling_period,
)
from zhifa.cases.tests.conftest import filed_case
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.models import Obligation
from zhifa.ledger.models import LedgerEntry


def _request(w, officers=None):  # type: ignore[no-untyped-def]
    return case_file_request(
        actor=w.o1,
        organisation=w.dept,
        item_version=w.item,
        party=w.party,
        cause="销售超过保质期食品",
        facts="货架上陈列销售超过保质期的纯牛奶。",
        officers=officers or [w.o1, w.o2],
    )


def test_r_1_9_04_filing_approval_gives_the_unit_number_and_opens_the_handling_period(world):
    case = filed_case(world)
    assert case.status == CaseStatus.INVESTIGATING
    assert case.number.startswith("临猗市监罚〔") and case.number.endswith("1号")
    assert case.approvals.get().status == ApprovalStatus.APPROVED
    assert case.events.filter(action="file_approve", document__isnull=False).exists()
    ob = Obligation.objects.get(rule_id="R-1.5-15", subject_id=str(case.pk))
    assert ob.due_at is not None
    assert LedgerEntry.objects.filter(action="cases.case.file_approve").exists()


def test_r_1_1_12_two_certified_officers_are_needed_to_ask(world):
    with pytest.raises(DomainError) as exc:
        _request(world, officers=[world.o1, world.uncertified])
    assert exc.value.code == "team_invalid"
    with pytest.raises(DomainError):
        _request(world, officers=[world.o1])


def test_nobody_approves_their_own_request_and_only_heads_approve(world):
    case = _request(world)
    with pytest.raises(PermissionDenied):
        case_file_approve(case=case, actor=world.o2)
    with pytest.raises(PermissionDenied):
        case_file_approve(case=case, actor=world.reviewer)


def test_r_1_5_03_a_head_who_declares_a_conflict_does_not_approve(world):
    case = _request(world)
    case = case_file_approve(
        case=case, actor=world.head, has_conflict=True, ground="close_relative"
    )
    assert case.status == CaseStatus.FILING_PENDING and case.number is None
    with pytest.raises(PermissionDenied):
        case_file_approve(case=case, actor=world.head)
    case = case_file_approve(case=case, actor=world.head2)
    assert case.status == CaseStatus.INVESTIGATING


def test_refused_filing_ends_the_case_and_uses_no_number(world):
    case = _request(world)
    with pytest.raises(DomainError):
        case_file_reject(case=case, actor=world.head, opinion=" ")
    case = case_file_reject(case=case, actor=world.head, opinion="不属于本机关管辖。")
    assert case.status == CaseStatus.NOT_FILED and case.number is None
    with pytest.raises(TransitionNotAllowed):
        case_file_approve(case=case, actor=world.head)
    second = filed_case(world)
    assert second.number_serial == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("自立案之日起九十日内作出处理决定", (90, "day")),
        ("二十个工作日", (20, "workday")),
        ("15日", (15, "day")),
        ("即时办结", None),
    ],
)
def test_r_1_5_15_handling_period_read_from_the_item(text, expected):
    assert handling_period(text) == expected

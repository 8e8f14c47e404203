"""The decision: every gate of decision_propose with its rule id, the head's approval with the
remedies (R-1.14-08) and the publication period (R-1.2-12 / R-1.2-11), the way back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhifa.cases.actions import get as get_action
from zhifa.cases.constants import (
    ApprovalKind,
    ApprovalStatus,
    Capacity,
    CaseStatus,
    DecisionOutcome,
    MajorGround,
    OfficerCapacity,
    Proposal,
    StatementMode,
)
from zhifa.cases.models import Approval, Case, CaseOfficer, Decision, RecusalDeclaration
from zhifa.cases.services.decision import decision_approve, decision_propose, decision_reject
from zhifa.cases.services.notice import (
    hearing_hold,
    hearing_request,
    statement_answer,
    statement_record,
)
from zhifa.cases.services.officers import recusal_declare
from zhifa.cases.tests.test_discussion import discuss
from zhifa.cases.tests.test_notice import hearing_case, notified_case, serve
from zhifa.cases.tests.test_report import later, reported_case
from zhifa.catalog.constants import ItemType
from zhifa.catalog.constants import PenaltyType as P
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.ledger.models import LedgerEntry
from zhifa.legal_review.tests.helpers import drive_to_approval
from zhifa.workdays.calendar import add_workdays

D = Decimal


def propose(w, case, **over):  # type: ignore[no-untyped-def]
    actor = over.pop("actor", w.o1)
    data = {
        "outcome": DecisionOutcome.PENALTY,
        "content": "罚款人民币12000元。",
        "penalty_types": [P.FINE],
        "fine": D("12000"),
    }
    data.update(over)
    return decision_propose(case=case, actor=actor, **data)


def _answer_all(w, case):  # type: ignore[no-untyped-def]
    st = statement_record(
        case=case,
        actor=w.o1,
        mode=StatementMode.WRITTEN,
        received_at=clock.now(),
        content="初次违法，请求从轻。",
    )
    statement_answer(case=case, actor=w.o1, statement=st, adopted=False, response="已从轻。")


def decided_case(w):  # type: ignore[no-untyped-def]
    """A penalty case decided after the party's window ran out (no statements)."""
    case = notified_case(w)
    with later(6):
        propose(w, case)
        decision_approve(case=case, actor=w.head)
    case.refresh_from_db()
    return case


def ob(case, rule):  # type: ignore[no-untyped-def]
    return Obligation.objects.filter(rule_id=rule, subject_id=str(case.pk)).first()


# --- the whole path ----------------------------------------------------------------------------


def test_r_1_2_12_penalty_path_to_decided_opens_publication_due_7_working_days_later(world):
    case = decided_case(world)
    assert case.status == CaseStatus.DECIDED and case.decided_at is not None
    decision = Decision.objects.get(case=case)
    assert decision.approved_by == world.head and decision.document is not None
    assert decision.document.title == "行政处罚决定书"
    publication = ob(case, "R-1.2-12")
    decided_on = clock.local(case.decided_at).date()
    assert publication.due_date == add_workdays(decided_on, 7)
    assert ob(case, "R-1.2-11") is None
    assert ob(case, "R-1.5-15").state in (ObligationState.FULFILLED, ObligationState.FULFILLED_LATE)
    assert Approval.objects.get(case=case, kind=ApprovalKind.DECISION).status == "approved"
    assert LedgerEntry.objects.filter(action="cases.case.decision_approve").exists()


def test_r_1_14_08_the_decision_states_reconsideration_and_litigation_remedies(world):
    case = decided_case(world)
    remedies = Decision.objects.get(case=case).remedies
    assert "六十日内向临猗县人民政府申请行政复议" in remedies
    assert "六个月内依法向临猗县人民法院提起行政诉讼" in remedies


def test_r_1_14_06_r_1_4_02_major_path_review_discussion_then_decision(world):
    case = reported_case(world, major_grounds=[MajorGround.PUBLIC_INTEREST])
    drive_to_approval(world, case)
    serve(world, case)
    _answer_all(world, case)
    with pytest.raises(DomainError) as exc:
        propose(world, case)
    assert exc.value.code == "discussion_required"
    discuss(world, case)
    propose(world, case)
    decision_approve(case=case, actor=world.head)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and case.is_major


def test_hearing_path_requires_the_hearing_held_or_withdrawn(world):
    case = hearing_case(world)
    hearing = hearing_request(
        case=case,
        actor=world.o1,
        requested_at=clock.now(),
        scheduled_at=clock.now() + dt.timedelta(days=8),
        place="三楼听证室",
        host=world.o3,
    )
    discuss(world, case)
    with pytest.raises(DomainError) as exc:
        propose(world, case, fine=D("40000"), penalty_types=[P.FINE, P.SUSPEND_BUSINESS])
    assert exc.value.code == "hearing_pending"
    hearing_hold(
        case=case,
        actor=world.o1,
        hearing=hearing,
        held_at=None,
        record="",
        report="",
        withdrawn=True,
    )
    propose(world, case, fine=D("40000"), penalty_types=[P.FINE, P.SUSPEND_BUSINESS])


# --- the gates -----------------------------------------------------------------------------------


def test_r_1_5_17_no_penalty_decision_before_the_written_notice(world):
    case = reported_case(world)
    with pytest.raises(DomainError) as exc:
        propose(world, case)
    assert exc.value.code == "notice_required"


def test_r_1_14_08_not_while_the_partys_window_is_open(world):
    case = notified_case(world)
    with pytest.raises(DomainError) as exc:
        propose(world, case)
    assert exc.value.code == "window_open"


def test_r_1_14_08_every_statement_is_answered_before_deciding(world):
    case = notified_case(world)
    statement_record(
        case=case, actor=world.o1, mode=StatementMode.ORAL, received_at=clock.now(), content="申辩"
    )
    with pytest.raises(DomainError) as exc:
        propose(world, case)
    assert exc.value.code == "statement_unanswered"


def test_r_2_2_10_no_penalty_decision_while_a_crime_is_suspected(world):
    case = notified_case(world)
    Case.objects.filter(pk=case.pk).update(crime_suspected=True)
    with later(6), pytest.raises(DomainError) as exc:
        propose(world, case)
    assert exc.value.code == "crime_transfer_required"


def test_r_1_4_02_a_major_no_penalty_decision_needs_the_review(world):
    case = reported_case(
        world,
        proposal=Proposal.NO_PENALTY,
        penalty_types=[],
        fine=None,
        benchmark=None,
        major_grounds=[MajorGround.SOCIAL_IMPACT],
    )
    with pytest.raises(DomainError) as exc:
        propose(world, case, outcome=DecisionOutcome.NO_PENALTY, penalty_types=[], fine=None)
    assert exc.value.code == "review_not_passed"


def test_r_1_5_17_a_penalty_heavier_than_notified_is_refused(world):
    case = notified_case(world)
    with later(6):
        with pytest.raises(DomainError) as exc:
            propose(world, case, fine=D("14000"))
        assert exc.value.code == "heavier_than_notified"
        with pytest.raises(DomainError) as exc:
            propose(world, case, penalty_types=[P.FINE, P.WARNING])
        assert exc.value.code == "heavier_than_notified"


def test_r_1_5_02_a_lighter_penalty_than_notified_is_checked_against_the_law_again(world):
    case = notified_case(world)
    with later(6):
        with pytest.raises(DomainError) as exc:
            propose(world, case, fine=D("3000"))  # below the statutory minimum of 5 000
        assert exc.value.code == "outside_statutory_range" and exc.value.field == "fine"
        d = propose(world, case, fine=D("5000"))  # the lighter tier's minimum
    assert d.fine == D("5000")


def test_r_1_1_12_two_certified_handlers_are_needed_to_propose(world):
    case = notified_case(world)
    recusal_declare(
        case=case, actor=world.o2, capacity="handler", has_conflict=True, ground="other_relation"
    )
    with later(6), pytest.raises(DomainError) as exc:
        propose(world, case)
    assert exc.value.code == "team_invalid"


def test_only_a_handler_proposes_and_only_another_head_approves(world):
    case = notified_case(world)
    with later(6):
        with pytest.raises(PermissionDenied):
            propose(world, case, actor=world.head)
        propose(world, case)
        with pytest.raises(PermissionDenied):
            decision_approve(case=case, actor=world.o2)
        with pytest.raises(PermissionDenied):
            decision_approve(case=case, actor=world.reviewer)
        case = decision_approve(
            case=case, actor=world.head, has_conflict=True, ground="close_relative"
        )
        assert case.status == CaseStatus.DECISION_PENDING
        assert RecusalDeclaration.objects.filter(
            case=case, person=world.head, capacity=Capacity.APPROVER, has_conflict=True
        ).exists()
        with pytest.raises(PermissionDenied):
            decision_approve(case=case, actor=world.head)
        case = decision_approve(case=case, actor=world.head2)
    assert case.status == CaseStatus.DECIDED
    with pytest.raises(TransitionNotAllowed):
        decision_approve(case=case, actor=world.head2)


def test_rejected_decision_goes_back_to_notifying_and_can_be_proposed_again(world):
    case = notified_case(world)
    with later(6):
        propose(world, case)
        with pytest.raises(DomainError):
            decision_reject(case=case, actor=world.head, opinion=" ")
        case = decision_reject(case=case, actor=world.head, opinion="罚款数额请再斟酌。")
        assert case.status == CaseStatus.NOTIFYING
        d = propose(world, case, fine=D("10000"), content="罚款人民币10000元。")
        assert Decision.objects.filter(case=case).count() == 1 and d.fine == D("10000")


def test_r_1_2_12_a_no_penalty_decision_is_published_a_terminated_case_is_not(world):
    case = reported_case(
        world, proposal=Proposal.NO_PENALTY, penalty_types=[], fine=None, benchmark=None
    )
    with pytest.raises(DomainError) as exc:
        propose(world, case, outcome=DecisionOutcome.TERMINATE, penalty_types=[], fine=None)
    assert exc.value.code == "outcome_mismatch"
    propose(world, case, outcome=DecisionOutcome.NO_PENALTY, penalty_types=[], fine=None)
    decision_approve(case=case, actor=world.head)
    assert ob(case, "R-1.2-12") is not None
    assert Decision.objects.get(case=case).document.title == "不予行政处罚决定书"
    gone = reported_case(
        world, proposal=Proposal.TERMINATE, penalty_types=[], fine=None, benchmark=None
    )
    propose(world, gone, outcome=DecisionOutcome.TERMINATE, penalty_types=[], fine=None)
    decision_reject(case=gone, actor=world.head, opinion="请补充调查。")
    gone.refresh_from_db()
    assert gone.status == CaseStatus.REPORTED
    propose(world, gone, outcome=DecisionOutcome.TERMINATE, penalty_types=[], fine=None)
    decision_approve(case=gone, actor=world.head)
    assert ob(gone, "R-1.2-12") is None and ob(gone, "R-1.2-11") is None
    assert Decision.objects.get(case=gone).document.title == "撤销案件决定书"


# --- permits and the other acts ------------------------------------------------------------------


def _case_of(w, kind, item, status):  # type: ignore[no-untyped-def]
    case = Case.objects.create(
        organisation=w.dept,
        kind=kind,
        status=status,
        item_version=item,
        party=w.party,
        cause=item.name,
        facts="经审查。",
        created_by=w.o1,
    )
    for user, cap in ((w.o1, OfficerCapacity.LEAD), (w.o2, OfficerCapacity.ASSISTANT)):
        CaseOfficer.objects.create(
            case=case, user=user, capacity=cap, assigned_at=clock.now(), assigned_by=w.o1
        )
        RecusalDeclaration.objects.create(
            case=case, person=user, capacity="handler", has_conflict=False, declared_at=clock.now()
        )
    return case


def test_permit_grant_from_examining_is_published_in_7_working_days(world):
    case = _case_of(world, ItemType.PERMIT, world.permit_item, CaseStatus.EXAMINING)
    with pytest.raises(DomainError):
        propose(world, case)  # a penalty outcome for a permit
    propose(
        world,
        case,
        outcome=DecisionOutcome.PERMIT_GRANT,
        content="准予许可。",
        penalty_types=[],
        fine=None,
    )
    decision_reject(case=case, actor=world.head, opinion="材料不全。")
    case.refresh_from_db()
    assert case.status == CaseStatus.EXAMINING
    propose(
        world,
        case,
        outcome=DecisionOutcome.PERMIT_GRANT,
        content="准予许可。",
        penalty_types=[],
        fine=None,
    )
    decision_approve(case=case, actor=world.head)
    case.refresh_from_db()
    assert case.number and "许" in case.number
    assert Decision.objects.get(case=case).document.title == "准予行政许可决定书"
    assert ob(case, "R-1.2-12") is not None


def test_r_1_4_02_a_major_permit_needs_a_passed_review(world):
    case = _case_of(world, ItemType.PERMIT, world.permit_item, CaseStatus.EXAMINING)
    Case.objects.filter(pk=case.pk).update(is_major=True)
    with pytest.raises(DomainError) as exc:
        propose(
            world,
            case,
            outcome=DecisionOutcome.PERMIT_REFUSE,
            content="不予许可。",
            penalty_types=[],
            fine=None,
        )
    assert exc.value.code == "review_not_passed"


def test_r_1_4_02_r_1_4_07_a_major_permit_goes_to_review_and_comes_back_to_examination(world):
    from zhifa.cases.services.review import review_passed, review_submit
    from zhifa.legal_review.tests.helpers import give_opinion, submit_complete

    case = _case_of(world, ItemType.PERMIT, world.permit_item, CaseStatus.EXAMINING)
    with pytest.raises(DomainError) as exc:
        review_submit(case=case, actor=world.o1)  # no ground: not major
    assert exc.value.code == "not_major"
    submit_complete(world, case, major_grounds=["major_rights"])
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW and case.is_major
    assert ob(case, "R-1.4-13") is not None
    give_opinion(world, case, text="合法适当。")
    case.refresh_from_db()
    assert case.status == CaseStatus.EXAMINING and review_passed(case)
    propose(
        world,
        case,
        outcome=DecisionOutcome.PERMIT_GRANT,
        content="准予许可。",
        penalty_types=[],
        fine=None,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.DECISION_PENDING


def _act_pending(w):  # type: ignore[no-untyped-def]
    from zhifa.records.services.records import av_explanation_decide, av_explanation_submit

    case = _case_of(w, ItemType.COERCION, w.coercion_item, CaseStatus.DECISION_PENDING)
    # R-1.3-07: the coercive act's missing AV record is explained and approved by the head
    note = av_explanation_submit(case=case, actor=w.o1, reason="执法记录仪故障，未能记录。")
    av_explanation_decide(explanation=note, actor=w.head2, approve=True)
    Decision.objects.create(
        case=case,
        outcome=DecisionOutcome.ACT,
        content="查封涉案食品。",
        remedies="",
        proposed_by=w.o1,
        proposed_at=clock.now(),
    )
    Approval.objects.create(
        case=case,
        organisation=w.dept,
        kind=ApprovalKind.DECISION,
        requested_by=w.o1,
        requested_at=clock.now(),
    )
    return case


def test_r_1_2_11_an_act_is_numbered_on_approval_and_published_in_20_working_days(world):
    case = _act_pending(world)
    case = decision_approve(case=case, actor=world.head)
    assert case.number and "强" in case.number
    publication = ob(case, "R-1.2-11")
    assert publication.due_date == add_workdays(clock.local(case.decided_at).date(), 20)
    decision = Decision.objects.get(case=case)
    assert decision.document.title == "行政强制等执法决定书"
    assert "行政复议" in decision.remedies


def test_a_rejected_act_is_dropped(world):
    case = _act_pending(world)
    case = decision_reject(case=case, actor=world.head, opinion="不符合查封条件。")
    assert case.status == CaseStatus.DROPPED and case.number is None
    assert Approval.objects.get(case=case).status == ApprovalStatus.REJECTED


# --- actions -------------------------------------------------------------------------------------


def test_decision_actions_bind_their_forms(world):
    case = notified_case(world)
    propose_action = get_action("case", "decision_propose")
    initial = propose_action.initial(case, world.o1)
    assert initial["outcome"] == DecisionOutcome.PENALTY and initial["fine"] == D("12000")
    form = propose_action.form(
        data={
            "outcome": "penalty",
            "content": "罚款人民币12000元。",
            "penalty_types": [P.FINE],
            "fine": "12000",
        },
        user=world.o1,
        case=case,
    )
    assert form.is_valid(), form.errors
    with later(6):
        propose_action.perform(case=case, actor=world.o1, data=form.cleaned_data)
        approve_action = get_action("case", "decision_approve")
        form = approve_action.form(
            data={"has_conflict": "no", "opinion": "同意。"}, user=world.head, case=case
        )
        assert form.is_valid(), form.errors
        case = approve_action.perform(case=case, actor=world.head, data=form.cleaned_data)
    assert case.status == CaseStatus.DECIDED
    reject_action = get_action("case", "decision_reject")
    assert (
        reject_action.who == "head"
        and not reject_action.form(data={}, user=world.head, case=case).is_valid()
    )

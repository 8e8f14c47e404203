"""The legal review workflow through the services: materials (R-1.4-09, AMB-1.4-b), the clock
(R-1.4-13) over the working-day calendar, pauses (R-1.4-15), the one extension (R-1.4-14),
recusal (R-1.4-06), the checklist and opinions (R-1.4-10/11), the dispute (R-1.4-16), joint
review (R-1.4-05) and the gate (R-1.4-02)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.cases.constants import CaseStatus, ReviewOpinion
from zhifa.cases.models import CaseEvent
from zhifa.cases.services.review import require_review_passed, review_passed
from zhifa.cases.tests.test_decision import discuss
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.inbox.models import Message
from zhifa.legal_review.constants import (
    ConsultResult,
    Finding,
    HeadDecision,
    MaterialKind,
    PauseKind,
    SubmissionStatus,
)
from zhifa.legal_review.models import ChecklistItem, Pause
from zhifa.legal_review.services.clock import (
    extension_decide,
    extension_request,
    pause_end,
    pause_start,
)
from zhifa.legal_review.services.dispute import dispute_consult, dispute_head_decide, dispute_raise
from zhifa.legal_review.services.opinion import opinion_issue
from zhifa.legal_review.services.submission import (
    material_set,
    materials_check,
    participant_add,
    reviewer_take,
    submission_resubmit,
)
from zhifa.legal_review.tests.helpers import (
    add_missing,
    checklist,
    give_opinion,
    major_case,
    submit,
    submit_complete,
)
from zhifa.workdays.calendar import add_workdays

S = SubmissionStatus
TZ = dt.timezone(dt.timedelta(hours=8))


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def r13(case):  # type: ignore[no-untyped-def]
    return Obligation.objects.filter(rule_id="R-1.4-13", subject_id=str(case.pk)).first()


def test_r_1_4_09_incomplete_materials_go_back_with_the_list_and_start_no_clock(world):
    case = major_case(world)
    submission = submit(world, case)
    assert submission.status == S.SUBMITTED and r13(case) is None
    # the draft decision is missing: the review body cannot find the set complete
    with pytest.raises(DomainError) as exc:
        materials_check(submission=submission, actor=world.reviewer, complete=True)
    assert exc.value.code == "materials_missing" and "决定书代拟稿" in exc.value.message
    check = materials_check(
        submission=submission, actor=world.reviewer, complete=False, note="请补充决定书代拟稿。"
    )
    submission.refresh_from_db()
    assert submission.status == S.INCOMPLETE and submission.complete_at is None
    assert check.missing == [MaterialKind.DRAFT_DECISION]
    assert r13(case) is None  # R-1.4-13 not started
    event = CaseEvent.objects.filter(case=case, action="review_materials_return").get()
    assert "决定书代拟稿" in event.summary
    assert Message.objects.filter(recipient=world.o1, title__contains="退回补充").exists()
    # the opinion is refused while the materials are not complete
    with pytest.raises(DomainError):
        give_opinion(world, case)
    # supplement and resubmit, then complete → the clock starts
    add_missing(world, submission)
    submission_resubmit(submission=submission, actor=world.o1)
    materials_check(submission=submission, actor=world.reviewer, complete=True)
    submission.refresh_from_db()
    assert submission.status == S.UNDER_REVIEW and submission.complete_at is not None
    assert r13(case).state == ObligationState.RUNNING


def test_r_1_4_09_the_hearing_record_is_required_only_when_a_hearing_was_held(world):
    """R-1.4-17: the handling unit (a handler) provides the materials, the review body does not."""
    case = major_case(world)
    submission = submit(world, case)
    material_set(
        submission=submission,
        actor=world.o1,
        kind=MaterialKind.DRAFT_DECISION,
        text="行政处罚决定书（代拟稿）",
        hearing_or_assessment_held=True,
    )
    with pytest.raises(DomainError) as exc:
        materials_check(submission=submission, actor=world.reviewer, complete=True)
    assert "听证笔录或评估报告" in exc.value.message
    with pytest.raises(PermissionDenied):  # the review body does not supply materials
        material_set(submission=submission, actor=world.reviewer, kind="other", text="x")


def test_r_1_4_13_the_clock_runs_over_national_day_2025_on_the_working_day_calendar(world):
    case = major_case(world)
    submission = submit(world, case)
    add_missing(world, submission)
    with time_machine.travel(at(2025, 9, 26, 10, 0), tick=False):
        materials_check(submission=submission, actor=world.reviewer, complete=True)
    ob = r13(case)
    # 28 Sep and 11 Oct are make-up working days; 1–8 Oct are holidays
    assert ob.due_date == dt.date(2025, 10, 16) == add_workdays(dt.date(2025, 9, 26), 10)


def test_r_1_4_15_pause_and_resume_shift_the_due_date_and_the_history_keeps_each_pause(world):
    case = major_case(world)
    submission = submit(world, case)
    add_missing(world, submission)
    with time_machine.travel(at(2026, 12, 1, 10, 0), tick=False):
        materials_check(submission=submission, actor=world.reviewer, complete=True)
    due = r13(case).due_date
    assert due == add_workdays(dt.date(2026, 12, 1), 10)
    with time_machine.travel(at(2026, 12, 2, 10, 0), tick=False):
        with pytest.raises(DomainError):
            pause_start(submission=submission, actor=world.reviewer, kind="holiday", reason="x")
        pause_start(
            submission=submission,
            actor=world.reviewer,
            kind=PauseKind.EXPERT_ARGUMENTATION,
            reason="组织专家论证。",
        )
        submission.refresh_from_db()
        assert submission.status == S.PAUSED and r13(case).state == ObligationState.PAUSED
        with pytest.raises(DomainError) as exc:
            give_opinion(world, case)
        assert exc.value.code == "paused"
    with time_machine.travel(at(2026, 12, 7, 10, 0), tick=False):
        pause_end(submission=submission, actor=world.reviewer)
    ob = r13(case)
    lost = ob.pauses.get().lost
    assert lost == 3  # 3, 4 and 7 December do not count
    assert ob.due_date == add_workdays(due, lost)
    pause = Pause.objects.get(submission=submission)
    assert pause.ended_at is not None and pause.kind == PauseKind.EXPERT_ARGUMENTATION
    with time_machine.travel(at(2026, 12, 8, 10, 0), tick=False):
        pause_start(
            submission=submission,
            actor=world.reviewer,
            kind=PauseKind.MATERIALS_SUPPLEMENT,
            reason="补充进货单据。",
        )
    with time_machine.travel(at(2026, 12, 9, 10, 0), tick=False):
        pause_end(submission=submission, actor=world.reviewer)
    assert Pause.objects.filter(submission=submission).count() == 2


def test_r_1_4_14_one_extension_approved_by_a_head_who_is_not_a_handler_second_refused(world):
    case = major_case(world)
    submission = submit_complete(world, case)
    due = r13(case).due_date
    request = extension_request(
        submission=submission, actor=world.reviewer, reason="案情复杂，涉及多个法律关系。"
    )
    with pytest.raises(PermissionDenied):  # a handler is not the approving head
        extension_decide(submission=submission, actor=world.o1, approve=True)
    handler_head = world.head2
    case.officers.create(
        user=handler_head, capacity="assistant", assigned_at=clock.now(), assigned_by=world.head
    )
    with pytest.raises(PermissionDenied) as exc:  # a head who handles the case
        extension_decide(submission=submission, actor=handler_head, approve=True)
    assert exc.value.code == "own_work"
    with pytest.raises(PermissionDenied):  # a reviewer cannot approve
        extension_decide(submission=submission, actor=world.reviewer2, approve=True)
    request = extension_decide(submission=submission, actor=world.head, approve=True)
    assert request.status == "approved"
    submission.refresh_from_db()
    assert submission.extended
    assert r13(case).due_date == add_workdays(due, 10)
    with pytest.raises(DomainError) as exc:
        extension_request(submission=submission, actor=world.reviewer, reason="仍然复杂。")
    assert exc.value.code == "already_extended"
    assert "只能延长一次" in exc.value.message


def test_r_1_4_06_a_reviewer_who_handled_or_submitted_the_case_can_never_take_it(world):
    """R-1.4-01: only a legal reviewer of the unit's review body (or above) reviews."""
    case = major_case(world)
    both = world.o2
    both.roles.create(role=Role.LEGAL_REVIEWER)
    submission = submit(world, case)
    with pytest.raises(PermissionDenied) as exc:
        reviewer_take(submission=submission, actor=both)
    assert exc.value.code == "own_work"
    with pytest.raises(PermissionDenied) as exc:
        materials_check(submission=submission, actor=both, complete=False)
    assert exc.value.code == "own_work"
    outsider = make_user(world.county.team_a, Role.LEGAL_REVIEWER)
    with pytest.raises(PermissionDenied):
        reviewer_take(submission=submission, actor=outsider)


def test_r_1_4_06_a_declared_direct_interest_removes_the_reviewer(world):
    case = major_case(world)
    submission = submit_complete(world, case)
    reviewer_take(submission=submission, actor=world.reviewer)
    submission.refresh_from_db()
    assert submission.reviewer == world.reviewer
    with pytest.raises(DomainError) as exc:  # assigned to someone else
        give_opinion(world, case, reviewer=world.reviewer2)
    assert exc.value.code == "not_assigned"
    reviewer_take(
        submission=submission, actor=world.reviewer, has_conflict=True, ground="close_relative"
    )
    submission.refresh_from_db()
    assert submission.reviewer is None
    with pytest.raises(PermissionDenied) as exc:
        reviewer_take(submission=submission, actor=world.reviewer)
    assert exc.value.code == "recused"
    give_opinion(world, case, reviewer=world.reviewer2)
    assert review_passed(case)


def test_r_1_4_10_every_checklist_point_needs_a_finding_and_a_reason(world):
    case = major_case(world)
    submission = submit_complete(world, case)
    partial = checklist()
    partial["procedure"]["reason"] = " "
    with pytest.raises(DomainError) as exc:
        opinion_issue(
            submission=submission,
            actor=world.reviewer,
            opinion=ReviewOpinion.CORRECT,
            opinion_text="程序有瑕疵。",
            checklist=partial,
        )
    assert exc.value.field == "procedure_reason"
    # AMB-1.4-a: findings are recorded, the type is the reviewer's choice
    opinion_issue(
        submission=submission,
        actor=world.reviewer,
        opinion=ReviewOpinion.CORRECT,
        opinion_text="程序有瑕疵，请补正。",
        checklist=checklist(procedure=Finding.PROBLEM),
    )
    rows = {c.point: c.finding for c in ChecklistItem.objects.filter(submission=submission)}
    assert len(rows) == 7 and rows["procedure"] == Finding.PROBLEM
    submission.refresh_from_db()
    assert submission.status == S.OPINION_ISSUED
    assert r13(case).state == ObligationState.FULFILLED


def test_r_1_4_16_dispute_consult_then_the_head_decides_and_the_gate_passes(world):
    case = major_case(world)
    submission = submit_complete(world, case)
    give_opinion(world, case, ReviewOpinion.DO_NOT_DECIDE, text="主要证据不合法，不予作出。")
    assert not review_passed(case)
    with pytest.raises(PermissionDenied):  # only a handler raises it
        dispute_raise(submission=submission, actor=world.reviewer, reasons="x")
    dispute_raise(submission=submission, actor=world.o1, reasons="证据系依法取得，理由如下……")
    with pytest.raises(DomainError) as exc:  # the head decides only after consulting
        dispute_head_decide(
            submission=submission, actor=world.head, decision=HeadDecision.PROCEED, reasons="x"
        )
    assert exc.value.code == "not_consulted"
    with pytest.raises(DomainError) as exc:
        require_review_passed(case)
    assert "沟通" in exc.value.message
    dispute_consult(
        submission=submission,
        actor=world.reviewer,
        result=ConsultResult.STILL_DISPUTED,
        note="双方就证据合法性仍有分歧。",
    )
    with pytest.raises(PermissionDenied):  # a handler is not the deciding head
        dispute_head_decide(
            submission=submission, actor=world.o1, decision=HeadDecision.PROCEED, reasons="x"
        )
    with pytest.raises(DomainError) as exc:  # R-1.14-06: collective discussion first
        dispute_head_decide(
            submission=submission, actor=world.head, decision=HeadDecision.PROCEED, reasons="x"
        )
    assert exc.value.code == "discussion_required"
    discuss(world, case)
    with pytest.raises(DomainError) as exc:
        dispute_head_decide(
            submission=submission, actor=world.head, decision=HeadDecision.PROCEED, reasons=" "
        )
    assert exc.value.field == "reasons"
    dispute = dispute_head_decide(
        submission=submission,
        actor=world.head,
        decision=HeadDecision.PROCEED,
        reasons="经集体讨论，证据合法，按原拟决定作出。",
    )
    assert dispute.discussion is not None
    submission.refresh_from_db()
    assert submission.status == S.HEAD_DECIDED
    assert review_passed(case)
    require_review_passed(case)
    assert CaseEvent.objects.filter(case=case, action="review_head_decide").exists()


def test_r_1_4_16_an_agreed_consultation_or_a_head_adopting_the_opinion_does_not_pass(world):
    case = major_case(world)
    submission = submit_complete(world, case)
    give_opinion(world, case, ReviewOpinion.CORRECT, text="裁量不当。")
    dispute_raise(submission=submission, actor=world.o1, reasons="裁量适当。")
    dispute_consult(
        submission=submission, actor=world.o1, result=ConsultResult.AGREED, note="采纳意见。"
    )
    assert not review_passed(case)
    with pytest.raises(DomainError) as exc:
        require_review_passed(case)
    assert "采纳审核意见" in exc.value.message


def test_r_2_2_10_a_transfer_opinion_marks_the_crime_transfer_and_tells_the_handlers(world):
    case = major_case(world)
    submit_complete(world, case)
    give_opinion(world, case, ReviewOpinion.TRANSFER, text="涉嫌犯罪，应移送公安机关。")
    case.refresh_from_db()
    assert case.crime_suspected and case.status == CaseStatus.REPORTED
    assert not review_passed(case)
    assert Message.objects.filter(recipient=world.o1, title__contains="移送").exists()


def test_r_1_4_05_the_lead_unit_organises_and_other_units_take_part(world):
    case = major_case(world)
    submission = submit(world, case)
    lead = submission.participants.get()
    assert lead.role == "lead" and lead.organisation == case.organisation
    with pytest.raises(PermissionDenied):
        participant_add(submission=submission, actor=world.o1, organisation=world.county.team_a)
    participant_add(
        submission=submission,
        actor=world.reviewer,
        organisation=world.county.team_a,
        note="共同作出决定，参与审核。",
    )
    assert submission.participants.count() == 2
    with pytest.raises(DomainError):
        participant_add(
            submission=submission, actor=world.reviewer, organisation=world.county.team_a
        )

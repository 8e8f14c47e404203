"""Legal review of a major decision: the gate (R-1.4-02), the period (R-1.4-13), reviewer
recusal (R-1.4-06, R-1.5-03), nobody reviews their own work, the transfer opinion."""

from __future__ import annotations

import pytest

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.cases.actions import get as get_action
from zhifa.cases.constants import CaseStatus, MajorGround, ReviewOpinion
from zhifa.cases.models import LegalReview, RecusalDeclaration
from zhifa.cases.services.review import review_opinion, review_passed, review_submit
from zhifa.cases.tests.test_report import report, reported_case
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.legal_review.services.submission import materials_check
from zhifa.legal_review.tests.helpers import (
    add_missing,
    checklist,
    give_opinion,
    submit_complete,
)
from zhifa.workdays.calendar import add_workdays


def major_case(w):  # type: ignore[no-untyped-def]
    return reported_case(w, major_grounds=[MajorGround.COMPLEX])


def approve(w, case, reviewer=None):  # type: ignore[no-untyped-def]
    return give_opinion(w, case, reviewer=reviewer)


def reviewed_case(w):  # type: ignore[no-untyped-def]
    case = major_case(w)
    submit_complete(w, case)
    approve(w, case)
    case.refresh_from_db()
    return case


def test_r_1_4_13_complete_materials_open_the_10_working_day_review_and_the_opinion_fulfils_it(
    world,
):
    case = major_case(world)
    submission = submit_complete(world, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW
    ob = Obligation.objects.get(rule_id="R-1.4-13", subject_id=str(case.pk))
    start = clock.local(submission.complete_at).date()
    assert ob.due_date == add_workdays(start, 10)
    approve(world, case)
    case.refresh_from_db()
    ob.refresh_from_db()
    assert case.status == CaseStatus.REPORTED and review_passed(case)
    assert ob.state == ObligationState.FULFILLED


def test_r_1_4_02_only_a_major_report_is_sent_for_review(world):
    case = reported_case(world)
    with pytest.raises(DomainError) as exc:
        review_submit(case=case, actor=world.o1)
    assert exc.value.code == "not_major"


def test_review_submit_only_by_a_handler_and_only_from_reported(world):
    case = major_case(world)
    with pytest.raises(PermissionDenied):
        review_submit(case=case, actor=world.reviewer)
    review_submit(case=case, actor=world.o1)
    with pytest.raises(TransitionNotAllowed):
        review_submit(case=case, actor=world.o1)


def test_r_1_4_06_a_reviewer_with_a_conflict_is_recorded_and_may_no_longer_review(world):
    case = major_case(world)
    submit_complete(world, case)
    review = review_opinion(
        case=case,
        actor=world.reviewer,
        opinion=ReviewOpinion.APPROVE,
        opinion_text="同意。",
        checklist=checklist(),
        has_conflict=True,
        ground="close_relative",
    )
    assert review.opinion == "" and not review_passed(case)
    assert RecusalDeclaration.objects.filter(
        case=case, person=world.reviewer, capacity="reviewer", has_conflict=True
    ).exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW
    with pytest.raises(PermissionDenied) as exc:
        approve(world, case)
    assert exc.value.code == "recused"
    approve(world, case, reviewer=world.reviewer2)
    assert review_passed(case)


def test_r_1_4_06_nobody_reviews_their_own_case_and_only_reviewers_review(world):
    case = major_case(world)
    submit_complete(world, case)
    for person in (world.head, world.o3):
        with pytest.raises(PermissionDenied) as exc:
            approve(world, case, reviewer=person)
        assert exc.value.code == "not_reviewer"
    # a legal reviewer who is also a handler of the case
    both = world.o2
    both.roles.create(role=Role.LEGAL_REVIEWER)
    with pytest.raises(PermissionDenied) as exc:
        approve(world, case, reviewer=both)
    assert exc.value.code == "own_work"
    # a reviewer of another unit
    outsider = make_user(world.county.team_a, Role.LEGAL_REVIEWER)
    with pytest.raises(PermissionDenied):
        approve(world, case, reviewer=outsider)


def test_r_1_4_11_a_written_opinion_is_required(world):
    case = major_case(world)
    submit_complete(world, case)
    with pytest.raises(DomainError) as exc:
        give_opinion(world, case, text=" ")
    assert exc.value.field == "opinion_text"


def test_r_1_4_11_correct_needs_a_revised_report_and_a_new_review(world):
    case = major_case(world)
    submit_complete(world, case)
    give_opinion(world, case, ReviewOpinion.CORRECT, text="证据不足，请补充进货单据。")
    case.refresh_from_db()
    assert case.status == CaseStatus.REPORTED and not review_passed(case)
    with pytest.raises(DomainError) as exc:
        review_submit(case=case, actor=world.o1)
    assert exc.value.code == "already_reviewed"
    report(world, case, major_grounds=[MajorGround.COMPLEX])
    submit_complete(world, case)
    approve(world, case)
    assert review_passed(case)
    assert LegalReview.objects.filter(case=case).count() == 2


def test_r_2_2_10_a_transfer_opinion_marks_a_suspected_crime(world):
    case = major_case(world)
    submit_complete(world, case)
    give_opinion(
        world,
        case,
        ReviewOpinion.TRANSFER,
        text="货值金额较大，涉嫌生产、销售不符合安全标准的食品罪，应移送公安机关。",
    )
    case.refresh_from_db()
    assert case.crime_suspected and not review_passed(case)


def test_review_actions_bind_their_forms(world):
    case = major_case(world)
    submit = get_action("case", "review_submit")
    form = submit.form(data={"confirm": "on"}, user=world.o1, case=case)
    assert form.is_valid(), form.errors
    submit.perform(case=case, actor=world.o1, data=form.cleaned_data)
    case.refresh_from_db()
    submission = case.reviews.get().submission
    add_missing(world, submission)
    materials_check(submission=submission, actor=world.reviewer2, complete=True)
    action = get_action("case", "review_opinion")
    empty = action.form(data={"has_conflict": "no"}, user=world.reviewer, case=case)
    assert not empty.is_valid() and "opinion" in empty.errors
    assert "procedure_finding" in empty.errors  # R-1.4-10: every point answered
    points = {f"{p}_{k}": v for p, entry in checklist().items() for k, v in entry.items()}
    form = action.form(
        data={"has_conflict": "no", "opinion": "approve", "opinion_text": "同意。", **points},
        user=world.reviewer,
        case=case,
    )
    assert form.is_valid(), form.errors
    action.perform(case=case, actor=world.reviewer, data=form.cleaned_data)
    assert review_passed(case)

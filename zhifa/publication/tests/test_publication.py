"""Publishing decisions: the review chain (R-1.2-05, R-1.12-05), the limits it fulfils
(R-1.2-12, R-1.2-11), what is never published (R-1.2-14, R-1.2-15, R-1.12-02), masking
(R-1.2-15), withdrawal and update (R-1.12-06, R-1.2-17)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.scan import deadlines_scan
from zhifa.ledger.models import LedgerEntry
from zhifa.publication.constants import (
    ChangeKind,
    ChangeStatus,
    DecisionCategory,
    PublicationForm,
    PublicationStatus,
    Restriction,
    ThirdPartyGround,
    UpdateTrigger,
)
from zhifa.publication.selectors import DecisionFilters, portal_decision, portal_decision_page
from zhifa.publication.services.changes import (
    change_approve,
    change_cancel,
    change_legal_check,
    change_propose,
)
from zhifa.publication.services.publication import (
    publication_approve,
    publication_draft_from_case,
    publication_edit,
    publication_legal_check,
)
from zhifa.publication.tests.helpers import decided, person, published
from zhifa.workdays.calendar import add_workdays

pytestmark = pytest.mark.django_db


def _limit(case):  # type: ignore[no-untyped-def]
    return Obligation.objects.get(
        subject_type="cases.case", subject_id=str(case.pk), rule_id__in=("R-1.2-12", "R-1.2-11")
    )


def _edit(p, w, **over):  # type: ignore[no-untyped-def]
    data = {
        "form": p.form,
        "channels": ["portal"],
        "conclusion": p.source["conclusion"],
        "full_text": p.source.get("full_text", ""),
    }
    data.update(over)
    return publication_edit(publication=p, actor=w.o1, **data)


# --- the whole path and the limit ---------------------------------------------------------------


def test_r_1_2_12_penalty_published_on_time_fulfils_the_7_working_day_limit(world):
    case = decided(world)
    assert _limit(case).rule_id == "R-1.2-12" and _limit(case).duration == 7
    p = published(world, case)
    assert p.status == PublicationStatus.PUBLISHED and p.published_at is not None
    assert p.category == DecisionCategory.PENALTY
    assert _limit(case).state == ObligationState.FULFILLED
    # R-1.2-13: the five elements are there, and the portal shows them at a stable link.
    shown = portal_decision(p.pk)
    assert shown is not None
    assert shown.subject_name == world.dept.name and shown.target_name == world.party.name
    assert shown.decision_date == clock.local(case.decision.decided_at).date()
    assert "罚款" in shown.conclusion or "警告" in shown.conclusion
    assert LedgerEntry.objects.filter(action="publication.published").count() == 1


def test_r_1_2_12_published_late_shows_overdue_then_fulfilled_late(world):
    case = decided(world)
    limit = _limit(case)
    after_due = clock.end_of_day(add_workdays(limit.due_date, 1)) - dt.timedelta(hours=10)
    with time_machine.travel(after_due, tick=False):
        deadlines_scan()
        assert _limit(case).state == ObligationState.OVERDUE  # on the overdue board
        published(world, case)
    assert _limit(case).state == ObligationState.FULFILLED_LATE


def test_r_1_2_05_nothing_is_published_without_the_legal_check_and_the_head(world):
    case = decided(world)
    p = publication_draft_from_case(case=case, actor=world.o1)
    assert portal_decision(p.pk) is None  # a draft is not public
    with pytest.raises(TransitionNotAllowed):
        publication_approve(publication=p, actor=world.head, approve=True)
    # The drafter cannot check; an officer is no legal reviewer.
    with pytest.raises(PermissionDenied):
        publication_legal_check(
            publication=p, actor=world.o2, approve=True, note="好", masking_confirmed=True
        )
    publication_legal_check(
        publication=p, actor=world.reviewer, approve=True, note="合法。", masking_confirmed=True
    )
    assert portal_decision(p.pk) is None  # checked but not approved
    with pytest.raises(PermissionDenied):  # a reviewer is not the head
        publication_approve(publication=p, actor=world.reviewer, approve=True)
    p = publication_approve(publication=p, actor=world.head, approve=True)
    assert portal_decision(p.pk) is not None


def test_r_1_12_05_head_sends_back_and_the_draft_is_checked_again(world):
    case = decided(world)
    p = publication_draft_from_case(case=case, actor=world.o1)
    publication_legal_check(
        publication=p, actor=world.reviewer, approve=True, note="合法。", masking_confirmed=True
    )
    with pytest.raises(DomainError):  # sending back needs a reason
        publication_approve(publication=p, actor=world.head, approve=False, note=" ")
    p = publication_approve(publication=p, actor=world.head, approve=False, note="结论表述不完整。")
    assert p.status == PublicationStatus.DRAFTED and p.checked_by is None
    assert p.returned_reason == "结论表述不完整。"
    with pytest.raises(TransitionNotAllowed):
        publication_approve(publication=p, actor=world.head, approve=True)


def test_r_1_2_04_another_units_staff_cannot_draft_check_or_approve(world, county):
    other = county.team_a
    stranger = make_user(other, Role.OFFICER, username="x_off", full_name="外单位")
    other_head = make_user(other, Role.UNIT_HEAD, username="x_head", full_name="外负责人")
    case = decided(world)
    with pytest.raises(PermissionDenied):
        publication_draft_from_case(case=case, actor=stranger)
    p = publication_draft_from_case(case=case, actor=world.o1)
    publication_legal_check(
        publication=p, actor=world.reviewer, approve=True, note="合法。", masking_confirmed=True
    )
    with pytest.raises(PermissionDenied):
        publication_approve(publication=p, actor=other_head, approve=True)


def test_r_1_2_13_the_full_document_form_publishes_the_decision_text(world):
    p = published(world, form=PublicationForm.FULL)
    assert p.form == PublicationForm.FULL
    assert "当场行政处罚决定书" in p.full_text or len(p.full_text) > 50


# --- masking ------------------------------------------------------------------------------------


def test_r_1_2_15_a_natural_persons_name_id_and_address_are_masked_and_confirmed(world):
    party = person()
    case = decided(world, party=party)
    p = publication_draft_from_case(case=case, actor=world.o1)
    assert p.target_is_person and p.target_name == "张某某" and p.target_code == ""
    p = _edit(
        p,
        world,
        conclusion=(
            f"当事人张三丰（公民身份号码{party.id_number}，住址：山西省临猗县猗氏镇东街村12号，"
            "联系电话13812345678）销售过期食品，罚款1000元。"
        ),
    )
    assert party.id_number not in p.conclusion and "13812345678" not in p.conclusion
    assert "张三丰" not in p.conclusion and "东街村12号" not in p.conclusion
    assert "1000元" in p.conclusion
    kinds = {m["kind"] for m in p.masks}
    assert {"name", "id_number", "mobile"} <= kinds
    # The reviewer must confirm the masking.
    with pytest.raises(DomainError) as e:
        publication_legal_check(publication=p, actor=world.reviewer, approve=True, note="合法。")
    assert e.value.code == "masking_not_confirmed"
    p = publication_legal_check(
        publication=p, actor=world.reviewer, approve=True, note="合法。", masking_confirmed=True
    )
    assert p.masking_confirmed_by == world.reviewer
    p = publication_approve(publication=p, actor=world.head, approve=True)
    assert party.id_number not in p.search_text.replace(" ", "")


def test_r_1_2_15_enterprise_name_and_credit_code_stay(world):
    p = published(world)
    assert p.target_name == world.party.name
    assert p.target_code == (world.party.uscc or "")
    assert p.masks == [] or all(m["kind"] != "name" for m in p.masks)


def test_r_1_2_15_the_last_guard_refuses_a_full_id_number_that_slipped_through(world):
    party = person()
    case = decided(world)
    p = publication_draft_from_case(case=case, actor=world.o1)
    publication_legal_check(
        publication=p, actor=world.reviewer, approve=True, note="合法。", masking_confirmed=True
    )
    # Simulate text that bypassed masking (e.g. written by a faulty import).
    type(p).objects.filter(pk=p.pk).update(conclusion=f"号码 {party.id_number} 罚款")
    p.refresh_from_db()
    with pytest.raises(DomainError) as e:
        publication_approve(publication=p, actor=world.head, approve=True)
    assert e.value.code == "unmasked_personal_data"
    assert portal_decision(p.pk) is None


def test_r_1_2_15_extra_terms_mask_a_trade_secret_and_an_edit_voids_the_confirmation(world):
    case = decided(world)
    p = publication_draft_from_case(case=case, actor=world.o1)
    p = _edit(
        p, world, conclusion="使用秘方“金牛配方”生产，罚款1000元。", extra_mask_terms="金牛配方"
    )
    assert "金牛配方" not in p.conclusion and "***" in p.conclusion
    assert p.masking_confirmed_by is None


# --- what is never published --------------------------------------------------------------------


@pytest.mark.parametrize(
    "restriction", [Restriction.STATE_SECRET, Restriction.LEGALLY_BARRED, Restriction.SECURITY_RISK]
)
def test_r_1_2_14_never_published_is_withheld_with_reasons_and_the_limit_closed(world, restriction):
    case = decided(world)
    p = publication_draft_from_case(case=case, actor=world.o1)
    with pytest.raises(DomainError):  # a restriction needs its reason
        _edit(p, world, restriction=restriction, restriction_reason="")
    p = _edit(p, world, restriction=restriction, restriction_reason="经保密审查，涉及国家秘密。")
    publication_legal_check(
        publication=p, actor=world.reviewer, approve=True, note="同意不予公开。"
    )
    p = publication_approve(publication=p, actor=world.head, approve=True)
    assert p.status == PublicationStatus.WITHHELD and p.published_at is None
    assert portal_decision(p.pk) is None
    limit = _limit(case)
    assert limit.state == ObligationState.CANCELLED and "依法不予公开" in limit.closed_reason


def test_r_1_2_15_privacy_is_withheld_unless_consent_or_public_interest_is_recorded(world):
    case = decided(world)
    p = publication_draft_from_case(case=case, actor=world.o1)
    with pytest.raises(DomainError) as e:  # a ground without its record
        _edit(
            p,
            world,
            restriction=Restriction.PRIVACY,
            restriction_reason="涉及个人健康信息。",
            third_party_ground=ThirdPartyGround.CONSENT,
        )
    assert e.value.field == "third_party_record"
    p = _edit(
        p,
        world,
        restriction=Restriction.PRIVACY,
        restriction_reason="涉及个人健康信息。",
        third_party_ground=ThirdPartyGround.CONSENT,
        third_party_record="第三方于2026年11月20日书面同意公开（附同意书）。",
    )
    publication_legal_check(
        publication=p, actor=world.reviewer, approve=True, note="合法。", masking_confirmed=True
    )
    p = publication_approve(publication=p, actor=world.head, approve=True)
    assert p.status == PublicationStatus.PUBLISHED
    case2 = decided(world)
    q = publication_draft_from_case(case=case2, actor=world.o1)
    q = _edit(q, world, restriction=Restriction.TRADE_SECRET, restriction_reason="涉及配方。")
    publication_legal_check(publication=q, actor=world.reviewer, approve=True, note="同意。")
    assert publication_approve(publication=q, actor=world.head, approve=True).status == (
        PublicationStatus.WITHHELD
    )


def test_r_1_12_02_unsuitable_needs_an_assessment_and_is_filed_with_the_legal_review_body(world):
    case = decided(world)
    p = publication_draft_from_case(case=case, actor=world.o1)
    p = _edit(p, world, restriction=Restriction.UNSUITABLE, restriction_reason="经审查评估：……")
    p = publication_legal_check(publication=p, actor=world.reviewer, approve=True, note="备案。")
    assert p.checked_by == world.reviewer  # the legal check is the filing
    assert publication_approve(publication=p, actor=world.head, approve=True).status == (
        PublicationStatus.WITHHELD
    )


# --- withdrawal and update ----------------------------------------------------------------------


def _through(change, w):  # type: ignore[no-untyped-def]
    change_legal_check(
        change=change, actor=w.reviewer, approve=True, note="同意。", masking_confirmed=True
    )
    return change_approve(change=change, actor=w.head, approve=True)


def test_r_1_12_06_a_revoked_decision_is_withdrawn_after_review_and_shown_as_withdrawn(world):
    p = published(world)
    change = change_propose(
        publication=p,
        actor=world.o1,
        kind=ChangeKind.WITHDRAW,
        trigger=UpdateTrigger.REVOKED,
        reason="该决定经行政复议被撤销。",
    )
    assert portal_decision(p.pk).status == PublicationStatus.PUBLISHED  # not before approval
    with pytest.raises(TransitionNotAllowed):
        change_approve(change=change, actor=world.head, approve=True)
    change = _through(change, world)
    assert change.status == ChangeStatus.APPLIED
    shown = portal_decision(p.pk)
    assert shown is not None and shown.status == PublicationStatus.WITHDRAWN
    assert shown.withdrawn_at is not None
    # Withdrawn decisions drop out of the search, not out of their link.
    page = portal_decision_page(DecisionFilters(keyword="超过保质期"))
    assert p.pk not in [r.pk for r in page.rows]
    assert LedgerEntry.objects.filter(action="publication.withdrawn").exists()


def test_r_1_2_17_an_update_replaces_the_content_and_says_when_and_why(world):
    p = published(world)
    change = change_propose(
        publication=p,
        actor=world.o1,
        kind=ChangeKind.UPDATE,
        trigger=UpdateTrigger.REMADE,
        reason="复议机关变更罚款数额，重新作出决定。",
        conclusion="行政处罚。警告，并处罚款500元。",
    )
    with pytest.raises(DomainError):  # one change at a time
        change_propose(
            publication=p,
            actor=world.o1,
            kind=ChangeKind.WITHDRAW,
            trigger=UpdateTrigger.OTHER,
            reason="x",
        )
    _through(change, world)
    p.refresh_from_db()
    assert p.version == 2 and p.corrected_at is not None and "500元" in p.conclusion
    assert p.status == PublicationStatus.PUBLISHED
    page = portal_decision_page(DecisionFilters(keyword="500元"))
    assert [r.pk for r in page.rows] == [p.pk]


def test_r_1_12_06_a_change_can_be_cancelled_and_needs_a_published_decision(world):
    case = decided(world)
    draft = publication_draft_from_case(case=case, actor=world.o1)
    with pytest.raises(TransitionNotAllowed):
        change_propose(
            publication=draft,
            actor=world.o1,
            kind=ChangeKind.WITHDRAW,
            trigger=UpdateTrigger.OTHER,
            reason="x",
        )
    p = published(world)
    change = change_propose(
        publication=p,
        actor=world.o1,
        kind=ChangeKind.WITHDRAW,
        trigger=UpdateTrigger.OTHER,
        reason="误报。",
    )
    change = change_cancel(change=change, actor=world.o1, reason="核实无误，不再撤下。")
    assert change.status == ChangeStatus.CANCELLED
    # A new change may then be proposed.
    change_propose(
        publication=p,
        actor=world.o1,
        kind=ChangeKind.WITHDRAW,
        trigger=UpdateTrigger.OTHER,
        reason="再次。",
    )


def test_r_1_12_01_a_coercion_decision_is_published_as_coercion_within_20_working_days(world):
    """R-1.12-01 (scope: permit, penalty, coercion) and R-1.2-11 / AMB-1.12-a (20 WD)."""
    from zhifa.cases.services.decision import decision_approve
    from zhifa.cases.tests.test_acts import _record
    from zhifa.records.services.records import av_explanation_decide, av_explanation_submit

    case = _record(world)
    note = av_explanation_submit(case=case, actor=world.o1, reason="执法记录仪故障，未能记录。")
    av_explanation_decide(explanation=note, actor=world.head2, approve=True)
    case = decision_approve(case=case, actor=world.head, opinion="同意。")
    limit = _limit(case)
    assert limit.rule_id == "R-1.2-11" and limit.duration == 20
    p = published(world, case)
    assert p.category == DecisionCategory.COERCION
    assert _limit(case).state == ObligationState.FULFILLED


def test_r_1_12_03_channels_are_recorded_and_must_be_known(world):
    case = decided(world)
    p = publication_draft_from_case(case=case, actor=world.o1)
    assert p.channels == ["portal"]
    p = _edit(p, world, channels=["portal", "wechat"])
    assert p.channel_labels() == ["政府网站（本平台公示栏目）", "微信公众平台"]
    with pytest.raises(DomainError):
        _edit(p, world, channels=["tv"])
    with pytest.raises(DomainError):
        _edit(p, world, channels=[])

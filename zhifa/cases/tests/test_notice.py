"""Prior notice (R-1.5-17, R-1.14-08, R-1.4-02), statements recorded and answered, the party's
window, and the hearing (R-1.5-18, R-1.5-03)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhifa.cases.actions import get as get_action
from zhifa.cases.constants import CaseStatus, StatementMode
from zhifa.cases.models import PriorNotice
from zhifa.cases.services.notice import (
    hearing_hold,
    hearing_request,
    notice_serve,
    statement_answer,
    statement_record,
)
from zhifa.cases.services.officers import recusal_declare
from zhifa.cases.tests.test_report import later, reported_case
from zhifa.cases.tests.test_review import major_case, reviewed_case
from zhifa.catalog.constants import PenaltyType as P
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.documents.models import GeneratedDocument

D = Decimal


def serve(w, case, **over):  # type: ignore[no-untyped-def]
    actor = over.pop("actor", w.o1)
    data = {
        "served_at": clock.now(),
        "service_method": "direct",
        "facts": "当事人在经营场所销售超过保质期的纯牛奶12盒。",
        "reasons": "当事人配合调查，依照裁量基准从轻处罚。",
        "basis": "《中华人民共和国食品安全法》第一百二十六条",
        "proposed_penalty": "罚款人民币12000元",
    }
    data.update(over)
    return notice_serve(case=case, actor=actor, **data)


def notified_case(w, **report_over):  # type: ignore[no-untyped-def]
    case = reported_case(w, **report_over)
    serve(w, case)
    case.refresh_from_db()
    return case


def hearing_case(w):  # type: ignore[no-untyped-def]
    """Notified with a hearing right (责令停产停业); major, so reviewed first."""
    from zhifa.legal_review.tests.helpers import drive_to_approval

    case = reported_case(
        w, penalty_types=[P.FINE, P.SUSPEND_BUSINESS], fine=D("40000"), circumstance_codes=["H1"]
    )
    drive_to_approval(w, case)
    serve(w, case, proposed_penalty="罚款人民币40000元\n责令停产停业")
    case.refresh_from_db()
    return case


def test_r_1_14_08_notice_opens_the_party_window_of_five_days_and_renders_the_notice(world):
    case = reported_case(world)
    notice = serve(world, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFYING
    ob = Obligation.objects.get(rule_id="R-1.14-08", subject_id=str(case.pk))
    assert notice.window_until == ob.due_at
    served = clock.local(notice.served_at).date()
    assert ob.due_date == served + dt.timedelta(days=5)
    assert notice.document is not None and notice.document.title == "行政处罚事先告知书"
    assert not notice.hearing_right


def test_r_1_4_02_a_major_case_is_notified_only_after_the_review_passed(world):
    case = major_case(world)
    with pytest.raises(DomainError) as exc:
        serve(world, case)
    assert exc.value.code == "review_not_passed"
    case = reviewed_case(world)
    serve(world, case)


def test_r_2_2_10_no_notice_while_a_crime_is_suspected(world):
    case = reported_case(world)
    case.crime_suspected = True
    case.save(update_fields=["crime_suspected"])
    with pytest.raises(DomainError) as exc:
        serve(world, case)
    assert exc.value.code == "crime_transfer_required"


def test_notice_only_by_a_handler_only_from_reported_and_not_in_the_future(world):
    case = reported_case(world)
    with pytest.raises(PermissionDenied):
        serve(world, case, actor=world.head)
    with pytest.raises(DomainError) as exc:
        serve(world, case, served_at=clock.now() + dt.timedelta(hours=2))
    assert exc.value.field == "served_at"
    serve(world, case)
    with pytest.raises(TransitionNotAllowed):
        serve(world, case)


def test_r_1_14_08_statements_are_recorded_and_answered_in_writing(world):
    case = notified_case(world)
    with pytest.raises(DomainError) as exc:
        statement_record(
            case=case,
            actor=world.o1,
            mode=StatementMode.WRITTEN,
            received_at=clock.now(),
            content="",
        )
    assert exc.value.field == "content"
    st = statement_record(
        case=case,
        actor=world.o1,
        mode=StatementMode.WRITTEN,
        received_at=clock.now(),
        content="初次违法，请求减轻处罚。",
    )
    # no hearing right: the party has stated, the window is closed
    ob = Obligation.objects.get(rule_id="R-1.14-08", subject_id=str(case.pk))
    assert ob.state == ObligationState.FULFILLED
    with pytest.raises(DomainError):
        statement_answer(case=case, actor=world.o1, statement=st, adopted=False, response="")
    st = statement_answer(
        case=case,
        actor=world.o1,
        statement=st,
        adopted=False,
        response="已按从轻阶次裁量，不予采纳。",
    )
    assert st.answered_at is not None and st.adopted is False
    with pytest.raises(DomainError) as exc:
        statement_answer(case=case, actor=world.o1, statement=st, adopted=True, response="再答")
    assert exc.value.code == "already_answered"


def test_r_1_14_08_a_waiver_closes_the_window(world):
    case = hearing_case(world)
    statement_record(
        case=case, actor=world.o1, mode=StatementMode.WAIVED, received_at=clock.now(), content=""
    )
    ob = Obligation.objects.get(rule_id="R-1.14-08", subject_id=str(case.pk))
    assert ob.state == ObligationState.FULFILLED


def test_hearing_only_when_the_notice_gave_the_right(world):
    case = notified_case(world)
    with pytest.raises(DomainError) as exc:
        hearing_request(
            case=case,
            actor=world.o1,
            requested_at=clock.now(),
            scheduled_at=clock.now() + dt.timedelta(days=10),
            place="三楼听证室",
            host=world.o3,
        )
    assert exc.value.code == "no_hearing_right"


def test_r_1_14_08_a_hearing_asked_after_the_window_is_refused(world):
    case = hearing_case(world)
    notice = PriorNotice.objects.get(case=case)
    with later(8), pytest.raises(DomainError) as exc:
        hearing_request(
            case=case,
            actor=world.o1,
            requested_at=notice.window_until + dt.timedelta(hours=1),
            scheduled_at=clock.now() + dt.timedelta(days=10),
            place="三楼听证室",
            host=world.o3,
        )
    assert exc.value.code == "window_closed"


def test_r_1_5_18_the_hearing_host_did_not_investigate_and_declares_no_conflict(world):
    case = hearing_case(world)
    args = {
        "case": case,
        "actor": world.o1,
        "requested_at": clock.now(),
        "scheduled_at": clock.now() + dt.timedelta(days=10),
        "place": "三楼听证室",
    }
    with pytest.raises(DomainError) as exc:
        hearing_request(**args, host=world.o2)
    assert exc.value.code == "host_investigated" and exc.value.field == "host"
    hearing = hearing_request(**args, host=world.o3)
    assert hearing.notice_document is not None
    assert GeneratedDocument.objects.filter(pk=hearing.notice_document_id).exists()
    with later(11):
        with pytest.raises(DomainError) as exc:
            hearing_hold(
                case=case,
                actor=world.o3,
                hearing=hearing,
                held_at=clock.now(),
                record="听证笔录……",
                report="建议维持原处罚意见。",
            )
        assert exc.value.code == "recusal_not_declared"
        recusal_declare(case=case, actor=world.o3, capacity="hearing_host", has_conflict=False)
        with pytest.raises(PermissionDenied):
            hearing_hold(
                case=case,
                actor=world.head,
                hearing=hearing,
                held_at=clock.now(),
                record="听证笔录……",
                report="建议维持。",
            )
        held = hearing_hold(
            case=case,
            actor=world.o3,
            hearing=hearing,
            held_at=clock.now(),
            record="听证笔录……",
            report="建议维持原处罚意见。",
        )
    assert held.held_at is not None


def test_r_1_5_03_a_host_who_declared_a_conflict_may_not_host(world):
    case = hearing_case(world)
    recusal_declare(
        case=case,
        actor=world.o3,
        capacity="hearing_host",
        has_conflict=True,
        ground="other_relation",
    )
    with pytest.raises(DomainError) as exc:
        hearing_request(
            case=case,
            actor=world.o1,
            requested_at=clock.now(),
            scheduled_at=clock.now() + dt.timedelta(days=10),
            place="三楼听证室",
            host=world.o3,
        )
    assert exc.value.code == "recused"


def test_notice_and_statement_actions_bind_their_forms(world):
    case = reported_case(world)
    action = get_action("case", "notice_serve")
    assert action.field_step
    initial = action.initial(case, world.o1)
    assert initial["proposed_penalty"] == "罚款人民币12,000元"
    form = action.form(
        data={
            "served_at": clock.local(clock.now()).strftime("%Y-%m-%dT%H:%M"),
            "service_method": "direct",
            "facts": initial["facts"],
            "reasons": "从轻处罚。",
            "basis": initial["basis"],
            "proposed_penalty": initial["proposed_penalty"],
        },
        user=world.o1,
        case=case,
    )
    assert form.is_valid(), form.errors
    action.perform(case=case, actor=world.o1, data=form.cleaned_data)
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFYING
    rec = get_action("case", "statement_record")
    form = rec.form(
        data={
            "mode": "oral",
            "received_at": clock.local(clock.now()).strftime("%Y-%m-%dT%H:%M"),
            "content": "请求从轻。",
        },
        user=world.o1,
        case=case,
    )
    assert form.is_valid(), form.errors
    rec.perform(case=case, actor=world.o1, data=form.cleaned_data)
    ans = get_action("case", "statement_answer")
    form = ans.form(data={}, user=world.o1, case=case)
    st = form.fields["statement"].queryset.get()
    form = ans.form(
        data={"statement": st.pk, "adopted": "no", "response": "不予采纳。"},
        user=world.o1,
        case=case,
    )
    assert form.is_valid(), form.errors
    ans.perform(case=case, actor=world.o1, data=form.cleaned_data)
    st.refresh_from_db()
    assert st.response == "不予采纳。"

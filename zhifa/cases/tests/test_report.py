"""The investigation-end report: discretion (R-1.5-02, system 1.5, R-4.8-03), major decisions
(R-1.4-07, R-1.14-06), hearing right, other proposals, similar decisions (R-1.5-04).

Also the builders the other decision-area tests use (``reported_case`` …)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from zhifa.cases.actions import get as get_action
from zhifa.cases.constants import CaseStatus, MajorGround, Proposal
from zhifa.cases.models import CaseReport
from zhifa.cases.selectors.similar import similar_decisions
from zhifa.cases.services.report import report_submit
from zhifa.cases.tests.conftest import filed_case
from zhifa.catalog.constants import PenaltyType as P
from zhifa.catalog.constants import UnitListKind
from zhifa.catalog.models import UnitListEntry
from zhifa.catalog.tests.test_discretion_support import published_food
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.models import LedgerEntry

D = Decimal
FACTS = "当事人在经营场所货架上陈列销售超过保质期的纯牛奶12盒。"


def benchmark(w):  # type: ignore[no-untyped-def]
    """The item's published benchmark: lighter 5 000–15 000, ordinary 15 000–35 000 yuan."""
    if not hasattr(w, "benchmark"):
        w.benchmark = published_food(w.dept, w.head, item=w.item.item)
    return w.benchmark


def report(w, case, **over):  # type: ignore[no-untyped-def]
    actor = over.pop("actor", w.o1)
    data = {
        "facts": FACTS,
        "evidence_summary": "现场检查笔录、询问笔录、现场照片。",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十六条",
        "proposal": Proposal.PENALTY,
        "penalty_types": [P.FINE],
        "fine": D("12000"),
        "benchmark": benchmark(w),
        "circumstance_codes": ["L1"],
    }
    data.update(over)
    return report_submit(case=case, actor=actor, **data)


def reported_case(w, **over):  # type: ignore[no-untyped-def]
    case = filed_case(w)
    report(w, case, **over)
    case.refresh_from_db()
    return case


def later(days: float) -> time_machine.travel:
    """Travel ``days`` ahead of now (the party's window, review periods)."""
    return time_machine.travel(clock.now() + dt.timedelta(days=days), tick=False)


# --- discretion ------------------------------------------------------------------------------


def test_r_4_8_03_report_stores_the_suggested_tier_and_range_and_renders_the_report(world):
    case = reported_case(world)
    assert case.status == CaseStatus.REPORTED
    r = CaseReport.objects.get(case=case)
    assert r.revision == 1 and r.suggested_tier == "lighter"
    assert (r.suggested_min, r.suggested_max) == (D("5000"), D("15000"))
    assert r.departure_reason == "" and not r.is_major and not r.hearing_right
    assert r.document is not None and r.document.title.startswith("调查终结报告")
    assert case.events.filter(action="report_submit", document=r.document).exists()
    assert LedgerEntry.objects.filter(action="cases.case.report_submit").exists()


def test_r_1_5_02_a_fine_outside_the_statutory_range_is_refused_even_with_a_reason(world):
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        report(world, case, fine=D("60000"), departure_reason="情节特别严重。")
    assert exc.value.code == "outside_statutory_range" and exc.value.field == "fine"
    assert not CaseReport.objects.filter(case=case).exists()


def test_system_1_5_outside_the_suggested_tier_needs_a_written_reason(world):
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        report(world, case, fine=D("20000"))
    assert exc.value.code == "departure_reason_required"
    assert exc.value.field == "departure_reason"
    r = report(world, case, fine=D("20000"), departure_reason="货值较大，社会影响较广。")
    assert r.departure_reason == "货值较大，社会影响较广。"
    assert r.departure_warnings  # how it departs, for the file and the reviewer


def test_r_4_8_03_the_benchmark_must_be_one_of_the_items(world):
    case = filed_case(world)
    other = published_food(world.dept, world.head, code="OTHER-1")
    with pytest.raises(DomainError) as exc:
        report(world, case, benchmark=other)
    assert exc.value.code == "benchmark_not_for_item"
    with pytest.raises(DomainError) as exc:
        report(world, case, benchmark=None)
    assert exc.value.code == "benchmark_required"


def test_unknown_circumstance_is_refused_on_its_field(world):
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        report(world, case, circumstance_codes=["ZZ"])
    assert exc.value.field == "circumstance_codes"


# --- major and hearing -------------------------------------------------------------------------


def test_r_1_4_07_a_ground_makes_the_report_and_the_case_major(world):
    case = reported_case(world, major_grounds=[MajorGround.COMPLEX])
    assert case.is_major and case.major_grounds == [MajorGround.COMPLEX]
    assert CaseReport.objects.get(case=case).is_major


def test_r_1_4_07_an_item_on_the_units_major_list_is_major(world):
    UnitListEntry.objects.create(
        organisation=world.dept,
        kind=UnitListKind.MAJOR_DECISION,
        item=world.item.item,
        name="销售超过保质期食品的处罚",
    )
    case = reported_case(world)
    assert case.is_major and MajorGround.LISTED in case.major_grounds


def test_r_1_4_07_4_hearing_right_by_type_or_large_amount_makes_it_major(world):
    case = reported_case(
        world,
        penalty_types=[P.FINE, P.SUSPEND_BUSINESS],
        fine=D("40000"),
        circumstance_codes=["H1"],
    )
    assert case.hearing_right and case.is_major and MajorGround.HEARING in case.major_grounds
    small = reported_case(world)
    assert not small.hearing_right
    large = reported_case(world, large_amount=True)
    assert large.hearing_right and large.is_major


# --- other proposals, revisions, refusals -----------------------------------------------------


def test_r_2_2_10_a_transfer_proposal_marks_the_case_as_suspected_crime(world):
    case = reported_case(
        world, proposal=Proposal.TRANSFER_CRIME, penalty_types=[], fine=None, benchmark=None
    )
    assert case.crime_suspected and case.status == CaseStatus.REPORTED


def test_no_penalty_proposal_takes_no_amounts_and_revisions_count_up(world):
    case = filed_case(world)
    with pytest.raises(DomainError):
        report(world, case, proposal=Proposal.NO_PENALTY)
    first = report(
        world, case, proposal=Proposal.NO_PENALTY, penalty_types=[], fine=None, benchmark=None
    )
    second = report(world, case)
    assert (first.revision, second.revision) == (1, 2)


def test_report_only_by_a_handler_and_only_while_investigating(world):
    case = filed_case(world)
    for outsider in (world.o3, world.head, world.reviewer):
        with pytest.raises(PermissionDenied):
            report(world, case, actor=outsider)
    with pytest.raises(DomainError):
        report(world, case, facts=" ")
    from zhifa.cases.services.filing import case_file_request

    pending = case_file_request(
        actor=world.o1,
        organisation=world.dept,
        item_version=world.item,
        party=world.party,
        cause="销售超过保质期食品",
        facts=FACTS,
        officers=[world.o1, world.o2],
    )
    with pytest.raises(TransitionNotAllowed):
        report(world, pending)


def test_report_action_binds_the_form_and_calls_the_service(world):
    case = filed_case(world)
    action = get_action("case", "report_submit")
    assert action is not None and action.who == "handler"
    b = benchmark(world)
    form = action.form(
        data={
            "facts": FACTS,
            "evidence_summary": "现场检查笔录。",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十六条",
            "proposal": Proposal.PENALTY,
            "penalty_types": [P.FINE],
            "fine": "12000",
            "benchmark": str(b.pk),
            "circumstance_codes": ["L1"],
        },
        user=world.o1,
        case=case,
    )
    assert form.is_valid(), form.errors
    assert "从轻处罚" in form.fields["benchmark"].help_text
    action.perform(case=case, actor=world.o1, data=form.cleaned_data)
    assert CaseReport.objects.get(case=case).fine == D("12000")


# --- similar decisions (R-1.5-04) --------------------------------------------------------------


def test_r_1_5_04_similar_decisions_of_the_unit_for_the_same_item_newest_first(
    world, django_assert_num_queries
):
    from zhifa.cases.tests.test_decision import decided_case

    first = decided_case(world)
    second = decided_case(world)
    current = filed_case(world)
    with django_assert_num_queries(2):
        rows = similar_decisions(case=current)
    assert [r.case_id for r in rows] == [second.pk, first.pk]
    assert rows[0].fine == D("12000") and rows[0].tier == "lighter"
    assert rows[0].tier_label == "从轻处罚" and rows[0].number == second.number
    assert similar_decisions(case=second) == [rows[1]]

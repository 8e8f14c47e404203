"""Demo cases of the market-regulation bureau (临猗县市场监督管理局), made through the services.

So that every page has something real to show: clues waiting to be verified, a filing waiting
for the head, cases under investigation, with the party's window running after a prior notice,
one decided (its publication time limit running), one decided on the spot, a permit under
examination. Each step goes through the same service a user's click would call, so the
timeline, the documents, the ledger and the time limits are the real ones.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import faker

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation, User
from zhifa.cases.constants import (
    ClueSource,
    DecisionOutcome,
    FieldActionKind,
    MajorGround,
    Proposal,
    ServiceMethod,
    StatementMode,
)
from zhifa.cases.models import FieldAction
from zhifa.cases.services.clues import clue_register, clue_verify
from zhifa.cases.services.decision import decision_approve, decision_propose
from zhifa.cases.services.filing import case_file_approve, case_file_request
from zhifa.cases.services.investigation import field_action_record
from zhifa.cases.services.notice import notice_serve, statement_record
from zhifa.cases.services.officers import recusal_declare
from zhifa.cases.services.permits import permit_accept, permit_apply
from zhifa.cases.services.report import report_submit
from zhifa.cases.services.review import review_submit
from zhifa.cases.services.simplified import case_simplified_decide
from zhifa.catalog.constants import ItemType, PenaltyType
from zhifa.catalog.models import Benchmark, ItemVersion
from zhifa.catalog.selectors.discretion import benchmark_list_for_item, benchmark_suggest
from zhifa.catalog.selectors.items import items_in_force
from zhifa.core import clock
from zhifa.personnel.selectors.certificates import certificate_valid_for
from zhifa.publication.demo_publication import demo_publish
from zhifa.records import demo_records
from zhifa.subjects.models import MarketEntity

UNIT = "scjg"


def _team(unit: Organisation, version: ItemVersion, lead: User) -> list[User]:
    others = [
        u
        for u in User.objects.filter(organisation=unit, roles__role=Role.OFFICER, is_active=True)
        .exclude(pk=lead.pk)
        .order_by("username")
        .distinct()
        if certificate_valid_for(u, version.enforcement_type)
    ]
    return [lead, *others[:1]]


def _penalty_item(unit: Organisation) -> tuple[ItemVersion, Benchmark | None]:
    versions = list(
        items_in_force(organisation=unit, item_type=ItemType.PENALTY).select_related("item")
    )
    for version in versions:
        benchmarks = list(benchmark_list_for_item(item=version.item))
        if benchmarks:
            return version, benchmarks[0]
    return versions[0], None


def _fine_for(benchmark: Benchmark | None) -> tuple[list[str], Decimal | None, str]:
    """Penalty types, fine and suggested tier code the benchmark suggests without any
    circumstance (an ordinary case)."""
    if benchmark is None:
        return [PenaltyType.WARNING], None, ""
    suggestion = benchmark_suggest(benchmark=benchmark, circumstance_codes=[], amount_basis=None)
    if suggestion.fine_min is None:
        return [PenaltyType.WARNING], None, suggestion.tier
    return [PenaltyType.FINE], Decimal(suggestion.fine_min), suggestion.tier


class _Day:
    """Moments of today's work, in order: the demo replays one working day through the services
    (the officers' certificates and the catalogue date from today, so nothing is backdated)."""

    SLOTS = 40

    def __init__(self) -> None:
        now = clock.now()
        self.base = max(
            clock.start_of_day(clock.today()) + dt.timedelta(minutes=1),
            now - dt.timedelta(hours=8),
        )
        self.step = (now - self.base) / (self.SLOTS + 1)

    def __call__(self, slot: int) -> dt.datetime:
        return self.base + self.step * slot


def _file(
    *,
    t: _Day,
    slot: int,
    unit: Organisation,
    version: ItemVersion,
    lead: User,
    head: User,
    party: MarketEntity,
    cause: str,
    facts: str,
    approve: bool = True,
):  # type: ignore[no-untyped-def]
    team = _team(unit, version, lead)
    with clock.as_of(t(slot)):
        case = case_file_request(
            actor=lead,
            organisation=unit,
            item_version=version,
            party=party,
            cause=cause,
            facts=facts,
            officers=team,
            request_note="当事人涉嫌违法，属本机关管辖，建议立案调查。",
        )
        for user in team[1:]:
            recusal_declare(case=case, actor=user, capacity="handler", has_conflict=False)
    if approve:
        with clock.as_of(t(slot + 1)):
            case = case_file_approve(
                case=case, actor=head, opinion="同意立案，由承办人员依法调查。"
            )
    return case, team


def _inspect(
    case, *, t: _Day, slot: int, lead: User, team: list[User], party: MarketEntity
) -> FieldAction:  # type: ignore[no-untyped-def]
    with clock.as_of(t(slot + 2)):
        return field_action_record(
            case=case,
            actor=lead,
            kind=FieldActionKind.SITE_INSPECTION,
            started_at=t(slot),
            ended_at=t(slot + 1),
            place=party.address or "当事人经营场所",
            officers=team,
            certificate_shown=True,
            party_informed=True,
            record="执法人员出示执法证件，告知检查事由和当事人的权利义务。经检查，当事人经营场所货架上"
            "陈列销售的部分预包装食品已超过保质期，现场拍照取证。",
        )


def _under_review(
    common: dict[str, Any],
    *,
    party: MarketEntity,
    slot: int,
    types: list[str],
    fine: Decimal | None,
    benchmark: Benchmark | None,
) -> None:
    """Filed, inspected, reported as major (complex, R-1.4-07), sent for legal review with the
    draft decision added, and found complete by the review body: R-1.4-13 runs."""
    from zhifa.legal_review.models import Submission
    from zhifa.legal_review.services.submission import (
        material_set,
        materials_check,
        missing_materials,
    )

    t, lead, version = common["t"], common["lead"], common["version"]
    reviewer = User.objects.filter(username="reviewer").first()
    if reviewer is None:
        return
    case, team = _file(
        **common,
        slot=slot,
        party=party,
        cause="生产经营超过保质期的食品",
        facts="执法检查发现当事人仓库内存放大量超过保质期的预包装食品，涉及多个批次。",
    )
    _inspect(case, t=t, slot=slot + 2, lead=lead, team=team, party=party)
    with clock.as_of(t(slot + 5)):
        report_submit(
            case=case,
            actor=lead,
            facts="当事人仓库内存放超过保质期的预包装食品共 36 个批次，部分已销售，涉及多个供货渠道。",
            evidence_summary="现场检查笔录、询问笔录、进货台账、销售记录、现场照片。",
            legal_basis=version.legal_basis or "《中华人民共和国食品安全法》",
            proposal=Proposal.PENALTY,
            penalty_types=types,
            fine=fine,
            benchmark=benchmark,
            major_grounds=[MajorGround.COMPLEX],
        )
    with clock.as_of(t(slot + 6)):
        review_submit(case=case, actor=lead)
        submission = Submission.objects.filter(case=case).order_by("-id").first()
        if submission is None:
            return
        for kind in missing_materials(submission):
            material_set(
                submission=submission,
                actor=lead,
                kind=kind,
                text="行政处罚决定书（代拟稿）：拟给予当事人罚款的行政处罚，见附件。",
            )
    with clock.as_of(t(slot + 7)):
        materials_check(
            submission=submission, actor=reviewer, complete=True, note="送审材料齐全，开始审核。"
        )


def demo_seed(*, rng: random.Random, fake: faker.Faker, by_code: dict[str, Organisation]) -> None:
    """A handful of cases at different steps in the market-regulation bureau (see above)."""
    unit = by_code.get(UNIT)
    if unit is None:
        return
    lead = User.objects.filter(username="officer").first()
    head = User.objects.filter(username="head").first()
    if lead is None or head is None:
        return
    parties = list(
        MarketEntity.objects.filter(uscc__isnull=False).exclude(uscc="").order_by("id")[:12]
    )
    if len(parties) < 8:
        return
    version, benchmark = _penalty_item(unit)
    t = _Day()

    # Clues: one registered (to verify), one verified (ready to file).
    with clock.as_of(t(2)):
        clue_register(
            actor=lead,
            organisation=unit,
            source=ClueSource.COMPLAINT,
            received_at=t(1),
            summary="消费者来电举报：该超市销售的酸奶已过保质期。",
            party=parties[0],
            source_reference="12315 投诉举报",
        )
    with clock.as_of(t(4)):
        verified = clue_register(
            actor=lead,
            organisation=unit,
            source=ClueSource.INSPECTION,
            received_at=t(3),
            summary="双随机抽查中发现当事人未公示食品经营许可证。",
            party=parties[1],
        )
    with clock.as_of(t(5)):
        clue_verify(
            clue=verified, actor=lead, outcome="file", note="经现场核查，线索属实，建议立案。"
        )

    common: dict[str, Any] = {"unit": unit, "version": version, "lead": lead, "head": head, "t": t}
    # A filing waiting for the head.
    _file(
        **common,
        slot=6,
        party=parties[2],
        cause="销售超过保质期的食品",
        facts="举报称当事人销售过期饮料，经初步核查属实。",
        approve=False,
    )
    # Under investigation, with a site inspection.
    case, team = _file(
        **common,
        slot=7,
        party=parties[3],
        cause="销售超过保质期的食品",
        facts="执法检查发现当事人货架上有过期食品。",
    )
    inspection = _inspect(case, t=t, slot=9, lead=lead, team=team, party=parties[3])
    # Its records: the inspection's photo (stored), a seizure whose video awaits storage.
    demo_records.demo_seed(
        case=case, inspection=inspection, lead=lead, team=team, t=t, slot=12, seizure_slot=36
    )

    types, fine, _tier = _fine_for(benchmark)
    penalty_text = "；".join(
        "警告" if kind == PenaltyType.WARNING else f"罚款人民币{fine}元" for kind in types
    )

    def reported(party: MarketEntity, slot: int):  # type: ignore[no-untyped-def]
        case, team = _file(
            **common,
            slot=slot,
            party=party,
            cause="销售超过保质期的食品",
            facts="执法检查发现当事人销售超过保质期的食品。",
        )
        _inspect(case, t=t, slot=slot + 2, lead=lead, team=team, party=party)
        with clock.as_of(t(slot + 5)):
            report_submit(
                case=case,
                actor=lead,
                facts="当事人在经营场所陈列销售超过保质期的预包装食品，货值较小，案发后主动下架。",
                evidence_summary="现场检查笔录、现场照片、进货单据、营业执照复印件。",
                legal_basis=version.legal_basis or "《中华人民共和国食品安全法》",
                proposal=Proposal.PENALTY,
                penalty_types=types,
                fine=fine,
                benchmark=benchmark,
            )
        with clock.as_of(t(slot + 7)):
            notice_serve(
                case=case,
                actor=lead,
                served_at=t(slot + 6),
                service_method=ServiceMethod.DIRECT,
                facts="当事人陈列销售超过保质期的预包装食品。",
                reasons="上述行为违反了食品安全法律规定，依法应予处罚。",
                basis=version.legal_basis or "《中华人民共和国食品安全法》",
                proposed_penalty=penalty_text,
            )
        return case

    # The party's window to state and defend runs (R-1.14-08).
    reported(parties[4], slot=12)
    # A major case under legal review: materials complete, the 10-working-day clock running.
    if len(parties) > 8:
        _under_review(
            common, party=parties[8], slot=13, types=types, fine=fine, benchmark=benchmark
        )
    # Decided: the party waived its statement; the head approved; publication runs (R-1.2-12).
    decided = reported(parties[5], slot=20)
    with clock.as_of(t(29)):
        statement_record(
            case=decided,
            actor=lead,
            mode=StatementMode.WAIVED,
            received_at=t(28),
            content="当事人表示对拟处罚的事实、理由和依据无异议，放弃陈述、申辩。",
        )
        decision_propose(
            case=decided,
            actor=lead,
            outcome=DecisionOutcome.PENALTY,
            content=penalty_text,
            penalty_types=types,
            fine=fine,
        )
    with clock.as_of(t(30)):
        decision_approve(case=decided, actor=head, opinion="同意。")

    # Decided on the spot (简易程序).
    simple = [
        v
        for v in items_in_force(organisation=unit, item_type=ItemType.PENALTY)
        if not list(benchmark_list_for_item(item=v.item))
    ]
    if simple:
        on_spot = simple[0]
        with clock.as_of(t(32)):
            on_spot_case = case_simplified_decide(
                actor=lead,
                organisation=unit,
                item_version=on_spot,
                party=parties[6],
                cause="未按规定公示营业执照",
                facts="当事人未在经营场所醒目位置悬挂营业执照，经指出后当场改正。",
                officers=_team(unit, on_spot, lead),
                penalty_types=[PenaltyType.WARNING],
                fine=None,
                place=parties[6].address or "当事人经营场所",
                decided_at=t(31),
                certificate_shown=True,
                party_informed=True,
                statement="当事人无异议。",
            )
        # Its decision information is drafted, checked, approved and on the portal (R-1.2-12).
        demo_publish(case=on_spot_case, drafter=lead, head=head, at=t(33))

    # A permit application under examination.
    permits = list(items_in_force(organisation=unit, item_type=ItemType.PERMIT))
    if permits:
        team = _team(unit, permits[0], lead)
        with clock.as_of(t(34)):
            application = permit_apply(
                actor=lead,
                organisation=unit,
                item_version=permits[0],
                party=parties[7],
                cause=f"申请{permits[0].name}",
                facts="申请人提交了申请书、营业执照复印件、经营场所平面图等材料。",
                officers=team,
                received_at=t(33),
            )
            for user in team[1:]:
                recusal_declare(
                    case=application, actor=user, capacity="handler", has_conflict=False
                )
        with clock.as_of(t(35)):
            permit_accept(case=application, actor=lead)

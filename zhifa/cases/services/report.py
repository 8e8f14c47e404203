"""The investigation-end report (调查终结报告) with the proposed handling and the discretion part.

``report_submit`` writes a new revision each time (INVESTIGATING or REPORTED → REPORTED). For a
penalty it asks the item's discretion benchmark for the tier and range of the circumstances
recorded (R-1.5-09) and checks the proposed penalty against the law and the suggestion
(R-1.5-02, system 1.5, R-4.8-03); it says whether the decision is major (R-1.4-07, R-1.14-06)
and whether the party has a right to a hearing (《行政处罚法》第六十三条).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max

from zhifa.cases.constants import CaseStatus, MajorGround, Proposal
from zhifa.cases.models import Case, CaseReport
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_set_status,
    require_handler,
    require_text,
)
from zhifa.cases.services.docs import case_document_render, date_zh, money_zh
from zhifa.cases.workflow import require_transition
from zhifa.catalog.constants import PenaltyType
from zhifa.catalog.selectors.discretion import (
    benchmark_list_for_item,
    benchmark_suggest,
    penalty_departure_check,
)
from zhifa.catalog.selectors.lists import major_decision_list_for
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.records.services.guards import require_av_complete

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.catalog.models import Benchmark

# 《行政处罚法》第六十三条: penalties that always give the party a right to a hearing.
HEARING_PENALTY_TYPES = frozenset(
    {
        PenaltyType.REVOKE_PERMIT,
        PenaltyType.LOWER_QUALIFICATION,
        PenaltyType.SUSPEND_BUSINESS,
        PenaltyType.CLOSE,
        PenaltyType.LIMIT_BUSINESS,
        PenaltyType.LIMIT_PRACTICE,
    }
)
# ... and those that give it when the amount is large (较大数额罚款、没收较大数额违法所得、没收较大价值非法财物).
AMOUNT_PENALTY_TYPES = frozenset(
    {PenaltyType.FINE, PenaltyType.CONFISCATE_GAINS, PenaltyType.CONFISCATE_PROPERTY}
)
LARGE_AMOUNT_HELP = (
    "“较大数额”按照省、自治区、直辖市人民政府或者国务院有关部门规定的标准认定（较大数额罚款、"
    "没收较大数额违法所得、没收较大价值非法财物）。属于较大数额的，当事人有权要求听证"
    "（《行政处罚法》第六十三条）。"
)

_DEPARTURE_FIELDS = {
    "outside_statutory_range": "fine",
    "departure_reason_required": "departure_reason",
    "unknown_circumstance": "circumstance_codes",
    "amount_basis_required": "amount_basis",
    "suggestion_mismatch": "benchmark",
}


@dataclass(frozen=True)
class MajorAssessment:
    is_major: bool
    grounds: list[str]


def latest_report(case: Case) -> CaseReport | None:
    """The newest revision of the case's investigation-end report."""
    return CaseReport.objects.filter(case=case).order_by("-revision").first()


def require_latest_report(case: Case, *, field: str | None = None) -> CaseReport:
    report = latest_report(case)
    if report is None:
        raise DomainError(
            "本案尚无调查终结报告，请先提交调查终结报告。", code="no_report", field=field
        )
    return report


def hearing_right_for(penalty_types: Iterable[str], *, large_amount: bool) -> bool:
    """《行政处罚法》第六十三条: the types that always carry a hearing, or a large fine or
    confiscation (``large_amount``, ticked by the officer)."""
    chosen = set(penalty_types)
    if chosen & HEARING_PENALTY_TYPES:
        return True
    return bool(large_amount and chosen & AMOUNT_PENALTY_TYPES)


def major_assessment(
    case: Case,
    *,
    grounds: Iterable[str],
    hearing_right: bool,
    amounts: Iterable[Decimal | None] = (),
) -> MajorAssessment:
    """R-1.4-07 / R-1.14-06: major when any ground is given, when the matter is on the unit's
    list of major decisions (R-1.4-08), or when the decision goes through a hearing (R-1.4-07(4)).

    R-1.4-08 by amount: an entry for the case's item with an ``amount_threshold`` applies when a
    proposed fine or confiscation (``amounts``) reaches it; without a threshold it always
    applies. (Entries that name no item are not matched automatically yet: the officer ticks the
    ground.)"""
    chosen: list[str] = []
    for g in grounds:
        if g not in MajorGround.values:
            raise DomainError("请从列表中选择重大执法决定的情形。", field="major_grounds")
        if g not in chosen:
            chosen.append(g)
    if hearing_right and MajorGround.HEARING not in chosen:
        chosen.append(MajorGround.HEARING)
    if _listed(case, [a for a in amounts if a is not None]) and MajorGround.LISTED not in chosen:
        chosen.append(MajorGround.LISTED)
    return MajorAssessment(bool(chosen), chosen)


def _listed(case: Case, amounts: list[Decimal]) -> bool:
    """R-1.4-08: the unit's list names the matter (its item, and the amount where it sets one)."""
    entries = major_decision_list_for(case.organisation).filter(item=case.item_version.item)
    for threshold in entries.values_list("amount_threshold", flat=True):
        if threshold is None or any(a >= threshold for a in amounts):
            return True
    return False


def _clean_types(penalty_types: Iterable[str]) -> list[str]:
    chosen: list[str] = []
    for raw in penalty_types:
        t = str(raw).strip()
        if not t:
            continue
        if t not in PenaltyType.values:
            raise DomainError(f"未知的处罚种类：{t}。", field="penalty_types")
        if t not in chosen:
            chosen.append(t)
    return chosen


def _money(value: Decimal | None, *, field: str, what: str) -> Decimal | None:
    if value is None:
        return None
    if value <= 0:
        raise DomainError(f"{what}应当大于零。", field=field)
    return value


def penalty_lines(
    penalty_types: Iterable[str], fine: Decimal | None, confiscation: Decimal | None
) -> list[str]:
    """The penalty as the documents list it: 警告；没收违法所得人民币24元；罚款人民币5000元。"""
    lines = []
    for t in penalty_types:
        label = PenaltyType(t).label
        if t == PenaltyType.FINE and fine is not None:
            lines.append(f"罚款人民币{money_zh(fine)}元")
        elif t == PenaltyType.CONFISCATE_GAINS and confiscation is not None:
            lines.append(f"没收违法所得人民币{money_zh(confiscation)}元")
        else:
            lines.append(label)
    return lines


def _check_penalty(
    *,
    case: Case,
    penalty_types: list[str],
    fine: Decimal | None,
    confiscation: Decimal | None,
    benchmark: Benchmark | None,
    circumstance_codes: list[str],
    departure_reason: str,
    amount_basis: Decimal | None,
) -> dict[str, object]:
    """R-1.5-02 (statutory range, always refused outside it), system 1.5 / R-4.8-03 (the
    benchmark's tier; outside it only with a written reason). Returns the report's discretion
    fields."""
    if not penalty_types:
        raise DomainError("拟给予行政处罚的，请选择处罚种类。", field="penalty_types")
    if PenaltyType.FINE in penalty_types and fine is None:
        raise DomainError("处罚种类包括罚款的，请填写罚款金额。", field="fine")
    if fine is not None and PenaltyType.FINE not in penalty_types:
        raise DomainError("填写了罚款金额，请在处罚种类中选择“罚款”。", field="penalty_types")
    if PenaltyType.CONFISCATE_GAINS in penalty_types and confiscation is None:
        raise DomainError("处罚种类包括没收违法所得的，请填写没收金额。", field="confiscation")
    available = list(benchmark_list_for_item(item=case.item_version.item))
    warnings: list[str] = []
    if benchmark is None:
        if available:
            raise DomainError(
                "本事项已公布裁量基准，请选择适用的裁量基准并勾选裁量情节（R-4.8-03）。",
                code="benchmark_required",
                field="benchmark",
            )
        warnings.append("本事项尚未公布裁量基准，处罚种类和幅度须在法定范围内并说明理由。")
        return {
            "suggested_tier": "",
            "suggested_min": None,
            "suggested_max": None,
            "departure_reason": departure_reason,
            "departure_warnings": warnings,
        }
    if benchmark.pk not in {b.pk for b in available}:
        raise DomainError(
            "所选裁量基准不是本事项已公布的裁量基准，请重新选择。",
            code="benchmark_not_for_item",
            field="benchmark",
        )
    try:
        suggestion = benchmark_suggest(
            benchmark=benchmark, circumstance_codes=circumstance_codes, amount_basis=amount_basis
        )
        result = penalty_departure_check(
            benchmark=benchmark,
            suggestion=suggestion,
            penalty_types=penalty_types,
            fine=fine,
            reason=departure_reason,
        )
    except DomainError as exc:
        raise DomainError(
            exc.message, code=exc.code, field=_DEPARTURE_FIELDS.get(exc.code) or exc.field
        ) from None
    warnings.extend(suggestion.warnings)
    warnings.extend(result.notes)
    return {
        "suggested_tier": suggestion.tier,
        "suggested_min": suggestion.fine_min,
        "suggested_max": suggestion.fine_max,
        "departure_reason": departure_reason,
        "departure_warnings": warnings,
    }


@transaction.atomic
def report_submit(
    *,
    case: Case,
    actor: User,
    facts: str,
    evidence_summary: str,
    legal_basis: str,
    proposal: str,
    penalty_types: Iterable[str] = (),
    fine: Decimal | None = None,
    confiscation: Decimal | None = None,
    benchmark: Benchmark | None = None,
    circumstance_codes: Iterable[str] = (),
    departure_reason: str = "",
    major_grounds: Iterable[str] = (),
    large_amount: bool = False,
    amount_basis: Decimal | None = None,
) -> CaseReport:
    """A handler writes the investigation-end report (a new revision each time).

    Penalty: R-1.5-02 (outside the statutory types or range always refused), system 1.5 /
    R-4.8-03 (outside the benchmark's suggested tier only with a written ``departure_reason``;
    the tier, range, reason and warnings are stored), hearing right (《行政处罚法》第六十三条).
    Major (R-1.4-07, R-1.14-06): any ground, the unit's list, or a hearing right.
    Transfer as crime sets ``case.crime_suspected`` (R-2.2-10). R-1.3-07: refused while a step
    that must be on audio-video has neither a stored AV record nor an approved explanation."""
    case = case_lock(case)
    require_transition(case, "report_submit")
    require_handler(case, actor)
    facts = require_text(facts, field="facts", what="违法事实")
    evidence_summary = require_text(evidence_summary, field="evidence_summary", what="证据")
    legal_basis = require_text(legal_basis, field="legal_basis", what="处理依据")
    if proposal not in Proposal.values:
        raise DomainError("请选择处理意见。", field="proposal")
    require_av_complete(case)  # R-1.3-07: no conclusion while a mandatory AV record is missing
    departure_reason = (departure_reason or "").strip()
    types = _clean_types(penalty_types)
    codes = [str(c).strip() for c in circumstance_codes if str(c).strip()]
    fine = _money(fine, field="fine", what="罚款金额")
    confiscation = _money(confiscation, field="confiscation", what="没收违法所得金额")
    discretion: dict[str, object] = {
        "suggested_tier": "",
        "suggested_min": None,
        "suggested_max": None,
        "departure_reason": "",
        "departure_warnings": [],
    }
    hearing_right = False
    if proposal == Proposal.PENALTY:
        discretion = _check_penalty(
            case=case,
            penalty_types=types,
            fine=fine,
            confiscation=confiscation,
            benchmark=benchmark,
            circumstance_codes=codes,
            departure_reason=departure_reason,
            amount_basis=amount_basis,
        )
        hearing_right = hearing_right_for(types, large_amount=large_amount)
    else:
        if types or fine is not None or confiscation is not None:
            raise DomainError(
                "处理意见不是给予行政处罚的，不应填写处罚种类和金额。", field="penalty_types"
            )
        benchmark, codes = None, []
    major = major_assessment(
        case, grounds=major_grounds, hearing_right=hearing_right, amounts=(fine, confiscation)
    )
    revision = (CaseReport.objects.filter(case=case).aggregate(m=Max("revision"))["m"] or 0) + 1
    report = CaseReport.objects.create(
        case=case,
        revision=revision,
        facts=facts,
        evidence_summary=evidence_summary,
        legal_basis=legal_basis,
        proposal=proposal,
        penalty_types=types,
        fine=fine,
        confiscation=confiscation,
        benchmark=benchmark,
        circumstance_codes=codes,
        is_major=major.is_major,
        major_grounds=major.grounds,
        hearing_right=hearing_right,
        written_by=actor,
        written_at=clock.now(),
        **discretion,  # type: ignore[arg-type]
    )
    case.is_major = major.is_major
    case.major_grounds = major.grounds
    case.hearing_right = hearing_right
    fields = ["is_major", "major_grounds", "hearing_right"]
    if proposal == Proposal.TRANSFER_CRIME:
        case.crime_suspected = True
        fields.append("crime_suspected")
    case_set_status(case, CaseStatus.REPORTED, fields=tuple(fields))
    document = _render(case, report, actor)
    report.document = document
    report.save(update_fields=["document"])
    summary = f"提交调查终结报告（第{revision}稿）：{Proposal(proposal).label}"
    if proposal == Proposal.PENALTY:
        summary += "，" + "；".join(penalty_lines(types, fine, confiscation))
    if major.is_major:
        summary += "；重大执法决定"
    case_event_add(
        case=case,
        actor=actor,
        action="report_submit",
        summary=summary,
        payload={
            "revision": revision,
            "proposal": proposal,
            "penalty_types": types,
            "fine": str(fine) if fine is not None else None,
            "confiscation": str(confiscation) if confiscation is not None else None,
            "benchmark_id": benchmark.pk if benchmark else None,
            "suggested_tier": report.suggested_tier,
            "departs": bool(report.departure_reason),
            "is_major": major.is_major,
            "major_grounds": major.grounds,
            "hearing_right": hearing_right,
        },
        document=document,
    )
    return report


def _render(case: Case, report: CaseReport, actor: User):  # type: ignore[no-untyped-def]
    from zhifa.catalog.constants import Tier

    benchmark = report.benchmark
    circumstances = []
    if benchmark is not None:
        by_code = {c.code: c.text for c in benchmark.circumstances.all()}
        circumstances = [
            f"{code} {by_code.get(code, '')}".strip() for code in report.circumstance_codes
        ]
    suggested_range = ""
    if report.suggested_min is not None or report.suggested_max is not None:
        suggested_range = (
            f"{money_zh(report.suggested_min) or '—'}元至{money_zh(report.suggested_max) or '—'}元"
        )
    return case_document_render(
        case=case,
        actor=actor,
        template_code="investigation_report",
        title=f"调查终结报告（第{report.revision}稿）",
        context={
            "facts": report.facts,
            "evidence": report.evidence_summary,
            "legal_basis": report.legal_basis,
            "proposal": report.get_proposal_display(),
            "proposed_penalties": penalty_lines(
                report.penalty_types, report.fine, report.confiscation
            ),
            "benchmark": (
                f"{benchmark.code} {benchmark.violation}（{benchmark.document_number}）"
                if benchmark
                else ""
            ),
            "circumstances": circumstances or ["无"],
            "suggested_tier": Tier(report.suggested_tier).label if report.suggested_tier else "",
            "suggested_range": suggested_range,
            "departure_reason": report.departure_reason,
            "discretion_notes": list(report.departure_warnings),
            "is_major": report.is_major,
            "major_grounds": "、".join(MajorGround(g).label for g in report.major_grounds),
            "hearing_right": report.hearing_right,
            "revision": report.revision,
            "written_on": date_zh(report.written_at),
        },
    )

"""The portal's directory pages (no login): the power-and-responsibility list, the service guides,
the enforcement flowcharts, the remedies, and the annual statistics reports.

Everything shown is read from the catalogue, the case workflow and the case data; where the
catalogue holds no value the page shows "—", never invented text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhifa.accounts.models import Organisation
from zhifa.cases.constants import (
    SIMPLIFIED_FINE_LIMIT_ORGANISATION,
    SIMPLIFIED_FINE_LIMIT_PERSON,
    CaseStatus,
    Procedure,
)
from zhifa.cases.services.decision import PUBLICATION_GENERAL, PUBLICATION_PERMIT_PENALTY
from zhifa.cases.services.remedies import remedies_text, remedy_bodies
from zhifa.cases.workflow import TRANSITIONS
from zhifa.catalog.constants import ItemType
from zhifa.catalog.models import ItemVersion
from zhifa.catalog.selectors.items import catalogue_unit_counts, items_in_force
from zhifa.core import clock
from zhifa.publication import annual

# Item types that are services to an applicant (R-1.2-10): a permit, a confirmation, a benefit.
SERVICE_ITEM_TYPES = (ItemType.PERMIT, ItemType.CONFIRMATION, ItemType.BENEFIT)
GUIDES_PER_PAGE = 20


def _units() -> list[Organisation]:
    return list(annual.report_units())


def _unit_from(request: HttpRequest, units: list[Organisation]) -> Organisation | None:
    """The unit chosen with ``?unit=``: None when absent; 404 for a unit that is not one."""
    raw = (request.GET.get("unit") or "").strip()
    if not raw:
        return None
    unit = next((u for u in units if str(u.pk) == raw), None)
    if unit is None:
        raise Http404
    return unit


def _grouped(versions: list[ItemVersion]) -> list[tuple[str, list[ItemVersion]]]:
    """Items grouped by type, in the order of the ten types (R-1.8-03)."""
    groups: dict[str, list[ItemVersion]] = {}
    for v in versions:
        groups.setdefault(v.item_type, []).append(v)
    return [(ItemType(t).label, groups[t]) for t in ItemType.values if t in groups]


@require_GET
def powers(request: HttpRequest) -> HttpResponse:
    """权责清单 (R-1.2-08 (2)(4)): per unit, its items in force grouped by type, each with basis,
    implementing subject, conditions, procedure, time limit and remedies."""
    units = _units()
    unit = _unit_from(request, units)
    counts = catalogue_unit_counts()
    groups: list[tuple[str, list[ItemVersion]]] = []
    if unit is not None:
        groups = _grouped(list(items_in_force(organisation=unit)))
    return render(
        request,
        "publication/portal/powers.html",
        {
            "units": [(u, counts.get(u.pk, 0)) for u in units],
            "unit": unit,
            "groups": groups,
            "today": clock.today(),
        },
    )


@require_GET
def guides(request: HttpRequest) -> HttpResponse:
    """服务指南 (R-1.2-10): for each permit or service item in force, what the catalogue holds
    about name, basis, accepting body, conditions, process, time limit, and the unit's channels
    for consultation and complaints."""
    units = _units()
    unit = _unit_from(request, units)
    qs = items_in_force(organisation=unit).filter(item_type__in=SERVICE_ITEM_TYPES)
    page = Paginator(qs, GUIDES_PER_PAGE).get_page(request.GET.get("page"))
    per_unit = dict(
        items_in_force()
        .filter(item_type__in=SERVICE_ITEM_TYPES)
        .order_by()
        .values_list("item__organisation_id")
        .annotate(n=Count("id"))
    )
    return render(
        request,
        "publication/portal/guides.html",
        {
            "units": [(u, per_unit.get(u.pk, 0)) for u in units],
            "unit": unit,
            "page": page,
            "service_types": [ItemType(t).label for t in SERVICE_ITEM_TYPES],
            "today": clock.today(),
        },
    )


# --- flowcharts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowStep:
    title: str
    status: str = ""  # the case status after the step (from CaseStatus)
    note: str = ""
    rules: tuple[str, ...] = ()
    optional: bool = False  # only in some cases (major decision, hearing asked for …)
    branch: str = ""  # the other way out of this step
    action: str = ""  # the workflow transition this step is (zhifa/cases/workflow.py)


@dataclass(frozen=True)
class Flow:
    slug: str
    title: str
    kind: str  # ItemType
    procedure: str
    steps: tuple[FlowStep, ...]
    basis: str


def _act(action: str, note: str = "", *, rules=(), optional=False, branch="") -> FlowStep:  # type: ignore[no-untyped-def]
    """A step that is a transition of the case workflow: its label and target status come from
    zhifa/cases/workflow.py, so the chart says what the software does."""
    t = TRANSITIONS[action]
    status = CaseStatus(t.target).label if t.target else ""
    if branch:
        other = TRANSITIONS[branch]
        target = CaseStatus(other.target).label if other.target else ""
        branch = other.label if target in ("", other.label) else f"{other.label} → {target}"
    return FlowStep(t.label, status, note, tuple(rules), optional, branch, action)


def _publication(rule: str, days: int) -> FlowStep:
    return FlowStep(
        "公开执法决定信息",
        "",
        f"自决定作出之日起{days}个工作日内在本平台公开，经法制审核、负责人批准（R-1.2-05）。",
        (rule,),
    )


_TAIL = (
    _act("execution_record", "当事人履行或依法强制执行，罚没款凭票据缴纳。", rules=("R-4.6-04",)),
    _act("closure_request"),
    _act("closure_approve"),
    _act("archive", "案卷归档后锁定，不得更改。", rules=("R-1.14-11",)),
)


def flows() -> tuple[Flow, ...]:
    """The four flows the portal draws (R-1.2-08 (6)), built from the workflow's transitions."""
    penalty = Flow(
        "penalty",
        "行政处罚（普通程序）",
        ItemType.PENALTY,
        Procedure.ORDINARY,
        (
            _act("file_approve", "发现违法线索，核查后报负责人批准立案。", branch="file_reject"),
            _act(
                "field_action_record",
                "两名以上持证执法人员出示执法证件，告知事由、依据和权利义务。",
                rules=("R-1.2-09",),
            ),
            _act("report_submit", branch="crime_transfer_approve"),
            _act(
                "review_submit",
                "重大执法决定在作出前须经法制审核。",
                rules=("R-1.4-02",),
                optional=True,
            ),
            _act(
                "notice_serve",
                "告知拟作出处罚的事实、理由、依据及陈述、申辩和要求听证的权利。",
                rules=("R-1.5-17",),
            ),
            _act("hearing_hold", "当事人要求听证的，依法组织听证。", optional=True),
            _act("discussion_record", "情节复杂或重大违法行为，负责人集体讨论。", optional=True),
            _act("decision_propose"),
            _act("decision_approve", "决定书载明救济途径和期限。", rules=("R-1.14-08",)),
            _publication(PUBLICATION_PERMIT_PENALTY, 7),
            _act("serve"),
            *_TAIL,
        ),
        "《中华人民共和国行政处罚法》第五章第三节",
    )
    simplified = Flow(
        "simplified",
        "行政处罚（简易程序）",
        ItemType.PENALTY,
        Procedure.SIMPLIFIED,
        (
            FlowStep(
                "出示执法证件，当场告知",
                "",
                "两名持证执法人员出示执法证件，告知当事人违法事实、处罚理由和依据及陈述、申辩权利。",
                ("R-1.2-09",),
            ),
            FlowStep(
                "当场作出处罚决定并交付决定书",
                CaseStatus.EXECUTING.label,
                f"违法事实确凿并有法定依据，对公民处以{SIMPLIFIED_FINE_LIMIT_PERSON}元以下、"
                f"对法人或者其他组织处以{SIMPLIFIED_FINE_LIMIT_ORGANISATION}元以下罚款或者警告的，"
                "可以当场作出行政处罚决定。",
            ),
            _publication(PUBLICATION_PERMIT_PENALTY, 7),
            *_TAIL,
        ),
        "《中华人民共和国行政处罚法》第五十一条、第五十二条",
    )
    permit = Flow(
        "permit",
        "行政许可",
        ItemType.PERMIT,
        Procedure.ORDINARY,
        (
            FlowStep("提交申请", CaseStatus.APPLIED.label, "申请人按服务指南提交申请材料。"),
            _act("permit_accept", branch="permit_not_accept"),
            _act("field_action_record", "需要现场核查的，出示执法证件核查。", optional=True),
            _act("review_submit", "重大执法决定在作出前须经法制审核。", optional=True),
            _act("discussion_record", optional=True),
            _act("decision_propose"),
            _act("decision_approve", "作出准予或者不予行政许可的决定。"),
            _publication(PUBLICATION_PERMIT_PENALTY, 7),
            _act("serve"),
            *_TAIL,
        ),
        "《中华人民共和国行政许可法》第四章",
    )
    coercion = Flow(
        "coercion",
        "行政强制（查封、扣押等）",
        ItemType.COERCION,
        Procedure.ORDINARY,
        (
            FlowStep(
                "实施前报告并记录",
                CaseStatus.DECISION_PENDING.label,
                "两名以上持证执法人员实施，出示执法证件，通知当事人到场，查封扣押全程音像记录。",
                ("R-1.2-09", "R-1.3-07"),
            ),
            _act("decision_approve", "负责人批准；决定书载明救济途径和期限。"),
            _publication(PUBLICATION_GENERAL, 20),
            _act("serve"),
            *_TAIL,
        ),
        "《中华人民共和国行政强制法》第三章",
    )
    return (penalty, simplified, permit, coercion)


@require_GET
def flowcharts(request: HttpRequest) -> HttpResponse:
    """行政执法流程图 (R-1.2-08 (6)): the penalty (general and simplified), permit and coercion
    flows, drawn from the case workflow as ordered lists."""
    return render(request, "publication/portal/flowcharts.html", {"flows": flows()})


# --- remedies -------------------------------------------------------------------------------


@require_GET
def remedies(request: HttpRequest) -> HttpResponse:
    """救济渠道 (R-1.2-08 (5), R-1.2-19): reconsideration within 60 days, litigation within six
    months — the sentence every decision document carries (R-1.14-08) — and the channels for a
    complaint about the publicity itself, a correction request (R-1.2-18) and a disclosure
    application (R-1.2-16)."""
    unit = annual.report_units().first() or Organisation(name="", kind="")
    review_organ, court = remedy_bodies(unit)
    return render(
        request,
        "publication/portal/remedies.html",
        {
            "review_organ": review_organ,
            "court": court,
            "decision_sentence": remedies_text(unit, what="行政执法决定"),
        },
    )


# --- annual statistics reports --------------------------------------------------------------


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    """年度行政执法数据统计报告 (R-1.2-08 (2)): the units and the years they have data for."""
    units = _units()
    years = annual.report_years()
    return render(
        request,
        "publication/portal/reports.html",
        {
            "rows": [(u, years.get(u.pk, [])) for u in units],
            "this_year": clock.today().year,
        },
    )


@require_GET
def report(request: HttpRequest, organisation_id: int, year: int) -> HttpResponse:
    """One unit's annual report (R-1.2-08 (2)); ``?format=csv`` downloads the same table."""
    if not annual.year_is_valid(year):
        raise Http404
    unit = annual.report_unit_get(organisation_id)
    if unit is None:
        raise Http404
    data = annual.annual_report(unit, year)
    if request.GET.get("format") == "csv":
        response = HttpResponse(annual.annual_report_csv(data), content_type="text/csv")
        filename = f"annual-report-{unit.pk}-{year}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(
        request,
        "publication/portal/report.html",
        {"report": data, "sections": data.sections()},
    )

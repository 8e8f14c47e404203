"""Scoped reads of cases: the list (filters, keyset pages), one case, the viewer's standing on
it and everything its page shows — each in a constant number of queries, whatever the number of
cases in the county or of records on one case.

Scope (design.md "Access"): a user sees the cases of their own unit and the units below it;
Justice Bureau supervisors, county leaders and administrators see every unit; a user of an
outside body (police, court, …) sees the cases of no enforcement unit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation
from zhifa.accounts.selectors import organisation_ids_visible
from zhifa.cases.actions import Viewer
from zhifa.cases.constants import ApprovalStatus, CaseStatus
from zhifa.cases.models import (
    Approval,
    Case,
    CaseEvent,
    CaseOfficer,
    CaseReport,
    CrimeTransfer,
    Decision,
    Discussion,
    ExecutionRecord,
    FieldAction,
    Hearing,
    LegalReview,
    PriorNotice,
    RecusalDeclaration,
    ServiceRecord,
    Statement,
)
from zhifa.cases.services.common import holds_role_over, is_head_of
from zhifa.catalog.constants import Tier
from zhifa.deadlines.constants import OPEN_STATES
from zhifa.deadlines.models import Obligation
from zhifa.documents.models import GeneratedDocument
from zhifa.subjects.models import MarketEntity

if TYPE_CHECKING:
    from zhifa.accounts.models import User

CASE_SUBJECT_TYPE = "cases.case"
PAGE_SIZE = 30

S = CaseStatus

# What a case waits for in each status (the list's "等待" column and the workbench).
WAITING_FOR: dict[str, str] = {
    S.FILING_PENDING: "负责人立案审批",
    S.INVESTIGATING: "承办人调查取证",
    S.REPORTED: "承办人事先告知或提请法制审核",
    S.UNDER_REVIEW: "法制审核意见",
    S.NOTIFYING: "当事人陈述申辩、听证",
    S.DECISION_PENDING: "负责人决定审批",
    S.DECIDED: "送达决定书",
    S.EXECUTING: "当事人履行或强制执行",
    S.CLOSURE_PENDING: "负责人结案审批",
    S.CLOSED: "移交归档",
    S.TRANSFERRED: "提请结案",
    S.DROPPED: "提请结案",
    S.APPLIED: "受理申请",
    S.EXAMINING: "审查并提请决定",
}

# Statuses in which the handlers have the next step (the head, reviewer or party otherwise).
HANDLER_STATUSES = frozenset(
    {
        S.INVESTIGATING,
        S.REPORTED,
        S.NOTIFYING,
        S.DECIDED,
        S.EXECUTING,
        S.TRANSFERRED,
        S.DROPPED,
        S.APPLIED,
        S.EXAMINING,
    }
)

STATUS_TONES: dict[str, str] = {
    S.FILING_PENDING: "warn",
    S.DECISION_PENDING: "warn",
    S.CLOSURE_PENDING: "warn",
    S.UNDER_REVIEW: "warn",
    S.NOT_FILED: "muted",
    S.NOT_ACCEPTED: "muted",
    S.DROPPED: "muted",
    S.CLOSED: "ok",
    S.ARCHIVED: "ok",
    S.TRANSFERRED: "danger",
}


@dataclass
class CaseFilters:
    """What the list and the API may filter on; empty means no filter."""

    status: str = ""
    kind: str = ""
    organisation_id: int | None = None  # this unit and the units below it
    mine: bool = False  # cases the user handles now
    waiting_for_me: bool = False  # cases whose next step is the user's
    q: str = ""  # number, party name or cause


def _scope_q(user: User) -> Q:
    """Cases of the units the user may see, as an ``organisation_id IN (…)`` filter (one query
    for the ids; the case indexes start with organisation)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    ids = organisation_ids_visible(user=user)
    if ids is None:
        return Q()
    return Q(organisation_id__in=ids)


def _handles(user: User) -> Exists:
    return Exists(
        CaseOfficer.objects.filter(case=OuterRef("pk"), user=user, removed_at__isnull=True)
    )


def _waiting_for(qs: QuerySet[Case], user: User) -> QuerySet[Case]:
    """Cases whose next step is ``user``'s: as a handler (the handler statuses), as a unit head
    (a pending approval in their scope that they did not ask for, not on a case they handle) or
    as a legal reviewer (under review in their scope, not a case they handle)."""
    qs = qs.annotate(handles_now=_handles(user))
    q = Q(handles_now=True, status__in=HANDLER_STATUSES)
    own = user.organisation
    if own is not None and user.has_role(Role.UNIT_HEAD):
        qs = qs.annotate(
            has_pending=Exists(
                Approval.objects.filter(case=OuterRef("pk"), status=ApprovalStatus.PENDING).exclude(
                    requested_by=user
                )
            )
        )
        q |= Q(organisation__path__startswith=own.path, has_pending=True, handles_now=False)
    if own is not None and user.has_role(Role.LEGAL_REVIEWER):
        q |= Q(organisation__path__startswith=own.path, status=S.UNDER_REVIEW, handles_now=False)
    return qs.filter(q)


def case_list_for_user(*, user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """Cases the user may see, newest first, with what the list shows (``select_related``).

    Filters: status, kind, unit (and below), ``mine``, ``waiting_for_me``, ``q`` (number, party
    name or cause). No count is made here: the view pages by keyset (:func:`case_list_page`)."""
    filters = filters or CaseFilters()
    qs = Case.objects.filter(_scope_q(user))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.organisation_id is not None:
        path = (
            Organisation.objects.filter(pk=filters.organisation_id)
            .values_list("path", flat=True)
            .first()
        )
        qs = qs.filter(organisation__path__startswith=path) if path else qs.none()
    if filters.mine:
        qs = qs.filter(_handles(user))
    if filters.waiting_for_me:
        qs = _waiting_for(qs, user)
    text = (filters.q or "").strip()[:100]
    if text:
        qs = qs.filter(_search_q(text))
    return qs.select_related("organisation", "party", "item_version").order_by("-created_at", "-id")


# Parties whose name matches a search, at most: a search that matches more names than this is
# too broad to mean one party (the number and the cause still match).
SEARCH_PARTIES_MAX = 500


def _search_q(text: str) -> Q:
    """Number, cause or party name contains ``text``. The parties are looked up first (one
    query on the directory) so that each condition can use its own index — on PostgreSQL the
    trigram indexes of migration cases.0006 — instead of testing every case after a join."""
    party_ids = list(
        MarketEntity.objects.filter(name__icontains=text).values_list("pk", flat=True)[
            :SEARCH_PARTIES_MAX
        ]
    )
    q = Q(number__icontains=text) | Q(cause__icontains=text)
    if party_ids:
        q |= Q(party_id__in=party_ids)
    return q


# --- keyset pages ------------------------------------------------------------------------------

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_CURSOR = re.compile(r"^([0-9]{1,20})\.([0-9]{1,18})$")


def cursor_for(case: Case) -> str:
    """The position after ``case`` in the newest-first order: ``<µs since epoch>.<id>``."""
    delta = case.created_at - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}.{case.pk}"


def _parse_cursor(raw: str | None) -> tuple[dt.datetime, int] | None:
    match = _CURSOR.match((raw or "").strip())
    if not match:
        return None
    try:
        at = _EPOCH + dt.timedelta(microseconds=int(match.group(1)))
    except OverflowError:
        return None
    return at, int(match.group(2))


@dataclass
class CasePage:
    rows: list[CaseRow]
    next_cursor: str | None  # the "更多" link; None on the last page
    first: bool  # no cursor was given


@dataclass
class CaseRow:
    case: Case
    waiting_for: str
    next_due: Obligation | None
    tone: str


def case_list_page(
    qs: QuerySet[Case], *, after: str | None = None, size: int = PAGE_SIZE
) -> CasePage:
    """One page of ``qs`` (newest first) after the cursor; two queries whatever the table size
    (the page, and the next open time limit of its cases). No COUNT(*)."""
    cursor = _parse_cursor(after)
    if cursor is not None:
        at, pk = cursor
        qs = qs.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
    cases = list(qs[: size + 1])
    more = len(cases) > size
    cases = cases[:size]
    return CasePage(
        rows=case_rows(cases),
        next_cursor=cursor_for(cases[-1]) if more and cases else None,
        first=cursor is None,
    )


def case_rows(cases: list[Case]) -> list[CaseRow]:
    """The list rows of ``cases``: what each waits for and its next running time limit (one
    query for all of them)."""
    due = next_due_by_case([c.pk for c in cases])
    return [
        CaseRow(
            case=c,
            waiting_for=WAITING_FOR.get(c.status, ""),
            next_due=due.get(c.pk),
            tone=STATUS_TONES.get(c.status, ""),
        )
        for c in cases
    ]


def next_due_by_case(case_ids: list[int]) -> dict[int, Obligation]:
    """The open time limit due first of each case (one query)."""
    if not case_ids:
        return {}
    rows = Obligation.objects.filter(
        subject_type=CASE_SUBJECT_TYPE,
        subject_id__in=[str(pk) for pk in case_ids],
        state__in=OPEN_STATES,
    ).order_by("subject_id", "due_at", "id")
    first: dict[int, Obligation] = {}
    for ob in rows:
        first.setdefault(int(ob.subject_id), ob)
    return first


# --- one case --------------------------------------------------------------------------------


def case_get_for_user(*, user: User, case_id: int | None) -> Case | None:
    """The case if the user may see it, else None (→ 404)."""
    if case_id is None:
        return None
    return (
        Case.objects.filter(_scope_q(user), pk=case_id)
        .select_related(
            "organisation",
            "party",
            "item_version__item",
            "item_version__enforcement_type",
            "created_by",
            "clue",
        )
        .first()
    )


def viewer_for(*, case: Case, user: User) -> Viewer:
    """The user's standing on the case (one query: are they an active handler)."""
    active = bool(user.is_authenticated and user.is_active)
    handler = (
        active
        and CaseOfficer.objects.filter(case=case, user=user, removed_at__isnull=True).exists()
    )
    org = case.organisation
    return Viewer(
        user=user,
        is_handler=handler,
        is_head=active and is_head_of(user, org),
        is_reviewer=active and holds_role_over(user, org, Role.LEGAL_REVIEWER),
        is_archivist=active and holds_role_over(user, org, Role.ARCHIVIST),
    )


@dataclass
class CasePageData:
    """Everything the case page shows, read in a constant number of queries."""

    case: Case
    viewer: Viewer
    events: list[CaseEvent]
    officers: list[CaseOfficer]  # current
    removed_officers: list[CaseOfficer]  # removed on recusal, with ``replaced_by``
    recusals: list[RecusalDeclaration]
    approvals: list[Approval]  # pending
    approval_history: list[Approval]
    documents: list[GeneratedDocument]
    time_limits: list[Obligation]
    field_actions: list[FieldAction]
    reports: list[CaseReport]
    reviews: list[LegalReview]
    notices: list[PriorNotice]
    statements: list[Statement]
    hearings: list[Hearing]
    discussions: list[Discussion]
    decision: Decision | None
    services: list[ServiceRecord]
    executions: list[ExecutionRecord]
    crime_transfer: CrimeTransfer | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def report(self) -> CaseReport | None:
        """The current investigation-end report (the latest revision)."""
        return self.reports[0] if self.reports else None

    @property
    def waiting_for(self) -> str:
        return WAITING_FOR.get(self.case.status, "")

    @property
    def suggested_tier_label(self) -> str:
        tier = self.report.suggested_tier if self.report else ""
        return Tier(tier).label if tier in Tier.values else tier

    @property
    def lead(self) -> CaseOfficer | None:
        return next((o for o in self.officers if o.capacity == "lead"), None)


def case_page(*, case: Case, viewer: Viewer) -> CasePageData:
    """The case page: timeline, people, approvals, documents, time limits and every step record.

    18 queries whatever the size of the case (one per kind of record; the users, documents and
    many-to-many people of each are joined or prefetched), plus the records section's few."""
    events = list(
        CaseEvent.objects.filter(case=case).select_related("actor", "document").order_by("at", "id")
    )
    officer_rows = list(
        CaseOfficer.objects.filter(case=case)
        .select_related("user", "assigned_by", "replaced_by__user")
        .order_by("removed_at", "-capacity", "id")
    )
    approvals = list(
        Approval.objects.filter(case=case)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-id")
    )
    documents = list(
        GeneratedDocument.objects.filter(subject_type=CASE_SUBJECT_TYPE, subject_id=str(case.pk))
        .filter(organisation_id=case.organisation_id)
        .select_related("template_version__template")
        .order_by("created_at", "id")
    )
    time_limits = list(
        Obligation.objects.filter(subject_type=CASE_SUBJECT_TYPE, subject_id=str(case.pk))
        .select_related("responsible")
        .order_by("due_at", "id")
    )
    decision = Decision.objects.filter(case=case).select_related("approved_by", "document").first()
    crime = CrimeTransfer.objects.filter(case=case).select_related("police", "document").first()
    return CasePageData(
        case=case,
        viewer=viewer,
        events=events,
        officers=[o for o in officer_rows if o.removed_at is None],
        removed_officers=[o for o in officer_rows if o.removed_at is not None],
        recusals=list(
            RecusalDeclaration.objects.filter(case=case)
            .select_related("person")
            .order_by("declared_at", "id")
        ),
        approvals=[a for a in approvals if a.status == ApprovalStatus.PENDING],
        approval_history=[a for a in approvals if a.status != ApprovalStatus.PENDING],
        documents=documents,
        time_limits=time_limits,
        field_actions=list(
            FieldAction.objects.filter(case=case)
            .select_related("recorded_by", "document")
            .prefetch_related(Prefetch("officers"))
            .order_by("started_at", "id")
        ),
        reports=list(
            CaseReport.objects.filter(case=case)
            .select_related("written_by", "benchmark", "document")
            .order_by("-revision")
        ),
        reviews=list(
            LegalReview.objects.filter(case=case)
            .select_related("submitted_by", "reviewer")
            .order_by("-submitted_at", "-id")
        ),
        notices=list(
            PriorNotice.objects.filter(case=case)
            .select_related("served_by", "document")
            .order_by("-served_at", "-id")
        ),
        statements=list(
            Statement.objects.filter(case=case)
            .select_related("recorded_by", "answered_by")
            .order_by("received_at", "id")
        ),
        hearings=list(
            Hearing.objects.filter(case=case)
            .select_related("host", "notice_document")
            .order_by("requested_at", "id")
        ),
        discussions=list(
            Discussion.objects.filter(case=case)
            .select_related("chair", "recorded_by")
            .prefetch_related("participants")
            .order_by("held_at", "id")
        ),
        decision=decision,
        services=list(
            ServiceRecord.objects.filter(case=case)
            .select_related("served_by", "served_document", "receipt_document")
            .order_by("served_at", "id")
        ),
        executions=list(
            ExecutionRecord.objects.filter(case=case)
            .select_related("recorded_by", "court")
            .order_by("at", "id")
        ),
        crime_transfer=crime,
        extra={"records": _records_section(case, viewer)},
    )


def _records_section(case: Case, viewer: Viewer) -> Any:
    """The full-process records of the case the viewer may see (system 1.3), constant queries."""
    from zhifa.records.selectors_records import case_records_section

    return case_records_section(case=case, user=viewer.user)

"""Reads of publication: the portal's (published items only, public columns only) and the
staff's (scoped to the units the user may see)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q, QuerySet

from zhifa.core.errors import DomainError
from zhifa.publication.constants import PublicationStatus
from zhifa.publication.models import Publication
from zhifa.publication.search import filter_keyword

# The columns a portal page may read: never ``source``, ``masks`` or who reviewed it.
PUBLIC_COLUMNS = (
    "id",
    "organisation_id",
    "status",
    "version",
    "category",
    "form",
    "title",
    "document_number",
    "subject_name",
    "target_name",
    "target_code",
    "enforcement_type",
    "cause",
    "conclusion",
    "full_text",
    "decision_date",
    "published_at",
    "corrected_at",
    "withdrawn_at",
)
LIST_COLUMNS = tuple(c for c in PUBLIC_COLUMNS if c not in ("full_text", "conclusion"))
COUNT_CAP = 1000
PORTAL_PAGE_SIZE = 20


@dataclass(frozen=True)
class DecisionFilters:
    keyword: str = ""
    organisation_id: int | None = None
    category: str = ""
    enforcement_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_withdrawn: bool = False


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the last row shown (decision date, id)."""

    decision_date: dt.date
    id: int

    def encode(self) -> str:
        return f"{self.decision_date.isoformat()}_{self.id}"

    @classmethod
    def decode(cls, value: str | None) -> Cursor | None:
        if not value:
            return None
        try:
            day, pk = value.split("_", 1)
            return cls(dt.date.fromisoformat(day), int(pk))
        except ValueError:
            return None


@dataclass(frozen=True)
class DecisionPage:
    rows: list[Publication]
    next_cursor: str | None
    total: int  # capped at COUNT_CAP + 1 ("1000+")
    capped: bool


def portal_decisions(filters: DecisionFilters, *, strategy: str = "auto") -> QuerySet[Publication]:
    """Published decisions matching ``filters`` (and withdrawn ones if asked, without text)."""
    if filters.keyword.strip():
        # Withdrawn decisions keep no searchable text; the partial index is on published rows.
        qs = Publication.objects.filter(status=PublicationStatus.PUBLISHED)
        qs = filter_keyword(qs, filters.keyword, strategy=strategy)
    elif filters.include_withdrawn:
        qs = Publication.objects.filter(
            status__in=(PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN)
        )
    else:
        qs = Publication.objects.filter(status=PublicationStatus.PUBLISHED)
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.enforcement_type:
        qs = qs.filter(enforcement_type=filters.enforcement_type)
    if filters.date_from:
        qs = qs.filter(decision_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(decision_date__lte=filters.date_to)
    return qs


def portal_decision_page(
    filters: DecisionFilters,
    *,
    after: Cursor | None = None,
    limit: int = PORTAL_PAGE_SIZE,
    strategy: str = "auto",
) -> DecisionPage:
    """One page of the portal's decision list, newest decision first, with a capped count."""

    def run() -> DecisionPage:
        qs = portal_decisions(filters, strategy=strategy)
        # No ORDER BY in the count: sorting every match before the cap took minutes for a
        # common word over 10^6 decisions (ADR 0014).
        total = qs.order_by().values("id")[: COUNT_CAP + 1].count()
        rows, next_cursor = _rows(qs, after=after, limit=limit)
        return DecisionPage(
            rows=rows,
            next_cursor=next_cursor,
            total=min(total, COUNT_CAP),
            capped=total > COUNT_CAP,
        )

    return _within_budget(run, filters)


class SearchTooBroad(DomainError):
    """A keyword search ran past the portal's time budget (a very common phrase)."""

    status_code = 400

    def __init__(self) -> None:
        super().__init__(
            "检索范围过大，未能及时完成。请换用更具体的关键词，或选择执法主体、决定日期缩小范围。",
            code="search_too_broad",
            field="q",
        )


def _timed_out(error: OperationalError) -> bool:
    text = str(error)
    return "statement timeout" in text or "canceling statement" in text


def _attempt(run: Callable[[], DecisionPage], *, timeout_ms: int, bitmap: bool) -> DecisionPage:
    """``run`` in its own (sub)transaction with a statement timeout and, if asked, without
    bitmap scans; the settings end with it (reset, or undone by the rollback)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
        if not bitmap:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        page = run()
        cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        cursor.execute("SET LOCAL enable_bitmapscan TO DEFAULT")
        return page


def _within_budget(run: Callable[[], DecisionPage], filters: DecisionFilters) -> DecisionPage:
    """A keyword search on PostgreSQL gets ``ZHIFA_PORTAL_SEARCH_TIMEOUT_MS`` (default 5 s).

    The planner estimates a phrase (没收违法所得) as independent bigrams, far rarer than it is,
    and plans a bitmap scan that fetches and sorts every match — seconds over 10^6 decisions
    — where walking the decisions newest first finds a page at once. So the usual plan gets a
    quarter of the budget; if it runs out, the walk gets the rest. Past the whole budget the
    visitor is asked to narrow the search (ADR 0014).
    """
    budget = int(getattr(settings, "ZHIFA_PORTAL_SEARCH_TIMEOUT_MS", 5000) or 0)
    if connection.vendor != "postgresql" or not filters.keyword.strip() or budget <= 0:
        return run()
    first = max(budget // 4, 1)
    try:
        return _attempt(run, timeout_ms=first, bitmap=True)
    except OperationalError as e:
        if not _timed_out(e):
            raise
    try:
        return _attempt(run, timeout_ms=max(budget - first, 1), bitmap=False)
    except OperationalError as e:
        if not _timed_out(e):
            raise
        raise SearchTooBroad() from None


def _rows(
    qs: QuerySet[Publication], *, after: Cursor | None, limit: int
) -> tuple[list[Publication], str | None]:
    page = qs
    if after is not None:
        page = page.filter(
            Q(decision_date__lt=after.decision_date)
            | Q(decision_date=after.decision_date, id__lt=after.id)
        )
    rows = list(page.only(*LIST_COLUMNS).order_by("-decision_date", "-id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = Cursor(last.decision_date, last.id).encode()
    return rows, next_cursor


def portal_decision(publication_id: int) -> Publication | None:
    """One decision at its stable link: published or withdrawn (then shown as withdrawn)."""
    return (
        Publication.objects.filter(
            id=publication_id,
            status__in=(PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN),
        )
        .only(*PUBLIC_COLUMNS)
        .first()
    )


# --- staff --------------------------------------------------------------------------------------

PUBLICATION_RULES = ("R-1.2-12", "R-1.2-11")
STAFF_PAGE_SIZE = 50


def _visible(user) -> Q:  # type: ignore[no-untyped-def]
    from zhifa.accounts.selectors import organisation_scope_q

    return organisation_scope_q(user)


def publication_list_for_user(*, user, status: str = "") -> QuerySet[Publication]:  # type: ignore[no-untyped-def]
    """The publications of the units ``user`` may see, newest first (page it, then
    ``with_limits`` on the page's rows)."""
    qs = Publication.objects.filter(_visible(user)).select_related("organisation", "drafted_by")
    if status:
        qs = qs.filter(status=status)
    return qs.defer("source", "masks", "full_text", "search_text").order_by("-id")


def with_limits(rows: list[Publication]) -> list[Publication]:
    """Set ``limit`` on each row: its case's publication limit (R-1.2-11/12), one query."""
    from zhifa.deadlines.models import Obligation

    case_ids = [str(p.case_id) for p in rows if p.case_id]
    limits: dict[str, Obligation] = {}
    for ob in Obligation.objects.filter(
        subject_type="cases.case", subject_id__in=case_ids, rule_id__in=PUBLICATION_RULES
    ).order_by("id"):
        limits[ob.subject_id] = ob
    for p in rows:
        p.limit = limits.get(str(p.case_id))  # type: ignore[attr-defined]
    return rows


def cases_awaiting_publication(*, user) -> list:  # type: ignore[no-untyped-def]
    """Decided cases of the user's units whose publication limit runs and that have no draft
    yet: the list the unit works from (R-1.2-11, R-1.2-12)."""
    from zhifa.cases.models import Case
    from zhifa.deadlines.constants import OPEN_STATES
    from zhifa.deadlines.models import Obligation

    limits = list(
        Obligation.objects.filter(
            _visible(user),
            subject_type="cases.case",
            rule_id__in=PUBLICATION_RULES,
            state__in=OPEN_STATES,
        ).order_by("due_at")[:200]
    )
    ids = [int(ob.subject_id) for ob in limits]
    cases = {
        c.pk: c
        for c in Case.objects.filter(id__in=ids, publication__isnull=True).select_related(
            "organisation", "party"
        )
    }
    out = []
    for ob in limits:
        case = cases.get(int(ob.subject_id))
        if case is not None:
            case.limit = ob  # type: ignore[attr-defined]
            out.append(case)
    return out


def publication_for_user(*, user, publication_id: int) -> Publication | None:  # type: ignore[no-untyped-def]
    return (
        Publication.objects.filter(_visible(user), id=publication_id)
        .select_related(
            "organisation",
            "case",
            "drafted_by",
            "checked_by",
            "approved_by",
            "masking_confirmed_by",
        )
        .first()
    )


def changes_of(publication: Publication) -> list:  # type: ignore[no-untyped-def]
    return list(
        publication.changes.select_related("drafted_by", "checked_by", "approved_by", "request")
    )


def applied_changes_public(publication: Publication) -> list[dict]:
    """What the portal shows of the changes: kind, reason and date — never who."""
    from zhifa.publication.constants import ChangeStatus

    return [
        {
            "kind": c.get_kind_display(),
            "kind_code": c.kind,
            "trigger": c.get_trigger_display(),
            "reason": c.reason,
            "at": c.applied_at,
            "version_before": c.version_before,
        }
        for c in publication.changes.filter(status=ChangeStatus.APPLIED).only(
            "kind", "trigger", "reason", "applied_at", "version_before", "publication_id"
        )
    ]

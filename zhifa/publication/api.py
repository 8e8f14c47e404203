"""The publication API: published decisions for anyone (provincial and national platforms pull
them, R-1.2-06), and the units' publication list for staff. Only masked public columns leave
through the public endpoints."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.publication.constants import DecisionCategory, PublicationStatus
from zhifa.publication.search import MAX_KEYWORD_LENGTH
from zhifa.publication.selectors import (
    Cursor,
    DecisionFilters,
    applied_changes_public,
    portal_decision,
    portal_decision_page,
    publication_list_for_user,
    with_limits,
)
from zhifa.publication.views import STAFF_ROLES

router = Router(tags=["publication"])
MAX_LIMIT = 100


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")


class ChangeOut(Schema):
    kind: str
    trigger: str
    reason: str
    at: dt.datetime | None


class DecisionOut(Schema):
    id: int
    url: str
    status: str
    version: int
    category: str
    category_label: str
    title: str
    document_number: str
    subject: str
    target: str
    target_credit_code: str
    enforcement_type: str
    cause: str
    decision_date: dt.date
    published_at: dt.datetime | None
    corrected_at: dt.datetime | None
    withdrawn_at: dt.datetime | None


class DecisionDetailOut(DecisionOut):
    conclusion: str
    full_text: str
    changes: list[ChangeOut]


class DecisionPageOut(Schema):
    items: list[DecisionOut]
    next: str | None
    total: int
    total_capped: bool


def _out(p, *, detail: bool = False) -> dict:  # type: ignore[no-untyped-def]
    withdrawn = p.status == PublicationStatus.WITHDRAWN
    data = {
        "id": p.pk,
        "url": f"/portal/decisions/{p.pk}/",
        "status": p.status,
        "version": p.version,
        "category": p.category,
        "category_label": str(DecisionCategory(p.category).label),
        "title": p.title,
        "document_number": p.document_number,
        "subject": p.subject_name,
        "target": p.target_name,
        "target_credit_code": p.target_code,
        "enforcement_type": p.enforcement_type,
        "cause": p.cause,
        "decision_date": p.decision_date,
        "published_at": p.published_at,
        "corrected_at": p.corrected_at,
        "withdrawn_at": p.withdrawn_at,
    }
    if detail:
        data["conclusion"] = "" if withdrawn else p.conclusion
        data["full_text"] = "" if withdrawn else p.full_text
        data["changes"] = [
            {"kind": c["kind_code"], "trigger": c["trigger"], "reason": c["reason"], "at": c["at"]}
            for c in applied_changes_public(p)
        ]
    return data


@router.get(
    "/public/decisions",
    response=DecisionPageOut,
    auth=None,
    summary="Published enforcement decisions, newest first (R-1.2-13); keyset pages via `after`",
)
def public_decisions(
    request: HttpRequest,
    q: str = "",
    unit: int | None = None,
    category: str = "",
    enforcement_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    include_withdrawn: bool = False,
    after: str = "",
    limit: int = 20,
) -> dict:
    if not 1 <= limit <= MAX_LIMIT:
        raise DomainError(f"limit 须在 1 至 {MAX_LIMIT} 之间。", code="invalid", field="limit")
    if len(q) > MAX_KEYWORD_LENGTH:
        raise DomainError(f"关键词最多{MAX_KEYWORD_LENGTH}个字。", code="too_long", field="q")
    if category and category not in DecisionCategory.values:
        raise DomainError("执法类别无效。", code="invalid", field="category")
    cursor = Cursor.decode(after)
    if after and cursor is None:
        raise DomainError("翻页参数 after 无效。", code="invalid", field="after")
    page = portal_decision_page(
        DecisionFilters(
            keyword=q,
            organisation_id=unit,
            category=category,
            enforcement_type=enforcement_type[:60],
            date_from=date_from,
            date_to=date_to,
            include_withdrawn=include_withdrawn,
        ),
        after=cursor,
        limit=limit,
    )
    return {
        "items": [_out(p) for p in page.rows],
        "next": page.next_cursor,
        "total": page.total,
        "total_capped": page.capped,
    }


@router.get(
    "/public/decisions/{int:publication_id}",
    response=DecisionDetailOut,
    auth=None,
    summary="One published (or withdrawn) decision with its changes (R-1.12-06)",
)
def public_decision(request: HttpRequest, publication_id: int) -> dict:
    p = portal_decision(publication_id)
    if p is None:
        raise NotFound("没有找到该执法决定信息。")
    return _out(p, detail=True)


class StaffPublicationOut(Schema):
    id: int
    status: str
    title: str
    organisation: str
    decision_date: dt.date
    limit_rule: str | None
    limit_due: dt.date | None
    limit_state: str | None


@router.get(
    "/publications",
    response=list[StaffPublicationOut],
    summary="The publications of the units the caller may see, with their limits",
)
def publications(request: HttpRequest, status: str = "", limit: int = 50) -> list[dict]:
    user = request.auth  # type: ignore[attr-defined]
    if not any(user.has_role(r) for r in STAFF_ROLES):
        raise PermissionDenied("执法决定公示由执法单位和司法局执法监督人员办理。")
    if status and status not in PublicationStatus.values:
        raise DomainError("状态无效。", code="invalid", field="status")
    if not 1 <= limit <= MAX_LIMIT:
        raise DomainError(f"limit 须在 1 至 {MAX_LIMIT} 之间。", code="invalid", field="limit")
    return [
        {
            "id": p.pk,
            "status": p.status,
            "title": p.title,
            "organisation": p.organisation.name,
            "decision_date": p.decision_date,
            "limit_rule": p.limit.rule_id if p.limit else None,  # type: ignore[attr-defined]
            "limit_due": p.limit.due_date if p.limit else None,  # type: ignore[attr-defined]
            "limit_state": p.limit.state if p.limit else None,  # type: ignore[attr-defined]
        }
        for p in with_limits(list(publication_list_for_user(user=user, status=status)[:limit]))
    ]

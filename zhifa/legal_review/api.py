"""HTTP API of the legal review, mounted at /api/v1/legal-review/: the queue, one submission,
and every step through the same form and service as the page.

Errors are structured: ``{"code", "message", "field", "errors"?}`` with 400 (refused input,
``errors`` per field), 403 (not the caller's step), 404 (unknown or out of scope), 409 (not
allowed in the current state)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router

from zhifa.core.errors import DomainError
from zhifa.legal_review.models import Submission
from zhifa.legal_review.selectors import (
    submission_detail,
    submission_get_for_user,
    submission_list_for_user,
)
from zhifa.legal_review.steps import STEPS

router = Router(tags=["legal_review"])
MAX_LIMIT = 100


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")


class FormInvalid(DomainError):
    def __init__(self, form: Any) -> None:
        errors = {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
        first = next(iter(errors), None)
        super().__init__(
            "提交的内容有误，请按提示修改："
            + "；".join(m for msgs in errors.values() for m in msgs),
            code="invalid_form",
            field=None if first == "__all__" else first,
        )
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return {**super().as_dict(), "errors": self.errors}


def _dt(value: Any) -> str | None:
    return value.isoformat() if value else None


def _row(s: Submission) -> dict[str, Any]:
    ob = s.obligation
    return {
        "id": s.pk,
        "case_id": s.case_id,
        "case_number": s.case.display_number,
        "cause": s.case.cause,
        "organisation": s.organisation.display_name,
        "status": s.status,
        "status_label": s.get_status_display(),
        "submitted_at": _dt(s.submitted_at),
        "complete_at": _dt(s.complete_at),
        "reviewer": (s.reviewer.full_name or s.reviewer.username) if s.reviewer else None,
        "due_date": ob.due_date.isoformat() if ob else None,
        "clock_state": ob.state if ob else None,
        "extended": s.extended,
        "extension_pending": bool(getattr(s, "extension_pending", False)),
    }


def _detail(s: Submission) -> dict[str, Any]:
    d = submission_detail(s)
    out = _row(s)
    out.update(
        {
            "opinion": s.review.opinion,
            "opinion_text": s.review.opinion_text,
            "materials": [
                {
                    "kind": m.kind,
                    "provided": m.is_provided,
                    "document_id": m.document_id,
                    "record_id": m.record_id,
                    "text": m.text,
                }
                for m in d.materials
            ],
            "missing": d.missing,
            "checks": [
                {"result": c.result, "missing": c.missing, "note": c.note, "at": _dt(c.checked_at)}
                for c in d.checks
            ],
            "pauses": [
                {
                    "kind": p.kind,
                    "reason": p.reason,
                    "started_at": _dt(p.started_at),
                    "ended_at": _dt(p.ended_at),
                }
                for p in d.pauses
            ],
            "extensions": [
                {
                    "status": e.status,
                    "reason": e.reason,
                    "requested_at": _dt(e.requested_at),
                    "decided_at": _dt(e.decided_at),
                }
                for e in d.extensions
            ],
            "checklist": [
                {"point": c.point, "finding": c.finding, "reason": c.reason} for c in d.checklist
            ],
            "dispute": None
            if d.dispute is None
            else {
                "reasons": d.dispute.reasons,
                "consult_result": d.dispute.consult_result,
                "head_decision": d.dispute.head_decision,
                "head_reasons": d.dispute.head_reasons,
            },
            "participants": [
                {"organisation_id": p.organisation_id, "role": p.role} for p in d.participants
            ],
        }
    )
    return out


def _get(request: HttpRequest, pk: int) -> Submission:
    s = submission_get_for_user(user=request.user, submission_id=pk)  # type: ignore[arg-type]
    if s is None:
        raise NotFound("没有找到该送审，或者您无权查看。")
    return s


@router.get("/submissions")
def submission_list(
    request: HttpRequest, status: str = "", limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    qs = submission_list_for_user(user=request.user, status=status)  # type: ignore[arg-type]
    rows = list(qs[offset : offset + limit + 1])
    return {
        "results": [_row(s) for s in rows[:limit]],
        "next_offset": offset + limit if len(rows) > limit else None,
    }


@router.get("/submissions/{pk}")
def submission_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(_get(request, pk))


@router.post("/submissions/{pk}/{code}")
def submission_step(request: HttpRequest, pk: int, code: str) -> dict[str, Any]:
    s = _get(request, pk)
    step = STEPS.get(code)
    if step is None:
        raise NotFound("没有该办理步骤。")
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise DomainError("请求内容不是有效的 JSON。", code="invalid_json") from None
    if not isinstance(body, dict):
        raise DomainError("请求内容应为 JSON 对象。", code="invalid_json")
    data: dict[str, Any] = {}
    for key, value in body.items():
        if isinstance(value, bool):
            data[key] = "yes" if value else "no"
        elif isinstance(value, list):
            data[key] = value
        else:
            data[key] = "" if value is None else str(value)
    from django.utils.datastructures import MultiValueDict

    form = step.form(
        MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()}),
        submission=s,
        user=request.user,
    )
    if not form.is_valid():
        raise FormInvalid(form)
    step.perform(submission=s, actor=request.user, data=form.cleaned_data)
    s = _get(request, pk)
    return _detail(s)

"""Official documents of a case: the common context every case template gets, and rendering.

A step's service calls :func:`case_document_render` inside its transaction with the template
code and the step's own fields; the document is stored (DOCX + PDF, hashed), attached to the
case (``subject=case``) and returned so the step can link it and the timeline can show it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from zhifa.cases.models import Case
from zhifa.core import clock
from zhifa.documents.services import document_render
from zhifa.personnel.models import Officer
from zhifa.personnel.selectors.certificates import current_certificate

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.documents.models import GeneratedDocument


def date_zh(value: dt.date | dt.datetime | None) -> str:
    """2026-03-05 → 2026年3月5日 (documents write dates this way)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = clock.local(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def time_zh(value: dt.datetime | None) -> str:
    """An instant as 2026年3月5日9时10分 (records write start and end times this way)."""
    if value is None:
        return ""
    local = clock.local(value)
    return f"{date_zh(local.date())}{local.hour}时{local.minute:02d}分"


def money_zh(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def officer_lines(users: list[User]) -> list[dict[str, str]]:
    """``[{"name": …, "certificate_number": …}]`` for the templates' officer lists."""
    by_user = {o.user_id: o for o in Officer.objects.filter(user__in=[u.pk for u in users])}
    lines = []
    for user in users:
        officer = by_user.get(user.pk)
        cert = current_certificate(officer) if officer else None
        lines.append(
            {
                "name": user.full_name or user.username,
                "certificate_number": (cert.number if cert and cert.number else ""),
            }
        )
    return lines


def case_context(case: Case) -> dict[str, Any]:
    """What every case document knows: unit, numbers, party, cause, officers, dates."""
    party = case.party
    handlers = [
        o.user
        for o in case.officers.filter(removed_at__isnull=True)
        .select_related("user")
        .order_by("capacity", "id")
    ]
    return {
        "unit_name": case.organisation.name,
        "case_number": case.number or "",
        "document_number": case.number or "",
        "case_cause": case.cause,
        "filed_on": date_zh(case.filed_at),
        "party_name": party.name,
        "party_id_number": party.uscc or party.id_number or "",
        "legal_representative": party.legal_representative or party.person_in_charge or "",
        "party_address": party.address,
        "party_phone": party.phone,
        "officers": officer_lines(handlers),
        "date": date_zh(clock.today()),
    }


def case_document_render(
    *,
    case: Case,
    actor: User,
    template_code: str,
    context: dict[str, Any] | None = None,
    title: str = "",
    number: str = "",
) -> GeneratedDocument:
    """Render ``template_code`` for ``case`` (common context updated with ``context``), in the
    name of the case's unit (R-1.14-05), attached to the case."""
    data = case_context(case)
    data.update(context or {})
    return document_render(
        actor=actor,
        template_code=template_code,
        context=data,
        organisation=case.organisation,
        title=title,
        subject=case,
        number=number or str(data.get("document_number") or ""),
    )

"""What every case service does the same way: lock, check who acts, record, change status.

A case service reads like this::

    @transaction.atomic
    def case_do_something(*, case: Case, actor: User, ...) -> Case:
        case = case_lock(case)
        require_transition(case, "do_something")      # zhifa/cases/workflow.py
        require_handler(case, actor)                   # or require_head / require_reviewer
        ... rule guards, raising DomainError with a Chinese message and the field ...
        ... create the step's record ...
        case_set_status(case, CaseStatus.X)
        case_event_add(case=case, actor=actor, action="do_something", summary="…", payload={...})
        ... obligation_open / obligation_fulfil_for ...
        return case

``case_event_add`` writes the timeline row and the ledger entry (``cases.case.<action>``) in the
same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from zhifa.accounts.constants import Role
from zhifa.cases.constants import ENDED_STATUSES, Capacity, OfficerCapacity, RecusalGround
from zhifa.cases.models import Case, CaseEvent, CaseOfficer, RecusalDeclaration
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.ledger.services import ledger_append
from zhifa.personnel.selectors.certificates import certificate_valid_for

if TYPE_CHECKING:
    from zhifa.accounts.models import Organisation, User
    from zhifa.documents.models import GeneratedDocument

# R-1.1-12 / system 1.7: a case is handled by at least this many certified officers.
MIN_HANDLERS = 2


def case_open(
    *, actor: User, officers: Iterable[User], declaration_note: str = "", **fields: Any
) -> Case:
    """Create a case (``fields`` are the Case's) handled by ``officers`` with ``actor`` as the
    lead officer (主办人), and record the actor's declaration of no conflict with the party made
    on opening it (R-1.5-03). The callers check the team (R-1.1-12) and record the event."""
    now = clock.now()
    case = Case.objects.create(created_by=actor, **fields)
    people = {u.pk: u for u in officers}
    people.setdefault(actor.pk, actor)
    for user in people.values():
        CaseOfficer.objects.create(
            case=case,
            user=user,
            capacity=OfficerCapacity.LEAD if user.pk == actor.pk else OfficerCapacity.ASSISTANT,
            assigned_at=now,
            assigned_by=actor,
        )
    declare_if_given(
        case=case,
        person=actor,
        capacity=Capacity.HANDLER,
        has_conflict=False,
        note=declaration_note,
    )
    return case


def case_lock(case: Case) -> Case:
    """The case row again, locked for the rest of the transaction (SELECT … FOR UPDATE on
    PostgreSQL; SQLite serialises writers anyway)."""
    return Case.objects.select_for_update().select_related("item_version", "party").get(pk=case.pk)


def case_set_status(case: Case, status: str, *, fields: tuple[str, ...] = ()) -> None:
    """Set the status (and any other changed ``fields``) with update_fields."""
    case.status = status
    case.save(update_fields=["status", "updated_at", *fields])


def case_event_add(
    *,
    case: Case,
    actor: User | None,
    action: str,
    summary: str,
    payload: dict[str, Any] | None = None,
    document: GeneratedDocument | None = None,
    at: dt.datetime | None = None,
) -> CaseEvent:
    """Record one step on the case timeline and in the ledger (``cases.case.<action>``)."""
    event = CaseEvent.objects.create(
        case=case,
        at=at or clock.now(),
        actor=actor,
        action=action,
        summary=summary[:300],
        status_after=case.status,
        document=document,
    )
    body: dict[str, Any] = {"status": case.status, "number": case.number or "", "summary": summary}
    if document is not None:
        body["document_id"] = document.pk
        body["document_pdf_sha256"] = document.pdf_sha256
    body.update(payload or {})
    ledger_append(actor=actor, action=f"cases.case.{action}", subject=case, payload=body)
    return event


# --- who may act ---------------------------------------------------------------------------


def active_officers(case: Case) -> list[CaseOfficer]:
    """The officers handling the case now (not removed on recusal)."""
    return list(case.officers.filter(removed_at__isnull=True).select_related("user").order_by("id"))


def is_handler(case: Case, user: User) -> bool:
    return case.officers.filter(user=user, removed_at__isnull=True).exists()


def has_declared_conflict(case: Case, user: User, capacity: str) -> bool:
    return RecusalDeclaration.objects.filter(
        case=case, person=user, capacity=capacity, has_conflict=True
    ).exists()


def has_declared(case: Case, user: User, capacity: str) -> bool:
    return RecusalDeclaration.objects.filter(case=case, person=user, capacity=capacity).exists()


def require_no_conflict(case: Case, user: User, capacity: str) -> None:
    """R-1.5-03 / R-1.4-06: a person who declared a conflict may not act in that capacity."""
    if has_declared_conflict(case, user, capacity):
        raise PermissionDenied(
            f"{user.full_name or user.username} 已就本案声明回避（{Capacity(capacity).label}），"
            "不能再以该身份办理本案，请由其他人员办理。",
            code="recused",
        )


def require_declared(case: Case, user: User, capacity: str) -> None:
    """R-1.5-03: a person declares their relations with the parties before acting on the case."""
    if not has_declared(case, user, capacity):
        raise DomainError(
            f"{user.full_name or user.username} 尚未就本案作出回避声明（{Capacity(capacity).label}）："
            "请先在案件页面“回避声明”中声明与当事人有无利害关系。",
            code="recusal_not_declared",
        )


def require_handler(case: Case, user: User, *, on_date: dt.date | None = None) -> None:
    """The actor handles this case (an active officer on it), holds a certificate valid for the
    item's enforcement type on the day (R-1.1-12, R-1.7-01) and has not declared a conflict."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied()
    if not is_handler(case, user):
        raise PermissionDenied("只有本案的承办人员可以办理这一步。", code="not_handler")
    require_no_conflict(case, user, Capacity.HANDLER)
    require_declared(case, user, Capacity.HANDLER)
    check = certificate_valid_for(user, case.item_version.enforcement_type, on_date)
    if not check:
        raise DomainError(
            f"您不能办理本案：{check.reason}", code="certificate_invalid", field="actor"
        )


def require_team(case: Case, *, on_date: dt.date | None = None, field: str | None = None) -> None:
    """R-1.1-12 / system 1.7: at least two active officers whose certificates are valid for the
    item's enforcement type on ``on_date``. Says who is missing what."""
    officers = active_officers(case)
    enforcement_type = case.item_version.enforcement_type
    valid = []
    problems = []
    for officer in officers:
        check = certificate_valid_for(officer.user, enforcement_type, on_date)
        if check:
            valid.append(officer)
        else:
            problems.append(f"{officer.user.full_name or officer.user.username}：{check.reason}")
    if len(valid) < MIN_HANDLERS:
        detail = "；".join(problems)
        raise DomainError(
            f"本案须由至少 {MIN_HANDLERS} 名持有有效执法证件（{enforcement_type}）的执法人员承办，"
            f"目前只有 {len(valid)} 名。" + (f"不符合的人员：{detail}。" if detail else ""),
            code="team_invalid",
            field=field,
        )


def require_officers_valid(
    case: Case, users: list[User], *, on_date: dt.date | None = None, field: str = "officers"
) -> None:
    """The officers present at a field step: at least two, each a handler of the case with a
    valid certificate for the item's type on the day (R-1.1-12, R-1.2-09)."""
    if len({u.pk for u in users}) < MIN_HANDLERS:
        raise DomainError(
            f"现场执法人员不得少于 {MIN_HANDLERS} 人，请选择在场的承办人员。",
            code="too_few_officers",
            field=field,
        )
    handler_ids = set(
        case.officers.filter(removed_at__isnull=True).values_list("user_id", flat=True)
    )
    enforcement_type = case.item_version.enforcement_type
    for user in users:
        name = user.full_name or user.username
        if user.pk not in handler_ids:
            raise DomainError(f"{name} 不是本案的承办人员。", code="not_handler", field=field)
        if not has_declared(case, user, Capacity.HANDLER):
            raise DomainError(
                f"{name} 尚未就本案作出回避声明。", code="recusal_not_declared", field=field
            )
        check = certificate_valid_for(user, enforcement_type, on_date)
        if not check:
            raise DomainError(f"{name}：{check.reason}", code="certificate_invalid", field=field)


def holds_role_over(user: User, organisation: Organisation, role: str) -> bool:
    """``user`` is active, holds ``role`` and belongs to ``organisation`` or a unit above it —
    the one answer to "the unit's head / legal reviewer / archivist" on a case."""
    own = user.organisation
    return bool(
        user.is_active
        and user.has_role(role)
        and own is not None
        and organisation.path.startswith(own.path)
    )


def is_head_of(user: User, organisation: Organisation) -> bool:
    """A unit head of the case's unit or of a unit above it."""
    return holds_role_over(user, organisation, Role.UNIT_HEAD)


def require_head(case: Case, user: User, *, requested_by: User | None = None) -> None:
    """The unit head approves — never their own work (not a handler of the case, not the one
    who asked) and not after declaring a conflict (R-1.5-03)."""
    if not is_head_of(user, case.organisation):
        raise PermissionDenied("只有本单位负责人可以审批。", code="not_head")
    if is_handler(case, user) or (requested_by is not None and requested_by.pk == user.pk):
        raise PermissionDenied(
            "您是本案的承办人员或提请人，不能审批自己办理的事项，请由其他负责人审批。",
            code="own_work",
        )
    require_no_conflict(case, user, Capacity.APPROVER)


def require_text(value: str | None, *, field: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请填写{what}。", code="required", field=field)
    return text


def declare_if_given(
    *,
    case: Case,
    person: User,
    capacity: str,
    has_conflict: bool | None,
    ground: str = "",
    note: str = "",
) -> RecusalDeclaration | None:
    """Record a declaration made together with an action (an approval form's 回避声明).

    ``has_conflict=None`` records nothing. A conflict without a ground is refused."""
    if has_conflict is None:
        return None
    if has_conflict and ground not in RecusalGround.values:
        raise DomainError("声明回避的，请选择回避事由。", code="ground_required", field="ground")
    return RecusalDeclaration.objects.create(
        case=case,
        person=person,
        capacity=capacity,
        has_conflict=has_conflict,
        ground=ground if has_conflict else "",
        note=(note or "").strip(),
        declared_at=clock.now(),
    )


def ended(case: Case) -> bool:
    return case.status in ENDED_STATUSES


def require_no_crime_pending(case: Case, *, field: str | None = None) -> None:
    """R-2.2-10 / R-3.1-06: while the facts suggest a crime, no administrative penalty may be
    decided in place of the transfer to the judicial organs."""
    if case.crime_suspected:
        raise DomainError(
            "本案涉嫌犯罪，应当移送司法机关，不得以行政处罚代替移送（R-2.2-10、R-3.1-06）。"
            "如经审查不构成犯罪，请由负责人对移送申请作出不予移送的决定后再办理。",
            code="crime_transfer_required",
            field=field,
        )


def handlers_q(user: User) -> Q:
    """Cases the user handles now (for "my cases")."""
    return Q(officers__user=user, officers__removed_at__isnull=True)

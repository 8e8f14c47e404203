"""People on a case: recusal declarations (R-1.5-03), adding officers, replacing a recused one.

Everyone who acts on a case declares first whether they have a relation with the parties; a
declared conflict takes a handler off the case, and the unit head names who replaces them —
the case keeps both rows, so it says who replaced whom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from zhifa.accounts.constants import Role
from zhifa.cases.constants import Capacity, OfficerCapacity, RecusalGround
from zhifa.cases.models import Case, CaseOfficer, RecusalDeclaration
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    has_declared,
    holds_role_over,
    is_handler,
    is_head_of,
    require_no_conflict,
)
from zhifa.cases.workflow import require_transition
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.personnel.selectors.certificates import certificate_valid_for

if TYPE_CHECKING:
    from zhifa.accounts.models import User


def _name(user: User) -> str:
    return user.full_name or user.username


def _may_declare(case: Case, user: User, capacity: str) -> bool:
    if capacity == Capacity.HANDLER:
        return is_handler(case, user)
    if capacity == Capacity.APPROVER:
        return is_head_of(user, case.organisation)
    if capacity == Capacity.REVIEWER:
        return holds_role_over(user, case.organisation, Role.LEGAL_REVIEWER)
    # discussants and hearing hosts: staff of the unit (or above)
    return bool(user.organisation and case.organisation.path.startswith(user.organisation.path))


@transaction.atomic
def recusal_declare(
    *,
    case: Case,
    actor: User,
    capacity: str,
    has_conflict: bool,
    ground: str = "",
    note: str = "",
) -> RecusalDeclaration:
    """``actor`` declares for themselves, in ``capacity``, whether R-1.5-03 applies.

    A conflict needs a ground; a handler who declares one is removed from the case at once
    (R-1.5-03, R-4.6-07) and the head must name a replacement when fewer than two remain.
    A declaration is made once per capacity (a later conflict may still be declared)."""
    case = case_lock(case)
    require_transition(case, "recusal_declare")
    if capacity not in Capacity.values:
        raise DomainError("请选择以何种身份声明。", field="capacity")
    if not _may_declare(case, actor, capacity):
        raise PermissionDenied(f"您不是本案的{Capacity(capacity).label}，无需声明。")
    if has_conflict and ground not in RecusalGround.values:
        raise DomainError("声明回避的，请选择回避事由。", code="ground_required", field="ground")
    if not has_conflict and has_declared(case, actor, capacity):
        raise DomainError("您已就本案作出过声明。", code="already_declared", field="has_conflict")
    require_no_conflict(case, actor, capacity)
    now = clock.now()
    declaration = RecusalDeclaration.objects.create(
        case=case,
        person=actor,
        capacity=capacity,
        has_conflict=has_conflict,
        ground=ground if has_conflict else "",
        note=(note or "").strip(),
        declared_at=now,
    )
    summary = f"{_name(actor)}（{Capacity(capacity).label}）声明"
    if has_conflict:
        summary += f"回避：{RecusalGround(ground).label}"
        if capacity == Capacity.HANDLER:
            CaseOfficer.objects.filter(case=case, user=actor, removed_at__isnull=True).update(
                removed_at=now, removed_reason=f"回避：{RecusalGround(ground).label}"
            )
            summary += "，已撤出承办人员"
    else:
        summary += "无回避情形"
    case_event_add(
        case=case,
        actor=actor,
        action="recusal_declare",
        summary=summary,
        payload={"capacity": capacity, "has_conflict": has_conflict, "ground": ground},
    )
    return declaration


def _require_assigner(case: Case, actor: User) -> None:
    lead = case.officers.filter(
        user=actor, removed_at__isnull=True, capacity=OfficerCapacity.LEAD
    ).exists()
    if not (lead or is_head_of(actor, case.organisation)):
        raise PermissionDenied("只有本案主办人或本单位负责人可以指派承办人员。")


def _require_assignable(case: Case, user: User) -> None:
    if not user.is_active or not user.has_role(Role.OFFICER):
        raise DomainError(f"{_name(user)} 不是执法人员。", field="user")
    own = user.organisation
    if own is None or not (
        case.organisation.path.startswith(own.path) or own.path.startswith(case.organisation.path)
    ):
        raise DomainError(f"{_name(user)} 不是本单位的执法人员。", field="user")
    if is_handler(case, user):
        raise DomainError(f"{_name(user)} 已是本案承办人员。", field="user")
    if RecusalDeclaration.objects.filter(
        case=case, person=user, capacity=Capacity.HANDLER, has_conflict=True
    ).exists():
        raise DomainError(f"{_name(user)} 已就本案声明回避，不能再指派。", field="user")
    check = certificate_valid_for(user, case.item_version.enforcement_type)
    if not check:
        raise DomainError(
            f"{_name(user)}：{check.reason}", code="certificate_invalid", field="user"
        )


@transaction.atomic
def officer_assign(*, case: Case, actor: User, user: User) -> CaseOfficer:
    """Add an assisting officer (协办人) with a valid certificate for the item's type."""
    case = case_lock(case)
    require_transition(case, "officer_assign")
    _require_assigner(case, actor)
    _require_assignable(case, user)
    assignment = CaseOfficer.objects.create(
        case=case,
        user=user,
        capacity=OfficerCapacity.ASSISTANT,
        assigned_at=clock.now(),
        assigned_by=actor,
    )
    case_event_add(
        case=case,
        actor=actor,
        action="officer_assign",
        summary=f"增加承办人员 {_name(user)}",
        payload={"user_id": user.pk},
    )
    return assignment


@transaction.atomic
def officer_replace(
    *, case: Case, actor: User, removed: CaseOfficer, replacement: User
) -> CaseOfficer:
    """The head names who replaces a handler removed on recusal; the removed row points to the
    new one (``replaced_by``), so the case says who replaced whom (R-1.5-03)."""
    case = case_lock(case)
    require_transition(case, "officer_replace")
    if not is_head_of(actor, case.organisation):
        raise PermissionDenied("只有本单位负责人可以替换回避的承办人员。")
    removed = CaseOfficer.objects.select_for_update().get(pk=removed.pk)
    if removed.case_id != case.pk or removed.removed_at is None:
        raise DomainError("只能替换已撤出本案的承办人员。", field="removed")
    if removed.replaced_by_id is not None:
        raise DomainError("该人员已有替换人员。", field="removed")
    _require_assignable(case, replacement)
    new = CaseOfficer.objects.create(
        case=case,
        user=replacement,
        capacity=removed.capacity,
        assigned_at=clock.now(),
        assigned_by=actor,
    )
    removed.replaced_by = new
    removed.save(update_fields=["replaced_by"])
    case_event_add(
        case=case,
        actor=actor,
        action="officer_replace",
        summary=f"由 {_name(replacement)} 替换回避的 {_name(removed.user)}",
        payload={"removed_user_id": removed.user_id, "replacement_user_id": replacement.pk},
    )
    return new

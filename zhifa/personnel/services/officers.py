"""Writes of the officer register (system 1.7): create, update, deactivate (never delete).

Who may write an officer record: a unit head of the officer's unit or a unit above it, the
Justice Bureau (its supervisors). A record may be kept for anyone on the unit's
staff; whether the person may hold a certificate is decided by
:func:`zhifa.personnel.selectors.officers.officer_eligibility` and enforced when a certificate is
applied for and when the OFFICER role is granted (R-1.7-03, R-3.1-09, R-3.1-10, R-1.10-05).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from zhifa.accounts.constants import OUTSIDE_KINDS, Role
from zhifa.accounts.models import Organisation, User
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.identifiers import id_number_error
from zhifa.ledger.services import ledger_append
from zhifa.personnel.constants import Gender, StaffingType
from zhifa.personnel.models import Officer
from zhifa.personnel.selectors.officers import officer_eligibility
from zhifa.personnel.services.certificates import (
    is_justice_bureau,
    is_unit_head_over,
    sync_user_certificate_number,
)

EDITABLE_FIELDS = (
    "full_name",
    "gender",
    "id_number",
    "organisation",
    "post",
    "staffing_type",
    "in_enforcement_post",
    "ever_dismissed",
    "induction_passed_on",
    "phone",
    "user",
)


def can_manage_officers(user: User | None, organisation: Organisation) -> bool:
    """Whether ``user`` may create or change officer records of ``organisation``."""
    return is_justice_bureau(user) or is_unit_head_over(user, organisation)


def _require(actor: User | None, organisation: Organisation) -> None:
    if actor is not None and not can_manage_officers(actor, organisation):
        raise PermissionDenied("只有本单位（或上级单位）负责人和县司法局可以维护执法人员信息。")


def _clean(values: dict[str, Any], *, instance: Officer | None) -> dict[str, Any]:
    """Check and normalise the fields; raises DomainError naming the field."""
    out = dict(values)
    if "full_name" in out:
        out["full_name"] = (out["full_name"] or "").strip()
        if not out["full_name"]:
            raise DomainError("请填写姓名。", code="required", field="full_name")
    if "gender" in out and out["gender"] not in Gender.values:
        raise DomainError("请选择性别。", code="invalid", field="gender")
    if "staffing_type" in out and out["staffing_type"] not in StaffingType.values:
        raise DomainError("请选择人员身份。", code="invalid", field="staffing_type")
    if "post" in out:
        out["post"] = (out["post"] or "").strip()
        if not out["post"]:
            raise DomainError("请填写职务。", code="required", field="post")
    if "id_number" in out:
        number = (out["id_number"] or "").strip().upper()
        problem = id_number_error(number)
        if problem:
            raise DomainError(problem, code="invalid_id_number", field="id_number")
        clash = Officer.objects.filter(id_number=number)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            raise DomainError(
                "该身份证号已登记为执法人员，一人只登记一次。",
                code="duplicate",
                field="id_number",
            )
        out["id_number"] = number
    org = out.get("organisation")
    if org is not None and org.kind in OUTSIDE_KINDS:
        raise DomainError(
            "执法人员须属于本县的行政执法单位。", code="invalid", field="organisation"
        )
    user = out.get("user")
    if user is not None:
        clash_user = Officer.objects.filter(user=user)
        if instance is not None:
            clash_user = clash_user.exclude(pk=instance.pk)
        if clash_user.exists():
            raise DomainError(
                f"登录账号 {user.username} 已关联其他执法人员。", code="duplicate", field="user"
            )
    if "induction_passed_on" in out and out["induction_passed_on"] is not None:
        from zhifa.core import clock

        if out["induction_passed_on"] > clock.today():
            raise DomainError(
                "入职培训考核合格日期不能晚于今天。", code="invalid", field="induction_passed_on"
            )
    return out


def _payload(officer: Officer) -> dict[str, Any]:
    return {
        "full_name": officer.full_name,
        "organisation_id": officer.organisation_id,
        "post": officer.post,
        "staffing_type": officer.staffing_type,
        "in_enforcement_post": officer.in_enforcement_post,
        "ever_dismissed": officer.ever_dismissed,
        "induction_passed_on": officer.induction_passed_on,
        "user_id": officer.user_id,
        "is_active": officer.is_active,
    }


@transaction.atomic
def officer_create(
    *,
    actor: User | None,
    full_name: str,
    gender: str,
    id_number: str,
    organisation: Organisation,
    post: str,
    staffing_type: str,
    in_enforcement_post: bool = True,
    ever_dismissed: bool = False,
    induction_passed_on: dt.date | None = None,
    phone: str = "",
    user: User | None = None,
) -> Officer:
    """Register a person of ``organisation`` (the ID number is checked against GB 11643).

    The record is kept even when the person may never hold a certificate (R-3.1-10); the
    eligibility is shown on the record and enforced by ``certificate_apply``.
    """
    _require(actor, organisation)
    values = _clean(
        {
            "full_name": full_name,
            "gender": gender,
            "id_number": id_number,
            "organisation": organisation,
            "post": post,
            "staffing_type": staffing_type,
            "in_enforcement_post": in_enforcement_post,
            "ever_dismissed": ever_dismissed,
            "induction_passed_on": induction_passed_on,
            "phone": (phone or "").strip(),
            "user": user,
        },
        instance=None,
    )
    try:
        with transaction.atomic():
            officer = Officer.objects.create(**values)
    except IntegrityError:
        raise DomainError(
            "该身份证号或登录账号已登记为执法人员。", code="duplicate", field="id_number"
        ) from None
    sync_user_certificate_number(officer)
    ledger_append(
        actor=actor,
        action="personnel.officer.create",
        subject=officer,
        payload={**_payload(officer), "eligible": bool(officer_eligibility(officer))},
    )
    return officer


@transaction.atomic
def officer_update(*, actor: User | None, officer: Officer, **changes: Any) -> Officer:
    """Change fields of an officer record (names in ``EDITABLE_FIELDS``). Moving the officer to
    another unit needs the right over both units."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise DomainError(f"不能修改的字段：{'、'.join(unknown)}。", code="invalid")
    officer = Officer.objects.select_for_update().select_related("organisation").get(pk=officer.pk)
    _require(actor, officer.organisation)
    if "organisation" in changes:
        _require(actor, changes["organisation"])
    values = _clean(changes, instance=officer)
    before = _payload(officer)
    old_user_id = officer.user_id
    for name, value in values.items():
        setattr(officer, name, value)
    officer.save()
    if old_user_id and old_user_id != officer.user_id:
        User.objects.filter(pk=old_user_id).update(certificate_number="")
    sync_user_certificate_number(officer)
    after = _payload(officer)
    ledger_append(
        actor=actor,
        action="personnel.officer.update",
        subject=officer,
        payload={"changed": {k: after[k] for k in after if after[k] != before[k]}},
    )
    return officer


@transaction.atomic
def officer_deactivate(*, actor: User | None, officer: Officer, reason: str) -> Officer:
    """The person left the unit or the enforcement post: the record stays (never deleted) but is
    no longer active, and no certificate of theirs lets them act (R-1.7-01). A live certificate
    should be cancelled or surrendered separately, by the Justice Bureau."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写停用原因（如调离、退休）。", code="required", field="reason")
    officer = Officer.objects.select_for_update().select_related("organisation").get(pk=officer.pk)
    _require(actor, officer.organisation)
    if not officer.is_active:
        raise DomainError("该人员已停用。", code="already_inactive")
    officer.is_active = False
    officer.save(update_fields=["is_active", "updated_at"])
    ledger_append(
        actor=actor,
        action="personnel.officer.deactivate",
        subject=officer,
        payload={"reason": reason},
    )
    return officer


def officer_role_guard(user: User, added_roles: frozenset[str]) -> None:
    """Role guard registered with ``zhifa.accounts.services.ROLE_GUARDS`` (R-1.10-05, R-3.1-10):
    granting the OFFICER role needs an officer record linked to the login that is eligible
    (R-3.1-10: never contract or temporary staff, never anyone dismissed from public office) and
    has passed the induction assessment (R-1.10-05)."""
    if Role.OFFICER not in added_roles:
        return
    officer = Officer.objects.filter(user=user).select_related("organisation").first()
    if officer is None:
        raise DomainError(
            f"{user} 没有关联的执法人员档案，不能授予执法人员角色；请先在执法人员名册中登记并关联账号。",
            code="officer_record_missing",
            field="roles",
        )
    eligibility = officer_eligibility(officer)
    if not eligibility:
        raise DomainError(
            f"不能授予执法人员角色：{eligibility.reason}", code="not_eligible", field="roles"
        )
    if officer.induction_passed_on is None:
        raise DomainError(
            "不能授予执法人员角色：尚未通过入职培训考核，考核合格后方可上岗（R-1.10-05）。",
            code="induction_not_passed",
            field="roles",
        )

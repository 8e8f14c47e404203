"""Writes of the enforcement-subject directory (R-1.2-07, R-1.2-08 (1)).

The Justice Bureau keeps the directory for the county government: it drafts and edits an entry,
records the government's confirmation (document number and date), which publishes it, and
withdraws it when the unit stops being an enforcement subject (the entry is kept and marked).
Every published change updates ``updated_at``, shown as "信息更新时间" (R-1.2-17).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from zhifa.accounts.models import Organisation, User
from zhifa.catalog.constants import SubjectStatus
from zhifa.catalog.models import EnforcementSubject, EnforcementType, InternalBody
from zhifa.catalog.services.items import is_justice_bureau
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.services import ledger_append

UPDATE_TRIGGERS = {
    "law": "法律、法规、规章或规范性文件立改废释",
    "functions": "部门职能发生变化",
    "ruling": "生效复议决定或裁判变更、撤销或确认违法",
    "other": "其他情形",
}


def _require_jb(actor: User) -> None:
    if not is_justice_bureau(actor):
        raise PermissionDenied("执法主体名录由县司法局维护。")


def _check(values: dict[str, Any]) -> None:
    for name, label in (
        ("name", "主体名称"),
        ("legal_basis", "主体资格依据"),
        ("duties", "职责"),
        ("enforcement_area", "执法区域"),
    ):
        if not str(values.get(name) or "").strip():
            raise DomainError(f"请填写{label}（R-1.2-08）。", code="required", field=name)


@transaction.atomic
def subject_save(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    legal_basis: str,
    duties: str,
    enforcement_area: str,
    enforcement_types: Iterable[EnforcementType],
    internal_bodies: Iterable[tuple[str, str]] = (),
    update_trigger: str = "",
) -> EnforcementSubject:
    """Create or edit the directory entry of ``organisation`` (R-1.2-08 (1)).

    Editing a confirmed (published) entry needs an ``update_trigger`` (R-1.2-17): the reason the
    published information changes; it is written to the ledger. A withdrawn entry is not edited.
    """
    _require_jb(actor)
    values = {
        "name": (name or "").strip(),
        "legal_basis": (legal_basis or "").strip(),
        "duties": (duties or "").strip(),
        "enforcement_area": (enforcement_area or "").strip(),
    }
    _check(values)
    bodies = [(n.strip(), d.strip()) for n, d in internal_bodies if n.strip()]
    for n, d in bodies:
        if not d:
            raise DomainError(
                f"请写明内设执法机构“{n}”的职责分工。", code="required", field="internal_bodies"
            )
    subject = (
        EnforcementSubject.objects.select_for_update().filter(organisation=organisation).first()
    )
    created = subject is None
    if subject is not None and subject.status == SubjectStatus.WITHDRAWN:
        raise TransitionNotAllowed("该执法主体已撤销，不能再修改。")
    if (
        subject is not None
        and subject.status == SubjectStatus.CONFIRMED
        and update_trigger not in UPDATE_TRIGGERS
    ):
        raise DomainError(
            "修改已公布的执法主体信息，请选择更新原因（R-1.2-17）。",
            code="trigger_required",
            field="update_trigger",
        )
    if subject is None:
        subject = EnforcementSubject(organisation=organisation)
    for key, value in values.items():
        setattr(subject, key, value)
    subject.updated_by = actor
    subject.save()
    subject.enforcement_types.set(list(enforcement_types))
    subject.internal_bodies.all().delete()
    InternalBody.objects.bulk_create(
        InternalBody(subject=subject, name=n, duties=d, sort_order=i)
        for i, (n, d) in enumerate(bodies)
    )
    ledger_append(
        actor=actor,
        action="catalog.subject.created" if created else "catalog.subject.updated",
        subject=subject,
        payload={
            **values,
            "organisation": organisation.pk,
            "status": subject.status,
            "types": sorted(t.code for t in subject.enforcement_types.all()),
            "bodies": [[n, d] for n, d in bodies],
            "update_trigger": update_trigger,
        },
    )
    return subject


@transaction.atomic
def subject_confirm(
    *, actor: User, subject: EnforcementSubject, document_number: str, confirmed_on: dt.date
) -> EnforcementSubject:
    """R-1.2-07: record the county government's confirmation; the entry is published."""
    _require_jb(actor)
    subject = EnforcementSubject.objects.select_for_update().get(pk=subject.pk)
    if subject.status != SubjectStatus.DRAFT:
        raise TransitionNotAllowed(
            f"该执法主体当前状态为“{subject.get_status_display()}”，不能确认。"
        )
    document_number = (document_number or "").strip()
    if not document_number:
        raise DomainError(
            "请填写县政府确认文件的文号。", code="document_required", field="document_number"
        )
    if confirmed_on is None or confirmed_on > clock.today():
        raise DomainError("确认日期不能晚于今天。", code="bad_date", field="confirmed_on")
    subject.status = SubjectStatus.CONFIRMED
    subject.confirmation_document = document_number
    subject.confirmed_at = confirmed_on
    subject.published_at = clock.now()
    subject.updated_by = actor
    subject.save()
    ledger_append(
        actor=actor,
        action="catalog.subject.confirmed",
        subject=subject,
        payload={"document_number": document_number, "confirmed_on": confirmed_on},
    )
    return subject


@transaction.atomic
def subject_withdraw(
    *, actor: User, subject: EnforcementSubject, reason: str
) -> EnforcementSubject:
    """The unit is no longer an enforcement subject: the entry is kept and marked withdrawn."""
    _require_jb(actor)
    subject = EnforcementSubject.objects.select_for_update().get(pk=subject.pk)
    if subject.status != SubjectStatus.CONFIRMED:
        raise TransitionNotAllowed(
            f"该执法主体当前状态为“{subject.get_status_display()}”，不能撤销。"
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请写明撤销原因。", code="reason_required", field="reason")
    subject.status = SubjectStatus.WITHDRAWN
    subject.withdrawn_at = clock.now()
    subject.withdrawal_reason = reason
    subject.updated_by = actor
    subject.save()
    ledger_append(
        actor=actor, action="catalog.subject.withdrawn", subject=subject, payload={"reason": reason}
    )
    return subject


@transaction.atomic
def enforcement_type_set_active(
    *, actor: User, enforcement_type: EnforcementType, active: bool
) -> EnforcementType:
    """The JB deactivates (or reactivates) an enforcement type; types are never deleted."""
    _require_jb(actor)
    enforcement_type.is_active = active
    enforcement_type.save(update_fields=["is_active"])
    ledger_append(
        actor=actor,
        action="catalog.type.activated" if active else "catalog.type.deactivated",
        subject=enforcement_type,
        payload={"code": enforcement_type.code},
    )
    return enforcement_type

"""Transfer of a suspected crime to the police (涉嫌犯罪案件移送).

When the facts suggest a crime the case goes to the judicial organs, and no administrative
penalty may replace the transfer (R-2.2-10, R-3.1-06): ``crime_transfer_request`` marks the case
``crime_suspected`` (from then on ``require_no_crime_pending`` refuses a penalty decision) and
asks the head; ``crime_transfer_approve`` is the head's approval (R-2.2-04), the 涉嫌犯罪案件移送书
with the checklist of materials (R-2.3-03) and, at the same time, the filing with the
procuratorate (R-2.3-16); ``crime_transfer_reject`` is the head's finding that there is no crime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models, transaction

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.models import Organisation
from zhifa.cases.constants import ApprovalKind, ApprovalStatus, CaseStatus
from zhifa.cases.models import Approval, Case, CrimeTransfer
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    case_set_status,
    require_handler,
    require_head,
    require_text,
)
from zhifa.cases.services.docs import case_document_render, date_zh
from zhifa.cases.services.filing import (
    HANDLING_PERIOD_RULE,
    approval_decide,
    head_declares_conflict,
    pending_approval,
)
from zhifa.cases.workflow import require_transition
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.deadlines.services import obligation_fulfil_for

if TYPE_CHECKING:
    from zhifa.accounts.models import User


class CrimeMaterial(models.TextChoices):
    """R-2.3-03: the package transferred to the police (the first two are required)."""

    TRANSFER_LETTER = "transfer_letter", "涉嫌犯罪案件移送书"
    INVESTIGATION_REPORT = "investigation_report", "涉嫌犯罪案件调查报告"
    ITEMS_LIST = "items_list", "涉案物品清单"
    EXPERT_OPINION = "expert_opinion", "检验报告或者鉴定意见"
    OTHER_EVIDENCE = "other_evidence", "其他证据材料（现场照片、询问笔录、音像资料等）"


REQUIRED_CRIME_MATERIALS = (CrimeMaterial.TRANSFER_LETTER, CrimeMaterial.INVESTIGATION_REPORT)


def default_procuratorate() -> Organisation | None:
    """The county's procuratorate, when there is exactly one."""
    found = list(
        Organisation.objects.filter(kind=OrganisationKind.PROCURATORATE, is_active=True)[:2]
    )
    return found[0] if len(found) == 1 else None


def _materials(codes: list[str]) -> list[str]:
    chosen = [str(c) for c in codes or []]
    unknown = [c for c in chosen if c not in CrimeMaterial.values]
    if unknown:
        raise DomainError("移送材料中有无法识别的项目，请从清单中选择。", field="materials")
    missing = [CrimeMaterial(c).label for c in REQUIRED_CRIME_MATERIALS if c not in chosen]
    if missing:
        raise DomainError(
            f"移送涉嫌犯罪案件应当附有{'、'.join(missing)}（R-2.3-03），请补齐后再提请。",
            code="materials_missing",
            field="materials",
        )
    # in the checklist's order, once each
    return [c for c in CrimeMaterial.values if c in chosen]


@transaction.atomic
def crime_transfer_request(
    *,
    case: Case,
    actor: User,
    police: Organisation,
    suspected_offence: str,
    reasons: str,
    materials: list[str],
    procuratorate: Organisation | None = None,
) -> CrimeTransfer:
    """A handler asks the head to transfer the case to the police (R-2.2-10, R-3.1-06). The
    case is marked ``crime_suspected`` at once, so no penalty can be decided in place of the
    transfer while the request is pending. ``materials``: codes of :class:`CrimeMaterial`
    (R-2.3-03; the transfer letter and the investigation report are required). The
    procuratorate (for filing, R-2.3-16) defaults to the county's."""
    case = case_lock(case)
    require_transition(case, "crime_transfer_request")
    require_handler(case, actor)
    if Approval.objects.filter(
        case=case, kind=ApprovalKind.TRANSFER, status=ApprovalStatus.PENDING
    ).exists():
        raise DomainError(
            "本案已提请移送，正在等待负责人审批。", code="transfer_pending", field="police"
        )
    if police is None or police.kind != OrganisationKind.PUBLIC_SECURITY or not police.is_active:
        raise DomainError(
            "涉嫌犯罪的案件应当直接移送公安机关（R-2.2-10），请选择公安机关。",
            code="not_police",
            field="police",
        )
    procuratorate = procuratorate or default_procuratorate()
    if (
        procuratorate is None
        or procuratorate.kind != OrganisationKind.PROCURATORATE
        or not procuratorate.is_active
    ):
        raise DomainError(
            "移送的同时应当报人民检察院备案（R-2.3-16），请选择人民检察院。",
            code="no_procuratorate",
            field="procuratorate",
        )
    suspected_offence = require_text(suspected_offence, field="suspected_offence", what="涉嫌罪名")
    reasons = require_text(reasons, field="reasons", what="移送理由")
    codes = _materials(materials)
    now = clock.now()
    transfer, _ = CrimeTransfer.objects.update_or_create(
        case=case,
        defaults={
            "police": police,
            "procuratorate": procuratorate,
            "suspected_offence": suspected_offence[:200],
            "reasons": reasons,
            "materials": codes,
            "requested_by": actor,
            "requested_at": now,
            "transferred_at": None,
            "filed_with_procuratorate_at": None,
            "document": None,
        },
    )
    case.crime_suspected = True
    case.save(update_fields=["crime_suspected", "updated_at"])
    Approval.objects.create(
        case=case,
        organisation=case.organisation,
        kind=ApprovalKind.TRANSFER,
        requested_by=actor,
        requested_at=now,
        request_note=reasons,
    )
    case_event_add(
        case=case,
        actor=actor,
        action="crime_transfer_request",
        summary=f"提请移送{police.name}：涉嫌{suspected_offence}",
        payload={
            "police_id": police.pk,
            "procuratorate_id": procuratorate.pk,
            "suspected_offence": suspected_offence,
            "materials": codes,
        },
    )
    return transfer


@transaction.atomic
def crime_transfer_approve(
    *,
    case: Case,
    actor: User,
    opinion: str,
    has_conflict: bool = False,
    ground: str = "",
    note: str = "",
) -> Case:
    """R-2.2-04: the head (not the requester, not a handler, no conflict — R-1.5-03) approves:
    the case is TRANSFERRED with the 涉嫌犯罪案件移送书 in the unit's name, and R-2.3-16 files
    the letter and the list of materials with the procuratorate at the same time. The transfer
    is the handling of the case (行政处罚法 第五十七条), so the handling period is fulfilled."""
    case = case_lock(case)
    require_transition(case, "crime_transfer_approve")
    approval = pending_approval(case, ApprovalKind.TRANSFER)
    require_head(case, actor, requested_by=approval.requested_by)
    if head_declares_conflict(
        case=case,
        actor=actor,
        has_conflict=has_conflict,
        ground=ground,
        note=note,
        action="crime_transfer_approve",
    ):
        return case
    opinion = (opinion or "").strip() or "同意移送。"
    transfer = (
        CrimeTransfer.objects.select_for_update(of=("self",))
        .select_related("police", "procuratorate", "requested_by")
        .get(case=case)
    )
    now = clock.now()
    approval_decide(approval=approval, actor=actor, approved=True, opinion=opinion)
    case_set_status(case, CaseStatus.TRANSFERRED)
    material_names = [CrimeMaterial(c).label for c in transfer.materials]
    procuratorate = transfer.procuratorate
    requester = transfer.requested_by
    document = case_document_render(
        case=case,
        actor=actor,
        template_code="crime_transfer_letter",
        context={
            "police_name": transfer.police.name,
            "suspected_offence": transfer.suspected_offence,
            "facts": case.facts,
            "reasons": transfer.reasons,
            "materials": material_names,
            "contact": requester.full_name or requester.username,
            "contact_phone": case.organisation.phone,
            "procuratorate_name": procuratorate.name if procuratorate else "",
            "date": date_zh(now),
        },
        title="涉嫌犯罪案件移送书",
    )
    transfer.transferred_at = now
    transfer.filed_with_procuratorate_at = now
    transfer.document = document
    transfer.save(update_fields=["transferred_at", "filed_with_procuratorate_at", "document"])
    case_event_add(
        case=case,
        actor=actor,
        action="crime_transfer_approve",
        summary=f"批准移送{transfer.police.name}：涉嫌{transfer.suspected_offence}",
        payload={"opinion": opinion, "police_id": transfer.police_id},
        document=document,
        at=now,
    )
    case_event_add(
        case=case,
        actor=actor,
        action="crime_transfer_file",
        summary=f"报送检察院备案：{procuratorate.name if procuratorate else ''}"
        f"（移送书及材料目录：{'、'.join(material_names)}）",
        payload={
            "procuratorate_id": transfer.procuratorate_id,
            "materials": transfer.materials,
        },
        document=document,
        at=now,
    )
    obligation_fulfil_for(subject=case, rule_id=HANDLING_PERIOD_RULE, actor=None, at=now)
    return case


@transaction.atomic
def crime_transfer_reject(*, case: Case, actor: User, opinion: str) -> Case:
    """The head finds no crime: the reason is required, the case is no longer
    ``crime_suspected`` (a penalty may be decided again) and continues where it was."""
    case = case_lock(case)
    require_transition(case, "crime_transfer_reject")
    approval = pending_approval(case, ApprovalKind.TRANSFER)
    require_head(case, actor, requested_by=approval.requested_by)
    opinion = require_text(opinion, field="opinion", what="不予移送的理由")
    approval_decide(approval=approval, actor=actor, approved=False, opinion=opinion)
    case.crime_suspected = False
    case.save(update_fields=["crime_suspected", "updated_at"])
    case_event_add(
        case=case,
        actor=actor,
        action="crime_transfer_reject",
        summary=f"不予移送司法机关：{opinion}",
        payload={"opinion": opinion},
    )
    return case

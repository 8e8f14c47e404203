"""The records panel of the workbench (``zhifa.web.workbench.PANEL_PROVIDERS``): for heads the
written explanations waiting for their approval (R-1.3-07); for officers the AV records of their
cases still waiting for their file and those past the 2 working days (R-1.3-13/14)."""

from __future__ import annotations

from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.cases.models import CaseOfficer
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.records.constants import RecordForm, RecordStatus
from zhifa.records.models import Record
from zhifa.records.services.records import STORAGE_RULES, explanations_pending_for
from zhifa.web.workbench import Panel, PanelRow


def records_panel(user) -> Panel | None:  # type: ignore[no-untyped-def]
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    is_head = user.has_role(Role.UNIT_HEAD)
    is_officer = user.has_role(Role.OFFICER)
    if not (is_head or is_officer):
        return None
    rows: list[PanelRow] = []
    if is_head:
        n = explanations_pending_for(user).count()
        rows.append(
            PanelRow(
                "待我审批的未音像记录说明",
                n,
                url=reverse("records:explanations"),
                tone="warn" if n else "muted",
            )
        )
    if is_officer:
        mine = Record.objects.filter(
            form=RecordForm.AUDIO_VIDEO,
            status=RecordStatus.AWAITING_FILE,
            case_id__in=CaseOfficer.objects.filter(user=user, removed_at__isnull=True).values(
                "case_id"
            ),
        )
        waiting = mine.count()
        overdue = Obligation.objects.filter(
            subject_type=Record._meta.label_lower,
            subject_id__in=[str(pk) for pk in mine.values_list("pk", flat=True)[:500]],
            rule_id__in=STORAGE_RULES,
            state=ObligationState.OVERDUE,
        ).count()
        first = mine.order_by("created_at", "id").first()
        rows.append(
            PanelRow(
                "待上传文件的音像记录",
                waiting,
                url=reverse("records:detail", args=[first.pk]) if first else "",
                tone="warn" if waiting else "muted",
                note="须在 2 个工作日内存储（R-1.3-13/14）" if waiting else "",
            )
        )
        if overdue:
            rows.append(PanelRow("逾期未存储的音像记录", overdue, tone="danger"))
    return Panel(title="执法全过程记录", rows=rows)

"""The cases panel of the workbench (``zhifa.web.workbench.PANEL_PROVIDERS``): my cases with
what each waits for, the approvals and reviews waiting for me, and counts."""

from __future__ import annotations

from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.cases.selectors.cases import CaseFilters, case_list_for_user, case_rows
from zhifa.cases.selectors.queues import approval_queue_for_user, review_queue_for_user
from zhifa.web.workbench import Panel, PanelRow

MY_CASES_SHOWN = 5


def case_panel(user) -> Panel | None:  # type: ignore[no-untyped-def]
    """Officers see their cases (what each waits for); heads their approvals; reviewers the
    cases under review. Nothing for users outside these roles."""
    if not getattr(user, "is_authenticated", False):
        return None
    is_officer = user.has_role(Role.OFFICER)
    is_head = user.has_role(Role.UNIT_HEAD)
    is_reviewer = user.has_role(Role.LEGAL_REVIEWER)
    if not (is_officer or is_head or is_reviewer):
        return None
    base = reverse("cases:list")
    rows: list[PanelRow] = []
    if is_head:
        n = approval_queue_for_user(user=user).count()
        rows.append(
            PanelRow("待我审批", n, url=reverse("cases:approvals"), tone="warn" if n else "muted")
        )
    if is_reviewer:
        n = review_queue_for_user(user=user).count()
        rows.append(
            PanelRow("待我法制审核", n, url=reverse("cases:reviews"), tone="warn" if n else "muted")
        )
    if is_officer:
        mine = case_list_for_user(user=user, filters=CaseFilters(mine=True))
        waiting = case_list_for_user(user=user, filters=CaseFilters(waiting_for_me=True)).count()
        rows.append(
            PanelRow(
                "等我办理的案件",
                waiting,
                url=f"{base}?tab=mine&waiting=on",
                tone="warn" if waiting else "muted",
            )
        )
        for row in case_rows(list(mine[:MY_CASES_SHOWN])):
            rows.append(
                PanelRow(
                    f"{row.case.display_number} {row.case.party.name}",
                    f"{row.next_due.due_date:%m-%d} 届满"
                    if row.next_due
                    else row.case.get_status_display(),
                    note=f"等待{row.waiting_for}" if row.waiting_for else "",
                    url=reverse("cases:detail", args=[row.case.pk]),
                    tone="danger" if row.next_due and row.next_due.state == "overdue" else "",
                )
            )
    return Panel(title="案件", rows=rows, url=base, empty_text="暂无案件")

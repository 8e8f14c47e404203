"""The personnel workbench panel (``zhifa.web.workbench.PANEL_PROVIDERS``)."""

from __future__ import annotations

from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.personnel.selectors.training import worklist_counts
from zhifa.web.workbench import Panel, PanelRow


def training_panel(user) -> Panel | None:  # type: ignore[no-untyped-def]
    """The training worklist in numbers (R-1.10-05 induction pending, R-1.11-05 make-up
    decisions, R-1.11-06 make-up training) for unit heads and the Justice Bureau."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not (user.is_county_wide or user.has_role(Role.UNIT_HEAD, Role.SUPERVISOR)):
        return None
    counts = worklist_counts(user=user)
    worklist = reverse("personnel:training_worklist")
    rows = [
        PanelRow(
            "待入职培训考核",
            counts.induction,
            url=worklist,
            tone="warn" if counts.induction else "muted",
        ),
        PanelRow(
            "补考不合格 · 待司法局决定",
            counts.decisions,
            url=worklist,
            tone="danger" if counts.decisions else "muted",
        ),
        PanelRow(
            "限期补课 · 已逾期",
            counts.makeups_overdue,
            url=worklist,
            tone="danger" if counts.makeups_overdue else "muted",
        ),
        PanelRow("限期补课 · 进行中", counts.makeups, url=worklist, tone="muted"),
    ]
    return Panel("培训考试", rows=rows, url=worklist)

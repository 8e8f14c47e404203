"""The deadline panel of the workbench (``zhifa.web.workbench.PANEL_PROVIDERS``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.deadlines.selectors import my_counts, scope_counts
from zhifa.web.workbench import Panel, PanelRow


def deadline_panel(user) -> Panel | None:  # type: ignore[no-untyped-def]
    """My overdue / due soon / running obligations, and for unit heads and county-wide users the
    same counts for everything they oversee; each row links to the filtered board."""
    if not getattr(user, "is_authenticated", False):
        return None
    board = reverse("deadlines:board")

    def link(**params: object) -> str:
        return f"{board}?{urlencode(params)}"

    mine = my_counts(user=user)
    rows = [
        PanelRow(
            "我负责的 · 已逾期",
            mine.overdue,
            url=link(state="overdue", responsible=user.pk),
            tone="danger" if mine.overdue else "muted",
        ),
        PanelRow(
            "我负责的 · 即将到期",
            mine.due_soon,
            url=link(state="due_soon", responsible=user.pk),
            tone="warn" if mine.due_soon else "muted",
        ),
        PanelRow(
            "我负责的 · 进行中",
            mine.running,
            url=link(state="running", responsible=user.pk),
            tone="muted",
        ),
    ]
    if user.is_county_wide or user.has_role(Role.UNIT_HEAD):
        scope = scope_counts(user=user)
        where = "全县" if user.is_county_wide else "本单位及下属单位"
        rows += [
            PanelRow(
                f"{where} · 已逾期",
                scope.overdue,
                url=link(state="overdue"),
                tone="danger" if scope.overdue else "muted",
            ),
            PanelRow(
                f"{where} · 即将到期",
                scope.due_soon,
                url=link(state="due_soon"),
                tone="warn" if scope.due_soon else "muted",
            ),
        ]
    return Panel(title="期限提醒", rows=rows, url=board, empty_text="暂无期限事项")

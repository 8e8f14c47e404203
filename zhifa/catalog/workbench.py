"""The catalogue's workbench panel (``zhifa.web.workbench.PANEL_PROVIDERS``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.catalog.constants import FilingStatus, VersionStatus
from zhifa.catalog.selectors.items import review_queue_counts
from zhifa.catalog.selectors.lists import filings_visible
from zhifa.web.workbench import Panel, PanelRow


def catalogue_panel(user) -> Panel | None:  # type: ignore[no-untyped-def]
    """Catalogue adjustments waiting at each step of R-1.8-06 and list filings waiting for the
    Justice Bureau (R-1.4-08), for the people who act on them: unit heads and legal reviewers
    (their own proposals) and the Justice Bureau and county leaders (all)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not (
        user.is_county_wide or user.has_role(Role.UNIT_HEAD, Role.LEGAL_REVIEWER, Role.SUPERVISOR)
    ):
        return None
    queue = reverse("catalog:item_queue")
    counts = review_queue_counts(user=user)
    labels = {
        VersionStatus.PROPOSED: "待司法局审核",
        VersionStatus.JB_REVIEWED: "待县政府同意",
        VersionStatus.GOV_APPROVED: "待公布实施",
    }
    rows = [
        PanelRow(
            f"清单调整 · {label}",
            counts.get(str(status), 0),
            url=f"{queue}?{urlencode({'status': str(status)})}",
            tone="warn" if counts.get(str(status), 0) else "muted",
        )
        for status, label in labels.items()
    ]
    pending = filings_visible(user=user, status=FilingStatus.SUBMITTED).count()
    rows.append(
        PanelRow(
            "清单备案 · 待司法局处理",
            pending,
            url=reverse("catalog:filings"),
            tone="warn" if pending else "muted",
        )
    )
    return Panel("执法事项清单", rows=rows, url=queue)

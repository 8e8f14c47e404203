"""The publication panel of the workbench (``zhifa.web.workbench.PANEL_PROVIDERS``): decided
cases waiting for their draft (R-1.2-11/12, with the overdue ones), drafts waiting for the legal
check (legal reviewers), checked ones waiting for the head (heads), and open correction requests
and disclosure applications of the unit (R-1.2-18, R-1.2-16)."""

from __future__ import annotations

from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.accounts.selectors import organisation_scope_q
from zhifa.deadlines.constants import OPEN_STATES, ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.publication.constants import OPEN_REQUEST_STATUSES, PublicationStatus
from zhifa.publication.models import Publication
from zhifa.publication.selectors import PUBLICATION_RULES
from zhifa.publication.selectors_requests import requests_visible
from zhifa.web.workbench import Panel, PanelRow

ROLES = (Role.OFFICER, Role.LEGAL_REVIEWER, Role.UNIT_HEAD)


def publication_panel(user) -> Panel | None:  # type: ignore[no-untyped-def]
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not any(user.has_role(r) for r in ROLES):
        return None
    scope = organisation_scope_q(user)
    url = reverse("publication:list")
    rows: list[PanelRow] = []
    limits = Obligation.objects.filter(
        scope, subject_type="cases.case", rule_id__in=PUBLICATION_RULES, state__in=OPEN_STATES
    ).exclude(
        subject_id__in=[
            str(pk)
            for pk in Publication.objects.filter(scope, case__isnull=False).values_list(
                "case_id", flat=True
            )[:5000]
        ]
    )
    waiting = limits.count()
    overdue = limits.filter(state=ObligationState.OVERDUE).count()
    rows.append(
        PanelRow(
            "待起草公示的执法决定",
            waiting,
            url=url,
            tone="danger" if overdue else ("warn" if waiting else "muted"),
            note=f"其中 {overdue} 件已逾期（R-1.2-11/12）" if overdue else "",
        )
    )
    if user.has_role(Role.LEGAL_REVIEWER):
        n = Publication.objects.filter(scope, status=PublicationStatus.DRAFTED).exclude(
            drafted_by=user
        )
        count = n.count()
        rows.append(
            PanelRow(
                "待法制审核的公示信息",
                count,
                url=f"{url}?status={PublicationStatus.DRAFTED}",
                tone="warn" if count else "muted",
            )
        )
    if user.has_role(Role.UNIT_HEAD):
        count = (
            Publication.objects.filter(scope, status=PublicationStatus.LEGAL_CHECKED)
            .exclude(drafted_by=user)
            .count()
        )
        rows.append(
            PanelRow(
                "待我审批的公示信息",
                count,
                url=f"{url}?status={PublicationStatus.LEGAL_CHECKED}",
                tone="warn" if count else "muted",
            )
        )
    open_requests = requests_visible(user=user).filter(status__in=OPEN_REQUEST_STATUSES).count()
    rows.append(
        PanelRow(
            "待办理的更正及公开申请",
            open_requests,
            url=reverse("publication:request_list") + "?status=open",
            tone="warn" if open_requests else "muted",
        )
    )
    return Panel(title="执法决定公示", rows=rows, url=url)

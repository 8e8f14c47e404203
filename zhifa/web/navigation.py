"""The staff navigation, by role. Each entry names the roles that see it (None = everyone)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from zhifa.accounts.constants import Role


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: frozenset[str] | None = None
    icon: str = "dot"


_JB = frozenset({Role.SUPERVISOR, Role.SYSADMIN})
_HEADS_AND_JB = frozenset({Role.UNIT_HEAD, Role.LEGAL_REVIEWER, Role.SUPERVISOR, Role.SYSADMIN})

NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("工作台", "web:workbench", icon="home"),
    NavEntry("消息", "inbox:list", icon="inbox"),
    NavEntry("期限看板", "deadlines:board", icon="clock"),
    # Cases (issue 4)
    NavEntry("案件", "cases:list", icon="file"),
    NavEntry("案件线索", "cases:clue_list", icon="inbox"),
    NavEntry("案件审批", "cases:approvals", roles=frozenset({Role.UNIT_HEAD}), icon="check"),
    # Legal review of major decisions (issue 6); the review body's queue replaces the case
    # list of cases under review (cases:reviews) in the menu.
    NavEntry(
        "法制审核",
        "legal_review:queue",
        roles=frozenset({Role.LEGAL_REVIEWER, Role.UNIT_HEAD}),
        icon="scale",
    ),
    NavEntry(
        "法制审核统计",
        "legal_review:stats",
        roles=frozenset({Role.SUPERVISOR, Role.UNIT_HEAD}),
        icon="list",
    ),
    NavEntry(
        "案件概览",
        "cases:overview",
        roles=frozenset({Role.SUPERVISOR, Role.COUNTY_LEADER, Role.SYSADMIN, Role.UNIT_HEAD}),
        icon="list",
    ),
    # Full-process records (issue 5)
    NavEntry(
        "全过程记录",
        "records:list",
        roles=frozenset(
            {Role.OFFICER, Role.UNIT_HEAD, Role.LEGAL_REVIEWER, Role.ARCHIVIST, Role.SUPERVISOR}
        ),
        icon="file",
    ),
    NavEntry("记录提供审批", "records:releases", roles=frozenset({Role.UNIT_HEAD}), icon="check"),
    NavEntry(
        "未音像记录说明审批",
        "records:explanations",
        roles=frozenset({Role.UNIT_HEAD}),
        icon="check",
    ),
    NavEntry(
        "全过程记录监督",
        "records:supervision",
        roles=frozenset({Role.SUPERVISOR, Role.UNIT_HEAD}),
        icon="scale",
    ),
    # Publication (issue 7)
    NavEntry(
        "执法决定公示",
        "publication:list",
        roles=frozenset({Role.OFFICER, Role.LEGAL_REVIEWER, Role.UNIT_HEAD, Role.SUPERVISOR}),
        icon="globe",
    ),
    NavEntry(
        "更正及公开申请",
        "publication:request_list",
        roles=frozenset({Role.OFFICER, Role.LEGAL_REVIEWER, Role.UNIT_HEAD, Role.SUPERVISOR}),
        icon="inbox",
    ),
    # Registries (issue 3)
    NavEntry("检查对象名录", "subjects:list", icon="building"),
    NavEntry("执法人员", "personnel:officer_list", icon="badge"),
    NavEntry("培训考试", "personnel:training_session_list", icon="school"),
    NavEntry("证件年审", "personnel:annual_reviews", roles=_JB, icon="check"),
    NavEntry("执法事项清单", "catalog:items", icon="list"),
    NavEntry("清单审核", "catalog:item_queue", roles=_HEADS_AND_JB, icon="inbox"),
    NavEntry("单位清单", "catalog:lists", icon="list"),
    NavEntry("清单备案", "catalog:filings", roles=_HEADS_AND_JB, icon="file"),
    NavEntry("裁量基准", "catalog:discretion_benchmark_list", icon="scale"),
    NavEntry("裁量计算", "catalog:discretion_calculator", icon="scale"),
    NavEntry("执法主体名录", "catalog:subjects", icon="building"),
    NavEntry("执法类型", "catalog:types", roles=_JB, icon="gear"),
    # Reference and audit
    NavEntry("规则与实现", "law:rule_list", icon="book"),
    NavEntry("工作日历", "workdays:calendar", icon="calendar"),
    NavEntry("文书模板", "documents:template_list", icon="file"),
    NavEntry(
        "留痕账本",
        "ledger:entry_list",
        roles=frozenset({Role.SUPERVISOR, Role.SYSADMIN, Role.UNIT_HEAD, Role.COUNTY_LEADER}),
        icon="chain",
    ),
    NavEntry("公示门户", "portal:home", icon="globe"),
    NavEntry("系统管理", "admin:index", roles=frozenset({Role.SYSADMIN}), icon="gear"),
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    active: bool


def navigation_for(user, current_path: str) -> list[NavItem]:  # type: ignore[no-untyped-def]
    visible = [
        (entry, reverse(entry.url_name))
        for entry in NAVIGATION
        if entry.roles is None or user.is_superuser or user.has_role(*entry.roles)
    ]
    # The entry whose URL is the longest prefix of the current path is the active one, so
    # /catalog/items/queue/ marks 清单审核 and not 执法事项清单 too.
    matches = [
        url
        for _, url in visible
        if (current_path == url if url == "/" else current_path.startswith(url))
    ]
    best = max(matches, key=len, default=None)
    return [NavItem(entry.label, url, entry.icon, url == best) for entry, url in visible]

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


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("工作台", "web:workbench", icon="home"),
    NavEntry("消息", "inbox:list", icon="inbox"),
    NavEntry("期限看板", "deadlines:board", icon="clock"),
    NavEntry("规则与实现", "law:rule_list", icon="book"),
    NavEntry("工作日历", "workdays:calendar", icon="calendar"),
    NavEntry("文书模板", "documents:template_list", icon="file"),
    NavEntry(
        "留痕账本",
        "ledger:entry_list",
        roles=frozenset({Role.SUPERVISOR, Role.SYSADMIN, Role.UNIT_HEAD, Role.COUNTY_LEADER}),
        icon="chain",
    ),
    NavEntry("系统管理", "admin:index", roles=frozenset({Role.SYSADMIN}), icon="gear"),
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    active: bool


def navigation_for(user, current_path: str) -> list[NavItem]:  # type: ignore[no-untyped-def]
    items = []
    for entry in NAVIGATION:
        if entry.roles is not None and not (user.is_superuser or user.has_role(*entry.roles)):
            continue
        url = reverse(entry.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append(NavItem(entry.label, url, entry.icon, active))
    return items

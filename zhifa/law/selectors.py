"""Reads of the law registry for the pages and the API: filtered rule lists and summaries.

The registry is public law plus source locations; it is not scoped by organisation (every
signed-in user sees every rule).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from zhifa.law.catalogue import RULE_TYPES
from zhifa.law.constants import RuleStatus
from zhifa.law.registry import Rule, System, all_rules, systems


@dataclass(frozen=True)
class RuleFilters:
    status: str = ""
    rule_type: str = ""
    system: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return bool(self.status or self.rule_type or self.system or self.q)


def filter_errors(filters: RuleFilters) -> dict[str, str]:
    """Chinese messages for filter values that are not allowed (field → message)."""
    errors = {}
    if filters.status and filters.status not in RuleStatus.values:
        allowed = "、".join(RuleStatus.values)
        errors["status"] = f"状态“{filters.status}”无效，可选：{allowed}。"
    if filters.rule_type and filters.rule_type not in RULE_TYPES:
        errors["type"] = f"规则类型“{filters.rule_type}”无效，可选：{'、'.join(RULE_TYPES)}。"
    if filters.system and filters.system not in {s.id for s in systems()}:
        errors["system"] = f"制度编号“{filters.system}”不存在（例如 1.2、4.9）。"
    if len(filters.q) > 200:
        errors["q"] = "搜索词不能超过 200 个字符。"
    return errors


def rule_list(filters: RuleFilters) -> list[Rule]:
    """Rules matching every given filter, in document order. Call ``filter_errors`` first."""
    needle = filters.q.strip().casefold()
    found = []
    for rule in all_rules():
        if filters.status and rule.status != filters.status:
            continue
        if filters.rule_type and filters.rule_type not in rule.types:
            continue
        if filters.system and rule.system != filters.system:
            continue
        if needle and needle not in _haystack(rule):
            continue
        found.append(rule)
    return found


def _haystack(rule: Rule) -> str:
    return " ".join(
        (rule.id, rule.title, rule.title_en, rule.text_en, rule.text_zh, rule.citation)
    ).casefold()


def status_counts(rules: list[Rule]) -> dict[str, int]:
    """Rules per status, every status present (0 when none), in RuleStatus order."""
    counter = Counter(str(r.status) for r in rules)
    return {status: counter.get(status, 0) for status in RuleStatus.values}


@dataclass
class SystemGroup:
    system: System
    rules: list[Rule] = field(default_factory=list)


@dataclass
class PartGroup:
    number: str
    title: str
    systems: list[SystemGroup] = field(default_factory=list)

    @property
    def rule_count(self) -> int:
        return sum(len(s.rules) for s in self.systems)


def group_by_part(rules: list[Rule]) -> list[PartGroup]:
    """Rules grouped by part and system (document order); empty systems left out."""
    by_system: dict[str, list[Rule]] = {}
    for rule in rules:
        by_system.setdefault(rule.system, []).append(rule)
    parts: dict[str, PartGroup] = {}
    for system in systems():
        if system.id not in by_system:
            continue
        part = parts.setdefault(system.part, PartGroup(system.part, system.part_title))
        part.systems.append(SystemGroup(system, by_system[system.id]))
    return list(parts.values())

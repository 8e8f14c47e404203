"""The law registry: every rule of the catalogue, its status, its time limit and its code.

Other apps use this module, never the JSON file:

    from zhifa.law.registry import RuleStatus, get_rule, time_limit_spec

    spec = time_limit_spec("R-1.2-12")        # TimeLimitSpec, for the deadline engine
    rule = get_rule("R-1.2-12")               # Rule: citation, title, status, code locations

**Status is declared where the code lives.** An app that carries rules has a module
``zhifa/<app>/rules.py``::

    from zhifa.law.registry import RuleStatus

    IMPLEMENTS = {
        "R-1.2-12": RuleStatus.REMINDED,   # deadline opened on decision, reminder before due
        "R-1.4-02": RuleStatus.ENFORCED,   # decision refused without a passed legal review
    }

The registry collects these maps from every installed ``zhifa.*`` app on first use; a rule no
app declares is ``NOT_YET``. A declared ENFORCED/REMINDED/RECORDED rule must be named by at
least one code location and one test (the consistency tests check it).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from zhifa.law.catalogue import RULE_ID_RE, load_catalogue, rule_sort_key, system_sort_key
from zhifa.law.constants import STATUS_STRENGTH, RuleStatus
from zhifa.law.scanning import ScanResult, scan_source
from zhifa.law.time_limits import NOT_TIME_LIMITS, TIME_LIMITS, TimeLimitSpec

_AMB_ID_RE = re.compile(r"AMB-[0-9A-Za-z]+(?:\.[0-9]+)?-[a-z]")

__all__ = [
    "Ambiguity",
    "NoTimeLimit",
    "Rule",
    "RuleStatus",
    "System",
    "UnknownRule",
    "all_rules",
    "ambiguities_for",
    "consistency_problems",
    "get_rule",
    "is_registered",
    "rules_by_system",
    "systems",
    "time_limit_spec",
]


class UnknownRule(KeyError):
    """The rule id is not in the catalogue."""

    def __init__(self, rule_id: str) -> None:
        super().__init__(rule_id)
        self.rule_id = rule_id

    def __str__(self) -> str:
        return f"unknown rule id {self.rule_id!r} (not in zhifa/law/data/catalogue.json)"


class NoTimeLimit(LookupError):
    """The rule is registered but has no time-limit spec."""

    def __init__(self, rule_id: str) -> None:
        super().__init__(rule_id)
        self.rule_id = rule_id

    def __str__(self) -> str:
        return f"rule {self.rule_id} has no time-limit spec (zhifa/law/time_limits.py)"


@dataclass(frozen=True)
class Rule:
    id: str
    system: str  # "1.2"
    system_title: str  # "行政执法公示办法"
    part: str  # "1"
    citation: str  # "P1.S2 Art13"
    title: str  # short Chinese title
    text_en: str
    text_zh: str  # the Chinese source phrase ("" where the catalogue gives none)
    types: tuple[str, ...]  # ("deadline", "publication")
    soft: bool
    status: RuleStatus
    time_limit: TimeLimitSpec | None
    implemented_by: tuple[str, ...]  # "zhifa/x/services.py:123 function_name"
    tested_by: tuple[str, ...]
    title_en: str = ""
    subpart: str = ""  # "2.3-A" for systems split into sub-parts
    declared_by: tuple[str, ...] = ()  # app labels whose rules.py declare the status

    @property
    def is_deadline(self) -> bool:
        return "deadline" in self.types


@dataclass(frozen=True)
class System:
    id: str
    part: str
    part_title: str
    title_zh: str
    title_en: str
    subparts: tuple[tuple[str, str, str], ...]  # (id, zh, en)
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Ambiguity:
    id: str
    location: str
    problem: str
    treatment: str
    systems: tuple[str, ...]


# --- catalogue ----------------------------------------------------------------------------------
@cache
def _catalogue_rules() -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in load_catalogue()["rules"]}


def is_registered(rule_id: str) -> bool:
    return rule_id in _catalogue_rules()


def time_limit_spec(rule_id: str) -> TimeLimitSpec:
    """The time-limit spec of a rule; ``UnknownRule`` / ``NoTimeLimit`` if there is none."""
    if not is_registered(rule_id):
        raise UnknownRule(rule_id)
    try:
        return TIME_LIMITS[rule_id]
    except KeyError:
        raise NoTimeLimit(rule_id) from None


@cache
def systems() -> tuple[System, ...]:
    data = load_catalogue()
    part_titles = {p["number"]: p["title_zh"] for p in data["parts"]}
    return tuple(
        System(
            id=s["id"],
            part=s["part"],
            part_title=part_titles.get(s["part"], ""),
            title_zh=s["title_zh"],
            title_en=s["title_en"],
            subparts=tuple((p["id"], p["title_zh"], p["title_en"]) for p in s["subparts"]),
            notes=tuple(s["notes"]),
        )
        for s in sorted(data["systems"], key=lambda s: system_sort_key(s["id"]))
    )


@cache
def ambiguities() -> tuple[Ambiguity, ...]:
    return tuple(
        Ambiguity(
            id=a["id"],
            location=a["location"],
            problem=a["problem"],
            treatment=a["treatment"],
            systems=tuple(a["systems"]),
        )
        for a in load_catalogue()["ambiguities"]
    )


def ambiguities_for(rule: Rule) -> list[Ambiguity]:
    """Appendix B items that bear on a rule: those naming its system, those its text or its
    time limit cites, and the general items on its kind of period (AMB-G-b/c/d/e)."""
    wanted: set[str] = set()
    spec = rule.time_limit
    if spec is not None:
        if spec.start_source.startswith("AMB-"):
            wanted.add(spec.start_source)
        wanted.add(
            {"workday": "AMB-G-b", "day": "AMB-G-c", "user_set": "AMB-G-d"}.get(spec.unit, "")
        )
        if spec.overridable_by_item:
            wanted.add("AMB-G-e")
    for text in (rule.text_en, spec.note if spec else ""):
        wanted.update(_AMB_ID_RE.findall(text))
    return [a for a in ambiguities() if a.id in wanted or rule.system in a.systems]


# --- status declarations ------------------------------------------------------------------------
@dataclass(frozen=True)
class Declaration:
    status: RuleStatus
    apps: tuple[str, ...]


@cache
def declared_statuses() -> dict[str, Declaration]:
    """``IMPLEMENTS`` of every installed zhifa app's ``rules.py``, merged (strongest wins).

    Ids that are not in the catalogue are kept here (the consistency checks report them).
    """
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("zhifa."):
            continue
        module_name = f"{config.name}.rules"
        if importlib.util.find_spec(module_name) is None:
            continue
        modules.append((config.label, importlib.import_module(module_name)))
    return merge_declarations(modules)


def merge_declarations(modules: Iterable[tuple[str, Any]]) -> dict[str, Declaration]:
    """Merge the ``IMPLEMENTS`` maps of (app label, module) pairs; the strongest status wins."""
    merged: dict[str, Declaration] = {}
    for label, module in modules:
        implements = getattr(module, "IMPLEMENTS", None)
        if implements is None:
            continue
        if not isinstance(implements, Mapping):
            raise ImproperlyConfigured(f"{label}/rules.py: IMPLEMENTS must be a dict")
        for rule_id, value in implements.items():
            try:
                status = RuleStatus(value)
            except ValueError:
                raise ImproperlyConfigured(
                    f"{label}/rules.py: IMPLEMENTS[{rule_id!r}] = {value!r} is not a RuleStatus"
                ) from None
            previous = merged.get(rule_id)
            if previous is None:
                merged[rule_id] = Declaration(status, (label,))
            else:
                strongest = max(previous.status, status, key=lambda s: STATUS_STRENGTH[s])
                merged[rule_id] = Declaration(RuleStatus(strongest), (*previous.apps, label))
    return merged


# --- the rules ----------------------------------------------------------------------------------
@cache
def _rules() -> dict[str, Rule]:
    data = load_catalogue()
    system_titles = {s["id"]: s["title_zh"] for s in data["systems"]}
    declared = declared_statuses()
    scan = scan_source()
    built: dict[str, Rule] = {}
    for raw in sorted(data["rules"], key=lambda r: rule_sort_key(r["id"])):
        rule_id = raw["id"]
        declaration = declared.get(rule_id)
        built[rule_id] = Rule(
            id=rule_id,
            system=raw["system"],
            system_title=system_titles.get(raw["system"], ""),
            part=raw["part"],
            citation=raw["citation"],
            title=raw["title"],
            text_en=raw["text_en"],
            text_zh=raw["text_zh"],
            types=tuple(raw["types"]),
            soft=bool(raw["soft"]),
            status=declaration.status if declaration else RuleStatus.NOT_YET,
            time_limit=TIME_LIMITS.get(rule_id),
            implemented_by=_locations(scan, rule_id, "code"),
            tested_by=_locations(scan, rule_id, "test"),
            title_en=raw.get("title_en", ""),
            subpart=raw.get("subpart", ""),
            declared_by=declaration.apps if declaration else (),
        )
    return built


def _locations(scan: ScanResult, rule_id: str, kind: str) -> tuple[str, ...]:
    """One location per function/class naming the rule (its first mention), and one per line for
    mentions at module level."""
    seen: dict[tuple[str, str], str] = {}
    for mention in scan.for_rule(rule_id, kind):  # type: ignore[arg-type]
        key = (mention.path, mention.symbol or f":{mention.line}")
        seen.setdefault(key, mention.location)
    return tuple(seen.values())


def get_rule(rule_id: str) -> Rule:
    try:
        return _rules()[rule_id]
    except KeyError:
        raise UnknownRule(rule_id) from None


def all_rules() -> list[Rule]:
    """Every registered rule, in document order."""
    return list(_rules().values())


def rules_by_system() -> dict[str, list[Rule]]:
    """Rules grouped by system id ("1.1" … "4.9"), systems and rules in document order."""
    grouped: dict[str, list[Rule]] = {s.id: [] for s in systems()}
    for rule in _rules().values():
        grouped.setdefault(rule.system, []).append(rule)
    return grouped


def reset_caches() -> None:
    """Forget everything computed (tests that swap the catalogue, declarations or source)."""
    for fn in (
        load_catalogue,
        _catalogue_rules,
        systems,
        ambiguities,
        declared_statuses,
        _rules,
        scan_source,
    ):
        clear = getattr(fn, "cache_clear", None)  # a test may have swapped the function
        if clear is not None:
            clear()


# --- consistency ------------------------------------------------------------------------------


def missing_time_limits() -> list[str]:
    """Rules tagged [deadline] in the catalogue that have no spec."""
    return [
        rule_id
        for rule_id, raw in _catalogue_rules().items()
        if "deadline" in raw["types"] and rule_id not in TIME_LIMITS
    ]


def unregistered_time_limits() -> list[str]:
    """Spec keys, and rule ids a spec refers to, that are not in the catalogue."""
    bad = []
    for rule_id, spec in TIME_LIMITS.items():
        for ref in (rule_id, spec.extension_rule, spec.pause_rule, spec.modifies, spec.same_as):
            if ref is not None and not is_registered(ref):
                bad.append(ref if ref == rule_id else f"{ref} (named by the spec of {rule_id})")
    return bad


def inconsistent_time_limits() -> list[str]:
    """Specs that contradict each other: an extension/pause rule that points nowhere, a modifier
    of a rule without that extension/pause, a duplicate whose period differs."""
    problems = []
    for rule_id, spec in TIME_LIMITS.items():
        for attr in ("extension_rule", "pause_rule", "modifies", "same_as"):
            ref = getattr(spec, attr)
            if ref is not None and ref not in TIME_LIMITS:
                problems.append(f"{rule_id}.{attr} = {ref}, which has no spec")
        if spec.modifies and spec.modifies in TIME_LIMITS:
            base = TIME_LIMITS[spec.modifies]
            if rule_id not in (base.extension_rule, base.pause_rule):
                problems.append(
                    f"{rule_id} modifies {spec.modifies}, whose spec names neither as "
                    "extension_rule nor as pause_rule"
                )
        if spec.extension_rule and spec.extension_rule in TIME_LIMITS:
            ext = TIME_LIMITS[spec.extension_rule]
            if (ext.duration, ext.unit) != (spec.extension_max, spec.extension_unit):
                problems.append(
                    f"{rule_id} extension ({spec.extension_max} {spec.extension_unit}) differs "
                    f"from {spec.extension_rule} ({ext.duration} {ext.unit})"
                )
        if spec.same_as and spec.same_as in TIME_LIMITS:
            other = TIME_LIMITS[spec.same_as]
            if (other.duration, other.unit, other.start_event) != (
                spec.duration,
                spec.unit,
                spec.start_event,
            ):
                problems.append(f"{rule_id} is same_as {spec.same_as} but its period differs")
    return problems


def appendix_a_without_spec() -> list[str]:
    """Rules listed in the catalogue's Appendix A (deadlines at a glance) with no spec and no
    documented reason (``NOT_TIME_LIMITS``)."""
    named = {rid for row in load_catalogue()["deadline_digest"] for rid in row["rules"]}
    return sorted(
        (rid for rid in named if rid not in TIME_LIMITS and rid not in NOT_TIME_LIMITS),
        key=rule_sort_key,
    )


def unregistered_mentions(scan: ScanResult | None = None) -> list[str]:
    """Code or test locations that name a rule id the catalogue does not have."""
    scan = scan or scan_source()
    return [
        f"{m.location}: {m.rule_id}"
        for m in scan.mentions
        if RULE_ID_RE.match(m.rule_id) and not is_registered(m.rule_id)
    ]


def unregistered_declarations() -> list[str]:
    return [
        f"{rule_id} (declared by {', '.join(d.apps)})"
        for rule_id, d in declared_statuses().items()
        if not is_registered(rule_id)
    ]


def declarations_without_code_or_tests(scan: ScanResult | None = None) -> list[str]:
    """Rules declared ENFORCED/REMINDED/RECORDED that no code location or no test names."""
    scan = scan or scan_source()
    problems = []
    for rule_id, declaration in sorted(declared_statuses().items()):
        if declaration.status == RuleStatus.NOT_YET or not is_registered(rule_id):
            continue
        label = f"{rule_id} ({declaration.status.label}, declared by {', '.join(declaration.apps)})"
        if not scan.for_rule(rule_id, "code"):
            problems.append(f"{label}: no code names it")
        if not scan.for_rule(rule_id, "test"):
            problems.append(f"{label}: no test names it")
    return problems


def consistency_problems() -> list[str]:
    """Everything the consistency tests check, as one list of messages (``zhifa law check``)."""
    problems = []
    problems += [f"[deadline] rule without a time-limit spec: {r}" for r in missing_time_limits()]
    problems += [
        f"time-limit spec for an unregistered rule: {r}" for r in unregistered_time_limits()
    ]
    problems += [f"inconsistent time-limit specs: {p}" for p in inconsistent_time_limits()]
    problems += [f"Appendix A rule without a spec: {r}" for r in appendix_a_without_spec()]
    problems += [f"unregistered rule id in the source: {m}" for m in unregistered_mentions()]
    problems += [f"unregistered rule in IMPLEMENTS: {d}" for d in unregistered_declarations()]
    problems += declarations_without_code_or_tests()
    return problems

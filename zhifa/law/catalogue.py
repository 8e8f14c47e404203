"""The rule catalogue: parse ``spec/rules.md`` into data, and load the committed data file.

The catalogue is committed in the repository as ``zhifa/law/data/catalogue.json`` (CI and
production have only the repository, never ``../shared``). It is produced by
``zhifa law import-catalogue PATH`` from the Markdown document, with this module's parser, so the
file can be regenerated and compared at any time. Short titles are generated from the rule text
(see ``title_en_from`` / ``title_zh_from``); a person improves a title by writing it in
``zhifa/law/data/titles.json``, which the importer merges over the generated one on every
re-import.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOGUE_PATH = DATA_DIR / "catalogue.json"
TITLES_PATH = DATA_DIR / "titles.json"

FORMAT_VERSION = 1

# The rule types of rules.md, in the document's order ("[soft]" is a flag, not a type).
RULE_TYPES: tuple[str, ...] = (
    "deadline",
    "threshold",
    "data",
    "workflow",
    "role",
    "recusal",
    "confidentiality",
    "publication",
    "validation",
    "reminder",
    "record",
    "sanction",
)
RULE_TYPE_LABELS: dict[str, str] = {
    "deadline": "期限",
    "threshold": "数量标准",
    "data": "数据",
    "workflow": "流程",
    "role": "职责",
    "recusal": "回避",
    "confidentiality": "保密",
    "publication": "公开",
    "validation": "校验",
    "reminder": "提醒",
    "record": "记录",
    "sanction": "责任追究",
}

# A rule id as written in rules.md and in code: R-<part>.<system>-<nn>.
RULE_ID_PATTERN = r"R-\d+\.\d+-\d+"
RULE_ID_RE = re.compile(rf"^{RULE_ID_PATTERN}$")
TITLE_EN_MAX = 60
TITLE_ZH_MAX = 24

_PART_RE = re.compile(r"^# Part (\d+) — (.+?) \((.+)\)\s*$")
_SYSTEM_RE = re.compile(r"^## (\d+)\.(\d+) (.+?) — (.+?)\s*$")
_SUBPART_RE = re.compile(r"^### (\d+\.\d+)(\S*) (.+?)\s*$")
_APPENDIX_RE = re.compile(r"^# Appendix ([A-Z])\b")
_RULE_ROW_RE = re.compile(r"^\| (R-\d+\.\d+-\d+) \|")
_AMB_ROW_RE = re.compile(r"^\| (AMB-[0-9A-Za-z.\-]+) \|")
_LEADING_TAGS_RE = re.compile(r"^\s*((?:\[[a-z]+\]\s*)+)")
_TAG_RE = re.compile(r"\[([a-z]+)\]")
_COUNTS_RE = re.compile(
    r"\*\*Counts\*\*:\s*(\d+) rules — Part 1: (\d+), Part 2: (\d+), Part 3: (\d+), Part 4: (\d+)"
)
_AMB_COUNT_RE = re.compile(r"Appendix B lists (\d+) ambiguities")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_DATE_RE = re.compile(r"\d{4}年\d{1,2}月")


def rule_sort_key(rule_id: str) -> tuple[int, int, int]:
    """Document order of a well-formed rule id: R-1.10-01 sorts after R-1.9-19."""
    part_system, number = rule_id[2:].rsplit("-", 1)
    part, system = part_system.split(".")
    return int(part), int(system), int(number)


def system_sort_key(system_id: str) -> tuple[int, int]:
    part, system = system_id.split(".")
    return int(part), int(system)


class CatalogueError(ValueError):
    """The document does not parse into a complete, consistent catalogue."""


@dataclass(frozen=True)
class ExpectedCounts:
    rules: int
    per_part: dict[str, int]
    ambiguities: int | None


def _cells(line: str) -> list[str]:
    """Split a Markdown table row into cells; ``\\|`` inside a cell is a literal bar."""
    parts = _CELL_SPLIT_RE.split(line.strip())
    if len(parts) < 3 or parts[0] != "" or parts[-1] != "":
        raise CatalogueError(f"not a table row: {line[:80]!r}")
    return [p.strip().replace("\\|", "|") for p in parts[1:-1]]


def _plain(text: str) -> str:
    """Markdown emphasis and code marks removed, whitespace collapsed."""
    text = text.replace("**", "").replace("`", "")
    return re.sub(r"\s+", " ", text).strip()


def _shorten(text: str, limit: int, *, words: bool) -> str:
    text = text.strip().rstrip(",;:，；：、")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if words and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:，；：、 (（") + "…"


def title_en_from(text_en: str) -> str:
    """A short English title: the first sentence of the rule, markup stripped, ≤ 60 chars."""
    plain = _plain(_LEADING_TAGS_RE.sub("", text_en))
    plain = re.sub(r"\[soft\]", "", plain).strip()
    # First sentence: up to a full stop followed by a space or the end (not "e.g." / "1.5").
    match = re.match(r"(.+?[^.\s][a-z)\]’”%])\.(?:\s|$)", plain)
    first = match.group(1) if match else plain.rstrip(".")
    return _shorten(first, TITLE_EN_MAX, words=True)


def title_zh_from(text_zh: str, *, system_title_zh: str, types: tuple[str, ...]) -> str:
    """A short Chinese title from the source phrase: its first clause, ≤ 24 characters.

    Rows without a source phrase (state summaries) get "<system title>：流程状态".
    """
    plain = _plain(text_zh)
    if plain in {"", "—", "-"}:
        label = "流程状态" if "workflow" in types else "综合要求"
        return f"{system_title_zh}：{label}"
    plain = plain.replace("……", "，").replace("…", "，")
    plain = re.sub(r"^[（(][一二三四五六七八九十\d]+[)）]", "", plain)
    clauses = [c.strip() for c in re.split(r"[，。；：,;:]", plain) if c.strip()]
    title = ""
    for clause in clauses:
        clause = re.sub(r"^[（(][一二三四五六七八九十\d]+[)）]", "", clause).strip()
        clause = re.sub(r"^\d+[.、]", "", clause).strip()
        # Skip fragments that say nothing on their own: dates, numbers, one or two characters.
        if len(_CJK_RE.findall(clause)) < 3 or _DATE_RE.search(clause):
            continue
        title = f"{title}，{clause}" if title else clause
        if len(title) >= 8:
            break
    return _shorten(title or plain, TITLE_ZH_MAX, words=False)


def _parse_heading_titles(rest: str) -> tuple[str, str]:
    """'与公安机关衔接 (Public security)' or '询问室管理制度 — Interview room' → (zh, en)."""
    if " — " in rest:
        zh, en = rest.split(" — ", 1)
        return zh.strip(), en.strip()
    if not _CJK_RE.search(rest):
        return "", rest.strip()
    match = re.match(r"^(.*?)\s*\((.+)\)$", rest)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return rest.strip(), ""


def _expected_counts(text: str) -> ExpectedCounts:
    match = _COUNTS_RE.search(text)
    if not match:
        raise CatalogueError(
            "the document does not state its rule counts "
            "('**Counts**: N rules — Part 1: a, Part 2: b, Part 3: c, Part 4: d')"
        )
    total, *parts = (int(g) for g in match.groups())
    amb = _AMB_COUNT_RE.search(text)
    return ExpectedCounts(
        rules=total,
        per_part={str(i + 1): n for i, n in enumerate(parts)},
        ambiguities=int(amb.group(1)) if amb else None,
    )


def parse_rules_markdown(text: str, *, check_counts: bool = True) -> dict[str, Any]:
    """Parse the rule catalogue document into plain data (see ``catalogue.json``).

    Raises ``CatalogueError`` for a malformed row, a duplicate id, an id in the wrong system,
    an unknown rule type, or counts that differ from what the document states.
    """
    parts: list[dict[str, Any]] = []
    systems: list[dict[str, Any]] = []
    rules: list[dict[str, Any]] = []
    ambiguities: list[dict[str, Any]] = []
    deadline_digest: list[dict[str, Any]] = []
    seen: set[str] = set()
    part: dict[str, Any] | None = None
    system: dict[str, Any] | None = None
    subpart: str = ""
    appendix: str | None = None
    amb_group = ""

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if m := _APPENDIX_RE.match(line):
            appendix = m.group(1)
            system = None
            continue
        if appendix is not None:
            if line.startswith("### "):
                amb_group = line[4:].strip()
            elif appendix == "B" and (m := _AMB_ROW_RE.match(line)):
                cells = _cells(line)
                if len(cells) != 4:
                    raise CatalogueError(f"line {lineno}: ambiguity row needs 4 cells")
                ambiguities.append(
                    {
                        "id": cells[0],
                        "group": amb_group,
                        "location": cells[1],
                        "problem": cells[2],
                        "treatment": cells[3],
                        "systems": _systems_named(cells[0], cells[1]),
                    }
                )
            elif appendix == "A" and line.startswith("| ") and re.search(RULE_ID_PATTERN, line):
                cells = _cells(line)
                if len(cells) != 7:
                    raise CatalogueError(f"line {lineno}: deadline digest row needs 7 cells")
                deadline_digest.append(
                    {
                        "system": cells[0],
                        "obligation": cells[1],
                        "responsible": cells[2],
                        "period": cells[3],
                        "unit": cells[4],
                        "start": cells[5],
                        "rules": re.findall(RULE_ID_PATTERN, cells[6]),
                    }
                )
            continue
        if m := _PART_RE.match(line):
            part = {
                "number": m.group(1),
                "title_zh": m.group(2).strip(),
                "title_en": m.group(3).strip(),
            }
            parts.append(part)
            system = None
            continue
        if m := _SYSTEM_RE.match(line):
            if part is None:
                raise CatalogueError(f"line {lineno}: system heading before any part heading")
            sys_id = f"{m.group(1)}.{m.group(2)}"
            if m.group(1) != part["number"]:
                raise CatalogueError(f"line {lineno}: system {sys_id} under Part {part['number']}")
            system = {
                "id": sys_id,
                "part": part["number"],
                "title_zh": m.group(3).strip(),
                "title_en": m.group(4).strip(),
                "subparts": [],
                "notes": [],
            }
            systems.append(system)
            subpart = ""
            continue
        if system is not None and (m := _SUBPART_RE.match(line)):
            if m.group(1) != system["id"]:
                raise CatalogueError(f"line {lineno}: sub-part {m.group(1)} in {system['id']}")
            zh, en = _parse_heading_titles(m.group(3))
            subpart = f"{m.group(1)}{m.group(2)}"
            system["subparts"].append({"id": subpart, "title_zh": zh, "title_en": en})
            continue
        if m := _RULE_ROW_RE.match(line):
            rules.append(_parse_rule_row(line, lineno, system, subpart, seen))
            continue
        if (
            system is not None
            and line
            and not line.startswith(("|", "#", "---"))
            and not line.startswith("Structure: (none)")
        ):
            system["notes"].append(line.strip())

    if not rules:
        raise CatalogueError("no rule rows found")
    catalogue: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "parts": parts,
        "systems": systems,
        "rules": rules,
        "ambiguities": ambiguities,
        "deadline_digest": deadline_digest,
    }
    if check_counts:
        check_catalogue_counts(catalogue, _expected_counts(text))
    catalogue["counts"] = _counts(catalogue)
    return catalogue


def _parse_rule_row(
    line: str, lineno: int, system: dict[str, Any] | None, subpart: str, seen: set[str]
) -> dict[str, Any]:
    cells = _cells(line)
    if len(cells) != 4:
        raise CatalogueError(f"line {lineno}: rule row needs 4 cells, found {len(cells)}")
    rule_id, text, text_zh, citation = cells
    if system is None:
        raise CatalogueError(f"line {lineno}: rule {rule_id} outside a system")
    sys_id = rule_id[2:].rsplit("-", 1)[0]
    if sys_id != system["id"]:
        raise CatalogueError(f"line {lineno}: rule {rule_id} listed under system {system['id']}")
    if rule_id in seen:
        raise CatalogueError(f"line {lineno}: duplicate rule id {rule_id}")
    seen.add(rule_id)
    lead = _LEADING_TAGS_RE.match(text)
    if not lead:
        raise CatalogueError(f"line {lineno}: rule {rule_id} has no leading [type] tag")
    tags = _TAG_RE.findall(lead.group(1))
    unknown = [t for t in tags if t not in RULE_TYPES and t != "soft"]
    if unknown:
        raise CatalogueError(f"line {lineno}: rule {rule_id} has unknown type(s) {unknown}")
    types = [t for t in tags if t != "soft"]
    text_en = text[lead.end() :].strip()
    return {
        "id": rule_id,
        "system": sys_id,
        "part": system["part"],
        "subpart": subpart,
        "types": types,
        "soft": "[soft]" in text,
        "text_en": text_en,
        "text_zh": "" if text_zh in {"—", "-"} else text_zh,
        "citation": citation,
        "title": title_zh_from(text_zh, system_title_zh=system["title_zh"], types=tuple(types)),
        "title_en": title_en_from(text_en),
        "title_source": "generated",
    }


def _systems_named(amb_id: str, location: str) -> list[str]:
    """The systems an ambiguity item concerns: from its id (AMB-1.4-b) and its location."""
    found: list[str] = []
    m = re.match(r"AMB-(\d+\.\d+)-", amb_id)
    if m:
        found.append(m.group(1))
    for sys_id in re.findall(r"(?<![\d.])(\d\.\d{1,2})(?![\d])", location):
        if sys_id not in found:
            found.append(sys_id)
    return found


def _counts(catalogue: dict[str, Any]) -> dict[str, Any]:
    per_part: dict[str, int] = {}
    for rule in catalogue["rules"]:
        per_part[rule["part"]] = per_part.get(rule["part"], 0) + 1
    return {
        "rules": len(catalogue["rules"]),
        "per_part": per_part,
        "systems": len(catalogue["systems"]),
        "ambiguities": len(catalogue["ambiguities"]),
        "deadline_rules": sum(1 for r in catalogue["rules"] if "deadline" in r["types"]),
    }


def check_catalogue_counts(catalogue: dict[str, Any], expected: ExpectedCounts) -> None:
    counts = _counts(catalogue)
    problems = []
    if counts["rules"] != expected.rules:
        problems.append(f"{counts['rules']} rules parsed, the document states {expected.rules}")
    for number, n in expected.per_part.items():
        got = counts["per_part"].get(number, 0)
        if got != n:
            problems.append(f"Part {number}: {got} rules parsed, the document states {n}")
    if expected.ambiguities is not None and counts["ambiguities"] != expected.ambiguities:
        problems.append(
            f"{counts['ambiguities']} ambiguities parsed, the document states "
            f"{expected.ambiguities}"
        )
    if problems:
        raise CatalogueError("; ".join(problems))


def merge_titles(catalogue: dict[str, Any], titles: dict[str, dict[str, str]]) -> list[str]:
    """Apply hand-written titles (``titles.json``) over the generated ones.

    ``titles`` maps a rule id to ``{"title": "中文标题", "title_en": "English title"}`` (either
    key may be left out). Returns the ids in ``titles`` that are not in the catalogue.
    """
    by_id = {r["id"]: r for r in catalogue["rules"]}
    unknown = []
    for rule_id, entry in titles.items():
        if rule_id.startswith("_"):
            continue  # comments
        rule = by_id.get(rule_id)
        if rule is None:
            unknown.append(rule_id)
            continue
        for key in ("title", "title_en"):
            value = (entry.get(key) or "").strip()
            if value:
                rule[key] = value
                rule["title_source"] = "edited"
    return unknown


def hand_edits(old: dict[str, Any], titles: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Titles edited directly in an existing ``catalogue.json`` and not yet in ``titles.json``.

    A title counts as edited when it is marked generated but differs from what the generator
    makes of the same rule's stored text.
    """
    systems = {s["id"]: s for s in old.get("systems", [])}
    edits: dict[str, dict[str, str]] = {}
    for rule in old.get("rules", []):
        if rule.get("title_source") != "generated":
            continue
        system_title = systems.get(rule["system"], {}).get("title_zh", "")
        generated = {
            "title": title_zh_from(
                rule.get("text_zh") or "—",
                system_title_zh=system_title,
                types=tuple(rule.get("types", ())),
            ),
            "title_en": title_en_from(rule.get("text_en", "")),
        }
        changed = {
            key: rule[key]
            for key in ("title", "title_en")
            if rule.get(key)
            and rule[key] != generated[key]
            and rule[key] != titles.get(rule["id"], {}).get(key)
        }
        if changed:
            edits[rule["id"]] = changed
    return edits


def dump_json(data: Any) -> str:
    """The committed JSON form: stable key order, UTF-8, one item per line for clean diffs."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


@cache
def load_catalogue() -> dict[str, Any]:
    """The committed catalogue (``zhifa/law/data/catalogue.json``), read once per process."""
    with CATALOGUE_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    if data.get("format") != FORMAT_VERSION:
        raise CatalogueError(
            f"{CATALOGUE_PATH} has format {data.get('format')!r}, expected {FORMAT_VERSION}; "
            "regenerate it with `zhifa law import-catalogue`"
        )
    return data

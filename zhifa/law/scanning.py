"""Find where the source tree names a rule id: the trace from the law to the code and its tests.

Every ``.py`` and ``.html`` file under the installed ``zhifa`` package is read for rule ids in
two spellings:

- ``R-1.2-12`` anywhere (strings, comments, docstrings, templates);
- ``r_1_2_12`` / ``R_1_2_12`` in the name of a ``def`` or ``class`` (a test named after its
  rule: ``def test_r_1_2_12_published_within_7_workdays``), normalised to ``R-1.2-12``.

Each mention is classified by where it is:

- ``test``: a file under a ``tests/`` folder, a ``test_*.py`` file or a ``conftest.py``;
- ``declaration``: an app's ``rules.py`` (the ``IMPLEMENTS`` map; it says a status, it is not
  an implementation);
- ``registry``: the law app itself (its catalogue, specs and tests name rule ids as data);
- ``code``: everything else.

A line carrying the pragma ``law: ignore`` (``# law: ignore`` in Python, ``{# law: ignore #}``
in a template) is skipped: for a test that needs an id that is deliberately not registered (or
use ``zhifa.law.constants.UNREGISTERED_RULE_ID``, which no scan can see).

The enclosing function or class of a mention (``Class.method``) is found with ``ast`` so the
page can say *what* implements a rule, not just where.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import zhifa

MentionKind = Literal["code", "test", "declaration", "registry"]

MENTION_RE = re.compile(r"R-\d+\.\d+-\d+")
_IDENT_RE = re.compile(r"(?<![A-Za-z0-9])[Rr]_(\d+)_(\d+)_(\d+)(?![0-9])")
_IGNORE_PRAGMA = "law: ignore"
_DEF_LINE_RE = re.compile(r"^\s*(?:async\s+def|def|class)\s")
_SKIP_DIRS = {"__pycache__", "node_modules", "static", ".mypy_cache", ".pytest_cache"}
_SUFFIXES = {".py", ".html"}


@dataclass(frozen=True, order=True)
class Mention:
    path: str  # repository-relative, e.g. "zhifa/deadlines/services.py"
    line: int
    symbol: str  # enclosing "Class.function", "" at module level
    rule_id: str
    kind: MentionKind

    @property
    def location(self) -> str:
        """``"zhifa/x/services.py:123 function_name"``."""
        where = f"{self.path}:{self.line}"
        return f"{where} {self.symbol}" if self.symbol else where


@dataclass(frozen=True)
class ScanResult:
    mentions: tuple[Mention, ...]
    files_scanned: int
    by_rule: dict[str, tuple[Mention, ...]] = field(default_factory=dict)

    def rule_ids(self) -> set[str]:
        return set(self.by_rule)

    def for_rule(self, rule_id: str, kind: MentionKind | None = None) -> tuple[Mention, ...]:
        found = self.by_rule.get(rule_id, ())
        return found if kind is None else tuple(m for m in found if m.kind == kind)


def classify(rel_path: str) -> MentionKind:
    parts = rel_path.split("/")
    name = parts[-1]
    if len(parts) >= 2 and parts[1] == "law":
        return "registry"
    if "tests" in parts[:-1] or name.startswith("test_") or name == "conftest.py":
        return "test"
    if name == "rules.py" and len(parts) == 3:
        return "declaration"
    return "code"


def _symbols(source: str) -> list[tuple[int, int, str]]:
    """(first line, last line, qualified name) of every def and class, outermost first."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found: list[tuple[int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                found.append((first, child.end_lineno or child.lineno, name))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def _enclosing(symbols: list[tuple[int, int, str]], line: int) -> str:
    best = ""
    best_start = -1
    for first, last, name in symbols:
        if first <= line <= last and first >= best_start:
            best, best_start = name, first
    return best


def _ids_in_line(line: str, *, identifiers: bool) -> Iterator[str]:
    yield from MENTION_RE.findall(line)
    if identifiers and _DEF_LINE_RE.match(line):
        for a, b, c in _IDENT_RE.findall(line):
            yield f"R-{int(a)}.{int(b)}-{int(c):02d}"


def scan_file(path: Path, rel_path: str) -> list[Mention]:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    if not MENTION_RE.search(source) and not _IDENT_RE.search(source):
        return []
    is_py = path.suffix == ".py"
    symbols = _symbols(source) if is_py else []
    kind = classify(rel_path)
    mentions: list[Mention] = []
    for lineno, line in enumerate(source.splitlines(), start=1):
        if _IGNORE_PRAGMA in line:
            continue
        seen: set[str] = set()
        for rule_id in _ids_in_line(line, identifiers=is_py):
            if rule_id in seen:
                continue
            seen.add(rule_id)
            symbol = _enclosing(symbols, lineno) if is_py else ""
            mentions.append(Mention(rel_path, lineno, symbol, rule_id, kind))
    return mentions


def scan_tree(root: Path, *, prefix: str) -> ScanResult:
    """Scan every .py/.html file below ``root``; paths are reported as ``prefix/relative``."""
    mentions: list[Mention] = []
    files = 0
    for path in sorted(root.rglob("*")):
        if path.suffix not in _SUFFIXES or not path.is_file():
            continue
        rel_parts = path.relative_to(root).parts
        if any(part in _SKIP_DIRS or part.startswith(".") for part in rel_parts):
            continue
        files += 1
        mentions.extend(scan_file(path, "/".join((prefix, *rel_parts))))
    by_rule: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_rule.setdefault(mention.rule_id, []).append(mention)
    return ScanResult(
        mentions=tuple(mentions),
        files_scanned=files,
        by_rule={k: tuple(v) for k, v in by_rule.items()},
    )


@cache
def scan_source() -> ScanResult:
    """The scan of the installed ``zhifa`` package, computed once per process."""
    root = Path(zhifa.__file__).resolve().parent
    return scan_tree(root, prefix="zhifa")

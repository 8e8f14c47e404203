"""``zhifa law …``: the rule catalogue.

- ``zhifa law import-catalogue PATH`` parses ``rules.md`` and writes
  ``zhifa/law/data/catalogue.json`` (titles from ``titles.json`` merged over generated ones).
  ``--check`` writes nothing and exits 1 if the committed file differs from what PATH gives.
- ``zhifa law check`` runs the registry's consistency checks (the same as the tests) and prints a
  summary; exit 1 if any check fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.law import catalogue as cat


class Command(BaseCommand):
    help = "规则目录：导入 rules.md（import-catalogue）或检查登记一致性（check）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        imp = sub.add_parser(
            "import-catalogue", help="parse rules.md into zhifa/law/data/catalogue.json"
        )
        imp.add_argument("path", help="path of spec/rules.md")
        imp.add_argument("--output", default=str(cat.CATALOGUE_PATH), help="JSON file to write")
        imp.add_argument(
            "--titles", default=str(cat.TITLES_PATH), help="hand-written titles to merge"
        )
        imp.add_argument(
            "--check",
            action="store_true",
            help="write nothing; exit 1 if the output file would change",
        )
        imp.add_argument(
            "--discard-hand-edits",
            action="store_true",
            help="overwrite titles edited directly in the output file (default: refuse)",
        )
        sub.add_parser("check", help="run the registry consistency checks")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import-catalogue":
            self._import(options)
        else:
            self._check()

    # -- import-catalogue ---------------------------------------------------------------------
    def _import(self, options: dict[str, Any]) -> None:
        source = Path(options["path"])
        output = Path(options["output"])
        titles_path = Path(options["titles"])
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取规则文档 {source}：{exc}", returncode=2) from exc
        try:
            data = cat.parse_rules_markdown(text)
        except cat.CatalogueError as exc:
            raise CommandError(f"规则文档解析失败（{source}）：{exc}", returncode=2) from exc

        titles = self._read_json(titles_path, default={}) if titles_path.exists() else {}
        old = self._read_json(output, default=None) if output.exists() else None
        if old is not None and not options["discard_hand_edits"]:
            edits = cat.hand_edits(old, titles)
            if edits:
                listing = ", ".join(sorted(edits)[:10]) + (" …" if len(edits) > 10 else "")
                raise CommandError(
                    f"{output} 中有 {len(edits)} 条规则的标题是手工修改的（{listing}）。"
                    f"请把这些标题写入 {titles_path.name}（重新导入时会保留），"
                    "或加 --discard-hand-edits 放弃这些修改。",
                    returncode=2,
                )
        unknown = cat.merge_titles(data, titles)
        if unknown:
            raise CommandError(
                f"{titles_path} 中的规则编号未在目录中登记：{', '.join(sorted(unknown))}",
                returncode=2,
            )
        rendered = cat.dump_json(data)
        counts = data["counts"]
        summary = (
            f"{counts['rules']} rules (parts {counts['per_part']}), {counts['systems']} systems, "
            f"{counts['ambiguities']} ambiguities, {counts['deadline_rules']} [deadline] rules, "
            f"{sum(1 for r in data['rules'] if r['title_source'] == 'edited')} edited titles"
        )
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if options["check"]:
            if current != rendered:
                self.stderr.write(f"{output} is out of date with {source}; re-run the import.")
                raise SystemExit(1)
            self.stdout.write(f"{output} is up to date: {summary}")
            return
        if current == rendered:
            self.stdout.write(f"unchanged: {output} ({summary})")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(rendered, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"wrote {output}: {summary}"))

    @staticmethod
    def _read_json(path: Path, *, default: Any) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取 JSON 文件 {path}：{exc}", returncode=2) from exc

    # -- check --------------------------------------------------------------------------------
    def _check(self) -> None:
        from zhifa.law.registry import all_rules, consistency_problems
        from zhifa.law.time_limits import TIME_LIMITS

        rules = all_rules()
        by_status: dict[str, int] = {}
        for rule in rules:
            by_status[str(rule.status)] = by_status.get(str(rule.status), 0) + 1
        self.stdout.write(
            f"{len(rules)} rules registered; {len(TIME_LIMITS)} time-limit specs; "
            f"status: {by_status}"
        )
        problems = consistency_problems()
        if problems:
            for problem in problems:
                self.stderr.write(f"- {problem}")
            self.stderr.write(f"{len(problems)} problem(s).")
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("registry consistent"))

"""Import of discretion benchmarks from XLSX for one unit: one row per tier.

Rows with the same 编号 form one benchmark; its own columns (violation, provisions, statutory
types and ranges, time limit, document number) are read from the first row of the group and must
not contradict on later rows. Each row names a tier (不予处罚/减轻处罚/从轻处罚/一般处罚/从重处罚)
with its conditions, types and range, and may list the circumstances that lead to that tier, one
per line as ``编号 内容`` (不予处罚 → no-penalty circumstances, 减轻 → mitigating, 从轻 →
lighter, 从重 → heavier).

Every benchmark becomes a **draft** through :func:`benchmark_create` (same validation,
R-1.5-02, same ledger entry), each in its own transaction: valid benchmarks are kept, every
invalid row is reported with its row number and the reason; a benchmark with any invalid row is
not imported (never half a benchmark). A code the unit already has is
reported and left alone, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from zhifa.accounts.models import Organisation, User
from zhifa.catalog.constants import CircumstanceEffect, PenaltyType, Tier
from zhifa.catalog.discretion_logic import BenchmarkInvalid
from zhifa.catalog.models import Benchmark
from zhifa.catalog.services.discretion import (
    BenchmarkInput,
    CircumstanceInput,
    TierInput,
    benchmark_create,
    can_draft_benchmarks,
)
from zhifa.core.errors import DomainError, PermissionDenied

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

# (header, key); the order of the template.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("编号", "code"),
    ("违法行为", "violation"),
    ("违法依据", "violated_provision"),
    ("处罚依据", "penalty_provision"),
    ("法定处罚种类", "penalty_types"),
    ("法定罚款下限", "fine_min"),
    ("法定罚款上限", "fine_max"),
    ("倍数计算基数", "multiple_basis"),
    ("法定倍数下限", "multiple_min"),
    ("法定倍数上限", "multiple_max"),
    ("倍数罚款起算基数", "multiple_threshold"),
    ("处罚种类选择情形", "type_choice_rules"),
    ("裁量时限", "time_limit"),
    ("规范性文件文号", "document_number"),
    ("阶次", "tier"),
    ("适用情形", "tier_conditions"),
    ("阶次处罚种类", "tier_penalty_types"),
    ("阶次罚款下限", "tier_fine_min"),
    ("阶次罚款上限", "tier_fine_max"),
    ("阶次倍数下限", "tier_multiple_min"),
    ("阶次倍数上限", "tier_multiple_max"),
    ("裁量情形", "circumstances"),
)
REQUIRED_HEADERS = ("编号", "阶次")
BENCHMARK_KEYS = (
    "violation",
    "violated_provision",
    "penalty_provision",
    "penalty_types",
    "fine_min",
    "fine_max",
    "multiple_basis",
    "multiple_min",
    "multiple_max",
    "multiple_threshold",
    "type_choice_rules",
    "time_limit",
    "document_number",
)
DECIMAL_KEYS = {
    "fine_min",
    "fine_max",
    "multiple_min",
    "multiple_max",
    "multiple_threshold",
    "tier_fine_min",
    "tier_fine_max",
    "tier_multiple_min",
    "tier_multiple_max",
}
TIER_BY_LABEL = {str(label): value for value, label in Tier.choices} | {
    "不予处罚": Tier.NO_PENALTY,
    "减轻": Tier.MITIGATED,
    "从轻": Tier.LIGHTER,
    "一般": Tier.ORDINARY,
    "从重": Tier.HEAVIER,
}
TYPE_BY_LABEL = {str(label): value for value, label in PenaltyType.choices}
EFFECT_OF_TIER = {
    Tier.NO_PENALTY: CircumstanceEffect.NO_PENALTY,
    Tier.MITIGATED: CircumstanceEffect.MITIGATING,
    Tier.LIGHTER: CircumstanceEffect.LIGHTER,
    Tier.HEAVIER: CircumstanceEffect.HEAVIER,
}
SPLIT = re.compile(r"[、,，;；/\s]+")


@dataclass
class RowError:
    row: int
    code: str
    message: str


@dataclass
class ImportResult:
    created: list[Benchmark] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # codes the unit already has
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


@dataclass
class _Group:
    code: str
    first_row: int
    values: dict[str, Any]
    tiers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value: Any, header: str) -> Decimal | None:
    text = _text(value).replace(",", "").replace("元", "").replace("倍", "")
    if not text:
        return None
    try:
        result = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"“{header}”应为数字，实为“{_text(value)}”") from exc
    if not result.is_finite():
        raise ValueError(f"“{header}”应为数字")
    return result


def _types(value: Any, header: str) -> list[str]:
    out = []
    for part in SPLIT.split(_text(value)):
        if not part:
            continue
        if part in TYPE_BY_LABEL:
            out.append(TYPE_BY_LABEL[part])
        elif part in PenaltyType.values:
            out.append(part)
        else:
            raise ValueError(f"“{header}”中的“{part}”不是处罚种类（如：警告、罚款、没收违法所得）")
    return out


def _circumstances(value: Any) -> list[tuple[str, str]]:
    out = []
    for line in re.split(r"[\r\n；;]+", _text(value)):
        line = line.strip()
        if not line:
            continue
        parts = line.split(maxsplit=1)
        if len(parts) != 2:
            raise ValueError(f"裁量情形“{line}”应写成“编号 内容”，如“L1 主动供述违法行为”")
        out.append((parts[0], parts[1]))
    return out


def _parse_row(raw: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for header, key in COLUMNS:
        if key not in raw:
            continue
        cell = raw.get(key)
        if key in DECIMAL_KEYS:
            values[key] = _decimal(cell, header)
        elif key in ("penalty_types", "tier_penalty_types"):
            values[key] = _types(cell, header)
        elif key == "tier":
            label = _text(cell)
            if label not in TIER_BY_LABEL:
                raise ValueError(
                    f"阶次“{label}”无效，应为：不予处罚、减轻处罚、从轻处罚、一般处罚、从重处罚"
                )
            values[key] = TIER_BY_LABEL[label]
        elif key == "circumstances":
            values[key] = _circumstances(cell)
        else:
            values[key] = _text(cell)
    return values


def _read(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    import openpyxl

    if len(data) > MAX_BYTES:
        raise DomainError("文件过大（上限 5 MB）。", code="file_too_large", field="file")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable upload is the user's error
        raise DomainError(
            "无法读取该文件，请上传 Excel（.xlsx）文件。", code="invalid_file", field="file"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise DomainError("文件是空的。", code="empty_file", field="file")
        by_header = dict(COLUMNS)
        headers: dict[int, str] = {}
        for index, cell in enumerate(header_row):
            label = _text(cell)
            if label in by_header:
                headers[index] = by_header[label]
        missing = [h for h in REQUIRED_HEADERS if by_header[h] not in headers.values()]
        if missing:
            raise DomainError(
                f"第1行缺少表头：{'、'.join(missing)}。请使用下载的模板。",
                code="missing_headers",
                field="file",
            )
        out: list[tuple[int, dict[str, Any]]] = []
        for number, row in enumerate(rows, start=2):
            if number - 1 > MAX_ROWS:
                raise DomainError(f"行数超过上限 {MAX_ROWS}。", code="too_many_rows", field="file")
            if row is None or all(_text(c) == "" for c in row):
                continue
            out.append(
                (number, {key: row[i] if i < len(row) else None for i, key in headers.items()})
            )
        return out
    finally:
        workbook.close()


def _input_of(group: _Group, organisation: Organisation) -> tuple[BenchmarkInput, dict[str, int]]:
    """The benchmark of a group and, for each tier and circumstance index, its row number."""
    v = group.values
    rows: dict[str, int] = {}
    tiers: list[TierInput] = []
    circumstances: list[CircumstanceInput] = []
    for number, t in group.tiers:
        rows[f"tier:{t['tier']}"] = number
        tiers.append(
            TierInput(
                tier=t["tier"],
                conditions=t.get("tier_conditions", ""),
                penalty_types=t.get("tier_penalty_types", []),
                fine_min=t.get("tier_fine_min"),
                fine_max=t.get("tier_fine_max"),
                multiple_min=t.get("tier_multiple_min"),
                multiple_max=t.get("tier_multiple_max"),
            )
        )
        for code, text in t.get("circumstances", []):
            rows[f"circumstance:{len(circumstances)}"] = number
            circumstances.append(
                CircumstanceInput(code=code, text=text, effect=EFFECT_OF_TIER[t["tier"]])
            )
    data = BenchmarkInput(
        organisation=organisation,
        code=group.code,
        violation=v.get("violation", ""),
        violated_provision=v.get("violated_provision", ""),
        penalty_provision=v.get("penalty_provision", ""),
        penalty_types=v.get("penalty_types", []),
        fine_min=v.get("fine_min"),
        fine_max=v.get("fine_max"),
        multiple_basis=v.get("multiple_basis", ""),
        multiple_min=v.get("multiple_min"),
        multiple_max=v.get("multiple_max"),
        multiple_threshold=v.get("multiple_threshold"),
        type_choice_rules=v.get("type_choice_rules", ""),
        time_limit=v.get("time_limit", ""),
        document_number=v.get("document_number", ""),
        tiers=tiers,
        circumstances=circumstances,
    )
    return data, rows


def benchmark_import_xlsx(*, actor: User, organisation: Organisation, data: bytes) -> ImportResult:
    """Import the benchmarks of an XLSX file as drafts of ``organisation`` (R-1.5-07, R-1.5-09;
    validated as R-1.5-02 requires). See the module docstring for the layout."""
    if not can_draft_benchmarks(actor, organisation):
        raise PermissionDenied(
            "只有本单位或上级单位的法制审核人员、负责人或司法局可以导入裁量基准。"
        )
    rows = _read(data)
    result = ImportResult(rows=len(rows))
    groups: dict[str, _Group] = {}
    for number, raw in rows:
        code = _text(raw.get("code"))
        if not code:
            result.errors.append(RowError(number, "", "“编号”不能为空"))
            continue
        try:
            values = _parse_row(raw)
        except ValueError as exc:
            result.errors.append(RowError(number, code, str(exc)))
            groups.setdefault(code, _Group(code, number, {})).errors.append(
                RowError(number, code, str(exc))
            )
            continue
        group = groups.get(code)
        if group is None:
            group = groups[code] = _Group(
                code, number, {k: values.get(k) for k in BENCHMARK_KEYS if k in values}
            )
        else:
            for key in BENCHMARK_KEYS:
                value = values.get(key)
                if value in (None, "", []):
                    continue
                if group.values.get(key) in (None, "", []):
                    group.values[key] = value
                elif group.values[key] != value:
                    label = next(h for h, k in COLUMNS if k == key)
                    message = f"“{label}”与第{group.first_row}行不一致"
                    group.errors.append(RowError(number, code, message))
                    result.errors.append(RowError(number, code, message))
        if any(n for n, t in group.tiers if t["tier"] == values["tier"]):
            message = f"阶次“{Tier(values['tier']).label}”重复"
            group.errors.append(RowError(number, code, message))
            result.errors.append(RowError(number, code, message))
            continue
        group.tiers.append((number, values))

    existing = set(
        Benchmark.objects.filter(organisation=organisation, code__in=list(groups)).values_list(
            "code", flat=True
        )
    )
    for code, group in groups.items():
        if code in existing:
            result.skipped.append(code)
            continue
        if group.errors:
            continue  # already reported row by row
        data_in, row_of = _input_of(group, organisation)
        try:
            with transaction.atomic():
                result.created.append(benchmark_create(actor=actor, data=data_in))
        except BenchmarkInvalid as exc:
            for problem in exc.problems:
                parts = problem.field.split(":")
                key = ":".join(parts[:2]) if len(parts) == 3 else ""
                result.errors.append(
                    RowError(row_of.get(key, group.first_row), code, problem.message)
                )
        except DomainError as exc:
            result.errors.append(RowError(group.first_row, code, exc.message))
    result.errors.sort(key=lambda e: e.row)
    return result


def benchmark_import_template() -> bytes:
    """An XLSX template with the headers and one example benchmark (three tiers)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "裁量基准"
    sheet.append([h for h, _ in COLUMNS])
    common = [
        "CG-SR-001",
        "擅自占用城市道路从事经营活动",
        "《城市道路管理条例》第三十一条",
        "《城市道路管理条例》第四十二条",
        "警告、罚款",
        "",
        20000,
        "",
        "",
        "",
        "",
        "责令限期改正，可以处以二万元以下的罚款。",
        "自立案之日起九十日内",
        "临猗城管发〔2025〕5号",
    ]
    sheet.append(
        common
        + [
            "从轻处罚",
            "首次违法，及时改正",
            "警告、罚款",
            0,
            6000,
            "",
            "",
            "L1 主动供述行政机关尚未掌握的违法行为",
        ]
    )
    sheet.append(
        ["CG-SR-001"]
        + [""] * 13
        + ["一般处罚", "无从轻、从重情形", "罚款", 6000, 14000, "", "", ""]
    )
    sheet.append(
        ["CG-SR-001"]
        + [""] * 13
        + [
            "从重处罚",
            "经劝阻拒不改正",
            "罚款",
            14000,
            20000,
            "",
            "",
            "H1 经责令改正拒不改正\nH2 一年内因同一违法行为受过处罚",
        ]
    )
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

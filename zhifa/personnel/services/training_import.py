"""Exam results imported from a spreadsheet (XLSX or CSV), with a preview and an error report.

Columns: 身份证号 (or 执法证号), 姓名, 科目, 考试次别 (正考/补考), 成绩, 考试日期. Every row is
checked the way :func:`exam_result_record` checks one result (R-1.11-04 score 0–100, R-1.11-05
one make-up), plus what only a file can get wrong (unknown officer, name not matching the ID
number, duplicate rows). Valid rows are imported; every invalid row is reported with its row
number and reason. A row already recorded with the same score and date is skipped, so importing
the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.personnel.constants import EXAM_PASS_MARK, ExamAttempt, ExamSubject
from zhifa.personnel.models import Certificate, ExamResult, Officer, TrainingSession
from zhifa.personnel.services.training import (
    can_manage_exams,
    exam_attempt_check,
    exam_result_record,
    parse_score,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
TEMPLATE_HEADERS = ["身份证号", "执法证号", "姓名", "科目", "考试次别", "成绩", "考试日期"]
ERROR_HEADERS = [
    "行号",
    "身份证号",
    "执法证号",
    "姓名",
    "科目",
    "考试次别",
    "成绩",
    "考试日期",
    "错误原因",
]

_HEADER_ALIASES = {
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "cert_number": ("执法证号", "执法证件号", "执法证编号", "证件编号"),
    "name": ("姓名",),
    "subject": ("科目", "考试科目"),
    "attempt": ("考试次别", "次别"),
    "score": ("成绩", "分数", "考试成绩"),
    "taken_on": ("考试日期", "日期"),
}
_SUBJECTS = {
    **{label: value for value, label in ExamSubject.choices},
    "入职培训": ExamSubject.INDUCTION,
    "入职考核": ExamSubject.INDUCTION,
    "轮训": ExamSubject.ROTATION,
    "轮训考试": ExamSubject.ROTATION,
    "定期轮训": ExamSubject.ROTATION,
    "公共法律": ExamSubject.PUBLIC_LAW,
    "专业法律": ExamSubject.PROFESSIONAL_LAW,
}
_ATTEMPTS = {"正考": ExamAttempt.REGULAR, "补考": ExamAttempt.MAKEUP}


class FileRefused(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="bad_file", field="file")


def _norm(text: object) -> str:
    value = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return "".join(value.split()).replace("*", "")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


# --- reading the file ---------------------------------------------------------------------------


def read_rows(*, data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) of every non-empty row, header first. Refuses files that are not
    spreadsheets, are empty or too large, with a Chinese message."""
    if not data:
        raise FileRefused("文件是空的，请选择填好成绩的 .xlsx 或 .csv 文件。")
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused("文件超过 2 MB，请分成几个文件导入。")
    name = (filename or "").lower()
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise FileRefused("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 .csv 后再导入。")
    rows: list[tuple[int, list[str]]] = []
    if data.startswith(b"PK"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
            raise FileRefused("Excel 文件已损坏或不是 .xlsx 格式，无法读取。") from exc
        try:
            ws = wb.worksheets[0]
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if any(cells):
                    rows.append((number, cells))
                if len(rows) > MAX_ROWS + 1:
                    break
        finally:
            wb.close()
    else:
        if name.endswith((".xlsx", ".xlsm")):
            raise FileRefused("文件扩展名是 .xlsx，但内容不是 Excel 表格，文件可能已损坏。")
        if b"\x00" in data[:8192]:
            raise FileRefused("文件不是表格（.xlsx 或 .csv），请下载导入模板填写后再导入。")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise FileRefused("无法识别文件的文字编码，请另存为“CSV UTF-8”后再导入。") from None
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        try:
            for cells_raw in reader:
                cells = [_cell(c) for c in cells_raw]
                if any(cells):
                    rows.append((reader.line_num, cells))
                if len(rows) > MAX_ROWS + 1:
                    break
        except csv.Error as exc:
            raise FileRefused(f"CSV 文件格式有误（第 {reader.line_num} 行）：{exc}") from None
    if not rows:
        raise FileRefused("文件中没有内容，请下载导入模板填写后再导入。")
    if len(rows) > MAX_ROWS + 1:
        raise FileRefused(f"一次最多导入 {MAX_ROWS} 行，请分成几个文件导入。")
    return rows


def column_map(header: list[str]) -> dict[str, int]:
    index = {_norm(a): key for key, aliases in _HEADER_ALIASES.items() for a in aliases}
    columns: dict[str, int] = {}
    for i, text in enumerate(header):
        key = index.get(_norm(text))
        if key and key not in columns:
            columns[key] = i
    missing = [
        label
        for key, label in (
            ("name", "姓名"),
            ("subject", "科目"),
            ("attempt", "考试次别"),
            ("score", "成绩"),
            ("taken_on", "考试日期"),
        )
        if key not in columns
    ]
    if "id_number" not in columns and "cert_number" not in columns:
        missing.insert(0, "身份证号（或执法证号）")
    if missing:
        found = "、".join(h for h in header if h)[:200] or "（无）"
        raise FileRefused(
            f"文件缺少必需的列：{'、'.join(missing)}。第一行应为列名，可下载导入模板对照。"
            f"文件第一行是：{found}"
        )
    return columns


_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_date(text: str) -> dt.date:
    m = _DATE_RE.match(text.split(" ")[0] if text else "")
    if not m:
        raise DomainError(
            "考试日期格式不正确，应为 2026-06-12。", code="bad_date", field="taken_on"
        )
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise DomainError("考试日期不存在。", code="bad_date", field="taken_on") from None
    if day > clock.today():
        raise DomainError("考试日期不能晚于今天。", code="bad_date", field="taken_on")
    if day.year < 2000:
        raise DomainError("考试日期不正确。", code="bad_date", field="taken_on")
    return day


# --- checking the rows --------------------------------------------------------------------------

NEW, EXISTING, ERROR = "new", "existing", "error"
STATUS_LABELS = {NEW: "将导入", EXISTING: "已登记（跳过）", ERROR: "有错误"}


@dataclass
class ImportRow:
    row_no: int
    id_number: str = ""
    cert_number: str = ""
    name: str = ""
    subject_text: str = ""
    attempt_text: str = ""
    score_text: str = ""
    date_text: str = ""
    officer: Officer | None = None
    subject: str = ""
    attempt: int = 0
    score: Decimal | None = None
    taken_on: dt.date | None = None
    status: str = NEW
    error: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_error_cells(self) -> list[str]:
        return [
            str(self.row_no),
            self.id_number,
            self.cert_number,
            self.name,
            self.subject_text,
            self.attempt_text,
            self.score_text,
            self.date_text,
            self.error,
        ]


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    imported: int = 0

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.rows if r.status == NEW)

    @property
    def existing_count(self) -> int:
        return sum(1 for r in self.rows if r.status == EXISTING)

    @property
    def errors(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == ERROR]


def _cells(cells: list[str], columns: dict[str, int], key: str) -> str:
    i = columns.get(key)
    return cells[i] if i is not None and i < len(cells) else ""


def exam_import_check(
    *, user: User, data: bytes, filename: str, session: TrainingSession | None = None
) -> ImportReport:
    """Read and check the file without writing anything (the preview)."""
    if not can_manage_exams(user):
        raise PermissionDenied("考试成绩由县司法局统一登记和导入。")
    table = read_rows(data=data, filename=filename)
    (_, header), body = table[0], table[1:]
    columns = column_map(header)
    if not body:
        raise FileRefused("文件只有列名，没有成绩行。")
    rows = [
        ImportRow(
            row_no=no,
            id_number=_cells(c, columns, "id_number").upper(),
            cert_number=_cells(c, columns, "cert_number"),
            name=_cells(c, columns, "name"),
            subject_text=_cells(c, columns, "subject"),
            attempt_text=_cells(c, columns, "attempt"),
            score_text=_cells(c, columns, "score"),
            date_text=_cells(c, columns, "taken_on"),
        )
        for no, c in body
    ]
    # Look the officers up in two queries.
    by_id = {
        o.id_number: o
        for o in Officer.objects.filter(
            id_number__in={r.id_number for r in rows if r.id_number}
        ).select_related("organisation")
    }
    by_cert: dict[str, Officer] = {
        c.number or "": c.officer
        for c in Certificate.objects.filter(
            number__in={r.cert_number for r in rows if r.cert_number}
        ).select_related("officer__organisation")
    }
    for r in rows:
        try:
            _parse_row(r, by_id, by_cert, session)
        except DomainError as exc:
            r.status, r.error = ERROR, exc.message
    _check_attempts(rows, session)
    return ImportReport(rows=rows)


def _parse_row(
    r: ImportRow,
    by_id: dict[str, Officer],
    by_cert: dict[str, Officer],
    session: TrainingSession | None,
) -> None:
    if r.id_number:
        officer = by_id.get(r.id_number)
        if officer is None:
            raise DomainError(f"身份证号 {r.id_number} 不是已登记的执法人员。")
        if r.cert_number and by_cert.get(r.cert_number) != officer:
            raise DomainError("执法证号与身份证号不是同一人。")
    elif r.cert_number:
        officer = by_cert.get(r.cert_number)
        if officer is None:
            raise DomainError(f"执法证号 {r.cert_number} 不存在。")
    else:
        raise DomainError("缺少身份证号或执法证号。")
    if not r.name:
        raise DomainError("缺少姓名。")
    if _norm(r.name) != _norm(officer.full_name):
        raise DomainError(f"姓名与证号不符：该证号登记的姓名是“{officer.full_name}”。")
    r.officer = officer
    subject = _SUBJECTS.get(_norm(r.subject_text))
    if subject is None:
        raise DomainError(
            f"科目“{r.subject_text or '（空）'}”不正确，应为："
            + "、".join(ExamSubject.labels)
            + "。"
        )
    r.subject = subject
    attempt = _ATTEMPTS.get(_norm(r.attempt_text))
    if attempt is None:
        raise DomainError(f"考试次别“{r.attempt_text or '（空）'}”不正确，应为“正考”或“补考”。")
    r.attempt = attempt
    if not r.score_text:
        raise DomainError("缺少成绩。")
    r.score = parse_score(r.score_text)
    r.taken_on = parse_date(r.date_text)
    if session is not None and r.taken_on < session.starts_on:
        raise DomainError(f"考试日期早于培训开始日期（{session.starts_on}）。")


def _check_attempts(rows: list[ImportRow], session: TrainingSession | None) -> None:
    """R-1.11-05 across the database and the file: regular rows first, then make-ups."""
    ok = [r for r in rows if r.status != ERROR]
    officer_ids = {r.officer.pk for r in ok if r.officer}
    existing: dict[tuple[int, str, str], dict[int, ExamResult]] = {}
    for e in ExamResult.objects.filter(officer_id__in=officer_ids):
        existing.setdefault((e.officer_id, e.subject, e.cycle), {})[e.attempt] = e
    seen: dict[tuple[int, str, str, int], int] = {}
    for r in sorted(ok, key=lambda x: (x.attempt, x.row_no)):
        if r.officer is None or r.taken_on is None or r.score is None:
            continue  # not parsed: already marked as an error
        cycle = ExamResult.cycle_for(
            session_id=session.pk if session else None, taken_on=r.taken_on
        )
        key = (r.officer.pk, r.subject, cycle)
        have = existing.setdefault(key, {})
        first = seen.get((*key, r.attempt))
        if first is not None:
            r.status, r.error = ERROR, f"与第 {first} 行重复（同一人、同一科目、同一次别）。"
            continue
        seen[(*key, r.attempt)] = r.row_no
        same = have.get(r.attempt)
        if same is not None and same.score == r.score and same.taken_on == r.taken_on:
            r.status = EXISTING
            continue
        try:
            exam_attempt_check(
                officer=r.officer, subject=r.subject, attempt=r.attempt, cycle=cycle, existing=have
            )
        except DomainError as exc:
            r.status, r.error = ERROR, exc.message
            continue
        # Stand-in for the row about to be imported, so a later row sees it.
        have[r.attempt] = ExamResult(
            officer=r.officer,
            subject=r.subject,
            attempt=r.attempt,
            score=r.score,
            passed=r.score >= EXAM_PASS_MARK,
            taken_on=r.taken_on,
        )


@transaction.atomic
def exam_import_apply(
    *, actor: User, data: bytes, filename: str, session: TrainingSession | None = None
) -> ImportReport:
    """Check the file again and record every valid new row through :func:`exam_result_record`
    (ledger entries included). Rows already recorded are skipped; invalid rows are reported."""
    report = exam_import_check(user=actor, data=data, filename=filename, session=session)
    source = f"导入：{(filename or '成绩文件')[:150]}"
    for r in sorted(report.rows, key=lambda x: (x.attempt, x.row_no)):
        if r.status != NEW:
            continue
        if r.officer is None or r.taken_on is None or r.score is None:
            continue
        try:
            with transaction.atomic():
                exam_result_record(
                    officer=r.officer,
                    subject=r.subject,
                    attempt=r.attempt,
                    score=r.score,
                    taken_on=r.taken_on,
                    actor=actor,
                    session=session,
                    source=source,
                )
        except DomainError as exc:
            r.status, r.error = ERROR, exc.message
        else:
            report.imported += 1
    return report


# --- files out ----------------------------------------------------------------------------------


def _xlsx(headers: list[str], rows: list[list[str]], title: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv(headers: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def errors_file(report: ImportReport, *, fmt: str) -> bytes:
    """Every invalid row with its row number and reason, as CSV or XLSX."""
    rows = [r.as_error_cells() for r in sorted(report.errors, key=lambda x: x.row_no)]
    if fmt == "xlsx":
        return _xlsx(ERROR_HEADERS, rows, "错误行")
    return _csv(ERROR_HEADERS, rows)


def template_file(*, fmt: str) -> bytes:
    """The import template: the headers and two example rows."""
    example = [
        ["140821198001010012", "", "张三", "轮训考试", "正考", "85", "2026-06-12"],
        ["", "14082100000001", "李四", "公共法律知识", "补考", "62.5", "2026-06-20"],
    ]
    if fmt == "xlsx":
        return _xlsx(TEMPLATE_HEADERS, example, "考试成绩")
    return _csv(TEMPLATE_HEADERS, example)


def summary_xlsx(rows: list[Any], *, year: int) -> bytes:
    """The yearly training summary (R-1.11-06 year-end assessment input) as XLSX."""
    headers = [
        "姓名",
        "单位",
        "参训次数",
        "参训课时",
        "达标轮训次数（≥8课时）",
        "年度轮训达标",
        "考试合格次数",
        "考试不合格次数",
        "未完成的限期补课",
    ]
    data = [
        [
            r.full_name,
            r.organisation,
            r.sessions,
            float(r.hours),
            r.qualifying_rotations,
            "是" if r.rotation_met else "否",
            r.exams_passed,
            r.exams_failed,
            r.makeups_open,
        ]
        for r in rows
    ]
    return _xlsx(headers, data, f"{year}年度培训考核")

"""Bulk import of the directory from CSV or XLSX, in streaming batches.

Flow: :func:`import_run_create` (the upload: checks the file is a spreadsheet with the required
columns, stores it, queues the job ``subjects.import`` in the same transaction as the
``ImportRun`` row) → the worker runs :func:`import_run_execute`, which reads the file row by row
(CSV with the ``csv`` module, XLSX with openpyxl ``read_only=True``) and writes every
``IMPORT_BATCH_SIZE`` rows in one transaction:

- idempotent by identifier: a row whose 统一社会信用代码 (or, for a natural person, ID number) is
  not in the directory is created; one that is there with different values is updated (only the
  columns present in the file and not blank); one that is identical is left alone — importing
  the same file twice changes nothing and writes no ledger entry for the rows;
- a code met again in the same file is accepted if the row is identical and rejected if it
  differs; the codes already met are kept in the database (``ImportKey``), not in memory;
- every rejected row goes, with its row number and the reason in Chinese, into an error file
  (CSV, UTF-8 with BOM so that Excel opens it), downloadable from the run's page;
- the ledger gets one entry per batch that changed something (the codes created and updated)
  and one when the run ends — not one per row (see docs/adr/0009-market-entity-directory.md).

Memory use does not grow with the file: only the current batch is held.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import os
import tempfile
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, models, reset_queries, transaction
from django.db.models import Max, Min

from zhifa.accounts.constants import OrganisationKind
from zhifa.accounts.models import Organisation, User
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.identifiers import mask_id_number
from zhifa.ledger.services import ledger_append
from zhifa.subjects.codes import (
    category_from_uscc,
    id_number_problem,
    looks_like_id_number,
    normalise_code,
    uscc_problem,
)
from zhifa.subjects.constants import (
    IMPORT_BATCH_SIZE,
    IMPORT_MAX_BYTES,
    IMPORT_STORAGE_PREFIX,
    EntityCategory,
    EntityStatus,
    ImportStatus,
)
from zhifa.subjects.models import ImportKey, ImportRun, MarketEntity
from zhifa.subjects.permissions import can_edit_directory, editable_township, user_township

JOB_NAME = "subjects.import"

# Column → accepted header texts (compared after NFKC, without spaces and "*", case-folded).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "名称",
        "企业名称",
        "主体名称",
        "市场主体名称",
        "单位名称",
        "姓名",
        "名称/姓名",
        "name",
    ),
    "code": (
        "统一社会信用代码",
        "社会信用代码",
        "信用代码",
        "统一社会信用代码/身份证号",
        "统一社会信用代码(身份证号)",
        "uscc",
    ),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "id_number"),
    "category": ("类别", "主体类别", "企业类别", "主体类型", "类型", "category"),
    "legal_representative": (
        "法定代表人",
        "法人代表",
        "法定代表人姓名",
        "经营者",
        "legal_representative",
    ),
    "person_in_charge": ("负责人", "主要负责人", "负责人姓名", "person_in_charge"),
    "address": ("地址", "住所", "注册地址", "经营场所", "住址", "address"),
    "township": ("所属乡镇", "所在乡镇", "乡镇", "township"),
    "industry": ("行业", "所属行业", "industry"),
    "qualification": ("资质等级", "资质", "qualification"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "phone"),
    "status": ("登记状态", "状态", "status"),
}
TEMPLATE_HEADER = (
    "名称",
    "统一社会信用代码",
    "身份证号",
    "类别",
    "法定代表人",
    "负责人",
    "地址",
    "所属乡镇",
    "行业",
    "资质等级",
    "联系电话",
    "登记状态",
)
OPTIONAL_FIELDS = (
    "legal_representative",
    "person_in_charge",
    "address",
    "township",
    "industry",
    "qualification",
    "phone",
    "status",
)
CATEGORY_WORDS = {
    **{c.label: c.value for c in EntityCategory},
    **{c.value: c.value for c in EntityCategory},
    "有限公司": EntityCategory.ENTERPRISE,
    "公司": EntityCategory.ENTERPRISE,
    "个体户": EntityCategory.INDIVIDUAL_BUSINESS,
    "个体": EntityCategory.INDIVIDUAL_BUSINESS,
    "合作社": EntityCategory.COOPERATIVE,
    "专业合作社": EntityCategory.COOPERATIVE,
    "其他": EntityCategory.OTHER,
    "个人": EntityCategory.NATURAL_PERSON,
}
STATUS_WORDS = {
    **{s.label: s.value for s in EntityStatus},
    **{s.value: s.value for s in EntityStatus},
    "在业": EntityStatus.ACTIVE,
    "开业": EntityStatus.ACTIVE,
    "存续（在营、开业、在册）": EntityStatus.ACTIVE,
}
FIELD_MAX: dict[str, int] = {
    f.name: int(f.max_length) for f in MarketEntity._meta.fields if f.max_length
}
FIELD_LABELS: dict[str, str] = {f.name: str(f.verbose_name) for f in MarketEntity._meta.fields}
COMPARED = (
    "name",
    "category",
    "legal_representative",
    "person_in_charge",
    "address",
    "township_id",
    "industry",
    "qualification",
    "phone",
    "status",
)


def _norm_header(text: object) -> str:
    value = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return "".join(value.split()).replace("*", "").replace("（", "(").replace("）", ")").casefold()


_ALIAS_INDEX = {_norm_header(a): f for f, aliases in HEADER_ALIASES.items() for a in aliases}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


# --- reading ----------------------------------------------------------------------------------
class FileRefused(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="bad_file", field="file")


def detect_format(file_name: str, head: bytes) -> str:
    """``"csv"`` or ``"xlsx"`` from the name and the first bytes; refuse anything else."""
    ext = os.path.splitext(file_name.lower())[1]
    if ext == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 .csv 后再导入。"
        )
    if head.startswith(b"PK"):
        return "xlsx"
    if ext in (".xlsx", ".xlsm"):
        raise FileRefused("文件扩展名是 .xlsx，但内容不是 Excel 表格，文件可能已损坏。")
    if ext not in (".csv", ".txt", ""):
        raise FileRefused("只能导入 Excel（.xlsx）或 CSV（.csv）文件。")
    if b"\x00" in head:
        raise FileRefused("文件不是文本格式的 CSV 表格，请选择 .xlsx 或 .csv 文件。")
    return "csv"


def _csv_encoding(head: bytes) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        try:
            codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        except UnicodeDecodeError:
            raise FileRefused("无法识别文件的文字编码，请另存为“CSV UTF-8”后再导入。") from None
        return "gb18030"
    return "utf-8-sig"


class Source:
    """Rows of a CSV or XLSX file as lists of strings; ``header`` is the first non-empty row."""

    def __init__(self, fh: IO[bytes], fmt: str, size: int) -> None:
        fh = getattr(fh, "file", fh)  # Django's File wrappers: the real file object
        self.fh = fh
        self._text: io.TextIOWrapper | None = None
        self.fmt = fmt
        self.size = max(size, 1)
        self._rows_total: int | None = None
        self._wb: Any = None
        self._it: Iterator[tuple[int, list[str]]]
        if fmt == "csv":
            head = fh.read(65536)
            fh.seek(0)
            encoding = _csv_encoding(head)
            text = io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")
            sample = head[:8192].decode(encoding, errors="ignore")
            try:
                dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
            except csv.Error:
                dialect = csv.excel
            self._text = text
            self._it = self._csv_rows(csv.reader(text, dialect))
        else:
            from openpyxl import load_workbook

            try:
                self._wb = load_workbook(fh, read_only=True, data_only=True)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
                raise FileRefused("Excel 文件已损坏或不是 .xlsx 格式，无法读取。") from exc
            ws = self._wb.worksheets[0]
            self._rows_total = ws.max_row if isinstance(ws.max_row, int) else None
            self._it = self._xlsx_rows(ws)
        self.header: list[str] = []
        self.header_row = 0
        for number, cells in self._it:
            if any(cells):
                self.header, self.header_row = cells, number
                break

    @staticmethod
    def _csv_rows(reader: Any) -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            yield reader.line_num, [_cell(c) for c in cells]

    @staticmethod
    def _xlsx_rows(ws: Any) -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in values]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        for number, cells in self._it:
            if any(cells):
                yield number, cells

    def progress(self, rows_read: int) -> int:
        """Permille of the file read so far."""
        if self.fmt == "csv":
            try:
                done = self.fh.tell()
            except (OSError, ValueError):
                return 0
            return min(int(done * 1000 / self.size), 999)
        if self._rows_total:
            return min(int((rows_read + self.header_row) * 1000 / self._rows_total), 999)
        return 0

    def close(self) -> None:
        if self._wb is not None:
            self._wb.close()
            self._wb = None
        if self._text is not None:
            self._text.detach()  # leave the binary file open for its owner
            self._text = None


def column_map(header: list[str]) -> dict[str, int]:
    """Field → column index, from the header texts; refuse a file without the required ones."""
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        name = _ALIAS_INDEX.get(_norm_header(text))
        if name and name not in columns:
            columns[name] = index
    missing = []
    if "name" not in columns:
        missing.append("名称")
    if "code" not in columns and "id_number" not in columns:
        missing.append("统一社会信用代码（自然人为身份证号）")
    if missing:
        found = "、".join(h for h in header if h)[:200] or "（无）"
        raise FileRefused(
            f"文件缺少必需的列：{'、'.join(missing)}。第一行应为列名，可下载导入模板对照。"
            f"文件第一行是：{found}"
        )
    return columns


# --- the upload --------------------------------------------------------------------------------
def _sha256_and_size(fh: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    fh.seek(0)
    while chunk := fh.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    fh.seek(0)
    return digest.hexdigest(), size


def import_run_create(
    *,
    actor: User | None,
    file: IO[bytes],
    file_name: str,
    organisation: Organisation | None = None,
) -> ImportRun:
    """Check and store an uploaded file and queue its import; return the run (status queued).

    ``actor`` None is a scripted import (``zhifa subjects import``) in the name of
    ``organisation`` (a township's unit limits the rows to that township). Refuses with
    ``DomainError`` (field ``file``) a file that is empty, too large, not a spreadsheet, without
    data rows, or without the required columns.
    """
    from zhifa.jobs.services import job_enqueue

    if actor is not None and not can_edit_directory(actor):
        raise PermissionDenied("您没有权限导入市场主体。")
    file_name = os.path.basename(file_name or "").strip()[:200] or "导入文件"
    sha256, size = _sha256_and_size(file)
    if size == 0:
        raise FileRefused("文件是空的。")
    if size > IMPORT_MAX_BYTES:
        raise FileRefused(
            f"文件过大（超过 {IMPORT_MAX_BYTES // (1024 * 1024)} MB），请拆分后导入。"
        )
    head = file.read(65536)
    file.seek(0)
    fmt = detect_format(file_name, head)
    source = Source(file, fmt, size)
    try:
        if not source.header:
            raise FileRefused("文件中没有内容。")
        column_map(source.header)
        if next(source.rows(), None) is None:
            raise FileRefused("文件只有列名，没有数据行。")
    finally:
        source.close()
    file.seek(0)
    path = default_storage.save(
        f"{IMPORT_STORAGE_PREFIX}/{uuid.uuid4().hex}.{fmt}", File(file, name=file_name)
    )
    if organisation is None and actor is not None:
        organisation = actor.organisation
    with transaction.atomic():
        run = ImportRun.objects.create(
            organisation=organisation,
            created_by=actor,
            file_name=file_name,
            file_format=fmt,
            file_path=path,
            file_size=size,
            file_sha256=sha256,
        )
        job_enqueue(name=JOB_NAME, args={"run_id": run.pk})
        ledger_append(
            actor=actor,
            action="subjects.import.queue",
            subject=run,
            payload={"file_name": file_name, "sha256": sha256, "size": size, "format": fmt},
        )
    return run


# --- the run -----------------------------------------------------------------------------------
@dataclass
class _Row:
    number: int
    cells: list[str]
    reason: str = ""
    default_category: str = ""
    key: str = ""
    natural: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    digest: str = ""


@dataclass
class _Context:
    run: ImportRun
    columns: dict[str, int]
    towns: dict[str, Organisation]
    town_names: dict[int, str]
    only_town: Organisation | None
    header: list[str]
    batch_size: int = IMPORT_BATCH_SIZE
    errors: Any = None
    error_path: str = ""


def _town_index() -> tuple[dict[str, Organisation], dict[int, str]]:
    index: dict[str, Organisation] = {}
    names: dict[int, str] = {}
    for org in Organisation.objects.filter(kind=OrganisationKind.TOWNSHIP_GOVERNMENT):
        names[org.pk] = org.name
        for text in (org.name, org.short_name, org.code, org.name.removesuffix("人民政府")):
            if text:
                index[_norm_header(text)] = org
    return index, names


def _run_township(run: ImportRun) -> Organisation | None:
    if run.created_by is not None:
        return editable_township(run.created_by)
    org = run.organisation
    if org is None:
        return None
    fake = User(organisation=org)
    return user_township(fake)


def _parse(row: _Row, ctx: _Context) -> str | None:
    """Fill ``row.key/natural/values/digest`` or return why the row is rejected."""
    cells, cols = row.cells, ctx.columns

    def get(name: str) -> str:
        index = cols.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    name = get("name")
    if not name:
        return "缺少名称（姓名）。"
    if len(name) > FIELD_MAX["name"]:
        return f"名称过长（最多{FIELD_MAX['name']}个字）。"
    code = normalise_code(get("code"))
    id_number = normalise_code(get("id_number"))
    category_text = get("category")
    category = ""
    if category_text:
        category = CATEGORY_WORDS.get(category_text, "")
        if not category:
            return f"类别“{category_text[:20]}”无法识别，应为：企业、个体工商户、农民专业合作社、其他组织或自然人。"
    if not code and not id_number:
        return "缺少统一社会信用代码（自然人缺少身份证号）。"
    if category:
        natural = category == EntityCategory.NATURAL_PERSON
    elif id_number and not code:
        natural = True
    else:
        natural = (
            bool(code)
            and not id_number
            and uscc_problem(code) is not None
            and looks_like_id_number(code)
            and id_number_problem(code) is None
        )
    if natural:
        number = id_number or code
        if code and id_number and code != id_number:
            return "自然人只应填写身份证号，不应填写统一社会信用代码。"
        problem = id_number_problem(number)
        if problem:
            return problem
        row.key, row.natural, category = number, True, EntityCategory.NATURAL_PERSON
    else:
        if not code:
            return "缺少统一社会信用代码（如为自然人，请将类别填为“自然人”）。"
        problem = uscc_problem(code)
        if problem:
            return problem
        row.key = code
        # Without a 类别 column the code's kind digits decide for a new entity only; an
        # existing entity keeps the category it has.
        row.default_category = category or category_from_uscc(code)
    values: dict[str, Any] = {"name": name}
    if category:
        values["category"] = category
    for fname in OPTIONAL_FIELDS:
        text = get(fname)
        if not text:
            continue
        if fname == "township":
            town = ctx.towns.get(_norm_header(text))
            if town is None:
                return f"所属乡镇“{text[:20]}”不是本县的乡镇。"
            values["township_id"] = town.pk
            continue
        if fname == "status":
            status = STATUS_WORDS.get(text)
            if status is None:
                return f"登记状态“{text[:20]}”无法识别，应为：存续、停业、迁出、注销或吊销。"
            values["status"] = status
            continue
        limit = FIELD_MAX[fname]
        if len(text) > limit:
            return f"{FIELD_LABELS[fname]}过长（最多{limit}个字）。"
        values[fname] = text
    if ctx.only_town is not None:
        town_id = values.setdefault("township_id", ctx.only_town.pk)
        if town_id != ctx.only_town.pk:
            return f"该主体属于{ctx.town_names.get(town_id, '其他乡镇')}，您只能导入{ctx.only_town.name}的主体。"
    row.values = values
    row.digest = hashlib.md5(  # noqa: S324 - a fingerprint, not security
        repr((row.key, sorted(values.items()))).encode()
    ).hexdigest()
    return None


def _reject(ctx: _Context, row: _Row, reason: str) -> None:
    ctx.errors.writerow([row.number, reason, *row.cells])


def _insert(
    model: type[models.Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Insert many rows in one call: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

    No model instances: the ORM's per-object work was most of the import time (see
    docs/adr/0009-market-entity-directory.md)."""
    quote = connection.ops.quote_name
    # Table and column names come from the model, values go as parameters.
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    sql = (
        f"INSERT INTO {table} ({names}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(sql, rows)  # SQLite: in-process, already fast
            return
        # PostgreSQL: COPY (a multi-row INSERT spends its time in the driver's client-side
        # placeholder parsing; executemany is one round trip per row).
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _padded(keys: list[str], size: int) -> list[str]:
    """``keys`` repeated at the end up to ``size``: every batch sends the same SQL text, so the
    drivers' prepared-statement caches hold one statement, not one per list length (on SQLite
    each cached statement with a 2,000-value IN list held memory that grew with the file)."""
    if not keys or len(keys) >= size:
        return keys
    return keys + [keys[-1]] * (size - len(keys))


_NEW_COLUMNS = (
    "name",
    "uscc",
    "id_number",
    "category",
    "legal_representative",
    "person_in_charge",
    "address",
    "township_id",
    "industry",
    "qualification",
    "phone",
    "status",
    "abnormal_listed",
    "abnormal_listed_on",
    "serious_violation",
    "complaint_count",
    "higher_level_required",
    "flag_note",
    "created_at",
    "updated_at",
)


def _insert_entities(rows: list[_Row], now: Any) -> None:
    stamp = connection.ops.adapt_datetimefield_value(now)
    values = []
    for row in rows:
        v = row.values
        values.append(
            (
                v["name"],
                None if row.natural else row.key,
                row.key if row.natural else None,
                v.get("category", row.default_category),
                v.get("legal_representative", ""),
                v.get("person_in_charge", ""),
                v.get("address", ""),
                v.get("township_id"),
                v.get("industry", ""),
                v.get("qualification", ""),
                v.get("phone", ""),
                v.get("status", EntityStatus.ACTIVE),
                False,
                None,
                False,
                0,
                False,
                "",
                stamp,
                stamp,
            )
        )
    _insert(MarketEntity, _NEW_COLUMNS, values)


def _flush(ctx: _Context, batch: list[_Row]) -> tuple[int, int, int, int]:
    """Write one batch; return (created, updated, unchanged, rejected)."""
    created = updated = unchanged = rejected = 0
    run = ctx.run
    with transaction.atomic():
        keys = [r.key for r in batch if not r.reason]
        seen = {
            k.key: (k.digest, k.row_number) for k in ImportKey.objects.filter(run=run, key__in=keys)
        }
        unique: list[_Row] = []
        for row in batch:
            if row.reason:
                _reject(ctx, row, row.reason)
                rejected += 1
                continue
            first = seen.get(row.key)
            if first is None:
                seen[row.key] = (row.digest, row.number)
                unique.append(row)
            elif first[0] == row.digest:
                unchanged += 1
            else:
                _reject(ctx, row, f"代码与第{first[1]}行相同但内容不同（已按第{first[1]}行导入）。")
                rejected += 1
        org_keys = [r.key for r in unique if not r.natural]
        person_keys = [r.key for r in unique if r.natural]
        fields = ("id", "uscc", "id_number", *COMPARED)
        existing: dict[str, dict[str, Any]] = {}
        if org_keys:
            for rec in MarketEntity.objects.filter(
                uscc__in=_padded(org_keys, ctx.batch_size)
            ).values(*fields):
                existing[rec["uscc"]] = rec
        if person_keys:
            for rec in MarketEntity.objects.filter(
                id_number__in=_padded(person_keys, ctx.batch_size)
            ).values(*fields):
                existing[rec["id_number"]] = rec
        now = clock.now()
        new_rows: list[_Row] = []
        changed_objs: list[MarketEntity] = []
        changed_fields: set[str] = set()
        accepted: list[_Row] = []
        codes_created: list[str] = []
        codes_updated: list[str] = []
        for row in unique:
            rec = existing.get(row.key)
            if rec is None:
                new_rows.append(row)
                accepted.append(row)
                codes_created.append(mask_id_number(row.key) if row.natural else row.key)
                continue
            if (rec["category"] == EntityCategory.NATURAL_PERSON) != row.natural:
                _reject(ctx, row, "该代码在名录中登记的类别与本行不一致（自然人/组织），请核对。")
                rejected += 1
                continue
            if ctx.only_town is not None and rec["township_id"] != ctx.only_town.pk:
                town = ctx.town_names.get(rec["township_id"], "其他乡镇或未划分乡镇")
                _reject(ctx, row, f"该主体在名录中属于{town}，您无权修改。")
                rejected += 1
                continue
            diff = {k: v for k, v in row.values.items() if rec[k] != v}
            accepted.append(row)
            if not diff:
                unchanged += 1
                continue
            merged = {k: rec[k] for k in COMPARED} | diff
            changed_objs.append(
                MarketEntity(
                    pk=rec["id"],
                    uscc=rec["uscc"],
                    id_number=rec["id_number"],
                    updated_at=now,
                    created_at=now,
                    **merged,
                )
            )
            changed_fields.update(diff)
            codes_updated.append(mask_id_number(row.key) if row.natural else row.key)
        if new_rows:
            _insert_entities(new_rows, now)
            created = len(new_rows)
        if changed_objs:
            MarketEntity.objects.bulk_create(
                changed_objs,
                update_conflicts=True,
                unique_fields=["id"],
                update_fields=sorted(changed_fields | {"updated_at"}),
            )
            updated = len(changed_objs)
        if accepted:
            _insert(
                ImportKey,
                ("run_id", "key", "digest", "row_number"),
                [(run.pk, r.key, r.digest, r.number) for r in accepted],
            )
        if created or updated:
            ledger_append(
                actor=run.created_by,
                action="subjects.import.batch",
                subject=run,
                payload={
                    "rows": [batch[0].number, batch[-1].number],
                    "file_sha256": run.file_sha256,
                    "created": codes_created,
                    "updated": codes_updated,
                },
            )
    return created, updated, unchanged, rejected


def _drop_keys(run: ImportRun, step: int = 50_000) -> None:
    """Delete the run's scratch keys in id ranges (one huge DELETE makes SQLite collect every
    rowid in memory first)."""
    bounds = ImportKey.objects.filter(run=run).aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None:
        return
    for lo in range(bounds["lo"], bounds["hi"] + 1, step):
        ImportKey.objects.filter(run=run, id__gte=lo, id__lt=lo + step).delete()


def _fail(run: ImportRun, message: str) -> ImportRun:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.FAILED, message=message, finished_at=clock.now()
    )
    run.refresh_from_db()
    return run


def import_run_execute(*, run_id: int, batch_size: int = IMPORT_BATCH_SIZE) -> ImportRun:
    """Process a queued run (the worker's job ``subjects.import``; tests and the command call
    it directly). Safe to run again after a crash: counters restart and rows already written
    count as unchanged."""
    run = ImportRun.objects.select_related("created_by__organisation", "organisation").get(
        pk=run_id
    )
    if run.status in (ImportStatus.DONE, ImportStatus.FAILED):
        return run
    _drop_keys(run)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING,
        started_at=clock.now(),
        rows_read=0,
        created_count=0,
        updated_count=0,
        unchanged_count=0,
        rejected_count=0,
        progress=0,
        message="",
    )
    towns, town_names = _town_index()
    totals = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    rows_read = 0
    err_fd, err_tmp = tempfile.mkstemp(prefix="zhifa-import-errors-", suffix=".csv")
    try:
        with (
            default_storage.open(run.file_path, "rb") as fh,
            open(err_fd, "w", encoding="utf-8-sig", newline="") as err_fh,
        ):
            try:
                source = Source(fh, run.file_format, run.file_size)
                columns = column_map(source.header)
            except DomainError as exc:
                return _fail(run, exc.message)
            except (zipfile.BadZipFile, KeyError, EOFError, OSError) as exc:
                return _fail(run, f"无法读取文件：{exc}")
            ctx = _Context(
                run=run,
                columns=columns,
                towns=towns,
                town_names=town_names,
                only_town=_run_township(run),
                header=source.header,
                batch_size=batch_size,
                errors=csv.writer(err_fh),
            )
            ctx.errors.writerow(["行号", "错误原因", *source.header])
            batch: list[_Row] = []
            try:
                for number, cells in source.rows():
                    rows_read += 1
                    row = _Row(number=number, cells=cells)
                    row.reason = _parse(row, ctx) or ""
                    batch.append(row)
                    if len(batch) >= batch_size:
                        _count(totals, _flush(ctx, batch))
                        batch = []
                        reset_queries()  # with DEBUG on, the query log would keep every batch
                        _progress(run, rows_read, totals, source.progress(rows_read))
                if batch:
                    _count(totals, _flush(ctx, batch))
            except (zipfile.BadZipFile, KeyError, EOFError, OSError) as exc:
                source.close()
                _drop_keys(run)
                return _fail(run, f"读取文件时出错，文件可能已损坏（已处理{rows_read}行）：{exc}")
            source.close()
        error_path = ""
        if totals["rejected"]:
            with open(err_tmp, "rb") as fh_err:
                error_path = default_storage.save(
                    f"{IMPORT_STORAGE_PREFIX}/{uuid.uuid4().hex}-errors.csv", File(fh_err)
                )
        with transaction.atomic():
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.DONE,
                rows_read=rows_read,
                created_count=totals["created"],
                updated_count=totals["updated"],
                unchanged_count=totals["unchanged"],
                rejected_count=totals["rejected"],
                progress=1000,
                error_file_path=error_path,
                finished_at=clock.now(),
            )
            run.refresh_from_db()
            ledger_append(
                actor=run.created_by,
                action="subjects.import.finish",
                subject=run,
                payload={"rows_read": rows_read, **totals},
            )
        _drop_keys(run)
        return run
    finally:
        with contextlib.suppress(OSError):
            os.unlink(err_tmp)


def _count(totals: dict[str, int], result: tuple[int, int, int, int]) -> None:
    for key, value in zip(("created", "updated", "unchanged", "rejected"), result, strict=True):
        totals[key] += value


def _progress(run: ImportRun, rows_read: int, totals: dict[str, int], permille: int) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        rows_read=rows_read,
        created_count=totals["created"],
        updated_count=totals["updated"],
        unchanged_count=totals["unchanged"],
        rejected_count=totals["rejected"],
        progress=permille,
    )


def template_csv() -> bytes:
    """The import template: the header and two example rows, UTF-8 with BOM."""
    import datetime as dt
    import random

    from zhifa.core.identifiers import make_id_number, make_uscc

    rng = random.Random(2026)  # noqa: S311 - example data
    example_code = make_uscc(rng)
    example_id = make_id_number(rng, birth=dt.date(1990, 1, 1), female=False)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(
        [
            "临猗县示例商贸有限公司",
            example_code,
            "",
            "企业",
            "张三",
            "李四",
            "临猗县猗氏镇示例路1号",
            "猗氏镇",
            "批发和零售业",
            "",
            "0359-4000000",
            "存续",
        ]
    )
    writer.writerow(
        ["王五", "", example_id, "自然人", "", "", "临猗县嵋阳镇某村", "嵋阳镇", "", "", "", ""]
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")

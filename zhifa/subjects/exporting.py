"""Export of the directory (the current filter) to XLSX (openpyxl ``write_only``) or CSV.

Rows are read with ``values_list(...).iterator()`` and written one by one, so memory does not
grow with the directory. A natural person's ID number is exported in clear only to users who
may see it (``permissions.id_number_visibility``), masked otherwise.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet

from zhifa.accounts.models import User
from zhifa.core.identifiers import mask_id_number
from zhifa.subjects.constants import EntityCategory, EntityStatus
from zhifa.subjects.models import MarketEntity
from zhifa.subjects.permissions import id_number_visibility

EXPORT_HEADER = (
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
    "列入经营异常名录日期",
    "严重违法违规记录",
    "投诉举报次数",
    "上级文件要求",
)
_FIELDS = (
    "name",
    "uscc",
    "id_number",
    "category",
    "legal_representative",
    "person_in_charge",
    "address",
    "township__name",
    "industry",
    "qualification",
    "phone",
    "status",
    "abnormal_listed_on",
    "serious_violation",
    "complaint_count",
    "higher_level_required",
    "township_id",
)
_CATEGORY = dict(EntityCategory.choices)
_STATUS = dict(EntityStatus.choices)


def export_rows(*, user: User, queryset: QuerySet[MarketEntity]) -> Iterator[list[Any]]:
    """The rows of the export (header first), streamed from the database."""
    rule = id_number_visibility(user)
    yield list(EXPORT_HEADER)
    for rec in queryset.order_by().values_list(*_FIELDS).iterator(chunk_size=2000):
        (name, uscc, idn, cat, rep, pic, addr, town, ind, qual, phone, status) = rec[:12]
        abnormal_on, serious, complaints, higher, town_id = rec[12:]
        if idn and not rule.visible(town_id):
            idn = mask_id_number(idn)
        yield [
            name,
            uscc or "",
            idn or "",
            _CATEGORY.get(cat, cat),
            rep,
            pic,
            addr,
            (town or "").removesuffix("人民政府"),
            ind,
            qual,
            phone,
            _STATUS.get(status, status),
            abnormal_on.isoformat() if abnormal_on else "",
            "是" if serious else "",
            complaints,
            "是" if higher else "",
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv_chunks(*, user: User, queryset: QuerySet[MarketEntity]) -> Iterator[bytes]:
    """CSV for a streaming response: UTF-8 with BOM (Excel), one row at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    for row in export_rows(user=user, queryset=queryset):
        yield writer.writerow(row).encode("utf-8")


def export_xlsx(*, user: User, queryset: QuerySet[MarketEntity], out: IO[bytes]) -> None:
    """Write an XLSX workbook (write-only, streaming) to ``out``."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("市场主体名录")
    ws.freeze_panes = "A2"
    for width, col in zip(
        (36, 22, 20, 14, 10, 10, 40, 12, 16, 12, 16, 8), "ABCDEFGHIJKL", strict=True
    ):
        ws.column_dimensions[col].width = width
    for row in export_rows(user=user, queryset=queryset):
        ws.append(row)
    wb.save(out)


def template_xlsx(out: IO[bytes]) -> None:
    """The import template as a workbook (same columns and examples as the CSV template)."""
    import csv as _csv
    import io

    from openpyxl import Workbook

    from zhifa.subjects.importing import template_csv

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("导入模板")
    for row in _csv.reader(io.StringIO(template_csv().decode("utf-8-sig"))):
        ws.append(row)
    wb.save(out)

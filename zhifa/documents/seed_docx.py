"""Building blocks of the standard templates: python-docx helpers for the county's 文书 layout.

Layout follows GB/T 9704-2012 (党政机关公文格式) as county enforcement documents do: A4, margins
37/35/28/26 mm, title in 二号小标宋 centred, body in 三号仿宋 with 28-point lines and a two-character
first-line indent, the document number under the title, signature and date right-aligned,
page numbers "— 1 —" at the foot. Used by ``seed_templates`` and ``seed_templates_case``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = 16  # 三号
TITLE_SIZE = 22  # 二号
TABLE_SIZE = 14  # 四号
LINE = 28  # points per body line


@dataclass(frozen=True)
class SeedTemplate:
    code: str
    name: str
    category: str
    description: str
    build: Callable[[], bytes]
    sample_context: dict[str, Any]


# --- building blocks -------------------------------------------------------------------------


def _new_document() -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _page_number_footer(section)
    doc.core_properties.author = "临猗县综合行政执法平台"
    return doc


def _font(
    run: Any,
    *,
    east_asia: str = BODY_FONT,
    size: float = BODY_SIZE,
    bold: bool = False,
    underline: bool = False,
) -> Any:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold or None
    if underline:
        run.font.underline = True
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    return run


def _first_line_chars(paragraph: Any, chars: float, size: float = BODY_SIZE) -> None:
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(int(chars * 100)))
    ind.set(qn("w:firstLine"), str(int(chars * size * 20)))


def _para(
    container: Any,
    parts: list[tuple[str, dict[str, Any]]] | str = "",
    *,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: float = 2,
    size: float = BODY_SIZE,
    east_asia: str = BODY_FONT,
    bold: bool = False,
    line: float | None = LINE,
    before: float = 0,
    after: float = 0,
    right_indent_chars: float = 0,
) -> Any:
    p = container.add_paragraph()
    p.alignment = align
    pf = p.paragraph_format
    if line is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if indent:
        _first_line_chars(p, indent, size)
    if right_indent_chars:
        pf.right_indent = Pt(right_indent_chars * size)
    if isinstance(parts, str):
        parts = [(parts, {})]
    for text, fmt in parts:
        _font(
            p.add_run(text),
            east_asia=fmt.get("east_asia", east_asia),
            size=fmt.get("size", size),
            bold=fmt.get("bold", bold),
            underline=fmt.get("underline", False),
        )
    return p


def _title(doc: Any, text: str, *, after: float = 0) -> Any:
    return _para(
        doc,
        text,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=0,
        size=TITLE_SIZE,
        east_asia=TITLE_FONT,
        line=36,
        after=after,
    )


def _number_line(doc: Any) -> Any:
    return _para(
        doc, "{{ document_number }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=0, before=8, after=8
    )


def _signature(doc: Any) -> None:
    _para(doc, "")
    _para(
        doc,
        "{{ unit_name }}（印章）",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        indent=0,
        right_indent_chars=2,
    )
    _para(doc, "{{ date|cn_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=0, right_indent_chars=2)


def _page_number_footer(section: Any) -> None:
    """ "— 1 —" centred at the foot (GB/T 9704 7.5), as a PAGE field Word keeps up to date."""
    footer = section.footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), size=14, east_asia="宋体")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "28")
    rpr.append(sz)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    p._p.append(field)
    _font(p.add_run(" —"), size=14, east_asia="宋体")


def _cell(
    cell: Any,
    text: str,
    *,
    bold: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.LEFT,
    size: float = TABLE_SIZE,
) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = align
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = Pt(3)
    pf.space_after = Pt(3)
    _font(p.add_run(text), size=size, bold=bold, east_asia=HEADING_FONT if bold else BODY_FONT)


def _table(doc: Any, widths_cm: list[float]) -> Any:
    table = doc.add_table(rows=0, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(w)
    return table


def _row(
    table: Any,
    texts: list[str | tuple[str, int]],
    *,
    label_cols: set[int] | None = None,
    height_cm: float | None = None,
) -> Any:
    """Add a row; an entry (text, n) spans n grid columns. Columns in ``label_cols`` are labels."""
    row = table.add_row()
    cells = row.cells
    col = 0
    for entry in texts:
        text, span = (entry, 1) if isinstance(entry, str) else entry
        cell = cells[col]
        if span > 1:
            cell = cell.merge(cells[col + span - 1])
        label = col in (label_cols or set())
        _cell(
            cell,
            text,
            bold=label,
            align=WD_ALIGN_PARAGRAPH.CENTER if label else WD_ALIGN_PARAGRAPH.LEFT,
        )
        col += span
    if height_cm:
        row.height = Cm(height_cm)
    return row


def _save(doc: Any) -> bytes:
    """The DOCX bytes, with fixed timestamps so the same code always builds the same file."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()

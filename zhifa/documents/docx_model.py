"""Read a DOCX into a small layout model: sections, paragraphs with resolved styles, tables.

This is the first half of :func:`zhifa.documents.rendering.docx_to_pdf`; the second half
(:mod:`zhifa.documents.pdf_layout`) lays the model out on pages. The model keeps what staff put
into official documents (文书): paragraph alignment, indentation, spacing and line spacing; runs
with bold, italic, size, underline, strike-through, colour, character spacing, super/subscript;
tabs and tab stops; line and page breaks; automatic numbering; inline and floating pictures;
page number fields; tables with column widths, merged cells, borders, shading, row heights and
repeated header rows; headers and footers; page size and margins of each section.

Styles are resolved the way Word does it, in order: document defaults, table style, paragraph
style (with its ``basedOn`` chain), numbering level, character style, direct formatting.
All lengths in the model are in points.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EMU_PER_PT = 12700
DEFAULT_FONT_SIZE = 10.5  # Word's 五号, used when a document defines no size at all

# East Asian font names that are visibly heavy; the PDF renders them with the bold face.
_HEAVY_FONT = re.compile(r"黑|小标宋|标宋|Hei|Bold|粗", re.IGNORECASE)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _twips(value: str | None, default: float = 0.0) -> float:
    """A length in twentieths of a point, as points."""
    if value is None:
        return default
    try:
        return float(value) / 20.0
    except ValueError:
        return default


def _on(el: etree._Element | None) -> bool | None:
    """An OOXML on/off property: absent → None; present → True unless val is 0/false/off."""
    if el is None:
        return None
    val = el.get(_w("val"))
    return val not in {"0", "false", "off", "none"}


# --- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunStyle:
    size: float = DEFAULT_FONT_SIZE
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    color: tuple[int, int, int] | None = None
    vert: str = "baseline"  # baseline | superscript | subscript
    spacing: float = 0.0  # extra space after each character, in points
    hidden: bool = False


@dataclass
class Text:
    text: str
    style: RunStyle


@dataclass
class Tab:
    style: RunStyle


@dataclass
class LineBreak:
    style: RunStyle


@dataclass
class PageBreak:
    pass


@dataclass
class Picture:
    data: bytes
    width: float
    height: float
    # A floating picture (anchored) does not take part in the line; it is drawn at its offset.
    floating: bool = False
    h_relative: str = "column"  # page | margin | column | character
    h_offset: float = 0.0
    h_align: str | None = None  # left | center | right
    v_relative: str = "paragraph"  # page | margin | paragraph | line
    v_offset: float = 0.0
    v_align: str | None = None
    behind: bool = False


@dataclass
class Field:
    """A page number field. ``kind`` is PAGE or NUMPAGES; ``fallback`` is Word's last result."""

    kind: str
    style: RunStyle
    fallback: str = ""


Inline = Text | Tab | LineBreak | PageBreak | Picture | Field


@dataclass
class TabStop:
    position: float
    kind: str = "left"  # left | center | right | decimal | bar
    leader: str = "none"  # none | dot | hyphen | underscore | middleDot | heavy


@dataclass
class Paragraph:
    items: list[Inline] = field(default_factory=list)
    align: str = "left"  # left | center | right | both | distribute
    indent_left: float = 0.0
    indent_right: float = 0.0
    first_line: float = 0.0  # negative for a hanging indent
    space_before: float = 0.0
    space_after: float = 0.0
    line_rule: str = "auto"  # auto (multiple) | exact | atLeast
    line_value: float = 1.0  # a multiple for auto, points otherwise
    page_break_before: bool = False
    keep_with_next: bool = False
    tab_stops: list[TabStop] = field(default_factory=list)
    mark_style: RunStyle = field(default_factory=RunStyle)  # the paragraph mark: empty lines
    snap_to_grid: bool = True


@dataclass
class Border:
    width: float = 0.5
    color: tuple[int, int, int] = (0, 0, 0)
    double: bool = False


@dataclass
class Cell:
    blocks: list[Block]
    span: int = 1
    v_merge: str | None = None  # None | restart | continue
    borders: dict[str, Border | None] = field(default_factory=dict)  # top left bottom right
    fill: tuple[int, int, int] | None = None
    v_align: str = "top"  # top | center | bottom
    margins: tuple[float, float, float, float] = (0.0, 5.4, 0.0, 5.4)  # top right bottom left
    grid_col: int = 0  # index of the first grid column, filled in by the reader


@dataclass
class Row:
    cells: list[Cell]
    height: float = 0.0
    height_rule: str = "atLeast"  # atLeast | exact | auto
    is_header: bool = False
    cant_split: bool = False


@dataclass
class Table:
    columns: list[float]
    rows: list[Row]
    align: str = "left"
    indent: float = 0.0


Block = Paragraph | Table


@dataclass
class Section:
    page_width: float = 595.3
    page_height: float = 841.9
    margin_top: float = 72.0
    margin_right: float = 90.0
    margin_bottom: float = 72.0
    margin_left: float = 90.0
    header_distance: float = 36.0
    footer_distance: float = 36.0
    start: str = "nextPage"  # nextPage | continuous | evenPage | oddPage
    blocks: list[Block] = field(default_factory=list)
    header: list[Block] = field(default_factory=list)
    footer: list[Block] = field(default_factory=list)
    first_header: list[Block] | None = None
    first_footer: list[Block] | None = None
    grid_pitch: float | None = None  # the line grid of a document grid of type "lines"

    @property
    def text_width(self) -> float:
        return self.page_width - self.margin_left - self.margin_right


@dataclass
class DocumentModel:
    sections: list[Section]
    default_tab: float = 21.0


# --- reading ---------------------------------------------------------------------------------


def _props_of(el: etree._Element | None) -> list[etree._Element]:
    return [] if el is None else [el]


class _Styles:
    """The document's styles, numbering and defaults, with Word's order of precedence."""

    def __init__(self, document: Any) -> None:
        root = document.styles.element
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_table: str | None = None
        for st in root.findall(_w("style")):
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            self.by_id[sid] = st
            if st.get(_w("default")) in {"1", "true"}:
                kind = st.get(_w("type"))
                if kind == "paragraph":
                    self.default_para = sid
                elif kind == "table":
                    self.default_table = sid
        defaults = root.find(_w("docDefaults"))
        self.rpr_default = (
            None if defaults is None else defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}")
        )
        self.ppr_default = (
            None if defaults is None else defaults.find(f"{_w('pPrDefault')}/{_w('pPr')}")
        )
        self._numbering = _Numbering(document)

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and its ``basedOn`` ancestors, root first."""
        out: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            st = self.by_id[style_id]
            out.append(st)
            based = st.find(_w("basedOn"))
            style_id = None if based is None else based.get(_w("val"))
        return list(reversed(out))

    def style_parts(self, style_id: str | None, tag: str) -> list[etree._Element]:
        return [p for st in self.chain(style_id) if (p := st.find(_w(tag))) is not None]

    @property
    def numbering(self) -> _Numbering:
        return self._numbering


_NUM_FORMATS_CN = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (for 第X条 style numbering)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _NUM_FORMATS_CN[n]
    if n < 20:
        return "十" + (_NUM_FORMATS_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _NUM_FORMATS_CN[n // 10] + "十" + (_NUM_FORMATS_CN[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _NUM_FORMATS_CN[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _NUM_FORMATS_CN[rest]
        return (
            head
            + _NUM_FORMATS_CN[rest // 10]
            + "十"
            + (_NUM_FORMATS_CN[rest % 10] if rest % 10 else "")
        )
    return str(n)


def _roman(n: int) -> str:
    vals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in {
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "ideographDigital",
    }:
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(n))
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Word's automatic numbering (一、 （一） 1. …), counted in document order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], etree._Element] = {}
        self.starts: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError):
            return
        abstract: dict[str, etree._Element] = {
            a.get(_w("abstractNumId")): a for a in root.findall(_w("abstractNum"))
        }
        for num in root.findall(_w("num")):
            num_id = num.get(_w("numId"))
            ref = num.find(_w("abstractNumId"))
            if num_id is None or ref is None or ref.get(_w("val")) not in abstract:
                continue
            for lvl in abstract[ref.get(_w("val"))].findall(_w("lvl")):
                ilvl = int(lvl.get(_w("ilvl"), "0"))
                self.levels[(num_id, ilvl)] = lvl
                start = lvl.find(_w("start"))
                self.starts[(num_id, ilvl)] = (
                    int(start.get(_w("val"), "1")) if start is not None else 1
                )
            for override in num.findall(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                so = override.find(_w("startOverride"))
                if so is not None:
                    self.starts[(num_id, ilvl)] = int(so.get(_w("val"), "1"))
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    self.levels[(num_id, ilvl)] = lvl

    def level(self, num_id: str, ilvl: int) -> etree._Element | None:
        return self.levels.get((num_id, ilvl))

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """The label of the next paragraph at (num_id, ilvl) and its suffix (tab/space/nothing)."""
        lvl = self.levels.get((num_id, ilvl))
        if lvl is None:
            return "", "nothing"
        counts = self.counters.setdefault(num_id, [0] * 9)
        for i in range(9):
            if counts[i] == 0 and i < ilvl:
                counts[i] = self.starts.get((num_id, i), 1)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else self.starts.get((num_id, ilvl), 1)
        for i in range(ilvl + 1, 9):
            counts[i] = 0
        fmt_el = lvl.find(_w("numFmt"))
        text_el = lvl.find(_w("lvlText"))
        suff_el = lvl.find(_w("suff"))
        fmt = fmt_el.get(_w("val"), "decimal") if fmt_el is not None else "decimal"
        text = text_el.get(_w("val"), "") if text_el is not None else ""
        suffix = suff_el.get(_w("val"), "tab") if suff_el is not None else "tab"
        if fmt == "bullet":
            return text or "•", suffix

        def repl(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            lvl_i = self.levels.get((num_id, i))
            f = fmt
            if lvl_i is not None and i != ilvl:
                fe = lvl_i.find(_w("numFmt"))
                f = fe.get(_w("val"), "decimal") if fe is not None else "decimal"
            return format_number(counts[i] or 1, f)

        return re.sub(r"%([1-9])", repl, text), suffix


def _color(val: str | None) -> tuple[int, int, int] | None:
    if not val or val in {"auto", "000000"} or not re.fullmatch(r"[0-9A-Fa-f]{6}", val):
        return None
    return int(val[0:2], 16), int(val[2:4], 16), int(val[4:6], 16)


def _apply_rpr(props: dict[str, Any], rpr: etree._Element) -> None:
    for tag, key in (
        ("b", "bold"),
        ("i", "italic"),
        ("strike", "strike"),
        ("dstrike", "strike"),
        ("vanish", "hidden"),
    ):
        v = _on(rpr.find(_w(tag)))
        if v is not None:
            props[key] = v
    u = rpr.find(_w("u"))
    if u is not None:
        props["underline"] = u.get(_w("val"), "single") != "none"
    sz = rpr.find(_w("sz"))
    if sz is not None and sz.get(_w("val")):
        with contextlib.suppress(ValueError):
            props["size"] = float(sz.get(_w("val"))) / 2.0
    color = rpr.find(_w("color"))
    if color is not None:
        props["color"] = _color(color.get(_w("val")))
    va = rpr.find(_w("vertAlign"))
    if va is not None:
        props["vert"] = va.get(_w("val"), "baseline")
    sp = rpr.find(_w("spacing"))
    if sp is not None:
        props["spacing"] = _twips(sp.get(_w("val")))
    fonts = rpr.find(_w("rFonts"))
    if fonts is not None:
        names = " ".join(v for k, v in fonts.attrib.items() if not k.endswith("Theme"))
        if names:
            props["heavy_font"] = bool(_HEAVY_FONT.search(names))


def _style_from(props: dict[str, Any]) -> RunStyle:
    return RunStyle(
        size=float(props.get("size", DEFAULT_FONT_SIZE)),
        bold=bool(props.get("bold", False) or props.get("heavy_font", False)),
        italic=bool(props.get("italic", False)),
        underline=bool(props.get("underline", False)),
        strike=bool(props.get("strike", False)),
        color=props.get("color"),
        vert=str(props.get("vert", "baseline")),
        spacing=float(props.get("spacing", 0.0)),
        hidden=bool(props.get("hidden", False)),
    )


def _apply_ppr(props: dict[str, Any], ppr: etree._Element) -> None:
    jc = ppr.find(_w("jc"))
    if jc is not None:
        props["align"] = {
            "start": "left",
            "end": "right",
            "justify": "both",
            "thaiDistribute": "distribute",
            "lowKashida": "both",
            "mediumKashida": "both",
            "highKashida": "both",
        }.get(jc.get(_w("val"), "left"), jc.get(_w("val"), "left"))
    ind = ppr.find(_w("ind"))
    if ind is not None:
        for attr, key in (
            ("left", "indent_left"),
            ("start", "indent_left"),
            ("right", "indent_right"),
            ("end", "indent_right"),
        ):
            if ind.get(_w(attr)) is not None:
                props[key] = _twips(ind.get(_w(attr)))
        for attr, key in (
            ("leftChars", "indent_left_chars"),
            ("rightChars", "indent_right_chars"),
            ("startChars", "indent_left_chars"),
            ("endChars", "indent_right_chars"),
        ):
            if ind.get(_w(attr)) is not None:
                props[key] = float(ind.get(_w(attr))) / 100.0
        if ind.get(_w("firstLine")) is not None:
            props["first_line"] = _twips(ind.get(_w("firstLine")))
            props.pop("first_line_chars", None)
        if ind.get(_w("hanging")) is not None:
            props["first_line"] = -_twips(ind.get(_w("hanging")))
            props.pop("first_line_chars", None)
        if ind.get(_w("firstLineChars")) is not None:
            props["first_line_chars"] = float(ind.get(_w("firstLineChars"))) / 100.0
        if ind.get(_w("hangingChars")) is not None:
            props["first_line_chars"] = -float(ind.get(_w("hangingChars"))) / 100.0
    sp = ppr.find(_w("spacing"))
    if sp is not None:
        for attr in ("before", "after"):
            if sp.get(_w(attr)) is not None:
                props[f"space_{attr}"] = _twips(sp.get(_w(attr)))
                props.pop(f"space_{attr}_lines", None)
            if sp.get(_w(f"{attr}Lines")) is not None:
                props[f"space_{attr}_lines"] = float(sp.get(_w(f"{attr}Lines"))) / 100.0
            if _on(sp.find(_w(f"{attr}Autospacing"))) or sp.get(_w(f"{attr}Autospacing")) in {
                "1",
                "true",
            }:
                props[f"space_{attr}"] = 14.0
        if sp.get(_w("line")) is not None:
            rule = sp.get(_w("lineRule"), "auto")
            raw = float(sp.get(_w("line")))
            props["line_rule"] = rule
            props["line_value"] = raw / 240.0 if rule == "auto" else raw / 20.0
    for tag, key in (
        ("pageBreakBefore", "page_break_before"),
        ("keepNext", "keep_with_next"),
        ("snapToGrid", "snap_to_grid"),
    ):
        v = _on(ppr.find(_w(tag)))
        if v is not None:
            props[key] = v
    tabs = ppr.find(_w("tabs"))
    if tabs is not None:
        stops: dict[float, TabStop] = {s.position: s for s in props.get("tab_stops", [])}
        for tab in tabs.findall(_w("tab")):
            pos = _twips(tab.get(_w("pos")))
            kind = tab.get(_w("val"), "left")
            if kind == "clear":
                stops.pop(pos, None)
                continue
            kind = {"start": "left", "end": "right", "num": "left"}.get(kind, kind)
            stops[pos] = TabStop(pos, kind, tab.get(_w("leader"), "none"))
        props["tab_stops"] = sorted(stops.values(), key=lambda s: s.position)
    num = ppr.find(_w("numPr"))
    if num is not None:
        num_id = num.find(_w("numId"))
        ilvl = num.find(_w("ilvl"))
        if num_id is not None:
            props["num_id"] = num_id.get(_w("val"))
        if ilvl is not None:
            props["num_ilvl"] = int(ilvl.get(_w("val"), "0"))


def _border(el: etree._Element | None) -> Border | None | bool:
    """A border element as a Border, None for an explicit "no border", False when absent."""
    if el is None:
        return False
    val = el.get(_w("val"), "single")
    if val in {"nil", "none"}:
        return None
    try:
        width = float(el.get(_w("sz"), "4")) / 8.0
    except ValueError:
        width = 0.5
    return Border(
        width=max(width, 0.25),
        color=_color(el.get(_w("color"))) or (0, 0, 0),
        double=val == "double",
    )


class DocxReader:
    """Turns a python-docx Document into a :class:`DocumentModel`."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.styles = _Styles(document)
        settings = document.settings.element
        tab = settings.find(_w("defaultTabStop"))
        self.default_tab = _twips(tab.get(_w("val")), 21.0) if tab is not None else 21.0
        if self.default_tab <= 0:
            self.default_tab = 21.0
        self.line_pitch = 15.6

    # -- document --------------------------------------------------------------------------

    def read(self) -> DocumentModel:
        body = self.document.element.body
        sections: list[Section] = []
        for s in self.document.sections:
            sections.append(self._section(s, sections[-1] if sections else None))
        if not sections:
            sections = [Section()]
        index = 0
        part = self.document.part
        for child, ends_section in self._body_children(body):
            if child.tag == _w("p"):
                sections[index].blocks.append(self._paragraph(child, part))
            elif child.tag == _w("tbl"):
                sections[index].blocks.append(self._table(child, part))
            if ends_section and index < len(sections) - 1:
                index += 1
        return DocumentModel(sections=sections, default_tab=self.default_tab)

    def _body_children(self, body: etree._Element) -> list[tuple[etree._Element, bool]]:
        out: list[tuple[etree._Element, bool]] = []
        for child in self._block_children(body):
            ends = child.tag == _w("p") and child.find(f"{_w('pPr')}/{_w('sectPr')}") is not None
            out.append((child, ends))
        return out

    def _block_children(self, parent: etree._Element) -> list[etree._Element]:
        out: list[etree._Element] = []
        for child in parent:
            if child.tag in {_w("p"), _w("tbl")}:
                out.append(child)
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    out.extend(self._block_children(content))
            elif child.tag == _w("customXml"):
                out.extend(self._block_children(child))
        return out

    def _blocks(
        self, parent: etree._Element, part: Any, table_style: str | None = None
    ) -> list[Block]:
        blocks: list[Block] = []
        for child in self._block_children(parent):
            if child.tag == _w("p"):
                blocks.append(self._paragraph(child, part, table_style))
            else:
                blocks.append(self._table(child, part))
        return blocks

    def _section(self, section: Any, previous: Section | None) -> Section:
        s = section._sectPr
        sec = Section()
        pg = s.find(_w("pgSz"))
        if pg is not None:
            sec.page_width = _twips(pg.get(_w("w")), sec.page_width)
            sec.page_height = _twips(pg.get(_w("h")), sec.page_height)
            if pg.get(_w("orient")) == "landscape" and sec.page_width < sec.page_height:
                sec.page_width, sec.page_height = sec.page_height, sec.page_width
        mar = s.find(_w("pgMar"))
        if mar is not None:
            sec.margin_top = abs(_twips(mar.get(_w("top")), sec.margin_top))
            sec.margin_bottom = abs(_twips(mar.get(_w("bottom")), sec.margin_bottom))
            sec.margin_left = _twips(mar.get(_w("left")), sec.margin_left) + _twips(
                mar.get(_w("gutter"))
            )
            sec.margin_right = _twips(mar.get(_w("right")), sec.margin_right)
            sec.header_distance = _twips(mar.get(_w("header")), sec.header_distance)
            sec.footer_distance = _twips(mar.get(_w("footer")), sec.footer_distance)
        grid = s.find(_w("docGrid"))
        if grid is not None and grid.get(_w("linePitch")):
            self.line_pitch = _twips(grid.get(_w("linePitch")), 15.6) or 15.6
            if grid.get(_w("type")) in {"lines", "linesAndChars", "snapToChars"}:
                sec.grid_pitch = self.line_pitch
        typ = s.find(_w("type"))
        if typ is not None:
            sec.start = typ.get(_w("val"), "nextPage")
        try:
            if section.header._has_definition:
                sec.header = self._blocks(section.header._element, section.header.part)
            elif previous is not None:
                sec.header = previous.header
            if section.footer._has_definition:
                sec.footer = self._blocks(section.footer._element, section.footer.part)
            elif previous is not None:
                sec.footer = previous.footer
            if section.different_first_page_header_footer:
                fh, ff = section.first_page_header, section.first_page_footer
                sec.first_header = self._blocks(fh._element, fh.part) if fh._has_definition else []
                sec.first_footer = self._blocks(ff._element, ff.part) if ff._has_definition else []
        except (KeyError, AttributeError, ValueError):
            pass
        return sec

    # -- paragraphs ------------------------------------------------------------------------

    def _paragraph_props(
        self, ppr: etree._Element | None, table_style: str | None
    ) -> tuple[dict[str, Any], dict[str, Any], str | None]:
        """(paragraph props, base run props, paragraph style id)."""
        pprops: dict[str, Any] = {}
        rprops: dict[str, Any] = {}
        if self.styles.ppr_default is not None:
            _apply_ppr(pprops, self.styles.ppr_default)
        if self.styles.rpr_default is not None:
            _apply_rpr(rprops, self.styles.rpr_default)
        for p in self.styles.style_parts(table_style, "pPr"):
            _apply_ppr(pprops, p)
        for r in self.styles.style_parts(table_style, "rPr"):
            _apply_rpr(rprops, r)
        style_id = self.styles.default_para
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            if ps is not None:
                style_id = ps.get(_w("val"))
        for p in self.styles.style_parts(style_id, "pPr"):
            _apply_ppr(pprops, p)
        for r in self.styles.style_parts(style_id, "rPr"):
            _apply_rpr(rprops, r)
        if ppr is not None:
            direct_num = ppr.find(_w("numPr"))
            if direct_num is not None or "num_id" in pprops:
                tmp: dict[str, Any] = dict(pprops)
                if direct_num is not None:
                    _apply_ppr(tmp, direct_num.getparent())
                lvl = self.styles.numbering.level(
                    str(tmp.get("num_id")), int(tmp.get("num_ilvl", 0))
                )
                if lvl is not None and lvl.find(_w("pPr")) is not None:
                    _apply_ppr(pprops, lvl.find(_w("pPr")))
            _apply_ppr(pprops, ppr)
        elif "num_id" in pprops:
            lvl = self.styles.numbering.level(str(pprops["num_id"]), int(pprops.get("num_ilvl", 0)))
            if lvl is not None and lvl.find(_w("pPr")) is not None:
                saved: dict[str, Any] = {
                    k: pprops[k] for k in ("num_id", "num_ilvl") if k in pprops
                }
                _apply_ppr(pprops, lvl.find(_w("pPr")))
                pprops.update(saved)
        return pprops, rprops, style_id

    def _paragraph(self, p: etree._Element, part: Any, table_style: str | None = None) -> Paragraph:
        ppr = p.find(_w("pPr"))
        pprops, base_r, _ = self._paragraph_props(ppr, table_style)
        mark = dict(base_r)
        if ppr is not None and ppr.find(_w("rPr")) is not None:
            _apply_rpr(mark, ppr.find(_w("rPr")))
        mark_style = _style_from(mark)
        base_size = float(base_r.get("size", DEFAULT_FONT_SIZE))
        par = Paragraph(
            align=str(pprops.get("align", "left")),
            indent_left=float(pprops.get("indent_left", 0.0)),
            indent_right=float(pprops.get("indent_right", 0.0)),
            first_line=float(pprops.get("first_line", 0.0)),
            space_before=float(pprops.get("space_before", 0.0)),
            space_after=float(pprops.get("space_after", 0.0)),
            line_rule=str(pprops.get("line_rule", "auto")),
            line_value=float(pprops.get("line_value", 1.0)),
            page_break_before=bool(pprops.get("page_break_before", False)),
            keep_with_next=bool(pprops.get("keep_with_next", False)),
            tab_stops=list(pprops.get("tab_stops", [])),
            mark_style=mark_style,
            snap_to_grid=bool(pprops.get("snap_to_grid", True)),
        )
        # Character-based indents and spacing (Chinese Word writes 首行缩进 2 字符 this way).
        if "indent_left_chars" in pprops:
            par.indent_left = pprops["indent_left_chars"] * base_size
        if "indent_right_chars" in pprops:
            par.indent_right = pprops["indent_right_chars"] * base_size
        if "first_line_chars" in pprops:
            par.first_line = pprops["first_line_chars"] * base_size
        if "space_before_lines" in pprops:
            par.space_before = pprops["space_before_lines"] * self.line_pitch
        if "space_after_lines" in pprops:
            par.space_after = pprops["space_after_lines"] * self.line_pitch
        if par.align not in {"left", "center", "right", "both", "distribute"}:
            par.align = "left"
        if pprops.get("num_id") not in (None, "0"):
            label, suffix = self.styles.numbering.next_label(
                str(pprops["num_id"]), int(pprops.get("num_ilvl", 0))
            )
            if label:
                par.items.append(Text(label, _style_from(mark)))
                if suffix == "tab":
                    par.items.append(Tab(_style_from(mark)))
                elif suffix == "space":
                    par.items.append(Text(" ", _style_from(mark)))
        self._inline(p, part, base_r, par.items, _FieldState())
        return par

    def _inline(
        self,
        parent: etree._Element,
        part: Any,
        base_r: dict[str, Any],
        out: list[Inline],
        fs: _FieldState,
    ) -> None:
        for child in parent:
            tag = child.tag
            if tag == _w("r"):
                self._run(child, part, base_r, out, fs)
            elif tag in {
                _w("hyperlink"),
                _w("smartTag"),
                _w("ins"),
                _w("moveTo"),
                _w("customXml"),
                _w("bdo"),
                _w("dir"),
            }:
                self._inline(child, part, base_r, out, fs)
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self._inline(content, part, base_r, out, fs)
            elif tag == _w("fldSimple"):
                instr = (child.get(_w("instr")) or "").strip().split(" ")[0].upper()
                if instr in {"PAGE", "NUMPAGES", "SECTIONPAGES"}:
                    fallback: list[Inline] = []
                    self._inline(child, part, base_r, fallback, _FieldState())
                    text = "".join(i.text for i in fallback if isinstance(i, Text))
                    style = next(
                        (i.style for i in fallback if isinstance(i, Text)), _style_from(base_r)
                    )
                    out.append(Field("NUMPAGES" if instr != "PAGE" else "PAGE", style, text))
                else:
                    self._inline(child, part, base_r, out, fs)

    def _run_style(self, r: etree._Element, base_r: dict[str, Any]) -> RunStyle:
        props = dict(base_r)
        rpr = r.find(_w("rPr"))
        if rpr is not None:
            rs = rpr.find(_w("rStyle"))
            if rs is not None:
                for part in self.styles.style_parts(rs.get(_w("val")), "rPr"):
                    _apply_rpr(props, part)
            _apply_rpr(props, rpr)
        return _style_from(props)

    def _run(
        self,
        r: etree._Element,
        part: Any,
        base_r: dict[str, Any],
        out: list[Inline],
        fs: _FieldState,
    ) -> None:
        style = self._run_style(r, base_r)
        for child in r:
            tag = child.tag
            if tag == _w("fldChar"):
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    fs.depth += 1
                    if fs.depth == 1:
                        fs.instr, fs.in_result, fs.emitted = "", False, False
                elif kind == "separate" and fs.depth == 1:
                    fs.in_result = True
                    word = fs.instr.strip().split(" ")[0].upper() if fs.instr.strip() else ""
                    if word in {"PAGE", "NUMPAGES", "SECTIONPAGES"}:
                        out.append(Field("PAGE" if word == "PAGE" else "NUMPAGES", style))
                        fs.emitted = True
                elif kind == "end":
                    if fs.depth == 1 and not fs.emitted:
                        word = fs.instr.strip().split(" ")[0].upper() if fs.instr.strip() else ""
                        if word in {"PAGE", "NUMPAGES", "SECTIONPAGES"}:
                            out.append(Field("PAGE" if word == "PAGE" else "NUMPAGES", style))
                    fs.depth = max(0, fs.depth - 1)
                    if fs.depth == 0:
                        fs.in_result = False
                continue
            if fs.depth and not fs.in_result:
                if tag == _w("instrText") and fs.depth == 1:
                    fs.instr += child.text or ""
                continue
            if fs.depth and fs.emitted:
                continue  # the cached result of a page field we render ourselves
            if style.hidden:
                continue
            if tag == _w("t"):
                text = child.text or ""
                if text:
                    # docxtpl leaves literal newlines of context values inside w:t as w:br; any
                    # that survive (e.g. from headers) are honoured as line breaks too.
                    pieces = text.replace("\r\n", "\n").split("\n")
                    for i, piece in enumerate(pieces):
                        if i:
                            out.append(LineBreak(style))
                        if piece:
                            out.append(Text(piece.replace("\u00a0", " "), style))
            elif tag == _w("tab") or tag == _w("ptab"):
                out.append(Tab(style))
            elif tag == _w("br"):
                if child.get(_w("type")) == "page":
                    out.append(PageBreak())
                elif child.get(_w("type")) != "column":
                    out.append(LineBreak(style))
                else:
                    out.append(LineBreak(style))
            elif tag == _w("cr"):
                out.append(LineBreak(style))
            elif tag in {_w("noBreakHyphen"), _w("softHyphen")}:
                if tag == _w("noBreakHyphen"):
                    out.append(Text("-", style))
            elif tag == _w("sym"):
                out.append(Text(_symbol(child.get(_w("char"), "")), style))
            elif tag == _w("drawing"):
                pic = self._picture(child, part)
                if pic is not None:
                    out.append(pic)
            elif tag == _w("lastRenderedPageBreak"):
                continue

    def _picture(self, drawing: etree._Element, part: Any) -> Picture | None:
        holder = drawing[0] if len(drawing) else None
        if holder is None:
            return None
        extent = holder.find(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
        )
        blip = holder.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
        if extent is None or blip is None:
            return None
        rid = blip.get(qn("r:embed"))
        try:
            data = part.related_parts[rid].blob
        except (KeyError, AttributeError):
            return None
        width = int(extent.get("cx", "0")) / EMU_PER_PT
        height = int(extent.get("cy", "0")) / EMU_PER_PT
        pic = Picture(data=data, width=width, height=height)
        if holder.tag.endswith("}anchor"):
            pic.floating = True
            pic.behind = holder.get("behindDoc") in {"1", "true"}
            wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
            ph = holder.find(f"{wp}positionH")
            pv = holder.find(f"{wp}positionV")
            if ph is not None:
                pic.h_relative = ph.get("relativeFrom", "column")
                off = ph.find(f"{wp}posOffset")
                al = ph.find(f"{wp}align")
                pic.h_offset = int(off.text or 0) / EMU_PER_PT if off is not None else 0.0
                pic.h_align = al.text if al is not None else None
            if pv is not None:
                pic.v_relative = pv.get("relativeFrom", "paragraph")
                off = pv.find(f"{wp}posOffset")
                al = pv.find(f"{wp}align")
                pic.v_offset = int(off.text or 0) / EMU_PER_PT if off is not None else 0.0
                pic.v_align = al.text if al is not None else None
        return pic

    # -- tables ----------------------------------------------------------------------------

    def _table(self, tbl: etree._Element, part: Any) -> Table:
        tblpr = tbl.find(_w("tblPr"))
        style_id = self.styles.default_table
        if tblpr is not None and tblpr.find(_w("tblStyle")) is not None:
            style_id = tblpr.find(_w("tblStyle")).get(_w("val"))
        # Table-level properties: style chain first, then direct.
        tprops: list[etree._Element] = self.styles.style_parts(style_id, "tblPr") + _props_of(tblpr)
        borders: dict[str, Border | None] = {}
        cell_margins = {"top": 0.0, "right": 5.4, "bottom": 0.0, "left": 5.4}
        align, indent = "left", 0.0
        for tp in tprops:
            tb = tp.find(_w("tblBorders"))
            if tb is not None:
                for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                    el = tb.find(_w(side))
                    if el is None and side in {"left", "right"}:
                        el = tb.find(_w({"left": "start", "right": "end"}[side]))
                    b = _border(el)
                    if b is not False:
                        borders[side] = b  # type: ignore[assignment]
            cm = tp.find(_w("tblCellMar"))
            if cm is not None:
                for side in ("top", "right", "bottom", "left"):
                    el = cm.find(_w(side))
                    if el is None and side in {"left", "right"}:
                        el = cm.find(_w({"left": "start", "right": "end"}[side]))
                    if el is not None and el.get(_w("type"), "dxa") == "dxa":
                        cell_margins[side] = _twips(el.get(_w("w")))
            jc = tp.find(_w("jc"))
            if jc is not None:
                align = {"start": "left", "end": "right"}.get(
                    jc.get(_w("val"), "left"), jc.get(_w("val"), "left")
                )
            ind = tp.find(_w("tblInd"))
            if ind is not None and ind.get(_w("type"), "dxa") == "dxa":
                indent = _twips(ind.get(_w("w")))
        grid = tbl.find(_w("tblGrid"))
        columns = (
            [_twips(g.get(_w("w"))) for g in grid.findall(_w("gridCol"))]
            if grid is not None
            else []
        )
        rows: list[Row] = []
        for tr in tbl.findall(_w("tr")):
            rows.append(self._row(tr, part, style_id, borders, cell_margins))
        # Fill in grid positions and make sure the grid has a column for every cell.
        width_needed = 0
        for row in rows:
            col = row_gb = getattr(row, "_grid_before", 0)
            del row_gb
            for cell in row.cells:
                cell.grid_col = col
                col += max(cell.span, 1)
            width_needed = max(width_needed, col)
        if len(columns) < width_needed:
            known = sum(columns)
            missing = width_needed - len(columns)
            fill = (known / len(columns)) if columns and known else 60.0
            columns.extend([fill] * missing)
        if columns and sum(columns) <= 0:
            columns = [60.0] * len(columns)
        columns = [c if c > 0 else 1.0 for c in columns]
        # Resolve outer/inner borders into per-cell sides.
        n_rows = len(rows)
        n_cols = len(columns)
        for r_i, row in enumerate(rows):
            for cell in row.cells:
                first_col = cell.grid_col == 0
                last_col = cell.grid_col + cell.span >= n_cols
                defaults = {
                    "top": borders.get("top") if r_i == 0 else borders.get("insideH"),
                    "bottom": borders.get("bottom")
                    if r_i == n_rows - 1
                    else borders.get("insideH"),
                    "left": borders.get("left") if first_col else borders.get("insideV"),
                    "right": borders.get("right") if last_col else borders.get("insideV"),
                }
                for side, b in defaults.items():
                    if side not in cell.borders:
                        cell.borders[side] = b
        return Table(
            columns=columns,
            rows=rows,
            align=align if align in {"left", "center", "right"} else "left",
            indent=indent,
        )

    def _row(
        self,
        tr: etree._Element,
        part: Any,
        style_id: str | None,
        borders: dict[str, Border | None],
        margins: dict[str, float],
    ) -> Row:
        row = Row(cells=[])
        trpr = tr.find(_w("trPr"))
        grid_before = 0
        if trpr is not None:
            h = trpr.find(_w("trHeight"))
            if h is not None:
                row.height = _twips(h.get(_w("val")))
                row.height_rule = h.get(_w("hRule"), "atLeast")
            row.is_header = bool(_on(trpr.find(_w("tblHeader"))))
            row.cant_split = bool(_on(trpr.find(_w("cantSplit"))))
            gb = trpr.find(_w("gridBefore"))
            if gb is not None:
                grid_before = int(gb.get(_w("val"), "0"))
        row._grid_before = grid_before  # type: ignore[attr-defined]
        cells_parent: list[etree._Element] = []
        for child in tr:
            if child.tag == _w("tc"):
                cells_parent.append(child)
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    cells_parent.extend(content.findall(_w("tc")))
        for tc in cells_parent:
            row.cells.append(self._cell(tc, part, style_id, margins))
        return row

    def _cell(
        self, tc: etree._Element, part: Any, style_id: str | None, margins: dict[str, float]
    ) -> Cell:
        tcpr = tc.find(_w("tcPr"))
        cell = Cell(
            blocks=self._blocks(tc, part, style_id),
            margins=(margins["top"], margins["right"], margins["bottom"], margins["left"]),
        )
        if tcpr is None:
            return cell
        span = tcpr.find(_w("gridSpan"))
        if span is not None:
            cell.span = max(1, int(span.get(_w("val"), "1")))
        vm = tcpr.find(_w("vMerge"))
        if vm is not None:
            cell.v_merge = "restart" if vm.get(_w("val")) == "restart" else "continue"
        hm = tcpr.find(_w("hMerge"))
        if hm is not None and hm.get(_w("val")) != "restart":
            cell.span = 0  # legacy horizontal merge continuation: absorbed by the previous cell
        tb = tcpr.find(_w("tcBorders"))
        if tb is not None:
            for side in ("top", "left", "bottom", "right"):
                el = tb.find(_w(side))
                if el is None and side in {"left", "right"}:
                    el = tb.find(_w({"left": "start", "right": "end"}[side]))
                b = _border(el)
                if b is not False:
                    cell.borders[side] = b  # type: ignore[assignment]
        shd = tcpr.find(_w("shd"))
        if shd is not None:
            cell.fill = _color(shd.get(_w("fill")))
            if shd.get(_w("fill")) == "000000":
                cell.fill = (0, 0, 0)
        va = tcpr.find(_w("vAlign"))
        if va is not None:
            cell.v_align = {"both": "center"}.get(
                va.get(_w("val"), "top"), va.get(_w("val"), "top")
            )
        mar = tcpr.find(_w("tcMar"))
        if mar is not None:
            m = list(cell.margins)
            for i, side in enumerate(("top", "right", "bottom", "left")):
                el = mar.find(_w(side))
                if el is None and side in {"left", "right"}:
                    el = mar.find(_w({"left": "start", "right": "end"}[side]))
                if el is not None and el.get(_w("type"), "dxa") == "dxa":
                    m[i] = _twips(el.get(_w("w")))
            cell.margins = (m[0], m[1], m[2], m[3])
        return cell


@dataclass
class _FieldState:
    depth: int = 0
    instr: str = ""
    in_result: bool = False
    emitted: bool = False


_WINGDINGS = {
    "F0A8": "□",
    "F06F": "□",
    "F071": "□",
    "F0FE": "■",
    "F078": "■",
    "F0FC": "√",
    "F0FB": "×",
    "F0B2": "○",
    "F06C": "●",
    "F09F": "•",
}


def _symbol(code: str) -> str:
    code = code.upper()
    if code in _WINGDINGS:
        return _WINGDINGS[code]
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF020 <= value <= 0xF0FF:
        value -= 0xF000
    return chr(value) if value >= 0x20 else ""


def read_docx(data: bytes) -> DocumentModel:
    """Parse DOCX bytes into the layout model. Raises ``ValueError`` for something not a DOCX."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise ValueError(f"not a DOCX file: {exc}") from exc
    return DocxReader(document).read()

"""Lay a :class:`~zhifa.documents.docx_model.DocumentModel` out on PDF pages with fpdf2.

No LibreOffice, no Pango, no system fonts: the vendored Noto Serif SC (``fonts/``) is embedded
as a subset with a ToUnicode map, so the PDF's text can be searched, copied and extracted.

What the layout does (Word's behaviour, simplified where documents rarely notice):

- lines break between any two Chinese characters and at spaces between Latin words, with the
  Chinese line-breaking rules (禁则: no line starts with ，。；：、？！）」》 etc. and none ends with
  （「《 etc.); a closing punctuation mark may hang into the right margin;
- alignment left / centre / right / justified (``both``, the last line left) / distributed;
  first-line and hanging indents, left and right indents, spacing before/after, line spacing
  (multiple, exact, at least, and the document grid of Chinese templates);
- runs: bold (and 黑体/小标宋 faces rendered bold), size, underline (including underlined blanks
  made of spaces or tabs), strike-through, colour, character spacing, super/subscript;
- tabs to default and custom stops (left, centre, right) with dot/underscore leaders;
- line breaks, page breaks, "page break before"; inline pictures and floating pictures (e.g. a
  seal image over the date);
- tables: grid column widths, horizontally and vertically merged cells, borders from the table,
  its style or the cell, shading, vertical alignment, cell margins, row heights, header rows
  repeated on every page, rows split across pages;
- headers and footers with PAGE / NUMPAGES fields; several sections with their own page size.

Not supported (rendered approximately or skipped): italic (no italic face: upright), text boxes
and shapes, charts, footnotes, comments, columns, right-to-left text, conditional table-style
formatting (first row/column), kerning, widow/orphan control.
"""

from __future__ import annotations

import copy
import io
import logging
import math
import threading
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from zhifa.documents.docx_model import (
    Cell,
    DocumentModel,
    Field,
    LineBreak,
    PageBreak,
    Paragraph,
    Picture,
    Row,
    RunStyle,
    Section,
    Tab,
    Table,
    TabStop,
    Text,
)

# fontTools logs every subsetting step at INFO; keep the application log readable.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "NotoSerifSC-Regular.ttf"
FONT_BOLD = FONT_DIR / "NotoSerifSC-Bold.ttf"
FAMILY = "notoserifsc"

LINE_FACTOR = 1.3  # Word's single line of 宋体/仿宋 is 1.3 × the font size
GLYPH_ASCENT = 0.88  # the ideographic em box of Noto Serif SC: 880 above, 120 below
GLYPH_DESCENT = 0.12
ASCENT = GLYPH_ASCENT + (LINE_FACTOR - 1) / 2
DESCENT = GLYPH_DESCENT + (LINE_FACTOR - 1) / 2

# 禁则 (GB/T 15834 and Word's defaults): characters that may not start or end a line.
NO_LINE_START = set(
    "!%),.:;?]}¢°·'\"†‡›℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～》」』】〉〙〛’”…‥—–-ー゛゜ヽヾゝゞ々"
)
NO_LINE_END = set("$(£¥·'\"〈《「『【〔〖〝﹙﹛＄（．［｛￡￥‘“〘〚")

# Characters the font lacks, replaced by the nearest it has (the DOCX keeps the original).
SUBSTITUTES = {
    "☑": "■",
    "☒": "■",
    "✔": "√",
    "✓": "√",
    "✗": "×",
    "✘": "×",
    # Symbol/Wingdings bullets that Word stores in the private use area.
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf06c": "●",
    "\uf06e": "■",
    "\uf075": "◆",
    "\uf076": "◆",
    "\uf0d8": "▶",
    "\uf0e8": "▶",
    "\uf0fc": "√",
    "\uf0a8": "□",
    "\uf06f": "□",
    "\u27a2": "▶",
    "\u2002": " ",
    "\u2003": "　",
    "\u200b": "",
    "\ufeff": "",
    "\u00ad": "",
}


_FONT_LOCK = threading.Lock()


@cache
def _prepared_font(style: str) -> TTFFont:
    """The font parsed once per process (cmap, widths, glyph order: ~0.5 s for 31k glyphs)."""
    donor = FPDF(unit="pt")
    donor.add_font(FAMILY, style, str(FONT_BOLD if style == "B" else FONT_REGULAR))
    font = donor.fonts[f"{FAMILY.lower()}{style}"]
    if not isinstance(font, TTFFont):  # pragma: no cover
        raise TypeError("the vendored font did not load as TrueType")
    font.ttfont.getGlyphOrder()
    return font


def _install_fonts(pdf: FPDF) -> None:
    """Give ``pdf`` the two faces without parsing the 15 MB files again for every document.

    Each document gets a shallow copy of the parsed font (read-only tables shared) with its own
    subset state and its own lazily loaded ``TTFont``, which fpdf2 subsets in place at output —
    the same split fpdf2's own ``TTFFont.__deepcopy__`` makes. Falls back to ``add_font``.
    """
    for style in ("", "B"):
        key = f"{FAMILY.lower()}{style}"
        path = str(FONT_BOLD if style == "B" else FONT_REGULAR)
        try:
            with _FONT_LOCK:
                proto = _prepared_font(style)
            font = copy.copy(proto)
            font.i = len(pdf.fonts) + 1
            ttfont = ttLib.TTFont(path, recalcTimestamp=False, lazy=True)
            ttfont.setGlyphOrder(proto.ttfont.getGlyphOrder())
            font.ttfont = ttfont
            font.subset = SubsetMap(font)
            font.missing_glyphs = []
            font.biggest_size_pt = 0
            font._hbfont = None
            font.color_font = None
            pdf.fonts[key] = font
        except (AttributeError, TypeError):  # pragma: no cover - a changed fpdf2 internals
            pdf.fonts.pop(key, None)
            pdf.add_font(FAMILY, style, path)


@cache
def _font_codepoints() -> frozenset[int]:
    with _FONT_LOCK:
        return frozenset(_prepared_font("").cmap.keys())


def _clean(text: str) -> str:
    points = _font_codepoints()
    out = []
    for ch in text:
        if ch in SUBSTITUTES:
            out.append(SUBSTITUTES[ch])
        elif ord(ch) in points or ch == " ":
            out.append(ch)
        elif ord(ch) < 0x20:
            continue
        else:
            out.append("□")
    return "".join(out)


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3FFFF
        or 0x3000 <= o <= 0x303F
        or ch in "“”‘’—…·"
    )


# --- atoms and lines -------------------------------------------------------------------------


@dataclass
class Atom:
    kind: str  # text | space | tab | pic | field | br | pagebreak
    text: str = ""
    style: RunStyle = field(default_factory=RunStyle)
    width: float = 0.0
    breakable: bool = False  # a Chinese character: a line may break before and after it
    pic: Picture | None = None
    tab_leader: str = "none"


@dataclass
class Placed:
    atom: Atom
    x: float  # from the paragraph's left text edge


@dataclass
class Line:
    placed: list[Placed]
    height: float
    baseline: float  # from the top of the line
    page_break_after: bool = False
    floats: list[Picture] = field(default_factory=list)
    first_of_paragraph: bool = False


@dataclass
class VItem:
    """One vertical piece of flow: a line, a gap (spacing) or a nested table."""

    height: float
    kind: str  # line | gap | table | pagebreak
    line: Line | None = None
    table: LaidTable | None = None
    x: float = 0.0  # horizontal offset of the item inside its column
    keep_with_next: bool = False
    page_break_before: bool = False


class Renderer:
    def __init__(self, model: DocumentModel, *, title: str = "", author: str = "") -> None:
        self.model = model
        pdf = FPDF(unit="pt", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        _install_fonts(pdf)
        pdf.set_font(FAMILY, "", 12)
        pdf.set_compression(True)
        pdf.set_lang("zh-CN")
        if title:
            pdf.set_title(title)
        if author:
            pdf.set_author(author)
        pdf.set_creator("Zhifa")
        pdf.set_producer("Zhifa (fpdf2)")
        self.pdf = pdf
        self._widths: dict[tuple[bool, str], float] = {}
        self._page_sections: list[tuple[Section, bool]] = []  # per page: section, first of section
        self._grid_pitch: float | None = None
        self._font: tuple[bool, float] | None = None

    # -- measuring -------------------------------------------------------------------------

    def _set_font(self, bold: bool, size: float) -> None:
        if self._font != (bold, size):
            self.pdf.set_font(FAMILY, "B" if bold else "", size)
            self._font = (bold, size)

    def char_width(self, ch: str, bold: bool) -> float:
        key = (bold, ch)
        w = self._widths.get(key)
        if w is None:
            self._set_font(bold, 100)
            w = self.pdf.get_string_width(ch) / 100.0
            self._widths[key] = w
        return w

    @staticmethod
    def eff_size(style: RunStyle) -> float:
        return style.size * (0.65 if style.vert in {"superscript", "subscript"} else 1.0)

    def text_width(self, text: str, style: RunStyle) -> float:
        size = self.eff_size(style)
        return sum(self.char_width(ch, style.bold) for ch in text) * size + style.spacing * len(
            text
        )

    # -- paragraphs: atoms -----------------------------------------------------------------

    def atoms(self, par: Paragraph, fields: dict[str, str]) -> tuple[list[Atom], list[Picture]]:
        atoms: list[Atom] = []
        floats: list[Picture] = []

        def add_text(text: str, style: RunStyle) -> None:
            text = _clean(text)
            word = ""

            def flush() -> None:
                nonlocal word
                if word:
                    atoms.append(Atom("text", word, style, self.text_width(word, style)))
                    word = ""

            for ch in text:
                if ch in {" ", "\u00a0"}:
                    flush()
                    atoms.append(Atom("space", " ", style, self.text_width(" ", style)))
                elif _is_cjk(ch):
                    flush()
                    atoms.append(
                        Atom("text", ch, style, self.text_width(ch, style), breakable=True)
                    )
                else:
                    word += ch
            flush()

        for item in par.items:
            if isinstance(item, Text):
                add_text(item.text, item.style)
            elif isinstance(item, Tab):
                atoms.append(Atom("tab", "", item.style))
            elif isinstance(item, LineBreak):
                atoms.append(Atom("br", "", item.style))
            elif isinstance(item, PageBreak):
                atoms.append(Atom("pagebreak"))
            elif isinstance(item, Picture):
                if item.floating:
                    floats.append(item)
                else:
                    atoms.append(Atom("pic", "", width=item.width, pic=item, breakable=True))
            elif isinstance(item, Field):
                value = fields.get(item.kind, item.fallback)
                if value:
                    add_text(value, item.style)
        return atoms, floats

    @staticmethod
    def _can_break(a: Atom, b: Atom) -> bool:
        """May a line end after ``a`` and the next begin with ``b``?"""
        if b.kind == "space":
            return False  # spaces stay at the end of the line they follow
        if b.kind in {"br", "pagebreak"}:
            return False
        if b.text[:1] in NO_LINE_START:
            return False
        if a.text[-1:] in NO_LINE_END and a.kind == "text":
            return False
        if a.kind in {"space", "tab", "pic"}:
            return True
        return a.breakable or b.breakable or b.kind in {"tab", "pic"}

    # -- paragraphs: lines -----------------------------------------------------------------

    def _tab_width(
        self, x: float, par: Paragraph, atoms: list[Atom], i: int, width: float
    ) -> tuple[float, str]:
        """Width of the tab at ``atoms[i]`` that starts at ``x`` (from the paragraph's text edge)."""
        # Tab positions are measured from the paragraph's left indent edge in our coordinates.
        pos_x = x + par.indent_left
        stop: TabStop | None = next(
            (s for s in par.tab_stops if s.position > pos_x + 0.01 and s.kind != "bar"), None
        )
        if stop is None:
            # A hanging indent acts as an implicit tab stop.
            if par.first_line < 0 and pos_x < par.indent_left - 0.01:
                return par.indent_left - pos_x, "none"
            step = self.model.default_tab
            target = (math.floor(pos_x / step + 1e-6) + 1) * step
            return max(target - pos_x, 0.0), "none"
        target = stop.position
        if stop.kind in {"right", "center", "decimal"}:
            seg = 0.0
            for a in atoms[i + 1 :]:
                if a.kind in {"tab", "br", "pagebreak"}:
                    break
                seg += a.width
            if stop.kind == "center":
                seg /= 2
            if pos_x + seg <= target:
                return target - seg - pos_x, stop.leader
            return 0.0, stop.leader
        return max(target - pos_x, 0.0), stop.leader

    def _natural(self, style: RunStyle) -> tuple[float, float]:
        return style.size * ASCENT, style.size * DESCENT

    def lines(
        self, par: Paragraph, width: float, fields: dict[str, str] | None = None
    ) -> list[Line]:
        atoms, floats = self.atoms(par, fields or {})
        out: list[Line] = []
        avail_first = width - par.indent_left - par.indent_right - par.first_line
        avail_rest = width - par.indent_left - par.indent_right
        i = 0
        start = 0
        first = True
        n = len(atoms)
        if n == 0:
            out.append(
                self._finish_line(par, [], width, first=True, last=True, mark=par.mark_style)
            )
            out[0].floats = floats
            return out
        while start < n:
            offset = par.first_line if first else 0.0
            avail = avail_first if first else avail_rest
            x = 0.0
            i = start
            line_atoms: list[Atom] = []
            end_kind = "end"
            while i < n:
                a = atoms[i]
                if a.kind in {"br", "pagebreak"}:
                    end_kind = a.kind
                    i += 1
                    break
                if a.kind == "tab":
                    w, leader = self._tab_width(x + offset, par, atoms, i, width)
                    a = replace(a, width=w, tab_leader=leader)
                if a.kind == "text" and len(a.text) > 1 and a.width > avail_rest + 0.01:
                    # A word longer than a whole line: break it between characters, from here.
                    chars = [
                        Atom("text", ch, a.style, self.text_width(ch, a.style), breakable=True)
                        for ch in a.text
                    ]
                    atoms[i : i + 1] = chars
                    n = len(atoms)
                    continue
                visible = [b for b in line_atoms if b.kind != "space" or b.style.underline]
                hanging_space = a.kind == "space" and not a.style.underline
                if x + a.width > avail + 0.01 and visible and not hanging_space:
                    # Closing punctuation may hang into the margin rather than start a line.
                    if (
                        a.text[:1] in NO_LINE_START
                        and a.kind == "text"
                        and x + a.width <= avail + a.width * 1.01
                        and len(a.text) == 1
                    ):
                        line_atoms.append(a)
                        x += a.width
                        i += 1
                        continue
                    brk = None
                    for k in range(len(line_atoms), 0, -1):
                        nxt = a if k == len(line_atoms) else line_atoms[k]
                        if self._can_break(line_atoms[k - 1], nxt):
                            brk = k
                            break
                    if brk is None:
                        brk = len(line_atoms)
                    i = start + brk
                    line_atoms = line_atoms[:brk]
                    end_kind = "wrap"
                    break
                line_atoms.append(a)
                x += a.width
                i += 1
            last = end_kind != "wrap"
            line = self._finish_line(
                par,
                line_atoms,
                width,
                first=first,
                last=last,
                mark=par.mark_style if not line_atoms else None,
            )
            line.page_break_after = end_kind == "pagebreak"
            if first:
                line.floats = floats
                line.first_of_paragraph = True
            out.append(line)
            first = False
            if i <= start and end_kind == "wrap":
                i = start + 1  # never loop on an unbreakable atom
            start = i
            if start >= n:
                if end_kind == "br":
                    # A break at the very end leaves an empty line, as in Word.
                    style = atoms[-1].style
                    out.append(
                        self._finish_line(par, [], width, first=False, last=True, mark=style)
                    )
                break
        return out

    def _finish_line(
        self,
        par: Paragraph,
        atoms: list[Atom],
        width: float,
        *,
        first: bool,
        last: bool,
        mark: RunStyle | None,
    ) -> Line:
        # Spaces at the end of a line hang (unless underlined: a blank to fill in).
        trimmed = list(atoms)
        while trimmed and trimmed[-1].kind == "space" and not trimmed[-1].style.underline:
            trimmed.pop()
        left = par.indent_left + (par.first_line if first else 0.0)
        avail = width - par.indent_right - left
        content = sum(a.width for a in trimmed)
        extra = avail - content
        gap = 0.0
        x = left
        align = par.align
        if align == "center":
            x += extra / 2
        elif align == "right":
            x += extra
        elif align in {"both", "distribute"} and len(trimmed) > 1:
            if align == "distribute" or not last or extra < 0:
                # Spread (or, for hanging punctuation, squeeze) between the characters after the
                # last tab; a tab fixes the position of what follows it.
                last_tab = max((k for k, a in enumerate(trimmed) if a.kind == "tab"), default=-1)
                slots = len(trimmed) - 1 - max(last_tab, 0)
                if slots > 0:
                    gap = extra / slots
                    gap = min(gap, max(width / 3, 0)) if align == "both" else gap
        elif align == "distribute" and len(trimmed) == 1:
            x += extra / 2
        placed: list[Placed] = []
        last_tab = max((k for k, a in enumerate(trimmed) if a.kind == "tab"), default=-1)
        for k, a in enumerate(trimmed):
            placed.append(Placed(a, x))
            x += a.width + (gap if k >= max(last_tab, 0) else 0.0)
        # Vertical metrics.
        asc = desc = 0.0
        styles = [a.style for a in trimmed if a.kind in {"text", "space", "tab"}]
        if mark is not None and not trimmed:
            styles.append(mark)
        for s in styles:
            a_, d_ = self._natural(s)
            asc, desc = max(asc, a_), max(desc, d_)
        for a in trimmed:
            if a.kind == "pic" and a.pic is not None:
                asc = max(asc, a.pic.height)
        if asc == 0 and desc == 0:
            asc, desc = self._natural(par.mark_style)
        natural = asc + desc
        if par.line_rule == "exact":
            height = par.line_value
        elif par.line_rule == "atLeast":
            height = max(par.line_value, natural)
        else:
            height = natural * (par.line_value if par.line_value > 0 else 1.0)
            if self._grid_pitch and par.snap_to_grid and par.line_value > 0:
                pitch = self._grid_pitch * par.line_value
                height = max(pitch, math.ceil(natural / pitch - 1e-6) * pitch)
        # Text sits in the middle of the line box (as in Word's exact and grid spacing).
        baseline = (height - natural) / 2 + asc if height >= natural else asc * height / natural
        return Line(placed=placed, height=height, baseline=baseline)

    def paragraph_items(
        self, par: Paragraph, width: float, fields: dict[str, str] | None = None
    ) -> list[VItem]:
        items: list[VItem] = []
        if par.space_before:
            items.append(VItem(par.space_before, "gap"))
        lines = self.lines(par, width, fields)
        for k, line in enumerate(lines):
            items.append(
                VItem(
                    line.height,
                    "line",
                    line=line,
                    keep_with_next=par.keep_with_next and k == len(lines) - 1,
                )
            )
            if line.page_break_after:
                items.append(VItem(0.0, "pagebreak"))
        if par.space_after:
            items.append(VItem(par.space_after, "gap"))
        if items:
            items[0].page_break_before = par.page_break_before
        return items

    # -- drawing lines ---------------------------------------------------------------------

    def draw_line(
        self, line: Line, x0: float, top: float, *, page_box: Section | None = None
    ) -> None:
        pdf = self.pdf
        baseline = top + line.baseline
        placed = line.placed
        # Text segments: consecutive atoms of one style, drawn as one string.
        k = 0
        while k < len(placed):
            p = placed[k]
            a = p.atom
            if a.kind in {"text", "space"}:
                seg = [p]
                j = k + 1
                spacing = None
                while (
                    j < len(placed)
                    and placed[j].atom.kind in {"text", "space"}
                    and placed[j].atom.style == a.style
                ):
                    prev = seg[-1]
                    expected = prev.x + prev.atom.width
                    gap = placed[j].x - expected
                    single = len(prev.atom.text) == 1 and len(placed[j].atom.text) == 1
                    if abs(gap) < 0.01 or (
                        single and (spacing is None or abs(spacing - gap) < 0.01)
                    ):
                        if abs(gap) >= 0.01:
                            spacing = gap
                        seg.append(placed[j])
                        j += 1
                    else:
                        break
                self._draw_text(seg, x0, baseline, spacing or 0.0)
                k = j
            elif a.kind == "pic" and a.pic is not None:
                self._draw_picture(
                    a.pic, x0 + p.x, baseline - a.pic.height, a.pic.width, a.pic.height
                )
                k += 1
            elif (
                a.kind == "tab"
                and a.tab_leader in {"dot", "middleDot", "hyphen", "underscore", "heavy"}
                and a.width > 0
            ):
                self._draw_leader(a, x0 + p.x, baseline)
                k += 1
            else:
                k += 1
        # Underline and strike-through, across spaces and tabs of the same underlined run.
        for attr, offset_factor in (("underline", 0.13), ("strike", -0.3)):
            k = 0
            while k < len(placed):
                a = placed[k].atom
                if getattr(a.style, attr) and a.kind in {"text", "space", "tab"} and a.width > 0:
                    j = k
                    while (
                        j + 1 < len(placed)
                        and getattr(placed[j + 1].atom.style, attr)
                        and placed[j + 1].atom.kind in {"text", "space", "tab"}
                    ):
                        j += 1
                    size = max(self.eff_size(placed[i].atom.style) for i in range(k, j + 1))
                    color = a.style.color or (0, 0, 0)
                    x1 = x0 + placed[k].x
                    x2 = x0 + placed[j].x + placed[j].atom.width
                    y = baseline + offset_factor * size
                    pdf.set_draw_color(*color)
                    pdf.set_line_width(max(0.5, size * 0.05))
                    pdf.line(x1, y, x2, y)
                    k = j + 1
                else:
                    k += 1
        if page_box is not None:
            for pic in line.floats:
                self._draw_float(pic, x0, top, page_box)

    def _draw_text(self, seg: list[Placed], x0: float, baseline: float, extra: float) -> None:
        style = seg[0].atom.style
        text = "".join(p.atom.text for p in seg)
        if not text.strip():
            return
        size = self.eff_size(style)
        rise = 0.0
        if style.vert == "superscript":
            rise = style.size * 0.33
        elif style.vert == "subscript":
            rise = -style.size * 0.12
        self._set_font(style.bold, size)
        self.pdf.set_text_color(*(style.color or (0, 0, 0)))
        self.pdf.set_char_spacing(style.spacing + extra)
        self.pdf.text(x0 + seg[0].x, baseline - rise, text)
        self.pdf.set_char_spacing(0)

    def _draw_leader(self, a: Atom, x: float, baseline: float) -> None:
        size = a.style.size
        if a.tab_leader in {"underscore", "heavy", "hyphen"}:
            y = baseline + (0.13 * size if a.tab_leader != "hyphen" else -0.3 * size)
            self.pdf.set_draw_color(0, 0, 0)
            self.pdf.set_line_width(max(0.5, size * 0.05) * (2 if a.tab_leader == "heavy" else 1))
            self.pdf.line(x + 1, y, x + a.width - 1, y)
            return
        dot = "·" if a.tab_leader == "middleDot" else "."
        self._set_font(False, size)
        self.pdf.set_text_color(0, 0, 0)
        step = self.text_width(dot, a.style) or size / 3
        count = int((a.width - 2) / step)
        if count > 0:
            self.pdf.text(x + a.width - count * step - 1, baseline, dot * count)

    def _draw_picture(self, pic: Picture, x: float, y: float, w: float, h: float) -> None:
        try:
            self.pdf.image(io.BytesIO(pic.data), x=x, y=y, w=w, h=h)
        except Exception:  # noqa: BLE001 - an unreadable image must not stop the document
            self.pdf.set_draw_color(150, 150, 150)
            self.pdf.set_line_width(0.5)
            self.pdf.rect(x, y, w, h)

    def _draw_float(self, pic: Picture, col_x: float, par_top: float, section: Section) -> None:
        page_w, page_h = section.page_width, section.page_height
        margin_left, margin_top, text_w = (
            section.margin_left,
            section.margin_top,
            section.text_width,
        )
        if pic.h_relative == "page":
            base_x, span = 0.0, page_w
        elif pic.h_relative in {"margin", "column"}:
            base_x, span = margin_left, text_w
        else:
            base_x, span = col_x, text_w
        if pic.h_align == "center":
            x = base_x + (span - pic.width) / 2
        elif pic.h_align == "right":
            x = base_x + span - pic.width
        elif pic.h_align == "left":
            x = base_x
        else:
            x = base_x + pic.h_offset
        if pic.v_relative == "page":
            y = pic.v_offset
        elif pic.v_relative in {"margin", "topMargin"}:
            y = margin_top + pic.v_offset
        else:
            y = par_top + pic.v_offset
        if pic.v_align == "center" and pic.v_relative == "page":
            y = (page_h - pic.height) / 2
        self._draw_picture(pic, x, y, pic.width, pic.height)

    # -- tables ----------------------------------------------------------------------------

    def layout_table(
        self, table: Table, width: float, fields: dict[str, str] | None = None
    ) -> LaidTable:
        cols = list(table.columns)
        total = sum(cols) or 1.0
        if total > width * 1.02 or total < 1:
            scale = width / total
            cols = [c * scale for c in cols]
            total = width
        x_edges = [0.0]
        for c in cols:
            x_edges.append(x_edges[-1] + c)
        offset = table.indent
        if table.align == "center":
            offset = (width - total) / 2
        elif table.align == "right":
            offset = width - total
        rows: list[LaidRow] = []
        open_merge: dict[int, LaidCell] = {}
        for r_i, row in enumerate(table.rows):
            laid = LaidRow(row=row, cells=[], index=r_i)
            for cell in row.cells:
                if cell.span == 0:
                    continue
                c0 = min(cell.grid_col, len(cols) - 1)
                c1 = min(c0 + cell.span, len(cols))
                lc = LaidCell(
                    cell=cell, x=x_edges[c0], width=x_edges[c1] - x_edges[c0], row_index=r_i
                )
                if cell.v_merge == "continue" and c0 in open_merge:
                    open_merge[c0].rows_spanned += 1
                    lc.continuation_of = open_merge[c0]
                else:
                    inner = max(lc.width - cell.margins[1] - cell.margins[3], 1.0)
                    lc.items = self.flow_items(cell.blocks, inner, fields)
                    lc.content_height = sum(it.height for it in lc.items if it.kind != "pagebreak")
                    if cell.v_merge == "restart":
                        open_merge[c0] = lc
                    else:
                        open_merge.pop(c0, None)
                laid.cells.append(lc)
            # Cells not mentioned this row close any merge in their columns.
            rows.append(laid)
        # Row heights.
        for laid in rows:
            need = 0.0
            for lc in laid.cells:
                if lc.continuation_of is None and lc.rows_spanned == 1:
                    m = lc.cell.margins
                    need = max(need, lc.content_height + m[0] + m[2])
            if laid.row.height_rule == "exact" and laid.row.height > 0:
                laid.height = laid.row.height
            else:
                laid.height = max(need, laid.row.height, 1.0)
        for r_i, laid in enumerate(rows):
            for lc in laid.cells:
                if lc.continuation_of is None and lc.rows_spanned > 1:
                    span_rows = rows[r_i : r_i + lc.rows_spanned]
                    have = sum(r.height for r in span_rows)
                    m = lc.cell.margins
                    need = lc.content_height + m[0] + m[2]
                    if need > have and span_rows[-1].row.height_rule != "exact":
                        span_rows[-1].height += need - have
        return LaidTable(rows=rows, width=total, offset=offset)

    def draw_row_part(
        self,
        laid: LaidTable,
        rows: list[LaidRow],
        x0: float,
        top: float,
        parts: dict[int, list[VItem]] | None = None,
        heights: list[float] | None = None,
    ) -> float:
        """Draw consecutive rows (a band) at ``top``; ``parts`` replaces a cell's items (split rows)."""
        pdf = self.pdf
        heights = heights or [r.height for r in rows]
        y_of = [top]
        for h in heights:
            y_of.append(y_of[-1] + h)
        drawn_rows = {r.index for r in rows}
        for ri, laid_row in enumerate(rows):
            for lc in laid_row.cells:
                if lc.continuation_of is not None and lc.continuation_of.row_index in drawn_rows:
                    continue  # drawn by the cell that starts the merge
                if lc.continuation_of is not None:
                    # The merged cell began on an earlier page: draw its frame only.
                    span = 1
                    items: list[VItem] = []
                    owner = lc.continuation_of
                    cell = owner.cell
                else:
                    span = min(lc.rows_spanned, len(rows) - ri)
                    items = parts.get(id(lc), lc.items) if parts is not None else lc.items
                    cell = lc.cell
                x = x0 + laid.offset + lc.x
                y = y_of[ri]
                h = y_of[ri + span] - y
                if cell.fill is not None:
                    pdf.set_fill_color(*cell.fill)
                    pdf.rect(x, y, lc.width, h, style="F")
                m = cell.margins
                content_h = sum(it.height for it in items if it.kind != "pagebreak")
                cy = y + m[0]
                if cell.v_align == "center":
                    cy = y + max((h - content_h) / 2, m[0])
                elif cell.v_align == "bottom":
                    cy = y + max(h - m[2] - content_h, m[0])
                self.draw_items(items, x + m[3], cy, None)
                self._draw_cell_borders(cell, x, y, lc.width, h)
        return y_of[-1]

    def _draw_cell_borders(self, cell: Cell, x: float, y: float, w: float, h: float) -> None:
        pdf = self.pdf
        sides = {
            "top": (x, y, x + w, y),
            "bottom": (x, y + h, x + w, y + h),
            "left": (x, y, x, y + h),
            "right": (x + w, y, x + w, y + h),
        }
        for side, (x1, y1, x2, y2) in sides.items():
            b = cell.borders.get(side)
            if b is None:
                continue
            pdf.set_draw_color(*b.color)
            pdf.set_line_width(b.width)
            pdf.line(x1, y1, x2, y2)
            if b.double:
                d = b.width * 2
                if side in {"top", "bottom"}:
                    pdf.line(
                        x1, y1 + (d if side == "top" else -d), x2, y2 + (d if side == "top" else -d)
                    )
                else:
                    pdf.line(
                        x1 + (d if side == "left" else -d),
                        y1,
                        x2 + (d if side == "left" else -d),
                        y2,
                    )

    # -- generic flow ----------------------------------------------------------------------

    def flow_items(
        self, blocks: list, width: float, fields: dict[str, str] | None = None
    ) -> list[VItem]:  # type: ignore[type-arg]
        items: list[VItem] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                items.extend(self.paragraph_items(block, width, fields))
            elif isinstance(block, Table):
                laid = self.layout_table(block, width, fields)
                items.append(VItem(sum(r.height for r in laid.rows), "table", table=laid))
        return items

    def draw_items(self, items: list[VItem], x: float, y: float, page_box: Section | None) -> float:
        """Draw items without page breaks (cells, headers, footers). Returns the bottom."""
        for it in items:
            if it.kind == "line" and it.line is not None:
                self.draw_line(it.line, x, y, page_box=page_box)
            elif it.kind == "table" and it.table is not None:
                self.draw_row_part(it.table, it.table.rows, x, y)
            y += it.height
        return y

    # -- pages -----------------------------------------------------------------------------

    def render(self) -> bytes:
        self.layout()
        return bytes(self.pdf.output())

    def layout(self) -> int:
        """Lay every page out (text, tables, headers and footers) without writing the file —
        writing subsets and embeds the fonts, the slow part. Returns the page count."""
        first_page = True
        for section in self.model.sections:
            self._grid_pitch = section.grid_pitch
            if first_page or section.start != "continuous":
                self._new_page(section, first_of_section=True)
                first_page = False
            flow = _Flow(self, section)
            blocks = section.blocks
            for b_i, block in enumerate(blocks):
                if isinstance(block, Paragraph):
                    reserve = 0.0
                    if block.keep_with_next and b_i + 1 < len(blocks):
                        reserve = self._first_height(blocks[b_i + 1], section.text_width)
                    flow.paragraph(block, reserve)
                elif isinstance(block, Table):
                    flow.table(block)
        self._draw_headers_and_footers()
        return len(self._page_sections)

    def _first_height(self, block: Paragraph | Table, width: float) -> float:
        if isinstance(block, Paragraph):
            lines = self.lines(block, width)
            return block.space_before + (lines[0].height if lines else 0.0)
        laid = self.layout_table(block, width)
        return laid.rows[0].height if laid.rows else 0.0

    def _new_page(self, section: Section, *, first_of_section: bool = False) -> None:
        self.pdf.add_page(format=(section.page_width, section.page_height))
        self._font = None
        self._page_sections.append((section, first_of_section))

    def _draw_headers_and_footers(self) -> None:
        total = len(self._page_sections)
        for index, (section, first) in enumerate(self._page_sections, start=1):
            header = (
                section.first_header
                if first and section.first_header is not None
                else section.header
            )
            footer = (
                section.first_footer
                if first and section.first_footer is not None
                else section.footer
            )
            if not header and not footer:
                continue
            self.pdf.page = index
            self._font = None
            fields = {"PAGE": str(index), "NUMPAGES": str(total)}
            width = section.text_width
            box = section
            # Drawing on an earlier page: restate the font and colours on that page.
            self.pdf.current_font_is_set_on_page = False
            self.pdf.set_draw_color(0, 0, 0)
            self.pdf.set_fill_color(0, 0, 0)
            self.pdf.set_text_color(0, 0, 0)
            if header:
                items = self.flow_items(header, width, fields)
                self.draw_items(items, section.margin_left, section.header_distance, box)
            if footer:
                items = self.flow_items(footer, width, fields)
                h = sum(it.height for it in items)
                self.draw_items(
                    items,
                    section.margin_left,
                    section.page_height - section.footer_distance - h,
                    box,
                )
        self.pdf.page = total


@dataclass
class LaidCell:
    cell: Cell
    x: float
    width: float
    row_index: int
    items: list[VItem] = field(default_factory=list)
    content_height: float = 0.0
    rows_spanned: int = 1
    continuation_of: LaidCell | None = None


@dataclass
class LaidRow:
    row: Row
    cells: list[LaidCell]
    height: float = 0.0
    index: int = 0


@dataclass
class LaidTable:
    rows: list[LaidRow]
    width: float
    offset: float


class _Flow:
    """The body of one section flowing down pages."""

    def __init__(self, renderer: Renderer, section: Section) -> None:
        self.r = renderer
        self.s = section
        self.top = section.margin_top
        self.bottom = section.page_height - section.margin_bottom
        self.y = self.top
        self.fresh = True  # nothing drawn on this page yet
        self.natural_break = False

    @property
    def box(self) -> Section:
        return self.s

    def new_page(self, *, natural: bool) -> None:
        self.r._new_page(self.s)
        self.y = self.top
        self.fresh = True
        self.natural_break = natural

    def paragraph(self, par: Paragraph, reserve: float = 0.0) -> None:
        items = self.r.paragraph_items(par, self.s.text_width)
        if par.page_break_before and not self.fresh:
            self.new_page(natural=False)
        # Keep a paragraph marked "keep with next" (e.g. a heading) off the foot of a page: if
        # its lines and the first line after it cannot fit, it starts the next page.
        if reserve and not self.fresh:
            total = sum(it.height for it in items) + reserve
            if self.y + total > self.bottom and total < self.bottom - self.top:
                self.new_page(natural=True)
        for k, it in enumerate(items):
            if it.kind == "pagebreak":
                self.new_page(natural=False)
                continue
            if it.kind == "gap":
                if self.fresh and self.natural_break and k == 0:
                    continue  # spacing before is dropped at the top of a page Word started
                self.y += it.height
                continue
            if self.y + it.height > self.bottom + 0.01 and not self.fresh:
                self.new_page(natural=True)
            if it.line is not None:
                self.r.draw_line(it.line, self.s.margin_left, self.y, page_box=self.box)
            self.y += it.height
            self.fresh = False

    def table(self, table: Table) -> None:
        r = self.r
        laid = r.layout_table(table, self.s.text_width)
        header_rows = []
        for row in laid.rows:
            if row.row.is_header:
                header_rows.append(row)
            else:
                break
        bands = _bands(laid.rows)
        x0 = self.s.margin_left
        for band in bands:
            band_h = sum(row.height for row in band)
            if self.y + band_h <= self.bottom + 0.01:
                self.y = r.draw_row_part(laid, band, x0, self.y)
                self.fresh = False
                continue
            splittable = (
                len(band) == 1 and not band[0].row.cant_split and band[0].row.height_rule != "exact"
            )
            if not splittable or self.bottom - self.y < 24:
                if not self.fresh:
                    self.new_page(natural=True)
                    self._repeat_headers(laid, header_rows, band)
                if self.y + band_h <= self.bottom + 0.01 or not splittable:
                    self.y = r.draw_row_part(laid, band, x0, self.y)
                    self.fresh = False
                    continue
            self._split_row(laid, band[0], header_rows)

    def _repeat_headers(
        self, laid: LaidTable, header_rows: list[LaidRow], band: list[LaidRow]
    ) -> None:
        if header_rows and band[0] not in header_rows:
            self.y = self.r.draw_row_part(laid, header_rows, self.s.margin_left, self.y)

    def _split_row(self, laid: LaidTable, row: LaidRow, header_rows: list[LaidRow]) -> None:
        """Draw a row that is taller than the space left, continuing it on following pages."""
        remaining: dict[int, list[VItem]] = {
            id(lc): list(lc.items) for lc in row.cells if lc.continuation_of is None
        }
        while True:
            space = self.bottom - self.y
            now: dict[int, list[VItem]] = {}
            rest: dict[int, list[VItem]] = {}
            used = 0.0
            for lc in row.cells:
                if lc.continuation_of is not None:
                    continue
                m = lc.cell.margins
                room = space - m[0] - m[2]
                taken: list[VItem] = []
                h = 0.0
                items = remaining[id(lc)]
                k = 0
                while k < len(items) and h + items[k].height <= room + 0.01:
                    h += items[k].height
                    taken.append(items[k])
                    k += 1
                now[id(lc)] = taken
                rest[id(lc)] = items[k:]
                used = max(used, h + m[0] + m[2])
            left_over = any(rest.values())
            if not left_over:
                height = max(used, 1.0)
                self.y = self.r.draw_row_part(
                    laid, [row], self.s.margin_left, self.y, parts=now, heights=[height]
                )
                self.fresh = False
                return
            if all(not v for v in now.values()):
                if self.fresh:
                    # Nothing fits even on an empty page: draw the first item anyway.
                    for key, items in rest.items():
                        if items:
                            now[key], rest[key] = items[:1], items[1:]
                            break
                else:
                    self.new_page(natural=True)
                    self._repeat_headers(laid, header_rows, [row])
                    continue
            self.r.draw_row_part(
                laid, [row], self.s.margin_left, self.y, parts=now, heights=[self.bottom - self.y]
            )
            remaining = rest
            self.new_page(natural=True)
            self._repeat_headers(laid, header_rows, [row])


def _bands(rows: list[LaidRow]) -> list[list[LaidRow]]:
    """Group rows joined by vertically merged cells; a band is kept on one page."""
    bands: list[list[LaidRow]] = []
    reach = -1
    for i, row in enumerate(rows):
        if i > reach:
            bands.append([row])
        else:
            bands[-1].append(row)
        for lc in row.cells:
            if lc.continuation_of is None and lc.rows_spanned > 1:
                reach = max(reach, i + lc.rows_spanned - 1)
    return bands


def render_pdf(model: DocumentModel, *, title: str = "", author: str = "") -> bytes:
    return Renderer(model, title=title, author=author).render()


def layout_pages(model: DocumentModel) -> int:
    """The number of pages ``model`` lays out to; raises what laying it out raises."""
    return Renderer(model).layout()

"""Small DOCX builders and PDF readers for the documents tests."""

from __future__ import annotations

import io

import docx
import pypdf


def docx_bytes(build) -> bytes:  # type: ignore[no-untyped-def]
    """A DOCX made by ``build(document)``."""
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    """All text of a DOCX: paragraphs and table cells, in order."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(data).pages)


def pdf_compact(data: bytes) -> str:
    """PDF text without whitespace: Chinese has no spaces, and lines may break anywhere."""
    return "".join(pdf_text(data).split())


def embedded_fonts(data: bytes) -> list[tuple[str, bool, bool]]:
    """(BaseFont, has an embedded TrueType program, has a ToUnicode map) of every font used."""
    found = []
    for page in pdf_reader(data).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            found.append((str(font["/BaseFont"]), "/FontFile2" in descriptor, "/ToUnicode" in font))
    return found


def text_positions(data: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text showing operation on a page, in PDF points from bottom-left."""
    out: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):  # type: ignore[no-untyped-def]
        if text.strip():
            out.append((text, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    pdf_reader(data).pages[page].extract_text(visitor_text=visit)
    return out

"""The pure rendering functions: DOCX templates filled by docxtpl, PDFs laid out with the vendored font."""

from __future__ import annotations

import datetime as dt

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from zhifa.documents.rendering import (
    TemplateProblem,
    cn_date,
    docx_to_pdf,
    inspect_template,
    render_template_bytes,
    rmb_upper,
)
from zhifa.documents.seed_templates import SEED_TEMPLATES, seed_template
from zhifa.documents.tests.conftest import built
from zhifa.documents.tests.helpers import (
    docx_bytes,
    docx_text,
    embedded_fonts,
    pdf_compact,
    pdf_reader,
    text_positions,
)

PARTY = "临猗县嵋阳镇惠民农资经营部（负责人：王秀英）"


def _penalty(**overrides):  # type: ignore[no-untyped-def]
    context = dict(seed_template("penalty_decision").sample_context)
    context.update({"party_name": PARTY, "party_id_number": "92140821MA0L98765Q", **overrides})
    return render_template_bytes(built("penalty_decision"), context)


def test_penalty_decision_renders_chinese_into_docx_and_back_out_of_the_pdf() -> None:
    filled = _penalty()
    text = docx_text(filled)
    assert PARTY in text
    assert "92140821MA0L98765Q" in text  # a table cell
    assert "{{" not in text and "{%" not in text

    pdf = docx_to_pdf(filled, title="行政处罚决定书")
    assert pdf.startswith(b"%PDF-")
    compact = pdf_compact(pdf)
    assert "行政处罚决定书" in compact  # the title
    assert "临猗县市场监督管理局" in compact
    assert "".join(PARTY.split()) in compact  # the party's name
    assert "92140821MA0L98765Q" in compact  # a table cell
    assert "法定代表人（负责人）" in compact  # a table label
    assert "伍仟元整" in compact  # the rmb_upper filter
    assert "2025年3月18日" in compact  # the cn_date filter
    assert pdf_reader(pdf).metadata.title == "行政处罚决定书"


def test_the_font_is_embedded_as_a_subset_with_a_unicode_map() -> None:
    pdf = docx_to_pdf(_penalty())
    fonts = embedded_fonts(pdf)
    assert fonts, "the PDF uses no font"
    for base_font, embedded, to_unicode in fonts:
        assert "NotoSerifSC" in base_font
        assert embedded and to_unicode
    assert len(pdf) < 400_000  # a subset, not the 15 MB font


@pytest.mark.parametrize("seed", SEED_TEMPLATES, ids=lambda s: s.code)
def test_every_seed_template_is_valid_and_renders_its_sample(seed) -> None:  # type: ignore[no-untyped-def]
    data = built(seed.code)
    info = inspect_template(data)
    assert set(info.variables) <= set(seed.sample_context) | {"loop"}
    pdf = docx_to_pdf(render_template_bytes(data, seed.sample_context))
    compact = pdf_compact(pdf)
    assert "".join(seed.sample_context["unit_name"].split()) in compact
    # a template whose title depends on the act prints the title of its sample
    title = seed.sample_context.get("decision_title") or seed.sample_context.get("notice_title")
    assert "".join((title or seed.name).replace("行政执法文书", "").split()) in compact


def test_service_receipt_repeats_a_table_row_per_document() -> None:
    seed = seed_template("service_receipt")
    context = dict(seed.sample_context)
    context["documents"] = [
        {
            "title": f"文书{i}",
            "number": f"临市监〔2025〕{i}号",
            "served_at": f"2025-04-0{i}",
            "method": "留置送达",
        }
        for i in range(1, 4)
    ]
    filled = render_template_bytes(built("service_receipt"), context)
    compact = pdf_compact(docx_to_pdf(filled))
    for i in range(1, 4):
        assert f"临市监〔2025〕{i}号" in compact
        assert f"2025年4月{i}日" in compact


def test_values_are_escaped_and_newlines_start_paragraphs() -> None:
    filled = _penalty(party_name="A&B <贸易> 公司", facts="第一段事实。\n第二段事实。")
    text = docx_text(filled)
    assert "A&B <贸易> 公司" in text
    paragraphs = [p for p in text.splitlines() if "段事实" in p]
    assert len(paragraphs) == 2  # two paragraphs, each with the body's first-line indent
    assert "A&B<贸易>公司" in pdf_compact(docx_to_pdf(filled))


def test_missing_values_render_empty() -> None:
    filled = render_template_bytes(built("order_to_correct"), {"party_name": "张三"})
    text = docx_text(filled)
    assert "张三：" in text
    assert "{{" not in text


def _template_with(text: str) -> bytes:
    return docx_bytes(lambda d: d.add_paragraph(text))


def test_a_broken_placeholder_is_refused_with_a_chinese_message() -> None:
    with pytest.raises(TemplateProblem) as info:
        inspect_template(_template_with("当事人：{{ party_name }"))
    assert info.value.code == "template_syntax"
    assert "模板中的占位符写法有误" in info.value.message
    assert "当事人" in info.value.message  # the text near the error


def test_an_unclosed_block_is_refused() -> None:
    with pytest.raises(TemplateProblem) as info:
        inspect_template(_template_with("{% if fine %}罚款{{ fine }}元"))
    assert info.value.code == "template_syntax"


def test_an_unknown_filter_is_refused_at_upload() -> None:
    with pytest.raises(TemplateProblem) as info:
        inspect_template(_template_with("{{ date|no_such_filter }}"))
    assert "no_such_filter" in info.value.message


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "空的"),
        (b"%PDF-1.4 not a word file", "不是有效的 Word 文档"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc"),
    ],
    ids=["empty", "pdf", "legacy-doc"],
)
def test_a_file_that_is_not_a_docx_is_refused(data: bytes, needle: str) -> None:
    with pytest.raises(TemplateProblem) as info:
        inspect_template(data)
    assert info.value.code == "not_docx"
    assert needle in info.value.message


def test_a_zip_that_is_not_a_docx_is_refused() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(TemplateProblem) as info:
        inspect_template(buf.getvalue())
    assert "word/document.xml" in info.value.message


def test_the_sandbox_refuses_python_internals() -> None:
    template = _template_with("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateProblem) as info:
        render_template_bytes(template, {})
    assert info.value.code in {"template_unsafe", "template_render"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-05", "2025年3月5日"),
        (dt.date(2024, 12, 31), "2024年12月31日"),
        ("2025-03-05T10:00:00+08:00", "2025年3月5日"),
        ("", ""),
        ("不是日期", "不是日期"),
    ],
)
def test_cn_date(value, expected) -> None:  # type: ignore[no-untyped-def]
    assert cn_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5000, "伍仟元整"),
        ("1234.5", "壹仟贰佰叁拾肆元伍角"),
        ("100000", "壹拾万元整"),
        ("10005", "壹万零伍元整"),
        ("1002000.06", "壹佰万贰仟元零陆分"),
        ("0.5", "伍角"),
        ("0", "零元整"),
        ("200000000", "贰亿元整"),
    ],
)
def test_rmb_upper(value, expected) -> None:  # type: ignore[no-untyped-def]
    assert rmb_upper(value) == expected


# --- layout ----------------------------------------------------------------------------------


def _layout_doc(document) -> None:  # type: ignore[no-untyped-def]
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("居中标题")
    run.font.size = Pt(22)
    run.bold = True
    body = document.add_paragraph("正文左对齐")
    body.alignment = WD_ALIGN_PARAGRAPH.LEFT
    date = document.add_paragraph("二〇二五年三月五日")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    blank = document.add_paragraph("签收人：")
    blank.add_run("        ").underline = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("第二页的内容")
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    table.cell(0, 0).text = "表头一"
    table.cell(0, 1).text = "表头二"
    table.cell(1, 0).text = "单元格内容"
    table.cell(1, 1).text = "另一格"


def test_alignment_page_breaks_and_tables_are_laid_out() -> None:
    pdf = docx_to_pdf(docx_bytes(_layout_doc))
    reader = pdf_reader(pdf)
    assert len(reader.pages) == 2
    width = float(reader.pages[0].mediabox.width)
    section = __import__("docx").Document().sections[0]
    left = section.left_margin.pt
    right = width - section.right_margin.pt
    pos = {t: x for t, x, _ in text_positions(pdf, 0)}
    title_x = pos["居中标题"]
    title_w = 4 * 22
    assert abs((title_x + title_w / 2) - (left + right) / 2) < 2  # centred in the text area
    assert abs(pos["正文左对齐"] - left) < 1
    date_w = 9 * 12  # nine characters at the python-docx default 11pt → Word's default style
    assert pos["二〇二五年三月五日"] > right - date_w - 5  # right-aligned
    page2 = pdf_compact(pdf).split("第二页的内容", 1)
    assert len(page2) == 2 and "单元格内容" in page2[1]
    assert "第二页的内容" in reader.pages[1].extract_text()


def test_underlined_blanks_and_table_borders_are_drawn() -> None:
    pdf = docx_to_pdf(docx_bytes(_layout_doc))
    page1 = pdf_reader(pdf).pages[0].get_contents().get_data().decode("latin-1")
    page2 = pdf_reader(pdf).pages[1].get_contents().get_data().decode("latin-1")
    assert " l S" in page1 or " l\nS" in page1  # the underline of the blank
    assert page2.count(" l S") >= 8  # four cells, four sides each


def test_long_text_flows_over_pages_and_tables_split_rows() -> None:
    long = "依法行政，严格规范公正文明执法。" * 300

    def build(document):  # type: ignore[no-untyped-def]
        document.add_paragraph(long)
        table = document.add_table(rows=1, cols=2)
        table.style = document.styles["Table Grid"]
        table.cell(0, 0).text = "案件事实"
        table.cell(0, 1).text = long

    pdf = docx_to_pdf(docx_bytes(build))
    pages = pdf_reader(pdf).pages
    assert len(pages) >= 6
    compact = pdf_compact(pdf)
    assert compact.count("依法行政") == 600  # nothing lost at page or row breaks


def test_headers_footers_and_page_numbers() -> None:
    def build(document):  # type: ignore[no-untyped-def]
        document.sections[0].header.paragraphs[0].text = "内部文件"
        footer = document.sections[0].footer.paragraphs[0]
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        footer.add_run("第")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE ")
        footer._p.append(field)
        footer.add_run("页")
        for i in range(3):
            document.add_paragraph(f"第{i + 1}页正文")
            if i < 2:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    pdf = docx_to_pdf(docx_bytes(build))
    pages = pdf_reader(pdf).pages
    assert len(pages) == 3
    for i, page in enumerate(pages, start=1):
        text = "".join(page.extract_text().split())
        assert "内部文件" in text
        assert f"第{i}页" in text


def test_a_non_docx_cannot_be_converted() -> None:
    with pytest.raises(ValueError, match="not a DOCX"):
        docx_to_pdf(b"hello")

"""The standard templates of the steps of a penalty case render their samples with the key text."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.documents.rendering import docx_to_pdf, render_template_bytes
from zhifa.documents.seed_templates import SEED_TEMPLATES, seed_template
from zhifa.documents.seed_templates_case import CASE_SEED_TEMPLATES
from zhifa.documents.tests.conftest import built
from zhifa.documents.tests.helpers import docx_text, pdf_compact, pdf_reader

HEARING = "有权要求举行听证"


def _pdf(code: str, **overrides: Any) -> bytes:
    context = {**seed_template(code).sample_context, **overrides}
    return docx_to_pdf(render_template_bytes(built(code), context))


def test_the_case_templates_are_standard_templates_with_unique_codes() -> None:
    codes = [s.code for s in SEED_TEMPLATES]
    assert len(codes) == len(set(codes))
    assert {s.code for s in CASE_SEED_TEMPLATES} == {
        "filing_approval",
        "inquiry_record",
        "site_inspection_record",
        "prior_notice",
        "hearing_notice",
        "closure_approval",
    }
    assert all(s in SEED_TEMPLATES for s in CASE_SEED_TEMPLATES)


def test_building_a_case_template_is_deterministic() -> None:
    seed = seed_template("inquiry_record")
    assert seed.build() == seed.build()


KEY_TEXT = {
    "filing_approval": [
        "立案审批表",
        "案件来源监督检查",
        "受案时间2025年3月5日",
        "简要案情",
        "承办人意见",
        "承办机构负责人意见",
        "负责人审批意见",
        "建议立案调查",
    ],
    "inquiry_record": ["询问笔录", "询问时间：2025年3月6日9时10分", "询问地点："],
    "site_inspection_record": [
        "现场检查笔录",
        "检查时间：2025年3月5日14时30分",
        "在场人：张三",
        "检查情况：",
        "已超过保质期",
    ],
    "prior_notice": [
        "行政处罚事先告知书",
        "临市监罚告〔2025〕12号",
        "临猗县示例食品超市：",
        "以上事实有下列证据证明：现场检查笔录",
        "本机关拟对你（单位）作出如下行政处罚：",
        "3．罚款人民币5000元。",
        "享有陈述、申辩的权利",
        "收到本告知书之日起五日内",
        "2025年3月12日",
    ],
    "hearing_notice": [
        "行政处罚听证通知书",
        "临市监听通〔2025〕3号",
        "决定于2025年3月25日9时30分在临猗县市场监督管理局三楼听证室",
        "举行公开听证",
        "由赵六担任听证主持人",
        "有权申请回避",
        "委托一至二人代理",
        "视为放弃听证权利",
    ],
    "closure_approval": [
        "结案审批表",
        "案件编号",
        "决定书文号",
        "决定日期2025年3月18日",
        "执行情况",
        "依法销毁",
        "建议结案",
        "负责人审批意见",
        "2025年3月28日",
    ],
}


@pytest.mark.parametrize("code", sorted(KEY_TEXT))
def test_case_template_sample_renders_its_key_text_into_the_pdf(code: str) -> None:
    seed = seed_template(code)
    filled = render_template_bytes(built(code), seed.sample_context)
    assert "{{" not in docx_text(filled) and "{%" not in docx_text(filled)
    compact = pdf_compact(docx_to_pdf(filled))
    assert "临猗县市场监督管理局" in compact
    for needle in KEY_TEXT[code]:
        assert needle in compact, needle


def test_approval_forms_fit_on_one_page() -> None:
    for code in ("filing_approval", "closure_approval"):
        assert len(pdf_reader(_pdf(code)).pages) == 1, code


@pytest.mark.parametrize("code", ["filing_approval", "closure_approval"])
def test_r_1_1_12_approval_forms_name_two_handlers_with_certificate_numbers(code: str) -> None:
    """R-1.1-12: at least two certificate holders handle the case; the form shows both numbers."""
    officers = [
        {"name": "韩梅", "certificate_number": "14082100911"},
        {"name": "刘强", "certificate_number": "14082100912"},
    ]
    compact = pdf_compact(_pdf(code, officers=officers))
    assert "韩梅（执法证号：14082100911）、刘强（执法证号：14082100912）" in compact


def test_r_1_2_09_r_1_5_03_inquiry_record_shows_certificates_rights_and_recusal() -> None:
    """R-1.2-09 (certificates shown, rights and obligations told) and R-1.5-03 (recusal grounds)."""
    compact = pdf_compact(_pdf("inquiry_record"))
    assert "李四（执法证号：14082100201）、王五（执法证号：14082100202）" in compact
    assert "记录人：王五（执法证号：14082100202）" in compact
    assert "身份证件号码：140821198001010000" in compact
    assert "这是我们的行政执法证件（出示证件）" in compact
    assert "你有权拒绝回答" in compact
    assert "是本案当事人的近亲属" in compact and "有权申请回避" in compact
    assert "答：看清楚了，不申请回避。" in compact
    assert "以上笔录我已看过，与我说的相符。" in compact


def test_inquiry_record_repeats_question_and_answer_and_numbers_its_pages() -> None:
    questions = [{"question": f"第{i}个问题？", "answer": f"第{i}个回答。"} for i in range(1, 31)]
    pdf = _pdf("inquiry_record", questions=questions)
    compact = pdf_compact(pdf)
    for i in (1, 17, 30):
        assert f"问：第{i}个问题？答：第{i}个回答。" in compact
    pages = pdf_reader(pdf).pages
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        text = "".join(page.extract_text().split())
        assert f"被询问人签名：第{n}页共{len(pages)}页" in text


def test_r_1_2_09_site_inspection_record_names_inspectors_and_what_they_told() -> None:
    """R-1.2-09 / R-1.1-12: inspectors with certificate numbers; certificates shown, rights told."""
    compact = pdf_compact(_pdf("site_inspection_record"))
    assert "检查人员：李四（执法证号：14082100201）、王五（执法证号：14082100202）" in compact
    assert "出示了行政执法证件，表明了身份" in compact
    assert "陈述、申辩和申请回避的权利" in compact
    assert "当事人（在场人）签名：第1页共2页" in compact


def test_amb_1_1_d_site_inspection_record_notes_a_refusal_to_sign_with_witness() -> None:
    """AMB-1.1-d: a refusal to sign is noted with the reason, a witness and the AV record."""
    assert "拒签说明" not in pdf_compact(_pdf("site_inspection_record"))
    compact = pdf_compact(
        _pdf(
            "site_inspection_record",
            refused_to_sign=True,
            refusal_reason="认为检查不公正",
            av_record="执法记录仪编号ZF-017",
            witness_name="钱九",
            witness_id_number="140821199002020000",
        )
    )
    assert "拒签说明：当事人（在场人）拒绝在本笔录上签名（理由：认为检查不公正）" in compact
    assert "执法记录仪编号ZF-017" in compact
    assert "见证人：钱九身份证件号码：140821199002020000" in compact


def test_r_1_5_17_prior_notice_tells_facts_reasons_basis_in_writing() -> None:
    """R-1.5-17 / R-1.14-08: facts, evidence, basis and the proposed penalty, and the right to
    state and defend, are in the written notice."""
    compact = pdf_compact(_pdf("prior_notice"))
    assert "经查，2025年3月5日" in compact
    assert "违反了《中华人民共和国食品安全法》第三十四条第十项的规定" in compact
    assert "依据《中华人民共和国食品安全法》第一百二十四条第一款第五项的规定" in compact
    assert "视为放弃陈述、申辩的权利" in compact


def test_r_1_5_17_prior_notice_shows_the_hearing_paragraph_only_with_a_hearing_right() -> None:
    """R-1.5-17: the hearing right is told only when the proposed penalty carries one."""
    without = pdf_compact(_pdf("prior_notice", hearing_right=False))
    assert HEARING not in without and "听证" not in without
    with_right = pdf_compact(_pdf("prior_notice", hearing_right=True, statement_days="三"))
    assert HEARING in with_right
    assert "如要求听证，请于收到本告知书之日起五日内向本机关提出" in with_right
    assert "收到本告知书之日起三日内" in with_right
    # the paragraph sits between the statement right and the address
    assert (
        with_right.index("视为放弃陈述、申辩的权利")
        < with_right.index(HEARING)
        < with_right.index("本机关地址")
    )

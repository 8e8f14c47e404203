"""The closing templates (当场行政处罚决定书, 强制执行申请书) render their samples with the key text."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.documents.rendering import docx_to_pdf, render_template_bytes
from zhifa.documents.seed_templates import SEED_TEMPLATES, seed_template
from zhifa.documents.seed_templates_closing import CLOSING_SEED_TEMPLATES
from zhifa.documents.tests.conftest import built
from zhifa.documents.tests.helpers import docx_text, pdf_compact


def _compact(code: str, **overrides: Any) -> str:
    context = {**seed_template(code).sample_context, **overrides}
    filled = render_template_bytes(built(code), context)
    text = docx_text(filled)
    assert "{{" not in text and "{%" not in text
    return pdf_compact(docx_to_pdf(filled))


def test_the_closing_templates_are_standard_templates() -> None:
    assert {s.code for s in CLOSING_SEED_TEMPLATES} == {
        "simplified_decision",
        "court_enforcement_application",
    }
    assert all(s in SEED_TEMPLATES for s in CLOSING_SEED_TEMPLATES)
    seed = seed_template("simplified_decision")
    assert seed.build() == seed.build()


def test_r_1_14_08_simplified_decision_states_penalty_payment_and_remedies() -> None:
    """R-1.14-08 (remedies, periods, where to go) and R-1.2-09 (certificates shown, informed)."""
    compact = _compact("simplified_decision")
    for needle in (
        "临猗县市场监督管理局",
        "当场行政处罚决定书",
        "临猗市监罚〔2026〕3号",
        "李四（执法证号：14082100201）、王五（执法证号：14082100202）",
        "出示了行政执法证件",
        "第五十一条、第五十二条",
        "2．罚款人民币200元。",
        "大写：贰佰元整",
        "十五日内到临猗县农村商业银行各营业网点缴纳",
        "六十日内向临猗县人民政府申请行政复议",
        "六个月内依法向临猗县人民法院提起行政诉讼",
        "陈述、申辩：当事人表示初次经营",
        "当事人签收",
        "2026年3月5日",
    ):
        assert needle in compact, needle
    assert "已当场收缴" not in compact


def test_r_4_6_04_simplified_decision_paid_on_the_spot_shows_the_receipt_number() -> None:
    compact = _compact("simplified_decision", paid_on_spot=True, receipt_number="SX2026000123")
    assert "已当场收缴，罚款票据号码：SX2026000123" in compact
    assert "十五日内" not in compact


def test_simplified_decision_for_a_warning_only_has_no_payment_paragraph() -> None:
    compact = _compact("simplified_decision", decisions=["警告。"], fine_total="")
    assert "1．警告。" in compact and "罚款人民币" not in compact


def test_r_2_3_25_court_enforcement_application_names_court_decision_and_non_performance() -> None:
    compact = _compact("court_enforcement_application")
    for needle in (
        "强制执行申请书",
        "申请人：临猗县市场监督管理局",
        "被申请人：临猗县示例食品超市",
        "请求依法强制执行申请人作出的临猗市监罚〔2026〕12号《行政处罚决定书》",
        "于2026年3月18日对被申请人销售超过保质期食品一案",
        "已于2026年3月19日依法送达被申请人",
        "截至申请之日，被申请人未缴纳罚没款",
        "应缴纳罚没款人民币5024元，已缴纳人民币0元",
        "行政强制法》第五十三条",
        "此致",
        "临猗县人民法院",
        "2026年4月20日",
    ):
        assert needle in compact, needle


@pytest.mark.parametrize("code", ["simplified_decision", "court_enforcement_application"])
def test_closing_templates_sample_context_fills_every_placeholder(code: str) -> None:
    text = docx_text(render_template_bytes(built(code), seed_template(code).sample_context))
    assert "临猗县市场监督管理局" in text

"""The intake templates (移送函, 受理/不予受理通知书, 查封扣押决定书, 证据通知书, 涉嫌犯罪案件移送书)
render their samples through the real PDF renderer with the key Chinese text."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.documents.constants import TemplateCategory
from zhifa.documents.rendering import docx_to_pdf, render_template_bytes
from zhifa.documents.seed_templates import SEED_TEMPLATES, seed_template
from zhifa.documents.seed_templates_intake import INTAKE_SEED_TEMPLATES
from zhifa.documents.tests.conftest import built
from zhifa.documents.tests.helpers import docx_text, pdf_compact


def _pdf(code: str, **overrides: Any) -> str:
    context = {**seed_template(code).sample_context, **overrides}
    filled = render_template_bytes(built(code), context)
    text = docx_text(filled)
    assert "{{" not in text and "{%" not in text
    return pdf_compact(docx_to_pdf(filled))


def test_the_intake_templates_are_standard_templates() -> None:
    assert {s.code for s in INTAKE_SEED_TEMPLATES} == {
        "case_transfer_letter",
        "permit_acceptance_notice",
        "permit_refusal_notice",
        "seizure_decision",
        "evidence_notice",
        "crime_transfer_letter",
    }
    assert all(s in SEED_TEMPLATES for s in INTAKE_SEED_TEMPLATES)
    codes = [s.code for s in SEED_TEMPLATES]
    assert len(codes) == len(set(codes))
    assert all(s.category in TemplateCategory.values for s in INTAKE_SEED_TEMPLATES)
    seed = seed_template("seizure_decision")
    assert seed.build() == seed.build()


KEY_TEXT = {
    "case_transfer_letter": [
        "案件移送函",
        "临猗市监移〔2025〕2号",
        "临猗县农业农村局：",
        "经核查，该案不属于本机关管辖",
        "经本机关负责人批准，现将该案移送你单位处理",
        "移送理由",
        "不属于本机关管辖",
        "5个工作日内书面告知",
        "1．案件移送函",
        "2．案件来源材料（线索登记及核查情况）",
        "2025年4月3日",
    ],
    "permit_acceptance_notice": [
        "行政许可受理通知书",
        "临猗县示例食品超市：",
        "2025年5月6日提出的食品经营许可申请",
        "决定予以受理",
        "自受理之日起二十个工作日内",
        "受理编号：临猗市监许〔2025〕8号",
        "李四（执法证号：14082100201）、王五（执法证号：14082100202）",
    ],
    "permit_refusal_notice": [
        "行政许可不予受理通知书",
        "经审查，申请事项依法不需要取得行政许可",
        "决定不予受理",
        "六十日内向临猗县人民政府申请行政复议",
        "六个月内依法向临猗县人民法院提起行政诉讼",
    ],
    "seizure_decision": [
        "查封（扣押）决定书",
        "予以扣押",
        "《中华人民共和国行政强制法》第九条",
        "扣押期限为三十日",
        "存放地点：临猗县市场监督管理局涉案财物保管室",
        "六十日内向临猗县人民政府申请行政复议",
        "扣押财物清单",
        "1“XX牌”纯牛奶，250毫升/盒，12盒",
        "执法记录仪ZF-017全程录音录像",
    ],
    "evidence_notice": [
        "先行登记保存证据通知书",
        "先行登记保存",
        "七日内作出处理决定",
        "先行登记保存物品清单",
        "2“XX牌”纯牛奶，250毫升/盒，12盒",
    ],
    "crime_transfer_letter": [
        "涉嫌犯罪案件移送书",
        "临猗县公安局：",
        "涉嫌生产、销售有毒、有害食品罪",
        "不以行政处罚代替移送",
        "1．涉嫌犯罪案件移送书",
        "2．涉嫌犯罪案件调查报告",
        "案件承办人员：李四（执法证号：14082100201）",
        "联系电话：0359-4012345",
        "抄送：临猗县人民检察院（备案",
    ],
}


@pytest.mark.parametrize("code", sorted(KEY_TEXT))
def test_intake_template_sample_renders_its_key_text_into_the_pdf(code: str) -> None:
    compact = _pdf(code)
    assert "临猗县市场监督管理局" in compact
    assert "（印章）" in compact
    for needle in KEY_TEXT[code]:
        assert needle in compact, needle


def test_r_2_2_03_urgent_transfer_letter_asks_for_an_answer_within_24_hours() -> None:
    """R-2.2-03 / R-2.2-05: an urgent transfer asks the receiver to answer within 24 hours."""
    compact = _pdf("case_transfer_letter", urgent=True)
    assert "情况紧急" in compact and "24小时内书面告知" in compact
    assert "5个工作日内书面告知" not in compact


def test_evidence_notice_for_sampling_says_sampling() -> None:
    compact = _pdf(
        "evidence_notice",
        preservation=False,
        notice_title="抽样取证通知书",
        list_title="抽样取证物品清单",
    )
    assert "抽样取证通知书" in compact and "不重复抽样" in compact
    assert "七日内作出处理决定" not in compact
    assert "抽样取证物品清单" in compact

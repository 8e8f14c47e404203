"""The decision-area templates render their samples through the real PDF renderer:
调查终结报告 with the discretion part (system 1.5, R-4.8-03) and 执法决定书 with the remedies
(R-1.14-08)."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.documents.rendering import docx_to_pdf, render_template_bytes
from zhifa.documents.seed_templates import SEED_TEMPLATES, seed_template
from zhifa.documents.seed_templates_decision import DECISION_SEED_TEMPLATES
from zhifa.documents.tests.conftest import built
from zhifa.documents.tests.helpers import docx_text, pdf_compact


def _pdf(code: str, **overrides: Any) -> str:
    context = {**seed_template(code).sample_context, **overrides}
    filled = render_template_bytes(built(code), context)
    assert "{{" not in docx_text(filled) and "{%" not in docx_text(filled)
    return pdf_compact(docx_to_pdf(filled))


def test_the_decision_templates_are_standard_templates() -> None:
    assert {s.code for s in DECISION_SEED_TEMPLATES} == {"investigation_report", "act_decision"}
    assert all(s in SEED_TEMPLATES for s in DECISION_SEED_TEMPLATES)
    seed = seed_template("investigation_report")
    assert seed.build() == seed.build()


def test_r_4_8_03_investigation_report_shows_the_discretion_part() -> None:
    compact = _pdf("investigation_report")
    for needle in (
        "临猗县市场监督管理局",
        "调查终结报告",
        "临猗市监罚〔2025〕12号",
        "一、违法事实",
        "二、证据",
        "三、处理依据",
        "承办人员建议：给予行政处罚。",
        "2．罚款人民币12000元",
        "五、裁量基准适用情况",
        "适用的裁量基准：SJ-124-1",
        "认定的裁量情节：L1配合行政机关查处违法行为有立功表现",
        "基准建议的裁量阶次：从轻处罚，建议罚款幅度5,000元至15,000元",
        "李四（执法证号：14082100201）",
        "2025年3月10日",
    ):
        assert needle in compact, needle
    assert "偏离裁量基准建议的理由" not in compact and "重大执法决定" not in compact


def test_system_1_5_investigation_report_shows_the_departure_reason_and_major_grounds() -> None:
    compact = _pdf(
        "investigation_report",
        departure_reason="货值较大，社会影响较广，按一般阶次处罚。",
        discretion_notes=["罚款金额高于建议阶次上限"],
        is_major=True,
        major_grounds="案件疑难复杂、涉及多个法律关系",
        hearing_right=True,
    )
    assert "偏离裁量基准建议的理由：货值较大，社会影响较广，按一般阶次处罚。" in compact
    assert "裁量提示：罚款金额高于建议阶次上限" in compact
    assert "本案属于重大执法决定（案件疑难复杂、涉及多个法律关系）" in compact
    assert "有权要求听证" in compact


@pytest.mark.parametrize(
    "title", ["不予行政处罚决定书", "准予行政许可决定书", "撤销案件决定书", "行政强制等执法决定书"]
)
def test_r_1_14_08_act_decision_takes_its_title_and_states_the_remedies(title: str) -> None:
    compact = _pdf("act_decision", decision_title=title)
    assert title in compact
    assert "临猗市监罚〔2025〕13号" in compact
    assert "依据《中华人民共和国行政处罚法》第三十三条第一款的规定，本机关决定：" in compact
    assert "六十日内向临猗县人民政府申请行政复议" in compact
    assert "六个月内依法向临猗县人民法院提起行政诉讼" in compact
    assert "临猗县市场监督管理局（印章）" in compact and "2025年3月18日" in compact


def test_act_decision_without_remedies_leaves_the_paragraph_out() -> None:
    compact = _pdf("act_decision", decision_title="撤销案件决定书", remedies="")
    assert "行政复议" not in compact

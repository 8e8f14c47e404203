"""The legal review opinion template (《重大行政执法决定法制审核意见书》, system 1.4) lays out on A4
through the real CJK renderer with its key text."""

from __future__ import annotations

from typing import Any

from zhifa.documents.constants import TemplateCategory
from zhifa.documents.rendering import docx_to_pdf, inspect_template, render_template_bytes
from zhifa.documents.seed_templates import SEED_TEMPLATES, seed_template
from zhifa.documents.seed_templates_review import COPY_LINE, REVIEW_SEED_TEMPLATES
from zhifa.documents.tests.conftest import built
from zhifa.documents.tests.helpers import docx_text, pdf_compact, pdf_reader

CODE = "legal_review_opinion"


def _pdf(**overrides: Any) -> bytes:
    context = {**seed_template(CODE).sample_context, **overrides}
    filled = render_template_bytes(built(CODE), context)
    text = docx_text(filled)
    assert "{{" not in text and "{%" not in text
    return docx_to_pdf(filled)


def test_the_review_template_is_a_standard_template() -> None:
    assert {s.code for s in REVIEW_SEED_TEMPLATES} == {CODE}
    assert all(s in SEED_TEMPLATES for s in REVIEW_SEED_TEMPLATES)
    codes = [s.code for s in SEED_TEMPLATES]
    assert len(codes) == len(set(codes))
    seed = seed_template(CODE)
    assert seed.category in TemplateCategory.values
    assert seed.build() == seed.build()  # same code, same bytes, same hash
    assert set(inspect_template(built(CODE)).variables) <= set(seed.sample_context)


def test_r_1_4_10_r_1_4_11_r_1_4_12_opinion_states_case_checklist_opinion_and_copies() -> None:
    pdf = _pdf()
    reader = pdf_reader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    compact = pdf_compact(pdf)
    for needle in (
        "临猗县市场监督管理局",
        "重大行政执法决定法制审核意见书",
        "临猗市监法审〔2026〕5号",
        "销售超过保质期食品",
        "临猗市监立〔2026〕31号",
        "临猗县示例食品超市",
        "送审人李四",
        "收到完备送审材料时间2026年4月2日",
        "本机构于2026年4月2日收到完备的送审材料",
        # the R-1.4-10 checklist: point, finding, reason
        "审核事项审核结论理由",
        "执法人员是否具备执法资格",
        "违法行为是否涉嫌犯罪、需要移送司法机关",
        "涉案货值金额未达刑事立案追诉标准",
        # the R-1.4-11 opinion, ticked, with its written text and basis
        "■同意□纠正□不予作出□移送",
        "审核意见为：同意。执法主体合法",
        "三、审核依据",
        "第十二条第一项",
        "法制审核机构：法规股（印章）",
        "审核人员：赵六、钱七",
        "2026年4月9日",
        # R-1.4-12: two copies
        "".join(COPY_LINE.split()),
        "（本份：存入执法案卷）",
    ):
        assert needle in compact, needle
    assert "参与审核单位" not in compact


def test_r_1_4_11_another_opinion_is_ticked_and_joint_units_are_shown() -> None:
    """R-1.4-11 (the kind ticked) and R-1.4-05 (a joint decision names the units taking part)."""
    compact = pdf_compact(
        _pdf(
            opinions=[
                {"label": o, "selected": o == "移送"} for o in ("同意", "纠正", "不予作出", "移送")
            ],
            opinion_label="移送",
            opinion_text="当事人的行为涉嫌构成生产、销售不符合安全标准的食品罪，建议移送公安机关。",
            legal_basis="",
            joint_units="临猗县公安局",
            copy_label="法制审核机构留存",
        )
    )
    assert "□同意□纠正□不予作出■移送" in compact
    assert "审核意见为：移送。当事人的行为涉嫌构成" in compact
    assert "三、审核依据" not in compact
    assert "参与审核单位临猗县公安局" in compact
    assert "（本份：法制审核机构留存）" in compact

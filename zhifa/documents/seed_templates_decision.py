"""Seed templates of the decision steps of a case (built with zhifa.documents.seed_docx helpers).

调查终结报告 (``investigation_report``: facts, evidence, basis, the proposed handling and the
discretion part — benchmark, circumstances, suggested tier and range, departure reason — system
1.5, R-4.8-03) and the generic 执法决定书 (``act_decision``: 不予行政处罚决定书, 准予/不予行政许可
决定书, 撤销案件决定书, 行政强制等执法决定书 — title by outcome, number, party, facts, content,
basis and remedies, R-1.14-08). ``seed_templates.SEED_TEMPLATES`` appends them.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from zhifa.documents.seed_docx import (
    SeedTemplate,
    _new_document,
    _number_line,
    _para,
    _row,
    _save,
    _signature,
    _table,
    _title,
)

_OFFICERS = (
    "{% for o in officers %}{{ o.name }}（执法证号：{{ o.certificate_number }}）"
    "{% if not loop.last %}、{% endif %}{% endfor %}"
)


def _heading(doc, text: str):  # type: ignore[no-untyped-def]
    return _para(doc, [(text, {"east_asia": "黑体"})], indent=0, align=WD_ALIGN_PARAGRAPH.LEFT)


def build_investigation_report() -> bytes:
    """调查终结报告: the case, facts, evidence, basis, the proposal and — for a penalty — the
    discretion benchmark, circumstances, suggested tier and range and any departure reason."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "调 查 终 结 报 告")
    _number_line(doc)
    table = _table(doc, [3.8, 4.4, 3.4, 4.0])
    _row(table, ["案    由", ("{{ case_cause }}", 3)], label_cols={0})
    _row(table, ["当 事 人", ("{{ party_name }}", 3)], label_cols={0})
    _row(
        table,
        [
            "统一社会信用代码（身份证件号码）",
            "{{ party_id_number }}",
            "法定代表人（负责人）",
            "{{ legal_representative }}",
        ],
        label_cols={0, 2},
    )
    _row(table, ["住所（住址）", ("{{ party_address }}", 3)], label_cols={0})
    _row(
        table,
        ["立案日期", "{{ filed_on|cn_date }}", "报告稿次", "第{{ revision }}稿"],
        label_cols={0, 2},
    )
    _row(table, ["承 办 人", (_OFFICERS, 3)], label_cols={0})
    _para(doc, "", line=14)
    _heading(doc, "一、违法事实")
    _para(doc, "{{ facts }}")
    _heading(doc, "二、证据")
    _para(doc, "{{ evidence }}")
    _heading(doc, "三、处理依据")
    _para(doc, "{{ legal_basis }}")
    _heading(doc, "四、处理意见")
    _para(doc, "承办人员建议：{{ proposal }}。")
    _para(doc, "{%p for item in proposed_penalties %}", indent=0)
    _para(doc, "{{ loop.index }}．{{ item }}")
    _para(doc, "{%p endfor %}", indent=0)
    _para(doc, "{%p if benchmark %}", indent=0)
    _heading(doc, "五、裁量基准适用情况")
    _para(doc, "适用的裁量基准：{{ benchmark }}")
    _para(
        doc,
        "认定的裁量情节：{% for c in circumstances %}{{ c }}{% if not loop.last %}；{% endif %}{% endfor %}",
    )
    _para(
        doc,
        "基准建议的裁量阶次：{{ suggested_tier }}{% if suggested_range %}，建议罚款幅度{{ suggested_range }}{% endif %}",
    )
    _para(doc, "{%p endif %}", indent=0)
    _para(doc, "{%p if departure_reason %}", indent=0)
    _para(doc, "偏离裁量基准建议的理由：{{ departure_reason }}")
    _para(doc, "{%p endif %}", indent=0)
    _para(doc, "{%p for n in discretion_notes %}", indent=0)
    _para(doc, "裁量提示：{{ n }}")
    _para(doc, "{%p endfor %}", indent=0)
    _para(doc, "{%p if is_major %}", indent=0)
    _para(doc, "本案属于重大执法决定（{{ major_grounds }}），应当经法制审核并集体讨论决定。")
    _para(doc, "{%p endif %}", indent=0)
    _para(doc, "{%p if hearing_right %}", indent=0)
    _para(doc, "拟作出的行政处罚依法应当告知当事人有权要求听证。")
    _para(doc, "{%p endif %}", indent=0)
    _para(doc, "")
    _para(
        doc,
        "承办人员签名：" + "            " + "    {{ written_on|cn_date }}",
        indent=0,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    return _save(doc)


def build_act_decision() -> bytes:
    """执法决定书: the title by outcome, number, party, facts, the decision, basis and remedies."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "{{ decision_title }}")
    _number_line(doc)
    table = _table(doc, [3.8, 4.4, 3.4, 4.0])
    _row(table, ["当 事 人", ("{{ party_name }}", 3)], label_cols={0})
    _row(
        table,
        [
            "统一社会信用代码（身份证件号码）",
            "{{ party_id_number }}",
            "法定代表人（负责人）",
            "{{ legal_representative }}",
        ],
        label_cols={0, 2},
    )
    _row(table, ["住所（住址）", ("{{ party_address }}", 3)], label_cols={0})
    _para(doc, "", line=14)
    _para(doc, "{{ facts }}")
    _para(doc, "依据{{ basis }}的规定，本机关决定：")
    _para(doc, "{{ content }}")
    _para(doc, "{%p if remedies %}", indent=0)
    _para(doc, "{{ remedies }}")
    _para(doc, "{%p endif %}", indent=0)
    _signature(doc)
    return _save(doc)


_UNIT = "临猗县市场监督管理局"
_PARTY = "临猗县示例食品超市"
_OFFICER_LIST = [
    {"name": "李四", "certificate_number": "14082100201"},
    {"name": "王五", "certificate_number": "14082100202"},
]

DECISION_SEED_TEMPLATES: tuple[SeedTemplate, ...] = (
    SeedTemplate(
        code="investigation_report",
        name="调查终结报告",
        category="investigation",
        description="案件调查终结时由承办人员制作，载明违法事实、证据、处理依据和处理意见；拟给予行政处罚的，载明适用的裁量基准、裁量情节、基准建议的阶次和幅度，以及偏离基准的理由。",
        build=build_investigation_report,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临猗市监罚〔2025〕12号",
            "case_cause": "销售超过保质期食品",
            "party_name": _PARTY,
            "party_id_number": "92140821MA0K12345X",
            "legal_representative": "张三",
            "party_address": "临猗县猗氏镇解放路18号",
            "filed_on": "2025-03-06",
            "revision": 1,
            "officers": _OFFICER_LIST,
            "facts": "2025年3月5日，当事人在经营场所货架上陈列销售超过保质期的纯牛奶12盒，货值金额96元，违法所得24元。",
            "evidence": "现场检查笔录、询问笔录、现场照片、进货单据。",
            "legal_basis": "《中华人民共和国食品安全法》第三十四条第十项、第一百二十四条第一款第五项",
            "proposal": "给予行政处罚",
            "proposed_penalties": ["没收违法所得人民币24元", "罚款人民币12000元"],
            "benchmark": "SJ-124-1 销售超过保质期的食品（临猗市监发〔2025〕3号）",
            "circumstances": ["L1 配合行政机关查处违法行为有立功表现"],
            "suggested_tier": "从轻处罚",
            "suggested_range": "5,000元至15,000元",
            "departure_reason": "",
            "discretion_notes": [],
            "is_major": False,
            "major_grounds": "",
            "hearing_right": False,
            "written_on": "2025-03-10",
            "date": "2025-03-10",
        },
    ),
    SeedTemplate(
        code="act_decision",
        name="执法决定书",
        category="decision",
        description="作出不予行政处罚、准予或者不予行政许可、撤销案件以及行政强制等执法决定时使用，标题随决定类型，载明文号、当事人、事实、决定内容、依据和救济途径。",
        build=build_act_decision,
        sample_context={
            "unit_name": _UNIT,
            "decision_title": "不予行政处罚决定书",
            "document_number": "临猗市监罚〔2025〕13号",
            "party_name": _PARTY,
            "party_id_number": "92140821MA0K12345X",
            "legal_representative": "张三",
            "party_address": "临猗县猗氏镇解放路18号",
            "facts": "经查，当事人初次销售超过保质期的纯牛奶2盒，货值金额16元，危害后果轻微，并已及时改正。",
            "basis": "《中华人民共和国行政处罚法》第三十三条第一款",
            "content": "对当事人不予行政处罚。",
            "remedies": "如不服本决定，可以在收到本决定书之日起六十日内向临猗县人民政府申请行政复议，也可以在六个月内依法向临猗县人民法院提起行政诉讼。",
            "date": "2025-03-18",
        },
    ),
)

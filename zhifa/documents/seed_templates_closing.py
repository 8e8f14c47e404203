"""Seed templates of the closing steps of a case (built with zhifa.documents.seed_docx helpers).

- ``simplified_decision`` 当场行政处罚决定书 (简易程序, 《行政处罚法》第五十一、五十二条): the
  officers and their certificates, the facts, the basis, the penalty, how to pay and the remedies
  (R-1.14-08), signed by the party on the spot.
- ``court_enforcement_application`` 强制执行申请书 (R-2.3-25): the unit asks the people's court to
  enforce a decision the party has not performed.
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


def _party_table(doc: object) -> None:
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
    _row(table, ["联系电话", ("{{ party_phone }}", 3)], label_cols={0})
    _para(doc, "", line=14)


def build_simplified_decision() -> bytes:
    """当场行政处罚决定书: on-the-spot penalty (warning and/or a small fine) with the remedies."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "当场行政处罚决定书")
    _number_line(doc)
    _party_table(doc)
    _para(
        doc,
        "执法人员"
        + _OFFICERS
        + "于{{ decided_at_text }}在{{ place }}向你（单位）出示了行政执法证件，"
        "表明了身份，告知了执法事由、依据和你（单位）享有的陈述、申辩等权利。",
    )
    _para(doc, "经查，你（单位）{{ facts }}")
    _para(doc, "{%p if statement %}", indent=0)
    _para(doc, "你（单位）的陈述、申辩：{{ statement }}")
    _para(doc, "{%p endif %}", indent=0)
    _para(
        doc,
        "上述行为违反了{{ legal_basis }}的规定。违法事实确凿并有法定依据，依据"
        "《中华人民共和国行政处罚法》第五十一条、第五十二条的规定，适用简易程序，"
        "当场作出如下行政处罚：",
    )
    _para(doc, "{%p for item in decisions %}", indent=0)
    _para(doc, "{{ loop.index }}．{{ item }}")
    _para(doc, "{%p endfor %}", indent=0)
    _para(doc, "{%p if fine_total %}", indent=0)
    _para(doc, "{%p if paid_on_spot %}", indent=0)
    _para(
        doc,
        "罚款人民币{{ fine_total }}元（大写：{{ fine_total|rmb_upper }}），已当场收缴，"
        "罚款票据号码：{{ receipt_number }}。",
    )
    _para(doc, "{%p else %}", indent=0)
    _para(
        doc,
        "罚款人民币{{ fine_total }}元（大写：{{ fine_total|rmb_upper }}），请在收到本决定书之日起"
        "十五日内到{{ payment_place }}缴纳。逾期不缴纳罚款的，本机关可以每日按罚款数额的百分之三"
        "加处罚款，加处罚款的数额不超出罚款的数额。",
    )
    _para(doc, "{%p endif %}", indent=0)
    _para(doc, "{%p endif %}", indent=0)
    _para(
        doc,
        "如不服本行政处罚决定，可以在收到本决定书之日起六十日内向{{ review_organ }}申请行政复议，"
        "也可以在六个月内依法向{{ court }}提起行政诉讼。申请行政复议或者提起行政诉讼的，"
        "行政处罚不停止执行，法律另有规定的除外。",
    )
    _signature(doc)
    _para(
        doc,
        [
            ("当事人签收：", {}),
            ("                ", {"underline": True}),
            ("          年    月    日", {}),
        ],
        indent=0,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _para(
        doc,
        "执法人员签名：" + "                    ",
        indent=0,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    return _save(doc)


def build_court_enforcement_application() -> bytes:
    """强制执行申请书: the unit asks the court to enforce a decision not performed (R-2.3-25)."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "强制执行申请书")
    _number_line(doc)
    _para(doc, "申请人：{{ unit_name }}", indent=0)
    _para(doc, "被申请人：{{ party_name }}", indent=0)
    _para(doc, "统一社会信用代码（身份证件号码）：{{ party_id_number }}", indent=0)
    _para(doc, "法定代表人（负责人）：{{ legal_representative }}", indent=0)
    _para(doc, "住所（住址）：{{ party_address }}", indent=0)
    _para(doc, "申请事项：", indent=0)
    _para(
        doc,
        "请求依法强制执行申请人作出的{{ decision_number }}《行政处罚决定书》。",
    )
    _para(doc, "事实与理由：", indent=0)
    _para(
        doc,
        "申请人于{{ decided_on|cn_date }}对被申请人{{ case_cause }}一案作出{{ decision_number }}"
        "《行政处罚决定书》，决定：{{ decision_content }}该决定书已于{{ served_on|cn_date }}"
        "依法送达被申请人。",
    )
    _para(
        doc,
        "被申请人在法定期限内未申请行政复议或者提起行政诉讼，又不履行上述行政处罚决定。"
        "{{ non_performance }}",
    )
    _para(doc, "{%p if amount_due %}", indent=0)
    _para(
        doc,
        "被申请人应缴纳罚没款人民币{{ amount_due }}元，已缴纳人民币{{ amount_paid }}元。",
    )
    _para(doc, "{%p endif %}", indent=0)
    _para(
        doc,
        "申请人已依法催告被申请人履行义务。依据《中华人民共和国行政处罚法》第七十二条、"
        "《中华人民共和国行政强制法》第五十三条、第五十四条的规定，特向贵院申请强制执行。",
    )
    _para(doc, "此致", indent=2)
    _para(doc, "{{ court_name }}", indent=0)
    _para(doc, "")
    _para(
        doc,
        "附：1．行政处罚决定书及送达回证；2．催告书及送达回证；3．当事人的意见及申请人的复核意见；"
        "4．申请强制执行标的情况；5．其他有关材料。",
        indent=0,
        size=14,
    )
    _signature(doc)
    return _save(doc)


_UNIT = "临猗县市场监督管理局"
_OFFICER_LIST = [
    {"name": "李四", "certificate_number": "14082100201"},
    {"name": "王五", "certificate_number": "14082100202"},
]

CLOSING_SEED_TEMPLATES: tuple[SeedTemplate, ...] = (
    SeedTemplate(
        code="simplified_decision",
        name="当场行政处罚决定书",
        category="decision",
        description="适用简易程序当场作出行政处罚决定时使用，载明执法人员及证号、违法事实、依据、"
        "处罚内容、缴款方式和救济途径，当场交付当事人。",
        build=build_simplified_decision,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临猗市监罚〔2026〕3号",
            "party_name": "张三",
            "party_id_number": "140821198001010000",
            "legal_representative": "",
            "party_address": "临猗县猗氏镇解放路18号",
            "party_phone": "13800000000",
            "officers": _OFFICER_LIST,
            "decided_at_text": "2026年3月5日10时20分",
            "place": "临猗县猗氏镇解放路18号门前",
            "facts": "于2026年3月5日在猗氏镇解放路18号门前占道摆摊销售未标明生产日期的散装熟食。",
            "statement": "当事人表示初次经营，愿意立即改正。",
            "legal_basis": "《中华人民共和国食品安全法》第六十八条",
            "decisions": ["警告；", "罚款人民币200元。"],
            "fine_total": "200",
            "paid_on_spot": False,
            "receipt_number": "",
            "payment_place": "临猗县农村商业银行各营业网点",
            "review_organ": "临猗县人民政府",
            "court": "临猗县人民法院",
            "date": "2026-03-05",
        },
    ),
    SeedTemplate(
        code="court_enforcement_application",
        name="强制执行申请书",
        category="enforcement",
        description="当事人在法定期限内不申请复议或者提起诉讼、又不履行行政处罚决定，"
        "本机关无强制执行权或者不能强制执行的，向人民法院申请强制执行时使用。",
        build=build_court_enforcement_application,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临猗市监罚〔2026〕12号",
            "party_name": "临猗县示例食品超市",
            "party_id_number": "92140821MA0K12345X",
            "legal_representative": "张三",
            "party_address": "临猗县猗氏镇解放路18号",
            "case_cause": "销售超过保质期食品",
            "decision_number": "临猗市监罚〔2026〕12号",
            "decided_on": "2026-03-18",
            "decision_content": "没收违法所得人民币24元，罚款人民币5000元。",
            "served_on": "2026-03-19",
            "non_performance": "截至申请之日，被申请人未缴纳罚没款。",
            "amount_due": "5024",
            "amount_paid": "0",
            "court_name": "临猗县人民法院",
            "date": "2026-04-20",
        },
    ),
)

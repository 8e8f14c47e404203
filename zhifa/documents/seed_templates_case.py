"""The standard templates of the steps of a penalty case (issue 4), after 山西省行政执法文书式样.

立案审批表, 询问笔录, 现场检查笔录, 行政处罚事先告知书, 行政处罚听证通知书 and 结案审批表, built
with the helpers of ``seed_docx`` like the first three seed templates, each with a sample context
for the same demo case (临猗县示例食品超市, 销售超过保质期食品). ``seed_templates.SEED_TEMPLATES``
appends ``CASE_SEED_TEMPLATES``.
"""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from zhifa.documents.seed_docx import (
    TABLE_SIZE,
    SeedTemplate,
    _font,
    _new_document,
    _number_line,
    _para,
    _row,
    _save,
    _signature,
    _table,
    _title,
)

# Jinja fragments used in several templates: a list of officers with their certificate numbers.
_OFFICERS = (
    "{% for o in officers %}{{ o.name }}（执法证号：{{ o.certificate_number }}）"
    "{% if not loop.last %}、{% endif %}{% endfor %}"
)
_BLANK = "            "
_FORM_WIDTHS = [3.6, 4.2, 3.6, 4.2]


def _opinion_row(table: Any, label: str, opinion: str, signer: str, date: str) -> None:
    """A label cell and, across the rest of the row, an opinion with signature and date under it."""
    row = _row(table, [label, (opinion, 3)], label_cols={0}, height_cm=2.4)
    cell = row.cells[1]
    p = cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = Pt(6)
    pf.space_after = Pt(3)
    _font(p.add_run(f"签名：{signer}    {date}"), size=TABLE_SIZE)


def _field(run: Any, instr: str) -> None:
    """Append a simple field (PAGE, NUMPAGES) after ``run``'s paragraph content."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instr} ")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    field.append(r)
    run._parent._p.append(field)


def _record_footer(doc: Any, signer: str) -> None:
    """笔录 pages: the signer signs every page; "第 X 页 共 Y 页" at the foot of each page."""
    section = doc.sections[0]
    section.bottom_margin = Cm(3.0)
    footer = section.footer
    p = footer.paragraphs[0]
    for child in list(p._p):
        if child.tag != qn("w:pPr"):
            p._p.remove(child)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(p.add_run(f"{signer}签名：{_BLANK}    第 "), size=12)
    _field(p.runs[-1], "PAGE")
    tail = p.add_run(" 页  共 ")
    _font(tail, size=12)
    _field(tail, "NUMPAGES")
    _font(p.add_run(" 页"), size=12)


def _form_document() -> Any:
    """An approval form (审批表) fits one page: the table gets the room of the upper and lower margins."""
    doc = _new_document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    section.footer_distance = Cm(1.5)
    return doc


def _label(doc: Any, label: str, value: str) -> Any:
    """A record line "label：value" with no indent, the label in 黑体."""
    return _para(
        doc, [(label, {"east_asia": "黑体"}), (value, {})], indent=0, align=WD_ALIGN_PARAGRAPH.LEFT
    )


def _sign_line(doc: Any, *labels: str, dated: bool = False) -> Any:
    """Signature blanks to be signed by hand: "label＿＿＿＿" for each label, then the date."""
    parts: list[tuple[str, dict[str, Any]]] = []
    for i, label in enumerate(labels):
        parts += [(("    " if i else "") + label, {}), (_BLANK, {"underline": True})]
    if dated:
        parts.append(("    年    月    日", {}))
    return _para(doc, parts, indent=0, align=WD_ALIGN_PARAGRAPH.LEFT)


# --- the templates ---------------------------------------------------------------------------


def build_filing_approval() -> bytes:
    """立案审批表: source, party, cause, brief facts, the two handlers (R-1.1-12) and the opinions."""
    doc = _form_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "立 案 审 批 表", after=12)
    table = _table(doc, _FORM_WIDTHS)
    _row(
        table,
        ["案件来源", "{{ case_source }}", "受案时间", "{{ received_on|cn_date }}"],
        label_cols={0, 2},
    )
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
        table, ["联系电话", "{{ party_phone }}", "案件编号", "{{ case_number }}"], label_cols={0, 2}
    )
    _row(table, ["简要案情", ("{{ summary }}", 3)], label_cols={0}, height_cm=2.4)
    _row(table, ["承 办 人", (_OFFICERS, 3)], label_cols={0})
    _opinion_row(
        table,
        "承办人意见",
        "{{ handler_opinion }}",
        _BLANK,
        "{{ handler_opinion_on|cn_date }}",
    )
    _opinion_row(
        table,
        "承办机构负责人意见",
        "{{ chief_opinion }}",
        _BLANK,
        "{{ chief_opinion_on|cn_date }}",
    )
    _opinion_row(
        table,
        "负责人审批意见",
        "{{ head_opinion }}",
        _BLANK,
        "{{ head_opinion_on|cn_date }}",
    )
    _row(table, ["备    注", ("{{ remarks }}", 3)], label_cols={0}, height_cm=1.0)
    return _save(doc)


def build_inquiry_record() -> bytes:
    """询问笔录: who asked whom, where and when; certificates shown, rights and recusal told
    (R-1.2-09, R-1.5-03); the questions and answers; the party's confirmation on every page."""
    doc = _new_document()
    _record_footer(doc, "被询问人")
    _title(doc, "{{ unit_name }}")
    _title(doc, "询 问 笔 录", after=12)
    _label(doc, "询问时间：", "{{ time_from }}至{{ time_to }}")
    _label(doc, "询问地点：", "{{ place }}")
    _label(doc, "询 问 人：", _OFFICERS)
    _label(
        doc,
        "记 录 人：",
        "{{ recorder.name }}（执法证号：{{ recorder.certificate_number }}）",
    )
    _label(
        doc,
        "被询问人：",
        "{{ interviewee_name }}    性别：{{ interviewee_gender }}    身份证件号码：{{ interviewee_id_number }}",
    )
    _label(doc, "工作单位及职务：", "{{ interviewee_employer }}")
    _label(doc, "住址：", "{{ interviewee_address }}    联系电话：{{ interviewee_phone }}")
    _label(doc, "与本案关系：", "{{ interviewee_role }}")
    _para(
        doc,
        [
            ("问：", {"east_asia": "黑体"}),
            (
                "我们是{{ unit_name }}的执法人员，这是我们的行政执法证件（出示证件），请你过目。"
                "现依法就{{ case_cause }}一案向你进行询问调查。你应当如实回答询问、协助调查，"
                "不得阻挠；对与本案无关的问题，你有权拒绝回答。你认为执法人员与本案有直接利害关系、"
                "是本案当事人的近亲属或者与本案当事人有其他关系可能影响公正处理的，有权申请回避。"
                "你是否看清了我们的执法证件？是否申请回避？",
                {},
            ),
        ],
        indent=0,
    )
    _para(doc, [("答：", {"east_asia": "黑体"}), ("{{ rights_answer }}", {})], indent=0)
    _para(doc, "{%p for qa in questions %}", indent=0)
    _para(doc, [("问：", {"east_asia": "黑体"}), ("{{ qa.question }}", {})], indent=0)
    _para(doc, [("答：", {"east_asia": "黑体"}), ("{{ qa.answer }}", {})], indent=0)
    _para(doc, "{%p endfor %}", indent=0)
    _para(doc, "（以下空白）", align=WD_ALIGN_PARAGRAPH.CENTER, indent=0)
    _para(doc, "")
    _para(doc, "以上笔录我已看过，与我说的相符。", indent=0)
    _sign_line(doc, "被询问人签名：", dated=True)
    _sign_line(doc, "询问人签名：", "记录人签名：")
    return _save(doc)


def build_site_inspection_record() -> bytes:
    """现场检查笔录: time, place, party, persons present, inspectors with certificates shown and
    rights told (R-1.1-12, R-1.2-09), what was found; signatures, or the refusal to sign with a
    witness and the audio-video record (AMB-1.1-d)."""
    doc = _new_document()
    _record_footer(doc, "当事人（在场人）")
    _title(doc, "{{ unit_name }}")
    _title(doc, "现 场 检 查 笔 录", after=12)
    _label(doc, "检查时间：", "{{ time_from }}至{{ time_to }}")
    _label(doc, "检查地点：", "{{ place }}")
    _label(doc, "当 事 人：", "{{ party_name }}")
    _label(
        doc,
        "统一社会信用代码（身份证件号码）：",
        "{{ party_id_number }}",
    )
    _label(
        doc,
        "法定代表人（负责人）：",
        "{{ legal_representative }}    联系电话：{{ party_phone }}",
    )
    _label(
        doc,
        "在 场 人：",
        "{{ present_name }}    身份证件号码：{{ present_id_number }}    与当事人关系：{{ present_relation }}",
    )
    _label(doc, "检查人员：", _OFFICERS)
    _label(
        doc,
        "记 录 人：",
        "{{ recorder.name }}（执法证号：{{ recorder.certificate_number }}）",
    )
    _para(
        doc,
        "执法人员向当事人（在场人）出示了行政执法证件，表明了身份，告知了检查的事由和依据，"
        "当事人依法享有的陈述、申辩和申请回避的权利，以及如实提供情况、配合检查的义务。"
        "当事人（在场人）{{ informed_reply }}",
    )
    _label(doc, "检查情况：", "")
    _para(doc, "{{ findings }}")
    _label(doc, "现场采取的措施及取得的证据：", "")
    _para(doc, "{{ measures }}")
    _para(doc, "（以下空白）", align=WD_ALIGN_PARAGRAPH.CENTER, indent=0)
    _para(doc, "")
    _sign_line(doc, "当事人（在场人）意见及签名：", dated=True)
    _sign_line(doc, "检查人员签名：", "记录人签名：")
    _para(doc, "{%p if refused_to_sign %}", indent=0)
    _para(
        doc,
        [
            ("拒签说明：", {"east_asia": "黑体"}),
            (
                "当事人（在场人）拒绝在本笔录上签名（理由：{{ refusal_reason }}）。"
                "执法人员已当场在见证人见证下注明情况，检查全过程已录音录像（{{ av_record }}）。",
                {},
            ),
        ],
        indent=0,
    )
    _label(doc, "见 证 人：", "{{ witness_name }}    身份证件号码：{{ witness_id_number }}")
    _sign_line(doc, "见证人签名：", dated=True)
    _para(doc, "{%p endif %}", indent=0)
    return _save(doc)


def build_prior_notice() -> bytes:
    """行政处罚事先告知书: facts, evidence, basis and the proposed penalty told in writing before
    deciding (R-1.5-17, R-1.14-08); the right to state and defend; the hearing paragraph only
    when the proposed penalty gives a right to a hearing (``hearing_right``)."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "行政处罚事先告知书")
    _number_line(doc)
    _para(doc, "{{ party_name }}：", indent=0)
    _para(
        doc,
        "本机关于{{ filed_on|cn_date }}对你（单位）{{ case_cause }}一案立案调查。经查，{{ facts }}",
    )
    _para(doc, "以上事实有下列证据证明：{{ evidence }}")
    _para(
        doc,
        "你（单位）的上述行为违反了{{ legal_basis }}的规定。{{ reasoning }}"
        "依据{{ penalty_basis }}的规定，本机关拟对你（单位）作出如下行政处罚：",
    )
    _para(doc, "{%p for item in proposed_penalties %}", indent=0)
    _para(doc, "{{ loop.index }}．{{ item }}")
    _para(doc, "{%p endfor %}", indent=0)
    _para(
        doc,
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）享有陈述、申辩的权利。"
        "如需陈述、申辩，请于收到本告知书之日起{{ statement_days }}日内向本机关提出，"
        "可以书面提出，也可以口头提出；逾期未提出的，视为放弃陈述、申辩的权利。",
    )
    _para(doc, "{%p if hearing_right %}", indent=0)
    _para(
        doc,
        "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。"
        "如要求听证，请于收到本告知书之日起五日内向本机关提出；逾期未提出的，视为放弃听证的权利。",
    )
    _para(doc, "{%p endif %}", indent=0)
    _para(doc, "本机关地址：{{ unit_address }}")
    _para(doc, "联系人：{{ contact }}    联系电话：{{ contact_phone }}")
    _signature(doc)
    _para(
        doc,
        [("当事人签收：", {}), (_BLANK, {"underline": True}), ("          年    月    日", {})],
        indent=0,
    )
    return _save(doc)


def build_hearing_notice() -> bytes:
    """行政处罚听证通知书: time, place and form of the hearing, who holds it, the party's rights
    including recusal of the hearing staff (R-1.5-03), representation and what not attending means."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "行政处罚听证通知书")
    _number_line(doc)
    _para(doc, "{{ party_name }}：", indent=0)
    _para(
        doc,
        "根据你（单位）于{{ requested_on|cn_date }}提出的听证要求，本机关决定于{{ hearing_time }}"
        "在{{ hearing_place }}就{{ case_cause }}一案举行{{ hearing_form }}听证。",
    )
    _para(
        doc,
        "本次听证由{{ hearing_officer }}担任听证主持人，{{ hearing_members }}担任听证员，"
        "{{ hearing_clerk }}担任记录员。案件调查人员为{{ investigators }}。",
    )
    _para(doc, "你（单位）在听证中依法享有下列权利：")
    _para(
        doc,
        "（一）认为听证主持人、听证员、记录员与本案有直接利害关系、是本案当事人的近亲属或者与本案当事人有其他关系"
        "可能影响公正处理的，有权申请回避。申请回避应当在听证开始前提出，并说明理由；",
    )
    _para(
        doc,
        "（二）可以亲自参加听证，也可以委托一至二人代理。委托代理人参加听证的，应当在听证开始前"
        "向本机关提交由你（单位）签名或者盖章的授权委托书及代理人的身份证明；",
    )
    _para(doc, "（三）就案件事实、证据和适用法律进行陈述、申辩和质证，并可以出示新的证据；")
    _para(doc, "（四）听证结束后核对听证笔录，认为有遗漏或者差错的，有权要求补正。")
    _para(
        doc,
        "请你（单位）或者委托代理人持本通知书及身份证明按时出席听证。无正当理由拒不出席听证"
        "或者未经许可中途退出听证的，视为放弃听证权利，本机关终止听证。",
    )
    _para(doc, "本机关地址：{{ unit_address }}")
    _para(doc, "联系人：{{ contact }}    联系电话：{{ contact_phone }}")
    _signature(doc)
    _para(
        doc,
        [("当事人签收：", {}), (_BLANK, {"underline": True}), ("          年    月    日", {})],
        indent=0,
    )
    return _save(doc)


def build_closure_approval() -> bytes:
    """结案审批表: the case, the decision and how it was carried out, the handlers' and heads' opinions."""
    doc = _form_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "结 案 审 批 表", after=12)
    table = _table(doc, _FORM_WIDTHS)
    _row(
        table,
        ["案件编号", "{{ case_number }}", "立案日期", "{{ filed_on|cn_date }}"],
        label_cols={0, 2},
    )
    _row(table, ["案    由", ("{{ case_cause }}", 3)], label_cols={0})
    _row(table, ["当 事 人", ("{{ party_name }}", 3)], label_cols={0})
    _row(
        table,
        ["法定代表人（负责人）", "{{ legal_representative }}", "联系电话", "{{ party_phone }}"],
        label_cols={0, 2},
    )
    _row(
        table,
        ["决定书文号", "{{ decision_number }}", "决定日期", "{{ decided_on|cn_date }}"],
        label_cols={0, 2},
    )
    _row(table, ["处罚决定内容", ("{{ decision_summary }}", 3)], label_cols={0}, height_cm=2.4)
    _row(table, ["执行情况", ("{{ execution }}", 3)], label_cols={0}, height_cm=2.4)
    _row(table, ["承 办 人", (_OFFICERS, 3)], label_cols={0})
    _opinion_row(
        table, "承办人意见", "{{ handler_opinion }}", _BLANK, "{{ handler_opinion_on|cn_date }}"
    )
    _opinion_row(
        table,
        "承办机构负责人意见",
        "{{ chief_opinion }}",
        _BLANK,
        "{{ chief_opinion_on|cn_date }}",
    )
    _opinion_row(
        table, "负责人审批意见", "{{ head_opinion }}", _BLANK, "{{ head_opinion_on|cn_date }}"
    )
    _row(table, ["备    注", ("{{ remarks }}", 3)], label_cols={0}, height_cm=1.0)
    return _save(doc)


# --- the entries and their sample data (the demo case of ``seed_templates``) ------------------

_UNIT = "临猗县市场监督管理局"
_UNIT_ADDRESS = "临猗县猗氏镇双塔北路66号"
_PARTY = "临猗县示例食品超市"
_CASE_CAUSE = "销售超过保质期食品"
_OFFICER_LIST = [
    {"name": "李四", "certificate_number": "14082100201"},
    {"name": "王五", "certificate_number": "14082100202"},
]
_FACTS = (
    "2025年3月5日，执法人员在你店检查时发现货架上陈列销售超过保质期的“XX牌”纯牛奶12盒"
    "（保质期至2025年2月28日），货值金额共计人民币96元，已售出3盒，违法所得人民币24元。"
)

CASE_SEED_TEMPLATES: tuple[SeedTemplate, ...] = (
    SeedTemplate(
        code="filing_approval",
        name="立案审批表",
        category="filing",
        description="决定立案时填写，载明案件来源、当事人、案由、简要案情，两名以上持证承办人及承办人、承办机构负责人和机关负责人的意见。",
        build=build_filing_approval,
        sample_context={
            "unit_name": _UNIT,
            "case_source": "监督检查",
            "received_on": "2025-03-05",
            "case_cause": _CASE_CAUSE,
            "party_name": _PARTY,
            "party_id_number": "92140821MA0K12345X",
            "legal_representative": "张三",
            "party_address": "临猗县猗氏镇解放路18号",
            "party_phone": "13800000000",
            "case_number": "临市监立〔2025〕31号",
            "summary": _FACTS
            + "\n当事人涉嫌违反《中华人民共和国食品安全法》第三十四条第十项的规定。",
            "officers": _OFFICER_LIST,
            "handler_opinion": "当事人涉嫌销售超过保质期的食品，有违法事实，属本机关管辖，建议立案调查。",
            "handler_opinion_on": "2025-03-05",
            "chief_opinion": "同意立案，由李四、王五承办。",
            "chief_opinion_on": "2025-03-06",
            "head_opinion": "同意。",
            "head_opinion_on": "2025-03-06",
            "remarks": "",
        },
    ),
    SeedTemplate(
        code="inquiry_record",
        name="询问笔录",
        category="investigation",
        description="调查询问当事人或者证人时制作，载明询问人、记录人及其执法证号，出示证件、告知权利和申请回避的情况，问答内容，由被询问人逐页核对签名。",
        build=build_inquiry_record,
        sample_context={
            "unit_name": _UNIT,
            "case_cause": _CASE_CAUSE,
            "time_from": "2025年3月6日9时10分",
            "time_to": "2025年3月6日10时05分",
            "place": "临猗县市场监督管理局猗氏市场监督管理所询问室",
            "officers": _OFFICER_LIST,
            "recorder": {"name": "王五", "certificate_number": "14082100202"},
            "interviewee_name": "张三",
            "interviewee_gender": "男",
            "interviewee_id_number": "140821198001010000",
            "interviewee_employer": "临猗县示例食品超市 负责人",
            "interviewee_address": "临猗县猗氏镇解放路18号",
            "interviewee_phone": "13800000000",
            "interviewee_role": "当事人",
            "rights_answer": "看清楚了，不申请回避。",
            "questions": [
                {
                    "question": "请介绍一下你店的基本情况。",
                    "answer": "我店是个体工商户，营业执照上的经营者是我，主要经营预包装食品、日用品。",
                },
                {
                    "question": "2025年3月5日执法人员在你店货架上发现的12盒“XX牌”纯牛奶是从哪里进的货？",
                    "answer": "是2025年1月从临猗县某某商贸有限公司进的，一共进了24盒，有进货单。",
                },
                {
                    "question": "这些纯牛奶超过保质期后为什么还在销售？",
                    "answer": "店里没有人专门检查日期，没有发现过期了，卖出去了3盒。",
                },
            ],
        },
    ),
    SeedTemplate(
        code="site_inspection_record",
        name="现场检查笔录",
        category="inspection",
        description="现场检查时制作，载明检查时间、地点、当事人、在场人、检查人员及其执法证号、出示证件和告知情况、检查情况；当事人拒绝签名的，注明理由并由见证人见证。",
        build=build_site_inspection_record,
        sample_context={
            "unit_name": _UNIT,
            "time_from": "2025年3月5日14时30分",
            "time_to": "2025年3月5日15时20分",
            "place": "临猗县猗氏镇解放路18号临猗县示例食品超市经营场所",
            "party_name": _PARTY,
            "party_id_number": "92140821MA0K12345X",
            "legal_representative": "张三",
            "party_phone": "13800000000",
            "present_name": "张三",
            "present_id_number": "140821198001010000",
            "present_relation": "负责人",
            "officers": _OFFICER_LIST,
            "recorder": {"name": "王五", "certificate_number": "14082100202"},
            "informed_reply": "表示看清了执法证件，听清了告知内容，不申请回避。",
            "findings": "当事人经营场所面积约80平方米，持有营业执照和食品经营许可证。"
            "执法人员在食品货架第二层发现“XX牌”纯牛奶（250毫升/盒）12盒，"
            "标注生产日期2024年11月30日，保质期90天，即保质期至2025年2月28日，已超过保质期。"
            "\n现场未见当事人建立临期食品检查记录。",
            "measures": "对上述超过保质期的纯牛奶12盒拍照取证并予以扣押（见查封扣押决定书及财物清单）；"
            "复印营业执照、食品经营许可证及进货单据各一份。",
            "refused_to_sign": False,
            "refusal_reason": "",
            "av_record": "",
            "witness_name": "",
            "witness_id_number": "",
        },
    ),
    SeedTemplate(
        code="prior_notice",
        name="行政处罚事先告知书",
        category="notice",
        description="作出行政处罚决定前书面告知当事人拟作出处罚的事实、理由、依据和内容，以及陈述、申辩的权利；符合听证条件的，同时告知听证权利。",
        build=build_prior_notice,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临市监罚告〔2025〕12号",
            "party_name": _PARTY,
            "filed_on": "2025-03-06",
            "case_cause": _CASE_CAUSE,
            "facts": _FACTS,
            "evidence": "现场检查笔录、询问笔录、现场照片、进货单据、营业执照复印件。",
            "legal_basis": "《中华人民共和国食品安全法》第三十四条第十项",
            "reasoning": "鉴于你店积极配合调查、主动下架涉案食品，依照《山西省市场监督管理行政处罚裁量权基准》，可予从轻处罚。",
            "penalty_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第五项",
            "proposed_penalties": [
                "没收违法所得人民币24元；",
                "没收超过保质期的纯牛奶9盒；",
                "罚款人民币5000元。",
            ],
            "statement_days": "五",
            "hearing_right": False,
            "unit_address": _UNIT_ADDRESS,
            "contact": "李四",
            "contact_phone": "0359-4012345",
            "date": "2025-03-12",
        },
    ),
    SeedTemplate(
        code="hearing_notice",
        name="行政处罚听证通知书",
        category="notice",
        description="当事人要求听证的，在举行听证七日前通知当事人听证的时间、地点、主持人，以及申请回避、委托代理等权利。",
        build=build_hearing_notice,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临市监听通〔2025〕3号",
            "party_name": _PARTY,
            "requested_on": "2025-03-14",
            "hearing_time": "2025年3月25日9时30分",
            "hearing_place": "临猗县市场监督管理局三楼听证室",
            "case_cause": _CASE_CAUSE,
            "hearing_form": "公开",
            "hearing_officer": "赵六",
            "hearing_members": "孙七",
            "hearing_clerk": "周八",
            "investigators": "李四、王五",
            "unit_address": _UNIT_ADDRESS,
            "contact": "周八",
            "contact_phone": "0359-4012346",
            "date": "2025-03-17",
        },
    ),
    SeedTemplate(
        code="closure_approval",
        name="结案审批表",
        category="closing",
        description="案件办理终结时填写，载明处罚决定及其执行情况，承办人提出结案意见，报负责人审批。",
        build=build_closure_approval,
        sample_context={
            "unit_name": _UNIT,
            "case_number": "临市监立〔2025〕31号",
            "filed_on": "2025-03-06",
            "case_cause": _CASE_CAUSE,
            "party_name": _PARTY,
            "legal_representative": "张三",
            "party_phone": "13800000000",
            "decision_number": "临市监罚〔2025〕12号",
            "decided_on": "2025-03-18",
            "decision_summary": "没收违法所得人民币24元；没收超过保质期的纯牛奶9盒；罚款人民币5000元。",
            "execution": "当事人于2025年3月25日缴纳罚没款人民币5024元（缴款书号码：1408212503250017），"
            "没收的纯牛奶9盒已于2025年3月26日依法销毁。",
            "officers": _OFFICER_LIST,
            "handler_opinion": "处罚决定已全部履行完毕，建议结案。",
            "handler_opinion_on": "2025-03-27",
            "chief_opinion": "同意结案。",
            "chief_opinion_on": "2025-03-27",
            "head_opinion": "同意。",
            "head_opinion_on": "2025-03-28",
            "remarks": "",
        },
    ),
)

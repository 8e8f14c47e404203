"""The standard templates, built with python-docx so they live in the repository as code.

``zhifa documents seed-templates`` loads them (see ``management/commands/documents.py``); the
demo loader calls that command. Staff then download a template, edit it in Word or WPS and
upload a new version; the seed never overwrites a template that already exists.

Layout follows GB/T 9704-2012 (党政机关公文格式) as county enforcement documents do: A4, margins
37/35/28/26 mm, title in 二号小标宋 centred, body in 三号仿宋 with 28-point lines and a two-character
first-line indent, the document number under the title, signature and date right-aligned,
page numbers "— 1 —" at the foot.
"""

from __future__ import annotations

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
from zhifa.documents.seed_templates_case import CASE_SEED_TEMPLATES
from zhifa.documents.seed_templates_closing import CLOSING_SEED_TEMPLATES
from zhifa.documents.seed_templates_decision import DECISION_SEED_TEMPLATES
from zhifa.documents.seed_templates_intake import INTAKE_SEED_TEMPLATES
from zhifa.documents.seed_templates_review import REVIEW_SEED_TEMPLATES

# --- the templates ---------------------------------------------------------------------------


def build_service_receipt() -> bytes:
    """送达回证: which documents were served on whom, when, how, with the recipient's signature."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "送 达 回 证", after=12)
    table = _table(doc, [4.6, 3.6, 3.0, 4.4])
    _row(table, ["案    由", ("{{ case_cause }}", 3)], label_cols={0})
    _row(table, ["受送达人", ("{{ party_name }}", 3)], label_cols={0})
    _row(table, ["送达地点", ("{{ service_address }}", 3)], label_cols={0})
    _row(
        table,
        ["送达文书名称及文号", "送达时间", "送达方式", "收件人签名或盖章"],
        label_cols={0, 1, 2, 3},
    )
    _row(table, [("{%tr for d in documents %}", 4)])
    _row(
        table,
        ["{{ d.title }}\n{{ d.number }}", "{{ d.served_at|cn_date }}", "{{ d.method }}", ""],
        height_cm=1.6,
    )
    _row(table, [("{%tr endfor %}", 4)])
    _row(table, ["代收人及代收理由", ("{{ proxy }}", 3)], label_cols={0}, height_cm=1.4)
    _row(
        table,
        ["送达人", "{{ servers }}", "见证人", "{{ witness }}"],
        label_cols={0, 2},
        height_cm=1.4,
    )
    _row(table, ["备    注", ("{{ remarks }}", 3)], label_cols={0}, height_cm=1.6)
    _signature(doc)
    _para(
        doc,
        "说明：受送达人拒绝签收的，送达人应当在备注栏注明拒收事由和日期，由送达人、见证人签名或者盖章，把文书留在受送达人的住所，即视为送达。",
        size=12,
        line=20,
        before=12,
    )
    return _save(doc)


def build_order_to_correct() -> bytes:
    """责令改正通知书: the facts, the rule broken, what to correct and by when."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "责令改正通知书")
    _number_line(doc)
    _para(doc, "{{ party_name }}：", indent=0)
    _para(doc, "经查，你（单位）{{ facts }}")
    _para(
        doc,
        "上述行为违反了{{ legal_basis }}的规定。依据{{ order_basis }}的规定，现责令你（单位）：",
    )
    _para(doc, "{%p for m in measures %}", indent=0)
    _para(doc, "{{ loop.index }}．{{ m }}")
    _para(doc, "{%p endfor %}", indent=0)
    _para(
        doc,
        [
            ("请于", {}),
            ("{{ deadline|cn_date }}", {"underline": True}),
            ("前改正，并将改正情况书面报告本机关。逾期不改正的，本机关将依法处理。", {}),
        ],
    )
    _para(
        doc,
        "如不服本通知，可以在收到本通知书之日起六十日内向{{ review_organ }}申请行政复议，或者在六个月内依法向{{ court }}提起行政诉讼。",
    )
    _para(doc, "联系人：{{ contact }}    联系电话：{{ contact_phone }}")
    _signature(doc)
    _para(
        doc,
        [
            ("当事人签收：", {}),
            ("                ", {"underline": True}),
            ("          年    月    日", {}),
        ],
        indent=0,
    )
    return _save(doc)


def build_penalty_decision() -> bytes:
    """行政处罚决定书: the party, facts, evidence, reasons, decision, payment and remedies."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "行政处罚决定书")
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
    _row(
        table, ["联系电话", "{{ party_phone }}", "案件编号", "{{ case_number }}"], label_cols={0, 2}
    )
    _para(doc, "", line=14)
    _para(
        doc,
        "本机关于{{ filed_on|cn_date }}对你（单位）{{ case_cause }}一案立案调查，现已调查终结。",
    )
    _para(doc, "经查，{{ facts }}")
    _para(doc, "以上事实有下列证据证明：{{ evidence }}")
    _para(
        doc,
        "本机关认为，你（单位）的上述行为违反了{{ legal_basis }}的规定。{{ reasoning }}依据{{ penalty_basis }}的规定，本机关决定对你（单位）作出如下行政处罚：",
    )
    _para(doc, "{%p for item in decisions %}", indent=0)
    _para(doc, "{{ loop.index }}．{{ item }}")
    _para(doc, "{%p endfor %}", indent=0)
    _para(doc, "罚款合计人民币{{ fine_total }}元（大写：{{ fine_total|rmb_upper }}）。")
    _para(
        doc,
        "请在收到本决定书之日起十五日内，持本决定书到{{ payment_place }}缴纳罚没款。逾期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。",
    )
    _para(
        doc,
        "如不服本行政处罚决定，可以在收到本决定书之日起六十日内向{{ review_organ }}申请行政复议，也可以在六个月内依法向{{ court }}提起行政诉讼。申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。",
    )
    _signature(doc)
    return _save(doc)


_UNIT = "临猗县市场监督管理局"

_FIRST_SEED_TEMPLATES: tuple[SeedTemplate, ...] = (
    SeedTemplate(
        code="service_receipt",
        name="行政执法文书送达回证",
        category="service",
        description="送达行政执法文书时由受送达人签收，记录送达文书、时间、地点、方式和见证人。",
        build=build_service_receipt,
        sample_context={
            "unit_name": _UNIT,
            "case_cause": "销售过期食品案",
            "party_name": "临猗县示例食品超市（张三）",
            "service_address": "临猗县猗氏镇解放路18号",
            "documents": [
                {
                    "title": "行政处罚决定书",
                    "number": "临市监罚〔2025〕12号",
                    "served_at": "2025-03-10",
                    "method": "直接送达",
                },
                {
                    "title": "责令改正通知书",
                    "number": "临市监责改〔2025〕7号",
                    "served_at": "2025-03-10",
                    "method": "直接送达",
                },
            ],
            "proxy": "",
            "servers": "李四、王五",
            "witness": "赵六",
            "remarks": "",
            "date": "2025-03-10",
        },
    ),
    SeedTemplate(
        code="order_to_correct",
        name="责令改正通知书",
        category="order",
        description="发现违法行为后责令当事人限期改正，载明事实、违反的规定、改正要求和期限。",
        build=build_order_to_correct,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临市监责改〔2025〕7号",
            "party_name": "临猗县示例食品超市",
            "facts": "于2025年3月5日在经营场所货架上陈列销售超过保质期的“XX牌”纯牛奶12盒。",
            "legal_basis": "《中华人民共和国食品安全法》第三十四条第十项",
            "order_basis": "《中华人民共和国食品安全法》第一百二十四条第一款",
            "measures": [
                "立即下架并销毁全部超过保质期的食品；",
                "建立并执行进货查验和临期食品检查制度。",
            ],
            "deadline": "2025-03-17",
            "review_organ": "临猗县人民政府",
            "court": "临猗县人民法院",
            "contact": "李四",
            "contact_phone": "0359-4012345",
            "date": "2025-03-10",
        },
    ),
    SeedTemplate(
        code="penalty_decision",
        name="行政处罚决定书",
        category="decision",
        description="作出行政处罚决定时使用，载明当事人、违法事实、证据、理由和依据、处罚内容、履行方式和救济途径。",
        build=build_penalty_decision,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临市监罚〔2025〕12号",
            "party_name": "临猗县示例食品超市",
            "party_id_number": "92140821MA0K12345X",
            "legal_representative": "张三",
            "party_address": "临猗县猗氏镇解放路18号",
            "party_phone": "13800000000",
            "case_number": "临市监立〔2025〕31号",
            "filed_on": "2025-03-06",
            "case_cause": "销售超过保质期食品",
            "facts": "2025年3月5日，执法人员在你店检查时发现货架上陈列销售超过保质期的“XX牌”纯牛奶12盒（保质期至2025年2月28日），货值金额共计人民币96元，已售出3盒，违法所得人民币24元。\n你店未建立临期食品检查制度，对上述食品未及时清理。",
            "evidence": "现场检查笔录、询问笔录、现场照片、进货单据、营业执照复印件。",
            "legal_basis": "《中华人民共和国食品安全法》第三十四条第十项",
            "reasoning": "鉴于你店积极配合调查、主动下架涉案食品，依照《山西省市场监督管理行政处罚裁量权基准》，可予从轻处罚。",
            "penalty_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第五项",
            "decisions": [
                "没收违法所得人民币24元；",
                "没收超过保质期的纯牛奶9盒；",
                "罚款人民币5000元。",
            ],
            "fine_total": "5000",
            "payment_place": "临猗县农村商业银行各营业网点",
            "review_organ": "临猗县人民政府",
            "court": "临猗县人民法院",
            "date": "2025-03-18",
        },
    ),
)


# The documents of the steps of a penalty case (立案审批表 … 结案审批表).
SEED_TEMPLATES: tuple[SeedTemplate, ...] = (
    _FIRST_SEED_TEMPLATES
    + CASE_SEED_TEMPLATES
    + INTAKE_SEED_TEMPLATES
    + DECISION_SEED_TEMPLATES
    + CLOSING_SEED_TEMPLATES
    + REVIEW_SEED_TEMPLATES
)


def seed_template(code: str) -> SeedTemplate:
    for t in SEED_TEMPLATES:
        if t.code == code:
            return t
    raise KeyError(code)

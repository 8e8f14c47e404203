"""Seed templates of the intake steps of a case (built with zhifa.documents.seed_docx helpers).

案件移送函 (a clue outside the unit's jurisdiction, R-2.2-04), 受理通知书 and 不予受理通知书 of a
permit application, 查封（扣押）决定书 with its 财物清单 (R-1.3-07 measures), 先行登记保存证据通知书 /
抽样取证通知书 with the list of items, and 涉嫌犯罪案件移送书 (R-2.2-10, R-2.3-03, R-2.3-16). The
same official look as the other seed templates: title centred, 文号, party block, body,
signature with the seal and the date. ``seed_templates.SEED_TEMPLATES`` appends
``INTAKE_SEED_TEMPLATES``.
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

_BLANK = "            "
_OFFICERS = (
    "{% for o in officers %}{{ o.name }}（执法证号：{{ o.certificate_number }}）"
    "{% if not loop.last %}、{% endif %}{% endfor %}"
)
_REMEDIES = (
    "如不服本决定，可以在收到本决定书之日起六十日内向{{ review_organ }}申请行政复议，"
    "也可以在六个月内依法向{{ court }}提起行政诉讼。"
)


def _numbered_list(doc: object, var: str) -> None:
    _para(doc, "{%p for m in " + var + " %}", indent=0)
    _para(doc, "{{ loop.index }}．{{ m }}")
    _para(doc, "{%p endfor %}", indent=0)


def _receipt(doc: object, who: str = "当事人签收：") -> None:
    _para(
        doc,
        [(who, {}), (_BLANK, {"underline": True}), ("          年    月    日", {})],
        indent=0,
    )


def _items_table(doc: object, title: str) -> None:
    """A list of property or samples: 序号, 名称、规格、数量, 备注 — one row per item."""
    _para(doc, "")
    _title(doc, title, after=6)
    table = _table(doc, [2.0, 10.6, 3.0])
    _row(table, ["序号", "名称、规格、数量及特征", "备注"], label_cols={0, 1, 2})
    _row(table, [("{%tr for it in items %}", 3)])
    _row(table, ["{{ loop.index }}", "{{ it }}", ""])
    _row(table, [("{%tr endfor %}", 3)])
    _para(doc, "")
    _para(
        doc,
        "以上物品经当事人（见证人）核对无误。",
        indent=0,
    )
    _para(
        doc,
        [
            ("当事人（见证人）签名：", {}),
            (_BLANK, {"underline": True}),
            ("    执法人员签名：", {}),
            (_BLANK, {"underline": True}),
        ],
        indent=0,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )


# --- the templates ---------------------------------------------------------------------------


def build_case_transfer_letter() -> bytes:
    """案件移送函 (R-2.2-04): from the unit to the unit with jurisdiction, one case per letter, with
    the party, the facts, the reasons for the transfer and the list of materials (R-2.2-11)."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "案 件 移 送 函")
    _number_line(doc)
    _para(doc, "{{ receiver_name }}：", indent=0)
    _para(
        doc,
        "本机关于{{ received_on|cn_date }}收到（发现）{{ party_name }}涉嫌违法的案件线索"
        "（来源：{{ source }}）。经核查，该案不属于本机关管辖。根据《临猗县综合行政执法制度汇编》案件移送抄告制度"
        "的规定，经本机关负责人批准，现将该案移送你单位处理。",
    )
    table = _table(doc, [3.8, 11.8])
    _row(table, ["当 事 人", "{{ party_name }}"], label_cols={0})
    _row(
        table,
        ["统一社会信用代码（身份证件号码）", "{{ party_id_number }}"],
        label_cols={0},
    )
    _row(table, ["住所（地址）", "{{ party_address }}"], label_cols={0})
    _row(table, ["涉嫌违法事实", "{{ facts }}"], label_cols={0}, height_cm=2.4)
    _row(table, ["核查情况", "{{ verification }}"], label_cols={0}, height_cm=1.6)
    _row(table, ["移送理由", "{{ reasons }}"], label_cols={0}, height_cm=1.6)
    _para(doc, "", line=14)
    _para(doc, "{%p if urgent %}", indent=0)
    _para(doc, "本案情况紧急，请你单位收到后及时处理，并在24小时内书面告知受理情况。")
    _para(doc, "{%p else %}", indent=0)
    _para(doc, "请你单位在收到本函之日起5个工作日内书面告知本机关受理或者不予受理的情况。")
    _para(doc, "{%p endif %}", indent=0)
    _para(doc, "随函移送材料：", indent=2)
    _numbered_list(doc, "materials")
    _para(doc, "联系人：{{ contact }}    联系电话：{{ contact_phone }}")
    _para(doc, "本机关地址：{{ unit_address }}")
    _signature(doc)
    _receipt(doc, "接收单位签收：")
    return _save(doc)


def build_permit_acceptance_notice() -> bytes:
    """行政许可受理通知书: the application is accepted on the day, with the case number and the
    period within which the decision will be made."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "行政许可受理通知书")
    _number_line(doc)
    _para(doc, "{{ party_name }}：", indent=0)
    _para(
        doc,
        "你（单位）于{{ applied_on|cn_date }}提出的{{ item_name }}申请（申请事项：{{ case_cause }}），"
        "申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条第一款第五项的规定，"
        "本机关决定予以受理。",
    )
    _para(
        doc,
        "本机关将自受理之日起在法定期限内（{{ time_limit }}）对你（单位）的申请进行审查并作出决定。"
        "审查过程中需要现场核查或者补充说明的，本机关将另行通知。",
    )
    _para(doc, "受理编号：{{ case_number }}    受理日期：{{ accepted_on|cn_date }}")
    _para(doc, "承办人员：" + _OFFICERS)
    _para(doc, "联系人：{{ contact }}    联系电话：{{ contact_phone }}")
    _signature(doc)
    _receipt(doc, "申请人签收：")
    return _save(doc)


def build_permit_refusal_notice() -> bytes:
    """行政许可不予受理通知书: the reason for not accepting, and the remedies (review, litigation)."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "行政许可不予受理通知书")
    _number_line(doc)
    _para(doc, "{{ party_name }}：", indent=0)
    _para(
        doc,
        "你（单位）于{{ applied_on|cn_date }}提出的{{ item_name }}申请（申请事项：{{ case_cause }}），"
        "经审查，{{ reason }}",
    )
    _para(
        doc,
        "根据《中华人民共和国行政许可法》第三十二条的规定，本机关决定不予受理。",
    )
    _para(
        doc,
        "如不服本决定，可以在收到本通知书之日起六十日内向{{ review_organ }}申请行政复议，"
        "也可以在六个月内依法向{{ court }}提起行政诉讼。",
    )
    _para(doc, "联系人：{{ contact }}    联系电话：{{ contact_phone }}")
    _signature(doc)
    _receipt(doc, "申请人签收：")
    return _save(doc)


def build_seizure_decision() -> bytes:
    """查封（扣押）决定书: the facts and reasons, the basis, the measure, the property (财物清单),
    its period and place, and the remedies; the measure is recorded on audio and video (R-1.3-07)."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "查封（扣押）决定书")
    _number_line(doc)
    _para(doc, "{{ party_name }}：", indent=0)
    _para(
        doc,
        "本机关在调查你（单位）{{ case_cause }}一案中，于{{ measure_on|cn_date }}在{{ place }}发现：{{ facts }}",
    )
    _para(
        doc,
        "为查清事实、防止证据损毁和危害发生，依据《中华人民共和国行政强制法》第九条、第二十二条、"
        "第二十四条及{{ legal_basis }}的规定，本机关决定对你（单位）的下列场所、设施或者财物"
        "（详见所附财物清单）予以{{ measure }}。",
    )
    _para(
        doc,
        "{{ measure }}期限为{{ period_days }}日，自{{ measure_on|cn_date }}起计算；情况复杂的，"
        "经本机关负责人批准可以延长，但延长期限不超过三十日。{{ measure }}的财物由本机关妥善保管，"
        "存放地点：{{ storage_place }}。在此期间，任何人不得擅自动用、转移、损毁或者隐匿。",
    )
    _para(
        doc,
        "你（单位）有权进行陈述和申辩。"
        + _REMEDIES
        + "申请行政复议或者提起行政诉讼期间，本决定不停止执行。",
    )
    _para(doc, "执法人员：" + _OFFICERS)
    _para(doc, "音像记录：{{ av_record }}")
    _signature(doc)
    _receipt(doc)
    _items_table(doc, "{{ measure }}财物清单")
    return _save(doc)


def build_evidence_notice() -> bytes:
    """先行登记保存证据通知书 / 抽样取证通知书: the items listed, where they are kept, the party's
    duties, the period within which the unit decides (先行登记保存: seven days) and the remedies."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "{{ notice_title }}")
    _number_line(doc)
    _para(doc, "{{ party_name }}：", indent=0)
    _para(doc, "{%p if preservation %}", indent=0)
    _para(
        doc,
        "本机关在调查你（单位）{{ case_cause }}一案中，因证据可能灭失或者以后难以取得，"
        "经本机关负责人批准，依据《中华人民共和国行政处罚法》第五十六条的规定，"
        "于{{ measure_on|cn_date }}在{{ place }}对下列物品（详见所附清单）先行登记保存。",
    )
    _para(
        doc,
        "先行登记保存期间，你（单位）不得销毁、转移或者损毁上述物品。本机关将在七日内作出处理决定，"
        "逾期未作出处理决定的，先行登记保存措施自动解除。保存地点：{{ storage_place }}。",
    )
    _para(doc, "{%p else %}", indent=0)
    _para(
        doc,
        "本机关在调查你（单位）{{ case_cause }}一案中，依据《中华人民共和国行政处罚法》第五十六条"
        "及{{ legal_basis }}的规定，于{{ measure_on|cn_date }}在{{ place }}对下列物品"
        "（详见所附清单）抽样取证。样品数量以满足检验需要为限，不重复抽样。",
    )
    _para(
        doc,
        "样品将送具有法定资质的检验机构检验，检验结果将及时告知你（单位）。"
        "你（单位）对检验结果有异议的，可以依法申请复检。",
    )
    _para(doc, "{%p endif %}", indent=0)
    _para(doc, "执法人员：" + _OFFICERS)
    _para(
        doc,
        "如对本通知不服，可以依法申请行政复议或者提起行政诉讼（复议机关：{{ review_organ }}；人民法院：{{ court }}）。",
    )
    _signature(doc)
    _receipt(doc)
    _items_table(doc, "{{ list_title }}")
    return _save(doc)


def build_crime_transfer_letter() -> bytes:
    """涉嫌犯罪案件移送书 (R-2.2-10, R-3.1-06, R-2.3-03): to the police, naming the transferring
    organ, the suspected offence, the case officers and their phone, the list of materials, under
    the seal; copied to the procuratorate for filing (R-2.3-16)."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "涉嫌犯罪案件移送书")
    _number_line(doc)
    _para(doc, "{{ police_name }}：", indent=0)
    _para(
        doc,
        "本机关在查处{{ party_name }}{{ case_cause }}一案（案件编号：{{ case_number }}，"
        "立案日期：{{ filed_on|cn_date }}）中，发现当事人涉嫌{{ suspected_offence }}。",
    )
    _para(doc, "经查，{{ facts }}")
    _para(doc, "移送理由：{{ reasons }}")
    _para(
        doc,
        "根据《行政执法机关移送涉嫌犯罪案件的规定》和《中华人民共和国行政处罚法》第二十七条的规定，"
        "经本机关负责人批准，现将该案移送你局依法处理。本机关不以行政处罚代替移送。",
    )
    _para(
        doc, "当事人：{{ party_name }}    统一社会信用代码（身份证件号码）：{{ party_id_number }}"
    )
    _para(doc, "住所（住址）：{{ party_address }}")
    _para(doc, "随案移送材料：", indent=2)
    _numbered_list(doc, "materials")
    _para(doc, "案件承办人员：" + _OFFICERS)
    _para(doc, "联系人：{{ contact }}    联系电话：{{ contact_phone }}")
    _signature(doc)
    _para(
        doc,
        "抄送：{{ procuratorate_name }}（备案，附本移送书及移送材料目录、材料复印件）",
        indent=0,
        before=12,
    )
    _receipt(doc, "接收单位签收：")
    return _save(doc)


# --- the entries and their sample data --------------------------------------------------------

_UNIT = "临猗县市场监督管理局"
_PARTY = "临猗县示例食品超市"
_CASE_CAUSE = "销售超过保质期食品"
_OFFICER_LIST = [
    {"name": "李四", "certificate_number": "14082100201"},
    {"name": "王五", "certificate_number": "14082100202"},
]

INTAKE_SEED_TEMPLATES: tuple[SeedTemplate, ...] = (
    SeedTemplate(
        code="case_transfer_letter",
        name="案件移送函",
        category="other",
        description="发现案件不属于本单位管辖的，经负责人批准，以本单位名义一案一移送，书面移送有管辖权的单位，载明当事人、事实、移送理由和移送材料。",
        build=build_case_transfer_letter,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临猗市监移〔2025〕2号",
            "receiver_name": "临猗县农业农村局",
            "received_on": "2025-04-02",
            "party_name": "临猗县某某农资经营部",
            "party_id_number": "92140821MA0K54321Y",
            "party_address": "临猗县北辛乡北辛村",
            "source": "投诉举报（12315-2025-0402-17）",
            "facts": "举报人反映该经营部销售未经登记的农药“XX乳油”。",
            "verification": "经现场核查，该经营部确有“XX乳油”20瓶在售，标签未标注农药登记证号。",
            "reasons": "农药经营违法行为由农业农村主管部门依照《农药管理条例》查处，不属于本机关管辖。",
            "urgent": False,
            "materials": [
                "案件移送函",
                "案件来源材料（线索登记及核查情况）",
                "初步证明涉嫌违法的相关证据材料",
            ],
            "contact": "李四",
            "contact_phone": "0359-4012345",
            "unit_address": "临猗县猗氏镇双塔北路66号",
            "date": "2025-04-03",
        },
    ),
    SeedTemplate(
        code="permit_acceptance_notice",
        name="行政许可受理通知书",
        category="notice",
        description="行政许可申请材料齐全、符合法定形式的，予以受理，告知受理编号、受理日期和审查期限。",
        build=build_permit_acceptance_notice,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临猗市监许〔2025〕8号",
            "party_name": _PARTY,
            "applied_on": "2025-05-06",
            "item_name": "食品经营许可",
            "case_cause": "食品经营许可（新办）",
            "time_limit": "自受理之日起二十个工作日内",
            "case_number": "临猗市监许〔2025〕8号",
            "accepted_on": "2025-05-07",
            "officers": _OFFICER_LIST,
            "contact": "李四",
            "contact_phone": "0359-4012345",
            "date": "2025-05-07",
        },
    ),
    SeedTemplate(
        code="permit_refusal_notice",
        name="行政许可不予受理通知书",
        category="notice",
        description="行政许可申请不予受理的，书面说明理由，并告知申请人申请行政复议或者提起行政诉讼的权利。",
        build=build_permit_refusal_notice,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "",
            "party_name": _PARTY,
            "applied_on": "2025-05-06",
            "item_name": "食品经营许可",
            "case_cause": "食品经营许可（新办）",
            "reason": "申请事项依法不需要取得行政许可（仅销售预包装食品的，实行备案管理）。",
            "review_organ": "临猗县人民政府",
            "court": "临猗县人民法院",
            "contact": "李四",
            "contact_phone": "0359-4012345",
            "date": "2025-05-07",
        },
    ),
    SeedTemplate(
        code="seizure_decision",
        name="查封（扣押）决定书",
        category="decision",
        description="调查中依法查封场所、设施或者财物、扣押财物时制作，载明事实、理由、依据、期限、财物清单和救济途径；全程音像记录。",
        build=build_seizure_decision,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临猗市监罚〔2025〕12号",
            "party_name": _PARTY,
            "case_cause": _CASE_CAUSE,
            "measure": "扣押",
            "measure_on": "2025-03-05",
            "place": "临猗县猗氏镇解放路18号临猗县示例食品超市经营场所",
            "facts": "货架上陈列销售超过保质期的“XX牌”纯牛奶12盒。",
            "legal_basis": "《中华人民共和国食品安全法》第一百一十条第四项",
            "period_days": "三十",
            "storage_place": "临猗县市场监督管理局涉案财物保管室",
            "review_organ": "临猗县人民政府",
            "court": "临猗县人民法院",
            "officers": _OFFICER_LIST,
            "av_record": "执法记录仪ZF-017全程录音录像",
            "items": [
                "“XX牌”纯牛奶，250毫升/盒，12盒，生产日期2024年11月30日",
            ],
            "date": "2025-03-05",
        },
    ),
    SeedTemplate(
        code="evidence_notice",
        name="先行登记保存证据（抽样取证）通知书",
        category="investigation",
        description="先行登记保存证据或者抽样取证时制作，载明物品清单、保存地点、当事人的义务和处理期限。",
        build=build_evidence_notice,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临猗市监罚〔2025〕12号",
            "notice_title": "先行登记保存证据通知书",
            "list_title": "先行登记保存物品清单",
            "preservation": True,
            "party_name": _PARTY,
            "case_cause": _CASE_CAUSE,
            "measure_on": "2025-03-05",
            "place": "临猗县猗氏镇解放路18号临猗县示例食品超市经营场所",
            "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
            "storage_place": "当事人经营场所仓库（就地保存）",
            "review_organ": "临猗县人民政府",
            "court": "临猗县人民法院",
            "officers": _OFFICER_LIST,
            "items": [
                "“XX牌”纯牛奶进货单据，3张",
                "“XX牌”纯牛奶，250毫升/盒，12盒",
            ],
            "date": "2025-03-05",
        },
    ),
    SeedTemplate(
        code="crime_transfer_letter",
        name="涉嫌犯罪案件移送书",
        category="other",
        description="发现违法行为涉嫌犯罪的，经负责人批准移送公安机关，载明移送机关、涉嫌罪名、承办人及电话和移送材料目录，同时抄送人民检察院备案。",
        build=build_crime_transfer_letter,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临猗市监罚〔2025〕15号",
            "police_name": "临猗县公安局",
            "party_name": "临猗县某某食品加工厂",
            "party_id_number": "92140821MA0K67890Z",
            "party_address": "临猗县临晋镇工业园区",
            "case_cause": "生产销售有毒、有害食品",
            "case_number": "临猗市监罚〔2025〕15号",
            "filed_on": "2025-06-03",
            "suspected_offence": "生产、销售有毒、有害食品罪",
            "facts": "当事人在生产腊肉制品过程中添加工业用亚硝酸钠，经检验亚硝酸盐含量超标12倍，已销售货值金额约人民币3.6万元。",
            "reasons": "当事人的行为涉嫌违反《中华人民共和国刑法》第一百四十四条，依法应当追究刑事责任。",
            "materials": [
                "涉嫌犯罪案件移送书",
                "涉嫌犯罪案件调查报告",
                "涉案物品清单",
                "检验报告或者鉴定意见",
                "现场检查笔录、询问笔录、现场照片等其他证据材料",
            ],
            "officers": _OFFICER_LIST,
            "contact": "李四",
            "contact_phone": "0359-4012345",
            "procuratorate_name": "临猗县人民检察院",
            "date": "2025-06-20",
        },
    ),
)

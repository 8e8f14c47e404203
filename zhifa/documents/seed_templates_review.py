"""Seed template of the legal review of a major decision (system 1.4, built with seed_docx helpers).

``legal_review_opinion`` 《重大行政执法决定法制审核意见书》 (R-1.4-10, R-1.4-11, R-1.4-12): the
unit, the case (number, cause, party), who submitted it and when, when the complete set of
materials was received (R-1.4-09, the start of the 10-working-day clock R-1.4-13), the R-1.4-10
checklist as a table (point, finding, reason), the opinion — one of 同意 / 纠正 / 不予作出 /
移送 (R-1.4-11), ticked — with its written text and legal basis, the reviewer(s) and the date,
and the copy line of R-1.4-12 (一式两份). ``zhifa.legal_review.documents.opinion_document_render``
fills it twice, one copy for the case file and one kept by the review body (``copy_label``).

Variables (all strings unless stated):

- ``unit_name`` 执法机关; ``document_number`` 文号; ``copy_label`` 本份的去向 (e.g. 存入执法案卷);
- ``case_number``, ``case_cause``, ``party_name``, ``handling_unit`` 执法承办机构;
- ``submitted_by``, ``submitted_at`` (date), ``complete_at`` (date) 收到完备送审材料之日;
- ``major_grounds`` 重大执法决定情形; ``proposed_decision`` 拟作出的决定; ``joint_units`` 参与
  审核的单位 (R-1.4-05, empty when the decision is not joint);
- ``checklist``: list of ``{"point", "finding", "reason"}`` (R-1.4-10);
- ``opinions``: list of ``{"label", "selected"}`` (bool) — the four opinion kinds, the issued one
  selected; ``opinion_label`` the issued one's name; ``opinion_text`` 书面审核意见;
  ``legal_basis`` 审核依据;
- ``review_body`` 法制审核机构; ``reviewers`` 审核人员; ``date`` 审核日期 (date).
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
    _table,
    _title,
)

# R-1.4-12: the two copies and where each goes.
COPY_LINE = "一式两份：一份送执法承办机构存入执法案卷，一份由法制审核机构留存"


def _heading(doc, text: str):  # type: ignore[no-untyped-def]
    return _para(doc, [(text, {"east_asia": "黑体"})], indent=0, align=WD_ALIGN_PARAGRAPH.LEFT)


def build_legal_review_opinion() -> bytes:
    """重大行政执法决定法制审核意见书: case, submission, checklist, opinion, reviewers, copies."""
    doc = _new_document()
    _title(doc, "{{ unit_name }}")
    _title(doc, "重大行政执法决定法制审核意见书")
    _number_line(doc)
    table = _table(doc, [3.8, 4.4, 3.4, 4.0])
    _row(table, ["案    由", ("{{ case_cause }}", 3)], label_cols={0})
    _row(
        table,
        ["案件编号", "{{ case_number }}", "当 事 人", "{{ party_name }}"],
        label_cols={0, 2},
    )
    _row(
        table,
        ["执法承办机构", "{{ handling_unit }}", "送 审 人", "{{ submitted_by }}"],
        label_cols={0, 2},
    )
    _row(
        table,
        [
            "送审时间",
            "{{ submitted_at|cn_date }}",
            "收到完备送审材料时间",
            "{{ complete_at|cn_date }}",
        ],
        label_cols={0, 2},
    )
    _row(table, ["重大执法决定情形", ("{{ major_grounds }}", 3)], label_cols={0})
    _row(table, ["拟作出的决定", ("{{ proposed_decision }}", 3)], label_cols={0})
    _row(table, [("{%tr if joint_units %}", 4)])
    _row(table, ["参与审核单位", ("{{ joint_units }}", 3)], label_cols={0})
    _row(table, [("{%tr endif %}", 4)])
    _para(doc, "", line=14)
    _heading(doc, "一、审核情况")
    _para(
        doc,
        "本机构于{{ complete_at|cn_date }}收到完备的送审材料，以书面审核为主，"
        "对下列事项进行了合法性、合理性审核：",
    )
    checks = _table(doc, [4.6, 2.6, 8.4])
    _row(checks, ["审核事项", "审核结论", "理由"], label_cols={0, 1, 2})
    _row(checks, [("{%tr for c in checklist %}", 3)])
    _row(checks, ["{{ c.point }}", "{{ c.finding }}", "{{ c.reason }}"])
    _row(checks, [("{%tr endfor %}", 3)])
    _para(doc, "", line=14)
    _heading(doc, "二、审核意见")
    _para(
        doc,
        "{% for o in opinions %}{% if o.selected %}■{% else %}□{% endif %}{{ o.label }}"
        "{% if not loop.last %}    {% endif %}{% endfor %}",
    )
    _para(doc, "审核意见为：{{ opinion_label }}。{{ opinion_text }}")
    _para(doc, "{%p if legal_basis %}", indent=0)
    _heading(doc, "三、审核依据")
    _para(doc, "{{ legal_basis }}")
    _para(doc, "{%p endif %}", indent=0)
    _para(doc, "")
    _para(
        doc,
        "法制审核机构：{{ review_body }}（印章）",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        indent=0,
        right_indent_chars=2,
    )
    _para(
        doc,
        "审核人员：{{ reviewers }}",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        indent=0,
        right_indent_chars=2,
    )
    _para(
        doc,
        "{{ date|cn_date }}",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        indent=0,
        right_indent_chars=2,
    )
    _para(doc, "", line=14)
    _para(
        doc,
        f"本意见书{COPY_LINE}。{{% if copy_label %}}（本份：{{{{ copy_label }}}}）{{% endif %}}",
        size=12,
        line=20,
        indent=0,
    )
    return _save(doc)


_UNIT = "临猗县市场监督管理局"

_CHECKLIST = [
    {
        "point": "执法主体是否合法，执法人员是否具备执法资格",
        "finding": "符合",
        "reason": "本局依法具有食品安全监督管理职权；承办人员李四、王五均持有有效行政执法证件。",
    },
    {
        "point": "执法程序是否合法",
        "finding": "符合",
        "reason": "立案、调查取证、事先告知、听证等程序符合《行政处罚法》规定。",
    },
    {
        "point": "案件事实是否清楚，证据是否合法充分",
        "finding": "符合",
        "reason": "现场检查笔录、询问笔录、进货单据等证据相互印证，取证程序合法。",
    },
    {
        "point": "适用法律是否准确，裁量基准运用是否适当",
        "finding": "符合",
        "reason": "适用《食品安全法》第一百二十四条正确；建议罚款处于基准“一般”阶次，未偏离基准。",
    },
    {
        "point": "执法是否超越法定权限",
        "finding": "符合",
        "reason": "未超越本局法定权限。",
    },
    {
        "point": "执法文书是否完备、规范",
        "finding": "符合",
        "reason": "文书齐全，格式规范。",
    },
    {
        "point": "违法行为是否涉嫌犯罪、需要移送司法机关",
        "finding": "符合",
        "reason": "涉案货值金额未达刑事立案追诉标准，无需移送。",
    },
]

_OPINIONS = ["同意", "纠正", "不予作出", "移送"]

REVIEW_SEED_TEMPLATES: tuple[SeedTemplate, ...] = (
    SeedTemplate(
        code="legal_review_opinion",
        name="重大行政执法决定法制审核意见书",
        category="decision",
        description="法制审核机构对拟作出的重大行政执法决定完成审核后出具，载明审核事项逐项结论和"
        "理由、审核意见（同意、纠正、不予作出、移送）及依据、审核人员；一式两份，一份存入执法"
        "案卷，一份由法制审核机构留存。",
        build=build_legal_review_opinion,
        sample_context={
            "unit_name": _UNIT,
            "document_number": "临猗市监法审〔2026〕5号",
            "copy_label": "存入执法案卷",
            "case_number": "临猗市监立〔2026〕31号",
            "case_cause": "销售超过保质期食品",
            "party_name": "临猗县示例食品超市",
            "handling_unit": "食品安全监督管理股",
            "submitted_by": "李四",
            "submitted_at": "2026-04-01",
            "complete_at": "2026-04-02",
            "major_grounds": "直接关系当事人重大权益；需经过听证程序",
            "proposed_decision": "没收违法所得人民币2400元，罚款人民币100000元。",
            "joint_units": "",
            "checklist": _CHECKLIST,
            "opinions": [{"label": o, "selected": o == "同意"} for o in _OPINIONS],
            "opinion_label": "同意",
            "opinion_text": "执法主体合法，事实清楚，证据合法充分，适用依据准确，裁量适当，"
            "程序合法，文书完备，同意作出拟定的行政处罚决定。",
            "legal_basis": "《临猗县重大行政执法决定法制审核办法》第十一条、第十二条第一项",
            "review_body": "法规股",
            "reviewers": "赵六、钱七",
            "date": "2026-04-09",
        },
    ),
)

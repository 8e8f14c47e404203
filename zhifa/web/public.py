"""The public portal's index: what the rules make public, with the rule that requires it.

The portal lives at /portal/ (``portal:home``); /public/ is a permanent redirect to it. Each
registry contributes its public pages here, grouped into the portal's sections.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

# R-1.2-06: any other platform carries an effective link to the county government portal.
DEFAULT_GOVERNMENT_PORTAL_URL = "http://www.sxly.gov.cn/"


@dataclass(frozen=True)
class PublicLink:
    title: str
    description: str
    url_name: str
    basis: str  # the rule that makes it public


@dataclass(frozen=True)
class PublicSection:
    title: str
    basis: str  # the rules that make the section public
    why: str  # in one sentence, for the reader
    links: tuple[PublicLink, ...]


PUBLIC_SECTIONS: tuple[PublicSection, ...] = (
    PublicSection(
        "执法主体",
        "R-1.2-07、R-1.2-08（一）",
        "县人民政府确认的行政执法主体及其职责、内设执法机构、执法类型和执法区域，应当主动公开。",
        (
            PublicLink(
                "行政执法主体名录",
                "经县政府确认的执法主体：职责、内设执法机构及分工、执法类型、执法区域。",
                "catalog:public_subjects",
                "R-1.2-07",
            ),
        ),
    ),
    PublicSection(
        "权责清单与执法事项",
        "R-1.2-08（二）（四）",
        "每个执法事项的依据、条件、程序、时限和裁量基准，应当主动公开。",
        (
            PublicLink(
                "权责清单",
                "各单位现行执法事项按类型分列：设立依据、实施主体、条件、程序、时限、救济途径。",
                "portal:powers",
                "R-1.2-08",
            ),
            PublicLink(
                "行政执法事项清单",
                "各乡镇、县直部门现行执法事项：类型、设立依据、实施主体、条件、程序、时限。",
                "catalog:public_catalogue",
                "R-1.8-06",
            ),
            PublicLink(
                "清单调整公告",
                "执法事项新增、变更、取消的公布记录。",
                "catalog:public_changes",
                "R-1.8-06",
            ),
            PublicLink(
                "随机抽查事项清单",
                "各单位随机抽查事项的名称、内容、依据和抽查主体。",
                "catalog:public_random_inspection_index",
                "R-1.1-06",
            ),
            PublicLink(
                "行政执法裁量基准",
                "各违法行为的处罚依据、法定幅度和从轻、一般、从重等裁量阶次。",
                "catalog:discretion_public_list",
                "R-1.5-06",
            ),
        ),
    ),
    PublicSection(
        "服务指南与流程图",
        "R-1.2-08（六）、R-1.2-10",
        "许可和服务事项的办事指南、行政执法流程图，应当主动公开。",
        (
            PublicLink(
                "服务指南",
                "许可、确认、给付事项的依据、受理机构、条件、流程、时限和咨询投诉渠道。",
                "portal:guides",
                "R-1.2-10",
            ),
            PublicLink(
                "行政执法流程图",
                "行政处罚（普通程序、简易程序）、行政许可、行政强制的办理流程。",
                "portal:flowcharts",
                "R-1.2-08",
            ),
        ),
    ),
    PublicSection(
        "执法决定",
        "R-1.2-11、R-1.2-12、R-1.2-13",
        "执法决定作出后，许可、处罚决定7个工作日内、其他决定20个工作日内公开。",
        (
            PublicLink(
                "执法决定公示",
                "行政处罚、行政许可、行政强制等执法决定：执法主体、对象、类别、结论、决定日期。",
                "portal:decisions",
                "R-1.2-13",
            ),
        ),
    ),
    PublicSection(
        "执法人员",
        "R-1.2-08（三）、R-1.7-05",
        "执法人员的姓名、单位、职务和执法证件号应当公开，公众可以核验执法证件。",
        (
            PublicLink(
                "行政执法人员名单",
                "持证执法人员的姓名、单位、职务和执法证号。",
                "personnel:public_officer_list",
                "R-1.2-08",
            ),
            PublicLink(
                "执法证件查验",
                "输入执法证号或扫描证件二维码，核实执法人员是否持有有效证件。",
                "personnel:public_verify_lookup",
                "R-1.7-05",
            ),
        ),
    ),
    PublicSection(
        "统计年报",
        "R-1.2-08（二）",
        "各单位年度行政执法数据统计报告，由本平台根据办案数据生成。",
        (
            PublicLink(
                "年度行政执法数据统计报告",
                "各单位每年的案件、决定、罚没金额、听证、法制审核、决定公开及时率等。",
                "portal:reports",
                "R-1.2-08",
            ),
        ),
    ),
    PublicSection(
        "救济与申请",
        "R-1.2-08（五）、R-1.2-16、R-1.2-18、R-1.2-19",
        "不服执法决定可以申请复议或提起诉讼；公示信息不准确可以申请更正；也可以申请政府信息公开。",
        (
            PublicLink(
                "救济渠道",
                "行政复议、行政诉讼的机关和期限，对公示工作的投诉举报渠道，更正与公开申请。",
                "portal:remedies",
                "R-1.2-19",
            ),
        ),
    ),
    PublicSection(
        "核验",
        "R-1.3-19",
        "执法全过程留痕，每日公布校验值，任何人可以核验记录未被篡改。",
        (
            PublicLink(
                "执法留痕账本每日根哈希",
                "全部执法留痕记录的每日校验值，任何人可据此核验记录未被篡改。",
                "ledger:roots",
                "R-1.3-19",
            ),
        ),
    ),
)

PUBLIC_LINKS: tuple[PublicLink, ...] = tuple(
    link for section in PUBLIC_SECTIONS for link in section.links
)


def public_links() -> list[dict[str, str]]:
    return [
        {
            "title": link.title,
            "description": link.description,
            "url": reverse(link.url_name),
            "basis": link.basis,
        }
        for link in PUBLIC_LINKS
    ]


def portal_sections() -> list[dict[str, object]]:
    """The sections of the portal's home page with their links resolved."""
    return [
        {
            "title": section.title,
            "basis": section.basis,
            "why": section.why,
            "links": [
                {
                    "title": link.title,
                    "description": link.description,
                    "url": reverse(link.url_name),
                    "basis": link.basis,
                }
                for link in section.links
            ],
        }
        for section in PUBLIC_SECTIONS
    ]


def government_portal_url() -> str:
    """R-1.2-06: the county government portal (setting ``ZHIFA_GOVERNMENT_PORTAL_URL``)."""
    return getattr(settings, "ZHIFA_GOVERNMENT_PORTAL_URL", "") or DEFAULT_GOVERNMENT_PORTAL_URL


def portal_context(request: object) -> dict[str, str]:
    """Context processor for the portal shell's footer (R-1.2-06); the shell falls back to the
    default address when it is not registered."""
    return {"government_portal_url": government_portal_url()}

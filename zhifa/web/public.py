"""The public portal's index: what the rules make public, with the rule that requires it.

Issue 7 (publication) grows the portal; each registry contributes its public pages here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class PublicLink:
    title: str
    description: str
    url_name: str
    basis: str  # the rule that makes it public


PUBLIC_LINKS: tuple[PublicLink, ...] = (
    PublicLink(
        "行政执法主体名录",
        "经县政府确认的执法主体：职责、内设执法机构及分工、执法类型、执法区域。",
        "catalog:public_subjects",
        "R-1.2-07",
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
    PublicLink(
        "执法留痕账本每日根哈希",
        "全部执法留痕记录的每日校验值，任何人可据此核验记录未被篡改。",
        "ledger:roots",
        "R-1.3-19",
    ),
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

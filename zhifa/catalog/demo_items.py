"""Demo data of the items area: the subject directory, the initial catalogues, a few pending
adjustments in different states, and the unit lists (the lead wires ``demo_seed`` into
``zhifa.demo``; it runs after the organisations and users exist).
"""

from __future__ import annotations

import datetime as dt
import io
import random

import faker
from openpyxl import Workbook

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import users_with_role, users_with_role_anywhere
from zhifa.catalog.constants import ChangeKind, ChangeTrigger, ItemType, UnitListKind
from zhifa.catalog.models import EnforcementItem, EnforcementType
from zhifa.catalog.services.items import (
    IMPORT_COLUMNS,
    item_catalogue_import,
    item_propose,
    item_version_approve,
    item_version_publish,
    item_version_review,
)
from zhifa.catalog.services.lists import (
    unit_list_entry_create,
    unit_list_file,
    unit_list_filing_handle,
)
from zhifa.catalog.services.subjects import subject_confirm, subject_save
from zhifa.demo.data import DEPARTMENT_ENFORCEMENT_TYPES, DEPARTMENTS, TOWNS

CONFIRMATION = ("临政发〔2023〕12号", dt.date(2023, 6, 15))
CATALOGUE_APPROVAL = "临政函〔2023〕35号"
CATALOGUE_EFFECTIVE = dt.date(2023, 7, 1)

# Default time limit and its basis per item type (R-1.5-15: never empty).
TIME_LIMITS: dict[str, tuple[str, str]] = {
    ItemType.PENALTY: ("自立案之日起九十日内作出处理决定", "《中华人民共和国行政处罚法》第六十条"),
    ItemType.PERMIT: ("自受理之日起二十日内作出决定", "《中华人民共和国行政许可法》第四十二条"),
    ItemType.COERCION: ("查封、扣押期限不超过三十日", "《中华人民共和国行政强制法》第二十五条"),
    ItemType.INSPECTION: ("检查结束后五个工作日内告知检查结果", "本单位随机抽查工作细则"),
    ItemType.LEVY: ("自受理之日起十五日内核定", "本单位征收工作规程"),
    ItemType.BENEFIT: ("自受理之日起二十日内发放", "本单位给付工作规程"),
    ItemType.CONFIRMATION: ("自受理之日起二十日内确认", "本单位确认工作规程"),
    ItemType.REWARD: ("每年度评定一次", "本单位奖励办法"),
    ItemType.ADJUDICATION: ("自受理之日起六十日内裁决", "本单位裁决工作规程"),
    ItemType.OTHER: ("自受理之日起二十日内办结", "本单位工作规程"),
}
P, L, C, INS, Q, K = (
    ItemType.PENALTY,
    ItemType.PERMIT,
    ItemType.COERCION,
    ItemType.INSPECTION,
    ItemType.CONFIRMATION,
    ItemType.LEVY,
)

# (item name, type, legal basis) per department.
DEPARTMENT_ITEMS: dict[str, list[tuple[str, str, str]]] = {
    "scjg": [
        (
            "对未取得食品生产经营许可从事食品生产经营活动的处罚",
            P,
            "《中华人民共和国食品安全法》第一百二十二条",
        ),
        ("对生产经营超过保质期食品的处罚", P, "《中华人民共和国食品安全法》第一百二十四条"),
        ("对无照经营的处罚", P, "《无证无照经营查处办法》第十三条"),
        ("对发布虚假广告的处罚", P, "《中华人民共和国广告法》第五十五条"),
        (
            "对销售不符合保障人体健康安全标准的产品的处罚",
            P,
            "《中华人民共和国产品质量法》第四十九条",
        ),
        ("对计量器具作弊的处罚", P, "《中华人民共和国计量法实施细则》第五十一条"),
        ("对价格违法行为的处罚", P, "《价格违法行为行政处罚规定》第七条"),
        ("食品生产许可", L, "《中华人民共和国食品安全法》第三十五条"),
        ("食品经营许可", L, "《中华人民共和国食品安全法》第三十五条"),
        ("查封、扣押不符合食品安全标准的食品", C, "《中华人民共和国食品安全法》第一百一十条"),
        ("食品生产经营监督检查", INS, "《中华人民共和国食品安全法》第一百一十条"),
        ("特种设备安全监督检查", INS, "《中华人民共和国特种设备安全法》第六十一条"),
        ("对特种设备未经定期检验继续使用的处罚", P, "《中华人民共和国特种设备安全法》第八十四条"),
    ],
    "zrzy": [
        ("对非法占用土地的处罚", P, "《中华人民共和国土地管理法》第七十七条"),
        ("对未经批准非法转让土地的处罚", P, "《中华人民共和国土地管理法》第七十四条"),
        ("对无证开采矿产资源的处罚", P, "《中华人民共和国矿产资源法》第三十九条"),
        ("建设用地规划许可", L, "《中华人民共和国城乡规划法》第三十七条"),
        ("采矿许可证核发", L, "《中华人民共和国矿产资源法》第三条"),
        ("土地利用监督检查", INS, "《中华人民共和国土地管理法》第六十七条"),
        ("查封非法开采的设备", C, "《山西省矿产资源管理条例》"),
        ("土地权属争议调处", ItemType.ADJUDICATION, "《中华人民共和国土地管理法》第十四条"),
        ("不动产登记", Q, "《不动产登记暂行条例》第三条"),
        ("对破坏耕地的处罚", P, "《中华人民共和国土地管理法》第七十五条"),
    ],
    "sthj": [
        ("对超标排放大气污染物的处罚", P, "《中华人民共和国大气污染防治法》第九十九条"),
        ("对未批先建建设项目的处罚", P, "《中华人民共和国环境影响评价法》第三十一条"),
        ("对私设暗管排放水污染物的处罚", P, "《中华人民共和国水污染防治法》第八十三条"),
        ("对无证排污的处罚", P, "《排污许可管理条例》第三十三条"),
        ("查封、扣押造成污染物排放的设施设备", C, "《中华人民共和国环境保护法》第二十五条"),
        ("排污单位现场检查", INS, "《中华人民共和国环境保护法》第二十四条"),
        ("建设项目环境影响报告表审批", L, "《中华人民共和国环境影响评价法》第二十二条"),
        ("对违法处置危险废物的处罚", P, "《中华人民共和国固体废物污染环境防治法》第一百一十二条"),
        ("对噪声污染的处罚", P, "《中华人民共和国噪声污染防治法》第七十五条"),
        ("环境信用评价", Q, "《企业环境信用评价办法（试行）》"),
    ],
    "jtys": [
        (
            "对未取得道路运输经营许可从事道路运输的处罚",
            P,
            "《中华人民共和国道路运输条例》第六十三条",
        ),
        ("对货运车辆超限运输的处罚", P, "《公路安全保护条例》第六十四条"),
        ("道路旅客运输经营许可", L, "《中华人民共和国道路运输条例》第十条"),
        ("道路货物运输经营许可", L, "《中华人民共和国道路运输条例》第二十四条"),
        ("暂扣无道路运输证的车辆", C, "《中华人民共和国道路运输条例》第六十七条"),
        ("道路运输企业监督检查", INS, "《中华人民共和国道路运输条例》第五十八条"),
        ("对擅自占用、挖掘公路的处罚", P, "《中华人民共和国公路法》第七十六条"),
        ("对机动车维修经营者未按规定维修的处罚", P, "《机动车维修管理规定》第五十一条"),
        ("公路超限运输许可", L, "《公路安全保护条例》第三十五条"),
        ("出租汽车经营许可", L, "《巡游出租汽车经营服务管理规定》第八条"),
    ],
    "nync": [
        ("对生产经营假农药的处罚", P, "《农药管理条例》第五十五条"),
        ("对经营假劣种子的处罚", P, "《中华人民共和国种子法》第七十五条"),
        ("对违法使用禁用兽药的处罚", P, "《兽药管理条例》第六十二条"),
        ("农药经营许可", L, "《农药管理条例》第二十四条"),
        ("种子生产经营许可", L, "《中华人民共和国种子法》第三十一条"),
        ("动物防疫条件审查", L, "《中华人民共和国动物防疫法》第二十四条"),
        ("查封、扣押假劣农药", C, "《农药管理条例》第四十一条"),
        ("农产品质量安全监督检查", INS, "《中华人民共和国农产品质量安全法》第五十三条"),
        ("对违规屠宰生猪的处罚", P, "《生猪屠宰管理条例》第三十一条"),
        ("对农机安全违法行为的处罚", P, "《农业机械安全监督管理条例》第五十条"),
        (
            "农村土地承包经营纠纷调解",
            ItemType.ADJUDICATION,
            "《中华人民共和国农村土地承包经营纠纷调解仲裁法》",
        ),
    ],
    "whly": [
        (
            "对擅自从事互联网上网服务经营活动的处罚",
            P,
            "《互联网上网服务营业场所管理条例》第二十七条",
        ),
        ("对娱乐场所违规经营的处罚", P, "《娱乐场所管理条例》第四十八条"),
        ("对旅行社未经许可经营的处罚", P, "《中华人民共和国旅游法》第九十五条"),
        ("娱乐场所经营许可", L, "《娱乐场所管理条例》第九条"),
        ("营业性演出许可", L, "《营业性演出管理条例》第十条"),
        ("文化市场经营场所检查", INS, "《文化市场综合行政执法管理办法》"),
        ("对擅自修缮不可移动文物的处罚", P, "《中华人民共和国文物保护法》第六十六条"),
        ("对出版物违法经营的处罚", P, "《出版管理条例》第六十一条"),
        ("封存违法出版物", C, "《出版管理条例》第六十三条"),
        ("文化旅游示范单位评定", ItemType.REWARD, "本单位奖励办法"),
    ],
    "wsjk": [
        ("对非医师行医的处罚", P, "《中华人民共和国基本医疗卫生与健康促进法》第九十九条"),
        ("对医疗机构未取得许可执业的处罚", P, "《医疗机构管理条例》第四十三条"),
        ("对公共场所卫生违法行为的处罚", P, "《公共场所卫生管理条例》第十四条"),
        ("医疗机构执业登记", L, "《医疗机构管理条例》第十五条"),
        ("公共场所卫生许可", L, "《公共场所卫生管理条例》第八条"),
        ("医疗卫生机构监督检查", INS, "《医疗机构管理条例》第四十条"),
        ("对生活饮用水卫生违法行为的处罚", P, "《生活饮用水卫生监督管理办法》第二十六条"),
        ("对职业病防治违法行为的处罚", P, "《中华人民共和国职业病防治法》第七十一条"),
        ("医师执业注册", L, "《中华人民共和国医师法》第十三条"),
        ("控制传染病疫情的临时措施", C, "《中华人民共和国传染病防治法》第四十二条"),
    ],
    "yjgl": [
        (
            "对生产经营单位未按规定进行安全生产教育培训的处罚",
            P,
            "《中华人民共和国安全生产法》第九十七条",
        ),
        ("对未取得危险化学品经营许可证经营的处罚", P, "《危险化学品安全管理条例》第七十七条"),
        ("对事故隐患未采取措施消除的处罚", P, "《中华人民共和国安全生产法》第一百零二条"),
        ("危险化学品经营许可", L, "《危险化学品安全管理条例》第三十三条"),
        ("烟花爆竹经营（零售）许可", L, "《烟花爆竹安全管理条例》第十九条"),
        ("查封、扣押不符合安全标准的设施设备", C, "《中华人民共和国安全生产法》第六十五条"),
        ("安全生产监督检查", INS, "《中华人民共和国安全生产法》第六十五条"),
        ("对生产安全事故责任单位的处罚", P, "《中华人民共和国安全生产法》第一百一十四条"),
        ("对非法储存烟花爆竹的处罚", P, "《烟花爆竹安全管理条例》第三十六条"),
        ("自然灾害救助款物发放", ItemType.BENEFIT, "《自然灾害救助条例》第十九条"),
    ],
    "zjj": [
        ("对施工单位未取得施工许可证擅自施工的处罚", P, "《建筑工程施工许可管理办法》第十二条"),
        ("对违反建筑节能标准的处罚", P, "《民用建筑节能条例》第三十九条"),
        ("对房地产开发企业违规销售商品房的处罚", P, "《商品房销售管理办法》第三十九条"),
        ("建筑工程施工许可", L, "《中华人民共和国建筑法》第七条"),
        ("商品房预售许可", L, "《城市商品房预售管理办法》第六条"),
        ("建筑施工现场安全检查", INS, "《建设工程安全生产管理条例》第四十条"),
        ("对物业服务企业违规的处罚", P, "《物业管理条例》第五十九条"),
        ("城市基础设施配套费征收", K, "《山西省城市基础设施配套费征收管理办法》"),
        ("建筑业企业资质核准", L, "《建筑业企业资质管理规定》第九条"),
        ("对燃气经营违法行为的处罚", P, "《城镇燃气管理条例》第四十五条"),
    ],
    "slj": [
        ("对未经批准擅自取水的处罚", P, "《中华人民共和国水法》第六十九条"),
        ("对在河道管理范围内违法建设的处罚", P, "《中华人民共和国防洪法》第五十七条"),
        ("对非法采砂的处罚", P, "《中华人民共和国河道管理条例》第四十四条"),
        ("取水许可", L, "《取水许可和水资源费征收管理条例》第三条"),
        ("河道管理范围内建设项目审批", L, "《中华人民共和国河道管理条例》第十一条"),
        ("水资源税费征收", K, "《中华人民共和国水法》第四十八条"),
        ("水利工程安全检查", INS, "《水库大坝安全管理条例》第二十二条"),
        ("扣押非法采砂船只机具", C, "《山西省河道采砂管理条例》"),
        ("对水土保持违法行为的处罚", P, "《中华人民共和国水土保持法》第五十五条"),
        ("水事纠纷调处", ItemType.ADJUDICATION, "《中华人民共和国水法》第五十六条"),
    ],
    "cgj": [
        ("对擅自设置大型户外广告的处罚", P, "《城市市容和环境卫生管理条例》第三十六条"),
        ("对占用城市道路摆摊设点的处罚", P, "《城市道路管理条例》第四十二条"),
        ("对乱倒建筑垃圾的处罚", P, "《城市建筑垃圾管理规定》第二十条"),
        ("对违法建设的处罚", P, "《中华人民共和国城乡规划法》第六十四条"),
        ("对露天焚烧垃圾的处罚", P, "《中华人民共和国大气污染防治法》第一百一十八条"),
        ("城市道路占用挖掘许可", L, "《城市道路管理条例》第三十条"),
        ("设置大型户外广告许可", L, "《城市市容和环境卫生管理条例》第十一条"),
        ("暂扣违法摆卖的物品", C, "《山西省城市管理综合行政执法条例》"),
        ("市容环境卫生检查", INS, "《城市市容和环境卫生管理条例》"),
        ("对擅自砍伐城市树木的处罚", P, "《城市绿化条例》第二十六条"),
        ("对餐饮油烟超标排放的处罚", P, "《中华人民共和国大气污染防治法》第一百一十八条"),
    ],
    "rsj": [
        ("对用人单位拖欠劳动者工资的处罚", P, "《保障农民工工资支付条例》第五十五条"),
        ("对用人单位违法招用童工的处罚", P, "《禁止使用童工规定》第六条"),
        ("对用人单位未依法缴纳社会保险费的处罚", P, "《中华人民共和国社会保险法》第八十六条"),
        ("劳务派遣经营许可", L, "《中华人民共和国劳动合同法》第五十七条"),
        ("人力资源服务许可", L, "《人力资源市场暂行条例》第十八条"),
        ("劳动保障监察检查", INS, "《劳动保障监察条例》第十五条"),
        ("工伤认定", Q, "《工伤保险条例》第十七条"),
        ("失业保险金发放", ItemType.BENEFIT, "《失业保险条例》第十四条"),
        ("劳动人事争议仲裁", ItemType.ADJUDICATION, "《中华人民共和国劳动争议调解仲裁法》第五条"),
        ("对用人单位违法延长工作时间的处罚", P, "《劳动保障监察条例》第二十五条"),
    ],
}

# Items each township exercises (R-1.8-03 types; bases of the township catalogue).
TOWNSHIP_ITEMS: list[tuple[str, str, str]] = [
    (
        "对乡村建设中未取得乡村建设规划许可证进行建设的处罚",
        P,
        "《中华人民共和国城乡规划法》第六十五条",
    ),
    ("对擅自设置户外广告的处罚", P, "《城市市容和环境卫生管理条例》第三十六条"),
    ("对占道经营的处罚", P, "《山西省城市市容和环境卫生管理办法》第四十一条"),
    ("对露天焚烧秸秆的处罚", P, "《中华人民共和国大气污染防治法》第一百一十九条"),
    ("对农村村民未经批准占用土地建住宅的处罚", P, "《中华人民共和国土地管理法》第七十八条"),
    ("对违法燃放烟花爆竹的处罚", P, "《烟花爆竹安全管理条例》第四十二条"),
    ("对乱倒垃圾的处罚", P, "《城市市容和环境卫生管理条例》第三十四条"),
    ("对在禁牧区放牧的处罚", P, "《山西省禁牧条例》"),
    ("对违规饲养犬只的处罚", P, "《山西省动物防疫条例》"),
    ("对破坏基本农田的处罚", P, "《基本农田保护条例》第三十三条"),
    ("农村村民宅基地审批", L, "《中华人民共和国土地管理法》第六十二条"),
    ("乡村建设规划许可", L, "《中华人民共和国城乡规划法》第四十一条"),
    ("强制拆除违法建筑物", C, "《中华人民共和国城乡规划法》第六十五条"),
    ("农村危房改造补助发放", ItemType.BENEFIT, "《山西省农村危房改造补助资金管理办法》"),
    ("对农村自建房安全的检查", INS, "《山西省农村自建房安全管理办法》"),
]


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.create_sheet("执法事项清单", 0)
    del wb[wb.sheetnames[1]]
    ws.append([label for _, label in IMPORT_COLUMNS])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _row(
    code: str, name: str, item_type: str, et: str, basis: str, subject: str, local: bool
) -> list[str]:
    limit, limit_basis = TIME_LIMITS[item_type]
    procedures: dict[str, str] = {
        ItemType.PENALTY: "立案—调查取证—告知—听取陈述申辩（听证）—法制审核—决定—送达—执行",
        ItemType.PERMIT: "申请—受理—审查—决定—送达",
        ItemType.COERCION: "报告负责人批准—通知当事人—制作现场笔录—实施—解除",
        ItemType.INSPECTION: "随机抽取检查对象和执法人员—现场检查—记录—公示结果",
    }
    procedure = procedures.get(item_type, "申请—受理—审核—办结")
    all_conditions: dict[str, str] = {
        ItemType.PERMIT: "申请人符合法定条件、申请材料齐全",
        ItemType.PENALTY: "有违法事实，依法应当给予行政处罚",
    }
    conditions = all_conditions.get(item_type, "")
    return [
        code,
        name,
        ItemType(item_type).label,
        et,
        basis,
        subject,
        conditions,
        procedure,
        limit,
        limit_basis,
        "对决定不服的，可以依法申请行政复议或者提起行政诉讼",
        "是" if local else "否",
    ]


def _jb_user() -> User:
    user = users_with_role_anywhere(role=Role.SUPERVISOR).order_by("id").first()
    if user is None:
        raise RuntimeError("demo county has no Justice Bureau supervisor")
    return user


def demo_seed(*, rng: random.Random, fake: faker.Faker, by_code: dict[str, Organisation]) -> None:
    """Seed the directory (12 departments, 14 townships, confirmed), the initial catalogues,
    pending adjustments in each state, and the three unit lists for a few units."""
    jb = _jb_user()
    leader = users_with_role_anywhere(role=Role.COUNTY_LEADER).order_by("id").first() or jb
    types = {t.code: t for t in EnforcementType.objects.all()}
    township_type = types["township"]

    # --- directory ------------------------------------------------------------------------
    for name, short, code, _ in DEPARTMENTS:
        org = by_code[code]
        et = types[DEPARTMENT_ENFORCEMENT_TYPES[code]]
        s = subject_save(
            actor=jb,
            organisation=org,
            name=name,
            legal_basis=f"《临猗县机构改革实施方案》；{short}“三定”规定",
            duties=f"依法承担全县{et.name}领域行政执法职责，查处违法行为，实施行政许可和监督检查",
            enforcement_area="临猗县行政区域",
            enforcement_types=[et],
            internal_bodies=[
                (f"{short.removeprefix('县')}综合行政执法队", f"{et.name}领域行政处罚、行政强制"),
                ("法规股", "重大执法决定法制审核、行政复议应诉"),
            ],
        )
        subject_confirm(
            actor=jb, subject=s, document_number=CONFIRMATION[0], confirmed_on=CONFIRMATION[1]
        )
    for town_name, code in TOWNS:
        org = by_code[code]
        s = subject_save(
            actor=jb,
            organisation=org,
            name=org.name,
            legal_basis="《山西省乡镇综合行政执法条例》；《临猗县赋予乡镇部分县级行政执法权限的决定》",
            duties=f"以{town_name}人民政府名义，依照赋权清单在本行政区域内实施综合行政执法",
            enforcement_area=f"{town_name}行政区域",
            enforcement_types=[township_type],
            internal_bodies=[
                (f"{town_name}综合行政执法队", "具体承担赋权事项的行政检查、行政处罚和行政强制"),
                (f"{town_name}司法所", "乡镇重大执法决定法制审核"),
            ],
        )
        subject_confirm(
            actor=jb, subject=s, document_number=CONFIRMATION[0], confirmed_on=CONFIRMATION[1]
        )

    # --- initial catalogues ---------------------------------------------------------------
    for name, _short, code, _ in DEPARTMENTS:
        et_code = types[DEPARTMENT_ENFORCEMENT_TYPES[code]].code
        rows = [
            _row(
                f"{code.upper()}-{i:03d}",
                n,
                t,
                et_code,
                b,
                name,
                local=(i == len(DEPARTMENT_ITEMS[code])),
            )
            for i, (n, t, b) in enumerate(DEPARTMENT_ITEMS[code], start=1)
        ]
        item_catalogue_import(
            organisation=by_code[code],
            actor=jb,
            data=_xlsx(rows),
            approval_document=CATALOGUE_APPROVAL,
            effective_from=CATALOGUE_EFFECTIVE,
        )
    for town_name, code in TOWNS:
        chosen = [x for x in TOWNSHIP_ITEMS if rng.random() < 0.9] or TOWNSHIP_ITEMS
        rows = [
            _row(f"{code.upper()}-{i:03d}", n, t, "township", b, f"{town_name}人民政府", False)
            for i, (n, t, b) in enumerate(chosen, start=1)
        ]
        item_catalogue_import(
            organisation=by_code[code],
            actor=jb,
            data=_xlsx(rows),
            approval_document=CATALOGUE_APPROVAL,
            effective_from=CATALOGUE_EFFECTIVE,
        )

    # --- adjustments in each state (R-1.8-06) ---------------------------------------------
    scjg = by_code["scjg"]
    head = users_with_role(organisation=scjg, role=Role.UNIT_HEAD).order_by("id").first() or jb
    first = EnforcementItem.objects.get(organisation=scjg, code="SCJG-003")
    cur = first.current_version
    if cur is not None:
        # published change: the history shows a diff
        v = item_propose(
            organisation=scjg,
            actor=head,
            item=first,
            change_kind=ChangeKind.CHANGE,
            change_trigger=ChangeTrigger.LAW_CHANGED,
            change_reason="《无证无照经营查处办法》修订，调整设立依据和办理时限",
            elements={
                "name": cur.name,
                "item_type": cur.item_type,
                "enforcement_type": cur.enforcement_type,
                "legal_basis": "《无证无照经营查处办法》第十三条、第十四条",
                "implementing_subject": cur.implementing_subject,
                "conditions": cur.conditions,
                "procedure": cur.procedure,
                "time_limit": "自立案之日起九十日内作出处理决定；案情复杂的经批准可延长三十日",
                "time_limit_basis": cur.time_limit_basis,
                "remedies": cur.remedies,
            },
        )
        v = item_version_review(version=v, actor=jb, passed=True, opinion="依据准确，同意报批")
        v = item_version_approve(version=v, actor=leader, document_number="临政函〔2024〕21号")
        item_version_publish(version=v, actor=jb, effective_from=dt.date(2024, 5, 1))
    # proposed (awaiting the JB)
    item_propose(
        organisation=scjg,
        actor=head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.LAW_CHANGED,
        change_reason="《中华人民共和国反不正当竞争法》修订后新增",
        elements={
            "name": "对经营者实施商业贿赂的处罚",
            "item_type": ItemType.PENALTY,
            "enforcement_type": types["market"],
            "legal_basis": "《中华人民共和国反不正当竞争法》第十九条",
            "implementing_subject": scjg.name,
            "procedure": "立案—调查取证—告知—法制审核—决定—送达—执行",
            "time_limit": TIME_LIMITS[ItemType.PENALTY][0],
            "time_limit_basis": TIME_LIMITS[ItemType.PENALTY][1],
            "remedies": "对决定不服的，可以依法申请行政复议或者提起行政诉讼",
        },
    )
    # reviewed by the JB, awaiting the county government
    yishi = by_code["yishi"]
    reviewed = item_propose(
        organisation=yishi,
        actor=jb,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.ITEM_SET_BY_PROCEDURE,
        change_reason="县政府赋予乡镇燃气安全检查权限",
        elements={
            "name": "对农村瓶装燃气使用安全的检查",
            "item_type": ItemType.INSPECTION,
            "enforcement_type": township_type,
            "legal_basis": "《城镇燃气管理条例》第四十二条",
            "implementing_subject": yishi.name,
            "time_limit": TIME_LIMITS[ItemType.INSPECTION][0],
            "remedies": "对检查结果有异议的，可以向县住建局反映",
        },
    )
    item_version_review(version=reviewed, actor=jb, passed=True, opinion="同意，报县政府")
    # approved, awaiting publication: cancel a township item
    meiyang = by_code["meiyang"]
    to_cancel = (
        EnforcementItem.objects.filter(organisation=meiyang, is_in_force=True)
        .order_by("-code")
        .first()
    )
    if to_cancel is not None:
        d = item_propose(
            organisation=meiyang,
            actor=jb,
            item=to_cancel,
            change_kind=ChangeKind.DELETE,
            change_trigger=ChangeTrigger.AUTHORITY_RESTRUCTURED,
            change_reason="该事项划回县住建局实施",
        )
        d = item_version_review(version=d, actor=jb, passed=True)
        item_version_approve(version=d, actor=leader, document_number="临政函〔2025〕7号")

    # --- unit lists -----------------------------------------------------------------------
    def entry(org: Organisation, kind: str, **values: object) -> None:
        unit_list_entry_create(actor=jb, organisation=org, kind=kind, values=values)

    def item_of(org: Organisation, code: str) -> EnforcementItem | None:
        return EnforcementItem.objects.filter(organisation=org, code=code).first()

    ri, md, av = (
        UnitListKind.RANDOM_INSPECTION,
        UnitListKind.MAJOR_DECISION,
        UnitListKind.AV_RECORDING,
    )
    for name, content, basis in (
        (
            "食品生产经营者监督检查",
            "许可资质、从业人员健康证明、进货查验记录、食品标签",
            "《中华人民共和国食品安全法》第一百一十条",
        ),
        (
            "特种设备使用单位监督检查",
            "使用登记、定期检验、作业人员持证",
            "《中华人民共和国特种设备安全法》第五十七条",
        ),
        (
            "广告发布监督检查",
            "广告内容真实性、广告审查批准文号",
            "《中华人民共和国广告法》第四十九条",
        ),
        ("产品质量监督抽查", "产品标识、质量指标", "《中华人民共和国产品质量法》第十五条"),
        ("计量器具监督检查", "强制检定计量器具检定情况", "《中华人民共和国计量法》第十八条"),
    ):
        entry(
            scjg,
            ri,
            name=name,
            content=content,
            legal_basis=basis,
            inspecting_body="县市场监管局",
            item=item_of(scjg, "SCJG-011") if "食品" in name else None,
        )
    for name, category, level, fld, amount, content in (
        (
            "较大数额罚款",
            "直接关系当事人或第三人重大权益",
            "县级",
            "市场监管",
            "50000",
            "对法人或者其他组织处五万元以上罚款、对公民处五千元以上罚款的",
        ),
        (
            "吊销许可证件",
            "直接关系当事人或第三人重大权益",
            "县级",
            "市场监管",
            None,
            "吊销食品生产经营许可证等许可证件的",
        ),
        (
            "责令停产停业",
            "可能造成重大社会影响或引发社会风险",
            "县级",
            "市场监管",
            None,
            "责令停产停业、责令关闭的",
        ),
        (
            "没收较大数额违法所得",
            "直接关系当事人或第三人重大权益",
            "县级",
            "市场监管",
            "50000",
            "没收违法所得、非法财物价值五万元以上的",
        ),
    ):
        entry(
            scjg,
            md,
            name=name,
            category=category,
            enforcement_level=level,
            field=fld,
            amount_threshold=amount,
            content=content,
            legal_basis="《临猗县重大行政执法决定法制审核办法》",
        )
    filing = unit_list_file(actor=head, organisation=scjg)
    unit_list_filing_handle(actor=jb, filing=filing, accepted=True, opinion="予以备案")
    for name, content, stage, method in (
        (
            "查封、扣押",
            "查封扣押物品清点、封条张贴、当事人在场情况",
            "实施查封、扣押全过程",
            "执法记录仪全程录像",
        ),
        (
            "现场检查",
            "检查过程、发现的问题、当事人陈述",
            "进入现场至检查结束",
            "执法记录仪录音录像",
        ),
        ("送达", "送达过程、受送达人签收或拒收", "直接送达、留置送达", "执法记录仪录像"),
    ):
        entry(
            scjg,
            av,
            name=name,
            content=content,
            stage=stage,
            method=method,
            item=item_of(scjg, "SCJG-010") if name == "查封、扣押" else None,
        )
    for name, content, basis in (
        ("农村自建房安全检查", "房屋结构安全、经营性用途审批", "《山西省农村自建房安全管理办法》"),
        ("秸秆禁烧巡查", "田间秸秆焚烧情况", "《中华人民共和国大气污染防治法》第七十七条"),
        (
            "户外广告设置检查",
            "户外广告设置许可、安全状况",
            "《城市市容和环境卫生管理条例》第十一条",
        ),
    ):
        entry(
            yishi,
            ri,
            name=name,
            content=content,
            legal_basis=basis,
            inspecting_body="猗氏镇综合行政执法队",
        )
    for name, content, stage, method in (
        (
            "强制拆除违法建筑",
            "拆除前公告、现场清点、拆除过程",
            "强制拆除全过程",
            "执法记录仪和无人机录像",
        ),
        ("现场检查", "检查过程和当事人陈述", "进入现场至检查结束", "执法记录仪录音录像"),
    ):
        entry(yishi, av, name=name, content=content, stage=stage, method=method)
    cgj = by_code["cgj"]
    for name, content, basis in (
        ("户外广告设施安全检查", "设施牢固、许可期限", "《城市市容和环境卫生管理条例》第十一条"),
        ("建筑垃圾运输检查", "运输核准、密闭运输", "《城市建筑垃圾管理规定》第十四条"),
        (
            "餐饮油烟净化设施检查",
            "油烟净化设施安装和运行",
            "《中华人民共和国大气污染防治法》第八十一条",
        ),
    ):
        entry(cgj, ri, name=name, content=content, legal_basis=basis, inspecting_body="县城管局")
    _ = fake  # names come from the fixed lists above; faker is part of the common signature

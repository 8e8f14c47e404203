"""Keyword search of published decisions over N (default 1,000,000) rows on PostgreSQL.

    .venv/bin/python -m bench --only publication [--rows 1000000] [--clients 16] [--seconds 30]
    .venv/bin/python -m bench.publication_bench --keep      # reuse the generated database

Works in its own PostgreSQL database ``zhifa_bench_pub`` (127.0.0.1:5432, user postgres), made
afresh and migrated unless ``--keep`` finds it already loaded with the same ``--rows``; the
database is left in place afterwards so that the next run can ``--keep`` it. It

1. generates N published decisions, deterministic from ``--seed``, over 30 units and ten years:
   Chinese titles, document numbers, enterprise targets (a third natural persons, already
   masked 张某某), causes from a vocabulary of about 200 offences, conclusions of 60–200
   characters, 10 % with a full decision text of 1–3 KB (UTF-8); ``search_text`` is
   ``search.search_document(title, document_number, target_name, cause, conclusion,
   full_text)``, as the publication service computes it. Worker processes generate and
   ``COPY`` chunks in parallel with the table's indexes dropped; then the indexes are rebuilt
   (the bigram GIN index timed on its own) and ``VACUUM ANALYZE``. Times and sizes are printed;
2. checks that the index strategy finds the same rows as the LIKE scan for ``--check`` keywords
   taken from the data (every matching id, and the first page);
3. runs every scenario — the portal's first page, ``portal_decision_page`` (capped count + 20
   rows) — with ``--clients`` threads, each with its own connection, for ``--seconds`` per
   scenario and strategy (``index``, then ``like``, whose duration is capped by
   ``--like-seconds``), and prints p50/p95/p99 latency and throughput; the figures also go to
   ``bench/out/publication-<time>.json``;
4. with ``--http``, the same first pages through waitress serving the portal's decision list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DB_NAME = "zhifa_bench_pub"
TABLE = "publication_publication"
CHUNK = 10_000
TODAY = dt.date(2026, 11, 27)
YEARS = 10
OUT = Path(__file__).resolve().parent / "out" / "publication.json"

# --- vocabularies ------------------------------------------------------------------------

COUNTY = "临猗县"
# (unit name, short name, number prefix, share ‰, cause groups)
DEPARTMENTS = (
    ("市场监督管理局", "县市场监管局", "临猗市监", 260, ("food", "market", "drug")),
    ("生态环境局", "县生态环境局", "临猗环", 60, ("env",)),
    ("交通运输局", "县交通运输局", "临猗交", 70, ("transport",)),
    ("自然资源局", "县自然资源局", "临猗自然资", 50, ("land",)),
    ("卫生健康局", "县卫健局", "临猗卫", 40, ("health",)),
    ("应急管理局", "县应急局", "临猗应急", 40, ("safety",)),
    ("农业农村局", "县农业农村局", "临猗农", 40, ("agri",)),
    ("文化和旅游局", "县文旅局", "临猗文旅", 25, ("culture",)),
    ("城市管理局", "县城管局", "临猗城管", 60, ("urban",)),
    ("住房和城乡建设局", "县住建局", "临猗住建", 30, ("build",)),
    ("水利局", "县水利局", "临猗水", 15, ("water",)),
    ("林业局", "县林业局", "临猗林", 15, ("forest",)),
    ("消防救援大队", "县消防救援大队", "临猗消", 30, ("fire",)),
    ("医疗保障局", "县医保局", "临猗医保", 10, ("health",)),
    ("商务局", "县商务局", "临猗商", 10, ("market",)),
    ("人力资源和社会保障局", "县人社局", "临猗人社", 15, ("labour",)),
)
TOWNSHIPS = (
    "猗氏镇",
    "嵋阳镇",
    "临晋镇",
    "七级镇",
    "东张镇",
    "孙吉镇",
    "三管镇",
    "耽子镇",
    "牛杜镇",
    "楚侯乡",
    "庙上乡",
    "北辛乡",
    "角杯乡",
    "北景乡",
)
TOWNSHIP_GROUPS = ("urban", "land", "env", "agri", "build", "safety")
TOWNSHIP_SHARE = 16  # ‰ each

_GOODS = (
    "过期食品",
    "不合格产品",
    "假冒伪劣商品",
    "三无产品",
    "不符合食品安全标准的食品",
    "未经检验检疫的肉品",
    "超范围使用食品添加剂的食品",
    "标签不符合规定的预包装食品",
)
CAUSE_GROUPS: dict[str, list[str]] = {
    "food": [f"{v}{g}" for v in ("销售", "生产", "经营", "采购") for g in _GOODS]
    + [
        "未取得食品经营许可从事食品经营",
        "未按规定建立进货查验记录",
        "未按规定进行从业人员健康检查",
        "餐饮服务场所卫生不符合要求",
        "使用非食品原料生产食品",
        "销售超过保质期食品",
    ],
    "market": [
        "未按规定公示营业执照",
        "未按规定明码标价",
        "虚假宣传",
        "价格欺诈",
        "哄抬价格",
        "商业贿赂",
        "侵犯注册商标专用权",
        "发布虚假广告",
        "使用未经检定的计量器具",
        "销售无合格证的电动自行车",
        "未按规定报送年度报告",
        "擅自改变登记事项从事经营",
        "无照经营",
        "利用合同格式条款侵害消费者权益",
        "销售不合格车用燃油",
        "以不正当手段组织有奖销售",
    ],
    "drug": [
        "销售假药",
        "销售劣药",
        "未取得药品经营许可证销售药品",
        "未按规定凭处方销售处方药",
        "经营未经注册的医疗器械",
        "销售过期药品",
        "违法发布药品广告",
        "未按规定储存冷藏药品",
    ],
    "env": [
        "超标排放大气污染物",
        "超标排放水污染物",
        "未批先建",
        "未依法取得排污许可证排放污染物",
        "不正常运行污染防治设施",
        "违规处置危险废物",
        "露天焚烧秸秆",
        "建筑施工扬尘防治措施不到位",
        "夜间施工噪声扰民",
        "私设暗管排放污水",
        "未按规定设置危险废物识别标志",
        "在禁燃区燃用高污染燃料",
    ],
    "transport": [
        "未取得许可从事道路运输",
        "超限超载运输",
        "非法营运",
        "未按规定维护检测营运车辆",
        "擅自改装营运车辆",
        "驾驶员未取得从业资格证",
        "危险货物运输车辆未按规定标识",
        "客运车辆未按核定线路运营",
        "未按规定使用卫星定位装置",
        "货运车辆超过核定载质量",
    ],
    "land": [
        "违法占用耕地建房",
        "非法占用土地",
        "擅自改变土地用途",
        "非法采矿",
        "违法占用永久基本农田",
        "未经批准临时用地",
        "破坏耕地种植条件",
        "非法转让土地使用权",
        "越界开采矿产资源",
    ],
    "health": [
        "无证行医",
        "医疗机构使用非卫生技术人员",
        "公共场所未取得卫生许可证",
        "生活饮用水卫生不符合标准",
        "未按规定处置医疗废物",
        "骗取医保基金",
        "超范围开展诊疗活动",
        "未按规定进行消毒",
        "在禁烟场所吸烟",
    ],
    "safety": [
        "未落实安全生产主体责任",
        "违规储存危险化学品",
        "特种作业人员未持证上岗",
        "未按规定开展安全生产教育培训",
        "未按规定排查治理事故隐患",
        "未经许可经营危险化学品",
        "非法储存烟花爆竹",
        "未按规定配备安全生产管理人员",
        "未为从业人员提供劳动防护用品",
    ],
    "agri": [
        "销售假农药",
        "销售劣质种子",
        "经营禁用农药",
        "未按规定建立农药经营台账",
        "违法使用禁用兽药",
        "销售病死畜禽",
        "未经检疫出售动物产品",
        "电鱼炸鱼毒鱼",
        "在禁渔期捕捞",
        "生产销售假兽药",
    ],
    "culture": [
        "擅自从事互联网上网服务经营活动",
        "网吧接纳未成年人",
        "无证经营娱乐场所",
        "出版物经营未取得许可",
        "演出场所未落实安全措施",
        "旅行社未签订旅游合同",
        "导游私自收取回扣",
        "超时营业",
    ],
    "urban": [
        "擅自占用道路",
        "擅自设置户外广告",
        "违法搭建建筑物",
        "乱倒建筑垃圾",
        "擅自开挖城市道路",
        "占道经营",
        "违规设置店外摊点",
        "擅自砍伐城市树木",
        "运输渣土沿途撒漏",
        "损坏市政设施",
        "随意倾倒生活垃圾",
    ],
    "build": [
        "未取得施工许可证擅自施工",
        "违反工程建设强制性标准",
        "未按规定办理竣工验收备案",
        "转包违法分包工程",
        "未按规定缴纳物业保修金",
        "商品房预售未取得许可",
        "违规使用不合格建筑材料",
        "施工现场安全防护不到位",
    ],
    "water": [
        "未经许可取水",
        "在河道管理范围内违法采砂",
        "擅自在河道内修建建筑物",
        "未按规定安装取水计量设施",
        "向河道倾倒垃圾",
        "违法打井取水",
    ],
    "forest": [
        "滥伐林木",
        "盗伐林木",
        "非法收购盗伐的林木",
        "擅自改变林地用途",
        "非法运输木材",
        "野外违规用火",
        "非法猎捕野生动物",
    ],
    "fire": [
        "消防设施未保持完好有效",
        "占用堵塞消防通道",
        "未经消防安全检查擅自投入使用",
        "埋压圈占消火栓",
        "人员密集场所门窗设置影响逃生的障碍物",
        "电动自行车违规停放充电",
        "未按规定进行消防演练",
    ],
    "labour": [
        "拖欠劳动者工资",
        "违法使用童工",
        "未依法签订劳动合同",
        "未按规定参加社会保险",
        "违法延长劳动时间",
        "扣押劳动者身份证件",
    ],
}
LAWS = {
    "food": "中华人民共和国食品安全法",
    "market": "中华人民共和国反不正当竞争法",
    "drug": "中华人民共和国药品管理法",
    "env": "中华人民共和国大气污染防治法",
    "transport": "中华人民共和国道路运输条例",
    "land": "中华人民共和国土地管理法",
    "health": "医疗机构管理条例",
    "safety": "中华人民共和国安全生产法",
    "agri": "农药管理条例",
    "culture": "互联网上网服务营业场所管理条例",
    "urban": "城市市容和环境卫生管理条例",
    "build": "建设工程质量管理条例",
    "water": "中华人民共和国水法",
    "forest": "中华人民共和国森林法",
    "fire": "中华人民共和国消防法",
    "labour": "劳动保障监察条例",
}
PLACES = ("临猗县", "临猗", "运城市", "运城", "山西")
TRADE_CHARS = (
    "鑫源恒泰华通金鼎盛达兴隆宏远丰瑞德昌永安福康顺发嘉禾润泽天成博润汇聚新茂海川锦程"
    "晋宏荣信诚和益民利众广进中合万家百信聚宝鸿运佳美宇航腾飞正元长青绿洲春晖明珠红旗"
    "光大富民聚丰祥云惠农果香农乐秦晋河东黄河盐湖峨嵋舜帝关圣柳林桃园杏花梨乡苹果"
)
INDUSTRIES = (
    "商贸",
    "食品",
    "农业科技",
    "建材",
    "餐饮管理",
    "物流运输",
    "化工",
    "果业",
    "医药",
    "建筑工程",
    "房地产开发",
    "机械制造",
    "养殖",
    "农资",
    "文化传媒",
    "汽车服务",
    "能源",
    "环保科技",
)
FORMS = ("有限公司", "有限责任公司", "股份有限公司", "农民专业合作社")
SHOPS = ("超市", "便利店", "饭店", "药店", "农资店", "烟酒店", "网吧", "批发部", "加工厂", "门市部")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
MEASURES = (
    "警告",
    "罚款人民币{a}元",
    "没收违法所得人民币{b}元，并处罚款人民币{a}元",
    "责令改正，并处罚款人民币{a}元",
    "没收违法物品，并处罚款人民币{a}元",
    "责令停产停业整顿，并处罚款人民币{a}元",
)
CATEGORIES = (("penalty", 72), ("permit", 14), ("coercion", 9), ("other", 5))
TYPE_LABEL = {
    "penalty": "行政处罚",
    "permit": "行政许可",
    "coercion": "行政强制",
    "other": "行政检查",
}
KIND_CHAR = {"penalty": "罚", "permit": "许", "coercion": "强", "other": "检"}
PERMIT_ITEMS = (
    "食品经营许可",
    "药品经营许可",
    "道路运输经营许可",
    "建设工程规划许可",
    "取水许可",
    "林木采伐许可",
    "公共场所卫生许可",
    "排污许可",
    "娱乐场所经营许可",
)
COERCION_ACTS = ("查封场所、设施或者财物", "扣押财物", "冻结存款", "暂扣车辆")


# --- the generator (runs in worker processes) --------------------------------------------


def _enterprise(rng: random.Random) -> tuple[str, str]:
    mark = rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)
    if rng.random() < 0.25:
        name = f"{rng.choice(PLACES[:2])}{rng.choice(TOWNSHIPS)}{mark}{rng.choice(SHOPS)}"
    else:
        name = f"{rng.choice(PLACES)}{mark}{rng.choice(INDUSTRIES)}{rng.choice(FORMS)}"
    code = "91140821" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
    return name, code


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + ("某某" if rng.random() < 0.7 else "某")


def _conclusion(rng: random.Random, category: str, target: str, cause: str, group: str) -> str:
    law = LAWS[group]
    art, art2 = rng.randint(5, 130), rng.randint(5, 150)
    if category == "penalty":
        measure = rng.choice(MEASURES).format(
            a=rng.choice((500, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000)),
            b=rng.randint(1, 400) * 50,
        )
        text = (
            f"当事人{target}{cause}，违反了《{law}》第{art}条的规定。依据《{law}》第{art2}条的"
            f"规定，决定给予{measure}的行政处罚。"
        )
    elif category == "permit":
        item = rng.choice(PERMIT_ITEMS)
        text = (
            f"申请人{target}申请{item}，经审查，申请材料齐全、符合法定形式，符合《{law}》第{art}条"
            f"规定的条件，决定准予行政许可，有效期五年。"
        )
    elif category == "coercion":
        act = rng.choice(COERCION_ACTS)
        text = (
            f"当事人{target}涉嫌{cause}，为制止违法行为、防止证据损毁，依据《{law}》第{art}条的"
            f"规定，对其依法采取{act}的行政强制措施，期限三十日。"
        )
    else:
        text = (
            f"对{target}开展监督检查，发现{cause}的问题，依据《{law}》第{art}条的规定，责令当事人"
            f"于十五日内改正，逾期不改正的依法处理。"
        )
    extra = (
        "当事人在规定期限内未提出陈述、申辩意见。",
        "当事人进行了陈述、申辩，其理由不能成立，不予采纳。",
        "当事人积极配合调查，主动消除违法行为危害后果，依法从轻处罚。",
        "罚款应自收到本决定书之日起十五日内缴至指定银行。",
        "当事人如不服本决定，可依法申请行政复议或者提起行政诉讼。",
        "执法人员已于现场制作笔录并拍照取证。",
    )
    while len(text) < 60 or (len(text) < 150 and rng.random() < 0.5):
        text += rng.choice(extra)
    return text[:200]


def _full_text(rng: random.Random, head: dict[str, str]) -> str:
    law = LAWS[head["group"]]
    paras = [
        f"{head['unit']}{TYPE_LABEL[head['category']]}决定书",
        head["number"],
        f"当事人：{head['target']}",
        f"统一社会信用代码：{head['code']}" if head["code"] else "身份证件号码：（已隐去）",
        f"住所：{COUNTY}{rng.choice(TOWNSHIPS)}{rng.randint(1, 30)}组{rng.randint(1, 99)}号",
        f"当事人{head['cause']}一案，本机关依法进行了调查，现已调查终结。",
        f"经查，{head['date']}，执法人员在日常检查中发现当事人{head['cause']}。",
    ]
    filler = (
        "以上事实有现场检查笔录、询问笔录、现场照片、当事人营业执照复印件、相关票据等证据证实。",
        f"本机关认为，当事人的上述行为违反了《{law}》第{rng.randint(5, 130)}条的规定。",
        f"本机关于{head['date']}向当事人送达了行政处罚告知书，告知其拟作出行政处罚的事实、"
        f"理由、依据及依法享有的陈述、申辩和要求听证的权利。",
        "当事人在法定期限内未提出陈述申辩，也未要求举行听证。",
        "执法人员依法对涉案物品进行了登记保存，并制作了物品清单，由当事人签字确认。",
        f"依据《{law}》第{rng.randint(5, 150)}条及《中华人民共和国行政处罚法》第二十八条的"
        f"规定，责令当事人立即改正违法行为。",
        "当事人应当自收到本决定书之日起十五日内，持本决定书到指定银行缴纳罚没款。"
        "逾期不缴纳的，每日按罚款数额的百分之三加处罚款。",
        f"当事人如不服本决定，可以在收到本决定书之日起六十日内向{COUNTY}人民政府申请行政复议，"
        f"也可以在六个月内依法向{COUNTY}人民法院提起行政诉讼。",
        "复议和诉讼期间，本决定不停止执行。",
    )
    target_bytes = rng.randint(1024, 3072)
    body = "\n".join(paras)
    i = 0
    while len(body.encode()) < target_bytes:
        body += "\n" + filler[i % len(filler)]
        i += 1
    body += f"\n{head['unit']}\n{head['date']}"
    return body


@dataclass(frozen=True)
class _Unit:
    pk: int
    name: str
    prefix: str
    groups: tuple[str, ...]


def _chunk_rows(seed: int, chunk: int, size: int, units: list[_Unit], weights: list[int],
                user_id: int) -> list[tuple[Any, ...]]:  # fmt: skip
    from zhifa.publication.search import search_document

    rng = random.Random(f"{seed}:{chunk}")
    rows = []
    span = YEARS * 365
    cats, cat_w = zip(*CATEGORIES, strict=True)
    tz = dt.timezone(dt.timedelta(hours=8))
    for _ in range(size):
        unit = rng.choices(units, weights)[0]
        group = rng.choice(unit.groups)
        category = rng.choices(cats, cat_w)[0]
        # more decisions in later years: the square root skews towards today
        day = TODAY - dt.timedelta(days=int(span * (1 - rng.random() ** 0.7)))
        if rng.random() < 0.33:
            target, code, person = _person(rng), "", True
        else:
            (target, code), person = _enterprise(rng), False
        cause = rng.choice(CAUSE_GROUPS[group])
        if category == "permit":
            cause = rng.choice(PERMIT_ITEMS)
        number = f"{unit.prefix}{KIND_CHAR[category]}〔{day.year}〕{rng.randint(1, 3000)}号"
        title = f"{target}{cause}{TYPE_LABEL[category]}决定"
        conclusion = _conclusion(rng, category, target, cause, group)
        full = ""
        if rng.random() < 0.10:
            full = _full_text(
                rng,
                {
                    "unit": unit.name,
                    "category": category,
                    "number": number,
                    "target": target,
                    "code": code,
                    "cause": cause,
                    "group": group,
                    "date": f"{day.year}年{day.month}月{day.day}日",
                },
            )
        published = dt.datetime.combine(
            day + dt.timedelta(days=rng.randint(1, 6)), dt.time(9 + rng.randint(0, 8)), tz
        )
        search = search_document(title, number, target, cause, conclusion, full)
        rows.append(
            (
                unit.pk,
                "published",
                1,
                category,
                "full" if full else "summary",
                '["portal"]',
                title[:200],
                number,
                unit.name,
                target,
                person,
                code,
                TYPE_LABEL[category],
                cause,
                conclusion,
                full,
                day,
                "{}",
                "[]",
                "[]",
                user_id,
                published,
                "none",
                "",
                "",
                "",
                user_id,
                published - dt.timedelta(days=1),
                user_id,
                published - dt.timedelta(hours=20),
                "",
                "",
                user_id,
                published,
                published,
                search,
                published,
                published,
            )
        )
    return rows


COPY_COLUMNS = (
    "organisation_id",
    "status",
    "version",
    "category",
    "form",
    "channels",
    "title",
    "document_number",
    "subject_name",
    "target_name",
    "target_is_person",
    "target_code",
    "enforcement_type",
    "cause",
    "conclusion",
    "full_text",
    "decision_date",
    "source",
    "masks",
    "extra_mask_terms",
    "masking_confirmed_by_id",
    "masking_confirmed_at",
    "restriction",
    "restriction_reason",
    "third_party_ground",
    "third_party_record",
    "drafted_by_id",
    "drafted_at",
    "checked_by_id",
    "checked_at",
    "check_note",
    "returned_reason",
    "approved_by_id",
    "approved_at",
    "published_at",
    "search_text",
    "created_at",
    "updated_at",
)

_WORKER: dict[str, Any] = {}


def _worker_init(url: str, seed: int, units: list[_Unit], weights: list[int], user: int) -> None:
    import psycopg

    _WORKER.update(
        conn=psycopg.connect(url), seed=seed, units=units, weights=weights, user=user, gen=0.0
    )


def _worker_chunk(task: tuple[int, int]) -> tuple[int, float, float]:
    chunk, size = task
    w = _WORKER
    started = time.perf_counter()
    rows = _chunk_rows(w["seed"], chunk, size, w["units"], w["weights"], w["user"])
    generated = time.perf_counter()
    conn = w["conn"]
    sql = f"COPY {TABLE} ({', '.join(COPY_COLUMNS)}) FROM STDIN"
    with conn.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    conn.commit()
    return size, generated - started, time.perf_counter() - generated


# --- the database ------------------------------------------------------------------------


def _psql(sql: str, base: str) -> None:
    subprocess.run(["psql", base + "/postgres", "-qc", sql], check=True)  # noqa: S603, S607


def _database(base: str, keep: bool) -> bool:
    """Point Django at zhifa_bench_pub; True if it exists and is kept."""
    import psycopg

    url = f"{base}/{DB_NAME}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
    if exists and not keep:
        _psql(f"DROP DATABASE {DB_NAME}", base)
    if not exists or not keep:
        _psql(f"CREATE DATABASE {DB_NAME}", base)
    os.environ["ZHIFA_DATABASE_URL"] = url
    return bool(exists and keep)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _units() -> tuple[list[_Unit], list[int], int]:
    from django.db import transaction

    from zhifa.accounts.constants import OrganisationKind, Role
    from zhifa.accounts.models import Organisation, User
    from zhifa.accounts.services import organisation_create, user_create

    with transaction.atomic():
        gov = Organisation.objects.filter(name=f"{COUNTY}人民政府").first() or organisation_create(
            actor=None,
            name=f"{COUNTY}人民政府",
            code="pubbench-gov",
            kind=OrganisationKind.COUNTY_GOVERNMENT,
        )

        def unit(name: str, code: str, kind: str, prefix: str) -> Organisation:
            return Organisation.objects.filter(name=name).first() or organisation_create(
                actor=None, name=name, code=code, kind=kind, parent=gov, document_prefix=prefix
            )

        units, weights = [], []
        for i, (name, _short, prefix, share, groups) in enumerate(DEPARTMENTS):
            org = unit(
                f"{COUNTY}{name}",
                f"pubbench-d{i}",
                OrganisationKind.COUNTY_ENFORCEMENT_DEPT,
                prefix,
            )
            units.append(_Unit(org.pk, org.name, prefix, groups))
            weights.append(share)
        for i, town in enumerate(TOWNSHIPS):
            prefix = f"临猗{town[:2]}综执"
            org = unit(
                f"{town}综合行政执法队", f"pubbench-t{i}", OrganisationKind.TOWNSHIP_TEAM, prefix
            )
            units.append(_Unit(org.pk, org.name, prefix, TOWNSHIP_GROUPS))
            weights.append(TOWNSHIP_SHARE)
        user = User.objects.filter(username="pubbench").first() or user_create(
            actor=None,
            username="pubbench",
            full_name="公示基准",
            organisation=Organisation.objects.get(pk=units[0].pk),
            roles=[Role.OFFICER],
        )
    return units, weights, user.pk


def _sizes() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_relation_size(c.oid), pg_total_relation_size(c.reltoastrelid), "
            "pg_indexes_size(c.oid), pg_total_relation_size(c.oid) FROM pg_class c "
            "WHERE c.relname = %s",
            [TABLE],
        )
        heap, toast, indexes, total = cur.fetchone()
        cur.execute(
            "SELECT indexrelname, pg_relation_size(indexrelid) FROM pg_stat_user_indexes "
            "WHERE relname = %s ORDER BY 1",
            [TABLE],
        )
        sizes = {"heap": heap, "toast": toast, "indexes": indexes, "total": total}
        sizes.update({f"index {name}": size for name, size in cur.fetchall()})
    return sizes


def _generate(rows: int, seed: int, workers: int, base: str) -> dict[str, Any]:
    from django.db import connection

    units, weights, user = _units()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [TABLE],
        )
        saved = cur.fetchall()
        for name, _ in saved:
            cur.execute(f'DROP INDEX "{name}"')
        # The rows refer to units and a user that exist: no foreign-key trigger per row.
        cur.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL")
    connection.close()
    tasks = [(i, min(CHUNK, rows - i * CHUNK)) for i in range((rows + CHUNK - 1) // CHUNK)]
    started = time.perf_counter()
    done = gen_cpu = copy_time = 0.0
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, _worker_init, (f"{base}/{DB_NAME}", seed, units, weights, user)) as pool:
        for size, g, c in pool.imap_unordered(_worker_chunk, tasks):
            done += size
            gen_cpu += g
            copy_time += c
            if done % 100_000 == 0 or done == rows:
                print(f"  {int(done):,} rows, {time.perf_counter() - started:.0f} s", flush=True)
    load = time.perf_counter() - started
    figures: dict[str, Any] = {
        "load_s": round(load, 1),
        "generate_s_summed_over_workers": round(gen_cpu, 1),
        "copy_s_summed_over_workers": round(copy_time, 1),
        "workers": workers,
    }
    with connection.cursor() as cur:
        cur.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER ALL")
        cur.execute("SET maintenance_work_mem = '512MB'")
        for name, sql in saved:
            t = time.perf_counter()
            cur.execute(sql)
            figures[f"index {name} build_s"] = round(time.perf_counter() - t, 1)
            print(f"  index {name}: {time.perf_counter() - t:.1f} s", flush=True)
        cur.execute("RESET maintenance_work_mem")
        t = time.perf_counter()
        cur.execute(f"VACUUM ANALYZE {TABLE}")
        figures["vacuum_analyze_s"] = round(time.perf_counter() - t, 1)
    return figures


# --- scenarios ---------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    filters: list[Any]  # DecisionFilters, cycled through by the clients
    label: str = ""


@dataclass
class Result:
    scenario: str
    strategy: str
    clients: int
    seconds: float
    times: list[float] = field(default_factory=list)
    totals: set[str] = field(default_factory=set)
    timeouts: int = 0

    def percentile(self, p: float) -> float:
        t = sorted(self.times)
        return t[min(len(t) - 1, int(round(p * (len(t) - 1))))] * 1000 if t else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "strategy": self.strategy,
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": len(self.times),
            "per_s": round(len(self.times) / self.seconds, 2) if self.seconds else 0,
            "p50_ms": round(self.percentile(0.50), 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "max_ms": round(max(self.times) * 1000, 1) if self.times else None,
            "timeouts": self.timeouts,
            "count_shown": sorted(self.totals)[:5],
        }

    def row(self) -> str:
        d = self.as_dict()
        return (
            f"| {d['scenario']} | {d['strategy']} | {d['clients']} | {d['requests']} | "
            f"{d['per_s']} | {d['p50_ms']} | {d['p95_ms']} | {d['p99_ms']} | {d['max_ms']} | "
            f"{d['timeouts']} | {', '.join(d['count_shown'])} |"
        )


def _samples(seed: int) -> dict[str, Any]:
    """Keywords and units taken from the data (so the rare names exist)."""
    from zhifa.accounts.models import Organisation
    from zhifa.publication.models import Publication

    rng = random.Random(seed)
    top = Publication.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = [rng.randint(1, top) for _ in range(400)]
    rows = list(
        Publication.objects.filter(id__in=ids).values(
            "target_name", "target_is_person", "cause", "conclusion", "organisation_id"
        )
    )
    names = [r["target_name"] for r in rows if not r["target_is_person"]][:100]
    market = Organisation.objects.get(name=f"{COUNTY}市场监督管理局").pk
    teams = list(
        Organisation.objects.filter(name__endswith="综合行政执法队").values_list("pk", flat=True)
    )
    return {"names": names, "rows": rows, "market": market, "teams": teams, "rng": rng}


def _scenarios(s: dict[str, Any]) -> list[Scenario]:
    from zhifa.publication.selectors import DecisionFilters as F

    year = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    return [
        Scenario("rare: an enterprise's name", [F(keyword=n) for n in s["names"]], s["names"][0]),
        Scenario("common 2 chars: 罚款", [F(keyword="罚款")]),
        Scenario("medium: 销售过期食品", [F(keyword="销售过期食品")]),
        Scenario("1 char: 鑫", [F(keyword="鑫")]),
        Scenario("phrase 6 chars: 没收违法所得", [F(keyword="没收违法所得")]),
        Scenario(
            "食品 + unit + 2024",
            [F(keyword="食品", organisation_id=s["market"], date_from=year[0], date_to=year[1])],
        ),
        Scenario(
            "no keyword: unit + penalty + 2024",
            [
                F(organisation_id=t, category="penalty", date_from=year[0], date_to=year[1])
                for t in [s["market"], *s["teams"]]
            ],
        ),
    ]


VECTOR_SQL = (
    # The proposal measured as strategy "vector": the tsvector stored, not cast on every recheck.
    "ALTER TABLE publication_publication ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (search_text::tsvector) STORED",
    "CREATE INDEX IF NOT EXISTS pub_search_vector ON publication_publication "
    "USING gin (search_vector) WHERE status = 'published'",
)
STATS_SQL = (
    # Planner statistics for the cast (those of a partial index's expression are not used).
    "CREATE STATISTICS IF NOT EXISTS pub_search_stats ON (search_text::tsvector) "
    "FROM publication_publication"
)


def _decisions(filters: Any, strategy: str) -> Any:
    """``portal_decisions``; strategy ``vector`` filters on the stored ``search_vector``."""
    from dataclasses import replace

    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    from zhifa.publication.search import search_query
    from zhifa.publication.selectors import portal_decisions

    if strategy != "vector":
        return portal_decisions(filters, strategy=strategy)
    qs = portal_decisions(replace(filters, keyword=""), strategy="index")
    if filters.keyword.strip():
        query = search_query(filters.keyword.strip())
        if query is None:
            return qs.none()
        match = RawSQL(
            "publication_publication.search_vector @@ (%s::tsquery)",
            (query,),
            output_field=BooleanField(),
        )
        qs = qs.filter(match)
    return qs


def _page(filters: Any, strategy: str, fix_count: bool) -> Any:
    """``portal_decision_page``, or with ``fix_count`` the same without the ORDER BY in the
    capped count (so its LIMIT stops the scan) — the change proposed in ADR 0014."""
    from zhifa.publication.selectors import (
        COUNT_CAP,
        LIST_COLUMNS,
        PORTAL_PAGE_SIZE,
        DecisionPage,
        portal_decision_page,
    )

    if not fix_count and strategy != "vector":
        return portal_decision_page(filters, strategy=strategy)
    qs = _decisions(filters, strategy)
    total = qs.order_by().values("id")[: COUNT_CAP + 1].count()
    rows = list(qs.only(*LIST_COLUMNS).order_by("-decision_date", "-id")[: PORTAL_PAGE_SIZE + 1])
    return DecisionPage(
        rows=rows[:PORTAL_PAGE_SIZE],
        next_cursor=None,
        total=min(total, COUNT_CAP),
        capped=total > COUNT_CAP,
    )


def _run(
    scenario: Scenario,
    strategy: str,
    clients: int,
    seconds: float,
    fix_count: bool,
    timeout_s: float,
) -> Result:
    from django.db import OperationalError, connection

    label = strategy + (" (count fixed)" if fix_count or strategy == "vector" else "")
    result = Result(scenario.name, label, clients, 0.0)
    lock = threading.Lock()
    start_barrier = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(n: int) -> None:
        times, totals, timeouts = [], set(), 0
        try:
            # connect before the clock starts
            with connection.cursor() as cur:
                cur.execute(f"SET statement_timeout = {int(timeout_s * 1000)}")
            start_barrier.wait()
            i = n
            while time.perf_counter() < deadline[0]:
                filters = scenario.filters[i % len(scenario.filters)]
                i += clients
                t = time.perf_counter()
                try:
                    page = _page(filters, strategy, fix_count)
                except OperationalError:  # statement_timeout: counted at its duration
                    timeouts += 1
                    times.append(time.perf_counter() - t)
                    continue
                times.append(time.perf_counter() - t)
                totals.add(f"{page.total}{'+' if page.capped else ''}")
        finally:
            connection.close()
        with lock:
            result.times.extend(times)
            result.totals.update(totals)
            result.timeouts += timeouts

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for th in threads:
        th.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    start_barrier.wait()
    for th in threads:
        th.join()
    result.seconds = time.perf_counter() - started
    return result


def _check(s: dict[str, Any], n: int, strategy: str, fix_count: bool) -> list[dict[str, Any]]:
    """The bigram search (``strategy``: index or vector, the same tsvector) must find exactly
    the rows the LIKE scan finds: every id, and the first page."""
    from zhifa.publication.search import runs
    from zhifa.publication.selectors import DecisionFilters

    rng = s["rng"]
    keywords = ["罚款", "鑫", "销售过期食品", s["names"][1]]
    while len(keywords) < n:
        r = rng.choice(s["rows"])
        text = rng.choice([r["target_name"], r["cause"], r["conclusion"]])
        run = rng.choice(runs(text) or ["罚款"])
        size = rng.choice((1, 2, 3, 4, 6))
        at = rng.randint(0, max(0, len(run) - size))
        keywords.append(run[at : at + size])
    out = []
    for kw in keywords:
        f = DecisionFilters(keyword=kw)
        t = time.perf_counter()
        by_index = set(_decisions(f, strategy).values_list("id", flat=True))
        t_index = time.perf_counter() - t
        t = time.perf_counter()
        by_like = set(_decisions(f, "like").values_list("id", flat=True))
        t_like = time.perf_counter() - t
        p_index = _page(f, strategy, fix_count)
        p_like = _page(f, "like", fix_count)
        same_page = [r.id for r in p_index.rows] == [r.id for r in p_like.rows] and (
            p_index.total,
            p_index.capped,
        ) == (p_like.total, p_like.capped)
        ok = by_index == by_like and same_page
        out.append(
            {
                "keyword": kw,
                "matches": len(by_like),
                "same": ok,
                "only_index": len(by_index - by_like),
                "only_like": len(by_like - by_index),
                "all_ids_index_s": round(t_index, 2),
                "all_ids_like_s": round(t_like, 2),
            }
        )
        print(
            f"  {'OK ' if ok else 'DIFF'} {kw!r}: {len(by_like):,} rows "
            f"(index {t_index:.2f} s, like {t_like:.2f} s)"
            + (
                ""
                if ok
                else f" only index {len(by_index - by_like)}, only like {len(by_like - by_index)}"
            ),  # fmt: skip
            flush=True,
        )
    return out


def _explain(scenarios: list[Scenario]) -> None:
    """EXPLAIN ANALYZE of the two queries of the first page, index strategy (one client)."""
    from django.db import connection

    from zhifa.publication.selectors import COUNT_CAP, LIST_COLUMNS, portal_decisions

    for sc in scenarios:
        qs = portal_decisions(sc.filters[0], strategy="index")
        for what, q in (
            ("count", qs.values("id")[: COUNT_CAP + 1]),
            ("rows", qs.only(*LIST_COLUMNS).order_by("-decision_date", "-id")[:21]),
        ):
            sql, params = q.query.sql_with_params()
            if what == "count":
                sql = f"SELECT count(*) FROM ({sql}) sub"  # noqa: S608
            with connection.cursor() as cur:
                cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                plan = [r[0] for r in cur.fetchall()]
            print(f"  [{sc.name}] {what}:", flush=True)
            for line in plan:
                print(f"      {line}")


def _http(scenarios: list[Scenario], clients: int, seconds: float) -> list[dict[str, Any]]:
    """The portal's decision list over HTTP: waitress in a child process, ``clients`` threads."""
    import http.client
    import socket
    import urllib.parse

    from django.urls import reverse

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ)
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "waitress",
            "--host=127.0.0.1",
            f"--port={port}",
            f"--threads={clients}",
            "config.wsgi:application",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    path = reverse("portal:decisions") if _has_url("portal:decisions") else None
    out = []
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
                break
            except OSError:
                time.sleep(0.2)
        if path is None:
            print("  no portal:decisions URL; skipped", flush=True)
            return out
        for sc in scenarios:
            urls = []
            for f in sc.filters:
                q = {"q": f.keyword} if f.keyword else {}
                if f.organisation_id:
                    q["unit"] = str(f.organisation_id)
                if f.category:
                    q["category"] = f.category
                if f.date_from:
                    q["from"] = f.date_from.isoformat()
                if f.date_to:
                    q["to"] = f.date_to.isoformat()
                urls.append(f"{path}?{urllib.parse.urlencode(q)}")
            result = _http_run(port, urls, sc.name, clients, seconds)
            print(result.row(), flush=True)
            out.append(result.as_dict())
    finally:
        server.terminate()
        server.wait(10)
    return out


def _http_run(port: int, urls: list[str], name: str, clients: int, seconds: float) -> Result:
    import http.client

    result = Result(name, "http (auto = index)", clients, 0.0)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    statuses: set[str] = set()

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        times, seen = [], set()
        i = n
        while time.perf_counter() < deadline:
            t = time.perf_counter()
            conn.request("GET", urls[i % len(urls)])
            resp = conn.getresponse()
            resp.read()
            times.append(time.perf_counter() - t)
            seen.add(str(resp.status))
            i += clients
        conn.close()
        with lock:
            result.times.extend(times)
            statuses.update(seen)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    result.seconds = time.perf_counter() - started
    result.totals = {f"HTTP {s}" for s in statuses}
    return result


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


HEADER = (
    "| scenario | strategy | clients | requests | per s | p50 ms | p95 ms | p99 ms | max ms "
    "| timeouts | count shown |\n|---|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="publication_bench", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="published decisions")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=30, help="per scenario and strategy")
    parser.add_argument(
        "--like-seconds", type=float, default=30, help="cap for the LIKE strategy's scenarios"
    )
    parser.add_argument("--keep", action="store_true", help=f"reuse {DB_NAME} if loaded")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--check", type=int, default=20, help="keywords compared with LIKE")
    parser.add_argument("--only", default="", help="comma-separated scenario numbers (1-7)")
    parser.add_argument("--strategies", default="index,like")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE, index strategy")
    parser.add_argument("--http", action="store_true", help="also the portal page over HTTP")
    parser.add_argument("--no-load", action="store_true", help="only generate, no scenarios")
    parser.add_argument(
        "--fix-count", action="store_true", help="count without ORDER BY (ADR 0014's proposal)"
    )
    parser.add_argument(
        "--fix-stats", action="store_true", help="CREATE STATISTICS on the cast, then ANALYZE"
    )
    parser.add_argument(
        "--vector", action="store_true", help="add the stored tsvector column (strategy vector)"
    )
    parser.add_argument("--timeout", type=float, default=30, help="statement_timeout, s")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.clients < 1:
        parser.error("--rows and --clients must be ≥ 1")

    kept = _database(args.pg, args.keep)
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from zhifa.publication.models import Publication

    report: dict[str, Any] = {"args": vars(args)}
    if kept and Publication.objects.count() == args.rows:
        print(f"database {DB_NAME}: kept, {args.rows:,} decisions", flush=True)
    else:
        if kept:
            print(f"database {DB_NAME}: kept but not {args.rows:,} rows; made afresh", flush=True)
            connection.close()
            _database(args.pg, keep=False)
        call_command("migrate", verbosity=0)
        print(f"database {DB_NAME}: generating {args.rows:,} decisions …", flush=True)
        report["generation"] = _generate(args.rows, args.seed, args.workers, args.pg)
        print(f"  {report['generation']}", flush=True)
    report["sizes"] = _sizes()
    for name, size in report["sizes"].items():
        print(f"  {name}: {size / 2**20:,.0f} MiB", flush=True)
    if args.no_load:
        return 0

    with connection.cursor() as cur:
        for sql in (
            *(VECTOR_SQL if args.vector else ()),
            *((STATS_SQL,) if args.fix_stats else ()),
        ):
            t = time.perf_counter()
            cur.execute("SET maintenance_work_mem = '512MB'")
            cur.execute(sql)
            print(f"  {sql[:60]}…: {time.perf_counter() - t:.1f} s", flush=True)
        if args.vector or args.fix_stats:
            cur.execute(f"ANALYZE {TABLE}")
    s = _samples(args.seed)
    scenarios = _scenarios(s)
    if args.only:
        scenarios = [scenarios[int(i) - 1] for i in args.only.split(",")]
    if args.explain:
        _explain(scenarios)
    if args.check:
        print(f"correctness: index vs like on {args.check} keywords", flush=True)
        strategy = "vector" if args.vector else "index"
        report["check"] = _check(s, args.check, strategy, args.fix_count)
        bad = [c["keyword"] for c in report["check"] if not c["same"]]
        print(f"  differences: {', '.join(bad) or 'none'}", flush=True)
    results = []
    print(HEADER, flush=True)
    for sc in scenarios:
        for strategy in args.strategies.split(","):
            seconds = min(args.seconds, args.like_seconds) if strategy == "like" else args.seconds
            res = _run(sc, strategy, args.clients, seconds, args.fix_count, args.timeout)
            print(res.row(), flush=True)
            results.append(res.as_dict())
    report["scenarios"] = results
    report["rare_example"] = scenarios[0].label if scenarios else ""
    if args.http:
        print("over HTTP (waitress, the portal's decision list):", flush=True)
        print(HEADER, flush=True)
        report["http"] = _http(scenarios, args.clients, args.seconds)
    out = OUT.with_name(f"publication-{time.strftime('%Y%m%d-%H%M%S')}.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    print(f"figures written to {out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The demo county: Linyi County (临猗县, Yuncheng, Shanxi; region code 140821).

Towns and townships are the county's real ones (9 towns, 5 townships). Departments are the
county's usual enforcement departments; document prefixes follow the common 临猗+short name+罚
pattern. People and companies are synthetic.
"""

from __future__ import annotations

# (name, code, document prefix)
TOWNS: tuple[tuple[str, str], ...] = (
    ("猗氏镇", "yishi"),
    ("嵋阳镇", "meiyang"),
    ("临晋镇", "linjin"),
    ("七级镇", "qiji"),
    ("东张镇", "dongzhang"),
    ("孙吉镇", "sunji"),
    ("三管镇", "sanguan"),
    ("耽子镇", "danzi"),
    ("牛杜镇", "niudu"),
    ("楚侯乡", "chuhou"),
    ("庙上乡", "miaoshang"),
    ("角杯乡", "jiaobei"),
    ("北景乡", "beijing"),
    ("北辛乡", "beixin"),
)

# County enforcement departments: (name, short name, code, document prefix)
DEPARTMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("临猗县市场监督管理局", "县市场监管局", "scjg", "临猗市监罚"),
    ("临猗县自然资源局", "县自然资源局", "zrzy", "临猗自然资罚"),
    ("运城市生态环境局临猗分局", "生态环境分局", "sthj", "临猗环罚"),
    ("临猗县交通运输局", "县交通运输局", "jtys", "临猗交罚"),
    ("临猗县农业农村局", "县农业农村局", "nync", "临猗农罚"),
    ("临猗县文化和旅游局", "县文旅局", "whly", "临猗文旅罚"),
    ("临猗县卫生健康和体育局", "县卫体局", "wsjk", "临猗卫罚"),
    ("临猗县应急管理局", "县应急局", "yjgl", "临猗应急罚"),
    ("临猗县住房和城乡建设管理局", "县住建局", "zjj", "临猗住建罚"),
    ("临猗县水利局", "县水利局", "slj", "临猗水罚"),
    ("临猗县城市管理局", "县城管局", "cgj", "临猗城管罚"),
    ("临猗县人力资源和社会保障局", "县人社局", "rsj", "临猗人社罚"),
)

OUTSIDE_BODIES: tuple[tuple[str, str, str], ...] = (
    ("临猗县公安局", "police", "public_security"),
    ("临猗县人民检察院", "procuratorate", "procuratorate"),
    ("临猗县人民法院", "court", "court"),
    ("中共临猗县纪律检查委员会 临猗县监察委员会", "discipline", "discipline_organ"),
)

# Products and trades of the county (临猗 is known for apples, pears and jujubes).
TRADES: tuple[tuple[str, str], ...] = (
    ("果业", "农产品"),
    ("苹果专业合作社", "农产品"),
    ("梨枣种植专业合作社", "农产品"),
    ("冷链物流", "仓储物流"),
    ("食品", "食品生产"),
    ("超市", "零售"),
    ("餐饮管理", "餐饮"),
    ("农资", "农资经营"),
    ("建材", "建材"),
    ("运输", "道路运输"),
    ("药房", "药品零售"),
    ("汽车维修", "机动车维修"),
    ("印务", "印刷"),
    ("网络科技", "信息服务"),
)

SHOP_WORDS: tuple[str, ...] = (
    "金果",
    "华丰",
    "瑞祥",
    "鑫源",
    "丰收",
    "顺达",
    "永盛",
    "兴旺",
    "福临",
    "宏泰",
    "嘉禾",
    "昌盛",
    "润泽",
    "天成",
    "盛源",
    "百果",
    "晋南",
    "黄河",
    "峨嵋",
    "聚丰",
)

# The enforcement type (zhifa.catalog.enforcement_types) of each department; township teams
# enforce under "township".
DEPARTMENT_ENFORCEMENT_TYPES: dict[str, str] = {
    "scjg": "market",
    "zrzy": "natural_resources",
    "sthj": "ecology",
    "jtys": "transport",
    "nync": "agriculture",
    "whly": "culture_tourism",
    "wsjk": "health",
    "yjgl": "emergency",
    "zjj": "housing",
    "slj": "water",
    "cgj": "urban",
    "rsj": "labour",
}

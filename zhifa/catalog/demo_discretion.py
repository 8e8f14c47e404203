"""Demo discretion benchmarks for the demo county (system 1.5).

Realistic provisions and statutory ranges: 县市场监管局 (food safety, registration, prices,
product quality, special equipment), 县城管局 (illegal building, street trading, outdoor
advertising) and two township teams. Tiers follow the common practice of Shanxi benchmarks
(lighter: the lower 30 % of the statutory range; ordinary: 30–70 %; heavier: the upper 30 %);
circumstances follow 《行政处罚法》Arts. 32–33. One draft, one repealed, one revised (version 2
published, version 1 repealed by it). Runs after the item catalogue's demo: items are looked up
by unit and name and linked when found (R-1.2-08 (4)); nothing breaks when they are missing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import faker

from zhifa.accounts.constants import Role
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.selectors import users_with_role, users_with_role_anywhere
from zhifa.catalog.constants import CircumstanceEffect as E
from zhifa.catalog.constants import PenaltyType as P
from zhifa.catalog.constants import Tier as T
from zhifa.catalog.models import Benchmark, EnforcementItem
from zhifa.catalog.services.discretion import (
    BenchmarkInput,
    CircumstanceInput,
    TierInput,
    benchmark_create,
    benchmark_publish,
    benchmark_repeal,
    benchmark_revise,
    benchmark_update,
)

D = Decimal
TIME_LIMIT = "自立案之日起九十日内作出处理决定；案情复杂的，经负责人批准可延长三十日"
SUSPENSION = "行政复议或者行政诉讼期间不停止执行；法律规定停止执行的情形除外。当事人确有经济困难的，可申请延期或分期缴纳罚款。"

NO_PENALTY = [
    ("N1", "初次违法且危害后果轻微并及时改正的", E.NO_PENALTY),
    ("N2", "违法行为轻微并及时改正，没有造成危害后果的", E.NO_PENALTY),
]
MITIGATING = [
    ("M1", "主动消除或者减轻违法行为危害后果的", E.MITIGATING),
    ("M2", "受他人胁迫或者诱骗实施违法行为的", E.MITIGATING),
]
LIGHTER = [
    ("L1", "主动供述行政机关尚未掌握的违法行为的", E.LIGHTER),
    ("L2", "配合行政机关查处违法行为有立功表现的", E.LIGHTER),
]
HEAVIER = [
    ("H1", "经责令改正拒不改正的", E.HEAVIER),
    ("H2", "一年内因同一种违法行为受过行政处罚的", E.HEAVIER),
    ("H3", "造成严重危害后果或者恶劣社会影响的", E.HEAVIER),
]


@dataclass
class Spec:
    unit: str
    code: str
    violation: str
    violated: str
    penalty: str
    types: list[str]
    fine: tuple[Decimal | None, Decimal] | None = None
    multiple: tuple[str, Decimal, Decimal] | None = None
    threshold: Decimal | None = None
    heavier_types: list[str] = field(default_factory=list)
    choice: str = ""
    document: str = ""
    item_words: tuple[str, ...] = ()
    extra: list[tuple[str, str, str]] = field(default_factory=list)


def _round(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).quantize(D(1), rounding=ROUND_HALF_UP) * step


def _cuts(lo: Decimal, hi: Decimal, step: Decimal) -> tuple[Decimal, Decimal]:
    a = _round(lo + (hi - lo) * D("0.3"), step)
    b = _round(lo + (hi - lo) * D("0.7"), step)
    return min(max(a, lo), hi), min(max(b, lo), hi)


def _input(org: Organisation, s: Spec, item: EnforcementItem | None) -> BenchmarkInput:
    base = [
        t for t in s.types if t in (P.WARNING, P.FINE, P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY)
    ]
    fine_lo, fine_hi = s.fine if s.fine else (None, None)
    tiers = [
        TierInput(
            T.NO_PENALTY,
            "初次违法且危害后果轻微并及时改正，或违法行为轻微并及时改正、没有造成危害后果的（《行政处罚法》第三十三条）",
        )
    ]
    ranges: dict[str, dict[str, Any]] = {t: {} for t in (T.LIGHTER, T.ORDINARY, T.HEAVIER)}
    if fine_hi is not None:
        lo = fine_lo or D(0)
        a, b = _cuts(lo, fine_hi, D(100) if fine_hi >= 1000 else D(10))
        ranges[T.LIGHTER].update(fine_min=fine_lo, fine_max=a)
        ranges[T.ORDINARY].update(fine_min=a, fine_max=b)
        ranges[T.HEAVIER].update(fine_min=b, fine_max=fine_hi)
    if s.multiple:
        _, m_lo, m_hi = s.multiple
        a, b = _cuts(m_lo, m_hi, D("0.1"))
        ranges[T.LIGHTER].update(multiple_min=m_lo, multiple_max=a)
        ranges[T.ORDINARY].update(multiple_min=a, multiple_max=b)
        ranges[T.HEAVIER].update(multiple_min=b, multiple_max=m_hi)
    can_mitigate = bool((fine_lo or 0) > 0 or (s.multiple and s.multiple[1] > 0))
    circumstances = list(NO_PENALTY) + list(LIGHTER) + list(HEAVIER) + list(s.extra)
    if can_mitigate:
        mitig: dict[str, Any] = {}
        if fine_lo:
            mitig["fine_max"] = fine_lo
        if s.multiple and s.multiple[1] > 0:
            mitig["multiple_max"] = s.multiple[1]
        mitig_types = [P.WARNING] + [t for t in base if t != P.WARNING]
        tiers.append(
            TierInput(
                T.MITIGATED,
                "具有《行政处罚法》第三十二条规定的减轻处罚情形的",
                mitig_types,
                **mitig,
            )
        )
        circumstances = (
            list(NO_PENALTY) + list(MITIGATING) + list(LIGHTER) + list(HEAVIER) + list(s.extra)
        )
    lighter_types = [t for t in base if t != P.WARNING or P.FINE not in base] or base
    tiers += [
        TierInput(
            T.LIGHTER,
            "具有从轻处罚情形，或违法情节较轻、危害后果较小的",
            lighter_types,
            **ranges[T.LIGHTER],
        ),
        TierInput(
            T.ORDINARY,
            "无从轻、减轻、从重情形的",
            [t for t in base if t != P.WARNING] or base,
            **ranges[T.ORDINARY],
        ),
        TierInput(
            T.HEAVIER,
            "具有从重处罚情形，或违法情节严重、危害后果较大的",
            ([t for t in base if t != P.WARNING] or base) + list(s.heavier_types),
            **ranges[T.HEAVIER],
        ),
    ]
    return BenchmarkInput(
        organisation=org,
        item=item,
        code=s.code,
        violation=s.violation,
        violated_provision=s.violated,
        penalty_provision=s.penalty,
        penalty_types=list(s.types),
        fine_min=fine_lo,
        fine_max=fine_hi,
        multiple_basis=s.multiple[0] if s.multiple else "",
        multiple_min=s.multiple[1] if s.multiple else None,
        multiple_max=s.multiple[2] if s.multiple else None,
        multiple_threshold=s.threshold,
        type_choice_rules=s.choice,
        suspension_situations=SUSPENSION,
        time_limit=TIME_LIMIT,
        document_number=s.document,
        tiers=tiers,
        circumstances=[CircumstanceInput(c, t, e) for c, t, e in circumstances],
    )


SCJG_DOC = "临猗市监发〔2025〕12号"
CGJ_DOC = "临猗城管发〔2025〕5号"

SPECS: tuple[Spec, ...] = (
    Spec(
        "scjg",
        "SJ-SP-001",
        "食品经营者未按规定建立并遵守进货查验记录制度",
        "《中华人民共和国食品安全法》第五十三条第二款",
        "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项",
        [P.WARNING, P.FINE, P.SUSPEND_BUSINESS, P.REVOKE_PERMIT],
        fine=(D(5000), D(50000)),
        heavier_types=[P.SUSPEND_BUSINESS],
        choice="责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款；情节严重的，责令停产停业，直至吊销许可证。",
        document=SCJG_DOC,
        item_words=("进货查验",),
    ),
    Spec(
        "scjg",
        "SJ-SP-002",
        "生产经营超范围、超限量使用食品添加剂的食品",
        "《中华人民共和国食品安全法》第三十四条第（四）项",
        "《中华人民共和国食品安全法》第一百二十四条第一款第（三）项",
        [P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY, P.FINE, P.REVOKE_PERMIT],
        fine=(D(50000), D(100000)),
        multiple=("货值金额", D(10), D(20)),
        threshold=D(10000),
        heavier_types=[P.REVOKE_PERMIT],
        choice="没收违法所得和违法生产经营的食品、食品添加剂；货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款；情节严重的，吊销许可证。",
        document=SCJG_DOC,
        item_words=("食品添加剂",),
    ),
    Spec(
        "scjg",
        "SJ-SP-003",
        "生产经营标签、说明书不符合规定的食品",
        "《中华人民共和国食品安全法》第六十七条、第七十一条",
        "《中华人民共和国食品安全法》第一百二十五条第一款第（二）项",
        [P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY, P.FINE, P.SUSPEND_BUSINESS, P.REVOKE_PERMIT],
        fine=(D(5000), D(50000)),
        multiple=("货值金额", D(5), D(10)),
        threshold=D(10000),
        heavier_types=[P.SUSPEND_BUSINESS],
        choice="标签、说明书瑕疵不影响食品安全且不会对消费者造成误导的，责令改正；拒不改正的，处二千元以下罚款（见第一百二十五条第二款）。",
        document=SCJG_DOC,
        item_words=("标签",),
    ),
    Spec(
        "scjg",
        "SJ-DJ-001",
        "市场主体未将营业执照置于住所或者主要经营场所的醒目位置",
        "《中华人民共和国市场主体登记管理条例》第三十六条",
        "《中华人民共和国市场主体登记管理条例》第四十八条第一款",
        [P.FINE],
        fine=(None, D(30000)),
        choice="责令改正；拒不改正的，处三万元以下的罚款。",
        document=SCJG_DOC,
        item_words=("营业执照",),
    ),
    Spec(
        "scjg",
        "SJ-DJ-002",
        "未经设立登记从事经营活动（无照经营）",
        "《中华人民共和国市场主体登记管理条例》第三条",
        "《中华人民共和国市场主体登记管理条例》第四十三条",
        [P.CONFISCATE_GAINS, P.FINE, P.CLOSE],
        fine=(D(10000), D(500000)),
        heavier_types=[P.CLOSE],
        choice="责令改正，没收违法所得；拒不改正的，处一万元以上十万元以下的罚款；情节严重的，依法责令关闭停业，并处十万元以上五十万元以下的罚款。",
        document=SCJG_DOC,
        item_words=("无照", "设立登记"),
    ),
    Spec(
        "scjg",
        "SJ-JG-001",
        "经营者不按规定明码标价",
        "《中华人民共和国价格法》第十三条",
        "《中华人民共和国价格法》第四十二条",
        [P.CONFISCATE_GAINS, P.FINE],
        fine=(None, D(5000)),
        choice="责令改正，没收违法所得，可以并处五千元以下的罚款。",
        document=SCJG_DOC,
        item_words=("明码标价",),
    ),
    Spec(
        "scjg",
        "SJ-ZL-001",
        "在产品中掺杂、掺假，以假充真，以次充好",
        "《中华人民共和国产品质量法》第三十二条、第三十九条",
        "《中华人民共和国产品质量法》第五十条",
        [P.CONFISCATE_PROPERTY, P.CONFISCATE_GAINS, P.FINE, P.REVOKE_PERMIT],
        multiple=("违法生产、销售产品货值金额", D("0.5"), D(3)),
        heavier_types=[P.REVOKE_PERMIT],
        choice="责令停止生产、销售，没收违法生产、销售的产品，并处货值金额百分之五十以上三倍以下的罚款；有违法所得的，并处没收违法所得；情节严重的，吊销营业执照。",
        document=SCJG_DOC,
        item_words=("掺杂", "以假充真"),
    ),
    Spec(
        "scjg",
        "SJ-TS-001",
        "使用未经定期检验或者检验不合格的特种设备",
        "《中华人民共和国特种设备安全法》第四十条第三款",
        "《中华人民共和国特种设备安全法》第八十四条第（一）项",
        [P.FINE, P.OTHER],
        fine=(D(30000), D(300000)),
        choice="责令停止使用有关特种设备，处三万元以上三十万元以下罚款。",
        document=SCJG_DOC,
        item_words=("特种设备",),
    ),
    Spec(
        "cgj",
        "CG-GH-001",
        "未取得建设工程规划许可证进行建设，尚可采取改正措施消除对规划实施影响",
        "《中华人民共和国城乡规划法》第四十条",
        "《中华人民共和国城乡规划法》第六十四条",
        [P.FINE, P.CONFISCATE_PROPERTY, P.OTHER],
        multiple=("建设工程造价", D("0.05"), D("0.1")),
        choice="尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款；无法采取改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款。",
        document=CGJ_DOC,
        item_words=("规划许可", "违法建设"),
    ),
    Spec(
        "cgj",
        "CG-SR-001",
        "擅自占用城市道路从事经营活动（占道经营）",
        "《城市道路管理条例》第三十一条",
        "《城市道路管理条例》第四十二条",
        [P.WARNING, P.FINE],
        fine=(None, D(20000)),
        choice="责令限期改正，可以处以二万元以下的罚款；造成道路损坏的，应当承担赔偿责任。",
        document=CGJ_DOC,
        item_words=("占用城市道路", "占道"),
    ),
    Spec(
        "cgj",
        "CG-SR-002",
        "未经批准擅自设置大型户外广告",
        "《城市市容和环境卫生管理条例》第十一条",
        "《城市市容和环境卫生管理条例》第三十六条第（一）项",
        [P.FINE, P.OTHER],
        fine=(D(1000), D(10000)),
        choice="责令停止违法行为，限期清理、拆除或者采取其他补救措施，并可处以罚款。",
        document=CGJ_DOC,
        item_words=("户外广告",),
    ),
    Spec(
        "meiyang-team",
        "MY-HB-001",
        "在人口集中地区露天焚烧秸秆、落叶等产生烟尘污染的物质",
        "《中华人民共和国大气污染防治法》第七十七条",
        "《中华人民共和国大气污染防治法》第一百一十九条第二款",
        [P.FINE],
        fine=(D(500), D(2000)),
        choice="责令改正，并可以处五百元以上二千元以下的罚款。",
        document="嵋阳政发〔2025〕8号",
        item_words=("焚烧",),
    ),
    Spec(
        "yishi-team",
        "YS-SR-001",
        "擅自占用城市道路从事经营活动（占道经营）",
        "《城市道路管理条例》第三十一条",
        "《城市道路管理条例》第四十二条",
        [P.WARNING, P.FINE],
        fine=(None, D(20000)),
        choice="责令限期改正，可以处以二万元以下的罚款。",
        document="猗氏政发〔2025〕3号",
        item_words=("占道", "占用城市道路"),
    ),
)

DRAFT = Spec(
    "yishi-team",
    "YS-HB-001",
    "在人口集中地区露天焚烧秸秆、落叶等产生烟尘污染的物质",
    "《中华人民共和国大气污染防治法》第七十七条",
    "《中华人民共和国大气污染防治法》第一百一十九条第二款",
    [P.FINE],
    fine=(D(500), D(2000)),
    choice="责令改正，并可以处五百元以上二千元以下的罚款。",
    item_words=("焚烧",),
)

REPEALED = Spec(
    "scjg",
    "SJ-DJ-009",
    "个体工商户未按照规定报送年度报告",
    "《个体工商户条例》（2011）第十四条",
    "《个体工商户条例》（2011）第二十二条",
    [P.WARNING, P.FINE],
    fine=(None, D(1000)),
    document="临猗工商发〔2016〕4号",
)


def _item(org: Organisation, words: tuple[str, ...]) -> EnforcementItem | None:
    if not words:
        return None
    items = EnforcementItem.objects.filter(organisation=org).select_related("current_version")
    for item in items:
        name = item.current_version.name if item.current_version is not None else ""
        if any(w in name for w in words):
            return item
    return None


def _actors(by_code: dict[str, Organisation]) -> tuple[User | None, User | None]:
    supervisor = users_with_role_anywhere(role=Role.SUPERVISOR).order_by("id").first()
    head = None
    if "scjg" in by_code:
        head = (
            users_with_role(organisation=by_code["scjg"], role=Role.UNIT_HEAD)
            .order_by("id")
            .first()
        )
    return supervisor, head or supervisor


def demo_seed(*, rng: random.Random, fake: faker.Faker, by_code: dict[str, Organisation]) -> None:
    """Seed the demo benchmarks (idempotent per unit and code: existing ones are left alone)."""
    supervisor, scjg_head = _actors(by_code)
    if supervisor is None:
        return

    def actor_for(unit: str) -> User:
        return scjg_head if unit == "scjg" and scjg_head is not None else supervisor  # type: ignore[return-value]

    def create(s: Spec) -> Benchmark | None:
        org = by_code.get(s.unit)
        if org is None or Benchmark.objects.filter(organisation=org, code=s.code).exists():
            return None
        return benchmark_create(
            actor=actor_for(s.unit), data=_input(org, s, _item(org, s.item_words))
        )

    for s in SPECS:
        b = create(s)
        if b is not None:
            benchmark_publish(actor=actor_for(s.unit), benchmark=b)
    create(DRAFT)
    old = create(REPEALED)
    if old is not None:
        old = benchmark_publish(actor=actor_for(REPEALED.unit), benchmark=old)
        benchmark_repeal(
            actor=actor_for(REPEALED.unit),
            benchmark=old,
            reason="《个体工商户条例》已被《促进个体工商户发展条例》（2022年11月1日施行）废止，年度报告改按《市场主体登记管理条例》及其实施细则处理。",
        )
    # A revision: 明码标价 version 2 (a narrower lighter tier) replaces version 1.
    org = by_code.get("scjg")
    current = (
        Benchmark.objects.filter(
            organisation=org, code="SJ-JG-001", version=1, status="published"
        ).first()
        if org is not None
        else None
    )
    if current is not None and not Benchmark.objects.filter(supersedes=current).exists():
        spec = next(s for s in SPECS if s.code == "SJ-JG-001")
        actor = actor_for("scjg")
        draft = benchmark_revise(actor=actor, benchmark=current)
        data = _input(org, spec, current.item)  # type: ignore[arg-type]
        data.document_number = "临猗市监发〔2026〕2号"
        for t in data.tiers:
            if t.tier == T.LIGHTER:
                t.conditions = "首次被发现、标价信息缺失较少且当场改正的"
        benchmark_update(actor=actor, benchmark=draft, data=data)
        benchmark_publish(actor=actor, benchmark=draft)

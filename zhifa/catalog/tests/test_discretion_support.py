"""Builders shared by the discretion tests (no tests here): realistic benchmark inputs."""

from __future__ import annotations

from decimal import Decimal

from zhifa.accounts.models import Organisation, User
from zhifa.catalog.constants import CircumstanceEffect as E
from zhifa.catalog.constants import PenaltyType as P
from zhifa.catalog.constants import Tier as T
from zhifa.catalog.models import Benchmark
from zhifa.catalog.services.discretion import (
    BenchmarkInput,
    CircumstanceInput,
    TierInput,
    benchmark_create,
    benchmark_publish,
)

D = Decimal


def food_input(org: Organisation, *, code: str = "SJ-126-1", **overrides) -> BenchmarkInput:  # type: ignore[no-untyped-def]
    """《食品安全法》第一百二十六条: warning, then 5 000–50 000 yuan."""
    data = BenchmarkInput(
        organisation=org,
        code=code,
        violation="食品经营者未按规定建立并遵守进货查验记录制度",
        violated_provision="《中华人民共和国食品安全法》第五十三条第二款",
        penalty_provision="《中华人民共和国食品安全法》第一百二十六条第一款第（三）项",
        penalty_types=[P.WARNING, P.FINE, P.SUSPEND_BUSINESS, P.REVOKE_PERMIT],
        fine_min=D("5000"),
        fine_max=D("50000"),
        type_choice_rules="责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款；情节严重的，责令停产停业，直至吊销许可证。",
        suspension_situations="当事人申请行政复议或提起诉讼的，不停止执行，法律另有规定的除外。",
        time_limit="自立案之日起九十日内作出处理决定",
        document_number="临猗市监发〔2025〕3号",
        tiers=[
            TierInput(T.NO_PENALTY, "初次违法且危害后果轻微并及时改正的"),
            TierInput(
                T.MITIGATED,
                "主动消除或者减轻违法行为危害后果的",
                [P.WARNING, P.FINE],
                None,
                D("5000"),
            ),
            TierInput(T.LIGHTER, "配合调查、如实陈述的", [P.FINE], D("5000"), D("15000")),
            TierInput(T.ORDINARY, "无从轻、从重情形的", [P.FINE], D("15000"), D("35000")),
            TierInput(
                T.HEAVIER,
                "拒不改正或造成危害后果的",
                [P.FINE, P.SUSPEND_BUSINESS],
                D("35000"),
                D("50000"),
            ),
        ],
        circumstances=[
            CircumstanceInput("N1", "初次违法且危害后果轻微并及时改正", E.NO_PENALTY),
            CircumstanceInput("M1", "主动消除或者减轻违法行为危害后果", E.MITIGATING),
            CircumstanceInput("L1", "配合行政机关查处违法行为有立功表现", E.LIGHTER),
            CircumstanceInput("L2", "主动供述行政机关尚未掌握的违法行为", E.LIGHTER),
            CircumstanceInput("H1", "经责令改正拒不改正", E.HEAVIER),
            CircumstanceInput("H2", "一年内因同一违法行为受过行政处罚", E.HEAVIER),
        ],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def multiple_input(org: Organisation, *, code: str = "SJ-124-1") -> BenchmarkInput:
    """《食品安全法》第一百二十四条: below 10 000 yuan of goods 50 000–100 000 yuan; from
    10 000 yuan up 10–20 times the value of the goods."""
    return BenchmarkInput(
        organisation=org,
        code=code,
        violation="生产经营超范围、超限量使用食品添加剂的食品",
        violated_provision="《中华人民共和国食品安全法》第三十四条第（四）项",
        penalty_provision="《中华人民共和国食品安全法》第一百二十四条第一款第（三）项",
        penalty_types=[P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY, P.FINE, P.REVOKE_PERMIT],
        fine_min=D("50000"),
        fine_max=D("100000"),
        multiple_basis="货值金额",
        multiple_min=D("10"),
        multiple_max=D("20"),
        multiple_threshold=D("10000"),
        time_limit="自立案之日起九十日内",
        tiers=[
            TierInput(
                T.LIGHTER,
                "货值金额较小、配合调查的",
                [P.CONFISCATE_GAINS, P.FINE],
                D("50000"),
                D("65000"),
                D("10"),
                D("13"),
            ),
            TierInput(
                T.ORDINARY,
                "一般情形",
                [P.CONFISCATE_GAINS, P.FINE],
                D("65000"),
                D("85000"),
                D("13"),
                D("17"),
            ),
            TierInput(
                T.HEAVIER,
                "危害严重的",
                [P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY, P.FINE, P.REVOKE_PERMIT],
                D("85000"),
                D("100000"),
                D("17"),
                D("20"),
            ),
        ],
        circumstances=[
            CircumstanceInput("L1", "主动召回并销毁问题食品", E.LIGHTER),
            CircumstanceInput("H1", "以婴幼儿为主要消费对象", E.HEAVIER),
        ],
    )


def published_food(org: Organisation, head: User, **kwargs) -> Benchmark:  # type: ignore[no-untyped-def]
    benchmark = benchmark_create(actor=head, data=food_input(org, **kwargs))
    return benchmark_publish(actor=head, benchmark=benchmark)

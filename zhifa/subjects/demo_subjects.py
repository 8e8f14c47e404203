"""Demo data of the directory: R-1.1-10 flags, natural persons, other organisations, and one
finished import run with two rejected rows, so every page has something to show.

Wired by the lead into ``zhifa.demo`` after the entities exist (``demo_county_load``).
"""

from __future__ import annotations

import datetime as dt
import random

import faker

from zhifa.accounts.models import Organisation, User
from zhifa.core import clock
from zhifa.core.identifiers import USCC_ALPHABET, make_id_number, make_uscc, uscc_check_char
from zhifa.subjects.constants import EntityCategory, EntityFlag
from zhifa.subjects.importing import import_run_create, import_run_execute
from zhifa.subjects.models import MarketEntity
from zhifa.subjects.services import entity_complaint_count_add, entity_create, entity_flag_set

OTHER_ORGANISATIONS = ("临猗县果业协会", "临猗县苹果产业商会")


def _other_org_code(rng: random.Random) -> str:
    # 52: a social organisation registered with the civil-affairs authority
    first17 = "52140821" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return first17 + uscc_check_char(first17)


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def demo_seed(*, rng: random.Random, fake: faker.Faker, by_code: dict[str, Organisation]) -> None:
    """Flags on some entities, a few natural persons and other organisations, one import run."""
    import io

    supervisor = User.objects.filter(username="supervisor").first()
    officer = User.objects.filter(username="officer").first()
    if supervisor is None or officer is None:
        return
    entities = list(
        MarketEntity.objects.exclude(category=EntityCategory.NATURAL_PERSON).order_by("id")[:40]
    )
    today = clock.today()
    for entity in entities[0:3]:
        entity_flag_set(
            actor=supervisor,
            entity=entity,
            flag=EntityFlag.ABNORMAL,
            on=True,
            listed_on=today - dt.timedelta(days=rng.randint(20, 400)),
            note="未按规定报送年度报告",
        )
    for entity in entities[3:5]:
        entity_flag_set(
            actor=supervisor,
            entity=entity,
            flag=EntityFlag.SERIOUS_VIOLATION,
            on=True,
            note="2025年因销售不合格食品受到行政处罚",
        )
    entity_flag_set(
        actor=supervisor,
        entity=entities[5],
        flag=EntityFlag.HIGHER_LEVEL,
        on=True,
        note="运城市市场监管局关于加强冷链食品监管的通知",
    )
    for entity, count in zip(entities[6:10], (1, 2, 3, 5), strict=False):
        for n in range(count):
            entity_complaint_count_add(entity=entity, source=f"12345热线-{entity.pk}-{n + 1}")

    towns = [o for o in by_code.values() if o.kind == "township_government"]
    for _ in range(4):
        female = rng.random() < 0.5
        birth = dt.date(rng.randint(1955, 1995), rng.randint(1, 12), rng.randint(1, 28))
        town = rng.choice(towns)
        entity_create(
            actor=supervisor,
            data={
                "name": fake.name_female() if female else fake.name_male(),
                "category": EntityCategory.NATURAL_PERSON,
                "id_number": make_id_number(rng, birth=birth, female=female),
                "address": f"山西省运城市临猗县{town.short_name}{fake.street_name()}{rng.randint(1, 99)}号",
                "township": town,
                "phone": fake.phone_number(),
            },
        )
    for name in OTHER_ORGANISATIONS:
        entity_create(
            actor=supervisor,
            data={
                "name": name,
                "category": EntityCategory.OTHER,
                "uscc": _other_org_code(rng),
                "legal_representative": fake.name(),
                "address": f"山西省运城市临猗县城{fake.street_name()}{rng.randint(1, 200)}号",
            },
        )

    # One finished import: five new shops, one already known, two rejected rows.
    rows = [["企业名称", "统一社会信用代码", "法定代表人", "类别", "地址", "所属乡镇", "行业"]]
    town = rng.choice(towns)
    for n in range(5):
        rows.append(
            [
                f"临猗县{town.short_name}{fake.last_name()}记果品经销部{n + 1}",
                make_uscc(rng),
                fake.name(),
                "个体工商户",
                f"山西省运城市临猗县{town.short_name}{fake.street_name()}{rng.randint(1, 99)}号",
                town.short_name,
                "批发和零售业",
            ]
        )
    known = entities[10]
    rows.append([known.name, known.uscc or "", known.legal_representative, "", "", "", ""])
    broken = make_uscc(rng)
    rows.append(
        [
            "临猗县抄错代码商行",
            broken[:17] + ("0" if broken[17] != "0" else "1"),
            "",
            "",
            "",
            town.short_name,
            "",
        ]
    )
    rows.append(["", make_uscc(rng), "", "", "", "", ""])
    actor = officer
    run = import_run_create(
        actor=actor, file=io.BytesIO(_csv(rows)), file_name="2026年新登记个体户.csv"
    )
    import_run_execute(run_id=run.pk)

"""Loading the demo county: organisations, one login per role, officers, market entities.

Everything goes through the ordinary services, so the demo data is ledgered like real data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from faker import Faker

from zhifa.accounts.constants import OrganisationKind, Role
from zhifa.accounts.models import Organisation, User
from zhifa.accounts.services import organisation_create, user_create
from zhifa.catalog import demo_discretion, demo_items
from zhifa.core import clock
from zhifa.core.identifiers import make_uscc
from zhifa.demo.data import DEPARTMENTS, OUTSIDE_BODIES, SHOP_WORDS, TOWNS, TRADES
from zhifa.personnel import demo_officers, demo_training
from zhifa.subjects import demo_subjects
from zhifa.subjects.constants import EntityCategory
from zhifa.subjects.models import MarketEntity

DEMO_PASSWORD = "linyi-demo-2026"  # noqa: S105 - a published demo password

# One demo login per role: (username, role, organisation code)
DEMO_LOGINS: tuple[tuple[str, str, str], ...] = (
    ("officer", Role.OFFICER, "scjg"),
    ("town_officer", Role.OFFICER, "yishi-team"),
    ("reviewer", Role.LEGAL_REVIEWER, "scjg"),
    ("head", Role.UNIT_HEAD, "scjg"),
    ("archivist", Role.ARCHIVIST, "scjg"),
    ("supervisor", Role.SUPERVISOR, "sfj"),
    ("leader", Role.COUNTY_LEADER, "gov"),
    ("admin", Role.SYSADMIN, "sfj"),
)

DEMO_NAMES = {
    "officer": "王建军",
    "town_officer": "李晓东",
    "reviewer": "张丽华",
    "head": "刘志强",
    "archivist": "陈静",
    "supervisor": "赵文博",
    "leader": "孙国庆",
    "admin": "周敏",
}


DEMO_AREAS = (demo_items, demo_discretion, demo_officers, demo_training, demo_subjects)


@dataclass
class DemoSummary:
    organisations: int
    users: int
    entities: int
    obligations: int


def demo_is_loaded() -> bool:
    return Organisation.objects.exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role label, unit) of the demo logins present in the database."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[d[0] for d in DEMO_LOGINS]).select_related(
            "organisation"
        )
    }
    logins = []
    for username, role, _ in DEMO_LOGINS:
        user = users.get(username)
        if user is not None and user.organisation is not None:
            logins.append((username, str(Role(role).label), user.organisation.name))
    return logins


def _certificate_number(seq: int) -> str:
    # 山西省行政执法证件号: province 14 + county 0821 + five-digit sequence.
    return f"140821{seq:05d}"


@transaction.atomic
def demo_county_load(*, seed: int = 2026, entities: int = 300) -> DemoSummary:
    """Create the demo county. Refuses to run on a database that already has organisations."""
    if demo_is_loaded():
        from zhifa.core.errors import DomainError

        raise DomainError("数据库中已有单位数据，不能重复载入演示数据。", code="already_loaded")
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)

    def org(
        name: str,
        code: str,
        kind: str,
        parent: Organisation | None,
        *,
        short_name: str = "",
        document_prefix: str = "",
        sort_order: int = 0,
    ) -> Organisation:
        return organisation_create(
            actor=None,
            name=name,
            code=code,
            kind=kind,
            parent=parent,
            short_name=short_name,
            document_prefix=document_prefix,
            sort_order=sort_order,
        )

    gov = org(
        "临猗县人民政府", "gov", OrganisationKind.COUNTY_GOVERNMENT, None, short_name="县政府"
    )
    jb = org("临猗县司法局", "sfj", OrganisationKind.JUSTICE_BUREAU, gov, short_name="县司法局")
    by_code: dict[str, Organisation] = {"gov": gov, "sfj": jb}
    for i, (name, short, code, prefix) in enumerate(DEPARTMENTS, start=1):
        by_code[code] = org(
            name,
            code,
            OrganisationKind.COUNTY_ENFORCEMENT_DEPT,
            gov,
            short_name=short,
            document_prefix=prefix,
            sort_order=i,
        )
    for name, code in TOWNS:
        town = org(
            f"{name}人民政府",
            code,
            OrganisationKind.TOWNSHIP_GOVERNMENT,
            gov,
            short_name=name,
            document_prefix=f"{name}罚",
        )
        by_code[code] = town
        by_code[f"{code}-team"] = org(
            f"{name}综合行政执法队",
            f"{code}-team",
            OrganisationKind.TOWNSHIP_TEAM,
            town,
            short_name=f"{name}执法队",
            document_prefix=f"{name}执罚",
        )
        by_code[f"{code}-sfs"] = org(
            f"临猗县司法局{name}司法所",
            f"{code}-sfs",
            OrganisationKind.JUDICIAL_OFFICE,
            jb,
            short_name=f"{name}司法所",
        )
    for name, code, kind in OUTSIDE_BODIES:
        by_code[code] = org(name, code, kind, None)

    users = 0
    for username, role, org_code in DEMO_LOGINS:
        user_create(
            actor=None,
            username=username,
            full_name=DEMO_NAMES[username],
            organisation=by_code[org_code],
            roles=[role],
            password=DEMO_PASSWORD,
            post={"officer": "执法人员", "unit_head": "局长", "supervisor": "执法监督股股长"}.get(
                role, ""
            ),
        )
        users += 1
    User.objects.filter(username="admin").update(is_superuser=True, is_staff=True)

    # Synthetic officers: six per department, four per township team, each with a certificate.
    cert_seq = 100
    enforcing = [by_code[c] for _, _, c, _ in DEPARTMENTS] + [
        by_code[f"{c}-team"] for _, c in TOWNS
    ]
    for unit in enforcing:
        for n in range(6 if unit.kind == OrganisationKind.COUNTY_ENFORCEMENT_DEPT else 4):
            cert_seq += 1
            user = user_create(
                actor=None,
                username=f"{unit.code}-{n + 1:02d}",
                full_name=fake.name(),
                organisation=unit,
                roles=[Role.OFFICER],
                password=None,
                post="执法人员",
                phone=fake.phone_number(),
            )
            User.objects.filter(pk=user.pk).update(certificate_number=_certificate_number(cert_seq))
            users += 1
    # Demo logins who enforce get certificates too.
    for username in ("officer", "town_officer", "head"):
        cert_seq += 1
        User.objects.filter(username=username).update(
            certificate_number=_certificate_number(cert_seq)
        )

    towns = [by_code[c] for _, c in TOWNS]
    rows = []
    seen: set[str] = set()
    for _ in range(entities):
        town = rng.choice(towns)
        trade, industry = rng.choice(TRADES)
        word = rng.choice(SHOP_WORDS)
        if "合作社" in trade:
            name, category = f"临猗县{town.short_name}{word}{trade}", EntityCategory.COOPERATIVE
        elif rng.random() < 0.3:
            name, category = (
                f"临猗县{town.short_name}{word}{trade}店",
                EntityCategory.INDIVIDUAL_BUSINESS,
            )
        else:
            name, category = f"临猗县{word}{trade}有限公司", EntityCategory.ENTERPRISE
        if name in seen:
            name = (
                f"{name[:-4]}{town.short_name[:2]}分公司"
                if name.endswith("有限公司")
                else name + "二部"
            )
        seen.add(name)
        code = make_uscc(rng)
        while code in seen:
            code = make_uscc(rng)
        seen.add(code)
        rows.append(
            MarketEntity(
                name=name,
                uscc=code,
                category=category,
                legal_representative=fake.name(),
                address=f"山西省运城市临猗县{town.short_name}{fake.street_name()}{rng.randint(1, 300)}号",
                township=town,
                industry=industry,
                phone=fake.phone_number(),
            )
        )
    MarketEntity.objects.bulk_create(rows)
    obligations = _demo_obligations(rng, by_code)
    # The registries, in dependency order: the catalogue and its benchmarks, then the officers
    # (certificates name enforcement types), their training, then the directory's flags.
    for area in DEMO_AREAS:
        area.demo_seed(rng=rng, fake=fake, by_code=by_code)
    return DemoSummary(
        organisations=Organisation.objects.count(),
        users=users,
        entities=len(rows),
        obligations=obligations,
    )


@transaction.atomic
def demo_cases_load(*, seed: int = 2026) -> int:
    """The demo cases (zhifa/cases/demo_cases.py), made through the case services once the
    county, its registries and the document templates are in place. Returns the case count."""
    from zhifa.cases import demo_cases
    from zhifa.cases.models import Case

    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    by_code = {o.code: o for o in Organisation.objects.all()}
    demo_cases.demo_seed(rng=rng, fake=fake, by_code=by_code)
    return Case.objects.count()


def _demo_obligations(rng: random.Random, by_code: dict[str, Organisation]) -> int:
    """Time limits that are running in the demo county today, so the boards are not empty.

    R-1.1-20: a normal random-inspection result is published within 5 working days of the
    inspection (AMB-1.1-a). Inspections finished over the last three weeks give some results
    already published, some due soon and some overdue.
    """
    from zhifa.deadlines.services import obligation_fulfil, obligation_open
    from zhifa.workdays.calendar import add_workdays

    today = clock.today()
    units = [
        by_code["scjg"],
        by_code["yishi-team"],
        by_code["meiyang-team"],
        by_code["linjin-team"],
    ]
    entities = list(MarketEntity.objects.order_by("id")[:24])
    opened = 0
    for n, entity in enumerate(entities):
        unit = units[n % len(units)]
        officer = (
            User.objects.filter(organisation=unit, roles__role=Role.OFFICER).order_by("id").first()
        )
        finished = add_workdays(today, -rng.randint(0, 9))
        obligation = obligation_open(
            rule_id="R-1.1-20",
            subject=entity,
            organisation=unit,
            start_at=finished,
            responsible=officer,
            label=f"公示随机抽查结果（结果正常）：{entity.name}",
        )
        opened += 1
        if n % 5 == 0:
            obligation_fulfil(obligation=obligation, actor=officer)
    return opened

"""The case list and the case page over N cases (default 1,000,000): latency and SQL queries.

    .venv/bin/python -m bench.cases_bench [--n 1000000] [--detail-samples 200] [--keep]

Runs against the configured database (``ZHIFA_DATABASE_URL`` / ``ZHIFA_DATA_DIR``) after migrating
it; point it at a scratch database (``python -m bench --only cases`` makes one). It

1. loads the demo county (``zhifa.demo.services.demo_county_load``: 12 departments, 14 township
   teams with officers and certificates, the published catalogues) unless it is there, adds a
   unit head to every enforcing unit without one and 20,000 more market entities;
2. generates N cases, deterministically from ``--seed``, spread over the 26 enforcing units
   (the market-regulation bureau largest) and over three years, every kind of act and status
   in realistic proportions, each with 3–15 timeline events and 2–3 officers; approvals for the
   pending ones, investigation-end reports and decisions where the case got that far, and a
   running handling-period obligation (R-1.5-15) for every open case. Numbers are the units'
   own (``临猗市监罚〔2025〕123号``), unique and gap-free per unit, year and kind; the number
   sequences are left at the last serial. Rows go in with ``COPY`` on PostgreSQL (bulk insert
   on SQLite), never through the services; then ``ANALYZE``. The time is printed, not counted;
3. times, with Django's test ``Client`` (``force_login``) as an officer of the market bureau,
   its head and a Justice Bureau supervisor: the list's first page, a status filter, a party-name
   search, page 50, ``mine=1`` and the case page of 200 random visible cases, and the same on
   the API. For each: p50, p95, max (ms) and the SQL queries of one request, and the queries of
   a small and a large case / an early and a late page, which must be the same;
4. deletes nothing: the scratch database is dropped by ``python -m bench``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


# --- what the county's cases look like -----------------------------------------------------

# kind share (per mille)
KINDS = (
    ("penalty", 600),
    ("permit", 220),
    ("coercion", 60),
    ("inspection", 60),
    ("confirmation", 20),
    ("levy", 15),
    ("benefit", 10),
    ("adjudication", 5),
    ("reward", 5),
    ("other", 5),
)
# status share per kind; most cases of three years are over
PENALTY_STATUSES = (
    ("archived", 440),
    ("closed", 70),
    ("closure_pending", 20),
    ("executing", 80),
    ("decided", 25),
    ("decision_pending", 20),
    ("notifying", 40),
    ("under_review", 10),
    ("reported", 30),
    ("investigating", 180),
    ("filing_pending", 25),
    ("not_filed", 40),
    ("transferred", 20),
)
SIMPLIFIED_STATUSES = (("archived", 800), ("closed", 100), ("executing", 100))
PERMIT_STATUSES = (
    ("archived", 550),
    ("closed", 80),
    ("decided", 40),
    ("decision_pending", 30),
    ("examining", 150),
    ("applied", 60),
    ("not_accepted", 90),
)
ACT_STATUSES = (
    ("archived", 500),
    ("closed", 100),
    ("executing", 100),
    ("decided", 100),
    ("decision_pending", 120),
    ("dropped", 80),
)
# the path of actions to each status (the timeline), per family
PENALTY_PATH = (
    "file_request",
    "recusal_declare",
    "file_approve",
    "field_action_record",
    "report_submit",
    "notice_serve",
    "statement_record",
    "decision_propose",
    "decision_approve",
    "serve",
    "execution_record",
    "closure_request",
    "closure_approve",
    "archive",
)
PENALTY_REACHED = {
    "filing_pending": 2,
    "not_filed": 3,
    "investigating": 3,
    "transferred": 4,
    "reported": 5,
    "under_review": 5,
    "notifying": 7,
    "decision_pending": 8,
    "decided": 9,
    "executing": 10,
    "closure_pending": 12,
    "closed": 13,
    "archived": 14,
}
PERMIT_PATH = (
    "permit_apply",
    "permit_accept",
    "field_action_record",
    "decision_propose",
    "decision_approve",
    "serve",
    "closure_request",
    "closure_approve",
    "archive",
)
PERMIT_REACHED = {
    "applied": 1,
    "not_accepted": 2,
    "examining": 2,
    "decision_pending": 4,
    "decided": 5,
    "closed": 8,
    "archived": 9,
}
ACT_PATH = (
    "act_record",
    "decision_propose",
    "decision_approve",
    "serve",
    "execution_record",
    "closure_request",
    "closure_approve",
    "archive",
)
ACT_REACHED = {
    "decision_pending": 2,
    "dropped": 2,
    "decided": 3,
    "executing": 4,
    "closed": 7,
    "archived": 8,
}
# special last actions of the ending statuses
ENDING_ACTION = {
    "not_filed": "file_reject",
    "transferred": "crime_transfer_approve",
    "not_accepted": "permit_not_accept",
    "dropped": "decision_reject",
    "under_review": "review_submit",
}
ACTION_LABELS = {
    "file_request": "提请立案审批",
    "recusal_declare": "回避声明：无回避情形",
    "file_approve": "批准立案",
    "file_reject": "不予立案",
    "field_action_record": "现场检查（勘验）",
    "report_submit": "提交调查终结报告",
    "review_submit": "提请法制审核",
    "notice_serve": "送达行政处罚事先告知书",
    "statement_record": "记录陈述申辩",
    "decision_propose": "提请决定审批",
    "decision_approve": "批准决定",
    "decision_reject": "退回决定，未作出决定",
    "serve": "送达决定书",
    "execution_record": "记录执行情况：当事人缴纳罚没款",
    "closure_request": "提请结案",
    "closure_approve": "批准结案",
    "archive": "移交归档",
    "crime_transfer_approve": "批准移送司法机关",
    "permit_apply": "登记许可申请",
    "permit_accept": "受理申请",
    "permit_not_accept": "不予受理",
    "act_record": "登记执法行为",
}
PENDING_APPROVAL = {
    "filing_pending": "filing",
    "decision_pending": "decision",
    "closure_pending": "closure",
}
DECIDED = frozenset({"decided", "executing", "closure_pending", "closed", "archived"})
# no handling-period obligation once the case is over or closed
NO_OBLIGATION = frozenset(
    {"not_filed", "not_accepted", "archived", "closed", "transferred", "dropped", "closure_pending"}
)
CAUSES = {
    "penalty": (
        "销售超过保质期食品",
        "未按规定公示营业执照",
        "无证经营",
        "虚假宣传",
        "销售不合格产品",
        "违法占用耕地",
        "超标排放污染物",
        "未取得许可从事道路运输",
    ),
    "permit": ("食品经营许可", "药品零售许可", "建设工程规划许可", "道路运输经营许可"),
}
OTHER_CAUSE = "依法实施执法行为"
YEARS_BACK = 3
EXTRA_ENTITIES = 20_000
CHUNK = 20_000  # cases per round of COPYs
SUBJECT_TYPE = "cases.case"
OVER = frozenset({"archived", "closed", "not_filed", "not_accepted", "dropped", "transferred"})
OPEN_DAYS = 200
HANDLING_RULE = "R-1.5-15"


def _weighted(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [p for p, _ in pairs], [w for _, w in pairs]


@dataclass
class Unit:
    pk: int
    code: str
    name: str
    prefixes: dict[str, str]
    officers: list[int]
    head: int
    items: dict[str, list[int]]  # kind -> the unit's published item versions
    weight: int


@dataclass
class World:
    units: list[Unit]
    parties: list[tuple[int, str]]
    supervisor: int
    officer: int  # an officer of the market bureau (demo login "officer")
    head: int  # its head (demo login "head")
    counts: Counter[str] = field(default_factory=Counter)


# --- base data --------------------------------------------------------------------------


def _base(seed: int) -> World:
    """The demo county plus a head for every enforcing unit and more market entities."""
    from django.db import transaction
    from faker import Faker

    from zhifa.accounts.constants import OrganisationKind, Role
    from zhifa.accounts.models import Organisation, User, UserRole
    from zhifa.cases.services.numbering import case_number_prefix
    from zhifa.catalog.constants import ItemType, VersionStatus
    from zhifa.catalog.models import ItemVersion
    from zhifa.core.identifiers import make_uscc
    from zhifa.demo.data import SHOP_WORDS, TRADES
    from zhifa.demo.services import demo_county_load, demo_is_loaded
    from zhifa.subjects.constants import EntityCategory
    from zhifa.subjects.models import MarketEntity

    if not demo_is_loaded():
        started = time.perf_counter()
        demo_county_load(seed=seed)
        print(f"demo county loaded in {time.perf_counter() - started:.1f} s", flush=True)
    rng = random.Random(seed)
    enforcing = list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.COUNTY_ENFORCEMENT_DEPT, OrganisationKind.TOWNSHIP_TEAM]
        ).order_by("sort_order", "code")
    )
    versions: dict[int, dict[str, list[int]]] = {}
    any_version: dict[str, list[int]] = {}
    for vid, kind, org_id in ItemVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list(
        "id", "item_type", "item__organisation_id"
    ):
        versions.setdefault(org_id, {}).setdefault(kind, []).append(vid)
        any_version.setdefault(kind, []).append(vid)
    with transaction.atomic():
        units = []
        for org in enforcing:
            officers = list(
                User.objects.filter(organisation=org, roles__role=Role.OFFICER)
                .order_by("id")
                .values_list("id", flat=True)
            )
            head = (
                User.objects.filter(organisation=org, roles__role=Role.UNIT_HEAD)
                .order_by("id")
                .values_list("id", flat=True)
                .first()
            )
            if head is None:
                user = User.objects.create(
                    username=f"bench-head-{org.code}",
                    full_name=f"{org.short_name or org.name}负责人",
                    organisation=org,
                )
                UserRole.objects.create(user=user, role=Role.UNIT_HEAD)
                head = user.pk
            own = {kind: list(vids) for kind, vids in versions.get(org.pk, {}).items()}
            if org.parent_id in versions:  # a township team enforces its township's items
                for kind, vids in versions[org.parent_id].items():
                    own.setdefault(kind, []).extend(vids)
            fallback = next(iter(any_version.values()))  # kinds nobody catalogued (demo data)
            items = {
                kind: own.get(kind) or any_version.get(kind) or fallback for kind in ItemType.values
            }
            units.append(
                Unit(
                    pk=org.pk,
                    code=org.code,
                    name=org.name,
                    prefixes={
                        k: case_number_prefix(organisation=org, kind=k) for k in ItemType.values
                    },
                    officers=officers,
                    head=head,
                    items=items,
                    weight=150 if org.code == "scjg" else (40 if org.kind == "county_dept" else 25),
                )
            )
        if MarketEntity.objects.count() < EXTRA_ENTITIES:
            fake = Faker("zh_CN")
            fake.seed_instance(seed)
            seen = set(MarketEntity.objects.values_list("uscc", flat=True))
            names = set(MarketEntity.objects.values_list("name", flat=True))
            rows = []
            for i in range(EXTRA_ENTITIES):
                trade, industry = rng.choice(TRADES)
                name = f"临猗县{fake.last_name()}{rng.choice(SHOP_WORDS)}{trade}{i}号店"
                if name in names:
                    continue
                names.add(name)
                code = make_uscc(rng)
                while code in seen:
                    code = make_uscc(rng)
                seen.add(code)
                rows.append(
                    MarketEntity(
                        name=name,
                        uscc=code,
                        category=EntityCategory.INDIVIDUAL_BUSINESS,
                        legal_representative=fake.name(),
                        industry=industry,
                    )
                )
            MarketEntity.objects.bulk_create(rows, batch_size=5000)
    parties = list(MarketEntity.objects.order_by("id").values_list("id", "name"))
    by_name = {u.username: u for u in User.objects.filter(username__in=["officer", "head"])}
    supervisor = (
        User.objects.filter(roles__role=Role.SUPERVISOR).order_by("id").values_list("id", flat=True)
    ).first()
    if not by_name or supervisor is None:
        raise SystemExit("the demo county has no officer/head/supervisor logins")
    return World(
        units=units,
        parties=parties,
        supervisor=supervisor,
        officer=by_name["officer"].pk,
        head=by_name["head"].pk,
    )


# --- rows ---------------------------------------------------------------------------------


def _columns(model: Any) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


class _Tables:
    """Rows per table for one chunk, as tuples in column order; written with ``COPY`` on
    PostgreSQL (psycopg's C ``write_row``) or ``executemany`` on SQLite. JSON values are given
    as JSON text."""

    def __init__(self) -> None:
        from zhifa.cases.models import Approval, Case, CaseEvent, CaseOfficer, CaseReport, Decision
        from zhifa.deadlines.models import Obligation

        self.models = (Case, CaseOfficer, CaseEvent, Approval, CaseReport, Decision, Obligation)
        # Case rows carry their id (the other rows refer to it); the others get theirs.
        self.columns = {m: [c for c in _columns(m) if c != "id" or m is Case] for m in self.models}
        self.defaults = {
            m: {f.column: _json_default(f) for f in m._meta.concrete_fields} for m in self.models
        }
        self.pick = {m: itemgetter(*self.columns[m]) for m in self.models}
        self.rows: dict[Any, list[tuple[Any, ...]]] = {m: [] for m in self.models}

    def add(self, model: Any, **values: Any) -> None:
        self.rows[model].append(self.pick[model]({**self.defaults[model], **values}))

    def flush(self) -> int:
        from django.db import connection

        written = 0
        for model in self.models:
            rows = self.rows[model]
            if not rows:
                continue
            cols = self.columns[model]
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                sql = f"COPY {table} ({', '.join(cols)}) FROM STDIN"
                with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                qn = connection.ops.quote_name
                sql = (
                    f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in cols)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(cols))})"
                )
                ops = connection.ops
                with connection.cursor() as cursor:
                    cursor.executemany(sql, [tuple(_lite(ops, v) for v in row) for row in rows])
            written += len(rows)
            rows.clear()
        return written


def _json_default(f: Any) -> Any:
    value = f.get_default()
    return json.dumps(value) if isinstance(value, (list, dict)) else value


def _lite(ops: Any, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _Due:
    """Due dates of the handling period (R-1.5-15, the item's 90 days), one per start day."""

    def __init__(self) -> None:
        from zhifa.law.registry import time_limit_spec

        self.spec = time_limit_spec(HANDLING_RULE)
        self.cache: dict[dt.date, tuple[dt.datetime, Any]] = {}

    def __call__(self, day: dt.date) -> tuple[dt.datetime, Any]:
        if day not in self.cache:
            from zhifa.core import clock
            from zhifa.deadlines.due import compute_due
            from zhifa.workdays.calendar import add_days

            start = clock.start_of_day(day)
            due_at = clock.start_of_day(add_days(day, 90))
            self.cache[day] = (start, compute_due(self.spec, start, due_at=due_at))
        return self.cache[day]


def _generate(n: int, world: World, seed: int, tables: _Tables, first_id: int) -> Iterator[int]:
    """Add the rows of N cases to ``tables``; yield after every CHUNK cases (to flush)."""
    from zhifa.cases.models import (
        Approval,
        Case,
        CaseEvent,
        CaseNumberSequence,
        CaseOfficer,
        CaseReport,
        Decision,
    )
    from zhifa.core import clock
    from zhifa.deadlines.constants import ObligationState as OS
    from zhifa.deadlines.models import Obligation

    rng = random.Random(seed)
    now = clock.now()
    today = clock.local(now).date()
    span = YEARS_BACK * 365 * 24 * 3600
    start = now - dt.timedelta(seconds=span)
    kinds, kind_w = _weighted(KINDS)
    fams = {
        "penalty": _weighted(PENALTY_STATUSES),
        "simplified": _weighted(SIMPLIFIED_STATUSES),
        "permit": _weighted(PERMIT_STATUSES),
        "act": _weighted(ACT_STATUSES),
    }
    units = world.units
    unit_w = [u.weight for u in units]
    # Numbers continue the units' sequences (a database with real or demo cases keeps its own).
    serials: Counter[tuple[int, int, str]] = Counter(
        {
            (org, year, kind): last
            for org, year, kind, last in CaseNumberSequence.objects.values_list(
                "organisation_id", "year", "kind", "last"
            )
        }
    )
    due = _Due()
    parties = world.parties
    for i in range(n):
        cid = first_id + i
        # created in time order: serials grow with the time of filing
        created = start + dt.timedelta(seconds=span * i / n + rng.random())
        unit = rng.choices(units, unit_w)[0]
        kind = rng.choices(kinds, kind_w)[0]
        procedure = "ordinary"
        if kind == "penalty":
            if rng.random() < 0.15:
                procedure, fam = "simplified", "simplified"
            else:
                fam = "penalty"
        elif kind == "permit":
            fam = "permit"
        else:
            fam = "act"
        statuses, weights = fams[fam]
        status = rng.choices(statuses, weights)[0]
        # Cases of long ago are over: every open case started in the last 200 days.
        while status not in OVER and (now - created).days > OPEN_DAYS:
            status = rng.choices(statuses, weights)[0]
        path: tuple[str, ...]
        if fam == "penalty":
            path, reached = PENALTY_PATH, PENALTY_REACHED[status]
        elif fam == "simplified":
            path = ("field_action_record", "decision_approve", "serve", "execution_record")
            path += ("closure_request", "closure_approve", "archive")
            reached = {"executing": 4, "closed": 6, "archived": 7}[status]
        elif fam == "permit":
            path, reached = PERMIT_PATH, PERMIT_REACHED[status]
        else:
            path, reached = ACT_PATH, ACT_REACHED[status]
        actions = list(path[:reached])
        if status in ENDING_ACTION:
            actions[-1] = ENDING_ACTION[status]
        target = rng.randint(3, 15)
        while len(actions) < target:  # more field steps, statements, executions
            pos = 1 + rng.randrange(len(actions))
            actions.insert(pos, "field_action_record")
        del actions[15:]
        n_events = len(actions)
        step = dt.timedelta(hours=rng.randint(6, 72))
        times = [created + step * k for k in range(n_events)]
        if times[-1] > now:
            step = (now - created) / (n_events + 1)
            times = [created + step * k for k in range(n_events)]
        has_number = {
            "penalty": status not in ("filing_pending", "not_filed"),
            "simplified": True,
            "permit": status not in ("applied", "not_accepted"),
            "act": status not in ("decision_pending", "dropped"),
        }[fam]
        number = year = serial = None
        filed_at = times[min(2, n_events - 1)] if has_number else None
        if has_number and filed_at is not None:
            year = clock.local(filed_at).year
            key = (unit.pk, year, kind)
            serials[key] += 1
            serial = serials[key]
            number = f"{unit.prefixes[kind]}〔{year}〕{serial}号"
        party_id, party_name = parties[rng.randrange(len(parties))]
        cause = rng.choice(CAUSES.get(kind, (OTHER_CAUSE,)))
        officers = rng.sample(unit.officers, min(len(unit.officers), rng.choice((2, 2, 3))))
        creator = officers[0]
        decided_at = times[-1] if status in DECIDED else None
        closed_at = times[-1] if status in ("closed", "archived") else None
        archived_at = times[-1] if status == "archived" else None
        tables.add(
            Case,
            id=cid,
            organisation_id=unit.pk,
            kind=kind,
            procedure=procedure,
            status=status,
            number=number,
            number_year=year,
            number_serial=serial,
            clue_id=None,
            item_version_id=rng.choice(unit.items[kind]),
            party_id=party_id,
            cause=cause,
            facts=f"{party_name}涉嫌{cause}，经检查核实。",
            is_major=rng.random() < 0.05,
            major_grounds="[]",
            crime_suspected=status == "transferred",
            hearing_right=kind == "penalty" and rng.random() < 0.2,
            created_by_id=creator,
            created_at=created,
            filed_at=filed_at,
            decided_at=decided_at,
            closed_at=closed_at,
            archived_at=archived_at,
            updated_at=times[-1],
        )
        for k, user in enumerate(officers):
            tables.add(
                CaseOfficer,
                case_id=cid,
                user_id=user,
                capacity="lead" if k == 0 else "assistant",
                assigned_at=created,
                assigned_by_id=creator,
                removed_reason="",
            )
        after = _statuses_after(actions, status)
        for k, action in enumerate(actions):
            actor = unit.head if action.endswith(("approve", "reject")) else officers[k % 2]
            tables.add(
                CaseEvent,
                case_id=cid,
                at=times[k],
                actor_id=actor,
                action=action,
                summary=ACTION_LABELS[action],
                status_after=after[k],
                document_id=None,
            )
        if status in PENDING_APPROVAL:
            tables.add(
                Approval,
                case_id=cid,
                organisation_id=unit.pk,
                kind=PENDING_APPROVAL[status],
                status="pending",
                requested_by_id=creator,
                requested_at=times[-1],
                request_note="请审批。",
                opinion="",
            )
        if fam == "penalty" and PENALTY_REACHED[status] >= 5 and status != "transferred":
            fine = Decimal(rng.choice((500, 1000, 2000, 5000, 10000, 30000)))
            tables.add(
                CaseReport,
                case_id=cid,
                revision=1,
                facts=f"{party_name}{cause}。",
                evidence_summary="现场检查笔录、询问笔录、照片。",
                legal_basis="《中华人民共和国行政处罚法》",
                proposal="penalty",
                penalty_types='["fine"]',
                fine=fine,
                circumstance_codes="[]",
                suggested_tier="",
                departure_reason="",
                departure_warnings="[]",
                major_grounds="[]",
                written_by_id=creator,
                written_at=times[4],
            )
        if status in DECIDED:
            outcome = {"penalty": "penalty", "simplified": "penalty", "permit": "permit_grant"}
            amount = rng.choice((200, 500, 1000, 2000, 5000))
            decided_fine = Decimal(amount) if kind == "penalty" else None
            tables.add(
                Decision,
                case_id=cid,
                outcome=outcome.get(fam, "act"),
                content=f"对{party_name}作出决定。",
                penalty_types='["fine"]' if decided_fine else "[]",
                fine=decided_fine,
                remedies="如不服本决定，可在六十日内申请行政复议，或者在六个月内提起行政诉讼。",
                proposed_by_id=creator,
                proposed_at=decided_at,
                approved_by_id=unit.head,
                decided_at=decided_at,
            )
        if status not in NO_OBLIGATION and filed_at is not None:
            start_at, dates = due(clock.local(filed_at).date())
            if dates.due_at < now:
                state = OS.OVERDUE
            elif dates.due_soon_at <= now:
                state = OS.DUE_SOON
            else:
                state = OS.RUNNING
            world.counts[f"obligation {state}"] += 1
            tables.add(
                Obligation,
                subject_type=SUBJECT_TYPE,
                subject_id=str(cid),
                subject_label=f"{number} {cause}"[:100],
                rule_id=HANDLING_RULE,
                organisation_id=unit.pk,
                responsible_id=creator,
                label="办结案件（自立案之日起九十日内作出处理决定）",
                unit=dates.unit,
                duration=dates.duration,
                urgent=False,
                override_basis="",
                user_due_at=dates.due_at,
                lapses=False,
                start_at=start_at,
                start_date=start_at.date(),
                due_at=dates.due_at,
                due_date=dates.due_date,
                due_soon_at=dates.due_soon_at,
                provisional=dates.provisional,
                paused_total=0,
                extended_total=0,
                state=state.value,
                closed_reason="",
                due_soon_notified_at=now if state != OS.RUNNING else None,
                overdue_notified_at=now if state == OS.OVERDUE else None,
                created_at=start_at,
                updated_at=now,
            )
        world.counts[f"{kind}"] += 1
        world.counts[f"status {status}"] += 1
        world.counts["events"] += n_events
        world.counts["officers"] += len(officers)
        if (i + 1) % CHUNK == 0:
            yield i + 1
    world.counts["today"] = today.toordinal()
    world.serials = serials  # type: ignore[attr-defined]
    if n % CHUNK:
        yield n


def _statuses_after(actions: list[str], final: str) -> list[str]:
    """The status after each event: the final status for the last one, plausible before."""
    out = []
    current = "filing_pending"
    moves = {
        "file_approve": "investigating",
        "report_submit": "reported",
        "notice_serve": "notifying",
        "decision_propose": "decision_pending",
        "decision_approve": "decided",
        "serve": "executing",
        "closure_request": "closure_pending",
        "closure_approve": "closed",
        "archive": "archived",
        "permit_apply": "applied",
        "permit_accept": "examining",
        "act_record": "decision_pending",
        "review_submit": "under_review",
    }
    for action in actions:
        current = moves.get(action, current)
        out.append(current)
    out[-1] = final
    return out


def _indexes_drop(tables: list[str]) -> list[tuple[str, str]]:
    """PostgreSQL bulk load: drop the tables' plain indexes (kept: primary keys and unique
    constraints, so numbers are checked while loading) and skip the foreign-key triggers for this
    session (the rows refer to rows that exist by construction). Returns what to rebuild."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        saved = [(name, sql) for name, sql in cursor.fetchall()]
        for name, _ in saved:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET session_replication_role = replica")
    return saved


def _indexes_restore(saved: list[tuple[str, str]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _, sql in saved:
            cursor.execute(sql)
        cursor.execute("RESET maintenance_work_mem")


def _generate_all(n: int, world: World, seed: int) -> float:
    from django.db import connection, transaction

    from zhifa.cases.models import Case, CaseNumberSequence

    started = time.perf_counter()
    tables = _Tables()
    first_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    rows = 0
    pg = connection.vendor == "postgresql"
    names = [m._meta.db_table for m in tables.models]
    saved = _indexes_drop(names) if pg else []
    try:
        for done in _generate(n, world, seed, tables, first_id):
            with transaction.atomic():
                rows += tables.flush()
            if done % 200_000 == 0 or done == n:
                print(
                    f"  {done:,} cases, {rows:,} rows, {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
    finally:
        if pg:
            _indexes_restore(saved)
    if pg:
        print(f"  {len(saved)} indexes rebuilt, {time.perf_counter() - started:.0f} s", flush=True)
    serials = world.serials  # type: ignore[attr-defined]
    with transaction.atomic():
        for (org_id, year, kind), last in serials.items():
            CaseNumberSequence.objects.update_or_create(
                organisation_id=org_id, year=year, kind=kind, defaults={"last": last}
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = Case._meta.db_table
                sql = f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608, E501
                cursor.execute(sql, [table])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in _Tables().models:
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


# --- the harness ------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    times: list[float]
    queries: list[int]
    note: str = ""

    def row(self) -> str:
        t = sorted(self.times)
        p50 = statistics.median(t)
        p95 = t[min(len(t) - 1, int(round(0.95 * (len(t) - 1))))]
        qs = sorted(set(self.queries))
        q = str(qs[0]) if len(qs) == 1 else f"{qs[0]}–{qs[-1]}"
        return (
            f"| {self.label} | {len(t)} | {p50:.1f} | {p95:.1f} | {t[-1]:.1f} | {q} |"
            f"{' ' + self.note if self.note else ''}"
        )


class _Timer:
    def __init__(self, user: Any) -> None:
        from django.test import Client

        self.client = Client()
        self.client.force_login(user)

    def get(self, url: str) -> tuple[float, int, Any]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        connection.queries_log.clear()  # a full log (9,000) would make the capture read 0
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = self.client.get(url, secure=True)
            took = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
        return took, len(ctx.captured_queries), response

    def figure(self, label: str, urls: list[str], note: str = "") -> Figure:
        self.get(urls[0])  # warm: the first request loads templates and url modules
        fig = Figure(label, [], [], note)
        for url in urls:
            took, queries, _ = self.get(url)
            fig.times.append(took)
            fig.queries.append(queries)
        return fig


_AFTER = __import__("re").compile(r"[?&](?:amp;)?after=([0-9]+\.[0-9]+)")


def _next_cursor(response: Any) -> str | None:
    """The cursor of the next page: the "更多" link of the page, or the API's ``next``."""
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        nxt = data.get("next") or data.get("next_cursor") if isinstance(data, dict) else None
        if nxt and "after=" in str(nxt):
            match = _AFTER.search(str(nxt))
            return match.group(1) if match else None
        return str(nxt) if nxt else None
    match = _AFTER.search(response.content.decode())
    return match.group(1) if match else None


def _page_n_cursor(timer: _Timer, base: str, n: int) -> str | None:
    cursor = None
    sep = "&" if "?" in base else "?"
    for _ in range(n - 1):
        url = base if cursor is None else f"{base}{sep}after={cursor}"
        _, _, response = timer.get(url)
        cursor = _next_cursor(response)
        if cursor is None:
            return None
    return cursor


def _url_exists(name: str, *args: Any) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _api_paths() -> tuple[str, str] | None:
    """The API list and detail paths if the cases API is mounted."""
    from django.urls import Resolver404, resolve

    try:
        resolve("/api/v1/cases/")
    except Resolver404:
        return None
    match = resolve("/api/v1/cases/")
    if getattr(match.func, "__name__", "") == "api_not_found":
        return None
    return "/api/v1/cases/", "/api/v1/cases/{id}"


def _harness(world: World, seed: int, samples: int, repeat: int) -> list[Figure]:
    from urllib.parse import quote

    from django.conf import settings
    from django.db.models import Count

    from zhifa.accounts.models import User
    from zhifa.accounts.selectors import organisation_ids_visible
    from zhifa.cases.models import Case, CaseEvent

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    rng = random.Random(seed + 1)
    list_url = _url_exists("cases:list")
    if list_url is None:
        print("cases:list is not there yet: nothing to time", flush=True)
        return []
    api = _api_paths()
    if api is None:
        print("the cases API (/api/v1/cases/) is not mounted yet: the web pages only", flush=True)
    # a party-name fragment: four characters of a party of the market bureau's cases
    scjg = next(u for u in world.units if u.code == "scjg")
    party_name = (
        Case.objects.filter(organisation_id=scjg.pk, id__gte=rng.randint(1, 1000))
        .values_list("party__name", flat=True)
        .first()
    ) or "超市"
    fragment = party_name[3:7]
    figures: list[Figure] = []
    users = (
        ("officer", User.objects.get(pk=world.officer)),
        ("head", User.objects.get(pk=world.head)),
        ("supervisor", User.objects.get(pk=world.supervisor)),
    )
    for who, user in users:
        timer = _Timer(user)
        ids = organisation_ids_visible(user=user)
        visible = (
            Case.objects.all() if ids is None else Case.objects.filter(organisation_id__in=ids)
        )
        all_ids = list(visible.values_list("id", flat=True))
        sample = rng.sample(all_ids, min(samples, len(all_ids)))
        sizes = dict(
            CaseEvent.objects.filter(case_id__in=sample)
            .values_list("case_id")
            .annotate(n=Count("id"))
            .values_list("case_id", "n")
        )
        # A small and a large case of the same status, kind and procedure (a case that got
        # further shows more kinds of record, e.g. similar decisions beside its report): the
        # group of the sample with the widest spread of timeline lengths.
        groups: dict[tuple[str, str, str], list[int]] = {}
        for pk, status, kind, procedure in Case.objects.filter(pk__in=sample).values_list(
            "pk", "status", "kind", "procedure"
        ):
            groups.setdefault((status, kind, procedure), []).append(pk)

        def spread(pks: list[int], sizes: dict[int, int] = sizes) -> int:
            counts = [sizes.get(pk, 0) for pk in pks]
            return max(counts) - min(counts)

        group_key, pool = max(groups.items(), key=lambda kv: spread(kv[1]))
        small = min(pool, key=lambda pk: sizes.get(pk, 0))
        large = max(pool, key=lambda pk: sizes.get(pk, 0))
        print(
            f"{who}: {len(all_ids):,} visible cases; q={fragment!r}; {'/'.join(group_key)}: "
            f"small case {small} ({sizes.get(small, 0)} events), "
            f"large case {large} ({sizes.get(large, 0)} events)",
            flush=True,
        )
        pages = [
            ("list", list_url),
            ("list status=investigating", f"{list_url}?status=investigating"),
            (f"list q={fragment}", f"{list_url}?q={quote(fragment)}"),
        ]
        if who == "officer":
            pages.append(("list mine", f"{list_url}?tab=mine"))
        for label, url in pages:
            figures.append(timer.figure(f"{who} web {label}", [url] * repeat))
        cursor50 = _page_n_cursor(timer, list_url, 50)
        if cursor50:
            figures.append(
                timer.figure(f"{who} web list page 50", [f"{list_url}?after={cursor50}"] * repeat)
            )
        detail = [_url_exists("cases:detail", pk) or "" for pk in sample]
        figures.append(timer.figure(f"{who} web detail", detail))
        # constant queries: a small and a large case, the first page and page 50
        q_small = timer.get(_url_exists("cases:detail", small) or "")[1]
        q_large = timer.get(_url_exists("cases:detail", large) or "")[1]
        q_first = timer.get(list_url)[1]
        q_50 = timer.get(f"{list_url}?after={cursor50}")[1] if cursor50 else None
        print(
            f"  {who} web queries: case of {sizes.get(small, 0)} events {q_small}, "
            f"of {sizes.get(large, 0)} events {q_large}; page 1 {q_first}, page 50 {q_50}",
            flush=True,
        )
        if api is not None:
            api_list, api_detail = api
            for label, url in (
                ("list", api_list),
                ("list status=investigating", f"{api_list}?status=investigating"),
                (f"list q={fragment}", f"{api_list}?q={quote(fragment)}"),
                *([("list mine", f"{api_list}?mine=true")] if who == "officer" else []),
            ):
                figures.append(timer.figure(f"{who} api {label}", [url] * repeat))
            cursor = _page_n_cursor(timer, api_list, 50)
            if cursor:
                figures.append(
                    timer.figure(f"{who} api list page 50", [f"{api_list}?after={cursor}"] * repeat)
                )
            figures.append(
                timer.figure(f"{who} api detail", [api_detail.format(id=pk) for pk in sample])
            )
            a_small = timer.get(api_detail.format(id=small))[1]
            a_large = timer.get(api_detail.format(id=large))[1]
            a_first = timer.get(api_list)[1]
            a_50 = timer.get(f"{api_list}?after={cursor}")[1] if cursor else None
            print(
                f"  {who} api queries: case of {sizes.get(small, 0)} events {a_small}, "
                f"of {sizes.get(large, 0)} events {a_large}; page 1 {a_first}, page 50 {a_50}",
                flush=True,
            )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cases_bench", description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000, help="cases to generate")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--detail-samples", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30, help="requests per list figure")
    parser.add_argument("--no-migrate", action="store_true", help="the database is migrated")
    parser.add_argument(
        "--no-generate", action="store_true", help="the cases are there (a kept database)"
    )
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be ≥ 1")
    _setup()

    from django.core.management import call_command
    from django.db import connection

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    world = _base(args.seed)
    if not args.no_generate:
        print(f"database: {connection.vendor}; generating {args.n:,} cases …", flush=True)
        took = _generate_all(args.n, world, args.seed)
        counts = {k: v for k, v in sorted(world.counts.items()) if k != "today"}
        print(f"generated in {took:.1f} s (not counted below): {counts}", flush=True)
    from zhifa.cases.models import Case

    print(f"cases in the database: {Case.objects.count():,}", flush=True)
    figures = _harness(world, args.seed, args.detail_samples, args.repeat)
    if figures:
        print("| request | n | p50 ms | p95 ms | max ms | SQL queries |")
        print("|---|---|---|---|---|---|")
        for fig in figures:
            print(fig.row())
        slow = [f.label for f in figures if sorted(f.times)[int(0.95 * (len(f.times) - 1))] > 300]
        print(f"p95 over 300 ms: {', '.join(slow) or 'none'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

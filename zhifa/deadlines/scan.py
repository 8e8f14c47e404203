"""The periodic scan: move obligations forward by time, set-based, and notify once.

One pass (:func:`deadlines_scan`) is one transaction of a handful of UPDATE statements, whatever
the number of obligations (docs/adr/0007-deadlines.md):

1. ``running`` / ``due_soon`` rows whose ``due_at`` has passed → ``overdue`` (``lapsed`` for a
   right that lapses); 2. ``running`` rows whose ``due_soon_at`` has passed → ``due_soon``.
   Each is ``UPDATE … WHERE id IN (SELECT id … ORDER BY <time> LIMIT 10000 [FOR UPDATE SKIP
   LOCKED]) RETURNING …``, repeated until a batch comes back short: an ordered range scan of a
   partial index that stops at the first row not yet due, so a pass that moves nothing costs a
   few index probes on a table of millions.
2. The same statement claims the notice: ``*_notified_at = COALESCE(*_notified_at, now)``; a row
   whose returned value is this pass's time was claimed by this pass.
3. The claimed rows' notices are bulk-created in the inbox (``inbox_send_many``), in the same
   transaction (a failure rolls the moves back too).

Two workers may scan at once: on PostgreSQL ``FOR UPDATE SKIP LOCKED`` makes them split the rows
(each row is locked by one of them until commit, and re-checked); on SQLite transactions take the
write lock at BEGIN (``transaction_mode=IMMEDIATE``), so passes run one after the other. Either
way a row is claimed — and its notice delivered — exactly once; the inbox's dedupe key is a second
guard. Overdue runs before due-soon, so a row that crosses both thresholds in one pass gets only
the overdue notice.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from zhifa.core import clock
from zhifa.deadlines.constants import ACTION_SCAN, ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.notifications import DUE_SOON, OVERDUE, NoticeRow, notify

_RETURNING = "id, organisation_id, responsible_id, label, rule_id, due_date"


@dataclass(frozen=True)
class ScanResult:
    due_soon: int  # rows moved to due soon in this pass
    overdue: int  # rows moved to overdue in this pass
    notified: int  # inbox messages handed over
    lapsed: int = 0  # rights that lapsed (no notice)
    took_seconds: float = 0.0

    @property
    def changed(self) -> int:
        return self.due_soon + self.overdue + self.lapsed


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _rows(fetched: list[tuple]) -> list[NoticeRow]:  # type: ignore[type-arg]
    return [
        NoticeRow(
            id=int(r[0]),
            organisation_id=int(r[1]),
            responsible_id=None if r[2] is None else int(r[2]),
            label=r[3],
            rule_id=r[4],
            due_date=_as_date(r[5]),
        )
        for r in fetched
    ]


# The conditions of the partial indexes (models.Obligation.Meta.indexes), repeated word for word
# in the statements: SQLite uses a partial index only when the query names its condition.
_INDEX_CONDITION = {
    "due_at": "state IN ('due_soon', 'running')",  # deadlines_ticking_due_idx
    "due_soon_at": "state = 'running'",  # deadlines_running_soon_idx
}

# Rows per statement: each statement is an ordered index range scan that stops after this many,
# so its plan never depends on the planner's guess of how many rows are due.
BATCH = 10_000


class _Sql:
    """The scan's statements, with this connection's quoting and value adaptation."""

    def __init__(self, now: dt.datetime) -> None:
        ops = connection.ops
        self.table = ops.quote_name(Obligation._meta.db_table)
        self.now = ops.adapt_datetimefield_value(now)
        # PostgreSQL: concurrent scans skip each other's rows instead of waiting for them.
        self.lock = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""

    def move(
        self,
        *,
        to: str,
        from_state: str,
        time_column: str,
        strict: bool,
        lapses: bool | None,
        claim_column: str | None,
    ) -> tuple[int, list[NoticeRow]]:
        """Move rows in ``from_state`` whose ``time_column`` has passed to state ``to``, in
        batches; returns how many moved and the rows whose notice this pass claimed.

        States and columns are fixed identifiers of this module (never input); the states are
        written as literals so that SQLite and PostgreSQL both use the partial indexes.
        """
        op = "<" if strict else "<="
        where = (
            f"{_INDEX_CONDITION[time_column]} AND state = '{from_state}' AND {time_column} {op} %s"
        )
        params: list[Any] = [self.now]
        if lapses is not None:
            where += " AND lapses = %s"
            params.append(lapses)
        set_claim = returning = ""
        set_params: list[Any] = []
        if claim_column is not None:
            # COALESCE: a row already notified for this state keeps its time and is not
            # notified again (the returned value then differs from this pass's time).
            set_claim = f", {claim_column} = COALESCE({claim_column}, %s)"
            set_params.append(self.now)
            # Whether this statement set the claim (compared in SQL: no datetime parsing).
            returning = f" RETURNING {_RETURNING}, {claim_column} = %s"
        sql = (
            f"UPDATE {self.table} SET state = '{to}'{set_claim}, updated_at = %s "  # noqa: S608
            f"WHERE id IN (SELECT id FROM {self.table} WHERE {where} "
            f"ORDER BY {time_column} LIMIT {BATCH}{self.lock}){returning}"
        )
        all_params = [*set_params, self.now, *params, *([self.now] if returning else [])]
        moved = 0
        claimed: list[NoticeRow] = []
        while True:
            with connection.cursor() as cursor:
                cursor.execute(sql, all_params)
                if returning:
                    fetched = cursor.fetchall()
                    count = len(fetched)
                    mine = [r for r in fetched if r[-1]]
                    claimed += _rows(mine)
                else:
                    count = cursor.rowcount
            moved += count
            if count < BATCH:
                return moved, claimed


@dataclass(frozen=True)
class _Advance:
    due_soon: int
    overdue: int
    lapsed: int
    notified: int


def advance(*, now: dt.datetime) -> _Advance:
    """Move every ticking obligation to the state ``now`` calls for and send the notices this
    pass claimed. Call inside a transaction."""
    sql = _Sql(now)
    S = ObligationState
    overdue = lapsed = 0
    overdue_rows: list[NoticeRow] = []
    for source in (S.RUNNING.value, S.DUE_SOON.value):
        count, rows = sql.move(
            to=S.OVERDUE.value,
            from_state=source,
            time_column="due_at",
            strict=True,
            lapses=False,
            claim_column="overdue_notified_at",
        )
        overdue += count
        overdue_rows += rows
        count, _ = sql.move(
            to=S.LAPSED.value,
            from_state=source,
            time_column="due_at",
            strict=True,
            lapses=True,
            claim_column=None,
        )
        lapsed += count
    due_soon, due_soon_rows = sql.move(
        to=S.DUE_SOON.value,
        from_state=S.RUNNING.value,
        time_column="due_soon_at",
        strict=False,
        lapses=None,
        claim_column="due_soon_notified_at",
    )
    notified = notify(overdue_rows, OVERDUE) + notify(due_soon_rows, DUE_SOON)
    return _Advance(due_soon=due_soon, overdue=overdue, lapsed=lapsed, notified=notified)


def deadlines_scan(*, now: dt.datetime | None = None) -> ScanResult:
    """One pass over every open obligation (``zhifa deadlines scan``; the worker every minute).

    Records one ledger entry per pass that changed anything (the moves themselves follow from due
    times that the ledger already holds for every obligation).
    """
    from zhifa.ledger.services import ledger_append

    started = time.perf_counter()
    now = now or clock.now()
    with transaction.atomic():
        result = advance(now=now)
        if result.due_soon or result.overdue or result.lapsed:
            ledger_append(
                actor=None,
                action=ACTION_SCAN,
                payload={
                    "now": now,
                    "due_soon": result.due_soon,
                    "overdue": result.overdue,
                    "lapsed": result.lapsed,
                    "notified": result.notified,
                },
            )
    return ScanResult(
        due_soon=result.due_soon,
        overdue=result.overdue,
        notified=result.notified,
        lapsed=result.lapsed,
        took_seconds=time.perf_counter() - started,
    )

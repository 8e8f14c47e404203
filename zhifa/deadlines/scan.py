"""The periodic scan: move obligations forward by time, set-based, and notify once.

One pass (:func:`deadlines_scan`) is one transaction of a few UPDATE statements whatever the number
of obligations (docs/adr/0007-deadlines.md):

1. ``running|due_soon`` whose ``due_at`` has passed → ``overdue`` (or ``lapsed`` for a right that
   lapses). Rows not yet notified are claimed in the same statement (``overdue_notified_at``
   set, ``RETURNING`` the rows), then the rest (already notified for this due date) move without
   a notice.
2. ``running`` whose ``due_soon_at`` has passed → ``due_soon``, claimed the same way.
3. The claimed rows' notices are bulk-created in the inbox (``inbox_send_many``).

Two workers may scan at once: on PostgreSQL the second UPDATE waits for the first's row locks and
then re-checks its WHERE clause, so it skips rows the first already moved; on SQLite transactions
take the write lock at BEGIN (``transaction_mode=IMMEDIATE``), so passes run one after the other.
Either way a row is claimed — and its notice delivered — exactly once; the inbox's dedupe key is a
second guard. Overdue runs before due-soon so a row that crosses both thresholds in one pass gets
only the overdue notice.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

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


class _Sql:
    """The scan's statements, with this connection's quoting and value adaptation."""

    def __init__(self, now: dt.datetime, ids: list[int] | None) -> None:
        ops = connection.ops
        self.table = ops.quote_name(Obligation._meta.db_table)
        self.now = ops.adapt_datetimefield_value(now)
        self.ids = ids

    def _where_ids(self) -> tuple[str, list[object]]:
        if self.ids is None:
            return "", []
        return f" AND id IN ({', '.join(['%s'] * len(self.ids))})", list(self.ids)

    def execute(self, sql: str, params: list[object]) -> tuple[int, list[tuple]]:  # type: ignore[type-arg]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if " RETURNING " in sql:
                rows = cursor.fetchall()
                return len(rows), rows
            return cursor.rowcount, []

    def move(
        self,
        *,
        to: str,
        from_states: tuple[str, ...],
        time_column: str,
        strict: bool,
        lapses: bool | None,
        claim_column: str | None,
    ) -> tuple[int, list[NoticeRow]]:
        """UPDATE rows of ``from_states`` whose ``time_column`` has passed to state ``to``.

        With ``claim_column`` the rows whose notice is not yet sent are claimed first (the column
        set to now, rows returned), then the rest move without a notice.
        """
        states = ", ".join(["%s"] * len(from_states))
        op = "<" if strict else "<="
        where = f"state IN ({states}) AND {time_column} {op} %s"
        params: list[object] = [*from_states, self.now]
        if lapses is not None:
            where += " AND lapses = %s"
            params.append(lapses)
        id_sql, id_params = self._where_ids()
        where += id_sql
        params += id_params
        claimed: list[NoticeRow] = []
        moved = 0
        if claim_column is not None:
            # Only fixed identifiers are formatted in; every value is a parameter.
            sql = (
                f"UPDATE {self.table} SET state = %s, {claim_column} = %s, updated_at = %s "  # noqa: S608
                f"WHERE {where} AND {claim_column} IS NULL RETURNING {_RETURNING}"
            )
            count, fetched = self.execute(sql, [to, self.now, self.now, *params])
            moved += count
            claimed = _rows(fetched)
        sql = f"UPDATE {self.table} SET state = %s, updated_at = %s WHERE {where}"  # noqa: S608
        count, _ = self.execute(sql, [to, self.now, *params])
        return moved + count, claimed


@dataclass(frozen=True)
class _Advance:
    due_soon: int
    overdue: int
    lapsed: int
    notified: int


def advance(*, now: dt.datetime, ids: list[int] | None = None) -> _Advance:
    """Move ticking obligations (all, or those in ``ids``) to the state ``now`` calls for and
    send the notices they claimed. Call inside a transaction."""
    sql = _Sql(now, ids)
    S = ObligationState
    ticking = (S.RUNNING.value, S.DUE_SOON.value)
    overdue, overdue_rows = sql.move(
        to=S.OVERDUE,
        from_states=ticking,
        time_column="due_at",
        strict=True,
        lapses=False,
        claim_column="overdue_notified_at",
    )
    lapsed, _ = sql.move(
        to=S.LAPSED,
        from_states=ticking,
        time_column="due_at",
        strict=True,
        lapses=True,
        claim_column=None,
    )
    due_soon, due_soon_rows = sql.move(
        to=S.DUE_SOON,
        from_states=(S.RUNNING.value,),
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

"""Case numbers: one case, one number (一案一号, R-1.9-04), per unit, year and kind of act.

:func:`case_number_allocate` hands out the next serial of a unit's sequence and formats it in
the unit's own style, e.g. ``临猗市监罚〔2026〕12号``. Numbers are unique and gap-free, also when
several officers file at the same instant, on PostgreSQL and SQLite. Design:
docs/adr/0010-case-numbers.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Field
from django.db.transaction import TransactionManagementError

from zhifa.cases.constants import (
    CASE_NUMBER_MAX_YEAR,
    CASE_NUMBER_MIN_YEAR,
    KIND_MARKS,
    PENALTY_MARK,
)
from zhifa.cases.models import CaseNumberSequence
from zhifa.catalog.constants import ItemType
from zhifa.core import clock
from zhifa.core.errors import DomainError

if TYPE_CHECKING:
    from zhifa.accounts.models import Organisation


@dataclass(frozen=True)
class CaseNumber:
    """An allocated case number: ``text`` is what goes on the documents and the case file."""

    prefix: str
    year: int
    serial: int
    text: str

    def __str__(self) -> str:
        return self.text


def case_number_prefix(*, organisation: Organisation, kind: str = ItemType.PENALTY) -> str:
    """The prefix of ``organisation``'s numbers for ``kind``.

    The unit's ``document_prefix`` is its penalty prefix (``临猗市监罚``). Another kind replaces a
    final 罚 by its own mark (permit: ``临猗市监许``) or appends the mark when the prefix has no
    final 罚, so a unit's numbers of different kinds never read the same (R-1.9-04).
    Refuses a unit without a prefix and an unknown kind (:class:`DomainError`).
    """
    _check_kind(kind)
    base = (organisation.document_prefix or "").strip()
    if not base:
        raise DomainError(
            f"单位未设置文号前缀（{organisation.name}），无法编制案件编号："
            "请系统管理员先在单位信息中填写文号前缀（如“临猗市监罚”）。",
            code="no_document_prefix",
            field="organisation",
        )
    if kind == ItemType.PENALTY:
        return base
    return base.removesuffix(PENALTY_MARK) + KIND_MARKS[kind]


def case_number_format(*, prefix: str, year: int, serial: int) -> str:
    """``{prefix}〔{year}〕{serial}号`` — e.g. ``临猗市监罚〔2026〕12号``."""
    return f"{prefix}〔{year}〕{serial}号"


def case_number_allocate(
    *,
    organisation: Organisation,
    year: int | None = None,
    kind: str = ItemType.PENALTY,
) -> CaseNumber:
    """Take the next number of ``organisation``'s sequence for ``year`` and ``kind`` (R-1.9-04).

    ``year`` defaults to the current year in the county (Asia/Shanghai); ``kind`` is one of the
    ten item types (:class:`zhifa.catalog.constants.ItemType`), each numbered separately.

    **Call it inside the caller's transaction** (the one that files the case): the number is
    consumed only if that transaction commits. If it rolls back, the number is given back and the
    next filing gets it — numbers stay gap-free. Called outside a transaction it raises
    :class:`TransactionManagementError` (a programming error, like ``select_for_update``).

    One statement, ``INSERT … ON CONFLICT (organisation, year, kind) DO UPDATE SET last = last +
    1 RETURNING last``, creates the sequence race-free or increments it, and leaves its row
    write-locked until the caller's transaction ends: a second filer of the same sequence waits
    for the first to commit (then reads the incremented value) or roll back (then reuses the
    number). PostgreSQL: the row lock of the upsert (READ COMMITTED re-reads the latest committed
    row). SQLite: every transaction starts with ``BEGIN IMMEDIATE`` (settings
    ``transaction_mode``; checked by ``ledger.E001``), so the whole transaction already holds the
    database's write lock. Other units' sequences are not blocked on PostgreSQL.

    Keep the filing transaction short after this call: the sequence stays locked until COMMIT.
    Refused with a Chinese :class:`DomainError`: a unit that is unsaved, inactive or has no
    ``document_prefix``; a year outside 2000–2100; an unknown kind.
    """
    if organisation is None or getattr(organisation, "pk", None) is None:
        raise DomainError("请指定已登记的执法单位。", code="no_organisation", field="organisation")
    if not organisation.is_active:
        raise DomainError(
            f"单位“{organisation.name}”已停用，不能再编制案件编号。",
            code="organisation_inactive",
            field="organisation",
        )
    if year is None:
        year = clock.today().year
    _check_year(year)
    prefix = case_number_prefix(organisation=organisation, kind=kind)
    if connection.get_autocommit():
        raise TransactionManagementError(
            "case_number_allocate() must run inside the filing's transaction.atomic(), "
            "otherwise a failed filing would leave a gap in the numbers."
        )
    serial = _sequence_next(organisation_id=organisation.pk, year=year, kind=kind)
    return CaseNumber(
        prefix=prefix,
        year=year,
        serial=serial,
        text=case_number_format(prefix=prefix, year=year, serial=serial),
    )


def _check_kind(kind: str) -> None:
    if kind not in ItemType.values:
        raise DomainError(
            f"未知的执法行为类型“{kind}”：请从十类执法事项类型中选择。",
            code="invalid_kind",
            field="kind",
        )


def _check_year(year: object) -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise DomainError(
            "案件编号的年度应为四位整数年份，如 2026。", code="invalid_year", field="year"
        )
    if not CASE_NUMBER_MIN_YEAR <= year <= CASE_NUMBER_MAX_YEAR:
        raise DomainError(
            f"案件编号的年度 {year} 不合理：应在 {CASE_NUMBER_MIN_YEAR}–{CASE_NUMBER_MAX_YEAR} 年之间。",
            code="invalid_year",
            field="year",
        )


def _column(field_name: str) -> str:
    field = CaseNumberSequence._meta.get_field(field_name)
    if not isinstance(field, Field) or not field.column:  # pragma: no cover
        raise LookupError(field_name)
    return str(field.column)


def _sequence_next(*, organisation_id: int, year: int, kind: str) -> int:
    """Increment (or create at 1) the sequence row and return its new ``last``, in one
    statement that write-locks the row until the end of the transaction."""
    qn = connection.ops.quote_name
    opts = CaseNumberSequence._meta
    table = qn(opts.db_table)
    org_col, year_col, kind_col, last_col = (
        qn(_column(name)) for name in ("organisation", "year", "kind", "last")
    )
    # Identifiers come from the model's meta (quoted); the values are bound parameters.
    sql = (
        f"INSERT INTO {table} ({org_col}, {year_col}, {kind_col}, {last_col}) "  # noqa: S608
        "VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT ({org_col}, {year_col}, {kind_col}) "
        f"DO UPDATE SET {last_col} = {table}.{last_col} + 1 "
        f"RETURNING {last_col}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organisation_id, year, kind])
        row = cursor.fetchone()
    if row is None:  # pragma: no cover — RETURNING of a one-row upsert always yields a row
        raise RuntimeError("the case number sequence upsert returned no row")
    return int(row[0])

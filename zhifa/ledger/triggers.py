"""The database triggers that make the ledger tables append-only, per database vendor.

Installed by migration 0002. UPDATE and DELETE of a row (and TRUNCATE on PostgreSQL, which
bypasses row triggers) raise an integrity error whatever client issues them: the ORM, raw SQL,
``psql`` or the ``sqlite3`` shell. Only ``manage.py flush`` (see ``management/commands/flush.py``)
removes them for the duration of a wipe of a test or scratch database.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

TABLES = ("ledger_ledgerentry", "ledger_merkleroot")

_SQLITE_INSTALL = (
    "CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} BEGIN"
    " SELECT RAISE(ABORT, 'zhifa ledger: {table} is append-only, UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} BEGIN"
    " SELECT RAISE(ABORT, 'zhifa ledger: {table} is append-only, DELETE refused'); END",
)
_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS {table}_no_update",
    "DROP TRIGGER IF EXISTS {table}_no_delete",
)

_PG_FUNCTION = """CREATE OR REPLACE FUNCTION zhifa_ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'zhifa ledger: % is append-only, % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$"""
_PG_INSTALL = (
    "CREATE OR REPLACE TRIGGER {table}_no_update BEFORE UPDATE ON {table}"
    " FOR EACH ROW EXECUTE FUNCTION zhifa_ledger_refuse_change()",
    "CREATE OR REPLACE TRIGGER {table}_no_delete BEFORE DELETE ON {table}"
    " FOR EACH ROW EXECUTE FUNCTION zhifa_ledger_refuse_change()",
    "CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
    " FOR EACH STATEMENT EXECUTE FUNCTION zhifa_ledger_refuse_change()",
)
_PG_DROP = (
    "DROP TRIGGER IF EXISTS {table}_no_update ON {table}",
    "DROP TRIGGER IF EXISTS {table}_no_delete ON {table}",
    "DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
)


def _statements(templates: tuple[str, ...]) -> list[str]:
    return [t.format(table=table) for table in TABLES for t in templates]


def install_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return _statements(_SQLITE_INSTALL)
    if vendor == "postgresql":
        return [_PG_FUNCTION, *_statements(_PG_INSTALL)]
    raise NotImplementedError(f"the ledger has no append-only triggers for {vendor}")


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return _statements(_SQLITE_DROP)
    if vendor == "postgresql":
        return _statements(_PG_DROP)
    raise NotImplementedError(f"the ledger has no append-only triggers for {vendor}")


def install(schema_editor_or_connection: Any) -> None:
    _run(schema_editor_or_connection, install_statements)


def drop(schema_editor_or_connection: Any) -> None:
    _run(schema_editor_or_connection, drop_statements)


def _run(target: Any, statements: Any) -> None:
    # A schema editor (in a migration) or a connection (DatabaseWrapper) itself.
    conn = target if isinstance(target, BaseDatabaseWrapper) else target.connection
    with conn.cursor() as cursor:
        for sql in statements(conn.vendor):
            cursor.execute(sql)


def missing(connection: Any) -> list[str]:
    """Names of the append-only triggers that are not installed (empty when all are)."""
    expected = {
        f"{table}_no_{op}"
        for table in TABLES
        for op in (
            ("update", "delete")
            if connection.vendor == "sqlite"
            else ("update", "delete", "truncate")
        )
    }
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
            )
        else:
            return sorted(expected)
        present = {row[0] for row in cursor.fetchall()}
    return sorted(expected - present)

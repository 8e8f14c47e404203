"""The database triggers that keep the full-process records (R-1.3-18): nothing is deleted within
the retention period and an original is never altered — whatever client issues the SQL (the ORM,
raw SQL, ``psql`` or the ``sqlite3`` shell).

- ``records_record``: DELETE refused while ``retain_until`` is today or later (today in
  Asia/Shanghai, whatever the session's time zone: SQLite ``date('now', '+8 hours')``, PostgreSQL
  ``(now() AT TIME ZONE 'Asia/Shanghai')::date``); ``retain_until`` may not be moved earlier.
- ``records_recordfile``, ``records_storedfile``, ``records_interruption``, ``records_filecheck``:
  every DELETE refused.
- ``records_storedfile``: UPDATE of ``sha256``, ``name``, ``size`` refused;
  ``records_recordfile``: UPDATE of ``blob_id``, ``record_id``, ``role`` refused.
- PostgreSQL: TRUNCATE (which bypasses row triggers) refused on all five tables.

Installed by migration 0002; only ``manage.py flush`` (``zhifa/ledger/management/commands/
flush.py``) lifts them for the wipe of a test or scratch database and reinstalls them after.
The interface (``TABLES``, ``install``, ``drop``, ``missing``) is the ledger's
(:mod:`zhifa.ledger.triggers`).
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

TABLES = (
    "records_record",
    "records_recordfile",
    "records_storedfile",
    "records_interruption",
    "records_filecheck",
)
# Tables whose every DELETE is refused (records_record: only within the retention period).
NO_DELETE = TABLES[1:]
# Columns that never change once written.
FROZEN_COLUMNS = {
    "records_storedfile": ("sha256", "name", "size"),
    "records_recordfile": ("blob_id", "record_id", "role"),
}
MESSAGE = "zhifa records: R-1.3-18"


def _changed(columns: tuple[str, ...], op: str) -> str:
    return " OR ".join(f"NEW.{c} {op} OLD.{c}" for c in columns)


def _sqlite_install() -> list[str]:
    sql = [
        "CREATE TRIGGER IF NOT EXISTS records_record_no_delete BEFORE DELETE ON records_record"
        " WHEN OLD.retain_until >= date('now', '+8 hours') BEGIN SELECT RAISE(ABORT,"
        f" '{MESSAGE}: records_record is within its retention period, DELETE refused'); END",
        "CREATE TRIGGER IF NOT EXISTS records_record_no_shorten BEFORE UPDATE OF retain_until"
        " ON records_record WHEN NEW.retain_until < OLD.retain_until BEGIN SELECT RAISE(ABORT,"
        f" '{MESSAGE}: the retention period of records_record cannot be shortened'); END",
    ]
    for table in NO_DELETE:
        sql.append(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} BEGIN"
            f" SELECT RAISE(ABORT, '{MESSAGE}: {table} is kept, DELETE refused'); END"
        )
    for table, columns in FROZEN_COLUMNS.items():
        sql.append(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE OF"
            f" {', '.join(columns)} ON {table} WHEN {_changed(columns, 'IS NOT')} BEGIN"
            f" SELECT RAISE(ABORT, '{MESSAGE}: {', '.join(columns)} of {table} are immutable,"
            " UPDATE refused'); END"
        )
    return sql


def _sqlite_drop() -> list[str]:
    names = [
        "records_record_no_delete",
        "records_record_no_shorten",
        *(f"{t}_no_delete" for t in NO_DELETE),
        *(f"{t}_no_update" for t in FROZEN_COLUMNS),
    ]
    return [f"DROP TRIGGER IF EXISTS {n}" for n in names]


_PG_FUNCTIONS = (
    f"""CREATE OR REPLACE FUNCTION zhifa_records_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$""",
    f"""CREATE OR REPLACE FUNCTION zhifa_records_refuse_retained() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.retain_until >= (now() AT TIME ZONE 'Asia/Shanghai')::date THEN
        RAISE EXCEPTION '{MESSAGE}: record % is kept until %, DELETE refused',
            OLD.id, OLD.retain_until USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
END
$$""",
)


def _pg_install() -> list[str]:
    sql = [
        *_PG_FUNCTIONS,
        "CREATE OR REPLACE TRIGGER records_record_no_delete BEFORE DELETE ON records_record"
        " FOR EACH ROW EXECUTE FUNCTION zhifa_records_refuse_retained()",
        "CREATE OR REPLACE TRIGGER records_record_no_shorten BEFORE UPDATE OF retain_until"
        " ON records_record FOR EACH ROW WHEN (NEW.retain_until < OLD.retain_until)"
        " EXECUTE FUNCTION zhifa_records_refuse()",
    ]
    for table in NO_DELETE:
        sql.append(
            f"CREATE OR REPLACE TRIGGER {table}_no_delete BEFORE DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION zhifa_records_refuse()"
        )
    for table, columns in FROZEN_COLUMNS.items():
        sql.append(
            f"CREATE OR REPLACE TRIGGER {table}_no_update BEFORE UPDATE OF {', '.join(columns)}"
            f" ON {table} FOR EACH ROW WHEN ({_changed(columns, 'IS DISTINCT FROM')})"
            " EXECUTE FUNCTION zhifa_records_refuse()"
        )
    for table in TABLES:
        sql.append(
            f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION zhifa_records_refuse()"
        )
    return sql


def _pg_names() -> list[tuple[str, str]]:
    return [
        ("records_record_no_delete", "records_record"),
        ("records_record_no_shorten", "records_record"),
        *((f"{t}_no_delete", t) for t in NO_DELETE),
        *((f"{t}_no_update", t) for t in FROZEN_COLUMNS),
        *((f"{t}_no_truncate", t) for t in TABLES),
    ]


def _pg_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in _pg_names()]


def expected_names(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [s.split()[-1] for s in _sqlite_drop()]
    if vendor == "postgresql":
        return [name for name, _ in _pg_names()]
    raise NotImplementedError(f"the records have no immutability triggers for {vendor}")


def install_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_install()
    if vendor == "postgresql":
        return _pg_install()
    raise NotImplementedError(f"the records have no immutability triggers for {vendor}")


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_drop()
    if vendor == "postgresql":
        return _pg_drop()
    raise NotImplementedError(f"the records have no immutability triggers for {vendor}")


def install(schema_editor_or_connection: Any) -> None:
    _run(schema_editor_or_connection, install_statements)


def drop(schema_editor_or_connection: Any) -> None:
    _run(schema_editor_or_connection, drop_statements)


def _run(target: Any, statements: Any) -> None:
    conn = target if isinstance(target, BaseDatabaseWrapper) else target.connection
    with conn.cursor() as cursor:
        for sql in statements(conn.vendor):
            cursor.execute(sql)


def missing(connection: Any) -> list[str]:
    """Names of the records' triggers that are not installed (empty when all are)."""
    try:
        expected = set(expected_names(connection.vendor))
    except NotImplementedError:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
            )
        present = {row[0] for row in cursor.fetchall()}
    return sorted(expected - present)

"""Raw SQL helpers for tests that tamper with the database behind the application's back."""

from __future__ import annotations

from django.db import connection

TABLE = "ledger_ledgerentry"


def drop_trigger(name: str, table: str = TABLE) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {name} ON {table}")
        else:
            cursor.execute(f"DROP TRIGGER {name}")


def raw(sql: str, params: list | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount

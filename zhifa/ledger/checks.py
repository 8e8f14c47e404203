"""System checks of the ledger's assumptions about the database configuration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_sqlite_writers_serialised(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """ledger.E001: on SQLite, writers are serialised by ``BEGIN IMMEDIATE`` transactions.

    ``ledger_append`` reads the chain's head and inserts after it. With deferred transactions two
    writers could read the same head; the unique constraints would still refuse the second
    insert (no fork), but the change it belonged to would fail. IMMEDIATE makes them wait.
    """
    return sqlite_mode_errors(settings.DATABASES)


def sqlite_mode_errors(databases: dict[str, Any]) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for alias, db in databases.items():
        if db.get("ENGINE", "").endswith("sqlite3"):
            mode = str(db.get("OPTIONS", {}).get("transaction_mode", "")).upper()
            if mode not in {"IMMEDIATE", "EXCLUSIVE"}:
                errors.append(
                    checks.Error(
                        f"Database {alias!r}: SQLite must use transaction_mode IMMEDIATE for the "
                        "ledger's writers to be serialised.",
                        hint="Set DATABASES[...]['OPTIONS']['transaction_mode'] = 'IMMEDIATE'.",
                        id="ledger.E001",
                    )
                )
    return errors

"""``flush`` that knows the ledger is append-only and the records are kept.

Django's ``flush`` empties every table with DELETE (SQLite) or TRUNCATE (PostgreSQL); the
ledger's triggers and the full-process records' triggers (R-1.3-18) refuse both. This override
lifts every set of triggers in :data:`TRIGGER_SETS` for the wipe and reinstalls them after:

- on a test database (the one Django's test runner created: ``TransactionTestCase`` and
  ``pytest.mark.django_db(transaction=True)`` flush after every test) it just does so;
- on any other database it refuses while the ledger holds entries, unless ``--wipe-ledger`` is
  given (a scratch or development database; never production).
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX

from zhifa.ledger import triggers
from zhifa.records import triggers as records_triggers

# Each module has TABLES, install(connection), drop(connection) and missing(connection).
TRIGGER_SETS: tuple[ModuleType, ...] = (triggers, records_triggers)


def _is_test_database(connection: Any) -> bool:
    """The database Django's test runner created (named ``test_…`` or TEST NAME, or in memory)."""
    name = str(connection.settings_dict["NAME"])
    test_name = (connection.settings_dict.get("TEST") or {}).get("NAME")
    if test_name and name == str(test_name):
        return True
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return True
    return os.path.basename(name).startswith(TEST_DATABASE_PREFIX)


def _ledger_has_entries(connection: Any) -> bool:
    with connection.cursor() as cursor:
        if "ledger_ledgerentry" not in connection.introspection.table_names(cursor):
            return False
        cursor.execute("SELECT 1 FROM ledger_ledgerentry LIMIT 1")
        return cursor.fetchone() is not None


def _installed_sets(connection: Any) -> list[ModuleType]:
    """The trigger sets whose tables exist (a database migrated part of the way has fewer)."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    return [s for s in TRIGGER_SETS if set(s.TABLES) <= tables]


class Command(flush.Command):
    help = (
        flush.Command.help
        + " The append-only ledger is wiped only on a test database or with --wipe-ledger."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--wipe-ledger",
            action="store_true",
            help="also wipe the append-only ledger (scratch and development databases only)",
        )

    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if (
            not options.get("wipe_ledger")
            and not _is_test_database(connection)
            and _ledger_has_entries(connection)
        ):
            raise CommandError(
                "The ledger is append-only and holds entries; flush refused. "
                "On a scratch or development database pass --wipe-ledger.",
                returncode=2,
            )
        sets = _installed_sets(connection)
        for trigger_set in sets:
            trigger_set.drop(connection)
        try:
            super().handle(**options)
        finally:
            for trigger_set in sets:
                trigger_set.install(connection)

"""``flush`` and the append-only ledger: test databases are wiped (the triggers come back),
anything else is refused while the ledger holds entries unless --wipe-ledger is given."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from zhifa.ledger import triggers
from zhifa.ledger.management.commands import flush as ledger_flush
from zhifa.ledger.models import LedgerEntry
from zhifa.ledger.services import ledger_append
from zhifa.ledger.tests.helpers import drop_trigger, raw

pytestmark = pytest.mark.django_db


def test_the_test_database_is_recognised() -> None:
    assert ledger_flush._is_test_database(connection)


def test_flush_wipes_the_ledger_and_reinstalls_the_triggers() -> None:
    ledger_append(actor=None, action="a")
    call_command("flush", interactive=False, verbosity=0)
    assert not LedgerEntry.objects.exists()
    assert triggers.missing(connection) == []
    ledger_append(actor=None, action="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("DELETE FROM ledger_ledgerentry")


def test_flush_of_a_real_database_is_refused_while_the_ledger_has_entries(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ledger_flush, "_is_test_database", lambda connection: False)
    ledger_append(actor=None, action="a")
    with pytest.raises(CommandError) as exc:
        call_command("flush", interactive=False, verbosity=0)
    assert exc.value.returncode == 2
    assert LedgerEntry.objects.count() == 1
    call_command("flush", "--wipe-ledger", interactive=False, verbosity=0)
    assert not LedgerEntry.objects.exists()
    assert triggers.missing(connection) == []


def test_verify_fails_when_a_trigger_is_missing(capsys) -> None:  # type: ignore[no-untyped-def]
    ledger_append(actor=None, action="a")
    drop_trigger("ledger_ledgerentry_no_delete")
    with pytest.raises(SystemExit) as exc:
        call_command("ledger", "verify")
    assert exc.value.code == 1
    assert "ledger_ledgerentry_no_delete" in capsys.readouterr().err


def test_sqlite_writers_must_use_immediate_transactions() -> None:
    from zhifa.ledger.checks import check_sqlite_writers_serialised, sqlite_mode_errors

    assert check_sqlite_writers_serialised() == []  # the project's settings
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}
    (error,) = sqlite_mode_errors({"default": {**sqlite, "OPTIONS": {}}})
    assert error.id == "ledger.E001"
    assert (
        sqlite_mode_errors({"default": {**sqlite, "OPTIONS": {"transaction_mode": "IMMEDIATE"}}})
        == []
    )

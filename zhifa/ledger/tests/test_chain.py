"""Appending to the chain and verifying it; the database refuses changes; tampering is caught.

Runs on SQLite and PostgreSQL alike (the tampering uses raw SQL behind the ORM's back).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, transaction

from zhifa.accounts.models import Organisation
from zhifa.accounts.tests.factories import make_user
from zhifa.ledger.canonical import canonical_json
from zhifa.ledger.constants import GENESIS_HASH
from zhifa.ledger.models import AppendOnlyError, LedgerEntry
from zhifa.ledger.services import ledger_append, ledger_verify
from zhifa.ledger.tests.helpers import drop_trigger, raw

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def append_many(n: int, **kwargs) -> list[LedgerEntry]:  # type: ignore[no-untyped-def]
    return [
        ledger_append(actor=None, action="test.thing.do", payload={"i": i}, **kwargs)
        for i in range(n)
    ]


def test_append_builds_a_gap_free_chain_from_the_genesis(county) -> None:  # type: ignore[no-untyped-def]
    user = make_user(county.dept, full_name="张三")
    first = ledger_append(
        actor=user,
        action="organisation.rename",
        subject=county.dept,
        payload={"to": "新名称", "amount": decimal.Decimal("12.30")},
    )
    second = ledger_append(actor=None, action="system.tick")
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.entry_hash
    assert first.subject_type == "accounts.organisation"
    assert first.subject_id == str(county.dept.pk)
    assert (first.actor_id, first.actor_label, first.organisation_id) == (
        user.pk,
        "张三",
        county.dept.pk,
    )
    assert (second.actor_id, second.actor_label, second.subject_type) == (None, "system", "")
    assert first.payload == '{"amount":"12.30","to":"新名称"}'
    assert second.payload == "{}"
    assert ledger_verify() == ledger_verify(start_seq=1)
    result = ledger_verify()
    assert (result.ok, result.checked, result.first_bad_seq) == (True, 2, None)


def test_anonymous_actor_is_the_public() -> None:
    from django.contrib.auth.models import AnonymousUser

    e = ledger_append(actor=AnonymousUser(), action="complaint.submit", payload={"channel": "web"})
    assert (e.actor_id, e.actor_label, e.organisation_id) == (None, "public", None)


def test_entry_hash_is_sha256_of_prev_hash_and_canonical_content() -> None:
    """The documented formula, recomputed here by hand."""
    with time_machine.travel(dt.datetime(2025, 3, 1, 8, 0, 0, 123456, tzinfo=SHANGHAI), tick=False):
        e = ledger_append(
            actor=None,
            action="doc.example",
            subject_type="cases.case",
            subject_id="42",
            payload={"b": [1, 2], "a": "执法"},
        )
    content = canonical_json(
        {
            "action": "doc.example",
            "actor_id": None,
            "actor_label": "system",
            "at": "2025-03-01T00:00:00.123456+00:00",
            "organisation_id": None,
            "payload": {"a": "执法", "b": [1, 2]},
            "seq": 1,
            "subject_id": "42",
            "subject_type": "cases.case",
        }
    )
    expected = hashlib.sha256((GENESIS_HASH + content).encode("utf-8")).hexdigest()
    assert e.entry_hash == expected
    stored = LedgerEntry.objects.get(seq=1)
    assert stored.at == e.at and stored.entry_hash == expected


def test_subject_arguments_are_checked(county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        ledger_append(
            actor=None, action="x", subject=county.dept, subject_type="a.b", subject_id="1"
        )
    with pytest.raises(ValueError):
        ledger_append(actor=None, action="x", subject_type="a.b")
    with pytest.raises(ValueError):
        ledger_append(actor=None, action="x", subject=Organisation(name="unsaved"))
    with pytest.raises(ValueError):
        ledger_append(actor=None, action="")
    with pytest.raises(TypeError):
        ledger_append(actor=None, action="x", payload=["not", "a", "dict"])  # type: ignore[arg-type]
    assert not LedgerEntry.objects.exists()


def test_entry_rolls_back_with_the_callers_transaction() -> None:
    ledger_append(actor=None, action="kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger_append(actor=None, action="rolled.back")
        raise RuntimeError("the change failed")
    assert list(LedgerEntry.objects.values_list("action", flat=True)) == ["kept"]
    nxt = ledger_append(actor=None, action="next")
    assert nxt.seq == 2
    assert ledger_verify().ok


def test_time_never_runs_backwards_along_the_chain() -> None:
    with time_machine.travel(dt.datetime(2025, 3, 1, 12, tzinfo=SHANGHAI), tick=False):
        a = ledger_append(actor=None, action="a")
    with time_machine.travel(dt.datetime(2025, 3, 1, 11, tzinfo=SHANGHAI), tick=False):
        b = ledger_append(actor=None, action="b")  # a host whose clock is behind
    assert b.at == a.at
    assert ledger_verify().ok


def test_orm_refuses_update_and_delete() -> None:
    e = ledger_append(actor=None, action="a")
    e.action = "changed"
    with pytest.raises(AppendOnlyError):
        e.save()
    with pytest.raises(AppendOnlyError):
        e.delete()
    fresh = LedgerEntry(seq=1, at=e.at, actor_label="x", action="dup", payload="{}")
    with pytest.raises(IntegrityError), transaction.atomic():
        fresh.save()  # seq 1 exists: the insert is refused, never turned into an UPDATE


def test_database_triggers_refuse_raw_update_and_delete() -> None:
    append_many(3)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("UPDATE ledger_ledgerentry SET payload = '{\"i\":99}' WHERE seq = 2")
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("DELETE FROM ledger_ledgerentry WHERE seq = 3")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(seq=1).update(
            action="changed"
        )  # queryset.update bypasses save()
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(seq=1)._raw_delete(LedgerEntry.objects.db)
    assert ledger_verify().ok
    assert LedgerEntry.objects.count() == 3


@pytest.mark.only_on("postgresql")
def test_postgresql_refuses_truncate(django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    append_many(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("TRUNCATE ledger_ledgerentry")


def test_unique_prev_hash_makes_a_fork_impossible() -> None:
    """Even a writer that skipped the lock cannot fork the chain: a second entry after the same
    predecessor is refused by the database."""
    first = ledger_append(actor=None, action="a")
    ledger_append(actor=None, action="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry(
            seq=3,
            at=first.at,
            actor_label="x",
            action="fork",
            payload="{}",
            prev_hash=first.entry_hash,  # already the prev_hash of seq 2
            entry_hash="f" * 64,
        ).save()


def _verify_command_fails_naming(seq: int, capsys) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        call_command("ledger", "verify")
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert f"ledger BROKEN at seq {seq}:" in err
    return err


def test_tampered_payload_is_caught_and_named(capsys) -> None:  # type: ignore[no-untyped-def]
    append_many(5)
    drop_trigger("ledger_ledgerentry_no_update")
    assert raw("UPDATE ledger_ledgerentry SET payload = '{\"i\":99}' WHERE seq = 3") == 1
    result = ledger_verify()
    assert (result.ok, result.first_bad_seq, result.reason) == (False, 3, "entry_hash mismatch")
    assert result.checked == 2
    err = _verify_command_fails_naming(3, capsys)
    assert "entry_hash mismatch" in err


def test_tampered_actor_or_time_is_caught(capsys) -> None:  # type: ignore[no-untyped-def]
    append_many(4)
    drop_trigger("ledger_ledgerentry_no_update")
    raw("UPDATE ledger_ledgerentry SET actor_label = 'someone else' WHERE seq = 4")
    assert ledger_verify().first_bad_seq == 4


def test_tampered_prev_hash_is_caught(capsys) -> None:  # type: ignore[no-untyped-def]
    append_many(5)
    drop_trigger("ledger_ledgerentry_no_update")
    raw("UPDATE ledger_ledgerentry SET prev_hash = %s WHERE seq = 4", ["a" * 64])
    result = ledger_verify()
    assert (result.ok, result.first_bad_seq) == (False, 4)
    assert "prev_hash" in result.reason
    _verify_command_fails_naming(4, capsys)


def test_rewritten_entry_with_recomputed_hash_breaks_the_next_link() -> None:
    """An attacker who recomputes the hash of the row they changed still breaks seq + 1."""
    from zhifa.ledger.hashing import entry_content, entry_hash

    entries = append_many(4)
    e = entries[1]
    content = entry_content(
        seq=e.seq,
        at=e.at,
        actor_id=None,
        actor_label="system",
        organisation_id=None,
        action=e.action,
        subject_type="",
        subject_id="",
        payload='{"i":1000}',
    )
    drop_trigger("ledger_ledgerentry_no_update")
    raw(
        "UPDATE ledger_ledgerentry SET payload = %s, entry_hash = %s WHERE seq = %s",
        ['{"i":1000}', entry_hash(e.prev_hash, content), e.seq],
    )
    result = ledger_verify()
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_deleted_entry_leaves_a_gap_that_is_caught(capsys) -> None:  # type: ignore[no-untyped-def]
    append_many(6)
    drop_trigger("ledger_ledgerentry_no_delete")
    assert raw("DELETE FROM ledger_ledgerentry WHERE seq = 4") == 1
    result = ledger_verify()
    assert (result.ok, result.first_bad_seq) == (False, 4)
    assert "missing" in result.reason
    _verify_command_fails_naming(4, capsys)


def test_deleted_first_entry_is_caught() -> None:
    append_many(3)
    drop_trigger("ledger_ledgerentry_no_delete")
    raw("DELETE FROM ledger_ledgerentry WHERE seq = 1")
    assert ledger_verify().first_bad_seq == 1


def test_verify_from_a_later_seq_and_streaming_in_small_chunks() -> None:
    append_many(25)
    assert ledger_verify(chunk_size=3) == ledger_verify()
    result = ledger_verify(start_seq=10, chunk_size=4)
    assert (result.ok, result.checked) == (True, 16)
    drop_trigger("ledger_ledgerentry_no_update")
    raw("UPDATE ledger_ledgerentry SET payload = '{}' WHERE seq = 20")
    assert ledger_verify(start_seq=10, chunk_size=4).first_bad_seq == 20
    assert ledger_verify(start_seq=21).ok  # starts after the damage, anchored on seq 20's hash


def test_empty_ledger_verifies(capsys) -> None:  # type: ignore[no-untyped-def]
    assert ledger_verify().ok
    call_command("ledger", "verify")
    assert "ledger OK: 0 entries" in capsys.readouterr().out

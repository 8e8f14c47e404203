"""Daily Merkle roots over the chain, their idempotent computation by the daily job, inclusion
proofs of single entries, and what verify learns from the roots."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from zhifa.core.errors import DomainError
from zhifa.ledger import merkle
from zhifa.ledger.constants import ACTION_MERKLE_ROOT
from zhifa.ledger.jobs import compute_daily_roots
from zhifa.ledger.models import LedgerEntry, MerkleRoot
from zhifa.ledger.services import (
    LedgerNotFound,
    inclusion_proof_verify,
    ledger_append,
    ledger_verify,
    merkle_inclusion_proof,
    merkle_root_compute,
)
from zhifa.ledger.tests.helpers import drop_trigger, raw
from zhifa.ledger.tests.test_merkle import ref_mth

pytestmark = pytest.mark.django_db

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
D1 = dt.date(2025, 3, 3)
D2 = dt.date(2025, 3, 4)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SH)


def append_on(day: dt.date, n: int, hour: int = 9) -> list[LedgerEntry]:
    out = []
    for i in range(n):
        with time_machine.travel(at(day, hour, i % 60), tick=False):
            out.append(ledger_append(actor=None, action="test.day", payload={"i": i}))
    return out


def test_root_of_a_day_is_rfc6962_over_its_entry_hashes_in_shanghai_days() -> None:
    # 23:30 Shanghai on D1 is 15:30 UTC on D1; 00:30 Shanghai on D2 is still D1 in UTC.
    day1 = append_on(D1, 5, hour=8) + append_on(D1, 1, hour=23)
    day2 = append_on(D2, 3, hour=0)
    with time_machine.travel(at(D2 + dt.timedelta(days=1), 1), tick=False):
        r1 = merkle_root_compute(day=D1)
        r2 = merkle_root_compute(day=D2)
    assert (r1.tree_size, r1.first_seq, r1.last_seq) == (6, 1, 6)
    assert r1.root_hash == ref_mth([bytes.fromhex(e.entry_hash) for e in day1]).hex()
    assert (r2.tree_size, r2.first_seq, r2.last_seq) == (3, 7, 9)
    assert r2.root_hash == ref_mth([bytes.fromhex(e.entry_hash) for e in day2]).hex()
    # each root is itself recorded in the chain, dated the day it was computed
    sealed = LedgerEntry.objects.filter(action=ACTION_MERKLE_ROOT).order_by("seq")
    assert [e.subject_id for e in sealed] == [str(r1.pk), str(r2.pk)]
    assert f'"root_hash":"{r1.root_hash}"' in sealed[0].payload
    assert ledger_verify().ok


def test_compute_is_idempotent_and_refuses_today_and_the_future() -> None:
    append_on(D1, 2)
    with time_machine.travel(at(D2, 10), tick=False):
        first = merkle_root_compute(day=D1)
        again = merkle_root_compute(day=D1)
        assert again.pk == first.pk
        assert LedgerEntry.objects.filter(action=ACTION_MERKLE_ROOT).count() == 1
        with pytest.raises(DomainError):
            merkle_root_compute(day=D2)
        with pytest.raises(DomainError):
            merkle_root_compute(day=D2 + dt.timedelta(days=3))


def test_empty_day_has_the_empty_tree_root() -> None:
    append_on(D1, 1)
    with time_machine.travel(at(D2 + dt.timedelta(days=2), 10), tick=False):
        r = merkle_root_compute(day=D2)
    assert (r.tree_size, r.first_seq, r.last_seq) == (0, None, None)
    assert r.root_hash == merkle.EMPTY_ROOT.hex()


def test_daily_job_computes_every_missing_past_day_once() -> None:
    append_on(D1, 2)
    append_on(D1 + dt.timedelta(days=2), 1)
    with time_machine.travel(at(D1 + dt.timedelta(days=4), 0, 5), tick=False):
        computed = compute_daily_roots()
        assert [r.day for r in computed] == [D1 + dt.timedelta(days=i) for i in range(4)]
        assert [r.tree_size for r in computed] == [2, 0, 1, 0]
        assert compute_daily_roots() == []
    with time_machine.travel(at(D1 + dt.timedelta(days=5), 0, 5), tick=False):
        # the day before held only the root entries written by the job itself
        (latest,) = compute_daily_roots()
        assert (latest.day, latest.tree_size) == (D1 + dt.timedelta(days=4), 4)
    assert ledger_verify().ok


def test_daily_job_with_an_empty_ledger_does_nothing() -> None:
    assert compute_daily_roots() == []
    assert not MerkleRoot.objects.exists()


def test_inclusion_proof_of_each_entry_verifies_against_the_published_root() -> None:
    entries = append_on(D1, 11)
    with time_machine.travel(at(D2, 1), tick=False):
        root = merkle_root_compute(day=D1)
    for e in entries:
        proof = merkle_inclusion_proof(e)
        assert (proof.day, proof.tree_size, proof.leaf_index) == (D1, 11, e.seq - 1)
        assert inclusion_proof_verify(proof, root_hash=root.root_hash)
        # a forged entry hash, position or root does not verify
        assert not inclusion_proof_verify(dataclasses.replace(proof, entry_hash="0" * 64))
        assert not inclusion_proof_verify(
            dataclasses.replace(proof, leaf_index=(proof.leaf_index + 1) % 11)
        )
        assert not inclusion_proof_verify(proof, root_hash="ab" * 32)
        assert not inclusion_proof_verify(proof, root_hash="not hex")


def test_inclusion_proof_before_the_day_is_sealed_is_refused() -> None:
    (e,) = append_on(D1, 1)
    with pytest.raises(LedgerNotFound):
        merkle_inclusion_proof(e)


def test_verify_catches_truncation_of_a_sealed_day(capsys) -> None:  # type: ignore[no-untyped-def]
    """Deleting the newest entries leaves a valid shorter chain; the sealed root catches it."""
    append_on(D1, 5)
    with time_machine.travel(at(D2, 1), tick=False):
        merkle_root_compute(day=D1)  # seq 6 records the root
    drop_trigger("ledger_ledgerentry_no_delete")
    raw("DELETE FROM ledger_ledgerentry WHERE seq >= 5")
    result = ledger_verify()
    assert (result.ok, result.first_bad_seq) == (False, 1)
    assert "Merkle root covers 1..5" in result.reason
    with pytest.raises(SystemExit):
        call_command("ledger", "verify")
    assert "ledger BROKEN at seq 1" in capsys.readouterr().err


def test_verify_catches_a_rewritten_day_whose_chain_was_recomputed() -> None:
    """An attacker with the database rewrites a sealed day's entry and recomputes every later
    hash so the chain is internally consistent; the stored Merkle root still disagrees."""
    from zhifa.ledger.hashing import entry_content, entry_hash

    append_on(D1, 3)
    with time_machine.travel(at(D2, 1), tick=False):
        merkle_root_compute(day=D1)
    drop_trigger("ledger_ledgerentry_no_update")
    drop_trigger("ledger_ledgerentry_no_delete")
    rows = list(LedgerEntry.objects.order_by("seq"))
    raw("DELETE FROM ledger_ledgerentry")
    prev = rows[0].prev_hash
    for i, e in enumerate(rows):
        payload = '{"i":42}' if i == 1 else e.payload
        fields = {
            "seq": e.seq,
            "at": e.at,
            "actor_id": e.actor_id,
            "actor_label": e.actor_label,
            "organisation_id": e.organisation_id,
            "action": e.action,
            "subject_type": e.subject_type,
            "subject_id": e.subject_id,
            "payload": payload,
        }
        h = entry_hash(prev, entry_content(**fields))
        LedgerEntry(**fields, prev_hash=prev, entry_hash=h).save()
        prev = h
    result = ledger_verify()
    assert (result.ok, result.first_bad_seq) == (False, 1)
    assert "Merkle root of day 2025-03-03" in result.reason


def test_roots_command_computes_and_prints(capsys) -> None:  # type: ignore[no-untyped-def]
    append_on(D1, 3)
    with time_machine.travel(at(D2, 9), tick=False):
        call_command("ledger", "roots")
        out = capsys.readouterr().out
        root = MerkleRoot.objects.get(day=D1)
        assert "computed 1 root(s)" in out
        assert f"2025-03-03\t3\t1-3\t{root.root_hash}" in out
        call_command("ledger", "roots", "--day", "2025-03-03")
        assert capsys.readouterr().out.strip() == f"2025-03-03\t3\t1-3\t{root.root_hash}"
        with pytest.raises(CommandError) as exc:
            call_command("ledger", "roots", "--day", "2025-03-04")
        assert exc.value.returncode == 2
        with pytest.raises(CommandError):
            call_command("ledger", "roots", "--day", "not-a-date")
        with pytest.raises(CommandError):
            call_command("ledger", "verify", "--start-seq", "0")
        with pytest.raises(CommandError):
            call_command("ledger", "bogus")


def test_the_worker_runs_the_daily_roots_job() -> None:
    from zhifa.jobs.registry import periodic_specs

    spec = next(s for s in periodic_specs() if s.name == "ledger.daily_roots")
    assert spec.func is compute_daily_roots and spec.every_seconds <= 24 * 3600

"""``zhifa records verify`` (R-1.3-18, R-1.3-19): every stored original is hashed; a file altered
or removed behind the application's back is named and the command exits 1."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from zhifa.ledger.models import LedgerEntry
from zhifa.records.constants import CheckSource
from zhifa.records.models import FileCheck
from zhifa.records.services.verify import records_verify
from zhifa.records.tests.test_access import alter_on_disk, blob_path, stored_record

pytestmark = pytest.mark.django_db


def test_r_1_3_18_verify_passes_when_every_file_is_intact(world, case, capsys) -> None:  # type: ignore[no-untyped-def]
    stored_record(world, case)
    stored_record(world, case, data=b"second")
    call_command("records", "verify")
    assert "checked" in capsys.readouterr().out
    assert FileCheck.objects.filter(source=CheckSource.VERIFY, ok=True).count() == 2
    entry = LedgerEntry.objects.get(action="records.verify.run")
    assert json.loads(entry.payload)["checked"] == 2


def test_r_1_3_18_an_altered_file_makes_verify_exit_1_and_name_it(world, case, capsys) -> None:  # type: ignore[no-untyped-def]
    good = stored_record(world, case)
    bad = stored_record(world, case, data=b"will be altered")
    gone = stored_record(world, case, data=b"will be removed")
    alter_on_disk(bad)
    blob_path(gone).chmod(0o644)
    blob_path(gone).unlink()
    with pytest.raises(SystemExit) as exc:
        call_command("records", "verify", "--batch", "1")  # several batches
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert bad.blob.name in err and "altered" in err
    assert gone.blob.name in err and "missing" in err
    assert good.blob.name not in err
    checks = {c.blob_id: c for c in FileCheck.objects.filter(source=CheckSource.VERIFY)}
    assert checks[bad.blob_id].problem == "altered" and checks[gone.blob_id].problem == "missing"
    assert checks[good.blob_id].ok


def test_r_1_3_18_verify_counts_the_report(world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    alter_on_disk(rf)
    report = records_verify()
    assert (report.checked, report.ok, report.failed) == (1, 0, 1)
    assert report.counts()["altered"] == 1


def test_r_1_3_18_verify_fails_when_a_trigger_is_missing(world, capsys) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER records_storedfile_no_delete ON records_storedfile")
        else:
            cursor.execute("DROP TRIGGER records_storedfile_no_delete")
    with pytest.raises(SystemExit) as exc:
        call_command("records", "verify")
    assert exc.value.code == 1
    assert "records_storedfile_no_delete" in capsys.readouterr().err


def test_verify_bad_arguments_exit_2() -> None:
    with pytest.raises(CommandError) as exc:
        call_command("records", "verify", "--batch", "0")
    assert exc.value.returncode == 2 or "batch" in str(exc.value)
    with pytest.raises(CommandError):
        call_command("records", "nonsense")


def test_r_1_3_19_the_verify_api_is_for_supervisors(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    alter_on_disk(rf)
    records_verify()
    client.force_login(world.head)
    assert client.get("/api/v1/records/verify").status_code == 403
    client.force_login(world.supervisor)
    body = client.get("/api/v1/records/verify").json()
    assert body["last_run"]["failed"] == 1
    assert [(f["file_id"], f["problem"]) for f in body["bad_files"]] == [(rf.pk, "altered")]


def test_r_1_3_19_the_daily_job_flags_an_altered_file(world, case) -> None:  # type: ignore[no-untyped-def]
    """The worker's daily ``records.verify`` job checks every file (R-1.3-18) and leaves a failing
    check for the supervision page (R-1.3-19)."""
    from zhifa.jobs.registry import periodic_specs

    stored_record(world, case)
    bad = stored_record(world, case, data=b"altered by the daily job test")
    alter_on_disk(bad)
    job = next(spec for spec in periodic_specs() if spec.name == "records.verify")
    assert job.every_seconds == 24 * 3600
    assert job.func() == 1
    failing = FileCheck.objects.filter(source=CheckSource.VERIFY, ok=False)
    assert [c.problem for c in failing] == ["altered"]

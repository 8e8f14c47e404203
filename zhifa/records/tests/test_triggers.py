"""R-1.3-18 in the database: records within their retention period, files, interruptions and
file checks cannot be deleted, and an original's hash, name and size (and which blob a record
file is) cannot be altered — by the ORM or by raw SQL, on SQLite and PostgreSQL. ``flush``
still wipes a test database and puts the triggers back."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from zhifa.core import clock
from zhifa.ledger import triggers as ledger_triggers
from zhifa.records import triggers
from zhifa.records.constants import CheckSource, InterruptionCause, MediaKind, RecordForm
from zhifa.records.models import FileCheck, Interruption, Record, RecordFile, StoredFile

pytestmark = pytest.mark.django_db


def raw(sql: str, params: list | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


def make_record(world, *, retain_until: dt.date | None = None) -> Record:  # type: ignore[no-untyped-def]
    return Record.objects.create(
        organisation=world.dept,
        stage="investigation",
        form=RecordForm.AUDIO_VIDEO,
        media=MediaKind.VIDEO,
        title="现场检查录像",
        retain_until=retain_until or clock.today() + dt.timedelta(days=365 * 30),
        created_by=world.o1,
        created_at=clock.now(),
    )


def make_file(world, record: Record, data: bytes = b"video") -> RecordFile:  # type: ignore[no-untyped-def]
    sha = hashlib.sha256(data).hexdigest()
    blob, _ = StoredFile.objects.get_or_create(
        sha256=sha,
        defaults={
            "name": f"records/{sha[:2]}/{sha[2:4]}/{sha}",
            "size": len(data),
            "content_type": "video/mp4",
            "created_at": clock.now(),
        },
    )
    return RecordFile.objects.create(
        record=record,
        blob=blob,
        original_name="现场.mp4",
        uploaded_by=world.o1,
        uploaded_at=clock.now(),
    )


def refused(sql: str, params: list | None = None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(sql, params)


def test_r_1_3_18_triggers_are_installed() -> None:
    assert triggers.missing(connection) == []


def test_r_1_3_18_a_record_within_its_retention_period_cannot_be_deleted(world) -> None:  # type: ignore[no-untyped-def]
    record = make_record(world)
    refused("DELETE FROM records_record WHERE id = %s", [record.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        Record.objects.filter(pk=record.pk)._raw_delete(Record.objects.db)
    assert Record.objects.filter(pk=record.pk).exists()


def test_r_1_3_18_today_counts_as_within_the_retention_period_in_shanghai(world) -> None:  # type: ignore[no-untyped-def]
    """The last day of the retention period is still inside it — in Asia/Shanghai, whatever
    time zone the database session uses (late evening UTC is already tomorrow in the county)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date")
        else:
            cursor.execute("SELECT date('now', '+8 hours')")
        db_today = cursor.fetchone()[0]
    shanghai_today = dt.datetime.now(tz=dt.UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert str(db_today) == shanghai_today.isoformat()
    record = make_record(world, retain_until=shanghai_today)
    refused("DELETE FROM records_record WHERE id = %s", [record.pk])


def test_r_1_3_18_a_record_past_its_retention_period_may_be_deleted(world) -> None:  # type: ignore[no-untyped-def]
    record = make_record(world, retain_until=dt.date(2000, 1, 1))
    assert raw("DELETE FROM records_record WHERE id = %s", [record.pk]) == 1


def test_r_1_3_18_the_retention_period_cannot_be_shortened(world) -> None:  # type: ignore[no-untyped-def]
    record = make_record(world)
    refused("UPDATE records_record SET retain_until = '2001-01-01' WHERE id = %s", [record.pk])
    later = record.retain_until + dt.timedelta(days=1)
    Record.objects.filter(pk=record.pk).update(retain_until=later)  # extending is allowed
    record.refresh_from_db()
    record.title = "改名"
    record.save()  # saving the other columns (same retain_until) is allowed


def test_r_1_3_18_files_interruptions_and_checks_cannot_be_deleted(world) -> None:  # type: ignore[no-untyped-def]
    record = make_record(world)
    rf = make_file(world, record)
    Interruption.objects.create(
        record=record,
        started_at=clock.now(),
        cause=InterruptionCause.WEATHER,
        recorded_by=world.o1,
        recorded_at=clock.now(),
    )
    FileCheck.objects.create(
        blob=rf.blob, source=CheckSource.VERIFY, ok=True, checked_at=clock.now()
    )
    for table in ("records_recordfile", "records_interruption", "records_filecheck"):
        refused(f"DELETE FROM {table}")  # noqa: S608
    refused("DELETE FROM records_storedfile WHERE id = %s", [rf.blob_id])
    with pytest.raises(DatabaseError), transaction.atomic():
        rf.delete()  # PROTECT stops the ORM only when something refers to it; the DB always
    assert RecordFile.objects.count() == 1 and StoredFile.objects.count() == 1


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE records_storedfile SET sha256 = 'x'",
        "UPDATE records_storedfile SET name = 'records/elsewhere'",
        "UPDATE records_storedfile SET size = size + 1",
    ],
)
def test_r_1_3_18_a_stored_file_cannot_be_altered(world, sql: str) -> None:  # type: ignore[no-untyped-def]
    make_file(world, make_record(world))
    refused(sql)


def test_r_1_3_18_a_record_file_cannot_be_moved_or_swapped(world) -> None:  # type: ignore[no-untyped-def]
    record = make_record(world)
    rf = make_file(world, record)
    other = make_file(world, make_record(world), data=b"other")
    refused("UPDATE records_recordfile SET blob_id = %s WHERE id = %s", [other.blob_id, rf.pk])
    refused("UPDATE records_recordfile SET record_id = %s WHERE id = %s", [other.record_id, rf.pk])
    refused("UPDATE records_recordfile SET role = 'preview' WHERE id = %s", [rf.pk])
    # A full-row save with the frozen columns unchanged is fine (EXIF fields may be filled).
    rf.latitude = "35.1"
    rf.save()
    blob = rf.blob
    blob.content_type = "video/quicktime"
    blob.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        StoredFile.objects.filter(pk=blob.pk).update(size=1)


@pytest.mark.only_on("postgresql")
def test_r_1_3_18_postgresql_refuses_truncate(world) -> None:  # type: ignore[no-untyped-def]
    make_file(world, make_record(world))
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks: TRUNCATE itself must refuse
    for table in triggers.TABLES:
        refused(f"TRUNCATE {table} CASCADE")


@pytest.mark.django_db(transaction=True)
def test_flush_wipes_records_and_ledger_and_reinstalls_every_trigger(world) -> None:  # type: ignore[no-untyped-def]
    make_file(world, make_record(world))
    call_command("flush", interactive=False, verbosity=0)
    assert not Record.objects.exists() and not StoredFile.objects.exists()
    assert triggers.missing(connection) == []
    assert ledger_triggers.missing(connection) == []

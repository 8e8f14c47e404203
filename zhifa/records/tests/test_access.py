"""Access to record files (R-1.3-16, R-1.3-17, R-1.3-18): only those who may see a record read
its files; every view, playback and download is a ledger entry; a file altered on disk is caught
on read (409) and recorded; a download from outside the unit is a release and refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.accounts.tests.factories import make_user
from zhifa.core import clock
from zhifa.ledger.models import LedgerEntry
from zhifa.records import storage
from zhifa.records.constants import CheckSource, MediaKind, RecordForm, RecordStatus
from zhifa.records.models import FileCheck, Record, RecordFile

pytestmark = pytest.mark.django_db


def stored_record(
    world: Any,
    case: Any = None,
    *,
    data: bytes = b"\x00\x00\x00\x18ftypmp42 fake video bytes",
    media: str = MediaKind.VIDEO,
    name: str = "现场 录像.mp4",
    content_type: str = "video/mp4",
    tmp: Path | None = None,
) -> RecordFile:
    """An AV record of ``case`` (or of the unit) with one stored original file."""
    record = Record.objects.create(
        organisation=world.dept,
        case=case,
        stage="investigation",
        form=RecordForm.AUDIO_VIDEO if media != MediaKind.DOCUMENT else RecordForm.WRITTEN,
        media=media,
        title="现场检查" + name,
        status=RecordStatus.STORED,
        stored_at=clock.now(),
        retain_until=clock.today() + dt.timedelta(days=365 * 30),
        created_by=world.o1,
        created_at=clock.now(),
    )
    record.officers.set([world.o1, world.o2])
    staging = (tmp or Path(storage._storage().location)) / f"staging-{record.pk}"  # type: ignore[attr-defined]
    staging.write_bytes(data)
    blob = storage.blob_store_path(staging, content_type=content_type)
    return RecordFile.objects.create(
        record=record,
        blob=blob,
        original_name=name,
        uploaded_by=world.o1,
        uploaded_at=clock.now(),
    )


def blob_path(rf: RecordFile) -> Path:
    return Path(storage._storage().path(rf.blob.name))


def alter_on_disk(rf: RecordFile) -> None:
    """Change the stored bytes behind the application's back (same size)."""
    path = blob_path(rf)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def accesses(record: Record) -> list[LedgerEntry]:
    return list(
        LedgerEntry.objects.filter(
            subject_type="records.record",
            subject_id=str(record.pk),
            action__startswith="records.record.",
        )
        .exclude(action="records.record.stored")
        .order_by("seq")
    )


def outsiders(world: Any) -> dict[str, Any]:
    """Users of every role who may not see the dept's records."""
    c = world.county
    return {
        "officer_other_unit": world.people.officer_a,
        "officer_same_unit_not_on_case": world.o3,
        "head_other_unit": world.people.town_head,
        "reviewer_other_unit": make_user(c.team_b, Role.LEGAL_REVIEWER, username="s_rev_b"),
        "archivist_other_unit": make_user(c.team_b, Role.ARCHIVIST, username="s_arch_b"),
        "county_leader": make_user(c.gov, Role.COUNTY_LEADER, username="s_leader"),
        "sysadmin": make_user(c.gov, Role.SYSADMIN, username="s_admin"),
    }


def test_r_1_3_17_a_handler_plays_a_video_inline_and_the_playback_is_logged(
    client, world, case
) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    client.force_login(world.o1)
    resp = client.get(reverse("records:file", args=[rf.pk]))
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content) == Path(blob_path(rf)).read_bytes()
    assert resp["Content-Type"] == "video/mp4"
    assert resp["Content-Disposition"].startswith("inline;")
    assert (
        "filename*=utf-8''%E7%8E%B0%E5%9C%BA%20%E5%BD%95%E5%83%8F.mp4"
        in resp["Content-Disposition"]
    )
    (entry,) = accesses(rf.record)
    assert entry.action == "records.record.played"
    assert entry.actor_id == world.o1.pk
    payload = json.loads(entry.payload)
    assert payload["file"] == rf.pk and payload["sha256"] == rf.blob.sha256


def test_r_1_3_17_a_photo_is_viewed_and_a_download_is_an_attachment(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(
        world,
        case,
        data=b"\xff\xd8\xff\xe0 jpeg",
        media=MediaKind.PHOTO,
        name="p.jpg",
        content_type="image/jpeg",
    )
    client.force_login(world.head)
    assert client.get(reverse("records:file", args=[rf.pk])).status_code == 200
    resp = client.get(reverse("records:file", args=[rf.pk]) + "?download=1")
    assert resp.status_code == 200
    assert resp["Content-Disposition"].startswith("attachment;")
    assert [e.action for e in accesses(rf.record)] == [
        "records.record.viewed",
        "records.record.downloaded",
    ]


def test_r_1_3_18_an_html_file_is_never_shown_inline(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(
        world,
        case,
        data=b"<script>alert(1)</script>",
        media=MediaKind.DOCUMENT,
        name="x.html",
        content_type="text/html",
    )
    client.force_login(world.o1)
    resp = client.get(reverse("records:file", args=[rf.pk]))
    assert resp["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in resp["Content-Security-Policy"]


def test_r_1_3_17_a_supervisor_plays_back_any_units_records_and_each_playback_is_logged(
    client, world, case
) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    client.force_login(world.supervisor)
    for _ in range(2):
        assert client.get(reverse("records:file", args=[rf.pk])).status_code == 200
    entries = accesses(rf.record)
    assert [e.action for e in entries] == ["records.record.played"] * 2
    assert {e.actor_id for e in entries} == {world.supervisor.pk}


def test_r_1_3_16_a_supervisor_cannot_download_the_original_without_a_release(
    client, world, case
) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    client.force_login(world.supervisor)
    resp = client.get(reverse("records:file", args=[rf.pk]) + "?download=1")
    assert resp.status_code == 403
    assert "须经该单位负责人批准" in resp.content.decode()
    assert accesses(rf.record) == []


def test_r_1_3_16_users_outside_the_scope_cannot_read_a_file(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    for label, user in outsiders(world).items():
        client.force_login(user)
        for suffix in ("", "?download=1"):
            resp = client.get(reverse("records:file", args=[rf.pk]) + suffix)
            assert resp.status_code == 404, label
    client.logout()
    assert client.get(reverse("records:file", args=[rf.pk])).status_code == 302
    assert accesses(rf.record) == []


def test_r_1_3_18_a_file_altered_on_disk_is_caught_on_read(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    alter_on_disk(rf)
    client.force_login(world.o1)
    resp = client.get(reverse("records:file", args=[rf.pk]))
    assert resp.status_code == 409
    assert "文件校验未通过，已记录并报告" in resp.content.decode()
    check = FileCheck.objects.get(blob=rf.blob)
    assert (check.ok, check.problem, check.source) == (False, "altered", CheckSource.READ)
    assert accesses(rf.record) == []  # nothing was handed out


def test_r_1_3_18_a_missing_file_is_caught_on_read(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    path = blob_path(rf)
    path.chmod(0o644)
    path.unlink()
    client.force_login(world.o1)
    assert client.get(reverse("records:file", args=[rf.pk]) + "?download=1").status_code == 409
    assert FileCheck.objects.get(blob=rf.blob).problem == "missing"


def test_r_1_3_17_the_access_log_panel_lists_who_read_the_record(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    client.force_login(world.supervisor)
    client.get(reverse("records:file", args=[rf.pk]))
    client.force_login(world.o1)
    client.get(reverse("records:file", args=[rf.pk]) + "?download=1")
    resp = client.get(reverse("records:access_log", args=[rf.record_id]))
    assert resp.status_code == 200
    text = resp.content.decode()
    assert text.index("下载") < text.index("播放")  # newest first
    assert world.supervisor.full_name in text
    client.force_login(world.people.officer_a)
    assert client.get(reverse("records:access_log", args=[rf.record_id])).status_code == 404


def test_r_1_3_17_the_file_api_checks_scope_and_logs(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    url = f"/api/v1/records/files/{rf.pk}/content"
    client.force_login(world.people.officer_a)
    resp = client.get(url)
    assert resp.status_code == 404 and resp.json()["code"] == "not_found"
    client.force_login(world.supervisor)
    assert client.get(url).status_code == 403
    client.force_login(world.o2)
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp["Content-Disposition"].startswith("attachment;")
    assert [e.action for e in accesses(rf.record)] == ["records.record.downloaded"]
    alter_on_disk(rf)
    resp = client.get(url)
    assert resp.status_code == 409 and resp.json()["code"] == "file_integrity"

"""Crash safety of uploads with a real process kill (ADR 0012): another Python process runs the
upload service against this test's database and storage, is stopped with SIGKILL at a chosen
point — in the middle of a chunk, in the middle of moving the file into the storage, and inside
the finishing transaction — and afterwards no StoredFile or RecordFile points to a missing or
partial file, and the upload resumes and completes (R-1.3-18)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from zhifa.records import storage
from zhifa.records.constants import UploadStatus
from zhifa.records.models import RecordFile, StoredFile
from zhifa.records.services import uploads as svc
from zhifa.records.tests.test_files import make_record
from zhifa.records.tests.test_uploads import API, patch

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("records_kill")]

CHUNK = 64 * 1024

_CHILD = r"""
import json, os, sys, time
from pathlib import Path
cfg = json.loads(os.environ["ZHIFA_KILL_CFG"])
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
from django.conf import settings
settings.DATABASES["default"]["NAME"] = cfg["db"]
settings.MEDIA_ROOT = cfg["media"]
settings.STORAGES = {**settings.STORAGES, "default": {
    "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": cfg["media"]}}}
settings.ZHIFA_UPLOAD_DIR = Path(cfg["uploads"])
settings.ZHIFA_UPLOAD_CHUNK_BYTES = cfg["chunk"]
import django
django.setup()
from zhifa.accounts.models import User
from zhifa.records import storage
from zhifa.records.models import UploadSession
from zhifa.records.services import uploads as svc

def pause():
    print("PAUSED", flush=True)
    time.sleep(600)

point = cfg["point"]
session = UploadSession.objects.get(pk=cfg["session"])
actor = User.objects.get(pk=cfg["actor"])
data = Path(cfg["source"]).read_bytes()
offset = cfg["offset"]
chunk = data[offset:offset + cfg["chunk"]]
sent = [0]

def read(n):
    if point == "mid_chunk" and sent[0] >= len(chunk) // 2:
        pause()
    piece = chunk[sent[0]:sent[0] + min(n, 4096)]
    sent[0] += len(piece)
    return piece

if point == "mid_place":
    real_replace = os.replace
    def slow_replace(a, b):
        if str(b).startswith(cfg["media"]):
            pause()
        return real_replace(a, b)
    storage.os.replace = slow_replace
if point == "in_transaction":
    real_attach = svc.record_file_attach
    def slow_attach(**kw):
        rf = real_attach(**kw)
        pause()  # the RecordFile row exists in the open transaction; the process dies
        return rf
    svc.record_file_attach = slow_attach
svc.upload_append(session=session, actor=actor, offset=offset, length=len(chunk), read=read)
print("DONE", flush=True)
"""


def _kill_at(point: str, *, session, actor, source, offset: int, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = {
        "db": connection.settings_dict["NAME"],
        "media": str(settings.MEDIA_ROOT),
        "uploads": str(settings.ZHIFA_UPLOAD_DIR),
        "chunk": CHUNK,
        "point": point,
        "session": str(session.pk),
        "actor": actor.pk,
        "source": str(source),
        "offset": offset,
    }
    env = {**os.environ, "ZHIFA_KILL_CFG": json.dumps(cfg), "PYTHONPATH": str(settings.BASE_DIR)}
    proc = subprocess.Popen(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", _CHILD],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
        assert line == "PAUSED", (line, proc.stderr.read() if proc.stderr else "")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()


def _assert_no_row_points_to_a_bad_file() -> None:
    for blob in StoredFile.objects.all():
        assert storage.blob_check(blob) == (True, ""), blob.name
    for rf in RecordFile.objects.select_related("blob"):
        assert storage.blob_check(rf.blob) == (True, "")


@pytest.fixture
def setup(world, case, tmp_path, settings, client):  # type: ignore[no-untyped-def]
    settings.ZHIFA_UPLOAD_CHUNK_BYTES = CHUNK
    svc._hashers.clear()
    record = make_record(case, world.o1)
    data = (b"\x00\x00\x00\x18ftypmp42" + os.urandom(3 * CHUNK))[: 3 * CHUNK - 100]
    source = tmp_path / "source.mp4"
    source.write_bytes(data)
    session = svc.upload_start(record=record, actor=world.o1, filename="v.mp4", size=len(data))
    client.force_login(world.o1)
    return record, data, source, session, client


def _resume_and_finish(client, session, data) -> dict:  # type: ignore[no-untyped-def]
    offset = client.get(f"{API}/{session.pk}").json()["offset"]
    body: dict = {}
    while True:
        r = patch(client, str(session.pk), offset, data[offset : offset + CHUNK])
        assert r.status_code == 200, r.content
        body = r.json()
        offset = body["offset"]
        if body["complete"]:
            return body


def test_r_1_3_18_killed_in_the_middle_of_a_chunk(world, setup, tmp_path) -> None:
    record, data, source, session, client = setup
    r = patch(client, str(session.pk), 0, data[:CHUNK])
    assert r.json()["offset"] == CHUNK
    _kill_at(
        "mid_chunk", session=session, actor=world.o1, source=source, offset=CHUNK, tmp_path=tmp_path
    )
    session.refresh_from_db()
    assert session.received == CHUNK  # the half-written chunk was never committed
    part = svc.staging_dir() / f"{session.pk}.part"
    assert part.stat().st_size > CHUNK  # … but its bytes are in the staging file
    assert not StoredFile.objects.exists() and not RecordFile.objects.exists()
    svc._hashers.clear()  # as after a restart
    body = _resume_and_finish(client, session, data)
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    _assert_no_row_points_to_a_bad_file()


def test_r_1_3_18_killed_while_moving_the_file_into_the_storage(
    world, setup, tmp_path, media
) -> None:
    record, data, source, session, client = setup
    patch(client, str(session.pk), 0, data[:CHUNK])
    patch(client, str(session.pk), CHUNK, data[CHUNK : 2 * CHUNK])
    _kill_at(
        "mid_place",
        session=session,
        actor=world.o1,
        source=source,
        offset=2 * CHUNK,
        tmp_path=tmp_path,
    )
    digest = hashlib.sha256(data).hexdigest()
    assert not StoredFile.objects.exists() and not RecordFile.objects.exists()
    assert not (media / storage.blob_name(digest)).exists()  # never a partial file at its name
    session.refresh_from_db()
    assert (session.status, session.received) == (UploadStatus.OPEN, len(data))
    svc._hashers.clear()
    body = _resume_and_finish(client, session, data)
    assert body["complete"] and body["sha256"] == digest
    assert (media / storage.blob_name(digest)).read_bytes() == data
    _assert_no_row_points_to_a_bad_file()


def test_r_1_3_18_killed_inside_the_finishing_transaction(world, setup, tmp_path, media) -> None:
    record, data, source, session, client = setup
    patch(client, str(session.pk), 0, data[:CHUNK])
    patch(client, str(session.pk), CHUNK, data[CHUNK : 2 * CHUNK])
    _kill_at(
        "in_transaction",
        session=session,
        actor=world.o1,
        source=source,
        offset=2 * CHUNK,
        tmp_path=tmp_path,
    )
    digest = hashlib.sha256(data).hexdigest()
    assert not RecordFile.objects.exists()  # rolled back with the dead process
    # the file was completely in place before its row; the row may or may not have committed
    assert (media / storage.blob_name(digest)).read_bytes() == data
    _assert_no_row_points_to_a_bad_file()
    session.refresh_from_db()
    assert (session.status, session.received) == (UploadStatus.OPEN, len(data))
    svc._hashers.clear()
    body = _resume_and_finish(client, session, data)
    assert body["complete"] and body["sha256"] == digest
    session.refresh_from_db()
    assert session.status == UploadStatus.COMPLETE
    assert RecordFile.objects.get(role="original").blob.sha256 == digest
    _assert_no_row_points_to_a_bad_file()

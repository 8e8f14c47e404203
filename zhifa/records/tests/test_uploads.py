"""Resumable uploads through the API (ADR 0012): chunks, resume from the server's offset, the
staging file cut back after a crash, checksums, limits, types, who may upload, duplicates,
and the clean-up of stale uploads. Small files, small chunks (set in settings)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from zhifa.core import clock
from zhifa.ledger.models import LedgerEntry
from zhifa.records.constants import FileRole, MediaKind, RecordStatus, UploadStatus
from zhifa.records.models import RecordFile, StoredFile, UploadSession
from zhifa.records.services import uploads as svc
from zhifa.records.tests.test_files import jpeg_with_exif, make_record

pytestmark = pytest.mark.django_db

API = "/api/v1/records/uploads"
CHUNK = 1024


@pytest.fixture(autouse=True)
def small_chunks(settings):  # type: ignore[no-untyped-def]
    settings.ZHIFA_UPLOAD_CHUNK_BYTES = CHUNK
    settings.ZHIFA_UPLOAD_MAX_BYTES = 64 * 1024
    svc._hashers.clear()


def video(n: int = 5000) -> bytes:
    """An MP4-looking file of n bytes."""
    return (b"\x00\x00\x00\x18ftypmp42" + os.urandom(n))[:n]


def start(client, record, data: bytes, **extra):  # type: ignore[no-untyped-def]
    body = {"record": record.pk, "filename": "执法记录仪.mp4", "size": len(data)}
    body.update(extra)
    return client.post(API, body, content_type="application/json")


def patch(client, upload_id: str, offset: int, chunk: bytes, **headers):  # type: ignore[no-untyped-def]
    headers = {"HTTP_UPLOAD_OFFSET": str(offset), **headers}
    return client.generic(
        "PATCH",
        f"{API}/{upload_id}",
        data=chunk,
        content_type="application/offset+octet-stream",
        **headers,
    )


def send_all(client, upload_id: str, data: bytes, offset: int = 0):  # type: ignore[no-untyped-def]
    response = None
    while offset < len(data):
        response = patch(client, upload_id, offset, data[offset : offset + CHUNK])
        assert response.status_code == 200, response.content
        offset = response.json()["offset"]
    return response


@pytest.fixture
def record(case, world):  # type: ignore[no-untyped-def]
    return make_record(case, world.o1, media=MediaKind.VIDEO)


@pytest.fixture
def o1(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.o1)
    return client


def test_r_1_3_13_upload_in_chunks_stores_the_file_and_the_record(o1, record, media) -> None:
    data = video(5000)
    r = start(o1, record, data, sha256=hashlib.sha256(data).hexdigest())
    assert r.status_code == 201
    body = r.json()
    assert (body["offset"], body["size"], body["chunk_size"]) == (0, 5000, CHUNK)
    last = send_all(o1, body["id"], data).json()
    assert last["complete"] is True and last["offset"] == 5000
    assert last["sha256"] == hashlib.sha256(data).hexdigest() and last["duplicate"] is False
    rf = RecordFile.objects.get(pk=last["record_file"])
    assert (media / rf.blob.name).read_bytes() == data
    assert rf.blob.content_type == "video/mp4" and rf.original_name == "执法记录仪.mp4"
    record.refresh_from_db()
    assert record.status == RecordStatus.STORED
    session = UploadSession.objects.get()
    assert session.status == UploadStatus.COMPLETE and session.result_id == rf.pk
    assert not any(Path(svc.staging_dir()).iterdir())  # staging cleaned
    actions = set(LedgerEntry.objects.values_list("action", flat=True))
    assert {
        "records.upload.started",
        "records.file.attached",
        "records.upload.completed",
    } <= actions


def test_interrupted_upload_resumes_from_the_server_offset(o1, record, media) -> None:
    data = video(4000)
    upload_id = start(o1, record, data).json()["id"]
    assert patch(o1, upload_id, 0, data[:CHUNK]).json()["offset"] == CHUNK
    # the connection dropped; the client lost track and sends the first chunk again
    r = patch(o1, upload_id, 0, data[:CHUNK])
    assert r.status_code == 409
    assert r.json()["code"] == "offset_mismatch" and r.json()["offset"] == CHUNK
    # or jumps ahead
    r = patch(o1, upload_id, 3 * CHUNK, data[3 * CHUNK :])
    assert (r.status_code, r.json()["offset"]) == (409, CHUNK)
    # after a reload the client asks where the server is …
    status = o1.get(f"{API}/{upload_id}")
    assert status.json()["offset"] == CHUNK and status["Upload-Offset"] == str(CHUNK)
    head = o1.head(f"{API}/{upload_id}")
    assert head.status_code == 200 and head["Upload-Offset"] == str(CHUNK)
    # … and continues from there, in another process (no hash in this one's cache)
    svc._hashers.clear()
    last = send_all(o1, upload_id, data, offset=CHUNK).json()
    assert last["complete"] and last["sha256"] == hashlib.sha256(data).hexdigest()
    assert (media / RecordFile.objects.get().blob.name).read_bytes() == data


def test_a_partly_received_chunk_is_kept_and_the_client_resumes_after_it(o1, record, world) -> None:
    """A poor network: the connection drops in the middle of a chunk. What arrived is kept."""
    data = video(3000)
    session = svc.upload_start(record=record, actor=world.o1, filename="v.mp4", size=len(data))
    pieces = iter([data[:300], b""])  # 300 of the 1024 announced bytes, then nothing
    result = svc.upload_append(
        session=session, actor=world.o1, offset=0, length=CHUNK, read=lambda n: next(pieces)
    )
    assert result.offset == 300
    last = send_all(o1, str(session.pk), data, offset=300).json()
    assert last["complete"] and last["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_staging_file_longer_than_received_is_cut_back(o1, record) -> None:
    """A crash between writing a chunk and committing ``received`` leaves extra bytes."""
    data = video(3000)
    upload_id = start(o1, record, data).json()["id"]
    patch(o1, upload_id, 0, data[:CHUNK])
    part = svc.staging_dir() / f"{upload_id}.part"
    with open(part, "ab") as fh:
        fh.write(b"GARBAGE-from-a-chunk-never-committed")
    svc._hashers.clear()  # the process that wrote it died
    last = send_all(o1, upload_id, data, offset=CHUNK).json()
    assert last["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_shorter_staging_file_moves_the_offset_back(o1, record) -> None:
    data = video(3000)
    upload_id = start(o1, record, data).json()["id"]
    send_all(o1, upload_id, data[: 2 * CHUNK])
    part = svc.staging_dir() / f"{upload_id}.part"
    os.truncate(part, 100)  # bytes lost on disk
    r = patch(o1, upload_id, 2 * CHUNK, data[2 * CHUNK :])
    assert (r.status_code, r.json()["offset"]) == (409, 100)
    svc._hashers.clear()
    last = send_all(o1, upload_id, data, offset=100).json()
    assert last["sha256"] == hashlib.sha256(data).hexdigest()


def test_wrong_sha256_resets_the_upload(o1, record) -> None:
    data = video(2000)
    upload_id = start(o1, record, data, sha256="0" * 64).json()["id"]
    patch(o1, upload_id, 0, data[:CHUNK])
    r = patch(o1, upload_id, CHUNK, data[CHUNK:])
    assert r.status_code == 422 and r.json()["code"] == "checksum_mismatch"
    assert UploadSession.objects.get().received == 0
    assert not StoredFile.objects.exists() and not RecordFile.objects.exists()
    assert o1.get(f"{API}/{upload_id}").json()["offset"] == 0


def test_client_sha256_must_be_hex(o1, record) -> None:
    r = start(o1, record, video(100), sha256="xyz")
    assert r.status_code == 400 and r.json()["field"] == "sha256"


def test_too_big_file_and_too_big_chunk_get_413_in_chinese(o1, record, settings) -> None:
    r = start(o1, record, b"", size=settings.ZHIFA_UPLOAD_MAX_BYTES + 1)
    assert r.status_code == 413 and r.json()["code"] == "too_large"
    assert "文件过大" in r.json()["message"]
    data = video(3000)
    upload_id = start(o1, record, data).json()["id"]
    r = patch(o1, upload_id, 0, data[: CHUNK + 1])
    assert r.status_code == 413 and r.json()["code"] == "chunk_too_large"
    # more than the declared size
    send_all(o1, upload_id, data[: 2 * CHUNK])
    r = patch(o1, upload_id, 2 * CHUNK, data[2 * CHUNK :] + b"extra")
    assert r.status_code == 413 and r.json()["code"] == "exceeds_size"


def test_empty_and_malformed_requests_are_4xx(o1, record) -> None:
    assert start(o1, record, b"").status_code == 400  # size 0
    r = o1.post(API, {"record": record.pk}, content_type="application/json")
    assert r.status_code == 422
    upload_id = start(o1, record, video(100)).json()["id"]
    r = o1.generic("PATCH", f"{API}/{upload_id}", data=b"x")
    assert r.status_code == 400 and r.json()["field"] == "Upload-Offset"
    r = patch(o1, upload_id, 0, b"x", HTTP_UPLOAD_OFFSET="abc")
    assert r.status_code == 400
    assert o1.get(f"{API}/not-a-uuid").status_code == 404


def test_refused_type_by_name_or_declared_type(o1, record) -> None:
    for name, ctype in (("a.exe", ""), ("page.html", ""), ("x.svg", ""), ("x.jpg", "text/html")):
        r = start(o1, record, video(100), filename=name, content_type=ctype)
        assert r.status_code == 415, name
        assert "不支持该文件类型" in r.json()["message"]


def test_refused_type_by_the_first_bytes_abandons_the_upload(o1, record) -> None:
    html = b"<!doctype html><html><body><script>alert(1)</script>" + b" " * 2000
    upload_id = start(o1, record, html, filename="video.mp4").json()["id"]
    r = patch(o1, upload_id, 0, html[:CHUNK])
    assert r.status_code == 415 and r.json()["code"] == "unsupported_type"
    assert UploadSession.objects.get().status == UploadStatus.ABANDONED
    assert not (svc.staging_dir() / f"{upload_id}.part").exists()
    assert patch(o1, upload_id, 0, html[:CHUNK]).status_code == 409  # closed


def test_refused_type_found_at_the_end_when_the_first_chunk_was_tiny(o1, record) -> None:
    data = b"MZ" + b"\0" * 500
    upload_id = start(o1, record, data, filename="photo.jpg").json()["id"]
    assert patch(o1, upload_id, 0, data[:4]).status_code == 200  # too little to tell
    r = patch(o1, upload_id, 4, data[4:])
    assert r.status_code == 415
    assert not StoredFile.objects.exists()


def test_others_cannot_start_or_touch_an_upload(client, record, world) -> None:
    data = video(2000)
    client.force_login(world.o1)
    upload_id = start(client, record, data).json()["id"]
    # an officer of another unit and a same-unit officer not on the case: the record is unseen
    for outsider in (world.people.officer_a, world.people.dept_officer):
        client.force_login(outsider)
        assert start(client, record, data).status_code == 404
        assert client.get(f"{API}/{upload_id}").status_code == 404
        assert patch(client, upload_id, 0, data[:CHUNK]).status_code == 404
        assert client.delete(f"{API}/{upload_id}").status_code == 404
    # named on the record (sees it) but not handling the case: may not add files
    record.officers.add(world.o3)
    client.force_login(world.o3)
    r = start(client, record, data)
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert client.get(f"{API}/{upload_id}").status_code == 404  # not their session
    # o2 handles the case too, but the session is o1's
    client.force_login(world.o2)
    assert patch(client, upload_id, 0, data[:CHUNK]).status_code == 404
    # the unit's head may look after it
    client.force_login(world.head)
    assert client.get(f"{API}/{upload_id}").status_code == 200
    client.logout()
    assert client.get(f"{API}/{upload_id}").status_code == 401
    assert UploadSession.objects.get().received == 0


def test_duplicate_upload_is_recognised_and_names_the_record_holding_it(
    o1, record, case, world
) -> None:
    data = video(2500)
    first = send_all(o1, start(o1, record, data).json()["id"], data).json()
    assert first["duplicate"] is False
    other = make_record(case, world.o1, media=MediaKind.VIDEO)
    second = send_all(o1, start(o1, other, data).json()["id"], data).json()
    assert second["duplicate"] is True
    assert second["duplicate_of"] == {"id": record.pk, "title": record.title}
    assert StoredFile.objects.count() == 1
    assert RecordFile.objects.filter(role=FileRole.ORIGINAL).count() == 2
    # the same file to the same record again adds nothing
    third = send_all(o1, start(o1, record, data).json()["id"], data).json()
    assert third["duplicate"] is True and third["record_file"] == first["record_file"]
    assert RecordFile.objects.filter(role=FileRole.ORIGINAL).count() == 2


def test_duplicate_in_a_record_the_user_cannot_see_is_not_named(o1, record, world) -> None:
    from zhifa.records.models import Record

    data = video(1500)
    send_all(o1, start(o1, record, data).json()["id"], data)
    mine = make_record(record.case, world.o1, media=MediaKind.VIDEO)
    # the first record becomes one o1 cannot see (registered by the head, no case)
    Record.objects.filter(pk=record.pk).update(case=None, created_by=world.head)
    second = send_all(o1, start(o1, mine, data).json()["id"], data).json()
    assert second["duplicate"] is True and second["duplicate_of"] is None


def test_photo_upload_keeps_exif_and_makes_a_preview(o1, record, media) -> None:
    data = jpeg_with_exif(size=(300, 200))
    upload_id = start(o1, record, data, filename="IMG_1.jpg").json()["id"]
    last = send_all(o1, upload_id, data).json()
    rf = RecordFile.objects.get(pk=last["record_file"])
    assert rf.taken_at is not None and rf.latitude is not None
    assert rf.derivatives.get().role == FileRole.PREVIEW
    assert (media / rf.blob.name).read_bytes() == data


def test_an_interrupted_finish_is_finished_by_an_empty_patch(
    o1, record, world, monkeypatch
) -> None:
    data = video(2000)
    upload_id = start(o1, record, data).json()["id"]
    patch(o1, upload_id, 0, data[:CHUNK])

    def boom(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the server went down while attaching")

    monkeypatch.setattr(svc, "record_file_attach", boom)
    with pytest.raises(RuntimeError):
        patch(o1, upload_id, CHUNK, data[CHUNK:])
    monkeypatch.undo()
    session = UploadSession.objects.get()
    assert (session.status, session.received) == (UploadStatus.OPEN, 2000)
    assert not RecordFile.objects.exists()
    # the file may already be in the storage: complete, and the staging file is still there
    r = patch(o1, upload_id, 2000, b"")
    assert r.status_code == 200, r.content
    assert r.json()["complete"] is True
    assert RecordFile.objects.get().blob.sha256 == hashlib.sha256(data).hexdigest()
    # and asking again is harmless
    again = patch(o1, upload_id, 2000, b"")
    assert again.status_code == 200 and again.json()["complete"] is True
    assert RecordFile.objects.count() == 1


def test_delete_abandons_and_removes_the_staging_file(o1, record) -> None:
    data = video(3000)
    upload_id = start(o1, record, data).json()["id"]
    patch(o1, upload_id, 0, data[:CHUNK])
    assert o1.delete(f"{API}/{upload_id}").status_code == 204
    assert UploadSession.objects.get().status == UploadStatus.ABANDONED
    assert not any(svc.staging_dir().iterdir())
    r = patch(o1, upload_id, CHUNK, data[CHUNK : 2 * CHUNK])
    assert r.status_code == 409 and r.json()["code"] == "upload_closed"
    assert LedgerEntry.objects.filter(action="records.upload.abandoned").count() == 1


def test_a_second_writer_on_the_same_upload_is_told_it_is_busy(record, world) -> None:
    session = svc.upload_start(record=record, actor=world.o1, filename="v.mp4", size=3000)
    with svc._session_lock(session.pk), pytest.raises(svc.UploadBusy):
        svc.upload_append(
            session=session, actor=world.o1, offset=0, length=10, read=lambda n: b"x" * n
        )


def test_stale_uploads_are_abandoned_after_7_days_and_stored_files_untouched(
    o1, record, world, media
) -> None:
    from zhifa.records.jobs import clean_stale_uploads

    done = video(1500)
    send_all(o1, start(o1, record, done).json()["id"], done)
    stored = RecordFile.objects.get()
    data = video(3000)
    old_id = start(o1, record, data).json()["id"]
    patch(o1, old_id, 0, data[:CHUNK])
    fresh_id = start(o1, record, data).json()["id"]
    leftover = svc.staging_dir() / f"{UploadSession.objects.get(status='complete').pk}.part"
    leftover.write_bytes(b"left by a process that died")
    UploadSession.objects.filter(pk=old_id).update(updated_at=clock.now() - dt.timedelta(days=8))
    assert clean_stale_uploads() == 1
    assert UploadSession.objects.get(pk=old_id).status == UploadStatus.ABANDONED
    assert UploadSession.objects.get(pk=fresh_id).status == UploadStatus.OPEN
    names = {p.name for p in svc.staging_dir().iterdir()}
    assert f"{old_id}.part" not in names and f"{fresh_id}.part" in names
    assert leftover.name not in names
    assert (media / stored.blob.name).read_bytes() == done


def test_upload_page_shows_the_widget_and_the_files(
    o1, record, django_assert_max_num_queries
) -> None:
    from django.urls import reverse

    for n in range(3):
        data = video(1200 + n)
        send_all(o1, start(o1, record, data, filename=f"v{n}.mp4").json()["id"], data)
    start(o1, record, video(3000), filename="半途.mp4")
    url = reverse("records:upload", args=[record.pk])
    with django_assert_max_num_queries(20):
        r = o1.get(url)
    html = r.content.decode()
    assert r.status_code == 200
    assert "data-uploader" in html and "records/uploader.js" in html
    assert 'accept="image/*,video/*,audio/*,application/pdf' in html
    assert "v2.mp4" in html and "半途.mp4" in html  # stored, and the unfinished upload
    assert "<script>" not in html.split("</head>")[1]  # no inline script (CSP)


def test_upload_page_query_count_does_not_grow_with_files(
    o1, record, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("records:upload", args=[record.pk])
    data = video(1100)
    send_all(o1, start(o1, record, data).json()["id"], data)
    with CaptureQueriesContext(connection) as few:
        o1.get(url)
    for n in range(4):
        data = video(1300 + n)
        send_all(o1, start(o1, record, data).json()["id"], data)
    with CaptureQueriesContext(connection) as many:
        o1.get(url)
    assert len(many) == len(few)


def test_upload_status_of_a_completed_upload(o1, record) -> None:
    data = video(1200)
    upload_id = start(o1, record, data).json()["id"]
    send_all(o1, upload_id, data)
    body = o1.get(f"{API}/{upload_id}").json()
    assert body["complete"] is True and body["status"] == "complete"
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert json.loads(json.dumps(body))  # plain JSON

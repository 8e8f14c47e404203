"""Files of a record: allowed kinds by their bytes, EXIF time and place of photos, previews
beside untouched originals, and the record stored when its first original is attached
(R-1.3-13, R-1.3-18). Also the plain upload form (no JavaScript)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zhifa.core import clock
from zhifa.ledger.models import LedgerEntry
from zhifa.records import storage
from zhifa.records.constants import FileRole, MediaKind, RecordForm, RecordStage, RecordStatus
from zhifa.records.models import Record, RecordFile, StoredFile
from zhifa.records.services import files

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")


def make_record(case, user, *, form=RecordForm.AUDIO_VIDEO, media=MediaKind.PHOTO) -> Record:  # type: ignore[no-untyped-def]
    """A record of the case (registered directly: the registering service is not under test)."""
    return Record.objects.create(
        organisation=case.organisation,
        case=case,
        stage=RecordStage.INVESTIGATION,
        form=form,
        media=media,
        title="现场检查照片",
        retain_until=dt.date(2056, 1, 1),
        created_by=user,
        created_at=clock.now(),
    )


def jpeg_with_exif(
    *, size: tuple[int, int] = (2000, 1000), gps: bool = True, orientation: int = 1
) -> bytes:
    """A JPEG whose EXIF says when (2025-03-04 09:15:30, no offset) and where (N 35.1234°,
    E 110.5678° — 临猗县) it was taken."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x0132] = "2025:03:05 10:00:00"
    exif.get_ifd(0x8769)[0x9003] = "2025:03:04 09:15:30"
    if gps:
        g = exif.get_ifd(0x8825)
        g[1] = "N"
        g[2] = (35.0, 7.0, 24.24)  # 35°7'24.24" = 35.123400
        g[3] = "E"
        g[4] = (110.0, 34.0, 4.08)  # 110°34'4.08" = 110.567800
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=70)
    return out.getvalue()


def _stage(tmp_path: Path, data: bytes, name: str = "x.part") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_r_1_3_18_photo_exif_time_and_place_kept_and_preview_beside_the_untouched_original(
    tmp_path, media, case, world
) -> None:
    data = jpeg_with_exif(orientation=6)  # rotated 90°: the preview is turned upright
    digest = hashlib.sha256(data).hexdigest()
    record = make_record(case, world.o1)
    blob = storage.blob_store_path(_stage(tmp_path, data), content_type="image/jpeg")
    rf = files.record_file_attach(
        record=record, blob=blob, original_name="IMG_0001.jpg", actor=world.o1
    )
    assert rf.role == FileRole.ORIGINAL
    assert rf.taken_at == dt.datetime(2025, 3, 4, 9, 15, 30, tzinfo=SH)
    assert (rf.latitude, rf.longitude) == (Decimal("35.123400"), Decimal("110.567800"))
    # the original's bytes are exactly those uploaded
    assert hashlib.sha256((media / rf.blob.name).read_bytes()).hexdigest() == digest
    preview = RecordFile.objects.get(role=FileRole.PREVIEW)
    assert preview.derived_from_id == rf.pk and preview.blob_id != blob.pk
    with Image.open(media / preview.blob.name) as im:
        assert im.format == "JPEG"
        assert im.size == (640, 1280)  # 2000×1000 turned upright and fitted into 1280 px
    entry = LedgerEntry.objects.filter(action="records.file.attached").get()
    payload = json.loads(entry.payload)
    assert payload["sha256"] == digest and payload["name"] == "IMG_0001.jpg"


def test_exif_time_with_offset_and_southern_western_gps() -> None:
    image = Image.new("RGB", (10, 10))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2025:01:02 03:04:05"
    exif.get_ifd(0x8769)[0x9011] = "+00:00"
    g = exif.get_ifd(0x8825)
    g[1], g[2], g[3], g[4] = "S", (10.0, 30.0, 0.0), "W", (20.0, 15.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    facts = files.photo_facts(Image.open(io.BytesIO(out.getvalue())))
    assert facts.taken_at == dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert (facts.latitude, facts.longitude) == (Decimal("-10.500000"), Decimal("-20.250000"))


def test_photo_without_exif_has_no_time_or_place(tmp_path, media, case, world) -> None:
    out = io.BytesIO()
    Image.new("RGB", (50, 40)).save(out, "PNG")
    blob = storage.blob_store_path(_stage(tmp_path, out.getvalue()), content_type="image/png")
    rf = files.record_file_attach(
        record=make_record(case, world.o1), blob=blob, original_name="a.png", actor=world.o1
    )
    assert (rf.taken_at, rf.latitude, rf.longitude) == (None, None, None)
    assert RecordFile.objects.filter(role=FileRole.PREVIEW, derived_from=rf).exists()


def test_a_photo_pillow_cannot_read_is_still_stored_without_preview(
    tmp_path, media, case, world
) -> None:
    data = b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 100
    blob = storage.blob_store_path(_stage(tmp_path, data), content_type="image/jpeg")
    rf = files.record_file_attach(
        record=make_record(case, world.o1), blob=blob, original_name="bad.jpg", actor=world.o1
    )
    assert rf.blob.sha256 == hashlib.sha256(data).hexdigest()
    assert not RecordFile.objects.filter(role=FileRole.PREVIEW).exists()


def test_decompression_bomb_gets_no_preview(tmp_path, media, case, world, monkeypatch) -> None:
    monkeypatch.setattr(files, "PREVIEW_MAX_PIXELS", 100 * 100)
    out = io.BytesIO()
    Image.new("RGB", (200, 200)).save(out, "PNG")
    blob = storage.blob_store_path(_stage(tmp_path, out.getvalue()), content_type="image/png")
    files.record_file_attach(
        record=make_record(case, world.o1), blob=blob, original_name="big.png", actor=world.o1
    )
    assert not RecordFile.objects.filter(role=FileRole.PREVIEW).exists()


def test_r_1_3_13_first_original_marks_the_av_record_stored_and_fulfils_the_time_limit(
    tmp_path, media, case, world
) -> None:
    from zhifa.deadlines.models import Obligation
    from zhifa.deadlines.services import obligation_open

    record = make_record(case, world.o1, media=MediaKind.VIDEO)
    obligation_open(
        rule_id="R-1.3-13",
        subject=record,
        organisation=record.organisation,
        start_at=clock.now(),
    )
    blob = storage.blob_store_path(_stage(tmp_path, b"\x00\x00\x00\x18ftypmp42" + b"\0" * 500))
    files.record_file_attach(record=record, blob=blob, original_name="v.mp4", actor=world.o1)
    record.refresh_from_db()
    assert record.status == RecordStatus.STORED and record.stored_at is not None
    assert Obligation.objects.get(rule_id="R-1.3-13").fulfilled_at is not None


def test_attaching_the_same_bytes_twice_to_a_record_adds_nothing(
    tmp_path, media, case, world
) -> None:
    record = make_record(case, world.o1, media=MediaKind.DOCUMENT)
    data = b"%PDF-1.4\n" + os.urandom(300)
    blob = storage.blob_store_path(_stage(tmp_path, data))
    a = files.record_file_attach(record=record, blob=blob, original_name="a.pdf", actor=world.o1)
    b = files.record_file_attach(record=record, blob=blob, original_name="b.pdf", actor=world.o1)
    assert a.pk == b.pk and RecordFile.objects.count() == 1


# --- what may be uploaded ------------------------------------------------------------------


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"\xff\xd8\xff\xe0" + b"\0" * 40, "p.jpg", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "p.png", "image/png"),
        (b"\x00\x00\x00\x18ftypheic" + b"\0" * 40, "IMG.HEIC", "image/heic"),
        (b"\x00\x00\x00\x18ftypisom" + b"\0" * 40, "v.mp4", "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  " + b"\0" * 40, "v.mov", "video/quicktime"),
        (b"RIFF\0\0\0\0AVI LIST" + b"\0" * 40, "v.avi", "video/x-msvideo"),
        (b"ID3\x03\0" + b"\0" * 40, "a.mp3", "audio/mpeg"),
        (b"#!AMR\n" + b"\0" * 40, "a.amr", "audio/amr"),
        (b"RIFF\0\0\0\0WAVEfmt " + b"\0" * 40, "a.wav", "audio/wav"),
        (b"%PDF-1.7\n" + b"\0" * 40, "x.pdf", "application/pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40, "x.doc", "application/msword"),
        (None, "x.docx", files.OFFICE_EXTENSIONS["docx"]),
    ],
)
def test_allowed_kinds_are_recognised_by_their_bytes(data, name, expected) -> None:
    data = data if data is not None else _docx()
    assert files.file_kind_check(io.BytesIO(data), filename=name).content_type == expected


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00" + b"\0" * 60, "evidence.jpg"),  # an executable named as a photo
        (b"<!DOCTYPE html><html><script>alert(1)</script>", "page.pdf"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "x.png"),
        (b"\x7fELF\x02\x01\x01" + b"\0" * 40, "v.mp4"),
        (b"%PDF-1.7\n", "x.html"),  # a forbidden extension even with allowed bytes
        (b"PK\x03\x04" + b"\0" * 60, "x.docx"),  # a zip that is no office document
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40, "x.msi"),
        (b"just some text in a file...", "notes.txt"),
    ],
)
def test_refused_kinds_say_why(data, name) -> None:
    with pytest.raises(files.UnsupportedFileType) as exc:
        files.file_kind_check(io.BytesIO(data), filename=name)
    assert exc.value.status_code == 415 and "不支持" in exc.value.message


def test_clean_filename_drops_paths_and_control_characters() -> None:
    assert files.clean_filename("C:\\Users\\x\\现场.jpg") == "现场.jpg"
    assert files.clean_filename("../../etc/passwd") == "passwd"
    assert files.clean_filename("a\x00b\nc.mp4") == "abc.mp4"
    assert files.clean_filename("...") == "未命名文件"
    long = files.clean_filename("很" * 300 + ".mp4")
    assert len(long) == files.FILENAME_MAX and long.endswith(".mp4")


# --- the plain form (no JavaScript) ---------------------------------------------------------


def test_plain_form_stores_a_photo_and_says_so(client, media, case, world) -> None:
    record = make_record(case, world.o1)
    client.force_login(world.o1)
    data = jpeg_with_exif(size=(40, 30))
    response = client.post(
        reverse("records:upload_form", args=[record.pk]),
        {"file": SimpleUploadedFile("现场.jpg", data, content_type="image/jpeg")},
        follow=True,
    )
    assert response.status_code == 200
    assert "现场.jpg：已存储。" in response.content.decode()
    rf = RecordFile.objects.get(record=record, role=FileRole.ORIGINAL)
    assert rf.blob.sha256 == hashlib.sha256(data).hexdigest()
    assert rf.taken_at is not None
    # the same file again is recognised
    response = client.post(
        reverse("records:upload_form", args=[record.pk]),
        {"file": SimpleUploadedFile("again.jpg", data, content_type="image/jpeg")},
        follow=True,
    )
    assert "内容相同" in response.content.decode()
    assert StoredFile.objects.filter(sha256=rf.blob.sha256).count() == 1


def test_plain_form_big_file_goes_through_a_temporary_file(
    client, media, case, world, settings
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # force Django's TemporaryFileUploadHandler
    record = make_record(case, world.o1, media=MediaKind.DOCUMENT)
    client.force_login(world.o1)
    data = b"%PDF-1.4\n" + os.urandom(20_000)
    response = client.post(
        reverse("records:upload_form", args=[record.pk]),
        {"file": SimpleUploadedFile("询问笔录.pdf", data, content_type="application/pdf")},
    )
    assert response.status_code == 302
    assert RecordFile.objects.get(record=record).blob.size == len(data)


def test_plain_form_refuses_bad_type_with_a_chinese_message(client, media, case, world) -> None:
    record = make_record(case, world.o1)
    client.force_login(world.o1)
    response = client.post(
        reverse("records:upload_form", args=[record.pk]),
        {"file": SimpleUploadedFile("x.jpg", b"<html><script>1</script></html>")},
    )
    assert response.status_code == 400
    assert "不支持该文件类型" in response.content.decode()
    assert not RecordFile.objects.exists() and not StoredFile.objects.exists()
    response = client.post(reverse("records:upload_form", args=[record.pk]), {})
    assert response.status_code == 400 and "请选择要上传的文件" in response.content.decode()


def test_plain_form_refuses_users_outside_the_case(client, media, case, world) -> None:
    record = make_record(case, world.o1)
    record.officers.add(
        world.o3
    )  # o3 may see the record (named on it) but does not handle the case
    url = reverse("records:upload_form", args=[record.pk])
    client.force_login(world.o3)
    response = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 403
    for outsider in (world.people.officer_a, world.people.dept_officer):  # other unit; not on case
        client.force_login(outsider)
        response = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
        assert response.status_code == 404
        assert client.get(reverse("records:upload", args=[record.pk])).status_code == 404
    assert not RecordFile.objects.exists()

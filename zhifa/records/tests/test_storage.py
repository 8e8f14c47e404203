"""The content-addressed storage of record files (R-1.3-18: originals are kept as they came;
reading verifies the hash). ADR 0012."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from zhifa.ledger.models import LedgerEntry
from zhifa.records import storage
from zhifa.records.constants import CheckSource
from zhifa.records.models import FileCheck, StoredFile

pytestmark = pytest.mark.django_db


def _staged(tmp_path: Path, data: bytes, name: str = "staged.part") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _on_disk(media: Path, blob: StoredFile) -> Path:
    return media / blob.name


def _alter(path: Path, data: bytes) -> None:
    """Someone changes the file behind the application's back."""
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(data)


def test_r_1_3_18_store_moves_the_file_under_its_sha256(tmp_path, media) -> None:
    data = b"\xff\xd8\xff" + os.urandom(5000)
    digest = hashlib.sha256(data).hexdigest()
    src = _staged(tmp_path, data)
    blob = storage.blob_store_path(src, content_type="image/jpeg")
    assert blob.sha256 == digest
    assert blob.name == f"records/{digest[:2]}/{digest[2:4]}/{digest}"
    assert blob.size == len(data) and blob.content_type == "image/jpeg"
    assert _on_disk(media, blob).read_bytes() == data
    assert not src.exists()  # moved, not copied
    # read-only: the original is not to be modified
    assert not os.stat(_on_disk(media, blob)).st_mode & stat.S_IWUSR
    # nothing left half-written beside it
    assert [p.name for p in _on_disk(media, blob).parent.iterdir()] == [digest]


def test_store_of_the_same_bytes_reuses_the_row_and_file(tmp_path, media) -> None:
    data = os.urandom(3000)
    first = storage.blob_store_path(_staged(tmp_path, data, "a"))
    second = storage.blob_store_path(_staged(tmp_path, data, "b"))
    assert first.pk == second.pk
    assert StoredFile.objects.count() == 1


def test_keep_source_links_and_leaves_the_source(tmp_path, media) -> None:
    data = os.urandom(4096)
    src = _staged(tmp_path, data)
    blob = storage.blob_store_path(src, sha256=hashlib.sha256(data).hexdigest(), keep_source=True)
    assert src.read_bytes() == data
    assert _on_disk(media, blob).read_bytes() == data


def test_a_torn_or_altered_file_at_the_name_is_replaced_by_the_right_bytes(tmp_path, media) -> None:
    data = os.urandom(2048)
    blob = storage.blob_store_path(_staged(tmp_path, data, "a"))
    _alter(_on_disk(media, blob), data[:100])  # e.g. a copy cut short
    again = storage.blob_store_path(_staged(tmp_path, data, "b"))
    assert again.pk == blob.pk
    assert _on_disk(media, blob).read_bytes() == data


def test_blob_check_names_the_problem(tmp_path, media) -> None:
    data = os.urandom(2048)
    blob = storage.blob_store_path(_staged(tmp_path, data))
    assert storage.blob_check(blob) == (True, "")
    path = _on_disk(media, blob)
    _alter(path, bytes([data[0] ^ 1]) + data[1:])  # same size, one bit flipped
    assert storage.blob_check(blob) == (False, "altered")
    _alter(path, data + b"x")
    assert storage.blob_check(blob) == (False, "size")
    path.unlink()
    assert storage.blob_check(blob) == (False, "missing")
    assert FileCheck.objects.count() == 0  # no side effects


def test_r_1_3_18_open_verified_returns_the_file_at_zero(tmp_path, media, world) -> None:
    data = os.urandom(3 * 1024 * 1024 + 7)  # more than the 1 MiB buffer
    blob = storage.blob_store_path(_staged(tmp_path, data))
    with storage.blob_open_verified(blob, actor=world.o1) as fh:
        assert fh.read() == data
    assert FileCheck.objects.count() == 0


@pytest.mark.parametrize("problem", ["altered", "size", "missing"])
def test_r_1_3_18_altered_file_is_caught_on_read_with_a_check_and_a_ledger_entry(
    tmp_path, media, world, problem
) -> None:
    data = os.urandom(4096)
    blob = storage.blob_store_path(_staged(tmp_path, data))
    path = _on_disk(media, blob)
    if problem == "altered":
        _alter(path, data[::-1])
    elif problem == "size":
        _alter(path, data[:-1])
    else:
        path.unlink()
    before = LedgerEntry.objects.count()
    with pytest.raises(storage.BlobIntegrityError) as exc:
        storage.blob_open_verified(blob, actor=world.o1)
    assert exc.value.code == "file_integrity" and exc.value.status_code == 409
    check = FileCheck.objects.get()
    assert (check.blob_id, check.ok, check.problem, check.source, check.checked_by_id) == (
        blob.pk,
        False,
        problem,
        CheckSource.READ,
        world.o1.pk,
    )
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert LedgerEntry.objects.count() == before + 1
    assert entry is not None and entry.action == "records.file.integrity_failed"


def test_integrity_error_is_a_domain_error_the_api_answers_with_409() -> None:
    from zhifa.core.errors import DomainError

    err = storage.BlobIntegrityError()
    assert isinstance(err, DomainError)
    assert err.as_dict()["code"] == "file_integrity"

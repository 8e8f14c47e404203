"""Content-addressed storage of record files (R-1.3-18: originals are never modified).

Every file is stored once under its SHA-256 through Django's default storage, at
``records/ab/cd/<sha256>`` (:data:`~zhifa.records.constants.STORAGE_PREFIX`). The
:class:`~zhifa.records.models.StoredFile` row is created only once the file is completely in
place, so a row never points to a missing or partial file (ADR 0012):

- on a local disk (``FileSystemStorage``) the finished staging file is fsynced and renamed into
  place (``os.replace``, atomic on one file system); the final name therefore only ever holds a
  complete file. When asked to keep the source (resumable uploads keep their staging file until
  the database commits), the file is hard-linked into place instead — same inode, no copy — or,
  where links are impossible, copied to a temporary name, fsynced and renamed;
- on other storages (object stores) the file is streamed with ``storage.save`` and read back and
  hashed before the row is written.

A crash between placing the file and committing the row leaves a file without a row: harmless
(same bytes, same name — the next store of those bytes reuses it).

Reading verifies: :func:`blob_open_verified` checks size and SHA-256 (streaming, constant
memory) before handing the file out, and records a failing :class:`FileCheck` and a ledger entry
when the bytes on disk are not those stored. :func:`blob_check` does the same check without side
effects for the verify command. Memory never grows with the file size: 1 MiB buffers throughout.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import transaction

from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.records.constants import STORAGE_PREFIX, CheckSource
from zhifa.records.models import FileCheck, StoredFile

if TYPE_CHECKING:
    from zhifa.accounts.models import User

BUFFER = 1024 * 1024  # 1 MiB: the memory a hash or a copy needs, whatever the file size


class BlobIntegrityError(DomainError):
    """A stored file is missing or its bytes are not those stored (R-1.3-18)."""

    status_code = 409

    def __init__(
        self,
        message: str = "文件校验未通过：存储的文件已缺失或被改动，已记录并报告，请联系系统管理员。",
        *,
        code: str = "file_integrity",
        problem: str = "",
    ) -> None:
        super().__init__(message, code=code)
        self.problem = problem


def blob_name(sha256: str) -> str:
    """Where the bytes with this SHA-256 live in the storage."""
    return f"{STORAGE_PREFIX}/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


def sha256_file(fh: Readable) -> tuple[str, int]:
    """(hex digest, size) of an open file read from its current position, 1 MiB at a time."""
    h = hashlib.sha256()
    size = 0
    while chunk := fh.read(BUFFER):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def sha256_path(path: Path) -> tuple[str, int]:
    with open(path, "rb") as fh:
        return sha256_file(fh)


def _storage() -> Storage:
    return default_storage


def _local_path(storage: Storage, name: str) -> Path | None:
    if isinstance(storage, FileSystemStorage):
        return Path(storage.path(name))
    return None


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems cannot open a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _matches(storage: Storage, name: str, *, size: int, sha256: str) -> bool:
    """Whether the storage holds exactly these bytes at ``name`` (size first, then the hash)."""
    try:
        if storage.size(name) != size:
            return False
        with storage.open(name, "rb") as fh:
            return sha256_file(fh)[0] == sha256
    except (FileNotFoundError, OSError):
        return False


def _place_local(source: Path, final: Path, *, size: int, sha256: str, keep_source: bool) -> None:
    """Put ``source`` at ``final`` so that ``final`` only ever names the complete file."""
    final.parent.mkdir(parents=True, exist_ok=True)
    _fsync_path(source)  # the bytes are on disk before any name points to them
    tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
    try:
        if keep_source:
            try:
                os.link(source, tmp)
            except OSError:  # no hard links here (or another file system): copy and check
                with open(source, "rb") as src, open(tmp, "wb") as dst:
                    h = hashlib.sha256()
                    while chunk := src.read(BUFFER):
                        h.update(chunk)
                        dst.write(chunk)
                    dst.flush()
                    os.fsync(dst.fileno())
                if h.hexdigest() != sha256:
                    raise BlobIntegrityError(
                        "文件在存储过程中发生变化，请重新上传。", code="file_changed"
                    ) from None
            os.replace(tmp, final)
        else:
            os.replace(source, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    # Originals are never modified (R-1.3-18): read-only for everyone.
    with contextlib.suppress(OSError):
        os.chmod(final, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    _fsync_dir(final.parent)


def _place_remote(storage: Storage, source: Path, name: str, *, size: int, sha256: str) -> None:
    """Stream ``source`` to an object store and read it back before anything points to it."""
    with open(source, "rb") as fh:
        saved = storage.save(name, File(fh, name=Path(name).name))
    if saved != name:
        # Another process stored the same bytes at the same moment: keep the canonical name.
        with contextlib.suppress(OSError):
            storage.delete(saved)
    if not _matches(storage, name, size=size, sha256=sha256):
        raise BlobIntegrityError("文件写入存储后校验未通过，请重新上传。", code="file_store_failed")


def blob_store_path(
    path: Path,
    *,
    content_type: str = "",
    sha256: str | None = None,
    keep_source: bool = False,
) -> StoredFile:
    """Store the file at ``path`` under its SHA-256 and return its :class:`StoredFile` row.

    The file is hashed streaming (unless ``sha256`` is given: computed while it was received), put
    completely in place first, and only then is the row got or created — an existing row (the
    same bytes stored before: a duplicate) is reused. If the storage already holds the name but
    the bytes there do not match (a torn or altered file), they are replaced by these, which are
    the right ones. ``keep_source``: leave ``path`` where it is (the caller removes it once its
    transaction commits); otherwise the source is moved away or removed.
    """
    path = Path(path)
    size = path.stat().st_size
    if sha256 is None:
        sha256, size = sha256_path(path)
    storage = _storage()
    name = blob_name(sha256)
    if not _matches(storage, name, size=size, sha256=sha256):
        final = _local_path(storage, name)
        if final is not None:
            _place_local(path, final, size=size, sha256=sha256, keep_source=keep_source)
        else:
            with contextlib.suppress(OSError):
                if storage.exists(name):
                    storage.delete(name)
            _place_remote(storage, path, name, size=size, sha256=sha256)
    if not keep_source:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    blob, _created = StoredFile.objects.get_or_create(
        sha256=sha256,
        defaults={
            "name": name,
            "size": size,
            "content_type": content_type[:100],
            "created_at": clock.now(),
        },
    )
    return blob


def blob_check(blob: StoredFile) -> tuple[bool, str]:
    """Whether the stored file is there with its size and SHA-256: ``(ok, problem)`` where problem
    is ``""``, ``"missing"``, ``"size"`` or ``"altered"``. No side effects (the verify command)."""
    storage = _storage()
    try:
        if not storage.exists(blob.name):
            return False, "missing"
        if storage.size(blob.name) != blob.size:
            return False, "size"
        with storage.open(blob.name, "rb") as fh:
            digest, size = sha256_file(fh)
    except FileNotFoundError:
        return False, "missing"
    if size != blob.size:
        return False, "size"
    if digest != blob.sha256:
        return False, "altered"
    return True, ""


PROBLEM_TEXT = {
    "missing": "文件缺失",
    "size": "文件大小与存储时不一致",
    "altered": "文件内容与存储时的 SHA-256 不一致",
}


def _record_failure(blob: StoredFile, *, actor: User | None, problem: str) -> None:
    from zhifa.ledger.services import ledger_append

    with transaction.atomic():
        at = clock.now()
        FileCheck.objects.create(
            blob=blob,
            source=CheckSource.READ,
            ok=False,
            problem=problem,
            checked_at=at,
            checked_by=actor if actor is not None and actor.is_authenticated else None,
        )
        ledger_append(
            actor=actor,
            action="records.file.integrity_failed",
            subject=blob,
            payload={"sha256": blob.sha256, "name": blob.name, "problem": problem},
        )


def blob_open_verified(blob: StoredFile, *, actor: User | None) -> BinaryIO:
    """The stored file opened for reading at position 0, after its size and SHA-256 were checked
    against the row (streaming, constant memory). On a mismatch a failing :class:`FileCheck`
    (source READ) and a ledger entry are written and :class:`BlobIntegrityError` (409) is raised.
    Call it outside a transaction (as the file view does): inside one, the failure record commits
    or rolls back with the caller's transaction."""
    storage = _storage()
    problem = ""
    fh: BinaryIO | None = None
    try:
        fh = storage.open(blob.name, "rb")  # type: ignore[assignment]
        assert fh is not None  # noqa: S101 — for mypy
        digest, size = sha256_file(fh)
        if size != blob.size:
            problem = "size"
        elif digest != blob.sha256:
            problem = "altered"
    except FileNotFoundError:
        problem = "missing"
    if problem:
        if fh is not None:
            fh.close()
        _record_failure(blob, actor=actor, problem=problem)
        raise BlobIntegrityError(problem=problem)
    assert fh is not None  # noqa: S101
    fh.seek(0)
    return fh


def blob_open(blob: StoredFile) -> BinaryIO:
    """The stored file opened for reading without a check (internal use: previews, EXIF, right
    after the bytes were stored and checked)."""
    return _storage().open(blob.name, "rb")  # type: ignore[return-value]


def copy_stream(src: BinaryIO, dst: BinaryIO) -> int:
    """Copy in 1 MiB pieces; returns the number of bytes."""
    total = 0
    while chunk := src.read(BUFFER):
        dst.write(chunk)
        total += len(chunk)
    return total


__all__ = [
    "BUFFER",
    "BlobIntegrityError",
    "blob_check",
    "blob_name",
    "blob_open",
    "blob_open_verified",
    "blob_store_path",
    "copy_stream",
    "sha256_file",
    "sha256_path",
]

"""Resumable uploads of record files (a tus-like protocol; ADR 0012).

A phone in the field on a poor network sends a video of several GB in chunks; a chunk that did
not arrive is sent again from the offset the server reports, after a reload too.

1. :func:`upload_start` — a session for one file of one record: who may add files
   (``can_add_records``), the size (≤ ``ZHIFA_UPLOAD_MAX_BYTES``), the name and declared type.
2. :func:`upload_append` — one chunk at the session's offset, read from the request stream in
   1 MiB pieces and appended to ``ZHIFA_UPLOAD_DIR/<id>.part``; fsynced, then ``received`` is
   committed. A wrong offset is answered with the server's offset (409) so the client resumes
   there. A staging file longer than ``received`` (a crash between the write and the commit) is
   truncated back to it first; a shorter one (lost bytes) moves the offset back.
3. When ``received == size`` the upload is finalised (:func:`upload_finish`): the SHA-256 —
   computed while the chunks streamed in, kept per (session, offset) in a small process-local
   cache; after a restart or in another process it is computed from the staging file in one
   streaming pass — is compared with the client's, the bytes are checked to be an allowed kind,
   the file is put in place in the storage (``storage.blob_store_path``: completely, before any
   row points to it), and in one transaction the :class:`StoredFile`, the :class:`RecordFile`
   (``record_file_attach``) and the completed session are committed. Only then is the staging
   file removed. Killing the process at any moment leaves either no row or a complete file.

One writer per session at a time: an exclusive, non-blocking ``flock`` on ``<id>.lock``; a
second request for the same session while one is writing gets 409 ``upload_busy``. No database
transaction is held while bytes come over the network (SQLite has one writer lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.ledger.services import ledger_append
from zhifa.records import storage
from zhifa.records.constants import FileRole, UploadStatus
from zhifa.records.models import Record, RecordFile, StoredFile, UploadSession
from zhifa.records.selectors import record_list_for_user
from zhifa.records.services.files import (
    UnsupportedFileType,
    clean_filename,
    declared_type_check,
    file_kind_check,
    head_kind_check,
    record_file_attach,
)

if TYPE_CHECKING:
    from zhifa.accounts.models import User

READ_PIECE = 1024 * 1024
SHA256_RE_LEN = 64


# --- errors (API status codes) ------------------------------------------------------------


class UploadTooLarge(DomainError):
    status_code = 413

    def __init__(
        self, message: str, *, code: str = "too_large", field: str | None = "size"
    ) -> None:
        super().__init__(message, code=code, field=field)


class OffsetMismatch(DomainError):
    """The client sent a chunk for another offset than the server's: resume from ``offset``."""

    status_code = 409

    def __init__(self, offset: int) -> None:
        super().__init__(
            f"上传位置不一致：服务器已收到 {offset} 字节，请从该位置继续上传。",
            code="offset_mismatch",
            field="offset",
        )
        self.offset = offset

    def as_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return {**super().as_dict(), "offset": self.offset}


class UploadBusy(DomainError):
    status_code = 409

    def __init__(self) -> None:
        super().__init__("该文件正在由另一个请求上传，请稍后重试。", code="upload_busy", field=None)


class ChecksumMismatch(DomainError):
    status_code = 422

    def __init__(self) -> None:
        super().__init__(
            "文件校验值（SHA-256）与客户端计算的不一致，传输中数据已损坏，请重新上传。",
            code="checksum_mismatch",
            field="sha256",
        )


class UploadNotFound(DomainError):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("上传任务不存在或无权访问。", code="not_found")


class UploadClosed(DomainError):
    status_code = 409

    def __init__(self, status: str) -> None:
        text = "已完成" if status == UploadStatus.COMPLETE else "已放弃"
        super().__init__(f"该上传任务{text}，不能再上传数据。", code="upload_closed")


# --- the hash cache ------------------------------------------------------------------------

_CACHE_SIZE = 64
_hashers: OrderedDict[tuple[str, int], Any] = OrderedDict()
_hashers_lock = threading.Lock()


def _hasher_take(upload_id: uuid.UUID, offset: int) -> Any | None:
    """The running SHA-256 of the first ``offset`` bytes of this upload, if this process has it
    (taken out of the cache: it is put back under the new offset once the chunk is committed)."""
    if offset == 0:
        return hashlib.sha256()
    with _hashers_lock:
        return _hashers.pop((str(upload_id), offset), None)


def _hasher_put(upload_id: uuid.UUID, offset: int, hasher: Any) -> None:
    with _hashers_lock:
        _hashers[(str(upload_id), offset)] = hasher
        while len(_hashers) > _CACHE_SIZE:
            _hashers.popitem(last=False)


def _hasher_forget(upload_id: uuid.UUID) -> None:
    with _hashers_lock:
        for key in [k for k in _hashers if k[0] == str(upload_id)]:
            del _hashers[key]


# --- staging files -------------------------------------------------------------------------


def staging_dir() -> Path:
    root = Path(settings.ZHIFA_UPLOAD_DIR)
    root.mkdir(parents=True, exist_ok=True)
    return root


def staging_path(session: UploadSession) -> Path:
    return staging_dir() / f"{session.pk}.part"


def _lock_path(session_id: uuid.UUID) -> Path:
    return staging_dir() / f"{session_id}.lock"


@contextlib.contextmanager
def _session_lock(session_id: uuid.UUID) -> Iterator[None]:
    """One writer per session across threads and processes (flock; released if the process
    dies)."""
    fd = os.open(_lock_path(session_id), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UploadBusy() from None
        yield
    finally:
        os.close(fd)


def _remove_staging(session_id: uuid.UUID) -> None:
    for suffix in (".part", ".lock"):
        with contextlib.suppress(FileNotFoundError):
            (staging_dir() / f"{session_id}{suffix}").unlink()


# --- permission and lookup -----------------------------------------------------------------


def upload_get_for_user(*, user: User, upload_id: uuid.UUID | str) -> UploadSession:
    """The session if ``user`` created it or is a head of its unit; else :class:`UploadNotFound`
    (never say it exists)."""
    from zhifa.cases.services.common import is_head_of

    try:
        pk = uuid.UUID(str(upload_id))
    except ValueError:
        raise UploadNotFound() from None
    session = (
        UploadSession.objects.select_related("record", "organisation", "result")
        .filter(pk=pk)
        .first()
    )
    if session is None or not (user.is_authenticated and user.is_active):
        raise UploadNotFound()
    if session.created_by_id != user.pk and not is_head_of(user, session.organisation):
        raise UploadNotFound()
    return session


# --- the protocol --------------------------------------------------------------------------


@transaction.atomic
def upload_start(
    *,
    record: Record,
    actor: User,
    filename: str,
    size: int,
    content_type: str = "",
    sha256: str = "",
) -> UploadSession:
    """Open a resumable upload of one file of ``record`` (who may: ``can_add_records``)."""
    from zhifa.records.services.records import can_add_records

    if not can_add_records(actor, record):
        raise PermissionDenied("只有案件的承办人员和本单位负责人可以为该记录上传文件。")
    max_bytes = int(settings.ZHIFA_UPLOAD_MAX_BYTES)
    if size <= 0:
        raise DomainError("文件是空的，请选择有内容的文件。", code="empty_file", field="size")
    if size > max_bytes:
        raise UploadTooLarge(
            f"文件过大：单个文件不能超过 {_human(max_bytes)}，该文件为 {_human(size)}。"
        )
    name = clean_filename(filename)
    declared_type_check(filename=name, content_type=content_type)
    sha256 = (sha256 or "").strip().lower()
    if sha256 and (
        len(sha256) != SHA256_RE_LEN or any(c not in "0123456789abcdef" for c in sha256)
    ):
        raise DomainError("SHA-256 应为 64 位十六进制数。", code="invalid", field="sha256")
    now = clock.now()
    session = UploadSession.objects.create(
        organisation=record.organisation,
        record=record,
        filename=name,
        content_type=(content_type or "")[:100],
        size=size,
        expected_sha256=sha256,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    staging_path(session).touch()
    ledger_append(
        actor=actor,
        action="records.upload.started",
        subject=session,
        payload={"record": record.pk, "filename": name, "size": size, "sha256": sha256 or None},
    )
    return session


@dataclass
class UploadResult:
    session: UploadSession
    offset: int
    complete: bool = False
    record_file: RecordFile | None = None
    sha256: str = ""
    duplicate: bool = False
    duplicate_of: Record | None = None  # another record holding the same bytes, if visible

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.session.pk),
            "offset": self.offset,
            "size": self.session.size,
            "complete": self.complete,
        }
        if self.complete:
            data.update(
                record_file=self.record_file.pk if self.record_file else None,
                sha256=self.sha256,
                duplicate=self.duplicate,
                duplicate_of=(
                    {"id": self.duplicate_of.pk, "title": self.duplicate_of.title}
                    if self.duplicate_of is not None
                    else None
                ),
            )
        return data


def _reconcile(session: UploadSession, part: Path) -> int:
    """Bring the staging file and ``received`` into agreement (called under the session lock):
    a longer file (a crash after writing, before committing) is cut back; a shorter or missing
    one moves the offset back. Returns the offset to continue from."""
    try:
        on_disk = part.stat().st_size
    except FileNotFoundError:
        part.touch()
        on_disk = 0
    if on_disk > session.received:
        if part.stat().st_nlink > 1:  # linked into the storage: never cut the original
            _fresh_staging(part)
            on_disk = 0
        else:
            os.truncate(part, session.received)
            return session.received
    if on_disk < session.received:
        UploadSession.objects.filter(pk=session.pk).update(received=on_disk)
        _hasher_forget(session.pk)
        session.received = on_disk
    return session.received


def upload_append(
    *,
    session: UploadSession,
    actor: User,
    offset: int,
    length: int | None,
    read: Callable[[int], bytes],
    sha256: str = "",
) -> UploadResult:
    """Append one chunk (``length`` bytes, read with ``read(n)``) at ``offset``; finalise when the
    last byte is in. ``length`` 0 at the end of a complete but unfinished upload (a crash during
    the finish) finishes it."""
    if session.status != UploadStatus.OPEN:
        if session.status == UploadStatus.COMPLETE:
            return _completed_result(session, actor)
        raise UploadClosed(session.status)
    if length is None and offset == session.size:
        length = 0  # an empty request that only asks to finish
    if length is None:
        raise DomainError(
            "请求缺少 Content-Length，无法确定数据块大小。", code="length_required", field=None
        )
    chunk_max = int(settings.ZHIFA_UPLOAD_CHUNK_BYTES)
    if length > chunk_max:
        raise UploadTooLarge(
            f"数据块过大：每块不能超过 {_human(chunk_max)}。", code="chunk_too_large", field=None
        )
    with _session_lock(session.pk):
        session.refresh_from_db()
        if session.status != UploadStatus.OPEN:
            if session.status == UploadStatus.COMPLETE:
                return _completed_result(session, actor)
            raise UploadClosed(session.status)
        part = staging_path(session)
        current = _reconcile(session, part)
        if offset != current:
            raise OffsetMismatch(current)
        if current + length > session.size:
            raise UploadTooLarge(
                "数据超出了开始上传时声明的文件大小。", code="exceeds_size", field=None
            )
        if length:
            try:
                written = _write_chunk(session, part, read=read, length=length, offset=current)
            except UnsupportedFileType:
                _abandon(session, actor=actor, reason="unsupported_type")
                raise
            now = clock.now()
            # Optimistic: the row moves only from the offset this chunk started at.
            UploadSession.objects.filter(
                pk=session.pk, received=current, status=UploadStatus.OPEN
            ).update(received=current + written, updated_at=now)
            session.received = current + written
        if session.received < session.size:
            return UploadResult(session=session, offset=session.received)
        return _finish_locked(session, actor=actor, client_sha256=sha256)


def _write_chunk(
    session: UploadSession, part: Path, *, read: Callable[[int], bytes], length: int, offset: int
) -> int:
    """Stream the chunk into the staging file, hashing as it goes; fsync before returning.
    The first bytes of the file are checked to be of an allowed kind before anything is kept."""
    hasher = _hasher_take(session.pk, offset)
    written = 0
    with open(part, "r+b") as fh:
        fh.seek(offset)
        while written < length:
            piece = read(min(READ_PIECE, length - written))
            if not piece:  # the client went away: keep what arrived
                break
            if offset == 0 and written == 0:
                head_kind_check(piece[:64], filename=session.filename)
            fh.write(piece)
            if hasher is not None:
                hasher.update(piece)
            written += len(piece)
        fh.flush()
        os.fsync(fh.fileno())
    if hasher is not None:
        _hasher_put(session.pk, offset + written, hasher)
    return written


def upload_finish(*, session: UploadSession, actor: User) -> UploadResult:
    """Finish a complete upload whose finish was interrupted (the same as an empty last chunk)."""
    return upload_append(
        session=session, actor=actor, offset=session.received, length=0, read=lambda n: b""
    )


def _fresh_staging(part: Path) -> None:
    """An empty staging file. Never truncated in place: once finished, the staging file may be
    a hard link to the stored original, whose bytes must not change (R-1.3-18)."""
    with contextlib.suppress(FileNotFoundError):
        part.unlink()
    part.touch()


def _reset(session: UploadSession, part: Path) -> None:
    _fresh_staging(part)
    _hasher_forget(session.pk)
    UploadSession.objects.filter(pk=session.pk).update(received=0, updated_at=clock.now())
    session.received = 0


def _finish_locked(session: UploadSession, *, actor: User, client_sha256: str) -> UploadResult:
    """All bytes are in (under the session lock): check, store, attach — see the module doc."""
    part = staging_path(session)
    hasher = _hasher_take(session.pk, session.size)
    if hasher is not None and part.stat().st_size == session.size:
        digest = hasher.hexdigest()
    else:
        digest, size = storage.sha256_path(part)  # another process received the chunks
        if size != session.size:  # cannot happen after _reconcile; be safe
            _reset(session, part)
            raise OffsetMismatch(0)
    expected = (client_sha256 or session.expected_sha256 or "").strip().lower()
    if expected and expected != digest:
        _reset(session, part)
        raise ChecksumMismatch()
    try:
        with open(part, "rb") as fh:
            kind = file_kind_check(fh, filename=session.filename)
    except UnsupportedFileType:
        _abandon(session, actor=actor, reason="unsupported_type")
        raise
    existing = StoredFile.objects.filter(sha256=digest, uses__role=FileRole.ORIGINAL).first()
    # The file is completely in place before any row points to it; the staging file stays
    # until the rows are committed (a crash here only leaves a file without a row).
    blob = storage.blob_store_path(
        part, content_type=kind.content_type, sha256=digest, keep_source=True
    )
    record = session.record
    with transaction.atomic():
        locked = UploadSession.objects.select_for_update().get(pk=session.pk)
        if locked.status != UploadStatus.OPEN:
            raise UploadClosed(locked.status)
        same_record = (
            existing is not None
            and RecordFile.objects.filter(
                record=record, blob=existing, role=FileRole.ORIGINAL
            ).exists()
        )
        rf = record_file_attach(
            record=record,
            blob=blob,
            original_name=session.filename,
            actor=actor,
            is_photo=kind.is_photo,
        )
        now = clock.now()
        UploadSession.objects.filter(pk=session.pk).update(
            status=UploadStatus.COMPLETE,
            result=rf,
            received=session.size,
            content_type=kind.content_type,
            updated_at=now,
        )
        ledger_append(
            actor=actor,
            action="records.upload.completed",
            subject=session,
            payload={
                "record": record.pk,
                "record_file": rf.pk,
                "sha256": digest,
                "size": session.size,
                "duplicate": existing is not None,
                "already_on_record": same_record,
            },
        )
    # Finished: the lock file goes too (a later request re-reads the status under its own lock).
    _remove_staging(session.pk)
    _hasher_forget(session.pk)
    session.refresh_from_db()
    return UploadResult(
        session=session,
        offset=session.size,
        complete=True,
        record_file=rf,
        sha256=digest,
        duplicate=existing is not None,
        duplicate_of=(
            record
            if same_record
            else _visible_holder(existing, actor=actor, record=record)
            if existing is not None
            else None
        ),
    )


def _remove_staging_part(session_id: uuid.UUID) -> None:
    with contextlib.suppress(FileNotFoundError):
        (staging_dir() / f"{session_id}.part").unlink()


def _visible_holder(blob: StoredFile, *, actor: User, record: Record) -> Record | None:
    """Another record holding these bytes as an original that ``actor`` may see (the first)."""
    ids = RecordFile.objects.filter(blob=blob, role=FileRole.ORIGINAL).values("record_id")
    return (
        record_list_for_user(user=actor)
        .filter(pk__in=ids)
        .exclude(pk=record.pk)
        .order_by("created_at", "id")
        .first()
    )


def _completed_result(session: UploadSession, actor: User) -> UploadResult:
    rf = session.result
    blob = rf.blob if rf is not None else None
    return UploadResult(
        session=session,
        offset=session.size,
        complete=True,
        record_file=rf,
        sha256=blob.sha256 if blob is not None else "",
        duplicate=False,
    )


def _abandon(session: UploadSession, *, actor: User | None, reason: str) -> None:
    with transaction.atomic():
        updated = UploadSession.objects.filter(pk=session.pk, status=UploadStatus.OPEN).update(
            status=UploadStatus.ABANDONED, updated_at=clock.now()
        )
        if updated:
            ledger_append(
                actor=actor,
                action="records.upload.abandoned",
                subject=session,
                payload={"record": session.record_id, "reason": reason},
            )
    session.status = UploadStatus.ABANDONED
    _remove_staging_part(session.pk)
    _hasher_forget(session.pk)


def upload_abandon(*, session: UploadSession, actor: User) -> UploadSession:
    """The user gives the upload up: the session is ABANDONED and its staging file removed."""
    if session.status == UploadStatus.COMPLETE:
        raise UploadClosed(session.status)
    with _session_lock(session.pk):
        _abandon(session, actor=actor, reason="cancelled")
    _remove_staging(session.pk)
    return session


def upload_status(session: UploadSession) -> UploadResult:
    """Where the upload stands (the offset to continue from)."""
    if session.status == UploadStatus.COMPLETE:
        return _completed_result(session, session.created_by)
    return UploadResult(session=session, offset=session.received)


def uploads_clean_stale(*, days: int = 7) -> int:
    """Staging files of open sessions untouched for ``days`` days: the session is ABANDONED and
    its staging file removed; leftovers of finished sessions and files of no session are removed
    too. Never touches the storage. Returns the number of sessions abandoned."""
    from datetime import timedelta

    cutoff = clock.now() - timedelta(days=days)  # housekeeping, not a legal period
    abandoned = 0
    for session in UploadSession.objects.filter(status=UploadStatus.OPEN, updated_at__lt=cutoff):
        try:
            with _session_lock(session.pk):
                _abandon(session, actor=None, reason="stale")
        except UploadBusy:
            continue
        _remove_staging(session.pk)
        abandoned += 1
    root = staging_dir()
    open_ids = {
        str(pk)
        for pk in UploadSession.objects.filter(status=UploadStatus.OPEN).values_list(
            "pk", flat=True
        )
    }
    for path in root.iterdir():
        if path.name.startswith("preview-"):  # a preview being made when a process died
            if path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
            continue
        stem = path.name.split(".", 1)[0]
        if path.suffix not in (".part", ".lock") or stem in open_ids:
            continue
        try:
            uuid.UUID(stem)
        except ValueError:
            continue
        # A finished or abandoned session's leftover (the process died before removing it), or
        # an old file of no session at all.
        if UploadSession.objects.filter(pk=stem).exists() or (
            path.stat().st_mtime < cutoff.timestamp()
        ):
            path.unlink(missing_ok=True)
    return abandoned


def _human(n: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= factor:
            value = n / factor
            return f"{value:.1f} {unit}".replace(".0 ", " ")
    return f"{n} 字节"

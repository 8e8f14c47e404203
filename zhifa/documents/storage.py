"""Content-addressed files: every file is stored under its SHA-256, through Django's storage.

:func:`blob_put` writes the bytes (or finds them already there), reads them back and checks the
hash before returning the name, so a row is only ever pointed at a complete file. Call it
*before* the transaction that creates the row: if the transaction then fails, the file is left
without a row, which is harmless (same content, same name; the next write reuses it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage

from zhifa.documents.constants import STORAGE_PREFIX


class BlobIntegrityError(Exception):
    """A stored file does not match its SHA-256."""


@dataclass(frozen=True)
class StoredBlob:
    name: str
    sha256: str
    size: int


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_name(sha256: str, extension: str) -> str:
    return f"{STORAGE_PREFIX}/{sha256[:2]}/{sha256[2:4]}/{sha256}.{extension}"


def _read(storage: Storage, name: str) -> bytes:
    with storage.open(name, "rb") as fh:
        return fh.read()


def blob_put(data: bytes, *, extension: str, storage: Storage | None = None) -> StoredBlob:
    """Store ``data`` under its SHA-256 and return where; verified by reading it back."""
    storage = storage or default_storage
    digest = sha256_hex(data)
    name = blob_name(digest, extension)
    if storage.exists(name):
        if sha256_hex(_read(storage, name)) == digest:
            return StoredBlob(name=name, sha256=digest, size=len(data))
        # A torn earlier write (crash mid-copy): replace it.
        storage.delete(name)
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        # Another process wrote the same content at the same moment; keep the canonical file.
        if storage.exists(name) and sha256_hex(_read(storage, name)) == digest:
            storage.delete(saved)
        else:
            raise BlobIntegrityError(f"could not store {name}: storage chose {saved}")
    if sha256_hex(_read(storage, name)) != digest:
        raise BlobIntegrityError(f"{name} does not match its SHA-256 after writing")
    return StoredBlob(name=name, sha256=digest, size=len(data))


def blob_get(name: str, *, sha256: str, storage: Storage | None = None) -> bytes:
    """The bytes of a stored file, checked against the SHA-256 recorded for it."""
    data = _read(storage or default_storage, name)
    if sha256_hex(data) != sha256:
        raise BlobIntegrityError(f"{name} does not match its recorded SHA-256")
    return data

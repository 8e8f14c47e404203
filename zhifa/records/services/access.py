"""Every access to a record's content is a ledger entry (R-1.3-17, R-1.3-18), and who may take a
record's original out of the unit (R-1.3-16).

- :func:`record_access_log` — ``records.record.<what>`` with the record, file and SHA-256, for
  every view, playback, download, export and party viewing session.
- :func:`may_download_original` — inside the record's unit (or a unit above it) the original may
  be downloaded by whoever may see the record; from outside the unit (e.g. the Justice Bureau's
  supervisors, who may play back every unit's records) a download is a release and needs an
  approved release (see :mod:`zhifa.records.services.releases`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.ledger.models import LedgerEntry
from zhifa.ledger.services import ledger_append
from zhifa.records.constants import MediaKind
from zhifa.records.models import Record, RecordFile

# What an access is called in the ledger: records.record.<what>.
ACCESS_KINDS = {
    "viewed": "查看",
    "played": "播放",
    "downloaded": "下载",
    "exported": "导出",
    "shown": "当事人查阅",
}
# Ledger actions that are accesses (for the access history of a record).
ACCESS_ACTIONS = tuple(f"records.record.{what}" for what in ACCESS_KINDS)
PLAYED_MEDIA = (MediaKind.AUDIO, MediaKind.VIDEO)


def access_kind_for(record: Record, *, download: bool) -> str:
    """``downloaded`` for a download; ``played`` for audio/video; ``viewed`` otherwise."""
    if download:
        return "downloaded"
    return "played" if record.media in PLAYED_MEDIA else "viewed"


@transaction.atomic
def record_access_log(
    *,
    record: Record,
    actor: User | None,
    what: str,
    record_file: RecordFile | None = None,
    extra: dict[str, Any] | None = None,
) -> LedgerEntry:
    """R-1.3-17, R-1.3-18: log one access to ``record`` (and its ``record_file``) in the ledger
    as ``records.record.<what>`` — viewed / played / downloaded / exported / shown."""
    if what not in ACCESS_KINDS:
        raise ValueError(f"unknown record access {what!r}; one of {sorted(ACCESS_KINDS)}")
    payload: dict[str, Any] = {"record": record.pk, "organisation": record.organisation_id}
    if record_file is not None:
        payload["file"] = record_file.pk
        payload["name"] = record_file.original_name
        payload["sha256"] = record_file.blob.sha256
    if extra:
        payload.update(extra)
    return ledger_append(
        actor=actor, action=f"records.record.{what}", subject=record, payload=payload
    )


def is_inside_unit(user: User, record: Record) -> bool:
    """``user`` belongs to the record's unit or a unit above it."""
    own = getattr(user, "organisation", None)
    return bool(
        user.is_authenticated
        and user.is_active
        and own is not None
        and record.organisation.path.startswith(own.path)
    )


def may_download_original(user: User, record: Record) -> bool:
    """R-1.3-16: the original leaves the unit only with an approved release; inside the unit
    (and the units above it) whoever may see the record may download it. The caller has
    already scoped the record to ``user`` (``record_get_for_user``)."""
    return is_inside_unit(user, record)

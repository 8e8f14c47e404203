"""Release of full-process records (R-1.3-16, R-1.3-18): nothing leaves the unit, is exported or
published, and no party sees the records about them, without the approval of the unit's head.

- :func:`release_request` — someone who may see the records asks (kind EXTERNAL, EXPORT, PUBLISH
  or PARTY_ACCESS); for a party's request the officer registers who asked and that their ID
  document was checked (only a keyed hash and the last four characters of the number are kept,
  in the ledger).
- :func:`release_decide` — a head of the unit (or a unit above) approves or refuses; never their
  own request, never on a case they handle. An approval of EXTERNAL, EXPORT or PARTY_ACCESS is
  valid for :data:`VALID_DAYS` calendar days (an administrative validity, not a legal time limit).
- :func:`release_export_stream` — the ZIP of an approved, unexpired EXPORT/EXTERNAL release for
  its requester: the originals (each hashed while written; a mismatch aborts the download and is
  recorded), ``manifest.json`` and ``清单.csv`` (name, SHA-256, size, record, approval number and
  date). Every export is logged per record (``records.record.exported``).
- :func:`release_use` — the officer records the party's viewing session of an approved
  PARTY_ACCESS release (``records.record.shown`` per record).
- A PUBLISH approval only marks the records as approved for publication
  (:func:`records_approved_for_publication`); the publication module publishes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.accounts.models import User
from zhifa.cases.constants import Capacity
from zhifa.cases.models import Case
from zhifa.cases.services.common import is_handler, is_head_of, require_no_conflict
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.inbox.services import inbox_send_to_role
from zhifa.ledger.services import ledger_append
from zhifa.records.constants import FileRole, ReleaseKind, ReleaseStatus
from zhifa.records.models import Record, RecordFile, ReleaseRequest
from zhifa.records.selectors import record_list_for_user
from zhifa.records.services.access import record_access_log

# An approval of a release is valid for this many calendar days (not a legal time limit).
VALID_DAYS = 30
EXPORT_KINDS = (ReleaseKind.EXPORT, ReleaseKind.EXTERNAL)
EXPIRING_KINDS = (*EXPORT_KINDS, ReleaseKind.PARTY_ACCESS)
ID_KINDS = {
    "resident_id": "居民身份证",
    "passport": "护照",
    "hk_macao_taiwan": "港澳台居民往来内地通行证或居住证",
    "business_licence": "营业执照（单位申请）",
    "other": "其他有效证件",
}


def valid_days() -> int:
    return int(getattr(settings, "ZHIFA_RECORD_RELEASE_VALID_DAYS", VALID_DAYS))


def approval_number(release: ReleaseRequest) -> str:
    """The approval's number as printed on exports: 记录审批〔year〕pk号."""
    year = clock.local(release.decided_at).year if release.decided_at else clock.today().year
    return f"记录审批〔{year}〕{release.pk}号"


def id_fingerprint(id_number: str) -> dict[str, str]:
    """What is kept of an ID document number: a keyed hash (to match a later presentation) and
    the last four characters — never the number in clear."""
    number = "".join(id_number.split()).upper()
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"records.party_id:{number}".encode(), hashlib.sha256
    ).hexdigest()
    return {"id_hmac": digest, "id_last4": number[-4:]}


# --- scope -----------------------------------------------------------------------------------


def release_scope_q(user: User) -> Q:
    """Releases ``user`` may see: their own requests; those of the units they head (and below);
    every release for the Justice Bureau's supervisors."""
    from zhifa.accounts.constants import Role

    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.has_role(Role.SUPERVISOR):
        return Q()
    q = Q(requested_by=user)
    if user.organisation is not None and user.has_role(Role.UNIT_HEAD):
        q |= Q(organisation__path__startswith=user.organisation.path)
    return q


def release_list_for_user(*, user: User) -> QuerySet[ReleaseRequest]:
    return (
        ReleaseRequest.objects.filter(release_scope_q(user))
        .select_related("organisation", "case", "requested_by", "decided_by")
        .order_by("-requested_at", "-id")
    )


def release_get_for_user(*, user: User, release_id: int | None) -> ReleaseRequest | None:
    if release_id is None:
        return None
    return release_list_for_user(user=user).filter(pk=release_id).first()


def release_queue_for_head(*, user: User) -> QuerySet[ReleaseRequest]:
    """Pending requests the head may decide: their units', not their own."""
    if not user.is_authenticated or user.organisation is None:
        return ReleaseRequest.objects.none()
    from zhifa.accounts.constants import Role

    if not user.has_role(Role.UNIT_HEAD):
        return ReleaseRequest.objects.none()
    return (
        ReleaseRequest.objects.filter(
            status=ReleaseStatus.PENDING, organisation__path__startswith=user.organisation.path
        )
        .exclude(requested_by=user)
        .select_related("organisation", "case", "requested_by")
        .order_by("requested_at", "id")
    )


def releases_for_record(*, record: Record) -> QuerySet[ReleaseRequest]:
    return (
        record.releases.all()
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-id")
    )


def records_approved_for_publication() -> QuerySet[Record]:
    """R-1.3-16: records whose publication the head approved (the publication module uses it)."""
    return Record.objects.filter(
        releases__kind=ReleaseKind.PUBLISH, releases__status=ReleaseStatus.APPROVED
    ).distinct()


def can_decide(user: User, release: ReleaseRequest) -> bool:
    try:
        _require_decider(user, release)
    except DomainError:
        return False
    return release.status == ReleaseStatus.PENDING


def is_usable(release: ReleaseRequest, *, at: dt.datetime | None = None) -> bool:
    return release.status == ReleaseStatus.APPROVED and (
        release.valid_until is None or release.valid_until > (at or clock.now())
    )


# --- writes ----------------------------------------------------------------------------------


def _text(value: str | None, *, field: str, what: str, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请填写{what}。", code="required", field=field)
    if max_length is not None and len(text) > max_length:
        raise DomainError(f"{what}不能超过 {max_length} 个字。", code="too_long", field=field)
    return text


@transaction.atomic
def release_request(
    *,
    actor: User,
    kind: str,
    recipient: str,
    purpose: str,
    records: Iterable[Record] | None = None,
    case: Case | None = None,
    party_id_checked: bool = False,
    id_kind: str = "",
    id_number: str = "",
) -> ReleaseRequest:
    """R-1.3-16: ask the unit's head to approve a release of ``records`` (or of every record of
    ``case`` the actor may see). Only someone who may see every one of the records may ask."""
    if kind not in ReleaseKind.values:
        raise DomainError("请选择申请事项。", code="invalid_kind", field="kind")
    recipient = _text(
        recipient,
        field="recipient",
        what="当事人姓名（名称）" if kind == ReleaseKind.PARTY_ACCESS else "提供对象",
        max_length=200,
    )
    purpose = _text(purpose, field="purpose", what="用途或申请理由")
    visible = record_list_for_user(user=actor)
    if case is not None:
        chosen = list(visible.filter(case=case).select_related("organisation"))
    else:
        ids = [r.pk for r in records or []]
        chosen = list(visible.filter(pk__in=ids).select_related("organisation"))
        if len(chosen) != len(set(ids)):
            raise PermissionDenied("您无权查看其中的部分记录，不能为其申请。", code="not_visible")
    if not chosen:
        raise DomainError("没有可以申请的记录。", code="no_records", field="records")
    orgs = {r.organisation_id for r in chosen}
    if len(orgs) != 1:
        raise DomainError(
            "一次申请只能包含同一执法单位的记录（由该单位负责人审批）。", code="several_units"
        )
    case_ids = {r.case_id for r in chosen}
    the_case = case
    if the_case is None and len(case_ids) == 1:
        only = next(iter(case_ids))
        the_case = Case.objects.get(pk=only) if only is not None else None
    payload: dict[str, Any] = {
        "kind": kind,
        "recipient": recipient,
        "records": sorted(r.pk for r in chosen),
    }
    if kind == ReleaseKind.PARTY_ACCESS:
        if not party_id_checked:
            raise DomainError(
                "当事人申请查阅，须先核验申请人的身份证件。",
                code="id_not_checked",
                field="party_id_checked",
            )
        if id_kind not in ID_KINDS:
            raise DomainError("请选择核验的证件类型。", code="required", field="id_kind")
        number = "".join((id_number or "").split())
        if len(number) < 6:
            raise DomainError(
                "请填写核验的证件号码（不以明文保存）。", code="required", field="id_number"
            )
        payload.update({"id_checked": True, "id_kind": id_kind, **id_fingerprint(number)})
    release = ReleaseRequest.objects.create(
        organisation=chosen[0].organisation,
        case=the_case,
        kind=kind,
        recipient=recipient,
        purpose=purpose,
        requested_by=actor,
        requested_at=clock.now(),
    )
    release.records.set(chosen)
    ledger_append(actor=actor, action="records.release.requested", subject=release, payload=payload)
    inbox_send_to_role(
        organisation=release.organisation,
        role=Role.UNIT_HEAD,
        exclude=[actor],
        title=f"待审批：执法记录{release.get_kind_display()}申请（{recipient}）",
        body=purpose,
        url=reverse("records:release_detail", args=[release.pk]),
    )
    return release


def _require_decider(user: User, release: ReleaseRequest) -> None:
    if not is_head_of(user, release.organisation):
        raise PermissionDenied(
            "只有该执法单位的负责人可以审批记录的提供、导出、公开和查阅。", code="not_head"
        )
    if release.requested_by_id == user.pk:
        raise PermissionDenied("不能审批自己提出的申请，请由其他负责人审批。", code="own_work")
    if release.case is not None:
        if is_handler(release.case, user):
            raise PermissionDenied(
                "您是本案的承办人员，不能审批本案记录的提供，请由其他负责人审批。", code="own_work"
            )
        require_no_conflict(release.case, user, Capacity.APPROVER)


@transaction.atomic
def release_decide(
    *, release: ReleaseRequest, actor: User, approve: bool, note: str = ""
) -> ReleaseRequest:
    """R-1.3-16: the head approves (valid for :data:`VALID_DAYS` days) or refuses (with a
    reason). Never their own request or a case they handle."""
    release = ReleaseRequest.objects.select_for_update().get(pk=release.pk)
    _require_decider(actor, release)
    if release.status != ReleaseStatus.PENDING:
        raise TransitionNotAllowed("该申请已经审批，不能重复审批。", code="already_decided")
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError("不予批准的，请写明理由。", code="required", field="note")
    at = clock.now()
    release.status = ReleaseStatus.APPROVED if approve else ReleaseStatus.REJECTED
    release.decided_by = actor
    release.decided_at = at
    release.decision_note = note
    if approve and release.kind in EXPIRING_KINDS:
        release.valid_until = at + dt.timedelta(days=valid_days())  # calendar days by design
    release.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "valid_until"]
    )
    ledger_append(
        actor=actor,
        action=f"records.release.{'approved' if approve else 'rejected'}",
        subject=release,
        payload={
            "kind": release.kind,
            "number": approval_number(release) if approve else "",
            "valid_until": release.valid_until,
            "note": note,
        },
    )
    return release


def require_usable(release: ReleaseRequest, *, actor: User, kinds: tuple[str, ...]) -> None:
    """R-1.3-16, R-1.3-18: the release is of one of ``kinds``, approved, unexpired, and
    ``actor`` is the one who asked for it; else PermissionDenied (403) saying why."""
    if release.kind not in kinds:
        raise PermissionDenied(
            f"该申请的事项是“{release.get_kind_display()}”，不能这样使用。", code="wrong_kind"
        )
    if release.status == ReleaseStatus.PENDING:
        raise PermissionDenied("该申请尚未经负责人批准。", code="not_approved")
    if release.status != ReleaseStatus.APPROVED:
        raise PermissionDenied("该申请未获负责人批准。", code="not_approved")
    if release.valid_until is not None and release.valid_until <= clock.now():
        raise PermissionDenied(
            f"批准已于 {clock.local(release.valid_until):%Y-%m-%d %H:%M} 过期，请重新申请。",
            code="expired",
        )
    if release.requested_by_id != actor.pk:
        raise PermissionDenied("只有提出申请的人员可以使用该批准。", code="not_requester")


def export_files(release: ReleaseRequest) -> list[RecordFile]:
    return list(
        RecordFile.objects.filter(record__in=release.records.all(), role=FileRole.ORIGINAL)
        .select_related("record", "blob")
        .order_by("record_id", "id")
    )


@transaction.atomic
def release_export_log(*, release: ReleaseRequest, actor: User) -> list[RecordFile]:
    """R-1.3-16/18: check the release may be used for an export by ``actor`` and log the export
    (``records.release.exported``, and ``records.record.exported`` per record file) before the
    ZIP streams. Returns the original files to put in it."""
    release = ReleaseRequest.objects.select_related("organisation").get(pk=release.pk)
    require_usable(release, actor=actor, kinds=EXPORT_KINDS)
    files = export_files(release)
    if not files:
        raise DomainError("所选记录还没有存储的原始文件，无可导出。", code="no_files")
    number = approval_number(release)
    for rf in files:
        record_access_log(
            record=rf.record,
            actor=actor,
            what="exported",
            record_file=rf,
            extra={"release": release.pk, "approval": number},
        )
    ledger_append(
        actor=actor,
        action="records.release.exported",
        subject=release,
        payload={"files": [rf.pk for rf in files], "approval": number},
    )
    return files


class _Sink:
    """A write-only, unseekable buffer the ZIP is written into and drained from in pieces."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = bytes(self.buffer)
        self.buffer.clear()
        return data


@dataclass(frozen=True)
class ManifestRow:
    path: str
    sha256: str
    size: int
    record: int
    record_title: str
    original_name: str


def _member_name(rf: RecordFile, used: set[str]) -> str:
    safe = "".join(c for c in rf.original_name if c not in '/\\:*?"<>|\x00') or f"file-{rf.pk}"
    name = f"{rf.record_id}/{safe}"
    if name in used:
        name = f"{rf.record_id}/{rf.pk}-{safe}"
    used.add(name)
    return name


def release_export_stream(
    *, release: ReleaseRequest, files: list[RecordFile], actor: User
) -> Iterator[bytes]:
    """The ZIP of the export, in pieces (constant memory). Each original is read unverified and
    hashed while written; a mismatch is checked again through ``blob_open_verified`` (which
    records the failure and raises), so an altered file aborts the download instead of being
    handed out. The manifest lists what was verified."""
    from zhifa.records import storage

    sink = _Sink()
    rows: list[ManifestRow] = []
    used: set[str] = set()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:  # type: ignore[call-overload]
        for rf in files:
            name = _member_name(rf, used)
            info = zipfile.ZipInfo(name, date_time=clock.local(rf.uploaded_at).timetuple()[:6])
            info.file_size = rf.blob.size
            digest = hashlib.sha256()
            size = 0
            with storage.blob_open(rf.blob) as src, zf.open(info, "w") as dst:
                while chunk := src.read(storage.BUFFER):
                    digest.update(chunk)
                    size += len(chunk)
                    dst.write(chunk)
                    if len(sink.buffer) >= storage.BUFFER:
                        yield sink.drain()
            if digest.hexdigest() != rf.blob.sha256 or size != rf.blob.size:
                storage.blob_open_verified(rf.blob, actor=actor).close()  # records and raises
                raise storage.BlobIntegrityError()
            rows.append(
                ManifestRow(
                    name, digest.hexdigest(), size, rf.record_id, rf.record.title, rf.original_name
                )
            )
            yield sink.drain()
        approval: dict[str, Any] = {
            "number": approval_number(release),
            "date": clock.local(release.decided_at).date().isoformat()
            if release.decided_at
            else None,
            "kind": release.kind,
            "recipient": release.recipient,
            "approved_by": release.decided_by.full_name if release.decided_by else "",
            "valid_until": clock.local(release.valid_until).isoformat()
            if release.valid_until
            else None,
        }
        manifest = {
            "approval": approval,
            "organisation": release.organisation.name,
            "exported_by": actor.full_name or actor.get_username(),
            "exported_at": clock.now().isoformat(),
            "files": [row.__dict__ for row in rows],
        }
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(
            [
                "文件",
                "SHA-256",
                "大小（字节）",
                "记录编号",
                "记录名称",
                "原文件名",
                "审批编号",
                "审批日期",
            ]
        )
        for row in rows:
            writer.writerow(
                [
                    row.path,
                    row.sha256,
                    row.size,
                    row.record,
                    row.record_title,
                    row.original_name,
                    approval["number"],
                    approval["date"],
                ]
            )
        zf.writestr("清单.csv", "\ufeff" + text.getvalue())
    yield sink.drain()


@transaction.atomic
def release_use(*, release: ReleaseRequest, actor: User, note: str = "") -> ReleaseRequest:
    """R-1.3-16: the party viewed the records of an approved PARTY_ACCESS release in the
    officer's presence — logged per record (``records.record.shown``)."""
    release = ReleaseRequest.objects.select_related("organisation").get(pk=release.pk)
    require_usable(release, actor=actor, kinds=(ReleaseKind.PARTY_ACCESS,))
    note = (note or "").strip()
    for record in release.records.select_related("organisation"):
        record_access_log(
            record=record,
            actor=actor,
            what="shown",
            extra={"release": release.pk, "party": release.recipient},
        )
    ledger_append(
        actor=actor,
        action="records.release.used",
        subject=release,
        payload={"party": release.recipient, "note": note},
    )
    return release

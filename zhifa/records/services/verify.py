"""R-1.3-18, R-1.3-19: the periodic check that every stored original is still there, whole and
unaltered — ``manage.py records verify`` and the daily job.

:func:`records_verify` walks every :class:`StoredFile` with ``storage.blob_check`` (streaming,
constant memory), writes a :class:`FileCheck` per file (source VERIFY, ok or the problem) and one
ledger entry ``records.verify.run`` with the counts.

The daily registration belongs in ``zhifa/records/jobs.py`` (the uploads work's file)::

    @periodic("records.verify", every_seconds=24 * 3600)
    def verify_records() -> None:
        records_verify(actor=None)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.core import clock
from zhifa.ledger.services import ledger_append
from zhifa.records.constants import CheckSource
from zhifa.records.models import FileCheck, StoredFile

BATCH = 500


@dataclass(frozen=True)
class Problem:
    blob_id: int
    sha256: str
    name: str
    problem: str  # missing / size / altered


@dataclass
class VerifyReport:
    checked: int = 0
    ok: int = 0
    bytes_checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.problems)

    @property
    def all_ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        out = {"checked": self.checked, "ok": self.ok, "failed": self.failed}
        for p in self.problems:
            out[p.problem] = out.get(p.problem, 0) + 1
        return out


def records_verify(*, actor: User | None = None, batch: int = BATCH) -> VerifyReport:
    """R-1.3-18, R-1.3-19: check every stored file's presence, size and SHA-256; record a
    FileCheck for each and one ``records.verify.run`` ledger entry. Walks the files by id in
    batches (keyset), so memory does not grow with their number or size."""
    from zhifa.records import storage

    report = VerifyReport()
    last_id = 0
    checked_by = actor if actor is not None and actor.is_authenticated else None
    while True:
        blobs = list(StoredFile.objects.filter(pk__gt=last_id).order_by("pk")[:batch])
        if not blobs:
            break
        checks = []
        for blob in blobs:
            ok, problem = storage.blob_check(blob)
            report.checked += 1
            if ok:
                report.ok += 1
                report.bytes_checked += blob.size
            else:
                report.problems.append(Problem(blob.pk, blob.sha256, blob.name, problem))
            checks.append(
                FileCheck(
                    blob=blob,
                    source=CheckSource.VERIFY,
                    ok=ok,
                    problem=problem,
                    checked_at=clock.now(),
                    checked_by=checked_by,
                )
            )
        FileCheck.objects.bulk_create(checks)
        last_id = blobs[-1].pk
    with transaction.atomic():
        ledger_append(
            actor=actor,
            action="records.verify.run",
            payload={
                **report.counts(),
                "bytes": report.bytes_checked,
                "problems": [
                    {"blob": p.blob_id, "sha256": p.sha256, "problem": p.problem}
                    for p in report.problems[:1000]
                ],
            },
        )
    return report


# --- supervision flags (R-1.3-19) ------------------------------------------------------------

ROW_LIMIT = 200
STORAGE_RULES = ("R-1.3-13", "R-1.3-14")


def can_see_supervision(user: User) -> bool:
    """The Justice Bureau's supervisors (every unit) and unit heads (their unit and below)."""
    from zhifa.accounts.constants import Role

    return bool(
        user.is_authenticated and user.is_active and user.has_role(Role.SUPERVISOR, Role.UNIT_HEAD)
    )


@dataclass
class UnitCounts:
    organisation: Any
    missing_av: int = 0
    late_storage: int = 0
    bad_files: int = 0
    releases: int = 0

    @property
    def total(self) -> int:
        return self.missing_av + self.late_storage + self.bad_files


@dataclass
class SupervisionFlags:
    """R-1.3-19: (1) mandatory-AV steps and coercive cases without AV or an approved explanation;
    (2) AV stored late or overdue (R-1.3-13/14); (3) files missing or altered (the latest check
    of each failed); (4) releases approved — counts per unit and the rows (at most
    :data:`ROW_LIMIT` of each)."""

    units: list[UnitCounts]
    missing_av_steps: list[Any]
    missing_av_cases: list[Any]
    late_storage: list[Any]
    bad_files: list[Any]
    releases: list[Any]
    last_verify: Any


def supervision_flags(*, user: User) -> SupervisionFlags:
    """The flags ``user`` may see, in a constant number of queries (about ten, whatever the
    number of units and rows)."""
    from django.db.models import Count, OuterRef, Subquery

    from zhifa.accounts.constants import Role
    from zhifa.accounts.models import Organisation
    from zhifa.deadlines.constants import ObligationState
    from zhifa.deadlines.models import Obligation
    from zhifa.ledger.models import LedgerEntry
    from zhifa.records.constants import ReleaseStatus
    from zhifa.records.models import Record, RecordFile, ReleaseRequest
    from zhifa.records.services.guards import cases_missing_av, field_actions_missing_av

    orgs_qs = Organisation.objects.all()
    if not user.has_role(Role.SUPERVISOR):
        orgs_qs = orgs_qs.filter(path__startswith=user.organisation.path)  # type: ignore[union-attr]
    orgs = list(orgs_qs.order_by("path"))
    ids = [o.pk for o in orgs]
    scope = None if user.has_role(Role.SUPERVISOR) else ids

    steps = field_actions_missing_av(organisation_ids=scope)
    cases = cases_missing_av(organisation_ids=scope)
    late = Obligation.objects.filter(
        rule_id__in=STORAGE_RULES,
        state__in=[ObligationState.OVERDUE, ObligationState.FULFILLED_LATE],
        subject_type="records.record",
    ).order_by("due_at", "id")
    latest = FileCheck.objects.filter(blob=OuterRef("blob")).order_by("-checked_at", "-id")
    bad = (
        RecordFile.objects.annotate(
            last_ok=Subquery(latest.values("ok")[:1]),
            last_problem=Subquery(latest.values("problem")[:1]),
            last_checked_at=Subquery(latest.values("checked_at")[:1]),
        )
        .filter(last_ok=False)
        .select_related("record", "record__organisation", "blob")
        .order_by("record_id", "id")
    )
    releases = ReleaseRequest.objects.filter(status=ReleaseStatus.APPROVED).select_related(
        "organisation", "requested_by", "decided_by"
    )
    if scope is not None:
        late = late.filter(organisation_id__in=scope)
        bad = bad.filter(record__organisation_id__in=scope)
        releases = releases.filter(organisation_id__in=scope)

    by_unit = {o.pk: UnitCounts(o) for o in orgs}

    def add(rows: Any, key: str, attr: str) -> None:
        for row in rows.order_by().values(key).annotate(n=Count("id", distinct=True)):
            if row[key] in by_unit:
                setattr(by_unit[row[key]], attr, getattr(by_unit[row[key]], attr) + row["n"])

    add(steps, "case__organisation", "missing_av")
    add(cases, "organisation", "missing_av")
    add(late, "organisation", "late_storage")
    add(bad, "record__organisation", "bad_files")
    add(releases, "organisation", "releases")

    late_rows = list(late.select_related("organisation")[:ROW_LIMIT])
    records = Record.objects.in_bulk(
        [int(o.subject_id) for o in late_rows if o.subject_id.isdigit()]
    )
    for o in late_rows:
        o.record = records.get(int(o.subject_id)) if o.subject_id.isdigit() else None  # type: ignore[attr-defined]
    return SupervisionFlags(
        units=[u for u in by_unit.values() if u.total or u.releases],
        missing_av_steps=list(steps[:ROW_LIMIT]),
        missing_av_cases=list(cases[:ROW_LIMIT]),
        late_storage=late_rows,
        bad_files=list(bad[:ROW_LIMIT]),
        releases=list(releases.order_by("-decided_at", "-id")[:ROW_LIMIT]),
        last_verify=LedgerEntry.objects.filter(action="records.verify.run")
        .order_by("-seq")
        .first(),
    )

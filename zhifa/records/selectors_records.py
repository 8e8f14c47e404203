"""Reads for the record pages and the case page's records section, in constant queries.

- :func:`case_records_section` — the records of a case that the viewer may see, grouped by stage
  (R-1.3-02), with their storage time limits (R-1.3-13/14), the steps still missing a mandatory
  AV record (R-1.3-07) and the written explanations.
- :func:`record_page` — one record with its files, interruptions and time limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from zhifa.accounts.models import User
from zhifa.cases.constants import FieldActionKind
from zhifa.cases.models import Case, FieldAction
from zhifa.deadlines.constants import OPEN_STATES
from zhifa.deadlines.models import Obligation
from zhifa.records.constants import FileRole, RecordForm, RecordStage, RecordStatus
from zhifa.records.models import AvExplanation, Interruption, Record, RecordFile
from zhifa.records.selectors import record_scope_q
from zhifa.records.services.guards import (
    av_required_q,
    av_satisfied_q,
    case_av_required,
    case_av_satisfied,
)
from zhifa.records.services.records import STORAGE_RULES, can_manage_case_records

RECORD_SUBJECT_TYPE = Record._meta.label_lower


def storage_limits(record_ids: list[int]) -> dict[int, Obligation]:
    """The storage time limit (R-1.3-13 or R-1.3-14) of each record, one query."""
    if not record_ids:
        return {}
    rows = Obligation.objects.filter(
        subject_type=RECORD_SUBJECT_TYPE,
        subject_id__in=[str(pk) for pk in record_ids],
        rule_id__in=STORAGE_RULES,
    ).order_by("id")
    return {int(o.subject_id): o for o in rows}


def with_counts(qs: QuerySet[Record]) -> QuerySet[Record]:
    return qs.annotate(
        original_count=Count("files", filter=Q(files__role=FileRole.ORIGINAL), distinct=True),
        interruption_count=Count("interruptions", distinct=True),
    )


@dataclass
class StageGroup:
    stage: str
    label: str
    records: list[Record]


@dataclass
class CaseRecords:
    case: Case
    can_manage: bool
    can_see: bool
    groups: list[StageGroup]
    missing_av: list[FieldAction]
    case_av_missing: bool
    explanations: list[AvExplanation]
    overdue: int
    awaiting: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(g.records) for g in self.groups)


def case_records_section(*, case: Case, user: User) -> CaseRecords:
    """The case page's records section (R-1.3-02 by stage; R-1.3-07 missing AV; R-1.3-13/14
    storage limits). Six queries whatever the number of records."""
    qs = (
        Record.objects.filter(case=case)
        .filter(pk__in=Record.objects.filter(record_scope_q(user)).values("pk"))
        .select_related("field_action", "created_by")
        .order_by("created_at", "id")
    )
    records = list(with_counts(qs))
    limits = storage_limits([r.pk for r in records])
    overdue = awaiting = 0
    for r in records:
        r.storage_limit = limits.get(r.pk)  # type: ignore[attr-defined]
        if r.status == RecordStatus.AWAITING_FILE:
            awaiting += 1
            limit = r.storage_limit  # type: ignore[attr-defined]
            if limit is not None and limit.state == "overdue":
                overdue += 1
    groups = [
        StageGroup(stage=value, label=str(label), records=[r for r in records if r.stage == value])
        for value, label in RecordStage.choices
    ]
    missing = list(
        FieldAction.objects.filter(case=case)
        .filter(av_required_q())
        .exclude(av_satisfied_q())
        .order_by("started_at", "id")
    )
    for fa in missing:
        fa.kind_label = FieldActionKind(fa.kind).label  # type: ignore[attr-defined]
    explanations = list(
        AvExplanation.objects.filter(case=case)
        .select_related("field_action", "written_by", "decided_by")
        .order_by("-written_at", "-id")
    )
    return CaseRecords(
        case=case,
        can_manage=can_manage_case_records(user, case),
        can_see=True,
        groups=groups,
        missing_av=missing,
        case_av_missing=case_av_required(case) and not case_av_satisfied(case),
        explanations=explanations,
        overdue=overdue,
        awaiting=awaiting,
    )


@dataclass
class RecordPage:
    record: Record
    originals: list[RecordFile]
    previews: dict[int, RecordFile]
    interruptions: list[Interruption]
    officers: list[User]
    storage_limit: Obligation | None
    focus_labels: list[str]

    @property
    def is_av(self) -> bool:
        return self.record.form == RecordForm.AUDIO_VIDEO

    @property
    def limit_open(self) -> bool:
        return self.storage_limit is not None and self.storage_limit.state in OPEN_STATES


def record_page(record: Record) -> RecordPage:
    """One record with its files (originals, their previews), interruptions, officers and
    storage time limit — constant queries."""
    from zhifa.records.constants import FocusPoint

    files = list(
        RecordFile.objects.filter(record=record)
        .select_related("blob", "uploaded_by")
        .order_by("uploaded_at", "id")
    )
    originals = [f for f in files if f.role == FileRole.ORIGINAL]
    previews = {
        f.derived_from_id: f
        for f in files
        if f.role == FileRole.PREVIEW and f.derived_from_id is not None
    }
    for f in originals:
        f.preview = previews.get(f.pk)  # type: ignore[attr-defined]
    labels = dict(FocusPoint.choices)
    return RecordPage(
        record=record,
        originals=originals,
        previews=previews,
        interruptions=list(
            Interruption.objects.filter(record=record)
            .select_related("recorded_by")
            .order_by("started_at", "id")
        ),
        officers=list(record.officers.all().order_by("full_name", "id")),
        storage_limit=storage_limits([record.pk]).get(record.pk),
        focus_labels=[str(labels[p]) for p in record.focus if p in labels],
    )

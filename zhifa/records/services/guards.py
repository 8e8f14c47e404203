"""Mandatory audio-video (R-1.3-07, R-1.3-05) and the situations where it is suggested (R-1.3-08).

A field step of a case **requires** an audio-video record when

- it is a seal-up or a seizure (``COERCIVE_FIELD_ACTIONS``; R-1.3-07 (1)(2)), or
- the case's enforcement item is on the unit's active audio-video recording list
  (``UnitListEntry`` of kind ``AV_RECORDING``, R-1.3-05; the list of the unit that owns the
  catalogue — the case's unit or a unit above it).

A case of a coercive kind recorded as "another act" (``acts.case_act_record``, kinds in
:data:`CASE_AV_KINDS`) requires one for the case itself (``field_action`` empty).

The requirement is **satisfied** by an audio-video :class:`Record` of that step (or of the case,
for case-level acts) that is STORED — its file is in the storage — or by a written explanation
(:class:`AvExplanation`) of why recording could not be made or continued that the head APPROVED
(R-1.3-07, R-1.3-11). A record still waiting for its file does not satisfy it.

:func:`require_av_complete` is the guard the case flow calls before the investigation is
concluded (``report_submit``), before closure (``closure_request``) and before the head approves
an act's decision; :func:`field_actions_missing_av` lists the unsatisfied steps for the Justice
Bureau's flags (R-1.3-19 (1)).
"""

from __future__ import annotations

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from zhifa.cases.constants import COERCIVE_FIELD_ACTIONS, FieldActionKind
from zhifa.cases.models import Case, FieldAction
from zhifa.catalog.constants import ItemType, UnitListKind
from zhifa.catalog.models import UnitListEntry
from zhifa.catalog.selectors.lists import av_recording_required
from zhifa.core.errors import DomainError
from zhifa.records.constants import ExplanationStatus, FocusPoint, RecordForm, RecordStatus
from zhifa.records.models import AvExplanation, Record

# R-1.3-07: acts recorded as a case of their own that must be on audio-video (查封、扣押 —
# the coercive measures, 行政强制).
CASE_AV_KINDS = frozenset({ItemType.COERCION})

# R-1.3-08: steps for which audio-video is suggested (evidence collection: inspection,
# questioning, sampling, advance registration and preservation). Hearings and lien service /
# service by announcement are prompted on their own forms.
AV_SUGGESTED_FIELD_ACTIONS = frozenset(
    {
        FieldActionKind.SITE_INSPECTION,
        FieldActionKind.INQUIRY,
        FieldActionKind.SAMPLING,
        FieldActionKind.PRESERVATION,
    }
)
AV_SUGGESTED_HELP = (
    "检查、调查、询问、抽样取证、先行登记保存、听证、留置送达和公告送达等容易引发争议的环节，"
    "应当根据实际情况进行音像记录（R-1.3-08）。"
)


def default_focus(kind: str) -> list[str]:
    """R-1.3-09: what the AV record of a field step of ``kind`` captures by default."""
    points = [FocusPoint.TIMES, FocusPoint.SCENE, FocusPoint.PERSONS]
    if kind in COERCIVE_FIELD_ACTIONS or kind in {
        FieldActionKind.SAMPLING,
        FieldActionKind.PRESERVATION,
    }:
        points += [FocusPoint.PROPERTY, FocusPoint.MEASURES]
    points.append(FocusPoint.DOCUMENTS)
    return [str(p) for p in points]


def _av_list_q(case: str = "") -> Q:
    """Rows whose case's item is on an active AV list (R-1.3-05) of the case's unit or of a unit
    above it — ``case`` is the path to the case: "case__" on FieldAction, "" on Case."""
    entries = (
        UnitListEntry.objects.filter(
            kind=UnitListKind.AV_RECORDING,
            is_active=True,
            item_id=OuterRef(f"{case}item_version__item_id"),
        )
        .annotate(
            case_path=ExpressionWrapper(
                OuterRef(f"{case}organisation__path"), output_field=CharField()
            )
        )
        .filter(case_path__startswith=F("organisation__path"))
    )
    return Q(Exists(entries))


def _stored_av_records(**where: object) -> QuerySet[Record]:
    return Record.objects.filter(form=RecordForm.AUDIO_VIDEO, status=RecordStatus.STORED, **where)


def _approved_explanations(**where: object) -> QuerySet[AvExplanation]:
    return AvExplanation.objects.filter(status=ExplanationStatus.APPROVED, **where)


def av_required_q() -> Q:
    """R-1.3-07, R-1.3-05: the field steps that require an AV record, as a filter on
    :class:`FieldAction`."""
    return Q(kind__in=list(COERCIVE_FIELD_ACTIONS)) | _av_list_q("case__")


def av_satisfied_q() -> Q:
    """R-1.3-07, R-1.3-11: a STORED AV record of the step, or an APPROVED explanation."""
    return Q(Exists(_stored_av_records(field_action_id=OuterRef("pk")))) | Q(
        Exists(_approved_explanations(field_action_id=OuterRef("pk")))
    )


def av_required_for(field_action: FieldAction) -> bool:
    """R-1.3-07, R-1.3-05: does this field step have to be recorded on audio-video?"""
    if field_action.kind in COERCIVE_FIELD_ACTIONS:
        return True
    case = field_action.case
    return av_recording_required(case.organisation, case.item_version.item)


def av_required_for_kind(case: Case, kind: str) -> bool:
    """The same question before the step exists (for the step's form)."""
    if kind in COERCIVE_FIELD_ACTIONS:
        return True
    return av_recording_required(case.organisation, case.item_version.item)


def av_suggested_for(field_action: FieldAction) -> bool:
    """R-1.3-08: recording is suggested (the form prompts) but not required."""
    return field_action.kind in AV_SUGGESTED_FIELD_ACTIONS and not av_required_for(field_action)


def av_satisfied(field_action: FieldAction) -> bool:
    """R-1.3-07: a STORED AV record of the step, or an explanation the head approved."""
    return (
        _stored_av_records(field_action=field_action).exists()
        or _approved_explanations(field_action=field_action).exists()
    )


def field_actions_missing_av(*, organisation_ids: list[int] | None = None) -> QuerySet[FieldAction]:
    """R-1.3-07, R-1.3-19 (1): field steps that require audio-video (seal-up, seizure, or an
    item on the unit's AV list) and have neither a stored AV record nor an approved written
    explanation — oldest first. ``organisation_ids`` limits them to those units' cases (exactly
    these ids; pass the units below too if they are meant)."""
    qs = FieldAction.objects.filter(av_required_q()).exclude(av_satisfied_q())
    if organisation_ids is not None:
        qs = qs.filter(case__organisation_id__in=organisation_ids)
    return qs.select_related("case", "case__organisation").order_by("started_at", "id")


def case_av_required(case: Case) -> bool:
    """R-1.3-07: a coercive act recorded as a case of its own needs a case-level AV record."""
    return case.kind in CASE_AV_KINDS


def case_av_satisfied(case: Case) -> bool:
    """A STORED AV record of the case (any of its steps or the case itself), or an approved
    explanation for the case as a whole."""
    return (
        _stored_av_records(case=case).exists()
        or _approved_explanations(case=case, field_action__isnull=True).exists()
    )


def cases_missing_av(*, organisation_ids: list[int] | None = None) -> QuerySet[Case]:
    """R-1.3-07, R-1.3-19 (1): coercive acts recorded as cases (CASE_AV_KINDS) with no stored AV
    record and no approved explanation for the case."""
    qs = (
        Case.objects.filter(kind__in=list(CASE_AV_KINDS))
        .exclude(Exists(_stored_av_records(case_id=OuterRef("pk"))))
        .exclude(Exists(_approved_explanations(case_id=OuterRef("pk"), field_action__isnull=True)))
    )
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    return qs.select_related("organisation").order_by("created_at", "id")


def case_missing_av(case: Case) -> list[FieldAction]:
    """The case's steps that still lack their mandatory AV record (for the case page)."""
    return list(
        FieldAction.objects.filter(case=case)
        .filter(av_required_q())
        .exclude(av_satisfied_q())
        .order_by("started_at", "id")
    )


def require_av_complete(case: Case, *, field: str | None = None) -> None:
    """R-1.3-07: refuse to conclude the investigation, close the case or approve a coercive act
    while a mandatory AV record is missing — neither a stored AV file nor an explanation the
    head approved (R-1.3-11). Says which steps and what to do."""
    from zhifa.cases.services.docs import time_zh

    missing = case_missing_av(case)
    problems = [
        f"{FieldActionKind(fa.kind).label}（{time_zh(fa.started_at)}，{fa.place}）"
        for fa in missing
    ]
    if case_av_required(case) and not case_av_satisfied(case):
        problems.append(f"{ItemType(case.kind).label}行为本身")
    if problems:
        raise DomainError(
            "以下执法环节依法必须全程音像记录（R-1.3-07），但尚无已存储的音像记录，"
            "也没有经负责人批准的书面说明：" + "；".join(problems) + "。"
            "请在案件页面“执法全过程记录”中登记音像记录并上传文件；确因客观原因未能记录的，"
            "请提交书面说明，经负责人批准后再办理（R-1.3-11）。",
            code="av_missing",
            field=field,
        )

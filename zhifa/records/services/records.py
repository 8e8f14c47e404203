"""Writes of the records themselves: who may add records to a case, and the moment a record's
first original file is stored (R-1.3-13, R-1.3-14).

Registering records, interruptions (R-1.3-11) and the written explanations in place of a
mandatory AV record (R-1.3-07) live here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.urls import reverse

from zhifa.accounts.constants import Role
from zhifa.accounts.models import User
from zhifa.cases.constants import CaseStatus, FieldActionKind
from zhifa.cases.models import Case, CaseOfficer, FieldAction
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    is_handler,
    is_head_of,
    require_head,
    require_text,
)
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.services import obligation_fulfil_for, obligation_open
from zhifa.inbox.services import inbox_send_to_role
from zhifa.ledger.services import ledger_append
from zhifa.records.constants import (
    DeviceKind,
    ExplanationStatus,
    FocusPoint,
    InterruptionCause,
    MediaKind,
    RecordForm,
    RecordStage,
    RecordStatus,
)
from zhifa.records.models import AvExplanation, Interruption, Record

# R-1.3-13: stored within 2 WD of completion; R-1.3-14: within 2 WD of the return to the unit.
STORAGE_RULES = ("R-1.3-13", "R-1.3-14")


def can_manage_case_records(user: User, case: Case) -> bool:
    """The case's current handlers and the unit's heads register records and upload files."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_handler(case, user) or is_head_of(user, case.organisation)


def can_add_records(user: User, record: Record) -> bool:
    """Files are added to a record by whoever may manage the case's records, or, for a record
    without a case, by its registrant and the unit's heads."""
    if not (user.is_authenticated and user.is_active):
        return False
    case = record.case if record.case_id is not None else None
    if case is not None:
        return can_manage_case_records(user, case)
    return record.created_by_id == user.pk or is_head_of(user, record.organisation)


@transaction.atomic
def record_mark_stored(
    *, record: Record, actor: User | None, at: dt.datetime | None = None
) -> Record:
    """R-1.3-13, R-1.3-14: the record's first original file is stored — the record is STORED and
    its storage time limit fulfilled (on time or late: the deadline engine records which).
    Later files of the same record change nothing here."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    if record.status == RecordStatus.STORED:
        return record
    at = at or clock.now()
    record.status = RecordStatus.STORED
    record.stored_at = at
    record.save(update_fields=["status", "stored_at"])
    for rule_id in STORAGE_RULES:
        obligation_fulfil_for(subject=record, rule_id=rule_id, actor=actor, at=at)
    ledger_append(
        actor=actor,
        action="records.record.stored",
        subject=record,
        payload={"record": record.pk, "stored_at": at},
    )
    return record


# --- registering records (R-1.3-02, R-1.3-04, R-1.3-06, R-1.3-09, R-1.3-10, R-1.3-13/14) -------

AV_MEDIA = frozenset({MediaKind.PHOTO, MediaKind.AUDIO, MediaKind.VIDEO})
WRITTEN_MEDIA = frozenset({MediaKind.DOCUMENT, MediaKind.PHOTO, MediaKind.OTHER})
# R-1.3-10: the device is checked and the start announced before audio or video is recorded
# (a photo is taken, not "recorded from arrival to the end").
CONTINUOUS_MEDIA = frozenset({MediaKind.AUDIO, MediaKind.VIDEO})


def retain_until_for(form: str, on: dt.date) -> dt.date:
    """AMB-1.3-a: the retention period per record form (settings, calendar years); a record made
    on 29 February is kept until 28 February of the last year."""
    years = int(settings.ZHIFA_RECORD_RETENTION_YEARS[form])
    try:
        return on.replace(year=on.year + years)
    except ValueError:  # 29 February → 28 February
        return on.replace(year=on.year + years, day=28)


def require_case_open_for_records(case: Case) -> None:
    """R-1.14-11: an archived case file takes nothing more — records included."""
    if case.status == CaseStatus.ARCHIVED:
        raise TransitionNotAllowed(
            "本案已归档，案卷不得再增加或者抽取材料（R-1.14-11），不能再登记记录。",
            code="case_archived",
        )


def _require_manager(user: User, case: Case) -> None:
    if not can_manage_case_records(user, case):
        raise PermissionDenied(
            "只有本案的承办人员和本单位负责人可以登记执法全过程记录、上传文件。",
            code="not_record_manager",
        )


def _choice(value: str, choices: type[models.TextChoices], *, field: str, what: str) -> str:
    if value not in choices.values:
        raise DomainError(f"请选择{what}。", code="invalid_choice", field=field)
    return value


def _aware(value: object, *, field: str, what: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise DomainError(f"请填写完整的{what}（日期和时间）。", code="invalid_time", field=field)
    return value


def _span(started_at: object, ended_at: object) -> tuple[dt.datetime, dt.datetime]:
    start = _aware(started_at, field="started_at", what="开始时间")
    end = _aware(ended_at, field="ended_at", what="结束时间")
    if end < start:
        raise DomainError(
            "结束时间不能早于开始时间。", code="ended_before_started", field="ended_at"
        )
    if end > clock.now():
        raise DomainError(
            "结束时间不能晚于当前时间：音像记录制作完成后再登记。",
            code="time_in_future",
            field="ended_at",
        )
    return start, end


def _clean_focus(focus: Iterable[str] | None) -> list[str]:
    points = []
    for value in focus or []:
        if value not in FocusPoint.values:
            raise DomainError(
                "记录重点选择有误，请重新选择。", code="invalid_choice", field="focus"
            )
        if value not in points:
            points.append(value)
    return [p for p in FocusPoint.values if p in points]


@dataclass
class AvFacts:
    """What an audio-video record carries (R-1.3-09, R-1.3-10, R-1.3-14)."""

    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    place: str = ""
    reason: str = ""
    target: str = ""
    officers: list[User] = field(default_factory=list)
    device_kind: str = ""
    device_label: str = ""
    precheck_device: bool = False
    precheck_battery: bool = False
    precheck_storage: bool = False
    announced: bool = False
    focus: list[str] = field(default_factory=list)
    away_from_base: bool = False
    returned_on: dt.date | None = None
    away_reason: str = ""


def _check_av(case: Case, media: str, av: AvFacts) -> AvFacts:
    """R-1.3-09/10/14 checks of an AV record; returns the cleaned facts."""
    start, end = _span(av.started_at, av.ended_at)
    place = require_text(av.place, field="place", what="地点")
    reason = (av.reason or "").strip() or case.cause
    target = (av.target or "").strip() or case.party.name
    _choice(av.device_kind, DeviceKind, field="device_kind", what="记录设备")
    officers = list(av.officers)
    if not officers:
        raise DomainError("请选择参与执法、被记录的执法人员。", code="required", field="officers")
    known = set(CaseOfficer.objects.filter(case=case).values_list("user_id", flat=True))
    for user in officers:
        if user.pk not in known:
            name = user.full_name or user.username
            raise DomainError(f"{name} 不是本案的执法人员。", code="not_handler", field="officers")
    focus = _clean_focus(av.focus)
    if media in CONTINUOUS_MEDIA:
        missing = [
            label
            for ok, label in (
                (av.precheck_device, "设备性能"),
                (av.precheck_battery, "电量"),
                (av.precheck_storage, "储存空间"),
            )
            if not ok
        ]
        if missing:
            raise DomainError(
                "音像记录前应当检查记录设备的性能、电量和储存空间（R-1.3-10），尚未确认："
                + "、".join(missing)
                + "。请检查后勾选。",
                code="precheck_missing",
                field="precheck_device"
                if not av.precheck_device
                else ("precheck_battery" if not av.precheck_battery else "precheck_storage"),
            )
        if not av.announced:
            raise DomainError(
                "记录开始时应当先语音说明时间、地点、执法人员、执法事由、执法对象和需要记录的执法"
                "环节，并告知当事人和其他在场人员正在进行音像记录（R-1.3-10）。请确认后勾选。",
                code="announcement_missing",
                field="announced",
            )
        if not focus:
            raise DomainError(
                "请勾选本次音像记录的记录重点（R-1.3-09），至少一项。",
                code="focus_required",
                field="focus",
            )
    away_reason = (av.away_reason or "").strip()
    if av.away_from_base:
        if av.returned_on is None:
            raise DomainError(
                "连续执法、异地执法或偏远地区执法的，请填写返回单位的日期（R-1.3-14）。",
                code="returned_on_required",
                field="returned_on",
            )
        if av.returned_on < clock.local(end).date():
            raise DomainError(
                "返回单位日期不能早于音像记录结束之日。",
                code="returned_before_ended",
                field="returned_on",
            )
        if av.returned_on > clock.today():
            raise DomainError(
                "返回单位日期不能晚于今天：返回单位后再登记。",
                code="returned_in_future",
                field="returned_on",
            )
        if not away_reason:
            raise DomainError(
                "请写明不能及时移交存储的原因（连续工作、异地执法或交通不便的偏远地区，R-1.3-14）。",
                code="away_reason_required",
                field="away_reason",
            )
    elif av.returned_on is not None or away_reason:
        raise DomainError(
            "填写了返回单位日期或原因的，请勾选“连续执法、异地执法或偏远地区执法”（R-1.3-14）；"
            "否则请清空这两项。",
            code="away_incomplete",
            field="away_from_base",
        )
    return AvFacts(
        started_at=start,
        ended_at=end,
        place=place[:200],
        reason=reason[:200],
        target=target[:200],
        officers=officers,
        device_kind=av.device_kind,
        device_label=(av.device_label or "").strip()[:100],
        precheck_device=bool(av.precheck_device),
        precheck_battery=bool(av.precheck_battery),
        precheck_storage=bool(av.precheck_storage),
        announced=bool(av.announced),
        focus=focus,
        away_from_base=bool(av.away_from_base),
        returned_on=av.returned_on if av.away_from_base else None,
        away_reason=away_reason if av.away_from_base else "",
    )


def storage_rule_for(record: Record) -> str:
    """R-1.3-14 when the record was made away from base, else R-1.3-13."""
    return STORAGE_RULES[1] if record.away_from_base else STORAGE_RULES[0]


@transaction.atomic
def record_register(
    *,
    case: Case,
    actor: User,
    stage: str,
    form: str,
    media: str,
    title: str,
    description: str = "",
    field_action: FieldAction | None = None,
    text_only: bool = False,
    av: AvFacts | None = None,
    locked: bool = False,
) -> Record:
    """Register a record of one stage (R-1.3-02) of ``case`` (and optionally one of its field
    steps).

    - who: the case's current handlers and the unit's heads (``can_manage_case_records``); not
      on an archived case (R-1.14-11);
    - a **written** record (R-1.3-04, the basic form; R-1.3-06) is the scan or electronic file
      uploaded to it — STORED once its first file is stored — or, with ``text_only``, the text in
      ``description`` itself (an electronic record typed into the system: STORED at once). A
      written record has no storage time limit;
    - an **audio-video** record carries the times, place, officers, reason and target
      (R-1.3-10), the device, the pre-recording check of device, battery and storage and the
      announcement at the start (both required for audio and video, R-1.3-10), the focus points
      (R-1.3-09) and, for work away from base, the return date and the reason (R-1.3-14: all
      three or none). It starts AWAITING_FILE and opens its storage time limit: R-1.3-13 from
      its end (2 working days) or R-1.3-14 from the return to the unit;
    - ``retain_until`` = today + the retention years of the form (AMB-1.3-a);
    - ledger ``records.record.registered`` and a case event ``record_register``.
    """
    if not locked:
        case = case_lock(case)
    _require_manager(actor, case)
    require_case_open_for_records(case)
    _choice(stage, RecordStage, field="stage", what="执法环节")
    _choice(form, RecordForm, field="form", what="记录形式")
    _choice(media, MediaKind, field="media", what="载体")
    title = require_text(title, field="title", what="记录名称")
    description = (description or "").strip()
    if field_action is not None and field_action.case_id != case.pk:
        raise DomainError(
            "所选调查措施不属于本案。", code="field_action_not_of_case", field="field_action"
        )
    now = clock.now()
    record = Record(
        organisation=case.organisation,
        case=case,
        field_action=field_action,
        stage=stage,
        form=form,
        media=media,
        title=title[:200],
        description=description,
        retain_until=retain_until_for(form, clock.local(now).date()),
        created_by=actor,
        created_at=now,
    )
    facts: AvFacts | None = None
    if form == RecordForm.WRITTEN:
        if media not in WRITTEN_MEDIA:
            raise DomainError(
                "文字记录的载体应为文书、笔录（纸质扫描或电子文档）或其他；录音、录像请登记为音像记录。",
                code="media_not_for_form",
                field="media",
            )
        if text_only:
            if not description:
                raise DomainError(
                    "以文字内容作为记录的，请在“内容摘要”中填写记录全文。",
                    code="required",
                    field="description",
                )
            record.status = RecordStatus.STORED
            record.stored_at = now
    else:
        if media not in AV_MEDIA:
            raise DomainError(
                "音像记录的载体应为照片、录音或录像。", code="media_not_for_form", field="media"
            )
        if text_only:
            raise DomainError(
                "音像记录须上传照片、录音或录像文件，不能只填写文字。",
                code="text_only_not_for_av",
                field="text_only",
            )
        facts = _check_av(case, media, av or AvFacts())
        for name in (
            "started_at",
            "ended_at",
            "place",
            "reason",
            "target",
            "device_kind",
            "device_label",
            "precheck_device",
            "precheck_battery",
            "precheck_storage",
            "announced",
            "focus",
            "away_from_base",
            "returned_on",
            "away_reason",
        ):
            setattr(record, name, getattr(facts, name))
    record.save()
    if facts is not None:
        record.officers.set(facts.officers)
        rule_id = storage_rule_for(record)
        start: dt.datetime | dt.date = (
            facts.returned_on if facts.away_from_base and facts.returned_on else facts.ended_at
        ) or now
        obligation_open(
            rule_id=rule_id,
            subject=record,
            organisation=case.organisation,
            start_at=start,
            responsible=actor,
            label=f"音像记录存储：{record.title}"[:100],
            actor=actor,
        )
    payload: dict[str, Any] = {
        "record": record.pk,
        "case": case.pk,
        "field_action": field_action.pk if field_action is not None else None,
        "stage": stage,
        "form": form,
        "media": media,
        "title": record.title,
        "status": record.status,
        "retain_until": record.retain_until.isoformat(),
    }
    if facts is not None:
        payload.update(
            started_at=facts.started_at,
            ended_at=facts.ended_at,
            place=facts.place,
            officer_ids=sorted(u.pk for u in facts.officers),
            device_kind=facts.device_kind,
            precheck=[facts.precheck_device, facts.precheck_battery, facts.precheck_storage],
            announced=facts.announced,
            focus=facts.focus,
            away_from_base=facts.away_from_base,
            returned_on=facts.returned_on.isoformat() if facts.returned_on else None,
        )
    ledger_append(actor=actor, action="records.record.registered", subject=record, payload=payload)
    case_event_add(
        case=case,
        actor=actor,
        action="record_register",
        summary=f"登记{RecordForm(form).label}（{RecordStage(stage).label}）：{record.title}",
        payload={"record_id": record.pk, "form": form, "stage": stage},
    )
    return record


# --- interruptions (R-1.3-11) ------------------------------------------------------------------


@transaction.atomic
def interruption_add(
    *,
    record: Record,
    actor: User,
    started_at: dt.datetime,
    ended_at: dt.datetime | None,
    cause: str,
    detail: str = "",
    voice_explained: bool = False,
    written_note: str = "",
) -> Interruption:
    """R-1.3-11: recording stopped for an objective cause (device failure, bad weather,
    obstruction) while enforcement went on. The times lie within the record's span; a written
    note is required when recording did not resume (``ended_at`` empty) or the reason was not
    stated by voice on resuming."""
    record = Record.objects.select_for_update(of=("self",)).select_related("case").get(pk=record.pk)
    if not can_add_records(actor, record):
        raise PermissionDenied(
            "只有本案的承办人员和本单位负责人可以登记音像记录中断情况。",
            code="not_record_manager",
        )
    if record.case is not None:
        require_case_open_for_records(record.case)
    if record.form != RecordForm.AUDIO_VIDEO:
        raise DomainError("只有音像记录可以登记中断情况。", code="not_av", field=None)
    _choice(cause, InterruptionCause, field="cause", what="中断原因")
    start = _aware(started_at, field="started_at", what="中断时间")
    end = None
    if ended_at is not None:
        end = _aware(ended_at, field="ended_at", what="恢复时间")
        if end < start:
            raise DomainError(
                "恢复时间不能早于中断时间。", code="ended_before_started", field="ended_at"
            )
    span_from, span_to = record.started_at, record.ended_at
    if span_from is not None and span_to is not None:
        span = f"{clock.local(span_from):%Y-%m-%d %H:%M}至{clock.local(span_to):%Y-%m-%d %H:%M}"
        if not span_from <= start <= span_to:
            raise DomainError(
                f"中断时间应在本次记录的起止时间（{span}）之内。",
                code="outside_record",
                field="started_at",
            )
        if end is not None and end > span_to:
            raise DomainError(
                f"恢复时间应在本次记录的起止时间（{span}）之内。",
                code="outside_record",
                field="ended_at",
            )
    written_note = (written_note or "").strip()
    if (end is None or not voice_explained) and not written_note:
        raise DomainError(
            "未能恢复记录，或者恢复记录时未语音说明中断原因的，应当事后书面说明情况（R-1.3-11）："
            "请填写书面说明。",
            code="written_note_required",
            field="written_note",
        )
    now = clock.now()
    item = Interruption.objects.create(
        record=record,
        started_at=start,
        ended_at=end,
        cause=cause,
        detail=(detail or "").strip(),
        voice_explained=bool(voice_explained) and end is not None,
        written_note=written_note,
        recorded_by=actor,
        recorded_at=now,
    )
    ledger_append(
        actor=actor,
        action="records.interruption.added",
        subject=record,
        payload={
            "record": record.pk,
            "interruption": item.pk,
            "cause": cause,
            "started_at": start,
            "ended_at": end,
            "voice_explained": item.voice_explained,
            "written_note": bool(written_note),
        },
    )
    return item


# --- written explanations in place of a mandatory AV record (R-1.3-07, R-1.3-11) ----------------


@transaction.atomic
def av_explanation_submit(
    *,
    case: Case,
    actor: User,
    reason: str,
    field_action: FieldAction | None = None,
    locked: bool = False,
) -> AvExplanation:
    """R-1.3-07, R-1.3-11: explain in writing why a mandatory AV record could not be made or
    continued; the head decides. One pending or approved explanation per step (or per case)."""
    if not locked:
        case = case_lock(case)
    _require_manager(actor, case)
    require_case_open_for_records(case)
    if field_action is not None and field_action.case_id != case.pk:
        raise DomainError(
            "所选调查措施不属于本案。", code="field_action_not_of_case", field="field_action"
        )
    reason = require_text(reason, field="reason", what="未能音像记录的情况说明")
    existing = AvExplanation.objects.filter(
        case=case,
        field_action=field_action,
        status__in=[ExplanationStatus.PENDING, ExplanationStatus.APPROVED],
    ).first()
    if existing is not None:
        raise DomainError(
            f"该环节已有{existing.get_status_display()}的书面说明，无需重复提交。",
            code="explanation_exists",
            field="reason",
        )
    now = clock.now()
    item = AvExplanation.objects.create(
        organisation=case.organisation,
        case=case,
        field_action=field_action,
        reason=reason,
        written_by=actor,
        written_at=now,
    )
    ledger_append(
        actor=actor,
        action="records.explanation.submitted",
        subject=item,
        payload={
            "case": case.pk,
            "field_action": field_action.pk if field_action is not None else None,
            "reason": reason,
        },
    )
    what = FieldActionKind(field_action.kind).label if field_action is not None else "本执法行为"
    case_event_add(
        case=case,
        actor=actor,
        action="av_explanation_submit",
        summary=f"提交未音像记录的书面说明（{what}），待负责人审批",
        payload={"explanation_id": item.pk},
    )
    inbox_send_to_role(
        organisation=case.organisation,
        role=Role.UNIT_HEAD,
        exclude=[actor],
        title=f"待审批：{case.display_number} 未音像记录的书面说明（{what}）",
        body=reason,
        url=reverse("records:explanations"),
    )
    return item


def can_decide_explanation(user: User, explanation: AvExplanation) -> bool:
    """A head of the unit (or above) who is not its writer nor a handler of the case."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not is_head_of(user, explanation.organisation):
        return False
    return user.pk != explanation.written_by_id and not is_handler(explanation.case, user)


@transaction.atomic
def av_explanation_decide(
    *, explanation: AvExplanation, actor: User, approve: bool, note: str = ""
) -> AvExplanation:
    """R-1.3-07: the head approves (the step may then complete without its AV file) or rejects
    the written explanation. Not the writer, not a handler of the case, not after declaring a
    conflict (``require_head``); a rejection says why."""
    explanation = (
        AvExplanation.objects.select_for_update()
        .select_related("case", "case__organisation", "written_by")
        .get(pk=explanation.pk)
    )
    if explanation.status != ExplanationStatus.PENDING:
        raise TransitionNotAllowed(
            f"该书面说明已经{explanation.get_status_display()}，不能再次审批。",
            code="already_decided",
        )
    case = explanation.case
    require_head(case, actor, requested_by=explanation.written_by)
    require_case_open_for_records(case)
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError("不予批准的，请写明理由和需要补正的内容。", code="required", field="note")
    now = clock.now()
    explanation.status = ExplanationStatus.APPROVED if approve else ExplanationStatus.REJECTED
    explanation.decided_by = actor
    explanation.decided_at = now
    explanation.decision_note = note
    explanation.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    ledger_append(
        actor=actor,
        action="records.explanation.approved" if approve else "records.explanation.rejected",
        subject=explanation,
        payload={"case": case.pk, "note": note},
    )
    case_event_add(
        case=case,
        actor=actor,
        action="av_explanation_decide",
        summary=("批准" if approve else "不予批准")
        + "未音像记录的书面说明"
        + (f"：{note}" if note else ""),
        payload={"explanation_id": explanation.pk, "approved": approve},
    )
    return explanation


def explanations_pending_for(user: User) -> QuerySet[AvExplanation]:
    """The pending explanations a head may decide: of their unit and the units below it, not
    their own, not on cases they handle."""
    from django.db.models import Exists, OuterRef

    from zhifa.cases.models import CaseOfficer

    org = user.organisation
    if not (user.is_authenticated and user.is_active) or org is None:
        return AvExplanation.objects.none()
    if not user.has_role(Role.UNIT_HEAD):
        return AvExplanation.objects.none()
    return (
        AvExplanation.objects.filter(
            status=ExplanationStatus.PENDING, organisation__path__startswith=org.path
        )
        .exclude(written_by=user)
        .exclude(
            Exists(
                CaseOfficer.objects.filter(
                    case=OuterRef("case"), user=user, removed_at__isnull=True
                )
            )
        )
        .select_related("case", "field_action", "written_by", "organisation")
        .order_by("written_at", "id")
    )

"""Registering records (R-1.3-02/04/06/09/10/14), interruptions (R-1.3-11), the storage time
limits (R-1.3-13, R-1.3-14) and the retention date (AMB-1.3-a), through the services.

The helpers at the top are shared by the other records tests of this work (guards, views, API).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine

from zhifa.cases.constants import CaseStatus
from zhifa.cases.constants import FieldActionKind as K
from zhifa.cases.services.investigation import field_action_record
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.scan import deadlines_scan
from zhifa.ledger.models import LedgerEntry
from zhifa.records.constants import RecordForm, RecordStage, RecordStatus
from zhifa.records.models import Record
from zhifa.records.services.records import (
    AvFacts,
    interruption_add,
    record_mark_stored,
    record_register,
    retain_until_for,
)
from zhifa.workdays.calendar import add_workdays

TZ = dt.timezone(dt.timedelta(hours=8))

AV_FORM = {
    "av_device_kind": "body_camera",
    "av_precheck_device": True,
    "av_precheck_battery": True,
    "av_precheck_storage": True,
    "av_announced": True,
}


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


def av_facts(w: Any, **over: Any) -> AvFacts:
    now = clock.now()
    data: dict[str, Any] = {
        "started_at": now - dt.timedelta(hours=2),
        "ended_at": now - dt.timedelta(hours=1),
        "place": "临猗县猗氏镇解放路18号",
        "officers": [w.o1, w.o2],
        "device_kind": "body_camera",
        "device_label": "JLY-007",
        "precheck_device": True,
        "precheck_battery": True,
        "precheck_storage": True,
        "announced": True,
        "focus": ["times", "scene", "persons"],
    }
    data.update(over)
    return AvFacts(**data)


def av_record(w: Any, case: Any, *, actor: Any = None, av: AvFacts | None = None, **over: Any):  # type: ignore[no-untyped-def]
    args: dict[str, Any] = {
        "case": case,
        "actor": actor or w.o1,
        "stage": RecordStage.INVESTIGATION,
        "form": RecordForm.AUDIO_VIDEO,
        "media": "video",
        "title": "现场检查录像",
        "av": av or av_facts(w),
    }
    args.update(over)
    return record_register(**args)


def seizure(w: Any, case: Any, **over: Any):  # type: ignore[no-untyped-def]
    """A seizure recorded on the case (R-1.3-07: needs AV or a note)."""
    data: dict[str, Any] = {
        "case": case,
        "actor": w.o1,
        "kind": K.SEIZE,
        "started_at": case.filed_at,
        "ended_at": clock.now(),
        "place": "临猗县猗氏镇解放路18号",
        "officers": [w.o1, w.o2],
        "certificate_shown": True,
        "party_informed": True,
        "record": "扣押过期纯牛奶12盒。",
        "items": "纯牛奶12盒",
    }
    data.update(over)
    return field_action_record(**data)


def store(record: Record, actor: Any) -> Record:
    """What helper U's record_file_attach does after the file is in the storage."""
    return record_mark_stored(record=record, actor=actor)


# --- R-1.3-02 / R-1.3-04: written and AV records by stage --------------------------------------


def test_r_1_3_02_r_1_3_04_a_written_record_by_stage_stored_with_its_file_or_as_text(world, case):
    """R-1.3-02 stages; R-1.3-04 the written record is the basic form; R-1.3-06: an electronic
    written record may be the text itself (STORED at once), otherwise it waits for its scan."""
    scan = record_register(
        case=case,
        actor=world.o1,
        stage=RecordStage.INITIATION,
        form=RecordForm.WRITTEN,
        media="document",
        title="立案审批表（扫描件）",
    )
    assert scan.status == RecordStatus.AWAITING_FILE and scan.stage == "initiation"
    assert not Obligation.objects.filter(
        subject_id=str(scan.pk), rule_id__startswith="R-1.3"
    ).exists()
    text = record_register(
        case=case,
        actor=world.o2,
        stage=RecordStage.INVESTIGATION,
        form=RecordForm.WRITTEN,
        media="document",
        title="现场情况记录",
        description="执法人员到达现场，货架上陈列过期纯牛奶12盒。",
        text_only=True,
    )
    assert text.status == RecordStatus.STORED and text.stored_at is not None
    with pytest.raises(DomainError) as exc:
        record_register(
            case=case,
            actor=world.o1,
            stage="investigation",
            form="written",
            media="document",
            title="空白",
            text_only=True,
        )
    assert exc.value.field == "description"
    with pytest.raises(DomainError) as exc:
        record_register(
            case=case, actor=world.o1, stage="nowhere", form="written", media="document", title="x"
        )
    assert exc.value.field == "stage"
    with pytest.raises(DomainError) as exc:
        record_register(
            case=case,
            actor=world.o1,
            stage="investigation",
            form="written",
            media="video",
            title="x",
        )
    assert exc.value.code == "media_not_for_form"
    entry = LedgerEntry.objects.get(action="records.record.registered", subject_id=str(text.pk))
    assert json.loads(entry.payload)["stage"] == "investigation"
    assert case.events.filter(action="record_register").count() == 2


def test_r_1_3_10_an_av_record_needs_the_precheck_and_the_announcement(world, case):
    """R-1.3-10: device, battery and storage checked before recording; the start announced."""
    for missing, field in (
        ("precheck_device", "precheck_device"),
        ("precheck_battery", "precheck_battery"),
        ("precheck_storage", "precheck_storage"),
    ):
        with pytest.raises(DomainError) as exc:
            av_record(world, case, av=av_facts(world, **{missing: False}))
        assert exc.value.code == "precheck_missing" and exc.value.field == field
    with pytest.raises(DomainError) as exc:
        av_record(world, case, av=av_facts(world, announced=False))
    assert exc.value.code == "announcement_missing" and "语音说明" in exc.value.message
    with pytest.raises(DomainError) as exc:
        av_record(world, case, av=av_facts(world, device_kind=""))
    assert exc.value.field == "device_kind"
    with pytest.raises(DomainError) as exc:
        av_record(world, case, av=av_facts(world, ended_at=clock.now() + dt.timedelta(hours=1)))
    assert exc.value.code == "time_in_future"
    with pytest.raises(DomainError) as exc:
        av_record(world, case, av=av_facts(world, officers=[world.o3]))
    assert exc.value.code == "not_handler"
    # a photo is taken, not recorded throughout: no pre-check required
    photo = av_record(
        world,
        case,
        media="photo",
        title="现场照片",
        av=av_facts(world, precheck_device=False, announced=False, focus=[]),
    )
    assert photo.status == RecordStatus.AWAITING_FILE
    # the reason and target default to the case's
    assert photo.reason == case.cause and photo.target == case.party.name


def test_r_1_3_09_focus_points_are_kept_in_order_and_checked(world, case):
    """R-1.3-09: the focus checklist of a video; unknown points refused, at least one for video."""
    rec = av_record(world, case, av=av_facts(world, focus=["measures", "times", "times"]))
    assert rec.focus == ["times", "measures"]
    with pytest.raises(DomainError) as exc:
        av_record(world, case, av=av_facts(world, focus=["weather"]))
    assert exc.value.field == "focus"
    with pytest.raises(DomainError) as exc:
        av_record(world, case, av=av_facts(world, focus=[]))
    assert exc.value.code == "focus_required"


def test_only_the_handlers_and_the_head_register_and_never_on_an_archived_case(world, case):
    """can_manage_case_records; R-1.14-11: an archived case takes nothing more."""
    for outsider in (world.o3, world.reviewer, world.supervisor):
        with pytest.raises(PermissionDenied):
            av_record(world, case, actor=outsider)
    assert av_record(world, case, actor=world.head).created_by == world.head
    from zhifa.cases.models import FieldAction

    other = FieldAction.objects.exclude(case=case).first()
    if other is not None:  # pragma: no cover - depends on other fixtures
        with pytest.raises(DomainError):
            av_record(world, case, field_action=other)
    case.status = CaseStatus.ARCHIVED
    case.save(update_fields=["status"])
    with pytest.raises(TransitionNotAllowed) as exc:
        av_record(world, case)
    assert "R-1.14-11" in exc.value.message


# --- R-1.3-13 / R-1.3-14: 2 working days ------------------------------------------------------


def test_r_1_3_13_an_av_record_is_stored_within_2_working_days_across_a_weekend(world, case):
    """R-1.3-13: the limit runs from the end of the recording, over the working-day calendar:
    made on Friday 2025-03-07 → due Tuesday 2025-03-11; stored on Monday → fulfilled on time."""
    with time_machine.travel(at("2025-03-07 18:00"), tick=False):
        rec = av_record(
            world,
            case,
            av=av_facts(world, started_at=at("2025-03-07 15:00"), ended_at=at("2025-03-07 16:30")),
        )
    ob = Obligation.objects.get(subject_id=str(rec.pk), subject_type="records.record")
    assert ob.rule_id == "R-1.3-13" and ob.due_date == dt.date(2025, 3, 11)
    assert rec.status == RecordStatus.AWAITING_FILE
    with time_machine.travel(at("2025-03-10 09:00"), tick=False):
        store(rec, world.o1)
    ob.refresh_from_db()
    assert ob.state == "fulfilled"
    rec.refresh_from_db()
    assert rec.status == RecordStatus.STORED
    assert LedgerEntry.objects.filter(
        action="records.record.stored", subject_id=str(rec.pk)
    ).exists()


def test_r_1_3_13_across_the_national_day_holiday_and_stored_late(world, case):
    """R-1.3-13 over the seeded holiday calendar (National Day 2025): due on the second working
    day after the holiday; the scan marks it overdue; a late upload is fulfilled late."""
    with time_machine.travel(at("2025-09-30 20:00"), tick=False):
        rec = av_record(
            world,
            case,
            av=av_facts(world, started_at=at("2025-09-30 14:00"), ended_at=at("2025-09-30 15:00")),
        )
    ob = Obligation.objects.get(subject_id=str(rec.pk), subject_type="records.record")
    assert ob.due_date == add_workdays(dt.date(2025, 9, 30), 2)
    assert ob.due_date >= dt.date(2025, 10, 9)  # not within the holiday
    deadlines_scan(now=at("2025-10-20 09:00"))
    ob.refresh_from_db()
    assert ob.state == "overdue"
    with time_machine.travel(at("2025-10-20 10:00"), tick=False):
        store(rec, world.o1)
    ob.refresh_from_db()
    assert ob.state == "fulfilled_late"


def test_r_1_3_14_away_from_base_runs_from_the_return_to_the_unit(world, case):
    """R-1.3-14: continuous or remote work — 2 WD from the return date, with the reason; the
    return date, the reason and the flag go together."""
    with time_machine.travel(at("2025-03-12 09:00"), tick=False):
        with pytest.raises(DomainError) as exc:
            av_record(
                world,
                case,
                av=av_facts(
                    world,
                    started_at=at("2025-03-05 10:00"),
                    ended_at=at("2025-03-05 11:00"),
                    away_from_base=True,
                    away_reason="在偏远山区连续执法",
                ),
            )
        assert exc.value.field == "returned_on"
        with pytest.raises(DomainError) as exc:
            av_record(
                world,
                case,
                av=av_facts(
                    world,
                    started_at=at("2025-03-05 10:00"),
                    ended_at=at("2025-03-05 11:00"),
                    away_from_base=True,
                    returned_on=dt.date(2025, 3, 10),
                ),
            )
        assert exc.value.field == "away_reason"
        with pytest.raises(DomainError) as exc:
            av_record(
                world,
                case,
                av=av_facts(
                    world,
                    started_at=at("2025-03-05 10:00"),
                    ended_at=at("2025-03-05 11:00"),
                    returned_on=dt.date(2025, 3, 10),
                ),
            )
        assert exc.value.code == "away_incomplete"
        with pytest.raises(DomainError) as exc:
            av_record(
                world,
                case,
                av=av_facts(
                    world,
                    started_at=at("2025-03-05 10:00"),
                    ended_at=at("2025-03-05 11:00"),
                    away_from_base=True,
                    returned_on=dt.date(2025, 3, 4),
                    away_reason="异地",
                ),
            )
        assert exc.value.code == "returned_before_ended"
        rec = av_record(
            world,
            case,
            av=av_facts(
                world,
                started_at=at("2025-03-05 10:00"),
                ended_at=at("2025-03-05 11:00"),
                away_from_base=True,
                returned_on=dt.date(2025, 3, 7),
                away_reason="在偏远山区连续执法",
            ),
        )
    ob = Obligation.objects.get(subject_id=str(rec.pk), subject_type="records.record")
    assert ob.rule_id == "R-1.3-14" and ob.due_date == dt.date(2025, 3, 11)  # Fri → Tue
    with time_machine.travel(at("2025-03-11 16:00"), tick=False):
        store(rec, world.o2)
    ob.refresh_from_db()
    assert ob.state == "fulfilled"


def test_retention_date_is_calendar_years_and_feb_29_becomes_feb_28(settings):
    """AMB-1.3-a: retention per record form from settings."""
    settings.ZHIFA_RECORD_RETENTION_YEARS = {"written": 30, "audio_video": 10}
    assert retain_until_for("written", dt.date(2024, 2, 29)) == dt.date(2054, 2, 28)
    assert retain_until_for("audio_video", dt.date(2025, 3, 7)) == dt.date(2035, 3, 7)


# --- R-1.3-11: interruptions ------------------------------------------------------------------


def test_r_1_3_11_interruptions_within_the_span_and_a_written_note_when_needed(world, case):
    """R-1.3-11: resumed and explained by voice → no note needed; not resumed or not explained →
    a written note; times within the record's span; only AV records."""
    rec = av_record(world, case)
    start = rec.started_at + dt.timedelta(minutes=10)
    ok = interruption_add(
        record=rec,
        actor=world.o2,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=5),
        cause="device_failure",
        voice_explained=True,
    )
    assert ok.voice_explained and ok.written_note == ""
    with pytest.raises(DomainError) as exc:
        interruption_add(
            record=rec, actor=world.o1, started_at=start, ended_at=None, cause="weather"
        )
    assert exc.value.field == "written_note"
    with pytest.raises(DomainError) as exc:
        interruption_add(
            record=rec,
            actor=world.o1,
            started_at=start,
            ended_at=start + dt.timedelta(minutes=1),
            cause="obstruction",
            voice_explained=False,
        )
    assert exc.value.code == "written_note_required"
    with pytest.raises(DomainError) as exc:
        interruption_add(
            record=rec,
            actor=world.o1,
            started_at=rec.started_at - dt.timedelta(minutes=1),
            ended_at=None,
            cause="weather",
            written_note="暴雨",
        )
    assert exc.value.code == "outside_record"
    stopped = interruption_add(
        record=rec,
        actor=world.o1,
        started_at=start + dt.timedelta(minutes=20),
        ended_at=None,
        cause="obstruction",
        detail="当事人遮挡镜头",
        written_note="现场人员阻挠，未能恢复记录。",
    )
    assert stopped.ended_at is None
    assert LedgerEntry.objects.filter(action="records.interruption.added").count() == 2
    with pytest.raises(PermissionDenied):
        interruption_add(
            record=rec,
            actor=world.o3,
            started_at=start,
            ended_at=None,
            cause="weather",
            written_note="x",
        )
    written = record_register(
        case=case,
        actor=world.o1,
        stage="investigation",
        form="written",
        media="document",
        title="询问笔录",
    )
    with pytest.raises(DomainError) as exc:
        interruption_add(
            record=written,
            actor=world.o1,
            started_at=start,
            ended_at=None,
            cause="weather",
            written_note="x",
        )
    assert exc.value.code == "not_av"


def test_r_1_3_07_a_field_step_marked_recorded_registers_its_av_record(world, case):
    """R-1.3-07 / R-1.3-10: "已音像记录" on the step registers the AV record in the same
    transaction (times, place, officers from the step); without the pre-check the whole step is
    refused, pointing at the form's field."""
    with pytest.raises(DomainError) as exc:
        seizure(world, case, av_recorded=True, **{**AV_FORM, "av_precheck_battery": False})
    assert exc.value.field == "av_precheck_battery"
    assert not case.field_actions.exists()  # nothing half-written
    step = seizure(world, case, av_recorded=True, **AV_FORM)
    rec = step.records.get()
    assert rec.form == "audio_video" and rec.stage == "investigation"
    assert (rec.started_at, rec.ended_at, rec.place) == (step.started_at, step.ended_at, step.place)
    assert set(rec.officers.all()) == {world.o1, world.o2}
    assert "measures" in rec.focus
    assert Obligation.objects.filter(subject_id=str(rec.pk), rule_id="R-1.3-13").exists()

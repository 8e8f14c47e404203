"""Investigation field steps: R-1.2-09 checklist, officers present (R-1.1-12), witness
(R-4.8-05), audio-video for seal-up and seizure (R-1.3-07/11), documents."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.cases.actions import get
from zhifa.cases.constants import FieldActionKind as K
from zhifa.cases.services.investigation import field_action_record, parse_questions
from zhifa.cases.tests.conftest import filed_case
from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.models import LedgerEntry


def _record(w, case, **over):  # type: ignore[no-untyped-def]
    data = {
        "case": case,
        "actor": w.o1,
        "kind": K.SITE_INSPECTION,
        "started_at": case.filed_at,
        "ended_at": clock.now(),
        "place": "临猗县猗氏镇解放路18号",
        "officers": [w.o1, w.o2],
        "certificate_shown": True,
        "party_informed": True,
        "record": "货架上发现过期纯牛奶12盒。",
    }
    data.update(over)
    return field_action_record(**data)


def test_site_inspection_is_recorded_with_its_document_on_the_timeline(world):
    case = filed_case(world)
    step = _record(world, case)
    assert step.document.title == "现场检查笔录"
    assert set(step.officers.all()) == {world.o1, world.o2}
    event = case.events.get(action="field_action_record")
    assert event.document == step.document
    assert LedgerEntry.objects.filter(action="cases.case.field_action_record").exists()


def test_r_1_2_09_certificate_shown_and_party_informed_are_required(world):
    """R-1.2-09 / R-1.14-10 / R-4.8-04: show the certificate, tell the reason, basis and rights."""
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        _record(world, case, certificate_shown=False)
    assert exc.value.field == "certificate_shown" and "出示" in exc.value.message
    with pytest.raises(DomainError) as exc:
        _record(world, case, party_informed=False)
    assert exc.value.field == "party_informed"


def test_r_1_1_12_two_officers_present_who_handle_the_case(world):
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        _record(world, case, officers=[world.o1])
    assert exc.value.code == "too_few_officers"
    with pytest.raises(DomainError) as exc:
        _record(world, case, officers=[world.o1, world.o3])
    assert exc.value.code == "not_handler"
    with pytest.raises(PermissionDenied):
        _record(world, case, actor=world.o3)


def test_r_1_1_12_an_officer_without_a_valid_certificate_cannot_be_present(world):
    case = filed_case(world, officers=[world.o1, world.o2, world.o3])
    from zhifa.cases.services.officers import recusal_declare  # noqa: F401 (declared in filed_case)
    from zhifa.personnel.models import Certificate

    Certificate.objects.filter(officer__user=world.o3).update(expires_on=dt.date(2020, 1, 1))
    with pytest.raises(DomainError) as exc:
        _record(world, case, officers=[world.o1, world.o3])
    assert exc.value.code == "certificate_invalid"


def test_r_4_8_05_party_absent_needs_a_witness_and_times_are_checked(world):
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        _record(world, case, party_present=False)
    assert exc.value.field == "witness"
    step = _record(world, case, party_present=False, witness="邻店店主赵某")
    assert step.witness == "邻店店主赵某"
    with pytest.raises(DomainError) as exc:
        _record(world, case, ended_at=case.filed_at - dt.timedelta(minutes=1))
    assert exc.value.field in {"ended_at", "started_at"}
    with pytest.raises(DomainError) as exc:
        _record(world, case, ended_at=clock.now() + dt.timedelta(hours=1))
    assert exc.value.code == "time_in_future"


def test_r_1_3_07_seizure_needs_av_or_a_written_note_and_a_list(world):
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        _record(world, case, kind=K.SEIZE, items="纯牛奶12盒")
    assert exc.value.code == "av_required"
    with pytest.raises(DomainError) as exc:
        _record(world, case, kind=K.SEIZE, av_recorded=True)
    assert exc.value.code == "items_required"
    av = {
        "av_device_kind": "body_camera",
        "av_precheck_device": True,
        "av_precheck_battery": True,
        "av_precheck_storage": True,
        "av_announced": True,
    }
    step = _record(world, case, kind=K.SEIZE, av_recorded=True, items="纯牛奶12盒\n进货单3张", **av)
    assert step.document.title == "扣押决定书" and step.items == "纯牛奶12盒\n进货单3张"
    # R-1.3-07: "已音像记录" registers the step's AV record, waiting for its file (R-1.3-13)
    assert step.records.get().status == "awaiting_file"


def test_r_1_3_11_seal_up_with_a_written_interruption_note(world):
    case = filed_case(world)
    step = _record(
        world, case, kind=K.SEAL_UP, av_note="执法记录仪电量耗尽，事后书面说明。", items="冷库一间"
    )
    assert step.document.title == "查封决定书"


def test_sampling_and_preservation_make_the_evidence_notice(world):
    case = filed_case(world)
    with pytest.raises(DomainError):
        _record(world, case, kind=K.SAMPLING)
    step = _record(world, case, kind=K.SAMPLING, items="纯牛奶2盒")
    assert step.document.title == "抽样取证通知书"
    step = _record(world, case, kind=K.PRESERVATION, items="进货单3张")
    assert step.document.title == "先行登记保存证据通知书"


def test_inquiry_parses_questions_and_order_to_correct_needs_a_deadline(world):
    case = filed_case(world)
    with pytest.raises(DomainError) as exc:
        _record(world, case, kind=K.INQUIRY, record="随便聊了聊")
    assert exc.value.code == "questions_required"
    step = _record(world, case, kind=K.INQUIRY, record="问：牛奶从哪里进的？\n答：从某商贸公司。")
    assert step.document.title == "询问笔录"
    with pytest.raises(DomainError) as exc:
        _record(world, case, kind=K.ORDER_TO_CORRECT, record="立即下架")
    assert exc.value.field == "correction_deadline"
    step = _record(
        world,
        case,
        kind=K.ORDER_TO_CORRECT,
        record="立即下架过期食品\n建立临期食品检查制度",
        correction_deadline=clock.today() + dt.timedelta(days=7),
    )
    assert step.document.title == "责令改正通知书"


def test_parse_questions_joins_continuation_lines():
    qa = parse_questions("问：第一问\n续写\n答：第一答\n问: 第二问\n答:第二答")
    assert qa == [
        {"question": "第一问续写", "answer": "第一答"},
        {"question": "第二问", "answer": "第二答"},
    ]


def test_field_steps_only_while_investigating(world):
    from zhifa.cases.services.filing import case_file_request

    case = case_file_request(
        actor=world.o1,
        organisation=world.dept,
        item_version=world.item,
        party=world.party,
        cause="销售超过保质期食品",
        facts="",
        officers=[world.o1, world.o2],
    )
    with pytest.raises(TransitionNotAllowed):
        field_action_record(
            case=case,
            actor=world.o1,
            kind=K.SITE_INSPECTION,
            started_at=clock.now() - dt.timedelta(minutes=5),
            ended_at=clock.now(),
            place="x",
            officers=[world.o1, world.o2],
            certificate_shown=True,
            party_informed=True,
            record="x",
        )


def test_field_action_form_is_a_phone_step_limited_to_the_handlers(world):
    case = filed_case(world)
    action = get("case", "field_action_record")
    assert action.field_step
    fmt = "%Y-%m-%dT%H:%M"
    data = {
        "kind": K.SITE_INSPECTION,
        "started_at": clock.local(case.filed_at).strftime(fmt),
        "ended_at": clock.local(clock.now()).strftime(fmt),
        "place": "超市",
        "officers": [world.o1.pk, world.o3.pk],
        "certificate_shown": "on",
        "party_informed": "on",
        "party_present": "on",
        "record": "检查情况正常。",
    }
    form = action.form(data=data, user=world.o1, case=case)
    assert not form.is_valid() and "officers" in form.errors  # o3 is not on the case
    data["officers"] = [world.o1.pk, world.o2.pk]
    form = action.form(data=data, user=world.o1, case=case)
    assert form.is_valid(), form.errors
    data["started_at"] = form.cleaned_data["started_at"]
    if form.cleaned_data["started_at"] < case.filed_at:  # minutes are cut in the form
        form.cleaned_data["started_at"] = case.filed_at
        form.cleaned_data["ended_at"] = clock.now()
    action.perform(actor=world.o1, data=form.cleaned_data, case=case)
    assert case.field_actions.count() == 1

"""Investigation field steps (调查措施): site inspection, inquiry, sampling, preservation, seal-up,
seizure, order to correct — each with R-1.2-09's checklist, the officers present (R-1.1-12) and
its official document, linked on the step and on the case timeline.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.db import transaction

from zhifa.cases.constants import COERCIVE_FIELD_ACTIONS, FieldActionKind
from zhifa.cases.models import Case, FieldAction
from zhifa.cases.services.common import (
    case_event_add,
    case_lock,
    require_handler,
    require_officers_valid,
    require_text,
)
from zhifa.cases.services.docs import case_document_render, date_zh, officer_lines, time_zh
from zhifa.cases.services.remedies import remedy_context
from zhifa.cases.workflow import require_transition
from zhifa.catalog.constants import ItemType
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.records.constants import RecordForm, RecordStage
from zhifa.records.services.guards import av_required_for_kind, default_focus
from zhifa.records.services.records import AvFacts, av_explanation_submit, record_register

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.documents.models import GeneratedDocument

# Steps that take property or samples: the list of items is required.
ITEM_FIELD_ACTIONS = frozenset(
    {
        FieldActionKind.SEAL_UP,
        FieldActionKind.SEIZE,
        FieldActionKind.SAMPLING,
        FieldActionKind.PRESERVATION,
    }
)
# A permit application is examined (现场核查, 询问); it takes no coercive or evidence measures.
PERMIT_FIELD_ACTIONS = frozenset(
    {FieldActionKind.SITE_INSPECTION, FieldActionKind.INQUIRY, FieldActionKind.OTHER}
)
# 行政强制法 第二十五条: a seal-up or seizure lasts at most thirty days.
SEIZURE_PERIOD_DAYS = "三十"

_Q = re.compile(r"^\s*问\s*[：:]\s*(.*)$")
_A = re.compile(r"^\s*答\s*[：:]\s*(.*)$")


def parse_questions(text: str) -> list[dict[str, str]]:
    """The questions and answers of an inquiry from its record text: lines starting with 问：
    and 答：; a line without a marker continues the previous question or answer."""
    pairs: list[dict[str, str]] = []
    current: str | None = None
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        q, a = _Q.match(line), _A.match(line)
        if q:
            pairs.append({"question": q.group(1).strip(), "answer": ""})
            current = "question"
        elif a:
            if not pairs or pairs[-1]["answer"]:
                pairs.append({"question": "", "answer": ""})
            pairs[-1]["answer"] = a.group(1).strip()
            current = "answer"
        elif pairs and current:
            pairs[-1][current] = (pairs[-1][current] + line).strip()
    return [p for p in pairs if p["question"] or p["answer"]]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _clean_questions(questions: list[dict[str, Any]] | None) -> list[dict[str, str]]:
    out = []
    for qa in questions or []:
        q = str(qa.get("question", "") or "").strip()
        a = str(qa.get("answer", "") or "").strip()
        if q or a:
            out.append({"question": q, "answer": a})
    return out


def _check_times(started_at: dt.datetime, ended_at: dt.datetime) -> None:
    for value, field in ((started_at, "started_at"), (ended_at, "ended_at")):
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise DomainError("请填写完整的开始和结束时间。", code="invalid_time", field=field)
    if ended_at < started_at:
        raise DomainError(
            "结束时间不能早于开始时间。", code="ended_before_started", field="ended_at"
        )
    if ended_at > clock.now():
        raise DomainError(
            "结束时间不能晚于当前时间：调查措施完成后再记录。",
            code="time_in_future",
            field="ended_at",
        )


def _document(
    *,
    case: Case,
    actor: User,
    kind: str,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    place: str,
    officers: list[User],
    record: str,
    party_present: bool,
    witness: str,
    items: list[str],
    av_recorded: bool,
    av_note: str,
    correction_deadline: dt.date | None,
    questions: list[dict[str, str]],
    interviewee: dict[str, Any] | None,
) -> GeneratedDocument | None:
    """The step's official document, or None for "other" steps (recorded, no standard form)."""
    party = case.party
    people = officer_lines(officers)
    recorder = officer_lines([actor])[0]
    av = "全程录音录像" if av_recorded else (av_note or "")
    base: dict[str, Any] = {"officers": people, "recorder": recorder}
    if kind == FieldActionKind.SITE_INSPECTION:
        present = party.legal_representative or party.person_in_charge or party.name
        return case_document_render(
            case=case,
            actor=actor,
            template_code="site_inspection_record",
            context={
                **base,
                "time_from": time_zh(started_at),
                "time_to": time_zh(ended_at),
                "place": place,
                "present_name": present if party_present else witness,
                "present_id_number": "",
                "present_relation": "当事人（负责人）"
                if party_present
                else "见证人（当事人不在场）",
                "informed_reply": "表示看清了执法证件，听清了告知内容。"
                if party_present
                else "不在场，已邀请见证人到场见证。",
                "findings": record,
                "measures": "；".join(items) if items else "无。",
                "refused_to_sign": not party_present,
                "refusal_reason": "当事人不在场",
                "av_record": av,
                "witness_name": witness,
                "witness_id_number": "",
            },
            title="现场检查笔录",
        )
    if kind == FieldActionKind.INQUIRY:
        who = dict(interviewee or {})
        return case_document_render(
            case=case,
            actor=actor,
            template_code="inquiry_record",
            context={
                **base,
                "time_from": time_zh(started_at),
                "time_to": time_zh(ended_at),
                "place": place,
                "interviewee_name": who.get("name")
                or party.legal_representative
                or party.person_in_charge
                or party.name,
                "interviewee_gender": who.get("gender", ""),
                "interviewee_id_number": who.get("id_number", ""),
                "interviewee_employer": who.get("employer", party.name),
                "interviewee_address": who.get("address", party.address),
                "interviewee_phone": who.get("phone", party.phone),
                "interviewee_role": who.get("role", "当事人"),
                "rights_answer": who.get("rights_answer", "看清楚了，不申请回避。"),
                "questions": questions,
            },
            title="询问笔录",
        )
    if kind == FieldActionKind.ORDER_TO_CORRECT:
        return case_document_render(
            case=case,
            actor=actor,
            template_code="order_to_correct",
            context={
                **remedy_context(case.organisation),
                "facts": case.facts or record,
                "legal_basis": case.item_version.legal_basis,
                "order_basis": case.item_version.legal_basis,
                "measures": _lines(record),
                "deadline": correction_deadline.isoformat() if correction_deadline else "",
                "contact": recorder["name"],
                "contact_phone": case.organisation.phone,
            },
            title="责令改正通知书",
        )
    if kind in COERCIVE_FIELD_ACTIONS:
        return case_document_render(
            case=case,
            actor=actor,
            template_code="seizure_decision",
            context={
                **remedy_context(case.organisation),
                "measure": "查封" if kind == FieldActionKind.SEAL_UP else "扣押",
                "measure_on": date_zh(started_at),
                "place": place,
                "facts": record,
                "legal_basis": case.item_version.legal_basis,
                "period_days": SEIZURE_PERIOD_DAYS,
                "storage_place": place
                if kind == FieldActionKind.SEAL_UP
                else "本机关涉案财物保管场所",
                "av_record": av,
                "items": items,
            },
            title="查封决定书" if kind == FieldActionKind.SEAL_UP else "扣押决定书",
        )
    if kind in {FieldActionKind.PRESERVATION, FieldActionKind.SAMPLING}:
        preservation = kind == FieldActionKind.PRESERVATION
        title = "先行登记保存证据通知书" if preservation else "抽样取证通知书"
        return case_document_render(
            case=case,
            actor=actor,
            template_code="evidence_notice",
            context={
                **remedy_context(case.organisation),
                "notice_title": title,
                "list_title": "先行登记保存物品清单" if preservation else "抽样取证物品清单",
                "preservation": preservation,
                "measure_on": date_zh(started_at),
                "place": place,
                "legal_basis": case.item_version.legal_basis,
                "storage_place": place,
                "items": items,
            },
            title=title,
        )
    return None


def _register_av(**kwargs: Any) -> Any:
    """record_register with the errors pointing at the step form's ``av_*`` fields."""
    try:
        return record_register(**kwargs)
    except DomainError as exc:
        if exc.field in _AV_FORM_FIELDS:
            exc.field = _AV_FORM_FIELDS[exc.field]
        raise


_AV_FORM_FIELDS = {
    "media": "av_media",
    "device_kind": "av_device_kind",
    "precheck_device": "av_precheck_device",
    "precheck_battery": "av_precheck_battery",
    "precheck_storage": "av_precheck_storage",
    "announced": "av_announced",
}


@transaction.atomic
def field_action_record(
    *,
    case: Case,
    actor: User,
    kind: str,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    place: str,
    officers: list[User],
    certificate_shown: bool,
    party_informed: bool,
    record: str,
    party_present: bool = True,
    witness: str = "",
    items: str = "",
    av_recorded: bool = False,
    av_note: str = "",
    correction_deadline: dt.date | None = None,
    questions: list[dict[str, Any]] | None = None,
    interviewee: dict[str, Any] | None = None,
    av_media: str = "video",
    av_device_kind: str = "",
    av_device_label: str = "",
    av_precheck_device: bool = False,
    av_precheck_battery: bool = False,
    av_precheck_storage: bool = False,
    av_announced: bool = False,
) -> FieldAction:
    """Record a step taken on site or with the party, and make its document.

    - a handler records it; at least two handlers present, each declared and certified for the
      item's type on the day (R-1.1-12);
    - R-1.2-09 / R-1.14-10 / R-4.8-04: certificates shown and the party told the reason, basis,
      rights and obligations — both checked, or the step is refused;
    - R-4.8-05(1): the party absent → a witness; the record states times (ended ≥ started, not in
      the future) and place;
    - R-1.3-07 / R-1.3-05: seal-up, seizure and the items on the unit's AV list are recorded on
      audio and video, or the reason is explained in writing (R-1.3-11). "已音像记录" registers
      the step's AV record in the same transaction (times, place and officers of the step; the
      device and the R-1.3-10 pre-check and announcement from the form), which then waits for its
      file (R-1.3-13: 2 working days); the written note becomes an explanation pending the head's
      approval. Seal-up, seizure, sampling and preservation list the items;
    - documents: 现场检查笔录, 询问笔录 (问：/答： lines or ``questions``), 责令改正通知书 (with the
      correction deadline), 查封（扣押）决定书, 先行登记保存证据通知书 / 抽样取证通知书.
    """
    case = case_lock(case)
    require_transition(case, "field_action_record")
    if kind not in FieldActionKind.values:
        raise DomainError("请选择调查措施的种类。", code="invalid_kind", field="kind")
    if case.kind == ItemType.PERMIT and kind not in PERMIT_FIELD_ACTIONS:
        raise DomainError(
            f"行政许可审查中只能进行现场核查和询问，不能{FieldActionKind(kind).label}。",
            code="kind_not_for_permit",
            field="kind",
        )
    _check_times(started_at, ended_at)
    if case.filed_at is not None and started_at < case.filed_at:
        raise DomainError(
            f"调查措施应当在立案（受理）之后进行：本案于{time_zh(case.filed_at)}立案（受理）。"
            "立案前的检查情况请记入案件线索。",
            code="before_filing",
            field="started_at",
        )
    on_date = clock.local(started_at).date()
    require_handler(case, actor, on_date=on_date)
    require_officers_valid(case, list(officers), on_date=on_date)
    if not certificate_shown:
        raise DomainError(
            "执法人员须主动出示行政执法证件、表明身份后才能开展调查（R-1.2-09、R-1.14-10）："
            "请出示证件后勾选“已出示执法证件”。",
            code="certificate_not_shown",
            field="certificate_shown",
        )
    if not party_informed:
        raise DomainError(
            "须告知当事人执法事由、执法依据和权利义务（R-1.2-09、R-4.8-04）："
            "请告知后勾选“已告知事由、依据和权利义务”。",
            code="party_not_informed",
            field="party_informed",
        )
    place = require_text(place, field="place", what="地点")
    record = require_text(record, field="record", what="笔录内容")
    witness = (witness or "").strip()
    if not party_present and not witness:
        raise DomainError(
            "当事人不在场或者拒绝到场的，应当邀请在场的其他人员见证并记录（R-4.8-05）："
            "请填写见证人。",
            code="witness_required",
            field="witness",
        )
    av_note = (av_note or "").strip()
    av_required = av_required_for_kind(case, kind)
    if av_required and not av_recorded and not av_note:
        what = "查封、扣押" if kind in COERCIVE_FIELD_ACTIONS else "本单位音像记录事项清单所列事项"
        raise DomainError(
            f"{what}必须全程音像记录（R-1.3-07、R-1.3-05）；因客观原因中断或未能记录的，"
            "须书面说明情况（R-1.3-11），经负责人批准。",
            code="av_required",
            field="av_note",
        )
    item_list = _lines(items)
    if kind in ITEM_FIELD_ACTIONS and not item_list:
        raise DomainError(
            f"{FieldActionKind(kind).label}须列明物品清单（名称、规格、数量），每行一项。",
            code="items_required",
            field="items",
        )
    if kind == FieldActionKind.ORDER_TO_CORRECT:
        if correction_deadline is None:
            raise DomainError(
                "请填写责令改正的期限。", code="deadline_required", field="correction_deadline"
            )
        if correction_deadline <= on_date:
            raise DomainError(
                "改正期限应当在责令改正之日以后。",
                code="deadline_past",
                field="correction_deadline",
            )
    qa: list[dict[str, str]] = []
    if kind == FieldActionKind.INQUIRY:
        qa = _clean_questions(questions) or parse_questions(record)
        if not qa:
            raise DomainError(
                "询问笔录须记录问答内容：请逐行以“问：”“答：”开头记录。",
                code="questions_required",
                field="record",
            )
    step = FieldAction.objects.create(
        case=case,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        place=place[:200],
        certificate_shown=True,
        party_informed=True,
        party_present=party_present,
        witness=witness[:200],
        record=record,
        items="\n".join(item_list),
        av_recorded=av_recorded,
        av_note=av_note,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    step.officers.set(officers)
    document = _document(
        case=case,
        actor=actor,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        place=place,
        officers=list(officers),
        record=record,
        party_present=party_present,
        witness=witness,
        items=item_list,
        av_recorded=av_recorded,
        av_note=av_note,
        correction_deadline=correction_deadline,
        questions=qa,
        interviewee=interviewee,
    )
    if document is not None:
        step.document = document
        step.save(update_fields=["document"])
    label = FieldActionKind(kind).label
    av_record = None
    if av_recorded:
        av_record = _register_av(
            case=case,
            actor=actor,
            stage=RecordStage.INVESTIGATION,
            form=RecordForm.AUDIO_VIDEO,
            media=av_media,
            title=f"{label}音像记录（{place}）",
            field_action=step,
            av=AvFacts(
                started_at=started_at,
                ended_at=ended_at,
                place=place,
                reason=case.cause,
                target=case.party.name,
                officers=list(officers),
                device_kind=av_device_kind,
                device_label=av_device_label,
                precheck_device=av_precheck_device,
                precheck_battery=av_precheck_battery,
                precheck_storage=av_precheck_storage,
                announced=av_announced,
                focus=default_focus(kind),
            ),
            locked=True,
        )
    elif av_required and av_note:
        av_explanation_submit(
            case=case, actor=actor, reason=av_note, field_action=step, locked=True
        )
    case_event_add(
        case=case,
        actor=actor,
        action="field_action_record",
        summary=f"{label}：{place}（{time_zh(started_at)}）",
        payload={
            "field_action_id": step.pk,
            "kind": kind,
            "officer_ids": sorted(u.pk for u in officers),
            "certificate_shown": True,
            "party_informed": True,
            "party_present": party_present,
            "av_recorded": av_recorded,
            "av_record_id": av_record.pk if av_record is not None else None,
            "items": len(item_list),
            "correction_deadline": correction_deadline.isoformat() if correction_deadline else None,
        },
        document=document,
    )
    return step

"""The steps of a submission, one registry for the page and the API: each couples a form (the
page's POST or the API's JSON body) with the service that performs it. ``shown`` is a cheap
check (status and the viewer's standing, no queries) for which forms the page offers; the
service checks everything again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zhifa.legal_review import forms as f
from zhifa.legal_review.constants import SubmissionStatus as S
from zhifa.legal_review.forms import form_checklist
from zhifa.legal_review.services import clock, dispute, opinion, submission


@dataclass(frozen=True)
class Standing:
    """The viewer's standing on the submission (computed once per page)."""

    is_handler: bool = False
    is_reviewer: bool = False  # of the review body
    is_head: bool = False


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    form: type[f.StepForm]
    perform: Callable[..., Any]
    shown: Callable[[Any, Standing], bool]
    rule_ids: tuple[str, ...] = ()
    help: str = ""
    style: str = ""


def _material(*, submission: Any, actor: Any, data: dict[str, Any]) -> Any:
    return submission_mod.material_set(
        submission=submission,
        actor=actor,
        kind=data["kind"],
        document=data.get("document"),
        record=data.get("record"),
        text=data.get("text") or "",
        hearing_or_assessment_held=bool(data.get("hearing_or_assessment_held")),
    )


submission_mod = submission

STEPS: dict[str, Step] = {
    s.code: s
    for s in (
        Step(
            "material",
            "提交或补充送审材料",
            f.MaterialForm,
            _material,
            lambda sub, v: v.is_handler and sub.status in (S.SUBMITTED, S.INCOMPLETE),
            ("R-1.4-09", "R-1.4-17"),
            "每种材料一份：选择本案文书、记录，或填写内容。",
        ),
        Step(
            "resubmit",
            "补充后重新送审",
            f.EmptyForm,
            lambda *, submission, actor, data: submission_mod.submission_resubmit(
                submission=submission, actor=actor
            ),
            lambda sub, v: v.is_handler and sub.status == S.INCOMPLETE,
            ("R-1.4-09",),
            style="primary",
        ),
        Step(
            "check",
            "核对送审材料",
            f.CheckForm,
            lambda *, submission, actor, data: submission_mod.materials_check(
                submission=submission,
                actor=actor,
                complete=data["complete"],
                missing=list(data.get("missing") or []) or None,
                note=data.get("note") or "",
            ),
            lambda sub, v: v.is_reviewer and not v.is_handler and sub.status == S.SUBMITTED,
            ("R-1.4-09", "R-1.4-13"),
            "材料齐全的，自确认之日起10个工作日内完成审核；不全的，列明缺少的材料退回补充。",
            "primary",
        ),
        Step(
            "take",
            "承办审核（回避声明）",
            f.TakeForm,
            lambda *, submission, actor, data: submission_mod.reviewer_take(
                submission=submission,
                actor=actor,
                has_conflict=data["has_conflict"],
                ground=data.get("ground") or "",
                note=data.get("declaration_note") or "",
            ),
            lambda sub, v: (
                v.is_reviewer
                and not v.is_handler
                and not sub.reviewer_id
                and sub.status in (S.SUBMITTED, S.UNDER_REVIEW, S.PAUSED)
            ),
            ("R-1.4-06", "R-1.5-03"),
        ),
        Step(
            "participant",
            "登记联合审核参与单位",
            f.ParticipantForm,
            lambda *, submission, actor, data: submission_mod.participant_add(
                submission=submission,
                actor=actor,
                organisation=data["organisation"],
                note=data.get("note") or "",
            ),
            lambda sub, v: v.is_reviewer and sub.status in (S.SUBMITTED, S.UNDER_REVIEW, S.PAUSED),
            ("R-1.4-05",),
            "两个以上部门共同作出决定的，由牵头单位组织审核，其他单位参与。",
        ),
        Step(
            "pause",
            "暂停计时",
            f.PauseForm,
            lambda *, submission, actor, data: clock.pause_start(
                submission=submission, actor=actor, kind=data["kind"], reason=data["reason"]
            ),
            lambda sub, v: v.is_reviewer and sub.status == S.UNDER_REVIEW,
            ("R-1.4-15",),
            "补充材料、专家论证、提请解释期间不计入审核期限。",
        ),
        Step(
            "resume",
            "恢复计时",
            f.EmptyForm,
            lambda *, submission, actor, data: clock.pause_end(submission=submission, actor=actor),
            lambda sub, v: v.is_reviewer and sub.status == S.PAUSED,
            ("R-1.4-15",),
            style="primary",
        ),
        Step(
            "extension_request",
            "申请延长审核期限",
            f.ExtensionRequestForm,
            lambda *, submission, actor, data: clock.extension_request(
                submission=submission, actor=actor, reason=data["reason"]
            ),
            lambda sub, v: (
                v.is_reviewer and not sub.extended and sub.status in (S.UNDER_REVIEW, S.PAUSED)
            ),
            ("R-1.4-14",),
            "案件复杂的，经本机关负责人批准可以延长10个工作日（只能延长一次）。",
        ),
        Step(
            "extension_decide",
            "审批延长审核期限",
            f.ExtensionDecideForm,
            lambda *, submission, actor, data: clock.extension_decide(
                submission=submission,
                actor=actor,
                approve=data["approve"],
                note=data.get("note") or "",
            ),
            lambda sub, v: (
                v.is_head and not v.is_handler and bool(getattr(sub, "extension_pending", False))
            ),
            ("R-1.4-14",),
            style="primary",
        ),
        Step(
            "opinion",
            "出具审核意见",
            f.OpinionForm,
            lambda *, submission, actor, data: opinion.opinion_issue(
                submission=submission,
                actor=actor,
                opinion=data.get("opinion") or "",
                opinion_text=data.get("opinion_text") or "",
                checklist=form_checklist(data),
                has_conflict=data["has_conflict"],
                ground=data.get("ground") or "",
                note=data.get("declaration_note") or "",
            ),
            lambda sub, v: v.is_reviewer and not v.is_handler and sub.status == S.UNDER_REVIEW,
            ("R-1.4-06", "R-1.4-10", "R-1.4-11", "R-1.4-12"),
            "逐项填写审核要点的结论和理由，再选择审核意见并写明书面意见。",
            "primary",
        ),
        Step(
            "dispute",
            "对审核意见提出异议",
            f.DisputeForm,
            lambda *, submission, actor, data: dispute.dispute_raise(
                submission=submission, actor=actor, reasons=data["reasons"]
            ),
            lambda sub, v: (
                v.is_handler
                and sub.status == S.OPINION_ISSUED
                and sub.review.opinion in dispute.DISPUTABLE
                and not getattr(sub, "has_dispute", False)
            ),
            ("R-1.4-16",),
            "承办机构应当采纳审核意见（修订调查终结报告后重新送审）；有异议的，与法制审核机构沟通。",
        ),
        Step(
            "consult",
            "记录沟通结果",
            f.ConsultForm,
            lambda *, submission, actor, data: dispute.dispute_consult(
                submission=submission, actor=actor, result=data["result"], note=data["note"]
            ),
            lambda sub, v: (
                (v.is_handler or v.is_reviewer)
                and sub.status == S.DISPUTED
                and not getattr(sub, "consulted", False)
            ),
            ("R-1.4-16",),
        ),
        Step(
            "head_decide",
            "负责人决定",
            f.HeadDecideForm,
            lambda *, submission, actor, data: dispute.dispute_head_decide(
                submission=submission,
                actor=actor,
                decision=data["decision"],
                reasons=data["reasons"],
            ),
            lambda sub, v: (
                v.is_head
                and not v.is_handler
                and sub.status == S.DISPUTED
                and bool(getattr(sub, "consulted", False))
            ),
            ("R-1.4-16", "R-1.14-06"),
            "经沟通仍不能达成一致的，由负责人决定；应当集体讨论的，先记录集体讨论。",
            "primary",
        ),
    )
}


def get(code: str) -> Step | None:
    return STEPS.get(code)

"""Time-limit specs: one per [deadline] rule, consistent with each other and with Appendix A."""

from __future__ import annotations

import re

import pytest

from zhifa.law import registry
from zhifa.law.catalogue import load_catalogue
from zhifa.law.time_limits import (
    NOT_TIME_LIMITS,
    TIME_LIMITS,
    TimeLimitSpec,
    TimeLimitSpecError,
    describe_zh,
)

# Appendix A units → spec units.
_UNITS = {"WD": "workday", "days": "day", "h": "hour", "min": "minute", "month": "month"}
_UNITS["years"] = "year"
_PERIOD_RE = re.compile(r"^(?:after |≤ )?\+?(\d+)(?: \(generally\))?$")


def test_every_deadline_rule_has_a_time_limit_spec():
    assert registry.missing_time_limits() == []
    deadline_rules = [r for r in load_catalogue()["rules"] if "deadline" in r["types"]]
    assert len(deadline_rules) == 66


def test_every_time_limit_spec_belongs_to_a_registered_rule():
    assert registry.unregistered_time_limits() == []


def test_specs_that_refer_to_each_other_agree():
    assert registry.inconsistent_time_limits() == []


def test_every_rule_of_appendix_a_has_a_spec_or_a_documented_reason():
    assert registry.appendix_a_without_spec() == []
    for rule_id in NOT_TIME_LIMITS:
        assert registry.is_registered(rule_id)
        assert rule_id not in TIME_LIMITS


def test_periods_and_units_agree_with_appendix_a():
    """Every Appendix A row with one number and one unit matches the spec of its rules."""
    checked = 0
    for row in load_catalogue()["deadline_digest"]:
        match = _PERIOD_RE.match(row["period"])
        unit = _UNITS.get(row["unit"])
        if not match or unit is None:
            continue
        number = int(match.group(1))
        for rule_id in row["rules"]:
            spec = TIME_LIMITS[rule_id]
            if spec.modifies and row["period"].lstrip("≤ ").startswith("+"):
                assert (spec.duration, spec.unit) == (number, unit), rule_id
            elif row["period"].startswith("after"):
                assert spec.timing == "after", rule_id
                assert (spec.duration, spec.unit) == (number, unit), rule_id
            else:
                assert (spec.duration, spec.unit) == (number, unit), rule_id
            checked += 1
    assert checked >= 55


@pytest.mark.parametrize(
    ("rule_id", "duration", "unit", "start_event"),
    [
        ("R-1.2-12", 7, "workday", "decision.made"),
        ("R-1.2-11", 20, "workday", "decision.made"),
        ("R-1.1-20", 5, "workday", "inspection.completed"),
        ("R-1.6-08", 10, "workday", "dishonesty_lead.registered"),
        ("R-2.2-02", 3, "workday", "jurisdiction.not_own_found"),
        ("R-2.2-03", 24, "hour", "jurisdiction.not_own_found"),
        ("R-2.3-05", 3, "day", "police.missing_materials_notice_received"),
        ("R-3.12-10", 1, "month", "team_decision.made"),
        ("R-3.8-04", 3, "year", "invited_supervisor.appointed"),
        ("R-4.4-03", 20, "minute", "emergency_order.issued"),
    ],
)
def test_selected_specs(rule_id, duration, unit, start_event):
    spec = registry.time_limit_spec(rule_id)
    assert (spec.duration, spec.unit, spec.start_event) == (duration, unit, start_event)


def test_start_points_follow_appendix_b_where_the_text_is_silent():
    assert TIME_LIMITS["R-1.1-20"].start_source == "AMB-1.1-a"
    assert TIME_LIMITS["R-1.6-08"].start_source == "AMB-1.6-c"
    assert TIME_LIMITS["R-1.6-10"].start_source == "AMB-1.6-c"
    assert TIME_LIMITS["R-1.6-13"].start_source == "AMB-1.6-c"
    assert TIME_LIMITS["R-2.2-02"].start_source == "AMB-2.2-a"
    assert TIME_LIMITS["R-2.4-05"].start_source == "AMB-2.4-a"
    assert TIME_LIMITS["R-1.4-13"].start_source == "AMB-1.4-b"


def test_legal_review_period_is_extendable_once_by_the_head_and_pauses():
    spec = TIME_LIMITS["R-1.4-13"]
    assert spec.extendable and (spec.extension_max, spec.extension_unit) == (10, "workday")
    assert spec.extension_approver == "unit_head"
    assert spec.pausable and spec.pause_reasons == (
        "materials_supplement",
        "expert_argumentation",
        "interpretation_request",
    )
    assert (spec.extension_rule, spec.pause_rule) == ("R-1.4-14", "R-1.4-15")
    assert not TIME_LIMITS["R-1.4-14"].opens_obligation
    assert not TIME_LIMITS["R-1.4-15"].opens_obligation


def test_complaint_period_extension_and_consultation_extension():
    complaint = TIME_LIMITS["R-4.2-10"]
    assert (complaint.extension_max, complaint.extension_unit) == (30, "day")
    assert complaint.extension_approver == "unit_head"
    consultation = TIME_LIMITS["R-2.6-13"]
    assert (consultation.extension_max, consultation.extension_unit) == (10, "workday")
    assert consultation.extension_approver is None


def test_periods_a_law_may_override_are_marked_per_amb_g_e():
    for rule_id in ("R-1.2-11", "R-1.2-12", "R-1.3-13", "R-1.3-14", "R-1.4-13", "R-2.3-21"):
        assert TIME_LIMITS[rule_id].overridable_by_item, rule_id
    assert not TIME_LIMITS["R-4.2-05"].overridable_by_item


def test_deadlines_without_a_number_are_user_set_never_invented():
    user_set = {rid for rid, s in TIME_LIMITS.items() if s.is_user_set}
    assert user_set == {"R-1.5-15", "R-1.7-07", "R-2.6-07", "R-3.9-04"}
    for rule_id in user_set:
        assert TIME_LIMITS[rule_id].duration is None


def test_rights_windows_lapse_instead_of_going_overdue():
    for rule_id in ("R-1.6-11", "R-4.3-12", "R-3.5-13"):
        assert TIME_LIMITS[rule_id].on_expiry == "lapses", rule_id
    assert TIME_LIMITS["R-1.2-12"].on_expiry == "overdue"


def test_duplicate_duties_open_one_obligation():
    assert TIME_LIMITS["R-1.12-04"].same_as == "R-1.2-12"
    assert TIME_LIMITS["R-1.14-13"].same_as == "R-1.13-02"
    assert TIME_LIMITS["R-1.2-12"].opens_obligation


def test_recurring_duties():
    assert TIME_LIMITS["R-1.1-09"].recurring == "yearly"
    assert TIME_LIMITS["R-1.1-09"].min_occurrences == 2
    assert TIME_LIMITS["R-2.3-26"].recurring == "quarterly"
    assert TIME_LIMITS["R-2.7-05"].soft


def test_describe_in_chinese():
    assert describe_zh(TIME_LIMITS["R-1.2-12"]) == "7 个工作日，自行政许可、行政处罚决定作出之日起"
    review = describe_zh(TIME_LIMITS["R-1.4-13"])
    assert review.startswith("10 个工作日，自法制审核机构收到完备的送审材料之日起")
    assert "可延长不超过 10 个工作日（须经单位负责人批准）" in review
    assert "补充材料、专家论证、提请解释期间不计入" in review
    assert describe_zh(TIME_LIMITS["R-3.9-04"]).startswith("无法定期限（由承办人设定期限）")
    assert describe_zh(TIME_LIMITS["R-2.2-05"]).endswith("情况紧急的 24 小时")
    assert describe_zh(TIME_LIMITS["R-4.1-08"]).startswith("满 15 日后")
    assert describe_zh(TIME_LIMITS["R-4.3-12"]).endswith("逾期视为放弃")
    assert describe_zh(TIME_LIMITS["R-1.1-09"]).startswith("每年，1 年（不少于 2 次）")


def test_time_limit_spec_raises_for_unknown_rules_and_rules_without_a_spec():
    with pytest.raises(registry.UnknownRule):
        registry.time_limit_spec("-".join(["R", "9.9", "01"]))  # not a real id
    with pytest.raises(KeyError):  # UnknownRule is a KeyError
        registry.time_limit_spec("nonsense")
    with pytest.raises(registry.NoTimeLimit, match="R-1.1-01 has no time-limit spec"):
        registry.time_limit_spec("R-1.1-01")


_BASE = {
    "duration": 5,
    "unit": "workday",
    "start_event": "thing.happened",
    "start_text": "自某事发生之日起",
    "fulfilled_by": "thing.done",
    "fulfilled_text": "办结",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit": "user_set"}, "duration=None"),
        ({"duration": None}, "positive duration"),
        ({"duration": 0}, "positive duration"),
        ({"unit": "fortnight"}, "unknown unit"),
        ({"start_event": "Decision made"}, "start_event"),
        ({"fulfilled_text": ""}, "required"),
        ({"extension_max": 10, "extension_unit": "workday"}, "extendable=True"),
        ({"extendable": True, "extension_approver": "mayor"}, "not a Role"),
        ({"pause_reasons": ("materials_supplement",)}, "pausable=True"),
        ({"pausable": True, "pause_reasons": ("lunch",)}, "unknown pause reasons"),
        ({"urgent_duration": 24}, "go together"),
        ({"min_occurrences": 2}, "recurring"),
        ({"modifies": "1.4-13"}, "not a rule id"),
        ({"responsible": "mayor"}, "not a known body"),
        ({"start_source": "guess"}, "start_source"),
    ],
)
def test_contradictory_specs_are_refused(changes, message):
    with pytest.raises(TimeLimitSpecError, match=message):
        TimeLimitSpec(**{**_BASE, **changes})


def test_specs_are_frozen_and_keyword_only():
    spec = TimeLimitSpec(**_BASE)
    with pytest.raises(AttributeError):
        spec.duration = 6  # type: ignore[misc]
    with pytest.raises(TypeError):
        TimeLimitSpec(5, "workday", "a.b", "x", "c.d", "y")  # type: ignore[misc]

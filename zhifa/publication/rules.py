"""Rules of the catalogue this app implements (collected by zhifa.law.registry)."""

from zhifa.law.registry import RuleStatus

E, R, REC = RuleStatus.ENFORCED, RuleStatus.REMINDED, RuleStatus.RECORDED

IMPLEMENTS: dict[str, RuleStatus] = {}

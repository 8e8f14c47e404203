"""Rules of the catalogue this app implements (collected by zhifa.law.registry)."""

from zhifa.law.registry import RuleStatus

IMPLEMENTS: dict[str, RuleStatus] = {
    # --- officers area ---
    "R-1.7-10": RuleStatus.ENFORCED,
    # --- training area ---
}

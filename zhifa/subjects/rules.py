"""Rules of the catalogue this app implements (collected by zhifa.law.registry)."""

from zhifa.law.registry import RuleStatus

IMPLEMENTS = {
    # The inspection-target directory records the fields the rule lists (MarketEntity).
    "R-1.1-02": RuleStatus.RECORDED,
}

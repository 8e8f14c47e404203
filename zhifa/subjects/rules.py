"""Rules of the catalogue this app implements (collected by zhifa.law.registry)."""

from zhifa.law.registry import RuleStatus

IMPLEMENTS = {
    # The inspection-target directory records the fields the rule lists (MarketEntity), with
    # validated identifiers, bulk import and export.
    "R-1.1-02": RuleStatus.RECORDED,
    # The flags that raise the inspection intensity (abnormal list with date, serious violation,
    # complaints counter, higher-level requirement) and the computed indicator; the draw
    # weighting that uses them comes with the random-inspection module.
    "R-1.1-10": RuleStatus.RECORDED,
}

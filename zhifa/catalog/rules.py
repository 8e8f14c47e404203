"""Rules of the catalogue this app implements (collected by zhifa.law.registry)."""

from zhifa.law.registry import RuleStatus

IMPLEMENTS: dict[str, RuleStatus] = {
    # --- items area ---
    "R-1.1-01": RuleStatus.ENFORCED,  # random-inspection list: required fields per entry
    "R-1.1-06": RuleStatus.ENFORCED,  # the list is public and republished on every change
    "R-1.2-07": RuleStatus.ENFORCED,  # subject directory confirmed by the county, published
    "R-1.3-05": RuleStatus.ENFORCED,  # audio-video recording list: item, content, stage, method
    "R-1.4-08": RuleStatus.ENFORCED,  # major-decision list: fields, filed with the JB (snapshot)
    "R-1.5-15": RuleStatus.ENFORCED,  # an item's time limit may not be empty
    "R-1.8-01": RuleStatus.ENFORCED,  # the JB reviews and publishes catalogue adjustments
    "R-1.8-02": RuleStatus.ENFORCED,  # item elements required
    "R-1.8-03": RuleStatus.ENFORCED,  # the ten item types
    "R-1.8-04": RuleStatus.ENFORCED,  # item_require_in_catalogue
    "R-1.8-05": RuleStatus.RECORDED,  # the adjustment trigger is recorded on every version
    "R-1.8-06": RuleStatus.ENFORCED,  # proposed → JB reviewed → government approved → published
    # --- shared with personnel (officer list) ---
    # (1) subjects, (2) item and random-inspection lists, (3) officers (personnel), (4) item
    # basis, conditions, procedure, time limit and benchmark, (5) remedies are published; the
    # annual statistics report and the service guides come with the publication module.
    "R-1.2-08": RuleStatus.RECORDED,
    # --- discretion area ---
    "R-1.5-02": RuleStatus.ENFORCED,  # benchmark tiers within the law; penalties outside refused
    "R-1.5-06": RuleStatus.ENFORCED,  # published benchmarks on the public pages (standards part)
    "R-1.5-07": RuleStatus.ENFORCED,  # issued as normative documents with number and time limit
    "R-1.5-09": RuleStatus.ENFORCED,  # structure per violation; suggestion; departures need reasons
}

"""Rules of the catalogue this app implements (collected by zhifa.law.registry)."""

from zhifa.law.registry import RuleStatus

IMPLEMENTS: dict[str, RuleStatus] = {
    # --- officers area ---
    "R-1.7-10": RuleStatus.ENFORCED,
    # --- training area ---
    "R-1.10-01": RuleStatus.RECORDED,  # officer records without induction on the worklist
    "R-1.10-02": RuleStatus.REMINDED,  # 待入职培训 worklist
    "R-1.10-03": RuleStatus.RECORDED,  # curriculum as the session's content
    "R-1.10-04": RuleStatus.ENFORCED,  # formats are an enumeration
    "R-1.10-05": RuleStatus.ENFORCED,  # JB assessment passed sets induction_passed_on
    "R-1.11-01": RuleStatus.ENFORCED,  # certificate holders get the yearly rotation duty
    "R-1.11-02": RuleStatus.RECORDED,  # format and content of rotation sessions
    "R-1.11-03": RuleStatus.REMINDED,  # yearly obligation in the deadline engine (soft)
    "R-1.11-04": RuleStatus.ENFORCED,  # 100-point scale, 60 passes
    "R-1.11-05": RuleStatus.ENFORCED,  # one make-up; JB decides withhold/cancel with a reason
    "R-1.11-06": RuleStatus.RECORDED,  # yearly summary; 限期补课 with a user-set date
    "R-3.1-02": RuleStatus.RECORDED,  # training sessions are planned and recorded
}

"""Rules of the catalogue this app implements (collected by zhifa.law.registry)."""

from zhifa.law.registry import RuleStatus

IMPLEMENTS: dict[str, RuleStatus] = {
    # --- officers area ---
    "R-1.1-03": RuleStatus.ENFORCED,  # inspector directory: only certified, eligible officers
    "R-1.7-01": RuleStatus.ENFORCED,  # no valid certificate, no enforcement act
    "R-1.7-02": RuleStatus.ENFORCED,  # applied through the JB; type and number on it
    "R-1.7-03": RuleStatus.ENFORCED,  # eligibility: establishment, post, both law exams
    "R-1.7-04": RuleStatus.ENFORCED,  # one person, one certificate; only its types
    "R-1.7-05": RuleStatus.RECORDED,  # the public verifies a certificate number
    "R-1.7-06": RuleStatus.ENFORCED,  # equivalent certificates filed with the JB
    "R-1.7-07": RuleStatus.ENFORCED,  # annual review; missed or failed means invalid
    "R-1.7-08": RuleStatus.RECORDED,  # certificate management file filed with the JB
    "R-1.7-09": RuleStatus.ENFORCED,  # lost -> void -> reissue
    "R-1.7-10": RuleStatus.ENFORCED,  # withhold, revoke, cancel, surrender
    "R-3.1-08": RuleStatus.ENFORCED,  # no certificate, no enforcement
    "R-3.1-09": RuleStatus.ENFORCED,  # who may apply
    "R-3.1-10": RuleStatus.ENFORCED,  # excluded persons: no certificate, no OFFICER role
    "R-3.1-11": RuleStatus.RECORDED,  # show the certificate on duty: card with QR code
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

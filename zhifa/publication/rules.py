"""Rules of the catalogue this app implements (collected by zhifa.law.registry).

ENFORCED: the services refuse what the rule forbids; REMINDED: a time limit runs in the deadline
engine; RECORDED: the step or the information is recorded / published as the rule requires.
R-1.2-11 / R-1.2-12 / R-1.12-04 (the publication limits) are opened by the cases app and
declared there; publishing here fulfils them.
"""

from zhifa.law.registry import RuleStatus

E, R, REC = RuleStatus.ENFORCED, RuleStatus.REMINDED, RuleStatus.RECORDED

IMPLEMENTS: dict[str, RuleStatus] = {
    "R-1.2-04": E,  # 谁执法、谁公示: the unit's officers draft, its reviewers check, its head approves
    "R-1.2-05": E,  # nothing unreviewed is published
    "R-1.2-13": E,  # full document or summary: subject, target, category, conclusion, date
    "R-1.2-14": E,  # state secrets, legally barred, security risks: never published
    "R-1.2-15": E,  # third-party secrets and privacy: withheld unless consent / public interest
    "R-1.2-06": E,  # every public page links to the county government portal (footer)
    "R-1.2-08": E,  # the mandatory list on the portal: powers, guides, flowcharts, remedies, report
    "R-1.2-10": E,  # service guides of permit and service items
    "R-1.2-16": E,  # disclosure applications received on the portal and routed to the unit
    "R-1.2-17": REC,  # updates record their trigger and are shown with date and reason
    "R-1.2-18": E,  # correction requests: received → verifying → corrected / forwarded / referred / rejected
    "R-1.2-19": REC,  # complaint channels about publicity (footer, remedies page)
    "R-1.12-01": REC,  # scope: permit, penalty and coercion decisions (category)
    "R-1.12-02": E,  # exceptions reviewed, reasoned, filed with the legal review body
    "R-1.12-03": REC,  # channels
    "R-1.12-05": E,  # drafted → legal_checked → head_approved → published
    "R-1.12-06": E,
    "R-1.12-07": E,  # anyone with evidence may demand correction (the same request workflow)  # withdrawal / update through the same review, shown on the portal
}

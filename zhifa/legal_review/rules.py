"""Rules of the catalogue this app implements (collected by zhifa.law.registry).

ENFORCED: the services refuse what the rule forbids; REMINDED: a time limit runs in the deadline
engine; RECORDED: the step is recorded as the rule requires.
"""

from zhifa.law.registry import RuleStatus

E, R, REC = RuleStatus.ENFORCED, RuleStatus.REMINDED, RuleStatus.RECORDED

IMPLEMENTS = {
    "R-1.4-01": E,  # only the unit's legal review body (legal reviewers) checks and reviews
    "R-1.4-02": E,  # the gate: approve, or the head's decision to proceed after a dispute
    "R-1.4-04": REC,  # reviewers per enforcement officers against 5 % (stats.py, helper M)
    "R-1.4-05": REC,  # joint decisions: the lead unit organises, the others take part
    "R-1.4-06": E,  # own case refused; a declared direct interest removes the reviewer
    "R-1.4-09": E,  # the required materials; only a complete set starts the clock
    "R-1.4-10": E,  # every checklist point answered with a finding and a reason
    "R-1.4-11": E,  # one of the four opinions, in writing; transfer marks the crime
    "R-1.4-12": REC,  # the opinion document in two copies (documents.py, helper M)
    "R-1.4-13": R,  # 10 working days from complete materials
    "R-1.4-14": E,  # one extension of 10 working days, approved by a head who does not handle
    "R-1.4-15": E,  # pauses for materials, expert argumentation, interpretation
    "R-1.4-16": E,  # dispute → consultation → the head decides (collective discussion first)
    "R-1.4-17": REC,  # the handling unit provides the materials (handlers only)
}

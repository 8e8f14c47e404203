"""Rules of the catalogue this app implements (collected by zhifa.law.registry).

ENFORCED: the services refuse what the rule forbids; REMINDED: a time limit runs in the deadline
engine; RECORDED: the step is recorded as the rule requires. The code that does it names the
rule in its docstring and a test names it in its name.
"""

from zhifa.law.registry import RuleStatus

E, R, REC = RuleStatus.ENFORCED, RuleStatus.REMINDED, RuleStatus.RECORDED

IMPLEMENTS = {
    # --- numbers and the file (services/numbering.py, filing.py, closure.py) -----------------
    "R-1.9-04": E,  # one case, one number per unit, year and kind; gap-free, concurrent-safe
    "R-1.9-03": E,  # closure reviewed by the head, then handed to the archive
    "R-1.14-11": E,  # after archiving nothing is added or removed (archive lock)
    "R-1.14-12": E,  # the designated person (archivist) archives
    # --- who may act (services/common.py, officers.py, filing.py, investigation.py) ----------
    "R-1.1-12": E,  # at least two officers with valid certificates handle a case
    "R-4.6-03": E,  # no solo enforcement
    "R-1.5-03": E,  # recusal: handlers, approvers, reviewers, discussants, hearing hosts
    "R-1.4-06": E,  # a reviewer with an interest recuses
    "R-1.5-18": E,  # the hearing host did not investigate
    "R-1.2-09": E,  # certificate shown and party informed on every field step and service
    "R-1.14-10": E,  # officers identify themselves and show their certificate
    "R-4.8-04": E,  # show the certificate, tell the reason, basis and remedies
    "R-4.8-05": E,  # investigation: witness when the party is absent, on-site record
    "R-1.3-07": E,  # seal-up, seizure and coercive acts need AV or a written note
    "R-1.3-11": REC,  # an interruption of the AV record is explained in writing
    # --- clues and transfers (services/clues.py, crime.py) -----------------------------------
    "R-2.2-02": R,  # transfer to the competent unit within 3 working days
    "R-2.2-03": R,  # urgent: within 24 hours
    "R-2.2-04": E,  # transfers approved by the head, in writing, one case per transfer
    "R-2.2-10": E,  # a suspected crime is transferred; no penalty instead
    "R-3.1-06": E,  # the same duty in the supervision system
    "R-2.3-03": E,  # the transfer package to the police
    "R-2.3-16": E,  # the transfer is filed with the procuratorate
    # --- report, discretion, review (services/report.py, review.py, selectors/similar.py) ----
    "R-1.5-02": E,  # a penalty within the statutory types and range
    "R-4.8-03": E,  # the benchmark is applied; a departure needs a written reason
    "R-1.5-04": REC,  # similar past decisions are shown beside the proposal
    "R-1.4-07": E,  # when a decision is major
    "R-1.4-02": E,  # no major decision without a passed legal review
    "R-1.4-11": E,  # the four written opinions
    "R-1.4-13": R,  # the review within 10 working days
    # --- notice, hearing, discussion, decision (services/notice.py, discussion.py, decision.py)
    "R-1.5-17": E,  # written notice of facts, reasons and basis before deciding
    "R-1.14-08": E,  # the party states and defends before, and is told the remedies at, the decision
    "R-1.14-06": E,  # collective discussion of major matters
    "R-1.5-15": R,  # the item's own handling period runs from filing
    "R-1.2-12": R,  # permit and penalty decisions published within 7 working days
    "R-1.12-04": R,  # the same duty in the publication system
    "R-1.2-11": R,  # other decisions within 20 working days
    # --- service, execution (services/service.py, execution.py) ------------------------------
    "R-2.3-25": E,  # court enforcement only after the performance period lapsed unperformed
    "R-4.6-04": E,  # no fine without the official receipt
    "R-4.8-08": E,  # electronic service only with the consent noted
    "R-1.8-04": E,  # only items of the unit's catalogue (checked when a case is opened)
}

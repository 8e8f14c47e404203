"""Rules of the catalogue this app implements (collected by zhifa.law.registry).

ENFORCED: the services (or the database) refuse what the rule forbids; REMINDED: a time limit
runs in the deadline engine; RECORDED: the step is recorded as the rule requires. The code that
does it names the rule in its docstring and a test names it in its name.
"""

from zhifa.law.registry import RuleStatus

E, R, REC = RuleStatus.ENFORCED, RuleStatus.REMINDED, RuleStatus.RECORDED

IMPLEMENTS = {
    # --- what is recorded (services/records.py) ------------------------------------------------
    "R-1.3-02": REC,  # every stage, written and audio-video forms
    "R-1.3-04": E,  # the written record is the basic form; AV may be omitted unless mandatory
    "R-1.3-06": REC,  # records typed into the system or scanned: the electronic case file
    "R-1.3-09": REC,  # the focus points of an AV record
    "R-1.3-10": E,  # device, battery and storage checked and the start announced, for audio/video
    "R-1.3-11": E,  # an interruption: the cause, and a written note where not stated by voice
    # --- mandatory audio-video (services/guards.py; cases report, closure, decision) ----------
    "R-1.3-05": E,  # the unit's audio-video list makes recording of its items mandatory
    "R-1.3-07": E,  # seal-up, seizure and coercive acts: AV stored or the head's approved note
    "R-1.3-08": REC,  # situation-dependent recording is prompted on the field-step form
    # --- storage (services/records.py, services/files.py, storage.py) ------------------------
    "R-1.3-13": R,  # AV stored within 2 working days of completion
    "R-1.3-14": R,  # or within 2 working days of the return to the unit, with the reason
    # --- access, release, immutability, supervision (services/access.py, releases.py,
    # verify.py, triggers.py) ------------------------------------------------------------------
    "R-1.3-16": E,  # no release outside the unit without the head; the party's access request
    "R-1.3-17": E,  # supervisors play back any unit's records; every access is logged
    "R-1.3-18": E,  # originals never altered or deleted (triggers), verified on every read
    "R-1.3-19": REC,  # the supervision flags: missing AV, late storage, missing/altered files
}

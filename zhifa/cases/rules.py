"""Rules of the catalogue this app implements (collected by zhifa.law.registry)."""

from zhifa.law.registry import RuleStatus

IMPLEMENTS = {
    # --- case numbers (zhifa/cases/services/numbering.py) ---
    # One case, one number (一案一号) per unit, year and kind of act, gap-free and unique under
    # concurrent filing. The filing of the case file by act type, year and organisation comes
    # with the case file itself.
    "R-1.9-04": RuleStatus.RECORDED,
}

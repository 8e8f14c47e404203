"""Constants of the cases app (names from ../shared/spec/glossary.md)."""

from __future__ import annotations

from zhifa.catalog.constants import ItemType

# Plausible years of a case number (年度): refuses typos such as 226 or 20266.
CASE_NUMBER_MIN_YEAR = 2000
CASE_NUMBER_MAX_YEAR = 2100

# The character that marks the kind of act in a case number. A unit's ``document_prefix`` is
# its penalty prefix (e.g. 临猗市监罚); the other kinds replace a final 罚 by their own mark
# (临猗市监许, 临猗市监强, …) or, when the prefix has no 罚, append it — so the numbers of the
# different kinds of one unit never read the same.
PENALTY_MARK = "罚"
KIND_MARKS: dict[str, str] = {
    ItemType.PERMIT: "许",
    ItemType.PENALTY: PENALTY_MARK,
    ItemType.COERCION: "强",
    ItemType.LEVY: "征",
    ItemType.BENEFIT: "给",
    ItemType.INSPECTION: "检",
    ItemType.CONFIRMATION: "确",
    ItemType.REWARD: "奖",
    ItemType.ADJUDICATION: "裁",
    ItemType.OTHER: "其",
}

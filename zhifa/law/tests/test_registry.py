"""The registry API, status declarations, and the source scan that traces rules to code."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhifa.law import registry
from zhifa.law.constants import RuleStatus
from zhifa.law.registry import Declaration
from zhifa.law.scanning import classify, scan_source, scan_tree

UNKNOWN_ID = "-".join(["R", "9.9", "99"])  # built at run time: the scan must not see it here


@pytest.fixture
def fresh_registry():
    registry.reset_caches()
    yield
    registry.reset_caches()


# --- the registry API --------------------------------------------------------------------------
def test_get_rule_returns_the_catalogue_row_with_its_spec():
    rule = registry.get_rule("R-1.2-12")
    assert rule.id == "R-1.2-12"
    assert rule.system == "1.2"
    assert rule.system_title == "行政执法公示办法"
    assert rule.part == "1"
    assert rule.citation == "P1.S2 Art13"
    assert rule.types == ("deadline", "publication")
    assert rule.soft is False
    assert rule.title and rule.title_en
    assert "7 WD" in rule.text_en
    assert "7个工作日" in rule.text_zh
    assert rule.time_limit is not None and rule.time_limit.duration == 7
    assert isinstance(rule.status, RuleStatus)
    assert isinstance(rule.implemented_by, tuple) and isinstance(rule.tested_by, tuple)


def test_unknown_rule_is_a_key_error():
    with pytest.raises(registry.UnknownRule) as excinfo:
        registry.get_rule(UNKNOWN_ID)
    assert isinstance(excinfo.value, KeyError)
    assert excinfo.value.rule_id == UNKNOWN_ID
    assert not registry.is_registered(UNKNOWN_ID)
    assert registry.is_registered("R-4.9-23")


def test_all_rules_in_document_order_and_grouped_by_system():
    rules = registry.all_rules()
    assert len(rules) == 543
    assert rules[0].id == "R-1.1-01" and rules[-1].id == "R-4.9-23"
    ids = [r.id for r in rules]
    assert ids.index("R-1.9-19") < ids.index("R-1.10-01")
    grouped = registry.rules_by_system()
    assert len(grouped) == 44
    assert list(grouped)[:3] == ["1.1", "1.2", "1.3"]
    assert list(grouped)[9] == "1.10"
    assert len(grouped["1.4"]) == 18
    assert sum(len(v) for v in grouped.values()) == 543


def test_rules_without_a_declaration_are_not_yet_implemented():
    declared = registry.declared_statuses()
    for rule in registry.all_rules():
        if rule.id not in declared:
            assert rule.status == RuleStatus.NOT_YET
            assert rule.declared_by == ()


def test_subparts_and_soft_flags_reach_the_rule():
    assert registry.get_rule("R-2.3-04").subpart == "2.3-A"
    assert registry.get_rule("R-1.4-04").soft is True


def test_related_ambiguities_come_from_the_system_the_spec_and_the_text():
    ids = {a.id for a in registry.ambiguities_for(registry.get_rule("R-1.1-20"))}
    assert {"AMB-1.1-a", "AMB-G-b"} <= ids
    ids = {a.id for a in registry.ambiguities_for(registry.get_rule("R-1.2-12"))}
    assert {"AMB-G-e", "AMB-1.2-a", "AMB-G-b"} <= ids
    assert "AMB-G-c" not in ids
    ids = {a.id for a in registry.ambiguities_for(registry.get_rule("R-3.9-04"))}
    assert "AMB-G-d" in ids


# --- status declarations -----------------------------------------------------------------------
def test_declarations_merge_and_the_strongest_status_wins():
    merged = registry.merge_declarations(
        [
            ("deadlines", SimpleNamespace(IMPLEMENTS={"R-1.2-12": RuleStatus.REMINDED})),
            ("cases", SimpleNamespace(IMPLEMENTS={"R-1.2-12": "enforced", "R-1.4-02": "recorded"})),
            ("quiet", SimpleNamespace()),
        ]
    )
    assert merged["R-1.2-12"] == Declaration(RuleStatus.ENFORCED, ("deadlines", "cases"))
    assert merged["R-1.4-02"] == Declaration(RuleStatus.RECORDED, ("cases",))


def test_a_bad_declaration_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="not a RuleStatus"):
        registry.merge_declarations([("x", SimpleNamespace(IMPLEMENTS={"R-1.2-12": "done"}))])
    with pytest.raises(ImproperlyConfigured, match="must be a dict"):
        registry.merge_declarations([("x", SimpleNamespace(IMPLEMENTS=["R-1.2-12"]))])


def test_declared_status_reaches_the_rule(fresh_registry, monkeypatch):
    monkeypatch.setattr(
        registry,
        "declared_statuses",
        lambda: {"R-1.2-12": Declaration(RuleStatus.REMINDED, ("deadlines",))},
    )
    rule = registry.get_rule("R-1.2-12")
    assert rule.status == RuleStatus.REMINDED
    assert rule.declared_by == ("deadlines",)


def test_declarations_of_the_installed_apps_name_registered_rules():
    assert registry.unregistered_declarations() == []


def test_declared_rules_are_named_by_code_and_by_tests():
    assert registry.declarations_without_code_or_tests() == []


def test_declaration_without_code_or_tests_is_reported(monkeypatch, tmp_path):
    monkeypatch.setattr(
        registry,
        "declared_statuses",
        lambda: {
            "R-1.2-12": Declaration(RuleStatus.ENFORCED, ("cases",)),
            "R-1.2-11": Declaration(RuleStatus.NOT_YET, ("cases",)),
        },
    )
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "rules.py").write_text('IMPLEMENTS = {"R-1.2-12": "enforced"}\n')
    scan = scan_tree(tmp_path, prefix="zhifa")
    problems = registry.declarations_without_code_or_tests(scan)
    assert problems == [
        "R-1.2-12 (已强制执行, declared by cases): no code names it",
        "R-1.2-12 (已强制执行, declared by cases): no test names it",
    ]
    (tmp_path / "cases" / "services.py").write_text('def publish():\n    """R-1.2-12."""\n')
    (tmp_path / "cases" / "tests").mkdir()
    (tmp_path / "cases" / "tests" / "test_x.py").write_text("def test_r_1_2_12_x():\n    pass\n")
    assert registry.declarations_without_code_or_tests(scan_tree(tmp_path, prefix="zhifa")) == []


# --- the source scan ---------------------------------------------------------------------------
def test_every_rule_id_named_in_the_source_is_registered():
    """A typo'd rule id anywhere in zhifa/**/*.py or a template fails here."""
    assert registry.unregistered_mentions() == []
    assert scan_source().files_scanned > 20


def test_an_unregistered_id_in_the_source_is_reported(tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "services.py").write_text(f'RULE = "{UNKNOWN_ID}"\n')
    problems = registry.unregistered_mentions(scan_tree(tmp_path, prefix="zhifa"))
    assert problems == [f"zhifa/cases/services.py:1: {UNKNOWN_ID}"]


def test_scan_finds_ids_with_their_enclosing_function_or_class(tmp_path):
    app = tmp_path / "cases"
    (app / "tests").mkdir(parents=True)
    (app / "templates" / "cases").mkdir(parents=True)
    (app / "services.py").write_text(
        "import functools\n"
        "\n"
        "class Publisher:\n"
        "    def publish(self):\n"
        '        """Publish within 7 WD (R-1.2-12)."""\n'
        "\n"
        "@functools.cache  # R-1.2-11\n"
        "def general():\n"
        "    return 'R-1.2-11 R-1.2-11'\n"
        "\n"
        "LOOSE = 'R-1.4-13'\n"
    )
    (app / "tests" / "test_publish.py").write_text(
        "def test_r_1_2_12_permit_published_within_7_workdays():\n"
        "    r_1_2_11 = 1  # identifiers outside def/class lines are not ids\n"
    )
    (app / "templates" / "cases" / "x.html").write_text("<p>{{ x }} R-1.3-07</p>\n")
    (app / "rules.py").write_text('IMPLEMENTS = {"R-1.2-12": "enforced"}\n')
    scan = scan_tree(tmp_path, prefix="zhifa")
    locations = {(m.rule_id, m.kind, m.location) for m in scan.mentions}
    assert locations == {
        ("R-1.2-12", "code", "zhifa/cases/services.py:5 Publisher.publish"),
        ("R-1.2-11", "code", "zhifa/cases/services.py:7 general"),
        ("R-1.2-11", "code", "zhifa/cases/services.py:9 general"),
        ("R-1.4-13", "code", "zhifa/cases/services.py:11"),
        (
            "R-1.2-12",
            "test",
            "zhifa/cases/tests/test_publish.py:1 test_r_1_2_12_permit_published_within_7_workdays",
        ),
        ("R-1.3-07", "code", "zhifa/cases/templates/cases/x.html:1"),
        ("R-1.2-12", "declaration", "zhifa/cases/rules.py:1"),
    }
    assert [m.kind for m in scan.for_rule("R-1.2-12", "test")] == ["test"]


def test_scan_survives_a_file_that_does_not_parse(tmp_path):
    (tmp_path / "broken.py").write_text("def half(:\n    'R-1.2-12'\n")
    scan = scan_tree(tmp_path, prefix="zhifa")
    assert [(m.rule_id, m.symbol) for m in scan.mentions] == [("R-1.2-12", "")]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("zhifa/cases/services.py", "code"),
        ("zhifa/cases/tests/test_services.py", "test"),
        ("zhifa/cases/tests/factories.py", "test"),
        ("zhifa/cases/test_helpers.py", "test"),
        ("zhifa/conftest.py", "test"),
        ("zhifa/cases/rules.py", "declaration"),
        ("zhifa/cases/sub/rules.py", "code"),
        ("zhifa/law/time_limits.py", "registry"),
        ("zhifa/law/tests/test_registry.py", "registry"),
    ],
)
def test_mentions_are_classified_by_path(path, kind):
    assert classify(path) == kind


def test_the_registry_itself_is_not_counted_as_implementation():
    """time_limits.py names every deadline rule; that is data, not an implementation."""
    rule = registry.get_rule("R-1.2-12")
    assert not any(loc.startswith("zhifa/law/") for loc in rule.implemented_by + rule.tested_by)


def test_lines_with_the_ignore_pragma_are_not_scanned(tmp_path):
    from zhifa.law.constants import UNREGISTERED_RULE_ID

    (tmp_path / "x.py").write_text(
        f'A = "{UNREGISTERED_RULE_ID}"  # law: ignore\nB = "{UNREGISTERED_RULE_ID}"\n'
    )
    scan = scan_tree(tmp_path, prefix="zhifa")
    assert [(m.line, m.rule_id) for m in scan.mentions] == [(2, UNREGISTERED_RULE_ID)]
    assert not registry.is_registered(UNREGISTERED_RULE_ID)


def test_locations_are_one_per_function(monkeypatch, tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "services.py").write_text(
        'def publish():\n    """R-1.2-12: within 7 WD."""\n    return "R-1.2-12"\n'
        'A = "R-1.2-12"\nB = "R-1.2-12"\n'
    )
    scan = scan_tree(tmp_path, prefix="zhifa")
    assert registry._locations(scan, "R-1.2-12", "code") == (
        "zhifa/cases/services.py:2 publish",
        "zhifa/cases/services.py:4",
        "zhifa/cases/services.py:5",
    )

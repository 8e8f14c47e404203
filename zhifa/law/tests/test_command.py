"""``zhifa law import-catalogue PATH`` and ``zhifa law check``."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FIXTURE = Path(__file__).parent / "fixtures" / "mini_rules.md"


@pytest.fixture
def paths(tmp_path):
    return type(
        "Paths",
        (),
        {"output": tmp_path / "catalogue.json", "titles": tmp_path / "titles.json"},
    )


def _import(paths, *extra, source=FIXTURE) -> str:
    out = StringIO()
    call_command(
        "law",
        "import-catalogue",
        str(source),
        "--output",
        str(paths.output),
        "--titles",
        str(paths.titles),
        *extra,
        stdout=out,
    )
    return out.getvalue()


def _rule(paths, rule_id):
    data = json.loads(paths.output.read_text(encoding="utf-8"))
    return next(r for r in data["rules"] if r["id"] == rule_id)


def test_import_writes_the_catalogue_and_reports_counts(paths):
    output = _import(paths)
    assert "wrote" in output and "6 rules" in output and "2 ambiguities" in output
    data = json.loads(paths.output.read_text(encoding="utf-8"))
    assert data["counts"]["rules"] == 6
    assert "unchanged" in _import(paths)  # reproducible: same input, same bytes


def test_reimport_keeps_titles_written_in_titles_json(paths):
    _import(paths)
    paths.titles.write_text(
        json.dumps({"R-1.2-01": {"title": "公开执法决定信息", "title_en": "Publish decisions"}}),
        encoding="utf-8",
    )
    _import(paths)
    rule = _rule(paths, "R-1.2-01")
    assert (rule["title"], rule["title_en"], rule["title_source"]) == (
        "公开执法决定信息",
        "Publish decisions",
        "edited",
    )
    _import(paths)  # and again
    assert _rule(paths, "R-1.2-01")["title"] == "公开执法决定信息"


def test_titles_edited_in_the_data_file_are_not_silently_lost(paths):
    _import(paths)
    data = json.loads(paths.output.read_text(encoding="utf-8"))
    data["rules"][0]["title"] = "随机抽查事项清单"
    paths.output.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="R-1.1-01") as excinfo:
        _import(paths)
    assert excinfo.value.returncode == 2
    _import(paths, "--discard-hand-edits")
    assert _rule(paths, "R-1.1-01")["title"] != "随机抽查事项清单"


def test_check_mode_writes_nothing_and_fails_when_out_of_date(paths):
    with pytest.raises(SystemExit) as excinfo:
        _import(paths, "--check")
    assert excinfo.value.code == 1
    assert not paths.output.exists()
    _import(paths)
    assert "up to date" in _import(paths, "--check")


def test_a_missing_or_bad_document_exits_2(paths, tmp_path):
    with pytest.raises(CommandError, match="无法读取规则文档") as excinfo:
        _import(paths, source=tmp_path / "missing.md")
    assert excinfo.value.returncode == 2
    bad = tmp_path / "bad.md"
    bad.write_text(FIXTURE.read_text(encoding="utf-8").replace("Part 1: 4", "Part 1: 5"))
    with pytest.raises(CommandError, match="Part 1: 4 rules parsed, the document states 5"):
        _import(paths, source=bad)
    assert not paths.output.exists()


def test_titles_for_unknown_rules_exit_2(paths):
    paths.titles.write_text(json.dumps({"R-4.9-23": {"title": "x"}}), encoding="utf-8")
    with pytest.raises(CommandError, match="未在目录中登记") as excinfo:
        _import(paths)
    assert excinfo.value.returncode == 2


def test_check_command_prints_a_summary_and_the_problems(monkeypatch):
    from zhifa.law import registry

    out, err = StringIO(), StringIO()
    monkeypatch.setattr(registry, "consistency_problems", lambda: [])
    call_command("law", "check", stdout=out, stderr=err)
    assert "543 rules registered; 77 time-limit specs" in out.getvalue()
    assert "registry consistent" in out.getvalue()
    monkeypatch.setattr(registry, "consistency_problems", lambda: ["something is wrong"])
    with pytest.raises(SystemExit) as excinfo:
        call_command("law", "check", stdout=out, stderr=err)
    assert excinfo.value.code == 1
    assert "- something is wrong" in err.getvalue()

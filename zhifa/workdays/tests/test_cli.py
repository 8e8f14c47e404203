"""``zhifa workdays``: output, JSON and exit codes (2 for bad input)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhifa.workdays.models import HolidaySchedule

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_add_prints_the_due_date() -> None:
    assert run("add", "2025-09-26", "7") == ("2025-10-13", "")


def test_add_json_is_exact() -> None:
    out, _ = run("add", "2025-09-26", "7", "--json")
    assert (
        out
        == '{"start": "2025-09-26", "days": 7, "unit": "workday", "due": "2025-10-13", "provisional": false}'
    )


def test_add_calendar_days() -> None:
    """AMB-G-c: 7 days from 2025-09-26 end on 3 Oct, a holiday → 9 Oct."""
    out, _ = run("add", "2025-09-26", "7", "--unit", "day", "--json")
    assert json.loads(out) == {
        "start": "2025-09-26",
        "days": 7,
        "unit": "day",
        "due": "2025-10-09",
        "provisional": False,
    }


def test_provisional_answers_are_flagged() -> None:
    out, err = run("add", "2026-12-31", "1")
    assert out == "2027-01-04"
    assert "provisional" in err and "暂定" in err
    out, _ = run("add", "2026-12-31", "1", "--json")
    assert json.loads(out)["provisional"] is True


def test_is_and_between() -> None:
    assert run("is", "2025-10-11")[0] == "2025-10-11 工作日（调休上班：国庆节）"
    assert run("is", "2025-10-06")[0] == "2025-10-06 休息日（放假：中秋节）"
    assert json.loads(run("is", "2025-10-12", "--json")[0]) == {
        "date": "2025-10-12",
        "workday": False,
        "kind": "weekend",
        "name": "",
        "provisional": False,
    }
    assert run("between", "2025-09-26", "2025-10-13")[0] == "7"
    assert json.loads(run("between", "2025-10-13", "2025-09-26", "--json")[0])["workdays"] == -7


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("add", "2025-02-30", "7"), "2025-02-30"),
        (("add", "20250926", "7"), "YYYY-MM-DD"),
        (("add", "2025-09-26", "seven"), "整数"),
        (("add", "2025-09-26", "-1"), "0至3650"),
        (("add", "2025-09-26", "99999"), "0至3650"),
        (("add", "2025-09-26", "7", "--unit", "week"), "workday"),
        (("add", "2060-01-01", "7"), "2060"),
        (("is", "tomorrow"), "tomorrow"),
        (("between", "2025-09-26", "x"), "x"),
        (("load-package", "abc"), "abc"),
        (("load-package", "2030"), "2030"),
    ],
)
def test_bad_input_exits_2(args: tuple[str, ...], needle: str) -> None:
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    assert excinfo.value.returncode == 2
    assert needle in str(excinfo.value)


def test_load_package_reloads_a_year_and_refuses_to_overwrite_a_notice() -> None:
    out, _ = run("load-package", "2026")
    assert "2026" in out
    HolidaySchedule.objects.filter(year=2026).update(origin="notice")
    with pytest.raises(CommandError) as excinfo:
        run("load-package", "2026")
    assert excinfo.value.returncode == 2
    run("load-package", "2026", "--replace")
    assert HolidaySchedule.objects.get(year=2026).origin == "package"


def test_the_real_process_exits_2_on_bad_input(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Through manage.py, as ``zhifa workdays ...`` runs: exit status 2 and a clear message."""
    root = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "ZHIFA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("ZHIFA_DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(root / "manage.py"), "workdays", "add", "2025-09-26", "seven"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "天数“seven”无效" in result.stderr
    assert "invalid count" in result.stderr

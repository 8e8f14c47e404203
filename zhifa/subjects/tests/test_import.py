"""Bulk import of the directory from CSV/XLSX (R-1.1-02): kept rows, reported rows, idempotency."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.identifiers import uscc_check_char
from zhifa.ledger.models import LedgerEntry
from zhifa.subjects.constants import EntityCategory, ImportStatus
from zhifa.subjects.importing import import_run_create, import_run_execute, template_csv
from zhifa.subjects.models import ImportKey, MarketEntity
from zhifa.subjects.tests.conftest import csv_bytes, xlsx_bytes
from zhifa.subjects.tests.factories import MarketEntityFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "企业名称",
    "统一社会信用代码",
    "法定代表人",
    "负责人",
    "类别",
    "地址",
    "所属乡镇",
    "行业",
    "资质等级",
    "联系电话",
]


def _import(actor, data: bytes, name: str = "名录.csv", batch_size: int = 2000):  # type: ignore[no-untyped-def]
    run = import_run_create(actor=actor, file=SimpleUploadedFile(name, data), file_name=name)
    return import_run_execute(run_id=run.pk, batch_size=batch_size)


def _errors(run) -> list[list[str]]:  # type: ignore[no-untyped-def]
    with default_storage.open(run.error_file_path, "rb") as fh:
        raw = fh.read()
    assert raw.startswith(b"\xef\xbb\xbf"), "the error file opens in Excel: UTF-8 with BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _row(code: str, name: str = "临猗县果品贸易有限公司", town: str = "猗氏镇", **kw) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        name,
        code,
        kw.get("rep", "王建国"),
        "",
        kw.get("cat", ""),
        "临猗县",
        town,
        "批发零售",
        "",
        kw.get("phone", ""),
    ]


def test_r_1_1_02_import_keeps_valid_rows_and_reports_every_bad_one(
    people, county, codes, id_numbers
):
    """R-1.1-02: valid rows are imported; every invalid row is reported with its row number and
    reason in a downloadable file (corrupted check digit, wrong length, illegal characters, bad
    ID number, missing name, unknown township, duplicate code with other data)."""
    good = [codes() for _ in range(4)]
    corrupted = good[0][:17] + ("0" if good[0][17] != "0" else "1")
    person = id_numbers()
    bad_person = person[:17] + ("0" if person[17] != "0" else "1")
    rows = [
        HEADER,
        _row(good[0]),  # 2
        _row(good[1], name="临猗县个体小吃店", cat="个体工商户", town="嵋阳镇"),  # 3
        _row(corrupted, name="校验位错"),  # 4
        _row(good[2][:16], name="长度错"),  # 5
        _row(good[2][:17] + "I", name="非法字符"),  # 6
        _row(person, name="张大爷", cat="自然人"),  # 7
        _row(bad_person, name="李大妈", cat="自然人"),  # 8
        _row(good[2], name=""),  # 9
        _row(good[3], town="火星镇"),  # 10
        _row(good[0], name="另一个名字"),  # 11: same code as row 2, other data
        _row(good[1], name="临猗县个体小吃店", cat="个体工商户", town="嵋阳镇"),  # 12: identical
    ]
    run = _import(people.dept_officer, csv_bytes(rows))
    assert run.status == ImportStatus.DONE
    assert (run.rows_read, run.created_count, run.updated_count) == (11, 3, 0)
    assert (run.unchanged_count, run.rejected_count) == (1, 7)
    assert set(MarketEntity.objects.values_list("name", flat=True)) == {
        "临猗县果品贸易有限公司",
        "临猗县个体小吃店",
        "张大爷",
    }
    shop = MarketEntity.objects.get(uscc=good[1])
    assert shop.category == EntityCategory.INDIVIDUAL_BUSINESS and shop.township == county.town_b
    assert MarketEntity.objects.get(id_number=person).category == EntityCategory.NATURAL_PERSON
    errors = _errors(run)
    assert errors[0][:2] == ["行号", "错误原因"] and errors[0][2] == "企业名称"
    reasons = {int(r[0]): r[1] for r in errors[1:]}
    assert set(reasons) == {4, 5, 6, 8, 9, 10, 11}
    assert f"校验位错误，应为 {uscc_check_char(corrupted[:17])}" in reasons[4]
    assert "18位" in reasons[5]
    assert "不允许的字符" in reasons[6]
    assert "身份证号校验位错误" in reasons[8]
    assert "缺少名称" in reasons[9]
    assert "火星镇" in reasons[10]
    assert "第2行" in reasons[11]
    # the rejected row is given back as it was typed, so it can be corrected in place
    assert errors[1][2:4] == ["校验位错", corrupted]
    assert not ImportKey.objects.exists(), "the run's scratch keys are gone"


def test_r_1_1_02_importing_the_same_file_twice_changes_nothing(people, codes):
    """R-1.1-02: idempotent by credit code — no new rows, no row written, no ledger noise."""
    data = csv_bytes([HEADER, *[_row(codes(), name=f"临猗县第{i}商店") for i in range(30)]])
    first = _import(people.dept_officer, data, batch_size=7)
    assert first.created_count == 30
    stamps = dict(MarketEntity.objects.values_list("uscc", "updated_at"))
    batches = LedgerEntry.objects.filter(action="subjects.import.batch").count()
    assert batches == 5
    second = _import(people.dept_officer, data, batch_size=7)
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 30)
    assert MarketEntity.objects.count() == 30
    assert dict(MarketEntity.objects.values_list("uscc", "updated_at")) == stamps
    assert LedgerEntry.objects.filter(action="subjects.import.batch").count() == batches


def test_changed_rows_update_only_the_columns_given(people, county, codes):
    code = codes()
    entity = MarketEntityFactory(uscc=code, name="旧名称", phone="0359-1", qualification="一级")
    data = csv_bytes(
        [["名称", "统一社会信用代码", "联系电话", "资质等级"], ["新名称", code, "0359-2", ""]]
    )
    run = _import(people.dept_officer, data)
    assert (run.created_count, run.updated_count) == (0, 1)
    entity.refresh_from_db()
    assert (entity.name, entity.phone, entity.qualification) == ("新名称", "0359-2", "一级")
    entry = LedgerEntry.objects.get(action="subjects.import.batch")
    assert code in entry.payload


def test_duplicates_are_found_across_batches(people, codes):
    code = codes()
    rows = [
        HEADER,
        _row(code),
        *[_row(codes(), name=f"店{i}") for i in range(5)],
        _row(code, name="别的"),
    ]
    run = _import(people.dept_officer, csv_bytes(rows), batch_size=2)
    assert run.rejected_count == 1 and run.created_count == 6
    assert _errors(run)[1][0] == "8"


def test_xlsx_and_gbk_csv_are_read(people, codes):
    a, b = codes(), codes()
    run = _import(
        people.dept_officer,
        xlsx_bytes([HEADER, _row(a), [None] * 3, _row(b, name="二号店")]),
        "名录.xlsx",
    )
    assert run.created_count == 2 and run.file_format == "xlsx"
    c = codes()
    run = _import(people.dept_officer, csv_bytes([HEADER, _row(c)], encoding="gb18030"))
    assert MarketEntity.objects.get(uscc=c).name == "临猗县果品贸易有限公司"


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("空.csv", b"", "空"),
        ("图.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "不是文本"),
        ("旧.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        ("坏.xlsx", b"this is not a zip", "不是 Excel"),
        ("坏2.xlsx", b"PK\x03\x04broken zip", "损坏"),
        ("文.pdf", b"%PDF-1.4", "只能导入"),
        ("列.csv", "名字,代码\n某某,91\n".encode(), "缺少必需的列"),
        ("头.csv", "名称,统一社会信用代码\n".encode(), "没有数据行"),
    ],
)
def test_files_that_cannot_be_imported_are_refused_clearly(people, name, data, words):
    with pytest.raises(DomainError) as exc:
        import_run_create(
            actor=people.dept_officer, file=SimpleUploadedFile(name, data), file_name=name
        )
    assert words in exc.value.message and exc.value.field == "file"


def test_township_officer_imports_only_their_township(people, county, codes):
    other = MarketEntityFactory(township=county.town_b)
    a, b = codes(), codes()
    rows = [
        HEADER,
        _row(a, town=""),
        _row(b, town="嵋阳镇"),
        _row(other.uscc, name="改名", town=""),
    ]
    run = _import(people.officer_a, csv_bytes(rows))
    assert run.created_count == 1 and run.rejected_count == 2
    assert MarketEntity.objects.get(uscc=a).township == county.town_a
    other.refresh_from_db()
    assert other.name != "改名"
    reasons = [r[1] for r in _errors(run)[1:]]
    assert "嵋阳镇" in reasons[0] and "无权修改" in reasons[1]


def test_reviewer_may_not_import(people):
    with pytest.raises(PermissionDenied):
        import_run_create(
            actor=people.reviewer, file=SimpleUploadedFile("a.csv", b"x"), file_name="a.csv"
        )


def test_the_worker_runs_the_queued_import(people, codes):
    from zhifa.jobs.services import job_claim, job_run

    run = import_run_create(
        actor=people.dept_officer,
        file=SimpleUploadedFile("a.csv", csv_bytes([HEADER, _row(codes())])),
        file_name="a.csv",
    )
    assert run.status == ImportStatus.QUEUED
    job = job_claim(worker_id="test")
    assert job is not None and job.args == {"run_id": run.pk}
    job_run(job, worker_id="test")
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and run.created_count == 1 and run.percent == 100
    # delivered twice (at least once): the second run changes nothing
    assert import_run_execute(run_id=run.pk).created_count == 1


def test_template_is_importable(people, county):
    run = _import(people.dept_officer, template_csv(), "模板.csv")
    assert run.created_count == 2 and run.rejected_count == 0


def test_command_imports_and_exits_2_on_bad_input(county, codes, tmp_path):
    path = tmp_path / "名录.csv"
    path.write_bytes(csv_bytes([HEADER, _row(codes()), _row("123")]))
    out = io.StringIO()
    call_command("subjects", "import", str(path), "--organisation", "scjg", stdout=out)
    assert "新增 1" in out.getvalue() and "有误 1" in out.getvalue()
    for argv in (
        [str(tmp_path / "none.csv")],
        [str(path), "--organisation", "nowhere"],
    ):
        with pytest.raises(CommandError) as exc:
            call_command("subjects", "import", *argv)
        assert exc.value.returncode == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    with pytest.raises(CommandError) as exc:
        call_command("subjects", "import", str(bad))
    assert exc.value.returncode == 2 and "空" in str(exc.value)


def test_command_for_a_township_unit_limits_rows(county, codes, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([HEADER, _row(codes(), town="嵋阳镇"), _row(codes(), town="")]))
    call_command(
        "subjects", "import", str(path), "--organisation", "yishi-team", stdout=io.StringIO()
    )
    assert list(MarketEntity.objects.values_list("township__code", flat=True)) == ["yishi"]


def test_the_raw_insert_writes_every_column_of_the_model():
    """The import inserts new rows without the ORM: a new field must be added there too."""
    from zhifa.subjects.importing import _NEW_COLUMNS

    assert set(_NEW_COLUMNS) == {f.column for f in MarketEntity._meta.concrete_fields} - {"id"}


def test_without_a_category_column_an_existing_entity_keeps_its_category(people, codes):
    code = "91" + codes()[2:17]
    code += uscc_check_char(code)
    entity = MarketEntityFactory(uscc=code, name="甲", category=EntityCategory.INDIVIDUAL_BUSINESS)
    data = csv_bytes([["名称", "统一社会信用代码"], ["甲", code], ["乙", codes()]])
    run = _import(people.dept_officer, data)
    assert (run.created_count, run.updated_count, run.unchanged_count) == (1, 0, 1)
    entity.refresh_from_db()
    assert entity.category == EntityCategory.INDIVIDUAL_BUSINESS

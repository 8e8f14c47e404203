"""Exam results imported from XLSX and CSV: preview, valid rows kept, bad rows reported."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import Workbook, load_workbook

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.personnel.constants import ExamAttempt, ExamSubject
from zhifa.personnel.models import ExamResult
from zhifa.personnel.services import training_import as imp
from zhifa.personnel.tests.factories_training import make_certificate, make_officer, make_session

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=TZ)
HEADER = ["身份证号", "执法证号", "姓名", "科目", "考试次别", "成绩", "考试日期"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def staff(county, people):  # type: ignore[no-untyped-def]
    zhang = make_officer(county.team_a, full_name="张三")
    li = make_officer(county.team_b, full_name="李四")
    cert = make_certificate(li, applied_by=people.supervisor)
    return zhang, li, cert


def test_r_1_11_04_r_1_11_05_import_keeps_valid_rows_and_reports_every_bad_row(staff, people):
    """R-1.11-04 (score range) and R-1.11-05 (one make-up) checked row by row in a file."""
    zhang, li, cert = staff
    rows = [
        [zhang.id_number, "", "张三", "轮训考试", "正考", "45", "2026-06-12"],  # 2 ok (failed)
        [zhang.id_number, "", "张三", "轮训考试", "补考", "75", "2026/6/14"],  # 3 ok (make-up)
        ["", cert.number, "李四", "公共法律知识", "正考", "88", "2026年6月1日"],  # 4 ok
        ["110101199003077777", "", "王五", "轮训考试", "正考", "70", "2026-06-12"],  # 5 unknown
        [li.id_number, "", "李斯", "轮训考试", "正考", "70", "2026-06-12"],  # 6 wrong name
        [li.id_number, "", "李四", "轮训考试", "正考", "120", "2026-06-12"],  # 7 out of range
        [li.id_number, "", "李四", "专业法律知识", "正考", "70", "2026-13-40"],  # 8 bad date
        ["", cert.number, "李四", "公共法律知识", "正考", "88", "2026-06-01"],  # 9 duplicate of 4
        [li.id_number, "", "李四", "专业法律知识", "补考", "70", "2026-06-12"],  # 10 no regular
        [li.id_number, "", "李四", "化学", "正考", "70", "2026-06-12"],  # 11 bad subject
        [li.id_number, "", "李四", "轮训考试", "重考", "70", "2026-06-12"],  # 12 bad attempt
    ]
    data = _csv(rows)
    preview = imp.exam_import_check(user=people.supervisor, data=data, filename="成绩.csv")
    assert preview.new_count == 3
    assert not ExamResult.objects.exists()  # the preview writes nothing
    errors = {r.row_no: r.error for r in preview.errors}
    assert set(errors) == {5, 6, 7, 8, 9, 10, 11, 12}
    assert "不是已登记的执法人员" in errors[5]
    assert "姓名与证号不符" in errors[6]
    assert "0 到 100" in errors[7]
    assert "日期" in errors[8]
    assert "与第 4 行重复" in errors[9]
    assert "没有本批次的正考成绩" in errors[10]

    report = imp.exam_import_apply(actor=people.supervisor, data=data, filename="成绩.csv")
    assert report.imported == 3
    assert ExamResult.objects.count() == 3
    makeup = ExamResult.objects.get(officer=zhang, attempt=ExamAttempt.MAKEUP)
    assert makeup.passed and makeup.source == "导入：成绩.csv"

    # Importing the same file twice changes nothing.
    again = imp.exam_import_apply(actor=people.supervisor, data=data, filename="成绩.csv")
    assert again.imported == 0 and again.existing_count == 3
    assert ExamResult.objects.count() == 3

    # The error report: every bad row with its number and reason, as CSV and as XLSX.
    text = imp.errors_file(report, fmt="csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0] == "行号" and lines[0][-1] == "错误原因"
    assert [line[0] for line in lines[1:]] == ["5", "6", "7", "8", "9", "10", "11", "12"]
    wb = load_workbook(io.BytesIO(imp.errors_file(report, fmt="xlsx")), read_only=True)
    assert len(list(wb.worksheets[0].iter_rows(values_only=True))) == 9


def test_r_1_11_05_third_attempt_in_file_refused(staff, people):
    """R-1.11-05: a third attempt (a make-up after a recorded make-up) is refused."""
    zhang, _, _ = staff
    first = _csv(
        [
            [zhang.id_number, "", "张三", "轮训考试", "正考", "45", "2026-06-12"],
            [zhang.id_number, "", "张三", "轮训考试", "补考", "50", "2026-06-13"],
        ]
    )
    assert (
        imp.exam_import_apply(actor=people.supervisor, data=first, filename="a.csv").imported == 2
    )
    second = _csv([[zhang.id_number, "", "张三", "轮训考试", "补考", "90", "2026-06-14"]])
    report = imp.exam_import_apply(actor=people.supervisor, data=second, filename="b.csv")
    assert report.imported == 0
    assert "不能重复登记" in report.errors[0].error


def test_import_xlsx_with_date_cells_and_session(staff, people, county):
    zhang, _, _ = staff
    session = make_session(county.jb, created_by=people.supervisor, starts_on=dt.date(2026, 6, 10))
    data = _xlsx(
        [
            [zhang.id_number, None, "张三", "轮训考试", "正考", 91, dt.datetime(2026, 6, 12)],  # noqa: DTZ001 - an Excel cell
            [zhang.id_number, None, "张三", "入职培训考核", "正考", 60.5, dt.date(2026, 6, 11)],
        ]
    )
    report = imp.exam_import_apply(
        actor=people.supervisor, data=data, filename="x.xlsx", session=session
    )
    assert report.imported == 2, [r.error for r in report.errors]
    assert set(ExamResult.objects.values_list("session_id", flat=True)) == {session.pk}
    assert ExamResult.objects.filter(subject=ExamSubject.INDUCTION).get().score == 60.5


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.csv", "空的"),
        (b"\x00\x01\x02binary\x00", "a.bin", "不是表格"),
        (b"PK\x03\x04garbage", "a.xlsx", "已损坏"),
        (b"not a zip", "a.xlsx", "不是 Excel"),
        (b"\xd0\xcf\x11\xe0old", "a.xls", ".xls"),
        ("姓名,成绩\n张三,80\n".encode(), "a.csv", "缺少必需的列"),
        (",".join(HEADER).encode() + b"\n", "a.csv", "没有成绩行"),
    ],
)
def test_bad_files_refused_with_chinese_message(people, data, name, message):
    with pytest.raises(DomainError) as exc:
        imp.exam_import_check(user=people.supervisor, data=data, filename=name)
    assert message in exc.value.message
    assert exc.value.field == "file"


def test_gbk_csv_is_read(staff, people):
    zhang, _, _ = staff
    text = ",".join(HEADER) + f"\n{zhang.id_number},,张三,轮训考试,正考,80,2026-06-12\n"
    report = imp.exam_import_check(
        user=people.supervisor, data=text.encode("gb18030"), filename="a.csv"
    )
    assert report.new_count == 1


def test_import_only_by_justice_bureau(people):
    with pytest.raises(PermissionDenied):
        imp.exam_import_check(user=people.town_head, data=_csv([]), filename="a.csv")


def test_template_files_are_importable_headers():
    for fmt in ("csv", "xlsx"):
        data = imp.template_file(fmt=fmt)
        rows = imp.read_rows(data=data, filename=f"t.{fmt}")
        assert imp.column_map(rows[0][1])

"""Pages of the training area: who sees and who may change what, forms, import, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from zhifa.deadlines.models import Obligation
from zhifa.personnel.constants import ExamAttempt, ExamSubject, TrainingKind
from zhifa.personnel.models import Attendance, ExamResult, MakeupRequirement, TrainingSession
from zhifa.personnel.services import training as svc
from zhifa.personnel.tests.factories_training import make_certificate, make_officer, make_session

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def url(name: str, *args: object) -> str:
    return reverse(f"personnel:{name}", args=args)


def test_session_list_scoped_and_without_n_plus_one(
    client, county, people, django_assert_max_num_queries
):
    for i in range(30):
        s = make_session(county.jb, created_by=people.supervisor, title=f"全县轮训{i}")
        svc.attendance_record(
            session=s, officer=make_officer(county.team_a), hours="8", actor=people.supervisor
        )
    make_session(county.team_b, created_by=people.supervisor, title="嵋阳镇自行组织")
    _login(client, people.officer_a)
    with django_assert_max_num_queries(12):
        response = client.get(url("training_session_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "全县轮训" in body and "嵋阳镇自行组织" not in body
    assert "第 1 / 2 页" in body
    assert "登记培训" not in body  # an officer does not organise
    assert client.get(url("training_session_list"), {"year": "abc"}).status_code == 400
    _login(client, people.officer_b)
    response = client.get(url("training_session_list"), {"q": "嵋阳镇"})
    assert "嵋阳镇自行组织" in response.content.decode()


def test_r_3_1_02_create_session_page(client, county, people):
    """R-3.1-02: a unit head records their unit's rotation training; errors are kept."""
    _login(client, people.town_head)
    assert client.get(url("training_session_create")).status_code == 200
    data = {
        "kind": TrainingKind.ROTATION,
        "title": "猗氏镇执法队轮训",
        "organiser": county.team_a.pk,
        "format": "case_based",
        "content": "以案释法",
        "starts_on": "2026-06-20",
        "ends_on": "2026-06-19",
        "class_hours": "8",
        "location": "镇政府",
    }
    response = client.post(url("training_session_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "结束日期不能早于开始日期" in body and "猗氏镇执法队轮训" in body
    data["ends_on"] = "2026-06-20"
    data["kind"] = TrainingKind.INDUCTION
    response = client.post(url("training_session_create"), data)
    assert response.status_code == 400 and "县司法局统一组织" in response.content.decode()
    data["kind"] = TrainingKind.ROTATION
    data["organiser"] = county.team_b.pk  # not offered to this user
    assert client.post(url("training_session_create"), data).status_code == 400
    data["organiser"] = county.team_a.pk
    response = client.post(url("training_session_create"), data)
    assert response.status_code == 302
    assert TrainingSession.objects.get().title == "猗氏镇执法队轮训"
    _login(client, people.officer_a)
    assert client.get(url("training_session_create")).status_code == 403


def test_session_detail_scope_and_bulk_attendance(client, county, people):
    session = make_session(county.team_a, created_by=people.town_head, class_hours="8")
    a1, a2 = make_officer(county.team_a), make_officer(county.team_a)
    _login(client, people.officer_b)
    assert client.get(url("training_session_detail", session.pk)).status_code == 404
    _login(client, people.officer_a)
    response = client.get(url("training_session_detail", session.pk))
    assert (
        response.status_code == 200
        and 'data-testid="attendance-form"' not in response.content.decode()
    )
    assert (
        client.post(
            url("training_session_attendance", session.pk), {"officers": [a1.pk], "hours": "8"}
        ).status_code
        == 403
    )
    _login(client, people.town_head)
    response = client.get(url("training_session_detail", session.pk), {"unit": county.team_a.pk})
    assert a1.full_name in response.content.decode()
    response = client.post(url("training_session_attendance", session.pk), {"hours": "8"})
    assert response.status_code == 400 and "请至少选择一名参训人员" in response.content.decode()
    response = client.post(
        url("training_session_attendance", session.pk), {"officers": [a1.pk, a2.pk], "hours": "9"}
    )
    assert response.status_code == 400 and "不能超过本次培训的课时" in response.content.decode()
    response = client.post(
        url("training_session_attendance", session.pk), {"officers": [a1.pk, a2.pk], "hours": "8"}
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session).count() == 2
    other = make_officer(county.team_b)
    response = client.post(
        url("training_session_attendance", session.pk), {"officers": [other.pk], "hours": "8"}
    )
    assert response.status_code == 400  # not offered: outside the organiser


def test_r_1_11_04_exam_record_page(client, county, people):
    """R-1.11-04: the Justice Bureau records a score; bad input is explained, kept, 400."""
    officer = make_officer(county.team_a, full_name="赵六")
    _login(client, people.town_head)
    assert client.get(url("training_exam_record")).status_code == 403
    _login(client, people.supervisor)
    data = {
        "id_number": officer.id_number,
        "full_name": "赵六",
        "subject": ExamSubject.ROTATION,
        "attempt": ExamAttempt.REGULAR,
        "score": "101",
        "taken_on": "2026-06-12",
    }
    response = client.post(url("training_exam_record"), data)
    assert response.status_code == 400 and "0 到 100" in response.content.decode()
    response = client.post(url("training_exam_record"), {**data, "full_name": "赵七"})
    assert response.status_code == 400 and "姓名与身份证号不符" in response.content.decode()
    response = client.post(url("training_exam_record"), {**data, "score": "58"})
    assert response.status_code == 302
    assert ExamResult.objects.get().passed is False
    assert client.get(url("training_exam_record"), {"session": "x"}).status_code == 404


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["身份证号", "姓名", "科目", "考试次别", "成绩", "考试日期"])
    w.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_import_pages_preview_confirm_and_error_download(client, county, people):
    officer = make_officer(county.team_a, full_name="钱七")
    session = make_session(county.jb, created_by=people.supervisor, starts_on=dt.date(2026, 6, 1))
    data = _csv_bytes(
        [
            [officer.id_number, "钱七", "轮训考试", "正考", "78", "2026-06-12"],
            [officer.id_number, "钱八", "轮训考试", "补考", "78", "2026-06-12"],
        ]
    )
    _login(client, people.supervisor)
    page = client.get(url("training_exam_import"), {"session": session.pk})
    assert page.status_code == 200
    response = client.post(
        url("training_exam_import") + f"?session={session.pk}",
        {"file": SimpleUploadedFile("成绩.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "预览" in body and "姓名与证号不符" in body
    assert not ExamResult.objects.exists()
    response = client.post(url("training_exam_import_confirm"))
    assert response.status_code == 200
    assert ExamResult.objects.get().session == session
    assert 'data-testid="imported-count">1<' in response.content.decode()
    errors = client.get(url("training_exam_import_errors"), {"format": "csv"})
    assert errors.status_code == 200
    lines = list(csv.reader(io.StringIO(errors.content.decode("utf-8-sig"))))
    assert lines[1][0] == "3" and "姓名与证号不符" in lines[1][-1]
    xlsx = client.get(url("training_exam_import_errors"), {"format": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content)).worksheets[0].max_row == 2
    # Nothing stored any more: confirming again sends the user back.
    assert client.post(url("training_exam_import_confirm")).status_code == 302
    # A bad file gets a clear message and 400.
    response = client.post(
        url("training_exam_import"),
        {"file": SimpleUploadedFile("x.xlsx", b"hello", content_type="application/octet-stream")},
    )
    assert response.status_code == 400 and "不是 Excel" in response.content.decode()
    for fmt in ("xlsx", "csv"):
        assert client.get(url("training_exam_import_template"), {"format": fmt}).status_code == 200
    _login(client, people.town_head)
    assert client.get(url("training_exam_import")).status_code == 403
    assert client.get(url("training_exam_import_errors")).status_code == 403


def test_r_1_11_05_worklist_and_decision_page(client, county, people):
    """R-1.11-05: the pending decision is on the worklist; the JB decides with a reason."""
    officer = make_officer(county.team_a, full_name="孙八")
    cert = make_certificate(officer, applied_by=people.supervisor)
    for attempt, score in ((ExamAttempt.REGULAR, "30"), (ExamAttempt.MAKEUP, "45")):
        result = svc.exam_result_record(
            officer=officer,
            subject=ExamSubject.ROTATION,
            attempt=attempt,
            score=score,
            taken_on=dt.date(2026, 6, 12),
            actor=people.supervisor,
        )
    _login(client, people.town_head)
    body = client.get(url("training_worklist")).content.decode()
    assert "孙八" in body and "待司法局决定" in body
    assert client.get(url("training_decision", result.pk)).status_code == 403
    _login(client, people.officer_b)
    assert "孙八" not in client.get(url("training_worklist")).content.decode()
    _login(client, people.supervisor)
    response = client.post(url("training_decision", result.pk), {"decision": "withhold"})
    assert response.status_code == 400
    response = client.post(
        url("training_decision", result.pk), {"decision": "withhold", "reason": "补考不合格"}
    )
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.status == "withheld"
    worklist = client.get(url("training_worklist")).content.decode()
    assert url("training_decision", result.pk) not in worklist
    assert "已于" in client.get(url("training_decision", result.pk)).content.decode()


def test_r_1_11_06_makeup_pages(client, county, people):
    """R-1.11-06: the JB sets a make-up with its own due date; it shows until completed."""
    officer = make_officer(county.team_a, full_name="周九")
    _login(client, people.supervisor)
    response = client.post(
        url("training_makeup_create"),
        {"id_number": officer.id_number, "reason": "missed", "due_on": ""},
    )
    assert response.status_code == 400
    response = client.post(
        url("training_makeup_create"),
        {"id_number": officer.id_number, "reason": "missed", "due_on": "2026-08-31"},
    )
    assert response.status_code == 302
    req = MakeupRequirement.objects.get()
    assert "周九" in client.get(url("training_worklist")).content.decode()
    client.post(url("training_makeup_complete", req.pk), {"note": "已参加市局补训"})
    req.refresh_from_db()
    assert req.completed_at is not None
    _login(client, people.town_head)
    assert client.get(url("training_makeup_create")).status_code == 403


def test_r_1_11_03_rotation_open_button(client, county, people):
    """R-1.11-03: the JB opens this year's rotation obligations on demand."""
    holder = make_officer(county.team_a)
    make_certificate(holder, applied_by=people.supervisor)
    _login(client, people.town_head)
    assert client.post(url("training_rotation_open"), {"year": 2026}).status_code == 403
    _login(client, people.supervisor)
    response = client.post(url("training_rotation_open"), {"year": 2026}, follow=True)
    assert "已为 1 名持证人员" in response.content.decode()
    assert Obligation.objects.filter(rule_id="R-1.11-03").count() == 1
    response = client.post(url("training_rotation_open"), {"year": "x"}, follow=True)
    assert "年度不正确" in response.content.decode()


def test_officer_record_and_summary_export(client, county, people, django_assert_max_num_queries):
    officer = make_officer(county.team_a, full_name="吴十")
    s = make_session(county.jb, created_by=people.supervisor, class_hours="12")
    svc.attendance_record(session=s, officer=officer, hours="12", actor=people.supervisor)
    for _ in range(10):
        make_officer(county.team_a)
    _login(client, people.officer_b)
    assert client.get(url("training_officer_record", officer.pk)).status_code == 404
    _login(client, people.town_head)
    body = client.get(url("training_officer_record", officer.pk)).content.decode()
    assert "2026 年" in body and s.title in body
    with django_assert_max_num_queries(12):
        response = client.get(url("training_summary"), {"year": 2026})
    assert response.status_code == 200 and "吴十" in response.content.decode()
    assert client.get(url("training_summary"), {"year": 1900}).status_code == 400
    export = client.get(url("training_summary"), {"year": 2026, "export": "xlsx"})
    ws = load_workbook(io.BytesIO(export.content)).worksheets[0]
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert "吴十" in names and len(names) == 11
    _login(client, people.officer_b)
    export = client.get(url("training_summary"), {"year": 2026, "export": "xlsx"})
    ws = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert "吴十" not in [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_anonymous_is_sent_to_login(client):
    for name in ("training_session_list", "training_worklist", "training_summary"):
        response = client.get(url(name))
        assert response.status_code == 302 and "login" in response["Location"]


ROLES = (
    "officer_a",
    "officer_b",
    "dept_officer",
    "reviewer",
    "head",
    "town_head",
    "archivist",
    "supervisor",
    "leader",
    "admin",
)
# Who may write: organise for team_a (JB or a head above it), record exams (JB only).
ORGANISE_TEAM_A = {"town_head", "supervisor"}
JB_ONLY = {"supervisor"}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix_per_role(client, county, people, role):
    """Every role against the training pages: who sees, who may change."""
    user = getattr(people, role)
    session = make_session(county.team_a, created_by=people.supervisor)
    officer_a = make_officer(county.team_a)
    _login(client, user)
    for name in ("training_session_list", "training_worklist", "training_summary"):
        assert client.get(url(name)).status_code == 200, name
    sees_team_a = role in {"officer_a", "town_head", "supervisor", "leader", "admin"}
    detail = client.get(url("training_session_detail", session.pk))
    assert detail.status_code == (200 if sees_team_a else 404)
    record = client.get(url("training_officer_record", officer_a.pk))
    assert record.status_code == (200 if sees_team_a else 404)
    can_organise = role in ORGANISE_TEAM_A
    assert (
        'data-testid="attendance-form"' in detail.content.decode()
    ) == can_organise or not sees_team_a
    attendance = client.post(
        url("training_session_attendance", session.pk), {"officers": [officer_a.pk], "hours": "8"}
    )
    expected = 302 if can_organise else (403 if sees_team_a else 404)
    assert attendance.status_code == expected
    for name in ("training_exam_record", "training_exam_import", "training_makeup_create"):
        assert client.get(url(name)).status_code == (200 if role in JB_ONLY else 403), name

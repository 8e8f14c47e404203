"""Pages of the training area: sessions, attendance, exams, import, worklists, records, summary.

Every read goes through the scoped selectors of ``selectors/training.py``; every write through
the services (which check permissions again). A refused request shows the service's Chinese
message on the form (HTTP 400) or a 403/404 page.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.selectors import organisation_list_visible
from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.core.params import int_param
from zhifa.personnel.forms.training import (
    AttendanceForm,
    DecisionForm,
    ExamResultForm,
    ImportForm,
    MakeupCompleteForm,
    MakeupRequirementForm,
    RotationOpenForm,
    SessionFilterForm,
    SessionForm,
    SummaryFilterForm,
)
from zhifa.personnel.models import ExamResult, MakeupRequirement, Officer, TrainingSession
from zhifa.personnel.selectors import training as sel
from zhifa.personnel.services import training as svc
from zhifa.personnel.services import training_import as imp

PAGE_SIZE = 25
IMPORT_KEY = "personnel_exam_import"
ERRORS_KEY = "personnel_exam_import_errors"


def _file(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _session_or_404(request: HttpRequest, pk: int) -> TrainingSession:
    session = sel.session_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    if session is None:
        raise Http404("培训不存在，或者您无权查看。")
    return session


def _officer_by_id_number(request: HttpRequest, number: str) -> Officer | None:
    return sel.officers_visible(user=request.user).filter(id_number=number).first()  # type: ignore[arg-type]


def _organisers(request: HttpRequest):  # type: ignore[no-untyped-def]
    orgs = organisation_list_visible(user=request.user)  # type: ignore[arg-type]
    return [o for o in orgs if svc.can_organise_for(request.user, o)]  # type: ignore[arg-type]


# --- sessions -----------------------------------------------------------------------------------


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    form = SessionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = sel.session_list_for_user(
        user=request.user,  # type: ignore[arg-type]
        kind=filters.get("kind") or None,
        year=filters.get("year"),
        q=(filters.get("q") or "").strip(),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "personnel/training_session_list.html",
        {
            "form": form,
            "page": page,
            "can_create": bool(_organisers(request)),
            "is_jb": svc.can_manage_exams(user),  # type: ignore[arg-type]
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    organisers = _organisers(request)
    if not organisers:
        raise DjangoPermissionDenied("只有县司法局或单位负责人可以组织培训。")
    from zhifa.accounts.models import Organisation

    org_qs = Organisation.objects.filter(pk__in=[o.pk for o in organisers]).order_by("path")
    form = SessionForm(request.POST or None, organisers=org_qs)
    if request.method == "GET":
        form.initial.setdefault("organiser", request.user.organisation_id)  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = svc.training_session_create(actor=request.user, **data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记培训“{session.title}”。")
            return redirect("personnel:training_session_detail", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "personnel/training_session_form.html", {"form": form}, status=status)


def _attendance_officers(request: HttpRequest, session: TrainingSession):  # type: ignore[no-untyped-def]
    qs = sel.officers_visible(user=request.user).filter(is_active=True)  # type: ignore[arg-type]
    if session.organiser.kind != "justice_bureau":
        qs = qs.filter(organisation__path__startswith=session.organiser.path)
    unit = int_param(request.GET.get("unit") or request.POST.get("unit"))
    if unit is not None:
        qs = qs.filter(organisation_id=unit)
    return qs.order_by("organisation__path", "full_name")


def _detail(
    request: HttpRequest,
    session: TrainingSession,
    *,
    attendance_form: AttendanceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    manage = svc.can_manage_session(user, session)  # type: ignore[arg-type]
    attendances = list(sel.attendances_for_session(user=user, session=session))  # type: ignore[arg-type]
    results = list(sel.exam_results_for_session(user=user, session=session))  # type: ignore[arg-type]
    if manage and attendance_form is None:
        attendance_form = AttendanceForm(officers=_attendance_officers(request, session))
    units = []
    if manage:
        units = list(organisation_list_visible(user=user))  # type: ignore[arg-type]
        if session.organiser.kind != "justice_bureau":
            units = [u for u in units if u.path.startswith(session.organiser.path)]
    return render(
        request,
        "personnel/training_session_detail.html",
        {
            "session": session,
            "attendances": attendances,
            "results": results,
            "can_manage": manage,
            "is_jb": svc.can_manage_exams(user),  # type: ignore[arg-type]
            "attendance_form": attendance_form,
            "units": units,
            "unit": request.GET.get("unit") or request.POST.get("unit") or "",
            "started": session.starts_on <= clock.today(),
            "min_hours": svc.ROTATION_MIN_CLASS_HOURS,
        },
        status=status,
    )


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _session_or_404(request, pk))


@login_required
@require_POST
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    if not svc.can_manage_session(request.user, session):  # type: ignore[arg-type]
        raise DjangoPermissionDenied("只有组织单位的负责人或县司法局可以登记参训情况。")
    form = AttendanceForm(request.POST, officers=_attendance_officers(request, session))
    if form.is_valid():
        try:
            rows = svc.attendance_record_bulk(
                session=session,
                officers=form.cleaned_data["officers"],
                hours=form.cleaned_data["hours"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记 {len(rows)} 人的参训课时。")
            return redirect("personnel:training_session_detail", pk=session.pk)
    return _detail(request, session, attendance_form=form, status=400)


# --- exams --------------------------------------------------------------------------------------


def _exam_session(request: HttpRequest) -> TrainingSession | None:
    raw = request.GET.get("session") or request.POST.get("session")
    if not raw:
        return None
    session_id = int_param(raw)
    if session_id is None:
        raise Http404("培训不存在。")
    return _session_or_404(request, session_id)


def _require_jb(request: HttpRequest) -> None:
    if not svc.can_manage_exams(request.user):  # type: ignore[arg-type]
        raise DjangoPermissionDenied("考试和考核由县司法局统一组织。")


@login_required
def exam_record(request: HttpRequest) -> HttpResponse:
    _require_jb(request)
    session = _exam_session(request)
    form = ExamResultForm(request.POST or None)
    if request.method == "GET" and session is not None:
        form.initial["taken_on"] = session.ends_on
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        officer = _officer_by_id_number(request, data["id_number"])
        if officer is None:
            form.add_error("id_number", "该身份证号不是已登记的执法人员。")
        elif officer.full_name != data["full_name"].strip():
            form.add_error("full_name", f"姓名与身份证号不符：登记的姓名是“{officer.full_name}”。")
        else:
            try:
                result = svc.exam_result_record(
                    officer=officer,
                    subject=data["subject"],
                    attempt=data["attempt"],
                    score=data["score"],
                    taken_on=data["taken_on"],
                    actor=request.user,  # type: ignore[arg-type]
                    session=session,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                verdict = "合格" if result.passed else "不合格"
                messages.success(
                    request, f"已登记 {officer.full_name} 的成绩 {result.score} 分（{verdict}）。"
                )
                if session is not None:
                    return redirect("personnel:training_session_detail", pk=session.pk)
                return redirect("personnel:training_officer_record", officer_id=officer.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "personnel/training_exam_form.html",
        {"form": form, "session": session},
        status=status,
    )


@login_required
def exam_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview (nothing written) → confirm (valid rows imported)."""
    _require_jb(request)
    session = _exam_session(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imp.MAX_FILE_BYTES:
            form.add_error("file", "文件超过 2 MB，请分成几个文件导入。")
        else:
            data = upload.read()
            try:
                report = imp.exam_import_check(
                    user=request.user,  # type: ignore[arg-type]
                    data=data,
                    filename=upload.name,
                    session=session,
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                request.session[IMPORT_KEY] = {
                    "name": upload.name,
                    "data": base64.b64encode(data).decode("ascii"),
                    "session": session.pk if session else None,
                }
    status = 400 if request.method == "POST" and report is None else 200
    return render(
        request,
        "personnel/training_exam_import.html",
        {"form": form, "session": session, "report": report},
        status=status,
    )


@login_required
@require_POST
def exam_import_confirm(request: HttpRequest) -> HttpResponse:
    _require_jb(request)
    stored = request.session.get(IMPORT_KEY)
    if not stored:
        messages.error(request, "没有待导入的文件，请重新上传。")
        return redirect("personnel:training_exam_import")
    session = _session_or_404(request, stored["session"]) if stored.get("session") else None
    try:
        report = imp.exam_import_apply(
            actor=request.user,  # type: ignore[arg-type]
            data=base64.b64decode(stored["data"]),
            filename=stored["name"],
            session=session,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("personnel:training_exam_import")
    del request.session[IMPORT_KEY]
    request.session[ERRORS_KEY] = [r.as_error_cells() for r in report.errors]
    return render(
        request,
        "personnel/training_exam_import_done.html",
        {"report": report, "session": session, "filename": stored["name"]},
    )


@login_required
@require_GET
def exam_import_errors(request: HttpRequest) -> HttpResponse:
    _require_jb(request)
    cells = request.session.get(ERRORS_KEY)
    if cells is None:
        raise Http404("没有可下载的错误报告。")
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    rows = [imp.ImportRow(row_no=int(c[0]), error=c[-1]) for c in cells]
    for row, c in zip(rows, cells, strict=True):
        (
            row.id_number,
            row.cert_number,
            row.name,
            row.subject_text,
            row.attempt_text,
            row.score_text,
            row.date_text,
        ) = c[1:8]
        row.status = imp.ERROR
    data = imp.errors_file(imp.ImportReport(rows=rows), fmt=fmt)
    return _file(
        data, filename=f"考试成绩导入错误行.{fmt}", content_type=XLSX if fmt == "xlsx" else CSV
    )


@login_required
@require_GET
def exam_import_template(request: HttpRequest) -> HttpResponse:
    fmt = "xlsx" if request.GET.get("format") != "csv" else "csv"
    return _file(
        imp.template_file(fmt=fmt),
        filename=f"考试成绩导入模板.{fmt}",
        content_type=XLSX if fmt == "xlsx" else CSV,
    )


# --- worklists ----------------------------------------------------------------------------------


@login_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    """待入职培训 (R-1.10-02), 补考不合格待处理 (R-1.11-05), 限期补课 (R-1.11-06)."""
    user = request.user
    induction = Paginator(sel.induction_pending(user=user), PAGE_SIZE).get_page(  # type: ignore[arg-type]
        request.GET.get("page")
    )
    return render(
        request,
        "personnel/training_worklist.html",
        {
            "induction": induction,
            "page": induction,
            "decisions": list(sel.decision_worklist(user=user)[:100]),  # type: ignore[arg-type]
            "makeups": list(sel.makeup_requirements_open(user=user)[:200]),  # type: ignore[arg-type]
            "is_jb": svc.can_manage_exams(user),  # type: ignore[arg-type]
            "today": clock.today(),
            "rotation_form": RotationOpenForm(),
        },
    )


def _result_or_404(request: HttpRequest, pk: int) -> ExamResult:
    result = sel.exam_results_visible(user=request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if result is None:
        raise Http404("考试成绩不存在，或者您无权查看。")
    return result


@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    _require_jb(request)
    result = _result_or_404(request, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.exam_makeup_failure_decide(
                exam_result=result,
                actor=request.user,  # type: ignore[arg-type]
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已对 {result.officer.full_name} 作出处理决定。")
            return redirect("personnel:training_worklist")
    status = 400 if request.method == "POST" else 200
    certificate = (
        result.officer.certificates.filter(status__in=svc.HOLDER_STATES)
        .order_by("-applied_at")
        .first()
    )
    return render(
        request,
        "personnel/training_decision.html",
        {
            "form": form,
            "result": result,
            "certificate": certificate,
            "pending": svc.decision_pending(result),
        },
        status=status,
    )


@login_required
def makeup_create(request: HttpRequest) -> HttpResponse:
    _require_jb(request)
    form = MakeupRequirementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        officer = _officer_by_id_number(request, data["id_number"])
        if officer is None:
            form.add_error("id_number", "该身份证号不是已登记的执法人员。")
        else:
            try:
                svc.makeup_requirement_create(
                    officer=officer,
                    reason=data["reason"],
                    due_on=data["due_on"],
                    note=data["note"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, f"已要求 {officer.full_name} 于 {data['due_on']} 前补课。"
                )
                return redirect("personnel:training_worklist")
    status = 400 if request.method == "POST" else 200
    return render(request, "personnel/training_makeup_form.html", {"form": form}, status=status)


@login_required
@require_POST
def makeup_complete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_jb(request)
    req = (
        MakeupRequirement.objects.filter(pk=pk)
        .filter(officer__in=sel.officers_visible(user=request.user))  # type: ignore[arg-type]
        .first()
    )
    if req is None:
        raise Http404("补课要求不存在。")
    form = MakeupCompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写完成依据。")
        return redirect("personnel:training_worklist")
    try:
        svc.makeup_requirement_complete(
            requirement=req,
            actor=request.user,  # type: ignore[arg-type]
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{req.officer.full_name} 的补课要求已完成。")
    return redirect("personnel:training_worklist")


@login_required
@require_POST
def rotation_open(request: HttpRequest) -> HttpResponse:
    _require_jb(request)
    form = RotationOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "年度不正确。")
        return redirect("personnel:training_worklist")
    try:
        opened = svc.rotation_obligations_open(year=form.cleaned_data["year"], actor=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"已为 {opened} 名持证人员建立 {form.cleaned_data['year']} 年度轮训期限事项"
            "（已有的不重复建立）。",
        )
    return redirect("personnel:training_worklist")


# --- an officer's record, the yearly summary -----------------------------------------------------


@login_required
@require_GET
def officer_record(request: HttpRequest, officer_id: int) -> HttpResponse:
    officer = sel.officer_get_for_user(user=request.user, pk=officer_id)  # type: ignore[arg-type]
    if officer is None:
        raise Http404("执法人员不存在，或者您无权查看。")
    return render(
        request,
        "personnel/training_officer_record.html",
        {
            "officer": officer,
            "years": sel.officer_training_record(officer=officer),
            "makeups": list(officer.makeup_requirements.select_related("session").order_by("-id")),
            "min_hours": svc.ROTATION_MIN_CLASS_HOURS,
        },
    )


@login_required
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    """R-1.11-06: per-officer yearly summary, the input of the year-end post assessment."""
    orgs = organisation_list_visible(user=request.user)  # type: ignore[arg-type]
    data = request.GET.copy()
    data.setdefault("year", str(sel.default_year()))
    form = SummaryFilterForm(data, organisations=orgs)
    if not form.is_valid():
        return render(
            request,
            "personnel/training_summary.html",
            {"form": form, "page": None, "year": None},
            status=400,
        )
    year = form.cleaned_data["year"]
    org = form.cleaned_data.get("organisation")
    qs = sel.yearly_summary(
        user=request.user,  # type: ignore[arg-type]
        year=year,
        organisation_id=org.pk if org else None,
    )
    if request.GET.get("export") == "xlsx":
        rows = sel.summary_rows(qs)
        return _file(
            imp.summary_xlsx(rows, year=year),
            filename=f"{year}年度执法人员培训考核汇总.xlsx",
            content_type=XLSX,
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = sel.summary_rows(page.object_list)  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "personnel/training_summary.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "year": year,
            "export_url": f"{reverse('personnel:training_summary')}?{query.urlencode()}",
        },
    )

"""Portal and staff pages of correction requests (R-1.2-18, R-1.12-07) and disclosure
applications (R-1.2-16): the happy paths, every guard of the public forms, tracking, escaping,
the staff list (constant queries), detail, steps and evidence download."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhifa.ledger.models import LedgerEntry
from zhifa.publication import throttle
from zhifa.publication.constants import RequestKind, RequestStatus
from zhifa.publication.models import PublicRequest
from zhifa.publication.services import requests as svc
from zhifa.publication.tests.helpers import published

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
XSS = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pub(world, media):  # type: ignore[no-untyped-def]
    return published(world)


def token(age_seconds: float = 60) -> str:
    """A form token issued ``age_seconds`` ago (time controlled, no sleeping)."""
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=age_seconds), tick=False):
        return throttle.form_token_issue()


def pdf(name: str = "证据.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def correction_data(pub, **over):  # type: ignore[no-untyped-def]
    data = {
        "publication": str(pub.pk),
        "inaccurate": "罚款金额写成了10000元",
        "should_be": "应为1000元，见决定书照片",
        "requester_type": "organisation",
        "requester_name": "临猗县示例食品超市",
        "requester_phone": "13912345678",
        "requester_email": "shop@example.com",
        "homepage": "",
        "form_token": token(),
        "evidence": [pdf()],
    }
    data.update(over)
    return data


def disclosure_data(world, **over):  # type: ignore[no-untyped-def]
    data = {
        "organisation": str(world.dept.pk),
        "subject": "2026年食品安全抽检计划",
        "content": "请公开2026年度食品安全监督抽检计划全文",
        "requester_type": "person",
        "requester_name": "李四",
        "requester_phone": "0359-4021234",
        "requester_address": "临猗县东街1号",
        "homepage": "",
        "form_token": token(),
    }
    data.update(over)
    return data


def _submit(client, pub, **over):  # type: ignore[no-untyped-def]
    return client.post(reverse("portal:correction_new"), correction_data(pub, **over))


# --- portal: the forms ------------------------------------------------------------------------


def test_r_1_2_18_correction_form_preselects_publication(client, pub):
    resp = client.get(reverse("portal:correction_new"), {"publication": pub.pk})
    assert resp.status_code == 200
    body = resp.content.decode()
    assert pub.title in body and 'name="homepage"' in body
    assert 'aria-hidden="true"' in body and 'tabindex="-1"' in body
    # nonsense ids are ignored, not a 500
    assert client.get(reverse("portal:correction_new"), {"publication": "x'--"}).status_code == 200


def test_r_1_2_18_correction_happy_path_and_tracking(client, pub, world):
    """R-1.2-18 / R-1.12-07: filed with evidence → tracking code page → track shows the status
    and never the requester's personal data."""
    resp = _submit(client, pub, requester_name="临猗县王某商行")
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert resp["Location"] == reverse("portal:request_submitted")
    req = PublicRequest.objects.get()
    assert req.organisation == world.dept and req.publication == pub
    assert req.requester_is_organisation and req.files.count() == 1
    assert len(req.client_hash) == 64 and "127.0.0.1" not in req.client_hash
    page = client.get(reverse("portal:request_submitted"))
    assert req.tracking_code in page.content.decode()

    resp = client.post(reverse("portal:track"), {"code": req.tracking_code.lower()})
    body = resp.content.decode()
    assert resp.status_code == 200 and "已收到" in body
    for private in ("王某商行", "13912345678", "shop@example.com", "罚款金额写成"):
        assert private not in body


def test_r_1_2_16_disclosure_happy_path(client, world):
    resp = client.post(reverse("portal:disclosure_new"), disclosure_data(world))
    assert resp.status_code == 302
    req = PublicRequest.objects.get()
    assert req.kind == RequestKind.DISCLOSURE and req.organisation == world.dept
    assert req.tracking_code.startswith("GK-")
    assert LedgerEntry.objects.get(action="publication.request.submitted").actor_label == "public"


def test_r_1_2_16_disclosure_form_lists_enforcement_units_only(client, world):
    body = client.get(reverse("portal:disclosure_new")).content.decode()
    assert world.dept.name in body and "临猗县公安局" not in body


def test_honeypot_filled_is_refused_with_data_kept(client, pub):
    resp = _submit(client, pub, homepage="http://spam.example")
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "应为1000元" in body and not PublicRequest.objects.exists()


def test_too_fast_submission_refused(client, pub):
    with time_machine.travel(timezone.now(), tick=False):  # issued 1 s before, however slow
        resp = _submit(client, pub, form_token=token(age_seconds=1))
    assert resp.status_code == 400
    assert "提交过快" in resp.content.decode() and not PublicRequest.objects.exists()


def test_stale_token_asks_to_resubmit_keeping_data(client, pub):
    resp = _submit(client, pub, form_token=token(age_seconds=5 * 3600))
    body = resp.content.decode()
    assert resp.status_code == 400 and "已保留" in body
    assert "罚款金额写成了10000元" in body and "重新选择" in body
    assert not PublicRequest.objects.exists()
    # the re-rendered form carries a fresh token: resubmitting it later works
    fresh = resp.context["form"].data["form_token"]
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10)):
        assert throttle.form_token_check(fresh) == throttle.TokenVerdict.OK


def test_forged_token_refused(client, pub):
    assert _submit(client, pub, form_token="abc:def").status_code == 400


def test_rate_limit_429_keeps_data(client, pub):
    for _ in range(throttle.SUBMISSIONS_PER_HOUR):
        assert _submit(client, pub).status_code == 302
    resp = _submit(client, pub, inaccurate="第六次提交的内容")
    assert resp.status_code == 429
    body = resp.content.decode()
    assert "第六次提交的内容" in body and "一小时" in body
    assert PublicRequest.objects.count() == throttle.SUBMISSIONS_PER_HOUR
    # another address is not limited
    other = client.post(
        reverse("portal:correction_new"), correction_data(pub), REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 302


def test_r_1_2_18_correction_without_files_refused(client, pub):
    resp = _submit(client, pub, evidence=[])
    assert resp.status_code == 400
    assert "证据材料" in resp.content.decode()


def test_oversized_file_refused(client, pub, settings):
    settings.ZHIFA_PORTAL_UPLOAD_MAX_BYTES = 20
    resp = _submit(client, pub)
    assert resp.status_code == 400 and "超过" in resp.content.decode()
    assert not PublicRequest.objects.exists()


def test_too_many_files_refused(client, pub):
    resp = _submit(client, pub, evidence=[pdf(f"{i}.pdf") for i in range(6)])
    assert resp.status_code == 400 and "最多上传 5 个文件" in resp.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "declared"),
    [
        ("发票.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40, "application/pdf"),  # exe
        (
            "图.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "image/svg+xml",
        ),
        ("页.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("假.png", b"GIF89a" + b"\x00" * 20, "image/png"),
    ],
)
def test_uploads_sniffed_by_bytes_not_name(client, pub, name, data, declared):
    upload = SimpleUploadedFile(name, data, content_type=declared)
    resp = _submit(client, pub, evidence=[upload])
    assert resp.status_code == 400
    assert "按文件内容识别" in resp.content.decode()
    assert not PublicRequest.objects.exists()


def test_png_evidence_accepted(client, pub):
    upload = SimpleUploadedFile("photo.pdf", PNG, content_type="application/pdf")
    assert _submit(client, pub, evidence=[upload]).status_code == 302
    assert PublicRequest.objects.get().files.get().content_type == "image/png"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("requester_phone", "12345"),
        ("requester_id_number", "110101199001011234"),  # bad check digit / not a USCC
        ("requester_email", "not-an-email"),
        ("requester_name", "名" * 101),
        ("inaccurate", "长" * 4001),
        ("requester_type", "robot"),
        ("publication", "abc"),
    ],
)
def test_bad_input_400_with_chinese_errors(client, pub, field, value):
    resp = _submit(client, pub, **{field: value})
    assert resp.status_code == 400
    assert "请按提示修改" in resp.content.decode()


def test_correction_without_publication_needs_unit_and_place(client, pub, world):
    resp = _submit(client, pub, publication="")
    assert resp.status_code == 400
    resp = _submit(
        client,
        pub,
        publication="",
        organisation=str(world.county.team_a.pk),
        published_where="猗氏镇政府网站2026年10月",
    )
    assert resp.status_code == 302
    assert PublicRequest.objects.get().organisation == world.county.team_a


def test_disclosure_needs_reply_address_or_email(client, world):
    resp = client.post(
        reverse("portal:disclosure_new"), disclosure_data(world, requester_address="")
    )
    assert resp.status_code == 400 and "通信地址或电子邮箱" in resp.content.decode()


def test_csrf_enforced(pub):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("portal:correction_new"), correction_data(pub)).status_code == 403


# --- portal: tracking -------------------------------------------------------------------------


def test_unknown_tracking_code_clear_message(client, db):
    resp = client.post(reverse("portal:track"), {"code": "GZ-AAAAAAAAAAAA"})
    assert resp.status_code == 404 and "未找到该查询码" in resp.content.decode()
    assert client.post(reverse("portal:track"), {"code": ""}).status_code == 400
    assert client.post(reverse("portal:track"), {"code": "x" * 500}).status_code == 400
    assert client.get(reverse("portal:track")).status_code == 200


def test_tracking_lookups_rate_limited(client, db):
    start = timezone.now().replace(second=5, microsecond=0)
    with time_machine.travel(start, tick=False):  # all in one minute window
        for _ in range(throttle.LOOKUPS_PER_MINUTE):
            client.post(reverse("portal:track"), {"code": "GZ-AAAAAAAAAAAA"})
        resp = client.post(reverse("portal:track"), {"code": "GZ-AAAAAAAAAAAA"})
    assert resp.status_code == 429 and "GZ-AAAAAAAAAAAA" in resp.content.decode()
    with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
        assert client.post(reverse("portal:track"), {"code": "GZ-A"}).status_code == 404


def test_submitted_page_without_submission_redirects(client, db):
    assert client.get(reverse("portal:request_submitted")).status_code == 302


def test_xss_escaped_on_staff_and_tracking_pages(client, pub, world):
    """Visitor text is escaped everywhere (never |safe)."""
    assert _submit(client, pub, inaccurate=XSS, requester_name=XSS).status_code == 302
    req = PublicRequest.objects.get()
    svc.request_start_verifying(request=req, actor=world.o1)
    svc.request_reject(request=req, actor=world.o1, reasons=f"理由{XSS}")
    resp = client.post(reverse("portal:track"), {"code": req.tracking_code})
    body = resp.content.decode()
    assert XSS not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    client.force_login(world.o1)
    body = client.get(reverse("publication:request_detail", args=[req.pk])).content.decode()
    assert XSS not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# --- staff ------------------------------------------------------------------------------------


def _filed(pub, n: int = 1):  # type: ignore[no-untyped-def]
    out = []
    for i in range(n):
        with tempfile.NamedTemporaryFile(suffix=".part") as tmp:
            tmp.write(PDF)
            tmp.flush()
            ev = svc.Evidence(
                path=Path(tmp.name),
                original_name=f"证据{i}.pdf",
                content_type="application/pdf",
                size=len(PDF),
                sha256=hashlib.sha256(PDF).hexdigest(),
            )
            out.append(
                svc.request_submit(
                    kind=RequestKind.CORRECTION,
                    actor=AnonymousUser(),
                    requester_name="王五",
                    requester_phone="13812345678",
                    subject=pub.title,
                    content="信息有误",
                    publication=pub,
                    files=[ev],
                )
            )
    return out


def test_staff_list_constant_queries_and_filters(client, pub, world):
    """The list costs the same number of queries for 2 or 8 requests (units loaded in bulk)."""
    _filed(pub, 2)
    client.force_login(world.o1)
    url = reverse("publication:request_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        resp = client.get(url)
    assert resp.status_code == 200 and len(resp.context["rows"]) == 2
    more = _filed(pub, 6)
    svc.request_start_verifying(request=more[0], actor=world.o1)
    svc.request_forward(request=more[0], actor=world.o1, to=world.county.team_a, reply="")
    with CaptureQueriesContext(connection) as many:
        resp = client.get(url)
    assert len(resp.context["rows"]) == 8
    assert len(many.captured_queries) == len(few.captured_queries)
    resp = client.get(url, {"status": "forwarded", "kind": "correction"})
    assert [r.pk for r in resp.context["rows"]] == [more[0].pk]
    assert client.get(url, {"status": "open"}).context["rows"][0].pk == more[-1].pk  # newest
    assert client.get(url, {"status": "bogus", "kind": "<x>", "page": "zz"}).status_code == 200


def test_staff_list_scoped(client, pub, world):
    _filed(pub, 1)
    client.force_login(world.people.officer_b)
    assert client.get(reverse("publication:request_list")).context["rows"] == []
    client.force_login(world.supervisor)
    assert len(client.get(reverse("publication:request_list")).context["rows"]) == 1


def test_staff_detail_and_steps(client, pub, world):
    (req,) = _filed(pub, 1)
    detail = reverse("publication:request_detail", args=[req.pk])
    client.force_login(world.people.officer_b)
    assert client.get(detail).status_code == 404
    client.force_login(world.supervisor)
    body = client.get(detail).content.decode()
    assert "王五" in body and 'data-testid="read-only"' in body
    resp = client.post(reverse("publication:request_step", args=[req.pk, "verify"]))
    assert resp.status_code == 403

    client.force_login(world.o1)
    body = client.get(detail).content.decode()
    assert "13812345678" in body and 'data-testid="step-verify"' in body
    resp = client.post(reverse("publication:request_step", args=[req.pk, "verify"]))
    assert resp.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.VERIFYING and req.handler == world.o1
    # a second verify: 409 with the reason, not a 500
    resp = client.post(reverse("publication:request_step", args=[req.pk, "verify"]))
    assert resp.status_code == 409
    # rejecting without reasons: 400, Chinese error
    resp = client.post(reverse("publication:request_step", args=[req.pk, "reject"]), {"reply": ""})
    assert resp.status_code == 400
    resp = client.post(reverse("publication:request_step", args=[req.pk, "nonsense"]))
    assert resp.status_code == 404
    resp = client.post(
        reverse("publication:request_step", args=[req.pk, "forward"]),
        {"forwarded_to": str(world.dept.pk)},  # own unit is not offered
    )
    assert resp.status_code == 400
    resp = client.post(
        reverse("publication:request_step", args=[req.pk, "refer"]),
        {"competent_body": "临猗县税务局", "reply": ""},
    )
    assert resp.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.REFERRED and req.competent_body == "临猗县税务局"


def test_r_1_2_18_staff_correct_step_starts_update(client, pub, world):
    (req,) = _filed(pub, 1)
    svc.request_start_verifying(request=req, actor=world.o1)
    client.force_login(world.o1)
    resp = client.post(
        reverse("publication:request_step", args=[req.pk, "correct"]),
        {"reason": "经核实当事人名称有误，予以更正。", "target_name": "临猗县示例食品超市二店"},
    )
    assert resp.status_code == 302
    assert resp["Location"] == reverse("publication:detail", args=[pub.pk])
    assert req.changes.get().status == "drafted"
    body = client.get(reverse("publication:request_detail", args=[req.pk])).content.decode()
    assert 'data-testid="step-reject"' not in body  # the update decides now


def test_r_1_2_16_staff_answer_step(client, world):
    req = svc.request_submit(
        kind=RequestKind.DISCLOSURE,
        actor=AnonymousUser(),
        requester_name="李四",
        requester_phone="13812345678",
        requester_email="ls@example.com",
        subject="抽检计划",
        content="请公开",
        organisation=world.dept,
    )
    svc.request_start_verifying(request=req, actor=world.reviewer)
    client.force_login(world.reviewer)
    url = reverse("publication:request_step", args=[req.pk, "answer"])
    assert client.post(url, {"disclosure_answer": "bogus", "reply": "x"}).status_code == 400
    resp = client.post(url, {"disclosure_answer": "not_held", "reply": "本机关不掌握该信息。"})
    assert resp.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.ANSWERED and req.disclosure_answer == "not_held"


def test_evidence_download_verified_and_logged(client, pub, world):
    (req,) = _filed(pub, 1)
    f = req.files.get()
    url = reverse("publication:request_file", args=[f.pk])
    client.force_login(world.people.officer_b)
    assert client.get(url).status_code == 404
    client.force_login(world.o1)
    resp = client.get(url)
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content) == PDF
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert LedgerEntry.objects.filter(action="publication.request.file_viewed").count() == 1
    assert client.get(reverse("publication:request_file", args=[999999])).status_code == 404


def test_anonymous_staff_pages_redirect_to_login(client, db):
    assert client.get(reverse("publication:request_list")).status_code == 302

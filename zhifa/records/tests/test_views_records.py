"""The record pages and the case page's records section (R-1.3-02/07/10/11/13): scope (404),
permission (403), forms that keep their input, constant queries, and the AV guard by the UI."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from zhifa.cases.actions import get as get_action
from zhifa.core import clock
from zhifa.ledger.models import LedgerEntry
from zhifa.records.models import AvExplanation, Interruption, Record
from zhifa.records.tests.test_records import av_record, seizure


def _local(value: dt.datetime) -> str:
    return clock.local(value).strftime("%Y-%m-%dT%H:%M")


def _av_post(world, **over):  # type: ignore[no-untyped-def]
    now = clock.now()
    data = {
        "stage": "investigation",
        "form": "audio_video",
        "media": "video",
        "title": "现场检查录像",
        "started_at": _local(now - dt.timedelta(hours=2)),
        "ended_at": _local(now - dt.timedelta(hours=1)),
        "place": "超市经营场所",
        "officers": [world.o1.pk, world.o2.pk],
        "device_kind": "body_camera",
        "precheck_device": "on",
        "precheck_battery": "on",
        "precheck_storage": "on",
        "announced": "on",
        "focus": ["times", "scene"],
    }
    data.update(over)
    return data


def test_r_1_3_10_register_page_keeps_input_and_says_what_is_missing(client, world, case):
    """R-1.3-10 by the UI: without the announcement the form comes back (400) with the typed
    title and the Chinese reason; with it the record is registered and its page opens."""
    url = reverse("records:register", args=[case.pk])
    client.force_login(world.o1)
    page = client.get(url)
    assert page.status_code == 200 and "执法环节" in page.content.decode()
    bad = client.post(url, _av_post(world, announced="", title="第一段录像"))
    body = bad.content.decode()
    assert bad.status_code == 400 and "第一段录像" in body and "语音说明" in body
    bad = client.post(url, _av_post(world, started_at="昨天"))
    assert bad.status_code == 400
    ok = client.post(url, _av_post(world))
    record = Record.objects.get(case=case)
    assert ok.status_code == 302 and ok["Location"] == reverse("records:detail", args=[record.pk])


def test_register_is_for_handlers_and_heads_and_out_of_scope_is_404(client, world, case):
    url = reverse("records:register", args=[case.pk])
    client.force_login(world.o3)  # an officer of the unit, not on the case
    assert client.get(url).status_code in (403, 404)
    client.force_login(world.reviewer)  # sees the case, may not register
    assert client.get(url).status_code == 403
    assert client.get(reverse("records:register", args=[999999])).status_code == 404


def test_record_page_shows_the_facts_logs_the_access_and_hides_from_outsiders(client, world, case):
    """Opening a record is an access (ledger records.record.viewed); out of scope → 404."""
    record = av_record(world, case)
    url = reverse("records:detail", args=[record.pk])
    client.force_login(world.o2)
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "R-1.3-10" in body and "执法记录仪" in body and "待存储" in body
    assert 'data-testid="storage-limit"' in body and "R-1.3-13" in body
    assert LedgerEntry.objects.filter(
        action="records.record.viewed", subject_id=str(record.pk), actor_id=world.o2.pk
    ).exists()
    client.force_login(world.o3)
    assert client.get(url).status_code == 404
    assert client.get(reverse("records:detail", args=[10**9])).status_code == 404


def test_r_1_3_11_interruption_page(client, world, case):
    record = av_record(world, case)
    url = reverse("records:interruption", args=[record.pk])
    client.force_login(world.o1)
    start = _local(record.started_at + dt.timedelta(minutes=5))
    bad = client.post(url, {"started_at": start, "cause": "weather", "detail": "暴雨"})
    assert bad.status_code == 400 and "书面说明" in bad.content.decode()
    assert "暴雨" in bad.content.decode()
    ok = client.post(
        url, {"started_at": start, "cause": "weather", "written_note": "暴雨致设备进水。"}
    )
    assert ok.status_code == 302 and Interruption.objects.filter(record=record).count() == 1
    client.force_login(world.reviewer)
    assert client.get(url).status_code == 403


def test_r_1_3_07_case_section_lists_missing_av_and_the_report_is_refused_by_the_ui(
    client, world, case
):
    """R-1.3-07 by the UI: the case page names the seizure missing its AV record and what to do;
    the report action is refused; the head approves the explanation on the queue page."""
    step = seizure(world, case, av_note="执法记录仪突发故障。")
    client.force_login(world.o1)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="missing-av"' in body and "扣押财物" in body
    assert reverse("records:explanation_new", args=[case.pk]) in body
    action = get_action("case", "report_submit")
    assert action is not None
    resp = client.post(
        reverse("cases:action", args=[case.pk, "report_submit"]),
        {
            "facts": "销售过期纯牛奶。",
            "evidence_summary": "笔录。",
            "legal_basis": "《食品安全法》",
            "proposal": "terminate",
        },
    )
    assert resp.status_code in (400, 409) and "R-1.3-07" in resp.content.decode()
    note = AvExplanation.objects.get(field_action=step)
    client.force_login(world.head)
    queue = client.get(reverse("records:explanations"))
    assert "执法记录仪突发故障" in queue.content.decode()
    bad = client.post(reverse("records:explanation_decide", args=[note.pk]), {"approve": "no"})
    assert bad.status_code == 400 and "理由" in bad.content.decode()
    client.force_login(world.o1)  # the writer may not decide
    assert (
        client.post(
            reverse("records:explanation_decide", args=[note.pk]), {"approve": "yes"}
        ).status_code
        == 403
    )
    client.force_login(world.head)
    ok = client.post(reverse("records:explanation_decide", args=[note.pk]), {"approve": "yes"})
    assert ok.status_code == 302
    note.refresh_from_db()
    assert note.status == "approved"
    client.force_login(world.o1)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="missing-av"' not in body


def test_explanation_new_page_keeps_input(client, world, case):
    client.force_login(world.o1)
    url = reverse("records:explanation_new", args=[case.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"reason": "  ", "field_action": "abc"})
    assert bad.status_code == 400
    ok = client.post(url, {"reason": "执法行为本身未能录像：设备故障。"})
    assert ok.status_code == 302 and AvExplanation.objects.filter(case=case).exists()


def test_case_section_queries_do_not_grow_with_records(
    client, world, case, django_assert_max_num_queries
):
    """The case page's records section reads in constant queries (R-1.3-02 grouping)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.o1)
    url = reverse("cases:detail", args=[case.pk])
    av_record(world, case)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        av_record(
            world, case, title=f"录像{i}", stage="service_execution" if i % 2 else "investigation"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count('data-testid="case-record"') == 7


def test_r_1_3_07_a_stored_photo_satisfies_the_step_and_the_page_links_its_file(
    client, world, case, tmp_path
):
    """R-1.3-07 / R-1.3-13 end to end with the storage: the seizure's AV record gets a photo
    through the uploads' service; it is STORED, the guard passes, and the record page shows the
    file and its preview, each served by records:file."""
    from zhifa.records.services.files import record_file_store_upload
    from zhifa.records.services.guards import require_av_complete
    from zhifa.records.tests.test_files import jpeg_with_exif
    from zhifa.records.tests.test_records import AV_FORM

    step = seizure(world, case, av_recorded=True, av_media="photo", **AV_FORM)
    record = step.records.get()
    path = tmp_path / "seizure.jpg"
    path.write_bytes(jpeg_with_exif())
    rf, _dup = record_file_store_upload(
        record=record, path=path, original_name="扣押现场.jpg", actor=world.o1
    )
    record.refresh_from_db()
    assert record.status == "stored"
    require_av_complete(case)
    client.force_login(world.o1)
    body = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert reverse("records:file", args=[rf.pk]) in body and "扣押现场.jpg" in body
    assert 'class="thumb"' in body and "已存储" in body
    assert client.get(reverse("records:file", args=[rf.pk])).status_code == 200

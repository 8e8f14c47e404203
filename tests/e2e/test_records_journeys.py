"""Journeys of the full-process records in a real browser (issue 5).

- An officer records a seizure on the body camera; the case page says the video is missing
  (R-1.3-07) and due within 2 working days (R-1.3-13). On the record page the officer uploads the
  file through the chunked uploader (progress bar, several chunks), the record turns 已存储 and
  the time limit is fulfilled. The unit head opens the file: it plays, and the access is logged.
- The records list, the registration form and the upload page on a 390 px phone.

Screenshots go to var/screenshots/ (and to ZHIFA_SHOTS_DIR when it is set)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_case_journeys import _no_horizontal_scroll, _shot
from zhifa.cases.tests.conftest import filed_case, media, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# A small file that sniffs as MP4 (the uploader checks the bytes, not the name).
VIDEO = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 1200


@pytest.fixture(autouse=True)
def enforcement_types(db):  # type: ignore[no-untyped-def]
    """The live server's transactional database is flushed, data migrations included."""
    from zhifa.catalog.enforcement_types import STANDARD_ENFORCEMENT_TYPES
    from zhifa.catalog.models import EnforcementType

    for order, (code, name) in enumerate(STANDARD_ENFORCEMENT_TYPES, start=1):
        EnforcementType.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Staging under tmp_path; 64 KiB chunks so the small file goes up in several."""
    root = tmp_path / "uploads"
    root.mkdir()
    settings.ZHIFA_UPLOAD_DIR = root
    settings.ZHIFA_UPLOAD_CHUNK_BYTES = 64 * 1024
    return root


def _seizure(world):  # type: ignore[no-untyped-def]  # noqa: F811
    from zhifa.cases.constants import FieldActionKind
    from zhifa.cases.services.investigation import field_action_record
    from zhifa.core import clock

    # Filed now, the seizure from the filing to now: going back hours would cross midnight
    # (Asia/Shanghai) in the small hours, before the officers' certificates were issued.
    case = filed_case(world)
    field_action_record(
        case=case,
        actor=world.o1,
        kind=FieldActionKind.SEIZE,
        started_at=case.filed_at,
        ended_at=clock.now(),
        place="临猗县城关镇示例路1号",
        officers=[world.o1, world.o2],
        certificate_shown=True,
        party_informed=True,
        record="当场清点涉案食品，制作扣押清单，当事人签字确认。",
        items="超过保质期的纯牛奶12盒",
        av_recorded=True,
        av_media="video",
        av_device_kind="body_camera",
        av_device_label="DSJ-0107",
        av_precheck_device=True,
        av_precheck_battery=True,
        av_precheck_storage=True,
        av_announced=True,
    )
    return case


def test_officer_uploads_the_seizure_video_in_chunks_and_the_head_plays_it(page, world):  # noqa: F811
    from zhifa.deadlines.models import Obligation
    from zhifa.ledger.models import LedgerEntry
    from zhifa.records.constants import RecordStatus
    from zhifa.records.models import Record

    case = _seizure(world)
    record = Record.objects.get(case=case)
    login(page, "o1")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    section = page.inner_text("[data-testid=case-records]")
    assert "待存储" in section and "扣押" in page.inner_text("[data-testid=missing-av]")
    _shot(page, "records-case-section-pc")
    page.click(f"[data-testid=case-records] a[href='/records/{record.pk}/']")
    assert "待存储" in page.inner_text("[data-testid=record-status]")
    page.wait_for_selector("[data-uploader][data-ready]")  # the script has taken the form over
    page.set_input_files(
        f"#upload-file-{record.pk}",
        files=[{"name": "DSJ-0107_扣押.mp4", "mimeType": "video/mp4", "buffer": VIDEO}],
    )
    try:
        page.wait_for_selector(".upload-item.done", timeout=30_000)
    except Exception as exc:  # say what the uploader shows instead of a bare timeout
        raise AssertionError(
            f"upload not stored: {page.inner_text('[data-testid=uploader]')!r}"
        ) from exc
    assert "已存储" in page.inner_text(".upload-item .upload-status")
    assert page.eval_on_selector(".upload-item progress", "p => p.value === p.max")
    _shot(page, "records-upload-done-pc")
    record.refresh_from_db()
    assert record.status == RecordStatus.STORED
    limit = Obligation.objects.get(subject_id=str(record.pk), rule_id="R-1.3-13")
    assert limit.fulfilled_at is not None
    page.reload()
    assert "已存储" in page.inner_text("[data-testid=record-status]")
    assert "DSJ-0107_扣押.mp4" in page.inner_text("[data-testid=record-files]")

    page.context.clear_cookies()
    login(page, "head")
    page.goto(page.base_url + f"/records/{record.pk}/")
    href = page.get_attribute("[data-testid=record-file] a.btn >> text=播放", "href")
    assert href is not None
    # The page plays it in place (nothing is fetched until play: preload="none").
    assert page.get_attribute("video[data-testid=player]", "src") == href
    assert page.get_attribute("video[data-testid=player]", "preload") == "none"
    response = page.request.get(page.base_url + href)  # the head's session, as the player does
    assert response.status == 200 and response.body() == VIDEO
    assert response.headers["content-type"] == "video/mp4"
    assert LedgerEntry.objects.filter(
        action="records.record.played", actor_id=world.head.pk
    ).exists()


def test_records_pages_on_a_phone(phone, world):  # noqa: F811
    case = _seizure(world)
    from zhifa.records.models import Record

    record = Record.objects.get(case=case)
    login(phone, "o1")
    for url, name in (
        ("/records/", "records-list-phone"),
        (f"/records/case/{case.pk}/new/", "records-register-phone"),
        (f"/records/{record.pk}/", "records-detail-phone"),
        (f"/records/{record.pk}/upload/", "records-upload-phone"),
    ):
        response = phone.goto(phone.base_url + url)
        assert response is not None and response.status == 200, url
        assert _no_horizontal_scroll(phone), url
        _shot(phone, name)

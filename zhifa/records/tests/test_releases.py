"""Release of records (R-1.3-16, R-1.3-18): nothing is exported, provided, published or shown to
a party without an approved, unexpired decision of the unit's head; every export is logged and
its manifest's hashes match the bytes."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
import time_machine
from django.urls import reverse

from zhifa.core import clock
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.ledger.models import LedgerEntry
from zhifa.records.constants import ReleaseKind, ReleaseStatus
from zhifa.records.models import ReleaseRequest
from zhifa.records.services.releases import (
    approval_number,
    records_approved_for_publication,
    release_decide,
    release_request,
    release_use,
)
from zhifa.records.tests.test_access import accesses, alter_on_disk, outsiders, stored_record

pytestmark = pytest.mark.django_db


def ask(world, rf, *, kind=ReleaseKind.EXPORT, actor=None, **kw):  # type: ignore[no-untyped-def]
    return release_request(
        actor=actor or world.o1,
        kind=kind,
        recipient=kw.pop("recipient", "临猗县人民法院"),
        purpose=kw.pop("purpose", "行政诉讼举证"),
        records=[rf.record],
        **kw,
    )


def zip_of(resp) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    return zipfile.ZipFile(io.BytesIO(b"".join(resp.streaming_content)))


def test_r_1_3_16_an_export_without_approval_is_refused(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    release = ask(world, rf)
    client.force_login(world.o1)
    resp = client.get(reverse("records:release_export", args=[release.pk]))
    assert resp.status_code == 403
    assert "尚未经负责人批准" in resp.content.decode()
    release_decide(release=release, actor=world.head, approve=False, note="用途不明确")
    resp = client.get(reverse("records:release_export", args=[release.pk]))
    assert resp.status_code == 403 and "未获负责人批准" in resp.content.decode()
    assert accesses(rf.record) == []


def test_r_1_3_16_an_approved_export_streams_the_originals_with_a_matching_manifest(
    client, world, case
) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    photo = stored_record(
        world,
        case,
        data=b"\xff\xd8\xff photo",
        media="photo",
        name="照片.jpg",
        content_type="image/jpeg",
    )
    release = release_request(
        actor=world.o1,
        kind=ReleaseKind.EXPORT,
        recipient="临猗县人民法院",
        purpose="举证",
        case=case,
    )
    assert set(release.records.all()) == {rf.record, photo.record}
    release = release_decide(release=release, actor=world.head, approve=True, note="同意")
    client.force_login(world.o1)
    resp = client.get(reverse("records:release_export", args=[release.pk]))
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/zip"
    zf = zip_of(resp)
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["approval"]["number"] == approval_number(release)
    assert manifest["approval"]["date"] == clock.local(release.decided_at).date().isoformat()
    assert len(manifest["files"]) == 2
    for row in manifest["files"]:
        data = zf.read(row["path"])
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert len(data) == row["size"]
    assert {row["sha256"] for row in manifest["files"]} == {rf.blob.sha256, photo.blob.sha256}
    rows = list(csv.reader(io.StringIO(zf.read("清单.csv").decode("utf-8-sig"))))
    assert rows[0][1] == "SHA-256" and len(rows) == 3
    assert rows[1][6] == approval_number(release)
    assert [e.action for e in accesses(rf.record)] == ["records.record.exported"]
    assert (
        LedgerEntry.objects.filter(
            action="records.release.exported", subject_id=str(release.pk)
        ).count()
        == 1
    )


def test_r_1_3_16_only_the_requester_uses_the_approval(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    release = release_decide(release=ask(world, rf), actor=world.head, approve=True)
    client.force_login(world.o2)  # sees the record, did not ask
    assert client.get(reverse("records:release_export", args=[release.pk])).status_code == 404
    client.force_login(world.head)
    resp = client.get(reverse("records:release_export", args=[release.pk]))
    assert resp.status_code == 403 and "只有提出申请的人员" in resp.content.decode()


def test_r_1_3_16_an_expired_approval_is_refused(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    release = release_decide(release=ask(world, rf), actor=world.head, approve=True)
    assert release.valid_until == release.decided_at + dt.timedelta(days=30)
    with time_machine.travel(release.valid_until + dt.timedelta(minutes=1)):
        client.force_login(world.o1)
        resp = client.get(reverse("records:release_export", args=[release.pk]))
    assert resp.status_code == 403 and "过期" in resp.content.decode()
    assert accesses(rf.record) == []


def test_r_1_3_18_an_altered_file_aborts_the_export(client, world, case) -> None:  # type: ignore[no-untyped-def]
    from zhifa.records.storage import BlobIntegrityError

    rf = stored_record(world, case)
    release = release_decide(release=ask(world, rf), actor=world.head, approve=True)
    alter_on_disk(rf)
    client.force_login(world.o1)
    client.raise_request_exception = True
    resp = client.get(reverse("records:release_export", args=[release.pk]))
    with pytest.raises(BlobIntegrityError):
        b"".join(resp.streaming_content)
    assert rf.blob.checks.filter(ok=False, problem="altered").exists()


def test_r_1_3_16_the_head_never_decides_their_own_request_or_case(world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    own = ask(world, rf, actor=world.head)
    with pytest.raises(PermissionDenied):
        release_decide(release=own, actor=world.head, approve=True)
    release_decide(release=own, actor=world.head2, approve=True)
    # A head who handles the case does not approve releases of its records.
    case.officers.create(
        user=world.head2, capacity="assistant", assigned_at=clock.now(), assigned_by=world.head
    )
    other = ask(world, rf)
    with pytest.raises(PermissionDenied):
        release_decide(release=other, actor=world.head2, approve=True)


def test_r_1_3_16_users_of_every_role_outside_the_unit_cannot_decide_or_ask(
    client, world, case
) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    release = ask(world, rf)
    others = outsiders(world)
    people = {
        **others,
        "officer_on_case": world.o2,
        "supervisor": world.supervisor,
        "reviewer": world.reviewer,
    }
    for label, user in people.items():
        with pytest.raises(PermissionDenied):
            release_decide(release=release, actor=user, approve=True)
        client.force_login(user)
        resp = client.post(
            f"/api/v1/records/releases/{release.pk}/decide",
            {"approve": True},
            content_type="application/json",
        )
        assert resp.status_code in (403, 404), label
    for label, user in others.items():
        if label == "officer_same_unit_not_on_case":
            continue
        with pytest.raises(PermissionDenied):
            ask(world, rf, actor=user)
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PENDING


def test_r_1_3_16_a_refusal_needs_a_reason_and_a_decision_is_final(world, case) -> None:  # type: ignore[no-untyped-def]
    release = ask(world, stored_record(world, case))
    with pytest.raises(DomainError) as exc:
        release_decide(release=release, actor=world.head, approve=False, note=" ")
    assert exc.value.field == "note"
    release_decide(release=release, actor=world.head, approve=True)
    with pytest.raises(DomainError):
        release_decide(release=release, actor=world.head2, approve=False, note="x")


def test_r_1_3_16_a_party_access_needs_a_checked_id_and_keeps_no_number(world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    with pytest.raises(DomainError) as exc:
        ask(world, rf, kind=ReleaseKind.PARTY_ACCESS, recipient="张三")
    assert exc.value.field == "party_id_checked"
    number = "142729199001011234"
    release = ask(
        world,
        rf,
        kind=ReleaseKind.PARTY_ACCESS,
        recipient="张三",
        purpose="查阅现场执法录像",
        party_id_checked=True,
        id_kind="resident_id",
        id_number=number,
    )
    entry = LedgerEntry.objects.get(action="records.release.requested", subject_id=str(release.pk))
    assert number not in entry.payload and json.loads(entry.payload)["id_last4"] == "1234"
    assert number not in str(ReleaseRequest.objects.filter(pk=release.pk).values().get())
    with pytest.raises(PermissionDenied):
        release_use(release=release, actor=world.o1)  # not approved yet
    release_decide(release=release, actor=world.head, approve=True)
    release_use(release=release, actor=world.o1, note="在执法大队接待室查阅")
    assert [e.action for e in accesses(rf.record)] == ["records.record.shown"]


def test_r_1_3_16_publication_approval_only_marks_the_record(world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    release = ask(world, rf, kind=ReleaseKind.PUBLISH, recipient="县政府门户网站")
    assert not records_approved_for_publication().exists()
    release = release_decide(release=release, actor=world.head, approve=True)
    assert release.valid_until is None
    assert list(records_approved_for_publication()) == [rf.record]


def test_r_1_3_16_the_pages_request_decide_and_export(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    client.force_login(world.o1)
    url = reverse("records:release_new", args=[rf.record_id])
    resp = client.post(url, {"kind": "export", "recipient": "", "purpose": "举证"})
    assert resp.status_code == 400 and "请填写提供对象" in resp.content.decode()
    assert "举证" in resp.content.decode()  # what was typed is kept
    resp = client.post(url, {"kind": "export", "recipient": "县法院", "purpose": "举证"})
    release = ReleaseRequest.objects.get()
    assert resp.status_code == 302
    panel = client.get(reverse("records:release_panel", args=[rf.record_id])).content.decode()
    assert "待负责人审批" in panel
    client.force_login(world.head)
    queue = client.get(reverse("records:releases")).content.decode()
    assert reverse("records:release_detail", args=[release.pk]) in queue
    resp = client.post(
        reverse("records:release_decide", args=[release.pk]), {"decision": "reject", "note": ""}
    )
    assert resp.status_code == 400 and "不予批准的，请写明理由" in resp.content.decode()
    resp = client.post(
        reverse("records:release_decide", args=[release.pk]),
        {"decision": "approve", "note": "同意"},
    )
    assert resp.status_code == 302
    client.force_login(world.o1)
    detail = client.get(reverse("records:release_detail", args=[release.pk])).content.decode()
    assert reverse("records:release_export", args=[release.pk]) in detail
    resp = client.get(reverse("records:release_export", args=[release.pk]))
    assert resp.status_code == 200 and "manifest.json" in zip_of(resp).namelist()
    client.force_login(world.people.officer_a)
    assert client.get(reverse("records:release_detail", args=[release.pk])).status_code == 404
    assert client.get(reverse("records:release_new", args=[rf.record_id])).status_code == 404


def test_r_1_3_16_the_release_queue_has_a_constant_query_count(
    client, world, case, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    ask(world, rf)
    client.force_login(world.head)
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("records:releases"))
    for _ in range(5):
        ask(world, rf)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("records:releases"))


def test_r_1_3_16_the_api_asks_decides_and_exports(client, world, case) -> None:  # type: ignore[no-untyped-def]
    rf = stored_record(world, case)
    client.force_login(world.o1)
    resp = client.post(
        "/api/v1/records/releases",
        {"kind": "export", "recipient": "", "purpose": "x", "record_ids": [rf.record_id]},
        content_type="application/json",
    )
    assert resp.status_code == 400 and resp.json()["field"] == "recipient"
    resp = client.post(
        "/api/v1/records/releases",
        {"kind": "export", "recipient": "县法院", "purpose": "举证", "record_ids": [rf.record_id]},
        content_type="application/json",
    )
    assert resp.status_code == 201
    rid = resp.json()["id"]
    assert client.get(f"/api/v1/records/releases/{rid}/export").json()["code"] == "not_approved"
    client.force_login(world.head)
    resp = client.post(
        f"/api/v1/records/releases/{rid}/decide", {"approve": True}, content_type="application/json"
    )
    assert resp.status_code == 200 and resp.json()["approval_number"]
    client.force_login(world.o1)
    assert [r["id"] for r in client.get("/api/v1/records/releases").json()] == [rid]
    resp = client.get(f"/api/v1/records/releases/{rid}/export")
    assert resp.status_code == 200 and "manifest.json" in zip_of(resp).namelist()
    client.force_login(world.people.officer_a)
    assert client.get(f"/api/v1/records/releases/{rid}").status_code == 404
    assert client.get("/api/v1/records/releases/abc").status_code == 404
    resp = client.post(
        "/api/v1/records/releases",
        {"kind": "export", "recipient": "x", "purpose": "x", "record_ids": [rf.record_id]},
        content_type="application/json",
    )
    assert resp.status_code == 403

"""Demo full-process records for the demo cases, made through the records services.

On the case under investigation: the site inspection's photo, taken with the officer's phone
(a real JPEG whose EXIF says when and where), stored; and a seizure recorded on the body camera
this morning whose video is still to be stored — its 2-working-day limit (R-1.3-13) is running,
and the case cannot end its investigation until it is stored (R-1.3-07).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageDraw

from zhifa.accounts.models import User
from zhifa.cases.constants import FieldActionKind
from zhifa.cases.models import Case, FieldAction
from zhifa.cases.services.investigation import field_action_record
from zhifa.core import clock
from zhifa.records.constants import DeviceKind, FocusPoint, MediaKind, RecordForm, RecordStage
from zhifa.records.services.files import record_file_store_upload
from zhifa.records.services.records import AvFacts, record_register

# 临猗县城 (N 35.144°, E 110.774°), as a phone writes it into EXIF.
_LAT = (35.0, 8.0, 38.4)
_LON = (110.0, 46.0, 26.4)


def _photo(taken_at: dt.datetime) -> bytes:
    """A shelf of out-of-date goods, drawn, with the EXIF a phone camera writes."""
    image = Image.new("RGB", (1600, 1200), (236, 232, 224))
    draw = ImageDraw.Draw(image)
    for row in range(4):
        y = 180 + row * 250
        draw.rectangle((120, y + 150, 1480, y + 170), fill=(120, 90, 60))  # shelf board
        for col in range(9):
            x = 160 + col * 145
            colour = (250, 250, 250) if (row + col) % 3 else (210, 40, 40)  # expired: red
            draw.rectangle((x, y + 20, x + 100, y + 150), fill=colour, outline=(60, 60, 60))
    exif = Image.Exif()
    exif[0x010F] = "Huawei"
    exif[0x0110] = "Mate 60"
    stamp = timezone.localtime(taken_at).strftime("%Y:%m:%d %H:%M:%S")
    exif[0x0132] = stamp
    exif.get_ifd(0x8769)[0x9003] = stamp
    exif.get_ifd(0x8769)[0x9011] = "+08:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", _LAT, "E", _LON
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=80)
    return out.getvalue()


def _store(record_id: int, data: bytes, name: str, actor: User) -> None:
    from zhifa.records.models import Record

    root = Path(settings.ZHIFA_UPLOAD_DIR)
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, suffix=".demo") as fh:
        fh.write(data)
        fh.flush()
        record = Record.objects.get(pk=record_id)
        record_file_store_upload(record=record, path=Path(fh.name), original_name=name, actor=actor)


def demo_seed(
    *,
    case: Case,
    inspection: FieldAction,
    lead: User,
    team: list[User],
    t: Callable[[int], dt.datetime],
    slot: int,
    seizure_slot: int,
) -> None:
    """The inspection's photo (stored) and a seizure whose body-camera video awaits storage."""
    party = case.party.name if case.party else ""
    with clock.as_of(t(slot)):
        photo = record_register(
            case=case,
            actor=lead,
            stage=RecordStage.INVESTIGATION,
            form=RecordForm.AUDIO_VIDEO,
            media=MediaKind.PHOTO,
            title="现场检查照片：货架上的过期食品",
            description="货架第二、三层陈列的纯牛奶、酸奶已超过保质期（红色标示）。",
            field_action=inspection,
            av=AvFacts(
                started_at=inspection.started_at,
                ended_at=inspection.ended_at,
                place=inspection.place,
                reason=case.cause,
                target=party,
                officers=team,
                device_kind=DeviceKind.PHONE,
                device_label="执法终端 SC-03",
                focus=[FocusPoint.SCENE, FocusPoint.PROPERTY],
            ),
        )
        _store(photo.pk, _photo(inspection.started_at), "IMG_20260315_0932.jpg", lead)

    with clock.as_of(t(seizure_slot + 2)):
        field_action_record(
            case=case,
            actor=lead,
            kind=FieldActionKind.SEIZE,
            started_at=t(seizure_slot),
            ended_at=t(seizure_slot + 1),
            place=inspection.place,
            officers=team,
            certificate_shown=True,
            party_informed=True,
            record="执法人员出示执法证件，告知当事人扣押的理由、依据和权利义务，当场清点涉案食品，"
            "制作扣押清单，由当事人签字确认。全程使用执法记录仪录音录像。",
            items="超过保质期的纯牛奶（250mL）12盒\n超过保质期的酸奶（200g）8杯",
            av_recorded=True,
            av_media=MediaKind.VIDEO,
            av_device_kind=DeviceKind.BODY_CAMERA,
            av_device_label="执法记录仪 DSJ-0107",
            av_precheck_device=True,
            av_precheck_battery=True,
            av_precheck_storage=True,
            av_announced=True,
        )

"""Files of a record: what may be uploaded, the original attached as it came, the photo's EXIF
time and place kept, and a preview made beside it (R-1.3-18: the original is never modified).

- :func:`file_kind_check` — the type of a file from its first bytes (never the extension alone):
  images, video, audio, PDF and office documents are accepted; executables, HTML, SVG, scripts
  and anything unknown are refused with a Chinese message.
- :func:`clean_filename` — the name as the user's device gave it, without any path.
- :func:`record_file_attach` — the :class:`RecordFile` of a stored file (contract in the issue-5
  brief): EXIF for photos, a JPEG preview as its own stored file, a ledger entry, and the record
  marked stored (R-1.3-13, R-1.3-14) through ``services.records.record_mark_stored``.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from zhifa.core import clock
from zhifa.core.errors import DomainError
from zhifa.ledger.services import ledger_append
from zhifa.records import storage
from zhifa.records.constants import FileRole
from zhifa.records.models import Record, RecordFile, StoredFile

if TYPE_CHECKING:
    from zhifa.accounts.models import User

SHANGHAI = ZoneInfo("Asia/Shanghai")
PREVIEW_MAX_PX = 1280
# Pillow refuses (DecompressionBombError) above twice this; we already stop making a preview here.
PREVIEW_MAX_PIXELS = 80_000_000
SNIFF_BYTES = 64
FILENAME_MAX = 200


class UnsupportedFileType(DomainError):
    """The bytes are not of a kind records may hold."""

    status_code = 415

    def __init__(self, message: str, *, code: str = "unsupported_type") -> None:
        super().__init__(message, code=code, field="file")


# --- what may be uploaded ------------------------------------------------------------------

REFUSED_EXTENSIONS = frozenset(
    {
        "exe", "dll", "com", "bat", "cmd", "msi", "scr", "ps1", "vbs", "js", "mjs", "jar",
        "apk", "sh", "py", "php", "html", "htm", "xhtml", "svg", "svgz", "xml", "hta", "lnk",
    }
)  # fmt: skip

OFFICE_EXTENSIONS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "ofd": "application/ofd",  # 国家版式文档
}
OLE_EXTENSIONS = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "wps": "application/vnd.ms-works",
    "et": "application/vnd.ms-excel",
}
# Container brands of ISO media files (bytes 8..12 after "ftyp").
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif")
AUDIO_BRANDS = (b"M4A ", b"M4B ", b"F4A ")

ACCEPT_ATTR = "image/*,video/*,audio/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ofd"
REFUSED_TEXT = (
    "不支持该文件类型：只能上传照片、录音、录像、PDF 和办公文档（Word、Excel、PowerPoint、OFD）；"
    "可执行程序、网页、SVG 和脚本不能作为执法记录上传。"
)


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def clean_filename(name: str) -> str:
    """The file's own name: no directories (either slash), no control characters, at most
    200 characters with the extension kept; "未命名文件" when nothing is left."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    name = re.sub(r"\s+", " ", name)
    if len(name) > FILENAME_MAX:
        ext = extension_of(name)
        keep = FILENAME_MAX - (len(ext) + 1 if ext and len(ext) <= 10 else 0)
        name = name[:keep].rstrip() + (f".{ext}" if ext and len(ext) <= 10 else "")
    return name or "未命名文件"


def declared_type_check(*, filename: str, content_type: str) -> None:
    """Refuse at once what is named or declared as a forbidden kind (the bytes are checked too,
    when they arrive: :func:`file_kind_check`)."""
    ct = (content_type or "").split(";")[0].strip().lower()
    if extension_of(filename) in REFUSED_EXTENSIONS or ct in {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "application/javascript",
        "text/javascript",
        "application/x-msdownload",
        "application/x-sh",
    }:
        raise UnsupportedFileType(REFUSED_TEXT)


@dataclass(frozen=True)
class FileKind:
    content_type: str
    is_photo: bool = False  # a raster image Pillow may read: EXIF and a preview


def _sniff_head(head: bytes, ext: str) -> FileKind | None:
    """The kind from the first bytes; None when unknown or forbidden."""
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind("image/jpeg", True)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind("image/png", True)
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return FileKind("image/gif", True)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind("image/webp", True)
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return FileKind("image/tiff", True)
    if head[:2] == b"BM" and ext == "bmp":
        return FileKind("image/bmp", True)
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in HEIF_BRANDS:
            return FileKind("image/avif" if brand == b"avif" else "image/heic")
        if brand in AUDIO_BRANDS:
            return FileKind("audio/mp4")
        if brand.startswith(b"qt"):
            return FileKind("video/quicktime")
        if brand.startswith(b"3g"):
            return FileKind("video/3gpp")
        return FileKind("video/mp4")
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return FileKind("video/x-msvideo")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return FileKind("audio/wav")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return FileKind("video/webm" if ext == "webm" else "video/x-matroska")
    if head.startswith(b"\x00\x00\x01\xba") or head.startswith(b"\x00\x00\x01\xb3"):
        return FileKind("video/mpeg")
    if head[:1] == b"\x47" and ext in {"ts", "mts", "m2ts"}:
        return FileKind("video/mp2t")  # body cameras and fixed cameras often write MPEG-TS
    if head[:3] == b"FLV":
        return FileKind("video/x-flv")
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return FileKind("audio/aac" if ext == "aac" else "audio/mpeg")
    if head.startswith(b"#!AMR"):
        return FileKind("audio/amr")
    if head.startswith(b"OggS"):
        return FileKind("audio/ogg")
    if head.startswith(b"fLaC"):
        return FileKind("audio/flac")
    if head.startswith(b"%PDF-"):
        return FileKind("application/pdf")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and ext in OLE_EXTENSIONS:
        return FileKind(OLE_EXTENSIONS[ext])
    return None


def file_kind_check(fh: BinaryIO, *, filename: str) -> FileKind:
    """The kind of the open file (read from position 0; left at 0), from its bytes. Office
    documents that are ZIP packages must look like one (``[Content_Types].xml`` or ``mimetype``)
    and carry an office extension. Raises :class:`UnsupportedFileType` otherwise."""
    ext = extension_of(filename)
    if ext in REFUSED_EXTENSIONS:
        raise UnsupportedFileType(REFUSED_TEXT)
    fh.seek(0)
    head = fh.read(SNIFF_BYTES)
    fh.seek(0)
    if not head:
        raise UnsupportedFileType("文件是空的，请选择有内容的文件。", code="empty_file")
    kind = _sniff_head(head, ext)
    if kind is None and head.startswith(b"PK\x03\x04") and ext in OFFICE_EXTENSIONS:
        try:
            with zipfile.ZipFile(fh) as zf:  # type: ignore[arg-type]
                names = set(zf.namelist()[:2000])
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        finally:
            fh.seek(0)
        if "[Content_Types].xml" in names or "mimetype" in names or "OFD.xml" in names:
            kind = FileKind(OFFICE_EXTENSIONS[ext])
    if kind is None:
        raise UnsupportedFileType(REFUSED_TEXT)
    return kind


def head_kind_check(head: bytes, *, filename: str) -> None:
    """Early refusal on the first chunk of a resumable upload (the full check runs again on the
    finished file): refuses what is recognisably not allowed."""
    if len(head) < 16:
        return
    ext = extension_of(filename)
    if _sniff_head(head, ext) is not None:
        return
    if head.startswith(b"PK\x03\x04") and ext in OFFICE_EXTENSIONS:
        return
    raise UnsupportedFileType(REFUSED_TEXT)


# --- EXIF ----------------------------------------------------------------------------------

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
TAG_DATETIME = 0x0132
TAG_DATETIME_ORIGINAL = 0x9003
TAG_OFFSET_TIME_ORIGINAL = 0x9011
TAG_ORIENTATION = 0x0112


@dataclass
class PhotoFacts:
    taken_at: dt.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _exif_time(text: Any, offset: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        naive = dt.datetime.strptime(text.strip().rstrip("\x00"), "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None
    tz: dt.tzinfo = SHANGHAI  # a camera without an offset: local (county) time
    if isinstance(offset, str) and re.fullmatch(r"[+-]\d{2}:\d{2}", offset.strip().rstrip("\x00")):
        o = offset.strip().rstrip("\x00")
        sign = 1 if o[0] == "+" else -1
        tz = dt.timezone(sign * dt.timedelta(hours=int(o[1:3]), minutes=int(o[4:6])))
    return naive.replace(tzinfo=tz)


def _gps_degrees(value: Any, ref: Any, limit: int) -> Decimal | None:
    try:
        d, m, s = (Decimal(str(float(x))) for x in value)
    except (TypeError, ValueError, ZeroDivisionError, InvalidOperation):
        return None
    deg = d + m / 60 + s / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    if isinstance(ref, str) and ref.strip().upper() in ("S", "W"):
        deg = -deg
    if not deg.is_finite() or abs(deg) > limit:
        return None
    return deg.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def photo_facts(image: Any) -> PhotoFacts:
    """EXIF DateTimeOriginal (Asia/Shanghai when it has no offset) and GPS latitude/longitude of
    an open Pillow image; whatever is missing or malformed stays None."""
    facts = PhotoFacts()
    try:
        exif = image.getexif()
        exif_ifd = exif.get_ifd(EXIF_IFD)
        gps = exif.get_ifd(GPS_IFD)
    except Exception:  # noqa: BLE001 — a broken EXIF block is not the user's fault
        return facts
    facts.taken_at = _exif_time(
        exif_ifd.get(TAG_DATETIME_ORIGINAL) or exif.get(TAG_DATETIME),
        exif_ifd.get(TAG_OFFSET_TIME_ORIGINAL),
    )
    if gps and 2 in gps and 4 in gps:
        facts.latitude = _gps_degrees(gps.get(2), gps.get(1), 90)
        facts.longitude = _gps_degrees(gps.get(4), gps.get(3), 180)
        if facts.latitude is None or facts.longitude is None:
            facts.latitude = facts.longitude = None
    return facts


def _open_image(fh: BinaryIO) -> Any:
    """Pillow image of the file, refusing decompression bombs (None when unreadable)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(fh)
            width, height = image.size
        if width * height > PREVIEW_MAX_PIXELS:
            return None
        return image
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return None
    except Exception:  # noqa: BLE001 — Pillow raises many kinds on a damaged file
        return None


def _make_preview(image: Any, *, dest: Path) -> bool:
    """A JPEG of at most 1280 px with the EXIF orientation applied; False when it fails."""
    from PIL import Image, ImageOps

    try:
        image.draft("RGB", (PREVIEW_MAX_PX, PREVIEW_MAX_PX))  # JPEG: decode at a reduced scale
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = ImageOps.exif_transpose(image)
        im.thumbnail((PREVIEW_MAX_PX, PREVIEW_MAX_PX))
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        im.save(dest, "JPEG", quality=82, optimize=True)
        return True
    except Exception:  # noqa: BLE001 — no preview; the original is still stored
        return False


# --- attaching -----------------------------------------------------------------------------


@transaction.atomic
def record_file_attach(
    *,
    record: Record,
    blob: StoredFile,
    original_name: str,
    actor: User,
    is_photo: bool | None = None,
    at: dt.datetime | None = None,
) -> RecordFile:
    """Attach the stored file ``blob`` to ``record`` as an original (R-1.3-18: as uploaded).

    For a photo, EXIF time and place are kept on the row and a JPEG preview (≤ 1280 px,
    orientation applied) is stored as its own file with ``role=PREVIEW`` and ``derived_from`` the
    original; a photo Pillow cannot read (or a decompression bomb) is stored without preview.
    Ledger entry ``records.file.attached``; then the record is marked stored (the first original
    fulfils R-1.3-13 / R-1.3-14). If the record already holds these bytes as an original, that
    file is returned and nothing is added.
    """
    at = at or clock.now()
    existing = (
        RecordFile.objects.filter(record=record, blob=blob, role=FileRole.ORIGINAL)
        .order_by("id")
        .first()
    )
    if existing is not None:
        return existing
    if is_photo is None:
        is_photo = blob.content_type.startswith("image/") and blob.content_type not in (
            "image/heic",
            "image/avif",
        )
    facts = PhotoFacts()
    preview_path: Path | None = None
    if is_photo:
        with storage.blob_open(blob) as fh:
            image = _open_image(fh)
            if image is not None:
                facts = photo_facts(image)
                staging = Path(settings.ZHIFA_UPLOAD_DIR)
                staging.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile(
                    dir=staging, prefix="preview-", suffix=".jpg", delete=False
                ) as tmp:
                    preview_path = Path(tmp.name)
                if not _make_preview(image, dest=preview_path):
                    preview_path.unlink(missing_ok=True)
                    preview_path = None
    rf = RecordFile.objects.create(
        record=record,
        blob=blob,
        role=FileRole.ORIGINAL,
        original_name=clean_filename(original_name),
        taken_at=facts.taken_at,
        latitude=facts.latitude,
        longitude=facts.longitude,
        uploaded_by=actor,
        uploaded_at=at,
    )
    preview: RecordFile | None = None
    if preview_path is not None:
        try:
            preview_blob = storage.blob_store_path(preview_path, content_type="image/jpeg")
        finally:
            preview_path.unlink(missing_ok=True)
        preview = RecordFile.objects.create(
            record=record,
            blob=preview_blob,
            role=FileRole.PREVIEW,
            derived_from=rf,
            original_name=f"{Path(rf.original_name).stem}-预览.jpg"[:255],
            uploaded_by=actor,
            uploaded_at=at,
        )
    ledger_append(
        actor=actor,
        action="records.file.attached",
        subject=rf,
        payload={
            "record": record.pk,
            "record_file": rf.pk,
            "sha256": blob.sha256,
            "size": blob.size,
            "name": rf.original_name,
            "content_type": blob.content_type,
            "taken_at": facts.taken_at,
            "latitude": facts.latitude,
            "longitude": facts.longitude,
            "preview_sha256": preview.blob.sha256 if preview is not None else None,
        },
    )
    from zhifa.records.services.records import record_mark_stored

    record_mark_stored(record=record, actor=actor, at=at)
    return rf


def record_file_store_upload(
    *, record: Record, path: Path, original_name: str, actor: User
) -> tuple[RecordFile, bool]:
    """A whole file on disk (the plain form's temporary upload) checked, stored and attached;
    returns (record file, duplicate). The source is left to its owner (Django removes it)."""
    name = clean_filename(original_name)
    with open(path, "rb") as fh:
        kind = file_kind_check(fh, filename=name)  # type: ignore[arg-type]
        digest, _size = storage.sha256_file(fh)  # type: ignore[arg-type]
    duplicate = StoredFile.objects.filter(sha256=digest).exists()
    blob = storage.blob_store_path(
        path, content_type=kind.content_type, sha256=digest, keep_source=True
    )
    with transaction.atomic():
        rf = record_file_attach(
            record=record, blob=blob, original_name=name, actor=actor, is_photo=kind.is_photo
        )
    return rf, duplicate

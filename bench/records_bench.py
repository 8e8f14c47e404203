"""Record uploads: throughput and the server's peak memory for a large file, and the speed of
hash verification (issue 5; ADR 0012).

    .venv/bin/python -m bench.records_bench [--size-mb 2048] [--small-mb 200] [--keep]

Runs against the configured database (``python -m bench --only records`` makes a scratch one)
after migrating it. It

1. registers a unit, its head (with an API token) and a written record to add files to;
2. for each size (``--small-mb``, then ``--size-mb``): generates a file of that size on disk
   (MP4 header, random bytes; never held in memory), starts a **fresh** web server process
   (waitress on the WSGI app, 4 threads, like ``zhifa serve``), uploads the file over HTTP with
   the resumable protocol in 8 MiB chunks (``POST`` + ``PATCH`` with ``Upload-Offset``, bearer
   token), and reports the throughput (MB/s, start to stored), the time of the last request
   (the finish: checks, storing, attaching) and the server's peak RSS (``VmHWM`` of
   ``/proc/<pid>/status``) after start-up and after the upload — so memory can be compared
   between the small and the large file;
3. times ``storage.blob_check`` (streaming SHA-256 of the stored file) on the large file (MB/s),
   after dropping nothing from the page cache (the file was just written: a warm cache).

Files go to a scratch folder (``--dir``; removed at the end unless ``--keep``); with PostgreSQL
the server's ``ZHIFA_DATA_DIR`` is that folder, with SQLite the configured data dir is kept
(it holds the database) and only the figures are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MiB = 1024 * 1024
_CSRF = "benchmarkbenchmarkbenchmark12345"  # 32 characters, as Django's CSRF secret


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _vm_hwm_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return -1


def _make_file(path: Path, size: int) -> None:
    block = os.urandom(8 * MiB)
    with open(path, "wb") as fh:
        fh.write(b"\x00\x00\x00\x18ftypmp42")
        written = 12
        n = 0
        while written < size:
            piece = block[: min(len(block), size - written)]
            # vary each block so the file is not a repetition (and not a duplicate of another run)
            piece = n.to_bytes(8, "big") + piece[8:] if len(piece) > 8 else piece
            fh.write(piece)
            written += len(piece)
            n += 1


def _fixture() -> tuple[int, str]:
    """(record id, API token) of a unit head who may add files to the record."""
    import datetime as dt

    from zhifa.accounts.constants import Role
    from zhifa.accounts.models import ApiToken
    from zhifa.accounts.tests.factories import OrganisationFactory, make_user
    from zhifa.core import clock
    from zhifa.records.constants import MediaKind, RecordForm, RecordStage
    from zhifa.records.models import Record

    tag = secrets.token_hex(4)
    org = OrganisationFactory(name=f"基准测试执法单位{tag}", code=f"bench-{tag}")
    head = make_user(org, Role.UNIT_HEAD, full_name="基准测试负责人", username=f"bench-{tag}")
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=head, name="bench", prefix=raw[:8], token_hash=ApiToken.hash_token(raw)
    )
    record = Record.objects.create(
        organisation=org,
        stage=RecordStage.INVESTIGATION,
        form=RecordForm.AUDIO_VIDEO,
        media=MediaKind.VIDEO,
        title="基准测试录像",
        retain_until=dt.date(2056, 1, 1),
        created_by=head,
        created_at=clock.now(),
    )
    return record.pk, raw


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(  # noqa: S603 — our own interpreter
            [
                sys.executable,
                "-c",
                "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings');"
                "from waitress import serve; from config.wsgi import application;"
                f"serve(application, host='127.0.0.1', port={self.port}, threads=4)",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 1),
            ):
                return
            time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _request(
    conn: http.client.HTTPConnection, method: str, url: str, token: str, body=None, headers=None
) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    # A bearer token alone is refused on writes (the session authenticator's CSRF check runs
    # first and fails; reported to the lead), so send a CSRF cookie and header pair as a browser
    # would.
    h = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/json",
        "Cookie": f"csrftoken={_CSRF}",
        "X-CSRFToken": _CSRF,
    }
    h.update(headers or {})
    conn.request(method, url, body=body, headers=h)
    response = conn.getresponse()
    raw = response.read()
    return response.status, (json.loads(raw) if raw else {})


def _upload(port: int, token: str, record: int, path: Path, chunk: int) -> dict:
    size = path.stat().st_size
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    t0 = time.perf_counter()
    status, body = _request(
        conn,
        "GET",
        "/api/v1/records/uploads/00000000-0000-0000-0000-000000000000",
        token,
    )
    assert status == 404, (status, body)  # warm the server (imports, first connection)
    t0 = time.perf_counter()
    status, body = _request(
        conn,
        "POST",
        "/api/v1/records/uploads",
        token,
        json.dumps({"record": record, "filename": path.name, "size": size}),
        {"Content-Type": "application/json"},
    )
    assert status == 201, (status, body)
    upload_id = body["id"]
    offset = 0
    last = 0.0
    with open(path, "rb") as fh:
        while offset < size:
            fh.seek(offset)
            data = fh.read(chunk)
            t = time.perf_counter()
            status, body = _request(
                conn,
                "PATCH",
                f"/api/v1/records/uploads/{upload_id}",
                token,
                data,
                {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
            )
            last = time.perf_counter() - t
            assert status == 200, (status, body)
            offset = body["offset"]
    total = time.perf_counter() - t0
    conn.close()
    assert body["complete"], body
    return {"seconds": total, "last_request_s": last, "sha256": body["sha256"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="records_bench", description=__doc__)
    parser.add_argument("--size-mb", type=int, default=2048, help="the large file (MiB)")
    parser.add_argument("--small-mb", type=int, default=200, help="the small file (MiB)")
    parser.add_argument("--dir", default=None, help="scratch folder for the files")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-migrate", action="store_true", help="the database is migrated")
    args = parser.parse_args(argv)
    if args.size_mb <= 0 or args.small_mb <= 0:
        parser.error("sizes must be > 0")
    scratch = Path(tempfile.mkdtemp(prefix="zhifa-records-bench-", dir=args.dir))
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env["ZHIFA_UPLOAD_MAX_BYTES"] = str(max(args.size_mb, args.small_mb) * MiB + MiB)
    if env.get("ZHIFA_DATABASE_URL"):
        env["ZHIFA_DATA_DIR"] = str(scratch / "data")
        os.environ["ZHIFA_DATA_DIR"] = env["ZHIFA_DATA_DIR"]
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    data_dir = Path(env.get("ZHIFA_DATA_DIR") or settings.DATA_DIR)
    # the bench process reads the files the server stored
    from django.core.files.storage import FileSystemStorage

    from zhifa.records import storage

    local = FileSystemStorage(location=str(data_dir / "files"))
    storage._storage = lambda: local  # type: ignore[assignment]
    record, token = _fixture()
    chunk = int(settings.ZHIFA_UPLOAD_CHUNK_BYTES)
    print(f"records: chunk {chunk // MiB} MiB, files under {data_dir}", flush=True)
    figures = {}
    try:
        for mb in (args.small_mb, args.size_mb):
            src = scratch / f"upload-{mb}mb.mp4"
            _make_file(src, mb * MiB)
            server = Server(env)
            try:
                rss_start = _vm_hwm_kib(server.proc.pid)
                result = _upload(server.port, token, record, src, chunk)
                rss_peak = _vm_hwm_kib(server.proc.pid)
            finally:
                server.stop()
            mbps = mb / result["seconds"]
            figures[mb] = (result, rss_start, rss_peak)
            print(
                f"records.upload {mb} MiB: {result['seconds']:.1f} s, {mbps:.0f} MiB/s, "
                f"finish request {result['last_request_s'] * 1000:.0f} ms, "
                f"server peak RSS {rss_start / 1024:.0f} MiB at start → {rss_peak / 1024:.0f} MiB",
                flush=True,
            )
            src.unlink()
        from zhifa.records.models import StoredFile

        big = StoredFile.objects.get(sha256=figures[args.size_mb][0]["sha256"])
        t = time.perf_counter()
        ok, problem = storage.blob_check(big)
        secs = time.perf_counter() - t
        assert ok, problem
        print(
            f"records.blob_check {big.size / MiB:.0f} MiB: {secs:.2f} s, "
            f"{big.size / MiB / secs:.0f} MiB/s (warm page cache)",
            flush=True,
        )
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
            if not env.get("ZHIFA_DATABASE_URL"):
                shutil.rmtree(data_dir / "files" / "records", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

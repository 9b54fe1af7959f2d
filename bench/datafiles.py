"""A large dataset file through a live node: tus upload and HTTP download against `cp`.

Usage: python bench/datafiles.py [--size-gib 5] [--chunk-mib 64] [--tmpdir /tmp] [--keep]

Writes a file of random bytes (default 5 GiB) under a fresh directory of TMPDIR, then in
one run, alternating reference and node:

1. ``cp FILE COPY`` (the reference), timed;
2. upload: a fresh node (`sankofa serve`, one gunicorn worker, SQLite under the same
   directory) receives the file through its tus endpoint ``/api/uploads/`` as raw
   ``PATCH`` requests of CHUNK bytes; the clock stops when the last PATCH is answered,
   i.e. after the node has hashed the whole file (SHA-256 and MD5) and put it in its blob
   store. The upload is then added to a draft and published (untimed), and the fixity
   job that publication starts is waited for;
3. ``cp`` again, timed;
4. download: ``GET /datasets/records/R/versions/1/files/NAME`` into a file, read in
   1 MiB blocks; the node hashes the file while sending it (and would cut the
   connection on a mismatch). The SHA-256 of the downloaded copy is compared with the
   source's and with the node's ``Repr-Digest`` after the clock stops.

Each transfer is compared with the median of the two `cp` runs (throughput ratio; target
at least 0.6) and the peak resident set (VmHWM) of the node's processes is read after
the upload and after the download (target under 200 MB). The page cache is warm: the
source file was just written. Everything is deleted at the end unless --keep.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MiB = 1 << 20
GiB = 1 << 30
ROOT = Path(__file__).resolve().parent.parent


def write_random(path: Path, size: int) -> str:
    """A file of `size` random bytes; its SHA-256."""
    digest = hashlib.sha256()
    block = 16 * MiB
    with open(path, "wb") as out:
        left = size
        while left:
            data = os.urandom(min(block, left))
            digest.update(data)
            out.write(data)
            left -= len(data)
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(4 * MiB):
            digest.update(chunk)
    return digest.hexdigest()


def timed_cp(src: Path, dst: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["cp", str(src), str(dst)], check=True)
    elapsed = time.perf_counter() - start
    dst.unlink()
    return elapsed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def node_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANKOFA_")}
    env.update(SANKOFA_HOME=str(home), SANKOFA_PERIODIC_JOBS="off")
    return env


@contextmanager
def serving(home: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    log = (home / "serve.log").open("ab")
    command = [sys.executable, "-m", "sankofa", "serve", "--port", str(port), "--workers", "1"]
    proc = subprocess.Popen(command, env=node_env(home), stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(1200):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/1/")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the node did not answer; see {home / 'serve.log'}")
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += tree(int(child))
    return found


def peak_rss(pid: int) -> dict[int, int]:
    """VmHWM in bytes of `pid` and each descendant."""
    peaks = {}
    for p in tree(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks[p] = int(line.split()[1]) * 1024
    return peaks


class Window:
    """`length` bytes of a file from `offset`, read in 1 MiB blocks (http.client's body)."""

    def __init__(self, stream: Any, length: int) -> None:
        self.stream, self.left = stream, length

    def read(self, size: int = -1) -> bytes:
        want = self.left if size < 0 else min(size, self.left)
        data = self.stream.read(want) if want else b""
        self.left -= len(data)
        return data


def tus_upload(port: int, token: str, path: Path, chunk: int) -> str:
    """Upload `path` with raw tus requests; the upload's id."""
    size = path.stat().st_size
    auth = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600, blocksize=MiB)
    name = base64.b64encode(path.name.encode()).decode()
    conn.request(
        "POST",
        "/api/uploads/",
        headers={**auth, "Upload-Length": str(size), "Upload-Metadata": f"filename {name}"},
    )
    answer = conn.getresponse()
    answer.read()
    if answer.status != 201:
        raise RuntimeError(f"creating the upload answered {answer.status}")
    location = answer.getheader("Location") or ""
    target = "/" + location.split("://", 1)[-1].split("/", 1)[1] if "://" in location else location
    offset = 0
    with open(path, "rb") as stream:
        while offset < size:
            length = min(chunk, size - offset)
            headers = {
                **auth,
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": str(offset),
                "Content-Length": str(length),
            }
            conn.request("PATCH", target, body=Window(stream, length), headers=headers)
            answer = conn.getresponse()
            answer.read()
            if answer.status != 204:
                raise RuntimeError(f"PATCH at {offset} answered {answer.status}")
            offset = int(answer.getheader("Upload-Offset") or "0")
    conn.close()
    return target.rstrip("/").rsplit("/", 1)[-1]


def download(port: int, path: str, out: Path) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    conn.request("GET", path)
    answer = conn.getresponse()
    if answer.status != 200:
        raise RuntimeError(f"download answered {answer.status}: {answer.read()[:300]!r}")
    buffer = bytearray(MiB)
    view = memoryview(buffer)
    got = 0
    with open(out, "wb") as sink:
        while n := answer.readinto(view):
            sink.write(view[:n])
            got += n
    conn.close()
    return got, {k.lower(): v for k, v in answer.getheaders()}


def django_setup(home: Path) -> None:
    os.environ.update(node_env(home))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sankofa.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from sankofa.cli.main import ensure_schema

    ensure_schema()


def depositor() -> tuple[Any, str]:
    """A depositor and an API token of theirs."""
    from django.utils import timezone

    from sankofa.accounts import roles
    from sankofa.accounts.models import User
    from sankofa.accounts.tokens import create_token
    from sankofa.core.actors import Actor

    user = User.objects.create_user(
        "bench@example.org", "a long pass phrase for the bench", email_verified=timezone.now()
    )
    roles.grant_role(Actor.operator("bench"), user, "depositor")
    return roles.actor_for(user), create_token(Actor.operator("bench"), user).text


def publish(actor: Any, upload_id: str, name: str) -> tuple[int, str]:
    """Add the upload to a new draft and publish it; (record id, download path)."""
    from django.urls import reverse

    from sankofa.core.formats.datacite.model import (
        Creator,
        Identifier,
        Publisher,
        Resource,
        ResourceType,
        Title,
    )
    from sankofa.core.formats.datacite.vocabulary import ResourceTypeGeneral
    from sankofa.datasets import services

    draft = services.create_draft(actor)
    services.set_metadata(
        actor,
        draft.pk,
        Resource(
            identifier=Identifier(value="(:tba)"),
            creators=(Creator(name="Bench, Mark"),),
            titles=(Title(value="A large file"),),
            publisher=Publisher(name="Sankofa bench"),
            publication_year=2026,
            resource_type=ResourceType(general=ResourceTypeGeneral.DATASET, value="Bytes"),
        ),
    )
    services.add_upload(actor, draft.pk, upload_id, name)
    version = services.submit(actor, draft.pk)
    path = reverse("datafiles:download", args=[version.record_id, version.number, name])
    return version.record_id, path


def wait_for_fixity() -> dict[str, Any]:
    from sankofa.core.jobs.models import Job

    while True:
        job = Job.objects.filter(name="datasets.fixity").order_by("-pk").first()
        if job is not None and job.status in ("succeeded", "failed"):
            return {"status": job.status, "result": job.result}
        time.sleep(1)


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(mem) // 1024 // 1024} GiB RAM, {platform.platform()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gib", type=float, default=5.0)
    parser.add_argument("--chunk-mib", type=int, default=64)
    parser.add_argument("--tmpdir", default=tempfile.gettempdir())
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if not 8 <= args.chunk_mib <= 512:
        parser.error("--chunk-mib: from 8 to 512")
    size = int(args.size_gib * GiB)
    work = Path(tempfile.mkdtemp(prefix="sankofa-datafiles-", dir=args.tmpdir))
    home = work / "home"
    home.mkdir()
    try:
        return run(work, home, size, args.chunk_mib * MiB)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, home: Path, size: int, chunk: int) -> int:
    source = work / "large.bin"
    print(f"writing {size} random bytes to {source} …", file=sys.stderr)
    source_sha = write_random(source, size)
    django_setup(home)
    actor, token = depositor()
    load = [os.getloadavg()[0]]
    cps = [timed_cp(source, work / "copy.bin")]
    port = free_port()
    with serving(home, port) as proc:
        start = time.perf_counter()
        upload_id = tus_upload(port, token, source, chunk)
        upload_s = time.perf_counter() - start
        rss_upload = peak_rss(proc.pid)
        _, path = publish(actor, upload_id, source.name)
        fixity = wait_for_fixity()
        cps.append(timed_cp(source, work / "copy.bin"))
        out = work / "downloaded.bin"
        start = time.perf_counter()
        got, headers = download(port, path, out)
        download_s = time.perf_counter() - start
        rss_all = peak_rss(proc.pid)
    load.append(os.getloadavg()[0])
    down_sha = sha256_of(out)
    served = base64.b64decode(headers["repr-digest"].split(":")[1]).hex()
    cp_s = statistics.median(cps)
    report = {
        "machine": machine(),
        "size_bytes": size,
        "chunk_bytes": chunk,
        "cp_seconds": [round(c, 2) for c in cps],
        "upload_seconds": round(upload_s, 2),
        "download_seconds": round(download_s, 2),
        "cp_MBps": round(size / cp_s / 1e6, 1),
        "upload_MBps": round(size / upload_s / 1e6, 1),
        "download_MBps": round(size / download_s / 1e6, 1),
        "upload_ratio_to_cp": round(cp_s / upload_s, 2),
        "download_ratio_to_cp": round(cp_s / download_s, 2),
        "server_peak_rss_mb_after_upload": {
            str(p): round(v / 1e6, 1) for p, v in rss_upload.items()
        },
        "server_peak_rss_mb_after_download": {
            str(p): round(v / 1e6, 1) for p, v in rss_all.items()
        },
        "sha256_source": source_sha,
        "sha256_downloaded_matches": down_sha == source_sha and got == size,
        "repr_digest_matches": served == source_sha,
        "fixity_job": fixity,
        "load_average_before_after": load,
    }
    print(json.dumps(report, indent=2))
    ok = report["sha256_downloaded_matches"] and report["repr_digest_matches"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

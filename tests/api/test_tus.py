"""``/api/uploads/`` through live servers, with the real tus client (tuspy) and raw HTTP."""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.utils import timezone
from tests.conftest import cli_env, run_cli
from tests.gitservers import free_port
from tests.nodes import start_node, stop_node
from tusclient.client import TusClient

from sankofa.accounts.models import User
from sankofa.accounts.tokens import create_token
from sankofa.core.actors import Actor
from sankofa.core.blobstore import get_blobstore
from sankofa.core.uploads.models import Upload

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = {**TUS, "Content-Type": "application/offset+octet-stream"}


def token_for(email: str) -> str:
    user = User.objects.create_user(email, "a long pass phrase", email_verified=timezone.now())
    return create_token(Actor.operator("test"), user).text


@pytest.fixture
def base(live_server: Any, node_home: Path, transactional_db: None) -> str:
    return f"{live_server.url}/api/uploads/"


@pytest.fixture
def auth(base: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for('ada@example.org')}"}


def create(base: str, auth: dict[str, str], length: int, **headers: str) -> str:
    answer = requests.post(base, headers={**TUS, **auth, "Upload-Length": str(length), **headers})
    assert answer.status_code == 201, answer.text
    return answer.headers["Location"]


def head(url: str, auth: dict[str, str]) -> requests.Response:
    return requests.head(url, headers={**TUS, **auth})


def send_part(url: str, auth: dict[str, str], data: bytes, total: int) -> None:
    """A PATCH announcing `total` bytes that sends `data` and then drops the connection."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    conn.putrequest("PATCH", parts.path)
    for name, value in {**OCTETS, **auth, "Upload-Offset": "0"}.items():
        conn.putheader(name, value)
    conn.putheader("Content-Length", str(total))
    conn.endheaders()
    conn.send(data)
    conn.sock.shutdown(2)
    conn.close()


def wait_for_offset(url: str, auth: dict[str, str], expected: int) -> int:
    """The offset once the server has noticed the dropped connection (polls HEAD)."""
    offset = -1
    for _ in range(600):
        offset = int(head(url, auth).headers["Upload-Offset"])
        if offset == expected:
            break
        os.sched_yield()
    return offset


def tus_upload(endpoint: str, auth: dict[str, str], path: Path, **options: Any) -> Any:
    uploader = TusClient(endpoint, headers=auth).uploader(str(path), **options)
    uploader.upload()
    return uploader


def test_options_describe_the_server(base: str) -> None:
    answer = requests.options(base)
    assert answer.status_code == 204
    assert answer.headers["Tus-Version"] == "1.0.0"
    assert set(answer.headers["Tus-Extension"].split(",")) == {
        "creation",
        "creation-with-upload",
        "termination",
        "checksum",
        "expiration",
    }
    assert int(answer.headers["Tus-Max-Size"]) == 50 * 1024**3
    assert "sha1" in answer.headers["Tus-Checksum-Algorithm"].split(",")


def test_tuspy_uploads_a_file_in_chunks(base: str, auth: dict[str, str], tmp_path: Path) -> None:
    data = os.urandom(3 * 1024 * 1024 + 5)
    (tmp_path / "data.bin").write_bytes(data)
    uploader = tus_upload(
        base,
        auth,
        tmp_path / "data.bin",
        chunk_size=512 * 1024,
        metadata={"filename": "data.bin"},
        upload_checksum=True,
    )
    status = requests.get(uploader.url, headers=auth).json()
    assert status["complete"] and status["offset"] == len(data)
    assert status["sha256"] == hashlib.sha256(data).hexdigest()
    assert status["md5"] == hashlib.md5(data).hexdigest()
    assert status["metadata"] == {"filename": "data.bin"}
    row = Upload.objects.get()
    with get_blobstore().open(row.blob) as stored:
        assert stored.read() == data
    answer = head(uploader.url, auth)
    assert answer.headers["Upload-Offset"] == answer.headers["Upload-Length"] == str(len(data))
    assert answer.headers["Cache-Control"] == "no-store"
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert f"sha-256=:{digest}:" in answer.headers["Repr-Digest"]


def test_a_killed_upload_resumes_with_tuspy(
    base: str, auth: dict[str, str], tmp_path: Path
) -> None:
    data = os.urandom(2 * 1024 * 1024 + 3)
    (tmp_path / "data.bin").write_bytes(data)
    url = create(base, auth, len(data))
    send_part(url, auth, data[:1_000_000], len(data))
    assert wait_for_offset(url, auth, 1_000_000) == 1_000_000
    uploader = tus_upload(url, auth, tmp_path / "data.bin", url=url, chunk_size=256 * 1024)
    assert uploader.offset == len(data)
    status = requests.get(url, headers=auth).json()
    assert status["sha256"] == hashlib.sha256(data).hexdigest()
    assert status["md5"] == hashlib.md5(data).hexdigest()


def test_creation_with_upload(base: str, auth: dict[str, str]) -> None:
    answer = requests.post(base, data=b"hello", headers={**OCTETS, **auth, "Upload-Length": "11"})
    assert answer.status_code == 201 and answer.headers["Upload-Offset"] == "5"
    assert "GMT" in answer.headers["Upload-Expires"]
    url = answer.headers["Location"]
    done = requests.patch(url, data=b" world", headers={**OCTETS, **auth, "Upload-Offset": "5"})
    assert done.status_code == 204 and done.headers["Upload-Offset"] == "11"
    assert (
        requests.get(url, headers=auth).json()["sha256"]
        == hashlib.sha256(b"hello world").hexdigest()
    )


def test_protocol_errors(base: str, auth: dict[str, str]) -> None:
    url = create(base, auth, 10, **{"Upload-Metadata": "name YWJj,flag"})
    assert head(url, auth).headers["Upload-Metadata"] == "name YWJj,flag"
    patch = {**OCTETS, **auth, "Upload-Offset": "0"}
    wrong = base64.b64encode(hashlib.sha1(b"other").digest()).decode()
    mismatch = requests.patch(
        url, data=b"abc", headers={**patch, "Upload-Checksum": f"sha1 {wrong}"}
    )
    assert mismatch.status_code == 460 and mismatch.json()["exception"] == "ChecksumMismatch"
    assert head(url, auth).headers["Upload-Offset"] == "0"
    bad_algo = requests.patch(url, data=b"abc", headers={**patch, "Upload-Checksum": "crc32 AAAA"})
    assert bad_algo.status_code == 400 and "Upload-Checksum" in bad_algo.json()["reason"]
    assert requests.patch(url, data=b"abc", headers=patch).status_code == 204
    conflict = requests.patch(url, data=b"abc", headers=patch)
    assert conflict.status_code == 409 and "offset 3" in conflict.json()["reason"]
    no_version = requests.patch(url, data=b"d", headers={**patch, "Tus-Resumable": "0.2.2"})
    assert no_version.status_code == 412 and no_version.headers["Tus-Version"] == "1.0.0"
    form = {**patch, "Upload-Offset": "3", "Content-Type": "application/x-www-form-urlencoded"}
    assert requests.patch(url, data=b"d", headers=form).status_code == 415
    too_big = requests.post(base, headers={**TUS, **auth, "Upload-Length": str(51 * 1024**3)})
    assert too_big.status_code == 413 and "Upload-Length" in too_big.json()["reason"]
    bad_meta = requests.post(
        base, headers={**TUS, **auth, "Upload-Length": "1", "Upload-Metadata": "a !"}
    )
    assert bad_meta.status_code == 400 and "Upload-Metadata" in bad_meta.json()["reason"]
    assert head(url, auth).headers["Upload-Offset"] == "3"


def test_only_the_owner_with_a_token_uploads(base: str, auth: dict[str, str]) -> None:
    anonymous = requests.post(base, headers={**TUS, "Upload-Length": "5"})
    assert anonymous.status_code == 401 and anonymous.json()["exception"] == "AuthenticationFailed"
    forged = requests.post(base, headers={**TUS, "Upload-Length": "5", "Authorization": "Bearer x"})
    assert forged.status_code == 401
    url = create(base, auth, 5)
    other = {"Authorization": f"Bearer {token_for('bob@example.org')}"}
    assert head(url, other).status_code == 404
    stolen = requests.patch(url, data=b"abcde", headers={**OCTETS, **other, "Upload-Offset": "0"})
    assert stolen.status_code == 404
    assert requests.delete(url, headers={**TUS, **other}).status_code == 404
    assert head(url, auth).status_code == 200


def test_termination(base: str, auth: dict[str, str], node_home: Path) -> None:
    url = create(base, auth, 10)
    requests.patch(url, data=b"abc", headers={**OCTETS, **auth, "Upload-Offset": "0"})
    assert [p.stat().st_size for p in (node_home / "uploads").iterdir()] == [3]
    answer = requests.delete(url, headers={**TUS, **auth})
    assert answer.status_code == 204
    assert head(url, auth).status_code == 404
    assert Upload.objects.count() == 0
    assert list((node_home / "uploads").iterdir()) == []


def test_expired_uploads_answer_410(base: str, auth: dict[str, str]) -> None:
    url = create(base, auth, 10)
    Upload.objects.update(expires=timezone.now())
    answer = requests.patch(url, data=b"abc", headers={**OCTETS, **auth, "Upload-Offset": "0"})
    assert answer.status_code == 410 and answer.json()["exception"] == "Gone"


# --- a real server process: memory stays flat --------------------------------------------


@pytest.fixture
def served(tmp_path: Path, transactional_db: None) -> Iterator[tuple[str, int, Path]]:
    """`sankofa serve` with one worker: (base URL, worker pid, home)."""
    home = tmp_path / "node"
    port = free_port()
    proc = start_node(home, port, cli_env(home))
    try:
        yield f"http://127.0.0.1:{port}/api/uploads/", worker_of(proc.pid), home
    finally:
        stop_node(proc)


def worker_of(master: int) -> int:
    """The pid of the gunicorn master's one worker (waiting for it to be forked)."""
    children = Path(f"/proc/{master}/task/{master}/children")
    for _ in range(600):
        if found := children.read_text().split():
            return int(found[0])
        time.sleep(0.1)
    raise AssertionError("the server forked no worker")


def peak_rss(pid: int) -> int:
    """VmHWM of a process, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@pytest.mark.slow
def test_a_large_upload_keeps_server_memory_flat(
    served: tuple[str, int, Path], tmp_path: Path
) -> None:
    base, worker, home = served
    size = 300 * 1024 * 1024
    path = tmp_path / "large.bin"
    sha256, md5 = hashlib.sha256(), hashlib.md5()
    with open(path, "wb") as out:
        for _ in range(size // (1 << 20)):
            block = os.urandom(1 << 20)
            sha256.update(block)
            md5.update(block)
            out.write(block)
    run_cli(
        home, "createadmin", "op@example.org", "--password-stdin", input=b"a long pass phrase\n"
    )
    token = run_cli(home, "token", "create", "op@example.org").stdout.split()[-1]
    auth = {"Authorization": f"Bearer {token}"}
    before = peak_rss(worker)
    url = create(base, auth, size)
    with open(path, "rb") as source:
        send_part(url, auth, source.read(64 * 1024 * 1024), size)
    assert wait_for_offset(url, auth, 64 * 1024 * 1024) == 64 * 1024 * 1024
    tus_upload(url, auth, path, url=url, chunk_size=100 * 1024 * 1024)
    status = requests.get(url, headers=auth).json()
    assert (status["sha256"], status["md5"]) == (sha256.hexdigest(), md5.hexdigest())
    peak = peak_rss(worker)
    print(f"worker peak RSS: {before / 2**20:.0f} MiB before, {peak / 2**20:.0f} MiB after")
    assert peak < 150 * 1024 * 1024

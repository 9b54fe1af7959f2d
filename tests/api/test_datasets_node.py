"""The deposit lifecycle against a live node (`sankofa serve`), as a client would run it:
an admin's token, a resumable upload with tuspy, a file fetched from a URL by the node's
own job worker, publication, a new version, withdrawal and the audit trail."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from tests.api.test_datasets_deposit import METADATA
from tests.conftest import cli_env, run_cli
from tests.gitservers import free_port
from tests.nodes import start_node, stop_node
from tusclient.client import TusClient


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def node(tmp_path: Path, transactional_db: None) -> Iterator[tuple[str, dict[str, str]]]:
    """A node that may fetch from 127.0.0.1, and an admin's bearer header."""
    home = tmp_path / "node"
    port = free_port()
    proc = start_node(home, port, cli_env(home, SANKOFA_FETCH_ALLOW_PRIVATE="1"))
    try:
        made = run_cli(
            home,
            "createadmin",
            "op@example.org",
            "--password-stdin",
            input=b"a long pass phrase\n",
        )
        assert made.returncode == 0, made.stderr
        token = run_cli(home, "token", "create", "op@example.org").stdout.split()[-1]
        yield f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}
    finally:
        stop_node(proc)


@pytest.fixture
def files_server(tmp_path: Path) -> Iterator[tuple[str, bytes]]:
    served = tmp_path / "served"
    served.mkdir()
    data = os.urandom(700_000)
    (served / "field-notes.bin").write_bytes(data)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(served)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/field-notes.bin", data
    httpd.shutdown()
    httpd.server_close()


def finished(url: str, auth: dict[str, str]) -> dict[str, Any]:
    """The job once the node's worker has ended it (polled, at most about a minute)."""
    job: dict[str, Any] = {}
    for _ in range(600):
        job = requests.get(url, headers=auth).json()
        if job["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.1)
    return job


def test_the_whole_lifecycle_on_a_live_node(
    node: tuple[str, dict[str, str]], files_server: tuple[str, bytes], tmp_path: Path
) -> None:
    base, auth = node
    api = f"{base}/api/1/datasets/"
    created = requests.post(f"{api}records/", json={"metadata": METADATA}, headers=auth)
    assert created.status_code == 201, created.text
    draft = created.json()
    files = draft["links"]["files"]

    data = os.urandom(1_500_000)
    (tmp_path / "survey.bin").write_bytes(data)
    uploader = TusClient(f"{base}/api/uploads/", headers=auth).uploader(
        str(tmp_path / "survey.bin"), chunk_size=512 * 1024
    )
    uploader.upload()
    upload = str(uploader.url).rstrip("/").rsplit("/", 1)[-1]
    attached = requests.post(files, json={"upload": upload, "name": "survey.bin"}, headers=auth)
    assert attached.status_code == 201, attached.text
    assert attached.json()["sha256"] == hashlib.sha256(data).hexdigest()

    url, fetched_bytes = files_server
    started = requests.post(files, json={"url": url}, headers=auth)
    assert started.status_code == 202, started.text
    job = finished(started.json()["links"]["self"], auth)
    assert job["status"] == "succeeded", job
    assert job["result"]["sha256"] == hashlib.sha256(fetched_bytes).hexdigest()

    published = requests.post(draft["links"]["publish"], headers=auth)
    assert published.status_code == 200, published.text
    record = requests.get(f"{api}records/{draft['record']}/").json()  # anonymous: public
    assert record["state"] == "published" and record["ark"]
    assert {f["name"]: f["size"] for f in record["files"]} == {
        "field-notes.bin": len(fetched_bytes),
        "survey.bin": len(data),
    }

    second = requests.post(record["links"]["versions"], headers=auth)
    assert second.status_code == 201 and second.json()["number"] == 2
    gone = requests.post(record["links"]["withdraw"], json={"reason": "superseded"}, headers=auth)
    assert gone.status_code == 200 and gone.json()["withdrawal_reason"] == "superseded"
    history = requests.get(record["links"]["history"], headers=auth).json()
    actions = [c["action"] for c in history]
    assert actions == [
        "create_draft",
        "set_metadata",
        "add_file",
        "add_file",
        "publish",
        "new_version",
        "withdraw",
    ]
    assert history[3]["details"]["url"] == url

"""`sankofa serve`: a real gunicorn process on 127.0.0.1, static files compressed and cached."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.archive.repos import swh_identify
from tests.conftest import cli_env, run_cli
from tests.gitservers import free_port
from tests.nodes import start_node, stop_node

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "node"


@pytest.fixture
def server(home: Path) -> Iterator[int]:
    port = free_port()
    proc = start_node(home, port, cli_env(home))
    try:
        yield port
    finally:
        assert stop_node(proc) == 0  # a clean stop on SIGTERM


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers)
    return conn.getresponse()


def test_static_files_are_compressed_and_cached(server: int) -> None:
    plain = get(server, "/static/sankofa/base.css")
    assert plain.status == 200
    assert plain.getheader("Content-Type", "").startswith("text/css")
    body = plain.read()
    assert b"system-ui" in body
    brotli = get(server, "/static/sankofa/base.css", **{"Accept-Encoding": "br"})
    assert brotli.getheader("Content-Encoding") == "br"
    assert len(brotli.read()) < len(body)
    gzip = get(server, "/static/sankofa/base.css", **{"Accept-Encoding": "gzip"})
    assert gzip.getheader("Content-Encoding") == "gzip"
    assert "max-age" in (plain.getheader("Cache-Control") or "")


ENQUEUE = (
    "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'sankofa.settings');"
    " django.setup();"
    " from sankofa.archive.services import request_visit; from sankofa.core.actors import Actor;"
    " print(request_visit(Actor.operator('test'), sys.argv[1]).pk)"
)


def test_the_server_runs_jobs_itself_and_answers_the_api(
    server: int, home: Path, repo: Path
) -> None:
    """On the embedded default no other service is needed: a queued visit runs in the server."""
    enqueued = subprocess.run(
        [sys.executable, "-c", ENQUEUE, str(repo)], env=cli_env(home),
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    job = enqueued.stdout.strip()
    deadline = time.monotonic() + 60
    status = ""
    while time.monotonic() < deadline:
        shown = run_cli(home, "jobs", "show", job).stdout
        status = dict(line.split("\t", 1) for line in shown.splitlines() if "\t" in line)["status"]
        if status in ("succeeded", "failed"):
            break
        time.sleep(0.2)
    assert status == "succeeded"
    origin = repo.resolve().as_uri()
    latest = get(server, f"/api/1/origin/{origin}/visit/latest/")
    assert latest.status == 200
    visit = json.loads(latest.read())
    expected = swh_identify("--type", "snapshot", str(repo))
    assert visit["status"] == "full" and f"swh:1:snp:{visit['snapshot']}" == expected
    missing = get(server, "/no/such/page/")
    assert missing.status == 404

"""A file fetched from a URL into a draft by the job ``datasets.fetch_url``, from a real
HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sankofa.accounts.models import User
from sankofa.accounts.roles import actor_for, grant_role
from sankofa.core.actors import Actor
from sankofa.core.blobstore import LocalBlobStore
from sankofa.core.jobs import Job, runner
from sankofa.datasets import services
from sankofa.datasets.errors import FetchRefused, InvalidFileName
from sankofa.datasets.models import Change, File
from tests.datasets.conftest import OPERATOR, blob_count

pytestmark = pytest.mark.django_db

BODY = b"year,rain\n2020,812\n2021,790\n" * 1000


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/data/rain.csv")
            self.end_headers()
        elif self.path.startswith("/data/"):
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
        elif self.path == "/unsized":
            self.send_response(200)
            self.end_headers()  # no length: read to the end of the connection
            self.wfile.write(BODY)
            self.close_connection = True
        else:
            self.send_error(404)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def depositor() -> Actor:
    user = User.objects.create_user("ama@example.org", "a long pass phrase")
    grant_role(OPERATOR, user, "depositor")
    return actor_for(user)


@pytest.fixture
def allowed(settings: Any, node_home: Path) -> None:
    settings.SANKOFA_FETCH_ALLOW_PRIVATE = True


def run(job: Job) -> Job:
    runner.run(job.pk)
    job.refresh_from_db()
    return job


def test_a_url_is_fetched_into_the_draft(
    server: str, depositor: Actor, allowed: None, blobs: LocalBlobStore
) -> None:
    draft = services.create_draft(depositor)
    job = run(services.start_fetch(depositor, draft.pk, f"{server}/moved", "rain.csv"))
    assert job.status == Job.Status.SUCCEEDED, job.last_error
    added = File.objects.get(version=draft)
    assert (added.name, added.size) == ("rain.csv", len(BODY))
    assert added.sha256 == hashlib.sha256(BODY).hexdigest() == job.result["sha256"]
    assert added.media_type == "text/csv"
    assert job.result["fetched"] == f"{server}/data/rain.csv"
    change = Change.objects.get(action="add_file")
    assert change.details["url"] == f"{server}/moved"
    # a name defaults to the last segment of the URL's path; a server naming no length too
    job = run(services.start_fetch(depositor, draft.pk, f"{server}/unsized"))
    assert job.status == Job.Status.SUCCEEDED, job.last_error
    assert File.objects.get(version=draft, name="unsized").size == len(BODY)


def test_private_addresses_are_refused_by_default(
    server: str, depositor: Actor, node_home: Path, blobs: LocalBlobStore
) -> None:
    draft = services.create_draft(depositor)
    with pytest.raises(FetchRefused, match="not a public address"):
        services.start_fetch(depositor, draft.pk, f"{server}/data/x.csv")
    # a host name is resolved by the job, which fails for good, saying why
    url = server.replace("127.0.0.1", "localhost") + "/data/x.csv"
    job = run(services.start_fetch(depositor, draft.pk, url))
    assert job.status == Job.Status.FAILED and job.attempts == 1
    assert "not public" in job.last_error
    assert not File.objects.exists() and blob_count(blobs) == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.org/x", "only http and https"),
        ("gopher://127.0.0.1/", "only http and https"),
        ("http:///x", "names no host"),
        ("https://example.org:99999/x", "port"),
        ("", "a URL to fetch is needed"),
    ],
)
def test_urls_that_are_not_fetched(url: str, message: str, depositor: Actor) -> None:
    draft = services.create_draft(depositor)
    with pytest.raises(FetchRefused, match=message):
        services.start_fetch(depositor, draft.pk, url, "x")
    assert not Job.objects.exists()


def test_a_url_without_a_file_name_needs_one(depositor: Actor) -> None:
    draft = services.create_draft(depositor)
    with pytest.raises(FetchRefused, match="give the file a name"):
        services.start_fetch(depositor, draft.pk, "https://example.org/")
    with pytest.raises(InvalidFileName):
        services.start_fetch(depositor, draft.pk, "https://example.org/x", "a/b")


def test_too_large_and_missing_files_fail_the_job_and_keep_nothing(
    server: str, depositor: Actor, allowed: None, settings: Any, blobs: LocalBlobStore
) -> None:
    draft = services.create_draft(depositor)
    settings.SANKOFA_FETCH_MAX_SIZE = 1000
    job = run(services.start_fetch(depositor, draft.pk, f"{server}/data/big.csv"))
    assert job.status == Job.Status.FAILED and "over the limit of 1000" in job.last_error
    job = run(services.start_fetch(depositor, draft.pk, f"{server}/unsized"))  # stopped midway
    assert job.status == Job.Status.FAILED and "limit" in job.last_error
    settings.SANKOFA_FETCH_MAX_SIZE = 10**9
    settings.SANKOFA_DATASET_RECORD_QUOTA = 1000
    job = run(services.start_fetch(depositor, draft.pk, f"{server}/data/big.csv"))
    assert job.status == Job.Status.FAILED and "quota" in job.last_error
    job = run(services.start_fetch(depositor, draft.pk, f"{server}/nothing.csv"))
    assert job.status == Job.Status.FAILED and "404" in job.last_error
    assert not File.objects.exists() and blob_count(blobs) == 0
    assert not Change.objects.filter(action="add_file").exists()

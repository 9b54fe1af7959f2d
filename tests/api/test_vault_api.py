"""The vault API over a live server: Software Heritage's client unchanged, HTTP ranges."""

from __future__ import annotations

import http.client
import io
import json
import tarfile
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.api.conftest import Archived

from sankofa.core.jobs import Job, runner


def run_jobs() -> list[runner.Outcome]:
    """Run the queued cooking jobs here and now, as a worker would (other jobs are left)."""
    queued = Job.objects.filter(name="archive.cook", status=Job.Status.QUEUED).order_by("pk")
    return [runner.run(pk) for pk in queued.values_list("pk", flat=True)]


class Http:
    """Plain HTTP/1.1 requests to the live server (no client-side decoding or retries)."""

    def __init__(self, base: str) -> None:
        self.netloc = urlsplit(base).netloc

    def __call__(
        self, method: str, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.netloc, timeout=60)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()


@pytest.fixture
def web(live_server: Any) -> Http:
    return Http(live_server.url)


def test_swh_client_cooks_checks_and_fetches_a_flat_bundle(
    simple: Archived, swh_client: Any
) -> None:
    swhid = f"swh:1:dir:{simple.ids['tree3']}"
    asked = swh_client.cooking_request("flat", swhid)
    assert set(asked) == {"fetch_url", "progress_message", "id", "status", "swhid"}
    assert (asked["status"], asked["swhid"]) == ("new", swhid)
    assert asked["fetch_url"].endswith(f"/api/1/vault/flat/{swhid}/raw/")
    assert swh_client.cooking_check("flat", swhid)["status"] == "new"
    assert swh_client.cooking_request("flat", swhid)["id"] == asked["id"]
    assert Job.objects.filter(name="archive.cook").count() == 1

    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    checked = swh_client.cooking_check("flat", swhid)
    assert (checked["status"], checked["id"]) == ("done", asked["id"])
    response = swh_client.cooking_fetch("flat", swhid)
    assert response.headers["Content-Type"] == "application/gzip"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{swhid.replace(":", "_")}.tar.gz"'
    )
    with tarfile.open(fileobj=io.BytesIO(response.content)) as tar:
        names = sorted(m.name.removeprefix(swhid + "/") for m in tar.getmembers() if m.isfile())
    expected = simple.git("ls-tree", "-r", "--name-only", simple.ids["tree3"]).decode().split()
    assert names == sorted(expected)

    assert swh_client.cooking_request("flat", swhid)["status"] == "done"  # cached
    assert Job.objects.filter(name="archive.cook").count() == 1 and run_jobs() == []


def test_swh_client_gets_a_git_bare_bundle_of_a_release(simple: Archived, swh_client: Any) -> None:
    swhid = f"swh:1:rel:{simple.ids['tag_annotated']}"
    assert swh_client.cooking_request("git-bare", swhid)["status"] == "new"
    run_jobs()
    assert swh_client.cooking_check("git-bare", swhid)["status"] == "done"
    response = swh_client.cooking_fetch("git-bare", swhid)
    assert response.headers["Content-Type"] == "application/x-tar"
    with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:") as tar:
        packed = tar.extractfile(f"{swhid}.git/packed-refs")
        assert packed is not None
        assert f"{simple.ids['tag_annotated']} refs/tags/v1.0" in packed.read().decode()


def error(body: bytes) -> tuple[str, str]:
    data = json.loads(body)
    return data["exception"], data["reason"]


def test_errors_are_json_in_software_heritage_shape(simple: Archived, web: Http) -> None:
    tree = f"swh:1:dir:{simple.ids['tree3']}"
    status, _, body = web("GET", f"/api/1/vault/flat/{tree}/")
    assert (status, error(body)) == (
        404,
        ("NotFoundExc", f"Cooking of {tree} was never requested."),
    )
    status, _, body = web("GET", f"/api/1/vault/flat/{tree}/raw/")
    assert (status, error(body)) == (404, ("NotFoundExc", f"Cooked archive for {tree} not found."))
    missing = "swh:1:dir:" + "0" * 40
    status, _, body = web("POST", f"/api/1/vault/flat/{missing}/")
    assert (status, error(body)) == (404, ("NotFoundExc", f"{missing} not found."))
    status, _, body = web("POST", "/api/1/vault/flat/swh:1:dir:xyz/")
    assert status == 400 and error(body)[0] == "BadInputExc"
    status, _, body = web("POST", f"/api/1/vault/git-bare/{tree}/")
    assert status == 400 and "git-bare" in error(body)[1]
    status, headers, body = web("DELETE", f"/api/1/vault/flat/{tree}/")
    assert (status, headers["Allow"]) == (405, "GET, HEAD, POST")
    assert Job.objects.filter(name="archive.cook").count() == 0


@pytest.fixture
def cooked(simple: Archived, web: Http) -> tuple[str, bytes, str]:
    """(raw path, whole bundle, ETag) of the flat bundle of `simple`'s tree3."""
    path = f"/api/1/vault/flat/swh:1:dir:{simple.ids['tree3']}/"
    assert web("POST", path)[0] == 200
    run_jobs()
    status, headers, whole = web("GET", path + "raw/")
    assert (status, headers["Accept-Ranges"], headers["Content-Length"]) == (
        200,
        "bytes",
        str(len(whole)),
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    return path + "raw/", whole, headers["ETag"]


@pytest.mark.parametrize(
    ("spec", "piece"),
    [
        ("bytes=0-9", slice(0, 10)),
        ("bytes=-7", slice(-7, None)),
        ("bytes=5-", slice(5, None)),
        ("bytes=3-3", slice(3, 4)),
        ("bytes=10-100000000", slice(10, None)),
    ],
)
def test_single_ranges_answer_206(
    cooked: tuple[str, bytes, str], web: Http, spec: str, piece: slice
) -> None:
    raw, whole, etag = cooked
    status, headers, body = web("GET", raw, {"Range": spec})
    assert (status, body) == (206, whole[piece])
    first = piece.indices(len(whole))[0]
    assert headers["Content-Range"] == f"bytes {first}-{first + len(body) - 1}/{len(whole)}"
    assert (headers["Content-Length"], headers["ETag"]) == (str(len(body)), etag)


def test_unsatisfiable_ignored_and_conditional_ranges(
    cooked: tuple[str, bytes, str], web: Http
) -> None:
    raw, whole, etag = cooked
    size = len(whole)
    for spec in (f"bytes={size}-", "bytes=-0"):
        status, headers, body = web("GET", raw, {"Range": spec})
        assert (status, headers["Content-Range"]) == (416, f"bytes */{size}")
        assert error(body)[0] == "RangeNotSatisfiable"
    for ignored in ("bytes=0-1,4-5", "lines=1-2", "bytes=9-3", "bytes=x-"):
        assert web("GET", raw, {"Range": ignored})[::2] == (200, whole)
    assert web("GET", raw, {"Range": "bytes=0-1", "If-Range": etag})[::2] == (206, whole[:2])
    assert web("GET", raw, {"Range": "bytes=0-1", "If-Range": '"other"'})[::2] == (200, whole)
    status, headers, body = web("GET", raw, {"If-None-Match": etag})
    assert (status, body, headers["ETag"]) == (304, b"", etag)
    assert web("GET", raw, {"If-None-Match": '"other"'})[::2] == (200, whole)
    status, headers, body = web("HEAD", raw)
    assert (status, headers["Content-Length"], body) == (200, str(size), b"")

"""Dataset file downloads: ranges, conditional requests, checksums, safe types, access levels;
in process and through a live `sankofa serve` with a real HTTP client."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from sankofa.accounts import roles
from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.core.blobstore import LocalBlobStore, clear_blobstore_cache
from sankofa.datasets import services, usage, visibility
from sankofa.datasets.models import File, Version
from sankofa.web.datasets.files.serving import BlobDamaged, safe_type
from tests.conftest import cli_env
from tests.datasets.conftest import ADA, CURATOR, OPERATOR, resource
from tests.nodes import start_node, stop_node

pytest_plugins = ["tests.core.jobs_fixtures"]

CONTENT = bytes(range(256)) * 40  # 10240 bytes
PAST = date(2024, 1, 1)
MakeFile = Callable[[str, bytes], Path]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def make_file(tmp_path: Path) -> MakeFile:
    def make(name: str, content: bytes) -> Path:
        path = tmp_path / "upload" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        return path

    return make


def deposit(
    owner: Actor,
    make_file: MakeFile,
    files: dict[str, bytes],
    level: str = "open",
    until: date | None = None,
    publish: bool = True,
) -> Version:
    draft = services.create_draft(owner)
    services.set_metadata(owner, draft.pk, resource())
    for name, content in files.items():
        services.add_file(owner, draft.pk, name, make_file(name.replace("/", "_"), content))
    visibility.set_access(owner, draft.pk, level, until, today=PAST)
    return services.submit(owner, draft.pk) if publish else draft


def url(version: Version, name: str) -> str:
    return reverse("datafiles:download", args=[version.record_id, version.number, name])


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.fixture
def owner_user(db: None) -> tuple[User, Actor]:
    user = User.objects.create_user("ada@example.org", "a long pass phrase")
    roles.grant_role(OPERATOR, user, "depositor")
    return user, roles.actor_for(user)


@pytest.mark.django_db
def test_a_whole_file_with_its_checksums_and_safe_headers(
    client: Client, node_home: Path, make_file: MakeFile
) -> None:
    version = deposit(ADA, make_file, {"Accra rainfall é.bin": CONTENT})
    response = client.get(url(version, "Accra rainfall é.bin"), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and body(response) == CONTENT
    sha, md5 = hashlib.sha256(CONTENT), hashlib.md5(CONTENT)
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{sha.hexdigest()}"'
    assert response["Repr-Digest"] == f"sha-256=:{base64.b64encode(sha.digest()).decode()}:"
    assert response["Digest"] == f"SHA-256={base64.b64encode(sha.digest()).decode()}"
    assert response["X-Checksum-MD5"] == md5.hexdigest()
    assert response["Last-Modified"] == http_date(version.published_at.timestamp())
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == (
        'attachment; filename="Accra rainfall _.bin"; '
        "filename*=UTF-8''Accra%20rainfall%20%C3%A9.bin"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    head = client.head(url(version, "Accra rainfall é.bin"))
    assert head.status_code == 200 and head["Content-Length"] == str(len(CONTENT))
    assert head.content == b""
    assert usage.totals(version)["downloads"]["total"] == 1  # GET, not HEAD


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 100),  # first bytes
        ("bytes=1000-1999", 1000, 2000),  # middle
        ("bytes=-300", 10240 - 300, 10240),  # suffix
        ("bytes=10000-", 10000, 10240),  # open-ended
        ("bytes=10200-99999", 10200, 10240),  # past the end: clipped
        ("bytes=-99999", 0, 10240),  # a suffix longer than the file: all of it
    ],
)
def test_single_ranges_answer_206(
    client: Client, node_home: Path, make_file: MakeFile, header: str, start: int, end: int
) -> None:
    version = deposit(ADA, make_file, {"data.bin": CONTENT})
    response = client.get(url(version, "data.bin"), HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end - 1}/{len(CONTENT)}"
    assert response["Content-Length"] == str(end - start)
    assert body(response) == CONTENT[start:end]
    # the digest names the whole file, whatever part is sent
    assert response["Repr-Digest"].startswith("sha-256=:")


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["bytes=10240-", "bytes=20000-20010", "bytes=-0"])
def test_unsatisfiable_ranges_answer_416(
    client: Client, node_home: Path, make_file: MakeFile, header: str
) -> None:
    version = deposit(ADA, make_file, {"data.bin": CONTENT})
    response = client.get(url(version, "data.bin"), HTTP_RANGE=header)
    assert response.status_code == 416 and response["Content-Range"] == "bytes */10240"


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-1", "bytes=9-3", "bytes=x-y"])
def test_several_or_unreadable_ranges_get_the_whole_file(
    client: Client, node_home: Path, make_file: MakeFile, header: str
) -> None:
    version = deposit(ADA, make_file, {"data.bin": CONTENT})
    response = client.get(url(version, "data.bin"), HTTP_RANGE=header)
    assert response.status_code == 200 and body(response) == CONTENT


@pytest.mark.django_db
def test_conditional_requests(client: Client, node_home: Path, make_file: MakeFile) -> None:
    version = deposit(ADA, make_file, {"data.bin": CONTENT})
    where = url(version, "data.bin")
    etag = f'"{hashlib.sha256(CONTENT).hexdigest()}"'
    published = version.published_at.timestamp()
    assert client.get(where, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(where, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert client.get(where, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    later, earlier = http_date(published + 60), http_date(published - 60)
    not_modified = client.get(where, HTTP_IF_MODIFIED_SINCE=later)
    assert not_modified.status_code == 304 and not_modified["ETag"] == etag
    assert client.get(where, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # If-None-Match wins over If-Modified-Since
    both = client.get(where, HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=later)
    assert both.status_code == 200
    # If-Range: the range only if the client holds this very file
    kept = client.get(where, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert kept.status_code == 206 and body(kept) == CONTENT[:10]
    dated = client.get(where, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=http_date(published))
    assert dated.status_code == 206
    for stale in ('"another"', earlier):
        whole = client.get(where, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=stale)
        assert whole.status_code == 200 and body(whole) == CONTENT


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["page.html", "drawing.svg", "page.xhtml", "app.js", "module.mjs", "feed.xml", "x.htm"],
)
def test_active_content_goes_as_an_octet_stream_attachment(
    client: Client, node_home: Path, make_file: MakeFile, name: str
) -> None:
    payload = (
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/><script>alert(2)</script>"
    )
    version = deposit(ADA, make_file, {name: payload})
    assert File.objects.get(name=name).media_type != "application/octet-stream"  # as guessed
    response = client.get(url(version, name))
    assert response.status_code == 200 and body(response) == payload
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_the_type_allow_list() -> None:
    assert safe_type("text/csv") == "text/csv"
    assert safe_type("image/png") == "image/png"
    assert safe_type("Text/Plain; charset=utf-8") == "text/plain"
    for risky in (
        "text/html",
        "image/svg+xml",
        "application/xhtml+xml",
        "text/javascript",
        "application/javascript",
        "text/xml",
        "application/x-shockwave-flash",
    ):
        assert safe_type(risky) == "application/octet-stream"


@pytest.mark.django_db
def test_access_levels_at_the_edge(
    client: Client, node_home: Path, make_file: MakeFile, owner_user: tuple[User, Actor]
) -> None:
    user, ada = owner_user
    embargoed = deposit(
        ada, make_file, {"e.csv": b"e"}, "embargoed", date.today() + timedelta(days=9)
    )
    restricted = deposit(ada, make_file, {"r.csv": b"r"}, "restricted")
    hidden = deposit(ada, make_file, {"m.csv": b"m"}, "metadata_only")
    draft = deposit(ada, make_file, {"d.csv": b"d"}, publish=False)
    withdrawn = deposit(ada, make_file, {"w.csv": b"w"})
    services.withdraw(CURATOR, withdrawn.pk, "wrong data")
    anonymous = {
        v: client.get(url(v, n))
        for v, n in [
            (embargoed, "e.csv"),
            (restricted, "r.csv"),
            (hidden, "m.csv"),
            (draft, "d.csv"),
            (withdrawn, "w.csv"),
        ]
    }
    assert [r.status_code for r in anonymous.values()] == [403, 403, 403, 404, 410]
    assert embargoed.embargo_until.isoformat().encode() in anonymous[embargoed].content
    assert reverse("datasets:request-access", args=[restricted.record_id]).encode() in (
        anonymous[restricted].content
    )
    assert client.get(url(embargoed, "nothing")).status_code == 403
    assert client.get(url(hidden, "nothing")).status_code == 403  # names are not revealed
    assert client.get(url(restricted, "r.csv") + "?token=forged").status_code == 403
    client.force_login(user)
    for v, n in [(embargoed, "e.csv"), (restricted, "r.csv"), (hidden, "m.csv"), (draft, "d.csv")]:
        response = client.get(url(v, n))
        assert response.status_code == 200 and body(response) == n[0].encode()
    assert client.get(url(withdrawn, "w.csv")).status_code == 410
    assert client.get(url(embargoed, "missing.csv")).status_code == 404
    assert usage.totals(draft)["downloads"]["total"] == 0  # drafts are not usage


@pytest.mark.django_db
def test_a_token_opens_a_restricted_file_until_it_expires(
    client: Client, node_home: Path, make_file: MakeFile
) -> None:
    version = deposit(ADA, make_file, {"r.csv": b"restricted rows"}, "restricted")
    asked = visibility.request_access(Actor("public"), version.record_id, "K", "k@example.org")
    _, token = visibility.decide_access(ADA, asked.pk, True, days=1)
    response = client.get(url(version, "r.csv") + f"?token={token}")
    assert response.status_code == 200 and body(response) == b"restricted rows"
    type(asked).objects.filter(pk=asked.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert client.get(url(version, "r.csv") + f"?token={token}").status_code == 403


@pytest.mark.django_db
def test_a_damaged_blob_is_never_served_complete(
    client: Client, node_home: Path, make_file: MakeFile
) -> None:
    clear_blobstore_cache()
    blobs = LocalBlobStore(node_home / "blobs")
    content = os.urandom(3 * 1024 * 1024 + 17)  # four chunks
    version = deposit(ADA, make_file, {"big.bin": content})
    sha = version.files.get().sha256
    path = blobs.path(sha)
    os.chmod(path, 0o644)
    damaged = bytearray(content)
    damaged[-1] ^= 0xFF  # the last byte: everything before it reads fine
    path.write_bytes(bytes(damaged))
    response = client.get(url(version, "big.bin"))
    assert response.status_code == 200
    sent = bytearray()
    with pytest.raises(BlobDamaged, match="expected"):
        for chunk in response.streaming_content:
            sent += chunk
    assert len(sent) < len(content) and bytes(sent) == content[: len(sent)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_through_a_live_node_with_a_real_client(
    shared_db: Path, settings: object, make_file: MakeFile
) -> None:
    settings.SANKOFA_BLOBSTORE_URL = (shared_db / "blobs").as_uri()  # type: ignore[attr-defined]
    clear_blobstore_cache()
    content = os.urandom(2 * 1024 * 1024 + 5)
    version = deposit(ADA, make_file, {"rain.bin": content, "rot.bin": content[::-1]})
    rot = version.files.get(name="rot.bin")
    rot_path = LocalBlobStore(shared_db / "blobs").path(rot.sha256)
    os.chmod(rot_path, 0o644)
    rot_path.write_bytes(content)  # same size, other bytes
    clear_blobstore_cache()
    port = free_port()
    proc = start_node(shared_db, port, cli_env(shared_db, SANKOFA_PERIODIC_JOBS="off"))
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=60) as http:
            whole = http.get(url(version, "rain.bin"))
            assert whole.status_code == 200 and whole.content == content
            part = http.get(url(version, "rain.bin"), headers={"Range": "bytes=1048570-1048589"})
            assert part.status_code == 206 and part.content == content[1048570:1048590]
            assert part.headers["content-range"] == f"bytes 1048570-1048589/{len(content)}"
            with pytest.raises(httpx.RemoteProtocolError):  # ends short of Content-Length
                http.get(url(version, "rot.bin"))
    finally:
        stop_node(proc)
        clear_blobstore_cache()
    assert "is damaged" in (shared_db / "serve.log").read_text(errors="replace")

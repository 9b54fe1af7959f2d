"""S3-specific behaviour of S3BlobStore, against moto's S3 server on 127.0.0.1.

The shared contract (round trip, atomicity, bad digests, ...) is in
test_blobstore.py, which uses :func:`new_s3_store` from here.

The server is built from the parts of moto's ThreadedMotoServer (its WSGI
application and request handler, served by werkzeug on an ephemeral port), with
two differences:

* it runs in a child process rather than in a thread of the test process, so
  that the memory it uses to hold objects does not count in the
  constant-memory measurements;
* it handles one request at a time (over concurrent connections): moto's S3
  backend is not safe for concurrent writes to one key (replacing an object
  closes its buffer under a request still reading it), whereas S3 itself is.
  Clients still interleave at request granularity, which is where the store's
  own races (check-then-write, concurrent copies) play out.
"""

from __future__ import annotations

import atexit
import base64
import functools
import hashlib
import io
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.config
import pytest
from botocore.exceptions import ClientError

from sankofa.core.blobstore import BlobIntegrityError, BlobNotFound, blobstore_from_url
from sankofa.core.blobstore.s3 import MIN_PART_SIZE, S3BlobStore

BUCKET = "sankofa-test-blobs"
MiB = 1 << 20

_SERVER = """
import logging, sys, threading
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication, MotoRequestHandler, create_backend_app,
)
from werkzeug.serving import make_server

class OneAtATime(DomainDispatcherApplication):
    one_request = threading.Lock()

    def __call__(self, environ, start_response):
        with self.one_request:
            return list(super().__call__(environ, start_response))

logging.getLogger("werkzeug").setLevel(logging.ERROR)
server = make_server(
    "127.0.0.1", 0, OneAtATime(create_backend_app), threaded=True,
    request_handler=MotoRequestHandler,
)
print(server.server_port, flush=True)
threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
server.serve_forever()
"""


@functools.cache
def moto_endpoint() -> str:
    """Start moto's S3 server once per test process; return its http://127.0.0.1:<port> URL.

    The server stops when this process closes the pipe to its standard input
    (at exit, or when this process dies).
    """
    log = tempfile.TemporaryFile()  # noqa: SIM115 (the server's stderr, for as long as it runs)
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    line = proc.stdout.readline()
    if not line.strip().isdigit():
        proc.kill()
        log.seek(0)
        pytest.fail(f"moto server did not start: {log.read().decode(errors='replace')}")
    atexit.register(_stop, proc)
    return f"http://127.0.0.1:{int(line)}"


def _stop(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def make_client(endpoint: str) -> Any:
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    config = botocore.config.Config(s3={"addressing_style": "path"})
    return session.client("s3", endpoint_url=endpoint, config=config)


@functools.cache
def shared_client() -> Any:
    client = make_client(moto_endpoint())
    client.create_bucket(Bucket=BUCKET)
    return client


def new_s3_store(client: Any = None, **kwargs: Any) -> S3BlobStore:
    """Return an S3 blob store under a fresh prefix of the test bucket."""
    shared = shared_client()
    return S3BlobStore(BUCKET, f"t-{uuid.uuid4().hex}", client=client or shared, **kwargs)


def s3_leftovers(store: S3BlobStore) -> list[str]:
    """Keys under the store's prefix that are not blobs, and unfinished multipart uploads."""
    client = shared_client()
    keys = [
        obj["Key"]
        for obj in client.list_objects_v2(Bucket=BUCKET, Prefix=store.prefix).get("Contents", [])
    ]
    blobs = {store.key(d) for d in store.iter_digests()}
    uploads = client.list_multipart_uploads(Bucket=BUCKET, Prefix=store.prefix).get("Uploads", [])
    return sorted(k for k in keys if k not in blobs) + [f"upload:{u['Key']}" for u in uploads]


def s3_corrupt(store: S3BlobStore, digest: str) -> None:
    shared_client().put_object(Bucket=BUCKET, Key=store.key(digest), Body=b"not the content")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def calls() -> Iterator[tuple[Any, list[str]]]:
    """A client of its own for the test server, and the names of the S3 operations it calls."""
    client = make_client(moto_endpoint())
    shared_client()
    names: list[str] = []

    def record(model: Any, **kwargs: Any) -> None:
        names.append(model.name)

    client.meta.events.register("before-call.s3", record)
    yield client, names
    client.close()


def test_keys_mirror_the_local_layout() -> None:
    store = new_s3_store()
    digest = store.put_bytes(b"layout")
    assert store.key(digest) == f"{store.prefix}{digest[:2]}/{digest[2:4]}/{digest}"
    head = shared_client().head_object(Bucket=BUCKET, Key=store.key(digest))
    assert head["ContentLength"] == len(b"layout")


def test_prefix_is_normalised_and_validated() -> None:
    client = shared_client()
    assert S3BlobStore(BUCKET, "a/b", client=client).prefix == "a/b/"
    assert S3BlobStore(BUCKET, "a/b/", client=client).prefix == "a/b/"
    assert S3BlobStore(BUCKET, client=client).prefix == ""
    with pytest.raises(ValueError, match="must not start"):
        S3BlobStore(BUCKET, "/a", client=client)
    with pytest.raises(ValueError, match="minimum"):
        S3BlobStore(BUCKET, client=client, part_size=MIN_PART_SIZE - 1)
    with pytest.raises(ValueError, match="bucket"):
        S3BlobStore("", client=client)


def test_small_put_asks_the_service_to_check_the_sha256(calls: tuple[Any, list[str]]) -> None:
    client, names = calls
    sent: list[dict[str, str]] = []
    client.meta.events.register(
        "before-send.s3.PutObject", lambda request, **kw: sent.append(dict(request.headers))
    )
    store = new_s3_store(client)
    data = b"checked by the service"
    digest = store.put_bytes(data)
    assert names.count("PutObject") == 1
    assert "CreateMultipartUpload" not in names
    (headers,) = sent
    expected = base64.b64encode(hashlib.sha256(data).digest())
    assert headers["x-amz-checksum-sha256"] in (expected, expected.decode())
    head = client.head_object(Bucket=BUCKET, Key=store.key(digest), ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == expected.decode()


def test_second_put_of_small_blob_sends_nothing(calls: tuple[Any, list[str]]) -> None:
    client, names = calls
    store = new_s3_store(client)
    store.put_bytes(b"once")
    names.clear()
    store.put_bytes(b"once")
    assert names == ["HeadObject"]


def test_large_put_goes_through_a_temporary_key(calls: tuple[Any, list[str]]) -> None:
    client, names = calls
    store = new_s3_store(client)
    data = bytes(range(256)) * (MIN_PART_SIZE // 256 * 2 + 3)  # two full parts and a bit
    digest = store.put(io.BytesIO(data))
    assert digest == sha256(data)
    assert names.count("UploadPart") == 2
    assert names.count("CopyObject") == 1
    assert s3_leftovers(store) == []
    head = client.head_object(Bucket=BUCKET, Key=store.key(digest), ChecksumMode="ENABLED")
    assert base64.b64decode(head["ChecksumSHA256"]) == hashlib.sha256(data).digest()

    names.clear()
    assert store.put(io.BytesIO(data)) == digest
    assert "CopyObject" not in names  # the existing blob is not rewritten
    assert s3_leftovers(store) == []


def test_part_size_bounds_the_parts(calls: tuple[Any, list[str]]) -> None:
    client, names = calls
    store = new_s3_store(client, part_size=MIN_PART_SIZE)
    data = b"p" * (3 * MIN_PART_SIZE)
    assert store.put(io.BytesIO(data)) == sha256(data)
    assert names.count("UploadPart") == 3


def test_copy_that_does_not_match_is_removed_and_reported() -> None:
    store = new_s3_store()
    digest = sha256(b"expected")
    key = store.key(digest)
    client = shared_client()
    client.put_object(Bucket=BUCKET, Key=key, Body=b"something else")
    with pytest.raises(BlobIntegrityError, match="size 14 instead of 8"):
        store._check_written(key, digest, len(b"expected"))
    assert not store.exists(digest)

    client.put_object(Bucket=BUCKET, Key=key, Body=b"EXPECTED", ChecksumAlgorithm="SHA256")
    with pytest.raises(BlobIntegrityError, match=f"reports SHA-256 {sha256(b'EXPECTED')}"):
        store._check_written(key, digest, len(b"expected"))
    assert not store.exists(digest)


def test_missing_asks_one_head_per_digest(calls: tuple[Any, list[str]]) -> None:
    client, names = calls
    store = new_s3_store(client)
    present = {store.put_bytes(b"%d" % i) for i in range(5)}
    absent = {sha256(b"absent %d" % i) for i in range(20)}
    names.clear()
    assert store.missing(present | absent) == absent
    assert names == ["HeadObject"] * 25


def test_reads_are_ranged_and_lazy(calls: tuple[Any, list[str]]) -> None:
    client, names = calls
    store = new_s3_store(client)
    data = bytes(range(256)) * 64
    digest = store.put_bytes(data)
    names.clear()
    with store.open(digest) as stream:
        assert names == ["HeadObject"]
        stream.seek(1000)
        assert stream.read(10) == data[1000:1010]
        stream.seek(-5, io.SEEK_END)
        assert stream.read() == data[-5:]
    assert names == ["HeadObject", "GetObject", "GetObject"]
    with store.open_range(digest, 10, 20) as stream:
        assert stream.read() == data[10:20]
    names.clear()
    with store.open_range(digest, 20, 20) as stream:
        assert stream.read() == b""
    assert names == ["HeadObject"]


def test_open_of_missing_blob_makes_no_get(calls: tuple[Any, list[str]]) -> None:
    client, names = calls
    store = new_s3_store(client)
    with pytest.raises(BlobNotFound):
        store.open(sha256(b"nothing"))
    assert names == ["HeadObject"]


def test_iter_digests_ignores_foreign_keys() -> None:
    store = new_s3_store()
    digest = store.put_bytes(b"mine")
    other = sha256(b"other")
    client = shared_client()
    for key in [
        f"{store.prefix}README",
        f"{store.prefix}tmp/{other}",
        f"{store.prefix}{other}",
        f"{store.prefix}ff/ff/{other}",
        f"{store.prefix}{other[:2]}/{other[2:4]}/{other}.part",
        f"{store.prefix}{other[:2]}/{other[2:4]}/{other.upper()}",
        f"elsewhere/{other[:2]}/{other[2:4]}/{other}",
    ]:
        client.put_object(Bucket=BUCKET, Key=key, Body=b"x")
    assert list(store.iter_digests()) == [digest]


def test_cleanup_removes_old_temporary_objects_and_uploads() -> None:
    store = new_s3_store()
    client = shared_client()
    client.put_object(Bucket=BUCKET, Key=f"{store.prefix}tmp/stray", Body=b"x")
    client.create_multipart_upload(Bucket=BUCKET, Key=f"{store.prefix}tmp/unfinished")
    digest = store.put_bytes(b"kept")
    # moto reports a fixed 2010 start date for every multipart upload, so only the
    # object's age can be checked here.
    store.cleanup(older_than=3600)
    assert f"{store.prefix}tmp/stray" in s3_leftovers(store)
    store.cleanup(older_than=0)
    assert s3_leftovers(store) == []
    assert store.exists(digest)


def test_factory_store_reaches_the_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    shared_client()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    prefix = f"f-{uuid.uuid4().hex}/sub"
    store = blobstore_from_url(f"s3://{BUCKET}/{prefix}", s3_endpoint_url=moto_endpoint())
    assert isinstance(store, S3BlobStore)
    assert (store.bucket, store.prefix) == (BUCKET, prefix + "/")
    digest = store.put_bytes(b"via the factory")
    head = shared_client().head_object(
        Bucket=BUCKET, Key=f"{prefix}/{digest[:2]}/{digest[2:4]}/{digest}"
    )
    assert head["ContentLength"] == len(b"via the factory")


def test_put_into_a_missing_bucket_fails() -> None:
    store = S3BlobStore("no-such-bucket-here", client=shared_client())
    with pytest.raises(ClientError):
        store.put_bytes(b"x")

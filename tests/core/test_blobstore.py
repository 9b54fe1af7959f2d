"""The blob store contract, run against every backend, plus local-backend and factory tests.

Expected digests come from hashlib and from the FIPS 180-2 SHA-256 examples,
never from the stores themselves.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import random
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sankofa.core.blobstore import (
    CHUNK_SIZE,
    BlobNotFound,
    BlobStore,
    LocalBlobStore,
    MemoryBlobStore,
    blobstore_from_url,
    clear_blobstore_cache,
    get_blobstore,
)

from .test_blobstore_s3 import new_s3_store, s3_corrupt, s3_leftovers

MiB = 1 << 20

# FIPS 180-2, appendix B: SHA-256 of "abc" and of the 448-bit message; and of "" (NIST CSRC).
FIPS_VECTORS = [
    (b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    (b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
        b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ),
]


class PatternStream(io.RawIOBase):
    """``size`` pseudo-random bytes made on the fly (block i = a fixed random MiB tagged with i).

    Reading at or past ``fail_at`` raises OSError, like a connection dropping.
    """

    _BLOCK = random.Random(20240601).randbytes(MiB)

    def __init__(self, size: int, fail_at: int | None = None) -> None:
        super().__init__()
        self.size, self.fail_at, self.pos = size, fail_at, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.fail_at is not None and self.pos >= self.fail_at:
            raise OSError("simulated failure of the source stream")
        index, offset = divmod(self.pos, MiB)
        n = min(len(buffer), self.size - self.pos, MiB - offset)
        if self.fail_at is not None:
            n = min(n, self.fail_at - self.pos)
        block = index.to_bytes(8, "big") + self._BLOCK[8:]
        buffer[:n] = block[offset : offset + n]
        self.pos += n
        return n


def stream_of(size: int, fail_at: int | None = None) -> BinaryIO:
    return cast(BinaryIO, PatternStream(size, fail_at))


def pattern(size: int) -> bytes:
    return PatternStream(size).read()


def sha256_of_stream(stream: io.RawIOBase) -> str:
    hasher = hashlib.sha256()
    while chunk := stream.read(MiB):
        hasher.update(chunk)
    return hasher.hexdigest()


@dataclass
class Backend:
    store: BlobStore
    leftovers: Callable[[], list[str]]  # temporary artefacts a reader could stumble on
    corrupt: Callable[[str], None]  # damage a stored blob behind the store's back
    retains_content: bool  # the store legitimately holds the blob in this process's memory


def _local_backend(root: Path) -> Backend:
    store = LocalBlobStore(root)

    def corrupt(digest: str) -> None:
        path = store.path(digest)
        path.chmod(0o644)
        path.write_bytes(b"not the content")

    def leftovers() -> list[str]:
        return sorted(os.listdir(store.tmp_dir)) if store.tmp_dir.exists() else []

    return Backend(store, leftovers, corrupt, retains_content=False)


def _memory_backend() -> Backend:
    store = MemoryBlobStore()

    def corrupt(digest: str) -> None:
        store._blobs[digest] = (b"not the content",)

    return Backend(store, list, corrupt, retains_content=True)


def _s3_backend() -> Backend:
    store = new_s3_store()
    return Backend(
        store, lambda: s3_leftovers(store), lambda d: s3_corrupt(store, d), retains_content=False
    )


@pytest.fixture(params=["memory", "local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "memory":
        return _memory_backend()
    if request.param == "local":
        return _local_backend(tmp_path / "blobs")
    return _s3_backend()


# -- contract --------------------------------------------------------------


@pytest.mark.parametrize(("data", "digest"), FIPS_VECTORS)
def test_digest_is_sha256_of_content(backend: Backend, data: bytes, digest: str) -> None:
    assert backend.store.put(io.BytesIO(data)) == digest
    with backend.store.open(digest) as stream:
        assert stream.read() == data


@pytest.mark.parametrize("size", [1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 9 * MiB])
def test_round_trip(backend: Backend, size: int) -> None:
    store, data = backend.store, pattern(size)
    digest = store.put(io.BytesIO(data))
    assert digest == hashlib.sha256(data).hexdigest()
    assert store.exists(digest)
    assert store.size(digest) == size
    assert store.verify(digest)
    assert list(store.iter_digests()) == [digest]
    with store.open(digest) as stream:
        assert stream.read() == data
        assert stream.seekable()
        stream.seek(-min(3, size), io.SEEK_END)
        assert stream.read() == data[-3:]
        stream.seek(0)
        assert stream.read(5) == data[:5]
    assert backend.leftovers() == []


def test_put_bytes_and_put_file(backend: Backend, tmp_path: Path) -> None:
    source = tmp_path / "source.bin"
    source.write_bytes(b"from a file")
    digest = hashlib.sha256(b"from a file").hexdigest()
    assert backend.store.put_file(source) == digest
    assert backend.store.put_bytes(b"from a file") == digest
    assert backend.store.put_file(source, link=True) == digest
    assert list(backend.store.iter_digests()) == [digest]
    assert source.read_bytes() == b"from a file"


def test_open_range(backend: Backend) -> None:
    store, data = backend.store, pattern(3 * MiB + 7)
    digest = store.put_bytes(data)
    cases = [(0, 0), (0, 1), (5, 17), (MiB - 1, 2 * MiB + 1), (0, len(data)), (10, 10**12)]
    cases += [(len(data), len(data) + 5), (len(data) + 9, len(data) + 20)]
    for start, end in cases:
        with store.open_range(digest, start, end) as stream:
            assert stream.read() == data[start:end], (start, end)
    with store.open_range(digest, 100, 200) as stream:
        stream.seek(-10, io.SEEK_END)
        assert stream.read() == data[190:200]
        stream.seek(3)
        assert stream.read(4) == data[103:107]
    for start, end in [(-1, 5), (5, 4)]:
        with pytest.raises(ValueError, match="range"):
            store.open_range(digest, start, end)
    with pytest.raises(BlobNotFound):
        store.open_range(hashlib.sha256(b"absent").hexdigest(), 0, 1)


def test_idempotent(backend: Backend) -> None:
    store = backend.store
    first = store.put_bytes(b"same")
    assert store.put_bytes(b"same") == first
    assert store.put(stream_of(0)) == FIPS_VECTORS[0][1]
    assert store.put(stream_of(0)) == FIPS_VECTORS[0][1]
    assert sorted(store.iter_digests()) == sorted([first, FIPS_VECTORS[0][1]])
    assert backend.leftovers() == []


def test_big_stream_in_constant_memory(backend: Backend) -> None:
    size = 64 * MiB
    expected = sha256_of_stream(PatternStream(size))
    stream = stream_of(size)
    gc.collect()
    tracemalloc.start()
    try:
        digest = backend.store.put(stream)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    held = size if backend.retains_content else 0
    assert peak - held < 16 * MiB, f"peak {peak / MiB:.1f} MiB for a {size // MiB} MiB blob"
    assert digest == expected
    assert backend.store.size(digest) == size
    with backend.store.open_range(digest, size - MiB - 5, size) as tail:
        assert tail.read() == pattern(size)[-MiB - 5 :]


def test_missing(backend: Backend) -> None:
    store = backend.store
    present = [store.put_bytes(b"one"), store.put_bytes(b"two")]
    absent = [hashlib.sha256(b"three").hexdigest(), hashlib.sha256(b"four").hexdigest()]
    assert store.missing(present + absent + absent) == set(absent)
    assert store.missing(iter(present)) == set()
    assert store.missing([]) == set()
    with pytest.raises(ValueError):
        store.missing([*absent, "../x"])


def test_delete(backend: Backend) -> None:
    store = backend.store
    digest = store.put_bytes(b"short-lived")
    kept = store.put_bytes(b"kept")
    store.delete(digest)
    assert not store.exists(digest)
    assert list(store.iter_digests()) == [kept]
    for read in (store.open, store.size, store.verify):
        with pytest.raises(BlobNotFound) as info:
            read(digest)
        assert isinstance(info.value, KeyError)
        assert info.value.digest == digest
    store.delete(digest)  # deleting an absent blob is not an error
    assert store.put_bytes(b"short-lived") == digest
    assert store.verify(digest)


def test_verify_detects_damage(backend: Backend) -> None:
    digest = backend.store.put_bytes(b"pristine")
    assert backend.store.verify(digest)
    backend.corrupt(digest)
    assert not backend.store.verify(digest)


BAD_DIGESTS: list[object] = [
    "",
    "0" * 63,
    "0" * 65,
    "A" * 64,
    "g" * 64,
    "0" * 64 + "\n",
    " " + "0" * 63,
    "../" + "0" * 61,
    "../../" + "0" * 58,
    "/etc/passwd",
    "0" * 62 + "/.",
    "ab/cd/" + "0" * 58,
    "\u0660" * 64,  # ARABIC-INDIC DIGIT ZERO: str.isdigit() is true
    "\uff10" * 64,  # FULLWIDTH DIGIT ZERO
    "0" * 63 + "\x00",
    b"0" * 64,
    None,
    64,
]


def _all_lookups(store: BlobStore, digest: object) -> list[Callable[[], object]]:
    d: str = digest  # type: ignore[assignment]
    return [
        lambda: store.open(d),
        lambda: store.open_range(d, 0, 1),
        lambda: store.exists(d),
        lambda: store.missing([d]),
        lambda: store.delete(d),
        lambda: store.size(d),
        lambda: store.verify(d),
    ]


@pytest.mark.parametrize("digest", BAD_DIGESTS, ids=repr)
def test_bad_digest_is_rejected(backend: Backend, digest: object) -> None:
    backend.store.put_bytes(b"something")
    for call in _all_lookups(backend.store, digest):
        with pytest.raises(ValueError, match="digest"):
            call()


def test_uppercase_of_stored_digest_is_rejected(backend: Backend) -> None:
    digest = backend.store.put_bytes(b"case")
    with pytest.raises(ValueError, match="lowercase hex"):
        backend.store.exists(digest.upper())


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789abcdefABCDEF./\\\n", min_size=60, max_size=68),
    ).filter(lambda s: not (len(s) == 64 and set(s) <= set("0123456789abcdef")))
)
def test_any_other_string_is_rejected(backend: Backend, digest: str) -> None:
    for call in _all_lookups(backend.store, digest):
        with pytest.raises(ValueError):
            call()


@pytest.mark.parametrize("size", [100 * 1024, 9 * MiB])
def test_concurrent_puts_of_the_same_content(backend: Backend, size: int) -> None:
    data, threads_count = pattern(size), 8
    barrier = threading.Barrier(threads_count)
    results: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(backend.store.put(io.BytesIO(data)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [hashlib.sha256(data).hexdigest()] * threads_count
    assert list(backend.store.iter_digests()) == [results[0]]
    assert backend.store.verify(results[0])
    assert backend.leftovers() == []


@pytest.mark.parametrize("fail_at", [0, 100, CHUNK_SIZE, 12 * MiB])
def test_interrupted_put_leaves_nothing(backend: Backend, fail_at: int) -> None:
    size = 20 * MiB
    with pytest.raises(OSError, match="simulated"):
        backend.store.put(stream_of(size, fail_at=fail_at))
    assert list(backend.store.iter_digests()) == []
    assert backend.leftovers() == []
    digest = backend.store.put(stream_of(size))
    assert digest == sha256_of_stream(PatternStream(size))
    assert list(backend.store.iter_digests()) == [digest]


# -- local backend ------------------------------------------------------------


def test_local_layout_and_permissions(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    digest = store.put_bytes(b"layout")
    path = tmp_path / "blobs" / digest[:2] / digest[2:4] / digest
    assert store.path(digest) == path
    assert path.read_bytes() == b"layout"
    assert path.stat().st_mode & 0o777 == 0o444
    assert store.tmp_dir == tmp_path / "blobs" / "tmp"


def test_local_existing_blob_is_not_rewritten(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    digest = store.put_bytes(b"once")
    before = store.path(digest).stat()
    store.put_bytes(b"once")
    after = store.path(digest).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_local_lookups_do_not_create_the_root(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "later")
    absent = hashlib.sha256(b"x").hexdigest()
    assert not store.exists(absent)
    assert store.missing([absent]) == {absent}
    assert list(store.iter_digests()) == []
    store.delete(absent)
    assert store.cleanup(older_than=0) == 0
    assert not (tmp_path / "later").exists()


def test_local_traversal_never_leaves_the_root(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "store")
    canary = tmp_path / "canary"
    canary.write_bytes(b"outside")
    fake = tmp_path / "00" / "00" / ("0" * 64)
    fake.parent.mkdir(parents=True)
    fake.write_bytes(b"outside too")
    for digest in ["../canary", "../" * 5 + "canary", str(canary), "../00/00/" + "0" * 55]:
        for call in _all_lookups(store, digest):
            with pytest.raises(ValueError):
                call()
    assert canary.read_bytes() == b"outside"
    assert fake.read_bytes() == b"outside too"
    assert not (tmp_path / "store").exists()


def test_local_iter_digests_ignores_strays(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    digest = store.put_bytes(b"real")
    other = hashlib.sha256(b"other").hexdigest()
    strays = [
        "README",
        f"tmp/{other}",
        other,
        f"ff/ff/{other}",
        f"{other[:2]}/{other[2:4]}/{other}.part",
        f"{other[:2]}/{other[2:4]}/{other.upper()}",
        f"{other[:2].upper()}/{other[2:4]}/{other}",
    ]
    for stray in strays:
        (tmp_path / stray).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / stray).write_bytes(b"x")
    assert list(store.iter_digests()) == [digest]


def test_local_cleanup_removes_only_old_leftovers(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    digest = store.put_bytes(b"kept")
    store.tmp_dir.mkdir(exist_ok=True)
    old, fresh = store.tmp_dir / "put-old", store.tmp_dir / "put-fresh"
    old.write_bytes(b"left by a crash")
    fresh.write_bytes(b"being written")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert store.cleanup() == 1
    assert sorted(os.listdir(store.tmp_dir)) == ["put-fresh"]
    assert store.cleanup(older_than=0) == 1
    assert os.listdir(store.tmp_dir) == []
    assert store.verify(digest)


def test_local_put_file_links_on_request(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    source = tmp_path / "source.bin"
    source.write_bytes(b"linked")
    digest = store.put_file(source, link=True)
    assert digest == hashlib.sha256(b"linked").hexdigest()
    assert store.path(digest).stat().st_ino == source.stat().st_ino
    assert source.stat().st_nlink == 2
    assert os.listdir(store.tmp_dir) == []

    copied = tmp_path / "copied.bin"
    copied.write_bytes(b"copied")
    digest = store.put_file(copied)
    assert store.path(digest).stat().st_ino != copied.stat().st_ino


def test_local_put_file_copies_when_linking_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cross_device(src: object, dst: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    store = LocalBlobStore(tmp_path / "blobs")
    source = tmp_path / "source.bin"
    source.write_bytes(b"elsewhere")
    digest = store.put_file(source, link=True)
    assert store.path(digest).read_bytes() == b"elsewhere"
    assert store.path(digest).stat().st_ino != source.stat().st_ino


def test_unknown_algorithm_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown hash algorithm"):
        LocalBlobStore(tmp_path, algorithm="no-such-hash")
    with pytest.raises(ValueError, match="no fixed digest size"):
        MemoryBlobStore(algorithm="shake_128")


def test_algorithm_is_a_parameter(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path, algorithm="sha1")
    digest = store.put_bytes(b"abc")
    assert digest == "a9993e364706816aba3e25717850c26c9cd0d89d"  # FIPS 180-2, SHA-1 of "abc"
    assert store.verify(digest)
    with pytest.raises(ValueError, match="40 lowercase hex"):
        store.exists(FIPS_VECTORS[1][1])


# -- factory --------------------------------------------------------------------


def test_blobstore_from_url(tmp_path: Path) -> None:
    local = blobstore_from_url(tmp_path.as_uri())
    assert isinstance(local, LocalBlobStore) and local.root == tmp_path
    local = blobstore_from_url(f"file://localhost{tmp_path}/with%20space")
    assert isinstance(local, LocalBlobStore) and local.root == tmp_path / "with space"
    assert isinstance(blobstore_from_url("memory:"), MemoryBlobStore)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "non-empty"),
        ("/var/blobs", "scheme"),
        ("ftp://host/blobs", "scheme"),
        ("file://elsewhere/blobs", "host"),
        ("file:blobs", "absolute"),
        ("file:///blobs?mode=x", "query"),
        ("file:///blobs#x", "fragment"),
        ("file:///bl%00obs", "NUL"),
        ("memory:extra", "exactly"),
        ("memory://x", "exactly"),
        ("s3://", "no bucket"),
        ("s3:///prefix", "no bucket"),
        ("s3://Bad_Bucket/prefix", "not a valid bucket"),
        ("s3://ab/prefix", "not a valid bucket"),
        ("s3://a..b/prefix", "not a valid bucket"),
        ("s3://bucket/a//b", "empty segment"),
    ],
)
def test_blobstore_from_bad_url(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        blobstore_from_url(url)


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    clear_blobstore_cache()
    yield
    clear_blobstore_cache()


@pytest.mark.usefixtures("fresh_cache")
def test_get_blobstore_follows_settings(tmp_path: Path) -> None:
    with override_settings(SANKOFA_BLOBSTORE_URL="memory:"):
        store = get_blobstore()
        assert isinstance(store, MemoryBlobStore)
        assert get_blobstore() is store
    with override_settings(SANKOFA_BLOBSTORE_URL=tmp_path.as_uri()):
        local = get_blobstore()
        assert isinstance(local, LocalBlobStore) and local.root == tmp_path
    with override_settings(SANKOFA_BLOBSTORE_URL="memory:"):
        assert get_blobstore() is store
    clear_blobstore_cache()
    with override_settings(SANKOFA_BLOBSTORE_URL="memory:"):
        assert get_blobstore() is not store


@pytest.mark.usefixtures("fresh_cache")
def test_get_blobstore_passes_the_s3_endpoint() -> None:
    with override_settings(
        SANKOFA_BLOBSTORE_URL="s3://some-bucket/pre", SANKOFA_S3_ENDPOINT_URL="http://127.0.0.1:9"
    ):
        store = get_blobstore()
    assert store.client.meta.endpoint_url == "http://127.0.0.1:9"  # type: ignore[attr-defined]
    assert (store.bucket, store.prefix) == ("some-bucket", "pre/")  # type: ignore[attr-defined]

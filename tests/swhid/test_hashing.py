"""Object ids and content hashes, checked against git and hashlib used directly."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sankofa.swhid.hashing import (
    ContentHasher,
    ContentHashes,
    content_hashes,
    git_object_header,
    git_object_id,
)

from .test_gitobjects import GitRepo, requires_git

# Ids every git installation agrees on (git's own source hard-codes both).
EMPTY_BLOB = bytes.fromhex("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
EMPTY_TREE = bytes.fromhex("4b825dc642cb6eb9a060e54bf8d69288fbee4904")
EMPTY_BLOB_SHA256 = bytes.fromhex(
    "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813"
)


def test_git_object_header() -> None:
    assert git_object_header(b"blob", 12) == b"blob 12\x00"
    assert git_object_header(b"tree", 0) == b"tree 0\x00"
    assert git_object_header(b"snapshot", 1000) == b"snapshot 1000\x00"
    with pytest.raises(ValueError, match="non-negative"):
        git_object_header(b"blob", -1)


def test_well_known_ids() -> None:
    assert git_object_id(b"blob", b"") == EMPTY_BLOB
    assert git_object_id(b"tree", b"") == EMPTY_TREE
    assert git_object_id(b"blob", b"", "sha256") == EMPTY_BLOB_SHA256
    assert content_hashes(b"").sha1_git == EMPTY_BLOB


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, GitRepo]:
    tmp = tmp_path_factory.mktemp("hashing")
    return {name: GitRepo(tmp / name, object_format=name) for name in ("sha1", "sha256")}


@requires_git
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    algorithm=st.sampled_from(["sha1", "sha256"]),
    kind=st.sampled_from(["blob", "tree", "commit", "tag"]),
    data=st.binary(max_size=300),
)
def test_git_object_id_matches_git(
    repos: dict[str, GitRepo], algorithm: str, kind: str, data: bytes
) -> None:
    assert git_object_id(kind.encode(), data, algorithm) == repos[algorithm].hash_object(kind, data)


def _independent_hashes(data: bytes) -> ContentHashes:
    """The digests, as the definitions state them, with hashlib alone."""
    return ContentHashes(
        sha1=hashlib.sha1(data).digest(),
        sha1_git=hashlib.sha1(b"blob " + str(len(data)).encode() + b"\x00" + data).digest(),
        sha256=hashlib.sha256(data).digest(),
        blake2s256=hashlib.new("blake2s256", data).digest(),
        length=len(data),
    )


@given(st.binary(max_size=2000))
def test_content_hashes(data: bytes) -> None:
    assert content_hashes(data) == _independent_hashes(data)


@given(data=st.binary(max_size=2000), cuts=st.lists(st.integers(0, 2000), max_size=6))
def test_streaming_equals_one_shot(data: bytes, cuts: list[int]) -> None:
    bounds = [0, *sorted(min(cut, len(data)) for cut in cuts), len(data)]
    hasher = ContentHasher(len(data))
    for start, end in itertools.pairwise(bounds):
        chunk = data[start:end]
        hasher.update(memoryview(chunk) if start % 2 else chunk)
    assert hasher.digests() == content_hashes(data)


def test_streaming_memoryview_of_wide_items() -> None:
    words = memoryview(bytearray(range(16))).cast("I")  # 4 items of 4 bytes
    hasher = ContentHasher(16)
    hasher.update(words)
    assert hasher.digests() == content_hashes(bytes(range(16)))


@pytest.mark.parametrize("fed", [b"", b"abc", b"abcde"])
def test_length_mismatch_is_refused(fed: bytes) -> None:
    hasher = ContentHasher(4)
    hasher.update(fed)
    with pytest.raises(ValueError, match=f"announced as 4 bytes long but {len(fed)} bytes"):
        hasher.digests()


@requires_git
def test_large_file_streamed(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    data = hashlib.shake_256(b"sankofa").digest(3_000_000)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    hasher = ContentHasher(len(data))
    with path.open("rb") as stream:
        while chunk := stream.read(65536):
            hasher.update(chunk)
    expected = bytes.fromhex(repo.run("hash-object", str(path)).strip().decode())
    assert hasher.digests().sha1_git == expected

"""Software Heritage's reference implementation, swh.model, as an oracle.

swh.model is GPL-licensed and used here only, never by the project's code: every
object is built twice -- with our model and with swh.model -- from the same
Hypothesis draw, and manifests and ids must agree. Objects drawn by swh.model's own
Hypothesis strategies are converted to our model and checked the same way, and the
git objects swh.model writes are parsed back by our parser.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sankofa.swhid.gitobjects import parse_commit, parse_object, parse_tag, parse_tree
from sankofa.swhid.hashing import content_hashes, git_object_header
from sankofa.swhid.identifiers import ObjectType
from sankofa.swhid.model import (
    BranchTargetType,
    Directory,
    DirectoryEntry,
    Person,
    Release,
    Revision,
    Snapshot,
    SnapshotBranch,
    Timestamp,
)

from . import strategies
from .test_gitobjects import NON_CANONICAL_COMMITS, NON_CANONICAL_TAGS, TREE_CASES

swh_model = pytest.importorskip("swh.model.model")
swh_git = pytest.importorskip("swh.model.git_objects")
swh_strategies = pytest.importorskip("swh.model.hypothesis_strategies")
swh_hashutil = pytest.importorskip("swh.model.hashutil")

RELEASE_TARGET_TYPES = {
    ObjectType.CONTENT: "content",
    ObjectType.DIRECTORY: "directory",
    ObjectType.REVISION: "revision",
    ObjectType.RELEASE: "release",
}


def split_git_object(git_object: bytes, kind: bytes) -> bytes:
    """The body of a git object as swh.model writes it, checking its header."""
    header, _, body = git_object.partition(b"\x00")
    assert header + b"\x00" == git_object_header(kind, len(body))
    return body


# Our model -> swh.model


def swh_directory(directory: Directory) -> Any:
    types = {ObjectType.CONTENT: "file", ObjectType.DIRECTORY: "dir", ObjectType.REVISION: "rev"}
    entries = tuple(
        swh_model.DirectoryEntry(
            name=entry.name, type=types[entry.object_type], target=entry.target, perms=entry.perms
        )
        for entry in directory.entries
    )
    raw = directory.raw_manifest
    return swh_model.Directory.from_possibly_duplicated_entries(
        entries=entries,
        raw_manifest=None if raw is None else git_object_header(b"tree", len(raw)) + raw,
    )[1]


def swh_person(person: Person | None) -> Any:
    return None if person is None else swh_model.Person.from_fullname(person.fullname)


def swh_date(date: Timestamp | None) -> Any:
    if date is None:
        return None
    return swh_model.TimestampWithTimezone(
        timestamp=swh_model.Timestamp(seconds=date.seconds, microseconds=0),
        offset_bytes=date.offset_bytes,
    )


def swh_revision(revision: Revision) -> Any:
    raw = revision.raw_manifest
    return swh_model.Revision(
        message=revision.message,
        author=swh_person(revision.author),
        committer=swh_person(revision.committer),
        date=swh_date(revision.date),
        committer_date=swh_date(revision.committer_date),
        type=swh_model.RevisionType.GIT,
        directory=revision.directory,
        synthetic=False,
        parents=revision.parents,
        extra_headers=revision.extra_headers,
        raw_manifest=None if raw is None else git_object_header(b"commit", len(raw)) + raw,
    )


def swh_release(release: Release) -> Any:
    raw = release.raw_manifest
    # swh.model's releases have no extra headers but through a raw manifest.
    assert raw is not None or not release.extra_headers
    return swh_model.Release(
        name=release.name,
        message=release.message,
        target=release.target,
        target_type=swh_model.ReleaseTargetType(RELEASE_TARGET_TYPES[release.target_type]),
        synthetic=False,
        author=swh_person(release.author),
        date=swh_date(release.date),
        raw_manifest=None if raw is None else git_object_header(b"tag", len(raw)) + raw,
    )


def swh_snapshot(snapshot: Snapshot) -> Any:
    return swh_model.Snapshot(
        branches={
            name: None
            if branch is None
            else swh_model.SnapshotBranch(
                target=branch.target,
                target_type=swh_model.SnapshotTargetType(branch.target_type.value),
            )
            for name, branch in snapshot.branches.items()
        }
    )


# swh.model -> our model


def our_date(date: Any) -> Timestamp:
    return Timestamp(date.timestamp.seconds, date.offset_bytes)


def without_microseconds(date: dict[str, Any] | None) -> dict[str, Any] | None:
    """swh.model allows sub-second dates, git does not: drop the fraction."""
    if date is None:
        return None
    return {**date, "timestamp": {**date["timestamp"], "microseconds": 0}}


@settings(max_examples=200)
@given(strategies.directories(allow_slash=False))
def test_directories(directory: Directory) -> None:
    reference = swh_directory(directory)
    assert directory.manifest() == split_git_object(
        swh_git.directory_git_object(reference), b"tree"
    )
    assert directory.id == reference.id


@settings(max_examples=200)
@given(strategies.revisions())
def test_revisions(revision: Revision) -> None:
    reference = swh_revision(revision)
    assert revision.manifest() == split_git_object(
        swh_git.revision_git_object(reference), b"commit"
    )
    assert revision.id == reference.id


@settings(max_examples=200)
@given(strategies.releases().map(lambda release: replace(release, extra_headers=())))
def test_releases(release: Release) -> None:
    reference = swh_release(release)
    assert release.manifest() == split_git_object(swh_git.release_git_object(reference), b"tag")
    assert release.id == reference.id


@settings(max_examples=200)
@given(strategies.snapshots())
def test_snapshots(snapshot: Snapshot) -> None:
    reference = swh_snapshot(snapshot)
    manifest = swh_git.snapshot_git_object(reference, ignore_unresolved=True)
    assert snapshot.manifest() == split_git_object(manifest, b"snapshot")
    assert snapshot.id == reference.id


def swh_directories() -> st.SearchStrategy[Any]:
    """swh.model's directory entries, with names git can write (no NUL)."""
    names = swh_strategies.binaries_without_bytes(b"/\x00")
    entries = st.lists(
        swh_strategies.directory_entries_d(name=names).map(
            lambda entry: swh_model.DirectoryEntry(**entry)
        ),
        unique_by=lambda entry: entry.name,
    )
    return entries.map(lambda items: swh_model.Directory(entries=tuple(items)))


@settings(max_examples=50)
@given(swh_directories())
def test_swh_directories(reference: Any) -> None:
    directory = Directory(
        tuple(DirectoryEntry(e.name, e.perms, e.target) for e in reference.entries)
    )
    assert directory.id == reference.id
    parsed = parse_tree(split_git_object(swh_git.directory_git_object(reference), b"tree"))
    assert parsed.id == reference.id


STAND_IN = {"fullname": b"Stand In <stand@in>", "name": b"Stand In", "email": b"stand@in"}


def with_people(drawn: dict[str, Any]) -> dict[str, Any]:
    """Revisions without author or committer are non-canonical (tested with raw manifests)."""
    for key in ("author", "committer"):
        if drawn[key] is None:
            drawn[key] = STAND_IN
    for key in ("date", "committer_date"):
        if drawn[key] is None:
            drawn[key] = {"timestamp": {"seconds": 0, "microseconds": 0}, "offset_bytes": b"+0000"}
    return drawn


@settings(max_examples=50)
@given(swh_strategies.revisions_d(raw_manifest=st.none()).map(with_people))
def test_swh_revisions(drawn: dict[str, Any]) -> None:
    drawn["date"] = without_microseconds(drawn["date"])
    drawn["committer_date"] = without_microseconds(drawn["committer_date"])
    reference = swh_model.Revision.from_dict(drawn)
    revision = Revision(
        directory=reference.directory,
        parents=reference.parents,
        author=Person(reference.author.fullname),
        date=our_date(reference.date),
        committer=Person(reference.committer.fullname),
        committer_date=our_date(reference.committer_date),
        message=reference.message,
        extra_headers=reference.extra_headers,
    )
    assert revision.id == reference.id
    parsed = parse_commit(split_git_object(swh_git.revision_git_object(reference), b"commit"))
    assert parsed.id == reference.id


@settings(max_examples=50)
@given(swh_strategies.releases_d(raw_manifest=st.none()))
def test_swh_releases(drawn: dict[str, Any]) -> None:
    assume(drawn["target_type"] != "snapshot")  # git has no tag of a snapshot
    drawn["date"] = without_microseconds(drawn["date"])
    reference = swh_model.Release.from_dict(drawn)
    target_types = {value: key for key, value in RELEASE_TARGET_TYPES.items()}
    release = Release(
        name=reference.name,
        target=reference.target,
        target_type=target_types[reference.target_type.value],
        author=None if reference.author is None else Person(reference.author.fullname),
        date=None if reference.date is None else our_date(reference.date),
        message=reference.message,
    )
    assert release.id == reference.id
    parsed = parse_tag(split_git_object(swh_git.release_git_object(reference), b"tag"))
    assert parsed.id == reference.id


@settings(max_examples=50)
@given(swh_strategies.snapshots(max_size=20))
def test_swh_snapshots(reference: Any) -> None:
    snapshot = Snapshot.from_dict(
        {
            name: None
            if branch is None
            else SnapshotBranch(branch.target, BranchTargetType(branch.target_type.value))
            for name, branch in reference.branches.items()
        }
    )
    assert snapshot.id == reference.id


NON_CANONICAL = (
    [(b"tree", body) for _, body in TREE_CASES]
    + [(b"commit", body) for _, body in NON_CANONICAL_COMMITS]
    + [(b"tag", body) for _, body in NON_CANONICAL_TAGS]
)


@pytest.mark.parametrize(("kind", "body"), NON_CANONICAL)
def test_non_canonical_objects_agree_with_raw_manifests(kind: bytes, body: bytes) -> None:
    parsed = parse_object(kind, body)
    assert parsed is not None
    assert parsed.raw_manifest == body
    convert = {b"tree": swh_directory, b"commit": swh_revision, b"tag": swh_release}[kind]
    reference = convert(parsed)  # type: ignore[operator]
    assert reference.raw_manifest == git_object_header(kind, len(body)) + body
    assert parsed.id == reference.id


@settings(max_examples=200)
@given(st.binary(max_size=5000))
def test_content_hashes(data: bytes) -> None:
    reference = swh_hashutil.MultiHash.from_data(data).digest()
    ours = content_hashes(data)
    assert reference == {
        "sha1": ours.sha1,
        "sha1_git": ours.sha1_git,
        "sha256": ours.sha256,
        "blake2s256": ours.blake2s256,
    }

"""Manifests and ids of objects built field by field, against git and the formats' specs.

Expected bytes are written out by hand from the format definitions; expected ids come
from the git binary (``git mktree``, ``git commit-tree``, ``git mktag``) or from Software
Heritage's published test vectors -- never from the code under test.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sankofa.swhid.identifiers import ObjectType
from sankofa.swhid.manifests import (
    directory_manifest,
    release_manifest,
    revision_manifest,
    snapshot_manifest,
)
from sankofa.swhid.model import (
    CONTENT_PERMS,
    DIRECTORY_PERMS,
    EXECUTABLE_PERMS,
    REVISION_PERMS,
    SYMLINK_PERMS,
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
from .test_gitobjects import GitRepo, requires_git

ID1, ID2, ID3 = b"\x01" * 20, b"\x02" * 20, b"\x03" * 20
HEX1, HEX2, HEX3 = (raw.hex().encode() for raw in (ID1, ID2, ID3))

SORT_ORDER_ENTRIES = (
    DirectoryEntry(b"x", EXECUTABLE_PERMS, ID1),
    DirectoryEntry(b"a", DIRECTORY_PERMS, ID2),
    DirectoryEntry(b"a0", CONTENT_PERMS, ID1),
    DirectoryEntry(b"a.c", CONTENT_PERMS, ID1),
    DirectoryEntry(b"m", REVISION_PERMS, ID3),
    DirectoryEntry(b"a-b", CONTENT_PERMS, ID1),
    DirectoryEntry(b"l", SYMLINK_PERMS, ID1),
    DirectoryEntry(b"\xe9", CONTENT_PERMS, ID1),
)


def test_directory_manifest_by_the_spec() -> None:
    # "a" is a directory so it sorts as "a/": after "a-b" (0x2d) and "a.c" (0x2e),
    # before "a0" (0x30).
    expected = (
        b"100644 a-b\x00" + ID1
        + b"100644 a.c\x00" + ID1
        + b"40000 a\x00" + ID2
        + b"100644 a0\x00" + ID1
        + b"120000 l\x00" + ID1
        + b"160000 m\x00" + ID3
        + b"100755 x\x00" + ID1
        + b"100644 \xe9\x00" + ID1
    )  # fmt: skip
    assert directory_manifest(SORT_ORDER_ENTRIES) == expected
    assert Directory(SORT_ORDER_ENTRIES).manifest() == expected


def test_file_sorts_before_directory_of_same_prefix() -> None:
    entries = [DirectoryEntry(b"a/", CONTENT_PERMS, ID1), DirectoryEntry(b"a", CONTENT_PERMS, ID2)]
    assert directory_manifest(entries) == b"100644 a\x00" + ID2 + b"100644 a/\x00" + ID1


def test_raw_manifest_wins() -> None:
    raw = b"040000 a\x00" + ID1
    directory = Directory((DirectoryEntry(b"a", DIRECTORY_PERMS, ID1),), raw_manifest=raw)
    assert directory.manifest() == raw
    assert directory.id != dataclasses.replace(directory, raw_manifest=None).id


def test_directory_entry_rejects_nul() -> None:
    with pytest.raises(ValueError, match="NUL"):
        DirectoryEntry(b"a\x00b", CONTENT_PERMS, ID1)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    return GitRepo(tmp_path_factory.mktemp("manifests") / "repo")


def _mktree(repo: GitRepo, directory: Directory) -> bytes:
    words = {ObjectType.DIRECTORY: "tree", ObjectType.REVISION: "commit"}
    lines = b"".join(
        b"%o %s %s\t%s\x00"
        % (
            entry.perms,
            words.get(entry.object_type, "blob").encode(),
            entry.target.hex().encode(),
            entry.name,
        )
        for entry in directory.entries
    )
    return bytes.fromhex(repo.run("mktree", "-z", "--missing", input=lines).strip().decode())


@requires_git
def test_directory_sort_order_matches_git(repo: GitRepo) -> None:
    directory = Directory(SORT_ORDER_ENTRIES)
    assert directory.id == _mktree(repo, directory)
    assert repo.cat_file("tree", directory.id) == directory.manifest()


@requires_git
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.directories(allow_slash=False))
def test_directory_ids_match_git_mktree(repo: GitRepo, directory: Directory) -> None:
    assert directory.id == _mktree(repo, directory)


def test_empty_objects() -> None:
    assert Directory(()).id.hex() == "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


SIGNATURE = b"-----BEGIN PGP SIGNATURE-----\n\niQEz\nAbCd\n-----END PGP SIGNATURE-----"
REVISION = Revision(
    directory=ID1,
    parents=(ID2, ID3),
    author=Person(b"A U Thor <a@example.org>"),
    date=Timestamp(1112911993, b"-0000"),
    committer=Person(b"\xc9milie <e@example.org>"),
    committer_date=Timestamp(1112911993, b"+0200"),
    message=b"\xe9t\xe9\n",
    extra_headers=((b"encoding", b"ISO-8859-1"), (b"gpgsig", SIGNATURE)),
)


def test_revision_manifest_by_the_spec() -> None:
    expected = (
        b"tree " + HEX1 + b"\n"
        b"parent " + HEX2 + b"\n"
        b"parent " + HEX3 + b"\n"
        b"author A U Thor <a@example.org> 1112911993 -0000\n"
        b"committer \xc9milie <e@example.org> 1112911993 +0200\n"
        b"encoding ISO-8859-1\n"
        b"gpgsig -----BEGIN PGP SIGNATURE-----\n"
        b" \n"
        b" iQEz\n"
        b" AbCd\n"
        b" -----END PGP SIGNATURE-----\n"
        b"\n"
        b"\xe9t\xe9\n"
    )  # fmt: skip
    assert revision_manifest(REVISION) == expected
    without_message = dataclasses.replace(REVISION, message=None, extra_headers=())
    assert revision_manifest(without_message).endswith(b"+0200\n")


@requires_git
def test_revision_id_matches_git(repo: GitRepo) -> None:
    assert REVISION.id == repo.hash_object("commit", revision_manifest(REVISION))


idents = st.from_regex(rb"\A[A-Za-z][A-Za-z ]{0,10}[A-Za-z]\Z")
emails = st.from_regex(rb"\A[a-z]{1,8}@[a-z]{1,8}\.org\Z")
zones = st.sampled_from([b"+0000", b"+0200", b"-0530", b"+1400", b"-1200"])
# git refuses NUL in messages and re-encodes non-UTF-8 ones unless told their encoding.
utf8_messages = st.text(max_size=40).map(lambda text: text.replace("\x00", "").encode())
latin1_messages = st.binary(max_size=60).map(lambda message: message.replace(b"\x00", b""))


@st.composite
def git_commits(draw: st.DrawFn) -> tuple[dict[str, str], bytes, int, bool]:
    """The inputs of one ``git commit-tree`` call."""
    env = {}
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"] = draw(idents).decode()
        env[f"GIT_{role}_EMAIL"] = draw(emails).decode()
        seconds = draw(st.integers(0, 2**33))
        env[f"GIT_{role}_DATE"] = f"@{seconds} {draw(zones).decode()}"
    latin1 = draw(st.booleans())
    message = draw(latin1_messages if latin1 else utf8_messages)
    return env, message, draw(st.integers(0, 3)), latin1


def _person_and_date(env: dict[str, str], role: str) -> tuple[Person, Timestamp]:
    seconds, zone = env[f"GIT_{role}_DATE"][1:].split(" ")
    fullname = f"{env[f'GIT_{role}_NAME']} <{env[f'GIT_{role}_EMAIL']}>".encode()
    return Person(fullname), Timestamp(int(seconds), zone.encode())


@requires_git
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(git_commits())
def test_revisions_match_git_commit_tree(
    repo: GitRepo, commit: tuple[dict[str, str], bytes, int, bool]
) -> None:
    env, message, parent_count, latin1 = commit
    tree = _mktree(repo, Directory(SORT_ORDER_ENTRIES))
    parent_ids = [
        repo.hash_object("commit", b"tree " + tree.hex().encode() + b"\n\nparent %d\n" % i)
        for i in range(parent_count)
    ]
    args = ["commit-tree", tree.hex(), "-F", "-"]
    for parent in parent_ids:
        args += ["-p", parent.hex()]
    config = ["-c", "i18n.commitEncoding=ISO-8859-1"] if latin1 else []
    git_id = bytes.fromhex(repo.run(*config, *args, input=message, env=env).strip().decode())
    author, date = _person_and_date(env, "AUTHOR")
    committer, committer_date = _person_and_date(env, "COMMITTER")
    revision = Revision(
        directory=tree,
        parents=tuple(parent_ids),
        author=author,
        date=date,
        committer=committer,
        committer_date=committer_date,
        message=message,
        extra_headers=((b"encoding", b"ISO-8859-1"),) if latin1 else (),
    )
    assert revision.id == git_id


def _release(target: bytes, target_type: ObjectType, **changes: object) -> Release:
    release = Release(
        name=b"v1.0",
        target=target,
        target_type=target_type,
        author=Person(b"T A Gger <t@example.org>"),
        date=Timestamp(1112912053, b"-0200"),
        message=b"Release 1.0\n",
    )
    return dataclasses.replace(release, **changes)  # type: ignore[arg-type]


def test_release_manifest_by_the_spec() -> None:
    assert release_manifest(_release(ID1, ObjectType.REVISION)) == (
        b"object " + HEX1 + b"\n"
        b"type commit\n"
        b"tag v1.0\n"
        b"tagger T A Gger <t@example.org> 1112912053 -0200\n"
        b"\n"
        b"Release 1.0\n"
    )  # fmt: skip
    old = _release(ID2, ObjectType.CONTENT, author=None, date=None, message=None)
    assert release_manifest(old) == b"object " + HEX2 + b"\ntype blob\ntag v1.0\n"
    undated = _release(ID3, ObjectType.RELEASE, date=None, message=b"")
    assert release_manifest(undated) == (
        b"object " + HEX3 + b"\ntype tag\ntag v1.0\ntagger T A Gger <t@example.org>\n\n"
    )


def test_release_refuses_what_git_cannot_write() -> None:
    with pytest.raises(ValueError, match="snapshot"):
        _release(ID1, ObjectType.SNAPSHOT)
    with pytest.raises(ValueError, match="needs an author"):
        _release(ID1, ObjectType.REVISION, author=None)


@requires_git
def test_releases_of_every_target_type_match_git_mktag(repo: GitRepo) -> None:
    blob = bytes.fromhex(repo.run("hash-object", "-w", "--stdin", input=b"x\n").strip().decode())
    tree = _mktree(repo, Directory((DirectoryEntry(b"x", CONTENT_PERMS, blob),)))
    commit = bytes.fromhex(repo.run("commit-tree", tree.hex(), "-m", "c").strip().decode())
    targets = [
        (blob, ObjectType.CONTENT),
        (tree, ObjectType.DIRECTORY),
        (commit, ObjectType.REVISION),
    ]
    releases = [
        _release(target, target_type, name=target_type.value.encode())
        for target, target_type in targets
    ]
    releases.append(_release(releases[-1].id, ObjectType.RELEASE, name=b"nested"))
    for release in releases:
        # mktag checks the tag with fsck, including that the target has that type.
        git_id = repo.run("mktag", input=release.manifest()).strip().decode()
        assert release.id.hex() == git_id


# Software Heritage's published snapshot test vectors (swh.model test suite).
SWH_SNAPSHOT_ALL_TYPES = {
    b"directory": SnapshotBranch(
        bytes.fromhex("1bd0e65f7d2ff14ae994de17a1e7fe65111dcad8"), BranchTargetType.DIRECTORY
    ),
    b"content": SnapshotBranch(
        bytes.fromhex("fe95a46679d128ff167b7c55df5d02356c5a1ae1"), BranchTargetType.CONTENT
    ),
    b"alias": SnapshotBranch(b"revision", BranchTargetType.ALIAS),
    b"revision": SnapshotBranch(
        bytes.fromhex("aafb16d69fd30ff58afdd69036a26047f3aebdc6"), BranchTargetType.REVISION
    ),
    b"release": SnapshotBranch(
        bytes.fromhex("7045404f3d1c54e6473c71bbb716529fbad4be24"), BranchTargetType.RELEASE
    ),
    b"snapshot": SnapshotBranch(
        bytes.fromhex("1a8893e6a86f444e8be8e7bda6cb34fb1735a00e"), BranchTargetType.SNAPSHOT
    ),
    b"dangling": None,
}

SWH_SNAPSHOT_VECTORS = [
    ({}, "1a8893e6a86f444e8be8e7bda6cb34fb1735a00e"),
    ({b"HEAD": None}, "c84502e821eb21ed84e9fd3ec40973abc8b32353"),
    ({b"foo": SnapshotBranch(b"bar", BranchTargetType.ALIAS)},
     "84b4548ea486e4b0a7933fa541ff1503a0afe1e0"),
    (SWH_SNAPSHOT_ALL_TYPES, "6e65b86363953b780d92b0a928f3e8fcdd10db36"),
]  # fmt: skip


@pytest.mark.parametrize(("branches", "expected"), SWH_SNAPSHOT_VECTORS)
def test_snapshot_vectors(branches: dict[bytes, SnapshotBranch | None], expected: str) -> None:
    assert Snapshot.from_dict(branches).id.hex() == expected
    assert Snapshot(branches).id.hex() == expected


def test_snapshot_manifest_by_the_spec() -> None:
    branches = {
        b"refs/heads/main": SnapshotBranch(ID1, BranchTargetType.REVISION),
        b"HEAD": SnapshotBranch(b"refs/heads/main", BranchTargetType.ALIAS),
        b"gone": None,
    }
    assert snapshot_manifest(branches) == (
        b"alias HEAD\x0015:refs/heads/main"
        b"dangling gone\x000:"
        b"revision refs/heads/main\x0020:" + ID1
    )  # fmt: skip


def test_snapshot_is_a_hashable_value() -> None:
    first = Snapshot({b"b": None, b"a": SnapshotBranch(ID1, BranchTargetType.CONTENT)})
    second = Snapshot.from_dict({b"a": SnapshotBranch(ID1, BranchTargetType.CONTENT), b"b": None})
    assert first == second
    assert hash(first) == hash(second)
    assert list(first.branches) == [b"a", b"b"]
    assert first.branches == {b"a": SnapshotBranch(ID1, BranchTargetType.CONTENT), b"b": None}
    assert {first, second} == {first}
    assert BranchTargetType.ALIAS.object_type is None
    assert BranchTargetType.RELEASE.object_type is ObjectType.RELEASE


def test_ids_are_cached_and_ignored_by_equality() -> None:
    directory = Directory(SORT_ORDER_ENTRIES)
    first = directory.id
    assert directory.id is first
    assert directory == Directory(SORT_ORDER_ENTRIES)
    assert hash(directory) == hash(Directory(SORT_ORDER_ENTRIES))
    assert "_id" not in repr(directory)


def test_people_and_offsets() -> None:
    person = Person(b"Ada Lovelace <ada@example.org>")
    assert (person.name, person.email) == (b"Ada Lovelace", b"ada@example.org")
    assert (Person(b"no email").name, Person(b"no email").email) == (None, None)
    assert Timestamp(0, b"-0530").offset_minutes() == -330
    assert Timestamp(0, b"+1400").offset_minutes() == 840
    assert Timestamp(0, b"-0000").offset_minutes() == 0
    assert Timestamp(0, b"+02000").offset_minutes() is None

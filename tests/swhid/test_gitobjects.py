"""Parsing of git objects: real objects written by git, non-canonical objects, garbage.

Golden ids come from the ``git`` binary (``git hash-object --literally``, ``git cat-file
--batch-all-objects``), never from the code under test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sankofa.swhid.gitobjects import (
    MalformedObject,
    parse_commit,
    parse_object,
    parse_tag,
    parse_tree,
)
from sankofa.swhid.identifiers import ObjectType
from sankofa.swhid.model import (
    CONTENT_PERMS,
    DIRECTORY_PERMS,
    EXECUTABLE_PERMS,
    REVISION_PERMS,
    SYMLINK_PERMS,
    Directory,
    Person,
    Release,
    Revision,
    Timestamp,
)

from . import strategies

GIT = shutil.which("git")
requires_git = pytest.mark.skipif(GIT is None, reason="the git binary is not installed")


class GitRepo:
    """A scratch git repository driven through the real ``git`` binary."""

    def __init__(self, path: Path, object_format: str = "sha1") -> None:
        assert GIT is not None
        self.path = path
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(path),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "LC_ALL": "C",
            "TZ": "UTC",
            "GIT_AUTHOR_NAME": "Ada Lovelace",
            "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_AUTHOR_DATE": "1234567890 +0200",
            "GIT_COMMITTER_NAME": "Charles Babbage",
            "GIT_COMMITTER_EMAIL": "charles@example.org",
            "GIT_COMMITTER_DATE": "1234567899 -0530",
        }
        path.mkdir(parents=True, exist_ok=True)
        self.run("init", "-q", "-b", "main", f"--object-format={object_format}", ".")

    def run(self, *args: str, input: bytes = b"", env: dict[str, str] | None = None) -> bytes:
        assert GIT is not None
        proc = subprocess.run(
            [GIT, *args],
            cwd=self.path,
            input=input,
            capture_output=True,
            env={**self.env, **(env or {})},
            check=False,
        )
        if proc.returncode:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.decode()}")
        return proc.stdout

    def hash_object(self, kind: str, body: bytes) -> bytes:
        """Write ``body`` as a ``kind`` object, without any validation; return its raw id."""
        out = self.run("hash-object", "-t", kind, "--literally", "-w", "--stdin", input=body)
        return bytes.fromhex(out.strip().decode())

    def cat_file(self, kind: str, object_id: bytes) -> bytes:
        return self.run("cat-file", kind, object_id.hex())

    def rev_parse(self, name: str) -> bytes:
        return bytes.fromhex(self.run("rev-parse", name).strip().decode())

    def objects(self) -> Iterator[tuple[bytes, bytes, bytes]]:
        """Every object of the repository, as ``(raw id, git type, body)``."""
        out = self.run("cat-file", "--batch-all-objects", "--batch")
        pos = 0
        while pos < len(out):
            eol = out.index(b"\n", pos)
            hex_id, kind, size = out[pos:eol].split(b" ")
            start = eol + 1
            end = start + int(size)
            yield bytes.fromhex(hex_id.decode()), kind, out[start:end]
            pos = end + 1


def build_history(repo: GitRepo) -> None:
    """Create a repository exercising every kind of tree entry, commit and tag."""
    work = repo.path
    (work / "plain.txt").write_bytes(b"hello\n")
    (work / "run.sh").write_bytes(b"#!/bin/sh\necho hi\n")
    (work / "run.sh").chmod(0o755)
    os.symlink("plain.txt", work / "link")
    (work / "sub").mkdir()
    (work / "sub" / "deep.txt").write_bytes(b"deep\n")
    (work / os.fsdecode(b"caf\xe9-latin1")).write_bytes(b"latin-1 name\n")
    (work / "a-b").write_bytes(b"sorts before the a directory\n")
    (work / "a").mkdir()
    (work / "a" / "x").write_bytes(b"x\n")
    repo.run("add", "-A")
    repo.run("commit", "-q", "-m", "first")
    repo.run(
        "update-index", "--add", "--cacheinfo", f"160000,{repo.rev_parse('HEAD').hex()},module"
    )
    message = b"caf\xe9: a Latin-1 message\n\nwith a body\n"
    repo.run("-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "-F", "-", input=message)
    repo.run("tag", "-a", "-m", "on a commit", "v-commit")
    repo.run("tag", "-a", "-m", "on a tree", "v-tree", "HEAD^{tree}")
    repo.run("tag", "-a", "-m", "on a blob", "v-blob", "HEAD:plain.txt")
    repo.run("tag", "-a", "-m", "on a tag", "v-tag", "v-commit")
    repo.run("checkout", "-q", "-b", "side", "HEAD~1")
    (work / "side.txt").write_bytes(b"side\n")
    repo.run("add", "side.txt")
    repo.run("commit", "-q", "-m", "side work")
    repo.run("tag", "-a", "-m", "to be merged", "v-side")
    repo.run("checkout", "-q", "main")
    repo.run("merge", "-q", "--no-ff", "-m", "merge an annotated tag", "v-side")


def sign_history(repo: GitRepo, tmp: Path) -> bool:
    """Add an SSH-signed commit, a signed tag and a merge of it (``mergetag``)."""
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        return False
    key = tmp / "signing-key"
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    sign = ("-c", "gpg.format=ssh", "-c", f"user.signingkey={key}")
    repo.run(*sign, "commit", "-q", "-S", "--allow-empty", "-m", "signed commit")
    repo.run("checkout", "-q", "-b", "signed-side", "HEAD~1")
    repo.run("commit", "-q", "--allow-empty", "-m", "to be tagged")
    repo.run(*sign, "tag", "-s", "-m", "signed tag", "v-signed")
    repo.run("checkout", "-q", "main")
    repo.run("merge", "-q", "--no-ff", "-m", "merge a signed tag", "v-signed")
    return True


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    if GIT is None:
        pytest.skip("the git binary is not installed")
    tmp = tmp_path_factory.mktemp("history")
    repo = GitRepo(tmp / "repo")
    build_history(repo)
    sign_history(repo, tmp)
    return repo


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    if GIT is None:
        pytest.skip("the git binary is not installed")
    return GitRepo(tmp_path_factory.mktemp("scratch"))


def _parse_all(repo: GitRepo, algorithm: str) -> dict[bytes, list[object]]:
    seen: dict[bytes, list[object]] = {b"blob": [], b"tree": [], b"commit": [], b"tag": []}
    for object_id, kind, body in repo.objects():
        parsed = parse_object(kind, body, algorithm=algorithm)
        if parsed is None:
            assert kind == b"blob"
            continue
        assert isinstance(parsed, Directory | Revision | Release)
        assert parsed.raw_manifest is None, f"git wrote a {kind!r} we find non-canonical"
        assert parsed.manifest() == body
        assert parsed.object_id(algorithm) == object_id
        seen[kind].append(parsed)
    return seen


@requires_git
def test_every_object_git_writes_parses_canonically(history: GitRepo) -> None:
    seen = _parse_all(history, "sha1")
    trees = [obj for obj in seen[b"tree"] if isinstance(obj, Directory)]
    all_perms = {entry.perms for tree in trees for entry in tree.entries}
    assert {CONTENT_PERMS, EXECUTABLE_PERMS, SYMLINK_PERMS, DIRECTORY_PERMS, REVISION_PERMS} <= (
        all_perms
    )
    names = {entry.name for tree in trees for entry in tree.entries}
    assert b"caf\xe9-latin1" in names
    commits = [obj for obj in seen[b"commit"] if isinstance(obj, Revision)]
    header_keys = {key for commit in commits for key, _ in commit.extra_headers}
    assert b"encoding" in header_keys
    assert any(len(commit.parents) == 2 for commit in commits)
    assert any(commit.date.offset_bytes == b"+0200" for commit in commits)
    assert any(commit.committer_date.offset_bytes == b"-0530" for commit in commits)
    assert any(commit.message and b"caf\xe9" in commit.message for commit in commits)
    tags = [obj for obj in seen[b"tag"] if isinstance(obj, Release)]
    assert {tag.target_type for tag in tags} == set(strategies.GIT_TARGET_TYPES)


@requires_git
def test_signed_commits_and_mergetags_parse_canonically(history: GitRepo) -> None:
    if not shutil.which("ssh-keygen"):
        pytest.skip("ssh-keygen is needed to sign with git")
    merge = parse_commit(history.cat_file("commit", history.rev_parse("main")))
    assert merge.raw_manifest is None
    [(key, mergetag)] = merge.extra_headers
    assert key == b"mergetag"
    # The header holds a whole tag, blank line and signature included.
    embedded = parse_tag(mergetag + b"\n")
    assert embedded.name == b"v-signed"
    assert embedded.id == history.rev_parse("v-signed")
    signed = parse_commit(history.cat_file("commit", history.rev_parse("main~1")))
    [(key, signature)] = signed.extra_headers
    assert key == b"gpgsig"
    assert signature.startswith(b"-----BEGIN SSH SIGNATURE-----\n")
    assert signature.endswith(b"\n-----END SSH SIGNATURE-----")
    assert signed.id == history.rev_parse("main~1")


@requires_git
def test_sha256_repository(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo", object_format="sha256")
    build_history(repo)
    seen = _parse_all(repo, "sha256")
    assert seen[b"tree"] and seen[b"commit"] and seen[b"tag"]
    head = parse_commit(repo.cat_file("commit", repo.rev_parse("HEAD")), algorithm="sha256")
    assert all(len(parent) == 32 for parent in head.parents)


def _blob_id(fill: int) -> bytes:
    return bytes([fill]) * 20


TREE_CASES: list[tuple[str, bytes]] = [
    ("mode with leading zero", b"040000 d\x00" + _blob_id(1)),
    ("unsorted", b"100644 b\x00" + _blob_id(1) + b"100644 a\x00" + _blob_id(2)),
    ("dir sorted as plain name", b"40000 a\x00" + _blob_id(1) + b"100644 a-b\x00" + _blob_id(2)),
    ("duplicate names", b"100644 a\x00" + _blob_id(1) + b"100644 a\x00" + _blob_id(1)),
]

CANONICAL_TREES: list[tuple[str, bytes]] = [
    ("empty", b""),
    ("slash and dots in names", b"100644 ..\x00" + _blob_id(1) + b"100644 a/b\x00" + _blob_id(2)),
    ("empty name", b"100644 \x00" + _blob_id(3)),
    ("space in name", b"100644 a b\x00" + _blob_id(4)),
    ("odd mode", b"100664 f\x00" + _blob_id(5)),
    ("non-UTF-8 name", b"120000 \xff\xfe\x00" + _blob_id(6)),
]


@requires_git
@pytest.mark.parametrize(("label", "body"), TREE_CASES + CANONICAL_TREES)
def test_trees_keep_their_git_id(scratch: GitRepo, label: str, body: bytes) -> None:
    tree = parse_tree(body)
    assert tree.id == scratch.hash_object("tree", body), label
    assert tree.manifest() == body
    canonical = (label, body) in CANONICAL_TREES
    assert (tree.raw_manifest is None) == canonical, label


def test_tree_fields() -> None:
    tree = parse_tree(TREE_CASES[0][1])
    assert tree.entries[0].perms == DIRECTORY_PERMS
    assert tree.entries[0].object_type is ObjectType.DIRECTORY
    assert tree.raw_manifest == TREE_CASES[0][1]
    gitlink = parse_tree(b"160000 m\x00" + _blob_id(1)).entries[0]
    assert gitlink.object_type is ObjectType.REVISION
    symlink = parse_tree(b"120000 l\x00" + _blob_id(1)).entries[0]
    assert (symlink.perms, symlink.object_type) == (SYMLINK_PERMS, ObjectType.CONTENT)
    entries = parse_tree(CANONICAL_TREES[1][1]).entries
    assert [entry.name for entry in entries] == [b"..", b"a/b"]


TREE_HEX = b"4b825dc642cb6eb9a060e54bf8d69288fbee4904"
PARENT_HEX = b"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
AUTHOR = b"author A U Thor <author@example.org> 1112911993 -0000\n"
COMMITTER = b"committer C O Mitter <committer@example.org> 1112911993 +02000\n"
TREE_LINE = b"tree " + TREE_HEX + b"\n"

CANONICAL_COMMITS: list[tuple[str, bytes]] = [
    ("negative utc and malformed offset", TREE_LINE + AUTHOR + COMMITTER + b"\nm\n"),
    ("no message", TREE_LINE + AUTHOR + COMMITTER),
    ("empty message", TREE_LINE + AUTHOR + COMMITTER + b"\n"),
    (
        "non-UTF-8",
        TREE_LINE
        + AUTHOR.replace(b"A U", b"\xe9\xff")
        + COMMITTER
        + b"encoding latin-1\n\n\xe9t\xe9\n",
    ),
    (
        "multi-line header",
        TREE_LINE
        + AUTHOR
        + COMMITTER
        + b"gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n\nm",
    ),
    (
        "unknown headers after committer",
        TREE_LINE + AUTHOR + COMMITTER + b"zzz 1\naaa 2\nauthor again\n\nm",
    ),
    ("negative date", TREE_LINE + AUTHOR.replace(b"1112911993", b"-5") + COMMITTER + b"\n"),
]

NON_CANONICAL_COMMITS: list[tuple[str, bytes]] = [
    ("missing author", TREE_LINE + COMMITTER + b"\nm\n"),
    ("missing committer", TREE_LINE + AUTHOR + b"\nm\n"),
    ("committer first", TREE_LINE + COMMITTER + AUTHOR + b"\nm\n"),
    (
        "parent after author",
        TREE_LINE + AUTHOR + b"parent " + PARENT_HEX + b"\n" + COMMITTER + b"\nm\n",
    ),
    ("leading zero in date", TREE_LINE + AUTHOR.replace(b" 1", b" 01") + COMMITTER + b"\n"),
    ("uppercase hex", b"tree " + TREE_HEX.upper() + b"\n" + AUTHOR + COMMITTER + b"\n"),
    ("no final newline", TREE_LINE + AUTHOR + COMMITTER[:-1]),
    ("header without value", TREE_LINE + AUTHOR + COMMITTER + b"odd\n\n"),
    ("no date at all", TREE_LINE + AUTHOR.replace(b" 1112911993 -0000", b"") + COMMITTER + b"\n"),
]


@requires_git
@pytest.mark.parametrize(("label", "body"), CANONICAL_COMMITS + NON_CANONICAL_COMMITS)
def test_commits_keep_their_git_id(scratch: GitRepo, label: str, body: bytes) -> None:
    commit = parse_commit(body)
    assert commit.id == scratch.hash_object("commit", body), label
    assert commit.manifest() == body
    canonical = (label, body) in CANONICAL_COMMITS
    assert (commit.raw_manifest is None) == canonical, label


def test_commit_fields() -> None:
    commit = parse_commit(CANONICAL_COMMITS[0][1])
    assert commit.directory == bytes.fromhex(TREE_HEX.decode())
    assert commit.author == Person(b"A U Thor <author@example.org>")
    assert commit.author.name == b"A U Thor"
    assert commit.author.email == b"author@example.org"
    assert commit.date == Timestamp(1112911993, b"-0000")
    assert commit.date.offset_minutes() == 0
    assert commit.committer_date.offset_bytes == b"+02000"
    assert commit.committer_date.offset_minutes() is None
    assert commit.message == b"m\n"
    assert parse_commit(CANONICAL_COMMITS[1][1]).message is None
    assert parse_commit(CANONICAL_COMMITS[2][1]).message == b""
    signed = parse_commit(CANONICAL_COMMITS[4][1])
    assert signed.extra_headers == (
        (b"gpgsig", b"-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----"),
    )
    missing = parse_commit(NON_CANONICAL_COMMITS[0][1])
    assert missing.author == Person(b"")
    assert missing.committer.fullname == b"C O Mitter <committer@example.org>"
    misplaced = parse_commit(NON_CANONICAL_COMMITS[3][1])
    assert misplaced.parents == ()
    assert misplaced.extra_headers == ((b"parent", PARENT_HEX),)
    zero = parse_commit(NON_CANONICAL_COMMITS[4][1])
    assert zero.date.seconds == 1112911993
    undated = parse_commit(NON_CANONICAL_COMMITS[8][1])
    assert undated.author.fullname == b"A U Thor <author@example.org>"
    assert undated.date == Timestamp(0, b"+0000")


OBJECT_HEX = PARENT_HEX
TAGGER = b"tagger T A Gger <tagger@example.org> 1112912053 -0200\n"
OBJECT_LINE = b"object " + OBJECT_HEX + b"\n"

CANONICAL_TAGS: list[tuple[str, bytes]] = [
    (kind, OBJECT_LINE + b"type " + kind.encode() + b"\ntag v1\n" + TAGGER + b"\nm\n")
    for kind in ("blob", "tree", "commit", "tag")
] + [
    ("no tagger", OBJECT_LINE + b"type commit\ntag v0.1\n\nold tag\n"),
    ("tagger without date", OBJECT_LINE + b"type commit\ntag v\ntagger Who\n\n"),
    ("no message", OBJECT_LINE + b"type commit\ntag v\n" + TAGGER),
    ("non-UTF-8 name", OBJECT_LINE + b"type commit\ntag \xff\n" + TAGGER + b"\n\xfe"),
    # An unreadable date stays part of the tagger, which git's bytes reproduce exactly.
    (
        "two spaces",
        OBJECT_LINE + b"type commit\ntag v\n" + TAGGER.replace(b" -0200", b"  -0200") + b"\n",
    ),
]

NON_CANONICAL_TAGS: list[tuple[str, bytes]] = [
    ("no tag name", OBJECT_LINE + b"type commit\n" + TAGGER + b"\nm\n"),
    ("tagger before name", OBJECT_LINE + b"type commit\n" + TAGGER + b"tag v\n\n"),
    (
        "leading zero date",
        OBJECT_LINE + b"type commit\ntag v\n" + TAGGER.replace(b" 1", b" 01") + b"\n",
    ),
]


@requires_git
@pytest.mark.parametrize(("label", "body"), CANONICAL_TAGS + NON_CANONICAL_TAGS)
def test_tags_keep_their_git_id(scratch: GitRepo, label: str, body: bytes) -> None:
    tag = parse_tag(body)
    assert tag.id == scratch.hash_object("tag", body), label
    assert tag.manifest() == body
    canonical = (label, body) in CANONICAL_TAGS
    assert (tag.raw_manifest is None) == canonical, label


def test_tag_fields() -> None:
    types = [parse_tag(body).target_type for _, body in CANONICAL_TAGS[:4]]
    assert types == [
        ObjectType.CONTENT,
        ObjectType.DIRECTORY,
        ObjectType.REVISION,
        ObjectType.RELEASE,
    ]
    old = parse_tag(CANONICAL_TAGS[4][1])
    assert (old.name, old.author, old.date, old.message) == (b"v0.1", None, None, b"old tag\n")
    undated = parse_tag(CANONICAL_TAGS[5][1])
    assert (undated.author, undated.date) == (Person(b"Who"), None)
    spaced = parse_tag(CANONICAL_TAGS[8][1])
    assert spaced.author == Person(b"T A Gger <tagger@example.org> 1112912053  -0200")
    assert spaced.date is None
    nameless = parse_tag(NON_CANONICAL_TAGS[0][1])
    assert nameless.name == b""
    assert nameless.date == Timestamp(1112912053, b"-0200")


MALFORMED: list[tuple[bytes, bytes, int, str]] = [
    (b"tree", b"100644 a\x00" + b"\x01" * 19, 9, "truncated"),
    (b"tree", b"100644 a\x00" + b"\x01" * 20 + b"10x644 b\x00" + b"\x01" * 20, 29, "not octal"),
    (b"tree", b" a\x00" + b"\x01" * 20, 0, "not octal"),
    (b"tree", b"100644 a", 7, "NUL"),
    (b"tree", b"100644", 0, "space"),
    (b"commit", b"", 0, "missing tree"),
    (b"commit", b"parent " + PARENT_HEX + b"\n", 0, "expected tree"),
    (b"commit", b"tree " + TREE_HEX[:-1] + b"\n", 0, "40 hex digits"),
    (b"commit", b"tree " + TREE_HEX + b"\nparent " + b"g" * 40 + b"\n", 46, "40 hex digits"),
    (b"commit", b" continued\ntree " + TREE_HEX + b"\n", 0, "continuation"),
    (b"commit", b"\ntree " + TREE_HEX + b"\n", 0, "missing tree"),
    (b"tag", OBJECT_LINE + b"type refs\ntag v\n", 48, "unknown target type"),
    (b"tag", OBJECT_LINE + b"tag v\n", 48, "expected type"),
    (b"tag", b"type commit\n", 0, "expected object"),
    (b"snapshot", b"", 0, "unknown git object type"),
]


@pytest.mark.parametrize(("kind", "body", "offset", "reason"), MALFORMED)
def test_malformed_objects_say_what_and_where(
    kind: bytes, body: bytes, offset: int, reason: str
) -> None:
    with pytest.raises(MalformedObject) as caught:
        parse_object(kind, body)
    assert caught.value.offset == offset
    assert reason in str(caught.value)
    assert f"at byte {offset}" in str(caught.value)


def test_parse_object_dispatch() -> None:
    assert parse_object(b"blob", b"anything at all") is None
    assert isinstance(parse_object(b"tree", b""), Directory)
    assert isinstance(parse_object(b"commit", CANONICAL_COMMITS[0][1]), Revision)
    assert isinstance(parse_object(b"tag", CANONICAL_TAGS[0][1]), Release)


PARSERS = {b"tree": parse_tree, b"commit": parse_commit, b"tag": parse_tag}


def _parses_faithfully_or_refuses(kind: bytes, body: bytes) -> None:
    try:
        parsed = parse_object(kind, body)
    except MalformedObject as error:
        assert 0 <= error.offset <= len(body)
        return
    assert isinstance(parsed, Directory | Revision | Release)
    assert parsed.manifest() == body


@settings(max_examples=300)
@given(kind=st.sampled_from(sorted(PARSERS)), body=st.binary(max_size=200))
@example(kind=b"tree", body=b"0 \x00" + b"\x00" * 20)
@example(kind=b"commit", body=b"tree " + TREE_HEX + b"\n\n")
def test_random_bytes_never_crash(kind: bytes, body: bytes) -> None:
    _parses_faithfully_or_refuses(kind, body)


@st.composite
def mutated(draw: st.DrawFn, bodies: st.SearchStrategy[bytes]) -> bytes:
    """A valid object body with a few bytes replaced, inserted or deleted."""
    body = bytearray(draw(bodies))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(body)))
        op = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.sampled_from([0, 10, 32, 48, 0x2F, 0xFF]) | st.integers(0, 255))
        if op == "insert" or not body:
            body.insert(at, byte)
        elif op == "replace":
            body[min(at, len(body) - 1)] = byte
        else:
            del body[min(at, len(body) - 1)]
    return bytes(body)


@settings(max_examples=300)
@given(
    st.one_of(
        st.tuples(st.just(b"tree"), mutated(strategies.directories().map(Directory.manifest))),
        st.tuples(st.just(b"commit"), mutated(strategies.revisions().map(Revision.manifest))),
        st.tuples(st.just(b"tag"), mutated(strategies.releases().map(Release.manifest))),
    )
)
def test_mutated_objects_parse_faithfully_or_refuse(case: tuple[bytes, bytes]) -> None:
    _parses_faithfully_or_refuses(*case)


@settings(max_examples=200)
@given(strategies.directories())
def test_directory_round_trip(directory: Directory) -> None:
    manifest = directory.manifest()
    parsed = parse_tree(manifest)
    assert parsed.raw_manifest is None
    assert parsed.manifest() == manifest
    assert sorted(parsed.entries, key=repr) == sorted(directory.entries, key=repr)


@settings(max_examples=200)
@given(strategies.revisions())
def test_revision_round_trip(revision: Revision) -> None:
    parsed = parse_commit(revision.manifest())
    assert parsed == revision
    assert parsed.id == revision.id


@settings(max_examples=200)
@given(strategies.releases())
def test_release_round_trip(release: Release) -> None:
    parsed = parse_tag(release.manifest())
    assert parsed.raw_manifest is None
    assert parsed.id == release.id
    if release.date is not None or release.author is None:
        assert parsed == release


@st.composite
def raw_trees(draw: st.DrawFn) -> bytes:
    """Tree bodies as a careless tool may write them: any order, padded modes."""
    entries = draw(st.lists(strategies.directory_entries(), max_size=6))
    lines = []
    for entry in entries:
        mode = b"%o" % entry.perms
        if draw(st.booleans()):
            mode = b"0" + mode
        lines.append(mode + b" " + entry.name + b"\x00" + entry.target)
    return b"".join(lines)


@requires_git
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_trees())
def test_raw_trees_match_git(scratch: GitRepo, body: bytes) -> None:
    tree = parse_tree(body)
    assert tree.id == scratch.hash_object("tree", body)
    assert tree.manifest() == body

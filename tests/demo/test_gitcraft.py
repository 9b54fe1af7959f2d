"""Crafted repositories, checked against the real git binary (the oracle for every claim)."""

from __future__ import annotations

import re
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sankofa.demo import gitcraft, hostile
from sankofa.demo.gitcraft import (
    git_env,
    make_simple_repo,
    make_tricky_repo,
    tree_bytes,
    write_raw_object,
)
from sankofa.demo.hostile import HOSTILE_FACTS, HOSTILE_KINDS, make_hostile_repo

EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def git(
    repo: Path, *args: str | bytes, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``repo`` without raising; tests look at the exit status themselves."""
    return subprocess.run(
        ["git", "-C", repo, *args], input=stdin, capture_output=True, env=git_env(), check=False
    )


def out(repo: Path, *args: str | bytes, stdin: bytes | None = None) -> bytes:
    proc = git(repo, *args, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def refs(repo: Path) -> dict[bytes, bytes]:
    lines = out(repo, "for-each-ref", "--format=%(refname) %(objectname)").splitlines()
    return dict(line.rsplit(b" ", 1) for line in lines)


def reachable(repo: Path) -> set[bytes]:
    return {
        line.split(b" ")[0] for line in out(repo, "rev-list", "--objects", "--all").splitlines()
    }


def mirror(repo: Path, dest: Path) -> subprocess.CompletedProcess[bytes]:
    return git(repo.parent, "clone", "--quiet", "--mirror", f"file://{repo}", str(dest))


def loose_bytes(repo: Path, hex_id: str) -> bytes:
    """An object's data read straight from its loose file, without git."""
    raw = zlib.decompress((repo / "objects" / hex_id[:2] / hex_id[2:]).read_bytes())
    return raw.partition(b"\0")[2]


# --- raw objects ------------------------------------------------------------------------

OBJECT_TYPES = st.sampled_from([b"blob", b"tree", b"commit", b"tag"])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gitcraft.init_repo(tmp_path_factory.mktemp("raw") / "scratch.git")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(object_type=OBJECT_TYPES, data=st.binary(max_size=300))
def test_write_raw_object_is_git_hash_object_literally(
    scratch: Path, object_type: bytes, data: bytes
) -> None:
    hex_id = write_raw_object(scratch, object_type, data)
    expected = out(scratch, "hash-object", "--literally", "-t", object_type, "--stdin", stdin=data)
    assert hex_id == expected.decode().strip()
    assert out(scratch, "cat-file", "-t", hex_id).strip() == object_type
    assert out(scratch, "cat-file", object_type, hex_id) == data


def test_write_raw_object_in_a_sha256_repository(tmp_path: Path) -> None:
    repo = gitcraft.init_repo(tmp_path / "r.git", object_format="sha256")
    hex_id = write_raw_object(repo, b"blob", b"hello\n")
    assert len(hex_id) == 64
    assert hex_id == out(repo, "hash-object", "--stdin", stdin=b"hello\n").decode().strip()
    assert out(repo, "cat-file", "blob", hex_id) == b"hello\n"


def test_write_raw_stream_checks_the_declared_size(scratch: Path) -> None:
    with pytest.raises(ValueError, match="declared size 5"):
        gitcraft.write_raw_stream(scratch, b"blob", 5, [b"abc"], algorithm="sha1")


NAMES = st.binary(min_size=1, max_size=12).filter(lambda n: b"\0" not in n and b"/" not in n)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=st.dictionaries(NAMES, st.booleans(), min_size=1, max_size=8))
def test_tree_bytes_sorts_like_git_mktree(scratch: Path, entries: dict[bytes, bool]) -> None:
    """``git mktree`` sorts entries itself: same bytes, same id as ours."""
    blob, tree = write_raw_object(scratch, b"blob", b"x"), EMPTY_TREE
    ours = [
        (b"40000", n, tree) if is_dir else (b"100644", n, blob) for n, is_dir in entries.items()
    ]
    listing = b"".join(
        b"%s %s %s\t%s\0" % (mode, b"tree" if mode == b"40000" else b"blob", hx.encode(), name)
        for mode, name, hx in reversed(ours)
    )
    made = out(scratch, "mktree", "-z", "--missing", stdin=listing).decode().strip()
    assert write_raw_object(scratch, b"tree", tree_bytes(ours)) == made


def test_set_head_detached_and_symbolic(tmp_path: Path) -> None:
    ids = make_simple_repo(tmp_path / "r.git")
    repo = tmp_path / "r.git"
    gitcraft.set_head(repo, ids["feature"])
    assert out(repo, "rev-parse", "HEAD").decode().strip() == ids["feature"]
    assert git(repo, "symbolic-ref", "-q", "HEAD").returncode != 0
    gitcraft.set_head(repo, "refs/heads/main")
    assert out(repo, "symbolic-ref", "HEAD") == b"refs/heads/main\n"


def test_set_ref_raw_skips_git_checks(tmp_path: Path) -> None:
    repo = gitcraft.init_repo(tmp_path / "r.git")
    missing = "1" * 40
    with pytest.raises(subprocess.CalledProcessError):
        gitcraft.set_ref(repo, "refs/heads/x", missing)
    gitcraft.set_ref(repo, "refs/heads/x", missing, raw=True)
    assert (repo / "refs" / "heads" / "x").read_text() == missing + "\n"


# --- the simple repository --------------------------------------------------------------


def test_simple_repo_is_what_it_says(tmp_path: Path) -> None:
    repo = tmp_path / "simple.git"
    ids = make_simple_repo(repo)
    assert git(repo, "fsck", "--strict", "--no-dangling").stderr == b""
    assert refs(repo) == {
        b"refs/heads/main": ids["commit3"].encode(),
        b"refs/heads/feature": ids["feature"].encode(),
        b"refs/tags/v1.0": ids["tag_annotated"].encode(),
        b"refs/tags/v0.1": ids["commit1"].encode(),
    }
    assert out(repo, "symbolic-ref", "HEAD") == b"refs/heads/main\n"
    assert out(repo, "rev-list", "main").split() == [ids[f"commit{i}"].encode() for i in (3, 2, 1)]
    assert out(repo, "rev-parse", "feature^", "v1.0^{}").split() == [ids["commit2"].encode()] * 2
    assert out(repo, "cat-file", "-t", ids["tag_annotated"]) == b"tag\n"
    assert out(repo, "rev-parse", "main^{tree}").decode().strip() == ids["tree3"]
    listing = out(repo, "ls-tree", "-r", "--name-only", "main").split()
    assert listing == [b"README.md", b"docs/guide.txt", b"src/hello.py"]


@pytest.mark.parametrize("build", [make_simple_repo, make_tricky_repo])
def test_builds_are_deterministic(tmp_path: Path, build: Callable[[Path], dict[str, str]]) -> None:
    first, second = build(tmp_path / "one.git"), build(tmp_path / "two.git")
    assert first == second
    assert refs(tmp_path / "one.git") == refs(tmp_path / "two.git")


def test_simple_repo_in_sha256(tmp_path: Path) -> None:
    ids = make_simple_repo(tmp_path / "r.git", object_format="sha256")
    assert {len(v) for v in ids.values()} == {64}
    assert git(tmp_path / "r.git", "fsck", "--strict").returncode == 0


# --- the tricky repository --------------------------------------------------------------


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    repo = tmp_path_factory.mktemp("tricky") / "tricky.git"
    return repo, make_tricky_repo(repo)


def test_tricky_tree_entries(tricky: tuple[Path, dict[str, str]]) -> None:
    repo, ids = tricky
    entries = {}
    for line in out(repo, "ls-tree", "-z", ids["tree_root"]).split(b"\0")[:-1]:
        meta, name = line.split(b"\t", 1)
        mode, kind, hex_id = meta.split(b" ")
        entries[name] = (mode, kind, hex_id.decode())
    assert entries[b"caf\xe9.txt"][0] == b"100644"
    assert "ünïcødé.txt".encode() in entries
    assert entries[b"run.sh"][0] == b"100755"
    assert entries[b"empty"][2] == EMPTY_BLOB
    for link, target in [
        (b"link-to-run", b"run.sh"),
        (b"loop-a", b"loop-b"),
        (b"loop-b", b"loop-a"),
    ]:
        assert entries[link][0] == b"120000"
        assert out(repo, "cat-file", "blob", entries[link][2]) == target
    mode, kind, gitlink = entries[b"vendor"]
    assert (mode, kind) == (b"160000", b"commit")
    assert git(repo, "cat-file", "-e", gitlink).returncode != 0  # points outside the repo
    assert b"path = vendor" in out(repo, "cat-file", "blob", entries[b".gitmodules"][2])
    names = list(entries)
    at = names.index(b"dir.txt")
    assert names[at : at + 3] == [b"dir.txt", b"dir", b"dir0"]  # "dir" sorts as "dir/"
    assert out(repo, "rev-parse", f"{ids['tree_root']}:dir/empty").decode().strip() == EMPTY_TREE


def test_tricky_commits(tricky: tuple[Path, dict[str, str]]) -> None:
    repo, ids = tricky
    latin1 = out(repo, "cat-file", "commit", ids["commit_latin1"])
    assert b"\nencoding ISO-8859-1\n" in latin1 and b"Caf\xe9 cr\xe8me" in latin1
    shown = out(repo, "show", "-s", "--format=%an|%s", ids["commit_latin1"])  # re-encoded
    assert shown.decode() == "José María|Café crème: première version\n"
    signed = out(repo, "cat-file", "commit", ids["commit_gpgsig"])
    assert b"\nauthor Ada Lovelace <ada@example.org> 1700003600 -0000\n" in signed
    assert b"\ncommitter Charles Babbage <charles@example.org> 1700003600 +1345\n" in signed
    assert b"\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n " in signed
    merge = out(repo, "cat-file", "commit", ids["commit_mergetag"])
    assert b"\nmergetag object " + ids["side1"].encode() + b"\n type commit\n tag v1\n" in merge
    parents = out(repo, "rev-list", "--parents", "-n1", ids["commit_octopus"]).split()[1:]
    assert parents == [ids[k].encode() for k in ("commit_mergetag", "side2", "side3")]
    assert int(out(repo, "cat-file", "-s", ids["commit_long_message"])) > 240_000
    assert out(repo, "rev-parse", "HEAD").decode().strip() == ids["head"]
    assert b"\nauthor " not in out(repo, "cat-file", "commit", ids["commit_no_author"])


def test_tricky_tags_and_refs(tricky: tuple[Path, dict[str, str]]) -> None:
    repo, ids = tricky
    peeled = out(repo, "rev-parse", "tree-tag^{}", "blob-tag^{}", "tag-of-tag^{}", "no-tagger^{}")
    blob = out(repo, "rev-parse", f"{ids['tree_root']}:link-to-run").strip()
    assert peeled.split() == [
        ids["tree_root"].encode(),
        blob,
        ids["side1"].encode(),
        ids["commit_latin1"].encode(),
    ]
    assert b"\ntype tag\n" in out(repo, "cat-file", "tag", ids["tag_of_tag"])
    assert b"\ntagger " not in out(repo, "cat-file", "tag", ids["tag_no_tagger"])
    assert refs(repo)["refs/heads/café".encode()] == ids["commit_latin1"].encode()
    assert out(repo, "symbolic-ref", "refs/heads/dangling") == b"refs/heads/nowhere\n"
    assert git(repo, "rev-parse", "--verify", "-q", "refs/heads/dangling").returncode != 0


def test_tricky_fsck_reports_only_the_documented_oddities(
    tricky: tuple[Path, dict[str, str]],
) -> None:
    repo, ids = tricky
    report = git(repo, "fsck", "--no-dangling").stderr.decode().splitlines()
    pattern = re.compile(r"(warning|error) in (?:tag|commit) (\w+): (\w+): ")
    found = {m.groups() for line in report if (m := pattern.match(line))}
    assert found == {
        ("warning", ids["tag_no_tagger"], "missingTaggerEntry"),
        ("error", ids["commit_no_author"], "missingAuthor"),
    }
    others = [line for line in report if not pattern.match(line)]
    assert others == ["error: refs/heads/dangling: invalid sha1 pointer " + "0" * 40]


def test_tricky_repo_clones_whole(tricky: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    repo, _ = tricky
    assert mirror(repo, tmp_path / "copy.git").returncode == 0
    assert refs(tmp_path / "copy.git") == refs(repo)
    assert reachable(tmp_path / "copy.git") == reachable(repo)


def test_tricky_repo_in_sha256(tmp_path: Path) -> None:
    ids = make_tricky_repo(tmp_path / "r.git", object_format="sha256")
    assert len(ids["head"]) == 64
    report = git(tmp_path / "r.git", "fsck", "--no-dangling").stderr.decode()
    assert sorted(re.findall(r": (\w+):", report)) == ["missingAuthor", "missingTaggerEntry"]


# --- hostile repositories ---------------------------------------------------------------

HOSTILE_SHOWS: dict[str, Callable[[bytes], bool]] = {
    "dotdot_name": lambda raw: b"40000 ..\0" in raw,
    "dotgit_name": lambda raw: b"40000 .git\0" in raw,
    "slash_in_name": lambda raw: b"100644 a/b.txt\0" in raw,
    "absolute_name": lambda raw: b"100644 /tmp/sankofa-escape.txt\0" in raw,
    "nul_in_name": lambda raw: b"100644 evil\0name.txt\0" in raw,
    "duplicate_entries": lambda raw: raw.count(b"100644 same.txt\0") == 2,
    "symlink_loop": lambda raw: raw.count(b"120000 ") == 4,
    "enormous_blob": lambda raw: b"100644 enormous.bin\0" in raw,
    "deep_tree": lambda raw: b"40000 d\0" in raw,
    "wide_tree": lambda raw: b"40000 wide\0" in raw,
    "malformed_commit": lambda raw: raw.startswith(b"parent ") and b"\ntree " not in raw,
    "malformed_tree": lambda raw: len(raw.partition(b" truncated.txt\0")[2]) == 7,  # of 20
    "noncanonical_mode": lambda raw: b"040000 zero-padded\0" in raw,
    "unsorted_tree": lambda raw: raw.index(b" b.txt\0") < raw.index(b" a.txt\0"),
    "bad_timezone": lambda raw: b"> 1700003600 +51800\n" in raw and b" --0700\n" in raw,
}


def test_hostile_kinds_are_the_documented_ones() -> None:
    assert HOSTILE_KINDS == (
        "dotdot_name", "dotgit_name", "slash_in_name", "absolute_name", "nul_in_name",
        "duplicate_entries", "symlink_loop", "enormous_blob", "deep_tree", "wide_tree",
        "malformed_commit", "malformed_tree", "noncanonical_mode", "unsorted_tree",
        "bad_timezone",
    )  # fmt: skip
    table = re.findall(r"^(\w+) +(archive|reject) +(warning|error|clean)\b.*?(transfers|refused)",
                       hostile.__doc__ or "", re.MULTILINE)  # fmt: skip
    documented = {
        kind: (expect, level == "error", moved == "transfers")
        for kind, expect, level, moved in table
    }
    assert documented == {
        kind: (f.expect, f.fsck_fails, f.transfers) for kind, f in HOSTILE_FACTS.items()
    }


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_hostile_repo_against_git(kind: str, tmp_path: Path) -> None:
    repo = tmp_path / f"{kind}.git"
    ids = make_hostile_repo(repo, kind, size=3 * gitcraft.MIB, depth=600, width=20_000)
    facts = HOSTILE_FACTS[kind]
    assert (ids["kind"], ids["expect"], ids["fsck"]) == (kind, facts.expect, facts.fsck)
    assert out(repo, "rev-parse", "refs/heads/main").decode().strip() == ids["head"]
    if kind != "malformed_commit":
        assert out(repo, "rev-parse", "main^").decode().strip() == ids["base"]
    object_type = "commit" if facts.level == "commit" else "tree"
    raw = out(repo, "cat-file", object_type, ids["oddity"])
    assert raw == loose_bytes(repo, ids["oddity"])
    assert HOSTILE_SHOWS[kind](raw)
    fsck = git(repo, "fsck", "--no-dangling")
    assert (fsck.returncode != 0) == facts.fsck_fails
    assert facts.fsck in fsck.stderr.decode()
    assert set(re.findall(rb"[0-9a-f]{40}", fsck.stderr)) <= {ids["oddity"].encode()}
    if not facts.fsck:
        assert fsck.stderr == b""
    copy = mirror(repo, tmp_path / "copy.git")
    assert (copy.returncode == 0) == facts.transfers, copy.stderr
    assert (facts.expect == "reject") == (not facts.transfers)
    if facts.transfers:
        assert out(tmp_path / "copy.git", "cat-file", object_type, ids["oddity"]) == raw


def test_deep_and_wide_trees_have_their_size(tmp_path: Path) -> None:
    deep = make_hostile_repo(tmp_path / "deep.git", "deep_tree", depth=1200)
    files = out(tmp_path / "deep.git", "ls-tree", "-r", "--name-only", deep["head"]).split()
    assert files == [b"README", b"d/" * 1200 + b"bottom.txt"]
    wide = make_hostile_repo(tmp_path / "wide.git", "wide_tree", width=5000)
    listing = out(tmp_path / "wide.git", "ls-tree", "--name-only", f"{wide['head']}:wide")
    assert len(listing.split()) == 5000


def test_default_depth_and_width(tmp_path: Path) -> None:
    ids = make_hostile_repo(tmp_path / "deep.git", "deep_tree")
    path = "d/" * 5000 + "bottom.txt"
    assert out(tmp_path / "deep.git", "cat-file", "-p", f"{ids['head']}:{path}") == b"the bottom\n"
    wide = make_hostile_repo(tmp_path / "wide.git", "wide_tree")
    listing = out(tmp_path / "wide.git", "ls-tree", "--name-only", f"{wide['head']}:wide")
    assert len(listing.split()) == 100_000


@pytest.mark.slow
def test_enormous_blob_default_size(tmp_path: Path) -> None:
    repo = tmp_path / "big.git"
    ids = make_hostile_repo(repo, "enormous_blob")
    size = out(repo, "cat-file", "-s", f"{ids['head']}:enormous.bin")
    assert int(size) == 64 * 1024 * 1024
    assert git(repo, "fsck", "--no-dangling").returncode == 0  # fsck rehashes every object

"""Hostile git repositories, one oddity each, for tests of the archive.

Hostile repositories (:func:`make_hostile_repo`) put one oddity in the tip commit of
``main``, on top of an ordinary root commit. What real git 2.39 makes of each one:

================== ======== ======================================= =====================
kind               expect   ``git fsck`` says                       ``git clone --mirror``
================== ======== ======================================= =====================
dotdot_name        archive  warning hasDotdot                       transfers
dotgit_name        archive  warning hasDotgit                       transfers
slash_in_name      archive  warning fullPathname                    transfers
absolute_name      archive  warning fullPathname                    transfers
nul_in_name        reject   error badTree (too-short tree object)   refused [1]
duplicate_entries  archive  error duplicateEntries                  transfers
symlink_loop       archive  clean                                   transfers
enormous_blob      archive  clean                                   transfers
deep_tree          archive  clean                                   transfers
wide_tree          archive  clean                                   transfers
malformed_commit   reject   error "bogus commit object"             refused [2]
malformed_tree     reject   error badTree (too-short tree object)   refused [1]
noncanonical_mode  archive  warning zeroPaddedFilemode              transfers
unsorted_tree      archive  error treeNotSorted                     transfers
bad_timezone       archive  error badTimezone                       transfers
================== ======== ======================================= =====================

[1] ``git-pack-objects`` dies on the tree, upload-pack reports "aborting due to possible
repository corruption on the remote side". [2] upload-pack cannot parse the tip and answers
"not our ref". Warnings leave ``git fsck``'s exit status 0, errors make it non-zero.

"archive" means every object still parses unambiguously, so an archiver that keeps the
exact bytes stores it and gives back the same ids; "reject" means an object cannot be parsed.
The names are dangerous only when written to a disk: ``git clone`` into a work tree fetches
them, then its checkout refuses ``..``, ``.git`` and ``/tmp/...`` but writes the entry
``a/b.txt`` as file ``b.txt`` in a directory ``a``. git 2.39 fetches the 5000-level tree;
git releases that have ``core.maxTreeDepth`` refuse trees deeper than its value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sankofa.demo.gitcraft import (
    AUTHOR,
    COMMITTER,
    MIB,
    TreeEntry,
    _at,
    _start,
    _Writer,
    commit_bytes,
    ident,
    set_head,
    set_ref,
    tree_bytes,
    write_raw_stream,
)


@dataclass(frozen=True)
class HostileFacts:
    """What real git 2.39 does with one kind of hostile repository (see the module table)."""

    level: str  # "tree": the oddity is the tip commit's tree; "commit": the tip commit itself
    expect: str  # "archive" or "reject"
    fsck: str  # text git fsck prints about the oddity ("" when fsck is clean)
    fsck_fails: bool  # whether git fsck exits non-zero (an error rather than a warning)
    transfers: bool  # whether `git clone --mirror` (upload-pack) succeeds


@dataclass(frozen=True)
class _Hostile:
    """What a hostile builder gets: the writer, the ordinary base commit, the size knobs."""

    w: _Writer
    base_commit: str
    base_entries: tuple[TreeEntry, ...]
    size: int
    depth: int
    width: int

    def root(self, *extra: TreeEntry) -> str:
        return self.w.tree([*self.base_entries, *extra])


_Builder = Callable[["_Hostile"], str]
_HOSTILE: dict[str, tuple[HostileFacts, _Builder]] = {}


def _hostile(
    level: str, expect: str, fsck: str, fsck_fails: bool, transfers: bool
) -> Callable[[_Builder], _Builder]:
    """Register a builder under its name (less the leading underscore) with its facts."""

    def register(build: _Builder) -> _Builder:
        facts = HostileFacts(level, expect, fsck, fsck_fails, transfers)
        _HOSTILE[build.__name__.lstrip("_")] = (facts, build)
        return build

    return register


def _names(h: _Hostile, *names: bytes) -> str:
    return h.root(*[(b"100644", name, h.w.blob(b"written from " + name + b"\n")) for name in names])


@_hostile("tree", "archive", "hasDotdot", False, True)
def _dotdot_name(h: _Hostile) -> str:
    escape = h.w.tree([(b"100644", b"escaped.txt", h.w.blob(b"outside the checkout\n"))])
    return h.root((b"40000", b"..", escape))


@_hostile("tree", "archive", "hasDotgit", False, True)
def _dotgit_name(h: _Hostile) -> str:
    hook = h.w.blob(b"#!/bin/sh\necho pwned\n")
    hooks = h.w.tree([(b"100755", b"post-checkout", hook)])
    dotgit = h.w.tree(
        [(b"100644", b"config", h.w.blob(b"[core]\n\tbare = false\n")), (b"40000", b"hooks", hooks)]
    )
    return h.root((b"40000", b".git", dotgit))


@_hostile("tree", "archive", "fullPathname", False, True)
def _slash_in_name(h: _Hostile) -> str:
    return _names(h, b"a/b.txt")


@_hostile("tree", "archive", "fullPathname", False, True)
def _absolute_name(h: _Hostile) -> str:
    return _names(h, b"/tmp/sankofa-escape.txt")


@_hostile("tree", "reject", "badTree", True, False)
def _nul_in_name(h: _Hostile) -> str:
    good = tree_bytes(h.base_entries)
    entry = b"100644 evil\0name.txt\0" + bytes.fromhex(h.w.blob(b"nul\n"))
    return h.w.put(b"tree", good + entry)


@_hostile("tree", "archive", "duplicateEntries", True, True)
def _duplicate_entries(h: _Hostile) -> str:
    first = (b"100644", b"same.txt", h.w.blob(b"first\n"))
    second = (b"100644", b"same.txt", h.w.blob(b"second\n"))
    return h.root(first, second)


@_hostile("tree", "archive", "", False, True)
def _symlink_loop(h: _Hostile) -> str:
    links = {b"loop-a": b"loop-b", b"loop-b": b"loop-a", b"self": b"self", b"here": b"."}
    return h.root(*[(b"120000", name, h.w.blob(target)) for name, target in links.items()])


@_hostile("tree", "archive", "", False, True)
def _enormous_blob(h: _Hostile) -> str:
    blob = write_raw_stream(h.w.repo, b"blob", h.size, _big_chunks(h.size), algorithm=h.w.algorithm)
    return h.root((b"100644", b"enormous.bin", blob))


def _big_chunks(size: int) -> Iterator[bytes]:
    """``size`` deterministic bytes: numbered text lines, compressible like real data."""
    block = b"".join(b"%07d enormous blob line, deterministic filler\n" % i for i in range(1300))
    sent = 0
    while sent < size:
        piece = (b"block %012d\n" % sent + block)[: size - sent]
        sent += len(piece)
        yield piece


@_hostile("tree", "archive", "", False, True)
def _deep_tree(h: _Hostile) -> str:
    tree = h.w.tree([(b"100644", b"bottom.txt", h.w.blob(b"the bottom\n"))])
    for _ in range(h.depth - 1):
        tree = h.w.tree([(b"40000", b"d", tree)])
    return h.root((b"40000", b"d", tree))


@_hostile("tree", "archive", "", False, True)
def _wide_tree(h: _Hostile) -> str:
    blob = h.w.blob(b"one of many\n")
    wide = h.w.tree([(b"100644", b"f%07d" % i, blob) for i in range(h.width)])
    return h.root((b"40000", b"wide", wide))


@_hostile("commit", "reject", "bogus commit object", True, False)
def _malformed_commit(h: _Hostile) -> str:
    who, parent = ident(*AUTHOR, _at(1)), h.base_commit.encode()
    data = b"parent %s\nauthor %s\ncommitter %s\n\nNo tree line\n" % (parent, who, who)
    return h.w.put(b"commit", data)


@_hostile("tree", "reject", "badTree", True, False)
def _malformed_tree(h: _Hostile) -> str:
    truncated = b"100644 truncated.txt\0" + bytes.fromhex(h.w.blob(b"cut\n"))[:7]
    return h.w.put(b"tree", tree_bytes(h.base_entries) + truncated)


@_hostile("tree", "archive", "zeroPaddedFilemode", False, True)
def _noncanonical_mode(h: _Hostile) -> str:
    sub = h.w.tree([(b"100664", b"group-writable.txt", h.w.blob(b"old git mode\n"))])
    return h.root((b"040000", b"zero-padded", sub))


@_hostile("tree", "archive", "treeNotSorted", True, True)
def _unsorted_tree(h: _Hostile) -> str:
    b_then_a = [(b"100644", name, h.w.blob(name)) for name in (b"b.txt", b"a.txt")]
    return h.w.tree([*h.base_entries, *b_then_a], sort=False)


@_hostile("commit", "archive", "badTimezone", True, True)
def _bad_timezone(h: _Hostile) -> str:
    tree = h.root()
    author = ident(*AUTHOR, _at(1), b"+51800")
    committer = ident(*COMMITTER, _at(1), b"--0700")
    return h.w.put(b"commit", commit_bytes(tree, [h.base_commit], author, committer, b"Odd\n"))


HOSTILE_KINDS: tuple[str, ...] = tuple(_HOSTILE)
"""The kinds :func:`make_hostile_repo` makes, in the order of the module table."""
HOSTILE_FACTS: dict[str, HostileFacts] = {kind: facts for kind, (facts, _) in _HOSTILE.items()}


def make_hostile_repo(
    path: Path,
    kind: str,
    *,
    size: int = 64 * MIB,
    depth: int = 5000,
    width: int = 100_000,
    object_format: str = "sha1",
) -> dict[str, str]:
    """A repository whose ``main`` tip commit carries the oddity ``kind`` (one of HOSTILE_KINDS).

    ``size`` is the enormous blob's length, ``depth`` the number of nested directories of
    the deep tree, ``width`` the number of entries of the wide one. Returns ``head`` (the
    tip), ``base`` (its ordinary parent), ``oddity`` (the odd tree or commit), ``kind``,
    ``expect`` (``archive`` or ``reject``, see the module table) and ``fsck`` (what git
    fsck says about it, "" when nothing). :data:`HOSTILE_FACTS` has the rest.
    """
    facts = HOSTILE_FACTS[kind]
    w = _start(path, object_format)
    base_entries = ((b"100644", b"README", w.blob(b"An ordinary file.\n")),)
    base = w.commit(w.tree(base_entries), [], b"Ordinary root\n", 0)
    h = _Hostile(w, base, base_entries, size, depth, width)
    oddity = _HOSTILE[kind][1](h)
    head = oddity
    if facts.level == "tree":
        head = w.commit(oddity, [base], b"Hostile: " + kind.encode() + b"\n", 1)
    set_ref(w.repo, "refs/heads/main", head, raw=True)
    set_head(w.repo, "refs/heads/main")
    ids = {"head": head, "base": base, "oddity": oddity, "kind": kind}
    return ids | {"expect": facts.expect, "fsck": facts.fsck}

"""Crafted git repositories, ordinary, tricky and hostile, for tests and the demo.

Everything is written either by the real ``git`` binary (run with a fixed identity, fixed
dates and no user or system configuration, so object ids are the same on every machine) or
by :func:`write_raw_object`, which stores any bytes as a loose object exactly as git does
and validates nothing, so that objects git itself would never produce can be made.

Object byte formats used here (hash ``H`` is the repository's algorithm, sha1 or sha256):

* loose object file ``objects/<2 hex>/<rest hex>``: zlib of ``<type> SP <decimal size> NUL
  <data>``; the object id is ``H`` of that uncompressed header + data.
* tree entry: ``<octal mode> SP <name> NUL <raw id>``; git sorts entries by name, a
  directory comparing as ``name + b"/"``.
* commit: ``tree <hex>\\n``, ``parent <hex>\\n`` * n, ``author <ident>\\n``,
  ``committer <ident>\\n``, extra headers, ``\\n``, message; a multi-line header value has
  each continuation line prefixed by one space. ``<ident>`` is ``Name <email> <epoch> <tz>``.
* tag: ``object <hex>\\n``, ``type <type>\\n``, ``tag <name>\\n``, optionally
  ``tagger <ident>\\n``, ``\\n``, message.

Hostile repositories are made by :mod:`sankofa.demo.hostile`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
BASE_DATE = 1_700_000_000
"""Epoch of the first crafted commit (2023-11-14T22:13:20Z); later ones add an hour each."""

AUTHOR = (b"Ada Lovelace", b"ada@example.org")
COMMITTER = (b"Charles Babbage", b"charles@example.org")

TreeEntry = tuple[bytes, bytes, str]
"""``(octal mode, name, hex id)`` of one tree entry, e.g. ``(b"100644", b"README", "e69d...")``."""


# --- running git ----------------------------------------------------------------------


def git_env(date: int = BASE_DATE) -> dict[str, str]:
    """Environment for a reproducible git: fixed identities and dates, no user config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    stamp = f"{date} +0000"
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME=AUTHOR[0].decode(),
        GIT_AUTHOR_EMAIL=AUTHOR[1].decode(),
        GIT_AUTHOR_DATE=stamp,
        GIT_COMMITTER_NAME=COMMITTER[0].decode(),
        GIT_COMMITTER_EMAIL=COMMITTER[1].decode(),
        GIT_COMMITTER_DATE=stamp,
        LC_ALL="C",
    )
    return env


def run_git(
    repo: Path,
    *args: str | bytes,
    stdin: bytes | None = None,
    date: int = BASE_DATE,
    extra_env: Mapping[str, str] | None = None,
) -> bytes:
    """Run ``git -C repo args...`` reproducibly; return its standard output."""
    proc = subprocess.run(
        ["git", "-C", os.fsencode(repo), *args],
        input=stdin,
        capture_output=True,
        env=git_env(date) | dict(extra_env or {}),
        check=False,
    )
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, proc.args, proc.stdout, proc.stderr)
    return proc.stdout


def init_repo(path: Path, *, object_format: str = "sha1") -> Path:
    """Create an empty bare repository whose unborn HEAD is ``refs/heads/main``."""
    path.mkdir(parents=True, exist_ok=True)
    run_git(path, "init", "--quiet", "--bare", "-b", "main", f"--object-format={object_format}")
    return path


def git_dir(repo: Path) -> Path:
    """The git directory of a bare repository or of a work tree."""
    dot_git = repo / ".git"
    return dot_git if dot_git.is_dir() else repo


def object_format(repo: Path) -> str:
    """The repository's hash algorithm as a :mod:`hashlib` name (``sha1`` or ``sha256``)."""
    return _hex(run_git(repo, "rev-parse", "--show-object-format"))


# --- raw objects ------------------------------------------------------------------------


def write_raw_object(
    repo: Path, object_type: bytes, data: bytes, *, algorithm: str | None = None
) -> str:
    """Store ``data`` as a loose object of ``object_type`` without any check; return its id.

    Equivalent to ``git hash-object --literally -w -t <type>``. ``algorithm`` defaults to
    the repository's object format.
    """
    algorithm = algorithm or object_format(repo)
    header = object_type + b" " + str(len(data)).encode() + b"\0"
    hex_id = hashlib.new(algorithm, header + data).hexdigest()
    if (git_dir(repo) / "objects" / hex_id[:2] / hex_id[2:]).exists():
        return hex_id
    return write_raw_stream(repo, object_type, len(data), [data], algorithm=algorithm)


def write_raw_stream(
    repo: Path,
    object_type: bytes,
    size: int,
    chunks: Iterable[bytes],
    *,
    algorithm: str | None = None,
) -> str:
    """Like :func:`write_raw_object` for data given as chunks totalling ``size`` bytes.

    Nothing larger than one chunk is held in memory.
    """
    digest = hashlib.new(algorithm or object_format(repo))
    compressor = zlib.compressobj(1)  # git's default core.looseCompression
    objects = git_dir(repo) / "objects"
    fd, tmp_name = tempfile.mkstemp(prefix="tmp_obj_", dir=objects)
    written = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for piece in _with_header(object_type, size, chunks):
                digest.update(piece)
                out.write(compressor.compress(piece))
                written += len(piece)
            out.write(compressor.flush())
        header_len = len(object_type) + len(str(size)) + 2
        if written - header_len != size:
            raise ValueError(f"declared size {size}, got {written - header_len} bytes")
        hex_id = digest.hexdigest()
        target = objects / hex_id[:2] / hex_id[2:]
        target.parent.mkdir(exist_ok=True)
        os.chmod(tmp_name, 0o444)
        os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return hex_id


def _with_header(object_type: bytes, size: int, chunks: Iterable[bytes]) -> Iterator[bytes]:
    yield object_type + b" " + str(size).encode() + b"\0"
    yield from chunks


def ident(name: bytes, email: bytes, epoch: int, tz: bytes = b"+0000") -> bytes:
    """``Name <email> epoch tz``, the author/committer/tagger value."""
    return b"%s <%s> %d %s" % (name, email, epoch, tz)


def tree_bytes(entries: Iterable[TreeEntry], *, sort: bool = True) -> bytes:
    """Tree object bytes; with ``sort`` entries are ordered as git orders them."""
    items = list(entries)
    if sort:
        items.sort(key=lambda e: e[1] + b"/" if e[0].lstrip(b"0") == b"40000" else e[1])
    return b"".join(mode + b" " + name + b"\0" + bytes.fromhex(hx) for mode, name, hx in items)


def commit_bytes(
    tree: str,
    parents: Sequence[str],
    author: bytes | None,
    committer: bytes | None,
    message: bytes,
    extra_headers: Sequence[tuple[bytes, bytes]] = (),
) -> bytes:
    """Commit object bytes; a ``None`` author or committer line is left out."""
    lines = [b"tree " + tree.encode()] + [b"parent " + p.encode() for p in parents]
    if author is not None:
        lines.append(b"author " + author)
    if committer is not None:
        lines.append(b"committer " + committer)
    lines += [key + b" " + value.replace(b"\n", b"\n ") for key, value in extra_headers]
    return b"\n".join(lines) + b"\n\n" + message


def tag_bytes(
    target: str, target_type: bytes, name: bytes, tagger: bytes | None, message: bytes
) -> bytes:
    """Annotated tag object bytes; a ``None`` tagger line is left out."""
    head = b"object %s\ntype %s\ntag %s\n" % (target.encode(), target_type, name)
    if tagger is not None:
        head += b"tagger " + tagger + b"\n"
    return head + b"\n" + message


def set_ref(repo: Path, name: bytes | str, target_hex: str, *, raw: bool = False) -> None:
    """Point ref ``name`` (e.g. ``refs/heads/main``) at ``target_hex``, not following symrefs.

    With ``raw`` the loose ref file is written directly, so neither the name nor the target
    (which ``git update-ref`` parses) is checked.
    """
    if not raw:
        run_git(repo, "update-ref", "--no-deref", name, target_hex)
        return
    ref_file = git_dir(repo) / os.fsdecode(name)
    ref_file.parent.mkdir(parents=True, exist_ok=True)
    ref_file.write_bytes(target_hex.encode() + b"\n")


def set_symbolic_ref(repo: Path, name: bytes | str, target: bytes | str) -> None:
    """Make ``name`` a symbolic ref to ``target``, which need not exist."""
    run_git(repo, "symbolic-ref", name, target)


def set_head(repo: Path, target: bytes | str) -> None:
    """Point HEAD at a ref name (``refs/heads/x``, symbolic) or at a hex id (detached)."""
    value = os.fsencode(target)
    if value.startswith(b"refs/"):
        set_symbolic_ref(repo, "HEAD", value)
    else:
        (git_dir(repo) / "HEAD").write_bytes(value + b"\n")


# --- an ordinary repository -------------------------------------------------------------


def make_simple_repo(path: Path, *, object_format: str = "sha1") -> dict[str, str]:
    """Three commits on ``main``, a ``feature`` branch, an annotated and a lightweight tag.

    Built with ordinary git commands only. Returns the ids: ``head`` (= ``main`` =
    ``commit3``), ``commit1``, ``commit2``, ``feature``, ``tag_annotated`` (the tag object of
    ``refs/tags/v1.0``, at ``commit2``), ``tag_lightweight`` (``refs/tags/v0.1``, =
    ``commit1``) and ``tree3`` (the tree of ``commit3``).
    """
    repo = init_repo(path, object_format=object_format)
    files = {b"README.md": b"# Hello\n", b"src/hello.py": b'print("hello")\n'}
    c1 = _git_commit(repo, 0, [], files)
    files |= {b"README.md": b"# Hello\n\nSee docs/.\n", b"docs/guide.txt": b"Run src/hello.py.\n"}
    c2 = _git_commit(repo, 1, [c1], files)
    files |= {b"README.md": b"# Hello, world\n", b"src/hello.py": b'print("hello, world")\n'}
    c3 = _git_commit(repo, 2, [c2], files)
    feature = _git_commit(repo, 3, [c2], {b"README.md": b"# Feature\n"})
    set_ref(repo, "refs/heads/main", c3)
    run_git(repo, "branch", "feature", feature)
    run_git(repo, "tag", "-a", "-m", "Version 1.0\n", "v1.0", c2, date=_at(4))
    run_git(repo, "tag", "v0.1", c1)
    set_head(repo, "refs/heads/main")
    tag = _hex(run_git(repo, "rev-parse", "refs/tags/v1.0"))
    tree3 = _hex(run_git(repo, "rev-parse", f"{c3}^{{tree}}"))
    ids = {"head": c3, "main": c3, "commit1": c1, "commit2": c2, "commit3": c3, "tree3": tree3}
    return ids | {"feature": feature, "tag_annotated": tag, "tag_lightweight": c1}


def _git_commit(repo: Path, hour: int, parents: list[str], files: Mapping[bytes, bytes]) -> str:
    """Commit ``files`` (path -> content) with git plumbing, dated ``hour`` hours after base."""
    index = {"GIT_INDEX_FILE": str(git_dir(repo).resolve() / "sankofa-craft-index")}
    Path(index["GIT_INDEX_FILE"]).unlink(missing_ok=True)
    for name, content in sorted(files.items()):
        blob = _hex(run_git(repo, "hash-object", "-w", "--stdin", stdin=content))
        run_git(repo, "update-index", "--add", "--cacheinfo", "100644", blob, name, extra_env=index)
    tree = _hex(run_git(repo, "write-tree", extra_env=index))
    Path(index["GIT_INDEX_FILE"]).unlink()
    parent_args = [arg for p in parents for arg in ("-p", p)]
    message = f"Commit number {hour + 1}\n".encode()
    return _hex(run_git(repo, "commit-tree", tree, *parent_args, stdin=message, date=_at(hour)))


def _hex(output: bytes) -> str:
    return output.decode().strip()


# --- raw building blocks ----------------------------------------------------------------


@dataclass(frozen=True)
class _Writer:
    """Raw object writer bound to one repository and hash algorithm."""

    repo: Path
    algorithm: str

    def put(self, object_type: bytes, data: bytes) -> str:
        return write_raw_object(self.repo, object_type, data, algorithm=self.algorithm)

    def blob(self, data: bytes) -> str:
        return self.put(b"blob", data)

    def tree(self, entries: Iterable[TreeEntry], *, sort: bool = True) -> str:
        return self.put(b"tree", tree_bytes(entries, sort=sort))

    def commit(self, tree: str, parents: Sequence[str], message: bytes, hour: int) -> str:
        """An ordinary commit by AUTHOR and COMMITTER, ``hour`` hours after BASE_DATE."""
        when = _at(hour)
        data = commit_bytes(tree, parents, ident(*AUTHOR, when), ident(*COMMITTER, when), message)
        return self.put(b"commit", data)

    def tag(self, target: str, target_type: bytes, name: bytes, tagger: bool = True) -> str:
        """An annotated tag object (tagged 10 hours after BASE_DATE) named ``name``."""
        who = ident(*COMMITTER, _at(10)) if tagger else None
        message = b"Tag " + name + b" on a " + target_type + b"\n"
        return self.put(b"tag", tag_bytes(target, target_type, name, who, message))

    def arbitrary_id(self, seed: bytes) -> str:
        """A well-formed id that names no object of the repository."""
        return hashlib.new(self.algorithm, seed).hexdigest()


def _at(hour: int) -> int:
    return BASE_DATE + hour * 3600


def _start(path: Path, object_format: str) -> _Writer:
    return _Writer(init_repo(path, object_format=object_format), object_format)


# --- a tricky but valid repository ------------------------------------------------------

_FAKE_SIGNATURE = (
    b"-----BEGIN PGP SIGNATURE-----\n\n"
    b"iQEzBAABCAAdFiEEc2Fua29mYSBjcmFmdGVkIHNpZ25hdHVyZQAKCRBzYW5rb2Zh\n"
    b"=abcd\n-----END PGP SIGNATURE-----"
)


def _tricky_tree(w: _Writer) -> str:
    nested = [(b"100644", b"nested.txt", w.blob(b"nested\n")), (b"40000", b"empty", w.tree([]))]
    gitmodules = b'[submodule "vendor"]\n\tpath = vendor\n\turl = https://example.org/vendor.git\n'
    entries = [
        (b"100644", b"caf\xe9.txt", w.blob(b"A latin-1 file name.\n")),
        (b"100644", "ünïcødé.txt".encode(), w.blob(b"A UTF-8 file name.\n")),
        (b"100755", b"run.sh", w.blob(b"#!/bin/sh\necho run\n")),
        (b"120000", b"link-to-run", w.blob(b"run.sh")),
        (b"120000", b"loop-a", w.blob(b"loop-b")),
        (b"120000", b"loop-b", w.blob(b"loop-a")),
        (b"160000", b"vendor", w.arbitrary_id(b"sankofa vendored submodule")),
        (b"100644", b".gitmodules", w.blob(gitmodules)),
        (b"100644", b"empty", w.blob(b"")),
        (b"100644", b"dir.txt", w.blob(b"sorts before dir/\n")),
        (b"40000", b"dir", w.tree(nested)),
        (b"100644", b"dir0", w.blob(b"sorts after dir/\n")),
    ]
    return w.tree(entries)


def make_tricky_repo(path: Path, *, object_format: str = "sha1") -> dict[str, str]:
    """Strange but parseable git: everything a loader must keep byte for byte.

    Returns the hex ids named in double backquotes here. ``main``: ``commit_latin1``
    (root; latin-1 author and message with an ``encoding ISO-8859-1`` header; tree
    ``tree_root`` holds latin-1 and UTF-8 names, an executable, symlinks including a loop,
    a gitlink to a missing commit, an empty blob, an empty directory and names sorting
    around ``dir/``) <- ``commit_gpgsig`` (multi-line ``gpgsig`` header, author zone
    ``-0000``, committer zone ``+1345``) <- ``commit_mergetag`` (merges ``side1``, tagged
    by ``tag_v1``, with a ``mergetag`` header) <- ``commit_octopus`` (three parents) <-
    ``commit_long_message`` (a 250 KB message; also ``head``). Also: ``refs/heads/no-author``
    -> ``commit_no_author`` (no author line, git fsck error ``missingAuthor``),
    ``refs/heads/café`` (UTF-8) -> ``commit_latin1``, ``refs/heads/dangling`` symbolic to
    the missing ``refs/heads/nowhere`` (git fsck: "invalid sha1 pointer"; upload-pack does
    not advertise it), annotated tags on a tree (``tag_tree``), a blob (``tag_blob``), a
    tag (``tag_of_tag``) and one without tagger (``tag_no_tagger``, git fsck warning
    ``missingTaggerEntry``), ``refs/heads/side`` -> ``side3`` and ``refs/tags/v1``. These
    three are all git fsck reports; ``git clone --mirror`` copies every ref but the dangling.
    """
    w = _start(path, object_format)
    ids = {"tree_root": _tricky_tree(w)}
    jose = ident(b"Jos\xe9 Mar\xeda", b"jose@example.org", BASE_DATE)
    message = b"Caf\xe9 cr\xe8me: premi\xe8re version\n"
    encoding = [(b"encoding", b"ISO-8859-1")]
    latin1 = commit_bytes(
        ids["tree_root"], [], jose, ident(*COMMITTER, BASE_DATE), message, encoding
    )
    ids["commit_latin1"] = c1 = w.put(b"commit", latin1)
    signed = w.tree([(b"100644", b"signed.txt", w.blob(b"signed\n"))])
    zones = ident(*AUTHOR, _at(1), b"-0000"), ident(*COMMITTER, _at(1), b"+1345")
    gpgsig = commit_bytes(signed, [c1], *zones, b"Signed\n", [(b"gpgsig", _FAKE_SIGNATURE)])
    ids["commit_gpgsig"] = w.put(b"commit", gpgsig)
    for i in (1, 2, 3):
        tree = w.tree([(b"100644", b"side.txt", w.blob(b"side %d\n" % i))])
        ids[f"side{i}"] = w.commit(tree, [c1], b"Side %d\n" % i, 1 + i)
    tag_v1 = tag_bytes(ids["side1"], b"commit", b"v1", ident(*COMMITTER, _at(5)), b"Version 1\n")
    ids["tag_v1"] = w.put(b"tag", tag_v1)
    merged = [ids["commit_gpgsig"], ids["side1"]]
    who = ident(*AUTHOR, _at(5)), ident(*COMMITTER, _at(5))
    merge = commit_bytes(signed, merged, *who, b"Merge v1\n", [(b"mergetag", tag_v1[:-1])])
    ids["commit_mergetag"] = w.put(b"commit", merge)
    octopus_parents = [ids["commit_mergetag"], ids["side2"], ids["side3"]]
    ids["commit_octopus"] = w.commit(signed, octopus_parents, b"Octopus\n", 6)
    long_message = b"".join(b"Line %05d of a very long commit message.\n" % i for i in range(6000))
    head = w.commit(signed, [ids["commit_octopus"]], b"Long\n\n" + long_message, 7)
    ids |= {"head": head, "main": head, "commit_long_message": head}
    no_author = commit_bytes(ids["tree_root"], [c1], None, ident(*COMMITTER, _at(8)), b"Anon\n")
    ids["commit_no_author"] = w.put(b"commit", no_author)
    ids["tag_tree"] = w.tag(ids["tree_root"], b"tree", b"tree-tag")
    ids["tag_blob"] = w.tag(w.blob(b"run.sh"), b"blob", b"blob-tag")
    ids["tag_of_tag"] = w.tag(ids["tag_v1"], b"tag", b"tag-of-tag")
    ids["tag_no_tagger"] = w.tag(c1, b"commit", b"no-tagger", tagger=False)
    _tricky_refs(w.repo, ids)
    return ids


_TRICKY_REFS = {
    "main": "head",
    "no-author": "commit_no_author",
    "side": "side3",
    "café": "commit_latin1",
    "v1": "tag_v1",
    "tree-tag": "tag_tree",
    "blob-tag": "tag_blob",
    "tag-of-tag": "tag_of_tag",
    "no-tagger": "tag_no_tagger",
}


def _tricky_refs(repo: Path, ids: Mapping[str, str]) -> None:
    for name, key in _TRICKY_REFS.items():
        kind = "tags" if key.startswith("tag") else "heads"
        set_ref(repo, f"refs/{kind}/{name}".encode(), ids[key])
    set_symbolic_ref(repo, "refs/heads/dangling", "refs/heads/nowhere")
    set_head(repo, "refs/heads/main")

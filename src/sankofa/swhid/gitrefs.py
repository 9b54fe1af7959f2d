"""Snapshots of local git repositories, read the way `swh identify --type snapshot` reads them.

The refs come straight from the repository's files (loose refs, then
``packed-refs``; per-work-tree refs from the work tree's git directory),
``HEAD`` included; symbolic refs become aliases. The type of each target is
asked of ``git cat-file --batch-check`` (the only subprocess).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterable

from sankofa.swhid.model import GIT_BRANCH_TARGETS, BranchTargetType, Snapshot, SnapshotBranch

__all__ = [
    "GitRepositoryError",
    "git_snapshot",
    "read_packed_refs",
    "read_refs",
    "valid_ref_name",
]


class GitRepositoryError(Exception):
    """A path is not a git repository, or its references cannot be read."""


_SYMREF = b"ref: "
_PER_WORKTREE = (b"refs/bisect/", b"refs/worktree/", b"refs/rewritten/")
_BAD_REF_NAME = re.compile(rb"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|/\.|\.lock(?:/|$)|[/.]$|^[/.]")
_HEX_ID = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def valid_ref_name(name: bytes) -> bool:
    """Whether ``name`` obeys ``git check-ref-format``: no ASCII control character, space,
    ``~ ^ : ? * [ \\``, ``..``, ``@{``, ``//``; no component starting with ``.`` or ending
    with ``.lock``; not ending with ``/`` or ``.``; not ``@``; at least two components."""
    return b"/" in name and name != b"@" and _BAD_REF_NAME.search(name) is None


def _git_dirs(path: bytes) -> tuple[bytes, bytes]:
    """Return the git directory and the common directory of the repository at ``path``.

    ``path`` is a work tree whose ``.git`` is a directory holding ``objects``, or a
    ``.git`` file ``gitdir: <dir>`` (a linked work tree or a submodule), or else a bare
    repository holding ``objects`` and ``refs``. The common directory is named by the
    file ``commondir`` of the git directory, if any.
    """
    dot_git = os.path.join(path, b".git")
    if os.path.isfile(dot_git):
        with open(dot_git, "rb") as file:
            line = file.readline().rstrip(b"\r\n")
        if not line.startswith(b"gitdir: "):
            raise GitRepositoryError(f"{os.fsdecode(dot_git)}: not a gitdir file")
        git_dir = os.path.join(path, line[len(b"gitdir: ") :])
    elif os.path.isdir(os.path.join(dot_git, b"objects")):
        git_dir = dot_git
    elif os.path.isdir(os.path.join(path, b"objects")) and os.path.isdir(
        os.path.join(path, b"refs")
    ):
        git_dir = path
    else:
        raise GitRepositoryError(f"{os.fsdecode(path)}: not a git repository")
    try:
        with open(os.path.join(git_dir, b"commondir"), "rb") as file:
            common = os.path.join(git_dir, file.readline().rstrip(b"\r\n"))
    except FileNotFoundError:
        common = git_dir
    return git_dir, common


def _loose_refs(base: bytes, keep: Callable[[bytes], bool]) -> dict[bytes, bytes]:
    """Read the loose refs under ``base/refs`` whose name ``keep`` accepts.

    The value of a ref is the first line of its file without the line ending; empty
    or unreadable files are left out.
    """
    refs = {}
    prefix = len(base) + 1
    for root, _dirs, files in os.walk(os.path.join(base, b"refs")):
        for filename in files:
            file_path = os.path.join(root, filename)
            name = file_path[prefix:].replace(os.sep.encode(), b"/")
            if not (keep(name) and valid_ref_name(name)):
                continue
            try:
                with open(file_path, "rb") as file:
                    value = file.readline().rstrip(b"\r\n")
            except OSError:
                continue
            if value:
                refs[name] = value
    return refs


def _packed_refs(common: bytes) -> dict[bytes, bytes]:
    return read_packed_refs(os.path.join(common, b"packed-refs"))


def read_packed_refs(path: bytes) -> dict[bytes, bytes]:
    """Read a ``packed-refs`` file: lines ``<hex id> SP <name>``; ``#`` comments and ``^``
    peeled ids are skipped; a missing file has no refs."""
    refs: dict[bytes, bytes] = {}
    try:
        with open(path, "rb") as file:
            lines = file.read().splitlines()
    except FileNotFoundError:
        return refs
    for line in lines:
        if line.startswith((b"#", b"^")) or not line:
            continue
        hex_id, _, name = line.partition(b" ")
        if not (_HEX_ID.fullmatch(hex_id) and valid_ref_name(name)):
            raise GitRepositoryError(f"malformed packed-refs line {line!r}")
        refs[name] = hex_id
    return refs


def read_refs(path: bytes) -> tuple[bytes, dict[bytes, bytes]]:
    """Return the git directory of the repository at ``path`` and its refs, unresolved.

    The refs are ``HEAD`` (if present), the loose refs (files under ``refs/``, the
    per-work-tree ones ``refs/bisect/``, ``refs/worktree/`` and ``refs/rewritten/``
    read from the git directory, the others from the common directory) and the packed
    refs; a loose ref hides a packed one of the same name. A value is either a hex
    object id or ``ref: <name>`` for a symbolic ref.
    """
    git_dir, common = _git_dirs(path)
    refs = _packed_refs(common)
    if git_dir == common:
        refs.update(_loose_refs(common, lambda name: True))
    else:
        refs.update(_loose_refs(common, lambda name: not name.startswith(_PER_WORKTREE)))
        refs.update(_loose_refs(git_dir, lambda name: name.startswith(_PER_WORKTREE)))
    try:
        with open(os.path.join(git_dir, b"HEAD"), "rb") as file:
            head = file.readline().rstrip(b"\r\n")
    except FileNotFoundError:
        head = b""
    if head:
        refs[b"HEAD"] = head
    return git_dir, refs


def _object_types(git_dir: bytes, hex_ids: Iterable[bytes]) -> dict[bytes, tuple[bytes, int]]:
    """Ask ``git cat-file --batch-check`` the type and size of each object.

    ``GIT_*`` variables are removed from git's environment (``GIT_OBJECT_DIRECTORY``
    and the like would point it at other objects).
    """

    request = b"".join(hex_id + b"\n" for hex_id in hex_ids)
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    try:
        done = subprocess.run(
            ["git", b"--git-dir=" + git_dir, "cat-file", "--batch-check"],
            input=request,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise GitRepositoryError("the git command is needed to read a repository") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise GitRepositoryError(message[0] if message else "git cat-file failed")
    types = {}
    for line in done.stdout.splitlines():
        fields = line.split(b" ")
        if len(fields) == 3:
            types[fields[0]] = (fields[1], int(fields[2]))
    return types


def git_snapshot(path: bytes) -> Snapshot:
    """Return the snapshot of all the refs of the git repository at ``path``.

    Every ref of :func:`read_refs` is a branch of the same name. A symbolic ref is an
    alias to the ref it names, even if that one does not exist. Any other ref targets
    its object, typed by git: blob, tree, commit and tag give content, directory,
    revision and release. For compatibility with ``swh identify``, a ref to the *empty*
    tree gives a dangling branch. Needs the ``git`` command (to read object types);
    raises :class:`GitRepositoryError` if a ref is malformed or its object is missing.
    """
    git_dir, refs = read_refs(path)
    branches: dict[bytes, SnapshotBranch | None] = {}
    direct: dict[bytes, bytes] = {}
    for name, value in refs.items():
        if value.startswith(_SYMREF):
            branches[name] = SnapshotBranch(value[len(_SYMREF) :], BranchTargetType.ALIAS)
        elif _HEX_ID.fullmatch(value):
            direct[name] = value
        else:
            raise GitRepositoryError(f"ref {os.fsdecode(name)}: malformed value {value!r}")
    types = _object_types(git_dir, sorted(set(direct.values()))) if direct else {}
    for name, hex_id in direct.items():
        if hex_id not in types or types[hex_id][0] not in GIT_BRANCH_TARGETS:
            raise GitRepositoryError(f"ref {os.fsdecode(name)}: object {hex_id.decode()} missing")
        git_type, size = types[hex_id]
        target_type = GIT_BRANCH_TARGETS[git_type]
        empty_tree = target_type is BranchTargetType.DIRECTORY and size == 0
        target = SnapshotBranch(bytes.fromhex(hex_id.decode()), target_type)
        branches[name] = None if empty_tree else target
    return Snapshot.from_dict(branches)

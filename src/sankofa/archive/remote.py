"""Where a visit's objects come from: listing an origin's refs, and copying a local one's packs.

Remote origins (git://, http(s)://) are listed with `git ls-remote` and
fetched with git's negotiation. A local repository is read directly: its
refs (including an unborn HEAD) from the repository itself, and, when none of
its heads is archived yet, its packs are copied and re-indexed with
`git index-pack`, which recomputes every object id from the bytes — the
same verification a fetch performs, without making the source re-pack its
history. Loose objects are packed first by the source's own git.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sankofa.archive import gitcmd

REMOTE_SCHEMES = ("git", "http", "https")
HEX = frozenset(b"0123456789abcdef")


class LoaderError(Exception):
    """The origin could not be loaded; the message says why, in one line."""


@dataclass(frozen=True)
class RemoteRefs:
    refs: dict[bytes, bytes]
    head_symref: bytes | None
    head: bytes | None


def normalize_origin(text: str) -> tuple[str, str]:
    """(origin URL as recorded, URL given to git). Local paths become file:// URLs."""
    if not text or text.startswith("-") or "\n" in text or "\0" in text:
        raise LoaderError(f"not a git origin: {text!r}")
    parts = urlsplit(text)
    if parts.scheme in REMOTE_SCHEMES:
        if not parts.netloc:
            raise LoaderError(f"{text}: URL has no host")
        return text, text
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
    elif "://" in text or "::" in text:
        raise LoaderError(f"{text}: unsupported scheme (use a path, file://, git://, http(s)://)")
    else:
        path = Path(text)
    path = path.resolve()
    if not path.exists():
        raise LoaderError(f"{text}: no such repository")
    url = path.as_uri()
    return url, url


def local_git_dir(url: str) -> Path | None:
    """The git directory of a file:// origin, or None if git must be asked over its transport."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    for candidate in (path / ".git", path):
        if (candidate / "objects" / "pack").is_dir() and (candidate / "HEAD").is_file():
            if (candidate / "objects" / "info" / "alternates").exists():
                return None  # objects elsewhere: let git's transport gather them
            return candidate
    return None


def list_refs(url: str) -> RemoteRefs:
    git_dir = local_git_dir(url)
    return ls_remote(url) if git_dir is None else local_refs(git_dir)


def ls_remote(url: str) -> RemoteRefs:
    try:
        out = gitcmd.run(None, ["ls-remote", "--symref", url]).stdout
    except gitcmd.GitError as exc:
        raise LoaderError(f"{url}: {exc}") from exc
    refs: dict[bytes, bytes] = {}
    head_symref: bytes | None = None
    head: bytes | None = None
    for line in out.splitlines():
        value, _, name = line.partition(b"\t")
        if value.startswith(b"ref: "):
            if name == b"HEAD":
                head_symref = value[5:]
        elif name == b"HEAD":
            head = bytes.fromhex(value.decode())
        elif not name.endswith(b"^{}"):
            refs[name] = bytes.fromhex(value.decode())
    return RemoteRefs(refs, head_symref, head)


def local_refs(git_dir: Path) -> RemoteRefs:
    """Every ref of a local repository, and HEAD (symbolic, even unborn, or detached)."""
    try:
        out = gitcmd.run(git_dir, ["for-each-ref", "--format=%(objectname) %(refname)"]).stdout
    except gitcmd.GitError as exc:
        raise LoaderError(f"{git_dir}: {exc}") from exc
    refs = {}
    for line in out.splitlines():
        oid, _, name = line.partition(b" ")
        refs[name] = bytes.fromhex(oid.decode())
    sym = gitcmd.run(git_dir, ["symbolic-ref", "-q", "HEAD"], check=False)
    if sym.returncode == 0:
        return RemoteRefs(refs, sym.stdout.strip(), None)
    head = gitcmd.run(git_dir, ["rev-parse", "-q", "--verify", "HEAD"], check=False)
    oid = head.stdout.strip()
    return RemoteRefs(refs, None, bytes.fromhex(oid.decode()) if head.returncode == 0 else None)


def copy_local_objects(git_dir: Path, repo: Path) -> None:
    """Give the quarantine `repo` every object of `git_dir`, each id recomputed by index-pack."""
    pack_dir = repo / "objects" / "pack"
    loose = loose_objects(git_dir)
    if loose:
        listing = b"".join(o + b"\n" for o in loose)
        args = ["pack-objects", "--quiet", str(pack_dir / "loose")]
        gitcmd.run(git_dir, args, input=listing, guarded=True)
    for n, src in enumerate(sorted((git_dir / "objects" / "pack").glob("pack-*.pack"))):
        dst = pack_dir / f"copy-{n}.pack"
        shutil.copyfile(src, dst)
        try:
            gitcmd.run(repo, ["index-pack", "--threads=2", str(dst)], guarded=True)
        except gitcmd.GitError as exc:
            raise LoaderError(f"{src}: {exc}") from exc
    for n, idx in enumerate(sorted(pack_dir.glob("loose-*.idx"))):
        idx.with_suffix(".pack").rename(pack_dir / f"copy-loose{n}.pack")
        idx.rename(pack_dir / f"copy-loose{n}.idx")


def loose_objects(git_dir: Path) -> list[bytes]:
    found: list[bytes] = []
    objects = git_dir / "objects"
    for sub in os.scandir(objects):
        name = sub.name.encode()
        if len(name) == 2 and set(name) <= HEX and sub.is_dir():
            found.extend(
                name + f.encode()
                for f in os.listdir(sub.path)
                if len(f) == 38 and set(f.encode()) <= HEX
            )
    return found

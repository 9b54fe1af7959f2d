"""Identifiers of files, directory trees and git repositories found on disk.

This module reads the file system (and nothing else of the project's); it computes the
object ids of SWHIDs ``swh:1:cnt:``, ``swh:1:dir:`` and ``swh:1:snp:``, normalising a
file system tree into the Software Heritage (git) model as follows.

Contents
    The id of a content is the git blob id of its bytes:
    ``H(b"blob " + <decimal length> + b"\\0" + bytes)`` with ``H`` the hash algorithm
    (SHA-1 for SWHID v1).

Directory entries
    Each entry of a directory (typed and moded by ``lstat``, or ``fstat`` once opened
    for a regular file; no symbolic link is ever followed) becomes one git tree entry
    named with the raw bytes of its file name (names not in UTF-8 are kept as they are):

    * a directory: perms ``040000``, target the id of the subdirectory, computed the
      same way; empty directories are kept (their tree manifest is empty);
    * a symbolic link: perms ``120000``, target the id of the content made of the link's
      target path as returned by ``readlink`` (the link is never followed);
    * a regular file: perms ``100755`` if any of its three execute bits (user, group,
      other: ``mode & 0o111``) is set, else ``100644``; target the id of its bytes;
    * anything else (fifo, socket, character or block device): an *empty* content,
      with perms ``100755`` or ``100644`` by the same execute bit rule.

    The directory id is the git tree id of these entries (see
    :func:`sankofa.swhid.manifests.directory_manifest`).

Exclusion patterns
    A pattern is a shell glob (``*``, ``?``, ``[...]``, ``[!...]``, as in
    :func:`fnmatch.translate`; ``*`` also matches ``/``), matched case-sensitively
    against the *whole* path of an entry relative to the identified directory, its
    components joined by ``/`` (for example ``src/.git``). Any entry (file, link or
    directory, with all its contents) whose relative path matches one pattern is left
    out of its directory; the top directory itself is never excluded. An absolute
    pattern is first made relative to the top directory (both made absolute and
    normalised lexically). So ``.git`` excludes only the top-level ``.git``, while
    ``*.git`` excludes nested ones too.

    For compatibility with ``swh identify``, a *directory* (not a file) is also left
    out when a pattern matches ``relpath(b"/" + <relative path>, <absolute path of the
    top directory>)``: its relative path behind one ``../`` per component of the top
    directory's absolute path (fewer if their first components coincide). That is
    why ``*/.git`` excludes the top-level ``.git`` directory as well.

Reading files
    A regular file is read to its end. A file larger than :data:`SMALL_FILE_SIZE` is
    streamed, its header written from the size ``fstat`` gave: if the bytes read do
    not add up to that size, :class:`FileChangedError` is raised rather than an id of
    inconsistent data returned. Errors name the file (``OSError.filename``).

Top-level files
    A file given on its own is identified by its content only: a regular file by its
    bytes, a symbolic link (when not followed) by its target path, and any other
    kind of file, including a directory, by the empty content.

Snapshots of git repositories: see :mod:`sankofa.swhid.gitrefs`.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import threading
from collections import deque
from collections.abc import Iterable

from sankofa.swhid.hashing import git_object_header, git_object_id
from sankofa.swhid.manifests import directory_manifest
from sankofa.swhid.model import (
    CONTENT_PERMS,
    DIRECTORY_PERMS,
    EXECUTABLE_PERMS,
    SYMLINK_PERMS,
    DirectoryEntry,
)

__all__ = [
    "FileChangedError",
    "content_id",
    "default_workers",
    "directory_id",
    "entry_perms",
    "file_id",
]

SMALL_FILE_SIZE = 1 << 20
"""Files up to this size are read in one piece; larger ones are streamed."""
CHUNK_SIZE = 1 << 18
"""Size of the buffer, reused for every file of a thread, into which large files are read."""

_EMPTY = b""
# Hash in forked processes where possible (see _ForkHasher); threads otherwise.
FORK_HASHING = hasattr(os, "fork")
# Non-blocking: should a fifo replace a file between lstat and open, do not wait on it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class FileChangedError(OSError):
    """A file changed (size or type) while it was being read: it has no well-defined id."""

    def __init__(self, path: bytes) -> None:
        super().__init__(errno.EIO, "file changed while it was being read", path)


def entry_perms(mode: int) -> int:
    """Return the git perms of a directory entry of ``st_mode`` ``mode`` (see module doc)."""
    if stat.S_ISLNK(mode):
        return SYMLINK_PERMS
    if stat.S_ISDIR(mode):
        return DIRECTORY_PERMS
    return EXECUTABLE_PERMS if mode & 0o111 else CONTENT_PERMS


def content_id(data: bytes, algorithm: str = "sha1") -> bytes:
    """Return the raw id of the content ``data``: its git blob id under ``algorithm``."""
    return git_object_id(b"blob", data, algorithm)


def _read_all(fd: int, size: int) -> bytes:
    """Read ``fd`` to its end: one ``read`` if it returns the ``size`` that ``fstat`` gave
    (having asked for one byte more), more if the file changed since."""
    first = os.read(fd, size + 1)
    if len(first) == size:
        return first
    chunks = [first]
    while chunk := os.read(fd, CHUNK_SIZE):
        chunks.append(chunk)
    return _EMPTY.join(chunks)


def _stream_id(fd: int, path: bytes, size: int, algorithm: str, buffer: bytearray) -> bytes:
    """Hash a large file announced as ``size`` bytes, reading it into ``buffer``."""
    hasher = hashlib.new(algorithm, git_object_header(b"blob", size))
    view = memoryview(buffer)
    total = 0
    with os.fdopen(fd, "rb", buffering=0, closefd=False) as stream:
        while count := stream.readinto(view):
            hasher.update(view[:count])
            total += count
            if total > size:
                raise FileChangedError(path)
    if total != size:
        raise FileChangedError(path)
    return hasher.digest()


def _open_regular(path: bytes, follow: bool = False) -> tuple[int, os.stat_result]:
    """Open the regular file ``path``; return its descriptor and ``fstat``.

    Raises :class:`FileChangedError` if ``path`` is no longer a regular file.
    """
    fd = os.open(path, _OPEN_FLAGS if follow else _OPEN_FLAGS | _NOFOLLOW)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileChangedError(path)
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def _fd_id(fd: int, path: bytes, size: int, algorithm: str, buffer: bytearray) -> bytes:
    """Return the content id of the open regular file ``fd`` (``path``), of ``size`` bytes."""
    try:
        if size <= SMALL_FILE_SIZE:
            return content_id(_read_all(fd, size), algorithm)
        return _stream_id(fd, path, size, algorithm, buffer)
    except OSError as exc:
        if exc.filename is None:  # errors of os.read do not name the file
            exc.filename = path
        raise


def file_id(path: bytes, *, follow_symlinks: bool = True, algorithm: str = "sha1") -> bytes:
    """Return the raw content id of the file at ``path`` (see "Top-level files" above).

    With ``follow_symlinks``, a symbolic link ``path`` is identified by what it points
    to; without, by its target path. Raises :class:`OSError` if ``path`` cannot be read.
    """
    st = os.stat(path) if follow_symlinks else os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        return content_id(os.readlink(path), algorithm)
    if not stat.S_ISREG(st.st_mode):
        return content_id(_EMPTY, algorithm)
    fd, st = _open_regular(path, follow_symlinks)
    try:
        return _fd_id(fd, path, st.st_size, algorithm, bytearray(CHUNK_SIZE))
    finally:
        os.close(fd)


class _Exclusions:
    """Compiled exclusion patterns for the tree at ``root`` (see the module docstring)."""

    __slots__ = ("absolute_root", "regexes")

    def __init__(self, root: bytes, patterns: Iterable[bytes]) -> None:
        import fnmatch  # only needed here: keep the start of the command fast

        self.absolute_root = os.path.abspath(root)
        regexes = []
        for pattern in patterns:
            if os.path.isabs(pattern):
                pattern = os.path.relpath(pattern, root)
            text = fnmatch.translate(pattern.decode("utf-8", "surrogateescape"))
            regexes.append(re.compile(text.encode("utf-8", "surrogateescape")))
        self.regexes = tuple(regexes)

    def excludes(self, relative: bytes, is_directory: bool) -> bool:
        """Whether the entry at ``relative`` (components joined by ``/``) is left out."""
        forms = [relative]
        if is_directory:  # the second form swh identify tests, see the module docstring
            forms.append(os.path.relpath(b"/" + relative, self.absolute_root))
        return any(regex.fullmatch(form) for regex in self.regexes for form in forms)


class _Node:
    """A directory being identified: its entries known so far and those awaiting an id.

    ``files`` are the regular files, as ``(name, index in the hasher's results)``.
    """

    __slots__ = ("entries", "files", "object_id", "path", "relative", "subdirs")

    def __init__(self, path: bytes, relative: bytes) -> None:
        self.path = path
        self.relative = relative
        self.entries: list[DirectoryEntry] = []
        self.files: list[tuple[bytes, int]] = []
        self.subdirs: list[tuple[bytes, _Node]] = []
        self.object_id = _EMPTY


class _Hasher:
    """Hashes regular files in ``workers`` threads (the caller's included).

    While the tree is walked, the other threads open the files found (:meth:`add`),
    ``fstat`` them and hash the small ones; large ones wait for :meth:`stop`, then go
    largest first (one big file must not finish last). hashlib and ``os.read`` release
    the GIL on large buffers. :meth:`results` raises the first error met.
    """

    def __init__(self, algorithm: str, workers: int) -> None:
        import queue

        self.algorithm = algorithm
        self.paths: list[bytes] = []
        self.modes: list[int] = []
        self.ids: list[bytes] = []
        self.small: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        self.waiting: list[tuple[int, int]] | None = []  # large files: (size, index)
        self.large: deque[int] = deque()
        self.lock = threading.Lock()
        self.errors: list[BaseException] = []
        self.cancelled = False
        self.threads = [threading.Thread(target=self._work) for _ in range(workers - 1)]
        for thread in self.threads:
            thread.start()

    def add(self, path: bytes) -> int:
        """Queue the regular file ``path``; return its index in :meth:`results`."""
        index = len(self.paths)
        self.paths.append(path)
        self.modes.append(0)
        self.ids.append(_EMPTY)
        self.small.put(index)
        return index

    def _hash(self, index: int, buffer: bytearray) -> None:
        if self.errors or self.cancelled:
            return  # stopping
        path = self.paths[index]
        try:
            fd, st = _open_regular(path)
            try:
                self.modes[index] = st.st_mode
                if st.st_size > SMALL_FILE_SIZE and self._wait(index, st.st_size):
                    return
                self.ids[index] = _fd_id(fd, path, st.st_size, self.algorithm, buffer)
            finally:
                os.close(fd)
        except BaseException as exc:
            self.errors.append(exc)

    def _wait(self, index: int, size: int) -> bool:
        """Put a large file aside until the walk is over, if it is not yet."""
        with self.lock:
            if self.waiting is None:
                return False
            self.waiting.append((size, index))
            return True

    def _work(self) -> None:
        """A thread: hash files until told to stop, then help with the large ones."""
        buffer = bytearray(CHUNK_SIZE)
        while (index := self.small.get()) is not None:
            self._hash(index, buffer)
        self._take_large(buffer)

    def _take_large(self, buffer: bytearray) -> None:
        while True:
            try:
                index = self.large.popleft()
            except IndexError:
                return
            self._hash(index, buffer)

    def stop(self, cancel: bool = False) -> None:
        """Tell the threads no file is coming any more; hash the large files, largest
        first, then the small ones left (unless ``cancel``); wait for the threads."""
        self.cancelled = cancel
        with self.lock:
            waiting, self.waiting = self.waiting or [], None
        self.large.extend(index for _, index in sorted(waiting, reverse=True))
        for _ in range(len(self.threads) + 1):  # one end mark for each thread, this one too
            self.small.put(None)
        buffer = bytearray(CHUNK_SIZE)
        self._take_large(buffer)
        while (index := self.small.get()) is not None:
            self._hash(index, buffer)
        for thread in self.threads:
            thread.join()

    def results(self) -> tuple[list[int], list[bytes]]:
        """The modes and ids of the files, by index; call after :meth:`stop`."""
        if self.errors:
            raise self.errors[0]
        return self.modes, self.ids


class _ForkHasher:
    """Hashes regular files in ``workers`` processes (this one included), after the walk.

    For many small files the cost is the Python work around each file, not SHA-1,
    and threads share one interpreter lock: processes run that work in parallel.
    Used only where ``os.fork`` exists and this process runs no other thread. The
    files are dealt out in turn; each child hashes its share, writes one record a
    file (mode as 4 bytes, then the id) or the first error it meets to a pipe, and
    leaves with ``os._exit``.
    """

    def __init__(self, algorithm: str, workers: int) -> None:
        self.algorithm = algorithm
        self.workers = workers
        self.width = hashlib.new(algorithm).digest_size
        self.paths: list[bytes] = []
        self.modes: list[int] = []
        self.ids: list[bytes] = []
        self.errors: list[BaseException] = []

    def add(self, path: bytes) -> int:
        self.paths.append(path)
        return len(self.paths) - 1

    def stop(self, cancel: bool = False) -> None:
        count = len(self.paths)
        self.modes, self.ids = [0] * count, [_EMPTY] * count
        if cancel or not count:
            return
        shares = [range(k, count, self.workers) for k in range(self.workers)]
        children = [self._spawn(share) for share in shares[1:]]
        self._merge(shares[0], self._hash_share(shares[0]))
        for pid, reader, share in children:
            with os.fdopen(reader, "rb") as pipe:
                data = pipe.read()
            os.waitpid(pid, 0)
            self._merge(share, data)

    def _spawn(self, share: range) -> tuple[int, int, range]:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: hash, report, leave without running any cleanup
            status = 1
            try:
                os.close(reader)
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(self._hash_share(share))
                status = 0
            finally:
                os._exit(status)
        os.close(writer)
        return pid, reader, share

    def _hash_share(self, share: range) -> bytes:
        """``b"K"`` and the records of ``share``, or ``b"E"`` and the pickled first error."""
        import pickle

        buffer = bytearray(CHUNK_SIZE)
        out = bytearray(b"K")
        for index in share:
            path = self.paths[index]
            try:
                fd, st = _open_regular(path)
                try:
                    digest = _fd_id(fd, path, st.st_size, self.algorithm, buffer)
                finally:
                    os.close(fd)
            except OSError as exc:
                return b"E" + pickle.dumps((type(exc) is FileChangedError, exc.errno,
                                            exc.strerror, exc.filename))  # fmt: skip
            out += st.st_mode.to_bytes(4, "little") + digest
        return bytes(out)

    def _merge(self, share: range, data: bytes) -> None:
        import pickle

        if data[:1] == b"E":
            changed, number, message, filename = pickle.loads(data[1:])
            error = FileChangedError(filename) if changed else OSError(number, message, filename)
            self.errors.append(error)
            return
        step = 4 + self.width
        if len(data) != 1 + step * len(share):
            self.errors.append(OSError(errno.EIO, "a hashing process stopped early", None))
            return
        for n, index in enumerate(share):
            at = 1 + n * step
            self.modes[index] = int.from_bytes(data[at : at + 4], "little")
            self.ids[index] = data[at + 4 : at + step]

    def results(self) -> tuple[list[int], list[bytes]]:
        if self.errors:
            raise self.errors[0]
        return self.modes, self.ids


class _Walk:
    """One scan of a tree: the directories found (parents first) and the files to hash."""

    def __init__(
        self, root: bytes, exclusions: _Exclusions, algorithm: str, hasher: _Hasher | _ForkHasher
    ) -> None:
        self.exclusions = exclusions
        self.algorithm = algorithm
        self.hasher = hasher
        self.nodes: list[_Node] = []
        pending = [_Node(root, _EMPTY)]
        while pending:
            node = pending.pop()
            self.nodes.append(node)
            pending.extend(self._scan(node))

    def _scan(self, node: _Node) -> list[_Node]:
        """Record the entries of ``node``; return its subdirectories, still to scan."""
        found = []
        with os.scandir(node.path) as it:
            for entry in it:
                name = entry.name
                relative = node.relative + b"/" + name if node.relative else name
                is_directory = entry.is_dir(follow_symlinks=False)
                if self.exclusions.regexes and self.exclusions.excludes(relative, is_directory):
                    continue
                if is_directory:
                    child = _Node(entry.path, relative)
                    node.subdirs.append((name, child))
                    found.append(child)
                elif entry.is_file(follow_symlinks=False):
                    node.files.append((name, self.hasher.add(entry.path)))
                else:
                    self._leaf(node, name, entry)
        return found

    def _leaf(self, node: _Node, name: bytes, entry: os.DirEntry[bytes]) -> None:
        """Record a symbolic link or a special file."""
        perms = entry_perms(entry.stat(follow_symlinks=False).st_mode)
        if perms == SYMLINK_PERMS:
            target = content_id(os.readlink(entry.path), self.algorithm)
        else:
            target = content_id(_EMPTY, self.algorithm)
        node.entries.append(DirectoryEntry(name, perms, target))


def default_workers() -> int:
    """The number of hashing threads: the CPUs this process may use, at least 2."""
    affinity = getattr(os, "sched_getaffinity", None)  # not on every platform
    return max(2, len(affinity(0)) if affinity else os.cpu_count() or 1)


def directory_id(
    path: bytes,
    *,
    exclude: Iterable[bytes] = (),
    algorithm: str = "sha1",
    workers: int | None = None,
) -> bytes:
    """Return the raw id of the directory tree at ``path`` (see the module docstring).

    ``exclude`` holds glob patterns; ``workers`` is the number of hashing threads
    (default :func:`default_workers`). Symbolic links inside the tree are not followed;
    ``path`` itself is (a link to a directory identifies that directory). Raises
    :class:`OSError` (with the offending path) if part of the tree cannot be read.
    """
    exclusions = _Exclusions(path, exclude)
    count = workers or default_workers()
    hasher: _Hasher | _ForkHasher
    if FORK_HASHING and count > 1 and threading.active_count() == 1:
        hasher = _ForkHasher(algorithm, count)
    else:
        hasher = _Hasher(algorithm, count)
    try:
        walk = _Walk(path, exclusions, algorithm, hasher)
    except BaseException:
        hasher.stop(cancel=True)
        raise
    hasher.stop()
    modes, ids = hasher.results()
    for node in reversed(walk.nodes):  # children were found after their parents
        entries = node.entries
        entries += [DirectoryEntry(name, entry_perms(modes[i]), ids[i]) for name, i in node.files]
        entries += [
            DirectoryEntry(name, DIRECTORY_PERMS, sub.object_id) for name, sub in node.subdirs
        ]
        node.object_id = git_object_id(b"tree", directory_manifest(entries), algorithm)
    return walk.nodes[0].object_id

"""Reading the archive: what the public API (and any other read-only edge) shows.

Every function takes the acting `Actor` first and returns plain values: the frozen
dataclasses of this module, or the pure objects of `sankofa.swhid.model` (revisions and
releases are parsed from the stored git objects by `sankofa.swhid.gitobjects`, so every
field is exactly the stored bytes and `.id` is the id asked for). Reading what the
archive shows is public: the actor is taken so that the checks embargoes will need
have their place, but no permission is required today.

An unknown object raises `graph.NotArchived`, an unknown origin
`services.OriginNotFound`, an unknown visit `VisitNotFound`; each message says what
was looked for, in the words Software Heritage's API uses.

Only `sha1_git` is indexed: contents are looked up by their git blob id, and their
other digests (sha1, sha256, blake2s256) are computed from the stored bytes when asked.
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from django.db import connection
from django.db.models import Q, QuerySet

from sankofa.archive import gitcmd, graph
from sankofa.archive.models import (
    Origin,
    SkippedContent,
    Snapshot,
    SnapshotBranch,
    Visit,
    binary,
)
from sankofa.archive.objectstore import CHUNK, GitObjectStore
from sankofa.archive.services import BRANCH_TYPES, TARGET_TYPE_CODES, OriginNotFound
from sankofa.archive.store import object_store
from sankofa.core.actors import Actor
from sankofa.swhid import gitobjects
from sankofa.swhid import model as m
from sankofa.swhid.hashing import ContentHasher, ContentHashes
from sankofa.swhid.identifiers import CoreSWHID, ObjectType, QualifiedSWHID

NotArchived = graph.NotArchived
SMALL_CONTENT = 1 << 20  # raw contents up to this size are read whole, larger ones streamed
MANY_ENTRIES = 64  # above this many contents, a directory asks their sizes in one batch
ALIAS_HOPS = 64  # an alias chain longer than this leads nowhere

__all__ = [
    "Branch",
    "ContentInfo",
    "EntryInfo",
    "LogPage",
    "NotArchived",
    "OriginInfo",
    "OriginNotFound",
    "OriginPage",
    "RawContent",
    "SnapshotPage",
    "VisitInfo",
    "VisitNotFound",
    "VisitPage",
    "content",
    "content_raw",
    "directory",
    "directory_entry",
    "known",
    "latest_visit",
    "origin",
    "origin_visit",
    "origin_visits",
    "release",
    "resolve",
    "revision",
    "revision_log",
    "search_origins",
    "snapshot_branches",
]


class VisitNotFound(LookupError):
    """The origin has no such visit."""


def not_found_message(object_type: ObjectType, oid: bytes) -> str:
    """What Software Heritage's API says of an object it does not have."""
    hex_id = oid.hex()
    return {
        ObjectType.CONTENT: f"Content with sha1_git checksum equals to {hex_id} not found!",
        ObjectType.DIRECTORY: f"Directory with sha1_git {hex_id} not found.",
        ObjectType.REVISION: f"Revision with sha1_git {hex_id} not found.",
        ObjectType.RELEASE: f"Release with sha1_git {hex_id} not found.",
        ObjectType.SNAPSHOT: f"Snapshot with id {hex_id} not found.",
    }[object_type]


def _read(object_type: ObjectType, oid: bytes) -> bytes:
    try:
        return graph.read_typed(object_store(), CoreSWHID(object_type, oid))
    except NotArchived:
        raise NotArchived(not_found_message(object_type, oid)) from None


# --- contents ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentInfo:
    """A content: ``status`` is "visible" (bytes archived) or "absent" (skipped for size)."""

    sha1_git: bytes
    length: int
    status: str
    hashes: ContentHashes


@dataclass(frozen=True)
class RawContent:
    length: int
    chunks: Iterator[bytes]


def content(actor: Actor, sha1_git: bytes) -> ContentInfo:
    """A content and all its digests (hashed from the stored bytes, in constant memory)."""
    store = object_store()
    info = store.info(sha1_git)
    if info is not None and info[0] == b"blob":
        _, size, chunks = store.stream(sha1_git)
        hasher = ContentHasher(size)
        for chunk in chunks:
            hasher.update(chunk)
        return ContentInfo(sha1_git, size, "visible", hasher.digests())
    skipped = SkippedContent.objects.filter(sha1_git=sha1_git).first()
    if skipped is None:
        raise NotArchived(not_found_message(ObjectType.CONTENT, sha1_git))
    hashes = ContentHashes(
        sha1=binary(skipped.sha1),
        sha1_git=sha1_git,
        sha256=binary(skipped.sha256),
        blake2s256=binary(skipped.blake2s256),
        length=skipped.length,
    )
    return ContentInfo(sha1_git, skipped.length, "absent", hashes)


def content_raw(actor: Actor, sha1_git: bytes) -> RawContent:
    """The bytes of a content, as chunks; a large one is streamed by its own git process."""
    store = object_store()
    info = store.info(sha1_git)
    if info is None or info[0] != b"blob":
        if SkippedContent.objects.filter(sha1_git=sha1_git).exists():
            raise NotArchived(
                f"Bytes of content with sha1_git checksum equals to {sha1_git.hex()} "
                "are not available!"
            )
        raise NotArchived(not_found_message(ObjectType.CONTENT, sha1_git))
    size = info[1]
    if size <= SMALL_CONTENT:
        return RawContent(size, iter([store.read(sha1_git)[1]]))
    return RawContent(size, _blob_chunks(store, sha1_git))


def _blob_chunks(store: GitObjectStore, oid: bytes) -> Iterator[bytes]:
    """`git cat-file blob`'s output: a slow reader holds no lock other readers need."""
    proc = gitcmd.popen(
        store.root,
        ["cat-file", "blob", oid.hex()],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    try:
        while chunk := proc.stdout.read(CHUNK):
            yield chunk
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()


# --- directories ------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryInfo:
    """A directory entry; ``name`` is the path from the root for an entry found by path.

    ``length`` and ``status`` ("visible" or "absent") are known for contents the
    archive holds or skipped; they are None otherwise.
    """

    dir_id: bytes
    name: bytes
    perms: int
    target: bytes
    object_type: ObjectType
    length: int | None = None
    status: str | None = None


def directory(actor: Actor, dir_id: bytes) -> list[EntryInfo]:
    """The entries of a directory, in the order of the stored tree."""
    tree = gitobjects.parse_tree(_read(ObjectType.DIRECTORY, dir_id))
    entries = [EntryInfo(dir_id, e.name, e.perms, e.target, e.object_type) for e in tree.entries]
    return _with_contents(entries)


def directory_entry(actor: Actor, dir_id: bytes, path: Sequence[Sequence[bytes]]) -> EntryInfo:
    """The entry at `path` below a directory.

    Each path component is given as its possible spellings, tried in order (the API
    accepts a name as raw bytes or as the escaped text it displays); empty components
    are skipped.
    """
    components = [c for c in path if c and c[0]]
    shown = b"/".join(c[0] for c in components).decode("utf-8", "backslashreplace")
    missing = NotArchived(
        f"Entry with path {shown} relative to directory with sha1_git {dir_id.hex()} not found."
    )
    current, prefix = dir_id, b""
    data = _read(ObjectType.DIRECTORY, dir_id)
    found: EntryInfo | None = None
    for depth, spellings in enumerate(components):
        if depth:
            if found is None or found.object_type is not ObjectType.DIRECTORY:
                raise missing
            current, prefix = found.target, found.name + b"/"
            data = _read(ObjectType.DIRECTORY, current)
        by_name = {e.name: e for e in gitobjects.parse_tree(data).entries}
        entry = next((by_name[s] for s in spellings if s in by_name), None)
        if entry is None:
            raise missing
        found = EntryInfo(
            current, prefix + entry.name, entry.perms, entry.target, entry.object_type
        )
    if found is None:
        raise missing
    return _with_contents([found])[0]


def _with_contents(entries: list[EntryInfo]) -> list[EntryInfo]:
    """Fill in the length and status of content entries (one batch, one query)."""
    wanted = [e.target for e in entries if e.object_type is ObjectType.CONTENT]
    if not wanted:
        return entries
    store = object_store()
    if len(wanted) > MANY_ENTRIES:
        found = store.types(wanted)
    else:
        found = {oid: info for oid in set(wanted) if (info := store.info(oid)) is not None}
    sizes = {oid: size for oid, (kind, size) in found.items() if kind == b"blob"}
    absent = [oid for oid in wanted if oid not in sizes]
    rows = SkippedContent.objects.filter(sha1_git__in=absent).values_list("sha1_git", "length")
    skipped = {binary(oid): length for oid, length in (rows if absent else [])}
    result = []
    for e in entries:
        if e.object_type is ObjectType.CONTENT and e.target in sizes:
            e = replace(e, length=sizes[e.target], status="visible")
        elif e.object_type is ObjectType.CONTENT and e.target in skipped:
            e = replace(e, length=skipped[e.target], status="absent")
        result.append(e)
    return result


# --- revisions and releases -------------------------------------------------------------


@dataclass(frozen=True)
class LogPage:
    revisions: list[m.Revision]
    more: bool  # revisions follow this page


def revision(actor: Actor, rev_id: bytes) -> m.Revision:
    return gitobjects.parse_commit(_read(ObjectType.REVISION, rev_id))


def revision_log(actor: Actor, rev_id: bytes, offset: int = 0, limit: int = 10) -> LogPage:
    """Revisions reachable from `rev_id` (itself first), breadth first, parents in order.

    The walk is the same for every page, so ``offset`` resumes it exactly; parents the
    archive does not hold are skipped.
    """
    store = object_store()
    first = revision(actor, rev_id)
    end = offset + limit
    queue, seen = deque([rev_id]), {rev_id}
    parsed: dict[bytes, m.Revision] = {rev_id: first}
    page: list[m.Revision] = []
    index = 0
    while queue and index <= end:
        oid = queue.popleft()
        rev = parsed.pop(oid, None) or _revision_or_none(store, oid)
        if rev is None:
            continue
        if offset <= index < end:
            page.append(rev)
        index += 1
        for parent in rev.parents:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return LogPage(page, index > end)


def _revision_or_none(store: GitObjectStore, oid: bytes) -> m.Revision | None:
    info = store.info(oid)
    if info is None or info[0] != b"commit":
        return None
    return gitobjects.parse_commit(store.read(oid)[1])


def release(actor: Actor, rel_id: bytes) -> m.Release:
    return gitobjects.parse_tag(_read(ObjectType.RELEASE, rel_id))


# --- snapshots --------------------------------------------------------------------------


@dataclass(frozen=True)
class Branch:
    """A snapshot branch: ``target`` None when dangling; ``resolved`` is where an alias
    leads (the first branch of its chain that is not an alias), None if nowhere."""

    name: bytes
    target: m.SnapshotBranch | None
    resolved: m.SnapshotBranch | None = None


@dataclass(frozen=True)
class SnapshotPage:
    id: bytes
    branches: list[Branch]
    next_branch: bytes | None  # the first branch of the next page


def snapshot_branches(
    actor: Actor,
    snapshot_id: bytes,
    branches_from: bytes = b"",
    count: int = 1000,
    target_types: Collection[m.BranchTargetType] | None = None,
) -> SnapshotPage:
    """Up to `count` branches named `branches_from` or later, in byte order of names.

    With `target_types`, only branches of those types (never dangling ones) are listed.
    """
    row = Snapshot.objects.filter(sha1_git=snapshot_id).first()
    if row is None:
        raise NotArchived(not_found_message(ObjectType.SNAPSHOT, snapshot_id))
    rows = row.branches.filter(name__gte=branches_from).order_by("name")
    if target_types is not None:
        rows = rows.filter(target_type__in=[TARGET_TYPE_CODES[t] for t in target_types])
    found = list(rows.values_list("name", "target", "target_type")[: count + 1])
    branches = []
    for name, target, code in found[:count]:
        value = _branch_value(target, code)
        resolved = None
        if value is not None and value.target_type is m.BranchTargetType.ALIAS:
            resolved = _follow_alias(row, value.target)
        branches.append(Branch(binary(name), value, resolved))
    next_branch = binary(found[count][0]) if len(found) > count else None
    return SnapshotPage(snapshot_id, branches, next_branch)


def _branch_value(target: bytes | memoryview | None, code: int) -> m.SnapshotBranch | None:
    if code == SnapshotBranch.TargetType.DANGLING or target is None:
        return None
    return m.SnapshotBranch(binary(target), BRANCH_TYPES[int(code)])


def _follow_alias(snapshot: Snapshot, name: bytes) -> m.SnapshotBranch | None:
    seen = set()
    for _ in range(ALIAS_HOPS):
        if name in seen:
            return None
        seen.add(name)
        found = snapshot.branches.filter(name=name).values_list("target", "target_type").first()
        if found is None:
            return None
        value = _branch_value(*found)
        if value is None or value.target_type is not m.BranchTargetType.ALIAS:
            return value
        name = value.target
    return None


# --- origins and visits -----------------------------------------------------------------


@dataclass(frozen=True)
class OriginInfo:
    url: str
    visit_types: tuple[str, ...]


@dataclass(frozen=True)
class OriginPage:
    origins: list[OriginInfo]
    next_page_token: str | None
    total: int


@dataclass(frozen=True)
class VisitInfo:
    origin: str
    visit: int
    type: str
    date: datetime
    status: str
    snapshot: bytes | None


@dataclass(frozen=True)
class VisitPage:
    visits: list[VisitInfo]
    more: bool  # older visits follow this page


def _find_origin(url: str) -> Origin:
    """The origin `url` names, also with or without a trailing slash, or with the ``//``
    after its scheme restored (HTTP clients may merge ``://`` into ``:/``)."""
    if "\x00" in url:  # no URL holds NUL (and PostgreSQL text cannot)
        raise OriginNotFound(f"Origin with url {url!r} not found!")
    candidates = [url, url[:-1] if url.endswith("/") else url + "/"]
    scheme, sep, rest = url.partition(":/")
    if sep and not rest.startswith("/"):
        candidates += [f"{scheme}://{rest}", f"{scheme}:///{rest}"]
    found = {o.url: o for o in Origin.objects.filter(url__in=candidates)}
    for candidate in candidates:
        if candidate in found:
            return found[candidate]
    raise OriginNotFound(f"Origin with url {url} not found!")


def _visit_types(origin_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    types: dict[int, list[str]] = {}
    rows = Visit.objects.filter(origin__in=list(origin_ids)).values_list("origin", "type")
    for origin_id, kind in rows.distinct().order_by("origin", "type"):
        types.setdefault(origin_id, []).append(kind)
    return {k: tuple(v) for k, v in types.items()}


def origin(actor: Actor, url: str) -> OriginInfo:
    found = _find_origin(url)
    return OriginInfo(found.url, _visit_types([found.pk]).get(found.pk, ()))


def search_origins(
    actor: Actor, pattern: str, limit: int, page_token: str | None = None, with_visit: bool = False
) -> OriginPage:
    """Origins whose URL contains every word of `pattern` (case-insensitive), by URL.

    `page_token` is the last URL of the previous page.
    """
    if "\x00" in pattern + (page_token or ""):  # no URL holds NUL
        return OriginPage([], None, 0)
    query = Q()
    for word in pattern.split():
        query &= Q(url__icontains=word)
    matches: QuerySet[Origin] = Origin.objects.filter(query)
    if with_visit:
        matches = matches.filter(visits__isnull=False).distinct()
    total = matches.count()
    page = matches.order_by("url")
    if page_token is not None:
        page = page.filter(url__gt=page_token)
    found = list(page.values_list("pk", "url")[: limit + 1])
    types = _visit_types(pk for pk, _ in found[:limit])
    origins = [OriginInfo(url, types.get(pk, ())) for pk, url in found[:limit]]
    token = origins[-1].url if len(found) > limit else None
    return OriginPage(origins, token, total)


def _visit_info(origin_url: str, visit: Visit) -> VisitInfo:
    snapshot = binary(visit.snapshot.sha1_git) if visit.snapshot is not None else None
    return VisitInfo(origin_url, visit.number, visit.type, visit.date, visit.status, snapshot)


def origin_visits(
    actor: Actor, url: str, last_visit: int | None = None, per_page: int = 10
) -> VisitPage:
    """The visits of an origin, newest first, older than `last_visit` if given."""
    found = _find_origin(url)
    visits = found.visits.select_related("snapshot").order_by("-number")
    if last_visit is not None:
        visits = visits.filter(number__lt=last_visit)
    rows = list(visits[: per_page + 1])
    return VisitPage([_visit_info(found.url, v) for v in rows[:per_page]], len(rows) > per_page)


def origin_visit(actor: Actor, url: str, number: int) -> VisitInfo:
    found = _find_origin(url)
    visit = found.visits.select_related("snapshot").filter(number=number).first()
    if visit is None:
        raise VisitNotFound(f"Origin {found.url} or its visit with id {number} not found!")
    return _visit_info(found.url, visit)


def latest_visit(
    actor: Actor, url: str, require_snapshot: bool = False, visit_type: str | None = None
) -> VisitInfo:
    found = _find_origin(url)
    visits = found.visits.select_related("snapshot").order_by("-number")
    if require_snapshot:
        visits = visits.filter(snapshot__isnull=False)
    if visit_type is not None:
        visits = visits.filter(type=visit_type) if "\x00" not in visit_type else visits.none()
    visit = visits.first()
    if visit is None:
        raise VisitNotFound(f"No visit for origin {found.url} found")
    return _visit_info(found.url, visit)


# --- identifiers ------------------------------------------------------------------------


def known(actor: Actor, swhids: Iterable[CoreSWHID]) -> set[CoreSWHID]:
    """The SWHIDs among `swhids` whose objects the archive holds.

    Contents, directories, revisions and releases are asked of the object store in
    one batch (an id is known only with the type the SWHID names; a skipped content is
    not held); snapshots in one query.
    """
    wanted = list(dict.fromkeys(swhids))
    in_store = [s for s in wanted if s.object_type is not ObjectType.SNAPSHOT]
    types = object_store().types(s.object_id for s in in_store) if in_store else {}
    result = {
        s
        for s in in_store
        if s.object_id in types and graph.SWHID_TYPES.get(types[s.object_id][0]) is s.object_type
    }
    snapshot_ids = [s.object_id for s in wanted if s.object_type is ObjectType.SNAPSHOT]
    step = _parameters_per_query()
    for start in range(0, len(snapshot_ids), step):
        chunk = snapshot_ids[start : start + step]
        rows = Snapshot.objects.filter(sha1_git__in=chunk).values_list("sha1_git", flat=True)
        result |= {CoreSWHID(ObjectType.SNAPSHOT, binary(oid)) for oid in rows}
    return result


def _parameters_per_query() -> int:
    """How many parameters one SQL statement may carry on this database.

    SQLite says at run time (32,766 since 3.32; Django assumes the old 999);
    PostgreSQL's protocol counts parameters in 16 bits.
    """
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return connection.features.max_query_params or 65535


def resolve(actor: Actor, swhid: QualifiedSWHID) -> None:
    """Check that the object a SWHID names, and its origin qualifier if any, are archived."""
    core = swhid.core
    if core not in known(actor, [core]):
        raise NotArchived(not_found_message(core.object_type, core.object_id))
    if swhid.origin is not None:
        _find_origin(swhid.origin)

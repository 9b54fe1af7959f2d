"""Software metadata of archived origins: what each says of itself, and searching it.

An origin's metadata is read from the root directory of the HEAD revision of its
latest full visit: ``codemeta.json``, ``CITATION.cff`` and package manifests, merged
by `sankofa.core.formats.metadatafiles` (codemeta first). It is stored in one
`OriginMetadata` row per origin, with a case-folded, accent-free search text, so that
search is a word match any database does. Indexing runs as the job
``archive.metadata``, enqueued by `on_visit_finished` when a visit ends; `reindex_all`
indexes every origin of an existing archive.

Reading what the archive shows is public: functions take the actor for the checks
embargoes will need; indexing every origin needs ``archive.load``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Q

from sankofa.archive import graph
from sankofa.archive.models import Origin, OriginMetadata, Snapshot, SnapshotBranch, Visit, binary
from sankofa.archive.objectstore import ObjectStore
from sankofa.archive.store import object_store
from sankofa.core import jobs
from sankofa.core.actors import Actor, require
from sankofa.core.formats.citation import Citation
from sankofa.core.formats.metadatafiles import FILENAMES, MAX_FILE_SIZE, Extraction, extract
from sankofa.core.formats.software import SoftwareMetadata
from sankofa.swhid import gitobjects
from sankofa.swhid.identifiers import CoreSWHID, ObjectType, QualifiedSWHID
from sankofa.swhid.model import Timestamp

TASK = "archive.metadata"
INDEXER = Actor.operator("metadata")
ALIAS_HOPS = 64
REGULAR_FILE = 0o100000  # git mode bits of a regular file (not a link, tree or commit)
HEAD_NAMES = (b"HEAD", b"refs/heads/main", b"refs/heads/master")


@dataclass(frozen=True)
class MetadataMatch:
    """An origin whose archived metadata matches a search."""

    origin_url: str
    name: str
    description: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class OriginSoftware:
    """An origin's stored metadata and where it was read."""

    origin_url: str
    metadata: SoftwareMetadata
    sources: tuple[str, ...]
    warnings: tuple[str, ...]
    revision: bytes | None
    visit: int | None


# --- searching --------------------------------------------------------------------------------


def folded(text: str) -> str:
    """`text` case-folded, without accents, whitespace runs made one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def search_text(metadata: SoftwareMetadata) -> str:
    """What a search looks in: name, description, keywords and authors, folded."""
    parts = [metadata.name, metadata.description, *metadata.keywords]
    for author in metadata.authors:
        parts += [author.display, author.affiliation]
    return folded(" ".join(p for p in parts if p))


def _matching(text: str) -> list[OriginMetadata]:
    words = folded(text).split()
    if not words or "\x00" in text:
        return []
    query = Q()
    for word in words:
        query &= Q(search_text__contains=word)
    return list(OriginMetadata.objects.filter(query).select_related("origin"))


def _ranked(rows: list[OriginMetadata], text: str) -> list[OriginMetadata]:
    """Rows whose name holds every word first, then by origin URL."""
    words = folded(text).split()

    def rank(row: OriginMetadata) -> tuple[bool, str]:
        name = folded(str(row.fields.get("name", "")))
        return (not all(w in name for w in words), row.origin.url)

    return sorted(rows, key=rank)


def search(actor: Actor, text: str, limit: int = 50) -> list[MetadataMatch]:
    """Origins whose metadata holds every word of `text` (any case, any accents).

    Words are looked for in the name, description, keywords and authors; origins whose
    name holds them all come first, then by URL.
    """
    found = []
    for row in _ranked(_matching(text), text)[: max(limit, 0)]:
        metadata = SoftwareMetadata.from_json(row.fields)
        found.append(
            MetadataMatch(row.origin.url, metadata.name, metadata.description, metadata.keywords)
        )
    return found


def search_software(actor: Actor, text: str, limit: int = 50) -> list[OriginSoftware]:
    """Like `search`, with each origin's whole metadata."""
    return [_software(row) for row in _ranked(_matching(text), text)[: max(limit, 0)]]


def _software(row: OriginMetadata) -> OriginSoftware:
    return OriginSoftware(
        origin_url=row.origin.url,
        metadata=SoftwareMetadata.from_json(row.fields),
        sources=tuple(row.sources),
        warnings=tuple(row.warnings),
        revision=None if row.revision is None else binary(row.revision),
        visit=row.visit.number if row.visit is not None else None,
    )


def origin_software(actor: Actor, origin_url: str) -> OriginSoftware | None:
    """The stored metadata of an origin, None if it has none (or is not indexed)."""
    row = (
        OriginMetadata.objects.select_related("origin", "visit")
        .filter(origin__url=origin_url)
        .first()
    )
    return None if row is None else _software(row)


# --- indexing ---------------------------------------------------------------------------------


def on_visit_finished(visit: Visit) -> None:
    """Have the origin's metadata read again once a full visit is committed."""
    if visit.status != Visit.Status.FULL or visit.snapshot_id is None:
        return
    from sankofa.archive import metadata_tasks  # registers the task this enqueues

    jobs.enqueue(INDEXER, metadata_tasks.index, visit.origin.url)


def reindex_all(actor: Actor) -> int:
    """Read the metadata of every origin again (for an archive older than this feature)."""
    require(actor, "archive.load")
    urls = list(Origin.objects.values_list("url", flat=True))
    for url in urls:
        index_origin(actor, url)
    return len(urls)


def index_origin(actor: Actor, origin_url: str) -> OriginSoftware | None:
    """Read and store the metadata of an origin's latest full visit.

    Returns None (and stores nothing) when the origin has no full visit or its HEAD
    leads to no revision; an origin whose files say nothing gets a row with no fields.
    """
    origin = Origin.objects.filter(url=origin_url).first()
    if origin is None:
        return None
    visit = (
        origin.visits.filter(status=Visit.Status.FULL, snapshot__isnull=False)
        .order_by("-number")
        .first()
    )
    if visit is None:
        return None
    store = object_store()
    revision = head_revision(store, visit.snapshot_id) if visit.snapshot_id else None
    if revision is None:
        return None
    try:
        commit = graph.read_typed(store, CoreSWHID(ObjectType.REVISION, revision))
        found = extract(root_files(store, gitobjects.parse_commit(commit).directory))
    except (graph.NotArchived, gitobjects.MalformedObject):
        return None
    _store(origin, visit, revision, found)
    return origin_software(actor, origin_url)


def _store(origin: Origin, visit: Visit, revision: bytes, found: Extraction) -> None:
    OriginMetadata.objects.update_or_create(
        origin=origin,
        defaults={
            "visit": visit,
            "revision": revision,
            "sources": list(found.sources),
            "warnings": list(found.warnings),
            "fields": found.metadata.to_json(),
            "search_text": search_text(found.metadata),
        },
    )


def head_revision(store: ObjectStore, snapshot_pk: int) -> bytes | None:
    """The revision a snapshot's HEAD (else main, else master) leads to, through aliases
    and releases; None if it leads to no revision."""
    branches = SnapshotBranch.objects.filter(snapshot_id=snapshot_pk)
    codes = SnapshotBranch.TargetType
    for start in HEAD_NAMES:
        name = start
        for _ in range(ALIAS_HOPS):
            row = branches.filter(name=name).values_list("target", "target_type").first()
            if row is None or row[0] is None:
                break
            target, code = binary(row[0]), row[1]
            if code == codes.ALIAS:
                name = target
                continue
            if code == codes.REVISION:
                return target
            if code == codes.RELEASE:
                return _peel_release(store, target)
            break
    return None


def _peel_release(store: ObjectStore, release: bytes) -> bytes | None:
    for _ in range(ALIAS_HOPS):
        try:
            tag = gitobjects.parse_tag(
                graph.read_typed(store, CoreSWHID(ObjectType.RELEASE, release))
            )
        except (graph.NotArchived, gitobjects.MalformedObject):
            return None
        if tag.target_type is ObjectType.REVISION:
            return tag.target
        if tag.target_type is not ObjectType.RELEASE:
            return None
        release = tag.target
    return None


def root_files(store: ObjectStore, directory: bytes) -> dict[str, bytes | None]:
    """The metadata files at the root of a directory (regular files; None if too large)."""
    tree = gitobjects.parse_tree(
        graph.read_typed(store, CoreSWHID(ObjectType.DIRECTORY, directory))
    )
    wanted = set(FILENAMES)
    files: dict[str, bytes | None] = {}
    for entry in tree.entries:
        name = entry.name.decode("utf-8", "replace")
        if name not in wanted or entry.perms & 0o170000 != REGULAR_FILE:
            continue
        info = store.info(entry.target)
        if info is None or info[0] != b"blob":
            continue  # a skipped content: its bytes are not archived
        files[name] = None if info[1] > MAX_FILE_SIZE else store.read(entry.target)[1]
    return files


# --- citations and badges ---------------------------------------------------------------------


class UnknownOrigin(LookupError):
    """No archived origin has this URL."""


def _find_origin(url: str) -> Origin:
    """The origin `url` names, also with or without a trailing slash."""
    if not url or "\x00" in url:
        raise UnknownOrigin(f"Origin with url {url!r} not found.")
    candidates = [url, url[:-1] if url.endswith("/") else url + "/"]
    found = {o.url: o for o in Origin.objects.filter(url__in=candidates)}
    for candidate in candidates:
        if candidate in found:
            return found[candidate]
    raise UnknownOrigin(f"Origin with url {url} not found.")


def _latest_full_visit(origin: Origin) -> Visit | None:
    return (
        origin.visits.filter(status=Visit.Status.FULL, snapshot__isnull=False)
        .select_related("snapshot")
        .order_by("-number")
        .first()
    )


def _day(stamp: Timestamp | None) -> date | None:
    """The calendar day of a git date, in the time zone it was recorded in."""
    if stamp is None:
        return None
    zone = dt.timezone(dt.timedelta(minutes=stamp.offset_minutes() or 0))
    try:
        return dt.datetime.fromtimestamp(stamp.seconds, tz=zone).date()
    except (OverflowError, OSError, ValueError):
        return None


def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _about_origin(actor: Actor, origin: Origin) -> tuple[Citation, OriginSoftware | None]:
    """What the origin's metadata says (its URL as title when it says nothing)."""
    software = origin_software(actor, origin.url)
    meta = software.metadata if software is not None else SoftwareMetadata()
    return (
        Citation(
            title=meta.name or origin.url,
            authors=meta.authors,
            version=meta.version,
            date_released=_iso_day(meta.date_published),
            repository=origin.url,
            licenses=meta.licenses,
            keywords=meta.keywords,
            description=meta.description,
            url=meta.url,
        ),
        software,
    )


def cite_origin(actor: Actor, origin_url: str) -> Citation:
    """A citation of archived software as a whole: its metadata and latest full visit.

    The SWHID is the visit's snapshot qualified with the origin; the date is the one the
    metadata gives, else the visit's.
    """
    origin = _find_origin(origin_url)
    citation, _ = _about_origin(actor, origin)
    visit = _latest_full_visit(origin)
    if visit is None or visit.snapshot is None:
        return citation
    snapshot = CoreSWHID(ObjectType.SNAPSHOT, binary(visit.snapshot.sha1_git))
    return replace(
        citation,
        swhid=str(QualifiedSWHID(snapshot, origin=origin.url)),
        date_released=citation.date_released or visit.date.date(),
    )


def cite_swhid(actor: Actor, swhid: QualifiedSWHID) -> Citation:
    """A citation of an archived object, named by a (possibly qualified) SWHID.

    A release gives the version (its name) and date, a revision its date (as does an
    ``anchor`` qualifier); an ``origin`` qualifier brings the origin's metadata. The
    metadata's version is kept only for the very revision it was read from.
    """
    store = object_store()
    _check_archived(store, swhid.core)
    if swhid.origin is not None:
        citation, software = _about_origin(actor, _find_origin(swhid.origin))
    else:
        citation, software = Citation(title=str(swhid.core)), None
    version, day, revision = _anchor_facts(store, swhid.anchor or swhid.core)
    if not version and software is not None and software.revision == revision:
        version = citation.version
    return replace(
        citation,
        version=version,
        date_released=day or citation.date_released,
        swhid=str(swhid),
    )


def _anchor_facts(store: ObjectStore, anchor: CoreSWHID) -> tuple[str, date | None, bytes | None]:
    """(version, day, revision) a release or revision gives; empty for other objects."""
    try:
        if anchor.object_type is ObjectType.RELEASE:
            release = gitobjects.parse_tag(graph.read_typed(store, anchor))
            return release.name.decode("utf-8", "replace"), _day(release.date), None
        if anchor.object_type is ObjectType.REVISION:
            commit = gitobjects.parse_commit(graph.read_typed(store, anchor))
            return "", _day(commit.date), anchor.object_id
    except (graph.NotArchived, gitobjects.MalformedObject):
        pass
    return "", None, None


def _check_archived(store: ObjectStore, core: CoreSWHID) -> None:
    if core.object_type is ObjectType.SNAPSHOT:
        if not Snapshot.objects.filter(sha1_git=core.object_id).exists():
            raise graph.NotArchived(f"{core} is not in the archive")
        return
    graph.read_typed(store, core)


def last_archived(actor: Actor, origin_url: str) -> dt.datetime | None:
    """When the origin's latest full visit was made (None if never)."""
    visit = _latest_full_visit(_find_origin(origin_url))
    return None if visit is None else visit.date


def is_archived(actor: Actor, swhid: CoreSWHID) -> bool:
    """Whether the archive holds the object `swhid` names."""
    try:
        _check_archived(object_store(), swhid)
    except graph.NotArchived:
        return False
    return True

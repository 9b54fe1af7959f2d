"""Reading the archive as a whole, and an origin at a glance: what the browse pages show.

Like `sankofa.archive.queries`, every function takes the acting `Actor` first and
returns plain values; reading is public. Each function costs a fixed, small number of
queries, whatever the size of the archive.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from sankofa.archive import queries
from sankofa.archive.models import Origin, Pack, Visit, binary
from sankofa.archive.queries import NotArchived, VisitInfo, VisitNotFound, _find_origin
from sankofa.core.actors import Actor
from sankofa.swhid.identifiers import CoreSWHID, ObjectType
from sankofa.swhid.model import BranchTargetType

__all__ = [
    "ArchiveCounts",
    "BranchNotFound",
    "Landing",
    "browsable_visit",
    "counts",
    "land",
    "land_at_anchor",
    "recent_visits",
]
RELEASE_HOPS = 16  # a chain of releases longer than this leads nowhere
BRANCH_PREFIXES = (b"", b"refs/heads/", b"refs/tags/")


class BranchNotFound(LookupError):
    """The snapshot has no such branch, or it leads to nothing that can be browsed."""


@dataclass(frozen=True)
class ArchiveCounts:
    origins: int
    objects: int
    visits: int


def counts(actor: Actor) -> ArchiveCounts:
    """How many origins, objects and visits the archive holds (three queries).

    Objects are counted from the packs the visits stored, whose sizes are recorded when
    each pack is moved into the object store; a visit stores only objects the store did
    not hold, so packs do not overlap.
    """
    objects = Pack.objects.aggregate(total=Sum("object_count"))["total"] or 0
    return ArchiveCounts(Origin.objects.count(), int(objects), Visit.objects.count())


def _info(visit: Visit) -> VisitInfo:
    snapshot = binary(visit.snapshot.sha1_git) if visit.snapshot is not None else None
    return VisitInfo(visit.origin.url, visit.number, visit.type, visit.date, visit.status, snapshot)


def recent_visits(actor: Actor, limit: int = 10) -> list[VisitInfo]:
    """The latest `limit` visits of any origin, newest first (one query)."""
    rows = Visit.objects.select_related("origin", "snapshot").order_by("-date", "-pk")
    return [_info(v) for v in rows[:limit]]


def browsable_visit(actor: Actor, url: str, number: int | None = None) -> VisitInfo:
    """The visit a browser is shown: visit `number`, else the latest full visit with a
    snapshot, else the latest visit with a snapshot (a partial one).

    Raises `OriginNotFound` for an unknown origin, `VisitNotFound` when the origin has
    no such visit or no visit with a snapshot.
    """
    found = _find_origin(url)
    visits = found.visits.select_related("origin", "snapshot")
    if number is not None:
        visit = visits.filter(number=number).first()
        if visit is None:
            raise VisitNotFound(f"Origin {found.url} or its visit with id {number} not found!")
        return _info(visit)
    with_snapshot = visits.filter(snapshot__isnull=False).order_by("-number")
    visit = with_snapshot.filter(status=Visit.Status.FULL).first() or with_snapshot.first()
    if visit is None:
        raise VisitNotFound(f"No visit for origin {found.url} found")
    return _info(visit)


@dataclass(frozen=True)
class Landing:
    """Where browsing a branch leads: a root directory (or a lone content), with the
    revision and release met on the way (None when there were none)."""

    branch: bytes
    object_type: ObjectType
    object_id: bytes
    revision: bytes | None = None
    release: bytes | None = None


def land(actor: Actor, snapshot_id: bytes, name: bytes) -> Landing:
    """Where the branch `name` of a snapshot leads (also found as ``refs/heads/<name>``
    or ``refs/tags/<name>``): aliases and releases are followed, a revision gives its
    root directory.

    Raises `NotArchived` for an unknown snapshot, `BranchNotFound` for a branch it does
    not hold, a dangling one, or one leading to a snapshot or outside the archive.
    """
    for prefix in BRANCH_PREFIXES:
        wanted = prefix + name
        page = queries.snapshot_branches(actor, snapshot_id, branches_from=wanted, count=1)
        if page.branches and page.branches[0].name == wanted:
            branch = page.branches[0]
            break
    else:
        shown = name.decode("utf-8", "backslashreplace")
        raise BranchNotFound(f"The snapshot has no branch named {shown}.")
    alias = branch.target is not None and branch.target.target_type is BranchTargetType.ALIAS
    target = branch.resolved if alias else branch.target
    object_type = target.target_type.object_type if target is not None else None
    if target is None or object_type is None:
        shown = branch.name.decode("utf-8", "backslashreplace")
        raise BranchNotFound(f"The branch {shown} leads nowhere.")
    try:
        return _follow(actor, branch.name, object_type, target.target)
    except NotArchived:
        shown = branch.name.decode("utf-8", "backslashreplace")
        raise BranchNotFound(f"The branch {shown} leads outside the archive.") from None


def _follow(actor: Actor, name: bytes, object_type: ObjectType, oid: bytes) -> Landing:
    release = None
    for _ in range(RELEASE_HOPS):
        if object_type is not ObjectType.RELEASE:
            break
        rel = queries.release(actor, oid)
        release = release or oid
        object_type, oid = rel.target_type, rel.target
    if object_type is ObjectType.REVISION:
        directory = queries.revision(actor, oid).directory
        return Landing(name, ObjectType.DIRECTORY, directory, oid, release)
    if object_type in (ObjectType.DIRECTORY, ObjectType.CONTENT):
        return Landing(name, object_type, oid, None, release)
    shown = name.decode("utf-8", "backslashreplace")
    raise BranchNotFound(f"The branch {shown} leads to nothing that can be browsed.")


def land_at_anchor(actor: Actor, anchor: CoreSWHID) -> Landing:
    """The root directory below which a qualified SWHID's ``path`` is read: the anchor
    itself for a directory, the root of a revision (or of the revision a release names),
    the root of a snapshot's ``HEAD``.

    Raises `NotArchived` for an anchor the archive does not hold, `BranchNotFound` for a
    snapshot without a browsable ``HEAD`` or a release of something else.
    """
    if anchor.object_type is ObjectType.SNAPSHOT:
        return land(actor, anchor.object_id, b"HEAD")
    return _follow(actor, b"", anchor.object_type, anchor.object_id)

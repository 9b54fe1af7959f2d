"""Read queries for the deposit pages: a person's records, the review queue, communities.

Nothing here changes a dataset; each function that concerns one person takes their
`Actor` and shows only what they may see (owners their records, curators the versions
waiting in the communities they curate, admins everything).
"""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from sankofa.core.actors import PERMISSION_ROLES, Actor, PermissionDenied
from sankofa.datasets import access
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import Change, Community, Record, Version

COMMUNITY_SCOPE = "datasets.community:"


def records_of(actor: Actor) -> list[Record]:
    """The records `actor` deposited, newest first, each with its versions (by number)."""
    if actor.user_id is None:
        return []
    versions = Prefetch("versions", queryset=Version.objects.order_by("number"))
    found = (
        Record.objects.filter(owner_id=actor.user_id)
        .select_related("community")
        .prefetch_related(versions)
        .order_by("-created", "-pk")
    )
    return list(found)


def own_version(actor: Actor, version_id: int) -> Version:
    """A version of a record `actor` owns (or any, for admins and the node)."""
    try:
        version = Version.objects.select_related("record__community").get(pk=version_id)
    except Version.DoesNotExist:
        raise NotFound(f"no dataset version {version_id}") from None
    if not (actor.oversees_node or access.is_owner(actor, version.record)):
        raise PermissionDenied(
            f"{actor.name} may not edit version {version_id}: only the owner of the record may"
        )
    return version


def version_of(record_id: int, number: int) -> Version:
    """Version `number` of record `record_id`."""
    found = (
        Version.objects.select_related("record__community")
        .filter(record_id=record_id, number=number)
        .first()
    )
    if found is None:
        raise NotFound(f"record {record_id} has no version {number}")
    return found


def curated_community_ids(actor: Actor) -> set[int] | None:
    """The communities `actor` curates; None when they curate every community."""
    allowed = PERMISSION_ROLES["datasets.curate"]
    if actor.oversees_node or allowed & actor.roles:
        return None
    ids = set()
    for role, scope in actor.scoped_roles:
        number = scope.removeprefix(COMMUNITY_SCOPE)
        if role in allowed and scope.startswith(COMMUNITY_SCOPE) and number.isdigit():
            ids.add(int(number))
    return ids


def may_curate(actor: Actor) -> bool:
    """Whether `actor` curates anything at all."""
    ids = curated_community_ids(actor)
    return ids is None or bool(ids)


def review_queue(actor: Actor) -> list[Version]:
    """Versions waiting for review that `actor` may publish, oldest first."""
    ids = curated_community_ids(actor)
    if ids is not None and not ids:
        raise PermissionDenied(f"{actor.name} curates no community")
    waiting = Version.objects.filter(state=Version.State.IN_REVIEW).select_related(
        "record__community"
    )
    if ids is not None:
        waiting = waiting.filter(record__community_id__in=ids)
    return list(waiting.order_by("created", "pk"))


def last_return(version: Version) -> Change | None:
    """The curator's message that sent `version` back to draft, if it was sent back and not
    submitted again since."""
    latest = (
        Change.objects.filter(version=version, action__in=["submit", "return_to_draft"])
        .order_by("-id")
        .first()
    )
    return latest if latest is not None and latest.action == "return_to_draft" else None


def communities() -> QuerySet[Community]:
    return Community.objects.order_by("title", "slug")


def community(slug: str) -> Community:
    found = Community.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound(f"no community {slug!r}")
    return found


def published_in(found: Community) -> QuerySet[Version]:
    """The latest published version of each record of community `found`, newest first."""
    return (
        Version.objects.filter(
            Q(state=Version.State.PUBLISHED),
            record__community=found,
            pk=F("record__latest_id"),
        )
        .select_related("record")
        .order_by("-published_at", "-pk")
    )


__all__ = [
    "communities",
    "community",
    "curated_community_ids",
    "last_return",
    "may_curate",
    "own_version",
    "published_in",
    "records_of",
    "review_queue",
    "version_of",
]

"""Who may touch a record, loading rows under lock, and writing the audit trail.

Depositing needs "datasets.deposit" (node-wide, or on the community's scope); a draft
is edited by its owner; curating ("datasets.curate") is for the community's curators
(the role "curator" on `Community.scope_key`) and node-wide curators. Operators and
admins may do everything.
"""

from __future__ import annotations

from typing import Any

from sankofa.core.actors import Actor, PermissionDenied, require
from sankofa.datasets.errors import InvalidState, NotFound
from sankofa.datasets.models import Change, Community, Record, Version


def community_scope(record: Record) -> str | None:
    return record.community.scope_key if record.community is not None else None


def is_owner(actor: Actor, record: Record) -> bool:
    return actor.user_id is not None and actor.user_id == record.owner_id


def can_curate(actor: Actor, record: Record) -> bool:
    try:
        require(actor, "datasets.curate", community_scope(record))
    except PermissionDenied:
        return False
    return True


def require_owner(actor: Actor, record: Record, what: str) -> None:
    """The owner (who still may deposit) or someone overseeing the node."""
    if actor.oversees_node:
        return
    if not is_owner(actor, record):
        raise PermissionDenied(f"{actor.name} may not {what}: only the owner of the record may")
    require(actor, "datasets.deposit", community_scope(record))


def require_curator(actor: Actor, record: Record, what: str) -> None:
    if not can_curate(actor, record):
        raise PermissionDenied(
            f"{actor.name} may not {what}: only curators of the community or admins may"
        )


def locked_version(version_id: int) -> Version:
    """The version and its record, locked for this transaction."""
    try:
        version = Version.objects.select_for_update().get(pk=version_id)
    except Version.DoesNotExist:
        raise NotFound(f"no dataset version {version_id}") from None
    version.record = locked_record(version.record_id)
    return version


def locked_record(record_id: int) -> Record:
    try:
        return (
            Record.objects.select_for_update(of=("self",))
            .select_related("community")
            .get(pk=record_id)
        )
    except Record.DoesNotExist:
        raise NotFound(f"no dataset record {record_id}") from None


def require_draft(version: Version, what: str) -> None:
    if version.state != Version.State.DRAFT:
        raise InvalidState(
            f"cannot {what}: version {version.number} is {version.get_state_display()}, "
            "only drafts can be edited"
            + (" (published versions cannot be modified)" if version.is_frozen else "")
        )


def record_change(
    actor: Actor,
    record: Record | None,
    version: Version | None,
    action: str,
    *,
    of_community: Community | None = None,
    **details: Any,
) -> Change:
    """Append one entry to the audit trail (in the caller's transaction)."""
    return Change.objects.create(
        record=record,
        community=of_community if of_community is not None else getattr(record, "community", None),
        version=version,
        action=action,
        details=details,
        actor_name=actor.name,
        actor_user_id=actor.user_id,
    )

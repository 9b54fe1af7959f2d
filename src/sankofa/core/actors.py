"""Who acts: every service call names its actor and checks permission inside."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Which roles may do what, besides operators and admins (who may do everything).
# A role held node-wide counts everywhere; a role held on a scope (a string key such
# as "journals.journal:7", see docs/accounts.md) counts only for a check on that scope.
# Domains add their permissions here; roles need no migration.
PERMISSION_ROLES: dict[str, frozenset[str]] = {
    "archive.read": frozenset({"reader", "depositor", "curator"}),
    "archive.load": frozenset({"depositor", "curator"}),
    "archive.vault": frozenset({"reader", "depositor", "curator"}),
    "archive.fsck": frozenset(),
    "archive.save_review": frozenset({"curator"}),
    "archive.save_rules": frozenset(),
    "datasets.deposit": frozenset({"depositor", "curator"}),
    "datasets.curate": frozenset({"curator"}),
    "datasets.communities": frozenset(),
    # journals: scoped roles on "journals.journal:<pk>" (see sankofa.journals.roles)
    "journals.create": frozenset(),
    "journals.manage": frozenset({"manager"}),
    "journals.edit": frozenset({"manager", "editor", "section_editor"}),
    "journals.produce": frozenset(
        {"manager", "editor", "section_editor", "copyeditor", "layout_editor"}
    ),
    "journals.report": frozenset({"manager", "editor"}),
}


class PermissionDenied(Exception):
    """The actor may not do this."""


@dataclass(frozen=True)
class Actor:
    """A person (by user id) or the node itself (the operator's CLI, a scheduled job).

    An admin is a person who oversees the node (sees every job, for instance)
    without being the node itself.
    """

    name: str
    user_id: int | None = None
    is_operator: bool = False
    is_admin: bool = False
    roles: frozenset[str] = frozenset()  # held node-wide
    scoped_roles: frozenset[tuple[str, str]] = frozenset()  # (role, scope key)

    @classmethod
    def operator(cls, name: str = "cli") -> Actor:
        return cls(name=name, is_operator=True)

    @property
    def oversees_node(self) -> bool:
        """Whether this actor sees what everyone does: the node itself or an admin."""
        return self.is_operator or self.is_admin


def require(actor: Actor, permission: str, scope: str | None = None) -> None:
    """Raise PermissionDenied unless `actor` holds `permission` (on `scope`, if given).

    Operators and admins hold every permission; others hold those PERMISSION_ROLES
    gives to one of their node-wide roles, or to one of their roles on `scope`.
    """
    if actor.is_operator or actor.is_admin:
        return
    allowed = PERMISSION_ROLES.get(permission, frozenset())
    if allowed & actor.roles:
        return
    if scope is not None and any((role, scope) in actor.scoped_roles for role in allowed):
        return
    raise PermissionDenied(f"{actor.name} may not {permission}")


# How to rebuild the actor of a user id (with the roles they hold now), e.g. when a
# background job runs for the person who asked for it. The accounts app installs it.
_user_actor_loader: Callable[[int], Actor | None] | None = None


def install_user_actor_loader(loader: Callable[[int], Actor | None]) -> None:
    global _user_actor_loader
    _user_actor_loader = loader


def actor_of_user(user_id: int, name: str) -> Actor:
    """The actor of user `user_id` as of now.

    A user who is gone or deactivated acts with no role at all. Without a loader
    (``sankofa.accounts`` not installed) the actor is the bare user.
    """
    found = _user_actor_loader(user_id) if _user_actor_loader is not None else None
    return found if found is not None else Actor(name=name, user_id=user_id)

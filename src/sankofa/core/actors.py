"""Who acts: every service call names its actor and checks permission inside."""

from __future__ import annotations

from dataclasses import dataclass


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

    @classmethod
    def operator(cls, name: str = "cli") -> Actor:
        return cls(name=name, is_operator=True)

    @property
    def oversees_node(self) -> bool:
        """Whether this actor sees what everyone does: the node itself or an admin."""
        return self.is_operator or self.is_admin


def require(actor: Actor, permission: str) -> None:
    """Raise PermissionDenied unless `actor` holds `permission` (operators hold all)."""
    if not actor.is_operator:
        raise PermissionDenied(f"{actor.name} may not {permission}")

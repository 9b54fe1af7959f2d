"""Who acts: every service call names its actor and checks permission inside."""

from __future__ import annotations

from dataclasses import dataclass


class PermissionDenied(Exception):
    """The actor may not do this."""


@dataclass(frozen=True)
class Actor:
    """A person (by user id) or the node itself (the operator's CLI, a scheduled job)."""

    name: str
    user_id: int | None = None
    is_operator: bool = False

    @classmethod
    def operator(cls, name: str = "cli") -> Actor:
        return cls(name=name, is_operator=True)


def require(actor: Actor, permission: str) -> None:
    """Raise PermissionDenied unless `actor` holds `permission` (operators hold all)."""
    if not actor.is_operator:
        raise PermissionDenied(f"{actor.name} may not {permission}")

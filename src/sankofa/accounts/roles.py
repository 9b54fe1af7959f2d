"""Roles: node-wide (admin, curator, depositor, reader) or held on one object (a scope key).

The permissions each role carries are in `sankofa.core.actors.PERMISSION_ROLES`;
`actor_for` turns a user and their roles into the `Actor` services check.
"""

from __future__ import annotations

from django.db import models

from sankofa.accounts.models import NODE_ROLES, RoleAssignment, User
from sankofa.core.actors import Actor, require


class UnknownRole(ValueError):
    """A node-wide grant of a role that is not a node role, or a malformed role name."""


def scope_key(obj: models.Model) -> str:
    """The scope key of a model instance: "<app label>.<model name>:<primary key>"."""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"


def _check_role(role: str, scope: str) -> None:
    if not role or not all(c.isalnum() or c in "_.-" for c in role):
        raise UnknownRole(f"malformed role name {role!r}")
    if not scope and role not in NODE_ROLES:
        raise UnknownRole(f"{role!r} is not a node-wide role (one of {', '.join(NODE_ROLES)})")


def grant_role(actor: Actor, user: User, role: str, scope: str = "") -> RoleAssignment:
    """Give `user` the `role` node-wide (no scope) or on `scope`; granting twice is harmless."""
    require(actor, "accounts.grant_role")
    _check_role(role, scope)
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, scope=scope)
    return assignment


def revoke_role(actor: Actor, user: User, role: str, scope: str = "") -> bool:
    """Take `role` (on `scope`) from `user`; whether they held it."""
    require(actor, "accounts.grant_role")
    deleted, _ = RoleAssignment.objects.filter(user=user, role=role, scope=scope).delete()
    return deleted > 0


def actor_for(user: User) -> Actor:
    """The actor a user acts as: admins oversee the node; roles carry the rest (see module doc)."""
    node: set[str] = set()
    scoped: set[tuple[str, str]] = set()
    for role, scope in RoleAssignment.objects.filter(user=user).values_list("role", "scope"):
        if scope:
            scoped.add((role, scope))
        else:
            node.add(role)
    return Actor(
        name=user.email,
        user_id=user.pk,
        is_admin="admin" in node,
        roles=frozenset(node),
        scoped_roles=frozenset(scoped),
    )

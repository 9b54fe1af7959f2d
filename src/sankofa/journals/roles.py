"""A person's roles in one journal, as the workflow sees them.

Journal roles are the accounts app's scoped roles on ``Journal.scope_key``
(``journals.journal:<pk>``), named as `workflow.Role` values (``manager``, ``editor``,
``section_editor``, ``reviewer``, ``copyeditor``, ``layout_editor``). Operators and
admins act as managers of every journal. ``author`` is never granted: a person is an
author of the submissions they made or are listed on (`workflow.Facts.is_author_of`),
so `journal_roles` adds it whenever the actor is a signed-in person.
"""

from __future__ import annotations

from sankofa.core.actors import Actor
from sankofa.journals.models import Journal
from sankofa.journals.workflow import Role

__all__ = ["JOURNAL_ROLES", "journal_roles"]

# the roles a manager may grant in a journal (author is implicit, see the docstring)
JOURNAL_ROLES = tuple(r for r in Role if r is not Role.AUTHOR)
_NAMES = frozenset(str(r) for r in Role)


def journal_roles(actor: Actor, journal: Journal) -> frozenset[Role]:
    """The workflow roles `actor` holds in `journal` (see the module docstring)."""
    if actor.oversees_node:
        return frozenset({Role.MANAGER, Role.AUTHOR})
    held = {role for role, scope in actor.scoped_roles if scope == journal.scope_key}
    roles = {Role(r) for r in held if r in _NAMES}
    if actor.user_id is not None:
        roles.add(Role.AUTHOR)
    return frozenset(roles)

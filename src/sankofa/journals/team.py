"""A journal's team: who holds which journal role, granted and revoked by e-mail address.

Journal roles (`sankofa.journals.roles.JOURNAL_ROLES`: manager, editor, section_editor,
reviewer, copyeditor, layout_editor) are the accounts app's scoped roles on
``Journal.scope_key``. Managing them needs ``journals.manage`` on the journal; the grant
itself is then made by the node on the manager's behalf (a journal manager holds no
right over node-wide roles). The name a person appears under on the masthead is kept
in ``Journal.team_names``; accounts have no public name, and e-mail addresses are never
shown publicly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from sankofa.accounts.models import RoleAssignment, User, normalize_email
from sankofa.accounts.roles import grant_role, revoke_role
from sankofa.core.actors import Actor, require
from sankofa.journals.models import Journal
from sankofa.journals.roles import JOURNAL_ROLES
from sankofa.journals.workflow import Role

__all__ = [
    "JournalRoleInvalid",
    "Member",
    "grant_journal_role",
    "people_with_role",
    "revoke_journal_role",
    "team",
    "team_members",
]

_ROLE_NAMES = tuple(str(r) for r in JOURNAL_ROLES)


class JournalRoleInvalid(ValueError):
    """A grant or revocation that cannot be made; ``errors``: field (email, role) -> message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class Member(NamedTuple):
    """One role held by one person (for the team page of the journal's managers)."""

    user_id: int
    email: str
    name: str
    role: str


def _on_behalf(actor: Actor) -> Actor:
    return Actor.operator(name=f"{actor.name} (journal manager)")


def _user_and_role(email: str, role: str) -> User:
    errors: dict[str, str] = {}
    if role not in _ROLE_NAMES:
        errors["role"] = _("Choose one of the journal roles: %(roles)s.") % {
            "roles": ", ".join(_ROLE_NAMES)
        }
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        errors["email"] = _("No active account has the address %(email)s.") % {
            "email": email.strip()
        }
    if errors:
        raise JournalRoleInvalid(errors)
    assert user is not None
    return user


def grant_journal_role(
    actor: Actor, journal_id: int, email: str, role: str, *, name: str = ""
) -> int:
    """Give the account with address `email` the journal `role`; granting twice is harmless.
    A non-blank `name` becomes the name the person appears under on the masthead.
    Returns the user id. Requires ``journals.manage``; raises `JournalRoleInvalid` for an
    unknown or inactive account or a role not in `JOURNAL_ROLES` (``author`` included)."""
    with transaction.atomic():
        journal = Journal.objects.select_for_update().get(pk=journal_id)
        require(actor, "journals.manage", journal.scope_key)
        user = _user_and_role(email, role)
        grant_role(_on_behalf(actor), user, role, scope=journal.scope_key)
        if name.strip():
            journal.team_names = {**journal.team_names, str(user.pk): name.strip()[:200]}
            journal.save(update_fields=["team_names"])
    return int(user.pk)


def revoke_journal_role(actor: Actor, journal_id: int, email: str, role: str) -> bool:
    """Take the journal `role` from the account with address `email`; whether they held
    it. Requires ``journals.manage``; raises `JournalRoleInvalid` as `grant_journal_role`
    does, and when it would leave the journal without a manager."""
    with transaction.atomic():
        journal = Journal.objects.select_for_update().get(pk=journal_id)
        require(actor, "journals.manage", journal.scope_key)
        user = _user_and_role(email, role)
        if role == str(Role.MANAGER) and people_with_role(journal, [Role.MANAGER]) == [user.pk]:
            raise JournalRoleInvalid(
                {
                    "role": _(
                        "A journal keeps at least one manager; grant the role to another first."
                    )
                }
            )
        return revoke_role(_on_behalf(actor), user, role, scope=journal.scope_key)


def people_with_role(journal: Journal, roles: Iterable[str]) -> list[int]:
    """The ids of the active accounts holding any of `roles` in `journal`, ascending, once
    each (node operators and admins are not listed: they hold no journal role)."""
    wanted = [str(r) for r in roles]
    ids = (
        RoleAssignment.objects.filter(
            scope=journal.scope_key, role__in=wanted, user__is_active=True
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sorted(int(i) for i in ids)


def team_members(journal: Journal) -> list[Member]:
    """Every journal role held in `journal`, by role (in `JOURNAL_ROLES` order) then
    address; e-mail addresses included: for the journal's managers only."""
    rows = RoleAssignment.objects.filter(
        scope=journal.scope_key, role__in=_ROLE_NAMES, user__is_active=True
    ).values_list("user_id", "user__email", "role")
    members = [
        Member(int(uid), email, journal.team_names.get(str(uid), ""), role)
        for uid, email, role in rows
    ]
    return sorted(members, key=lambda m: (_ROLE_NAMES.index(m.role), m.email))


def team(journal_id: int) -> dict[str, list[tuple[int, str]]]:
    """``{role: [(user id, name), ...]}`` for each journal role held in the journal (roles
    in `JOURNAL_ROLES` order, people by name); the name is the masthead name, "" if none
    was given. No e-mail addresses."""
    journal = Journal.objects.get(pk=journal_id)
    result: dict[str, list[tuple[int, str]]] = {}
    for member in team_members(journal):
        result.setdefault(member.role, []).append((member.user_id, member.name))
    for people in result.values():
        people.sort(key=lambda p: (p[1].casefold(), p[0]))
    return result

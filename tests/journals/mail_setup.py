"""People and journals for the mail and inbox tests (rows made directly)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from sankofa.accounts.roles import actor_for, grant_role
from sankofa.core.actors import Actor
from sankofa.journals.models import Journal, Submission


@dataclass
class Person:
    user_id: int
    email: str
    actor: Actor


def person(email: str, *, active: bool = True) -> Person:
    user = get_user_model().objects.create_user(email, None, is_active=active)
    return Person(user.pk, user.email, actor_for(user))


def journal(
    slug: str = "rivers", primary: str = "en", languages: list[str] | None = None
) -> Journal:
    return Journal.objects.create(
        slug=slug,
        title={"en": "Rivers Review", "fr": "Revue des rivières"},
        primary_language=primary,
        languages=languages if languages is not None else [primary],
    )


def manager_of(made: Journal, email: str = "manager@example.org") -> Person:
    who = person(email)
    user = get_user_model().objects.get(pk=who.user_id)
    grant_role(Actor.operator(), user, "manager", scope=made.scope_key)
    return Person(who.user_id, who.email, actor_for(user))


def submission(made: Journal) -> Submission:
    return Submission.objects.create(
        journal=made, language="en", title={"en": "Deltas in flux", "fr": "Deltas mouvants"}
    )

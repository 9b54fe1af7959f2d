"""A job runs as the person who asked for it, with the roles they hold when it runs."""

from __future__ import annotations

import pytest

from sankofa.accounts.models import User
from sankofa.accounts.roles import actor_for, grant_role
from sankofa.core.actors import Actor
from sankofa.core.jobs.models import Job

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")


def job_for(actor: Actor) -> Job:
    return Job.objects.create(
        name="test.noop",
        max_attempts=1,
        requested_by=actor.user_id,
        requested_by_name=actor.name,
        requested_as_operator=actor.is_operator,
        requested_as_admin=actor.is_admin,
    )


def test_the_job_actor_carries_the_requesters_current_roles() -> None:
    user = User.objects.create_user("curator@example.org", "a long passphrase")
    job = job_for(actor_for(user))
    assert job.actor().roles == frozenset()
    grant_role(OPERATOR, user, "curator")
    assert job.actor() == actor_for(user)
    assert "curator" in job.actor().roles


def test_a_deactivated_requester_keeps_no_role_not_even_admin() -> None:
    user = User.objects.create_user("admin@example.org", "a long passphrase")
    grant_role(OPERATOR, user, "admin")
    job = job_for(actor_for(user))
    assert job.actor().is_admin
    user.is_active = False
    user.save()
    assert job.actor() == Actor(name="admin@example.org", user_id=user.pk)


def test_an_operator_job_stays_an_operator_job() -> None:
    assert job_for(OPERATOR).actor().is_operator

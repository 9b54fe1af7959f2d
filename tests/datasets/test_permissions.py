"""Who may do what: the depositor, another user, curators (node-wide and of a community), admins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone

from sankofa.accounts import roles
from sankofa.accounts.models import User
from sankofa.core.actors import PermissionDenied
from sankofa.datasets import services
from sankofa.datasets.errors import InvalidState
from sankofa.datasets.models import Community, Version
from tests.datasets.conftest import (
    ADA,
    ADMIN,
    BOB,
    CURATOR,
    OPERATOR,
    READER,
    community_curator,
    resource,
)

pytestmark = pytest.mark.django_db

MakeFile = Callable[[str, bytes], Path]


def ready_draft(community: Community | None = None) -> Version:
    draft = services.create_draft(ADA, community)
    services.set_metadata(ADA, draft.pk, resource())
    return draft


def test_only_depositors_create_drafts(node_home: Path) -> None:
    with pytest.raises(PermissionDenied, match=r"rita may not datasets\.deposit"):
        services.create_draft(READER)
    assert services.create_draft(BOB).record.owner_id == BOB.user_id
    assert services.create_draft(CURATOR).record.owner_name == "carl"


def test_another_user_cannot_touch_a_draft(make_file: MakeFile, node_home: Path) -> None:
    draft = ready_draft()
    upload = make_file("a.csv", b"1\n")
    calls: list[Callable[[], object]] = [
        lambda: services.set_metadata(BOB, draft.pk, resource("Mine now")),
        lambda: services.add_file(BOB, draft.pk, "a.csv", upload),
        lambda: services.remove_file(BOB, draft.pk, "a.csv"),
        lambda: services.submit(BOB, draft.pk),
        lambda: services.publish(BOB, draft.pk),
        lambda: services.discard_draft(BOB, draft.pk),
        lambda: services.history(BOB, draft.record_id),
        lambda: services.publish(READER, draft.pk),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert Version.objects.get(pk=draft.pk).title == "Rainfall in Accra, 1990-2020"
    assert [c.action for c in services.history(ADA, draft.record_id)] == [
        "create_draft",
        "set_metadata",
    ]


def test_withdrawal_is_for_curators_and_admins(node_home: Path) -> None:
    v1 = services.publish(ADA, ready_draft().pk)
    v2 = services.publish(ADA, services.new_version(ADA, v1.record_id).pk)
    for actor in (ADA, BOB, READER):
        with pytest.raises(PermissionDenied, match="only curators of the community or admins"):
            services.withdraw(actor, v1.pk, "no")
    services.withdraw(ADMIN, v1.pk, "by an admin")
    services.withdraw(CURATOR, v2.pk, "by a curator")
    assert Version.objects.filter(state="withdrawn").count() == 2


def test_history_is_for_owner_curators_and_admins(node_home: Path) -> None:
    draft = ready_draft()
    for actor in (ADA, CURATOR, ADMIN, OPERATOR):
        assert len(services.history(actor, draft.record_id)) == 2
    for actor in (BOB, READER):
        with pytest.raises(PermissionDenied, match="only its owner and curators"):
            services.history(actor, draft.record_id)


def test_a_community_with_review(node_home: Path) -> None:
    with pytest.raises(PermissionDenied):
        services.create_community(CURATOR, "ocean", "Ocean data", review_required=True)
    ocean = services.create_community(OPERATOR, "ocean", "Ocean data", review_required=True)
    other = services.create_community(OPERATOR, "soil", "Soil data", review_required=True)
    draft = ready_draft(ocean)

    # the owner cannot publish past review; submitting hands it to the curators
    with pytest.raises(PermissionDenied, match="only curators of the community"):
        services.publish(ADA, draft.pk)
    assert services.submit(ADA, draft.pk).state == "in_review"
    with pytest.raises(InvalidState, match="only drafts can be edited"):
        services.set_metadata(ADA, draft.pk, resource("changed in review"))

    # a curator of another community may not; one of this community may
    with pytest.raises(PermissionDenied):
        services.publish(community_curator(other.scope_key), draft.pk)
    cora = community_curator(ocean.scope_key)
    assert services.publish(cora, draft.pk).state == "published"
    services.withdraw(cora, draft.pk, "duplicate of another record")
    assert len(services.history(cora, draft.record_id)) == 5


def test_a_curator_publishes_only_what_was_submitted(node_home: Path) -> None:
    ocean = services.create_community(OPERATOR, "ocean", "Ocean data", review_required=True)
    draft = ready_draft(ocean)
    with pytest.raises(InvalidState, match="only versions submitted for review"):
        services.publish(CURATOR, draft.pk)


def test_community_curators_come_from_account_roles(node_home: Path) -> None:
    ocean = services.create_community(OPERATOR, "ocean", "Ocean data", review_required=True)
    draft = ready_draft(ocean)
    services.submit(ADA, draft.pk)
    person = User.objects.create_user(
        "cora@example.org", "a long enough passphrase", email_verified=timezone.now()
    )
    with pytest.raises(PermissionDenied):
        services.publish(roles.actor_for(person), draft.pk)
    roles.grant_role(OPERATOR, person, "curator", roles.scope_key(ocean))
    assert roles.scope_key(ocean) == ocean.scope_key
    assert services.publish(roles.actor_for(person), draft.pk).state == "published"

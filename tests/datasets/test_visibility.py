"""Access to a version's files: open, embargoed (lifted on its date), restricted (requests,
granted links that expire), metadata-only; drafts for their owner; the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from sankofa.accounts import roles
from sankofa.accounts.models import User
from sankofa.core.actors import Actor, PermissionDenied
from sankofa.datasets import services, visibility
from sankofa.datasets.errors import InvalidState, NotFound
from sankofa.datasets.models import AccessRequest, Change, Version
from sankofa.datasets.visibility import effective_access
from tests.datasets.conftest import ADA, ADMIN, BOB, CURATOR, OPERATOR, READER, resource

pytestmark = pytest.mark.django_db

PUBLIC = Actor(name="public")
MakeFile = Callable[[str, bytes], Path]
TODAY = date(2024, 3, 1)  # a day in the past: the real today is after every date here


def publish(
    owner: Actor,
    make_file: MakeFile,
    level: str = "open",
    until: date | None = None,
    today: date | None = None,
) -> Version:
    draft = services.create_draft(owner)
    services.set_metadata(owner, draft.pk, resource())
    services.add_file(owner, draft.pk, "rain.csv", make_file("rain.csv", b"year,mm\n1990,812\n"))
    visibility.set_access(owner, draft.pk, level, until, today=today or TODAY)
    return services.submit(owner, draft.pk)


def owner(email: str = "ada@example.org") -> tuple[User, Actor]:
    user = User.objects.create_user(email, "a long pass phrase", email_verified=timezone.now())
    roles.grant_role(OPERATOR, user, "depositor")
    return user, roles.actor_for(user)


def test_an_embargo_opens_on_its_date_even_before_the_job_runs(
    node_home: Path, make_file: MakeFile
) -> None:
    until = TODAY + timedelta(days=30)
    version = publish(ADA, make_file, "embargoed", until)
    assert version.access == "embargoed" and version.embargo_until == until
    day_before, on_the_day = until - timedelta(days=1), until
    assert effective_access(version, day_before) == "embargoed"
    assert not visibility.can_download(PUBLIC, version, today=day_before)
    assert not visibility.can_download(READER, version, today=day_before)
    for privileged in (ADA, CURATOR, ADMIN, OPERATOR):  # owner, curators, admins: always
        assert visibility.can_download(privileged, version, today=day_before)
    assert effective_access(version, on_the_day) == "open"
    assert visibility.can_download(PUBLIC, version, today=on_the_day)
    assert visibility.files_listed(PUBLIC, version)


def test_the_daily_job_lifts_due_embargoes_and_records_it(
    node_home: Path, make_file: MakeFile
) -> None:
    due = publish(ADA, make_file, "embargoed", TODAY + timedelta(days=10))
    later = publish(BOB, make_file, "embargoed", TODAY + timedelta(days=400))
    assert visibility.lift_embargoes(OPERATOR, today=TODAY + timedelta(days=9)) == []
    assert visibility.lift_embargoes(OPERATOR, today=TODAY + timedelta(days=10)) == [due.pk]
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.access, later.access) == ("open", "embargoed")
    change = Change.objects.get(action="lift_embargo")
    assert change.version_id == due.pk and change.actor_name == "test"
    assert change.details == {"embargo_until": (TODAY + timedelta(days=10)).isoformat()}
    # the job itself, as the scheduler enqueues it (today's date: both dates are past)
    from sankofa.datasets.tasks import lift_embargoes

    assert lift_embargoes(OPERATOR) == {"opened": [later.pk]}


@pytest.mark.parametrize(
    ("level", "until", "field", "message"),
    [
        ("secret", None, "access", "unknown access level 'secret'"),
        ("embargoed", None, "embargo_until", "needs the date it ends"),
        ("embargoed", TODAY, "embargo_until", "must end after today"),
        ("embargoed", TODAY - timedelta(days=3), "embargo_until", "must end after today"),
        ("embargoed", TODAY + timedelta(days=5000), "embargo_until", "at the latest"),
    ],
)
def test_set_access_refuses_bad_levels_and_dates(
    node_home: Path, level: str, until: date | None, field: str, message: str
) -> None:
    draft = services.create_draft(ADA)
    with pytest.raises(visibility.InvalidAccess, match=message) as caught:
        visibility.set_access(ADA, draft.pk, level, until, today=TODAY)
    assert caught.value.field == field
    draft.refresh_from_db()
    assert (draft.access, draft.embargo_until) == ("open", None)


def test_set_access_is_for_the_owner_of_a_draft_and_is_audited(
    node_home: Path, make_file: MakeFile
) -> None:
    draft = services.create_draft(ADA)
    with pytest.raises(PermissionDenied):
        visibility.set_access(BOB, draft.pk, "restricted")
    until = TODAY + timedelta(days=1)
    visibility.set_access(ADA, draft.pk, "embargoed", until, today=TODAY)
    visibility.set_access(ADA, draft.pk, "metadata_only", until, today=TODAY)  # date cleared
    draft.refresh_from_db()
    assert (draft.access, draft.embargo_until) == ("metadata_only", None)
    changes = list(Change.objects.filter(action="set_access").values_list("details", flat=True))
    assert changes[0]["access"] == "embargoed" and changes[0]["embargo_until"] == "2024-03-02"
    assert changes[1]["before"] == "embargoed" and changes[1]["embargo_until"] is None
    published = publish(ADA, make_file)
    with pytest.raises(InvalidState, match="only drafts can be edited"):
        visibility.set_access(ADA, published.pk, "restricted")
    with pytest.raises(NotFound):
        visibility.set_access(ADA, 10**9, "open")


def test_metadata_only_files_are_neither_listed_nor_downloadable(
    node_home: Path, make_file: MakeFile
) -> None:
    version = publish(ADA, make_file, "metadata_only")
    for actor in (PUBLIC, READER, BOB):
        assert not visibility.files_listed(actor, version)
        assert not visibility.can_download(actor, version)
        with pytest.raises(visibility.AccessDenied) as caught:  # before the name is looked up
            visibility.file_for_download(actor, version.record_id, 1, "no such name")
        assert caught.value.access == "metadata_only"
    assert visibility.files_listed(ADA, version) and visibility.can_download(CURATOR, version)
    assert visibility.file_for_download(ADA, version.record_id, 1, "rain.csv").sha256


def test_drafts_are_for_their_owner_and_tombstones_offer_nothing(
    node_home: Path, make_file: MakeFile
) -> None:
    draft = services.create_draft(ADA)
    services.add_file(ADA, draft.pk, "a.txt", make_file("a.txt", b"a"))
    assert visibility.can_download(ADA, draft) and visibility.can_download(ADMIN, draft)
    for other in (BOB, PUBLIC, CURATOR):
        assert not visibility.can_download(other, draft)
        with pytest.raises(NotFound):  # a draft does not say it exists
            visibility.file_for_download(other, draft.record_id, 1, "a.txt")
    version = publish(ADA, make_file)
    services.withdraw(CURATOR, version.pk, "consent withdrawn")
    version.refresh_from_db()
    assert not visibility.can_download(ADA, version) and not visibility.files_listed(
        PUBLIC, version
    )
    with pytest.raises(visibility.FilesWithdrawn):
        visibility.file_for_download(ADA, version.record_id, 1, "rain.csv")


def test_restricted_request_grant_and_expiry_with_mail(
    node_home: Path, make_file: MakeFile, django_capture_on_commit_callbacks: Any
) -> None:
    _, ada = owner()
    version = publish(ada, make_file, "restricted")
    assert visibility.files_listed(PUBLIC, version)
    assert not visibility.can_download(PUBLIC, version)
    with django_capture_on_commit_callbacks(execute=True):
        asked = visibility.request_access(
            PUBLIC, version.record_id, " Kofi ", "kofi@example.org", "For my thesis."
        )
    assert (asked.state, asked.name, asked.requester_id) == ("pending", "Kofi", None)
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert "kofi@example.org" in mail.outbox[0].body and "For my thesis." in mail.outbox[0].body
    assert "/access-requests/" in mail.outbox[0].body
    # asking again while pending: the same request, no second mail
    again = visibility.request_access(PUBLIC, version.record_id, "Kofi", "KOFI@example.org")
    assert again.pk == asked.pk and len(mail.outbox) == 1
    assert [r.pk for r in visibility.pending_requests(ada)] == [asked.pk]
    assert visibility.pending_requests(BOB) == []

    with pytest.raises(PermissionDenied):
        visibility.decide_access(BOB, asked.pk, True)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        granted, token = visibility.decide_access(ada, asked.pk, True, days=3, now=now)
    assert token and granted.state == "granted" and granted.expires == now + timedelta(days=3)
    stored = AccessRequest.objects.get(pk=asked.pk)
    assert token not in (stored.token_hash, stored.message) and len(stored.token_hash) == 64
    assert mail.outbox[1].to == ["kofi@example.org"] and f"?token={token}" in mail.outbox[1].body
    assert visibility.can_download(PUBLIC, version, token, now=now + timedelta(days=2))
    assert not visibility.can_download(PUBLIC, version, token, now=now + timedelta(days=3))
    assert not visibility.can_download(PUBLIC, version, token + "x")
    with pytest.raises(InvalidState, match="already granted"):
        visibility.decide_access(ada, asked.pk, False)
    # the grant opens the record's next versions too
    services.new_version(ada, version.record_id)
    nxt = services.submit(ada, Version.objects.get(record=version.record, number=2).pk)
    assert visibility.can_download(PUBLIC, nxt, token)


def test_refusal_is_mailed_and_opens_nothing(
    node_home: Path, make_file: MakeFile, django_capture_on_commit_callbacks: Any
) -> None:
    _, ada = owner()
    version = publish(ada, make_file, "restricted")
    signed_in_reader = Actor(name="rita", user_id=77)
    asked = visibility.request_access(signed_in_reader, version.record_id, "Rita", "r@example.org")
    assert asked.requester_id == 77
    with django_capture_on_commit_callbacks(execute=True):
        refused, token = visibility.decide_access(CURATOR, asked.pk, False)  # curators may
    assert token is None and refused.state == "refused" and refused.token_hash == ""
    assert "did not grant" in mail.outbox[-1].body and mail.outbox[-1].to == ["r@example.org"]
    assert not visibility.can_download(signed_in_reader, version)


def test_a_granted_signed_in_requester_needs_no_token(node_home: Path, make_file: MakeFile) -> None:
    version = publish(ADA, make_file, "restricted")
    rita = Actor(name="rita", user_id=77)
    asked = visibility.request_access(rita, version.record_id, "Rita", "r@example.org")
    visibility.decide_access(ADA, asked.pk, True)
    assert visibility.can_download(rita, version) and not visibility.can_download(PUBLIC, version)


@pytest.mark.parametrize(
    ("name", "email", "message", "field"),
    [
        ("", "k@example.org", "", "name"),
        ("Kofi", "not an address", "", "email"),
        ("Kofi", "k@example.org", "x" * 4001, "message"),
        ("K" * 201, "k@example.org", "", "name"),
    ],
)
def test_bad_requests_name_the_field(
    node_home: Path, make_file: MakeFile, name: str, email: str, message: str, field: str
) -> None:
    version = publish(ADA, make_file, "restricted")
    with pytest.raises(visibility.InvalidAccess) as caught:
        visibility.request_access(PUBLIC, version.record_id, name, email, message)
    assert caught.value.field == field and not AccessRequest.objects.exists()


def test_only_restricted_records_take_requests(node_home: Path, make_file: MakeFile) -> None:
    version = publish(ADA, make_file, "open")
    with pytest.raises(InvalidState, match="not restricted"):
        visibility.request_access(PUBLIC, version.record_id, "Kofi", "k@example.org")
    with pytest.raises(NotFound):
        visibility.request_access(PUBLIC, 10**9, "Kofi", "k@example.org")
    with pytest.raises(visibility.InvalidAccess, match="1 to 3660 days"):
        visibility.decide_access(ADA, 1, True, days=0)

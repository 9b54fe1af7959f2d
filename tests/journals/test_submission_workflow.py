"""Submitting, the frozen submission, revisions and withdrawal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse

from sankofa.accounts.models import User
from sankofa.journals import editorial, submissions
from sankofa.journals.models import Author, Notification, StageEvent, Submission, SubmissionFile
from sankofa.journals.workflow import Action
from tests.journals.submission_fixtures import (
    actor,
    author_row,
    blobs,
    complete_draft,
    journal,
    person,
)

__all__ = ["blobs"]

pytestmark = pytest.mark.django_db


def test_an_incomplete_draft_says_everything_it_lacks(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    draft = submissions.start_submission(ama, journal().pk, language="fr")
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.submit(ama, draft.pk)
    assert set(caught.value.errors) == {"title.fr", "abstract.fr", "authors", "manuscript"}
    submissions.set_metadata(
        ama, draft.pk, title={"fr": "Calaos"}, abstract={"fr": "Résumé."}, keywords={}
    )
    submissions.set_authors(ama, draft.pk, [author_row()])
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.submit(ama, draft.pk)
    assert set(caught.value.errors) == {"manuscript"}
    assert Submission.objects.get(pk=draft.pk).submitted is None
    assert not StageEvent.objects.exists()


def test_submitting_records_the_event_and_tells_the_editors_and_the_author(
    blobs: Path,
) -> None:
    where = journal()
    editor = person("ed@example.org", "editor", scope=where.scope_key)
    manager = person("mo@example.org", "manager", scope=where.scope_key)
    person("other@example.org", "editor", scope="journals.journal:999")
    ama = actor(person("ama@example.org"))
    draft = complete_draft(ama, where)
    done = submissions.submit(ama, draft.pk)
    assert done.submitted is not None
    event = StageEvent.objects.get(submission=done)
    assert (event.from_stage, event.to_stage, event.actor_id) == ("", "submitted", ama.user_id)
    received = Notification.objects.filter(key="submission_received")
    assert sorted(received.values_list("user_id", flat=True)) == sorted([editor.pk, manager.pk])
    acknowledged = Notification.objects.get(key="submission_acknowledged")
    assert acknowledged.user_id == ama.user_id
    assert acknowledged.submission_id == done.pk
    assert acknowledged.url == reverse("journals:submission", args=[done.pk])
    assert received.first().url == reverse(  # type: ignore[union-attr]
        "journals:editorial-submission", args=[where.slug, done.pk]
    )


def test_an_editor_who_submits_is_told_as_the_author_only(blobs: Path) -> None:
    where = journal()
    editor = actor(person("ed@example.org", "editor", scope=where.scope_key))
    other = person("mo@example.org", "manager", scope=where.scope_key)
    submissions.submit(editor, complete_draft(editor, where).pk)
    received = Notification.objects.filter(key="submission_received")
    assert list(received.values_list("user_id", flat=True)) == [other.pk]
    assert Notification.objects.get(key="submission_acknowledged").user_id == editor.user_id


def test_a_submitted_submission_is_frozen_for_its_author(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    draft = complete_draft(ama, journal())
    submissions.submit(ama, draft.pk)
    manuscript = SubmissionFile.objects.get(submission=draft)
    with pytest.raises(submissions.SubmissionFrozen):
        submissions.submit(ama, draft.pk)
    with pytest.raises(submissions.SubmissionFrozen):
        submissions.set_metadata(ama, draft.pk, title={"en": "New"}, abstract={}, keywords={})
    with pytest.raises(submissions.SubmissionFrozen):
        submissions.set_authors(ama, draft.pk, [author_row(surname="Other")])
    with pytest.raises(submissions.SubmissionFrozen):
        submissions.add_file(ama, draft.pk, "supplementary", "x.csv", io.BytesIO(b"x"))
    with pytest.raises(submissions.SubmissionFrozen):
        submissions.remove_file(ama, manuscript.pk)
    with pytest.raises(submissions.SubmissionFrozen):
        submissions.discard_draft(ama, draft.pk)
    assert Submission.objects.get(pk=draft.pk).title["en"] == "Seed dispersal by hornbills"


def test_a_listed_author_with_an_account_sees_the_submitted_submission(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    kofi_user = person("kofi@example.org")
    kofi = actor(kofi_user)
    draft = complete_draft(ama, journal())
    Submission.objects.filter(pk=draft.pk)  # listed by the submitter below
    from sankofa.journals.models import Author

    Author.objects.create(submission=draft, surname="Boateng", order=1, user_id=kofi_user.pk)
    assert list(submissions.my_submissions(kofi)) == []  # a draft stays the submitter's
    submissions.submit(ama, draft.pk)
    assert list(submissions.my_submissions(kofi)) == [Submission.objects.get(pk=draft.pk)]
    assert submissions.own_submission(kofi, draft.pk).pk == draft.pk


def _asked_for_revision(submission: Submission) -> None:
    """What an editor's decision leaves (A3's workflow makes it; set here directly)."""
    Submission.objects.filter(pk=submission.pk).update(stage="minor_revisions", round=1)


def test_a_revision_adds_files_of_the_round_and_moves_the_stage(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    draft = complete_draft(ama, journal())
    submissions.submit(ama, draft.pk)
    with pytest.raises(submissions.SubmissionFrozen):  # no revision asked for yet
        submissions.submit_revision(ama, draft.pk, [("v2.pdf", io.BytesIO(b"%PDF v2"))])
    assert not SubmissionFile.objects.filter(kind="revision").exists()
    _asked_for_revision(draft)
    with pytest.raises(submissions.SubmissionInvalid):
        submissions.submit_revision(ama, draft.pk, [])
    stranger = actor(person("sly@example.org"))
    with pytest.raises(submissions.SubmissionNotFound):
        submissions.submit_revision(stranger, draft.pk, [("v2.pdf", io.BytesIO(b"%PDF"))])
    with pytest.raises(submissions.SubmissionInvalid):  # a bad name stores nothing
        submissions.submit_revision(
            ama, draft.pk, [("v2.pdf", io.BytesIO(b"%PDF")), ("../x", io.BytesIO(b"x"))]
        )
    assert not SubmissionFile.objects.filter(kind="revision").exists()
    moved = submissions.submit_revision(
        ama,
        draft.pk,
        [("v2.pdf", io.BytesIO(b"%PDF v2")), ("response.txt", io.BytesIO(b"Thanks"))],
        note="We answered every point.",
    )
    assert moved.stage == "revised"
    revisions = SubmissionFile.objects.filter(submission=draft, kind="revision")
    assert sorted(revisions.values_list("name", "round")) == [("response.txt", 1), ("v2.pdf", 1)]
    event = StageEvent.objects.filter(submission=draft).last()
    assert event is not None
    assert (event.to_stage, event.note) == ("revised", "We answered every point.")


def test_withdrawal_goes_through_the_workflow(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    draft = complete_draft(ama, journal())
    with pytest.raises(submissions.SubmissionFrozen):  # a draft is discarded instead
        submissions.withdraw(ama, draft.pk)
    submissions.submit(ama, draft.pk)
    stranger = actor(person("sly@example.org"))
    with pytest.raises(submissions.SubmissionNotFound):
        submissions.withdraw(stranger, draft.pk)
    done = submissions.withdraw(ama, draft.pk)
    assert done.stage == "withdrawn"
    assert StageEvent.objects.filter(submission=draft, to_stage="withdrawn").count() == 1
    with pytest.raises(submissions.SubmissionFrozen):  # a final stage
        submissions.withdraw(ama, draft.pk)


def test_a_coauthor_with_a_verified_account_is_an_author_of_the_submission(
    blobs: Path,
) -> None:
    where = journal()
    kofi = actor(person("Kofi.Boateng@example.org", "editor", scope=where.scope_key))
    efua = actor(User.objects.create_user("efua@example.org", "pw-unverified-1"))
    ama = actor(person("ama@example.org"))
    draft = complete_draft(ama, where)
    coauthors = [
        author_row(given_names="Kofi", surname="Boateng", email=" kofi.boateng@EXAMPLE.org"),
        author_row(given_names="Efua", surname="Owusu", email="efua@example.org"),
    ]
    for row in coauthors:
        row.update(orcid="", corresponding=False)
    submissions.set_authors(ama, draft.pk, [author_row(), *coauthors])
    done = submissions.submit(ama, draft.pk)
    linked = dict(Author.objects.filter(submission=done).values_list("surname", "user_id"))
    assert linked == {"Mensah": ama.user_id, "Boateng": kofi.user_id, "Owusu": None}
    # the editor who wrote it acts on it only as its author, and finds it among their own
    assert editorial.is_author_of(kofi, done) and not editorial.is_author_of(efua, done)
    assert [s.pk for s in submissions.my_submissions(kofi)] == [done.pk]
    assert submissions.own_submission(kofi, done.pk) == done
    with pytest.raises(editorial.EditorialError) as refused:
        editorial.move(kofi, done.pk, Action.START_SCREENING)
    assert refused.value.forbidden
    assert done.pk not in [s.pk for s in editorial.queue(kofi, where.pk)]

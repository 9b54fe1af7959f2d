"""Review services on real rows: invitations and answers, review forms, who sees what
(double-anonymous, single-anonymous, open), and reminders at a fixed time."""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sankofa.core.blobstore import get_blobstore
from sankofa.core.jobs import periodic
from sankofa.datasets.files import store_content
from sankofa.journals import editorial, reviews
from sankofa.journals.models import Notification, ReviewAssignment, SubmissionFile
from sankofa.journals.reviews import ReviewError
from sankofa.journals.workflow import Action
from tests.journals.editorial_setup import (
    MANUSCRIPT,
    REVIEWER_COPY,
    Team,
    make_team,
    reviewed,
    submit,
)

pytestmark = pytest.mark.django_db

QUESTIONS: list[dict[str, Any]] = [
    {"id": "novelty", "label": {"en": "What is new?"}, "kind": "text", "required": True},
    {
        "id": "data",
        "label": {"en": "Are the data available?"},
        "kind": "choice",
        "choices": [{"en": "yes"}, {"en": "no"}],
        "required": True,
    },
    {"id": "rigour", "label": {"en": "Rigour"}, "kind": "scale", "min": 1, "max": 5},
]


def in_review(team: Team) -> int:
    s = submit(team)
    editorial.move(team.editor, s.pk, Action.START_SCREENING)
    editorial.assign_editor(team.editor, s.pk, team.section_editor.user_id or 0)
    editorial.move(team.section_editor, s.pk, Action.SEND_TO_REVIEW)
    return s.pk


def test_invite_respond_and_review_with_a_form(node_home: Path, settings: Any) -> None:
    settings.SANKOFA_JOURNAL_REVIEW_DAYS = 10
    team = make_team()
    form = reviews.save_review_form(team.manager, team.journal.pk, QUESTIONS, {"en": "Form"})
    sid = in_review(team)
    review = reviews.invite(team.section_editor, sid, team.reviewer.user_id or 0)
    assert review.due == timezone.localdate() + timedelta(days=10)
    assert review.form == form and review.round == 1 and review.state == "invited"
    invitation = Notification.objects.get(key="review_invitation")
    assert invitation.user_id == team.reviewer.user_id
    assert invitation.url.endswith(f"/journals/reviews/{review.pk}/")

    with pytest.raises(ReviewError) as other:
        reviews.respond(team.reviewer2, review.pk, True)
    assert other.value.forbidden
    with pytest.raises(ReviewError, match="Accept the invitation first"):
        reviews.submit_review(team.reviewer, review.pk, recommendation="accept", answers={})
    reviews.respond(team.reviewer, review.pk, True)
    assert Notification.objects.get(key="review_response").user_id == team.section_editor.user_id
    with pytest.raises(ReviewError, match="already answered"):
        reviews.respond(team.reviewer, review.pk, False)

    with pytest.raises(ReviewError) as bad:
        reviews.submit_review(
            team.reviewer,
            review.pk,
            recommendation="publish it",
            answers={"data": "7", "rigour": "9"},
        )
    assert set(bad.value.errors) == {
        "recommendation",
        "answers.novelty",
        "answers.data",
        "answers.rigour",
    }
    assert ReviewAssignment.objects.get(pk=review.pk).state == "accepted"
    done = reviews.submit_review(
        team.reviewer,
        review.pk,
        recommendation="minor_revisions",
        answers={"novelty": " Ten seasons. ", "data": "0", "rigour": 4, "extra": "ignored"},
        comments_to_author="Add 2019.",
        confidential_comments="Careful authors.",
    )
    assert done.state == "completed" and done.answers == {
        "novelty": "Ten seasons.",
        "data": 0,
        "rigour": 4,
    }
    assert Notification.objects.get(key="review_completed").user_id == team.section_editor.user_id
    with pytest.raises(ReviewError, match="no longer be changed"):
        reviews.submit_review(team.reviewer, review.pk, recommendation="accept", answers={})

    editor_views = reviews.reviews_for(team.editor, done.submission)
    assert editor_views[0].answers == [
        ("What is new?", "Ten seasons."),
        ("Are the data available?", "yes"),
        ("Rigour", "4 / 5"),
    ]
    assert editor_views[0].confidential_comments == "Careful authors."


def test_invitation_refusals(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    with pytest.raises(ReviewError, match="while the submission is in review"):
        reviews.invite(team.editor, s.pk, team.reviewer.user_id or 0)
    sid = in_review(team)
    with pytest.raises(ReviewError) as not_editor:
        reviews.invite(team.copyeditor, sid, team.reviewer.user_id or 0)
    assert not_editor.value.forbidden
    with pytest.raises(ReviewError) as author:
        reviews.invite(team.editor, sid, team.coauthor.user_id or 0)
    assert author.value.errors == {"reviewer": "An author cannot review their own submission."}
    with pytest.raises(ReviewError) as past:
        reviews.invite(team.editor, sid, team.reviewer.user_id or 0, date(2020, 1, 1))
    assert "due" in past.value.errors
    with pytest.raises(ReviewError) as unknown:
        reviews.invite_by_email(team.editor, sid, "who@nowhere.example")
    assert "email" in unknown.value.errors
    with pytest.raises(ReviewError, match="handling editor cannot review"):
        reviews.invite(team.editor, sid, team.section_editor.user_id or 0)
    first = reviews.invite_by_email(team.editor, sid, "REV.ONE@review.example")
    assert first.reviewer_id == team.reviewer.user_id
    with pytest.raises(ReviewError, match="already invited"):
        reviews.invite(team.editor, sid, team.reviewer.user_id or 0)
    cancelled = reviews.cancel(team.editor, first.pk)
    assert cancelled.state == "cancelled"
    with pytest.raises(ReviewError) as gone:
        reviews.submission_for_reviewer(team.reviewer, first.pk)
    assert gone.value.forbidden


def test_review_form_questions_are_checked(node_home: Path) -> None:
    team = make_team()
    with pytest.raises(ReviewError) as bad:
        reviews.save_review_form(
            team.manager,
            team.journal.pk,
            [
                {"id": "Bad Id", "label": {}, "kind": "essay"},
                {"label": {"en": "Pick"}, "kind": "choice", "choices": ["one"]},
                {"label": {"en": "Scale"}, "kind": "scale", "min": 5, "max": 1},
            ],
            {"en": "Form"},
        )
    assert set(bad.value.errors) == {
        "questions[0].id",
        "questions[0].label",
        "questions[0].kind",
        "questions[1].choices",
        "questions[2].max",
    }
    from sankofa.core.actors import PermissionDenied

    with pytest.raises(PermissionDenied):
        reviews.save_review_form(team.editor, team.journal.pk, QUESTIONS, {"en": "Form"})
    old = reviews.save_review_form(team.manager, team.journal.pk, QUESTIONS, {"en": "One"})
    new = reviews.save_review_form(team.manager, team.journal.pk, QUESTIONS[:1], {"en": "Two"})
    old.refresh_from_db()
    assert not old.active and reviews.active_form(team.journal) == new


def test_double_anonymous_reviewer_sees_no_author(node_home: Path) -> None:
    team = make_team("double_anonymous")
    sid = in_review(team)
    review = reviews.invite(team.editor, sid, team.reviewer.user_id or 0)
    before = reviews.submission_for_reviewer(team.reviewer, review.pk)
    assert before.files == [] and before.title == "Rainfall and maize yields in Ashanti"
    reviews.respond(team.reviewer, review.pk, True)
    view = reviews.submission_for_reviewer(team.reviewer, review.pk)
    assert not view.authors_shown and view.authors == [] and view.submitter == ""
    shown = {k: v for k, v in asdict(view).items() if k not in ("review", "journal")}
    text = repr(shown)
    for secret in ("Owusu", "Mensah", "ama.owusu", "0000-0002-1825-0097", "University of Ghana"):
        assert secret not in text
    names = [f.name for f in view.files]
    assert names == ["manuscript.pdf", "rain.csv"]
    manuscript = view.files[0]
    assert manuscript.size == len(REVIEWER_COPY)
    with get_blobstore().open(manuscript.sha256) as blob:
        assert blob.read() == REVIEWER_COPY
    assert reviews.reviewer_file(team.reviewer, review.pk, manuscript.id) == manuscript
    with pytest.raises(ReviewError):
        reviews.reviewer_file(team.reviewer2, review.pk, manuscript.id)
    # what the reviewer is mailed does not name the authors either
    mailed = Notification.objects.filter(user_id=team.reviewer.user_id)
    assert mailed.exists()
    for notice in mailed:
        assert "Owusu" not in notice.subject + notice.body
        assert "ama.owusu" not in notice.subject + notice.body


def test_open_review_shows_authors_and_names(node_home: Path) -> None:
    team = make_team("open")
    s = submit(team)
    done = reviewed(team, s)
    view = reviews.submission_for_reviewer(team.reviewer, done.pk)
    assert view.authors_shown and [a.name for a in view.authors] == ["Ama Owusu", "Kwame Mensah"]
    assert view.files[0].name == "Owusu-rainfall-draft.pdf"
    assert reviews.reviews_for(team.author, s) == []  # no decision yet
    s = editorial.move(team.section_editor, s.pk, Action.REQUEST_MINOR_REVISIONS)
    (seen,) = reviews.reviews_for(team.author, s)
    assert seen.reviewer == team.reviewer.name and seen.reviewer_shown
    assert seen.comments_to_author == "Clear paper; add the 2019 season."
    assert seen.confidential_comments is None and seen.recommendation == ""


def test_anonymous_models_hide_reviewers_from_authors(node_home: Path) -> None:
    for model in ("single_anonymous", "double_anonymous"):
        team = make_team(model, slug=f"j-{model[:6]}")
        s = submit(team)
        reviewed(team, s)
        s = editorial.move(team.section_editor, s.pk, Action.DECLINE, note="Sorry.")
        (seen,) = reviews.reviews_for(team.author, s)
        assert seen.reviewer == "Reviewer 1" and not seen.reviewer_shown
        assert seen.confidential_comments is None
        (for_editor,) = reviews.reviews_for(team.section_editor, s)
        assert for_editor.reviewer == team.reviewer.name
        assert for_editor.confidential_comments == "I think the authors are careful."
        assert reviews.reviews_for(team.copyeditor, s) == []
        assert reviews.reviews_for(team.reviewer2, s) == []
        (own,) = reviews.reviews_for(team.reviewer, s)
        assert own.confidential_comments == "I think the authors are careful."
        with pytest.raises(ReviewError, match="no longer be changed"):
            reviews.submit_review(team.reviewer, own.id, recommendation="accept", answers={})
        sees_authors = reviews.submission_for_reviewer(team.reviewer, own.id).authors_shown
        assert sees_authors is (model == "single_anonymous")


def test_reminders_at_a_fixed_time(node_home: Path) -> None:
    team = make_team()
    sid = in_review(team)
    now = timezone.now()
    silent = reviews.invite(
        team.editor, sid, team.reviewer.user_id or 0, now.date() + timedelta(30)
    )
    accepted = reviews.invite(
        team.editor, sid, team.reviewer2.user_id or 0, now.date() + timedelta(20)
    )
    reviews.respond(team.reviewer2, accepted.pk, True)
    assert reviews.send_reminders(now) == 0  # nothing is due yet
    assert reviews.send_reminders(now + timedelta(days=6, hours=23)) == 0
    week = now + timedelta(days=7, minutes=1)
    assert reviews.send_reminders(week) == 1  # the unanswered invitation
    silent.refresh_from_db()
    assert (silent.reminders, silent.reminded_at) == (1, week)
    assert reviews.send_reminders(week + timedelta(days=2)) == 0  # at most once in 3 days
    assert reviews.send_reminders(week + timedelta(days=3)) == 1
    # the accepted review: 3 days before its due date, and after it
    near_due = now + timedelta(days=17, hours=1)
    assert reviews.send_reminders(near_due) == 2
    assert reviews.send_reminders(near_due + timedelta(days=5)) == 2  # overdue, still open
    reminded = Notification.objects.filter(key="review_reminder")
    assert sorted(reminded.values_list("user_id", flat=True)) == sorted(
        [team.reviewer.user_id] * 4 + [team.reviewer2.user_id] * 2
    )
    # a completed review and a closed round are left alone
    reviews.submit_review(team.reviewer2, accepted.pk, recommendation="accept", answers={})
    editorial.move(team.editor, sid, Action.ACCEPT)
    assert reviews.send_reminders(near_due + timedelta(days=30)) == 0


def test_reminders_are_a_daily_periodic_job() -> None:
    found = {p.task: p.every() for p in periodic.periodic_tasks()}
    assert found["journals.review_reminders"] == timedelta(days=1)
    from sankofa.core.jobs.registry import lookup

    assert lookup("journals.review_reminders").func is reviews.review_reminders.func
    assert reviews.review_reminders(reviews.SCHEDULER) == {"reminded": 0}
    due = {job.name for job in periodic.run_due(timezone.now())}
    assert "journals.review_reminders" in due


def test_manuscript_bytes_are_kept_for_editors(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    original = s.files.get(kind="manuscript")
    with get_blobstore().open(original.sha256) as blob:
        assert blob.read() == MANUSCRIPT


def test_a_file_that_could_not_be_made_anonymous_is_withheld(node_home: Path) -> None:
    team = make_team("double_anonymous")
    sid = in_review(team)
    broken = store_content(io.BytesIO(b"PK\x03\x04 not really a document by Ama Owusu"))
    withheld = SubmissionFile.objects.create(
        submission_id=sid,
        kind=SubmissionFile.Kind.SUPPLEMENTARY,
        name="appendix.docx",
        media_type="application/octet-stream",
        size=broken.size,
        sha256=broken.sha256,  # no reviewer copy: stripping could not read it
        uploaded_by_id=team.author.user_id,
    )
    review = reviews.invite(team.editor, sid, team.reviewer.user_id or 0)
    reviews.respond(team.reviewer, review.pk, True)
    view = reviews.submission_for_reviewer(team.reviewer, review.pk)
    assert [f.name for f in view.files] == ["manuscript.pdf", "rain.csv"]
    assert view.withheld == 1
    with pytest.raises(ReviewError):
        reviews.reviewer_file(team.reviewer, review.pk, withheld.pk)
    # under open review the reviewer may see the authors: the file is offered as it is
    team.journal.review_model = "open"
    team.journal.save()
    shown = reviews.submission_for_reviewer(team.reviewer, review.pk)
    assert "appendix.docx" in [f.name for f in shown.files] and shown.withheld == 0

"""Peer review of submissions: invitations, answers, review forms, reminders, and who
sees what of a review or of the reviewed paper.

An editor of the submission (a manager, an editor, or its handling section editor —
never one of its authors) invites a person with an account to review the current round
while the submission is ``in_review``; the invitation is the reviewer's grant (no
journal role is needed). Only the invited person accepts or declines, and, once
accepted, submits the review: a recommendation, answers to the journal's review form
(`ReviewForm.questions`, checked by `check_answers`), comments to the author and
confidential comments to the editor. Each step is told to the people concerned
(``review_invitation``, ``review_response``, ``review_completed``,
``review_reminder``) through `sankofa.journals.mail.notify`.

Anonymity follows the journal's `workflow.ReviewModel`: `submission_for_reviewer` is the
only view of a submission a reviewer gets; with `workflow.author_visible_to` false it
holds no author name, e-mail, ORCID, affiliation or submitter, and file names that
name an author are replaced ("manuscript.pdf"); files are the reviewer copies
(`SubmissionFile.reviewer_sha256`, author properties stripped) when there are some.
`reviews_for` applies `workflow.reviewer_visible_to` to reviewers' names and gives the
confidential comments to editors only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.core.jobs import periodic, task
from sankofa.journals import editorial, editorial_notices, workflow
from sankofa.journals.models import (
    Journal,
    ReviewAssignment,
    ReviewForm,
    Submission,
)
from sankofa.journals.review_forms import (
    MAX_TEXT,
    QUESTION_KINDS,
    ReviewError,
    active_form,
    check_answers,
    check_questions,
    save_review_form,
)
from sankofa.journals.review_views import (
    AuthorShown,
    MyReview,
    ReviewerFile,
    ReviewerView,
    ReviewView,
    my_reviews,
    own_review,
    reviewer_file,
    reviews_for,
    submission_for_reviewer,
)
from sankofa.journals.workflow import Stage

__all__ = [
    "QUESTION_KINDS",
    "REMINDER_GAP",
    "AuthorShown",
    "MyReview",
    "ReviewError",
    "ReviewView",
    "ReviewerFile",
    "ReviewerView",
    "active_form",
    "cancel",
    "check_answers",
    "check_questions",
    "default_due",
    "invite",
    "invite_by_email",
    "my_reviews",
    "own_review",
    "register",
    "respond",
    "review_days",
    "reviewer_file",
    "reviews_for",
    "save_review_form",
    "send_reminders",
    "submission_for_reviewer",
    "submit_review",
]

UNANSWERED_AFTER = timedelta(days=7)  # an invitation unanswered this long is reminded
DUE_SOON = timedelta(days=3)  # an accepted review due within this is reminded
REMINDER_GAP = timedelta(days=3)  # at most one reminder per review in this time
_OPEN = (ReviewAssignment.State.INVITED, ReviewAssignment.State.ACCEPTED)
SCHEDULER = Actor.operator("scheduler")


# ---------------------------------------------------------------- settings, forms


def review_days() -> int:
    """``SANKOFA_JOURNAL_REVIEW_DAYS`` (28): days a reviewer is given by default."""
    return int(getattr(settings, "SANKOFA_JOURNAL_REVIEW_DAYS", 28))


def default_due(today: date | None = None) -> date:
    """The default due date of an invitation made `today`."""
    return (today or timezone.localdate()) + timedelta(days=review_days())


# ---------------------------------------------------------------- invitations


def _submission(submission_id: int, *, lock: bool = False) -> Submission:
    rows = Submission.objects.select_related("journal").filter(
        pk=submission_id, submitted__isnull=False
    )
    found = (rows.select_for_update() if lock else rows).first()
    if found is None:
        raise ReviewError(_("There is no submission %(id)s.") % {"id": submission_id})
    return found


def _require_editor(actor: Actor, submission: Submission) -> None:
    facts = editorial.facts_for(actor, submission)
    roles = workflow.effective_roles(editorial.roles_on(actor, submission), facts)
    if not roles & editorial.EDITORS:
        raise ReviewError(_("You are not an editor of this submission."), forbidden=True)


def _review_path(review: ReviewAssignment) -> str:
    return editorial_notices.path("journals:review", review.pk)


def invite(
    actor: Actor,
    submission_id: int,
    reviewer_user_id: int,
    due: date | None = None,
    *,
    form_id: int | None = None,
) -> ReviewAssignment:
    """Invite user `reviewer_user_id` to review the current round of the submission (it
    must be in review), due on `due` (default: `default_due`, never in the past), with
    review form `form_id` (default: the journal's active form, if any). Authors of the
    submission cannot review it; a person is invited once per round."""
    with transaction.atomic():
        submission = _submission(submission_id, lock=True)
        _require_editor(actor, submission)
        if submission.stage != Stage.IN_REVIEW:
            raise ReviewError(_("Reviewers are invited while the submission is in review."))
        user = User.objects.filter(pk=reviewer_user_id, is_active=True).first()
        if user is None:
            raise ReviewError(_("There is no such person."), field="reviewer")
        if user.pk == submission.handling_editor_id:
            raise ReviewError(
                _("The handling editor cannot review the submission."), field="reviewer"
            )
        if editorial.is_author_of(Actor(name=user.email, user_id=user.pk), submission):
            raise ReviewError(_("An author cannot review their own submission."), field="reviewer")
        due = due or default_due()
        if due < timezone.localdate():
            raise ReviewError(_("The due date is in the past."), field="due")
        form = _form(submission.journal, form_id)
        taken = ReviewAssignment.objects.filter(
            submission=submission, round=submission.round, reviewer_id=user.pk
        ).exists()
        if taken:
            raise ReviewError(
                _("%(who)s was already invited in this round.") % {"who": user.email},
                field="reviewer",
            )
        review = ReviewAssignment.objects.create(
            submission=submission,
            round=submission.round,
            reviewer_id=user.pk,
            reviewer_name=user.email,
            form=form,
            due=due,
        )
        editorial.audit(actor, submission, "invite_reviewer", f"review {review.pk}")
        editorial.tell(
            actor,
            "review_invitation",
            submission,
            [user.pk],
            _review_path(review),
            due=due.isoformat(),
        )
    return review


def invite_by_email(
    actor: Actor, submission_id: int, email: str, due: date | None = None
) -> ReviewAssignment:
    """`invite` the person whose account has this e-mail address."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ReviewError(
            _("No one on this node has the address %(email)s: ask them to sign up first.")
            % {"email": email.strip()},
            field="email",
        )
    return invite(actor, submission_id, user.pk, due)


def _form(journal: Journal, form_id: int | None) -> ReviewForm | None:
    if form_id is None:
        return active_form(journal)
    form = ReviewForm.objects.filter(pk=form_id, journal=journal).first()
    if form is None:
        raise ReviewError(_("The journal has no such review form."), field="form")
    return form


def _own_review(actor: Actor, review_id: int) -> ReviewAssignment:
    review = ReviewAssignment.objects.select_for_update().filter(pk=review_id).first()
    if review is None or actor.user_id is None or review.reviewer_id != actor.user_id:
        raise ReviewError(_("This review is not yours."), forbidden=True)
    return review


def _round_open(review: ReviewAssignment) -> Submission:
    submission = Submission.objects.select_related("journal").get(pk=review.submission_id)
    if submission.stage != Stage.IN_REVIEW or submission.round != review.round:
        raise ReviewError(_("This review round is closed."))
    return submission


def respond(actor: Actor, review_id: int, accept: bool) -> ReviewAssignment:
    """The invited reviewer accepts or declines (once, while the round is open); the
    editors of the submission are told (``review_response``)."""
    with transaction.atomic():
        review = _own_review(actor, review_id)
        if review.state != ReviewAssignment.State.INVITED:
            raise ReviewError(_("You already answered this invitation."))
        submission = _round_open(review)
        review.state = (
            ReviewAssignment.State.ACCEPTED if accept else ReviewAssignment.State.DECLINED
        )
        review.responded_at = timezone.now()
        review.save(update_fields=["state", "responded_at"])
        editorial.tell(
            actor,
            "review_response",
            submission,
            editorial.editor_ids(submission),
            editorial.editor_path(submission),
            accepted=accept,
        )
    return review


def submit_review(
    actor: Actor,
    review_id: int,
    *,
    recommendation: str,
    answers: Mapping[str, object],
    comments_to_author: str = "",
    confidential_comments: str = "",
) -> ReviewAssignment:
    """The reviewer who accepted completes the review while its round is open: a
    `ReviewAssignment.Recommendation`, the answers (`check_answers` against the review's
    form) and the comments. The editors are told (``review_completed``)."""
    with transaction.atomic():
        review = _own_review(actor, review_id)
        if review.state != ReviewAssignment.State.ACCEPTED:
            raise ReviewError(
                _("Accept the invitation first.")
                if review.state == ReviewAssignment.State.INVITED
                else _("This review can no longer be changed.")
            )
        submission = _round_open(review)
        errors: dict[str, str] = {}
        if recommendation not in ReviewAssignment.Recommendation.values:
            errors["recommendation"] = _("Choose a recommendation.")
        questions = review.form.questions if review.form is not None else []
        try:
            checked = check_answers(questions, answers)
        except ReviewError as exc:
            errors.update(exc.errors)
        for name, text in (
            ("comments_to_author", comments_to_author),
            ("confidential_comments", confidential_comments),
        ):
            if len(text) > MAX_TEXT:
                errors[name] = _("The text is too long.")
        if errors:
            raise ReviewError(_("The review has errors."), errors=errors)
        review.recommendation = recommendation
        review.answers = checked
        review.comments_to_author = comments_to_author.strip()
        review.confidential_comments = confidential_comments.strip()
        review.state = ReviewAssignment.State.COMPLETED
        review.completed_at = timezone.now()
        review.save()
        editorial.tell(
            actor,
            "review_completed",
            submission,
            editorial.editor_ids(submission),
            editorial.editor_path(submission),
        )
    return review


def cancel(actor: Actor, review_id: int) -> ReviewAssignment:
    """An editor of the submission cancels an invitation or an accepted review not yet
    completed (recorded in the audit trail)."""
    with transaction.atomic():
        review = ReviewAssignment.objects.select_for_update().filter(pk=review_id).first()
        if review is None:
            raise ReviewError(_("There is no review %(id)s.") % {"id": review_id})
        submission = _submission(review.submission_id)
        _require_editor(actor, submission)
        if review.state not in _OPEN:
            raise ReviewError(_("Only an open invitation or review can be cancelled."))
        review.state = ReviewAssignment.State.CANCELLED
        review.save(update_fields=["state"])
        editorial.audit(actor, submission, "cancel_review", f"review {review.pk}")
    return review


# ---------------------------------------------------------------- reminders


def _due_reminders(now: datetime) -> Iterable[ReviewAssignment]:
    soon = (now + DUE_SOON).date()
    waiting = Q(state=ReviewAssignment.State.INVITED, invited_at__lte=now - UNANSWERED_AFTER)
    due = Q(state=ReviewAssignment.State.ACCEPTED, due__lte=soon)
    quiet = Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMINDER_GAP)
    return (
        ReviewAssignment.objects.filter(waiting | due)
        .filter(quiet, submission__stage=str(Stage.IN_REVIEW), round=F("submission__round"))
        .select_related("submission__journal")
        .order_by("pk")
    )


def send_reminders(now: datetime | None = None) -> int:
    """Remind (``review_reminder``) the reviewers of open rounds who have not answered an
    invitation for 7 days, and those who accepted and whose due date is within 3 days or
    passed — each at most once per 3 days (``reminded_at``, ``reminders``); the number
    of reminders sent. Safe to run in several processes at once (a conditional update
    claims each reminder)."""
    now = now or timezone.now()
    sent = 0
    for review in _due_reminders(now):
        with transaction.atomic():
            won = ReviewAssignment.objects.filter(pk=review.pk, reminders=review.reminders).update(
                reminded_at=now, reminders=F("reminders") + 1
            )
            if not won:
                continue
            editorial.tell(
                SCHEDULER,
                "review_reminder",
                review.submission,
                [review.reviewer_id],
                _review_path(review),
                due=review.due.isoformat(),
                invited=review.state == ReviewAssignment.State.INVITED,
            )
        sent += 1
    return sent


@task("journals.review_reminders", max_attempts=3, backoff=600.0)
def review_reminders(actor: Actor) -> dict[str, int]:
    """Send the due review reminders (periodic: daily)."""
    return {"reminded": send_reminders()}


def register() -> None:
    """Run `review_reminders` once a day (called from `sankofa.journals.registrations`)."""
    periodic.every("journals.review_reminders", timedelta(days=1))

"""Who hears of an editorial step, and how: the authors, the handling editor or the
journal's editors, each told through `sankofa.journals.mail.notify` (the actor left
out), with a link to the page they act on."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import NoReverseMatch, reverse

from sankofa.accounts.models import RoleAssignment, User
from sankofa.core.actors import Actor
from sankofa.journals import mail
from sankofa.journals.models import Author, Journal, Submission
from sankofa.journals.workflow import Action, Role

__all__ = [
    "DECISIONS",
    "EDITORS",
    "JOURNAL_EDITORS",
    "author_ids",
    "author_path",
    "editor_candidates",
    "editor_ids",
    "editor_path",
    "notify_move",
    "path",
    "people_with",
    "tell",
]

EDITORS = frozenset({Role.MANAGER, Role.EDITOR, Role.SECTION_EDITOR})
JOURNAL_EDITORS = frozenset({Role.MANAGER, Role.EDITOR})
DECISIONS = frozenset(
    {
        Action.ACCEPT,
        Action.REQUEST_MINOR_REVISIONS,
        Action.REQUEST_MAJOR_REVISIONS,
        Action.REQUEST_RESUBMISSION,
        Action.DECLINE,
        Action.DESK_REJECT,
    }
)


def author_ids(submission: Submission) -> list[int]:
    """The user ids of the submitter and of the authors with an account, once each."""
    ids = [submission.submitter_id] if submission.submitter_id is not None else []
    listed = Author.objects.filter(submission_id=submission.pk, user_id__isnull=False)
    ids += [i for i in listed.values_list("user_id", flat=True) if i is not None]
    return list(dict.fromkeys(ids))


def editor_ids(submission: Submission) -> list[int]:
    """Who answers for `submission`: its handling editor, else the journal's managers and
    editors."""
    if submission.handling_editor_id is not None:
        return [submission.handling_editor_id]
    return people_with(submission.journal, JOURNAL_EDITORS)


def people_with(journal: Journal, roles: Iterable[Role]) -> list[int]:
    """The user ids holding one of `roles` in `journal`, by user id."""
    rows = RoleAssignment.objects.filter(
        scope=journal.scope_key, role__in=[str(r) for r in roles], user__is_active=True
    )
    return sorted(set(rows.values_list("user_id", flat=True)))


def path(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # that area's pages are not installed
        return ""


def author_path(submission: Submission) -> str:
    """The author's page of `submission` (empty when those pages are not installed)."""
    return path("journals:submission", submission.pk)


def editor_path(submission: Submission) -> str:
    """The editors' page of `submission`."""
    return path("journals:editorial-submission", submission.journal.slug, submission.pk)


def tell(
    actor: Actor,
    key: str,
    submission: Submission,
    recipients: Iterable[int],
    url: str,
    **context: object,
) -> None:
    """Notify `recipients` (the actor left out) with mail `key` about `submission`."""
    to = [r for r in dict.fromkeys(recipients) if r != actor.user_id]
    if not to:
        return
    mail.notify(
        actor,
        key,
        journal=submission.journal,
        recipients=to,
        context=context,
        submission=submission,
        url=url,
    )


def notify_move(actor: Actor, submission: Submission, action: Action, note: str) -> None:
    if action in DECISIONS:
        tell(
            actor,
            "decision",
            submission,
            author_ids(submission),
            author_path(submission),
            decision=submission.stage.replace("_", " "),
            note=note,
        )
    elif action is Action.SEND_PROOFS:
        tell(actor, "proofs_ready", submission, author_ids(submission), author_path(submission))
    elif action is Action.SUBMIT_REVISION:
        tell(
            actor,
            "revision_submitted",
            submission,
            editor_ids(submission),
            editor_path(submission),
            note=note,
        )
    elif action is Action.WITHDRAW:
        people = editor_ids(submission)
        if submission.handling_editor_id is not None:
            people += people_with(submission.journal, JOURNAL_EDITORS)
        tell(actor, "submission_withdrawn", submission, people, editor_path(submission))


def editor_candidates(journal: Journal) -> list[tuple[int, str]]:
    """The journal's managers, editors and section editors as (user id, e-mail), by
    e-mail: the people who may handle a submission."""
    ids = people_with(journal, EDITORS)
    return list(
        User.objects.filter(pk__in=ids, is_active=True).order_by("email").values_list("pk", "email")
    )

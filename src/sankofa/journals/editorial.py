"""The editorial side of a submission: who stands how to it, moving it through the
workflow, its handling editor, the editors' queue, galleys, and publication.

`move` is the one way a submission changes stage: it locks the row, computes the
`workflow.Facts` of the actor (`facts_for`), lets `workflow.step` decide, records the
new stage and round, writes a `StageEvent` (the audit trail: who, from where, to where,
the note, e.g. a decision letter) and notifies the people concerned through
`sankofa.journals.mail.notify`. Refusals raise `EditorialError` whose ``message`` says
why (the workflow's own wording); ``forbidden`` tells a refusal of this actor from an
impossible step.

Who counts as what on a submission is `roles_on`: the actor's journal roles
(`sankofa.journals.roles.journal_roles`), plus ``reviewer`` when the actor was invited
to review it in any round (the invitation is the grant), plus ``author`` only for an
author of it (`is_author_of`). `workflow.effective_roles` then applies the rules (an
author acts only as author; a section editor only on what they handle).
"""

from __future__ import annotations

import io
import logging
import mimetypes
from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.article import jats as jats_format
from sankofa.datasets.errors import InvalidFileName
from sankofa.datasets.files import check_name, store_content
from sankofa.journals import articles, wording, workflow
from sankofa.journals.editorial_notices import (
    EDITORS,
    JOURNAL_EDITORS,
    author_ids,
    editor_candidates,
    editor_ids,
    editor_path,
    notify_move,
    path,
    people_with,
    tell,
)
from sankofa.journals.models import (
    Article,
    Author,
    Galley,
    Issue,
    Journal,
    ReviewAssignment,
    StageEvent,
    Submission,
    SubmissionFile,
)
from sankofa.journals.roles import journal_roles
from sankofa.journals.workflow import Action, Facts, Role, Stage

__all__ = [
    "EDITORS",
    "JOURNAL_EDITORS",
    "STAFF_ROLES",
    "EditorialError",
    "add_galley",
    "allowed",
    "assign_editor",
    "audit",
    "author_ids",
    "editor_candidates",
    "editor_ids",
    "editor_path",
    "facts_for",
    "history",
    "is_author_of",
    "is_staff_on",
    "move",
    "people_with",
    "publish",
    "queue",
    "remove_galley",
    "roles_on",
    "staff_submission",
    "submission_file",
    "tell",
]

logger = logging.getLogger("sankofa.journals.editorial")

# the roles that see a submission's editorial page (as `workflow.effective_roles` counts them)
STAFF_ROLES = EDITORS | {Role.COPYEDITOR, Role.LAYOUT_EDITOR}
PRODUCERS = EDITORS | {Role.LAYOUT_EDITOR}
_PRODUCTION_STAGES = frozenset({Stage.COPYEDITING, Stage.PRODUCTION, Stage.PROOFS})
_GALLEY_TYPES = {
    Galley.Kind.PDF: "application/pdf",
    Galley.Kind.HTML: "text/html",
    Galley.Kind.JATS: "application/jats+xml",
    Galley.Kind.EPUB: "application/epub+zip",
}
SET_HANDLING_EDITOR = "set_handling_editor"  # StageEvent.action of an assignment


class EditorialError(Exception):
    """A refused editorial step. ``message`` is the sentence to show; ``forbidden`` is
    True when this actor may not do it (False: nobody could, now); ``field`` names the
    form field at fault, if any."""

    def __init__(self, message: str, *, forbidden: bool = False, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.forbidden = forbidden
        self.field = field


# ---------------------------------------------------------------- who stands how


def is_author_of(actor: Actor, submission: Submission) -> bool:
    """Whether `actor` (a signed-in person) submitted `submission` or is listed as one
    of its authors (an `Author` row with their user id)."""
    user_id = actor.user_id
    if user_id is None:
        return False
    if submission.submitter_id == user_id:
        return True
    return Author.objects.filter(submission_id=submission.pk, user_id=user_id).exists()


def _reviews_it(actor: Actor, submission: Submission) -> bool:
    if actor.user_id is None:
        return False
    return (
        ReviewAssignment.objects.filter(submission_id=submission.pk, reviewer_id=actor.user_id)
        .exclude(state=ReviewAssignment.State.CANCELLED)
        .exists()
    )


def roles_on(actor: Actor, submission: Submission) -> frozenset[Role]:
    """The actor's roles on `submission`: journal roles, + reviewer when invited to review
    it in any round (not cancelled), + author only when `is_author_of` (the implicit
    author role of every signed-in person is dropped otherwise)."""
    roles = set(journal_roles(actor, submission.journal)) - {Role.AUTHOR}
    if _reviews_it(actor, submission):
        roles.add(Role.REVIEWER)
    if is_author_of(actor, submission):
        roles.add(Role.AUTHOR)
    return frozenset(roles)


def facts_for(actor: Actor, submission: Submission) -> Facts:
    """The workflow facts of `submission` for `actor`: its round, the completed reviews of
    that round, its handling editor (and whether the actor is it), its galleys, and
    whether the actor is an author of it."""
    completed = ReviewAssignment.objects.filter(
        submission_id=submission.pk,
        round=submission.round,
        state=ReviewAssignment.State.COMPLETED,
    ).count()
    has_editor = submission.handling_editor_id is not None
    return Facts(
        round=submission.round,
        completed_reviews=completed,
        has_handling_editor=has_editor,
        is_handling_editor=has_editor
        and actor.user_id is not None
        and actor.user_id == submission.handling_editor_id,
        is_author_of=is_author_of(actor, submission),
        galleys=Galley.objects.filter(submission_id=submission.pk, article__isnull=True).count(),
    )


def _effective(actor: Actor, submission: Submission) -> tuple[frozenset[Role], Facts]:
    facts = facts_for(actor, submission)
    return workflow.effective_roles(roles_on(actor, submission), facts), facts


def is_staff_on(actor: Actor, submission: Submission) -> bool:
    """Whether `actor` works on `submission` for the journal: a manager or editor, its
    handling section editor, a copyeditor or layout editor — and neither one of its
    authors nor one of its reviewers (who see it only as such, see
    `workflow.author_visible_to`)."""
    roles = _effective(actor, submission)[0]
    return Role.REVIEWER not in roles and bool(roles & STAFF_ROLES)


def allowed(actor: Actor, submission: Submission) -> list[Action]:
    """`workflow.allowed_actions` for this actor on `submission` now (PUBLISH included:
    it goes through `publish`)."""
    facts = facts_for(actor, submission)
    return workflow.allowed_actions(Stage(submission.stage), roles_on(actor, submission), facts)


def staff_submission(actor: Actor, submission_id: int) -> Submission:
    """The submitted (not draft) submission `submission_id` if `actor` is staff on it
    (`is_staff_on`); EditorialError otherwise (``forbidden`` when it exists)."""
    submission = (
        Submission.objects.select_related("journal", "section", "issue")
        .filter(pk=submission_id, submitted__isnull=False)
        .first()
    )
    if submission is None:
        raise EditorialError(_("There is no submission %(id)s.") % {"id": submission_id})
    if not is_staff_on(actor, submission):
        raise EditorialError(_("You do not work on this submission."), forbidden=True)
    return submission


def submission_file(actor: Actor, submission_id: int, file_id: int) -> SubmissionFile:
    """File `file_id` of the submission, for its staff (`is_staff_on`) and its authors
    (the original bytes, never the reviewer copy); EditorialError otherwise."""
    found = (
        SubmissionFile.objects.select_related("submission__journal")
        .filter(pk=file_id, submission_id=submission_id, submission__submitted__isnull=False)
        .first()
    )
    if found is None:
        raise EditorialError(_("There is no such file in this submission."))
    s = found.submission
    if not (is_author_of(actor, s) or is_staff_on(actor, s)):
        raise EditorialError(_("You may not read this file."), forbidden=True)
    return found


def history(submission: Submission) -> list[StageEvent]:
    """The audit trail of `submission`, oldest first."""
    return list(StageEvent.objects.filter(submission_id=submission.pk).order_by("at", "pk"))


# ---------------------------------------------------------------- moving


def _locked(submission_id: int) -> Submission:
    submission = (
        Submission.objects.select_for_update()
        .filter(pk=submission_id, submitted__isnull=False)
        .first()
    )
    if submission is None:
        raise EditorialError(_("There is no submitted submission %(id)s.") % {"id": submission_id})
    return submission


def _step(actor: Actor, submission: Submission, action: Action, note: str) -> StageEvent:
    stage = Stage(submission.stage)
    try:
        target = workflow.step(
            stage, action, roles_on(actor, submission), facts_for(actor, submission)
        )
    except workflow.NotAllowed as exc:
        logger.info("refused: %s on submission %s: %s", actor.name, submission.pk, exc)
        missing = isinstance(exc, workflow.RequirementNotMet)
        raise EditorialError(wording.refusal(exc), forbidden=not missing) from exc
    except workflow.InvalidTransition as exc:
        raise EditorialError(wording.refusal(exc)) from exc
    now = timezone.now()
    submission.round = workflow.round_after(stage, action, submission.round)
    submission.stage = str(target)
    submission.updated = now
    submission.save(update_fields=["stage", "round", "updated"])
    return StageEvent.objects.create(
        submission=submission,
        action=str(action),
        from_stage=str(stage),
        to_stage=str(target),
        round=submission.round,
        actor_id=actor.user_id,
        actor_name=actor.name,
        note=note,
        at=now,
    )


def move(actor: Actor, submission_id: int, action: Action | str, *, note: str = "") -> Submission:
    """Take `action` on submission `submission_id` as `actor` (see the module docstring).

    In one transaction, with the submission row locked: `workflow.step` with
    `roles_on`/`facts_for`; the stage, the round (`workflow.round_after`) and ``updated``
    are saved; a `StageEvent` records action, stages, round, actor and `note`; mails go to
    the authors (decision, proofs_ready), the handling editor or the journal's editors
    (revision_submitted, submission_withdrawn). ``publish`` is refused here (use
    `publish`, which makes the article). An unknown action name, a draft or a refusal
    raises `EditorialError`.
    """
    try:
        action = Action(action)
    except ValueError:
        raise EditorialError(
            _("“%(action)s” is not a workflow step.") % {"action": action}
        ) from None
    if action is Action.PUBLISH:
        raise EditorialError(_("publication makes the article: use publish"))
    with transaction.atomic():
        submission = _locked(submission_id)
        _step(actor, submission, action, note.strip())
        notify_move(actor, submission, action, note.strip())
    return submission


# ---------------------------------------------------------------- handling editor


def _check_editor_candidate(journal: Journal, user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user_id not in people_with(journal, EDITORS):
        raise EditorialError(
            _("user %(id)s is not a manager, editor or section editor of this journal")
            % {"id": user_id},
            field="user_id",
        )
    return user


def assign_editor(actor: Actor, submission_id: int, user_id: int) -> Submission:
    """Make `user_id` (a manager, editor or section editor of the journal) the handling
    editor of the submission; a manager or editor of the journal (not an author of it)
    does it, in any stage before a terminal one. The assignment is in the audit trail
    (action ``set_handling_editor``) and the new editor is told (``editor_assigned``).
    From ``screening`` the submission then moves on by ``assign_editor`` (to
    ``with_editor``) in the same transaction."""
    with transaction.atomic():
        submission = _locked(submission_id)
        roles = _effective(actor, submission)[0]
        if not roles & JOURNAL_EDITORS:
            raise EditorialError(
                _("Only a manager or editor of the journal assigns the handling editor."),
                forbidden=True,
            )
        if Stage(submission.stage) in workflow.TERMINAL:
            raise EditorialError(
                _("the submission is %(stage)s: it is closed")
                % {"stage": wording.stage(submission.stage)}
            )
        user = _check_editor_candidate(submission.journal, user_id)
        if is_author_of(Actor(name=user.email, user_id=user.pk), submission):
            raise EditorialError(
                _("%(who)s is an author of this submission") % {"who": user.email},
                field="user_id",
            )
        submission.handling_editor_id = user.pk
        submission.handling_editor_name = user.email
        submission.updated = timezone.now()
        submission.save(update_fields=["handling_editor_id", "handling_editor_name", "updated"])
        StageEvent.objects.create(
            submission=submission,
            action=SET_HANDLING_EDITOR,
            from_stage=submission.stage,
            to_stage=submission.stage,
            round=submission.round,
            actor_id=actor.user_id,
            actor_name=actor.name,
            note=user.email,
        )
        if submission.stage == Stage.SCREENING:
            _step(actor, submission, Action.ASSIGN_EDITOR, "")
        tell(actor, "editor_assigned", submission, [user.pk], editor_path(submission))
    return submission


# ---------------------------------------------------------------- queue


def queue(actor: Actor, journal_id: int, stage: Stage | str | None = None) -> QuerySet[Submission]:
    """The submitted submissions of the journal `actor` works on, newest change first
    (optionally in one `stage`): managers and editors see all; a section editor those
    they handle; copyeditors and layout editors those in copyediting, production or
    proofs; never those the actor wrote or reviews. Anyone else: EditorialError (``forbidden``)."""
    journal = Journal.objects.filter(pk=journal_id).first()
    if journal is None:
        raise EditorialError(_("There is no journal %(id)s.") % {"id": journal_id})
    roles = journal_roles(actor, journal)
    rows = Submission.objects.filter(journal=journal, submitted__isnull=False)
    if roles & JOURNAL_EDITORS:
        seen = Q()
    else:
        seen = Q(pk__in=[])
        if Role.SECTION_EDITOR in roles and actor.user_id is not None:
            seen |= Q(handling_editor_id=actor.user_id)
        if roles & {Role.COPYEDITOR, Role.LAYOUT_EDITOR}:
            seen |= Q(stage__in=[str(s) for s in _PRODUCTION_STAGES])
        if not roles & (STAFF_ROLES - JOURNAL_EDITORS):
            raise EditorialError(_("You have no editorial role in this journal."), forbidden=True)
    if stage:
        rows = rows.filter(stage=str(Stage(stage)))
    if actor.user_id is not None:  # nobody handles a paper they wrote or review
        own = Author.objects.filter(user_id=actor.user_id).values("submission_id")
        reviewing = (
            ReviewAssignment.objects.filter(reviewer_id=actor.user_id)
            .exclude(state=ReviewAssignment.State.CANCELLED)
            .values("submission_id")
        )
        rows = rows.exclude(Q(submitter_id=actor.user_id) | Q(pk__in=own) | Q(pk__in=reviewing))
    return rows.filter(seen).select_related("section").order_by("-updated", "-pk")


# ---------------------------------------------------------------- production


def _producer_submission(actor: Actor, submission_id: int) -> Submission:
    submission = _locked(submission_id)
    roles = _effective(actor, submission)[0]
    if not roles & PRODUCERS:
        raise EditorialError(_("You may not make galleys of this submission."), forbidden=True)
    if submission.stage != Stage.PRODUCTION:
        raise EditorialError(
            _("galleys are made in production; the submission is in %(stage)s")
            % {"stage": wording.stage(submission.stage)}
        )
    return submission


def _check_jats(data: bytes) -> None:
    try:
        jats_format.read(data)
    except jats_format.JatsError as exc:
        message = _("the JATS galley does not read: %(error)s") % {"error": exc}
        raise EditorialError(message, field="file") from exc


def add_galley(
    actor: Actor,
    submission_id: int,
    kind: str,
    name: str,
    stream: BinaryIO,
    *,
    label: str = "",
    language: str = "",
) -> Galley:
    """Store a galley (`kind`: pdf, html, jats, epub, other) of the submission in
    production, by a producer (an editor, its handling section editor, a layout editor).
    A JATS galley must read as JATS (`sankofa.core.formats.article.jats.read`); the
    bytes go to the blob store; the audit trail gets an ``add_galley`` line."""
    if kind not in Galley.Kind.values:
        raise EditorialError(_("%(kind)r is not a galley kind") % {"kind": kind}, field="kind")
    try:
        name = check_name(name)
    except InvalidFileName as exc:
        raise EditorialError(str(exc), field="file") from exc
    with transaction.atomic():
        submission = _producer_submission(actor, submission_id)
        if kind == Galley.Kind.JATS:
            data = stream.read()
            _check_jats(data)
            stream = io.BytesIO(data)
        stored = store_content(stream)
        media_type = _GALLEY_TYPES.get(Galley.Kind(kind)) or (
            mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        order = Galley.objects.filter(submission=submission, article__isnull=True).count()
        galley = Galley.objects.create(
            submission=submission,
            kind=kind,
            label=label.strip() or Galley.Kind(kind).label,
            language=language.strip(),
            name=name,
            media_type=media_type,
            size=stored.size,
            sha256=stored.sha256,
            order=order,
        )
        audit(actor, submission, "add_galley", name)
    return galley


def remove_galley(actor: Actor, galley_id: int) -> None:
    """Remove a galley of a submission in production (the blob stays: it may be shared)."""
    galley = Galley.objects.filter(pk=galley_id, article__isnull=True).first()
    if galley is None or galley.submission_id is None:
        raise EditorialError(_("There is no galley %(id)s in production.") % {"id": galley_id})
    with transaction.atomic():
        submission = _producer_submission(actor, galley.submission_id)
        galley.delete()
        audit(actor, submission, "remove_galley", galley.name)


def audit(actor: Actor, submission: Submission, action: str, note: str) -> None:
    """Write a line of the audit trail that does not change the stage (an assignment, a
    galley, an invitation)."""
    StageEvent.objects.create(
        submission=submission,
        action=action,
        from_stage=submission.stage,
        to_stage=submission.stage,
        round=submission.round,
        actor_id=actor.user_id,
        actor_name=actor.name,
        note=note,
    )


# ---------------------------------------------------------------- publication


@dataclass(frozen=True)
class _GalleyBlob:
    input: articles.GalleyInput
    is_jats: bool


def _galley_inputs(submission: Submission) -> list[_GalleyBlob]:
    rows = Galley.objects.filter(submission=submission, article__isnull=True).order_by(
        "order", "pk"
    )
    return [
        _GalleyBlob(
            articles.GalleyInput(
                kind=g.kind,
                name=g.name,
                media_type=g.media_type,
                sha256=g.sha256,
                size=g.size,
                label=g.label,
                language=g.language,
            ),
            g.kind == Galley.Kind.JATS,
        )
        for g in rows
    ]


def _jats_bytes(galleys: list[_GalleyBlob]) -> bytes | None:
    for galley in galleys:
        if galley.is_jats:
            with get_blobstore().open(galley.input.sha256) as stream:
                return stream.read()
    return None


def publish(actor: Actor, submission_id: int, *, issue_id: int | None = None) -> Article:
    """Publish the submission (workflow ``publish`` from proofs or scheduled): the
    article is made by `articles.store_article` with the metadata of
    `sankofa.journals.metadata.article_metadata`, the submission's galleys (the blobs
    already stored) and, as its JATS, the bytes of its JATS galley if it has one; it goes
    into issue `issue_id` (of the same journal) if given, else the issue the submission
    was meant for, if any. The authors are told (``article_published``)."""
    from sankofa.journals import metadata  # A6's module; imported late to keep startup light

    with transaction.atomic():
        submission = _locked(submission_id)
        issue = _issue_for(submission, issue_id)
        _step(actor, submission, Action.PUBLISH, "")
        if issue is not None and submission.issue_id != issue.pk:
            submission.issue = issue
            submission.save(update_fields=["issue"])
        galleys = _galley_inputs(submission)
        article = articles.store_article(
            actor,
            submission.journal,
            metadata.article_metadata(submission),
            jats=_jats_bytes(galleys),
            galleys=[g.input for g in galleys],
            submission=submission,
            issue=issue,
            section=submission.section,
        )
        url = path("journals:article", submission.journal.slug, article.pk)
        tell(actor, "article_published", submission, author_ids(submission), url)
    return article


def _issue_for(submission: Submission, issue_id: int | None) -> Issue | None:
    if issue_id is None:
        return submission.issue
    issue = Issue.objects.filter(pk=issue_id, journal_id=submission.journal_id).first()
    if issue is None:
        raise EditorialError(_("the journal has no issue %(id)s") % {"id": issue_id}, field="issue")
    return issue

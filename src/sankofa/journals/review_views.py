"""Who sees what of a submission's reviews, and what a reviewer sees of the submission.

`reviews_for` applies `workflow.reviewer_visible_to` to reviewers' names and gives the
confidential comments to editors only; `submission_for_reviewer` is the only view of a
submission a reviewer gets: with `workflow.author_visible_to` false (double-anonymous
review) it holds no author name, e-mail, ORCID, affiliation or submitter, never the cover
letter, and file names that contain an author's name are replaced ("manuscript.pdf");
its files are the reviewer copies (`SubmissionFile.reviewer_sha256`, author properties
stripped) when there are some.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sankofa.core.actors import Actor
from sankofa.core.blobstore import get_blobstore
from sankofa.journals import editorial, workflow
from sankofa.journals.anonymise import handles
from sankofa.journals.models import (
    Author,
    Journal,
    ReviewAssignment,
    StageEvent,
    Submission,
    SubmissionFile,
)
from sankofa.journals.review_forms import ReviewError
from sankofa.journals.texts import localized
from sankofa.journals.workflow import ReviewModel, Role, Stage

__all__ = [
    "AuthorShown",
    "ReviewView",
    "ReviewerFile",
    "ReviewerView",
    "own_review",
    "reviewer_file",
    "reviews_for",
    "submission_for_reviewer",
]

RECOMMENDATION_LABELS = {
    "accept": gettext_lazy("accept"),
    "minor_revisions": gettext_lazy("minor revisions"),
    "major_revisions": gettext_lazy("major revisions"),
    "resubmit": gettext_lazy("resubmit elsewhere or after rework"),
    "decline": gettext_lazy("decline"),
}
STATE_LABELS = {
    "invited": gettext_lazy("invited"),
    "accepted": gettext_lazy("accepted"),
    "declined": gettext_lazy("declined"),
    "completed": gettext_lazy("completed"),
    "cancelled": gettext_lazy("cancelled"),
}
_REVIEWED_KINDS = (
    SubmissionFile.Kind.MANUSCRIPT,
    SubmissionFile.Kind.SUPPLEMENTARY,
    SubmissionFile.Kind.REVISION,
)


@dataclass(frozen=True)
class ReviewView:
    """One review as a viewer may see it. ``reviewer`` is the name or, when hidden, a
    label ("Reviewer 2"); ``confidential_comments`` is None unless the viewer is an editor
    (or wrote it); ``answers`` are (question, answer) pairs in words."""

    id: int
    round: int
    state: str
    reviewer: str
    reviewer_shown: bool
    due: date
    invited_at: datetime
    completed_at: datetime | None
    recommendation: str
    answers: list[tuple[str, str]]
    comments_to_author: str
    confidential_comments: str | None
    reminders: int

    @property
    def recommendation_label(self) -> str:
        """The recommendation in words (translated); "" when none is shown."""
        return str(RECOMMENDATION_LABELS.get(self.recommendation, self.recommendation))

    @property
    def state_label(self) -> str:
        """The state in words (translated)."""
        return str(STATE_LABELS.get(self.state, self.state))


def _answers_in_words(review: ReviewAssignment, lang: str) -> list[tuple[str, str]]:
    if review.form is None:
        return []
    primary = review.submission.journal.primary_language
    rows = []
    for q in review.form.questions:
        if q["id"] not in review.answers:
            continue
        value = review.answers[q["id"]]
        label = localized(q.get("label", {}), lang, primary)
        if q["kind"] == "choice" and isinstance(value, int) and value < len(q.get("choices", [])):
            shown = localized(q["choices"][value], lang, primary)
        elif q["kind"] == "scale":
            shown = f"{value} / {q.get('max', 5)}"
        else:
            shown = str(value)
        rows.append((label, shown))
    return rows


def _decided_rounds(submission: Submission) -> set[int]:
    decisions = [
        str(a)
        for a in (
            workflow.Action.ACCEPT,
            workflow.Action.DECLINE,
            workflow.Action.REQUEST_MINOR_REVISIONS,
            workflow.Action.REQUEST_MAJOR_REVISIONS,
            workflow.Action.REQUEST_RESUBMISSION,
        )
    ]
    rows = StageEvent.objects.filter(submission_id=submission.pk, action__in=decisions)
    return set(rows.values_list("round", flat=True))


def reviews_for(actor: Actor, submission: Submission, lang: str = "en") -> list[ReviewView]:
    """The reviews of `submission` that `actor` may see, by round: editors of it see every
        review in full; its authors the completed reviews of the rounds decided so far
        (comments to the author only); a reviewer of it (even one who is also an editor) their
    own reviews only. Reviewers' names follow
        `workflow.reviewer_visible_to` with the journal's review model."""
    facts = editorial.facts_for(actor, submission)
    held = editorial.roles_on(actor, submission)
    roles = workflow.effective_roles(held, facts)
    model = ReviewModel(submission.journal.review_model)
    rows = list(
        ReviewAssignment.objects.filter(submission=submission)
        .select_related("form", "submission__journal")
        .order_by("round", "pk")
    )
    numbers = _numbers(rows)
    if facts.is_author_of:
        decided = _decided_rounds(submission)
        chosen = [r for r in rows if r.state == "completed" and r.round in decided]
        full = False
    elif Role.REVIEWER in held and actor.user_id is not None:
        chosen, full = [r for r in rows if r.reviewer_id == actor.user_id], True
    elif roles & editorial.EDITORS:
        chosen, full = rows, True
    else:
        return []
    names_shown = workflow.reviewer_visible_to(held, model)
    return [_view(r, numbers[r.pk], names_shown, full, lang) for r in chosen]


def own_review(review: ReviewAssignment, lang: str = "en") -> ReviewView:
    """The reviewer's own review in full (for their page; ``review`` as given by
    `submission_for_reviewer`)."""
    return _view(review, 1, True, True, lang)


def _numbers(rows: list[ReviewAssignment]) -> dict[int, int]:
    numbers: dict[int, int] = {}
    count: dict[int, int] = {}
    for r in rows:
        count[r.round] = count.get(r.round, 0) + 1
        numbers[r.pk] = count[r.round]
    return numbers


def _view(r: ReviewAssignment, number: int, names_shown: bool, full: bool, lang: str) -> ReviewView:
    return ReviewView(
        id=r.pk,
        round=r.round,
        state=r.state,
        reviewer=r.reviewer_name if names_shown else _("Reviewer %(n)d") % {"n": number},
        reviewer_shown=names_shown,
        due=r.due,
        invited_at=r.invited_at,
        completed_at=r.completed_at,
        recommendation=r.recommendation if full else "",
        answers=_answers_in_words(r, lang) if full else [],
        comments_to_author=r.comments_to_author,
        confidential_comments=r.confidential_comments if full else None,
        reminders=r.reminders,
    )


@dataclass(frozen=True)
class ReviewerFile:
    """A file as a reviewer gets it: the name shown, and the blob served (the reviewer
    copy when there is one)."""

    id: int
    name: str
    kind: str
    round: int
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class AuthorShown:
    name: str
    email: str
    orcid: str
    affiliations: list[str]


@dataclass(frozen=True)
class ReviewerView:
    """What the reviewer of `review` sees of the submission. With ``authors_shown``
    False, ``authors`` is empty and ``submitter`` blank; no other field names them
    (the cover letter, addressed to the editor, is never included)."""

    review: ReviewAssignment
    journal: Journal
    title: str
    abstract: str
    keywords: list[str]
    language: str
    section: str
    round: int
    review_model: str
    authors_shown: bool
    authors: list[AuthorShown]
    submitter: str
    data_availability: str
    links: list[dict[str, Any]]
    files: list[ReviewerFile] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    open_round: bool = False
    withheld: int = 0  # files kept from a reviewer who may not see the authors (below)


def _identifying_words(submission: Submission) -> set[str]:
    words: set[str] = set()
    for a in Author.objects.filter(submission=submission):
        words |= {w for w in re.split(r"[\s\-']+", a.surname.casefold()) if len(w) >= 2}
        words |= {w for w in re.split(r"[\s\-']+", a.given_names.casefold()) if len(w) >= 3}
        if "@" in a.email:
            words.add(a.email.split("@", 1)[0].casefold())
    if "@" in submission.submitter_name:
        words.add(submission.submitter_name.split("@", 1)[0].casefold())
    elif submission.submitter_name.strip():
        words |= {w for w in submission.submitter_name.casefold().split() if len(w) >= 3}
    return words


def _neutral_name(kind: str, name: str, count: int) -> str:
    suffix = ""
    if "." in name:
        ext = name.rsplit(".", 1)[1].lower()
        suffix = f".{ext}" if ext.isalnum() and len(ext) <= 8 else ""
    return f"{kind}{'' if count == 1 else f'-{count}'}{suffix}"


def _reviewer_files(
    submission: Submission, review: ReviewAssignment, hide: bool
) -> tuple[list[ReviewerFile], int]:
    """The files offered to the reviewer, and how many are withheld: with `hide`, a file
    of a kind that carries author properties but has no reviewer copy (it could not be
    read to strip them) is never handed out as it is."""
    words = _identifying_words(submission) if hide else set()
    seen: dict[str, int] = {}
    result = []
    withheld = 0
    rows = SubmissionFile.objects.filter(
        submission=submission, kind__in=_REVIEWED_KINDS, round__lte=review.round
    ).order_by("created", "pk")
    for f in rows:
        if hide and not f.reviewer_sha256 and handles(f.media_type, f.name):
            withheld += 1
            continue
        seen[f.kind] = seen.get(f.kind, 0) + 1
        name = f.name
        if hide and any(w in name.casefold() for w in words):
            name = _neutral_name(f.kind, f.name, seen[f.kind])
        sha256, size = f.sha256, f.size
        if f.reviewer_sha256 and f.reviewer_sha256 != f.sha256:
            sha256, size = f.reviewer_sha256, get_blobstore().size(f.reviewer_sha256)
        result.append(ReviewerFile(f.pk, name, f.kind, f.round, f.media_type, size, sha256))
    return result, withheld


def _authors(submission: Submission) -> list[AuthorShown]:
    return [
        AuthorShown(
            name=str(a),
            email=a.email,
            orcid=a.orcid,
            affiliations=[str(x.get("name", "")) for x in a.affiliations if isinstance(x, dict)],
        )
        for a in Author.objects.filter(submission=submission)
    ]


def submission_for_reviewer(actor: Actor, review_id: int, lang: str = "en") -> ReviewerView:
    """The submission as the invited reviewer of `review_id` sees it (see the module
    docstring); files only once the invitation is accepted. Anyone else, or a cancelled
    invitation: ReviewError (``forbidden``)."""
    review = (
        ReviewAssignment.objects.select_related(
            "submission__journal", "submission__section", "form"
        )
        .filter(pk=review_id)
        .first()
    )
    if (
        review is None
        or actor.user_id is None
        or review.reviewer_id != actor.user_id
        or review.state == ReviewAssignment.State.CANCELLED
    ):
        raise ReviewError(_("This review is not yours."), forbidden=True)
    s = review.submission
    journal = s.journal
    model = ReviewModel(journal.review_model)
    shown = workflow.author_visible_to(editorial.roles_on(actor, s), model)
    working = review.state in (ReviewAssignment.State.ACCEPTED, ReviewAssignment.State.COMPLETED)
    files, withheld = _reviewer_files(s, review, not shown) if working else ([], 0)
    primary = journal.primary_language
    return ReviewerView(
        review=review,
        journal=journal,
        title=localized(s.title, lang, s.language or primary),
        abstract=localized(s.abstract, lang, s.language or primary),
        keywords=list(s.keywords.get(lang) or s.keywords.get(s.language) or []),
        language=s.language,
        section=localized(s.section.title, lang, primary) if s.section else "",
        round=review.round,
        review_model=str(model),
        authors_shown=shown,
        authors=_authors(s) if shown else [],
        submitter=s.submitter_name if shown else "",
        data_availability=s.data_availability,
        links=list(s.links),
        files=files,
        questions=list(review.form.questions) if review.form else [],
        open_round=s.stage == Stage.IN_REVIEW and s.round == review.round,
        withheld=withheld,
    )


def reviewer_file(actor: Actor, review_id: int, file_id: int) -> ReviewerFile:
    """One file of `submission_for_reviewer` (the reviewer copy, under the name shown);
    ReviewError when it is not among them."""
    view = submission_for_reviewer(actor, review_id)
    for f in view.files:
        if f.id == file_id:
            return f
    raise ReviewError(_("There is no such file for this review."), forbidden=True)


@dataclass(frozen=True)
class MyReview:
    """One row of a reviewer's own list: the review, the submission's title (a title
    names no author, so it is shown under every review model) and its journal."""

    review: ReviewAssignment
    title: str
    journal_title: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.review.state, self.review.state))

    @property
    def waiting(self) -> bool:
        """Whether the reviewer still has something to do (answer or write)."""
        return self.review.state in (
            ReviewAssignment.State.INVITED,
            ReviewAssignment.State.ACCEPTED,
        )


def my_reviews(actor: Actor, lang: str = "en") -> list[MyReview]:
    """The actor's own reviews, every journal and round: those waiting for them first
    (soonest due first), then the others (latest invitation first). Nobody sees anyone
    else's; the public has none."""
    if actor.user_id is None:
        return []
    rows = ReviewAssignment.objects.filter(reviewer_id=actor.user_id).select_related(
        "submission__journal"
    )
    shown = [
        MyReview(
            review=r,
            title=localized(r.submission.title, lang, r.submission.language),
            journal_title=localized(
                r.submission.journal.title, lang, r.submission.journal.primary_language
            )
            or r.submission.journal.slug,
        )
        for r in rows
    ]
    waiting = sorted((m for m in shown if m.waiting), key=lambda m: (m.review.due, m.review.pk))
    done = sorted(
        (m for m in shown if not m.waiting), key=lambda m: (m.review.invited_at, m.review.pk)
    )
    return waiting + done[::-1]

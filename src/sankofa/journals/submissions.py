"""The author's side of a journal: drafts, their metadata, authors and files, submission,
revisions and withdrawal.

A submission starts as its submitter's *draft* (`Submission.submitted` is None; stage
``submitted``), which only the submitter sees and changes and editors do not see. `submit`
checks it is complete, records the first `StageEvent` (from "" to ``submitted``) and tells
the journal's editors and the submitter. From then on its metadata, authors and files are
frozen for the authors: they send new versions only as revisions (`submit_revision`) when
the workflow asks for one, and may `withdraw` it; both go through `editorial.move`.

Bad input raises `SubmissionInvalid` whose ``errors`` map a path (``title.en``,
``authors[1].orcid``, ``links[0].identifier``, ``file``) to a sentence; nothing is
changed then. Other refusals: `SubmissionNotFound` (no such submission, or not one of the
actor's: the two are not told apart), `SubmissionFrozen` (the submission's state forbids
the change), `FileTooLarge` (a `SubmissionInvalid` on ``file``: a size cap),
`sankofa.core.actors.PermissionDenied` (the public, or a closed journal).

Size caps are read from the settings when used: ``SANKOFA_JOURNAL_MAX_FILE_BYTES`` per
file (default 200 MiB) and ``SANKOFA_JOURNAL_MAX_SUBMISSION_BYTES`` for all the files of a
submission (default 1 GiB).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.blobstore import get_blobstore
from sankofa.datasets.errors import InvalidFileName
from sankofa.datasets.files import check_name, media_type_of, store_content
from sankofa.journals import editorial, mail
from sankofa.journals import submission_validation as check
from sankofa.journals.coauthors import link_accounts
from sankofa.journals.journals import people_with_role
from sankofa.journals.models import (
    Author,
    Journal,
    Section,
    StageEvent,
    Submission,
    SubmissionFile,
)
from sankofa.journals.workflow import Action, ReviewModel, Role, Stage, allowed_actions

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "FileTooLarge",
    "SubmissionError",
    "SubmissionFrozen",
    "SubmissionInvalid",
    "SubmissionNotFound",
    "add_file",
    "author_actions",
    "author_files",
    "discard_draft",
    "history",
    "journal_for_submission",
    "languages_of",
    "max_file_bytes",
    "max_submission_bytes",
    "my_submissions",
    "open_sections",
    "own_submission",
    "remove_file",
    "set_authors",
    "set_metadata",
    "start_submission",
    "submit",
    "submit_revision",
    "withdraw",
]


class SubmissionError(Exception):
    """A refused request on a submission (the message says why)."""


class SubmissionNotFound(SubmissionError):
    """No such submission (or file) among the actor's own."""


class SubmissionFrozen(SubmissionError):
    """The submission's state forbids this now (submitted, or a stage without it)."""


class SubmissionInvalid(SubmissionError, ValueError):
    """Bad input; ``errors`` maps a path such as ``authors[0].orcid`` to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class FileTooLarge(SubmissionInvalid):
    """A file, or all the files of a submission together, exceed a size cap."""


def max_file_bytes() -> int:
    """``SANKOFA_JOURNAL_MAX_FILE_BYTES`` now (default 200 MiB)."""
    return int(getattr(settings, "SANKOFA_JOURNAL_MAX_FILE_BYTES", 200 * 1024 * 1024))


def max_submission_bytes() -> int:
    """``SANKOFA_JOURNAL_MAX_SUBMISSION_BYTES`` now (default 1 GiB)."""
    return int(getattr(settings, "SANKOFA_JOURNAL_MAX_SUBMISSION_BYTES", 1024 * 1024 * 1024))


def journal_for_submission(slug: str) -> Journal:
    """The journal at `slug` (SubmissionNotFound when there is none)."""
    journal = Journal.objects.filter(slug=slug).first()
    if journal is None:
        raise SubmissionNotFound(_("There is no journal %(slug)s.") % {"slug": slug})
    return journal


def open_sections(journal: Journal) -> list[Section]:
    """The sections of `journal` that take submissions, in their order."""
    return list(journal.sections.filter(open_for_submissions=True))


def start_submission(
    actor: Actor, journal_id: int, *, section_id: int | None = None, language: str = "en"
) -> Submission:
    """A new draft of a signed-in person in journal `journal_id`, in `language` (one of
    the journal's languages), optionally in one of its sections open for submissions.

    PermissionDenied for the public; SubmissionNotFound for an unknown journal;
    SubmissionInvalid (``journal``, ``section``, ``language``) for a journal or section
    closed to submissions, a section of another journal, a language it does not publish."""
    if actor.user_id is None:
        raise PermissionDenied(_("Sign in to submit to a journal."))
    journal = Journal.objects.filter(pk=journal_id).first()
    if journal is None:
        raise SubmissionNotFound(_("There is no journal %(id)s.") % {"id": journal_id})
    errors: dict[str, str] = {}
    if not journal.open_for_submissions:
        errors["journal"] = _("The journal does not take submissions now.")
    section = None
    if section_id is not None:
        section = Section.objects.filter(pk=section_id, journal_id=journal.pk).first()
        if section is None:
            errors["section"] = _("The journal has no such section.")
        elif not section.open_for_submissions:
            errors["section"] = _("This section does not take submissions now.")
    if language not in languages_of(journal):
        errors["language"] = _("The journal does not publish in %(lang)s.") % {"lang": language}
    if errors:
        raise SubmissionInvalid(errors)
    return Submission.objects.create(
        journal=journal,
        section=section,
        language=language,
        submitter_id=actor.user_id,
        submitter_name=actor.name[:200],
        stage=str(Stage.SUBMITTED),
    )


def set_metadata(
    actor: Actor,
    submission_id: int,
    *,
    title: Mapping[str, str],
    abstract: Mapping[str, str],
    keywords: Mapping[str, Sequence[str]],
    cover_letter: str = "",
    data_availability: str = "",
    links: Iterable[Mapping[str, str]] = (),
) -> Submission:
    """Replace the draft's texts: titles, abstracts and keywords by language tag (each
    tag one of the journal's languages or the submission's; blank texts and keywords are
    dropped, keywords deduplicated), the cover letter, the data availability statement and
    the links to datasets and software.

    The title in the submission's language is required (``title.<lang>``). A link is
    ``{"identifier", "kind": "dataset"|"software", "relation":
    "references"|"isSupplementedBy"}``; its identifier is a DOI (any registrant), an ARK
    that names a dataset of this node (`sankofa.datasets.resolving.resolve_any`), or a
    SWHID whose object this node's archive holds (`sankofa.archive.queries.known`). They
    are stored normalised with ``identifier_type`` DOI, ARK or SWHID.
    Only the submitter changes a draft (SubmissionNotFound for others); after submission
    SubmissionFrozen."""
    errors: dict[str, str] = {}
    with transaction.atomic():
        submission = _own_draft(actor, submission_id)
        languages = _text_languages(submission)
        titles = check.check_texts("title", title, languages, errors, max_length=check.MAX_TITLE)
        abstracts = check.check_texts(
            "abstract", abstract, languages, errors, max_length=check.MAX_ABSTRACT
        )
        words = check.check_keywords(keywords, languages, errors)
        letter = check.check_long_text("cover_letter", cover_letter, 50_000, errors)
        statement = check.check_long_text("data_availability", data_availability, 10_000, errors)
        checked_links = check.check_links(actor, links, errors)
        if not titles.get(submission.language) and f"title.{submission.language}" not in errors:
            errors[f"title.{submission.language}"] = _(
                "The title in the submission's language is required."
            )
        if errors:
            raise SubmissionInvalid(errors)
        submission.title, submission.abstract, submission.keywords = titles, abstracts, words
        submission.cover_letter, submission.data_availability = letter, statement
        submission.links = checked_links
        submission.updated = timezone.now()
        submission.save()
    return submission


def set_authors(
    actor: Actor, submission_id: int, authors: Sequence[Mapping[str, Any]]
) -> list[Author]:
    """Replace the draft's authors, in byline order, by `authors`: dicts with
    ``given_names``, ``surname`` (required), ``email``, ``orcid`` (any form
    `Orcid.parse` reads; checksum checked; stored hyphenated), ``affiliations`` (list of
    ``{"name", "ror", "country"}``: a name is required, a ROR id checked and stored as its
    URI, a country an ISO 3166-1 alpha-2 code), ``credit_roles`` (terms of
    `model.CREDIT_ROLES`), ``corresponding`` (bool) and ``user_id`` (only the actor's own:
    "this author is me").

    At least one author, and at least one corresponding author with an e-mail address
    (error on ``authors``). Same access rules as `set_metadata`."""
    errors: dict[str, str] = {}
    with transaction.atomic():
        submission = _own_draft(actor, submission_id)
        rows = check.check_authors(authors, actor.user_id, errors)
        if errors:
            raise SubmissionInvalid(errors)
        Author.objects.filter(submission_id=submission.pk).delete()
        made = Author.objects.bulk_create(Author(submission=submission, **row) for row in rows)
        Submission.objects.filter(pk=submission.pk).update(updated=timezone.now())
    return made


def add_file(
    actor: Actor,
    submission_id: int,
    kind: str,
    name: str,
    stream: BinaryIO,
    *,
    round: int | None = None,
) -> SubmissionFile:
    """Store `stream` (read to its end) as a file of the submission and record it.

    Kinds: ``manuscript`` (a draft has one: a new one replaces the old) and
    ``supplementary`` on a draft by its submitter; ``revision`` by an author while the
    workflow allows ``submit_revision`` (in the current round; `round`, if given, must be
    it). The name is checked (`sankofa.datasets.files.check_name`; error on ``file``), the
    media type guessed from it. A file over `max_file_bytes`, or one that makes the
    submission's files exceed `max_submission_bytes`, raises FileTooLarge. Under a
    double-anonymous journal a reviewer's copy without author properties is stored
    (`sankofa.journals.anonymise_store.reviewer_copy`) and named in ``reviewer_sha256``."""
    kind = str(kind)
    if kind not in (KIND_MANUSCRIPT, KIND_SUPPLEMENTARY, KIND_REVISION):
        raise SubmissionInvalid(
            {"kind": _("Authors add manuscripts, supplementary files and revisions.")}
        )
    submission = _file_target(actor, submission_id, kind, round)
    try:
        name = check_name(name)
    except InvalidFileName as exc:
        raise SubmissionInvalid({"file": str(exc)}) from None
    limit = max_file_bytes()
    stored = store_content(io.BufferedReader(_Capped(stream, limit, name)))
    media_type = media_type_of(name)
    copy = _reviewer_copy(submission.journal, stored.sha256, media_type, name)
    with transaction.atomic():
        submission = _file_target(actor, submission_id, kind, round, lock=True)
        _check_total(submission, kind, stored.size)
        if kind == KIND_MANUSCRIPT:
            submission.files.filter(kind=KIND_MANUSCRIPT).delete()
        made = SubmissionFile.objects.create(
            submission=submission,
            kind=kind,
            round=submission.round if kind == KIND_REVISION else 0,
            name=name,
            media_type=media_type,
            size=stored.size,
            sha256=stored.sha256,
            reviewer_sha256=copy or "",
            uploaded_by_id=actor.user_id,
        )
        Submission.objects.filter(pk=submission.pk).update(updated=timezone.now())
    return made


def remove_file(actor: Actor, file_id: int) -> None:
    """Remove a file from its draft (submitter only; SubmissionFrozen once submitted)."""
    with transaction.atomic():
        row = SubmissionFile.objects.filter(pk=file_id).first()
        if row is None:
            raise SubmissionNotFound(_("There is no such file."))
        submission = _own_draft(actor, row.submission_id)
        if row.kind not in (KIND_MANUSCRIPT, KIND_SUPPLEMENTARY):
            raise SubmissionFrozen(_("This file cannot be removed."))
        row.delete()
        Submission.objects.filter(pk=submission.pk).update(updated=timezone.now())


def submit(actor: Actor, submission_id: int) -> Submission:
    """Send the submitter's draft to the journal.

    Complete means: a title and an abstract in the submission's language, at least one
    author and a corresponding author with e-mail, a manuscript (SubmissionInvalid with
    every missing part otherwise: ``title.<lang>``, ``abstract.<lang>``, ``authors``,
    ``manuscript``). Then, in one transaction: ``submitted`` = now, a `StageEvent` from ""
    to ``submitted``, co-authors linked to their accounts (`coauthors.link_accounts`), a
    ``submission_received`` notice to the journal's managers and
    editors and a ``submission_acknowledged`` notice to the submitter (`mail.notify`;
    mails go after commit). SubmissionFrozen when already submitted."""
    with transaction.atomic():
        submission = _own_draft(actor, submission_id)
        missing = _missing(submission)
        if missing:
            raise SubmissionInvalid(missing)
        now = timezone.now()
        submission.submitted = submission.updated = now
        submission.stage = str(Stage.SUBMITTED)
        submission.save()
        StageEvent.objects.create(
            submission=submission,
            from_stage="",
            to_stage=str(Stage.SUBMITTED),
            round=submission.round,
            actor_id=actor.user_id,
            actor_name=actor.name[:200],
            at=now,
        )
        link_accounts(submission)
        _tell_submitted(actor, submission)
    return submission


def submit_revision(
    actor: Actor,
    submission_id: int,
    files: Sequence[tuple[str, BinaryIO]],
    note: str = "",
) -> Submission:
    """Send a revised version: `files` (``(name, stream)``, at least one) are stored as
    ``revision`` files of the current round, then `editorial.move` takes
    ``submit_revision`` with `note` (to the editor) — all or nothing. SubmissionFrozen when
    the stage does not ask for a revision; SubmissionNotFound for a non-author."""
    submission = own_submission(actor, submission_id)
    if not files:
        raise SubmissionInvalid({"file": _("Add the revised manuscript.")})
    _check_revision_allowed(actor, submission)
    with transaction.atomic():
        for name, stream in files:
            add_file(actor, submission.pk, KIND_REVISION, name, stream)
        try:
            return editorial.move(actor, submission.pk, Action.SUBMIT_REVISION, note=note)
        except editorial.EditorialError as exc:
            raise SubmissionFrozen(exc.message) from None


def withdraw(actor: Actor, submission_id: int, note: str = "") -> Submission:
    """Withdraw a submitted submission (`editorial.move` ``withdraw``; an author only, before
    a final decision: SubmissionFrozen otherwise). A draft is discarded instead
    (`discard_draft`)."""
    submission = own_submission(actor, submission_id)
    if submission.submitted is None:
        raise SubmissionFrozen(_("A draft is not withdrawn but discarded."))
    try:
        return editorial.move(actor, submission.pk, Action.WITHDRAW, note=note)
    except editorial.EditorialError as exc:
        raise SubmissionFrozen(exc.message) from None


def discard_draft(actor: Actor, submission_id: int) -> None:
    """Delete the submitter's draft with its authors and file records (SubmissionFrozen
    once submitted)."""
    with transaction.atomic():
        _own_draft(actor, submission_id).delete()


def my_submissions(actor: Actor) -> QuerySet[Submission]:
    """The submissions `actor` made or is listed on as an author (by user id), drafts
    included, most recently changed first; none for the public."""
    if actor.user_id is None:
        return Submission.objects.none()
    listed = Author.objects.filter(user_id=actor.user_id).values("submission_id")
    return (
        Submission.objects.filter(
            Q(submitter_id=actor.user_id) | Q(pk__in=listed, submitted__isnull=False)
        )
        .select_related("journal", "section")
        .order_by("-updated", "-pk")
    )


def own_submission(actor: Actor, submission_id: int) -> Submission:
    """Submission `submission_id` if `actor` is its submitter or one of its authors (a
    draft: its submitter only); SubmissionNotFound otherwise."""
    submission = (
        Submission.objects.select_related("journal", "section").filter(pk=submission_id).first()
    )
    if submission is None or actor.user_id is None:
        raise SubmissionNotFound(_("You have no submission %(id)s.") % {"id": submission_id})
    if submission.submitter_id == actor.user_id:
        return submission
    if submission.submitted is not None and editorial.is_author_of(actor, submission):
        return submission
    raise SubmissionNotFound(_("You have no submission %(id)s.") % {"id": submission_id})


def author_files(submission: Submission) -> list[SubmissionFile]:
    """The files an author sees: manuscript, supplementary and revision files, oldest
    first."""
    kinds = (KIND_MANUSCRIPT, KIND_SUPPLEMENTARY, KIND_REVISION)
    return list(submission.files.filter(kind__in=kinds).order_by("created", "pk"))


def history(submission: Submission) -> list[StageEvent]:
    """The submission's audit trail, oldest first."""
    return list(StageEvent.objects.filter(submission_id=submission.pk).order_by("at", "pk"))


# ---------------------------------------------------------------- internals

KIND_MANUSCRIPT = str(SubmissionFile.Kind.MANUSCRIPT)
KIND_SUPPLEMENTARY = str(SubmissionFile.Kind.SUPPLEMENTARY)
KIND_REVISION = str(SubmissionFile.Kind.REVISION)


def languages_of(journal: Journal) -> list[str]:
    """The languages `journal` publishes in (its primary language when none is listed)."""
    listed = [str(lang) for lang in journal.languages or [] if lang]
    return listed or [journal.primary_language]


def _text_languages(submission: Submission) -> list[str]:
    return list(dict.fromkeys([submission.language, *languages_of(submission.journal)]))


def _own_draft(actor: Actor, submission_id: int) -> Submission:
    """The actor's own draft, locked for update; refusals as the module docstring says."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("journal")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or actor.user_id is None or submission.submitter_id != actor.user_id:
        if submission is not None and submission.submitted is not None:
            own_submission(actor, submission_id)  # an author: say frozen, not unknown
            raise SubmissionFrozen(_("The submission was sent: it changes only by revisions."))
        raise SubmissionNotFound(_("You have no submission %(id)s.") % {"id": submission_id})
    if submission.submitted is not None:
        raise SubmissionFrozen(_("The submission was sent: it changes only by revisions."))
    return submission


def _file_target(
    actor: Actor, submission_id: int, kind: str, round: int | None, *, lock: bool = False
) -> Submission:
    if kind != KIND_REVISION:
        if lock:
            return _own_draft(actor, submission_id)
        with transaction.atomic():
            return _own_draft(actor, submission_id)
    submission = own_submission(actor, submission_id)
    if lock:
        submission = (
            Submission.objects.select_for_update().select_related("journal").get(pk=submission.pk)
        )
    _check_revision_allowed(actor, submission)
    if round is not None and round != submission.round:
        raise SubmissionInvalid(
            {"round": _("Revisions go to the current round, %(n)d.") % {"n": submission.round}}
        )
    return submission


def author_actions(actor: Actor, submission: Submission) -> list[Action]:
    """The workflow actions `actor` may take on `submission` now (`workflow.allowed_actions`
    with the actor's roles and facts on it); none on a draft."""
    if submission.submitted is None:
        return []
    return allowed_actions(
        Stage(submission.stage),
        editorial.roles_on(actor, submission),
        editorial.facts_for(actor, submission),
    )


def _check_revision_allowed(actor: Actor, submission: Submission) -> None:
    if Action.SUBMIT_REVISION not in author_actions(actor, submission):
        raise SubmissionFrozen(_("The journal has not asked for a revision."))


def _check_total(submission: Submission, kind: str, adding: int) -> None:
    held = submission.files.all()
    if kind == KIND_MANUSCRIPT:  # it replaces the draft's manuscript
        held = held.exclude(kind=KIND_MANUSCRIPT)
    total = (held.aggregate(total=Sum("size"))["total"] or 0) + adding
    limit = max_submission_bytes()
    if total > limit:
        raise FileTooLarge(
            {
                "file": _(
                    "The files of a submission may hold %(limit)s bytes in all; this one "
                    "would make %(total)s."
                )
                % {"limit": limit, "total": total}
            }
        )


class _Capped(io.RawIOBase):
    """Reads `inner`, raising FileTooLarge as soon as more than `limit` bytes came."""

    def __init__(self, inner: BinaryIO, limit: int, name: str) -> None:
        super().__init__()
        self._inner, self._limit, self._name, self._seen = inner, limit, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._inner.read(len(view))
        if not data:
            return 0
        self._seen += len(data)
        if self._seen > self._limit:
            raise FileTooLarge(
                {
                    "file": _("%(name)s is larger than %(limit)s bytes, the most a file may be.")
                    % {"name": self._name, "limit": self._limit}
                }
            )
        view[: len(data)] = data
        return len(data)


def _reviewer_copy(journal: Journal, sha256: str, media_type: str, name: str) -> str | None:
    """The reviewer's copy under double-anonymous review (None otherwise, or when the file
    is of a kind that carries no author properties A4 knows of)."""
    if journal.review_model != str(ReviewModel.DOUBLE_ANONYMOUS):
        return None
    from sankofa.journals.anonymise import handles
    from sankofa.journals.anonymise_store import reviewer_copy

    if not handles(media_type, name):
        return None
    with get_blobstore().open(sha256) as stream:
        data = stream.read()
    return reviewer_copy(data, media_type, name)


def _missing(submission: Submission) -> dict[str, str]:
    lang = submission.language
    missing: dict[str, str] = {}
    if not submission.title.get(lang):
        missing[f"title.{lang}"] = _("The title in the submission's language is required.")
    if not submission.abstract.get(lang):
        missing[f"abstract.{lang}"] = _("The abstract in the submission's language is required.")
    authors = list(submission.authors.all())
    if not authors:
        missing["authors"] = _("Name at least one author.")
    elif not any(a.corresponding and a.email for a in authors):
        missing["authors"] = _("Mark at least one author with an e-mail address as corresponding.")
    if not submission.files.filter(kind=KIND_MANUSCRIPT).exists():
        missing["manuscript"] = _("Upload the manuscript.")
    return missing


def _path(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # that area's pages are not installed
        return ""


def _tell_submitted(actor: Actor, submission: Submission) -> None:
    journal = submission.journal
    # an editor who submits is told as its author only (they never handle their own paper)
    managers_and_editors = people_with_role(journal, (Role.MANAGER, Role.EDITOR))
    editors = [e for e in managers_and_editors if e != submission.submitter_id]
    mail.notify(
        actor,
        "submission_received",
        journal=journal,
        recipients=editors,
        context={"title": submission.title},
        submission=submission,
        url=_path("journals:editorial-submission", journal.slug, submission.pk),
    )
    mail.notify(
        actor,
        "submission_acknowledged",
        journal=journal,
        recipients=[submission.submitter_id] if submission.submitter_id is not None else [],
        context={"title": submission.title},
        submission=submission,
        url=_path("journals:submission", submission.pk),
    )

"""What the author's templates show, built from the models (nothing is changed here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from sankofa.journals.models import Journal, StageEvent, Submission, SubmissionFile
from sankofa.journals.submissions import languages_of
from sankofa.journals.texts import localized
from sankofa.journals.workflow import Action, Stage

STAGE_LABELS: dict[str, Any] = {
    Stage.SUBMITTED: _("Submitted, waiting for the editors"),
    Stage.SCREENING: _("Being screened by the editors"),
    Stage.DESK_REJECTED: _("Declined without review"),
    Stage.WITH_EDITOR: _("With a handling editor"),
    Stage.IN_REVIEW: _("In peer review"),
    Stage.ACCEPTED: _("Accepted"),
    Stage.MINOR_REVISIONS: _("Minor revisions requested"),
    Stage.MAJOR_REVISIONS: _("Major revisions requested"),
    Stage.RESUBMIT: _("Resubmission requested"),
    Stage.DECLINED: _("Declined"),
    Stage.REVISED: _("Revised version sent"),
    Stage.COPYEDITING: _("In copyediting"),
    Stage.PRODUCTION: _("In production"),
    Stage.PROOFS: _("Proofs ready"),
    Stage.SCHEDULED: _("Scheduled for publication"),
    Stage.PUBLISHED: _("Published"),
    Stage.WITHDRAWN: _("Withdrawn"),
}
ACTION_LABELS: dict[str, Any] = {
    "": _("Submitted"),
    Action.START_SCREENING: _("Screening started"),
    Action.DESK_REJECT: _("Declined without review"),
    Action.ASSIGN_EDITOR: _("Handling editor assigned"),
    Action.SEND_TO_REVIEW: _("Sent to peer review"),
    Action.ACCEPT: _("Accepted"),
    Action.REQUEST_MINOR_REVISIONS: _("Minor revisions requested"),
    Action.REQUEST_MAJOR_REVISIONS: _("Major revisions requested"),
    Action.REQUEST_RESUBMISSION: _("Resubmission requested"),
    Action.DECLINE: _("Declined"),
    Action.SUBMIT_REVISION: _("Revised version sent"),
    Action.START_NEXT_ROUND: _("New review round"),
    Action.SEND_TO_COPYEDITING: _("Sent to copyediting"),
    Action.SEND_TO_PRODUCTION: _("Sent to production"),
    Action.SEND_PROOFS: _("Proofs sent"),
    Action.REQUEST_CORRECTIONS: _("Corrections requested"),
    Action.SCHEDULE: _("Scheduled"),
    Action.UNSCHEDULE: _("Unscheduled"),
    Action.PUBLISH: _("Published"),
    Action.WITHDRAW: _("Withdrawn"),
    "set_handling_editor": _("Handling editor assigned"),
    "add_galley": _("Galley added"),
    "remove_galley": _("Galley removed"),
}
# the events whose note the author wrote (decision letters are shown on their own)
_NOTES_FOR_AUTHOR = frozenset({Action.SUBMIT_REVISION, Action.WITHDRAW, Action.REQUEST_CORRECTIONS})
_DECISIONS = frozenset(
    {
        Action.DESK_REJECT,
        Action.ACCEPT,
        Action.REQUEST_MINOR_REVISIONS,
        Action.REQUEST_MAJOR_REVISIONS,
        Action.REQUEST_RESUBMISSION,
        Action.DECLINE,
    }
)
NOTICES: dict[str, Any] = {
    "metadata": _("The metadata is saved."),
    "authors": _("The authors are saved."),
    "file": _("The file is added."),
    "removed": _("The file is removed."),
    "submitted": _("Your submission is sent: the editors are told, and you will hear from them."),
    "discarded": _("The draft is discarded."),
    "revision": _("Your revised version is sent to the editors."),
    "withdrawn": _("The submission is withdrawn."),
}


def notice(key: str | None) -> Any:
    return NOTICES.get(key or "")


def stage_label(stage: str) -> Any:
    return STAGE_LABELS.get(stage, stage.replace("_", " "))


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


def language_choices(journal: Journal) -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in languages_of(journal)]


def text_of(texts: dict[str, str], journal: Journal) -> str:
    return localized(texts, get_language() or "en", journal.primary_language)


@dataclass(frozen=True)
class Row:
    submission: Submission
    title: str
    journal_title: str
    stage: Any
    url: str


def my_rows(submissions: Any) -> list[Row]:
    rows = []
    for s in submissions:
        draft = s.submitted is None
        rows.append(
            Row(
                submission=s,
                title=text_of(s.title, s.journal),
                journal_title=text_of(s.journal.title, s.journal),
                stage=_("Draft") if draft else stage_label(s.stage),
                url=reverse(
                    "journals:submission-edit" if draft else "journals:submission", args=[s.pk]
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class Event:
    at: datetime
    what: Any
    stage: Any
    note: str


def history_rows(events: list[StageEvent]) -> list[Event]:
    """The audit trail as an author sees it: what happened and when, and the notes of
    decisions and of the author's own steps (other notes are the editors' business)."""
    return [
        Event(
            at=e.at,
            what=ACTION_LABELS.get(e.action, e.action.replace("_", " ")),
            stage=stage_label(e.to_stage),
            note=e.note if e.action in _NOTES_FOR_AUTHOR else "",
        )
        for e in events
    ]


def decision_letters(events: list[StageEvent]) -> list[str]:
    """The letters of the editors' decisions (the notes of decision events), oldest first."""
    return [e.note for e in events if e.action in _DECISIONS and e.note.strip()]


def file_rows(
    submission: Submission, files: list[SubmissionFile]
) -> list[tuple[SubmissionFile, str]]:
    """Each file with the address of its download ("" when the editorial pages, which
    serve submission files to their authors, are not installed)."""
    rows = []
    for f in files:
        try:
            url = reverse(
                "journals:submission-file", args=[submission.journal.slug, submission.pk, f.pk]
            )
        except NoReverseMatch:
            url = ""
        rows.append((f, url))
    return rows

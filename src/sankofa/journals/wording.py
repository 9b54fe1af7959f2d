"""The words people read for the editorial workflow: stage and action names as editors
see them, and workflow refusals (`sankofa.journals.workflow` speaks English for logs and
tests; `refusal` says the same to a person in their language)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sankofa.journals.workflow import (
    TERMINAL,
    Action,
    NotAllowed,
    Refusal,
    Requirement,
    RequirementNotMet,
    Stage,
    WorkflowError,
)

__all__ = ["ACTION_LABELS", "STAGE_LABELS", "refusal", "stage"]

STAGE_LABELS: dict[Stage, Any] = {
    Stage.SUBMITTED: gettext_lazy("Submitted"),
    Stage.SCREENING: gettext_lazy("Screening"),
    Stage.DESK_REJECTED: gettext_lazy("Desk rejected"),
    Stage.WITH_EDITOR: gettext_lazy("With the handling editor"),
    Stage.IN_REVIEW: gettext_lazy("In review"),
    Stage.ACCEPTED: gettext_lazy("Accepted"),
    Stage.MINOR_REVISIONS: gettext_lazy("Minor revisions requested"),
    Stage.MAJOR_REVISIONS: gettext_lazy("Major revisions requested"),
    Stage.RESUBMIT: gettext_lazy("Resubmission requested"),
    Stage.DECLINED: gettext_lazy("Declined"),
    Stage.REVISED: gettext_lazy("Revised"),
    Stage.COPYEDITING: gettext_lazy("Copyediting"),
    Stage.PRODUCTION: gettext_lazy("Production"),
    Stage.PROOFS: gettext_lazy("Proofs"),
    Stage.SCHEDULED: gettext_lazy("Scheduled"),
    Stage.PUBLISHED: gettext_lazy("Published"),
    Stage.WITHDRAWN: gettext_lazy("Withdrawn"),
}
ACTION_LABELS: dict[Action, Any] = {
    Action.START_SCREENING: gettext_lazy("Start screening"),
    Action.DESK_REJECT: gettext_lazy("Desk reject"),
    Action.ASSIGN_EDITOR: gettext_lazy("Pass to the handling editor"),
    Action.SEND_TO_REVIEW: gettext_lazy("Send to review"),
    Action.ACCEPT: gettext_lazy("Accept"),
    Action.REQUEST_MINOR_REVISIONS: gettext_lazy("Request minor revisions"),
    Action.REQUEST_MAJOR_REVISIONS: gettext_lazy("Request major revisions"),
    Action.REQUEST_RESUBMISSION: gettext_lazy("Request resubmission"),
    Action.DECLINE: gettext_lazy("Decline"),
    Action.SUBMIT_REVISION: gettext_lazy("Submit the revision"),
    Action.START_NEXT_ROUND: gettext_lazy("Start the next review round"),
    Action.SEND_TO_COPYEDITING: gettext_lazy("Send to copyediting"),
    Action.SEND_TO_PRODUCTION: gettext_lazy("Send to production"),
    Action.SEND_PROOFS: gettext_lazy("Send the proofs"),
    Action.REQUEST_CORRECTIONS: gettext_lazy("Request corrections"),
    Action.SCHEDULE: gettext_lazy("Schedule"),
    Action.UNSCHEDULE: gettext_lazy("Unschedule"),
    Action.PUBLISH: gettext_lazy("Publish"),
    Action.WITHDRAW: gettext_lazy("Withdraw"),
}
_REQUIREMENTS = {
    Requirement.HANDLING_EDITOR: gettext_lazy("a handling editor"),
    Requirement.COMPLETED_REVIEW: gettext_lazy("a completed review in this round"),
    Requirement.GALLEY: gettext_lazy("at least one galley"),
}
_REASONS = {
    Refusal.AUTHOR_ELSEWHERE: gettext_lazy(
        "The author role counts only for an author of this submission."
    ),
    Refusal.SECTION_EDITOR_NOT_HANDLING: gettext_lazy(
        "A section editor acts only on the submissions they handle as handling editor."
    ),
    Refusal.AUTHOR_ONLY_AS_AUTHOR: gettext_lazy(
        "An author of this submission may act on it only as its author."
    ),
}


def stage(value: str) -> str:
    """The stage as editors read it ("In review"); an unknown value as it is."""
    try:
        return str(STAGE_LABELS[Stage(value)])
    except ValueError:
        return value


def refusal(exc: WorkflowError) -> str:
    """The sentence a person reads for a refused workflow step, in the active language."""
    step = str(ACTION_LABELS.get(exc.action, exc.action))
    if isinstance(exc, RequirementNotMet):
        needs = ", ".join(str(_REQUIREMENTS[r]) for r in exc.missing)
        return _("“%(step)s” needs %(needs)s first.") % {"step": step, "needs": needs}
    if isinstance(exc, NotAllowed):
        why = [str(_REASONS[r]) for r in exc.reasons if r in _REASONS]
        text = _("Your roles in this journal do not allow “%(step)s”.") % {"step": step}
        return " ".join([text, *why])
    words = {"step": step, "stage": stage(exc.stage)}
    if exc.stage in TERMINAL:
        return _("“%(step)s” is not possible: the stage “%(stage)s” is final.") % words
    return _("“%(step)s” is not possible now: the submission is at the stage “%(stage)s”.") % words

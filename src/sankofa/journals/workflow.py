"""The editorial workflow of a journal submission, as a pure state machine.

A submission is in one `Stage`; a person moves it by an `Action`. `TRANSITIONS` is
the whole machine: for each ``(stage, action)`` it gives the target stage, the journal
roles that may take the action, and the facts that must hold (`Requirement`). Nothing
else moves a submission: `step` looks the pair up, checks the actor and the facts,
and returns the new stage; it changes nothing and stores nothing (the journals
services record the stage, the audit trail and the round).

The path of a submission::

    submitted -> screening -> desk_rejected
                           -> with_editor -> in_review (round 1)
    in_review -> accepted | minor_revisions | major_revisions | resubmit | declined
    minor_revisions | major_revisions | resubmit -> revised   (the author's new version)
    revised -> in_review (round n + 1)  or  straight to a decision on the same round
    accepted -> copyediting -> production -> proofs -> [scheduled ->] published
    proofs -> production                 (corrections)
    any stage before a final decision -> withdrawn   (by the author)

Who counts as what (`effective_roles`): the roles are the actor's roles in the journal,
and the `Facts` say how the actor stands to this submission.

* ``author`` counts only for an author of this submission (``Facts.is_author_of``).
* ``section_editor`` counts only for the submission's handling editor
  (``Facts.is_handling_editor``); ``manager`` and ``editor`` act on every submission.
* An author of the submission acts on it only as its author, whatever else they are in
  the journal (an editor never handles their own paper).
* ``reviewer`` takes no workflow action: reviews are recorded within a round.

The terminal stages (`TERMINAL`) have no way out: published, declined, desk_rejected,
withdrawn. `published` is reached only along accepted -> copyediting -> production ->
proofs (optionally then scheduled).

The module also answers who sees whose name under a journal's `ReviewModel`
(`author_visible_to`, `reviewer_visible_to`), records decisions with their round
(`Decision`, `decide`), measures a submission's timeline for the DOAJ / Plan S report
(`days_to_first_decision`, `days_to_publication`, their medians), and draws the machine
as a Mermaid diagram and a Markdown table for docs/journals.md (`mermaid_state_diagram`,
`transitions_table`).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "DECISION_STAGES",
    "FIRST_DECISION_STAGES",
    "INITIAL",
    "TERMINAL",
    "TRANSITIONS",
    "Action",
    "Decision",
    "Facts",
    "InvalidTransition",
    "NotAllowed",
    "Refusal",
    "Requirement",
    "RequirementNotMet",
    "ReviewModel",
    "Role",
    "Stage",
    "Transition",
    "WorkflowError",
    "allowed_actions",
    "author_visible_to",
    "days_to_first_decision",
    "days_to_publication",
    "decide",
    "effective_roles",
    "median_days",
    "median_days_to_first_decision",
    "median_days_to_publication",
    "mermaid_state_diagram",
    "reviewer_visible_to",
    "round_after",
    "step",
    "transitions_table",
]


class Stage(StrEnum):
    SUBMITTED = "submitted"
    SCREENING = "screening"
    DESK_REJECTED = "desk_rejected"
    WITH_EDITOR = "with_editor"
    IN_REVIEW = "in_review"
    ACCEPTED = "accepted"
    MINOR_REVISIONS = "minor_revisions"
    MAJOR_REVISIONS = "major_revisions"
    RESUBMIT = "resubmit"
    DECLINED = "declined"
    REVISED = "revised"
    COPYEDITING = "copyediting"
    PRODUCTION = "production"
    PROOFS = "proofs"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    """A person's role in one journal (on top of the node's account)."""

    MANAGER = "manager"
    EDITOR = "editor"
    SECTION_EDITOR = "section_editor"
    REVIEWER = "reviewer"
    COPYEDITOR = "copyeditor"
    LAYOUT_EDITOR = "layout_editor"
    AUTHOR = "author"


class Action(StrEnum):
    START_SCREENING = "start_screening"
    DESK_REJECT = "desk_reject"
    ASSIGN_EDITOR = "assign_editor"
    SEND_TO_REVIEW = "send_to_review"
    ACCEPT = "accept"
    REQUEST_MINOR_REVISIONS = "request_minor_revisions"
    REQUEST_MAJOR_REVISIONS = "request_major_revisions"
    REQUEST_RESUBMISSION = "request_resubmission"
    DECLINE = "decline"
    SUBMIT_REVISION = "submit_revision"
    START_NEXT_ROUND = "start_next_round"
    SEND_TO_COPYEDITING = "send_to_copyediting"
    SEND_TO_PRODUCTION = "send_to_production"
    SEND_PROOFS = "send_proofs"
    REQUEST_CORRECTIONS = "request_corrections"
    SCHEDULE = "schedule"
    UNSCHEDULE = "unschedule"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"


class Requirement(StrEnum):
    """A fact a transition needs; `describe` is the phrase error messages use."""

    HANDLING_EDITOR = "handling_editor"
    COMPLETED_REVIEW = "completed_review"
    GALLEY = "galley"

    def describe(self) -> str:
        return _REQUIREMENT_TEXT[self]

    def met_by(self, facts: Facts) -> bool:
        if self is Requirement.HANDLING_EDITOR:
            return facts.has_handling_editor
        if self is Requirement.COMPLETED_REVIEW:
            return facts.completed_reviews > 0
        return facts.galleys > 0


_REQUIREMENT_TEXT = {
    Requirement.HANDLING_EDITOR: "a handling editor assigned",
    Requirement.COMPLETED_REVIEW: "at least one completed review in the current round",
    Requirement.GALLEY: "at least one galley",
}


@dataclass(frozen=True, kw_only=True)
class Facts:
    """What the guards need to know about the submission and the actor.

    ``round`` is the current review round (0 before the first review, 1 during the
    first, ...); ``completed_reviews`` counts the completed reviews of that round;
    ``galleys`` the galleys made in production. ``is_author_of`` and
    ``is_handling_editor`` say how the acting person stands to this submission (the
    actor cannot be the handling editor of a submission that has none: ValueError).
    """

    round: int = 0
    completed_reviews: int = 0
    has_handling_editor: bool = False
    is_handling_editor: bool = False
    is_author_of: bool = False
    galleys: int = 0

    def __post_init__(self) -> None:
        for name in ("round", "completed_reviews", "galleys"):
            if getattr(self, name) < 0:
                raise ValueError(f"Facts.{name} is negative: {getattr(self, name)}")
        if self.is_handling_editor and not self.has_handling_editor:
            raise ValueError("Facts: the actor is the handling editor of a submission without one")


@dataclass(frozen=True)
class Transition:
    """Where ``(stage, action)`` leads, who may take it, and what must hold first.

    ``opens_round`` marks the actions that start a new review round (see `round_after`).
    """

    target: Stage
    roles: frozenset[Role]
    requires: tuple[Requirement, ...] = ()
    opens_round: bool = False


INITIAL = Stage.SUBMITTED
TERMINAL = frozenset({Stage.PUBLISHED, Stage.DECLINED, Stage.DESK_REJECTED, Stage.WITHDRAWN})
DECISION_STAGES = frozenset(
    {
        Stage.ACCEPTED,
        Stage.MINOR_REVISIONS,
        Stage.MAJOR_REVISIONS,
        Stage.RESUBMIT,
        Stage.DECLINED,
    }
)
# What the DOAJ / Plan S "time to first decision" counts as a decision.
FIRST_DECISION_STAGES = DECISION_STAGES | {Stage.DESK_REJECTED}

_EDITORS = frozenset({Role.MANAGER, Role.EDITOR, Role.SECTION_EDITOR})
_JOURNAL_EDITORS = frozenset({Role.MANAGER, Role.EDITOR})
_AUTHOR = frozenset({Role.AUTHOR})
_DECISIONS = (
    (Action.ACCEPT, Stage.ACCEPTED),
    (Action.REQUEST_MINOR_REVISIONS, Stage.MINOR_REVISIONS),
    (Action.REQUEST_MAJOR_REVISIONS, Stage.MAJOR_REVISIONS),
    (Action.REQUEST_RESUBMISSION, Stage.RESUBMIT),
    (Action.DECLINE, Stage.DECLINED),
)
_DECIDE = (Requirement.HANDLING_EDITOR, Requirement.COMPLETED_REVIEW)
_BEFORE_FINAL_DECISION = (
    Stage.SUBMITTED,
    Stage.SCREENING,
    Stage.WITH_EDITOR,
    Stage.IN_REVIEW,
    Stage.MINOR_REVISIONS,
    Stage.MAJOR_REVISIONS,
    Stage.RESUBMIT,
    Stage.REVISED,
)


def _table() -> dict[tuple[Stage, Action], Transition]:
    t: dict[tuple[Stage, Action], Transition] = {
        (Stage.SUBMITTED, Action.START_SCREENING): Transition(Stage.SCREENING, _EDITORS),
        (Stage.SCREENING, Action.DESK_REJECT): Transition(Stage.DESK_REJECTED, _EDITORS),
        (Stage.SCREENING, Action.ASSIGN_EDITOR): Transition(
            Stage.WITH_EDITOR, _JOURNAL_EDITORS, (Requirement.HANDLING_EDITOR,)
        ),
        (Stage.WITH_EDITOR, Action.DESK_REJECT): Transition(Stage.DESK_REJECTED, _EDITORS),
        (Stage.WITH_EDITOR, Action.SEND_TO_REVIEW): Transition(
            Stage.IN_REVIEW, _EDITORS, (Requirement.HANDLING_EDITOR,), opens_round=True
        ),
    }
    for stage in (Stage.IN_REVIEW, Stage.REVISED):
        for action, target in _DECISIONS:
            t[stage, action] = Transition(target, _EDITORS, _DECIDE)
    for stage in (Stage.MINOR_REVISIONS, Stage.MAJOR_REVISIONS, Stage.RESUBMIT):
        t[stage, Action.SUBMIT_REVISION] = Transition(Stage.REVISED, _AUTHOR)
    t[Stage.REVISED, Action.START_NEXT_ROUND] = Transition(
        Stage.IN_REVIEW, _EDITORS, (Requirement.HANDLING_EDITOR,), opens_round=True
    )
    t[Stage.ACCEPTED, Action.SEND_TO_COPYEDITING] = Transition(Stage.COPYEDITING, _EDITORS)
    t[Stage.COPYEDITING, Action.SEND_TO_PRODUCTION] = Transition(
        Stage.PRODUCTION, _EDITORS | {Role.COPYEDITOR}
    )
    t[Stage.PRODUCTION, Action.SEND_PROOFS] = Transition(
        Stage.PROOFS, _EDITORS | {Role.LAYOUT_EDITOR}, (Requirement.GALLEY,)
    )
    t[Stage.PROOFS, Action.REQUEST_CORRECTIONS] = Transition(Stage.PRODUCTION, _EDITORS | _AUTHOR)
    t[Stage.PROOFS, Action.SCHEDULE] = Transition(Stage.SCHEDULED, _EDITORS, (Requirement.GALLEY,))
    t[Stage.PROOFS, Action.PUBLISH] = Transition(
        Stage.PUBLISHED, _JOURNAL_EDITORS, (Requirement.GALLEY,)
    )
    t[Stage.SCHEDULED, Action.UNSCHEDULE] = Transition(Stage.PROOFS, _JOURNAL_EDITORS)
    t[Stage.SCHEDULED, Action.PUBLISH] = Transition(
        Stage.PUBLISHED, _JOURNAL_EDITORS, (Requirement.GALLEY,)
    )
    for stage in _BEFORE_FINAL_DECISION:
        t[stage, Action.WITHDRAW] = Transition(Stage.WITHDRAWN, _AUTHOR)
    return t


TRANSITIONS: Mapping[tuple[Stage, Action], Transition] = MappingProxyType(_table())


# ---------------------------------------------------------------- errors


class WorkflowError(Exception):
    """A refused step; ``stage`` and ``action`` say which."""

    def __init__(self, message: str, stage: Stage, action: Action) -> None:
        super().__init__(message)
        self.stage = stage
        self.action = action


class InvalidTransition(WorkflowError):
    """The action does not exist from this stage (whoever takes it)."""


class Refusal(StrEnum):
    """Why `NotAllowed` refused: ``role`` always, and each rule of `effective_roles`
    that took away a role the transition would have accepted."""

    ROLE = "role"  # none of the actor's effective roles may take the action
    AUTHOR_ELSEWHERE = "author_elsewhere"  # the author role counts on one's own submission
    SECTION_EDITOR_NOT_HANDLING = "section_editor_not_handling"
    AUTHOR_ONLY_AS_AUTHOR = "author_only_as_author"


class NotAllowed(WorkflowError):
    """The action exists from this stage, but this actor may not take it (now).
    ``reasons`` are the `Refusal` rules that apply (empty for `RequirementNotMet`)."""

    def __init__(
        self, message: str, stage: Stage, action: Action, reasons: tuple[Refusal, ...] = ()
    ) -> None:
        super().__init__(message, stage, action)
        self.reasons = reasons


class RequirementNotMet(NotAllowed):
    """The actor may take the action, but a fact it needs does not hold yet."""

    def __init__(
        self, message: str, stage: Stage, action: Action, missing: tuple[Requirement, ...]
    ) -> None:
        super().__init__(message, stage, action)
        self.missing = missing


# ---------------------------------------------------------------- the machine


def effective_roles(roles: frozenset[Role], facts: Facts) -> frozenset[Role]:
    """The roles that count on this submission (the rules are in the module docstring)."""
    if facts.is_author_of:
        return roles & _AUTHOR
    kept = roles - _AUTHOR
    if not facts.is_handling_editor:
        kept -= {Role.SECTION_EDITOR}
    return kept


def _names(values: Iterable[StrEnum]) -> str:
    return ", ".join(sorted(str(v) for v in values)) or "none"


_REFUSAL_TEXT = {
    Refusal.AUTHOR_ELSEWHERE: "the author role counts only for an author of this submission",
    Refusal.SECTION_EDITOR_NOT_HANDLING: (
        "a section editor acts only as the submission's handling editor"
    ),
    Refusal.AUTHOR_ONLY_AS_AUTHOR: "an author of this submission may act on it only as its author",
}


def _refusal(
    stage: Stage, action: Action, transition: Transition, roles: frozenset[Role], facts: Facts
) -> NotAllowed:
    reasons = [Refusal.ROLE]
    if Role.AUTHOR in roles & transition.roles and not facts.is_author_of:
        reasons.append(Refusal.AUTHOR_ELSEWHERE)
    if Role.SECTION_EDITOR in roles & transition.roles and not facts.is_handling_editor:
        reasons.append(Refusal.SECTION_EDITOR_NOT_HANDLING)
    if facts.is_author_of and roles & transition.roles - _AUTHOR:
        reasons.append(Refusal.AUTHOR_ONLY_AS_AUTHOR)
    why = [f"needs one of the roles {_names(transition.roles)}; you have {_names(roles)}"]
    why += [_REFUSAL_TEXT[r] for r in reasons[1:]]
    message = f"{action!s} from stage {stage!s} is not allowed: " + "; ".join(why)
    return NotAllowed(message, stage, action, tuple(reasons))


def step(stage: Stage, action: Action, roles: frozenset[Role], facts: Facts) -> Stage:
    """The stage ``action`` leads to from ``stage``, taken by a person with ``roles``.

    Raises `InvalidTransition` when ``(stage, action)`` is not in `TRANSITIONS` (the
    message lists what is possible from ``stage``), `NotAllowed` when none of the
    actor's `effective_roles` is among the transition's roles, and `RequirementNotMet`
    (a `NotAllowed`) naming every `Requirement` the facts do not meet.
    """
    transition = TRANSITIONS.get((stage, action))
    if transition is None:
        possible = [str(a) for (s, a) in TRANSITIONS if s == stage]
        raise InvalidTransition(
            f"{action!s} is not possible from stage {stage!s} "
            f"(possible: {', '.join(possible) or 'nothing, the stage is final'})",
            stage,
            action,
        )
    if not effective_roles(roles, facts) & transition.roles:
        raise _refusal(stage, action, transition, roles, facts)
    missing = tuple(r for r in transition.requires if not r.met_by(facts))
    if missing:
        raise RequirementNotMet(
            f"{action!s} from stage {stage!s} needs " + " and ".join(r.describe() for r in missing),
            stage,
            action,
            missing,
        )
    return transition.target


def allowed_actions(stage: Stage, roles: frozenset[Role], facts: Facts) -> list[Action]:
    """The actions `step` would accept from ``stage`` for this actor, in table order."""
    result = []
    for (s, action), transition in TRANSITIONS.items():
        if (
            s == stage
            and effective_roles(roles, facts) & transition.roles
            and all(r.met_by(facts) for r in transition.requires)
        ):
            result.append(action)
    return result


def round_after(stage: Stage, action: Action, current_round: int) -> int:
    """The review round after ``action`` from ``stage``: one more when it opens a round
    (send_to_review, start_next_round), else unchanged. Raises `InvalidTransition`
    like `step` for a pair that is not in the table."""
    transition = TRANSITIONS.get((stage, action))
    if transition is None:
        raise InvalidTransition(f"{action!s} is not possible from stage {stage!s}", stage, action)
    return current_round + 1 if transition.opens_round else current_round


@dataclass(frozen=True)
class Decision:
    """An editorial decision: its outcome (a `FIRST_DECISION_STAGES` member) and the
    review round it closes (0 for a desk rejection before any review)."""

    round: int
    outcome: Stage
    action: Action


def decide(stage: Stage, action: Action, roles: frozenset[Role], facts: Facts) -> Decision:
    """`step` for a decision (accept, revisions, resubmit, decline, desk reject),
    returning it with the round it belongs to (``facts.round``). Any other action raises
    `InvalidTransition` ("not a decision")."""
    transition = TRANSITIONS.get((stage, action))
    if transition is not None and transition.target not in FIRST_DECISION_STAGES:
        raise InvalidTransition(f"{action!s} is not a decision", stage, action)
    outcome = step(stage, action, roles, facts)
    return Decision(round=facts.round, outcome=outcome, action=action)


# ---------------------------------------------------------------- anonymity


class ReviewModel(StrEnum):
    """A journal's peer review model."""

    OPEN = "open"
    SINGLE_ANONYMOUS = "single_anonymous"
    DOUBLE_ANONYMOUS = "double_anonymous"


# The roles that, held on a submission, decide visibility alone (an editor who reviews
# a paper sees it as a reviewer; an editor who wrote it sees it as an author).
_DECISIVE = frozenset({Role.AUTHOR, Role.REVIEWER})


def _visible(roles: frozenset[Role], sees: Mapping[Role, bool]) -> bool:
    decisive = roles & _DECISIVE
    if decisive:
        return all(sees[r] for r in decisive)
    return any(sees[r] for r in roles)


def author_visible_to(viewer_roles: frozenset[Role], review_model: ReviewModel) -> bool:
    """Whether a viewer with ``viewer_roles`` *on this submission* sees who its authors are.

    Editors (manager, editor, section editor), copyeditors, layout editors and the
    authors themselves always do; a reviewer does unless the review is double-anonymous.
    A viewer who is a reviewer or an author of the submission is judged by that role
    alone, whatever else they hold; a viewer with no role sees nothing.
    """
    reviewer_sees = review_model is not ReviewModel.DOUBLE_ANONYMOUS
    sees = {role: True for role in Role} | {Role.REVIEWER: reviewer_sees}
    return _visible(viewer_roles, sees)


def reviewer_visible_to(viewer_roles: frozenset[Role], review_model: ReviewModel) -> bool:
    """Whether a viewer with ``viewer_roles`` on this submission sees who reviewed it.

    Editors (manager, editor, section editor) always do. Everyone else — authors, other
    reviewers, copyeditors, layout editors — only in open review. A reviewer or author
    of the submission is judged by that role alone; a viewer with no role sees nothing.
    """
    is_open = review_model is ReviewModel.OPEN
    sees = {role: role in _EDITORS or is_open for role in Role}
    return _visible(viewer_roles, sees)


# ---------------------------------------------------------------- timelines


def _first(events: Sequence[tuple[Stage, datetime]], stages: frozenset[Stage]) -> datetime | None:
    return min((at for stage, at in events if stage in stages), default=None)


def _days(events: Iterable[tuple[Stage, datetime]], ends: frozenset[Stage]) -> float | None:
    events = list(events)
    aware = {at.tzinfo is not None and at.utcoffset() is not None for _, at in events}
    if len(aware) > 1:
        raise ValueError("timeline mixes naive and timezone-aware timestamps")
    start = _first(events, frozenset({Stage.SUBMITTED}))
    if start is None:
        raise ValueError(f"timeline has no {Stage.SUBMITTED!s} event ({len(events)} events)")
    end = _first(events, ends)
    if end is None:
        return None
    if end < start:
        raise ValueError(f"timeline reaches {_names(ends)} at {end} before submission at {start}")
    return (end - start).total_seconds() / 86400


def days_to_first_decision(events: Iterable[tuple[Stage, datetime]]) -> float | None:
    """Days (fractional) from the first ``submitted`` event to the first decision
    (`FIRST_DECISION_STAGES`: a desk rejection counts), or None while undecided.

    ``events`` are ``(stage, timestamp)`` pairs in any order; all timestamps naive or all
    aware. A timeline without ``submitted``, or a decision dated before it, raises
    ValueError.
    """
    return _days(events, FIRST_DECISION_STAGES)


def days_to_publication(events: Iterable[tuple[Stage, datetime]]) -> float | None:
    """Days from the first ``submitted`` event to ``published``, or None if unpublished
    (same rules for ``events`` as `days_to_first_decision`)."""
    return _days(events, frozenset({Stage.PUBLISHED}))


def median_days(values: Iterable[float | None]) -> float | None:
    """The median of the values that are not None (the mean of the middle two for an
    even count), or None when there are none."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def median_days_to_first_decision(
    timelines: Iterable[Iterable[tuple[Stage, datetime]]],
) -> float | None:
    """Median `days_to_first_decision` over the submissions that have had one."""
    return median_days(days_to_first_decision(t) for t in timelines)


def median_days_to_publication(
    timelines: Iterable[Iterable[tuple[Stage, datetime]]],
) -> float | None:
    """Median `days_to_publication` over the published submissions."""
    return median_days(days_to_publication(t) for t in timelines)


# ---------------------------------------------------------------- documentation


def mermaid_state_diagram() -> str:
    """`TRANSITIONS` as a Mermaid ``stateDiagram-v2``: ``[*] --> submitted``, one edge
    ``source --> target: action`` per table entry in table order, then
    ``stage --> [*]`` for each terminal stage in `Stage` order."""
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL!s}"]
    lines += [f"    {s!s} --> {t.target!s}: {a!s}" for (s, a), t in TRANSITIONS.items()]
    lines += [f"    {s!s} --> [*]" for s in Stage if s in TERMINAL]
    return "\n".join(lines) + "\n"


def transitions_table() -> str:
    """`TRANSITIONS` as a Markdown table: from, action, to, who may, what must hold."""
    lines = ["| from | action | to | who may | requires |", "|---|---|---|---|---|"]
    for (stage, action), t in TRANSITIONS.items():
        requires = "; ".join(r.describe() for r in t.requires) or "—"
        who = ", ".join(str(r) for r in Role if r in t.roles)
        lines.append(f"| {stage!s} | `{action!s}` | {t.target!s} | {who} | {requires} |")
    return "\n".join(lines) + "\n"

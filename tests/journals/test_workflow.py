"""The editorial workflow state machine (sankofa.journals.workflow).

`SPEC` below is the machine written out by hand from issue 5 ("Editorial workflow"),
independently of the module's table: the table must equal it, every entry is taken by
every role, and the random walks check each step against it.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from sankofa.journals.workflow import (
    INITIAL,
    TERMINAL,
    TRANSITIONS,
    Action,
    Decision,
    Facts,
    InvalidTransition,
    NotAllowed,
    Requirement,
    RequirementNotMet,
    ReviewModel,
    Role,
    Stage,
    allowed_actions,
    author_visible_to,
    days_to_first_decision,
    days_to_publication,
    decide,
    median_days,
    median_days_to_first_decision,
    median_days_to_publication,
    mermaid_state_diagram,
    reviewer_visible_to,
    round_after,
    step,
    transitions_table,
)
from tests.conftest import ROOT

S, A, R, Q = Stage, Action, Role, Requirement
EDITORS = {R.MANAGER, R.EDITOR, R.SECTION_EDITOR}
CHIEFS = {R.MANAGER, R.EDITOR}
AUTHOR = {R.AUTHOR}
DECIDE = (Q.HANDLING_EDITOR, Q.COMPLETED_REVIEW)

# (from, action, to, who may, what must hold)
SPEC: list[tuple[Stage, Action, Stage, set[Role], tuple[Requirement, ...]]] = [
    (S.SUBMITTED, A.START_SCREENING, S.SCREENING, EDITORS, ()),
    (S.SCREENING, A.DESK_REJECT, S.DESK_REJECTED, EDITORS, ()),
    (S.SCREENING, A.ASSIGN_EDITOR, S.WITH_EDITOR, CHIEFS, (Q.HANDLING_EDITOR,)),
    (S.WITH_EDITOR, A.DESK_REJECT, S.DESK_REJECTED, EDITORS, ()),
    (S.WITH_EDITOR, A.SEND_TO_REVIEW, S.IN_REVIEW, EDITORS, (Q.HANDLING_EDITOR,)),
    *[
        (source, action, target, EDITORS, DECIDE)
        for source in (S.IN_REVIEW, S.REVISED)
        for action, target in [
            (A.ACCEPT, S.ACCEPTED),
            (A.REQUEST_MINOR_REVISIONS, S.MINOR_REVISIONS),
            (A.REQUEST_MAJOR_REVISIONS, S.MAJOR_REVISIONS),
            (A.REQUEST_RESUBMISSION, S.RESUBMIT),
            (A.DECLINE, S.DECLINED),
        ]
    ],
    (S.MINOR_REVISIONS, A.SUBMIT_REVISION, S.REVISED, AUTHOR, ()),
    (S.MAJOR_REVISIONS, A.SUBMIT_REVISION, S.REVISED, AUTHOR, ()),
    (S.RESUBMIT, A.SUBMIT_REVISION, S.REVISED, AUTHOR, ()),
    (S.REVISED, A.START_NEXT_ROUND, S.IN_REVIEW, EDITORS, (Q.HANDLING_EDITOR,)),
    (S.ACCEPTED, A.SEND_TO_COPYEDITING, S.COPYEDITING, EDITORS, ()),
    (S.COPYEDITING, A.SEND_TO_PRODUCTION, S.PRODUCTION, EDITORS | {R.COPYEDITOR}, ()),
    (S.PRODUCTION, A.SEND_PROOFS, S.PROOFS, EDITORS | {R.LAYOUT_EDITOR}, (Q.GALLEY,)),
    (S.PROOFS, A.REQUEST_CORRECTIONS, S.PRODUCTION, EDITORS | AUTHOR, ()),
    (S.PROOFS, A.SCHEDULE, S.SCHEDULED, EDITORS, (Q.GALLEY,)),
    (S.PROOFS, A.PUBLISH, S.PUBLISHED, CHIEFS, (Q.GALLEY,)),
    (S.SCHEDULED, A.UNSCHEDULE, S.PROOFS, CHIEFS, ()),
    (S.SCHEDULED, A.PUBLISH, S.PUBLISHED, CHIEFS, (Q.GALLEY,)),
    *[
        (source, A.WITHDRAW, S.WITHDRAWN, AUTHOR, ())
        for source in (
            S.SUBMITTED,
            S.SCREENING,
            S.WITH_EDITOR,
            S.IN_REVIEW,
            S.MINOR_REVISIONS,
            S.MAJOR_REVISIONS,
            S.RESUBMIT,
            S.REVISED,
        )
    ],
]
SPEC_TARGET = {(s, a): t for s, a, t, _, _ in SPEC}
SPEC_ROLES = {(s, a): roles for s, a, _, roles, _ in SPEC}
SPEC_REQUIRES = {(s, a): req for s, a, _, _, req in SPEC}

ALL_MET = Facts(
    round=1, completed_reviews=2, has_handling_editor=True, is_handling_editor=True, galleys=1
)
AS_AUTHOR = Facts(
    round=1, completed_reviews=2, has_handling_editor=True, is_author_of=True, galleys=1
)


def facts_for(role: Role) -> Facts:
    """Every requirement met, and the actor standing to the submission as ``role`` needs."""
    return AS_AUTHOR if role is R.AUTHOR else ALL_MET


def test_table_is_the_spec() -> None:
    assert len(SPEC_TARGET) == len(SPEC)
    assert set(TRANSITIONS) == set(SPEC_TARGET)
    for key, transition in TRANSITIONS.items():
        assert transition.target == SPEC_TARGET[key], key
        assert transition.roles == SPEC_ROLES[key], key
        assert transition.requires == SPEC_REQUIRES[key], key


def test_terminal_stages_have_no_way_out_and_every_other_stage_has_one() -> None:
    assert {S.PUBLISHED, S.DECLINED, S.DESK_REJECTED, S.WITHDRAWN} == TERMINAL
    sources = {s for s, _ in TRANSITIONS}
    assert sources == set(Stage) - TERMINAL


@pytest.mark.parametrize(
    ("stage", "action", "role"),
    [(s, a, role) for s, a, *_ in SPEC for role in Role],
    ids=lambda v: str(v),
)
def test_every_transition_by_every_role(stage: Stage, action: Action, role: Role) -> None:
    facts = facts_for(role)
    if role in SPEC_ROLES[stage, action]:
        assert step(stage, action, frozenset({role}), facts) == SPEC_TARGET[stage, action]
        assert action in allowed_actions(stage, frozenset({role}), facts)
    else:
        with pytest.raises(NotAllowed) as refused:
            step(stage, action, frozenset({role}), facts)
        assert not isinstance(refused.value, RequirementNotMet)
        message = str(refused.value)
        assert f"{action} from stage {stage} is not allowed" in message
        assert f"you have {role}" in message
        for allowed in SPEC_ROLES[stage, action]:
            assert str(allowed) in message
        assert (refused.value.stage, refused.value.action) == (stage, action)
        assert action not in allowed_actions(stage, frozenset({role}), facts)


WITHOUT: dict[Requirement, dict[str, Any]] = {
    Q.HANDLING_EDITOR: {"has_handling_editor": False, "is_handling_editor": False},
    Q.COMPLETED_REVIEW: {"completed_reviews": 0},
    Q.GALLEY: {"galleys": 0},
}


@pytest.mark.parametrize(
    ("stage", "action", "requirement"),
    [(s, a, q) for s, a, _, _, req in SPEC for q in req],
    ids=lambda v: str(v),
)
def test_each_requirement_is_enforced(
    stage: Stage, action: Action, requirement: Requirement
) -> None:
    facts = dataclasses.replace(ALL_MET, **WITHOUT[requirement])
    with pytest.raises(RequirementNotMet) as refused:
        step(stage, action, frozenset({R.MANAGER}), facts)
    assert refused.value.missing == (requirement,)
    assert str(refused.value) == f"{action} from stage {stage} needs {requirement.describe()}"
    assert action not in allowed_actions(stage, frozenset({R.MANAGER}), facts)


def test_a_decision_without_reviews_or_editor_names_both_facts() -> None:
    with pytest.raises(
        RequirementNotMet,
        match=r"accept from stage in_review needs "
        r"a handling editor assigned and at least one completed review",
    ):
        step(S.IN_REVIEW, A.ACCEPT, frozenset({R.EDITOR}), Facts(round=1))


@pytest.mark.parametrize(
    ("stage", "action"),
    [(s, a) for s in Stage for a in Action if (s, a) not in SPEC_TARGET],
    ids=lambda v: str(v),
)
def test_every_other_pair_is_an_invalid_transition(stage: Stage, action: Action) -> None:
    with pytest.raises(InvalidTransition) as refused:
        step(stage, action, frozenset(Role), ALL_MET)
    message = str(refused.value)
    assert message.startswith(f"{action} is not possible from stage {stage} (possible: ")
    if stage in TERMINAL:
        assert "nothing, the stage is final" in message
    else:
        assert all(str(a) in message for s, a in SPEC_TARGET if s == stage)


def test_author_role_counts_only_for_an_author_of_the_submission() -> None:
    with pytest.raises(NotAllowed, match="counts only for an author of this submission"):
        step(S.IN_REVIEW, A.WITHDRAW, frozenset({R.AUTHOR}), ALL_MET)


def test_an_editor_may_not_handle_their_own_paper() -> None:
    roles = frozenset({R.EDITOR, R.AUTHOR})
    with pytest.raises(NotAllowed, match="may act on it only as its author"):
        step(S.IN_REVIEW, A.ACCEPT, roles, AS_AUTHOR)
    assert allowed_actions(S.IN_REVIEW, roles, AS_AUTHOR) == [A.WITHDRAW]


def test_a_section_editor_acts_only_as_handling_editor() -> None:
    others = Facts(round=1, completed_reviews=1, has_handling_editor=True)
    with pytest.raises(NotAllowed, match="only as the submission's handling editor"):
        step(S.IN_REVIEW, A.DECLINE, frozenset({R.SECTION_EDITOR}), others)
    assert step(S.IN_REVIEW, A.DECLINE, frozenset({R.EDITOR}), others) == S.DECLINED


def test_reviewers_take_no_workflow_action() -> None:
    for stage in Stage:
        assert allowed_actions(stage, frozenset({R.REVIEWER}), ALL_MET) == []


def test_facts_are_checked() -> None:
    with pytest.raises(ValueError, match=r"Facts\.galleys is negative"):
        Facts(galleys=-1)
    with pytest.raises(ValueError, match="handling editor of a submission without one"):
        Facts(is_handling_editor=True)


def test_rounds_and_decisions() -> None:
    assert round_after(S.WITH_EDITOR, A.SEND_TO_REVIEW, 0) == 1
    assert round_after(S.REVISED, A.START_NEXT_ROUND, 1) == 2
    assert round_after(S.IN_REVIEW, A.REQUEST_MAJOR_REVISIONS, 2) == 2
    with pytest.raises(InvalidTransition):
        round_after(S.SUBMITTED, A.PUBLISH, 0)
    editor = frozenset({R.EDITOR})
    assert decide(S.IN_REVIEW, A.REQUEST_MAJOR_REVISIONS, editor, ALL_MET) == Decision(
        round=1, outcome=S.MAJOR_REVISIONS, action=A.REQUEST_MAJOR_REVISIONS
    )
    assert decide(S.SCREENING, A.DESK_REJECT, editor, Facts()) == Decision(
        round=0, outcome=S.DESK_REJECTED, action=A.DESK_REJECT
    )
    with pytest.raises(InvalidTransition, match="send_proofs is not a decision"):
        decide(S.PRODUCTION, A.SEND_PROOFS, editor, ALL_MET)
    with pytest.raises(NotAllowed):
        decide(S.IN_REVIEW, A.ACCEPT, frozenset({R.COPYEDITOR}), ALL_MET)


def test_the_whole_path_to_publication() -> None:
    editor, author = frozenset({R.EDITOR}), frozenset({R.AUTHOR})
    walk = [
        (A.START_SCREENING, editor, Facts(), S.SCREENING),
        (A.ASSIGN_EDITOR, editor, Facts(has_handling_editor=True), S.WITH_EDITOR),
        (A.SEND_TO_REVIEW, editor, Facts(has_handling_editor=True), S.IN_REVIEW),
        (A.REQUEST_MINOR_REVISIONS, editor, ALL_MET, S.MINOR_REVISIONS),
        (A.SUBMIT_REVISION, author, AS_AUTHOR, S.REVISED),
        (A.ACCEPT, editor, ALL_MET, S.ACCEPTED),
        (A.SEND_TO_COPYEDITING, editor, ALL_MET, S.COPYEDITING),
        (A.SEND_TO_PRODUCTION, frozenset({R.COPYEDITOR}), ALL_MET, S.PRODUCTION),
        (A.SEND_PROOFS, frozenset({R.LAYOUT_EDITOR}), ALL_MET, S.PROOFS),
        (A.REQUEST_CORRECTIONS, author, AS_AUTHOR, S.PRODUCTION),
        (A.SEND_PROOFS, frozenset({R.LAYOUT_EDITOR}), ALL_MET, S.PROOFS),
        (A.SCHEDULE, editor, ALL_MET, S.SCHEDULED),
        (A.PUBLISH, frozenset({R.MANAGER}), ALL_MET, S.PUBLISHED),
    ]
    stage = INITIAL
    for action, roles, facts, expected in walk:
        stage = step(stage, action, roles, facts)
        assert stage == expected


# ---------------------------------------------------------------- random walks

role_sets = st.frozensets(st.sampled_from(Role))


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    has_editor = draw(st.booleans())
    return Facts(
        round=draw(st.integers(0, 5)),
        completed_reviews=draw(st.integers(0, 3)),
        has_handling_editor=has_editor,
        is_handling_editor=has_editor and draw(st.booleans()),
        is_author_of=draw(st.booleans()),
        galleys=draw(st.integers(0, 2)),
    )


def _assert_published_through_production(path: list[Stage]) -> None:
    """After the last acceptance: only production stages, copyediting -> production ->
    proofs in that order, and published straight after proofs or scheduled."""
    assert S.ACCEPTED in path
    after = path[len(path) - path[::-1].index(S.ACCEPTED) :]
    assert set(after) <= {S.COPYEDITING, S.PRODUCTION, S.PROOFS, S.SCHEDULED, S.PUBLISHED}
    assert after[0] == S.COPYEDITING
    assert after.index(S.COPYEDITING) < after.index(S.PRODUCTION) < after.index(S.PROOFS)
    assert path[-2] in (S.PROOFS, S.SCHEDULED)


def _assert_may(
    roles: frozenset[Role], fact: Facts, may: set[Role], requires: tuple[Requirement, ...]
) -> None:
    """The rules of who counts as what, and the requirements, restated independently."""
    if fact.is_author_of:
        assert R.AUTHOR in roles and R.AUTHOR in may
    else:
        counted = roles - {R.AUTHOR} - (set() if fact.is_handling_editor else {R.SECTION_EDITOR})
        assert counted & may
    if Q.HANDLING_EDITOR in requires:
        assert fact.has_handling_editor
    if Q.COMPLETED_REVIEW in requires:
        assert fact.completed_reviews >= 1
    if Q.GALLEY in requires:
        assert fact.galleys >= 1


def _draw_attempt(data: st.DataObject, stage: Stage) -> tuple[Action, frozenset[Role], Facts]:
    """Mostly a step onward along the spec by someone who may take it (so that walks get
    to publication), else any action by any role set with any facts."""
    onward = [a for (s, a), t in SPEC_TARGET.items() if s == stage and t not in TERMINAL]
    if onward and data.draw(st.integers(0, 9), label="guided") < 7:
        action = data.draw(st.sampled_from(onward), label="action")
        role = data.draw(st.sampled_from(sorted(SPEC_ROLES[stage, action])), label="role")
        extra = data.draw(role_sets, label="extra roles")
        return action, extra | {role}, facts_for(role)
    pool = st.sampled_from([a for s, a in SPEC_TARGET if s == stage] or list(Action))
    action = data.draw(st.one_of(pool, st.sampled_from(Action)), label="action")
    return action, data.draw(role_sets, label="roles"), data.draw(facts(), label="facts")


@settings(max_examples=300)
@given(st.data())
def test_random_walks_follow_the_spec(data: st.DataObject) -> None:
    stage, path = INITIAL, [INITIAL]
    for _ in range(data.draw(st.integers(1, 40), label="length")):
        action, roles, fact = _draw_attempt(data, stage)
        try:
            new = step(stage, action, roles, fact)
        except InvalidTransition:
            assert (stage, action) not in SPEC_TARGET, "a pair of the spec refused as invalid"
            continue
        except NotAllowed:
            assert (stage, action) in SPEC_TARGET
            continue
        assert stage not in TERMINAL, f"left terminal stage {stage}"
        assert new == SPEC_TARGET[stage, action], (stage, action, new)
        _assert_may(roles, fact, SPEC_ROLES[stage, action], SPEC_REQUIRES[stage, action])
        stage = new
        path.append(stage)
        if stage == S.PUBLISHED:
            _assert_published_through_production(path)
    event(f"ended in {stage}")


@settings(max_examples=400)
@given(st.sampled_from(Stage), role_sets, facts())
def test_allowed_actions_are_exactly_what_step_accepts(
    stage: Stage, roles: frozenset[Role], fact: Facts
) -> None:
    accepted = []
    for action in Action:
        try:
            step(stage, action, roles, fact)
        except (InvalidTransition, NotAllowed):
            continue
        accepted.append(action)
    assert sorted(allowed_actions(stage, roles, fact)) == sorted(accepted)


# ---------------------------------------------------------------- anonymity

OPEN, SINGLE, DOUBLE = ReviewModel.OPEN, ReviewModel.SINGLE_ANONYMOUS, ReviewModel.DOUBLE_ANONYMOUS
# viewer role -> review model -> (sees authors, sees reviewers); the table in docs/journals.md
VISIBILITY = {
    R.MANAGER: {OPEN: (True, True), SINGLE: (True, True), DOUBLE: (True, True)},
    R.EDITOR: {OPEN: (True, True), SINGLE: (True, True), DOUBLE: (True, True)},
    R.SECTION_EDITOR: {OPEN: (True, True), SINGLE: (True, True), DOUBLE: (True, True)},
    R.REVIEWER: {OPEN: (True, True), SINGLE: (True, False), DOUBLE: (False, False)},
    R.AUTHOR: {OPEN: (True, True), SINGLE: (True, False), DOUBLE: (True, False)},
    R.COPYEDITOR: {OPEN: (True, True), SINGLE: (True, False), DOUBLE: (True, False)},
    R.LAYOUT_EDITOR: {OPEN: (True, True), SINGLE: (True, False), DOUBLE: (True, False)},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("model", list(ReviewModel))
def test_visibility_per_role(role: Role, model: ReviewModel) -> None:
    sees = (
        author_visible_to(frozenset({role}), model),
        reviewer_visible_to(frozenset({role}), model),
    )
    assert sees == VISIBILITY[role][model]


@given(role_sets, st.sampled_from(ReviewModel))
def test_anonymity_holds_whatever_else_a_viewer_is(
    roles: frozenset[Role], model: ReviewModel
) -> None:
    if model is DOUBLE and R.REVIEWER in roles:
        assert not author_visible_to(roles, model)  # reviewers never see authors
    if model is not OPEN and R.AUTHOR in roles:
        assert not reviewer_visible_to(roles, model)  # authors never see reviewers
    if model is OPEN and roles:
        assert author_visible_to(roles, model) and reviewer_visible_to(roles, model)
    if not roles:
        assert not author_visible_to(roles, model) and not reviewer_visible_to(roles, model)


def test_an_editor_reviewing_is_a_reviewer() -> None:
    roles = frozenset({R.EDITOR, R.REVIEWER})
    assert not author_visible_to(roles, DOUBLE)
    assert author_visible_to(frozenset({R.EDITOR}), DOUBLE)


# ---------------------------------------------------------------- timelines


def at(day: str, hour: int = 0) -> datetime:
    return datetime.fromisoformat(day) + timedelta(hours=hour)


# Hand-made: A decided after 31 days (1 Jan -> 1 Feb, later accepted) and published after
# 152 days (to 1 Jun 2024: 31 + 29 + 31 + 30 + 31); B desk-rejected after 4.5 days; C
# accepted after 20 days (10 Feb -> 1 Mar 2024, a leap year) and published after 65
# (+ 31 + 14 days to 15 Apr), its events out of order; D still in review.
A_ = [
    (S.SUBMITTED, at("2024-01-01")),
    (S.SCREENING, at("2024-01-03")),
    (S.IN_REVIEW, at("2024-01-10")),
    (S.MAJOR_REVISIONS, at("2024-02-01")),
    (S.REVISED, at("2024-03-01")),
    (S.ACCEPTED, at("2024-03-20")),
    (S.PUBLISHED, at("2024-06-01")),
]
B_ = [(S.SUBMITTED, at("2024-03-01")), (S.DESK_REJECTED, at("2024-03-05", 12))]
C_ = [
    (S.PUBLISHED, at("2024-04-15")),
    (S.SUBMITTED, at("2024-02-10")),
    (S.PROOFS, at("2024-04-01")),
    (S.ACCEPTED, at("2024-03-01")),
]
D_ = [(S.SUBMITTED, at("2024-05-01")), (S.IN_REVIEW, at("2024-05-02"))]


def test_days_per_submission() -> None:
    assert [days_to_first_decision(t) for t in (A_, B_, C_, D_)] == [31, 4.5, 20, None]
    assert [days_to_publication(t) for t in (A_, B_, C_, D_)] == [152, None, 65, None]


def test_medians() -> None:
    assert median_days_to_first_decision([A_, B_, C_, D_]) == 20
    assert median_days_to_publication([A_, B_, C_, D_]) == (152 + 65) / 2
    assert median_days_to_publication([B_, D_]) is None
    assert median_days([]) is None
    assert median_days([3.0, None, 1.0, 2.0, 10.0]) == 2.5


def test_first_decision_is_the_first_of_any_kind() -> None:
    events = [
        (S.SUBMITTED, datetime(2024, 1, 1, tzinfo=UTC)),
        (S.DECLINED, datetime(2024, 1, 9, 6, tzinfo=UTC)),
        (S.MINOR_REVISIONS, datetime(2024, 1, 8, 18, tzinfo=UTC)),
    ]
    assert days_to_first_decision(events) == 7.75


def test_bad_timelines_are_refused() -> None:
    with pytest.raises(ValueError, match="no submitted event"):
        days_to_first_decision([(S.ACCEPTED, at("2024-01-01"))])
    with pytest.raises(ValueError, match="before submission"):
        days_to_publication([(S.SUBMITTED, at("2024-02-01")), (S.PUBLISHED, at("2024-01-01"))])
    with pytest.raises(ValueError, match="mixes naive and timezone-aware"):
        days_to_first_decision(
            [
                (S.SUBMITTED, at("2024-02-01")),
                (S.DECLINED, datetime(2024, 3, 1, tzinfo=UTC)),
            ]
        )


# ---------------------------------------------------------------- the documentation


def _workflow_section() -> str:
    text = (ROOT / "docs" / "journals.md").read_text(encoding="utf-8")
    match = re.search(r"^## Editorial workflow\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, "docs/journals.md has no '## Editorial workflow' section"
    return match.group(1)


def test_docs_diagram_is_generated_from_the_table() -> None:
    blocks = re.findall(r"^```mermaid\n(.*?)^```$", _workflow_section(), re.M | re.S)
    assert blocks == [mermaid_state_diagram()]


def test_docs_table_is_generated_from_the_table() -> None:
    assert transitions_table() in _workflow_section()


def test_diagram_has_every_edge_once() -> None:
    diagram = mermaid_state_diagram()
    for s, a, t, _, _ in SPEC:
        assert diagram.count(f"\n    {s} --> {t}: {a}\n") == 1
    assert diagram.startswith("stateDiagram-v2\n    [*] --> submitted\n")
    assert diagram.count("--> [*]") == len(TERMINAL)

"""The editorial services on real rows: a walk from submission to proofs, the audit trail,
refusals (wrong role, missing requirement, an author acting as editor), the queue."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import translation

from sankofa.journals import editorial
from sankofa.journals.editorial import EditorialError
from sankofa.journals.models import Galley, Notification, StageEvent, Submission
from sankofa.journals.workflow import Action, Role
from tests.conftest import SHARED
from tests.journals.editorial_setup import make_team, person, reviewed, submit

pytestmark = pytest.mark.django_db


def trail(submission: Submission) -> list[tuple[str, str, str, int, str]]:
    return [
        (e.action, e.from_stage, e.to_stage, e.round, e.actor_name)
        for e in StageEvent.objects.filter(submission=submission).order_by("at", "pk")
    ]


def test_roles_and_facts_of_each_person(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    assert editorial.is_author_of(team.author, s) and editorial.is_author_of(team.coauthor, s)
    assert not editorial.is_author_of(team.editor, s)
    assert editorial.roles_on(team.author, s) == {Role.AUTHOR}
    assert editorial.roles_on(team.editor, s) == {Role.EDITOR}
    assert editorial.roles_on(team.stranger, s) == frozenset()
    facts = editorial.facts_for(team.section_editor, s)
    assert (facts.round, facts.completed_reviews, facts.galleys) == (0, 0, 0)
    assert not facts.has_handling_editor and not facts.is_handling_editor
    assert editorial.allowed(team.editor, s) == [Action.START_SCREENING]
    assert editorial.allowed(team.author, s) == [Action.WITHDRAW]
    assert editorial.allowed(team.section_editor, s) == []  # not handling it


def test_walk_to_proofs_with_audit_trail_and_mails(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    review = reviewed(team, s)
    s.refresh_from_db()
    assert (s.stage, s.round, s.handling_editor_id) == ("in_review", 1, team.section_editor.user_id)
    assert review.state == "completed"
    facts = editorial.facts_for(team.section_editor, s)
    assert facts.is_handling_editor and facts.completed_reviews == 1

    editorial.move(
        team.section_editor, s.pk, Action.REQUEST_MINOR_REVISIONS, note="Please add 2019."
    )
    told = Notification.objects.filter(key="decision").values_list("user_id", flat=True)
    assert sorted(told) == sorted([team.author.user_id, team.coauthor.user_id])

    editorial.move(team.author, s.pk, Action.SUBMIT_REVISION, note="Added 2019.")
    assert list(
        Notification.objects.filter(key="revision_submitted").values_list("user_id", flat=True)
    ) == [team.section_editor.user_id]
    s = editorial.move(team.section_editor, s.pk, Action.START_NEXT_ROUND)
    assert (s.stage, s.round) == ("in_review", 2)
    assert editorial.facts_for(team.editor, s).completed_reviews == 0  # a new round

    with pytest.raises(EditorialError) as missing:
        editorial.move(team.editor, s.pk, Action.ACCEPT)
    assert missing.value.message == "“Accept” needs a completed review in this round first."
    assert not missing.value.forbidden

    from sankofa.journals import reviews

    second = reviews.invite(team.editor, s.pk, team.reviewer.user_id or 0)
    assert second.round == 2
    reviews.respond(team.reviewer, second.pk, True)
    reviews.submit_review(team.reviewer, second.pk, recommendation="accept", answers={})
    editorial.move(team.editor, s.pk, Action.ACCEPT, note="Accepted.")
    editorial.move(team.editor, s.pk, Action.SEND_TO_COPYEDITING)
    editorial.move(team.copyeditor, s.pk, Action.SEND_TO_PRODUCTION)

    with pytest.raises(EditorialError, match="at least one galley"):
        editorial.move(team.layout, s.pk, Action.SEND_PROOFS)
    galley = editorial.add_galley(
        team.layout, s.pk, "pdf", "article.pdf", io.BytesIO(b"%PDF-1.7 final"), label="PDF"
    )
    assert galley.submission_id == s.pk and galley.size == len(b"%PDF-1.7 final")
    s = editorial.move(team.layout, s.pk, Action.SEND_PROOFS)
    assert s.stage == "proofs"
    assert Notification.objects.filter(key="proofs_ready").count() == 2
    assert Notification.objects.filter(key="editor_assigned").get().user_id == (
        team.section_editor.user_id
    )

    ed, sec, au = team.editor.name, team.section_editor.name, team.author.name
    assert trail(s) == [
        ("", "", "submitted", 0, au),
        ("start_screening", "submitted", "screening", 0, ed),
        ("set_handling_editor", "screening", "screening", 0, ed),
        ("assign_editor", "screening", "with_editor", 0, ed),
        ("send_to_review", "with_editor", "in_review", 1, sec),
        ("invite_reviewer", "in_review", "in_review", 1, sec),
        ("request_minor_revisions", "in_review", "minor_revisions", 1, sec),
        ("submit_revision", "minor_revisions", "revised", 1, au),
        ("start_next_round", "revised", "in_review", 2, sec),
        ("invite_reviewer", "in_review", "in_review", 2, ed),
        ("accept", "in_review", "accepted", 2, ed),
        ("send_to_copyediting", "accepted", "copyediting", 2, ed),
        ("send_to_production", "copyediting", "production", 2, team.copyeditor.name),
        ("add_galley", "production", "production", 2, team.layout.name),
        ("send_proofs", "production", "proofs", 2, team.layout.name),
    ]
    letters = StageEvent.objects.filter(submission=s, action="request_minor_revisions")
    assert letters.get().note == "Please add 2019."


def test_refusals_name_the_reason_and_change_nothing(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    # an author who is also an editor of the journal acts on their paper only as author
    person(team.author.name, team.journal, "editor")
    author_editor = person(team.author.name)
    with pytest.raises(EditorialError) as own:
        editorial.move(author_editor, s.pk, Action.START_SCREENING)
    assert own.value.forbidden
    assert "only as its author" in own.value.message
    # wrong role
    with pytest.raises(EditorialError) as wrong:
        editorial.move(team.copyeditor, s.pk, "start_screening")
    assert wrong.value.forbidden
    assert wrong.value.message == "Your roles in this journal do not allow “Start screening”."
    # impossible step, unknown action, publish outside `publish`
    with pytest.raises(EditorialError, match="at the stage “Submitted”"):
        editorial.move(team.editor, s.pk, Action.ACCEPT)
    with pytest.raises(EditorialError, match="“fly” is not a workflow step"):
        editorial.move(team.editor, s.pk, "fly")
    with pytest.raises(EditorialError, match="use publish"):
        editorial.move(team.editor, s.pk, Action.PUBLISH)
    # a section editor may not assign; a non-editor cannot be assigned; nor an author
    editorial.move(team.editor, s.pk, Action.START_SCREENING)
    with pytest.raises(EditorialError) as sec:
        editorial.assign_editor(team.section_editor, s.pk, team.section_editor.user_id or 0)
    assert sec.value.forbidden
    with pytest.raises(EditorialError, match="not a manager, editor or section editor"):
        editorial.assign_editor(team.editor, s.pk, team.copyeditor.user_id or 0)
    with pytest.raises(EditorialError, match="is an author"):
        editorial.assign_editor(team.editor, s.pk, author_editor.user_id or 0)
    # a section editor who does not handle it; galleys outside production
    with pytest.raises(EditorialError, match="handling editor"):
        editorial.move(team.section_editor, s.pk, Action.DESK_REJECT)
    with pytest.raises(EditorialError, match="made in production"):
        editorial.add_galley(team.editor, s.pk, "pdf", "a.pdf", io.BytesIO(b"x"))
    s.refresh_from_db()
    assert s.stage == "screening" and s.handling_editor_id is None
    assert [e.action for e in StageEvent.objects.filter(submission=s)] == ["", "start_screening"]
    # drafts are not there for editors
    draft = Submission.objects.create(journal=team.journal, submitter_id=team.author.user_id)
    with pytest.raises(EditorialError, match="no submitted submission"):
        editorial.move(team.editor, draft.pk, Action.START_SCREENING)


def test_refusals_read_in_the_persons_language(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    editorial.move(team.editor, s.pk, Action.START_SCREENING)
    refused = {}
    for lang in ("fr", "ar"):
        with translation.override(lang), pytest.raises(EditorialError) as early:
            editorial.move(team.editor, s.pk, Action.ACCEPT)
        with translation.override(lang), pytest.raises(EditorialError) as needs:
            editorial.move(team.editor, s.pk, Action.ASSIGN_EDITOR)
        with translation.override(lang), pytest.raises(EditorialError) as role:
            editorial.move(team.section_editor, s.pk, Action.DESK_REJECT)
        refused[lang] = (early.value, needs.value, role.value)
    early_fr, needs_fr, role_fr = refused["fr"]
    assert early_fr.message == (
        "«\u00a0Accepter\u00a0» n\u2019est pas possible maintenant\u00a0: "
        "la soumission est à l\u2019étape «\u00a0Examen préliminaire\u00a0»."
    )
    assert not early_fr.forbidden
    assert needs_fr.message == (
        "«\u00a0Confier au rédacteur responsable\u00a0» demande d\u2019abord\u00a0: "
        "un rédacteur responsable."
    )
    assert not needs_fr.forbidden
    assert role_fr.forbidden
    assert role_fr.message.endswith(
        "Un rédacteur de rubrique n\u2019agit que sur les soumissions dont il est le rédacteur "
        "responsable."
    )
    assert "مرحلة" in refused["ar"][0].message and "Accept" not in refused["ar"][0].message
    s.refresh_from_db()
    assert s.stage == "screening"


def test_withdraw_by_author_tells_the_editors(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    editorial.move(team.editor, s.pk, Action.START_SCREENING)
    with pytest.raises(EditorialError):
        editorial.move(team.editor, s.pk, Action.WITHDRAW)
    s = editorial.move(team.coauthor, s.pk, Action.WITHDRAW)
    assert s.stage == "withdrawn"
    told = set(
        Notification.objects.filter(key="submission_withdrawn").values_list("user_id", flat=True)
    )
    assert told == {team.manager.user_id, team.editor.user_id}


def test_jats_galley_must_read(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    Submission.objects.filter(pk=s.pk).update(stage="production")
    with pytest.raises(EditorialError, match="JATS") as bad:
        editorial.add_galley(team.editor, s.pk, "jats", "a.xml", io.BytesIO(b"<not-closed"))
    assert bad.value.field == "file"
    sample = (SHARED / "data" / "jats" / "elife-00666.xml").read_bytes()
    galley = editorial.add_galley(team.editor, s.pk, "jats", "article.xml", io.BytesIO(sample))
    assert galley.media_type == "application/jats+xml" and galley.kind == "jats"
    assert editorial.facts_for(team.editor, s).galleys == 1
    editorial.remove_galley(team.layout, galley.pk)
    assert not Galley.objects.filter(submission=s).exists()
    with pytest.raises(EditorialError, match="not a galley kind"):
        editorial.add_galley(team.editor, s.pk, "exe", "a.exe", io.BytesIO(b"MZ"))


def test_queue_per_role(node_home: Path) -> None:
    team = make_team()
    first = submit(team, title="First")
    second = submit(team, title="Second")
    draft = Submission.objects.create(journal=team.journal, submitter_id=team.author.user_id)
    editorial.move(team.editor, first.pk, Action.START_SCREENING)
    editorial.assign_editor(team.editor, first.pk, team.section_editor.user_id or 0)
    assert set(editorial.queue(team.editor, team.journal.pk)) == {first, second}
    assert draft not in editorial.queue(team.manager, team.journal.pk)
    assert list(editorial.queue(team.section_editor, team.journal.pk)) == [first]
    assert list(editorial.queue(team.editor, team.journal.pk, "submitted")) == [second]
    assert list(editorial.queue(team.copyeditor, team.journal.pk)) == []
    Submission.objects.filter(pk=second.pk).update(stage="production")
    assert list(editorial.queue(team.layout, team.journal.pk)) == [second]
    with pytest.raises(EditorialError) as refused:
        editorial.queue(team.stranger, team.journal.pk)
    assert refused.value.forbidden
    # an editor never sees their own paper in the queue
    person(team.author.name, team.journal, "editor")
    assert list(editorial.queue(person(team.author.name), team.journal.pk)) == []

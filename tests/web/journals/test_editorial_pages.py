"""The editorial pages through Django's test client: the queue, the editor's page and its
forms, the reviewer's page under double-anonymous review, downloads, review forms."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.datasets.files import store_content
from sankofa.journals import editorial, reviews
from sankofa.journals.models import ReviewAssignment, StageEvent, Submission, SubmissionFile
from sankofa.journals.workflow import Action
from tests.journals.editorial_setup import REVIEWER_COPY, Team, make_team, submit

pytestmark = pytest.mark.django_db

SECRETS = (
    "Owusu",
    "Mensah",
    "ama.owusu",
    "kwame.mensah",
    "0000-0002-1825-0097",
    "0000-0001-5109-3700",
    "University of Ghana",
    "KNUST",
)


def login(actor: Actor) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


def page(team: Team, s: Submission) -> str:
    return reverse("journals:editorial-submission", args=[team.journal.slug, s.pk])


def buttons(html: str) -> list[str]:
    return re.findall(r'<button type="submit" name="action" value="([a-z_]+)"', html)


def test_queue_groups_by_stage_for_editors_only(node_home: Path) -> None:
    team = make_team()
    first = submit(team, title="Rain in Tamale")
    submit(team, title="Maize in Ejura")
    editorial.move(team.editor, first.pk, Action.START_SCREENING)
    url = reverse("journals:editorial", args=[team.journal.slug])
    assert url == "/en/journals/jafs/editorial/"
    shown = login(team.editor).get(url)
    html = shown.content.decode()
    assert shown.status_code == 200
    assert html.index('id="stage-submitted"') < html.index('id="stage-screening"')
    assert "Rain in Tamale" in html and "Maize in Ejura" in html
    assert page(team, first) in html
    assert login(team.stranger).get(url).status_code == 403
    assert login(team.author).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # sign in first
    assert login(team.editor).get("/en/journals/nope/editorial/").status_code == 404


def test_editor_page_buttons_are_the_allowed_actions(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    editor = login(team.editor)
    html = editor.get(page(team, s)).content.decode()
    assert buttons(html) == ["start_screening"]
    assert "Owusu-rainfall-draft.pdf" in html and "Dear editor" in html  # editors see all
    assert login(team.section_editor).get(page(team, s)).status_code == 403  # not handling
    assert login(team.author).get(page(team, s)).status_code == 403

    moved = editor.post(page(team, s), {"op": "move", "action": "start_screening", "note": ""})
    assert moved.status_code == 303 and moved["Location"] == page(team, s)
    html = editor.get(page(team, s)).content.decode()
    assert buttons(html) == ["desk_reject"]
    assert 'name="user_id"' in html and team.section_editor.name in html

    assigned = editor.post(
        page(team, s), {"op": "assign", "user_id": str(team.section_editor.user_id)}
    )
    assert assigned.status_code == 303
    s.refresh_from_db()
    assert (s.stage, s.handling_editor_id) == ("with_editor", team.section_editor.user_id)
    section = login(team.section_editor)
    html = section.get(page(team, s)).content.decode()
    assert buttons(html) == ["desk_reject", "send_to_review"]
    assert 'name="user_id"' not in html  # a section editor does not assign

    # a step the person may not take: refused with the reason, nothing changes
    refused = section.post(page(team, s), {"op": "move", "action": "accept"})
    assert refused.status_code == 400
    said = (
        "“Accept” is not possible now: the submission is at the stage “With the handling editor”."
    )
    assert said in refused.content.decode()
    wrong = login(team.copyeditor).post(page(team, s), {"op": "move", "action": "desk_reject"})
    assert wrong.status_code == 403

    section.post(page(team, s), {"op": "move", "action": "send_to_review"})
    bad = section.post(
        page(team, s), {"op": "invite", "email": "who@x.example", "due": "2099-01-01"}
    )
    assert bad.status_code == 400 and 'id="id_email-error"' in bad.content.decode()
    ok = section.post(
        page(team, s), {"op": "invite", "email": team.reviewer.name, "due": "2099-01-01"}
    )
    assert ok.status_code == 303
    review = ReviewAssignment.objects.get(submission=s)
    assert review.due.isoformat() == "2099-01-01"
    html = section.get(page(team, s)).content.decode()
    assert team.reviewer.name in html and "Cancel this review" in html
    assert buttons(html) == []  # no decision before a completed review

    reviews.respond(team.reviewer, review.pk, True)
    reviews.submit_review(team.reviewer, review.pk, recommendation="decline", answers={})
    html = section.get(page(team, s)).content.decode()
    assert buttons(html) == [
        "accept",
        "request_minor_revisions",
        "request_major_revisions",
        "request_resubmission",
        "decline",
    ]
    decided = section.post(
        page(team, s), {"op": "move", "action": "decline", "note": "We regret: out of scope."}
    )
    assert decided.status_code == 303
    letter = StageEvent.objects.get(submission=s, action="decline")
    assert letter.note == "We regret: out of scope."
    html = section.get(page(team, s)).content.decode()
    assert "We regret: out of scope." in html  # the audit trail on the page
    assert buttons(html) == []


def test_author_who_edits_cannot_open_their_own_paper(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    User.objects.get(pk=team.author.user_id)
    from tests.journals.editorial_setup import person

    person(team.author.name, team.journal, "editor")
    client = login(team.author)
    assert client.get(page(team, s)).status_code == 403
    posted = client.post(page(team, s), {"op": "move", "action": "start_screening"})
    assert posted.status_code == 403
    assert Submission.objects.get(pk=s.pk).stage == "submitted"


def in_review_with_invitation(team: Team) -> tuple[Submission, ReviewAssignment]:
    s = submit(team)
    editorial.move(team.editor, s.pk, Action.START_SCREENING)
    editorial.assign_editor(team.editor, s.pk, team.section_editor.user_id or 0)
    editorial.move(team.section_editor, s.pk, Action.SEND_TO_REVIEW)
    reviews.save_review_form(
        team.manager,
        team.journal.pk,
        [
            {"id": "q1", "label": {"en": "Is it sound?"}, "kind": "scale", "required": True},
            {"id": "q2", "label": {"en": "Summary"}, "kind": "text", "required": True},
        ],
        {"en": "Form"},
    )
    return s, reviews.invite(team.section_editor, s.pk, team.reviewer.user_id or 0)


def test_double_anonymous_reviewer_page_names_no_author(node_home: Path) -> None:
    team = make_team("double_anonymous")
    _s, review = in_review_with_invitation(team)
    url = reverse("journals:review", args=[review.pk])
    assert url == f"/en/journals/reviews/{review.pk}/"
    reviewer = login(team.reviewer)
    first = reviewer.get(url).content.decode()
    assert "Rainfall and maize yields in Ashanti" in first and 'value="accept"' in first
    assert login(team.reviewer2).get(url).status_code == 403
    assert reviewer.post(url, {"op": "accept"}).status_code == 303

    html = reviewer.get(url).content.decode()
    for secret in SECRETS:
        assert secret not in html, secret
    assert "manuscript.pdf" in html and "rain.csv" in html
    assert "could not be made anonymous" not in html
    unreadable = SubmissionFile.objects.filter(submission=_s, name="rain.csv")
    unreadable.update(name="appendix.odt")  # a kind with author properties, no copy
    withheld = reviewer.get(url).content.decode()
    assert "appendix.odt" not in withheld and "rain.csv" not in withheld
    assert "One file could not be made anonymous and is not offered to you" in withheld
    unreadable.update(name="rain.csv")
    assert 'name="q_q1"' in html and 'name="recommendation"' in html

    bad = reviewer.post(url, {"op": "review", "recommendation": "", "q1": ""})
    body = bad.content.decode()
    assert bad.status_code == 400
    for field in ("recommendation", "q_q1", "q_q2"):
        assert f'id="id_{field}-error"' in body, field
    for secret in SECRETS:
        assert secret not in body, secret
    done = reviewer.post(
        url,
        {
            "op": "review",
            "recommendation": "accept",
            "q_q1": "4",
            "q_q2": "Sound work.",
            "comments_to_author": "Well done.",
            "confidential_comments": "Publish.",
        },
    )
    assert done.status_code == 303
    review.refresh_from_db()
    assert review.state == "completed" and review.answers == {"q1": 4, "q2": "Sound work."}
    html = reviewer.get(url).content.decode()
    assert "Sound work." in html and "4 / 5" in html
    assert all(secret not in html for secret in SECRETS)


def test_reviewer_copy_download_is_safe(node_home: Path) -> None:
    team = make_team("double_anonymous")
    s, review = in_review_with_invitation(team)
    reviews.respond(team.reviewer, review.pk, True)
    stored = store_content(io.BytesIO(b"<html><script>alert(1)</script></html>"))
    html_file = SubmissionFile.objects.create(
        submission=s,
        kind="supplementary",
        name="notes.html",
        media_type="text/html",
        size=stored.size,
        sha256=stored.sha256,
    )
    manuscript = s.files.get(kind="manuscript")
    reviewer = login(team.reviewer)
    url = reverse("journals:review-file", args=[review.pk, manuscript.pk])
    got = reviewer.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == REVIEWER_COPY
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith('attachment; filename="manuscript.pdf"')
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Security-Policy"] == "sandbox"
    assert got["Content-Length"] == str(len(REVIEWER_COPY))
    risky = reviewer.get(reverse("journals:review-file", args=[review.pk, html_file.pk]))
    assert risky["Content-Type"] == "application/octet-stream"
    assert risky["Content-Disposition"].startswith("attachment")
    assert login(team.reviewer2).get(url).status_code == 403
    assert Client().get(url).status_code == 302

    # the editors' download: the original bytes
    editor_url = reverse("journals:submission-file", args=[team.journal.slug, s.pk, manuscript.pk])
    original = login(team.editor).get(editor_url)
    assert b"".join(original.streaming_content).startswith(b"%PDF-1.4\n% a manuscript about")
    assert original["Content-Disposition"].startswith(
        'attachment; filename="Owusu-rainfall-draft.pdf"'
    )
    assert login(team.author).get(editor_url).status_code == 200  # their own file
    assert login(team.reviewer).get(editor_url).status_code == 403  # never the original
    assert login(team.stranger).get(editor_url).status_code == 403


def test_manage_review_forms_page(node_home: Path) -> None:
    team = make_team()
    url = reverse("journals:manage-review-forms", args=[team.journal.slug])
    assert login(team.editor).get(url).status_code == 403
    manager = login(team.manager)
    assert manager.get(url).status_code == 200
    bad = manager.post(url, {"title": "Form", "questions": "essay | What?\nchoice | Pick | one"})
    body = bad.content.decode()
    assert bad.status_code == 400 and 'id="id_questions-error"' in body
    assert "Line 1" in body and "Question 2" not in body  # line errors come first
    lines = "text* | What is new?\nchoice* | Data available? | yes; no\nscale 1-7 | Rigour"
    saved = manager.post(url, {"title": "Standard", "questions": lines})
    assert saved.status_code == 303
    form = reviews.active_form(team.journal)
    assert form is not None and [q["kind"] for q in form.questions] == ["text", "choice", "scale"]
    assert form.questions[2]["max"] == 7 and form.questions[0]["required"]
    again = manager.get(url).content.decode()
    assert "scale 1-7 | Rigour" in again and "choice* | Data available? | yes; no" in again


def test_galley_upload_in_production_and_editor_who_reviews(node_home: Path) -> None:
    team = make_team()
    s = submit(team)
    Submission.objects.filter(pk=s.pk).update(stage="production")
    layout = login(team.layout)
    html = layout.get(page(team, s)).content.decode()
    assert buttons(html) == []  # sending proofs needs a galley
    assert 'name="kind"' in html and 'enctype="multipart/form-data"' in html
    pdf = io.BytesIO(b"%PDF-1.7 typeset")
    pdf.name = "article.pdf"
    sent = layout.post(page(team, s), {"op": "galley", "kind": "pdf", "label": "", "file": pdf})
    assert sent.status_code == 303
    html = layout.get(page(team, s)).content.decode()
    assert "article.pdf" in html and buttons(html) == ["send_proofs"]
    bad = io.BytesIO(b"<article")
    bad.name = "broken.xml"
    refused = layout.post(page(team, s), {"op": "galley", "kind": "jats", "file": bad})
    assert refused.status_code == 400 and 'id="id_file-error"' in refused.content.decode()

    # an editor invited to review a paper sees it only as its reviewer
    other = submit(team, title="Second paper")
    editorial.move(team.editor, other.pk, Action.START_SCREENING)
    editorial.assign_editor(team.editor, other.pk, team.section_editor.user_id or 0)
    editorial.move(team.section_editor, other.pk, Action.SEND_TO_REVIEW)
    reviews.invite(team.section_editor, other.pk, team.manager.user_id or 0)
    manager = login(team.manager)
    assert manager.get(page(team, other)).status_code == 403
    queue = manager.get(reverse("journals:editorial", args=[team.journal.slug])).content
    assert b"Second paper" not in queue and b"Rainfall and maize" in queue

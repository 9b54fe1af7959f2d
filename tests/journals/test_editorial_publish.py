"""Publication from the workflow: galleys in production, proofs, then `publish` makes the
article (metadata from `sankofa.journals.metadata`, the galleys' blobs, the JATS galley as
the article's JATS) — through the services and through the editor's page."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.accounts.models import User
from sankofa.journals import editorial
from sankofa.journals.editorial import EditorialError
from sankofa.journals.models import (
    Article,
    Galley,
    Issue,
    Journal,
    Notification,
    StageEvent,
    Submission,
)
from sankofa.journals.workflow import Action
from tests.conftest import SHARED
from tests.journals.editorial_setup import Team, make_team, reviewed, submit

pytestmark = pytest.mark.django_db

JATS = SHARED / "data" / "jats" / "elife-00666.xml"
PDF = b"%PDF-1.7\n% the typeset article\n"


def to_proofs(team: Team) -> Submission:
    s = submit(team)
    reviewed(team, s)
    editorial.move(team.section_editor, s.pk, Action.ACCEPT, note="Accepted.")
    editorial.move(team.section_editor, s.pk, Action.SEND_TO_COPYEDITING)
    editorial.move(team.copyeditor, s.pk, Action.SEND_TO_PRODUCTION)
    editorial.add_galley(team.layout, s.pk, "pdf", "article.pdf", io.BytesIO(PDF))
    editorial.add_galley(
        team.layout, s.pk, "jats", "article.xml", io.BytesIO(JATS.read_bytes()), label="JATS"
    )
    return editorial.move(team.layout, s.pk, Action.SEND_PROOFS)


def test_publish_makes_the_article_with_galleys_and_jats(node_home: Path) -> None:
    team = make_team()
    s = to_proofs(team)
    issue = Issue.objects.create(journal=team.journal, year=2026, volume="3", number="1")
    other = Journal.objects.create(slug="other", title={"en": "Other"})
    foreign = Issue.objects.create(journal=other, year=2026)

    with pytest.raises(EditorialError) as section:
        editorial.publish(team.section_editor, s.pk)  # publishing is for journal editors
    assert section.value.forbidden
    with pytest.raises(EditorialError, match="no issue") as wrong_issue:
        editorial.publish(team.editor, s.pk, issue_id=foreign.pk)
    assert wrong_issue.value.field == "issue"
    assert not Article.objects.exists()
    assert Submission.objects.get(pk=s.pk).stage == "proofs"

    article = editorial.publish(team.editor, s.pk, issue_id=issue.pk)
    s.refresh_from_db()
    assert s.stage == "published" and s.issue_id == issue.pk
    assert article.submission_id == s.pk and article.issue_id == issue.pk
    assert article.journal_id == team.journal.pk and article.ark
    assert article.jats_sha256 == hashlib.sha256(JATS.read_bytes()).hexdigest()
    kept = {(g.kind, g.sha256, g.size) for g in Galley.objects.filter(article=article)}
    made = {(g.kind, g.sha256, g.size) for g in Galley.objects.filter(submission=s)}
    assert kept == made and len(kept) == 2
    assert "Rainfall and maize yields in Ashanti" in article.title
    event = StageEvent.objects.filter(submission=s).latest("at", "pk")
    assert (event.action, event.from_stage, event.to_stage) == ("publish", "proofs", "published")
    assert event.actor_name == team.editor.name
    told = Notification.objects.filter(key="article_published").values_list("user_id", flat=True)
    assert sorted(told) == sorted([team.author.user_id, team.coauthor.user_id])
    with pytest.raises(
        EditorialError, match="“Publish” is not possible: the stage “Published” is final"
    ):
        editorial.publish(team.editor, s.pk)


def test_publish_from_the_page(node_home: Path) -> None:
    team = make_team(slug="pagej")
    s = to_proofs(team)
    issue = Issue.objects.create(journal=team.journal, year=2027, volume="1")
    client = Client()
    client.force_login(User.objects.get(pk=team.editor.user_id))
    url = reverse("journals:editorial-submission", args=[team.journal.slug, s.pk])
    html = client.get(url).content.decode()
    assert 'name="issue"' in html and "2027 1" in html
    assert 'value="publish"' in html
    done = client.post(url, {"op": "publish", "issue": str(issue.pk)})
    assert done.status_code == 303
    article = Article.objects.get(submission=s)
    assert article.issue_id == issue.pk
    assert Submission.objects.get(pk=s.pk).stage == "published"

"""The editorial pages pass axe-core's WCAG 2.2 A/AA rules and best practices.

Each page is rendered by Django's test client (signed in as the person who uses it),
written with the node's stylesheet to a file, and loaded into headless Chromium, where
axe-core runs (as tests/web/test_accessibility.py does for the live node's pages).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.journals import editorial, reviews
from sankofa.journals.models import Submission
from sankofa.journals.workflow import Action
from tests.journals.editorial_setup import make_team, submit
from tests.web.test_accessibility import axe_violations, describe

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[3] / "src" / "sankofa" / "web" / "static"


def rendered(actor: Actor, url: str, out: Path) -> str:
    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    html = re.sub(r'href="/static/', f'href="{STATIC.as_uri()}/', html)
    html = re.sub(r'<script src="/static/[^"]*"[^>]*></script>', "", html)
    out.write_text(html, encoding="utf-8")
    return out.as_uri()


def test_editorial_pages_pass_axe(node_home: Path, tmp_path: Path, chromium: Any) -> None:
    team = make_team()
    s = submit(team)
    editorial.move(team.editor, s.pk, Action.START_SCREENING)
    editorial.assign_editor(team.editor, s.pk, team.section_editor.user_id or 0)
    editorial.move(team.section_editor, s.pk, Action.SEND_TO_REVIEW)
    reviews.save_review_form(
        team.manager,
        team.journal.pk,
        [
            {"id": "q1", "label": {"en": "Sound?"}, "kind": "scale", "required": True},
            {
                "id": "q2",
                "label": {"en": "Data?"},
                "kind": "choice",
                "choices": [{"en": "yes"}, {"en": "no"}],
            },
            {"id": "q3", "label": {"en": "Summary"}, "kind": "text"},
        ],
        {"en": "Form"},
    )
    review = reviews.invite(team.section_editor, s.pk, team.reviewer.user_id or 0)
    reviews.respond(team.reviewer, review.pk, True)
    produced = submit(team, title="In production")
    Submission.objects.filter(pk=produced.pk).update(stage="production")
    slug = team.journal.slug
    pages = {
        "queue": (team.editor, reverse("journals:editorial", args=[slug])),
        "submission": (
            team.section_editor,
            reverse("journals:editorial-submission", args=[slug, s.pk]),
        ),
        "production": (
            team.editor,
            reverse("journals:editorial-submission", args=[slug, produced.pk]),
        ),
        "review": (team.reviewer, reverse("journals:review", args=[review.pk])),
        "my reviews": (team.reviewer, reverse("journals:my-reviews")),
        "forms": (team.manager, reverse("journals:manage-review-forms", args=[slug])),
    }
    failures = []
    for name, (actor, url) in pages.items():
        chromium.get(rendered(actor, url, tmp_path / f"{name}.html"))
        violations = axe_violations(chromium)
        if violations:
            failures.append(f"{name} ({url}):\n{describe(violations)}")
    assert not failures, "\n".join(failures)

"""A journal's public about page: title and description in the reader's language, ISSNs,
publisher, licence with ``rel="license"``, the review model explained, policies, and the
masthead with names only (never e-mail addresses, never reviewers)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.journals import journals

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")


@pytest.fixture
def journal():  # type: ignore[no-untyped-def]
    journal = journals.create_journal(
        OPERATOR,
        "afro-ling",
        {"en": "African Linguistics", "fr": "Linguistique africaine"},
        languages=["en", "fr"],
        issn_print="0317-8471",
        issn_online="2049-3630",
        publisher="Sankofa Press",
        review_model="single_anonymous",
        licence_url="https://creativecommons.org/licenses/by-nc/4.0/",
    )
    journals.update_journal(
        OPERATOR,
        journal.pk,
        description={"en": "Studies of the languages of Africa."},
        policies={
            "archiving": {"en": "Every article is preserved by the node.", "fr": "Conservé."},
            "self_archiving": {"en": "Authors may deposit any version anywhere."},
        },
    )
    for email, role, name in [
        ("ama@example.org", "editor", "Ama Owusu"),
        ("kofi@example.org", "manager", "Kofi Mensah"),
        ("rev@example.org", "reviewer", "Secret Reviewer"),
        ("nameless@example.org", "editor", ""),
    ]:
        User.objects.create_user(email, None)
        journals.grant_journal_role(OPERATOR, journal.pk, email, role, name=name)
    journals.add_section(OPERATOR, journal.pk, "notes", {"en": "Research notes"})
    return journal


def test_about_page(journal) -> None:  # type: ignore[no-untyped-def]
    url = reverse("journals:about", args=["afro-ling"])
    assert url == "/en/journals/afro-ling/about/"
    response = Client().get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1><span lang="en">African Linguistics</span></h1>' in html
    assert "Studies of the languages of Africa." in html
    assert "0317-8471" in html and "2049-3630" in html and "Sankofa Press" in html
    assert re.search(
        r'<a rel="license" href="https://creativecommons.org/licenses/by-nc/4.0/">CC BY-NC 4.0</a>',
        html,
    )
    assert "reviewers know who the authors are" in html
    assert "Every article is preserved by the node." in html
    assert "Authors may deposit any version anywhere." in html
    assert "Research notes" in html
    masthead = html.split("Masthead", 1)[1]
    assert masthead.index("Kofi Mensah") < masthead.index("Ama Owusu")  # managers first
    assert "Secret Reviewer" not in html
    assert "@example.org" not in html
    assert "<script" not in html.split("<main", 1)[1]


def test_about_page_in_french(journal) -> None:  # type: ignore[no-untyped-def]
    html = Client().get("/fr/journals/afro-ling/about/").content.decode()
    assert '<h1><span lang="fr">Linguistique africaine</span></h1>' in html
    assert '<div lang="fr"><p>Conservé.</p></div>' in html
    # no French description: the English one, marked as English
    assert '<div lang="en"><p>Studies of the languages of Africa.</p></div>' in html


def test_about_page_follows_changes_and_unknown_journal(journal) -> None:  # type: ignore[no-untyped-def]
    journals.update_journal(OPERATOR, journal.pk, review_model="open")
    journals.revoke_journal_role(OPERATOR, journal.pk, "ama@example.org", "editor")
    html = Client().get("/en/journals/afro-ling/about/").content.decode()
    assert "Open peer review" in html and "Ama Owusu" not in html
    assert Client().get("/en/journals/nope/about/").status_code == 404

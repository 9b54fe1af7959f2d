"""The journal report page (/<lang>/journals/<slug>/reports/): the numbers of the year
built by hand in tests/journals/reports_setup.py, the year choice, and who may see it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.journals.models import Journal
from tests.journals.editorial_setup import person
from tests.journals.reports_setup import EXPECTED_2025, build_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal() -> Journal:
    journal = Journal.objects.create(slug="rep", title={"en": "Reports"})
    build_2025(journal, Journal.objects.create(slug="rep-other", title={"en": "Other"}))
    return journal


def signed_in(actor: Actor) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


def url(journal: Journal) -> str:
    with translation.override("en"):
        return reverse("journals:report", args=[journal.slug])


def cell(html: str, ident: str) -> str:
    found = re.search(rf'<td id="{ident}">([^<]*)</td>', html)
    assert found, ident
    return found.group(1)


def test_an_editor_sees_the_numbers_of_the_year_chosen(journal: Journal) -> None:
    client = signed_in(person("editor@rep.example", journal, "editor"))
    assert url(journal) == "/en/journals/rep/reports/"
    response = client.get(url(journal), {"year": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="2025" selected>2025</option>' in html
    assert '<label for="year">' in html
    for ident, key in [
        ("submissions-received", "submissions_received"),
        ("desk-rejections", "desk_rejections"),
        ("decided", "decided"),
        ("accepted", "accepted"),
        ("reviews-requested", "reviews_requested"),
        ("reviews-completed", "reviews_completed"),
        ("articles-published", "articles_published"),
        ("views", "views"),
        ("downloads", "downloads"),
        ("total-investigations", "total_item_investigations"),
        ("unique-investigations", "unique_item_investigations"),
        ("total-requests", "total_item_requests"),
        ("unique-requests", "unique_item_requests"),
    ]:
        assert cell(html, ident) == str(EXPECTED_2025[key]), ident
    assert cell(html, "acceptance-rate") == "50.0 %"
    assert cell(html, "days-to-decision") == "25.0"
    assert cell(html, "days-to-publication") == "90.5"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_a_year_not_offered_is_an_error_next_to_the_field(journal: Journal) -> None:
    client = signed_in(person("manager@rep.example", journal, "manager"))
    response = client.get(url(journal), {"year": "1999"})
    assert response.status_code == 400
    assert 'id="year-error"' in response.content.decode()
    assert client.get(url(journal), {"year": "x<script>"}).status_code == 400


def test_who_may_see_it(journal: Journal) -> None:
    anonymous = Client().get(url(journal))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    reviewer = signed_in(person("section@rep.example", journal, "section_editor"))
    assert reviewer.get(url(journal)).status_code == 403
    editor = signed_in(person("editor@rep.example", journal, "editor"))
    assert editor.get("/en/journals/nope/reports/").status_code == 404

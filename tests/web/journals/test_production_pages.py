"""The JATS production form of the editorial page: the partial and the POST view."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.journals.models import Galley, Submission
from tests.journals.production_support import (
    MARKDOWN,
    accepted_submission,
    add_file,
    make_desk,
    need_dtd,
)

pytestmark = pytest.mark.django_db


def login(actor: Actor) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


def url(s: Submission) -> str:
    return reverse("journals:produce-jats", args=[s.journal.slug, s.pk])


def test_the_form_lists_the_files_in_production_only(node_home: Path) -> None:
    desk = make_desk()
    s = accepted_submission(desk.journal)
    source = add_file(s, "article.md", MARKDOWN.encode())
    files = [{"file": source}]
    html = render_to_string("journals/editorial/_produce_jats.html", {"s": s, "files": files})
    assert f'action="{url(s)}"' in html
    assert url(s) == f"/en/journals/jafs/editorial/{s.pk}/produce-jats/"
    assert f'<option value="{source.pk}">article.md</option>' in html
    assert '<label for="produce-jats-file">' in html and 'id="produce-jats-file"' in html
    s.stage = "in_review"
    assert (
        render_to_string("journals/editorial/_produce_jats.html", {"s": s, "files": files}).strip()
        == ""
    )


def test_posting_produces_the_galley_and_goes_back(node_home: Path) -> None:
    need_dtd()
    desk = make_desk()
    s = accepted_submission(desk.journal)
    source = add_file(s, "article.md", MARKDOWN.encode())
    done = login(desk.layout).post(url(s), {"source_file": str(source.pk), "format": ""})
    assert done.status_code == 303
    assert done["Location"] == reverse("journals:editorial-submission", args=["jafs", s.pk])
    assert Galley.objects.filter(submission=s, kind="jats").count() == 1


def test_refusals(node_home: Path) -> None:
    desk = make_desk()
    s = accepted_submission(desk.journal)
    source = add_file(s, "article.pdf", b"%PDF-1.4")
    layout = login(desk.layout)
    assert layout.get(url(s)).status_code == 405
    bad = layout.post(url(s), {"source_file": "x"})
    assert bad.status_code == 400 and "Choose one" in bad.content.decode()
    wrong = layout.post(url(s), {"source_file": str(source.pk)})
    assert wrong.status_code == 400 and "Markdown, DOCX or ODT" in wrong.content.decode()
    stranger = login(desk.stranger).post(url(s), {"source_file": str(source.pk)})
    assert stranger.status_code == 403
    other = reverse("journals:produce-jats", args=["other", s.pk])
    assert layout.post(other, {"source_file": str(source.pk)}).status_code == 404
    anonymous = Client().post(url(s), {"source_file": str(source.pk)})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not Galley.objects.exists()


def test_the_editorial_page_of_a_submission_in_copyediting_offers_the_form(
    node_home: Path,
) -> None:
    desk = make_desk()
    s = accepted_submission(desk.journal)
    add_file(s, "article.md", MARKDOWN.encode())
    page = login(desk.layout).get(reverse("journals:editorial-submission", args=["jafs", s.pk]))
    assert page.status_code == 200
    assert f'action="{url(s)}"'.encode() in page.content

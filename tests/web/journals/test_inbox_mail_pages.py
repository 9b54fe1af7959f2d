"""A journal's mails page: managers list, edit and reset; others are refused."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from sankofa.journals.mail import KEYS, default_text, render
from sankofa.journals.models import MailTemplate
from tests.journals.mail_setup import journal, manager_of, person

pytestmark = pytest.mark.django_db


def _signed_in(client: Client, user_id: int) -> Client:
    client.force_login(get_user_model().objects.get(pk=user_id))
    return client


def test_the_list_shows_each_mail_in_each_language_with_its_subject(client: Client) -> None:
    made = journal(languages=["en", "fr"])
    boss = manager_of(made)
    MailTemplate.objects.create(
        journal=made, key="decision", language="fr", subject="Notre décision", body="B"
    )
    url = reverse("journals:manage-mail", args=[made.slug])
    assert url == "/en/journals/rivers/manage/mail/"
    page = _signed_in(client, boss.user_id).get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<tr>") == 1 + 2 * len(KEYS)
    assert "Notre décision" in html and "the journal's" in html
    assert default_text("review_invitation", "en")[0] in html
    assert reverse("journals:manage-mail-edit", args=[made.slug, "decision", "fr"]) in html


def test_edit_save_and_reset(client: Client) -> None:
    made = journal()
    boss = manager_of(made)
    signed = _signed_in(client, boss.user_id)
    url = reverse("journals:manage-mail-edit", args=[made.slug, "decision", "en"])
    form = signed.get(url).content.decode()
    assert default_text("decision", "en")[0] in form and "Go back to the default" not in form
    answer = signed.post(url, {"subject": "Our decision on {title}", "body": "{decision}\n{url}"})
    assert (answer.status_code, answer["Location"]) == (303, url + "?saved=1")
    assert render(made, "decision", "en", {"title": "T", "decision": "yes", "url": "u"}) == (
        "Our decision on T",
        "yes\nu",
    )
    shown = signed.get(url + "?saved=1").content.decode()
    assert "Saved:" in shown and "Our decision on {title}" in shown
    assert "Go back to the default" in shown
    assert signed.post(url, {"reset": "1"}).status_code == 303
    assert not MailTemplate.objects.exists()


def test_a_bad_wording_shows_the_error_next_to_its_field(client: Client) -> None:
    made = journal()
    boss = manager_of(made)
    url = reverse("journals:manage-mail-edit", args=[made.slug, "decision", "en"])
    answer = _signed_in(client, boss.user_id).post(
        url, {"subject": "Hello {x.__class__}", "body": ""}
    )
    html = answer.content.decode()
    assert answer.status_code == 400
    assert 'id="id_body-error"' in html or "This field is required" in html
    answer = client.post(url, {"subject": "Hello {x.__class__}", "body": "fine"})
    html = answer.content.decode()
    assert answer.status_code == 400 and 'id="id_subject-error"' in html
    assert "is not a placeholder" in html and "Hello {x.__class__}" in html
    assert not MailTemplate.objects.exists()


def test_only_managers_may_and_unknown_mails_are_not_found(client: Client) -> None:
    made, other = journal(), journal(slug="other")
    boss, stranger = manager_of(made), person("someone@example.org")
    url = reverse("journals:manage-mail", args=[made.slug])
    edit = reverse("journals:manage-mail-edit", args=[made.slug, "decision", "en"])
    assert client.get(url).status_code == 302  # sign in first
    signed = _signed_in(client, stranger.user_id)
    assert signed.get(url).status_code == 403
    assert signed.post(edit, {"subject": "S", "body": "B"}).status_code == 403
    assert not MailTemplate.objects.exists()
    signed = _signed_in(client, boss.user_id)
    assert signed.get(reverse("journals:manage-mail", args=[other.slug])).status_code == 403
    for key, language in (("payment", "en"), ("decision", "de")):
        missing = reverse("journals:manage-mail-edit", args=[made.slug, key, language])
        assert signed.get(missing).status_code == 404
    assert signed.get("/en/journals/nothing-here/manage/mail/").status_code == 404

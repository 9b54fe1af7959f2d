"""The journal managers' pages through Django's test client: a new journal (operators and
admins only), the settings form with its texts per language, sections, issues and team,
with errors next to the fields and CSRF enforced."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.accounts.models import RoleAssignment, User
from sankofa.core.actors import Actor
from sankofa.journals import journals
from sankofa.journals.models import Issue, Journal, Section

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")


def client_of(email: str, *roles: str) -> tuple[Client, User]:
    user = User.objects.create_user(email, None)
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role)
    client = Client()
    client.force_login(user)
    return client, user


def manager_of(journal: Journal, email: str = "m@example.org") -> Client:
    client, _ = client_of(email)
    journals.grant_journal_role(OPERATOR, journal.pk, email, "manager")
    return client


def error_next_to(html: str, field_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', html)
    assert found, f"no error next to {field_id}"
    return found.group(1)


def make() -> Journal:
    return journals.create_journal(
        OPERATOR, "afro-ling", "African Linguistics", languages=["en", "fr"]
    )


def test_new_journal_for_admins_only() -> None:
    url = reverse("journals:new")
    assert url == "/en/journals/new/"
    assert Client().get(url).status_code == 302  # sign in first
    someone, _ = client_of("someone@example.org", "curator")
    assert someone.get(url).status_code == 403
    admin, _ = client_of("admin@example.org", "admin")
    form = admin.get(url)
    assert form.status_code == 200 and 'name="slug"' in form.content.decode()
    bad = admin.post(
        url,
        {
            "slug": "New",
            "title": "",
            "language": "en",
            "other_languages": "fr ??",
            "review_model": "open",
            "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        },
    )
    assert bad.status_code == 400
    assert error_next_to(bad.content.decode(), "id_title")
    done = admin.post(
        url,
        {
            "slug": "afro-ling",
            "title": "African Linguistics",
            "language": "en",
            "other_languages": "fr ??",
            "review_model": "open",
            "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        },
    )
    assert done.status_code == 400
    assert "??" in error_next_to(done.content.decode(), "id_other_languages")
    reserved = admin.post(url, {**_new("new")})
    assert "reserved" in error_next_to(reserved.content.decode(), "id_slug")
    created = admin.post(url, _new("afro-ling"))
    assert created.status_code == 303
    assert created["Location"] == "/en/journals/afro-ling/manage/?done=created"
    journal = journals.get_journal("afro-ling")
    assert journal.languages == ["en", "fr"] and journal.review_model == "open"
    assert not Journal.objects.exclude(pk=journal.pk).exists()


def _new(slug: str) -> dict[str, str]:
    return {
        "slug": slug,
        "title": "African Linguistics",
        "language": "en",
        "other_languages": "fr",
        "review_model": "open",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_settings_per_language_and_errors_next_to_fields() -> None:
    journal = make()
    url = reverse("journals:manage", args=["afro-ling"])
    assert Client().get(url).status_code == 302
    editor, _ = client_of("e@example.org")
    journals.grant_journal_role(OPERATOR, journal.pk, "e@example.org", "editor")
    assert editor.get(url).status_code == 403
    manager = manager_of(journal)
    html = manager.get(url).content.decode()
    for field in ("title_en", "title_fr", "description_fr", "policy_self_archiving_fr"):
        assert f'name="{field}"' in html
    assert '<fieldset class="group" lang="fr">' in html
    data = {
        **{k: v for k, v in _settings().items()},
        "title_fr": "Linguistique africaine",
        "issn_print": "0317-8472",
        "doi_prefix": "11.5",
    }
    bad = manager.post(url, data)
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "check digit" in error_next_to(page, "id_issn_print")
    assert error_next_to(page, "id_doi_prefix")
    assert "Linguistique africaine" in page  # what was typed stays
    journal.refresh_from_db()
    assert journal.title == {"en": "African Linguistics"}
    good = manager.post(url, {**data, "issn_print": "0317-8471", "doi_prefix": ""})
    assert good.status_code == 303 and good["Location"].endswith("?done=saved")
    journal.refresh_from_db()
    assert journal.title == {"en": "African Linguistics", "fr": "Linguistique africaine"}
    assert journal.policies == {"review": {"en": "Two reviewers, anonymous."}}
    assert journal.issn_print == "0317-8471" and journal.licence_url.endswith("by-sa/4.0/")
    assert journal.crossref_password == ""
    assert "The settings are saved." in manager.get(good["Location"]).content.decode()
    dropped = manager.post(url, {**data, "issn_print": "", "doi_prefix": "", "languages": "en"})
    assert dropped.status_code == 303
    journal.refresh_from_db()
    assert journal.languages == ["en"] and journal.title == {"en": "African Linguistics"}
    assert 'name="title_fr"' not in manager.get(url).content.decode()
    empty_title = manager.post(url, {**data, "issn_print": "", "doi_prefix": "", "title_en": ""})
    assert error_next_to(empty_title.content.decode(), "id_title_en")


def _settings() -> dict[str, str]:
    return {
        "primary_language": "en",
        "languages": "en fr",
        "title_en": "African Linguistics",
        "policy_review_en": "Two reviewers, anonymous.",
        "review_model": "double_anonymous",
        "licence_url": "https://creativecommons.org/licenses/by-sa/4.0/",
        "doi_provider": "",
        "open_for_submissions": "on",
    }


def test_sections_and_issues() -> None:
    journal = make()
    manager = manager_of(journal)
    url = reverse("journals:manage-sections", args=["afro-ling"])
    form = manager.get(url).content.decode()
    assert 'name="title_fr"' in form and 'name="policy_fr"' in form
    added = manager.post(
        url,
        {
            "slug": "articles",
            "title_en": "Articles",
            "title_fr": "Articles (fr)",
            "peer_reviewed": "on",
            "open_for_submissions": "on",
        },
    )
    assert added.status_code == 303
    again = manager.post(url, {"slug": "articles", "title_en": "More"})
    assert again.status_code == 400 and error_next_to(again.content.decode(), "id_slug")
    untitled = manager.post(url, {"slug": "notes", "title_fr": "Notes"})
    assert error_next_to(untitled.content.decode(), "id_title_en")
    assert [s.slug for s in Section.objects.all()] == ["articles"]
    section = Section.objects.get()
    assert section.title == {"en": "Articles", "fr": "Articles (fr)"} and section.peer_reviewed
    listing = manager.get(url).content.decode()
    assert f'href="?edit={section.pk}"' in listing
    edit = manager.get(url + f"?edit={section.pk}").content.decode()
    assert 'name="slug"' not in edit and 'value="Articles (fr)"' in edit
    changed = manager.post(
        url + f"?edit={section.pk}", {"title_en": "Research articles", "order": "4"}
    )
    assert changed.status_code == 303
    section.refresh_from_db()
    assert section.title == {"en": "Research articles"} and section.order == 4
    assert not section.peer_reviewed and not section.open_for_submissions
    assert manager.get(url + "?edit=999999").status_code == 404
    url = reverse("journals:manage-issues", args=["afro-ling"])
    assert 'name="title_fr"' in manager.get(url).content.decode()
    made = manager.post(
        url,
        {"op": "create", "year": "2025", "volume": "1", "number": "2", "title_fr": "Tons"},
    )
    assert made.status_code == 303
    assert Issue.objects.get().title == {"fr": "Tons"}
    assert manager.post(url, {"op": "publish", "issue": "abc"}).status_code == 404
    twice = manager.post(url, {"op": "create", "year": "2025", "volume": "1", "number": "2"})
    assert twice.status_code == 400 and error_next_to(twice.content.decode(), "id_number")
    issue = Issue.objects.get()
    published = manager.post(url, {"op": "publish", "issue": str(issue.pk)})
    assert published.status_code == 303
    issue.refresh_from_db()
    assert issue.published is not None
    other = journals.create_journal(OPERATOR, "other", "Other")
    foreign = journals.create_issue(OPERATOR, other.pk, year=2020)
    assert manager.post(url, {"op": "publish", "issue": str(foreign.pk)}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.published is None
    assert manager.get(reverse("journals:manage-issues", args=["other"])).status_code == 403


def test_team_grant_and_revoke_by_email() -> None:
    journal = make()
    manager = manager_of(journal)
    _, ada = client_of("ada@example.org")
    url = reverse("journals:manage-team", args=["afro-ling"])
    unknown = manager.post(url, {"op": "grant", "email": "bob@example.org", "role": "editor"})
    assert unknown.status_code == 400
    assert "bob@example.org" in error_next_to(unknown.content.decode(), "id_email")
    bad_role = manager.post(url, {"op": "grant", "email": "ada@example.org", "role": "author"})
    assert bad_role.status_code == 400 and error_next_to(bad_role.content.decode(), "id_role")
    granted = manager.post(
        url, {"op": "grant", "email": "ada@example.org", "role": "editor", "name": "Ada L."}
    )
    assert granted.status_code == 303
    assert journals.people_with_role(journal, ["editor"]) == [ada.pk]
    page = manager.get(url).content.decode()
    assert "Ada L." in page and "ada@example.org" in page
    revoked = manager.post(url, {"op": "revoke", "email": "ada@example.org", "role": "editor"})
    assert revoked.status_code == 303
    assert journals.people_with_role(journal, ["editor"]) == []


def test_forms_need_the_csrf_token() -> None:
    journal = make()
    user = User.objects.create_user("m@example.org", None)
    journals.grant_journal_role(OPERATOR, journal.pk, "m@example.org", "manager")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse("journals:manage-sections", args=["afro-ling"])
    assert client.post(url, {"slug": "a", "title_en": "A"}).status_code == 403
    html = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token
    sent = client.post(url, {"slug": "a", "title_en": "A", "csrfmiddlewaretoken": token.group(1)})
    assert sent.status_code == 303 and Section.objects.filter(slug="a").exists()


def test_no_script_and_no_fees_on_the_pages() -> None:
    journal = make()
    manager = manager_of(journal)
    for name in ("manage", "manage-sections", "manage-issues", "manage-team", "about"):
        html = manager.get(reverse(f"journals:{name}", args=["afro-ling"])).content.decode()
        body = html.split("<main", 1)[1]
        assert "<script" not in body
        for word in ("APC", "subscription", "payment", "paywall", "price"):
            assert word.lower() not in body.lower(), (name, word)

"""Journals admin services: creating and changing journals, sections and issues, with the
settings checked field by field (`JournalInvalid.errors`) and nothing written when wrong."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.journals import journals
from sankofa.journals.journals import JournalInvalid
from sankofa.journals.models import CC_BY_4, Issue, Journal, Section

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")


def make(slug: str = "afro-ling", **kw: Any) -> Journal:
    return journals.create_journal(OPERATOR, slug, kw.pop("title", "African Linguistics"), **kw)


def errors_of(call: Any, *args: Any, **kw: Any) -> dict[str, str]:
    with pytest.raises(JournalInvalid) as caught:
        call(*args, **kw)
    return caught.value.errors


def test_create_stores_normalised_settings() -> None:
    journal = make(
        languages=["fr", "en", "fr"],
        issn_print="issn 03178471",
        issn_online="2049-3630",
        publisher=" Sankofa Press ",
        review_model="open",
        licence_url="http://creativecommons.org/licenses/by-sa/4.0",
    )
    journal.refresh_from_db()
    assert journal.slug == "afro-ling" and journal.title == {"en": "African Linguistics"}
    assert journal.languages == ["en", "fr"]  # primary first, once
    assert (journal.issn_print, journal.issn_online) == ("0317-8471", "2049-3630")
    assert journal.publisher == "Sankofa Press" and journal.review_model == "open"
    assert journal.licence_url == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert journals.get_journal("afro-ling") == journal
    assert journals.licence_name(journal.licence_url) == "CC BY-SA 4.0"


def test_create_defaults() -> None:
    journal = make()
    assert journal.languages == ["en"] and journal.licence_url == CC_BY_4
    assert journal.review_model == "double_anonymous"
    with pytest.raises(Journal.DoesNotExist):
        journals.get_journal("missing")


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"slug": "Upper"}, "slug"),
        ({"slug": "with space"}, "slug"),
        ({"slug": "new"}, "slug"),
        ({"slug": "manage"}, "slug"),
        ({"slug": ""}, "slug"),
        ({"title": ""}, "title"),
        ({"title": {"fr": "Titre"}}, "title"),
        ({"languages": ["en", "not a tag!"]}, "languages"),
        ({"languages": ["fr"]}, "languages"),
        ({"primary_language": "xx-!!"}, "primary_language"),
        ({"issn_print": "0317-8472"}, "issn_print"),
        ({"issn_online": "12345"}, "issn_online"),
        ({"issn_print": "0317-8471", "issn_online": "03178471"}, "issn_online"),
        ({"review_model": "blind"}, "review_model"),
        ({"licence_url": "https://example.org/licence"}, "licence_url"),
        ({"licence_url": "https://creativecommons.org/licenses/by/3.0/"}, "licence_url"),
        ({"title": {"en": "T", "de": "Titel"}}, "title.de"),
    ],
)
def test_create_refuses_bad_settings(kw: dict[str, Any], field: str) -> None:
    slug = kw.pop("slug", "good")
    errors = errors_of(make, slug, **kw)
    assert errors.get(field)
    assert not Journal.objects.exists()


def test_slug_taken_and_many_errors_at_once() -> None:
    make()
    errors = errors_of(make, "afro-ling", issn_print="1", review_model="x")
    assert set(errors) == {"slug", "issn_print", "review_model"}
    assert Journal.objects.count() == 1


def test_create_needs_permission() -> None:
    manager = Actor(name="m", user_id=5, roles=frozenset({"manager", "curator"}))
    with pytest.raises(PermissionDenied):
        journals.create_journal(manager, "x", "X")
    assert not Journal.objects.exists()


def test_update_settings_policies_and_doi() -> None:
    journal = make(languages=["en", "fr"])
    journals.update_journal(
        OPERATOR,
        journal.pk,
        title={"en": "African Linguistics", "fr": "Linguistique africaine", "de": " "},
        description={"en": "A journal."},
        policies={"review": {"en": "Two reviewers.", "fr": "Deux."}, "archiving": {"en": ""}},
        doi_provider="crossref",
        doi_prefix="10.12345",
        depositor_name="Desk",
        depositor_email="desk@example.org",
        crossref_username="user",
        crossref_password="secret",
    )
    journal.refresh_from_db()
    assert journal.title == {"en": "African Linguistics", "fr": "Linguistique africaine"}
    assert journal.policies == {"review": {"en": "Two reviewers.", "fr": "Deux."}}
    assert (journal.doi_provider, journal.doi_prefix) == ("crossref", "10.12345")
    journals.update_journal(OPERATOR, journal.pk, crossref_password="", publisher="P")
    journal.refresh_from_db()
    assert journal.crossref_password == "secret" and journal.publisher == "P"
    journals.update_journal(OPERATOR, journal.pk, title="Afro Ling")  # text: primary language
    journal.refresh_from_db()
    assert journal.title == {"en": "Afro Ling"}


@pytest.mark.parametrize(
    ("kw", "fields"),
    [
        ({"doi_provider": "ezid"}, {"doi_provider"}),
        ({"doi_prefix": "11.1234"}, {"doi_prefix"}),
        ({"doi_prefix": "10.12"}, {"doi_prefix"}),
        ({"depositor_email": "not-mail"}, {"depositor_email"}),
        (
            {"doi_provider": "crossref", "doi_prefix": "10.1234"},
            {"depositor_name", "depositor_email", "crossref_username", "crossref_password"},
        ),
        ({"doi_provider": "datacite"}, {"doi_prefix"}),
        ({"policies": {"review": {"sw": "Maoni"}}}, {"policies.review.sw"}),
        ({"primary_language": "fr"}, {"title"}),
        ({"policies": {"fees": {"en": "None."}}}, {"policies.fees"}),
        ({"title": ""}, {"title"}),
        ({"publisher": "p" * 301}, {"publisher"}),
        ({"abbreviation": "a" * 101, "doi_prefix": "10.1234"}, {"abbreviation"}),
    ],
)
def test_update_refuses_and_keeps_old(kw: dict[str, Any], fields: set[str]) -> None:
    journal = make()
    assert set(errors_of(journals.update_journal, OPERATOR, journal.pk, **kw)) == fields
    journal.refresh_from_db()
    assert journal.doi_provider == "" and journal.primary_language == "en"


def test_update_permission_and_unknown_field() -> None:
    journal = make()
    other = make("other")
    manager = Actor(name="m", user_id=5, scoped_roles=frozenset({("manager", other.scope_key)}))
    with pytest.raises(PermissionDenied):
        journals.update_journal(manager, journal.pk, publisher="X")
    allowed = Actor(name="m", user_id=5, scoped_roles=frozenset({("manager", journal.scope_key)}))
    assert journals.update_journal(allowed, journal.pk, publisher="X").publisher == "X"
    editor = Actor(name="e", user_id=6, scoped_roles=frozenset({("editor", journal.scope_key)}))
    with pytest.raises(PermissionDenied):
        journals.update_journal(editor, journal.pk, publisher="Y")
    with pytest.raises(TypeError):
        journals.update_journal(OPERATOR, journal.pk, slug="moved")


def test_sections() -> None:
    journal = make()
    first = journals.add_section(OPERATOR, journal.pk, "articles", {"en": "Articles"})
    second = journals.add_section(
        OPERATOR, journal.pk, "reviews", {"en": "Book reviews"}, peer_reviewed=False
    )
    assert (first.order, second.order) == (1, 2) and not second.peer_reviewed
    assert set(errors_of(journals.add_section, OPERATOR, journal.pk, "articles", {"en": "A"})) == {
        "slug"
    }
    assert "title" in errors_of(journals.add_section, OPERATOR, journal.pk, "x", {"fr": "X"})
    assert "slug" in errors_of(journals.add_section, OPERATOR, journal.pk, "Bad Slug", {"en": "X"})
    journals.update_section(OPERATOR, second.pk, order=0, policy={"en": "Short."})
    assert [s.slug for s in journal.sections.all()] == ["reviews", "articles"]
    assert "title" in errors_of(journals.update_section, OPERATOR, first.pk, title={})
    assert Section.objects.get(pk=first.pk).title == {"en": "Articles"}


def test_issues() -> None:
    journal = make()
    issue = journals.create_issue(
        OPERATOR, journal.pk, year=2025, volume="3", number="1", title={"en": "Tone"}
    )
    assert issue.published is None and issue.title == {"en": "Tone"}
    errors = errors_of(
        journals.create_issue, OPERATOR, journal.pk, year=2025, volume="3", number="1"
    )
    assert set(errors) == {"number"}
    assert "year" in errors_of(
        journals.create_issue, OPERATOR, journal.pk, year=date.today().year + 2
    )
    assert "volume" in errors_of(
        journals.create_issue, OPERATOR, journal.pk, year=2020, volume="v" * 33
    )
    published = journals.publish_issue(OPERATOR, issue.pk)
    assert published.published is not None
    again = journals.publish_issue(OPERATOR, issue.pk)
    assert again.published == published.published
    assert Issue.objects.count() == 1
    stranger = Actor(name="s", user_id=9)
    with pytest.raises(PermissionDenied):
        journals.create_issue(stranger, journal.pk, year=2024)
    with pytest.raises(PermissionDenied):
        journals.publish_issue(stranger, issue.pk)

"""The page cache: public pages are kept as sent and served without running the view;
a signed-in person's page, a page that sets a cookie and the API never are."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.accounts.models import User
from tests.api import conftest as api_fixtures
from tests.api.conftest import Archived

simple = api_fixtures.simple
pytestmark = pytest.mark.django_db(transaction=True)


def directory_url(repo: Archived) -> str:
    return reverse("browse:directory", args=[repo.ids["tree3"]])


def test_a_public_page_is_served_again_from_the_cache(
    simple: Archived, client: Client, django_assert_num_queries: Any
) -> None:
    url = directory_url(simple)
    first = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert first.status_code == 200 and "public" in first["Cache-Control"]
    with django_assert_num_queries(0):  # neither the view nor the session ran
        again = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert again.content == first.content
    assert again["Content-Encoding"] == "br"
    gzip = client.get(url, HTTP_ACCEPT_ENCODING="gzip")  # another encoding: its own entry
    assert gzip["Content-Encoding"] == "gzip"


def test_a_signed_in_page_is_never_handed_to_someone_else(
    simple: Archived, django_assert_max_num_queries: Any
) -> None:
    user = User.objects.create_user("reader@example.org", "a long passphrase")
    user.email_verified = user.created
    user.save()
    signed_in = Client()
    signed_in.force_login(user)
    url = directory_url(simple)
    account = f'href="{reverse("accounts:account")}"'
    login = f'href="{reverse("accounts:login")}"'
    anonymous_first = Client().get(url)  # kept in the cache, public
    mine = signed_in.get(url)  # a session cookie: another key, rendered for the person
    assert "private" in mine["Cache-Control"]
    assert account in mine.content.decode() and login not in mine.content.decode()
    anonymous = Client().get(url)
    assert anonymous.content == anonymous_first.content
    assert login in anonymous.content.decode() and account not in anonymous.content.decode()


def test_the_api_is_never_answered_from_the_cache(
    simple: Archived, client: Client, django_assert_max_num_queries: Any
) -> None:
    url = f"/api/1/directory/{simple.ids['tree3']}/"
    client.get(url)
    from django.core.cache import cache

    assert not any("api/1" in str(key) for key in cache._cache)  # type: ignore[attr-defined]
    assert client.get(url).status_code == 200


def test_a_cached_page_still_answers_conditional_requests(simple: Archived, client: Client) -> None:
    url = directory_url(simple)
    first = client.get(url, HTTP_ACCEPT_ENCODING="br")
    again = client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert (
        client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    )

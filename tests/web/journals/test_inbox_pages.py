"""The inbox page: one's own notices, unread first and marked new; reading them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from sankofa.core.actors import Actor
from sankofa.journals.mail import notify, unread_count
from sankofa.journals.models import Notification
from tests.journals.mail_setup import journal, person

pytestmark = pytest.mark.django_db
NODE = Actor.operator("test")


def _signed_in(client: Client, user_id: int) -> Client:
    client.force_login(get_user_model().objects.get(pk=user_id))
    return client


def test_signed_out_people_are_sent_to_sign_in(client: Client) -> None:
    answer = client.get("/en/journals/inbox/")
    assert answer.status_code == 302 and "/accounts/" in answer["Location"]
    assert reverse("journals:inbox") == "/en/journals/inbox/"
    answer = client.post(reverse("journals:inbox-read", args=[1]))
    assert answer.status_code == 302 and "next=" in answer["Location"]


def test_the_inbox_lists_one_s_own_notices_unread_first(client: Client) -> None:
    made, ana, ben = journal(), person("ana@example.org"), person("ben@example.org")
    notify(NODE, "decision", journal=made, recipients=[ana.user_id], context={"title": "Old"})
    (later,) = notify(
        NODE,
        "proofs_ready",
        journal=made,
        recipients=[ana.user_id],
        context={"title": "Fresh"},
        url="/en/journals/submissions/",
    )
    notify(NODE, "decision", journal=made, recipients=[ben.user_id], context={"title": "Ben's"})
    Notification.objects.filter(user_id=ana.user_id, key="decision").update(read=later.created)
    page = _signed_in(client, ana.user_id).get("/en/journals/inbox/")
    html = page.content.decode()
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    assert "1 unread notice." in html
    assert html.index("the proofs of “Fresh”") < html.index("a decision on “Old”")
    assert html.count("New:") == 1 and "Ben&#x27;s" not in html and "Ben's" not in html
    assert 'name="next" value="/en/journals/submissions/"' in html
    assert '<html lang="en"' in html and "<h1>Inbox</h1>" in html


def test_open_marks_read_and_goes_to_the_notice_s_page(client: Client) -> None:
    made, ana = journal(), person("ana@example.org")
    (notice,) = notify(NODE, "decision", journal=made, recipients=[ana.user_id], context={})
    read = reverse("journals:inbox-read", args=[notice.pk])
    answer = _signed_in(client, ana.user_id).post(read, {"next": "/en/journals/submissions/"})
    assert (answer.status_code, answer["Location"]) == (303, "/en/journals/submissions/")
    assert unread_count(ana.user_id) == 0


@pytest.mark.parametrize(
    "target", ["https://elsewhere.example/", "//elsewhere.example/x", "javascript:alert(1)", ""]
)
def test_read_never_sends_people_off_the_node(client: Client, target: str) -> None:
    made, ana = journal(), person("ana@example.org")
    (notice,) = notify(NODE, "decision", journal=made, recipients=[ana.user_id], context={})
    answer = _signed_in(client, ana.user_id).post(
        reverse("journals:inbox-read", args=[notice.pk]), {"next": target}
    )
    assert answer["Location"] == "/en/journals/inbox/"


def test_nobody_marks_another_s_notice_read_through_the_page(client: Client) -> None:
    made, ana, ben = journal(), person("ana@example.org"), person("ben@example.org")
    (notice,) = notify(NODE, "decision", journal=made, recipients=[ana.user_id], context={})
    answer = _signed_in(client, ben.user_id).post(reverse("journals:inbox-read", args=[notice.pk]))
    assert answer.status_code == 303
    assert unread_count(ana.user_id) == 1
    assert client.get(reverse("journals:inbox-read", args=[notice.pk])).status_code == 405


def test_mark_all_read(client: Client) -> None:
    made, ana = journal(), person("ana@example.org")
    for key in ("decision", "proofs_ready", "article_published"):
        notify(NODE, key, journal=made, recipients=[ana.user_id], context={})
    signed = _signed_in(client, ana.user_id)
    assert "3 unread notices." in signed.get("/en/journals/inbox/").content.decode()
    assert signed.post("/en/journals/inbox/").status_code == 303
    html = signed.get("/en/journals/inbox/").content.decode()
    assert "0 unread notices." in html and "New:" not in html and "Mark all as read" not in html


def test_an_empty_inbox_says_so_and_pages_a_long_one(client: Client) -> None:
    made, ana = journal(), person("ana@example.org")
    signed = _signed_in(client, ana.user_id)
    assert "Nothing here yet" in signed.get("/en/journals/inbox/").content.decode()
    notify(NODE, "decision", journal=made, recipients=[ana.user_id], context={})
    Notification.objects.bulk_create(
        Notification(user_id=ana.user_id, key="decision", subject=f"n{i}", body="b")
        for i in range(60)
    )
    first = signed.get("/en/journals/inbox/").content.decode()
    second = signed.get("/en/journals/inbox/?page=2").content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first and "Page 2 of 2" in second
    assert signed.get("/en/journals/inbox/?page=junk").status_code == 200


def test_the_inbox_speaks_the_page_s_language(client: Client) -> None:
    made, ana = journal(), person("ana@example.org")
    notify(NODE, "decision", journal=made, recipients=[ana.user_id], context={})
    html = _signed_in(client, ana.user_id).get("/fr/journals/inbox/").content.decode()
    assert '<html lang="fr"' in html and "Revue des rivières" in html


def test_every_page_shows_a_signed_in_person_their_unread_count(client: Client) -> None:
    made, ana = journal(), person("ana@example.org")
    signed = _signed_in(client, ana.user_id)
    link = '<a href="/en/journals/inbox/">Inbox'
    assert f"{link}</a>" in signed.get("/en/journals/inbox/").content.decode()
    for key in ("decision", "proofs_ready"):
        notify(NODE, key, journal=made, recipients=[ana.user_id], context={})
    html = signed.get("/en/journals/inbox/").content.decode()
    assert f'{link} (2<span class="visually-hidden"> unread</span>)</a>' in html


def test_the_count_costs_signed_out_visitors_no_query(
    rf: Any, django_assert_num_queries: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    from sankofa.web.journals.inbox.context import inbox

    request = rf.get("/en/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert inbox(request) == {}
    ana = person("ana@example.org")
    request.user = get_user_model().objects.get(pk=ana.user_id)
    with django_assert_num_queries(0):
        lazy = inbox(request)["inbox_unread"]  # counted only when a page shows it
    with django_assert_num_queries(1):
        assert str(lazy) == "0"

"""Save Code Now pages: the form, the public list, review and rules, with their permissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sankofa.accounts.models import RoleAssignment, User
from sankofa.archive import save
from sankofa.archive.models import Visit
from sankofa.archive.save_models import SaveRequest, SaveRule
from sankofa.core.actors import Actor
from sankofa.core.jobs import runner
from tests.archive.test_transports import publish
from tests.gitservers import SmartHTTPServer

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")


def person(email: str, *roles: str) -> User:
    user = User.objects.create_user(email, "a long pass phrase", email_verified=timezone.now())
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role)
    return user


def signed_in(email: str, *roles: str) -> Client:
    client = Client()
    client.force_login(person(email, *roles))
    return client


def test_the_form_is_labelled_and_takes_a_request(client: Client) -> None:
    page = client.get(reverse("save:form"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="id_origin_url">' in html and '<label for="id_visit_type">' in html
    assert html.count("<h1>") == 1
    answer = client.post(reverse("save:form"), {"origin_url": "https://example.org/t.git"})
    assert answer.status_code == 303
    req = SaveRequest.objects.get()
    assert answer["Location"] == reverse("save:form") + f"?request={req.pk}"
    shown = client.get(answer["Location"]).content.decode()
    assert "https://example.org/t.git" in shown and 'id="saved-status">Pending<' in shown


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"origin_url": "file:///etc/passwd", "visit_type": "git"}, "unsupported scheme"),
        ({"origin_url": "http://127.0.0.1/x", "visit_type": "git"}, "local or private host"),
        ({"origin_url": "", "visit_type": "git"}, "This field is required."),
        ({"origin_url": "https://example.org/x", "visit_type": "svn"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_shown_next_to_its_field(
    client: Client, data: dict[str, str], words: str
) -> None:
    page = client.post(reverse("save:form"), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'class="field-error"' in html and words in html
    assert not SaveRequest.objects.exists()


def test_rate_limited_people_are_told_so(client: Client, settings: Any) -> None:
    settings.SANKOFA_SAVE_RATE_LIMIT = "5,1"
    client.post(reverse("save:form"), {"origin_url": "https://example.org/1", "visit_type": "git"})
    page = client.post(
        reverse("save:form"), {"origin_url": "https://example.org/2", "visit_type": "git"}
    )
    assert page.status_code == 429
    assert "at most 1 save requests per hour" in page.content.decode()


def test_a_signed_in_user_sees_their_own_requests() -> None:
    client = signed_in("someone@example.org")
    client.post(
        reverse("save:form"), {"origin_url": "https://example.org/mine", "visit_type": "git"}
    )
    save.request_save(Actor(name="other", user_id=999), "https://example.org/theirs")
    html = client.get(reverse("save:form")).content.decode()
    assert "https://example.org/mine" in html and "https://example.org/theirs" not in html


def test_the_list_is_public_filtered_and_paginated(client: Client) -> None:
    for n in range(55):
        save.request_save(OPERATOR, f"https://example.org/r{n:02}")
    first = client.get(reverse("save:requests")).content.decode()
    assert "https://example.org/r54" in first and "https://example.org/r00" not in first
    second = client.get(reverse("save:requests") + "?page=2").content.decode()
    assert "https://example.org/r00" in second
    assert "Page 2 of 2" in second
    save.reject(OPERATOR, SaveRequest.objects.get(origin_url="https://example.org/r03").pk)
    rejected = client.get(reverse("save:requests") + "?status=rejected").content.decode()
    assert "https://example.org/r03" in rejected and "https://example.org/r04" not in rejected
    assert client.get(reverse("save:requests") + "?status=maybe").status_code == 400


@pytest.mark.parametrize("name", ["save:review", "save:rules"])
def test_signed_out_people_are_sent_to_sign_in(client: Client, name: str) -> None:
    answer = client.get(reverse(name))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:login") + "?next=")


def test_review_is_for_curators_and_admins() -> None:
    assert (
        signed_in("reader@example.org", "depositor").get(reverse("save:review")).status_code == 403
    )
    curator = signed_in("curator@example.org", "curator")
    req = save.request_save(OPERATOR, "https://example.org/a.git")
    other = save.request_save(OPERATOR, "https://example.org/b.git")
    page = curator.get(reverse("save:review")).content.decode()
    assert "https://example.org/a.git" in page and "csrfmiddlewaretoken" in page
    approved = curator.post(reverse("save:review"), {"request_id": req.pk, "action": "approve"})
    assert approved.status_code == 303
    assert SaveRequest.objects.get(pk=req.pk).status == "accepted"
    curator.post(
        reverse("save:review"), {"request_id": other.pk, "action": "reject", "reason": "spam"}
    )
    assert SaveRequest.objects.get(pk=other.pk).note == "spam"
    again = curator.post(reverse("save:review"), {"request_id": req.pk, "action": "reject"})
    assert again.status_code == 409
    assert curator.post(reverse("save:review"), {"action": "approve"}).status_code == 400


def test_review_checks_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(person("curator@example.org", "curator"))
    req = save.request_save(OPERATOR, "https://example.org/a.git")
    answer = client.post(reverse("save:review"), {"request_id": req.pk, "action": "approve"})
    assert answer.status_code == 403
    assert SaveRequest.objects.get(pk=req.pk).status == "pending"


def test_rules_are_for_admins() -> None:
    assert signed_in("c@example.org", "curator").get(reverse("save:rules")).status_code == 403
    admin = signed_in("admin@example.org", "admin")
    added = admin.post(
        reverse("save:rules"), {"url_prefix": "https://forge.example.org/", "kind": "allow"}
    )
    assert added.status_code == 303
    rule = SaveRule.objects.get()
    assert (rule.prefix, rule.kind, rule.created_by_name) == (
        "https://forge.example.org/", "allow", "admin@example.org",
    )  # fmt: skip
    bad = admin.post(reverse("save:rules"), {"url_prefix": "forge.example.org", "kind": "deny"})
    assert bad.status_code == 400 and "starts with http://" in bad.content.decode()
    assert "https://forge.example.org/" in admin.get(reverse("save:rules")).content.decode()
    assert admin.post(reverse("save:rules"), {"rule_id": rule.pk}).status_code == 303
    assert not SaveRule.objects.exists()


def test_a_saved_repository_shows_its_snapshot(
    client: Client, node_home: Path, repo: Path, smart_http: SmartHTTPServer
) -> None:
    publish(repo, smart_http.base_path)
    save.add_rule(OPERATOR, smart_http.url(""), "allow")
    url = smart_http.url("project.git")
    answer = client.post(reverse("save:form"), {"origin_url": url, "visit_type": "git"})
    req = SaveRequest.objects.get()
    assert req.job_id is not None and runner.run(req.job_id) is runner.Outcome.SUCCEEDED
    html = client.get(answer["Location"]).content.decode()
    assert str(Visit.objects.get(origin__url=url).snapshot) in html
    assert 'id="saved-task">Succeeded<' in html

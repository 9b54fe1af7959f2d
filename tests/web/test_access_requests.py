"""A restricted record end to end through the pages: someone asks, the owner is mailed and
grants, the requester's mailed link lists the files and downloads them until it expires."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sankofa.accounts import roles
from sankofa.accounts.models import User
from sankofa.core.actors import Actor
from sankofa.datasets import services, visibility
from sankofa.datasets.models import AccessRequest, Version
from tests.datasets.conftest import OPERATOR, resource

pytestmark = pytest.mark.django_db(transaction=True)  # mails go after a real commit

MakeFile = Callable[[str, bytes], Path]


@pytest.fixture
def make_file(tmp_path: Path) -> MakeFile:
    def make(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return make


def person(email: str, *held: str) -> tuple[User, Actor]:
    user = User.objects.create_user(email, "a long pass phrase", email_verified=timezone.now())
    for role in held:
        roles.grant_role(OPERATOR, user, role)
    return user, roles.actor_for(user)


def restricted(owner: Actor, make_file: MakeFile) -> Version:
    draft = services.create_draft(owner)
    services.set_metadata(owner, draft.pk, resource("Household survey, Kumasi"))
    services.add_file(owner, draft.pk, "survey.csv", make_file("survey.csv", b"id,answer\n1,yes\n"))
    visibility.set_access(owner, draft.pk, "restricted")
    return services.submit(owner, draft.pk)


def test_ask_grant_follow_the_link_and_download(
    client: Client, node_home: Path, make_file: MakeFile
) -> None:
    owner_user, ada = person("ada@example.org", "depositor")
    version = restricted(ada, make_file)
    page = reverse("datasets:request-access", args=[version.record_id])
    shown = client.get(page)
    assert shown.status_code == 200 and b"Household survey, Kumasi" in shown.content
    assert b'name="email"' in shown.content

    # a bad address: the form says so next to the field, nothing is stored or mailed
    bad = client.post(page, {"name": "Kofi", "email": "kofi at home", "message": ""})
    assert bad.status_code == 400 and b'id="id_email-error"' in bad.content
    assert not AccessRequest.objects.exists() and mail.outbox == []

    sent = client.post(page, {"name": "Kofi", "email": "kofi@example.org", "message": "Thesis."})
    assert sent.status_code == 200 and b"kofi@example.org" in sent.content
    asked = AccessRequest.objects.get()
    assert asked.state == "pending" and [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert "Thesis." in mail.outbox[0].body
    decide_page = reverse("datasets:access-requests")
    assert decide_page in mail.outbox[0].body

    # the decision page: signed-in people only, and only their records' requests
    assert client.get(decide_page).status_code == 302
    other_user, _ = person("bob@example.org", "depositor")
    bob = Client()
    bob.force_login(other_user)
    assert b"Kofi" not in bob.get(decide_page).content
    refused = bob.post(decide_page, {"request_id": asked.pk, "action": "grant", "days": 5})
    assert refused.status_code == 403
    owner = Client()
    owner.force_login(owner_user)
    listed = owner.get(decide_page)
    assert listed.status_code == 200 and b"kofi@example.org" in listed.content
    granted = owner.post(decide_page, {"request_id": asked.pk, "action": "grant", "days": 5})
    assert granted.status_code == 200 and b'id="access-link"' in granted.content
    asked.refresh_from_db()
    assert asked.state == "granted" and asked.decided_by == "ada@example.org"

    letter = mail.outbox[-1]
    assert letter.to == ["kofi@example.org"]
    link = re.search(r"https?://\S+\?token=(\S+)", letter.body)
    assert link is not None
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    files_page = client.get("/" + path)
    assert files_page.status_code == 200 and files_page["Referrer-Policy"] == "no-referrer"
    download = re.search(rb'href="([^"]+survey\.csv\?token=[^"]+)"', files_page.content)
    assert download is not None
    got = client.get(download.group(1).decode().replace("&amp;", "&"))
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"id,answer\n1,yes\n"

    # once expired, neither the page nor the download opens
    AccessRequest.objects.filter(pk=asked.pk).update(expires=timezone.now() - timedelta(1))
    assert client.get("/" + path).status_code == 403
    assert client.get(download.group(1).decode()).status_code == 403


def test_refusing_mails_the_requester(client: Client, node_home: Path, make_file: MakeFile) -> None:
    owner_user, ada = person("ada@example.org", "depositor")
    version = restricted(ada, make_file)
    page = reverse("datasets:request-access", args=[version.record_id])
    client.post(page, {"name": "Kofi", "email": "kofi@example.org", "message": ""})
    owner = Client()
    owner.force_login(owner_user)
    asked = AccessRequest.objects.get()
    answer = owner.post(
        reverse("datasets:access-requests"), {"request_id": asked.pk, "action": "refuse", "days": 1}
    )
    assert answer.status_code == 200 and b"access-link" not in answer.content
    assert mail.outbox[-1].to == ["kofi@example.org"] and "did not grant" in mail.outbox[-1].body
    again = owner.post(
        reverse("datasets:access-requests"), {"request_id": asked.pk, "action": "grant", "days": 1}
    )
    assert again.status_code == 400 and b"already refused" in again.content
    assert owner.post(reverse("datasets:access-requests"), {"action": "x"}).status_code == 400


def test_open_records_and_unknown_ones(
    client: Client, node_home: Path, make_file: MakeFile
) -> None:
    _, ada = person("ada@example.org", "depositor")
    draft = services.create_draft(ada)
    services.set_metadata(ada, draft.pk, resource())
    version = services.submit(ada, draft.pk)
    page = reverse("datasets:request-access", args=[version.record_id])
    shown = client.get(page)
    assert shown.status_code == 200 and b'name="email"' not in shown.content
    posted = client.post(page, {"name": "Kofi", "email": "kofi@example.org"})
    assert posted.status_code == 400 and b"not restricted" in posted.content
    assert client.get(reverse("datasets:request-access", args=[10**9])).status_code == 404
    bogus = client.get(page + "?token=nothing")
    assert bogus.status_code == 403

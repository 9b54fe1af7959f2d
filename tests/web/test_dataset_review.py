"""Review, sending back, withdrawal and history pages, with their permissions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.core.actors import Actor
from sankofa.core.blobstore import clear_blobstore_cache
from sankofa.datasets import services
from sankofa.datasets.models import Community, Version
from tests.web.deposit_helpers import metadata_form, signed_in

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")


@pytest.fixture(autouse=True)
def _blobs(node_home: Path) -> None:
    clear_blobstore_cache()


@pytest.fixture
def reviewed() -> Community:
    return services.create_community(OPERATOR, "ocean-data", "Ocean data", review_required=True)


def submitted(owner: Client, community: Community | None) -> Version:
    answer = owner.post(reverse("datasets:new"), {"community": community.slug if community else ""})
    assert answer.status_code == 303
    version = Version.objects.order_by("-pk").first()
    assert version is not None
    url = reverse("datasets:draft", args=[version.pk])
    assert owner.post(url, metadata_form()).status_code == 303
    ask = owner.post(url, {"action": "submit"})
    assert ask.status_code == 200 and "Submit for review?" in ask.content.decode()
    done = owner.post(url, {"action": "submit", "confirm": "yes"})
    assert done.status_code == 303 and done["Location"].endswith("?done=submitted")
    version.refresh_from_db()
    return version


def test_curators_publish_what_waits_in_their_community(reviewed: Community) -> None:
    owner = signed_in("ada@example.org", "depositor")
    version = submitted(owner, reviewed)
    assert version.state == "in_review"
    assert "In review" in owner.get(reverse("datasets:mine")).content.decode()
    assert owner.get(reverse("datasets:review")).status_code == 403
    other = services.create_community(OPERATOR, "soil", "Soil")
    elsewhere = signed_in("sam@example.org", "curator", scope=other.scope_key)
    assert "Rainfall in Accra" not in elsewhere.get(reverse("datasets:review")).content.decode()
    refused = elsewhere.post(
        reverse("datasets:review"), {"version_id": version.pk, "action": "publish"}
    )
    assert refused.status_code == 403
    curator = signed_in("cora@example.org", "curator", scope=reviewed.scope_key)
    queue = curator.get(reverse("datasets:review")).content.decode()
    assert "Rainfall in Accra" in queue and "ada@example.org" in queue
    done = curator.post(reverse("datasets:review"), {"version_id": version.pk, "action": "publish"})
    assert done.status_code == 303
    version.refresh_from_db()
    assert version.state == "published"
    again = curator.post(
        reverse("datasets:review"), {"version_id": version.pk, "action": "publish"}
    )
    assert again.status_code == 409
    missing = curator.post(reverse("datasets:review"), {"version_id": 10**9, "action": "publish"})
    assert missing.status_code == 404
    assert curator.post(reverse("datasets:review"), {"action": "maybe"}).status_code == 400


def test_a_curator_sends_a_version_back_with_a_message(reviewed: Community) -> None:
    owner = signed_in("ada@example.org", "depositor")
    version = submitted(owner, reviewed)
    curator = signed_in("cora@example.org", "curator", scope=reviewed.scope_key)
    silent = curator.post(
        reverse("datasets:review"), {"version_id": version.pk, "action": "return", "message": " "}
    )
    assert silent.status_code == 400
    html = silent.content.decode()
    assert f'aria-describedby="message-{version.pk}-error"' in html
    assert "Say what the owner should change." in html
    sent = curator.post(
        reverse("datasets:review"),
        {"version_id": version.pk, "action": "return", "message": "Please add a licence."},
    )
    assert sent.status_code == 303
    version.refresh_from_db()
    assert version.state == "draft"
    page = owner.get(reverse("datasets:draft", args=[version.pk])).content.decode()
    assert "A curator sent this draft back:" in page and "Please add a licence." in page
    history = owner.get(reverse("datasets:history", args=[version.record_id])).content.decode()
    for action in ("created the draft", "submitted for review", "sent back to the owner"):
        assert action in history
    # submitted again, the old message is no longer shown
    url = reverse("datasets:draft", args=[version.pk])
    owner.post(url, {"action": "submit", "confirm": "yes"})
    curator.post(
        reverse("datasets:review"),
        {"version_id": version.pk, "action": "return", "message": "Once more."},
    )
    again = owner.get(url).content.decode()
    assert "Once more." in again and "Please add a licence." not in again


def test_the_history_is_for_owners_and_curators(reviewed: Community) -> None:
    owner = signed_in("ada@example.org", "depositor")
    version = submitted(owner, reviewed)
    url = reverse("datasets:history", args=[version.record_id])
    curator = signed_in("cora@example.org", "curator", scope=reviewed.scope_key)
    page = curator.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "ada@example.org" in html and "saved the metadata" in html
    assert "Rainfall in Accra, 1990-2020" in html  # the details of the change
    stranger = signed_in("bob@example.org", "depositor")
    assert stranger.get(url).status_code == 403
    assert owner.get(reverse("datasets:history", args=[10**9])).status_code == 404


def test_curators_withdraw_with_a_reason() -> None:
    owner = signed_in("ada@example.org", "depositor")
    version = submitted_published(owner)
    url = reverse("datasets:withdraw", args=[version.record_id, version.number])
    assert owner.get(url).status_code == 403
    assert owner.post(url, {"reason": "mine"}).status_code == 403
    curator = signed_in("carl@example.org", "curator")
    form = curator.get(url)
    assert form.status_code == 200 and '<label for="id_reason">' in form.content.decode()
    empty = curator.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert 'aria-invalid="true"' in empty.content.decode()
    done = curator.post(url, {"reason": "Personal data found in a file."})
    assert done.status_code == 303
    version.refresh_from_db()
    assert (version.state, version.withdrawal_reason) == (
        "withdrawn",
        "Personal data found in a file.",
    )
    assert curator.post(url, {"reason": "twice"}).status_code == 409
    gone = reverse("datasets:withdraw", args=[version.record_id, 99])
    assert curator.get(gone).status_code == 404


def submitted_published(owner: Client) -> Version:
    answer = owner.post(reverse("datasets:new"), {"community": ""})
    version = Version.objects.get(pk=int(answer["Location"].rstrip("/").rsplit("/", 1)[1]))
    url = reverse("datasets:draft", args=[version.pk])
    assert owner.post(url, metadata_form()).status_code == 303
    assert owner.post(url, {"action": "submit", "confirm": "yes"}).status_code == 303
    version.refresh_from_db()
    assert version.state == "published"
    return version

"""Community pages: the list, creation by admins, and each community's landing page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.core.actors import Actor
from sankofa.core.blobstore import clear_blobstore_cache
from sankofa.datasets import services
from sankofa.datasets.models import Community
from tests.datasets.conftest import resource
from tests.web.deposit_helpers import person, signed_in

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")


@pytest.fixture(autouse=True)
def _blobs(node_home: Path) -> None:
    clear_blobstore_cache()


def test_admins_create_communities_and_others_may_not(client: Client) -> None:
    url = reverse("datasets:communities")
    assert 'name="slug"' not in client.get(url).content.decode()
    assert client.post(url, {"slug": "x", "title": "X"}).status_code == 403
    depositor = signed_in("ada@example.org", "depositor")
    assert depositor.post(url, {"slug": "x", "title": "X"}).status_code == 403
    admin = signed_in("alice@example.org", "admin")
    assert '<label for="id_slug">' in admin.get(url).content.decode()
    bad = admin.post(url, {"slug": "Not A Slug", "title": ""})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert 'id="id_slug-error"' in html and 'id="id_title-error"' in html
    made = admin.post(url, {"slug": "ocean-data", "title": "Ocean data", "review_required": "on"})
    assert made.status_code == 303
    assert made["Location"] == reverse("datasets:community", args=["ocean-data"]) + "?done=created"
    assert Community.objects.get(slug="ocean-data").review_required
    twice = admin.post(url, {"slug": "ocean-data", "title": "Again"})
    assert twice.status_code == 400 and "exists already" in twice.content.decode()
    listed = client.get(url).content.decode()
    assert "Ocean data" in listed and "reviewed by curators" in listed


def test_a_community_page_shows_policy_curators_and_records(client: Client) -> None:
    community = services.create_community(OPERATOR, "ocean-data", "Ocean data")
    person("cora@example.org", "curator", scope=community.scope_key)
    titles = []
    for n in range(22):
        draft = services.create_draft(OPERATOR, community)
        title = f"Sea level {n:02}"
        services.set_metadata(OPERATOR, draft.pk, resource(title))
        services.submit(OPERATOR, draft.pk)
        titles.append(title)
    unpublished = services.create_draft(OPERATOR, community)
    services.set_metadata(OPERATOR, unpublished.pk, resource("Still a draft"))
    url = reverse("datasets:community", args=["ocean-data"])
    first = client.get(url)
    assert first.status_code == 200
    html = first.content.decode()
    assert "<h1>Ocean data</h1>" in html
    assert "publish their datasets themselves" in html
    assert "1 curator of this community." in html
    assert "cora@example.org" not in html  # addresses are never published
    assert reverse("datasets:new") + "?community=ocean-data" in html
    shown = re.findall(r"Sea level \d\d", html)
    assert shown == sorted(titles, reverse=True)[:20]  # newest first
    assert "Still a draft" not in html and "Page 1 of 2" in html
    second = client.get(url + "?page=2").content.decode()
    assert re.findall(r"Sea level \d\d", second) == ["Sea level 01", "Sea level 00"]
    assert client.get(reverse("datasets:community", args=["nowhere"])).status_code == 404


def test_depositing_in_a_community_starts_there() -> None:
    community = services.create_community(OPERATOR, "ocean-data", "Ocean data")
    depositor = signed_in("ada@example.org", "depositor")
    form = depositor.get(reverse("datasets:new") + "?community=ocean-data").content.decode()
    assert re.search(r'<option value="ocean-data" selected>', form)
    made = depositor.post(reverse("datasets:new"), {"community": "ocean-data"})
    assert made.status_code == 303
    assert community.records.get().owner_name == "ada@example.org"
    unknown = depositor.post(reverse("datasets:new"), {"community": "nowhere"})
    assert unknown.status_code == 400

"""Vault pages: ask for a bundle from an object's page, follow it cooking, download it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.core.jobs import Job, runner
from tests.api import conftest as api_fixtures
from tests.api.conftest import Archived

simple = api_fixtures.simple  # the archived crafted repository, as a fixture


def run_jobs() -> list[runner.Outcome]:
    """Run the queued cooking jobs here and now, as a worker would (other jobs are left)."""
    queued = Job.objects.filter(name="archive.cook", status=Job.Status.QUEUED).order_by("pk")
    return [runner.run(pk) for pk in queued.values_list("pk", flat=True)]


COOK = "/en/vault/"


def test_cooking_from_a_revision_page_to_the_download(simple: Archived, client: Client) -> None:
    swhid = f"swh:1:rev:{simple.ids['commit2']}"
    response = client.post(COOK, {"swhid": swhid, "format": "git-bare"})
    status_url = f"/en/vault/git-bare/{swhid}/"
    assert (response.status_code, response["Location"]) == (303, status_url)
    assert status_url == reverse("vault:status", kwargs={"fmt": "git-bare", "swhid": swhid})

    waiting = client.get(status_url).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in waiting
    assert "Waiting for a worker" in waiting and "/raw/" not in waiting
    assert swhid in waiting  # the SWHID with its copy button

    assert run_jobs() == [runner.Outcome.SUCCEEDED]
    page = client.get(status_url)
    assert page["Cache-Control"].startswith("max-age=0")
    done = page.content.decode()
    assert "http-equiv" not in done and "Ready" in done
    (link,) = re.findall(r'href="([^"]*/raw/)"', done)
    assert link == f"/api/1/vault/git-bare/{swhid}/raw/"
    bundle = b"".join(client.get(link).streaming_content)  # type: ignore[attr-defined]
    assert f"{len(bundle)} bytes" in done

    again = client.post(COOK, {"swhid": swhid, "format": "git-bare"})  # cached: no new job
    assert again.status_code == 303 and Job.objects.filter(name="archive.cook").count() == 1


def test_a_directory_is_cooked_flat(simple: Archived, client: Client) -> None:
    swhid = f"swh:1:dir:{simple.ids['tree3']}"
    response = client.post(COOK, {"swhid": swhid, "format": "flat"})
    assert response.status_code == 303
    run_jobs()
    done = client.get(response["Location"]).content.decode()
    assert f'href="/api/1/vault/flat/{swhid}/raw/"' in done


@pytest.mark.parametrize(
    ("fields", "status", "sentence"),
    [
        ({"swhid": "swh:1:dir:xyz", "format": "flat"}, 400, "not a valid SWHID"),
        ({"format": "flat"}, 400, "not a valid SWHID"),
        ({"swhid": "SIMPLE_TREE", "format": "zip"}, 400, "Unknown download format"),
        ({"swhid": "SIMPLE_TREE", "format": "git-bare"}, 400, "as git repositories"),
        ({"swhid": "swh:1:dir:" + "0" * 40, "format": "flat"}, 404, "does not hold"),
    ],
)
def test_bad_requests_get_a_page_saying_why(
    simple: Archived, client: Client, fields: dict[str, str], status: int, sentence: str
) -> None:
    if fields.get("swhid") == "SIMPLE_TREE":
        fields = fields | {"swhid": f"swh:1:dir:{simple.ids['tree3']}"}
    response = client.post(COOK, fields)
    assert response.status_code == status
    assert sentence in response.content.decode()
    assert Job.objects.filter(name="archive.cook").count() == 0


def test_the_form_only_posts_and_unasked_bundles_are_not_found(
    simple: Archived, client: Client
) -> None:
    response = client.get(COOK)
    assert response.status_code == 405 and "POST" in response["Allow"]
    swhid = f"swh:1:dir:{simple.ids['tree3']}"
    page = client.get(f"/en/vault/flat/{swhid}/")
    assert page.status_code == 404 and "Nobody has asked" in page.content.decode()
    assert client.get("/en/vault/flat/swh:1:dir:nothex/").status_code == 400
    assert client.get(f"/en/vault/tar/{swhid}/").status_code == 400


def test_a_failed_cook_offers_to_try_again(simple: Archived, client: Client) -> None:
    swhid = f"swh:1:dir:{simple.ids['tree3']}"
    client.post(COOK, {"swhid": swhid, "format": "flat"})
    Job.objects.filter(name="archive.cook").update(
        status=Job.Status.FAILED, last_error="Traceback\nOSError: disk full"
    )
    page = client.get(f"/en/vault/flat/{swhid}/").content.decode()
    assert "Failed" in page and "disk full" in page and "Try again" in page
    assert "http-equiv" not in page
    assert client.post(COOK, {"swhid": swhid, "format": "flat"}).status_code == 303
    assert Job.objects.filter(name="archive.cook").count() == 2


def test_the_download_form_posts_without_a_csrf_token(simple: Archived) -> None:
    """The form sits on publicly cached pages: it carries no token, and needs none."""
    client = Client(enforce_csrf_checks=True)
    swhid = f"swh:1:dir:{simple.ids['tree3']}"
    response = client.post(reverse("vault:cook"), {"swhid": swhid, "format": "flat"})
    assert response.status_code == 303
    assert Job.objects.filter(name="archive.cook").count() == 1

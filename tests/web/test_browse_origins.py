"""Origin, snapshot and release pages, against git's own answers for archived repositories."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.archive.models import Origin, Visit
from tests.api.conftest import Archived, archive, simple, tricky

__all__ = ["archive", "simple", "tricky"]

pytestmark = pytest.mark.django_db(transaction=True)


def swh_snapshot(repo: Archived) -> str:
    """The snapshot id swh.model computes from the repository (Software Heritage's oracle)."""
    from swh.model.cli import swhid_of_git_repo

    return bytes(swhid_of_git_repo(str(repo.path)).object_id).hex()


def rev_parse(repo: Archived, name: str) -> str:
    return repo.git("rev-parse", name).decode().strip()


def origin_page(client: Client, url: str, **params: str) -> str:
    response = client.get(reverse("browse:origin"), {"origin_url": url, **params})
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]


def test_origin_page_shows_visits_branches_releases_and_swhids(
    client: Client, simple: Archived
) -> None:
    page = origin_page(client, simple.url)
    snapshot = swh_snapshot(simple)
    assert simple.snapshot == f"swh:1:snp:{snapshot}"
    assert f"swh:1:snp:{snapshot}" in page
    qualified = f"swh:1:snp:{snapshot};origin={simple.url}"
    assert html.escape(qualified) in page
    links = hrefs(page)
    # each branch links to its target's page, in the context of the origin and snapshot
    context = f"?origin_url={quote(simple.url, safe='/:')}&snapshot={snapshot}"
    for ref in ("refs/heads/main", "refs/heads/feature", "refs/tags/v0.1"):
        assert f"<code>{ref}</code>" in page
        target = rev_parse(simple, ref)
        assert reverse("browse:revision", args=[target]) + context in links
    tag = rev_parse(simple, "refs/tags/v1.0")
    assert tag == simple.ids["tag_annotated"]
    assert reverse("browse:release", args=[tag]) + context in links
    # HEAD is an alias of main: it links where main leads
    head_row = re.search(r"<tr><td><code>HEAD</code></td>.*?</tr>", page)
    assert head_row is not None and "refs/heads/main" in head_row.group(0)
    assert reverse("browse:revision", args=[simple.ids["main"]]) in head_row.group(0)
    # the release, with its date as git recorded it
    tag_date = simple.git("for-each-ref", "--format=%(taggerdate:iso-strict)", "refs/tags/v1.0")
    stamp = datetime.fromisoformat(tag_date.decode().strip())
    assert f'<time datetime="{stamp.isoformat()}">' in page
    assert ">v1.0</a>" in page


def test_origin_page_lists_visits_newest_first_with_snapshot_links(
    client: Client, simple: Archived
) -> None:
    origin = Origin.objects.get(url=simple.url)
    first = Visit.objects.get(origin=origin)
    when = first.date + timedelta(days=1)
    Visit.objects.create(origin=origin, number=2, date=when, status="failed", type="git")
    page = origin_page(client, simple.url)
    rows = re.findall(r"<tr><td>(\d+)</td><td><time datetime=\"([^\"]+)\">", page)
    assert [int(n) for n, _ in rows] == [2, 1]
    assert rows[1][1] == first.date.isoformat()
    assert ">failed</td>" in page and ">full</td>" in page
    snapshot = swh_snapshot(simple)
    snapshot_link = reverse("browse:snapshot", args=[snapshot])
    assert f"{snapshot_link}?origin_url={quote(simple.url, safe='/:')}" in hrefs(page)
    # the failed visit found no snapshot: the page still shows visit 1's branches
    assert "<code>refs/heads/feature</code>" in page


def test_origin_page_links_files_citation_and_badge(client: Client, simple: Archived) -> None:
    links = hrefs(origin_page(client, simple.url))
    quoted = quote(simple.url, safe="/:")
    assert f"{reverse('browse:origin-directory')}?origin_url={quoted}" in links
    assert f"{reverse('cite:origin-citation')}?origin_url={quoted}&format=bibtex" in links
    assert f"{reverse('cite:badge-origin')}?origin_url={quoted}" in links


def test_origin_page_with_many_visits_pages_them_in_few_queries(
    client: Client, simple: Archived, django_assert_max_num_queries: object
) -> None:
    origin = Origin.objects.get(url=simple.url)
    snapshot = Visit.objects.get(origin=origin).snapshot
    base = datetime(2024, 1, 1, tzinfo=UTC)
    Visit.objects.bulk_create(
        Visit(
            origin=origin,
            number=n,
            date=base + timedelta(hours=n),
            status="full",
            snapshot=snapshot,
        )
        for n in range(2, 131)
    )
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = origin_page(client, simple.url)
    numbers = [int(n) for n in re.findall(r"<tr><td>(\d+)</td><td><time", page)]
    assert numbers == list(range(130, 80, -1))
    older = [html.unescape(h) for h in re.findall(r'<a rel="next" href="([^"]+)"', page)]
    assert older == [
        f"{reverse('browse:origin')}?origin_url={quote(simple.url, safe='/:')}&visits_before=81"
    ]
    second = client.get(older[0]).content.decode()
    numbers = [int(n) for n in re.findall(r"<tr><td>(\d+)</td><td><time", second)]
    assert numbers == list(range(80, 30, -1))


def test_unknown_origin_is_a_404_page(client: Client, simple: Archived) -> None:
    response = client.get(reverse("browse:origin"), {"origin_url": "https://nowhere.example/x"})
    assert response.status_code == 404
    assert "https://nowhere.example/x" in response.content.decode()
    assert response.headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "params",
    [{}, {"origin_url": ""}, {"origin_url": "a\x00b"}, {"visits_before": "x", "origin_url": "u"}],
)
def test_bad_origin_parameters_are_400_pages(
    client: Client, simple: Archived, params: dict[str, str]
) -> None:
    if "visits_before" in params:
        params = params | {"origin_url": simple.url}
    response = client.get(reverse("browse:origin"), params)
    assert response.status_code == 400
    assert b"<h1>" in response.content


def test_origin_directory_redirects_to_the_head_root_with_context(
    client: Client, simple: Archived
) -> None:
    response = client.get(reverse("browse:origin-directory"), {"origin_url": simple.url})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    tree = rev_parse(simple, "main^{tree}")
    assert location.path == reverse("browse:directory", args=[tree])
    assert parse_qs(location.query) == {
        "origin_url": [simple.url],
        "snapshot": [swh_snapshot(simple)],
        "revision": [simple.ids["main"]],
    }


def test_origin_directory_follows_branch_release_and_path(client: Client, simple: Archived) -> None:
    params = {"origin_url": simple.url, "branch": "v1.0", "path": "docs/guide.txt", "visit": "1"}
    response = client.get(reverse("browse:origin-directory"), params)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    blob = rev_parse(simple, "v1.0:docs/guide.txt")
    assert location.path == reverse("browse:content", args=[blob])
    assert parse_qs(location.query) == {
        "origin_url": [simple.url],
        "visit": ["1"],
        "snapshot": [swh_snapshot(simple)],
        "release": [simple.ids["tag_annotated"]],
        "revision": [simple.ids["commit2"]],
        "root": [rev_parse(simple, "v1.0^{tree}")],
        "path": ["docs/guide.txt"],
    }
    main = client.get(
        reverse("browse:origin-directory"),
        {"origin_url": simple.url, "branch": "refs/heads/main", "path": "/src/"},
    )
    location = urlsplit(main["Location"])
    assert location.path == reverse("browse:directory", args=[rev_parse(simple, "main^{tree}")])
    assert parse_qs(location.query)["path"] == ["src"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"branch": "nope"}, 404),
        ({"path": "no/such/file"}, 404),
        ({"visit": "7"}, 404),
        ({"visit": "-1"}, 400),
    ],
)
def test_origin_directory_refuses_what_is_not_there(
    client: Client, simple: Archived, params: dict[str, str], status: int
) -> None:
    response = client.get(reverse("browse:origin-directory"), {"origin_url": simple.url, **params})
    assert response.status_code == status


def test_snapshot_page_lists_every_branch_of_the_tricky_repository(
    client: Client, tricky: Archived
) -> None:
    snapshot = tricky.snapshot.removeprefix("swh:1:snp:")
    response = client.get(reverse("browse:snapshot", args=[snapshot]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"swh:1:snp:{snapshot}" in page
    refs = tricky.git("for-each-ref", "--format=%(refname)").decode().split()
    assert "refs/heads/café" in refs
    for ref in refs:
        assert f"<code>{html.escape(ref)}</code>" in page
    for name in ("tree-tag", "blob-tag", "tag-of-tag", "no-tagger", "v1"):
        tag = rev_parse(tricky, f"refs/tags/{name}")
        assert reverse("browse:release", args=[tag]) in page


def test_snapshot_page_is_paginated(
    client: Client, tricky: Archived, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sankofa.web.browse import origins

    monkeypatch.setattr(origins, "BRANCHES_PER_PAGE", 3)
    snapshot = tricky.snapshot.removeprefix("swh:1:snp:")
    url = reverse("browse:snapshot", args=[snapshot])
    seen: list[str] = []
    while url:
        page = client.get(url).content.decode()
        names = re.findall(r"<tr><td><code>([^<]+)</code></td>", page)
        assert 0 < len(names) <= 3
        seen += names
        nexts = re.findall(r'<a rel="next" href="([^"]+)"', page)
        assert len(seen) < 50 and len(nexts) <= 1
        url = html.unescape(nexts[0]) if nexts else ""
    refs = tricky.git("for-each-ref", "--format=%(refname)").decode().split()
    expected = sorted([*refs, "HEAD"], key=lambda n: n.encode())
    assert [html.unescape(n) for n in seen] == expected


def test_release_page_shows_name_target_author_date_message(
    client: Client, simple: Archived
) -> None:
    tag = simple.ids["tag_annotated"]
    response = client.get(reverse("browse:release", args=[tag]))
    assert response.status_code == 200
    page = response.content.decode()
    assert ">v1.0</span></h1>" in page
    assert f"swh:1:rel:{tag}" in page
    assert f"swh:1:rev:{simple.ids['commit2']}" in page
    assert reverse("browse:revision", args=[simple.ids["commit2"]]) in page
    tagger = simple.git("for-each-ref", "--format=%(taggername)", "refs/tags/v1.0")
    assert f"<dd>{tagger.decode().strip()}</dd>" in page
    assert '<pre class="message">Version 1.0\n</pre>' in page
    quoted = quote(f"swh:1:rel:{tag}", safe="")
    assert f"{reverse('cite:citation')}?swhid={quoted}" in page


def test_release_page_in_context_shows_the_qualified_swhid(
    client: Client, simple: Archived
) -> None:
    tag = simple.ids["tag_annotated"]
    snapshot = swh_snapshot(simple)
    response = client.get(
        reverse("browse:release", args=[tag]), {"origin_url": simple.url, "visit": "1"}
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f"swh:1:rel:{tag};origin={simple.url};visit=swh:1:snp:{snapshot}" in page
    target = reverse("browse:revision", args=[simple.ids["commit2"]])
    context = f"origin_url={quote(simple.url, safe='/:')}&visit=1&snapshot={snapshot}"
    assert f"{target}?{context}&release={tag}" in page


def test_release_of_a_tree_and_without_tagger(client: Client, tricky: Archived) -> None:
    page = client.get(reverse("browse:release", args=[tricky.ids["tag_tree"]])).content.decode()
    assert reverse("browse:directory", args=[tricky.ids["tree_root"]]) in page
    page = client.get(
        reverse("browse:release", args=[tricky.ids["tag_no_tagger"]])
    ).content.decode()
    assert "<dd>—</dd>" in page  # no author, no date


@pytest.mark.parametrize("name", ["browse:release", "browse:snapshot"])
def test_immutable_pages_404_400_and_cache_headers(
    client: Client, simple: Archived, name: str
) -> None:
    oid = simple.ids["tag_annotated"] if name == "browse:release" else swh_snapshot(simple)
    good = client.get(reverse(name, args=[oid]))
    assert good.status_code == 200
    assert "public" in good["Cache-Control"] and "max-age=86400" in good["Cache-Control"]
    assert client.get(reverse(name, args=["0" * 40])).status_code == 404
    assert client.get(reverse(name, args=["xyz"])).status_code == 400
    unknown_origin = client.get(reverse(name, args=[oid]), {"origin_url": "https://nowhere/"})
    assert unknown_origin.status_code == 400
    unknown_snapshot = client.get(reverse(name, args=[oid]), {"snapshot": "4" * 40})
    assert unknown_snapshot.status_code == 400
    assert "no-store" in unknown_origin["Cache-Control"]


def test_origin_page_is_cached_briefly_and_privately_for_signed_in_people(
    client: Client, simple: Archived, django_user_model: Any
) -> None:
    anonymous = client.get(reverse("browse:origin"), {"origin_url": simple.url})
    assert "public" in anonymous["Cache-Control"] and "max-age=60" in anonymous["Cache-Control"]
    user = django_user_model.objects.create_user("reader@example.org", password="x" * 12)
    client.force_login(user)
    signed_in = client.get(reverse("browse:origin"), {"origin_url": simple.url})
    assert "private" in signed_in["Cache-Control"] and "public" not in signed_in["Cache-Control"]
    release = client.get(reverse("browse:release", args=[simple.ids["tag_annotated"]]))
    assert "private" in release["Cache-Control"] and "max-age=86400" in release["Cache-Control"]
    assert "Cookie" in release["Vary"]

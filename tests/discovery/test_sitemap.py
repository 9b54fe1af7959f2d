"""Sitemaps: the protocol writer over a source of plain data, and ``/sitemap.xml`` over
real dataset records (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from sankofa.datasets.models import Version
from sankofa.discovery import sitemap
from sankofa.discovery.sitemap import Url
from tests.datasets.conftest import blobs, make_file
from tests.web.dataset_records import MakeFile, new_version, publish, withdraw

__all__ = ["blobs", "make_file"]

NS = {"s": sitemap.NAMESPACE, "x": "http://www.w3.org/1999/xhtml"}
BASE = "http://127.0.0.1:8000"


class Pages:
    """`count` pages ``https://node.example/p/<n>?a=1&b=2``; remembers the slices asked."""

    def __init__(self, name: str, count: int) -> None:
        self.name = name
        self.total = count
        self.asked: list[tuple[int, int]] = []

    def count(self) -> int:
        return self.total

    def urls(self, offset: int, limit: int) -> Iterable[Url]:
        self.asked.append((offset, limit))
        for n in range(offset, min(self.total, offset + limit)):
            yield Url(
                loc=f"https://node.example/{self.name}/{n}?a=1&b=2",
                lastmod=datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=UTC),
                alternates=(("fr", f"https://node.example/fr/{self.name}/{n}"),),
            )


def parse(chunks: Iterator[bytes] | None) -> Any:
    assert chunks is not None
    root = etree.fromstring(b"".join(chunks), etree.XMLParser(resolve_entities=False))
    return root


def locs(root: Any) -> list[str]:
    return [str(x) for x in root.xpath("//s:loc/text()", namespaces=NS)]


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def page_url(n: int) -> str:
    return f"https://node.example/sitemap.xml?page={n}"


def test_one_file_while_everything_fits() -> None:
    source = Pages("a", 3)
    root = parse(sitemap.document([source], None, page_url, per_page=3))
    assert etree.QName(root).localname == "urlset" and root.nsmap[None] == sitemap.NAMESPACE
    assert locs(root) == [f"https://node.example/a/{n}?a=1&b=2" for n in range(3)]
    (first, *_) = root.xpath("//s:url", namespaces=NS)
    assert first.findtext("s:lastmod", namespaces=NS) == "2026-01-02T03:04:05+00:00"
    (alternate,) = first.xpath("x:link", namespaces=NS)
    assert (alternate.get("rel"), alternate.get("hreflang")) == ("alternate", "fr")


def test_escaping_and_dates() -> None:
    text = b"".join(sitemap.urlset([Url("https://n.example/?q=<'\"&'>", date(2026, 5, 1))]))
    assert b"https://n.example/?q=&lt;&apos;&quot;&amp;&apos;&gt;" in text
    assert locs(etree.fromstring(text)) == ["https://n.example/?q=<'\"&'>"]
    assert b"<lastmod>2026-05-01</lastmod>" in text
    naive = sitemap.w3c_datetime(datetime(2026, 5, 1, 12, 0, 0, 999))
    assert naive == "2026-05-01T12:00:00+00:00"


def test_an_index_past_the_limit_and_pages_across_sources() -> None:
    a, b = Pages("a", 5), Pages("b", 4)
    root = parse(sitemap.document([a, b], None, page_url, per_page=4))
    assert etree.QName(root).localname == "sitemapindex"
    assert locs(root) == [page_url(1), page_url(2), page_url(3)]
    pages = [locs(parse(sitemap.document([a, b], n, page_url, per_page=4))) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [4, 4, 1]
    assert pages[1][0].startswith("https://node.example/a/4") and pages[1][1].endswith(
        "b/0?a=1&b=2"
    )
    assert [loc for page in pages for loc in page] == locs(
        parse(sitemap.document([a, b], 1, page_url, per_page=9))
    )
    assert sitemap.document([a, b], 4, page_url, per_page=4) is None
    assert sitemap.document([a, b], 0, page_url, per_page=4) is None
    empty = parse(sitemap.document([Pages("c", 0)], None, page_url))
    assert etree.QName(empty).localname == "urlset" and locs(empty) == []


@pytest.mark.django_db
def test_the_node_lists_published_landing_pages(
    client: Client, blobs: Any, make_file: MakeFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = publish(make_file)
    second = new_version(make_file, first, "Second")
    gone = withdraw(publish(make_file, title="Gone"))
    answered = client.get("/sitemap.xml")
    assert answered.status_code == 200
    assert answered["Content-Type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(streamed(answered))
    assert locs(root) == [f"{BASE}/{first.ark}", f"{BASE}/{second.ark}"]
    assert str(gone.ark) not in streamed(client.get("/sitemap.xml")).decode()
    published = Version.objects.get(pk=second.pk).published_at
    assert published is not None
    lastmods = root.xpath("//s:lastmod/text()", namespaces=NS)
    assert lastmods[1] == published.astimezone(UTC).replace(microsecond=0).isoformat()
    # past the limit: an index of pages, each page a urlset
    monkeypatch.setattr(sitemap, "MAX_URLS", 1)
    index = etree.fromstring(streamed(client.get("/sitemap.xml")))
    assert locs(index) == [f"{BASE}/sitemap.xml?page=1", f"{BASE}/sitemap.xml?page=2"]
    two = etree.fromstring(streamed(client.get("/sitemap.xml?page=2")))
    assert locs(two) == [f"{BASE}/{second.ark}"]
    assert client.get("/sitemap.xml?page=3").status_code == 404
    assert client.get("/sitemap.xml?page=two").status_code == 400

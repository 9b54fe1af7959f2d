"""Page weight: each main page, with its stylesheets and scripts, fits in 30 KB compressed.

Pages come from a live `sankofa serve` node with brotli or gzip accepted, as a
browser asks; the weight is what travels: the compressed bytes of the HTML and of
every same-origin stylesheet and script it references (pages have no images). The
file page shows a one-line file, so its weight is the frame's and the page's own.
No page makes a browser contact another host.
"""

from __future__ import annotations

import gzip
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import brotli
import pytest

from tests.web.browser import PAGES, SIGNED_IN_PAGES, LiveNode, fetch_page, main_pages

BUDGET = 30 * 1024
FRAME_BUDGET = 10 * 1024  # the shared frame alone (the home page): most is left for content
ENCODINGS = ["br", "gzip"]
FETCHING = {  # elements a browser fetches on its own, and the attributes naming what
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}


class References(HTMLParser):
    """Every URL the page makes a browser fetch; stylesheets and scripts apart."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for attr in FETCHING.get(tag, ()):
            if attr in values:
                urls = values[attr].split(",") if attr == "srcset" else [values[attr]]
                self.fetched += [u.strip().split(" ")[0] for u in urls if u.strip()]
        rel = values.get("rel", "").lower().split()
        if tag == "link" and ("stylesheet" in rel or "modulepreload" in rel):
            self.assets.append(values.get("href", ""))
        if tag == "script" and values.get("src"):
            self.assets.append(values["src"])


def foreign(page: str, ref: str) -> bool:
    """Whether `ref`, on the page at URL `page`, makes a browser contact another origin."""
    url = urlsplit(urljoin(page, ref))
    if url.scheme == "data":
        return False
    own = urlsplit(page)
    return (url.scheme, url.netloc) != (own.scheme, own.netloc)


def decode(body: bytes, coding: str | None) -> bytes:
    if coding == "br":
        return bytes(brotli.decompress(body))
    if coding == "gzip":
        return gzip.decompress(body)
    return body


def weigh(node: LiveNode, path: str, encoding: str) -> tuple[int, list[str]]:
    """Bytes transferred for the page and its assets, and a line per part."""
    headers, body = fetch_page(node, path, **{"Accept-Encoding": encoding})
    assert headers.get("content-encoding") == encoding, f"{path} is not compressed"
    refs = References()
    refs.feed(decode(body, encoding).decode("utf-8"))
    parts, total = [f"{len(body):>7} {path}"], len(body)
    for asset in refs.assets:
        url = urlsplit(urljoin(node.url(path), asset))
        assert url.netloc == urlsplit(node.origin).netloc, f"{path} loads {asset}"
        status, answered, content = node.get(url.path, **{"Accept-Encoding": encoding})
        assert status == 200, f"{path} references {asset}, which answers {status}"
        total += len(content)
        parts.append(f"{len(content):>7} {url.path} ({answered.get('content-encoding')})")
    return total, parts


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("page", [p for p in PAGES if p not in SIGNED_IN_PAGES])
def test_page_fits_the_budget(live_node: LiveNode, page: str, encoding: str) -> None:
    path = main_pages(live_node, "en")[page]
    total, parts = weigh(live_node, path, encoding)
    assert total <= BUDGET, f"{total} bytes > {BUDGET}:\n" + "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "ar", "ko"])
def test_the_frame_is_small(live_node: LiveNode, lang: str) -> None:
    path = main_pages(live_node, lang)["home"]
    total, parts = weigh(live_node, path, "br")
    assert total <= FRAME_BUDGET, f"{total} bytes > {FRAME_BUDGET}:\n" + "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("page", [p for p in PAGES if p not in SIGNED_IN_PAGES])
def test_pages_contact_no_other_host(live_node: LiveNode, page: str, lang: str) -> None:
    path = main_pages(live_node, lang)[page]
    _, body = fetch_page(live_node, path)
    refs = References()
    refs.feed(body.decode("utf-8"))
    elsewhere = [ref for ref in refs.fetched if foreign(live_node.url(path), ref)]
    assert refs.fetched, f"{path} references no stylesheet: the parser saw nothing"
    assert not elsewhere, f"{path} makes the browser fetch from elsewhere: {elsewhere}"


def test_the_checks_see_third_party_references() -> None:
    refs = References()
    refs.feed(
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="//cdn.example/x.js"></script><img srcset="/a.png 1x, http://o/b.png 2x">'
        '<a href="https://example.org/">a link fetches nothing</a>'
    )
    assert refs.fetched == ["https://cdn.example/x.css", "//cdn.example/x.js", "/a.png",
                            "http://o/b.png"]  # fmt: skip
    assert refs.assets == ["https://cdn.example/x.css", "//cdn.example/x.js"]
    page = "http://127.0.0.1:8000/en/"
    assert [foreign(page, ref) for ref in refs.fetched] == [True, True, False, True]
    assert not foreign(page, "http://127.0.0.1:8000/static/x.css")
    assert foreign(page, "http://127.0.0.1:9000/static/x.css")
    assert not foreign(page, "data:,")

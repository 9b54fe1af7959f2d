"""Pages of archived objects: directories, files, revisions, logs, provenance.

Every expectation comes from git run on the source repository (names, sizes, lines,
numstat) or from the bytes the test wrote itself.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from sankofa.archive import diffs
from sankofa.core.actors import Actor
from sankofa.demo.gitcraft import init_repo, run_git, set_head, set_ref
from sankofa.web.browse import highlight
from tests.api.conftest import Archived, archive, simple, tricky

__all__ = ["simple", "tricky"]  # fixtures

README = (
    b"# Title\n\nHello <script>alert('x')</script> world.\n\n"
    b"[click](javascript:alert(1)) and [home](https://example.org/)\n\n"
    b'<img src="https://tracker.example/p.gif" onerror="alert(2)">\n'
)
BINARY = bytes(range(256)) * 4
ACTOR = Actor.operator("test")


def _blob(repo: Path, data: bytes) -> str:
    return run_git(repo, "hash-object", "-w", "--stdin", stdin=data).decode().strip()


def _tree(repo: Path, entries: list[tuple[str, str, bytes, str]]) -> str:
    """``git mktree`` of (mode, type, name, id) entries."""
    lines = b"".join(
        f"{mode} {kind} {oid}\t".encode() + name + b"\0" for mode, kind, name, oid in entries
    )
    return run_git(repo, "mktree", "-z", stdin=lines).decode().strip()


def _commit(repo: Path, tree: str, parents: list[str], message: str, hour: int) -> str:
    args = [a for p in parents for a in ("-p", p)]
    out = run_git(
        repo, "commit-tree", tree, *args, stdin=message.encode(), date=1_700_000_000 + hour
    )
    return out.decode().strip()


@pytest.fixture
def crafted(node_home: Path, tmp_path: Path, transactional_db: None) -> Archived:
    """README with hostile HTML, a binary file, a 500-entry directory, 25 linear commits."""
    repo = init_repo(tmp_path / "crafted.git")
    many = _tree(
        repo,
        [("100644", "blob", b"file%03d.txt" % i, _blob(repo, b"%d\n" % i)) for i in range(500)],
    )
    code = b"".join(b"def f%d():\n    return %d\n" % (i, i) for i in range(40))
    entries = [
        ("100644", "blob", b"README.md", _blob(repo, README)),
        ("100644", "blob", b"data.bin", _blob(repo, BINARY)),
        ("100644", "blob", b"module.py", _blob(repo, code)),
        ("040000", "tree", b"many", many),
    ]
    root = _tree(repo, entries)
    parent: list[str] = []
    for i in range(25):
        marker = _tree(repo, [*entries, ("100644", "blob", b"n.txt", _blob(repo, b"%d\n" % i))])
        parent = [_commit(repo, marker if i else root, parent, f"Commit {i}\n", i)]
    set_ref(repo, "refs/heads/main", parent[0])
    set_head(repo, "refs/heads/main")
    return archive(repo, {"head": parent[0], "root": root, "many": many})


def _page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def _dir_url(root: str, path: str = "") -> str:
    base = reverse("browse:directory", args=[root])
    return f"{base}?path={path}" if path else base


def _tree_of(repo: Archived, rev: str) -> str:
    return repo.git("rev-parse", f"{rev}^{{tree}}").decode().strip()


# --- directories ------------------------------------------------------------------------


def test_directory_lists_entries_directories_first_with_sizes(
    simple: Archived, client: Client
) -> None:
    root = simple.ids["tree3"]
    page = _page(client, _dir_url(root))
    listing = simple.git("ls-tree", "-l", root).decode().splitlines()
    names = re.findall(r'<td><a href="[^"]*">([^<]*)</a></td>', page)
    dirs = [ln.split("\t")[1] for ln in listing if " tree " in ln]
    files = [ln.split("\t")[1] for ln in listing if " blob " in ln]
    assert names == sorted(dirs) + sorted(files)
    for line in listing:
        meta, name = line.split("\t")
        mode, kind, oid, size = meta.split()
        if kind == "blob":
            href = reverse("browse:content", args=[oid]) + f"?root={root}&amp;path={name}"
            assert f'<a href="{href}">{name}</a></td><td>{size}</td><td><code>{mode}</code>' in page
    assert "swh:1:dir:" + root in page
    assert "Hello, world</h3>" in page  # the README, its heading below the page's


def test_subdirectory_breadcrumbs_keep_the_context(simple: Archived, client: Client) -> None:
    root = simple.ids["tree3"]
    url = _dir_url(root, "src") + f"&origin_url={quote(simple.url, safe='/:')}&visit=1"
    page = _page(client, url)
    sub = simple.git("rev-parse", f"{root}:src").decode().strip()
    assert "swh:1:dir:" + sub in page
    origin = quote(simple.url, safe="/:")
    assert f'href="{_dir_url(root)}?origin_url={origin}&amp;visit=1' in page  # crumb to root
    qualified = f"swh:1:dir:{sub};origin={simple.url};visit={simple.snapshot}"
    assert qualified + f";anchor=swh:1:dir:{root};path=/src/" in html.unescape(page)
    assert "hello.py" in page


def test_directory_of_500_entries(crafted: Archived, client: Client) -> None:
    page = _page(client, _dir_url(crafted.ids["root"], "many"))
    assert page.count('<tr><td><abbr title="file">file</abbr>') == 500
    assert ">file499.txt</a></td><td>4</td>" in page


def test_readme_is_sanitised(crafted: Archived, client: Client) -> None:
    page = _page(client, _dir_url(crafted.ids["root"]))
    readme = page[page.index('<section class="readme"') :]
    readme = readme[: readme.index("</section>")]
    assert "<h3>Title</h3>" in readme
    tags = re.findall(r"<[a-zA-Z][^>]*>", readme)
    assert tags and not [t for t in tags if re.match(r"<(script|img|iframe|style)", t)]
    assert not [t for t in tags if "javascript:" in t or re.search(r"\son\w+=", t)]
    assert 'href="https://example.org/"' in readme
    assert "&lt;script&gt;" in readme  # shown as text, not run


def test_non_utf8_names_are_escaped_and_linkable(tricky: Archived, client: Client) -> None:
    root = tricky.ids["tree_root"]
    page = _page(client, _dir_url(root))
    assert ">caf\\xe9.txt</a>" in page
    assert "ünïcødé.txt" in page
    blob = tricky.git("rev-parse", f"{root}:caf\xe9.txt".encode("latin-1")).decode().strip()
    href = reverse("browse:content", args=[blob]) + f"?root={root}&amp;path=caf%E9.txt"
    assert href in page
    file_page = _page(client, html.unescape(href))
    assert "A latin-1 file name." in file_page
    assert "path=/caf%E9.txt" in html.unescape(file_page)  # the qualified SWHID's path
    # the escaped spelling the API shows leads to the same directory entry
    redirect = client.get(_dir_url(root, "caf%5Cxe9.txt"))
    assert redirect.status_code == 302 and blob in redirect["Location"]


# --- files ------------------------------------------------------------------------------


def test_file_is_highlighted_with_line_anchors(crafted: Archived, client: Client) -> None:
    root = crafted.ids["root"]
    blob = crafted.git("rev-parse", f"{root}:module.py").decode().strip()
    url = reverse("browse:content", args=[blob]) + f"?root={root}&path=module.py"
    page = _page(client, url)
    source = crafted.git("cat-file", "blob", blob).decode().splitlines()
    assert 'id="L80"' in page and 'id="L81"' not in page
    code = page[page.index('<pre class="code">') : page.index("</pre>")]
    shown = [ln.split("</a>", 1)[1] for ln in code.split("\n</span>")[:-1]]
    assert [html.unescape(re.sub(r"<[^>]+>", "", ln)) for ln in shown] == source
    assert '<span class="hk">def</span>' in page  # a Python keyword, highlighted
    assert f'href="{html.escape(url)}&amp;lines=3#L3"' in page
    assert "hll" not in code
    assert "sankofa/highlight.css" in page


def test_lines_parameter_highlights_a_range(crafted: Archived, client: Client) -> None:
    root = crafted.ids["root"]
    blob = crafted.git("rev-parse", f"{root}:module.py").decode().strip()
    url = reverse("browse:content", args=[blob]) + f"?root={root}&path=module.py&lines=3-5"
    page = _page(client, url)
    marked = re.findall(r'<span id="L(\d+)" class="hll">', page)
    assert marked == ["3", "4", "5"]
    assert f"swh:1:cnt:{blob};anchor=swh:1:dir:{root};path=/module.py;lines=3-5" in page


@pytest.mark.parametrize("lines", ["0", "5-2", "a", "3-", "-3"])
def test_bad_lines_are_refused(simple: Archived, client: Client, lines: str) -> None:
    blob = simple.git("rev-parse", "main:src/hello.py").decode().strip()
    page = _page(client, reverse("browse:content", args=[blob]) + f"?lines={lines}", 400)
    assert "line" in page.lower()


def test_binary_file_offers_a_download(crafted: Archived, client: Client) -> None:
    root = crafted.ids["root"]
    blob = crafted.git("rev-parse", f"{root}:data.bin").decode().strip()
    page = _page(client, reverse("browse:content", args=[blob]) + f"?root={root}&path=data.bin")
    raw = f"/api/1/content/sha1_git:{blob}/raw/?filename=data.bin"
    assert f'href="{raw}"' in page
    assert '<pre class="code">' not in page
    response = client.get(raw)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == BINARY  # type: ignore[attr-defined]


def test_render_limits() -> None:
    assert highlight.render(b"x" * (highlight.DISPLAY_LIMIT + 1), "a.py").reason == "large"
    assert highlight.render(b"caf\xe9\n", "a.txt").reason == "binary"
    big = b"def f():\n    pass\n" * (highlight.HIGHLIGHT_LIMIT // 18 + 1)
    plain = highlight.render(big, "big.py")
    assert plain.language == "" and len(plain.lines) == big.count(b"\n")
    multi = highlight.render(b'x = """a\nb\nc"""\ny = 1\n', "m.py")
    assert len(multi.lines) == 4 and multi.language == "Python"
    assert all(ln.count("<span") == ln.count("</span>") for ln in multi.lines)


def test_stylesheet_is_the_generated_one() -> None:
    shipped = Path(highlight.__file__).parents[1] / "static" / "sankofa" / "highlight.css"
    assert shipped.read_text() == highlight.stylesheet()


# --- revisions --------------------------------------------------------------------------


def _numstat(repo: Archived, base: str, rev: str) -> tuple[int, int, int]:
    out = repo.git("diff", "--numstat", base, rev).decode().splitlines()
    rows = [ln.split("\t") for ln in out]
    return len(rows), sum(int(r[0]) for r in rows), sum(int(r[1]) for r in rows)


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@pytest.mark.parametrize(("name", "base"), [("commit2", "commit1"), ("commit1", None)])
def test_revision_page_diffstat_matches_git(
    simple: Archived, client: Client, name: str, base: str | None
) -> None:
    rev = simple.ids[name]
    page = _page(client, reverse("browse:revision", args=[rev]))
    files, plus, minus = _numstat(simple, simple.ids[base] if base else EMPTY_TREE, rev)
    assert re.search(rf"\b{files} files? (changed|added)", page)
    assert f'<span class="plus">+{plus}</span> <span class="minus">\u2212{minus}</span>' in page
    assert "Ada Lovelace" in page and "Charles Babbage" in page
    assert f"Commit number {int(name[-1])}" in page
    tree = _tree_of(simple, rev)
    assert reverse("browse:directory", args=[tree]) + f"?revision={rev}" in page
    if base:
        assert f'href="{reverse("browse:revision", args=[simple.ids[base]])}"' in page
    assert 'name="format"' in page and reverse("vault:cook") in page


def test_diffstat_of_a_merge_is_against_the_first_parent(tricky: Archived) -> None:
    rev = tricky.ids["commit_octopus"]
    stat = diffs.diffstat(ACTOR, bytes.fromhex(rev))
    parents = tricky.git("rev-list", "--parents", "-n1", rev).decode().split()[1:]
    assert [p.hex() for p in stat.parents] == parents
    out = tricky.git("diff", "--numstat", parents[0], rev).decode().splitlines()
    assert stat.files_changed == len(out)
    merge = tricky.ids["commit_mergetag"]
    first = tricky.git("rev-parse", f"{merge}^1").decode().strip()
    assert (
        diffs.diffstat(ACTOR, bytes.fromhex(merge)).files_changed,
        diffs.diffstat(ACTOR, bytes.fromhex(merge)).insertions,
    ) == _numstat(tricky, first, merge)[:2]


def test_revision_dates_keep_their_offsets(tricky: Archived, client: Client) -> None:
    page = _page(client, reverse("browse:revision", args=[tricky.ids["commit_gpgsig"]]))
    assert "2023-11-14 23:13:20 -0000" in page  # author zone -0000
    assert "2023-11-15 12:58:20 +1345" in page  # committer zone +1345


def test_revision_log_is_paginated(crafted: Archived, client: Client) -> None:
    head = crafted.ids["head"]
    base = reverse("browse:revision-log", args=[head])
    first = _page(client, base)
    ids = re.findall(r'<a href="/en/browse/revision/([0-9a-f]{40})/"><code>', first)
    assert len(ids) == 20 and ids[0] == head
    assert f'href="{base}?offset=20" rel="next"' in first
    second = _page(client, f"{base}?offset=20")
    more = re.findall(r'<a href="/en/browse/revision/([0-9a-f]{40})/"><code>', second)
    expected = crafted.git("rev-list", head).decode().split()
    assert ids + more == expected
    assert 'rel="next"' not in second and f'href="{base}?offset=0" rel="prev"' in second
    _page(client, f"{base}?offset=x", 400)


# --- provenance, errors, caching ---------------------------------------------------------


def test_provenance_lists_origins_and_revisions(simple: Archived, client: Client) -> None:
    blob = simple.git("rev-parse", "commit1:src/hello.py".replace("commit1", simple.ids["commit1"]))
    swhid = f"swh:1:cnt:{blob.decode().strip()}"
    page = _page(client, reverse("browse:provenance", args=[swhid]))
    assert simple.url in page
    assert f"swh:1:rev:{simple.ids['commit1']}" in page and "src/hello.py" in page
    file_page = _page(client, reverse("browse:content", args=[swhid[10:]]))
    assert reverse("browse:provenance", args=[swhid]) in file_page


@pytest.mark.parametrize(
    "url",
    [
        "/en/browse/directory/{zero}/",
        "/en/browse/content/sha1_git:{zero}/",
        "/en/browse/revision/{zero}/",
        "/en/browse/revision/{zero}/log/",
        "/en/browse/directory/{root}/?path=nope",
        "/en/browse/directory/{root}/?origin_url=https://nowhere.example/",
        "/en/browse/provenance/swh:1:cnt:{zero}/",
    ],
)
def test_unknown_objects_answer_404(simple: Archived, client: Client, url: str) -> None:
    page = _page(client, url.format(zero="0" * 40, root=simple.ids["tree3"]), 404)
    assert "<h1>Not found</h1>" in page


@pytest.mark.parametrize(
    "url",
    [
        "/en/browse/directory/XYZ/",
        "/en/browse/directory/{root}/?colour=red",
        "/en/browse/directory/{root}/?visit=3",
        "/en/browse/directory/{root}/?path=../etc",
        "/en/browse/directory/{root}/?revision=abc",
        "/en/browse/content/sha1_git:{root}/?root=zz",
        "/en/browse/revision/{root}/?path=a",
        "/en/browse/provenance/swh:1:foo:{root}/",
    ],
)
def test_bad_parameters_answer_400(simple: Archived, client: Client, url: str) -> None:
    page = _page(client, url.format(root=simple.ids["tree3"]), 400)
    assert "<h1>Bad request</h1>" in page


def test_object_pages_are_cached_publicly(simple: Archived, client: Client) -> None:
    response = client.get(_dir_url(simple.ids["tree3"]))
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_pages_link_cite_badge_and_vault(simple: Archived, client: Client) -> None:
    root = simple.ids["tree3"]
    page = html.unescape(_page(client, _dir_url(root)))
    assert reverse("cite:citation") + f"?swhid=swh:1:dir:{root}" in page
    assert reverse("cite:badge-swhid", args=[f"swh:1:dir:{root}"]) in page
    assert f'<input type="hidden" name="swhid" value="swh:1:dir:{root}">' in page
    # a publicly cached page carries no CSRF token (nor sets its cookie)
    assert 'name="csrfmiddlewaretoken"' not in page
    assert "csrftoken" not in client.get(_dir_url(root)).cookies


def test_a_bad_parameter_is_explained_in_the_page_language(
    simple: Archived, client: Client
) -> None:
    url = reverse("browse:directory", args=[simple.ids["tree3"]]).replace("/en/", "/fr/", 1)
    page = html.unescape(_page(client, url + "?snapshot=xyz", status=400))
    assert "Un identifiant d\u2019instantané doit" in page
    assert "snapshot must" not in page

"""`make demo`: archives its repositories, checks them, then serves the node on the web."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from sankofa.demo.citable import CODEMETA, make_citable_repo
from tests.conftest import cli_env
from tests.gitservers import free_port, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_citable_repository_is_reproducible(tmp_path: Path) -> None:
    first = make_citable_repo(tmp_path / "a.git")
    assert make_citable_repo(tmp_path / "b.git") == first
    shown = subprocess.run(
        ["git", "-C", str(tmp_path / "a.git"), "show", "main:codemeta.json"],
        capture_output=True,
        check=True,
    ).stdout
    assert json.loads(shown) == CODEMETA


def test_the_demo_archives_then_serves_the_node(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sankofa.demo", "--port", str(port)],
        env=cli_env(tmp_path / "home"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for_port(port, timeout=120), "the demo did not start serving"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/1/origin/search/rainfall/") as r:
            found = [o["url"] for o in json.load(r)]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/") as r:
            assert r.status == 200
            assert b"<html" in r.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/datasets/?q=rainfall") as r:
            datasets_found = r.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sitemap.xml") as r:
            sitemap = r.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/journals/joha/") as r:
            journal_home = r.read().decode()
        link = re.search(r'href="(/en/journals/joha/articles/\d+/)"', journal_home)
        assert link, journal_home
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{link[1]}") as r:
            article_page = r.read().decode()
    finally:
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=60)
    assert found == [(tmp_path / "home" / "demo-repos" / "rainfall-tools.git").as_uri()]
    assert "fsck" in output and "DAMAGED" not in output
    assert "Daily rainfall at five stations in Ghana" in datasets_found
    arks = re.findall(r"^dataset  (ark:\S+)", output, flags=re.MULTILINE)
    assert len(arks) == 5  # four records, the first with a second version
    assert all(f"/{ark}<" in sitemap for ark in arks[:4])  # every published version
    assert f"/{arks[4]}<" not in sitemap  # the withdrawn one
    assert f"Serving the node on http://127.0.0.1:{port}/" in output
    # the journal: one article through the whole workflow, its JATS made by pandoc
    assert "Daily rainfall at five stations in Ghana" in journal_home
    assert "Vol. 1 No. 1" in journal_home  # its issue, published
    assert '<meta name="citation_title" content="Daily rainfall at five stations' in article_page
    article_ark = re.search(r"^article  (ark:\S+)", output, flags=re.MULTILINE)
    assert article_ark and article_ark[1] in article_page
    software = re.search(r"^citable .*(swh:1:snp:[0-9a-f]{40})", output, flags=re.MULTILINE)
    assert software and software[1] in article_page  # it cites the demo software
    cited = set(re.findall(r"ark:99999/\w+", article_page)) - {article_ark[1]}
    assert len(cited) == 1  # and the rainfall dataset (its concept ARK)

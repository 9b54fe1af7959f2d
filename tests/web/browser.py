"""A live node through the production server, and a headless Chromium to look at it.

`start_node` runs `sankofa serve` (gunicorn, collected and compressed static files)
as a subprocess and polls until it answers; the `live_node` fixture gives each test
session one such node with its own database (SQLite in its home, or a fresh
PostgreSQL database on the PostgreSQL tier), an archived demo repository and a
verified account. `chromium` is Debian's headless Chromium driven by Selenium
through /usr/bin/chromedriver.

In CI (CI=true) a missing Chromium, chromedriver or axe-core (`make test` installs it
with `npm ci --prefix tests/web/a11y`) fails the run; elsewhere the tests that need
them are skipped with a message saying what is missing.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import IN_CI, POSTGRES_URL, WANTED_DATABASE
from tests.gitservers import free_port
from tests.nodes import start_node, stop_node

CHROMIUM = Path(os.environ.get("SANKOFA_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("SANKOFA_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"))
AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
ACCOUNT_EMAIL = "reader@example.org"
ACCOUNT_PASSWORD = "correct horse battery staple 42"


def node_env(home: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a node process: this one's, minus any SANKOFA_* setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANKOFA_")}
    env["SANKOFA_HOME"] = str(home)
    if database_url:
        env["SANKOFA_DATABASE_URL"] = database_url
    env.update(extra)
    return env


@dataclass
class LiveNode:
    """A running node and the demo objects archived in it (hex ids, as gitcraft names them)."""

    port: int
    home: Path
    origin_url: str
    snapshot: str
    ids: dict[str, str] = field(default_factory=dict)
    dataset_record: int = 0  # the record id of the published demo dataset

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) of one GET, redirects not followed."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            conn.close()

    def post(self, path: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("POST", path, body=b"", headers={"Content-Length": "0"})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()


PAGES = [
    "home", "search", "origin", "snapshot", "release", "directory", "file", "revision",
    "revision-log", "save", "login", "signup", "account", "vault",
    "datasets", "dataset", "communities", "dataset-new",
]  # fmt: skip
SIGNED_IN_PAGES = frozenset({"account", "dataset-new"})
"""The main pages, as `main_pages` names them."""


def fetch_page(node: LiveNode, path: str, **headers: str) -> tuple[dict[str, str], bytes]:
    """A page that must answer 200; one still answering 501 is an expected failure."""
    status, answered, body = node.get(path, **headers)
    if status == 501:
        pytest.xfail(f"page not built: {path} answers 501")
    assert status == 200, f"{path} answered {status}: {body[:300]!r}"
    return answered, body


def main_pages(node: LiveNode, lang: str) -> dict[str, str]:
    """Path of every main page in `lang`, showing the archived demo repository."""
    ids = node.ids
    origin = quote(node.origin_url, safe="")
    root = ids["tree3"]
    p = f"/{lang}"
    return {
        "home": f"{p}/",
        "search": f"{p}/search/?q=simple",
        "origin": f"{p}/browse/origin/?origin_url={origin}",
        "snapshot": f"{p}/browse/snapshot/{node.snapshot}/",
        "release": f"{p}/browse/release/{ids['tag_annotated']}/",
        "directory": f"{p}/browse/directory/{root}/?path=src",
        "file": f"{p}/browse/content/sha1_git:{ids['hello_py']}/"
        f"?root={root}&path=src/hello.py&lines=1-1",
        "revision": f"{p}/browse/revision/{ids['head']}/",
        "revision-log": f"{p}/browse/revision/{ids['head']}/log/",
        "save": f"{p}/save/",
        "login": f"{p}/accounts/login/",
        "signup": f"{p}/accounts/signup/",
        "account": f"{p}/accounts/",
        "vault": f"{p}/vault/flat/swh:1:dir:{root}/",
        "datasets": f"{p}/datasets/?q=rainfall",
        "dataset": f"{p}/datasets/records/{node.dataset_record}/",
        "communities": f"{p}/datasets/communities/",
        "dataset-new": f"{p}/datasets/new/",
    }


def _cli(home: Path, env: Mapping[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "sankofa", *args],
        env={**env, "SANKOFA_HOME": str(home)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"sankofa {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


@pytest.fixture(scope="session")
def node_database() -> Iterator[str | None]:
    """None on the SQLite tier (the node's own file); a fresh PostgreSQL database otherwise.

    The node never shares the test runner's database, which other tests empty between
    tests while the node lives for the whole session.
    """
    if WANTED_DATABASE != "postgres":
        yield None
        return
    import psycopg

    name = f"sankofa_web_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def live_node(
    tmp_path_factory: pytest.TempPathFactory, node_database: str | None
) -> Iterator[LiveNode]:
    """`sankofa serve` with gitcraft's simple repository archived and a verified account."""
    from sankofa.demo.gitcraft import make_simple_repo, run_git

    base = tmp_path_factory.mktemp("live-node")
    home, repo = base / "home", base / "simple.git"
    home.mkdir()
    ids = make_simple_repo(repo)
    ids["hello_py"] = run_git(repo, "rev-parse", "main:src/hello.py").decode().strip()
    env = node_env(home, node_database)
    # "origin\t<url>", the visit, and the snapshot's SWHID last
    archived = _cli(home, env, "archive", str(repo)).strip().splitlines()
    origin_url = next(line.split("\t")[1] for line in archived if line.startswith("origin\t"))
    snapshot = archived[-1].rsplit(":", 1)[-1]
    _cli(home, env, "createadmin", "--password-stdin", ACCOUNT_EMAIL, stdin=ACCOUNT_PASSWORD)
    dataset_ark = _dataset(base, home, env)
    port = free_port()
    proc = start_node(home, port, env)
    try:
        node = LiveNode(port, home, origin_url, snapshot, ids)
        node.dataset_record = _record_id(node, dataset_ark)
        node.post(f"/api/1/vault/flat/swh:1:dir:{ids['tree3']}/")  # a cook to show
        yield node
    finally:
        stop_node(proc)


def _dataset(base: Path, home: Path, env: Mapping[str, str]) -> str:
    """A published dataset with every property a record page shows; its ARK."""
    from sankofa.core.formats.datacite import xml47
    from sankofa.core.formats.datacite.model import Identifier
    from tests.web.dataset_records import rich_resource

    source = base / "dataset.xml"  # deposited here: no DOI of its own, so its id is an ARK
    source.write_bytes(xml47.write(replace(rich_resource(), identifier=Identifier(value="(:tba)"))))
    return _cli(home, env, "datasets", "import", "--publish", str(source)).splitlines()[-1]


def _record_id(node: LiveNode, ark: str) -> int:
    """The record id a browser lands on when it follows `ark`."""
    status, headers, _ = node.get(f"/{ark}", Accept="text/html")
    assert status in (302, 303), f"/{ark} answered {status}"
    found = re.search(r"/datasets/records/(\d+)/", headers["location"])
    assert found, headers["location"]
    return int(found.group(1))


def missing_tools() -> list[str]:
    """What the browser tests need and this machine lacks."""
    needs = {
        CHROMIUM: "apt-get install chromium",
        CHROMEDRIVER: "apt-get install chromium-driver",
        AXE: "npm ci --prefix tests/web/a11y",
    }
    return [f"{path} ({remedy})" for path, remedy in needs.items() if not path.exists()]


def require_browser_tools() -> None:
    """Fail in CI, skip elsewhere, when Chromium, chromedriver or axe-core is missing."""
    missing = missing_tools()
    if not missing:
        return
    message = "missing for the browser tests: " + ", ".join(missing)
    if IN_CI:
        pytest.fail(message + " (required in CI)")
    pytest.skip(message + "; the browser tests are skipped")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium (Selenium WebDriver), shared by the session's tests."""
    require_browser_tools()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    options.add_argument("--window-size=1280,1024")
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()

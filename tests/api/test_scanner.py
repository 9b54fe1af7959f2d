"""Software Heritage's scanner (swh.scanner, GPL: run as a program, never imported) on a node.

The archived `simple` repository is checked out, a file the archive has never seen is
added, and `swh scanner scan` is pointed at a live node: every checked-out file and
unchanged directory is reported known, the new file and the directories holding it
unknown. The scanner goes through `known/` only; with a bearer token in its
configuration it is authenticated, and `known/` is then not rate-limited.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from django.utils import timezone
from tests.api.conftest import Archived, archive, simple  # noqa: F401

from sankofa.accounts.models import User
from sankofa.accounts.tokens import create_token
from sankofa.api import throttle
from sankofa.core.actors import Actor

SWH = shutil.which("swh", path=str(Path(__file__).resolve().parents[2] / ".venv" / "bin"))
pytestmark = pytest.mark.skipif(SWH is None, reason="swh.scanner is not installed")
MARKER = "SWH SCANNER SETUP 1.0\n"  # the scanner's own: its setup wizard is not run again


@pytest.fixture
def checkout(simple: Archived, tmp_path: Path) -> Path:  # noqa: F811
    """The files of the archived HEAD (no .git), plus a file the archive lacks."""
    root = tmp_path / "checkout"
    root.mkdir()
    with tarfile.open(fileobj=io.BytesIO(simple.git("archive", "--format=tar", "HEAD"))) as tar:
        tar.extractall(root, filter="data")
    (root / "src" / "brand-new.txt").parent.mkdir(exist_ok=True)
    (root / "src" / "brand-new.txt").write_text("written after the visit\n")
    return root


def scan(root: Path, api_url: str, home: Path, token: str | None = None) -> dict[str, Any]:
    """`swh scanner scan -f json` against `api_url`; the report, by path."""
    (home / "cache" / "swh").mkdir(parents=True, exist_ok=True)
    (home / "cache" / "swh" / "scanner_setup_was_run").write_text(MARKER)
    config: dict[str, Any] = {"web-api": {"url": api_url}}
    if token is not None:  # where `swh auth` keeps the token of realm / client
        config["keycloak"] = {"realm_name": "SoftwareHeritage", "client_id": "swh-web"}
        config["keycloak_tokens"] = {"SoftwareHeritage": {"swh-web": token}}
    config_file = home / "global.yml"
    config_file.write_text(yaml.safe_dump(config))
    env = {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PATH": "/usr/bin:/bin",
        "SWH_CONFIG_FILENAME": str(config_file),  # read by `swh scanner` and `swh auth`
    }
    assert SWH is not None
    done = subprocess.run(
        [SWH, "scanner", "scan", "-f", "json", "--no-web-ui", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def expected(simple: Archived) -> dict[str, str]:  # noqa: F811
    """path -> SWHID of every file and directory of HEAD, from git itself."""
    listing = simple.git("ls-tree", "-r", "-t", "HEAD").decode().splitlines()
    found = {".": "swh:1:dir:" + simple.git("rev-parse", "HEAD^{tree}").decode().strip()}
    for line in listing:
        meta, path = line.split("\t", 1)
        _, kind, oid = meta.split()
        found[path] = f"swh:1:{'dir' if kind == 'tree' else 'cnt'}:{oid}"
    return found


def check_report(report: dict[str, Any], simple: Archived) -> None:  # noqa: F811
    archived = expected(simple)
    changed = {".", "src", "src/brand-new.txt"}  # the new file and the directories above it
    assert set(report) == set(archived) | changed
    for path, entry in report.items():
        assert entry["known"] is (path not in changed), path
        if path not in changed:
            assert entry["swhid"] == archived[path]


@pytest.mark.slow
def test_the_scanner_finds_what_the_node_archived(
    simple: Archived,  # noqa: F811
    checkout: Path,
    api_url: str,
    tmp_path: Path,
) -> None:
    check_report(scan(checkout, api_url, tmp_path / "anon"), simple)


@pytest.mark.slow
def test_the_scanner_with_a_token_is_not_limited(
    simple: Archived,  # noqa: F811
    checkout: Path,
    api_url: str,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.SANKOFA_API_ANON_RATE = "1/h"
    settings.SANKOFA_API_USER_RATE = "1/h"
    throttle._limiter.cache_clear()
    user = User.objects.create_user("ada@example.org", "pw", email_verified=timezone.now())
    token = create_token(Actor.operator("test"), user).text
    for _ in range(2):  # two scans post to known/ more often than the user rate allows
        check_report(scan(checkout, api_url, tmp_path / "user", token), simple)
    # the limits were on: an anonymous client gets 429 from its second request
    body = [expected(simple)["."]]
    answers = [requests.post(api_url + "known/", json=body, timeout=30) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 429]

"""Origins over git:// and smart HTTP, network cuts and killed loads: nothing half-written shows."""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sankofa.archive import loader, services
from sankofa.archive.models import Visit
from sankofa.archive.store import object_store, tmp_root
from sankofa.core.actors import Actor
from tests.archive.repos import commit_files, git, swh_identify
from tests.conftest import cli_env, run_cli
from tests.gitservers import GitDaemon, SmartHTTPServer

OPERATOR = Actor.operator("test")


def publish(repo: Path, base: Path, name: str = "project.git") -> Path:
    target = base / name
    git(base, "clone", "-q", "--bare", str(repo), str(target))
    return target


@pytest.mark.django_db
def test_git_protocol_origin(node_home: Path, repo: Path, git_daemon: GitDaemon) -> None:
    bare = publish(repo, git_daemon.base_path)
    visit = services.archive_origin(OPERATOR, git_daemon.url("project.git"))
    assert visit.status == Visit.Status.FULL
    assert str(visit.snapshot) == swh_identify("--type", "snapshot", str(bare))
    assert visit.origin.url == git_daemon.url("project.git")


@pytest.mark.django_db
def test_smart_http_origin_and_incremental_revisit(
    node_home: Path, repo: Path, smart_http: SmartHTTPServer, tmp_path: Path
) -> None:
    bare = publish(repo, smart_http.base_path)
    url = smart_http.url("project.git")
    first = services.archive_origin(OPERATOR, url)
    assert str(first.snapshot) == swh_identify("--type", "snapshot", str(bare))
    unchanged = services.archive_origin(OPERATOR, url)
    assert unchanged.objects_received == 0
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(bare), str(work))
    commit_files(work, {"NEWS": b"news\n"}, "news")
    git(work, "push", "-q", "origin", "main")
    again = services.archive_origin(OPERATOR, url)
    assert (again.objects_received, again.objects_stored) == (3, 3)
    assert str(again.snapshot) == swh_identify("--type", "snapshot", str(bare))


def big_repo(path: Path, megabytes: int) -> Path:
    from tests.archive.repos import new_repo

    repo = new_repo(path)
    commit_files(repo, {f"blob{i}": os.urandom(1 << 20) for i in range(megabytes)}, "big")
    return repo


@pytest.mark.django_db
def test_network_cut_leaves_nothing_visible_and_next_visit_completes(
    node_home: Path, tmp_path: Path
) -> None:
    src = big_repo(tmp_path / "src", 4)
    base = tmp_path / "served"
    base.mkdir()
    bare = publish(src, base)
    with SmartHTTPServer(base, cut_after_bytes=1 << 20) as cut:
        url = cut.url("project.git")
        with pytest.raises(loader.LoaderError, match="fetch failed"):
            services.archive_origin(OPERATOR, url)
    failed = Visit.objects.get()
    assert failed.status == Visit.Status.FAILED and failed.snapshot is None
    assert list(object_store().pack_dir.glob("*.idx")) == []
    assert list(tmp_root().glob("visit-*")) == []
    with SmartHTTPServer(base) as whole:
        # same path on another port: a different origin URL, same content
        visit = services.archive_origin(OPERATOR, whole.url("project.git"))
    assert str(visit.snapshot) == swh_identify("--type", "snapshot", str(bare))
    assert services.check_archive(OPERATOR).ok


@pytest.mark.django_db(transaction=True)
def test_killed_load_leaves_nothing_visible_and_next_run_completes(tmp_path: Path) -> None:
    src = big_repo(tmp_path / "src", 24)
    base = tmp_path / "served"
    base.mkdir()
    bare = publish(src, base)
    home = tmp_path / "node"
    with SmartHTTPServer(base) as server:
        url = server.url("project.git")
        proc = subprocess.Popen(
            [sys.executable, "-m", "sankofa", "archive", url],
            env=cli_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while not list((home / "tmp").glob("visit-*/repo/objects/pack/tmp_pack_*")):
            assert proc.poll() is None and time.monotonic() < deadline, "load ended before the kill"
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        visits = run_cli(home, "visit", "list", url)
        assert visits.stdout.split("\t")[2] == "ongoing"  # recorded, with no snapshot
        assert "swh:1:snp" not in visits.stdout
        assert list((home / "archive" / "objects" / "pack").glob("*.idx")) == []
        done = run_cli(home, "archive", url)
        assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == swh_identify("--type", "snapshot", str(bare))
    listing = run_cli(home, "visit", "list", url).stdout.splitlines()
    assert listing[0].split("\t")[2] == "failed" and "interrupted" in listing[0]
    assert listing[1].split("\t")[2] == "full"
    assert list((home / "tmp").glob("visit-*")) == []
    assert run_cli(home, "fsck").returncode == 0


@pytest.fixture
def tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A certificate for 127.0.0.1 that git trusts through GIT_SSL_CAINFO."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("GIT_SSL_CAINFO", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@pytest.mark.django_db
def test_https_origin(node_home: Path, repo: Path, tmp_path: Path, tls: ssl.SSLContext) -> None:
    base = tmp_path / "served"
    base.mkdir()
    bare = publish(repo, base)
    with SmartHTTPServer(base, tls=tls) as server:
        url = server.url("project.git")
        assert url.startswith("https://")
        visit = services.archive_origin(OPERATOR, url)
    assert str(visit.snapshot) == swh_identify("--type", "snapshot", str(bare))


@pytest.mark.django_db
def test_https_origin_with_untrusted_certificate_fails_cleanly(
    node_home: Path,
    repo: Path,
    tmp_path: Path,
    tls: ssl.SSLContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GIT_SSL_CAINFO")
    base = tmp_path / "served"
    base.mkdir()
    publish(repo, base)
    with (
        SmartHTTPServer(base, tls=tls) as server,
        pytest.raises(loader.LoaderError, match="certificate"),
    ):
        services.archive_origin(OPERATOR, server.url("project.git"))
    assert Visit.objects.get().status == Visit.Status.FAILED


def test_git_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    """A guarded git outlives nothing: killing its starter kills it."""
    script = (
        "import sys; from sankofa.archive import gitcmd; "
        "gitcmd.run(None, ['-c', 'alias.wait=!sleep 30', 'wait'], guarded=True)"
    )
    starter = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 20
    children: list[str] = []
    while not children and time.monotonic() < deadline:
        time.sleep(0.05)
        out = subprocess.run(["pgrep", "-P", str(starter.pid)], capture_output=True, text=True)
        children = out.stdout.split()
    assert children, "git did not start"
    starter.kill()
    starter.wait()
    git_pid = int(children[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(git_pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail("git outlived the process that started it")

"""The test git servers, exercised by the real git client."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sankofa.demo.gitcraft import git_env, make_simple_repo, make_tricky_repo
from sankofa.demo.hostile import make_hostile_repo
from tests.gitservers import GitDaemon, SmartHTTPServer, git_binaries_present

pytestmark = pytest.mark.skipif(not git_binaries_present(), reason="needs git daemon/http-backend")

Builder = Callable[[Path], dict[str, str]]


def git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", *args], capture_output=True, env=git_env(), cwd=cwd, check=False, timeout=120
    )


def clone(
    url: str, dest: Path, protocol: str = "2", *config: str
) -> subprocess.CompletedProcess[bytes]:
    options = [arg for item in (f"protocol.version={protocol}", *config) for arg in ("-c", item)]
    return git(*options, "clone", "--quiet", "--mirror", url, str(dest))


def refs(repo: Path) -> bytes:
    return git("-C", str(repo), "for-each-ref", "--format=%(objectname) %(refname)").stdout


def objects(repo: Path) -> bytes:
    listing = git("-C", str(repo), "rev-list", "--objects", "--all").stdout
    return b"\n".join(sorted(line[:40] for line in listing.splitlines()))


def assert_same_repository(copy: Path, original: Path) -> None:
    assert refs(copy) and refs(copy) == refs(original)
    assert objects(copy) == objects(original)


def many_refs_repo(repo: Path, count: int) -> None:
    """A repository with ``count`` branches on distinct root commits, by ``git fast-import``."""
    make_simple_repo(repo)
    stream = b"".join(
        b"commit refs/heads/b%05d\ncommitter A <a@example.org> %d +0000\ndata 0\n\n" % (i, i)
        for i in range(count)
    )
    done = subprocess.run(
        ["git", "-C", str(repo), "fast-import", "--quiet"],
        input=stream,
        env=git_env(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("build", [make_simple_repo, make_tricky_repo])
@pytest.mark.parametrize("protocol", ["0", "2"])
def test_clone_through_git_daemon(
    git_daemon: GitDaemon, tmp_path: Path, build: Builder, protocol: str
) -> None:
    build(git_daemon.base_path / "repo.git")
    done = clone(git_daemon.url("repo.git"), tmp_path / "copy.git", protocol)
    assert done.returncode == 0, done.stderr
    assert_same_repository(tmp_path / "copy.git", git_daemon.base_path / "repo.git")


@pytest.mark.parametrize("build", [make_simple_repo, make_tricky_repo])
@pytest.mark.parametrize("protocol", ["0", "2"])
def test_clone_through_smart_http(
    smart_http: SmartHTTPServer, tmp_path: Path, build: Builder, protocol: str
) -> None:
    build(smart_http.base_path / "repo.git")
    done = clone(smart_http.url("repo.git"), tmp_path / "copy.git", protocol)
    assert done.returncode == 0, done.stderr
    assert_same_repository(tmp_path / "copy.git", smart_http.base_path / "repo.git")
    exchanges = smart_http.exchanges
    assert (exchanges[0].method, exchanges[0].query) == ("GET", "service=git-upload-pack")
    assert exchanges[-1].method == "POST" and exchanges[-1].path == "/repo.git/git-upload-pack"
    assert all(e.status == 200 and not e.cut for e in exchanges)
    sent_v2 = {e.git_protocol for e in exchanges} == {"version=2"}
    assert sent_v2 == (protocol == "2")


def test_ls_remote_shows_head_symref(git_daemon: GitDaemon, smart_http: SmartHTTPServer) -> None:
    for server in (git_daemon, smart_http):
        ids = make_simple_repo(server.base_path / "r.git")
        listing = git("ls-remote", "--symref", server.url("r.git"), "HEAD").stdout
        assert listing == f"ref: refs/heads/main\tHEAD\n{ids['head']}\tHEAD\n".encode()


def test_http_request_bodies_gzip_and_chunked(smart_http: SmartHTTPServer, tmp_path: Path) -> None:
    """Many wants: git gzips the request, or sends it chunked above http.postBuffer."""
    many_refs_repo(smart_http.base_path / "many.git", 1500)
    done = clone(smart_http.url("many.git"), tmp_path / "gzip.git")
    assert done.returncode == 0, done.stderr
    assert any(e.content_encoding == "gzip" for e in smart_http.exchanges)
    done = clone(smart_http.url("many.git"), tmp_path / "chunked.git", "2", "http.postBuffer=65536")
    assert done.returncode == 0, done.stderr
    assert any(e.chunked_request for e in smart_http.exchanges)
    for copy in ("gzip.git", "chunked.git"):
        assert_same_repository(tmp_path / copy, smart_http.base_path / "many.git")


@pytest.mark.parametrize("protocol", ["0", "2"])
def test_cut_connection_fails_the_clone(tmp_path: Path, protocol: str) -> None:
    base = tmp_path / "served"
    make_hostile_repo(base / "big.git", "enormous_blob", size=2 * 1024 * 1024)
    with SmartHTTPServer(base, cut_after_bytes=5000) as server:
        done = clone(server.url("big.git"), tmp_path / "copy.git", protocol)
        cut = [e for e in server.exchanges if e.cut]
    assert done.returncode != 0
    assert b"transfer closed with outstanding read data remaining" in done.stderr
    assert len(cut) == 1 and cut[0].response_bytes == 5000
    assert not (tmp_path / "copy.git").exists()  # git removes the failed clone
    with SmartHTTPServer(base) as server:  # the same repository, served whole
        assert clone(server.url("big.git"), tmp_path / "copy.git", protocol).returncode == 0


def test_cut_spares_short_answers(tmp_path: Path) -> None:
    """A response shorter than the limit goes through: the cut needs bytes to cut."""
    make_simple_repo(tmp_path / "served" / "r.git")
    with SmartHTTPServer(tmp_path / "served", cut_after_bytes=10**6) as server:
        assert clone(server.url("r.git"), tmp_path / "copy.git").returncode == 0
        assert not any(e.cut for e in server.exchanges)


@pytest.mark.parametrize("kind", ["unsorted_tree", "duplicate_entries", "malformed_tree"])
def test_hostile_repos_over_git_protocol(git_daemon: GitDaemon, tmp_path: Path, kind: str) -> None:
    ids = make_hostile_repo(git_daemon.base_path / "h.git", kind)
    done = clone(git_daemon.url("h.git"), tmp_path / "copy.git")
    assert (done.returncode == 0) == (ids["expect"] == "archive")
    if done.returncode == 0:
        odd = git("-C", str(tmp_path / "copy.git"), "cat-file", "tree", ids["oddity"]).stdout
        src = git("-C", str(git_daemon.base_path / "h.git"), "cat-file", "tree", ids["oddity"])
        assert odd == src.stdout
    else:
        assert b"aborting due to possible repository corruption" in done.stderr


def test_missing_repository(git_daemon: GitDaemon, smart_http: SmartHTTPServer) -> None:
    daemon = git("ls-remote", git_daemon.url("nowhere.git"))
    assert daemon.returncode != 0 and b"no such repository" in daemon.stderr
    http = git("ls-remote", smart_http.url("nowhere.git"))
    assert http.returncode != 0 and smart_http.exchanges[0].status == 404


def test_servers_release_their_port(tmp_path: Path) -> None:
    """Stopped servers leave no process and no listening socket behind.

    (Binding the port again would race other tests of a parallel run that may be
    given the freed port.)
    """
    with GitDaemon(tmp_path) as daemon, SmartHTTPServer(tmp_path) as http:
        for port in (daemon.port, http.port):
            socket.create_connection(("127.0.0.1", port), 2).close()
        daemon_pid = daemon._proc.pid if daemon._proc else 0
        listener = http._server.socket if http._server else None
    assert daemon._proc is None
    with pytest.raises(ProcessLookupError):  # stopped and reaped
        os.kill(daemon_pid, 0)
    assert listener is not None and listener.fileno() == -1

"""Real git servers on 127.0.0.1 for tests: ``git daemon`` (git://) and smart HTTP.

Both serve every repository under a base directory. :class:`GitDaemon` runs the real
``git daemon``; :class:`SmartHTTPServer` is a threaded :mod:`http.server` that runs the
real ``git http-backend`` as a CGI program for each request, streaming bodies both ways
(HTTP/1.1, chunked responses). It can cut an upload-pack response after a number of body
bytes, as a network failure would. The classes need nothing from pytest; the fixtures at
the end (``git_daemon``, ``smart_http``) wrap them for tests. (PYTEST_DONT_REWRITE: test
modules import this one before pytest could rewrite its asserts; it needs no rewriting.)
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Event
from types import TracebackType
from typing import Self
from urllib.parse import unquote, urlsplit

import pytest

LOCALHOST = "127.0.0.1"
_COPY_CHUNK = 64 * 1024
_HEAD_BYTES = 256  # request bytes looked at to tell a v2 ls-refs from a fetch


def server_env() -> dict[str, str]:
    """Environment for git server processes: no inherited GIT_* variables, no user config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    return env


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCALHOST, 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 10.0) -> bool:
    """Whether 127.0.0.1:``port`` accepts a connection within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((LOCALHOST, port), 0.5):
            return True
        time.sleep(0.02)
    return False


class GitDaemon:
    """``git daemon`` exporting every repository under ``base_path`` on 127.0.0.1.

    Use as a context manager; :meth:`url` names a repository (a directory under
    ``base_path``, bare or with a work tree).
    """

    def __init__(self, base_path: Path) -> None:
        self.base_path = Path(base_path).resolve()
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self.log_path = Path(os.devnull)  # a temporary file once started

    def url(self, name: str) -> str:
        return f"git://{LOCALHOST}:{self.port}/{name}"

    def start(self, attempts: int = 5) -> None:
        """Start the daemon on a free port, trying another port if that one was taken."""
        fd, log_name = tempfile.mkstemp(prefix="git-daemon-", suffix=".log")
        os.close(fd)
        self.log_path = Path(log_name)
        for _ in range(attempts):
            self.port = free_port()
            with self.log_path.open("ab") as log:
                self._proc = subprocess.Popen(
                    [*self._command(), f"--port={self.port}"],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    env=server_env(),
                    start_new_session=True,
                )
            deadline = time.monotonic() + 10
            while self._proc.poll() is None and time.monotonic() < deadline:
                if wait_for_port(self.port, 0.2):
                    return
            self.stop()
        raise RuntimeError(f"git daemon did not start: {self.log()}")

    def _command(self) -> list[str]:
        return [
            "git", "daemon", "--reuseaddr", f"--listen={LOCALHOST}", "--export-all",
            f"--base-path={self.base_path}", "--informative-errors",
        ]  # fmt: skip

    def stop(self) -> None:
        """Stop the daemon and the upload-pack processes it forked (its process group)."""
        if self._proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGTERM)
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.wait()
        self._proc = None

    def log(self) -> str:
        """What the daemon wrote to its standard error so far."""
        return self.log_path.read_text(errors="replace")

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        if self.log_path != Path(os.devnull):
            self.log_path.unlink(missing_ok=True)


@dataclass(frozen=True)
class HTTPExchange:
    """One request served by :class:`SmartHTTPServer`, as recorded after its response."""

    method: str
    path: str
    query: str
    status: int
    git_protocol: str  # the Git-Protocol request header ("version=2"), "" if absent
    content_encoding: str  # the request's Content-Encoding ("gzip"), "" if absent
    chunked_request: bool  # whether the request body came with Transfer-Encoding: chunked
    response_bytes: int  # body bytes sent (before chunk framing)
    cut: bool  # whether the connection was closed before the end of the response


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, project_root: Path, cut_after_bytes: int | None) -> None:
        super().__init__((LOCALHOST, 0), _GitCGIHandler)
        self.project_root = project_root
        self.cut_after_bytes = cut_after_bytes
        self.exchanges: list[HTTPExchange] = []
        self.lock = threading.Lock()


class _GitCGIHandler(BaseHTTPRequestHandler):
    """Runs ``git http-backend`` for each request, per the CGI/1.1 conventions."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read :attr:`SmartHTTPServer.exchanges` instead."""

    def _cgi_env(self, path: str, query: str) -> dict[str, str]:
        headers = self.headers
        env = server_env() | {
            "GIT_PROJECT_ROOT": str(self.server.project_root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": self.request_version,
            "SERVER_NAME": LOCALHOST,
            "SERVER_PORT": str(self.server.server_port),
            "REMOTE_ADDR": self.client_address[0],
            "REQUEST_METHOD": self.command,
            "PATH_INFO": unquote(path),
            "QUERY_STRING": query,
            "CONTENT_TYPE": headers.get("Content-Type", ""),
        }
        if headers.get("Content-Length") and not self._chunked_request():
            env["CONTENT_LENGTH"] = headers["Content-Length"]
        if headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = headers["Content-Encoding"]
        if headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = env["HTTP_GIT_PROTOCOL"] = headers["Git-Protocol"]
        return env

    def _chunked_request(self) -> bool:
        return "chunked" in self.headers.get("Transfer-Encoding", "").lower()

    def _request_body(self) -> Iterator[bytes]:
        """The request body as it arrives, chunked transfer coding removed."""
        if self._chunked_request():
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                yield self.rfile.read(size)
                self.rfile.readline()  # CRLF after the chunk
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                pass
            return
        left = int(self.headers.get("Content-Length") or 0)
        while left > 0:
            piece = self.rfile.read(min(left, _COPY_CHUNK))
            if not piece:
                return
            left -= len(piece)
            yield piece

    def _feed(self, proc: subprocess.Popen[bytes], head: list[bytes], ready: Event) -> None:
        """Copy the request body to the backend; the first bytes also go to ``head``."""
        assert proc.stdin is not None
        try:
            with contextlib.suppress(BrokenPipeError), proc.stdin:
                for piece in self._request_body():
                    if not ready.is_set():
                        head.append(piece)
                        if sum(map(len, head)) >= _HEAD_BYTES:
                            ready.set()
                    proc.stdin.write(piece)
        finally:
            ready.set()

    def _cut_limit(self, path: str, head: bytes) -> int | None:
        """The cut applies to upload-pack answers carrying a pack, not to v2 ``ls-refs``."""
        if self.command != "POST" or not path.endswith("/git-upload-pack"):
            return None
        if "gzip" in self.headers.get("Content-Encoding", ""):
            with contextlib.suppress(zlib.error):
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        return None if b"command=ls-refs" in head else self.server.cut_after_bytes

    def _serve(self) -> None:
        split = urlsplit(self.path)
        proc = subprocess.Popen(
            ["git", "http-backend"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self._cgi_env(split.path, split.query),
        )
        head: list[bytes] = []
        ready = Event()
        feeder = threading.Thread(target=self._feed, args=(proc, head, ready), daemon=True)
        feeder.start()
        assert isinstance(proc.stdout, io.BufferedReader)
        status, sent, cut = 502, 0, True
        try:
            status = self._send_cgi_headers(proc.stdout)
            ready.wait(timeout=30)
            limit = self._cut_limit(split.path, b"".join(head))
            sent, cut = self._relay_body(proc.stdout, limit)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            if cut and proc.poll() is None:
                proc.kill()
            proc.wait()
            feeder.join(timeout=10)
        self._record(split.path, split.query, status, sent, cut)  # before the client sees the end
        self._finish_body(cut)

    def _send_cgi_headers(self, stdout: io.BufferedReader) -> int:
        """Read the CGI response headers, send them as HTTP ones; return the status."""
        status, reason, headers = 200, "OK", []
        while (line := stdout.readline().rstrip(b"\r\n")) != b"":
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "status":
                code, _, reason = value.strip().partition(" ")
                status = int(code)
            else:
                headers.append((name, value.strip()))
        self.send_response(status, reason)
        if status >= 400:  # the backend may not have read the request body: do not reuse
            self.close_connection = True
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        return status

    def _relay_body(self, stdout: io.BufferedReader, limit: int | None) -> tuple[int, bool]:
        """Relay the CGI body in chunks, up to ``limit`` bytes; return (bytes sent, cut)."""
        sent = 0
        while piece := stdout.read1(_COPY_CHUNK):
            if limit is not None and sent + len(piece) > limit:
                self._write_chunk(piece[: limit - sent])
                return limit, True
            self._write_chunk(piece)
            sent += len(piece)
        return sent, False

    def _finish_body(self, cut: bool) -> None:
        """End the chunked body, or drop the connection without ending it."""
        if cut:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        with contextlib.suppress(OSError):
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    def _write_chunk(self, piece: bytes) -> None:
        if piece:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()

    def _record(self, path: str, query: str, status: int, sent: int, cut: bool) -> None:
        exchange = HTTPExchange(
            method=self.command,
            path=path,
            query=query,
            status=status,
            git_protocol=self.headers.get("Git-Protocol", ""),
            content_encoding=self.headers.get("Content-Encoding", ""),
            chunked_request=self._chunked_request(),
            response_bytes=sent,
            cut=cut,
        )
        with self.server.lock:
            self.server.exchanges.append(exchange)


class SmartHTTPServer:
    """Git smart HTTP (``git http-backend``) for every repository under ``base_path``.

    ``cut_after_bytes``: when set, each response to ``POST .../git-upload-pack`` that carries
    a pack (any in protocol v0/v1; in v2 the ``fetch`` ones, not ``ls-refs``) stops after
    that many body bytes and the connection is shut down without the final empty chunk, so
    the client sees the transfer end early.
    """

    def __init__(
        self,
        base_path: Path,
        *,
        cut_after_bytes: int | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.base_path = Path(base_path).resolve()
        self.cut_after_bytes = cut_after_bytes
        self.tls = tls
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_port)

    @property
    def exchanges(self) -> list[HTTPExchange]:
        """The requests served so far, in order of completion."""
        assert self._server is not None, "server not started"
        with self._server.lock:
            return list(self._server.exchanges)

    def url(self, name: str) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{LOCALHOST}:{self.port}/{name}"

    def start(self) -> None:
        self._server = _Server(self.base_path, self.cut_after_bytes)
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
        self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def git_binaries_present() -> bool:
    """Whether ``git``, ``git daemon`` and ``git http-backend`` can run here."""
    if shutil.which("git") is None:
        return False
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True, text=True, check=True)
    core = Path(exec_path.stdout.strip())
    return (core / "git-daemon").exists() and (core / "git-http-backend").exists()


# --- pytest fixtures --------------------------------------------------------------------


@pytest.fixture
def git_daemon(tmp_path: Path) -> Iterator[GitDaemon]:
    """A running ``git daemon`` whose base path is an empty directory: create repos in it."""
    base = tmp_path / "git-daemon"
    base.mkdir()
    with GitDaemon(base) as daemon:
        yield daemon


@pytest.fixture
def smart_http(tmp_path: Path) -> Iterator[SmartHTTPServer]:
    """A running smart HTTP server whose base path is an empty directory."""
    base = tmp_path / "smart-http"
    base.mkdir()
    with SmartHTTPServer(base) as server:
        yield server

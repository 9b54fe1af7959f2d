"""A local stand-in for Crossref's deposit interface that checks every request as
Crossref would.

A real HTTP server on 127.0.0.1 (a thread) taking ``POST /servlet/deposit``. Each request
must be ``multipart/form-data`` with exactly the fields ``operation`` (``doMDUpload``),
``login_id``, ``login_passwd`` and the file ``fname`` (a ``.xml`` name), the login being
the account's, and the file a Crossref 5.3.1 deposit valid against Crossref's XSD
(xmlschema, XSD 1.1). A wrong login answers 401; a bad request or an invalid file answers
200 with a ``FAILURE`` page, as Crossref's servlet does. A good request gets the next
scripted answer (`answer_next`): ``"ok"`` (the default: 200, "SUCCESS … successfully
received"), ``"500"`` or ``"reject"`` (200, ``FAILURE``).

`deposits` keeps every request as parsed; `problems` the reason of every request Crossref
would refuse, so a test can assert the node never sent one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.core.article.test_crossref import invalidities, schema

PATH = "/servlet/deposit"
SUCCESS = (
    b"<html><head><title>SUBMISSION PROCESSING</title></head><body><h2>SUCCESS</h2>"
    b"<p>Your batch submission was successfully received.</p></body></html>"
)


def failure(reason: str) -> bytes:
    return (
        "<html><head><title>SUBMISSION PROCESSING</title></head><body><h2>FAILURE</h2>"
        f"<p>{reason}</p></body></html>"
    ).encode()


@dataclass
class Deposit:
    """One request as the fake saw it."""

    method: str
    path: str
    fields: dict[str, str] = field(default_factory=dict)
    filename: str = ""
    xml: bytes = b""
    status: int = 0
    accepted: bool = False


@dataclass
class FakeCrossref:
    login_id: str
    password: str
    deposits: list[Deposit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _answers: list[str] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}{PATH}"

    def answer_next(self, *answers: str) -> None:
        """Script the answers to the next good requests: "ok", "500" or "reject"."""
        assert set(answers) <= {"ok", "500", "reject"}
        with self._lock:
            self._answers.extend(answers)

    def accepted(self) -> list[Deposit]:
        return [d for d in self.deposits if d.accepted]

    def start(self) -> FakeCrossref:
        schema()  # built once per process (seconds), before any request waits on it
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, page = fake.handle(self.path, self.headers.get("Content-Type", ""), body)
                self.send_response(status)
                self.send_header("Content-Type", "text/html;charset=UTF-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def do_GET(self) -> None:
                fake.problems.append(f"GET {self.path}: the deposit interface takes POST")
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PUT = do_GET

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def handle(self, path: str, content_type: str, body: bytes) -> tuple[int, bytes]:
        seen = Deposit("POST", path)
        with self._lock:
            self.deposits.append(seen)
        status, page = self._check(seen, content_type, body)
        seen.status = status
        return status, page

    def _refuse(self, reason: str, status: int = 200) -> tuple[int, bytes]:
        self.problems.append(reason)
        return status, failure(reason)

    def _check(self, seen: Deposit, content_type: str, body: bytes) -> tuple[int, bytes]:
        if seen.path != PATH:
            return self._refuse(f"POST {seen.path}: not the deposit path", 404)
        if not content_type.startswith("multipart/form-data"):
            return self._refuse(f"Content-Type {content_type!r} is not multipart/form-data")
        parsed = _parts(seen, content_type, body)
        if parsed:
            return self._refuse(parsed)
        names = sorted([*seen.fields, "fname"] if seen.xml else seen.fields)
        if names != ["fname", "login_id", "login_passwd", "operation"]:
            return self._refuse(f"fields {names}: want operation, login_id, login_passwd, fname")
        if seen.fields["operation"] != "doMDUpload":
            return self._refuse(f"operation {seen.fields['operation']!r} is not doMDUpload")
        if (seen.fields["login_id"], seen.fields["login_passwd"]) != (self.login_id, self.password):
            return self._refuse("wrong login", 401)
        if not seen.filename.endswith(".xml"):
            return self._refuse(f"file name {seen.filename!r} does not end in .xml")
        errors = invalidities(seen.xml)
        if errors:
            return self._refuse(f"the deposit is not valid: {errors[:3]}")
        with self._lock:
            answer = self._answers.pop(0) if self._answers else "ok"
        if answer == "500":
            return 500, b"<html><body>Internal Server Error</body></html>"
        if answer == "reject":
            return 200, failure("The batch was rejected: prefix not owned by this account")
        seen.accepted = True
        return 200, SUCCESS


def _parts(seen: Deposit, content_type: str, body: bytes) -> str:
    """Read the form's parts into `seen`; what is wrong with them ("" when nothing)."""
    message = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    if not message.is_multipart():
        return "the body is not multipart"
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(data, bytes):
            return "a part without a name or a body"
        if name == "fname":
            seen.filename = part.get_filename() or ""
            seen.xml = data
        else:
            seen.fields[name] = data.decode("utf-8")
    return ""

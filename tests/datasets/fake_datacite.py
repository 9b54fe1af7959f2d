"""A local stand-in for the DataCite REST API that checks every request as DataCite would.

A real HTTP server on 127.0.0.1 (a thread): ``POST /dois``, ``PUT /dois/{doi}`` and
``GET /dois/{doi}``. Each request must carry the account's Basic credentials; a body must
be ``application/vnd.api+json`` with the JSON:API shape ``{"data": {"type": "dois",
"attributes": {...}}}``, name a DOI under the account's prefix (the one of the path on a
PUT), an event among none/register/publish/hide, an http(s) ``url``, and ``xml`` as
base64 of kernel-4 XML valid against the DataCite 4.6 XSD whose identifier is that DOI.
Registering or publishing needs a url and metadata. States move as DataCite's do:
register draft->registered, publish draft/registered->findable, hide findable->registered
(other events on a state leave it as it is). Refusals answer a JSON:API error document.

`fail_next(n, "500" | "timeout")` makes the next n requests fail (answer 500, or answer
nothing for `stall` seconds). `requests` keeps what each request asked; `problems` the
reason of every refusal, so a test can assert the node never sent a bad request.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from sankofa.core.formats.datacite import validate

JSONAPI = "application/vnd.api+json"
KERNEL4 = "http://datacite.org/schema/kernel-4"
EVENTS = {"register", "publish", "hide"}
TRANSITIONS = {
    "register": ({"draft"}, "registered"),
    "publish": ({"draft", "registered"}, "findable"),
    "hide": ({"findable"}, "registered"),
}


@dataclass
class Seen:
    method: str
    doi: str | None
    event: str | None = None
    url: str | None = None
    xml: bytes | None = None
    status: int = 0


@dataclass
class Doi:
    doi: str
    state: str = "draft"
    url: str | None = None
    xml: bytes | None = None


class Refusal(Exception):
    def __init__(self, status: int, title: str) -> None:
        super().__init__(title)
        self.status = status
        self.title = title


@dataclass
class FakeDataCite:
    user: str
    password: str
    prefix: str
    schema: Path
    stall: float = 2.0
    dois: dict[str, Doi] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _failures: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeDataCite:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def do_PUT(self) -> None:
                fake._handle(self, "PUT")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def fail_next(self, count: int, kind: str = "500") -> None:
        with self._lock:
            self._failures += [kind] * count

    def state(self, doi: str) -> str | None:
        found = self.dois.get(doi.lower())
        return found.state if found else None

    def sent(self, method: str | None = None) -> list[Seen]:
        return [s for s in self.requests if method is None or s.method == method]

    # --- the HTTP side -------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure == "timeout":
            time.sleep(self.stall)
        if failure is not None:
            self._answer(handler, 500, {"errors": [{"status": "500", "title": "outage"}]})
            return
        seen = Seen(method, None)
        self.requests.append(seen)
        try:
            self._authorize(handler)
            status, document = self._serve(handler, method, seen)
        except Refusal as refusal:
            self.problems.append(f"{method} {handler.path}: {refusal.title}")
            status = refusal.status
            document = {"errors": [{"status": str(status), "title": refusal.title}]}
        seen.status = status
        self._answer(handler, status, document)

    def _answer(self, handler: BaseHTTPRequestHandler, status: int, document: Any) -> None:
        data = json.dumps(document).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", JSONAPI)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client gave up (a timeout test)

    def _authorize(self, handler: BaseHTTPRequestHandler) -> None:
        expected = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        if handler.headers.get("Authorization") != f"Basic {expected}":
            raise Refusal(401, "Bad credentials.")

    def _serve(
        self, handler: BaseHTTPRequestHandler, method: str, seen: Seen
    ) -> tuple[int, dict[str, Any]]:
        path = handler.path.split("?", 1)[0]
        if method == "POST":
            if path != "/dois":
                raise Refusal(404, f"no such resource {path}")
            attributes = self._attributes(handler, None)
        else:
            if not path.startswith("/dois/"):
                raise Refusal(404, f"no such resource {path}")
            doi = unquote(path[len("/dois/") :])
            if method == "GET":
                seen.doi = doi
                found = self.dois.get(doi.lower())
                if found is None:
                    raise Refusal(404, "The resource you are looking for doesn't exist.")
                return 200, self._document(found)
            attributes = self._attributes(handler, doi)
        return self._change(method, attributes, seen)

    def _attributes(self, handler: BaseHTTPRequestHandler, doi: str | None) -> dict[str, Any]:
        if handler.headers.get("Content-Type") != JSONAPI:
            raise Refusal(415, f"Content-Type {handler.headers.get('Content-Type')!r}")
        length = int(handler.headers.get("Content-Length") or 0)
        try:
            document = json.loads(handler.rfile.read(length))
        except ValueError:
            raise Refusal(400, "the body is not JSON") from None
        data = document.get("data") if isinstance(document, dict) else None
        if not isinstance(data, dict) or data.get("type") != "dois":
            raise Refusal(400, 'the body is not {"data": {"type": "dois", ...}}')
        attributes = data.get("attributes")
        if not isinstance(attributes, dict) or not isinstance(attributes.get("doi"), str):
            raise Refusal(400, "data.attributes.doi is missing")
        if doi is not None and (
            attributes["doi"].lower() != doi.lower() or data.get("id", doi).lower() != doi.lower()
        ):
            raise Refusal(422, f"the body names {attributes['doi']}, the path {doi}")
        if not attributes["doi"].lower().startswith(self.prefix.lower() + "/"):
            raise Refusal(403, f"{attributes['doi']} is not under the prefix {self.prefix}")
        unknown = set(attributes) - {"doi", "event", "url", "xml"}
        if unknown:
            raise Refusal(422, f"attributes the node should not send: {sorted(unknown)}")
        return attributes

    def _change(
        self, method: str, attributes: dict[str, Any], seen: Seen
    ) -> tuple[int, dict[str, Any]]:
        doi = attributes["doi"]
        event, url, xml = attributes.get("event"), attributes.get("url"), attributes.get("xml")
        seen.doi, seen.event, seen.url = doi, event, url
        if event is not None and event not in EVENTS:
            raise Refusal(422, f"event {event!r} is not one of {sorted(EVENTS)}")
        if url is not None and not (
            isinstance(url, str) and url.startswith(("http://", "https://"))
        ):
            raise Refusal(422, f"url {url!r} is not an http(s) URL")
        if xml is not None:
            seen.xml = self._checked_xml(xml, doi)
        existing = self.dois.get(doi.lower())
        if method == "POST" and existing is not None:
            raise Refusal(422, "This DOI has already been taken")
        current = existing or Doi(doi)
        url = url or current.url
        metadata = seen.xml or current.xml
        if event in ("register", "publish") and (url is None or metadata is None):
            raise Refusal(422, f"event {event} needs a url and metadata")
        current.url, current.xml = url, metadata
        if event is not None:
            sources, target = TRANSITIONS[event]
            if current.state in sources:
                current.state = target
        self.dois[doi.lower()] = current
        return (201 if existing is None else 200), self._document(current)

    def _checked_xml(self, value: Any, doi: str) -> bytes:
        try:
            xml = base64.b64decode(str(value).encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise Refusal(422, "xml is not base64") from None
        errors = validate.errors(xml, self.schema)
        if errors:
            raise Refusal(422, f"xml is not valid kernel 4.6: {errors[:3]}")
        root = etree.fromstring(xml)
        identifier = root.find(f"{{{KERNEL4}}}identifier")
        if identifier is None or (identifier.text or "").lower() != doi.lower():
            raise Refusal(422, f"the XML identifier is not {doi}")
        return xml

    def _document(self, found: Doi) -> dict[str, Any]:
        attributes: dict[str, Any] = {"doi": found.doi.lower(), "state": found.state}
        attributes["url"] = found.url
        if found.xml is not None:
            attributes["xml"] = base64.b64encode(found.xml).decode()
        return {"data": {"id": found.doi.lower(), "type": "dois", "attributes": attributes}}

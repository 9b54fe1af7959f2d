"""Where an object is being browsed from: origin, visit, snapshot, release, revision, path.

The directory, file and revision pages take these as query parameters (as Software
Heritage's browser does); they feed the breadcrumbs, the links between pages (which
keep them) and the fully qualified SWHID. A parameter the page does not know, or a
value that cannot be what it names, is refused (:class:`BadParams`, a 400 page).

A path is carried as bytes: in URLs each byte that is not printable ASCII is
percent-encoded (so names that are not UTF-8 survive), and on input a component may
also be written as the escaped text the API shows (``caf\\xe9.txt``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from sankofa.api.bytestrings import decode_field, unescape
from sankofa.api.params import query_bytes
from sankofa.archive import queries
from sankofa.core.actors import Actor
from sankofa.swhid.identifiers import CoreSWHID, ObjectType, QualifiedSWHID, Range, SWHIDError

CONTEXT_PARAMS = ("origin_url", "visit", "snapshot", "release", "revision", "path")
HEX40 = re.compile(r"[0-9a-f]{40}")
LINES = re.compile(r"([1-9][0-9]{0,8})(?:-([1-9][0-9]{0,8}))?")


class BadParams(ValueError):
    """A query parameter is unknown or malformed; the message says which, for people."""


@dataclass(frozen=True)
class Context:
    """The context of a page; ``path`` is relative to the root directory, without slashes
    at either end (empty for the root itself)."""

    origin_url: str | None = None
    visit: int | None = None
    snapshot: bytes | None = None
    release: bytes | None = None
    revision: bytes | None = None
    path: bytes = b""

    def params(self, path: bytes | None = None, root: bytes | None = None) -> str:
        """The query string of a page in this context (`path` replaces the current one;
        `root` is the root directory a file page needs)."""
        pairs: list[tuple[str, str]] = []
        if self.origin_url is not None:
            pairs.append(("origin_url", quote(self.origin_url, safe="/:")))
        if self.visit is not None:
            pairs.append(("visit", str(self.visit)))
        if self.snapshot is not None:
            pairs.append(("snapshot", self.snapshot.hex()))
        if self.release is not None:
            pairs.append(("release", self.release.hex()))
        if self.revision is not None:
            pairs.append(("revision", self.revision.hex()))
        if root is not None:
            pairs.append(("root", root.hex()))
        chosen = self.path if path is None else path
        if chosen:
            pairs.append(("path", quote(chosen, safe="/")))
        return "&".join(f"{k}={v}" for k, v in pairs)

    def qualified(
        self, core: CoreSWHID, root: bytes | None, path: bytes | None, lines: Range | None = None
    ) -> QualifiedSWHID:
        """`core` with the qualifiers this context gives it.

        `path` is the object's path from the root directory ``root`` (None for a
        revision: no path qualifier); the anchor is the release, else the revision,
        else the root directory.
        """
        visit = CoreSWHID(ObjectType.SNAPSHOT, self.snapshot) if self.snapshot else None
        anchor: CoreSWHID | None = None
        absolute: bytes | None = None
        if path is not None and core.object_type in (ObjectType.CONTENT, ObjectType.DIRECTORY):
            absolute = b"/" + path
            if core.object_type is ObjectType.DIRECTORY and path:
                absolute += b"/"
            if self.release is not None:
                anchor = CoreSWHID(ObjectType.RELEASE, self.release)
            elif self.revision is not None:
                anchor = CoreSWHID(ObjectType.REVISION, self.revision)
            elif root is not None and (path or core.object_id != root):
                anchor = CoreSWHID(ObjectType.DIRECTORY, root)
            if anchor is None and self.origin_url is None:
                absolute = None  # the root directory itself: nothing to qualify
        return QualifiedSWHID(
            core,
            origin=self.origin_url,
            visit=visit if self.origin_url else None,
            anchor=anchor,
            path=absolute,
            lines=lines if core.object_type is ObjectType.CONTENT else None,
        )


def hex_id(value: str, what: str) -> bytes:
    """A 40-digit lower-case hexadecimal object id."""
    if not HEX40.fullmatch(value):
        raise BadParams(
            _("%(what)s must be 40 lower-case hexadecimal digits, not %(value)r.")
            % {"what": what, "value": value[:80]}
        )
    return bytes.fromhex(value)


def parse(actor: Actor, request: HttpRequest, allowed: tuple[str, ...] = CONTEXT_PARAMS) -> Context:
    """The context a page's query string gives; unknown or malformed parameters raise."""
    query: QueryDict = request.GET
    for name in query:
        if name not in allowed:
            raise BadParams(_("This page takes no parameter named %(name)r.") % {"name": name})
        if len(query.getlist(name)) > 1:
            raise BadParams(_("The parameter %(name)r is given twice.") % {"name": name})
    origin_url = query.get("origin_url") or None
    if origin_url is not None and ("\x00" in origin_url or len(origin_url) > 4096):
        raise BadParams(_("The origin URL is not valid."))
    visit = _visit(query.get("visit"))
    if visit is not None and origin_url is None:
        raise BadParams(_("A visit number needs an origin_url."))
    snapshot = _optional_hex(query.get("snapshot"), _("A snapshot id"))
    if visit is not None and snapshot is None and origin_url is not None:
        snapshot = queries.origin_visit(actor, origin_url, visit).snapshot
    elif origin_url is not None:
        queries.origin(actor, origin_url)  # an unknown origin is a 404
    return Context(
        origin_url=origin_url,
        visit=visit,
        snapshot=snapshot,
        release=_optional_hex(query.get("release"), _("A release id")),
        revision=_optional_hex(query.get("revision"), _("The revision id")),
        path=path_bytes(request),
    )


def _visit(value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise BadParams(_("The visit must be a positive number, not %(v)r.") % {"v": value[:40]})
    return int(value)


def _optional_hex(value: str | None, what: str) -> bytes | None:
    return hex_id(value, what) if value else None


def path_bytes(request: HttpRequest) -> bytes:
    """The ``path`` parameter's exact bytes, without slashes at either end."""
    raw = query_bytes(request, "path") or b""
    if b"\x00" in raw or len(raw) > 4096:
        raise BadParams(_("The path is not valid."))
    parts = [p for p in raw.split(b"/") if p]
    if any(p in (b".", b"..") for p in parts):
        raise BadParams(_("The path may not contain '.' or '..' components."))
    return b"/".join(parts)


def spellings(path: bytes) -> list[list[bytes]]:
    """Each component of `path` as the names it may stand for (exact bytes first)."""
    result = []
    for part in path.split(b"/"):
        names = [part]
        if b"\\" in part:
            names.append(unescape(part.decode("utf-8", "surrogateescape")))
        result.append(list(dict.fromkeys(names)))
    return result


def lines_range(value: str | None) -> Range | None:
    """``lines=A`` or ``lines=A-B`` (first line is 1, A <= B)."""
    if not value:
        return None
    match = LINES.fullmatch(value)
    if match is None:
        raise BadParams(_("Lines are given as N or N-M, not %(v)r.") % {"v": value[:40]})
    first, last = int(match.group(1)), match.group(2)
    if last is not None and int(last) < first:
        raise BadParams(_("The last line comes before the first."))
    return (first, int(last) if last is not None else None)


def shown(name: bytes) -> str:
    """A name as text: itself if UTF-8, else with the other bytes written ``\\xNN``."""
    return decode_field(name)[0]


@dataclass(frozen=True)
class Crumb:
    label: str
    path: bytes  # from the root directory


def breadcrumbs(path: bytes) -> list[Crumb]:
    """The components of `path`, each with the path leading to it."""
    crumbs = []
    parts = path.split(b"/") if path else []
    for i, part in enumerate(parts):
        crumbs.append(Crumb(shown(part), b"/".join(parts[: i + 1])))
    return crumbs


__all__ = [
    "BadParams",
    "Context",
    "Crumb",
    "SWHIDError",
    "breadcrumbs",
    "hex_id",
    "lines_range",
    "parse",
    "path_bytes",
    "shown",
    "spellings",
]

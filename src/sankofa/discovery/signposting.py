"""FAIR Signposting: the typed links a landing page offers machines (signposting.org/FAIR).

Level 1 is an HTTP ``Link`` header on the landing page (RFC 8288): ``cite-as`` (the
persistent identifier's URL), ``describedby`` (each metadata export, with its media
type), ``item`` (each downloadable file, with its media type), ``author`` (ORCID iDs and
other URLs naming the creators), ``license`` (the first rights URI: the profile allows
one), ``type`` (schema.org types)
and ``linkset`` (where level 2 lives). Level 2 is the same set of links as an RFC 9264
linkset in JSON (``application/linkset+json``), plus the links back from each metadata
record (``describes``) and each file (``collection``) to the landing page.

Both are pure functions of a `Signposts` value the domain builds; nothing here knows
which records exist. Header values are written as RFC 8288 says: targets in ``<…>``
(with ``<``, ``>``, space and other octets a URI never holds raw percent-encoded),
parameters quoted with ``"`` and ``\\`` escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "LINKSET_MEDIA_TYPE",
    "SCHEMA_ORG_TYPES",
    "Signposts",
    "Target",
    "link_header",
    "link_value",
    "linkset",
]

LINKSET_MEDIA_TYPE = "application/linkset+json"
SCHEMA_ORG_TYPES = ("https://schema.org/Dataset", "https://schema.org/AboutPage")
# what a URI reference never holds raw (RFC 3986): escaped so the header stays parseable
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


@dataclass(frozen=True)
class Target:
    """One link target: an absolute URL and, when known, its media type (parameters such
    as ``; charset=utf-8`` are dropped: a link's ``type`` is a bare ``type/subtype``)."""

    href: str
    type: str | None = None

    def __post_init__(self) -> None:
        if self.type is not None:
            object.__setattr__(self, "type", self.type.split(";", 1)[0].strip() or None)


@dataclass(frozen=True)
class Signposts:
    """The signposts of one landing page (`anchor`, an absolute URL)."""

    anchor: str
    cite_as: str
    describedby: tuple[Target, ...] = ()
    items: tuple[Target, ...] = ()
    authors: tuple[str, ...] = ()
    licenses: tuple[str, ...] = ()
    types: tuple[str, ...] = SCHEMA_ORG_TYPES
    linkset: str | None = None
    extra: tuple[tuple[str, Target], ...] = field(default=())
    """Further (relation, target) pairs, such as ``collection`` for a version's concept."""

    def relations(self) -> list[tuple[str, Target]]:
        """Every link of the landing page, in the order Link headers list them."""
        links = [("cite-as", Target(self.cite_as))]
        links += [("describedby", target) for target in self.describedby]
        links += [("item", target) for target in self.items]
        links += [("author", Target(url)) for url in _unique(self.authors)]
        links += [("license", Target(url)) for url in _unique(self.licenses)[:1]]
        links += [("type", Target(url)) for url in self.types]
        links += list(self.extra)
        if self.linkset:
            links.append(("linkset", Target(self.linkset, LINKSET_MEDIA_TYPE)))
        return links


def _unique(values: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def uri(value: str) -> str:
    """`value` with every octet a URI never holds raw percent-encoded (UTF-8)."""
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), value)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def link_value(rel: str, target: Target) -> str:
    """One link of a ``Link`` header: ``<href>; rel="…"[; type="…"]``."""
    text = f"<{uri(target.href)}>; rel={_quoted(rel)}"
    if target.type:
        text += f"; type={_quoted(target.type)}"
    return text


def link_header(signposts: Signposts) -> str:
    """The value of the landing page's ``Link`` header (level 1), links comma-separated."""
    return ", ".join(link_value(rel, target) for rel, target in signposts.relations())


def _targets(targets: list[Target]) -> list[dict[str, str]]:
    out = []
    for target in targets:
        entry = {"href": uri(target.href)}
        if target.type:
            entry["type"] = target.type
        out.append(entry)
    return out


def linkset(signposts: Signposts) -> dict[str, list[dict[str, object]]]:
    """The level-2 linkset (RFC 9264 JSON): the landing page's links as one context, then
    one context per metadata record (``describes``) and per file (``collection``)."""
    grouped: dict[str, list[Target]] = {}
    for rel, target in signposts.relations():
        if rel != "linkset":
            grouped.setdefault(rel, []).append(target)
    landing: dict[str, object] = {"anchor": uri(signposts.anchor)}
    landing.update({rel: _targets(targets) for rel, targets in grouped.items()})
    contexts: list[dict[str, object]] = [landing]
    back = [Target(signposts.anchor, "text/html")]
    for target in signposts.describedby:
        contexts.append({"anchor": uri(target.href), "describes": _targets(back)})
    for target in signposts.items:
        contexts.append({"anchor": uri(target.href), "collection": _targets(back)})
    return {"linkset": contexts}

"""DataCite REST API documents (JSON:API): the body of ``POST /dois`` and ``PUT /dois/{doi}``.

A request body is ``{"data": {"type": "dois", "attributes": {...}}}`` (``"id"`` is the
DOI on a PUT) sent as ``application/vnd.api+json``. Its attributes:

* ``doi``: the DOI name (``10.5072/abcd-efgh``);
* ``event``: absent (a draft stays a draft), ``"register"`` (draft -> registered: the DOI
  resolves but is not in DataCite's search), ``"publish"`` (-> findable) or ``"hide"``
  (findable -> registered; findable DOIs are never deleted);
* ``url``: the landing page the DOI resolves to (required to register or publish);
* ``xml``: the kernel-4 XML of the metadata, base64-encoded (standard alphabet, padded).

DataCite validates the XML against the kernel its ``xsi:schemaLocation`` names; the node
sends kernel 4.6 (`kernel46`): what kernel 4.7 added is written with the nearest 4.6
terms or left out, as `sankofa.core.formats.datacite.kernel46` says.
"""

from __future__ import annotations

import base64
from typing import Any, Final, Literal

from sankofa.core.formats.datacite import xml46
from sankofa.core.formats.datacite.kernel46 import to_kernel46
from sankofa.core.formats.datacite.model import Resource

__all__ = ["CONTENT_TYPE", "EVENTS", "Event", "body", "decode_xml", "kernel46", "state_of"]

CONTENT_TYPE: Final = "application/vnd.api+json"
Event = Literal["register", "publish", "hide"]
EVENTS: Final = frozenset({"register", "publish", "hide"})


def body(
    doi: str,
    *,
    event: Event | None = None,
    url: str | None = None,
    xml: bytes | None = None,
    with_id: bool = False,
) -> dict[str, Any]:
    """The JSON:API document for `doi`; `with_id` adds ``data.id`` (for a PUT)."""
    if event is not None and event not in EVENTS:
        raise ValueError(f"DataCite event {event!r}: use one of {', '.join(sorted(EVENTS))}")
    if event in ("register", "publish") and not url:
        raise ValueError(f"DataCite event {event!r} needs the url the DOI resolves to")
    attributes: dict[str, Any] = {"doi": doi}
    if event is not None:
        attributes["event"] = event
    if url is not None:
        attributes["url"] = url
    if xml is not None:
        attributes["xml"] = base64.b64encode(xml).decode("ascii")
    data: dict[str, Any] = {"type": "dois", "attributes": attributes}
    if with_id:
        data["id"] = doi
    return {"data": data}


def decode_xml(value: str) -> bytes:
    """The XML bytes of a base64 ``xml`` attribute (ValueError if it is not base64)."""
    return base64.b64decode(value.encode("ascii"), validate=True)


def state_of(document: Any) -> str | None:
    """``data.attributes.state`` of a DataCite answer (draft, registered, findable)."""
    try:
        state = document["data"]["attributes"]["state"]
    except (KeyError, TypeError):
        return None
    return state if isinstance(state, str) else None


def kernel46(resource: Resource, swhid_resolver: str) -> bytes:
    """Kernel-4.6 XML of `resource`, 4.7-only terms replaced (see the module docstring).

    `swhid_resolver` is the URL a SWHID is appended to (``https://node.example/``).
    """
    return xml46.write(to_kernel46(resource, swhid_resolver))

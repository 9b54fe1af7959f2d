"""The sources the OAI-PMH provider serves, and the identifiers of their records.

Domains register their source once, from their ``AppConfig.ready``::

    from sankofa.discovery.oai import registry
    registry.register(DatasetSource())

Identifiers are ``oai:<repository id>:<source name>/<local id>``; the repository id is
``SANKOFA_OAI_REPOSITORY_ID`` (default: the host of ``SANKOFA_BASE_URL``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings

from sankofa.discovery.oai.source import OaiSource

_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_sources: dict[str, OaiSource] = {}


def register(source: OaiSource) -> None:
    """Serve `source`; its name must be new (a second registration is a programming error)."""
    if not _NAME.match(source.name):
        raise ValueError(f"an OAI source name is [a-z][a-z0-9-]*, not {source.name!r}")
    if source.name in _sources:
        raise ValueError(f"an OAI source named {source.name!r} is already registered")
    _sources[source.name] = source


def unregister(name: str) -> None:
    """Stop serving the source called `name` (no-op when there is none)."""
    _sources.pop(name, None)


def sources() -> list[OaiSource]:
    """The registered sources, in the order lists run through them (by name)."""
    return [_sources[name] for name in sorted(_sources)]


def repository_id() -> str:
    configured: str = getattr(settings, "SANKOFA_OAI_REPOSITORY_ID", "") or ""
    if configured:
        return configured
    return urlsplit(settings.SANKOFA_BASE_URL).hostname or "localhost"


def identifier(source: OaiSource, local_id: str) -> str:
    return f"oai:{repository_id()}:{source.name}/{local_id}"


def resolve(oai_identifier: str) -> tuple[OaiSource, str] | None:
    """The source and local id an identifier names, or None when it names nothing here."""
    prefix = f"oai:{repository_id()}:"
    if not oai_identifier.startswith(prefix):
        return None
    name, slash, local_id = oai_identifier[len(prefix) :].partition("/")
    source = _sources.get(name)
    if source is None or not slash or not local_id:
        return None
    return source, local_id

"""RO-Crate 1.1 metadata (``ro-crate-metadata.json``) of a DataCite resource and its files.

A flat JSON-LD ``@graph`` with the context ``https://w3id.org/ro/crate/1.1/context``:

- the metadata descriptor ``ro-crate-metadata.json`` (``CreativeWork``, ``conformsTo`` the
  RO-Crate 1.1 profile, ``about`` the root);
- the root data entity ``./`` (``Dataset``): ``name`` (the main title), ``description``
  (the abstract, else the title), ``datePublished`` (the ``Issued`` date, else the year),
  ``identifier`` and ``cite-as`` (the persistent URL), ``url`` (the landing page),
  ``version``, ``keywords``, ``inLanguage``, ``license`` (the first rights URI, else the
  SPDX page, else the rights text as a ``CreativeWork``), ``author`` and ``publisher``
  (references), ``hasPart`` (each file);
- one ``File`` per file, its ``@id`` the file name percent-encoded as a relative URI, with
  ``name``, ``contentSize`` (bytes, as text), ``encodingFormat``, ``sha256`` and ``url``;
- one ``Person`` or ``Organization`` per creator and the publisher, identified by their
  ORCID/ROR URL when the metadata has one, else by ``#creator-<n>`` / ``#publisher``.

Entities appear in that order; the same inputs always give the same bytes.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from sankofa.core.formats import record
from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.record import Landing

METADATA_FILE = "ro-crate-metadata.json"
CONTEXT = "https://w3id.org/ro/crate/1.1/context"
PROFILE = "https://w3id.org/ro/crate/1.1"

Json = dict[str, Any]


def file_id(name: str) -> str:
    """A file's ``@id``: its name as a relative URI reference (``rain 1%.csv`` ->
    ``rain%201%25.csv``)."""
    return quote(name, safe="")


def metadata(resource: Resource, landing: Landing) -> Json:
    """The RO-Crate metadata document of `resource` with the files of `landing`."""
    agents, author_refs = _authors(resource)
    publisher = _publisher(resource)
    licence = _licence(resource)
    abstract = record.abstract(resource)
    pid = record.pid_url(resource, landing) or landing.landing_url
    root: Json = {
        "@id": "./",
        "@type": "Dataset",
        "name": record.main_title(resource).value.strip(),
        "description": (abstract.text.strip() if abstract else "")
        or record.main_title(resource).value.strip(),
        "datePublished": record.issued(resource),
        "identifier": pid,
        "cite-as": pid,
        "url": landing.landing_url,
        "version": (resource.version or "").strip(),
        "keywords": ", ".join(record.keywords(resource)),
        "inLanguage": (resource.language or "").strip(),
        "license": {"@id": licence["@id"]} if licence else None,
        "author": author_refs,
        "publisher": {"@id": publisher["@id"]},
        "hasPart": [{"@id": file_id(f.name)} for f in landing.files],
    }
    files = [
        {
            "@id": file_id(f.name),
            "@type": "File",
            "name": f.name,
            "contentSize": str(f.size),
            "encodingFormat": f.media_type,
            "sha256": f.sha256,
            "url": f.download_url,
        }
        for f in landing.files
    ]
    descriptor = {
        "@id": METADATA_FILE,
        "@type": "CreativeWork",
        "conformsTo": {"@id": PROFILE},
        "about": {"@id": "./"},
    }
    graph = [descriptor, _compact(root), *files, *agents, publisher]
    if licence:
        graph.append(licence)
    return {"@context": CONTEXT, "@graph": _unique(graph)}


def document(resource: Resource, landing: Landing) -> str:
    """The metadata as UTF-8 JSON text, indented, ending with a newline."""
    return json.dumps(metadata(resource, landing), ensure_ascii=False, indent=2) + "\n"


def _compact(found: Json) -> Json:
    return {k: v for k, v in found.items() if v not in (None, "", [], {})}


def _unique(entities: list[Json]) -> list[Json]:
    seen: set[str] = set()
    out = []
    for entity in entities:
        if entity["@id"] not in seen:
            seen.add(entity["@id"])
            out.append(entity)
    return out


def _authors(resource: Resource) -> tuple[list[Json], list[Json]]:
    agents = []
    for n, creator in enumerate(resource.creators, 1):
        url = next(
            (
                u
                for u in (
                    record.identifier_url(i.value, i.scheme, i.scheme_uri)
                    for i in creator.name_identifiers
                )
                if u
            ),
            None,
        )
        agents.append(_agent(creator, url or f"#creator-{n}"))
    return agents, [{"@id": a["@id"]} for a in agents]


def _agent(person: m.Creator, ident: str) -> Json:
    if record.is_organization(person):
        return {"@id": ident, "@type": "Organization", "name": person.name.strip()}
    name = record.split_name(person)
    return _compact(
        {
            "@id": ident,
            "@type": "Person",
            "name": person.name.strip(),
            "givenName": name.given,
            "familyName": name.family,
        }
    )


def _publisher(resource: Resource) -> Json:
    pub = resource.publisher
    url = record.identifier_url(pub.identifier or "", pub.identifier_scheme, pub.scheme_uri)
    return {"@id": url or "#publisher", "@type": "Organization", "name": pub.name.strip()}


def _licence(resource: Resource) -> Json | None:
    for n, rights in enumerate(resource.rights_list, 1):
        url = (rights.uri or "").strip()
        spdx = (rights.identifier_scheme or "").upper() == "SPDX" and rights.identifier
        if not record.is_url(url) and spdx:
            url = f"https://spdx.org/licenses/{(rights.identifier or '').strip()}"
        if record.is_url(url) or rights.value.strip():
            ident = url if record.is_url(url) else f"#licence-{n}"
            return _compact(
                {"@id": ident, "@type": "CreativeWork", "name": rights.value.strip() or url}
            )
    return None

"""CSL-JSON (Citation Style Language data, schema 1.0.2): one item of type ``dataset``.

The document is a JSON array holding one item::

    [{"id": "10.82433/B09Z-4K37", "type": "dataset", "title": "Example Title",
      "author": [{"family": "ExampleFamilyName", "given": "ExampleGivenName"},
                 {"literal": "ExampleOrganization"}],
      "issued": {"date-parts": [[2024]]}, "publisher": "Example Publisher",
      "DOI": "10.82433/B09Z-4K37", "URL": "https://…", "version": "1",
      "abstract": "…", "keyword": "a, b", "language": "en"}]

``id`` is the BibLaTeX key (`bibtex_data.key`); ``issued`` the Issued date's parts, else
the publication year; ``URL`` the landing page, else the persistent URL; ``abstract`` the
abstract with breaks as newlines. Empty fields are left out; text is UTF-8, not escaped.
"""

from __future__ import annotations

import json
from typing import Any

from sankofa.core.formats import record
from sankofa.core.formats.bibtex_data import key
from sankofa.core.formats.datacite.model import Creator, Resource
from sankofa.core.formats.record import Landing

CONTENT_TYPE = "application/vnd.citationstyles.csl+json"


def name(creator: Creator) -> dict[str, str]:
    """``family``/``given`` for a person, ``literal`` for an organisation."""
    found = record.split_name(creator)
    if found.literal:
        return {"literal": found.literal}
    return {k: v for k, v in (("family", found.family), ("given", found.given)) if v}


def item(resource: Resource, landing: Landing | None = None) -> dict[str, Any]:
    """The CSL-JSON item of `resource`."""
    abstract = record.abstract(resource)
    fields: dict[str, Any] = {
        "id": key(resource),
        "type": "dataset",
        "title": record.main_title(resource).value.strip(),
        "author": [n for n in (name(c) for c in resource.creators) if any(n.values())],
        "issued": {"date-parts": [record.date_parts(record.issued(resource))]},
        "publisher": resource.publisher.name.strip(),
        "DOI": record.doi(resource),
        "URL": landing.landing_url if landing else record.pid_url(resource),
        "version": (resource.version or "").strip(),
        "abstract": abstract.text.strip() if abstract else "",
        "keyword": ", ".join(record.keywords(resource)),
        "language": (resource.language or "").strip(),
    }
    return {k: v for k, v in fields.items() if v}


def document(resource: Resource, landing: Landing | None = None) -> str:
    """The CSL-JSON document (an array of one item), as UTF-8 text ending with a newline."""
    return json.dumps([item(resource, landing)], ensure_ascii=False, indent=2) + "\n"

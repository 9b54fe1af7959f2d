"""CSL-JSON (Citation Style Language data, schema 1.0.2): one item of type ``software``.

The document is a JSON array holding one item::

    [{"id": "swh-rel-<hex>", "type": "software", "title": "...",
      "author": [{"family": "Boettiger", "given": "Carl"}, {"literal": "Software Heritage"}],
      "version": "3.1", "issued": {"date-parts": [[2023, 7, 23]]},
      "URL": "https://...", "abstract": "...", "keyword": "metadata, software",
      "license": "Apache-2.0",
      "note": "SWHID: swh:1:rel:<hex>;origin=...",
      "custom": {"swhid": "swh:1:rel:<hex>;origin=...", "repository": "https://..."}}]

``id`` is the citation's stable key (the same as the BibLaTeX entry key). ``URL`` is the
home page, or else the repository. The SWHID is in ``note`` (read by every CSL
processor) and in ``custom.swhid`` (for programs). Empty fields are left out; text
is written as UTF-8, not escaped.
"""

from __future__ import annotations

import json
from typing import Any

from sankofa.core.formats.citation import Author, Citation

CONTENT_TYPE = "application/vnd.citationstyles.csl+json"


def name(author: Author) -> dict[str, str]:
    if author.is_literal:
        return {"literal": author.display}
    found = {"family": author.family, "given": author.given}
    return {k: v for k, v in found.items() if v}


def item(citation: Citation) -> dict[str, Any]:
    """The CSL-JSON item of `citation`."""
    day = citation.date_released
    fields: dict[str, Any] = {
        "id": citation.key,
        "type": "software",
        "title": citation.title,
        "author": [name(a) for a in citation.authors],
        "version": citation.version,
        "issued": {"date-parts": [[day.year, day.month, day.day]]} if day else None,
        "URL": citation.url or citation.repository,
        "abstract": citation.description,
        "keyword": ", ".join(citation.keywords),
        "license": " AND ".join(citation.licenses),
        "note": f"SWHID: {citation.swhid}" if citation.swhid else "",
    }
    custom = {"swhid": citation.swhid, "repository": citation.repository}
    fields["custom"] = {k: v for k, v in custom.items() if v}
    return {k: v for k, v in fields.items() if v}


def document(citation: Citation) -> str:
    """The CSL-JSON document (an array of one item), as UTF-8 text ending with a newline."""
    return json.dumps([item(citation)], ensure_ascii=False, indent=2) + "\n"

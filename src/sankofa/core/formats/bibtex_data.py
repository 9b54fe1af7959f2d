"""BibLaTeX ``@dataset`` entry of a DataCite resource.

Fields in a fixed order, one per line, two-space indent, braced values, a trailing comma
after each field (as `biblatex` writes software entries, whose escaping is reused)::

    @dataset{10.82433/B09Z-4K37,
      author = {ExampleFamilyName, ExampleGivenName and {ExampleOrganization}},
      title = {Example Title},
      date = {2024},
      publisher = {Example Publisher},
      version = {1},
      doi = {10.82433/B09Z-4K37},
      url = {https://doi.org/10.82433/B09Z-4K37},
      langid = {en},
      keywords = {FOS: Computer and information sciences, Example Subject},
      abstract = {...},
    }

The key is the DOI (else the identifier) with every character outside
``A-Za-z0-9 . / : _ -`` replaced by ``_``. ``date`` is the Issued date (``YYYY[-MM[-DD]]``)
or the publication year; ``url`` the landing page, else the persistent URL. Text fields
are LaTeX-escaped; ``doi`` and ``url`` are verbatim. Authors are ``Family, Given``; an
organisation (or a name that cannot be split) is braced so it is never split.
"""

from __future__ import annotations

import re

from sankofa.core.formats import record
from sankofa.core.formats.biblatex import author_name, escape, verbatim
from sankofa.core.formats.citation import Author
from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.record import Landing

CONTENT_TYPE = "application/x-bibtex; charset=utf-8"
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9./:_-]")


def key(resource: Resource) -> str:
    """The entry key: the DOI (else the identifier) with unsafe characters made ``_``."""
    found = _KEY_UNSAFE.sub("_", record.doi(resource) or resource.identifier.value.strip())
    return found or "dataset"


def authors(resource: Resource) -> str:
    found = []
    for creator in resource.creators:
        name = record.split_name(creator)
        author = Author(name=name.literal, given=name.given, family=name.family)
        if author.display:
            found.append(author_name(author))
    return " and ".join(found)


def entry(resource: Resource, landing: Landing | None = None) -> str:
    """The BibLaTeX entry of `resource`, ending with a newline."""
    abstract = record.abstract(resource)
    url = landing.landing_url if landing else record.pid_url(resource)
    fields: list[tuple[str, str]] = [
        ("author", authors(resource)),
        ("title", escape(record.main_title(resource).value)),
        ("date", record.issued(resource)),
        ("publisher", escape(resource.publisher.name)),
        ("version", escape(resource.version or "")),
        ("doi", verbatim(record.doi(resource) or "")),
        ("url", verbatim(url or "")),
        ("langid", escape(resource.language or "")),
        ("keywords", ", ".join(escape(k) for k in record.keywords(resource))),
        ("abstract", escape(abstract.text) if abstract else ""),
    ]
    lines = [f"@dataset{{{key(resource)},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields if value]
    return "\n".join(lines) + "\n}\n"

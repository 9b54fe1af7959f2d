"""The search index of datasets: what of a record is found, and how it is kept current.

One document per record: its latest shown version, when that version is published
(drafts, versions in review and withdrawn versions are never found; a record whose
versions are all withdrawn has none). The document's key is the record's id, its `ref`
the version's id. `sankofa.datasets.events` calls `index_version` when a version is
published or its embargo lifted and `remove` when one is withdrawn, inside the same
transaction, so the index never disagrees with the records.

Found by words: every title (each in its language), the creators' names, the
descriptions and the subjects. Facets (the query parameter names of the search page
and API): `type` (resourceTypeGeneral), `year` (publication year), `licence` (rights
identifier, e.g. cc-by-4.0), `subject`, `language`, `community` (slug), `access`
(open, embargoed, restricted, metadata_only; an embargo past its date counts as open).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sankofa.core.actors import Actor
from sankofa.core.formats.datacite import Resource
from sankofa.datasets.models import Community, Record, Version
from sankofa.discovery import search

__all__ = [
    "FACETS",
    "INDEX",
    "Found",
    "Match",
    "community_titles",
    "document",
    "index_version",
    "reindex_all",
    "remove",
    "search_datasets",
]

INDEX = "datasets_search"
FACETS = ("type", "year", "licence", "subject", "language", "community", "access")
MAX_FACET_VALUE = 200  # characters of a subject kept as a facet value
BATCH = 500
SUMMARY = 300  # characters of a description shown with a hit


def engine() -> search.Engine:
    return search.engine(INDEX)


def _effective_access(version: Version, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if version.access == Version.Access.EMBARGOED and (
        version.embargo_until is not None and version.embargo_until <= today
    ):
        return str(Version.Access.OPEN)
    return str(version.access)


def document(version: Version, resource: Resource | None = None) -> search.Document:
    """The search document of a published `version` (of its record)."""
    resource = resource or version.resource()
    if resource is None:
        raise ValueError(f"version {version.pk} has no metadata to index")
    default_lang = resource.language
    texts = [search.Text(t.value, "title", t.lang or default_lang) for t in resource.titles]
    texts += [search.Text(c.name, "creators") for c in resource.creators]
    texts += [
        search.Text(d.text, "description", d.lang or default_lang) for d in resource.descriptions
    ]
    texts += [search.Text(s.value, "subjects", s.lang or default_lang) for s in resource.subjects]
    return search.Document(
        key=version.record_id,
        ref=version.pk,
        sort_date=version.published_at or version.created,
        texts=tuple(texts),
        facets=tuple(_facets(version, resource)),
    )


def _facets(version: Version, resource: Resource) -> Iterator[tuple[str, str]]:
    yield "type", resource.resource_type.general.value
    yield "year", str(resource.publication_year)
    yield "access", _effective_access(version)
    for rights in resource.rights_list:
        if rights.identifier:
            yield "licence", rights.identifier.lower()
    for subject in resource.subjects:
        if value := subject.value.strip()[:MAX_FACET_VALUE]:
            yield "subject", value
    if resource.language:
        yield "language", resource.language.lower()
    community = version.record.community
    if community is not None:
        yield "community", community.slug


def _shown(record: Record) -> Version | None:
    """The version of `record` search finds: its latest, if published."""
    latest = record.latest
    if latest is not None and latest.state == Version.State.PUBLISHED:
        return latest
    return None


def index_version(version: Version) -> None:
    """Bring the record of `version` up to date in the index (its latest published
    version found, or nothing when it has none)."""
    record = Record.objects.select_related("community", "latest").get(pk=version.record_id)
    shown = _shown(record)
    if shown is None:
        engine().remove([record.pk])
        return
    shown.record = record
    engine().add([document(shown)])


def remove(version: Version) -> None:
    """`version` is no longer to be found (withdrawn): its record is found by its latest
    published version left, if any."""
    index_version(version)


def reindex_all() -> int:
    """Rebuild the whole index from the records (in one transaction: searches see the
    old index until it commits); the number of records indexed."""
    with transaction.atomic():
        return _rebuild()


def _rebuild() -> int:
    index = engine()
    index.clear()
    records = (
        Record.objects.filter(latest__state=Version.State.PUBLISHED)
        .select_related("community", "latest")
        .order_by("pk")
    )
    count = 0
    batch: list[search.Document] = []
    for record in records.iterator(chunk_size=BATCH):
        shown = _shown(record)
        if shown is None:
            continue
        shown.record = record
        batch.append(document(shown))
        if len(batch) == BATCH:
            index.add(batch)
            count += len(batch)
            batch = []
    index.add(batch)
    return count + len(batch)


@dataclass(frozen=True)
class Match:
    """One record found: the version shown and its metadata."""

    version: Version
    resource: Resource
    score: float

    def title(self, language: str | None = None) -> str:
        """The title in `language` if there is one, else the main title."""
        titles = self.resource.titles
        for title in titles:
            if language and (title.lang or "").split("-")[0].lower() == language:
                return title.value
        return next((t.value for t in titles if t.title_type is None), titles[0].value)

    @property
    def creators(self) -> list[str]:
        return [c.name for c in self.resource.creators]

    @property
    def summary(self) -> str:
        """The start of the first description (at most SUMMARY characters)."""
        if not self.resource.descriptions:
            return ""
        text = " ".join(self.resource.descriptions[0].text.split())
        return text if len(text) <= SUMMARY else text[: SUMMARY - 1].rstrip() + "…"


@dataclass(frozen=True)
class Found:
    matches: tuple[Match, ...]
    total: int
    facets: Mapping[str, tuple[search.FacetCount, ...]]
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def search_datasets(
    actor: Actor,
    text: str,
    filters: Mapping[str, Sequence[str]] | None = None,
    *,
    page: int = 1,
    size: int = 20,
    language: str | None = None,
) -> Found:
    """Published datasets matching `text` (the syntax of `sankofa.discovery.search.query`)
    and `filters` (facet -> accepted values; unknown facets are refused), with the facet
    counts. Anyone may search: only published metadata is found."""
    unknown = set(filters or {}) - set(FACETS)
    if unknown:
        raise search.SearchError(f"unknown facet {sorted(unknown)[0]!r}: one of {FACETS}")
    query = search.Query(
        text=text,
        filters={k: frozenset(v) for k, v in (filters or {}).items() if v},
        language=language,
        page=page,
        size=size,
        facets=FACETS,
    )
    results = engine().search(query)
    versions = Version.objects.select_related("record__community").in_bulk(
        [h.ref for h in results.hits]
    )
    matches = []
    for hit in results.hits:
        version = versions.get(hit.ref)
        resource = version.resource() if version is not None else None
        if version is not None and resource is not None:
            matches.append(Match(version, resource, hit.score))
    return Found(tuple(matches), results.total, results.facets, page, size)


def community_titles(slugs: Sequence[str]) -> dict[str, str]:
    """slug -> title of the communities named (to label the community facet)."""
    return dict(Community.objects.filter(slug__in=list(slugs)).values_list("slug", "title"))

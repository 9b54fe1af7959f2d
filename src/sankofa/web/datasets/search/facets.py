"""Facets as the search page shows them: a heading and values with readable labels."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from sankofa.datasets import search_index
from sankofa.discovery.search import FacetCount

HEADINGS: dict[str, Promise] = {
    "type": _("Resource type"),
    "year": _("Year"),
    "licence": _("Licence"),
    "subject": _("Subject"),
    "language": _("Language"),
    "community": _("Community"),
    "access": _("Access"),
}
ACCESS = {
    "open": _("Open"),
    "embargoed": _("Embargoed"),
    "restricted": _("Restricted"),
    "metadata_only": _("Metadata only"),
}


@dataclass(frozen=True)
class Value:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    heading: str
    values: tuple[Value, ...]


def _label(name: str, value: str, communities: dict[str, str]) -> str:
    if name == "access":
        return str(ACCESS.get(value, value))
    if name == "community":
        return communities.get(value, value)
    if name == "language":
        try:
            return str(get_language_info(value)["name_local"])
        except KeyError:
            return value
    return value


def facet_lists(found: search_index.Found) -> list[Facet]:
    """The facets of `found` that have values, in the order of FACETS."""
    counts: dict[str, tuple[FacetCount, ...]] = dict(found.facets)
    slugs = [c.value for c in counts.get("community", ())]
    communities = search_index.community_titles(slugs)
    return [
        Facet(
            name,
            str(HEADINGS[name]),
            tuple(
                Value(c.value, _label(name, c.value, communities), c.count, c.selected)
                for c in values
            ),
        )
        for name, values in counts.items()
        if values
    ]

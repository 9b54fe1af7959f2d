"""Formatted citations of a dataset version, rendered by citeproc-py with the official CSL
styles shipped in ``csl/`` (APA 7th, Cite Them Right Harvard, MLA 9th, Chicago 18th
author-date, IEEE; see ``csl/README.md`` for their licence).

The item is the version's CSL-JSON (`core.formats.csl_data`) with ``URL`` set to what to
cite (`links.pid_url`: the DOI when registered, else the ARK) and ``DOI`` kept only when the
DOI is registered, so that no style prints a DOI that does not resolve.

Rendering is `sankofa.core.formats.csl_styles.format_item` (shared with journal articles),
which applies two CSL rules citeproc-py does not: a ``<name initialize="false">`` keeps
given names whole (MLA, Chicago), and with the en-US locale a period or comma after a
closing quotation mark moves inside it (``“Title.”``); IEEE's reference number (``[1]``) is
left out: a citation of one record is not an entry of a numbered list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from sankofa.core.formats import csl_data, csl_styles
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.record import Landing
from sankofa.datasets import links
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import Version

__all__ = ["format_citation", "format_citation_html", "render", "styles"]

CSL = Path(__file__).parent / "csl"

# key -> (label, style file, locale)
_STYLES: dict[str, tuple[Any, str, str]] = {
    "apa": (_("APA (7th edition)"), "apa", "en-US"),
    "harvard": (_("Harvard (Cite Them Right)"), "harvard-cite-them-right", "en-GB"),
    "mla": (_("MLA (9th edition)"), "modern-language-association", "en-US"),
    "chicago": (_("Chicago (author-date)"), "chicago-author-date", "en-US"),
    "ieee": (_("IEEE"), "ieee", "en-US"),
}


def styles() -> list[tuple[str, str]]:
    """The citation styles: (key, label), in the order pages list them."""
    return [(key, str(label)) for key, (label, _file, _locale) in _STYLES.items()]


def format_citation(version: Version, style: str) -> str:
    """The citation of `version` in `style` (a key of `styles`), as plain text."""
    return render(*_inputs(version), style, html_output=False)


def format_citation_html(version: Version, style: str) -> str:
    """The citation as HTML, safe to put in a page: the metadata's text is escaped and
    the markup is limited to ``<i>``, ``<b>``, ``<sup>``, ``<sub>`` and ``<span>``."""
    return render(*_inputs(version), style, html_output=True)


def _inputs(version: Version) -> tuple[Resource, Landing]:
    resource = version.resource()
    if resource is None:
        raise NotFound(f"version {version.number} has no metadata yet: nothing to cite")
    return resource, links.landing(version, with_files=False)


def render(resource: Resource, landing: Landing, style: str, *, html_output: bool) -> str:
    """The citation of `resource` at `landing` in `style` (plain text or HTML)."""
    try:
        _label, name, locale = _STYLES[style]
    except KeyError:
        raise NotFound(f"no citation style {style!r}: one of {', '.join(_STYLES)}") from None
    item = _item(resource, landing)
    return csl_styles.format_item(item, CSL / f"{name}.csl", locale, html_output=html_output)


def _item(resource: Resource, landing: Landing) -> dict[str, Any]:
    item = csl_data.item(resource, landing)
    pid = landing.pid_url or landing.landing_url
    item["URL"] = pid
    if not pid.startswith("https://doi.org/"):
        item.pop("DOI", None)
    item["id"] = "item"
    item.pop("abstract", None)
    item.pop("keyword", None)
    return item

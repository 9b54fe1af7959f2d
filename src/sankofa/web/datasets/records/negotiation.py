"""Content negotiation at a record's language-neutral addresses and at its ARK.

A client names what it wants in ``Accept`` (RFC 9110, 12.5.1): media ranges with
optional ``q`` weights. The best-weighted range that names an export marked
`negotiable` wins (`exports.by_media_type`), or the linkset; ``text/html``,
``application/xhtml+xml``, ``text/*`` and ``*/*`` mean the page; among equal weights the
first listed wins. No ``Accept``, or none of the ranges known, also means the page:
a person following a link never gets an error for their browser's header.
"""

from __future__ import annotations

from dataclasses import dataclass

from sankofa.datasets import exports
from sankofa.discovery.signposting import LINKSET_MEDIA_TYPE

__all__ = ["Choice", "choose", "media_ranges"]

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/*", "*/*"})


@dataclass(frozen=True)
class Choice:
    """What to answer: the page (`fmt` and `linkset` unset), an export, or the linkset."""

    fmt: exports.Format | None = None
    linkset: bool = False

    @property
    def page(self) -> bool:
        return self.fmt is None and not self.linkset


def media_ranges(accept: str) -> list[str]:
    """The media ranges of an ``Accept`` value, best weight first (stable), q=0 dropped."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = 0.0
        if weight > 0:
            weighted.append((-weight, position, media.lower()))
    return [media for _, _, media in sorted(weighted)]


def choose(accept: str | None) -> Choice:
    """What an ``Accept`` header asks of a record's address."""
    for media in media_ranges(accept or ""):
        if media in PAGE_TYPES:
            return Choice()
        if media == LINKSET_MEDIA_TYPE:
            return Choice(linkset=True)
        fmt = exports.by_media_type(media)
        if fmt is not None:
            return Choice(fmt=fmt)
    return Choice()

"""The value a software citation is made from, whatever format renders it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Author:
    """A person (``given``/``family``) or an organisation or other literal ``name``.

    ``orcid`` is the bare identifier (``0000-0002-1825-0097``), without the URL.
    """

    given: str = ""
    family: str = ""
    name: str = ""
    orcid: str = ""
    affiliation: str = ""

    @property
    def is_literal(self) -> bool:
        """Whether this author is known only by a single name (an organisation, a team)."""
        return not self.family

    @property
    def display(self) -> str:
        """The name as it is read: "Given Family", or the literal name."""
        if self.is_literal:
            return self.name or self.given
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class Citation:
    """What to cite: software, a version of it, or a part of a version.

    ``swhid`` is the (possibly qualified) SWHID of what is cited; ``repository`` the
    origin URL it was archived from; ``url`` a home page. ``licenses`` are SPDX ids.
    """

    title: str
    authors: tuple[Author, ...] = ()
    version: str = ""
    date_released: date | None = None
    repository: str = ""
    swhid: str = ""
    licenses: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    description: str = ""
    url: str = ""

    @property
    def is_version(self) -> bool:
        """Whether a precise version, or part of one, is cited (a revision, release,
        directory or content), rather than the software as a whole (a snapshot, or no
        SWHID)."""
        kind = self.swhid[6:9] if self.swhid.startswith("swh:1:") else ""
        return kind in ("rev", "rel", "dir", "cnt")

    @property
    def key(self) -> str:
        """A stable entry key: from the SWHID's core when there is one, else the URL."""
        core = self.swhid.split(";", 1)[0]
        if core.startswith("swh:1:") and len(core) > 10:
            return f"swh-{core[6:9]}-{core[10:]}"
        digest = hashlib.sha1((self.repository or self.url or self.title).encode()).hexdigest()
        return f"software-{digest[:12]}"

"""A journal article's metadata as pure values, read from and written to the formats
journals exchange (JATS, Crossref deposit XML, DOAJ article XML, OJS native XML).

`model` holds the values; each format has its own module beside it. Nothing here
imports Django.
"""

from sankofa.core.formats.article.model import Article

__all__ = ["Article"]

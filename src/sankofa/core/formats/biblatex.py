"""BibLaTeX entries in the style of the biblatex-software package.

One entry, fields in a fixed order, one per line, two-space indent, every value in
braces, a trailing comma after each field::

    @softwareversion{swh-rel-<hex>,
      author = {Boettiger, Carl and {Software Heritage}},
      title = {CodeMeta},
      version = {3.1},
      date = {2023-07-23},
      license = {Apache-2.0},
      keywords = {metadata, software},
      abstract = {...},
      repository = {https://github.com/codemeta/codemeta},
      url = {https://codemeta.github.io},
      swhid = {swh:1:rel:<hex>;origin=...},
    }

The entry type is ``@softwareversion`` when a version, revision, release, directory or
file is cited, ``@software`` for software as a whole. Text fields have the LaTeX
specials escaped (``\\ { } $ & # ^ _ % ~``) and whitespace collapsed; letters beyond
ASCII are kept as UTF-8 (biber and modern LaTeX read it). URL-like fields
(``repository``, ``url``, ``swhid``) are verbatim in biblatex: they are written as
they are, with braces and whitespace percent-encoded so the entry stays balanced.
Authors are ``Family, Given``; an organisation or other literal name is braced so
that it is never split into given and family names.
"""

from __future__ import annotations

import re

from sankofa.core.formats.citation import Author, Citation

CONTENT_TYPE = "text/x-bibtex; charset=utf-8"

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
}
_SPECIAL_RE = re.compile("[" + re.escape("".join(_SPECIALS)) + "]")
_AND_RE = re.compile(r"\band\b", re.IGNORECASE)
_VERBATIM_UNSAFE = {"{": "%7B", "}": "%7D", " ": "%20", "\t": "%09", "\n": "%0A", "\r": "%0D"}


def escape(text: str) -> str:
    """`text` for a LaTeX text field: specials escaped, whitespace runs made one space."""
    flat = " ".join(text.split())
    return _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group(0)], flat)


def verbatim(text: str) -> str:
    """`text` for a verbatim field (URL, SWHID): braces and whitespace percent-encoded."""
    return "".join(
        _VERBATIM_UNSAFE.get(c, c) for c in text.strip() if c.isprintable() or c in _VERBATIM_UNSAFE
    )


def _name_part(text: str) -> str:
    part = escape(text)
    return "{" + part + "}" if _AND_RE.search(part) or "," in part else part


def author_name(author: Author) -> str:
    """One name of an ``author`` list: ``Family, Given`` or ``{Literal Name}``."""
    if author.is_literal:
        return "{" + escape(author.display) + "}"
    family = _name_part(author.family)
    return f"{family}, {_name_part(author.given)}" if author.given else family


def entry(citation: Citation) -> str:
    """The BibLaTeX entry of `citation`, ending with a newline."""
    kind = "softwareversion" if citation.is_version else "software"
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(author_name(a) for a in citation.authors)),
        ("title", escape(citation.title)),
        ("version", escape(citation.version)),
        ("date", citation.date_released.isoformat() if citation.date_released else ""),
        ("license", " and ".join(escape(x) for x in citation.licenses)),
        ("keywords", ", ".join(escape(k) for k in citation.keywords)),
        ("abstract", escape(citation.description)),
        ("repository", verbatim(citation.repository)),
        ("url", verbatim(citation.url)),
        ("swhid", verbatim(citation.swhid)),
    ]
    lines = [f"@{kind}{{{citation.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields if value]
    return "\n".join(lines) + "\n}\n"

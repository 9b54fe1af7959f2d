"""BibLaTeX (biblatex-software) entries: golden output, escaping, entry types."""

from __future__ import annotations

from datetime import date

from sankofa.core.formats import biblatex
from sankofa.core.formats.citation import Author, Citation

SWHID = (
    "swh:1:rel:99f1a6f1e1b2c3d4e5f60718293a4b5c6d7e8f90;origin=https://example.org/r%C3%A9seau/x_y"
)
CITATION = Citation(
    title="Réseau & Co: 100% _fast_ {graphs}",
    authors=(
        Author(given="Gaël", family="Varoquaux", orcid="0000-0002-1825-0097"),
        Author(name="The pandas development team"),
        Author(given="Ludwig", family="van Beethoven"),
        Author(name="Research and Development Unit"),
    ),
    version="v1.2_3",
    date_released=date(2023, 7, 23),
    repository="https://example.org/réseau/x_y",
    swhid=SWHID,
    licenses=("MIT", "Apache-2.0"),
    keywords=("graphs", "C#", "~tilde"),
    description="Fast graphs.\n\nCosts $5 ^ more\\less.",
    url="https://example.org/home{page}",
)

GOLDEN = (
    "@softwareversion{swh-rel-99f1a6f1e1b2c3d4e5f60718293a4b5c6d7e8f90,\n"
    "  author = {Varoquaux, Gaël and {The pandas development team} and "
    "van Beethoven, Ludwig and {Research and Development Unit}},\n"
    r"  title = {Réseau \& Co: 100\% \_fast\_ \{graphs\}},"
    "\n"
    r"  version = {v1.2\_3},"
    "\n"
    "  date = {2023-07-23},\n"
    "  license = {MIT and Apache-2.0},\n"
    r"  keywords = {graphs, C\#, \textasciitilde{}tilde},"
    "\n"
    r"  abstract = {Fast graphs. Costs \$5 \textasciicircum{} more\textbackslash{}less.},"
    "\n"
    "  repository = {https://example.org/réseau/x_y},\n"
    "  url = {https://example.org/home%7Bpage%7D},\n"
    f"  swhid = {{{SWHID}}},\n"
    "}\n"
)


def test_golden_entry() -> None:
    assert biblatex.entry(CITATION) == GOLDEN


def test_braces_stay_balanced_whatever_the_text() -> None:
    nasty = Citation(title="}{ \\}", description="{{{", url="x}{", swhid="")
    text = biblatex.entry(nasty)
    body = text.replace(r"\{", "").replace(r"\}", "")
    depth = 0
    for char in body:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_software_as_a_whole_is_a_software_entry() -> None:
    snapshot = Citation(
        title="x",
        swhid="swh:1:snp:" + "ab" * 20 + ";origin=https://example.org/x",
        repository="https://example.org/x",
    )
    assert biblatex.entry(snapshot).startswith("@software{swh-snp-" + "ab" * 20 + ",\n")
    bare = biblatex.entry(Citation(title="x", repository="https://example.org/x"))
    assert bare.startswith("@software{software-")
    assert "swhid" not in bare and "version" not in bare  # unsaid fields are left out
    assert biblatex.entry(Citation(title="x", repository="https://example.org/x")) == bare


def test_an_author_name_with_a_comma_or_and_is_braced() -> None:
    assert biblatex.author_name(Author(given="Jr, Sammy", family="Davis")) == "Davis, {Jr, Sammy}"
    assert biblatex.author_name(Author(given="Ann", family="Sand and Stone")) == (
        "{Sand and Stone}, Ann"
    )
    assert biblatex.author_name(Author(given="Anders", family="Andersen")) == "Andersen, Anders"

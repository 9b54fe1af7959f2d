"""DOI names.

Golden vectors from the DOI Handbook: ``10.1000/182`` (the Handbook's own DOI), the URL
example ``https://doi.org/10.1000/456%23789`` for the name ``10.1000/456#789`` (appendix
"DOI Name Encoding Rules for URL Presentation"), and the advice that ``/./`` be presented
as ``/.%2F``.  ``10.1002/(SICI)1097-4636(199706)35:4<485::AID-JBM8>3.0.CO;2-M`` is a real
Wiley SICI-style DOI whose ``<`` and ``>`` fall under the recommended rules.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sankofa.core.identifiers import IdentifierError
from sankofa.core.identifiers.doi import Doi, DoiError, doi_url_path

SETTINGS = settings(max_examples=300, deadline=None)
SICI = "10.1002/(SICI)1097-4636(199706)35:4<485::AID-JBM8>3.0.CO;2-M"


@pytest.mark.parametrize(
    "text",
    [
        "10.1000/182",
        "doi:10.1000/182",
        "DOI: 10.1000/182",
        "https://doi.org/10.1000/182",
        "http://doi.org/10.1000/182",
        "https://dx.doi.org/10.1000/182",
        "http://dx.doi.org/10.1000/182",
        "HTTPS://WWW.DOI.ORG/10.1000/182",
        "https://doi.org/10.1000/182?utm=x#top",
        " 10.1000/182\n",
    ],
)
def test_accepted_forms(text: str) -> None:
    doi = Doi.parse(text)
    assert (doi.prefix, doi.suffix) == ("10.1000", "182")
    assert str(doi) == "10.1000/182"
    assert doi.url == "https://doi.org/10.1000/182"


def test_handbook_url_encoding() -> None:
    doi = Doi.parse("10.1000/456#789")
    assert doi.url == "https://doi.org/10.1000/456%23789"
    assert Doi.parse("https://doi.org/10.1000/456%23789") == doi
    assert Doi.parse("https://doi.org/10.1000/456#789").suffix == "456"  # a URL fragment


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ('10.1/a%b"c#d?f', "10.1/a%25b%22c%23d%3Ff"),
        ("10.1/<>{}^[]`|\\+", "10.1/%3C%3E%7B%7D%5E%5B%5D%60%7C%5C%2B"),
        ("10.1/a/./b", "10.1/a/.%2Fb"),
        ("10.1/a/../b", "10.1/a/..%2Fb"),
        ("10.1/a/..", "10.1/a%2F.."),
        ("10.1/.", "10.1%2F."),
        ("10.1/caf\u00e9", "10.1/caf%C3%A9"),
        ("10.1/a;b:c@d&e=f$g,h(i)j!k*l'm~n_o-p", "10.1/a;b:c@d&e=f$g,h(i)j!k*l'm~n_o-p"),
        (SICI, "10.1002/(SICI)1097-4636(199706)35:4%3C485::AID-JBM8%3E3.0.CO;2-M"),
    ],
)
def test_url_presentation(name: str, path: str) -> None:
    assert doi_url_path(name) == path
    doi = Doi.parse(name)
    assert doi.url == "https://doi.org/" + path
    assert str(Doi.parse(doi.url)) == name


def test_space_is_encoded_though_never_parsed() -> None:
    assert doi_url_path("10.1/a b") == "10.1/a%20b"


def test_comparison_folds_ascii_case_only() -> None:
    assert Doi.parse("10.5281/zenodo.1234") == Doi.parse("doi:10.5281/ZENODO.1234")
    assert hash(Doi.parse("10.5281/zenodo.1234")) == hash(Doi.parse("10.5281/ZENODO.1234"))
    assert str(Doi.parse("10.5281/ZENODO.1234")) == "10.5281/ZENODO.1234"  # kept as given
    assert Doi.parse("10.1/\u00e9") != Doi.parse("10.1/\u00c9")  # case folding is ASCII only
    assert Doi.parse("10.1/a") != Doi.parse("10.1/b")
    assert Doi.parse("10.1/a") != "10.1/a"
    assert len({Doi.parse("10.1/Ab"), Doi.parse("10.1/aB"), Doi.parse("10.1/ab")}) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10.1000", "expected a name such as 10.1000/182"),
        ("", "expected a name such as 10.1000/182"),
        ("11.1000/182", "prefix '11.1000' is not 10."),
        ("10./182", "prefix '10.' is not 10."),
        ("10.abc/182", "prefix '10.abc' is not 10."),
        ("10.1000/", "the suffix after the / is empty"),
        ("10.1000/a b", "contains ' ' (U+0020)"),
        ("10.1000/a\tb", "contains '\\t' (U+0009)"),
        ("10.1000/a\u200bb", "(U+200B)"),
        ("https://doi.org/10.1000/a%0Ab", "(U+000A)"),
        ("https://doi.org/10.1000/a%FFb", "percent-encoded bytes are not UTF-8"),
        ("https://example.org/10.1000/182", "prefix 'https:' is not 10."),
    ],
)
def test_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(DoiError) as caught:
        Doi.parse(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, IdentifierError)


prefixes = st.from_regex(r"10\.[0-9]{1,6}(\.[0-9]{1,3})?", fullmatch=True)
suffix_chars = st.characters(
    blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"),
).filter(lambda c: not c.isspace())
suffixes = st.one_of(
    st.text(alphabet=suffix_chars, min_size=1, max_size=30),
    st.lists(st.sampled_from([".", "..", "a", "%", "#", "/", "?", "+"]), min_size=1).map("".join),
)


@SETTINGS
@given(prefixes, suffixes)
def test_round_trip(prefix: str, suffix: str) -> None:
    doi = Doi(prefix, suffix)
    text = str(doi)
    assert str(Doi.parse(text)) == text
    assert str(Doi.parse(f"doi:{text}")) == text
    assert str(Doi.parse(doi.url)) == text
    assert doi.url.isascii()


@SETTINGS
@given(prefixes, suffixes)
def test_url_has_no_dot_segments(prefix: str, suffix: str) -> None:
    segments = Doi(prefix, suffix).url[len("https://doi.org/") :].split("/")
    assert "." not in segments and ".." not in segments

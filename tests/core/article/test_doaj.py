"""DOAJ article XML: every document validated against DOAJ's own doajArticles.xsd
(SHARED/schemas/doaj), values checked by XPath against what the articles say."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import langcodes
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from sankofa.core.formats.article.doaj import (
    ISO_639_1_TO_2B,
    DoajError,
    doaj_language,
    document,
    schema_errors,
)
from sankofa.core.formats.article.model import (
    Affiliation,
    Article,
    Contributor,
    ContributorKind,
    Journal,
    Keyword,
    PartialDate,
    Text,
)
from sankofa.core.identifiers import Issn, Orcid
from tests.conftest import SHARED

DOAJ = SHARED / "schemas" / "doaj"
XSD = DOAJ / "doajArticles.xsd"
XS = "http://www.w3.org/2001/XMLSchema"
SAFE = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)

pytestmark = pytest.mark.skipif(not XSD.exists(), reason=f"{XSD} is missing")

# The order of doajArticles.xsd's recordType sequence.
ORDER = (
    *("language", "publisher", "journalTitle", "issn", "eissn", "publicationDate", "volume"),
    *("issue", "startPage", "endPage", "doi", "publisherRecordId", "documentType", "title"),
    *("authors", "affiliationsList", "abstract", "fullTextUrl", "keywords"),
)


@cache
def xsd() -> Any:
    """doajArticles.xsd with its import of the language list pointed at the local copy
    (built here by rewriting the import, independently of `schema_errors`)."""
    tree = etree.parse(str(XSD), etree.XMLParser(no_network=True, resolve_entities=False))
    (imported,) = tree.getroot().findall(f"{{{XS}}}import")
    imported.set("schemaLocation", (DOAJ / "iso_639-2b.xsd").as_uri())
    return etree.XMLSchema(tree)


def invalidities(data: bytes) -> list[str]:
    schema = xsd()
    if schema.validate(etree.fromstring(data, SAFE)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def valid(data: bytes) -> Any:
    assert invalidities(data) == []
    assert schema_errors(data, XSD) == []
    return etree.fromstring(data, SAFE)


def xsd_languages() -> list[str]:
    tree = etree.parse(str(DOAJ / "iso_639-2b.xsd"), SAFE)
    return [str(v) for v in tree.xpath("//xs:enumeration/@value", namespaces={"xs": XS})]


def url(article: Article) -> str:
    return f"https://revue.example.org/article/{article.publisher_id or 'x'}"


JOURNAL = Journal(
    title="Revue africaine de linguistique",
    issn_print="0317-8471",
    issn_online="2049-3630",
    publisher="Association des linguistes",
)
U1 = Affiliation(name="Université Cheikh Anta Diop", ror="https://ror.org/04je6yw13")
U2 = Affiliation(name="Université Mohammed V de Rabat", country="MA")
RICH = Article(
    journal=JOURNAL,
    titles=(Text("Les langues en contact", "fr"), Text("Languages in contact", "en")),
    subtitle="une étude de terrain",
    language="fr-SN",
    contributors=(
        Contributor(
            surname="الفاسي",
            given_names="فاطمة",
            orcid="https://orcid.org/0000-0002-1694-233x",
            email="f.fassi@example.org",
            affiliations=(U2, U1),
        ),
        Contributor(surname="Diop", given_names="Awa", affiliations=(U1,)),
        Contributor(surname="Smith", given_names="Jo", kind=ContributorKind.EDITOR),
    ),
    abstracts=(Text("Nous étudions.\n\nDeux paragraphes."), Text("We study.", "en")),
    keywords=(
        Keyword(value="wolof"),
        Keyword(value="contact linguistique", lang="fr"),
        Keyword(value="language contact", lang="en"),
    ),
    doi="https://doi.org/10.5555/RAL.2024.12",
    publisher_id="ral-12",
    published=PartialDate(2024, 3, 14),
    volume="7",
    issue="2",
    first_page="101",
    last_page="118",
)
MINIMAL = Article(
    journal=Journal(title="J", issn_online="2049-3630"),
    titles=(Text("On nothing"),),
    published=PartialDate(1999),
    article_type="",
)


def record_children(data: bytes, index: int = 1) -> list[str]:
    root = etree.fromstring(data, SAFE)
    return [child.tag for child in root.xpath(f"record[{index}]/*")]


# The validator, proven on DOAJ's own fixtures.


def test_the_successful_example_validates() -> None:
    data = (DOAJ / "examples" / "successful.xml").read_bytes()
    assert invalidities(data) == []
    assert schema_errors(data, XSD) == []


def test_the_schema_invalid_example_does_not() -> None:
    data = (DOAJ / "examples" / "schema_invalid.xml").read_bytes()
    assert any("'this'" in e for e in invalidities(data))
    assert any("'this'" in e for e in schema_errors(data, XSD))
    assert schema_errors(b"not xml", XSD)[0].startswith("not XML")


def test_the_upload_fixture_has_exactly_its_five_known_errors() -> None:
    # SOURCE.txt: record 5 <email> after <affiliationId>; records 8/12/15 fullTextUrl
    # pattern; record 17 orcid_id pattern.
    data = (DOAJ / "examples" / "doajxml_article_uploads.xml").read_bytes()
    for found in (invalidities(data), schema_errors(data, XSD)):
        elements = [re.search(r"Element '(\w+)'", e).group(1) for e in found]  # type: ignore[union-attr]
        assert elements == ["email", "fullTextUrl", "fullTextUrl", "fullTextUrl", "orcid_id"]


# Documents.


def test_a_rich_multilingual_article() -> None:
    root = valid(document([RICH], fulltext_url=url))
    (rec,) = root.xpath("/records/record")

    def one(path: str) -> str:
        (value,) = rec.xpath(path)
        return str(value)

    assert [c.tag for c in rec] == [
        *("language", "publisher", "journalTitle", "issn", "eissn", "publicationDate"),
        *("volume", "issue", "startPage", "endPage", "doi", "publisherRecordId"),
        *("documentType", "title", "title", "authors", "affiliationsList", "abstract"),
        *("abstract", "fullTextUrl", "keywords", "keywords"),
    ]
    assert one("language/text()") == "fre"
    assert one("publisher/text()") == "Association des linguistes"
    assert one("journalTitle/text()") == "Revue africaine de linguistique"
    assert (one("issn/text()"), one("eissn/text()")) == ("0317-8471", "2049-3630")
    assert one("publicationDate/text()") == "2024-03-14"
    assert [one(f"{n}/text()") for n in ("volume", "issue", "startPage", "endPage")] == [
        "7", "2", "101", "118"
    ]  # fmt: skip
    assert one("doi/text()") == "10.5555/RAL.2024.12"
    assert one("publisherRecordId/text()") == "ral-12"
    assert one("documentType/text()") == "research-article"
    titles = [(t.get("language"), t.text) for t in rec.xpath("title")]
    assert titles == [
        ("fre", "Les langues en contact: une étude de terrain"),
        ("eng", "Languages in contact"),
    ]
    authors = rec.xpath("authors/author")
    assert [a.findtext("name") for a in authors] == ["فاطمة الفاسي", "Awa Diop"]  # no editor
    assert [child.tag for child in authors[0]] == [
        "name", "email", "affiliationId", "affiliationId", "orcid_id"
    ]  # fmt: skip
    assert authors[0].findtext("email") == "f.fassi@example.org"
    assert authors[0].xpath("affiliationId/text()") == ["1", "2"]
    assert authors[0].findtext("orcid_id") == "https://orcid.org/0000-0002-1694-233X"
    assert authors[1].xpath("affiliationId/text()") == ["2"]
    assert authors[1].find("orcid_id") is None and authors[1].find("email") is None
    names = [(a.get("affiliationId"), a.text) for a in rec.xpath("affiliationsList/*")]
    assert names == [("1", U2.name), ("2", U1.name)]
    abstracts = [(a.get("language"), a.text) for a in rec.xpath("abstract")]
    assert abstracts == [("fre", "Nous étudions.\n\nDeux paragraphes."), ("eng", "We study.")]
    assert one("fullTextUrl/text()") == "https://revue.example.org/article/ral-12"
    assert one("fullTextUrl/@format") == "html"
    keywords = [(k.get("language"), k.xpath("keyword/text()")) for k in rec.xpath("keywords")]
    assert keywords == [
        ("fre", ["wolof", "contact linguistique"]),
        ("eng", ["language contact"]),
    ]


def test_a_minimal_article() -> None:
    data = document([MINIMAL], fulltext_url=lambda a: "http://192.0.2.1:8080/a?b=1&c")
    root = valid(data)
    children = ["journalTitle", "eissn", "publicationDate", "title", "fullTextUrl"]
    assert record_children(data) == children
    assert root.findtext("record/publicationDate") == "1999"
    assert root.find("record/title").get("language") is None  # no language known
    assert root.findtext("record/fullTextUrl") == "http://192.0.2.1:8080/a?b=1&c"


def test_several_records_and_the_elocation_id() -> None:
    second = Article(
        journal=JOURNAL,
        titles=(Text("Zweiter", "de-AT"),),
        published=PartialDate(2025, 1),
        elocation_id="e1234",
        publisher_id="two",
    )
    data = document([RICH, second], fulltext_url=url)
    root = valid(data)
    assert len(root.xpath("record")) == 2
    assert root.xpath("record[2]/language/text()") == ["ger"]
    assert root.xpath("record[2]/title/@language") == ["ger"]
    assert root.xpath("record[2]/startPage/text()") == ["e1234"]
    assert root.xpath("record[2]/publicationDate/text()") == ["2025-01"]
    assert "authors" not in record_children(data, 2)


# Languages.


def test_the_table_is_exactly_the_xsd_enumeration() -> None:
    codes = xsd_languages()
    assert len(codes) == len(set(codes)) == 184
    assert sorted(ISO_639_1_TO_2B.values()) == sorted(codes)
    assert all(re.fullmatch(r"[a-z]{2}", key) for key in ISO_639_1_TO_2B)


@pytest.mark.parametrize("two", sorted(ISO_639_1_TO_2B))
def test_the_table_agrees_with_langcodes(two: str) -> None:
    # An independent source of ISO 639-2/B, without its CLDR normalisation ("tl" -> "fil").
    language = langcodes.Language.get(two, normalize=False)
    assert ISO_639_1_TO_2B[two] == language.to_alpha3(variant="B")


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("fr", "fre"),
        ("FR-ca", "fre"),
        ("pt_BR", "por"),
        ("zh-Hant-TW", "chi"),
        ("sr-Latn", "srp"),
        ("sh", "hbs"),
        ("fra", "fre"),
        ("deu", "ger"),
        ("eng", "eng"),
        ("hbs", "hbs"),
        ("haw", None),
        ("fil", None),
        ("und", None),
        ("mul", None),
        ("x", None),
        ("", None),
    ],
)
def test_doaj_language(tag: str, code: str | None) -> None:
    assert doaj_language(tag) == code


@given(
    st.sampled_from(sorted(ISO_639_1_TO_2B))
    | st.from_regex(r"[a-zA-Z]{2,8}(-[A-Za-z0-9]{1,8}){0,2}", fullmatch=True)
)
def test_every_code_emitted_is_in_the_xsd(tag: str) -> None:
    code = doaj_language(tag)
    assert code is None or code in xsd_languages()
    article = Article(journal=JOURNAL, titles=(Text("T", tag),), published=PartialDate(2020))
    if code is None:
        with pytest.raises(DoajError, match="not in DOAJ's ISO 639-2/B list"):
            document([article], fulltext_url=url)
    else:
        root = valid(document([article], fulltext_url=url))
        assert root.xpath("record/language/text()") == root.xpath("record/title/@language")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"language": "tlh"}, "/language"),
        ({"titles": (Text("Titre", "fr"), Text("Title", "haw"))}, "/title[2]/@language"),
        ({"abstracts": (Text("x", "und"),)}, "/abstract[1]/@language"),
        ({"keywords": (Keyword(value="a"), Keyword(value="b", lang="qaa"))}, "/keyword[2]"),
    ],
)
def test_an_unsupported_language_names_the_article(change: dict[str, Any], path: str) -> None:
    fields = {**RICH.__dict__, **change}
    article = Article(**fields)
    with pytest.raises(DoajError) as raised:
        document([MINIMAL, article], fulltext_url=url)
    message = str(raised.value)
    assert message.startswith("record 2 (doi https://doi.org/10.5555/RAL.2024.12)/")
    assert path in raised.value.where
    assert "not in DOAJ's ISO 639-2/B list" in message


# What DOAJ cannot take.


def _with(**change: Any) -> Article:
    return Article(**{**MINIMAL.__dict__, **change})


@pytest.mark.parametrize(
    ("article", "where", "reason"),
    [
        (_with(journal=Journal(title="J")), "issn", "no ISSN"),
        (_with(journal=Journal(title="J", issn_print="0317-8472")), "issn", "check digit"),
        (_with(journal=Journal(title=" ", issn_print="0317-8471")), "journalTitle", "no title"),
        (_with(published=None), "publicationDate", "no publication date"),
        (_with(published=PartialDate(12024)), "publicationDate", "YYYY"),
        (_with(doi="11.1/x"), "doi", "DOI"),
        (
            _with(contributors=(Contributor(surname="X", orcid="0000-0002-1825-0098"),)),
            "authors/author[1]/orcid_id",
            "check digit",
        ),
        (_with(titles=(Text("bell \x07"),)), "record 1 ('bell \\x07')", "XML cannot hold"),
    ],
)
def test_refusals_name_where(article: Article, where: str, reason: str) -> None:
    with pytest.raises(DoajError, match=re.escape(reason)) as raised:
        document([article], fulltext_url=url)
    assert raised.value.where.startswith("record 1 (")
    assert where in raised.value.where


@pytest.mark.parametrize(
    "bad",
    ["http://localhost:8000/a", "ftp://example.org/a", "https://example.c0m/", "example.org/a"],
)
def test_a_full_text_url_doaj_refuses(bad: str) -> None:
    with pytest.raises(DoajError, match="fullTextUrl"):
        document([MINIMAL], fulltext_url=lambda a: bad)


def test_no_articles() -> None:
    with pytest.raises(DoajError, match="at least one"):
        document([], fulltext_url=url)


# Properties: an article DOAJ can take always gives a valid document; any article the
# model accepts gives a valid document or a DoajError, never another exception.

# XML 1.0 characters ("\r" left out: parsers read it as "\n").
xml_texts = st.text(
    st.characters(
        blacklist_categories=["Cs", "Cc"],
        blacklist_characters="\ufffe\uffff",
        whitelist_characters="\n\t",
    ),
    max_size=15,
)
wild_texts = st.text(st.characters(codec="utf-8"), max_size=15)  # control characters too
issns = st.from_regex(r"[0-9]{7}", fullmatch=True).map(Issn.from_base).map(str)
orcids = st.from_regex(r"[0-9]{15}", fullmatch=True).map(Orcid.from_base).map(str)
dates = st.builds(PartialDate, st.integers(1, 9999), st.none() | st.integers(1, 12))
doaj_langs = st.none() | st.sampled_from(["fr", "en-GB", "ar", "wo", "zh-Hans", "deu", "sh"])
wild_langs = doaj_langs | st.sampled_from(["haw", "und", "x-klingon"])


def article_values(texts: Any, langs: Any, wild: bool) -> Any:
    """Articles of `texts` in `langs`; not `wild`: only what DOAJ can take."""
    people = st.builds(
        Contributor,
        surname=texts.filter(str.strip),
        given_names=texts,
        kind=st.sampled_from(ContributorKind),
        orcid=st.none() | orcids,
        email=st.none() | texts,
        affiliations=st.lists(st.builds(Affiliation, name=texts), max_size=3).map(tuple),
    )
    journal = st.builds(
        Journal,
        title=texts if wild else texts.filter(str.strip),
        publisher=texts,
        issn_print=st.none() | issns,
        issn_online=(st.none() if wild else st.just("2049-3630")) | issns,
    )
    return st.builds(
        Article,
        journal=journal,
        titles=st.lists(st.builds(Text, texts, langs), min_size=1, max_size=3)
        .filter(lambda ts: bool(ts[0].value.strip()))
        .map(tuple),
        language=langs,
        subtitle=texts,
        contributors=st.lists(people, max_size=3).map(tuple),
        abstracts=st.lists(st.builds(Text, texts, langs), max_size=2).map(tuple),
        keywords=st.lists(st.builds(Keyword, value=texts, lang=langs), max_size=4).map(tuple),
        doi=st.none() | st.just("10.1234/a<b>&c") | (texts if wild else st.nothing()),
        published=(st.none() if wild else st.nothing()) | dates,
        volume=texts,
        issue=texts,
        first_page=texts,
        last_page=texts,
        elocation_id=texts,
        publisher_id=st.none() | texts,
        article_type=texts,
    )


good_urls = st.sampled_from(["https://a.example.org/x?a=1&b", "http://10.0.0.1:81", "https://ü.éé"])


def check_order(root: Any) -> None:
    for rec in root.xpath("record"):
        tags = [c.tag for c in rec]
        assert tags == sorted(tags, key=ORDER.index)


@given(st.lists(article_values(xml_texts, doaj_langs, False), min_size=1, max_size=3), good_urls)
def test_any_article_doaj_can_take_gives_a_valid_document(batch: list[Article], link: str) -> None:
    root = valid(document(batch, fulltext_url=lambda a: link))
    assert len(root.xpath("record")) == len(batch)
    check_order(root)


@given(
    st.lists(article_values(wild_texts, wild_langs, wild=True), min_size=1, max_size=2),
    good_urls | st.just("http://localhost/x"),
)
def test_any_article_gives_a_valid_document_or_a_doaj_error(
    batch: list[Article], link: str
) -> None:
    try:
        data = document(batch, fulltext_url=lambda a: link)
    except DoajError as exc:
        assert exc.where.startswith("record ")
        return
    check_order(valid(data))

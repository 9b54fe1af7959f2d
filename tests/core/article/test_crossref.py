"""Crossref deposit XML: every document validated against Crossref's own schema 5.3.1
(SHARED/schemas/crossref-5.3.1) with xmlschema's XSD 1.1 validator, values checked by
XPath against what the articles say.

The validator is set up with ``allow="sandbox"``: crossref5.3.1.xsd reaches its imports
(common, fundref, AccessIndicators, relations, clinicaltrials, JATS, MathML, xlink,
xml.xsd) by relative paths inside that directory, and the sandbox makes any other fetch,
a remote URL above all, an error; so no ``locations`` map is needed. Crossref's own
sample deposit validates with this setup and a document that breaks the XSD does not,
which shows the validator is not vacuous.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from sankofa.core.formats.article.crossref import (
    CrossrefError,
    Depositor,
    crossref_language,
    deposit,
)
from sankofa.core.formats.article.model import (
    Affiliation,
    Article,
    Contributor,
    ContributorKind,
    Funding,
    Journal,
    Licence,
    PartialDate,
    Reference,
    RelatedObject,
    Text,
)
from tests.conftest import SHARED

SCHEMAS = SHARED / "schemas" / "crossref-5.3.1"
XSD = SCHEMAS / "crossref5.3.1.xsd"
SAMPLES = SHARED / "data" / "crossref"
SAFE = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
NSMAP = {
    "c": "http://www.crossref.org/schema/5.3.1",
    "jats": "http://www.ncbi.nlm.nih.gov/JATS1",
    "fr": "http://www.crossref.org/fundref.xsd",
    "ai": "http://www.crossref.org/AccessIndicators.xsd",
    "rel": "http://www.crossref.org/relations.xsd",
    "xs": "http://www.w3.org/2001/XMLSchema",
}

pytestmark = pytest.mark.skipif(not XSD.exists(), reason=f"{XSD} is missing")


@cache
def schema() -> xmlschema.XMLSchema11:
    return xmlschema.XMLSchema11(str(XSD), allow="sandbox", defuse="always")


def invalidities(data: bytes) -> list[str]:
    """What is wrong with ``data`` as a Crossref 5.3.1 deposit; empty when it is valid."""
    try:
        tree = etree.fromstring(data, SAFE)
    except etree.XMLSyntaxError as exc:
        return [f"not XML: {exc}"]
    # The document is given as a resource that may load nothing; location hints are off.
    resource = xmlschema.XMLResource(etree.ElementTree(tree), allow="none", defuse="always")
    errors = schema().iter_errors(resource, use_location_hints=False)
    return [f"{e.path}: {e.reason}" for e in errors]


def valid(data: bytes) -> Any:
    assert invalidities(data) == []
    return etree.fromstring(data, SAFE)


def xpath(tree: Any, path: str) -> list[Any]:
    result: list[Any] = tree.xpath(path, namespaces=NSMAP)
    return result


def url(article: Article) -> str:
    return f"https://revue.example.org/article/{article.publisher_id or 'x'}"


JOURNAL = Journal(
    title="Revue des communs numériques",
    abbrev_title="Rev. Communs Numér.",
    issn_print="0317-8471",
    issn_online="2049-3630",
    publisher="Sankofa Press",
)
DEPOSITOR = Depositor("Revue des communs numériques", "editors@revue.example.org")
ORCID = "0000-0002-1825-0097"
ROR = "https://ror.org/05gq02987"
SWHID = "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505"


def write(*articles: Article) -> bytes:
    return deposit(
        articles,
        batch_id="revue-2024-0001",
        timestamp=20240314120000,
        depositor=DEPOSITOR,
        registrant="Sankofa Press",
        resource_url=url,
    )


def rich() -> Article:
    return Article(
        journal=JOURNAL,
        titles=(Text("Les communs du savoir", "fr"), Text("The knowledge commons", "en")),
        subtitle="une enquête",
        language="fr",
        contributors=(
            Contributor(
                surname="Carberry",
                given_names="Josiah",
                orcid=ORCID,
                affiliations=(Affiliation(name="Brown University", ror=ROR),),
            ),
            Contributor(surname="Diallo", given_names="Aminata Ndèye"),
            Contributor(collab="Le consortium Sankofa"),
        ),
        abstracts=(
            Text("Premier paragraphe.\n\nSecond  paragraphe,\nsur deux lignes.", "fr"),
            Text("An abstract in English.", "en"),
        ),
        doi="10.5555/revue.2024.042",
        publisher_id="42",
        published=PartialDate(2024, 3, 14),
        accepted=PartialDate(2024, 1, 30),
        volume="12",
        issue="3",
        elocation_id="e1042",
        licence=Licence(url="https://creativecommons.org/licenses/by/4.0/", text="CC BY 4.0"),
        funding=(
            Funding(
                funder_name="National Science Foundation",
                funder_id="10.13039/100000001",
                award_ids=("CHE-1152342", "DBI-0000001"),
            ),
        ),
        references=(
            Reference(
                label="1",
                text="Sansone S-A et al. BioSharing. bioRxiv 144147.",
                doi="10.1101/144147",
            ),
            Reference(label="2", text="Riley J. Understanding metadata. NISO Press; 2017."),
            Reference(
                title="Metadata creation practices",
                source="ITAL",
                year="2010",
                authors=("Park JR",),
                volume="29",
                first_page="104",
            ),
        ),
        related=(
            RelatedObject(
                identifier="10.5281/zenodo.1234567",
                identifier_type="DOI",
                relation="IsSupplementedBy",
                kind="dataset",
            ),
            RelatedObject(identifier=SWHID, identifier_type="SWHID", kind="software"),
        ),
    )


def minimal(**changes: Any) -> Article:
    values: dict[str, Any] = {
        "journal": Journal(title="J"),
        "titles": (Text("A title"),),
        "contributors": (Contributor(surname="Doe"),),
        "doi": "10.5555/min",
        "published": PartialDate(2023),
    }
    values.update(changes)
    return Article(**values)


# --- the validator itself ---------------------------------------------------------------


def test_crossrefs_own_sample_validates_with_this_setup() -> None:
    sample = (SAMPLES / "crossref-sample-journal.article5.3.1.xml").read_bytes()
    assert invalidities(sample) == []


def test_a_sample_broken_against_the_xsd_fails() -> None:
    sample = (SAMPLES / "crossref-sample-journal.article5.3.1.xml").read_bytes()
    tree = etree.fromstring(sample, SAFE)
    (data,) = xpath(tree, "//c:journal_article/c:doi_data")
    data.getparent().remove(data)
    problems = invalidities(etree.tostring(tree))
    assert problems and any("journal_article" in p for p in problems)


def test_the_not_well_formed_sample_fails() -> None:
    (path,) = SAMPLES.glob("*NOT-WELL-FORMED.xml")
    problems = invalidities(path.read_bytes())
    assert len(problems) == 1 and problems[0].startswith("not XML")


# --- a rich article ---------------------------------------------------------------------


def test_rich_article_head_and_journal() -> None:
    tree = valid(write(rich()))
    assert tree.get("version") == "5.3.1"
    assert xpath(tree, "/c:doi_batch/c:head/c:doi_batch_id/text()") == ["revue-2024-0001"]
    assert xpath(tree, "//c:head/c:timestamp/text()") == ["20240314120000"]
    assert xpath(tree, "//c:depositor/c:email_address/text()") == ["editors@revue.example.org"]
    assert xpath(tree, "//c:head/c:registrant/text()") == ["Sankofa Press"]
    (meta,) = xpath(tree, "/c:doi_batch/c:body/c:journal/c:journal_metadata")
    assert xpath(meta, "c:full_title/text()") == ["Revue des communs numériques"]
    assert xpath(meta, "c:abbrev_title/text()") == ["Rev. Communs Numér."]
    issns = [(e.get("media_type"), e.text) for e in xpath(meta, "c:issn")]
    assert issns == [("print", "0317-8471"), ("electronic", "2049-3630")]
    (issue,) = xpath(tree, "//c:journal/c:journal_issue")
    assert xpath(issue, "c:publication_date/c:year/text()") == ["2024"]
    assert xpath(issue, "c:journal_volume/c:volume/text()") == ["12"]
    assert xpath(issue, "c:issue/text()") == ["3"]


def test_rich_article_titles_contributors_abstracts() -> None:
    tree = valid(write(rich()))
    (article,) = xpath(tree, "//c:journal_article")
    assert article.get("language") == "fr"
    assert xpath(article, "c:titles/c:title/text()") == [
        "Les communs du savoir",
        "The knowledge commons",
    ]
    assert xpath(article, "c:titles[1]/c:subtitle/text()") == ["une enquête"]
    assert xpath(article, "c:titles[2]/c:subtitle") == []
    people = xpath(article, "c:contributors/c:person_name")
    assert [(p.get("sequence"), p.get("contributor_role")) for p in people] == [
        ("first", "author"),
        ("additional", "author"),
    ]
    carberry = people[0]
    assert xpath(carberry, "c:given_name/text()") == ["Josiah"]
    assert xpath(carberry, "c:surname/text()") == ["Carberry"]
    institution = "c:affiliations/c:institution"
    assert xpath(carberry, f"{institution}/c:institution_name/text()") == ["Brown University"]
    assert xpath(carberry, f"{institution}/c:institution_id[@type='ror']/text()") == [ROR]
    (orcid,) = xpath(carberry, "c:ORCID")
    assert (orcid.text, orcid.get("authenticated")) == (f"https://orcid.org/{ORCID}", "false")
    assert xpath(people[1], "c:given_name/text()") == ["Aminata Ndèye"]
    (group,) = xpath(article, "c:contributors/c:organization")
    assert (group.text, group.get("sequence")) == ("Le consortium Sankofa", "additional")
    abstracts = xpath(article, "jats:abstract")
    assert [a.get("{http://www.w3.org/XML/1998/namespace}lang") for a in abstracts] == [
        "fr",
        "en",
    ]
    assert xpath(abstracts[0], "jats:p/text()") == [
        "Premier paragraphe.",
        "Second paragraphe, sur deux lignes.",
    ]


def test_rich_article_dates_pages_funding_licence_relations() -> None:
    tree = valid(write(rich()))
    (article,) = xpath(tree, "//c:journal_article")
    (published,) = xpath(article, "c:publication_date")
    assert published.get("media_type") == "online"
    date = [(e.tag.split("}")[1], e.text) for e in published]
    assert date == [("month", "03"), ("day", "14"), ("year", "2024")]
    assert xpath(article, "c:acceptance_date/c:month/text()") == ["01"]
    assert xpath(article, "c:pages") == []
    (item,) = xpath(article, "c:publisher_item/c:item_number")
    assert (item.text, item.get("item_number_type")) == ("e1042", "article_number")
    (program,) = xpath(article, "fr:program[@name='fundref']")
    (group,) = xpath(program, "fr:assertion[@name='fundgroup']")
    (funder,) = xpath(group, "fr:assertion[@name='funder_name']")
    assert funder.text.strip() == "National Science Foundation"
    assert xpath(funder, "fr:assertion[@name='funder_identifier']/text()") == [
        "https://doi.org/10.13039/100000001"
    ]
    awards = xpath(group, "fr:assertion[@name='award_number']/text()")
    assert awards == ["CHE-1152342", "DBI-0000001"]
    (access,) = xpath(article, "ai:program")
    assert xpath(access, "ai:free_to_read") != []
    (licence,) = xpath(access, "ai:license_ref")
    assert licence.text == "https://creativecommons.org/licenses/by/4.0/"
    assert (licence.get("applies_to"), licence.get("start_date")) == ("vor", "2024-03-14")
    relations = xpath(article, "rel:program/rel:related_item")
    assert [xpath(r, "rel:description/text()") for r in relations] == [["dataset"], ["software"]]
    found = [
        (e.get("relationship-type"), e.get("identifier-type"), e.text)
        for e in xpath(article, "rel:program/rel:related_item/rel:inter_work_relation")
    ]
    assert found == [
        ("isSupplementedBy", "doi", "10.5281/zenodo.1234567"),
        ("references", "uri", f"https://archive.softwareheritage.org/{SWHID}"),
    ]


def test_rich_article_doi_data_and_citations() -> None:
    tree = valid(write(rich()))
    (article,) = xpath(tree, "//c:journal_article")
    assert xpath(article, "c:doi_data/c:doi/text()") == ["10.5555/revue.2024.042"]
    assert xpath(article, "c:doi_data/c:resource/text()") == [
        "https://revue.example.org/article/42"
    ]
    citations = xpath(article, "c:citation_list/c:citation")
    assert [c.get("key") for c in citations] == ["ref1", "ref2", "ref3"]
    assert xpath(citations[0], "c:doi/text()") == ["10.1101/144147"]
    assert xpath(citations[1], "c:doi") == []
    assert xpath(citations[1], "c:unstructured_citation/text()") == [
        "Riley J. Understanding metadata. NISO Press; 2017."
    ]
    assert xpath(citations[2], "c:unstructured_citation/text()") == [
        "Park JR. (2010). Metadata creation practices. ITAL. 29. 104"
    ]


def test_element_order_of_journal_article() -> None:
    tree = valid(write(rich()))
    (article,) = xpath(tree, "//c:journal_article")
    names = list(dict.fromkeys(etree.QName(child).localname for child in article))
    assert names == [
        *("titles", "contributors", "abstract", "publication_date", "acceptance_date"),
        *("publisher_item", "program", "doi_data", "citation_list"),
    ]
    programs = [etree.QName(c).namespace for c in article if etree.QName(c).localname == "program"]
    assert programs == [NSMAP["fr"], NSMAP["ai"], NSMAP["rel"]]


# --- minimal and several articles -------------------------------------------------------


def test_minimal_article() -> None:
    tree = valid(write(minimal()))
    (article,) = xpath(tree, "//c:journal_article")
    assert article.get("language") is None
    assert xpath(tree, "//c:journal_issue") == []
    assert xpath(tree, "//c:journal_metadata/c:issn") == []
    assert [etree.QName(c).localname for c in article] == [
        "titles",
        "contributors",
        "publication_date",
        "doi_data",
    ]
    assert xpath(article, "c:publication_date/*/text()") == ["2023"]


def test_pages_and_an_issue_without_a_volume() -> None:
    tree = valid(write(minimal(first_page="101", last_page="118", issue="S1")))
    assert xpath(tree, "//c:pages/c:first_page/text()") == ["101"]
    assert xpath(tree, "//c:pages/c:last_page/text()") == ["118"]
    assert xpath(tree, "//c:journal_issue/c:journal_volume") == []
    assert xpath(tree, "//c:journal_issue/c:issue/text()") == ["S1"]


def test_several_articles_in_one_batch() -> None:
    articles = [rich(), minimal(), minimal(doi="10.5555/min.2", publisher_id="7")]
    tree = valid(write(*articles))
    assert len(xpath(tree, "/c:doi_batch/c:body/c:journal")) == 3
    assert xpath(tree, "//c:journal_article/c:doi_data/c:doi/text()") == [
        "10.5555/revue.2024.042",
        "10.5555/min",
        "10.5555/min.2",
    ]


def test_editors_translators_and_funder_ror() -> None:
    article = minimal(
        contributors=(
            Contributor(surname="Doe"),
            Contributor(surname="Roe", kind=ContributorKind.EDITOR),
            Contributor(surname="Poe", kind=ContributorKind.EDITOR),
            Contributor(surname="Moe", kind=ContributorKind.TRANSLATOR),
        ),
        funding=(Funding(funder_name="NSF", funder_id="https://ror.org/021nxhr62"),),
    )
    tree = valid(write(article))
    people = xpath(tree, "//c:person_name")
    assert [(p.get("contributor_role"), p.get("sequence")) for p in people] == [
        ("author", "first"),
        ("editor", "first"),
        ("editor", "additional"),
        ("translator", "first"),
    ]
    assert xpath(tree, "//fr:assertion[@name='funder_identifier']/text()") == [
        "https://ror.org/021nxhr62"
    ]


def test_ark_and_url_relations_are_uris() -> None:
    related = (
        RelatedObject(identifier="ark:/12345/x7b9", identifier_type="ARK", relation="cites"),
        RelatedObject(identifier="https://data.example.org/set/1", identifier_type="URL"),
    )
    tree = valid(write(minimal(related=related)))
    found = [
        (e.get("relationship-type"), e.get("identifier-type"), e.text)
        for e in xpath(tree, "//rel:inter_work_relation")
    ]
    assert found == [
        ("references", "uri", "https://n2t.net/ark:12345/x7b9"),
        ("references", "uri", "https://data.example.org/set/1"),
    ]


def test_every_crossref_language_code_is_taken_and_no_other() -> None:
    tree = etree.parse(str(SCHEMAS / "common5.3.1.xsd"), SAFE)
    group = "//xs:attributeGroup[@name='language.atts']//xs:enumeration/@value"
    codes = [str(v) for v in tree.xpath(group, namespaces=NSMAP)]
    assert len(codes) > 150
    assert all(crossref_language(code) == code for code in codes)
    assert crossref_language("pt-BR") == "pt"
    assert crossref_language("zu") is None  # Zulu: not in Crossref's list
    assert crossref_language("haw") is None


# --- refusals ---------------------------------------------------------------------------


def test_no_doi_names_the_article_and_field() -> None:
    with pytest.raises(CrossrefError, match=r"^article 2 \('A title'\)/doi_data/doi: .*no DOI"):
        write(rich(), minimal(doi=None))


def test_no_publication_date_names_the_article_and_field() -> None:
    with pytest.raises(CrossrefError) as caught:
        write(minimal(published=None))
    assert caught.value.where == "article 1 (doi 10.5555/min)/publication_date"


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"doi": "10.55/short-prefix"}, "doi_data/doi"),
        (
            {"contributors": (Contributor(surname="X", orcid="0000-0002-1825-0098"),)},
            "contributors/person_name[1]/ORCID",
        ),
        ({"contributors": (Contributor(surname="? ?"),)}, "contributors/person_name[1]/surname"),
        (
            {
                "related": (
                    RelatedObject(
                        identifier="10.1/x", identifier_type="DOI", relation="isFriendOf"
                    ),
                )
            },
            "rel:program/rel:related_item[1]",
        ),
        (
            {"related": (RelatedObject(identifier="urn:x", identifier_type="URN"),)},
            "rel:program/rel:related_item[1]",
        ),
        ({"licence": Licence(url="creativecommons.org/by")}, "ai:program/ai:license_ref"),
        ({"volume": "v" * 33}, "journal_issue/journal_volume/volume"),
        ({"published": PartialDate(1200)}, "publication_date"),
        ({"journal": Journal(title="J", issn_print="0317-8472")}, "journal_metadata/issn[@print]"),
    ],
)
def test_values_crossref_cannot_take(changes: dict[str, Any], where: str) -> None:
    with pytest.raises(CrossrefError) as caught:
        write(minimal(**changes))
    assert caught.value.where.endswith(where)
    assert caught.value.where.startswith("article 1 ")


def test_bad_head_and_resource() -> None:
    with pytest.raises(CrossrefError, match="head/depositor/email_address"):
        deposit(
            [minimal()],
            batch_id="b-0001",
            timestamp=1,
            depositor=Depositor("n", "x"),
            registrant="r",
            resource_url=url,
        )
    with pytest.raises(CrossrefError, match="doi_data/resource"):
        deposit(
            [minimal()],
            batch_id="b-0001",
            timestamp=1,
            depositor=DEPOSITOR,
            registrant="r",
            resource_url=lambda a: "/article/1",
        )
    with pytest.raises(CrossrefError, match="at least one"):
        write()


# --- any text ---------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80)


def _kept(value: str) -> str:
    """What XML 1.0 can hold of ``value``, XML white space collapsed."""
    chars = "".join(c for c in value if c not in "\ufffe\uffff")
    return re.sub("[ \t\n\r]+", " ", chars).strip(" ")


def _has_name_letters(value: str) -> bool:
    """Whether ``value`` holds a character other than a digit, ?, white space or one XML
    cannot hold."""
    kept = _kept(value)
    return any(c != "?" and not c.isspace() and unicodedata.category(c) != "Nd" for c in kept)


@settings(max_examples=60, deadline=None)
@given(
    title=TEXT.filter(lambda t: bool(t.strip())),
    given_names=TEXT,
    surname=TEXT.filter(lambda t: bool(t.strip())),
    collab=TEXT,
)
def test_any_unicode_title_and_names_validate(
    title: str, given_names: str, surname: str, collab: str
) -> None:
    contributors = [Contributor(surname=surname, given_names=given_names)]
    if collab.strip():
        contributors.append(Contributor(collab=collab))
    article = minimal(titles=(Text(title),), contributors=tuple(contributors))
    try:
        data = write(article)
    except CrossrefError as exc:
        if exc.where.endswith("/titles/title"):
            assert not _kept(title)
        else:
            assert exc.where.endswith("/surname") and not _has_name_letters(surname)
        return
    tree = valid(data)
    assert xpath(tree, "//c:titles/c:title/text()") == [_kept(title)]
    (written,) = xpath(tree, "//c:person_name/c:surname/text()")
    assert 1 <= len(written) <= 60 and written == written.strip()

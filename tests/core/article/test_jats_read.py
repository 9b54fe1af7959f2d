"""Reading JATS articles: every shared sample reads, golden facts checked by hand against
the XML of eight samples, and bad input raises `JatsError` naming the place."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sankofa.core.formats.article import jats
from sankofa.core.formats.article.jats import JatsError
from sankofa.core.formats.article.model import Article, ContributorKind, PartialDate, Text
from tests.conftest import SHARED

SAMPLES = SHARED / "data" / "jats"


def sample(name: str) -> Article:
    return jats.read((SAMPLES / name).read_bytes())


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.xml")), ids=lambda p: p.name)
def test_every_sample_reads(path: Path) -> None:
    article = jats.read(path.read_bytes())
    assert article.title
    assert article.doi and article.doi.startswith("10.")
    assert article.contributors
    assert article.published is not None
    assert article.references


def keywords(article: Article, lang: str | None) -> list[str]:
    return [k.value for k in article.keywords if k.lang == lang]


# Golden facts, read by hand from the XML files.


def test_elife_kitchen_sink() -> None:
    a = sample("elife-00666.xml")
    assert a.title == "The eLife research article"
    assert a.doi == "10.7554/eLife.00666"
    assert a.publisher_id == "00666"
    assert a.section == "Cell Biology"
    assert a.journal.issn_online == "2050-084X" and a.journal.issn_print is None
    # two people and two groups; the group members inside <collab> are not authors
    assert [c.display_name for c in a.authors] == [
        "Melissa Harrison",
        "James F Gilbert",
        "eLife Editorial Production Group",
        "eLife Technology Group",
    ]
    first = a.authors[0]
    assert (first.surname, first.orcid) == ("Harrison", "0000-0003-3523-4408")
    assert first.corresponding and first.email == "m.harrison@elifesciences.org"
    assert [f.name for f in first.affiliations] == ["Department of Production, eLife"]
    editors = [c for c in a.contributors if c.kind == ContributorKind.EDITOR]
    assert [e.surname for e in editors] == ["Collings"]
    # date-type="publication", not the later "update"
    assert a.published == PartialDate(2016, 4, 25)
    assert (a.received, a.accepted) == (PartialDate(2016, 3, 1), PartialDate(2016, 4, 1))
    assert (a.volume, a.elocation_id) == ("5", "e00666")
    assert a.licence is not None
    assert a.licence.url == "http://creativecommons.org/licenses/by/4.0/"
    assert a.copyright_statement == "\N{COPYRIGHT SIGN} 2016, Harrison et al"
    # the eLife digest (executive-summary) is skipped; four paragraphs remain
    assert len(a.abstracts) == 1
    assert a.abstracts[0].value.startswith("This is the abstract. This article will describe")
    assert a.abstracts[0].value.count("\n\n") == 3
    assert a.abstracts[0].value.endswith("Clinical trial Registration: EudraCT2004-000446-20.")
    assert keywords(a, None) == ["XML", "Housestyle", "eLife", "formatting"]
    assert len(a.references) == 54
    assert a.references[0].doi == "10.1083/jcb.200510010"
    assert a.references[0].title == "TIP47 is a key effector for Rab9 localization"
    assert a.references[0].authors == ("Aivazian D", "Serrano RL", "Pfeffer S")
    assert a.funding[0].funder_name == "Howard Hughes Medical Institute"
    assert a.funding[0].funder_id == "10.13039/100000011"
    assert a.funding[0].award_ids == ("F32 GM089018",)
    datasets = [(r.identifier_type, r.identifier, r.relation) for r in a.related[:3]]
    assert datasets == [
        (
            "URL",
            "https://github.com/elifesciences/XML-mapping/blob/master/elife-00666.xml",
            "isSupplementedBy",
        ),
        (
            "URL",
            "https://github.com/elifesciences/elife-vendor-workflow-config/blob/master/"
            "elife-kitchen-sink.xml",
            "references",
        ),
        ("DOI", "10.5061/dryad.cv323", "references"),
    ]
    assert a.data_availability.startswith("The following dataset was generated:\n\n")


def test_elife_02833() -> None:
    a = sample("elife-02833-v2.xml")
    assert a.title == (
        "H3K27 modifications define segmental regulatory domains in the Drosophila bithorax complex"
    )
    assert a.doi == "10.7554/eLife.02833"
    assert len(a.authors) == 7
    assert a.authors[0].surname == "Bowman" and a.authors[0].orcid is None
    assert [f.name for f in a.authors[0].affiliations] == [
        "Department of Molecular Biology, Massachusetts General Hospital",
        "Department of Genetics, Harvard Medical School",
    ]
    # e-mail through xref ref-type="corresp" to a corresp holding one address
    kingston = a.authors[5]
    assert kingston.surname == "Kingston" and kingston.corresponding
    assert kingston.email == "kingston@molbio.mgh.harvard.edu"
    assert a.published == PartialDate(2014, 7, 31)
    assert (a.volume, a.elocation_id) == ("3", "e02833")
    assert a.licence is not None
    assert a.licence.url == "http://creativecommons.org/licenses/by/4.0/"
    assert len(a.references) == 50
    assert a.references[0].doi == "10.1073/pnas.222671299"
    assert keywords(a, None) == ["chromatin", "Polycomb", "bithorax complex", "CTCF"]
    assert a.related[0].identifier == "http://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc=GSE55257"
    assert a.related[0].kind == "dataset"


def test_plos_one_0147124() -> None:
    a = sample("plos-journal.pone.0147124.xml")
    assert a.title.startswith("A Microarray-Based Analysis Reveals that a Short Photoperiod")
    assert a.doi == "10.1371/journal.pone.0147124"
    assert a.language == "en"
    assert len(a.authors) == 7
    first = a.authors[0]
    assert (first.surname, first.orcid) == ("Liu", "0000-0001-9384-5421")  # from http://orcid.org/
    assert [f.name for f in first.affiliations] == [
        "Institute of Animal Husbandry, Academy of Agriculture and Stockbreeding Sciences, "
        "Hohhot, Inner Mongolia, China",
        "Kunming Institute of Animal Science, Chinese Academy of Sciences, Kunming, Yunna, "
        "Inner Mongolia, China",
    ]
    # cor001 holds two addresses: which is whose is not machine-readable
    assert a.authors[5].corresponding and a.authors[5].email is None
    assert a.published == PartialDate(2016, 1, 27)
    assert (a.volume, a.issue, a.elocation_id) == ("11", "1", "e0147124")
    assert a.licence is not None
    assert a.licence.url == "http://creativecommons.org/licenses/by/4.0/"
    assert len(a.references) == 53
    # a DOI given only as a dx.doi.org link
    assert a.references[2].label == "3"
    assert a.references[2].doi == "10.1016/S0921-4488(97)00100-4"
    assert a.references[0].text == (
        "Burns R, Bergen WV, Young S. Cashmere and the undercoat of domestic and wild "
        "animals. J Textile Inst Trans. 1962;53(2):T45\N{EN DASH}T68."
    )
    assert a.data_availability.startswith("Data are available from Gene Expression Omnibus")
    assert a.funding[0].funder_id == "10.13039/501100001809"
    assert len(a.funding) == 4
    assert a.keywords == ()


def test_plos_biology_1001473() -> None:
    a = sample("plos-journal.pbio.1001473.xml")
    assert a.title == (
        "The Oxytricha trifallax Macronuclear Genome: A Complex Eukaryotic Genome with "
        "16,000 Tiny Chromosomes"
    )
    assert a.doi == "10.1371/journal.pbio.1001473"
    assert len(a.authors) == 29
    assert a.authors[0].surname == "Swart" and a.authors[0].orcid is None
    assert a.authors[-1].email == "lfl@princeton.edu"
    assert (a.journal.issn_print, a.journal.issn_online) == ("1544-9173", "1545-7885")
    assert a.journal.journal_id == "PLoS Biol"
    assert a.published == PartialDate(2013, 1, 29)
    assert (a.volume, a.issue, a.elocation_id) == ("11", "1", "e1001473")
    # an older PLOS licence: a statement, no URL
    assert a.licence is not None and a.licence.url is None
    assert a.licence.text.startswith("This is an open-access article distributed under")
    # the author summary and the toc blurb are typed abstracts, skipped
    assert len(a.abstracts) == 1
    assert len(a.references) == 133
    first = a.references[0]
    assert (first.label, first.year, first.authors[0]) == ("1", "2012", "Zoller SD")


def test_scielo_multilingual_trans_title_and_abstract() -> None:
    a = sample("scielo-0103-6351-3289.xml")
    assert a.language == "pt"
    assert a.titles == (
        Text(
            "Impactos do Programa Bolsa Família no mercado de trabalho e na renda dos "
            "trabalhadores rurais"
        ),
        Text(
            "Impacts of Bolsa Família program in the labor market and income of rural workers", "en"
        ),
    )
    assert a.doi == "10.1590/0103-6351/3289"
    assert len(a.authors) == 4
    assert a.authors[0].surname == "Costa" and a.authors[0].orcid is None
    aff = a.authors[0].affiliations[0]
    assert (aff.name, aff.country) == ("Universidade de São Paulo", "BR")  # "normalized"
    assert (a.journal.issn_print, a.journal.issn_online) == ("0103-6351", "1980-5381")
    assert a.published == PartialDate(2018)  # epub-ppub with a season
    assert (a.volume, a.issue, a.first_page, a.last_page) == ("28", "2", "385", "416")
    assert a.licence is not None
    assert a.licence.url == "https://creativecommons.org/licenses/by/4.0/"
    assert [t.lang for t in a.abstracts] == [None, "en"]
    assert a.abstracts[0].value.startswith("O presente estudo avalia os efeitos")
    assert a.abstracts[1].value.startswith("This study evaluates the effects")
    assert keywords(a, "pt") == [
        "Programa Bolsa Família",
        "entropia",
        "Efeito Quantílico de Tratamento",
        "mercado de trabalho.",
    ]
    assert keywords(a, "en") == [
        "Bolsa Família Program",
        "Entropy",
        "Quantílico Treatment Effect",
        "Label Market.",
    ]
    assert len(a.references) == 29
    assert a.references[0].text.startswith("AROCA, P.; BRIDA, J. G.; VOLO, S. Tourism statistics")
    assert a.references[0].authors == ("AROCA P.", "BRIDA J. G.", "VOLO S")


def test_scielo_translation_sub_articles() -> None:
    a = sample("scielo-1518-8345.2927.3231.xml")
    assert [t.lang for t in a.titles] == [None, "pt", "es"]
    assert a.titles[1].value == (
        "Análise da evolução de competências da prática clínica no curso de enfermagem"
    )
    # the footnote mark (xref) in the title is not part of it
    assert a.title == (
        "Analysis of the evolution of competences in the clinical practice of the nursing degree"
    )
    assert [t.lang for t in a.abstracts] == [None, "pt", "es"]
    assert a.abstracts[0].value.startswith("Objective:\n\nto analyze the student")
    assert keywords(a, "en")[0] == "Learning Environment"
    assert keywords(a, "pt")[0] == "Ambiente de Aprendizagem"
    assert keywords(a, "es")[0] == "Entorno de Aprendizaje"
    first = a.authors[0]
    assert (first.surname, first.orcid) == ("Martínez-Momblán", "0000-0002-5364-5270")
    assert first.affiliations[0].country == "ES"
    assert a.authors[4].email == "martaromero@ub.edu"
    assert a.published == PartialDate(2020, 2, 3)
    assert (a.volume, a.elocation_id) == ("28", "e3231")
    assert len(a.references) == 34


def test_joss() -> None:
    a = sample("joss-10.21105.joss.00045.jats.xml")
    assert a.title == "ChainConsumer"
    assert a.doi == "10.21105/joss.00045"
    assert a.article_type == "other"
    assert a.journal.title == "Journal of Open Source Software"
    assert a.journal.issn_online == "2475-9066"
    assert len(a.authors) == 1
    author = a.authors[0]
    assert (author.surname, author.given_names) == ("Hinton", "Samuel")
    assert author.orcid == "0000-0003-2071-9349"
    assert [f.name for f in author.affiliations] == ["University of Queensland"]
    assert a.published == PartialDate(2016, 7, 27)
    assert (a.volume, a.issue, a.first_page) == ("1", "4", "45")
    assert a.licence is not None
    assert a.licence.url == "https://creativecommons.org/licenses/by/4.0/"
    assert keywords(a, None) == ["Python", "visualization", "mcmc"]
    assert len(a.references) == 6
    matplotlib = a.references[0]
    assert matplotlib.doi == "10.1109/MCSE.2007.55"
    assert (matplotlib.volume, matplotlib.first_page, matplotlib.year) == ("9", "90", "2007")
    assert matplotlib.text == (
        "Hunter John D (2007). Matplotlib: A 2D graphics environment. Computing in science "
        "and engineering 9:90\N{EN DASH}95. doi:10.1109/MCSE.2007.55."
    )
    assert a.references[1].url == "http://www.scipy.org/"


# Small documents for what the samples do not show.

HEAD = (
    '<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:ali="http://www.niso.org/'
    'schemas/ali/1.0/" article-type="research-article" xml:lang="fr"><front>'
)


def doc(meta: str, back: str = "", body: str = "") -> bytes:
    return (
        f"{HEAD}<article-meta>{meta}</article-meta></front><body>{body}</body>"
        f"<back>{back}</back></article>"
    ).encode()


TITLE = "<title-group><article-title>T</article-title></title-group>"


def test_jats_13_contributor_credit_ror_and_data() -> None:
    meta = (
        TITLE + '<contrib-group><contrib contrib-type="author" corresp="yes">'
        '<contrib-id contrib-id-type="orcid">https://orcid.org/0000-0002-1825-0097</contrib-id>'
        "<name><surname>Carberry</surname><given-names>Josiah</given-names></name>"
        '<role vocab="credit" vocab-term="Writing \N{EN DASH} original draft">Writing</role>'
        '<role vocab="credit" vocab-term-identifier="https://credit.niso.org/contributor-roles/'
        'data-curation/">Curation</role><role vocab="credit" vocab-term="Dancing"/>'
        '<xref ref-type="aff" rid="a1"/></contrib>'
        '<aff id="a1"><institution-wrap><institution-id institution-id-type="ror">'
        "https://ror.org/05dxps055</institution-id><institution>Caltech</institution>"
        '</institution-wrap><country country="us">USA</country></aff></contrib-group>'
        "<permissions><license><ali:license_ref>https://creativecommons.org/licenses/by/4.0/"
        "</ali:license_ref></license></permissions>"
    )
    body = (
        '<sec sec-type="data-availability"><title>Data</title><p>Code: <ext-link '
        'xlink:href="https://archive.softwareheritage.org/swh:1:dir:'
        + "a"
        * 40
        + '">here</ext-link>; data <ext-link xlink:href="https://doi.org/10.5281/zenodo.1">'
        "Zenodo</ext-link>.</p></sec>"
    )
    a = jats.read(doc(meta, body=body))
    author = a.authors[0]
    assert author.orcid == "0000-0002-1825-0097"
    assert author.credit_roles == ("Writing \N{EN DASH} original draft", "Data curation")
    assert author.affiliations[0].ror == "https://ror.org/05dxps055"
    assert author.affiliations[0].country == "US"
    assert a.language == "fr"
    assert a.licence is not None
    assert a.licence.url == "https://creativecommons.org/licenses/by/4.0/"
    assert a.data_availability == "Code: here; data Zenodo."
    assert [(r.identifier_type, r.identifier, r.kind) for r in a.related] == [
        ("SWHID", "swh:1:dir:" + "a" * 40, "software"),
        ("DOI", "10.5281/zenodo.1", ""),
    ]


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<article><front><article-meta><title-group><article-title>&x;</article-title>"
    b"</title-group></article-meta></front></article>"
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'.encode()
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + b"]><article><front><article-meta><title-group><article-title>&i;</article-title>"
    b"</title-group></article-meta></front></article>"
)


@pytest.mark.parametrize(
    ("data", "path", "reason"),
    [
        (b"not xml at all", "", "not XML"),
        (b"", "", "not XML"),
        (XXE, "/", "declares entities"),
        (
            b'<!DOCTYPE article PUBLIC "-//x" "http://example.invalid/j.dtd"><article><front>'
            b"<article-meta><title-group><article-title>&nbsp;</article-title></title-group>"
            b"</article-meta></front></article>",
            "/article/front/article-meta/title-group/article-title",
            "entity reference &nbsp;",
        ),
        (b"<book><front/></book>", "/book", "not <article>"),
        (b'<article xmlns="urn:x"><front/></article>', "/*", "not <article>"),
        (b"<article><body/></article>", "/article/front", "missing"),
        (doc(""), "/article/front/article-meta/title-group/article-title", "no title"),
        (
            doc("<title-group><article-title> <xref>1</xref> </article-title></title-group>"),
            "/article/front/article-meta/title-group/article-title",
            "no title",
        ),
        (
            doc(TITLE + '<article-id pub-id-type="doi">11.1/x</article-id>'),
            "/article/front/article-meta/article-id",
            "prefix",
        ),
        (
            doc(
                TITLE + '<contrib-group><contrib><contrib-id contrib-id-type="orcid">'
                "0000-0002-1825-0098</contrib-id><name><surname>X</surname></name></contrib>"
                "</contrib-group>"
            ),
            "/article/front/article-meta/contrib-group/contrib/contrib-id",
            "check digit",
        ),
        (
            doc(TITLE + "<pub-date><day>31</day><month>2</month><year>2020</year></pub-date>"),
            "/article/front/article-meta/pub-date",
            "not a date",
        ),
        (
            doc(TITLE + "<pub-date><month>2</month></pub-date>"),
            "/article/front/article-meta/pub-date",
            "not a date",
        ),
    ],
)
def test_bad_input_raises_jats_error(data: bytes, path: str, reason: str) -> None:
    with pytest.raises(JatsError) as caught:
        jats.read(data)
    assert caught.value.path == path
    assert reason in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_billion_laughs_is_refused_without_expansion() -> None:
    # libxml2 refuses the amplification while parsing; were it to let the document
    # through, the entity declarations would be refused
    with pytest.raises(JatsError, match="entit"):
        jats.read(LAUGHS)


def test_external_entity_is_never_read() -> None:
    with pytest.raises(JatsError) as caught:
        jats.read(XXE)
    assert "root:" not in str(caught.value)


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co"))))
def test_title_text_is_kept_whitespace_normalised(title: str) -> None:
    data = doc(f"<title-group><article-title>{escape(title)}</article-title></title-group>")
    expected = " ".join(title.split())
    if not expected:
        with pytest.raises(JatsError):
            jats.read(data)
    else:
        assert jats.read(data).title == expected

"""OJS native XML: the real PKP sample exports (SHARED/schemas/ojs-native/samples) with
golden facts read by hand, hand-made exports first proven valid against OJS's own
native.xsd (3.4 and 3.5), what the model cannot hold listed in ``lost``, bad inputs."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from sankofa.core.formats.article import ojs_values
from sankofa.core.formats.article.model import ContributorKind, Journal, Keyword, Text
from sankofa.core.formats.article.ojs_native import OjsError, OjsExport, read
from sankofa.core.formats.article.ojs_values import bcp47, decode_base64, html_text
from tests.conftest import SHARED

OJS = SHARED / "schemas" / "ojs-native"
SAMPLES = sorted((OJS / "samples").glob("*.xml"))
JOURNAL = Journal(title="Revue des rivières", issn_online="1234-5679")
SAFE = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=True)
PDF = b"%PDF-1.4\n% a tiny stand-in for a galley\n%%EOF\n"


@cache
def schema(branch: str) -> Any:
    path = OJS / branch / "plugins" / "importexport" / "native" / "native.xsd"
    return etree.XMLSchema(etree.parse(str(path), SAFE))


def assert_valid(data: bytes, branch: str) -> None:
    xsd = schema(branch)
    ok = xsd.validate(etree.fromstring(data, SAFE).getroottree())
    assert ok, [f"{e.line}: {e.message}" for e in xsd.error_log]


def read_sample(name: str, **kwargs: Any) -> OjsExport:
    return read((OJS / "samples" / name).read_bytes(), journal=JOURNAL, **kwargs)


# --- the real samples -----------------------------------------------------------------


def test_the_samples_are_there() -> None:
    assert len(SAMPLES) >= 2


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_reads(path: Path) -> None:
    export = read(path.read_bytes(), journal=JOURNAL)
    assert export.issues or export.articles
    assert export.articles == tuple(a for i in export.issues for a in i.articles)
    for item in export.articles:
        assert item.article.title.strip()
        assert item.article.journal == JOURNAL
    assert all(isinstance(line, str) and line for line in export.lost)


@pytest.mark.parametrize(
    ("name", "branch"),
    [("export-issues-ojs3.3.xml", "stable-3_3_0"), ("export-issues-ojs3.4.xml", "stable-3_4_0")],
)
def test_sample_golden_facts(name: str, branch: str) -> None:
    # Read by hand from the file: two issues of volume 1 (numbers 1 and 2, 2020), titled
    # "test 1" and "Test Issue 2"; one article (submission 9, publication 16) with prefix
    # "the", one author "admin admin" (id 9 = primary_contact_id, no ORCID), pages 1-2,
    # galley "test galley 1" -> submission file 10, file 2, extension txt, filesize 47.
    assert_valid((OJS / "samples" / name).read_bytes(), branch)
    export = read_sample(name)
    first, second = export.issues
    assert (first.volume, first.number, first.year) == ("1", "1", 2020)
    assert (second.volume, second.number, second.year) == ("1", "2", 2020)
    assert first.titles == (Text("test 1", "en"),)
    assert second.titles == (Text("Test Issue 2", "en"),)
    assert first.descriptions == (Text("test 1 descr", "en"),)
    assert len(first.articles) == 1 and second.articles == ()
    item = first.articles[0]
    article = item.article
    assert article.titles == (Text("the test submission 2 - title", "en"),)
    assert article.subtitle == "test submission 2 - subtitle"
    assert article.abstracts == (Text("test submission 2 - abstract", "en"),)
    assert article.keywords == tuple(
        Keyword(value=k, lang="en") for k in ("test", "test2", "test3")
    )
    assert article.language == "en"
    assert (article.volume, article.issue, article.first_page, article.last_page) == (
        "1",
        "1",
        "1",
        "2",
    )
    assert article.section == "Articles"
    assert article.copyright_statement == "\N{COPYRIGHT SIGN} 2020 test"
    assert article.received is not None and article.received.iso() == "2020-03-10"
    assert article.published is None  # the issues are unpublished (published="0")
    (author,) = article.contributors
    assert (author.given_names, author.surname, author.email) == (
        "admin",
        "admin",
        "defstat@gmail.com",
    )
    assert author.orcid is None and author.corresponding
    assert (item.submission_id, item.publication_id, item.sequence) == ("9", "16", 0)
    (galley,) = item.galleys
    assert galley.label == "test galley 1" and galley.locale == "en"
    assert galley.file_name == "admin, test-upload-5.txt"
    assert galley.mime_type == "text/plain"
    assert galley.size == 47
    assert galley.content is not None and galley.content.startswith(b"test test test \r\n")
    assert galley.href is None


def test_sample_lost_lists_covers_and_files_that_are_not_galleys() -> None:
    lost = read_sample("export-issues-ojs3.4.xml").lost
    assert sum("cover image" in line for line in lost) == 3  # two issues, one article
    not_galleys = [line for line in lost if "is not a galley" in line]
    assert len(not_galleys) == 2  # submission files 9 (submission) and 11 (final)
    assert any("submission file 9 " in line and "stage submission" in line for line in not_galleys)
    assert any("submission file 11 " in line and "stage final" in line for line in not_galleys)


def test_the_3_3_and_3_4_samples_give_the_same_values() -> None:
    old, new = read_sample("export-issues-ojs3.3.xml"), read_sample("export-issues-ojs3.4.xml")
    assert old.issues == new.issues
    assert old.lost == new.lost


def test_a_file_over_the_cap_is_refused_naming_it() -> None:
    with pytest.raises(OjsError, match="larger than the limit of 46 bytes") as caught:
        read_sample("export-issues-ojs3.4.xml", max_file_bytes=46)
    assert (
        caught.value.path == "issues/issue[1]/articles/article[1]/submission_file[3]/file[1]/embed"
    )
    assert read_sample("export-issues-ojs3.4.xml", max_file_bytes=47).articles


# --- a hand-made export, valid against OJS 3.4's native.xsd ------------------------------


def b64(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii")


def handmade_34(*, publication_date: str = "2023-06-30", pdf: str | None = None) -> bytes:
    """An issue with one bilingual article (fr_CA first), three authors, two publication
    versions, a manuscript and a reviewer's file, a PDF galley and a remote HTML galley."""
    pdf = b64(PDF) if pdf is None else pdf
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<issues xmlns="http://pkp.sfu.ca">
 <issue published="1" current="1" access_status="1" url_path="7-2">
  <id type="internal" advice="ignore">4</id>
  <id type="doi" advice="update">10.5555/riv.2023.2</id>
  <description locale="en">&lt;p&gt;Rivers, &lt;em&gt;again&lt;/em&gt;.&lt;/p&gt;</description>
  <issue_identification>
   <volume>7</volume><number>2</number><year>2023</year>
   <title locale="en">Special issue on rivers</title>
   <title locale="fr_CA">Numéro spécial sur les rivières</title>
  </issue_identification>
  <date_published>2023-06-30</date_published>
  <last_modified>2023-07-01</last_modified>
  <sections>
   <section ref="ART" seq="1">
    <abbrev locale="en">ART</abbrev>
    <title locale="en">Articles</title>
    <title locale="fr_CA">Articles de recherche</title>
   </section>
  </sections>
  <covers>
   <cover locale="en"><cover_image>c.png</cover_image>
    <cover_image_alt_text>a river</cover_image_alt_text>
    <embed encoding="base64">{b64(b"not really a png")}</embed></cover>
  </covers>
  <articles>
   <article locale="fr_CA" date_submitted="2023-01-15" status="3" current_publication_id="31"
            stage="production">
    <id type="internal" advice="ignore">17</id>
    <submission_file id="50" file_id="70" stage="submission" genre="Article Text">
     <name locale="fr_CA">manuscrit.docx</name>
     <file id="70" extension="docx" filesize="5">
      <embed encoding="base64">{b64(b"draft")}</embed></file>
    </submission_file>
    <submission_file id="51" file_id="71" stage="review_attachment" genre="Other">
     <name locale="en">reviewer-comments.txt</name>
     <file id="71" extension="txt" filesize="4">
      <embed encoding="base64">{b64(b"meh.")}</embed></file>
    </submission_file>
    <submission_file id="52" file_id="72" stage="proof" genre="Article Text">
     <name locale="fr_CA">rivieres.pdf</name>
     <file id="72" extension="pdf" filesize="{len(PDF)}">
      <embed encoding="base64">{pdf}</embed></file>
    </submission_file>
    <publication version="1" status="1" section_ref="ART" seq="3">
     <id type="internal" advice="ignore">30</id>
     <title locale="fr_CA">Un vieux titre</title>
    </publication>
    <publication version="2" status="3" date_published="{publication_date}"
                 primary_contact_id="101" section_ref="ART" seq="3" url_path="rivieres">
     <id type="internal" advice="ignore">31</id>
     <id type="doi" advice="update">10.5555/riv.2023.17</id>
     <title locale="en">Rivers of Quebec</title>
     <title locale="fr_CA">Les rivières du Québec</title>
     <title locale="pt_BR">Rios do Quebec</title>
     <subtitle locale="fr_CA">Une étude</subtitle>
     <subtitle locale="en">A study</subtitle>
     <abstract locale="fr_CA">&lt;p&gt;Premier paragraphe.&lt;/p&gt;
      &lt;p&gt;Second &amp;amp; dernier.&lt;/p&gt;</abstract>
     <abstract locale="en">&lt;p&gt;First.&lt;/p&gt;</abstract>
     <coverage locale="en">Quebec, 1950-2020</coverage>
     <rights locale="en">Licensed under CC BY 4.0.</rights>
     <licenseUrl>https://creativecommons.org/licenses/by/4.0/</licenseUrl>
     <copyrightHolder locale="fr_CA">Les auteurs</copyrightHolder>
     <copyrightYear>2023</copyrightYear>
     <keywords locale="fr_CA"><keyword>rivières</keyword><keyword>hydrologie</keyword></keywords>
     <keywords locale="en"><keyword>rivers</keyword></keywords>
     <agencies locale="en">
      <agency>Natural Sciences and Engineering Research Council</agency></agencies>
     <authors>
      <author user_group_ref="Author" seq="0" id="100">
       <givenname locale="fr_CA">Marie</givenname>
       <familyname locale="fr_CA">Tremblay</familyname>
       <affiliation locale="fr_CA">Université Laval</affiliation>
       <affiliation locale="en">Laval University</affiliation>
       <country>CA</country>
       <email>marie@example.org</email>
       <orcid>https://orcid.org/0000-0002-1825-0097</orcid>
       <biography locale="en">Hydrologist.</biography>
      </author>
      <author user_group_ref="Author" seq="1" id="101">
       <givenname locale="fr_CA">João</givenname>
       <familyname locale="fr_CA">Silva</familyname>
       <email>joao@example.org</email>
       <orcid>https://orcid.org/0000-0002-1825-0098</orcid>
      </author>
      <author user_group_ref="Translator" seq="2" id="102">
       <givenname locale="fr_CA">Ana</givenname>
       <email>ana@example.org</email>
      </author>
     </authors>
     <article_galley locale="fr_CA" approved="true">
      <id type="internal" advice="ignore">40</id>
      <id type="doi" advice="update">10.5555/riv.2023.17.g40</id>
      <name locale="fr_CA">PDF</name><seq>0</seq>
      <submission_file_ref id="52"/>
     </article_galley>
     <article_galley locale="en">
      <name locale="en">HTML</name><seq>1</seq>
      <remote src="https://example.org/rivers.html"/>
     </article_galley>
     <citations><citation>Smith J. Rivers. J Hydrol. 2001;12:1-9.</citation></citations>
     <pages>17-29</pages>
    </publication>
   </article>
  </articles>
 </issue>
</issues>
""".encode()


def test_handmade_export_is_a_real_ojs_34_document() -> None:
    assert_valid(handmade_34(), "stable-3_4_0")


def test_handmade_issue() -> None:
    (issue,) = read(handmade_34(), journal=JOURNAL).issues
    assert (issue.volume, issue.number, issue.year) == ("7", "2", 2023)
    assert issue.titles == (
        Text("Special issue on rivers", "en"),
        Text("Numéro spécial sur les rivières", "fr-CA"),
    )
    assert issue.descriptions == (Text("Rivers, again.", "en"),)
    assert issue.published is not None and issue.published.iso() == "2023-06-30"
    assert issue.doi == "10.5555/riv.2023.2"


def test_handmade_article_metadata() -> None:
    (item,) = read(handmade_34(), journal=JOURNAL).articles
    article = item.article
    assert article.language == "fr-CA"
    assert article.titles == (
        Text("Les rivières du Québec", "fr-CA"),
        Text("Rivers of Quebec", "en"),
        Text("Rios do Quebec", "pt-BR"),
    )
    assert article.subtitle == "Une étude"
    assert article.abstracts == (
        Text("Premier paragraphe.\n\nSecond & dernier.", "fr-CA"),
        Text("First.", "en"),
    )
    assert article.keywords == (
        Keyword(value="rivières", lang="fr-CA"),
        Keyword(value="hydrologie", lang="fr-CA"),
        Keyword(value="rivers", lang="en"),
    )
    assert article.section == "Articles de recherche"
    assert article.doi == "10.5555/riv.2023.17"
    assert article.publisher_id == "17"
    assert article.published is not None and article.published.iso() == "2023-06-30"
    assert article.received is not None and article.received.iso() == "2023-01-15"
    assert (article.volume, article.issue, article.first_page, article.last_page) == (
        "7",
        "2",
        "17",
        "29",
    )
    assert article.licence is not None
    assert article.licence.url == "https://creativecommons.org/licenses/by/4.0/"
    assert article.licence.text == "Licensed under CC BY 4.0."
    assert article.copyright_statement == "\N{COPYRIGHT SIGN} 2023 Les auteurs"
    assert [f.funder_name for f in article.funding] == [
        "Natural Sciences and Engineering Research Council"
    ]
    assert [r.text for r in article.references] == ["Smith J. Rivers. J Hydrol. 2001;12:1-9."]
    assert (item.submission_id, item.publication_id, item.sequence) == ("17", "31", 3)


def test_handmade_authors() -> None:
    export = read(handmade_34(), journal=JOURNAL)
    marie, joao, ana = export.articles[0].article.contributors
    assert (marie.given_names, marie.surname) == ("Marie", "Tremblay")
    assert marie.orcid == "0000-0002-1825-0097"
    assert marie.email == "marie@example.org"
    assert [a.name for a in marie.affiliations] == ["Université Laval"]
    assert not marie.corresponding
    assert joao.corresponding  # publication/@primary_contact_id="101"
    assert joao.orcid is None  # its check digit is wrong: reported, not kept
    assert any("'João Silva'" in line and "ORCID not kept" in line for line in export.lost)
    assert (ana.surname, ana.given_names, ana.kind) == ("Ana", "", ContributorKind.TRANSLATOR)


def test_handmade_galleys() -> None:
    pdf, remote = read(handmade_34(), journal=JOURNAL).articles[0].galleys
    assert (pdf.label, pdf.locale, pdf.seq) == ("PDF", "fr-CA", 0)
    assert (pdf.file_name, pdf.mime_type, pdf.content, pdf.size) == (
        "rivieres.pdf",
        "application/pdf",
        PDF,
        len(PDF),
    )
    assert pdf.doi == "10.5555/riv.2023.17.g40"
    assert (remote.label, remote.locale, remote.content) == ("HTML", "en", None)
    assert (remote.href, remote.mime_type) == ("https://example.org/rivers.html", "text/html")


def test_handmade_lost_names_what_the_model_cannot_hold() -> None:
    lost = read(handmade_34(), journal=JOURNAL).lost
    text = "\n".join(lost)
    expected = [
        "publication version 1 (not the current one) not kept",
        "submission file 50 'manuscrit.docx' (stage submission",
        "submission file 51 'reviewer-comments.txt' (stage review_attachment",
        "coverage not kept",
        "subtitle in en not kept ('A study')",
        "affiliation in en not kept ('Laval University')",
        "country not kept",
        "biography not kept",
        "issue vol. 7 no. 2 (2023): cover image(s) not kept",
    ]
    for piece in expected:
        assert piece in text
    assert "rivieres.pdf" not in text  # the galley's own file is kept, not lost
    assert len(lost) == len(expected) + 1  # and the bad ORCID


def test_missing_galley_file_names_the_reference() -> None:
    data = handmade_34().replace(
        b'<submission_file_ref id="52"/>', b'<submission_file_ref id="9"/>'
    )
    with pytest.raises(OjsError, match="no submission file 9") as caught:
        read(data, journal=JOURNAL)
    assert caught.value.path.endswith("publication[2]/article_galley[1]/submission_file_ref")


@pytest.mark.parametrize(
    ("pdf", "reason"),
    [
        ("JVBER!!!", "not valid base64"),
        ("JVBERi0", "cut short"),
        ("JQ==JVBE", "not valid base64"),  # padding inside a chunk: binascii refuses it
    ],
)
def test_broken_base64_is_refused(pdf: str, reason: str) -> None:
    with pytest.raises(OjsError, match=reason) as caught:
        read(handmade_34(pdf=pdf), journal=JOURNAL)
    assert caught.value.path.endswith("submission_file[3]/file[1]/embed")


def test_a_date_that_is_not_one_is_refused() -> None:
    with pytest.raises(OjsError, match="not a date") as caught:
        read(handmade_34(publication_date="2023-02-30"), journal=JOURNAL)
    assert caught.value.path.endswith("publication[2]/@date_published")


# --- OJS 3.5: keywords with ids, ROR affiliations -------------------------------------


HANDMADE_35 = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns="http://pkp.sfu.ca" locale="en" stage="production" current_publication_id="5">
 <publication date_published="2025-03-01" section_ref="ART">
  <id type="internal" advice="ignore">5</id>
  <title locale="en">On &lt;i&gt;Salmo salar&lt;/i&gt;</title>
  <keywords locale="en">
   <keyword><name>salmon</name><identifier>http://id.loc.gov/authorities/subjects/sh85116858</identifier></keyword>
  </keywords>
  <authors>
   <author user_group_ref="Author" seq="0" id="1" primary_contact="true">
    <givenname locale="en">Kari</givenname>
    <familyname locale="en">Nordmann</familyname>
    <rorAffiliation><ror>https://ror.org/04sjchr03</ror>
     <name locale="en">Laval University</name></rorAffiliation>
    <affiliation><name locale="en">Fish Lab</name></affiliation>
    <email>kari@example.org</email>
   </author>
  </authors>
  <issue_identification><volume>3</volume><number>1</number><year>2025</year></issue_identification>
  <pages>e12</pages>
 </publication>
</article>
"""


def test_handmade_35_article_root() -> None:
    data = HANDMADE_35
    assert_valid(data.encode(), "stable-3_5_0")
    export = read(data.encode(), journal=JOURNAL)
    assert export.issues == ()
    (item,) = export.articles
    article = item.article
    assert article.titles == (Text("On Salmo salar", "en"),)
    assert article.keywords == (Keyword(value="salmon", lang="en"),)
    assert (article.volume, article.issue, article.first_page, article.last_page) == (
        "3",
        "1",
        "e12",
        "",
    )
    (kari,) = article.contributors
    assert kari.corresponding
    assert [(a.name, a.ror) for a in kari.affiliations] == [
        ("Laval University", "https://ror.org/04sjchr03"),
        ("Fish Lab", None),
    ]
    assert export.lost == (
        "article 'On Salmo salar': keyword 'salmon': identifier "
        "'http://id.loc.gov/authorities/subjects/sh85116858' not kept "
        "[article/publication[1]/keywords]",
    )


def test_main_branch_contributor_roles_are_reported() -> None:
    data = (
        HANDMADE_35.replace('section_ref="ART">', 'section_ref="ART" id="5">')
        .replace('user_group_ref="Author" ', 'contributor_type="PERSON" ')
        .replace(
            "<email>kari@example.org</email>",
            "<email>kari@example.org</email>"
            "<contributor_roles><contributor_role_id>1</contributor_role_id></contributor_roles>",
        )
    )
    assert_valid(data.encode(), "main")
    export = read(data.encode(), journal=JOURNAL)
    assert export.articles[0].article.contributors[0].surname == "Nordmann"
    assert export.articles[0].publication_id == "5"
    assert any("contributor role ids not kept" in line for line in export.lost)


def test_padding_in_the_middle_across_chunks_is_refused() -> None:
    saved = ojs_values.CHUNK
    ojs_values.CHUNK = 4
    try:
        with pytest.raises(ValueError, match="after its = padding"):
            decode_base64("JQ==JVBE", limit=100)
    finally:
        ojs_values.CHUNK = saved


# --- bad documents --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not XML"),
        (b"%PDF-1.4 not xml", "not XML"),
        (b"<issues xmlns='http://pkp.sfu.ca'><issue>", "not XML"),
        (b"<article><front/></article>", "the root element is article, not issues"),
        (b"<records xmlns='http://pkp.sfu.ca'/>", "the root element is {http://pkp.sfu.ca}records"),
    ],
)
def test_not_an_ojs_export(data: bytes, message: str) -> None:
    with pytest.raises(OjsError, match=message):
        read(data, journal=JOURNAL)


def test_not_xml_names_the_line() -> None:
    with pytest.raises(OjsError, match=r"line 2"):
        read(b"<issues xmlns='http://pkp.sfu.ca'>\n<issue></issues>", journal=JOURNAL)


@pytest.mark.parametrize(
    ("xml", "path"),
    [
        ("<issue><articles/></issue>", "issue"),
        (
            "<article stage='production'><publication section_ref='A'/></article>",
            "article/publication[1]/title",
        ),
        ("<article stage='production'/>", "article"),
    ],
)
def test_missing_required_parts_name_the_place(xml: str, path: str) -> None:
    name = xml[1:].split(" ")[0].split(">")[0]
    data = xml.replace(f"<{name}", f"<{name} xmlns='http://pkp.sfu.ca'", 1).encode()
    with pytest.raises(OjsError) as caught:
        read(data, journal=JOURNAL)
    assert caught.value.path == path


def test_entities_are_never_expanded() -> None:
    data = (
        b'<!DOCTYPE issues [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<articles xmlns='http://pkp.sfu.ca'><article stage='production'>"
        b"<publication section_ref='A'><title locale='en'>T &x;</title></publication>"
        b"</article></articles>"
    )
    (item,) = read(data, journal=JOURNAL).articles
    assert "root:" not in item.article.title


# --- the value conversions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "tag"),
    [
        ("en_US", "en"),
        ("en", "en"),
        ("en_GB", "en-GB"),
        ("fr_CA", "fr-CA"),
        ("fr_FR", "fr"),
        ("pt_BR", "pt-BR"),
        ("pt_PT", "pt"),
        ("es_ES", "es"),
        ("zh_CN", "zh-CN"),
        ("zh_Hant", "zh-Hant"),
        ("sr_RS@latin", "sr-Latn"),
        ("sr@cyrillic", "sr-Cyrl"),
        ("uz_UZ@cyrillic", "uz-Cyrl"),
        ("es_419", "es-419"),
        ("ckb", "ckb"),
    ],
)
def test_bcp47(locale: str, tag: str) -> None:
    assert bcp47(locale) == tag


def test_bcp47_refuses_a_locale_without_a_language() -> None:
    with pytest.raises(ValueError, match="language code"):
        bcp47("_US")


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("plain  text\n", "plain text"),
        ("<p>One</p>\n<p>Two <b>bold</b></p>", "One\n\nTwo bold"),
        ("<p>a<br/>b</p>", "a\nb"),
        ("x &amp; y &lt; z", "x & y < z"),
        ("<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"),
        ("<p></p>", ""),
    ],
)
def test_html_text(markup: str, text: str) -> None:
    assert html_text(markup) == text


@given(
    data=st.binary(max_size=300),
    chunk=st.integers(min_value=1, max_value=17),
    line=st.integers(min_value=4, max_value=80),
)
def test_base64_decodes_across_chunk_boundaries(data: bytes, chunk: int, line: int) -> None:
    encoded = base64.b64encode(data).decode()
    wrapped = "\n ".join(encoded[i : i + line] for i in range(0, len(encoded), line))
    saved = ojs_values.CHUNK
    ojs_values.CHUNK = chunk
    try:
        assert decode_base64(wrapped, limit=len(data)) == data
        if data:
            with pytest.raises(ValueError, match="larger than the limit"):
                decode_base64(wrapped, limit=len(data) - 1)
    finally:
        ojs_values.CHUNK = saved

"""Importing OJS native XML exports: the real PKP samples (SHARED/schemas/ojs-native/samples)
and the hand-made OJS 3.4 export proven valid against native.xsd in
tests/core/article/test_ojs_native.py — issues, sections, articles, authors, galleys
(bytes in the blob store), DOIs kept as external, dates kept, the report of what was not
kept, no duplicates on a second import, a dry run, and nothing half-written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from lxml import etree

from sankofa.core.actors import PermissionDenied
from sankofa.core.blobstore import get_blobstore
from sankofa.journals.articles import metadata_of
from sankofa.journals.models import Article, Galley, Issue, Journal, Section
from sankofa.journals.ojs_import import OjsImportError, galley_kind, import_ojs
from sankofa.journals.production import validate_jats
from tests.conftest import SHARED
from tests.core.article.test_ojs_native import PDF, b64, handmade_34
from tests.journals.editorial_setup import OPERATOR, person

pytestmark = pytest.mark.django_db

SAMPLES = SHARED / "schemas" / "ojs-native" / "samples"


@pytest.fixture
def journal(node_home: Path) -> Journal:
    return Journal.objects.create(
        slug="riv", title={"en": "Rivers"}, primary_language="en", issn_online="1234-5679"
    )


def test_the_ojs_3_4_sample_imports(journal: Journal) -> None:
    data = (SAMPLES / "export-issues-ojs3.4.xml").read_bytes()
    report = import_ojs(OPERATOR, journal.pk, data)
    # by hand from the file: two issues (vol. 1 no. 1 "test 1", vol. 1 no. 2 "Test Issue
    # 2", 2020), one article in the first, one galley "test galley 1" (47 bytes of text)
    assert (report.issues_created, report.issues_reused, report.articles_imported) == (2, 0, 1)
    assert report.galleys_stored == 1 and report.sections_created == ["articles"]
    first, second = Issue.objects.filter(journal=journal).order_by("number")
    assert (first.volume, first.number, first.year, first.title) == (
        "1",
        "1",
        2020,
        {"en": "test 1"},
    )
    assert second.title == {"en": "Test Issue 2"} and second.published is None
    (article,) = Article.objects.filter(journal=journal)
    assert article.pk == report.article_ids[0]
    assert article.issue == first and article.section is not None
    assert article.section.title == {"en": "Articles"}
    assert article.title == "the test submission 2 - title"
    assert article.doi is None and article.doi_state == "" and article.ark
    meta = metadata_of(article)
    assert [a.value for a in meta.abstracts] == ["test submission 2 - abstract"]
    assert [k.value for k in meta.keywords] == ["test", "test2", "test3"]
    assert [(c.given_names, c.surname) for c in meta.contributors] == [("admin", "admin")]
    assert meta.extra == {
        "ojs_submission_id": "9",
        "ojs_publication_id": "16",
        "ojs_url_path": "te-1",
    }
    assert meta.received is not None and meta.received.iso() == "2020-03-10"
    (galley,) = Galley.objects.filter(article=article)
    assert (galley.kind, galley.label, galley.media_type, galley.size) == (
        "other",
        "test galley 1",
        "text/plain",
        47,
    )
    with get_blobstore().open(galley.sha256) as stream:
        assert stream.read().startswith(b"test test test \r\n")
    # the reader's lost lines are all in the report, and the missing date is said
    assert sum("cover image" in line for line in report.lost) == 3
    assert sum("is not a galley" in line for line in report.lost) == 2
    assert any("no publication date" in line for line in report.lost)
    text = "\n".join(report.lines())
    assert "1 article(s) imported with 1 galley(s)" in text
    assert all(f"not kept: {line}" in text for line in report.lost)


def test_the_handmade_export_keeps_doi_dates_order_and_galleys(journal: Journal) -> None:
    report = import_ojs(OPERATOR, journal.pk, handmade_34())
    assert (report.issues_created, report.articles_imported, report.galleys_stored) == (1, 1, 1)
    (issue,) = Issue.objects.filter(journal=journal)
    assert (issue.volume, issue.number, issue.year) == ("7", "2", 2023)
    assert issue.title == {
        "en": "Special issue on rivers",
        "fr-CA": "Numéro spécial sur les rivières",
    }
    assert issue.published is not None and issue.published.date().isoformat() == "2023-06-30"
    article = Article.objects.get(journal=journal)
    assert (article.doi, article.doi_state) == ("10.5555/riv.2023.17", "external")
    assert article.published.date().isoformat() == "2023-06-30"
    assert (article.language, article.order_in_issue) == ("fr-CA", 3)
    assert article.section is not None
    assert article.section.title == {"fr-CA": "Articles de recherche"}
    meta = metadata_of(article)
    assert [c.orcid for c in meta.contributors] == ["0000-0002-1825-0097", None, None]
    assert meta.licence is not None
    assert meta.licence.url == "https://creativecommons.org/licenses/by/4.0/"
    (pdf,) = Galley.objects.filter(article=article)
    assert (pdf.kind, pdf.name, pdf.language, pdf.label) == ("pdf", "rivieres.pdf", "fr-CA", "PDF")
    assert pdf.sha256 == hashlib.sha256(PDF).hexdigest()
    lost = "\n".join(report.lost)
    assert "hosted elsewhere (https://example.org/rivers.html)" in lost
    assert "DOI 10.5555/riv.2023.17.g40 of galley 'PDF'" in lost
    assert "issue DOI 10.5555/riv.2023.2 not kept" in lost
    assert "description (en) not kept" in lost
    assert "reviewer-comments.txt" in lost  # the reviewer's file is not a galley: said


def test_a_second_import_duplicates_nothing(journal: Journal) -> None:
    samples = (SAMPLES / "export-issues-ojs3.3.xml").read_bytes()
    import_ojs(OPERATOR, journal.pk, handmade_34())
    import_ojs(OPERATOR, journal.pk, samples)
    counts = (Article.objects.count(), Issue.objects.count(), Section.objects.count())
    again = import_ojs(OPERATOR, journal.pk, handmade_34())
    assert again.articles_imported == 0 and again.issues_reused == 1
    assert again.skipped == [
        "'Les rivières du Québec': an article with DOI 10.5555/riv.2023.17 is on this node"
    ]
    # the 3.4 sample is the same OJS submission 9 as the 3.3 one (no DOI): found by its id
    same = import_ojs(OPERATOR, journal.pk, (SAMPLES / "export-issues-ojs3.4.xml").read_bytes())
    assert same.articles_imported == 0 and same.issues_reused == 2
    assert same.skipped == ["'the test submission 2 - title': OJS submission 9 was imported"]
    assert (Article.objects.count(), Issue.objects.count(), Section.objects.count()) == counts
    # in another journal the same DOI-less submission is new
    other = Journal.objects.create(slug="other", title={"en": "Other"})
    assert import_ojs(OPERATOR, other.pk, samples).articles_imported == 1


def test_a_dry_run_reports_and_writes_nothing(journal: Journal) -> None:
    report = import_ojs(OPERATOR, journal.pk, handmade_34(), dry_run=True)
    assert report.dry_run and report.articles_imported == 1 and report.issues_created == 1
    assert report.lines()[0].startswith("dry run, nothing written: 1 article(s) imported")
    assert not Article.objects.exists() and not Issue.objects.exists()
    assert not Section.objects.exists()
    assert import_ojs(OPERATOR, journal.pk, handmade_34()).articles_imported == 1


def test_a_failing_article_leaves_nothing(journal: Journal) -> None:
    # ".." is no file name this node takes: the issue and section made before are undone
    bad = handmade_34().replace(b'<name locale="fr_CA">rivieres.pdf</name>', b"<name>..</name>")
    with pytest.raises(OjsImportError, match="Les rivières du Québec"):
        import_ojs(OPERATOR, journal.pk, bad)
    assert not Issue.objects.exists() and not Section.objects.exists()
    assert not Article.objects.exists() and not Galley.objects.exists()


def test_bad_documents_are_refused_naming_where(journal: Journal) -> None:
    with pytest.raises(OjsImportError, match="not"):
        import_ojs(OPERATOR, journal.pk, b"<html>no</html>")
    broken = handmade_34(pdf="@@@not base64@@@")
    with pytest.raises(OjsImportError, match=r"submission_file\[3\]/file\[1\]/embed"):
        import_ojs(OPERATOR, journal.pk, broken)
    assert not Issue.objects.exists()


def test_only_managers_import(journal: Journal) -> None:
    editor = person("editor@riv.example", journal, "editor")
    with pytest.raises(PermissionDenied):
        import_ojs(editor, journal.pk, handmade_34())
    manager = person("manager@riv.example", journal, "manager")
    assert import_ojs(manager, journal.pk, handmade_34()).articles_imported == 1


@pytest.mark.parametrize(
    ("mime", "label", "kind"),
    [
        ("application/pdf", "PDF", "pdf"),
        ("text/html", "HTML", "html"),
        ("application/epub+zip", "EPUB", "epub"),
        ("application/xml", "JATS XML", "jats"),
        ("application/xml", "XML", "other"),
        (None, "?", "other"),
    ],
)
def test_galley_kinds(mime: str | None, label: str, kind: str) -> None:
    assert galley_kind(mime, label) == kind


def test_each_article_keeps_a_valid_jats_document(journal: Journal) -> None:
    # an OJS export has no structured body: the JATS holds the front matter and references
    report = import_ojs(OPERATOR, journal.pk, handmade_34())
    article = Article.objects.get(journal=journal)
    assert article.jats_sha256
    with get_blobstore().open(article.jats_sha256) as stream:
        data = stream.read()
    assert validate_jats(data, required=True) is None
    root = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    assert root.findtext("front/journal-meta/issn") == "1234-5679"
    assert root.findtext("front/article-meta/title-group/article-title") == "Les rivières du Québec"
    assert root.findtext("front/article-meta/article-id[@pub-id-type='doi']") == (
        "10.5555/riv.2023.17"
    )
    orcids = root.findall("front/article-meta/contrib-group/contrib/contrib-id")
    assert [o.text for o in orcids] == ["https://orcid.org/0000-0002-1825-0097"]
    assert root.find("body") is None
    assert not any("JATS" in line for line in report.lost)


def test_a_jats_galley_is_the_articles_jats(journal: Journal) -> None:
    jats = (SHARED / "data" / "jats").glob("*.xml")
    sample = sorted(jats)[0].read_bytes()
    export = (
        handmade_34(pdf=b64(sample))
        .replace(b"rivieres.pdf", b"rivieres.xml")
        .replace(b'extension="pdf"', b'extension="xml"')
        .replace(b'<name locale="fr_CA">PDF</name>', b'<name locale="fr_CA">JATS XML</name>')
    )
    import_ojs(OPERATOR, journal.pk, export)
    article = Article.objects.get(journal=journal)
    (galley,) = Galley.objects.filter(article=article)
    assert galley.kind == "jats"
    assert article.jats_sha256 == galley.sha256 == hashlib.sha256(sample).hexdigest()


def test_without_an_issn_no_jats_is_kept_and_the_report_says_why(node_home: Path) -> None:
    bare = Journal.objects.create(slug="bare", title={"en": "Bare"}, primary_language="en")
    report = import_ojs(OPERATOR, bare.pk, handmade_34())
    assert Article.objects.get(journal=bare).jats_sha256 == ""
    (line,) = [line for line in report.lost if "JATS" in line]
    assert line == (
        "article 'Les rivières du Québec': no JATS document: JATS needs the journal's ISSN, "
        "and it has none"
    )

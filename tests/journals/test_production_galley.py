"""`production.produce_jats`: the JATS galley of a submission, valid against the DTD, with
its images, by the people who produce, in copyediting or production only."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from sankofa.core.actors import PermissionDenied
from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.article import jats
from sankofa.journals import production
from sankofa.journals.models import Galley, StageEvent
from tests.journals.production_support import (
    MARKDOWN,
    accepted_submission,
    add_file,
    make_desk,
    need_dtd,
    office,
    png,
)

pytestmark = pytest.mark.django_db
XLINK = "{http://www.w3.org/1999/xlink}href"


def blob(sha256: str) -> bytes:
    with get_blobstore().open(sha256) as stream:
        data: bytes = stream.read()
    return data


def test_markdown_source_makes_a_valid_jats_galley(node_home: Path) -> None:
    need_dtd()
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    source = add_file(submission, "article.md", MARKDOWN.encode())

    galley = production.produce_jats(desk.layout, submission.pk, source.pk)

    assert (galley.kind, galley.name, galley.media_type) == (
        "jats",
        f"jats-{submission.pk}.xml",
        "application/jats+xml",
    )
    assert galley.submission_id == submission.pk and galley.article_id is None
    document = blob(galley.sha256)
    assert galley.size == len(document)
    assert production.validate_jats(document, required=True) is None
    article = jats.read(document)
    assert article.title == "Pluie et maïs" and article.language == "fr"
    assert [c.surname for c in article.contributors] == ["Owusu", "Mensah"]
    assert article.contributors[0].orcid == "0000-0002-1825-0097"
    assert (article.volume, article.issue, article.section) == ("3", "1", "Agronomie")
    assert article.accepted is not None and article.accepted.iso() == "2024-03-02"
    assert {r.identifier_type for r in article.related} == {"DOI", "SWHID"}
    root = etree.fromstring(document)
    assert [t.text for t in root.find("body").iter("title")] == ["Introduction", "Methods"]
    # the data-availability heading is in the article's language
    heading = root.find("back/sec[@sec-type='data-availability']/title").text
    assert heading and heading.strip()
    event = StageEvent.objects.filter(submission=submission, action="produce_jats").get()
    assert event.note == "article.md"


def test_docx_images_become_galleys_the_jats_names(node_home: Path, tmp_path: Path) -> None:
    need_dtd()
    desk = make_desk()
    submission = accepted_submission(desk.journal, stage="copyediting")
    source = add_file(submission, "article.docx", office(tmp_path, "docx"))

    galley = production.produce_jats(desk.copyeditor, submission.pk, source.pk)

    images = Galley.objects.filter(submission=submission, kind=Galley.Kind.OTHER)
    assert len(images) == 1
    image = images[0]
    assert image.name.startswith(f"jats-{submission.pk}-") and image.media_type == "image/png"
    assert blob(image.sha256) == png()
    root = etree.fromstring(blob(galley.sha256))
    assert [g.get(XLINK) for g in root.iter("graphic")] == [image.name]


def test_producing_again_replaces_the_earlier_galleys(node_home: Path, tmp_path: Path) -> None:
    need_dtd()
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    uploaded = Galley.objects.create(
        submission=submission,
        kind="pdf",
        name="a.pdf",
        media_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    first = add_file(submission, "article.odt", office(tmp_path, "odt"))
    production.produce_jats(desk.layout, submission.pk, first.pk)
    second = add_file(submission, "article2.md", MARKDOWN.replace("Methods", "Materials").encode())
    galley = production.produce_jats(desk.layout, submission.pk, second.pk)

    left = Galley.objects.filter(submission=submission).order_by("pk")
    assert [g.pk for g in left] == [uploaded.pk, galley.pk]  # the ODT's image went too
    assert b"Materials" in blob(galley.sha256)


def test_who_and_when(node_home: Path) -> None:
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    source = add_file(submission, "article.md", MARKDOWN.encode())
    with pytest.raises(PermissionDenied):
        production.produce_jats(desk.stranger, submission.pk, source.pk)
    submission.stage = "in_review"
    submission.save()
    with pytest.raises(production.ProductionError, match="copyediting or production"):
        production.produce_jats(desk.layout, submission.pk, source.pk)
    with pytest.raises(production.ProductionError, match="no file"):
        production.produce_jats(desk.layout, submission.pk, source.pk + 999)
    assert not Galley.objects.exists()


def test_refusals_write_nothing(node_home: Path) -> None:
    need_dtd()
    desk = make_desk(issn="")
    submission = accepted_submission(desk.journal)
    source = add_file(submission, "article.md", MARKDOWN.encode())
    with pytest.raises(production.ProductionError, match="ISSN"):
        production.produce_jats(desk.layout, submission.pk, source.pk)
    pdf = add_file(submission, "article.pdf", b"%PDF-1.4")
    with pytest.raises(production.ProductionError, match="Markdown, DOCX or ODT"):
        production.produce_jats(desk.layout, submission.pk, pdf.pk)
    assert not Galley.objects.exists()
    assert not StageEvent.objects.filter(action="produce_jats").exists()


def test_invalid_output_is_refused_with_the_validators_message(node_home: Path) -> None:
    need_dtd()
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    # a heading whose id is the one the first affiliation gets: an ID defined twice
    source = add_file(submission, "article.md", b"# Intro {#aff1}\n\nText.\n")
    with pytest.raises(production.ProductionError, match=r"not valid: line \d+: .*aff1"):
        production.produce_jats(desk.layout, submission.pk, source.pk)
    assert not Galley.objects.exists()


def test_markdown_figures_take_the_submissions_image_files(node_home: Path) -> None:
    need_dtd()
    desk = make_desk()
    submission = accepted_submission(desk.journal)
    add_file(submission, "figure.png", png())
    add_file(submission, "notes.txt", b"not an image")
    text = MARKDOWN + "\n![Notes](notes.txt)\n\n![Elsewhere](missing.png)\n"
    source = add_file(submission, "article.md", text.encode())

    galley = production.produce_jats(desk.layout, submission.pk, source.pk)

    image = Galley.objects.get(submission=submission, kind=Galley.Kind.OTHER)
    assert image.name == f"jats-{submission.pk}-figure.png"
    assert blob(image.sha256) == png()
    root = etree.fromstring(blob(galley.sha256))
    hrefs = [g.get(XLINK) for g in root.iter("graphic")]
    assert hrefs == [image.name, "notes.txt", "missing.png"]  # only images are taken

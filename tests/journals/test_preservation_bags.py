"""BagIt export of a journal: one bag per published article, validated with full fixity
by the ``bagit`` library, broken by one flipped byte; its payload (metadata, JATS,
galleys, Crossref and DOAJ XML) and bag-info; damaged blobs never leave in a bag."""

from __future__ import annotations

import hashlib
from pathlib import Path

import bagit
import pytest
from lxml import etree

from sankofa.core.actors import PermissionDenied
from sankofa.core.blobstore import get_blobstore
from sankofa.journals.models import Article, Galley
from sankofa.journals.preservation import BagExportError, export_bags
from tests.journals.editorial_setup import OPERATOR, person
from tests.journals.preservation_setup import (
    JATS_DIR,
    PDF,
    blob_file,
    flip_one_byte,
    make_journal,
    publish,
)

pytestmark = pytest.mark.django_db


def test_one_valid_bag_per_published_article(node_home: Path, tmp_path: Path) -> None:
    journal = make_journal()
    one = publish(journal, "elife-00666.xml")
    two = publish(journal, "plos-journal.pone.0081648.xml", galleys=False)
    retracted = publish(journal, "elife09853.xml")
    Article.objects.filter(pk=retracted.pk).update(state=Article.State.RETRACTED)
    paths = export_bags(OPERATOR, journal.slug, tmp_path / "bags")
    assert [p.name for p in paths] == [
        f"jpres-{a.ark.rsplit('/', 1)[-1]}" for a in sorted((one, two), key=lambda a: a.published)
    ]
    assert sorted(p.name for p in (tmp_path / "bags").iterdir()) == sorted(p.name for p in paths)
    for path in paths:
        bag = bagit.Bag(str(path))
        bag.validate()  # full fixity: every payload file re-hashed
        assert set(bag.algorithms) == {"sha256", "sha512"}
    (path,) = [p for p in paths if p.name.endswith(one.ark.rsplit("/", 1)[-1])]
    bag = bagit.Bag(str(path))
    data = Path(bag.path) / "data"
    one.refresh_from_db()
    assert sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.is_file()) == [
        "article.xml",
        "crossref.xml",
        "doaj.xml",
        "galleys/01-article.pdf",
        "metadata.json",
    ]
    assert (data / "article.xml").read_bytes() == (JATS_DIR / "elife-00666.xml").read_bytes()
    assert (data / "galleys" / "01-article.pdf").read_bytes() == PDF
    assert hashlib.sha256((data / "metadata.json").read_bytes()).hexdigest() == one.metadata_sha256
    crossref = etree.fromstring((data / "crossref.xml").read_bytes())
    assert crossref.tag.endswith("doi_batch")
    assert one.doi is not None and one.doi.encode() in (data / "crossref.xml").read_bytes()
    assert etree.fromstring((data / "doaj.xml").read_bytes()).tag == "records"
    info = bag.info
    assert info["External-Identifier"] == [one.ark, f"doi:{one.doi}"]
    assert info["Journal-ISSN-Online"] == "1234-5679"
    assert info["Source-Organization"] == "Preservation Society"
    assert info["Bag-Group-Identifier"] == "jpres"
    assert (
        info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in data.rglob('*') if p.is_file())}.5"
    )
    assert "Payload-Omitted" not in info


def test_one_flipped_byte_fails_validation(node_home: Path, tmp_path: Path) -> None:
    journal = make_journal()
    publish(journal, "elife-00666.xml")
    (path,) = export_bags(OPERATOR, journal.slug, tmp_path)
    bagit.Bag(str(path)).validate()
    flip_one_byte(path / "data" / "galleys" / "01-article.pdf")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(path)).validate()


def test_what_cannot_be_written_is_named_in_bag_info(node_home: Path, tmp_path: Path) -> None:
    journal = make_journal()
    journal.issn_online = ""
    journal.depositor_email = ""
    journal.save()
    publish(journal, "elife-00666.xml")
    (path,) = export_bags(OPERATOR, journal.slug, tmp_path)
    bag = bagit.Bag(str(path))
    bag.validate()
    omitted = bag.info["Payload-Omitted"]
    assert isinstance(omitted, list) and len(omitted) == 2
    assert omitted[0].startswith("crossref.xml: ") and omitted[1].startswith("doaj.xml: ")
    assert not (path / "data" / "crossref.xml").exists()
    assert "Journal-ISSN-Online" not in bag.info


def test_a_damaged_blob_stops_the_export(node_home: Path, tmp_path: Path) -> None:
    journal = make_journal()
    article = publish(journal, "elife-00666.xml")
    flip_one_byte(blob_file(Galley.objects.get(article=article).sha256))
    with pytest.raises(BagExportError, match="is damaged"):
        export_bags(OPERATOR, journal.slug, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []  # the half-made bag is gone


def test_refusals(node_home: Path, tmp_path: Path) -> None:
    journal = make_journal()
    publish(journal, "elife-00666.xml")
    with pytest.raises(BagExportError, match="no journal 'nope'"):
        export_bags(OPERATOR, "nope", tmp_path)
    with pytest.raises(PermissionDenied):
        export_bags(person("ed@jpres.example", journal, "editor"), journal.slug, tmp_path)
    export_bags(OPERATOR, journal.slug, tmp_path)
    with pytest.raises(BagExportError, match="exists already"):
        export_bags(OPERATOR, journal.slug, tmp_path)
    assert get_blobstore()  # the store is untouched by a refusal

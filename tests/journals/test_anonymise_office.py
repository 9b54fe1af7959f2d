"""DOCX and ODT written by pandoc lose their author properties and stay readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from sankofa.journals.anonymise import NEUTRAL_AUTHOR, strip_author_properties
from tests.journals.anonymise_samples import (
    DOCX_TYPE,
    INITIALS,
    LAB,
    NAME,
    ODT_TYPE,
    make_docx,
    make_odt,
    members,
    pandoc_available,
    raw_forms,
    to_text,
)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    pandoc_available()
    tmp = tmp_path_factory.mktemp("office")
    return {"docx": make_docx(tmp), "odt": make_odt(tmp)}


def _nowhere(data: bytes, *texts: str) -> None:
    for name, content in members(data).items():
        for text in texts:
            for form in raw_forms(text):
                assert form not in content, f"{text!r} left in {name}"


def test_the_samples_carry_the_name_where_word_processors_put_it(
    samples: dict[str, bytes],
) -> None:
    docx, odt = members(samples["docx"]), members(samples["odt"])
    for part in ("docProps/core.xml", "word/comments.xml"):
        assert NAME.encode() in docx[part]
    assert LAB.encode() in docx["docProps/custom.xml"]
    assert f'w:author="{NAME}"'.encode() in docx["word/document.xml"]
    assert LAB.encode() in docx["docProps/app.xml"]
    assert NAME.encode() in odt["meta.xml"] and LAB.encode() in odt["meta.xml"]
    assert odt["content.xml"].count(NAME.encode()) == 2  # the annotation, the change


def test_docx_loses_every_author_property_and_keeps_its_text(
    samples: dict[str, bytes], tmp_path: Path
) -> None:
    stripped = strip_author_properties(samples["docx"], DOCX_TYPE, "manuscript.docx")
    assert stripped is not None
    _nowhere(stripped, NAME, LAB)
    parts = members(stripped)
    assert "docProps/custom.xml" not in parts
    assert b"custom.xml" not in parts["_rels/.rels"]
    assert b"custom-properties" not in parts["[Content_Types].xml"]
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)  # every part still parses
    core = etree.fromstring(parts["docProps/core.xml"])
    assert core.findtext("{http://purl.org/dc/elements/1.1/}title") == "Rivers"
    assert f'w:author="{NEUTRAL_AUTHOR}"'.encode() in parts["word/comments.xml"]
    before = to_text(samples["docx"], ".docx", tmp_path, "--track-changes=all")
    after = to_text(stripped, ".docx", tmp_path, "--track-changes=all")
    assert "The body text about rivers and their deltas." in after
    assert "Commented text." in after and "Added words" in after and "removed words" in after
    assert after.replace(NEUTRAL_AUTHOR, NAME) == before


def test_odt_loses_every_author_property_and_keeps_its_text(
    samples: dict[str, bytes], tmp_path: Path
) -> None:
    stripped = strip_author_properties(samples["odt"], ODT_TYPE, "manuscript.odt")
    assert stripped is not None
    _nowhere(stripped, NAME, LAB, f">{INITIALS}<")
    parts = members(stripped)
    assert next(iter(parts)) == "mimetype" and parts["mimetype"] == ODT_TYPE.encode()
    for name, content in parts.items():
        if name.endswith(".xml") and content:  # (pandoc writes an empty current.xml)
            etree.fromstring(content)
    content = etree.fromstring(parts["content.xml"])
    creators = content.findall(".//{http://purl.org/dc/elements/1.1/}creator")
    assert [c.text for c in creators] == [NEUTRAL_AUTHOR, NEUTRAL_AUTHOR]
    assert b"A note to myself." in parts["content.xml"]
    meta = etree.fromstring(parts["meta.xml"])
    assert meta.find(".//{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}creation-date") is not None
    assert to_text(stripped, ".odt", tmp_path) == to_text(samples["odt"], ".odt", tmp_path)
    assert "The body text about rivers and their deltas." in to_text(stripped, ".odt", tmp_path)


def test_the_mimetype_member_stays_first_and_stored(samples: dict[str, bytes]) -> None:
    import io
    import zipfile

    stripped = strip_author_properties(samples["odt"], ODT_TYPE, "m.odt")
    assert stripped is not None
    first = zipfile.ZipFile(io.BytesIO(stripped)).infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)


def test_the_kind_comes_from_the_name_when_the_type_says_nothing(
    samples: dict[str, bytes],
) -> None:
    by_name = strip_author_properties(samples["docx"], "application/octet-stream", "M.DOCX")
    assert by_name == strip_author_properties(samples["docx"], DOCX_TYPE, "x")
    assert strip_author_properties(samples["odt"], "application/octet-stream", "m.bin") is None
    # a DOCX named as an ODT is still a zip, but without meta.xml nothing names it: it is
    # rewritten without harm; a PDF type on a zip is refused
    assert strip_author_properties(samples["docx"], "application/pdf", "m.pdf") is None


def test_stripping_twice_changes_nothing_more(samples: dict[str, bytes]) -> None:
    once = strip_author_properties(samples["odt"], ODT_TYPE, "m.odt")
    assert once is not None
    twice = strip_author_properties(once, ODT_TYPE, "m.odt")
    assert twice is not None and members(twice) == members(once)

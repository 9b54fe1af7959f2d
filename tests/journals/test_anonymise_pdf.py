"""PDFs lose their author properties (Info, XMP, comment authors) and keep their pages."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from sankofa.journals.anonymise import NEUTRAL_AUTHOR, strip_author_properties
from tests.journals.anonymise_samples import (
    BODY,
    LAB,
    NAME,
    make_pdf,
    make_pillow_pdf,
    pdf_all_bytes,
    pdf_strings,
    raw_forms,
)


def _nowhere(data: bytes, *texts: str) -> None:
    everything = pdf_all_bytes(data)
    strings = pdf_strings(data)
    for text in texts:
        assert text not in strings
        for form in raw_forms(text):
            assert form not in everything


def _pages(data: bytes) -> list[bytes]:
    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_pypdf_sample_has_the_name_in_info_xmp_and_a_comment() -> None:
    data = make_pdf()
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata["/Author"] == NAME
    assert reader.xmp_metadata is not None
    assert NAME in pdf_strings(data)


def test_a_pdf_loses_author_creator_producer_xmp_and_comment_authors() -> None:
    original = make_pdf()
    stripped = strip_author_properties(original, "application/pdf", "manuscript.pdf")
    assert stripped is not None
    _nowhere(stripped, NAME, LAB)
    reader = PdfReader(io.BytesIO(stripped))
    assert dict(reader.metadata or {}) == {"/Title": "Rivers"}
    assert reader.xmp_metadata is None
    assert "/Metadata" not in reader.pages[1]
    assert _pages(stripped) == _pages(original)  # the same drawing on the same pages
    assert BODY in reader.pages[0].extract_text()
    comment = reader.pages[0]["/Annots"][0].get_object()
    assert (comment["/T"], comment["/Contents"]) == (NEUTRAL_AUTHOR, "Check this figure.")


def test_a_pdf_written_by_pillow_loses_its_author_properties() -> None:
    original = make_pillow_pdf()
    assert NAME in pdf_strings(original)
    stripped = strip_author_properties(original, "application/pdf", "scan.pdf")
    assert stripped is not None
    _nowhere(stripped, NAME, LAB)
    reader = PdfReader(io.BytesIO(stripped))
    assert len(reader.pages) == 2
    assert (reader.metadata or {}).get("/Title") == "Rivers"
    images = [page.images[0].data for page in reader.pages]
    assert images == [page.images[0].data for page in PdfReader(io.BytesIO(original)).pages]


def test_an_encrypted_pdf_that_opens_without_password_is_stripped_and_decrypted() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    stripped = strip_author_properties(out.getvalue(), "application/pdf", "locked.pdf")
    assert stripped is not None
    assert not PdfReader(io.BytesIO(stripped)).is_encrypted
    _nowhere(stripped, NAME, LAB)


def test_a_pdf_that_needs_a_password_is_refused() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="reader-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert strip_author_properties(out.getvalue(), "application/pdf", "locked.pdf") is None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R",
        b"not a pdf at all",
        b"%PDF-1.4\n" + bytes(range(256)) * 40,
    ],
)
def test_broken_pdfs_give_none(data: bytes) -> None:
    assert strip_author_properties(data, "application/pdf", "broken.pdf") is None


def test_a_truncated_pdf_gives_none_or_a_pdf_without_the_name() -> None:
    data = make_pdf()
    for cut in (len(data) // 4, len(data) // 2, len(data) - 40):
        stripped = strip_author_properties(data[:cut], "application/pdf", "cut.pdf")
        if stripped is not None:  # pypdf may rebuild what is left of it
            _nowhere(stripped, NAME, LAB)


def test_an_older_revision_of_an_incrementally_updated_pdf_leaves_nothing_behind() -> None:
    first = make_pdf()
    update = PdfWriter(io.BytesIO(first), incremental=True)
    update.add_metadata({"/Author": "Someone Else", "/Title": "Rivers, revised"})
    out = io.BytesIO()
    update.write(out)
    revised = out.getvalue()
    assert revised.startswith(first)  # the first revision, names and all, is still there
    stripped = strip_author_properties(revised, "application/pdf", "revised.pdf")
    assert stripped is not None
    _nowhere(stripped, NAME, LAB, "Someone Else")
    assert (PdfReader(io.BytesIO(stripped)).metadata or {}).get("/Title") == "Rivers, revised"

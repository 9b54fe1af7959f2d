"""Files of a submission: blobs, names, size caps, the reviewer's copy."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sankofa.core.blobstore import get_blobstore
from sankofa.journals import submissions
from sankofa.journals.models import SubmissionFile
from tests.journals.submission_fixtures import actor, blobs, journal, person

__all__ = ["blobs"]

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_by(author: str) -> bytes:
    """A small word-processing file whose properties name `author`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            "</Types>",
        )
        z.writestr(
            "docProps/core.xml",
            '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats'
            '.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
            f'elements/1.1/"><dc:title>Hornbills</dc:title><dc:creator>{author}</dc:creator>'
            f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy></cp:coreProperties>",
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hornbills disperse seeds.'
            "</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def _blob(sha256: str) -> bytes:
    with get_blobstore().open(sha256) as stream:
        return stream.read()


def test_files_are_stored_as_blobs_and_a_manuscript_replaces_the_last(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    draft = submissions.start_submission(ama, journal(review_model="open").pk)
    first = submissions.add_file(ama, draft.pk, "manuscript", "draft.pdf", io.BytesIO(b"%PDF v1"))
    assert first.media_type == "application/pdf"
    assert first.size == 7
    assert _blob(first.sha256) == b"%PDF v1"
    assert first.reviewer_sha256 == ""  # open review: reviewers see the original
    data = submissions.add_file(ama, draft.pk, "supplementary", "data.csv", io.BytesIO(b"a,b\n"))
    second = submissions.add_file(ama, draft.pk, "manuscript", "final.pdf", io.BytesIO(b"%PDF 2"))
    names = {f.name for f in submissions.author_files(draft)}
    assert names == {"final.pdf", "data.csv"}
    submissions.remove_file(ama, data.pk)
    assert [f.pk for f in submissions.author_files(draft)] == [second.pk]


def test_bad_names_and_kinds_are_refused(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    draft = submissions.start_submission(ama, journal().pk)
    for name in ("../paper.pdf", "", "a\u202eb.pdf"):
        with pytest.raises(submissions.SubmissionInvalid) as caught:
            submissions.add_file(ama, draft.pk, "manuscript", name, io.BytesIO(b"x"))
        assert set(caught.value.errors) == {"file"}
    with pytest.raises(submissions.SubmissionInvalid) as caught:
        submissions.add_file(ama, draft.pk, "production", "x.pdf", io.BytesIO(b"x"))
    assert set(caught.value.errors) == {"kind"}
    with pytest.raises(submissions.SubmissionFrozen):  # no revision asked for a draft
        submissions.add_file(ama, draft.pk, "revision", "x.pdf", io.BytesIO(b"x"))
    assert not SubmissionFile.objects.exists()


def test_size_caps_come_from_the_settings(blobs: Path, settings: Any) -> None:
    ama = actor(person("ama@example.org"))
    draft = submissions.start_submission(ama, journal().pk)
    settings.SANKOFA_JOURNAL_MAX_FILE_BYTES = 1000
    settings.SANKOFA_JOURNAL_MAX_SUBMISSION_BYTES = 2500
    with pytest.raises(submissions.FileTooLarge) as caught:
        submissions.add_file(ama, draft.pk, "manuscript", "big.pdf", io.BytesIO(b"x" * 1001))
    assert "1000" in caught.value.errors["file"]
    assert list(get_blobstore().iter_digests()) == []  # nothing half-written is kept
    submissions.add_file(ama, draft.pk, "manuscript", "ok.pdf", io.BytesIO(b"x" * 1000))
    submissions.add_file(ama, draft.pk, "supplementary", "a.csv", io.BytesIO(b"y" * 1000))
    with pytest.raises(submissions.FileTooLarge) as caught:
        submissions.add_file(ama, draft.pk, "supplementary", "b.csv", io.BytesIO(b"z" * 501))
    assert "2500" in caught.value.errors["file"]
    # a new manuscript replaces the old one, so it does not count twice
    submissions.add_file(ama, draft.pk, "manuscript", "ok2.pdf", io.BytesIO(b"w" * 1000))
    assert sorted(f.name for f in submissions.author_files(draft)) == ["a.csv", "ok2.pdf"]


def test_double_anonymous_journals_keep_a_reviewer_copy_without_author_properties(
    blobs: Path,
) -> None:
    ama = actor(person("ama@example.org"))
    draft = submissions.start_submission(ama, journal(review_model="double_anonymous").pk)
    original = docx_by("Ama Mensah")
    row = submissions.add_file(ama, draft.pk, "manuscript", "paper.docx", io.BytesIO(original))
    assert row.media_type == DOCX
    assert _blob(row.sha256) == original  # the editors' copy is untouched
    assert row.reviewer_sha256 and row.reviewer_sha256 != row.sha256
    with zipfile.ZipFile(io.BytesIO(_blob(row.reviewer_sha256))) as z:
        core = z.read("docProps/core.xml").decode()
        assert "Ama Mensah" not in core
        assert "Hornbills disperse seeds." in z.read("word/document.xml").decode()
    text = submissions.add_file(ama, draft.pk, "supplementary", "notes.txt", io.BytesIO(b"hi"))
    assert text.reviewer_sha256 == ""  # nothing to strip from plain text


def test_single_anonymous_journals_keep_no_reviewer_copy(blobs: Path) -> None:
    ama = actor(person("ama@example.org"))
    draft = submissions.start_submission(ama, journal(review_model="single_anonymous").pk)
    row = submissions.add_file(
        ama, draft.pk, "manuscript", "paper.docx", io.BytesIO(docx_by("Ama Mensah"))
    )
    assert row.reviewer_sha256 == ""

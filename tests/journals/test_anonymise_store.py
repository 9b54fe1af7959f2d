"""The reviewer's copy is stored in the node's blob store, stripped."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sankofa.core.blobstore import get_blobstore
from sankofa.journals.anonymise import strip_author_properties
from sankofa.journals.anonymise_store import reviewer_copy
from tests.journals.anonymise_samples import NAME, make_pdf, pdf_all_bytes


def test_the_reviewer_copy_is_the_stripped_file_in_the_blob_store(node_home: Path) -> None:
    original = make_pdf()
    sha256 = reviewer_copy(original, "application/pdf", "manuscript.pdf")
    assert sha256 is not None and sha256 != hashlib.sha256(original).hexdigest()
    with get_blobstore().open(sha256) as stream:
        stored = stream.read()
    assert hashlib.sha256(stored).hexdigest() == sha256
    assert stored == strip_author_properties(original, "application/pdf", "manuscript.pdf")
    assert NAME.encode() not in pdf_all_bytes(stored)


def test_no_reviewer_copy_for_files_it_does_not_handle_or_cannot_read(node_home: Path) -> None:
    assert reviewer_copy(b"plain notes by " + NAME.encode(), "text/plain", "notes.txt") is None
    assert reviewer_copy(b"%PDF-1.4 broken", "application/pdf", "broken.pdf") is None
    blobs = node_home / "blobs"
    assert not blobs.exists() or not [p for p in blobs.rglob("*") if p.is_file()]

"""Per-record and per-depositor quotas: refused before anything is kept."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sankofa.core.blobstore import LocalBlobStore
from sankofa.core.uploads import services as uploads
from sankofa.core.uploads.models import Upload
from sankofa.datasets import quotas, services
from sankofa.datasets.errors import QuotaExceeded, UploadUnusable
from sankofa.datasets.models import Change, File
from tests.datasets.conftest import ADA, BOB, blob_count

pytestmark = pytest.mark.django_db

MakeFile = Callable[[str, bytes], Path]


@pytest.fixture
def small(settings: Any) -> None:
    settings.SANKOFA_DATASET_RECORD_QUOTA = 100
    settings.SANKOFA_DATASET_USER_QUOTA = 150


def trail(version_id: int) -> list[str]:
    return list(Change.objects.filter(version_id=version_id).values_list("action", flat=True))


def test_a_record_holds_files_up_to_its_quota(
    small: None, make_file: MakeFile, blobs: LocalBlobStore
) -> None:
    draft = services.create_draft(ADA)
    services.add_file(ADA, draft.pk, "a.bin", make_file("a.bin", b"a" * 60))
    services.add_file(ADA, draft.pk, "b.bin", io.BytesIO(b"b" * 40))  # exactly at the quota
    with pytest.raises(QuotaExceeded, match="past its quota of 100 bytes"):
        services.add_file(ADA, draft.pk, "c.bin", make_file("c.bin", b"c"))
    with pytest.raises(QuotaExceeded):
        services.add_file(ADA, draft.pk, "d.bin", io.BytesIO(b"d" * 5000))
    assert sorted(File.objects.values_list("name", flat=True)) == ["a.bin", "b.bin"]
    assert blob_count(blobs) == 2  # nothing of the refused files was stored
    assert trail(draft.pk) == ["create_draft", "add_file", "add_file"]


def test_a_stream_is_stopped_once_it_passes_the_room_left(
    small: None, blobs: LocalBlobStore
) -> None:
    draft = services.create_draft(ADA)
    read: list[int] = []

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            read.append(len(buffer))
            buffer[:] = b"x" * len(buffer)
            if sum(read) > 10_000_000:
                raise AssertionError("the stream was read on and on")
            return len(buffer)

    with pytest.raises(QuotaExceeded):
        services.add_file(ADA, draft.pk, "endless", io.BufferedReader(Endless()))
    assert sum(read) < 1_000_000 and blob_count(blobs) == 0 and not File.objects.exists()


def test_an_announced_size_is_refused_before_reading(small: None) -> None:
    draft = services.create_draft(ADA)

    class Unread(io.RawIOBase):
        def readable(self) -> bool:
            raise AssertionError("read although the size was refused")

    with pytest.raises(QuotaExceeded):
        services.add_file(ADA, draft.pk, "big", Unread(), expected_size=101)  # type: ignore[arg-type]


def test_the_depositor_quota_counts_each_content_once(
    small: None, make_file: MakeFile, blobs: LocalBlobStore, settings: Any
) -> None:
    settings.SANKOFA_DATASET_RECORD_QUOTA = 1000
    first = services.create_draft(ADA)
    second = services.create_draft(ADA)
    services.add_file(ADA, first.pk, "a.bin", make_file("a.bin", b"a" * 90))
    services.add_file(ADA, second.pk, "same.bin", make_file("same.bin", b"a" * 90))  # held: free
    assert quotas.owner_bytes(ADA.user_id) == 90
    services.add_file(ADA, second.pk, "b.bin", make_file("b.bin", b"b" * 60))
    with pytest.raises(QuotaExceeded, match="their quota of 150 bytes"):
        services.add_file(ADA, second.pk, "c.bin", make_file("c.bin", b"c" * 5))
    other = services.create_draft(BOB)  # another depositor has their own quota
    services.add_file(BOB, other.pk, "c.bin", make_file("c.bin", b"c" * 5))
    assert File.objects.count() == 4


def finished_upload(actor: Any, data: bytes) -> Upload:
    upload = uploads.create_upload(actor, len(data), {"filename": "x"})
    return uploads.append(actor, upload.pk, 0, io.BytesIO(data), len(data))


def test_a_finished_upload_is_attached_once(node_home: Path, blobs: LocalBlobStore) -> None:
    draft = services.create_draft(ADA)
    upload = finished_upload(ADA, b"resumed bytes")
    added = services.add_upload(ADA, draft.pk, str(upload.pk), "rain.csv")
    assert (added.size, added.sha256) == (13, upload.sha256)
    assert added.media_type == "text/csv"
    assert blobs.exists(added.sha256) and not Upload.objects.exists()
    change = Change.objects.filter(action="add_file").get()
    assert change.details["upload"] == str(upload.pk)
    with pytest.raises(UploadUnusable, match="no upload"):
        services.add_upload(ADA, draft.pk, str(upload.pk), "again.csv")


def test_uploads_that_cannot_be_attached(node_home: Path, small: None) -> None:
    draft = services.create_draft(ADA)
    with pytest.raises(UploadUnusable, match="no upload"):
        services.add_upload(ADA, draft.pk, str(uuid.uuid4()), "x")
    with pytest.raises(UploadUnusable, match="no upload"):
        services.add_upload(ADA, draft.pk, "not-a-uuid", "x")
    bobs = finished_upload(BOB, b"bob's")
    with pytest.raises(UploadUnusable, match="no upload"):
        services.add_upload(ADA, draft.pk, str(bobs.pk), "x")
    half = uploads.create_upload(ADA, 10, {})
    uploads.append(ADA, half.pk, 0, io.BytesIO(b"abc"), 3)
    with pytest.raises(UploadUnusable, match="3 of 10 bytes"):
        services.add_upload(ADA, draft.pk, str(half.pk), "x")
    big = finished_upload(ADA, b"z" * 101)
    with pytest.raises(QuotaExceeded):
        services.add_upload(ADA, draft.pk, str(big.pk), "big")
    assert Upload.objects.filter(pk=big.pk).exists()  # refused: the upload is still there
    Upload.objects.filter(pk=half.pk).update(expires=timezone.now())
    assert not File.objects.exists()

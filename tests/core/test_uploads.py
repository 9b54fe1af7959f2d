"""Resumable uploads below the HTTP layer: header formats, the partial file, the services."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.blobstore import get_blobstore
from sankofa.core.uploads import partial, protocol, services
from sankofa.core.uploads.models import Upload

ADA = Actor(name="ada", user_id=1)
BOB = Actor(name="bob", user_id=2)
NODE = Actor.operator("test")


@pytest.fixture
def home(node_home: Path, db: None) -> Path:
    return node_home


def b64(text: bytes) -> str:
    return base64.b64encode(text).decode()


class Broken(io.RawIOBase):
    """A body whose connection breaks after `good` bytes."""

    def __init__(self, data: bytes, good: int) -> None:
        self.data, self.good, self.pos = data, good, 0

    def read(self, size: int = -1) -> bytes:
        if self.pos >= self.good:
            raise ConnectionResetError("the client went away")
        chunk = self.data[self.pos : min(self.pos + size, self.good)]
        self.pos += len(chunk)
        return chunk


# --- header formats -----------------------------------------------------------------------


def test_metadata_pairs_parse_and_format_back() -> None:
    header = f"filename {b64('naïve.csv'.encode())},is_confidential,type {b64(b'text/csv')}"
    parsed = protocol.parse_metadata(header)
    assert list(parsed) == ["filename", "is_confidential", "type"]
    assert protocol.metadata_text(parsed, "filename") == "naïve.csv"
    assert protocol.metadata_text(parsed, "is_confidential") == ""
    assert protocol.metadata_text(parsed, "absent") is None
    assert protocol.parse_metadata(protocol.format_metadata(parsed)) == parsed
    assert protocol.parse_metadata(None) == {}


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ("filename not*base64", "not Base64"),
        ("a YQ==,a Yg==", "twice"),
        (",a YQ==", "not a key"),
        ("ké YQ==", "not a key"),
        (",".join(f"k{i}" for i in range(100)), "pairs"),
    ],
)
def test_bad_metadata_is_refused_naming_the_header(header: str, fragment: str) -> None:
    with pytest.raises(protocol.HeaderError, match="Upload-Metadata") as exc:
        protocol.parse_metadata(header)
    assert fragment in str(exc.value)


def test_checksums_and_sizes_parse() -> None:
    sha1 = hashlib.sha1(b"hello world").digest()
    assert protocol.parse_checksum(f"sha1 {b64(sha1)}") == protocol.Checksum("sha1", sha1)
    assert protocol.parse_checksum(None) is None
    for bad in ("crc32 AAAA", "sha1 !!", f"sha256 {b64(sha1)}", "sha1"):
        with pytest.raises(protocol.HeaderError, match="Upload-Checksum"):
            protocol.parse_checksum(bad)
    assert protocol.parse_size("Upload-Offset", "42") == 42
    for text in (None, "-1", "1e3", "", "12 3", "9" * 30):
        with pytest.raises(protocol.HeaderError, match="Upload-Offset"):
            protocol.parse_size("Upload-Offset", text)


# --- services -----------------------------------------------------------------------------


def test_an_upload_in_chunks_lands_whole_in_the_blob_store(home: Path) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)
    upload = services.create_upload(ADA, len(data), {"filename": b64(b"d.bin")})
    path = services.path_of(upload)
    assert path.parent == home / "uploads" and path.read_bytes() == b""
    for start in range(0, len(data), 1_000_000):
        chunk = data[start : start + 1_000_000]
        upload = services.append(ADA, upload.id, start, io.BytesIO(chunk), len(chunk))
    assert upload.complete and upload.offset == len(data)
    row = Upload.objects.get(pk=upload.id)
    assert row.complete and row.sha256 == hashlib.sha256(data).hexdigest()
    assert row.md5 == hashlib.md5(data).hexdigest()
    with get_blobstore().open(row.blob) as stored:
        assert stored.read() == data
    assert not path.exists()
    assert services.append(ADA, upload.id, len(data), io.BytesIO(), 0).complete
    with pytest.raises(services.OffsetMismatch):
        services.append(ADA, upload.id, 0, io.BytesIO(b"x"), 1)


def test_an_empty_upload_is_complete_at_once(home: Path) -> None:
    upload = services.create_upload(ADA, 0, {})
    assert upload.complete and upload.sha256 == hashlib.sha256(b"").hexdigest()
    assert get_blobstore().exists(upload.blob)


def test_uploads_belong_to_their_owner(home: Path) -> None:
    upload = services.create_upload(ADA, 10, {})
    with pytest.raises(services.UploadNotFound):
        services.get_upload(BOB, upload.id)
    with pytest.raises(services.UploadNotFound):
        services.terminate(BOB, upload.id)
    assert services.get_upload(NODE, upload.id).pk == upload.pk
    with pytest.raises(PermissionDenied):
        services.create_upload(Actor(name="public"), 10, {})
    with pytest.raises(services.UploadNotFound):
        services.get_upload(ADA, uuid.uuid4())


def test_sizes_over_the_limit_or_the_quota_are_refused(home: Path, settings: Any) -> None:
    settings.SANKOFA_UPLOAD_MAX_SIZE = 100
    settings.SANKOFA_UPLOAD_USER_QUOTA = 150
    with pytest.raises(services.UploadTooLarge, match="limit of 100"):
        services.create_upload(ADA, 101, {})
    first = services.create_upload(ADA, 100, {})
    with pytest.raises(services.UploadTooLarge, match="quota"):
        services.create_upload(ADA, 51, {})
    services.create_upload(BOB, 100, {})  # a quota is per person
    with pytest.raises(services.UploadTooLarge, match="overrun"):
        services.append(ADA, first.id, 0, io.BytesIO(b"x" * 101), 101)
    services.append(ADA, first.id, 0, io.BytesIO(b"x" * 100), 100)  # complete: off the quota
    services.create_upload(ADA, 100, {})


def test_a_wrong_offset_changes_nothing(home: Path) -> None:
    upload = services.create_upload(ADA, 10, {})
    services.append(ADA, upload.id, 0, io.BytesIO(b"abc"), 3)
    for offset in (0, 2, 4):
        with pytest.raises(services.OffsetMismatch, match="offset 3"):
            services.append(ADA, upload.id, offset, io.BytesIO(b"zz"), 2)
    assert services.path_of(upload).read_bytes() == b"abc"
    assert Upload.objects.get(pk=upload.id).offset == 3


def test_a_broken_connection_keeps_what_arrived(home: Path) -> None:
    data = os.urandom(300_000)
    upload = services.create_upload(ADA, len(data), {})
    after = services.append(ADA, upload.id, 0, Broken(data, 123_457), len(data))
    assert after.offset == 123_457 and not after.complete
    assert services.get_upload(ADA, upload.id).offset == 123_457
    rest = data[123_457:]
    done = services.append(ADA, upload.id, 123_457, io.BytesIO(rest), len(rest))
    assert done.complete and done.sha256 == hashlib.sha256(data).hexdigest()


def test_a_short_body_keeps_what_arrived(home: Path) -> None:
    upload = services.create_upload(ADA, 10, {})
    assert services.append(ADA, upload.id, 0, io.BytesIO(b"abcd"), 8).offset == 4


def test_checksums_are_verified_and_bad_chunks_discarded(home: Path) -> None:
    upload = services.create_upload(ADA, 11, {})
    good = protocol.Checksum("sha1", hashlib.sha1(b"hello").digest())
    services.append(ADA, upload.id, 0, io.BytesIO(b"hello"), 5, good)
    wrong = protocol.Checksum("sha256", hashlib.sha256(b"other").digest())
    with pytest.raises(services.ChecksumMismatch):
        services.append(ADA, upload.id, 5, io.BytesIO(b" world"), 6, wrong)
    assert services.path_of(upload).read_bytes() == b"hello"
    broken = protocol.Checksum("md5", hashlib.md5(b" world").digest())
    assert services.append(ADA, upload.id, 5, Broken(b" world", 3), 6, broken).offset == 5
    assert services.path_of(upload).read_bytes() == b"hello"
    done = services.append(ADA, upload.id, 5, io.BytesIO(b" world"), 6, broken)
    assert done.md5 == hashlib.md5(b"hello world").hexdigest()


def test_bytes_written_but_not_recorded_are_cut(home: Path) -> None:
    upload = services.create_upload(ADA, 10, {})
    services.append(ADA, upload.id, 0, io.BytesIO(b"abc"), 3)
    with open(services.path_of(upload), "ab") as out:  # a process died before recording
        out.write(b"junk")
    done = services.append(ADA, upload.id, 3, io.BytesIO(b"defghij"), 7)
    assert done.sha256 == hashlib.sha256(b"abcdefghij").hexdigest()


def test_one_writer_at_a_time(home: Path) -> None:
    upload = services.create_upload(ADA, 10, {})
    with partial.locked(services.path_of(upload)), pytest.raises(services.UploadBusy):
        services.append(ADA, upload.id, 0, io.BytesIO(b"abc"), 3)
    assert services.append(ADA, upload.id, 0, io.BytesIO(b"abc"), 3).offset == 3


def test_all_bytes_recorded_but_unfinished_is_completed_on_inspection(home: Path) -> None:
    upload = services.create_upload(ADA, 3, {})
    services.path_of(upload).write_bytes(b"abc")  # a process died before completing
    Upload.objects.filter(pk=upload.pk).update(offset=3)
    status = services.upload_status(ADA, upload.id)
    assert status.complete and status.sha256 == hashlib.sha256(b"abc").hexdigest()


def test_termination_frees_the_partial_file(home: Path) -> None:
    upload = services.create_upload(ADA, 10, {})
    services.append(ADA, upload.id, 0, io.BytesIO(b"abc"), 3)
    services.terminate(ADA, upload.id)
    assert not services.path_of(upload).exists()
    with pytest.raises(services.UploadNotFound):
        services.get_upload(ADA, upload.id)


def test_expired_uploads_are_gone_then_removed(home: Path, settings: Any) -> None:
    settings.SANKOFA_UPLOAD_EXPIRY = 3600
    old = services.create_upload(ADA, 10, {})
    fresh = services.create_upload(ADA, 10, {})
    done = services.create_upload(ADA, 1, {})
    services.append(ADA, done.id, 0, io.BytesIO(b"x"), 1)
    past = timezone.now() - dt.timedelta(seconds=1)
    Upload.objects.filter(pk__in=[old.pk, done.pk]).update(expires=past)
    with pytest.raises(services.UploadGone):
        services.append(ADA, old.id, 0, io.BytesIO(b"abc"), 3)
    stray = home / "uploads" / f"{uuid.uuid4()}.part"
    stray.write_bytes(b"left over")
    os.utime(stray, (0, 0))
    recent_stray = home / "uploads" / f"{uuid.uuid4()}.part"
    recent_stray.write_bytes(b"being created")
    with pytest.raises(PermissionDenied):
        services.expire_uploads(ADA)
    assert services.expire_uploads(NODE) == 2
    assert set(Upload.objects.values_list("pk", flat=True)) == {fresh.pk, done.pk}
    assert not services.path_of(old).exists() and not stray.exists()
    assert recent_stray.exists() and services.path_of(fresh).exists()
    assert services.expire_uploads(NODE) == 0


def test_a_write_pushes_the_expiry_back(home: Path) -> None:
    upload = services.create_upload(ADA, 10, {})
    soon = timezone.now() + dt.timedelta(seconds=5)
    Upload.objects.filter(pk=upload.pk).update(expires=soon)
    assert services.append(ADA, upload.id, 0, io.BytesIO(b"abc"), 3).expires > soon


def test_the_expiry_job_removes_expired_uploads(home: Path) -> None:
    from sankofa.core.uploads import tasks

    upload = services.create_upload(ADA, 10, {})
    Upload.objects.filter(pk=upload.pk).update(expires=timezone.now())
    assert tasks.expire(NODE) == {"removed": 1}

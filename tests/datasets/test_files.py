"""Files of a version: names, hashes, content stored once, and frozen versions."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from sankofa.core.blobstore import LocalBlobStore
from sankofa.datasets import services
from sankofa.datasets.errors import FileNameTaken, FrozenVersion, InvalidFileName, InvalidState
from sankofa.datasets.files import check_name
from sankofa.datasets.models import File, Version
from tests.datasets.conftest import ADA, blob_count, resource

pytestmark = pytest.mark.django_db

MakeFile = Callable[[str, bytes], Path]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "must not be empty"),
        ("../etc/passwd", "must not contain '/'"),
        ("data/rain.csv", "files of a dataset have no folders"),
        ("..\\boot.ini", "must not contain '/' or '\\\\'"),
        ("..", "is reserved"),
        (".", "is reserved"),
        ("rain\x00.csv", "control character U\\+0000"),
        ("rain\n.csv", "control character U\\+000A"),
        ("rain\x7f", "control character U\\+007F"),
        ("rain\x85", "control character U\\+0085"),
        ("invoice\u202efdp.exe", "invisible character U\\+202E"),
        ("a\u200bb", "invisible character U\\+200B"),
        (" rain.csv", "must not start or end with a space"),
        ("rain.csv ", "must not start or end with a space"),
        ("é" * 128, "longer than 255 bytes"),
    ],
)
def test_bad_file_names_are_refused_with_a_reason(
    name: str, message: str, make_file: MakeFile, blobs: LocalBlobStore
) -> None:
    draft = services.create_draft(ADA)
    with pytest.raises(InvalidFileName, match=message):
        services.add_file(ADA, draft.pk, name, make_file("ok.csv", b"x"))
    assert not File.objects.exists() and blob_count(blobs) == 0


def test_good_names_are_kept_in_nfc() -> None:
    assert check_name("Accra rain (1990).csv") == "Accra rain (1990).csv"
    assert check_name(".hidden") == ".hidden"
    assert check_name("cafe\u0301.txt") == "caf\u00e9.txt"
    assert check_name("データ.csv") == "データ.csv"
    with pytest.raises(InvalidFileName, match="must be text"):
        check_name(b"rain.csv")


def test_a_file_is_hashed_while_stored(blobs: LocalBlobStore) -> None:
    content = bytes(range(256)) * 9000  # > 2 MiB: several chunks
    draft = services.create_draft(ADA)
    added = services.add_file(ADA, draft.pk, "bytes.bin", io.BytesIO(content))
    assert added.size == len(content)
    assert added.sha256 == hashlib.sha256(content).hexdigest()
    assert added.md5 == hashlib.md5(content).hexdigest()
    assert added.media_type == "application/octet-stream"
    with blobs.open(added.sha256) as stored:
        assert stored.read() == content
    csv = services.add_file(ADA, draft.pk, "rain.csv", io.BytesIO(b"a,b\n"))
    assert csv.media_type == "text/csv"


def test_names_are_unique_per_version(make_file: MakeFile, blobs: LocalBlobStore) -> None:
    draft = services.create_draft(ADA)
    services.add_file(ADA, draft.pk, "caf\u00e9.csv", make_file("a", b"1"))
    with pytest.raises(FileNameTaken, match=r"already has a file named 'café\.csv'"):
        services.add_file(ADA, draft.pk, "cafe\u0301.csv", make_file("b", b"2"))
    other = services.create_draft(ADA)
    services.add_file(ADA, other.pk, "café.csv", make_file("a", b"1"))
    assert blob_count(blobs) == 2  # "2" was stored before the name was refused; "1" once


def test_identical_content_is_stored_once(make_file: MakeFile, blobs: LocalBlobStore) -> None:
    first = services.create_draft(ADA)
    second = services.create_draft(ADA)
    for draft in (first, second):
        for name in ("a.csv", "b.csv"):
            services.add_file(ADA, draft.pk, name, make_file(name, b"same bytes\n"))
    assert File.objects.count() == 4 and blob_count(blobs) == 1


def test_published_versions_cannot_be_modified(make_file: MakeFile, blobs: LocalBlobStore) -> None:
    draft = services.create_draft(ADA)
    services.set_metadata(ADA, draft.pk, resource())
    services.add_file(ADA, draft.pk, "a.csv", make_file("a.csv", b"1\n"))
    services.publish(ADA, draft.pk)

    # through the services
    with pytest.raises(InvalidState, match="published versions cannot be modified"):
        services.set_metadata(ADA, draft.pk, resource("changed"))
    with pytest.raises(InvalidState, match="published versions cannot be modified"):
        services.add_file(ADA, draft.pk, "b.csv", make_file("b.csv", b"2\n"))
    with pytest.raises(InvalidState, match="published versions cannot be modified"):
        services.remove_file(ADA, draft.pk, "a.csv")

    # and on the models themselves
    version = Version.objects.get(pk=draft.pk)
    version.title = "changed"
    with pytest.raises(FrozenVersion, match="attempted to change title"):
        version.save()
    version = Version.objects.get(pk=draft.pk)
    version.state = "draft"
    with pytest.raises(FrozenVersion, match="attempted to change state"):
        version.save()
    with pytest.raises(FrozenVersion, match="it is kept"):
        Version.objects.get(pk=draft.pk).delete()
    stored = File.objects.get(version=draft.pk)
    stored.name = "renamed.csv"
    with pytest.raises(FrozenVersion, match="its files cannot be added, changed or removed"):
        stored.save()
    with pytest.raises(FrozenVersion):
        File.objects.get(version=draft.pk).delete()
    with pytest.raises(FrozenVersion):
        File.objects.create(version=version, name="x", size=0, sha256="0" * 64, md5="0" * 32)
    assert Version.objects.get(pk=draft.pk).title == "Rainfall in Accra, 1990-2020"
    assert list(File.objects.values_list("name", flat=True)) == ["a.csv"]


def test_missing_objects_are_named(make_file: MakeFile, blobs: LocalBlobStore) -> None:
    from sankofa.datasets.errors import NotFound

    with pytest.raises(NotFound, match="no dataset version 999"):
        services.add_file(ADA, 999, "a.csv", make_file("a.csv", b"1"))
    with pytest.raises(NotFound, match="no community 42"):
        services.create_draft(ADA, 42)
    draft = services.create_draft(ADA)
    with pytest.raises(NotFound, match=r"has no file named 'nope\.csv'"):
        services.remove_file(ADA, draft.pk, "nope.csv")

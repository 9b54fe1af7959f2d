"""BagIt and RO-Crate packages of a published version, checked by the bagit and rocrate
libraries on the real database and blob store."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest
from rocrate.rocrate import ROCrate

from sankofa.core.blobstore import BlobIntegrityError, LocalBlobStore
from sankofa.core.formats.datacite.model import Rights
from sankofa.datasets import exports, packages, services, visibility
from sankofa.datasets.models import Version
from tests.datasets.conftest import ADA, resource

pytestmark = pytest.mark.django_db

MakeFile = Callable[[str, bytes], Path]
FILES = {"rain 100%.csv": b"day,mm\n1,3\n2,0\n" * 500, "README.txt": "lisez-moi é\n".encode()}


def publish(make_file: MakeFile, access: str = "open") -> Version:
    metadata = resource()
    metadata = type(metadata)(
        **{
            **metadata.__dict__,
            "rights_list": (
                Rights(value="CC BY 4.0", uri="https://creativecommons.org/licenses/by/4.0/"),
            ),
        }
    )
    draft = services.create_draft(ADA)
    services.set_metadata(ADA, draft.pk, metadata)
    for name, content in FILES.items():
        services.add_file(ADA, draft.pk, name, make_file(name.replace("%", "pc"), content))
    if access != "open":
        visibility.set_access(ADA, draft.pk, access)
    return services.publish(ADA, draft.pk)


def unzip(data: bytes, into: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        zf.extractall(into)
    return into


def test_bag_validates_with_full_fixity(
    blobs: LocalBlobStore, make_file: MakeFile, tmp_path: Path
) -> None:
    version = publish(make_file)
    data = exports.render(version, exports.by_key("bagit"))
    assert data == b"".join(exports.stream(version, exports.by_key("bagit")))
    root = unzip(data, tmp_path / "bag") / packages.folder_name(version)
    bag = bagit.Bag(str(root))
    bag.validate(fast=False)  # every checksum of every file and tag file
    assert sorted(bag.payload_files()) == sorted(f"data/{n}" for n in FILES)
    assert bag.info["External-Identifier"] == version.ark
    assert bag.info["Payload-Oxum"] == f"{sum(map(len, FILES.values()))}.{len(FILES)}"
    assert (root / "metadata" / "datacite.xml").read_bytes() == bytes(version.metadata or b"")
    assert "dcat:Dataset" in (root / "metadata" / "dcat-ap.ttl").read_text()

    # one flipped byte in a payload file, then in a tag file: validation fails
    target = root / "data" / "README.txt"
    content = bytearray(target.read_bytes())
    content[0] ^= 0x01
    target.write_bytes(bytes(content))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(root)).validate(fast=False)
    target.write_bytes(FILES["README.txt"])
    bagit.Bag(str(root)).validate(fast=False)
    meta = root / "metadata" / "datacite.xml"
    meta.write_bytes(meta.read_bytes().replace(b"Rainfall", b"Rainfalm"))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(root)).validate(fast=False)


def test_damaged_blob_stops_the_stream(blobs: LocalBlobStore, make_file: MakeFile) -> None:
    version = publish(make_file)
    readme = version.files.get(name="README.txt")
    path = next(p for p in (blobs.root).rglob(readme.sha256) if p.is_file())
    path.chmod(0o644)
    path.write_bytes(b"x" + path.read_bytes()[1:])
    with pytest.raises(BlobIntegrityError, match=r"README\.txt"):
        b"".join(packages.bag_chunks(version))


def test_restricted_bag_holds_metadata_only(
    blobs: LocalBlobStore, make_file: MakeFile, tmp_path: Path
) -> None:
    version = publish(make_file, access="restricted")
    root = unzip(packages.bag(resource(), None, version), tmp_path / "bag")  # type: ignore[arg-type]
    bag = bagit.Bag(str(root / packages.folder_name(version)))
    bag.validate(fast=False)
    assert list(bag.payload_files()) == []
    assert bag.info["Files-Withheld"] == f"{len(FILES)} (access: restricted)"


def test_ro_crate_is_read_by_rocrate(
    blobs: LocalBlobStore, make_file: MakeFile, tmp_path: Path
) -> None:
    version = publish(make_file)
    path = tmp_path / "crate.zip"
    path.write_bytes(exports.render(version, exports.by_key("ro-crate")))
    crate = ROCrate(str(path))
    assert crate.name == "Rainfall in Accra, 1990-2020"
    assert crate.root_dataset["license"].id == "https://creativecommons.org/licenses/by/4.0/"
    (author,) = crate.root_dataset["author"]
    assert author["name"] == "Mensah, Ama" and author["familyName"] == "Mensah"
    files = {e["name"]: e for e in crate.get_entities() if e.type == "File"}
    assert set(files) == set(FILES)
    for name, content in FILES.items():
        assert files[name]["contentSize"] == str(len(content))
    extracted = unzip(path.read_bytes(), tmp_path / "crate")
    for name, content in FILES.items():
        assert (extracted / name).read_bytes() == content

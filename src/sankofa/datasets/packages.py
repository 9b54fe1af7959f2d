"""Packages of a whole version as one ZIP file, streamed from the blob store: a BagIt bag
(RFC 8493, BagIt 1.0) and an RO-Crate (1.1).

Both are written as a stream of chunks (`bag_chunks`, `crate_chunks`): the ZIP entries use
data descriptors, the files are copied from the blob store a chunk at a time and their
SHA-256 is checked on the way (a mismatch stops the stream with `BlobIntegrityError`, so a
damaged file never leaves the node silently), so memory stays constant whatever the size.

Files are packed only when anyone may download them (a published version, open or with its
embargo over); otherwise the package holds the metadata alone and says so
(``Files-Withheld`` in ``bag-info.txt``). File names are written as they are: a version's
names hold no CR or LF (`files.check_name`), the only characters BagIt manifests encode.

The bag, under one folder ``<ark name or record-R-vN>/``::

    bagit.txt  bag-info.txt  manifest-sha256.txt  manifest-md5.txt
    metadata/datacite.xml  (kernel 4.7, as stored)   metadata/dcat-ap.ttl
    tagmanifest-sha256.txt  tagmanifest-md5.txt      data/<file>…

The RO-Crate: ``ro-crate-metadata.json`` (`core.formats.ro_crate`) and the files, at the
root of the ZIP.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from datetime import datetime

from django.utils import timezone

from sankofa.core.blobstore import CHUNK_SIZE, BlobIntegrityError, get_blobstore
from sankofa.core.formats import dcat, ro_crate
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.record import Landing
from sankofa.datasets import links, visibility
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import File, Version

__all__ = ["bag", "bag_chunks", "crate", "crate_chunks", "files_packed"]

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


class _Sink(io.RawIOBase):
    """A write-only, unseekable file collecting what the ZIP writer writes."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        out = b"".join(self._chunks)
        self._chunks.clear()
        return out


def files_packed(version: Version) -> list[File]:
    """The files whose content goes into a package: those anyone may download."""
    if version.state != Version.State.PUBLISHED:
        return []
    if visibility.effective_access(version) != Version.Access.OPEN:
        return []
    return list(version.files.order_by("name"))


def _stamp(version: Version) -> tuple[int, int, int, int, int, int]:
    when: datetime = timezone.localtime(version.published_at or timezone.now())
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


def _entry(name: str, stamp: tuple[int, int, int, int, int, int], deflate: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _copy(zf: zipfile.ZipFile, sink: _Sink, info: zipfile.ZipInfo, file: File) -> Iterator[bytes]:
    """Write `file`'s content from the blob store into `zf`, checking its SHA-256."""
    digest = hashlib.sha256()
    with get_blobstore().open(file.sha256) as source, zf.open(info, "w", force_zip64=True) as out:
        while chunk := source.read(CHUNK_SIZE):
            digest.update(chunk)
            out.write(chunk)
            yield sink.take()
    if digest.hexdigest() != file.sha256:
        raise BlobIntegrityError(f"file {file.name!r}: stored content does not match its SHA-256")
    yield sink.take()


def _zip_stream(
    version: Version, tags: list[tuple[str, bytes]], data: list[tuple[str, File]]
) -> Iterator[bytes]:
    sink = _Sink()
    stamp = _stamp(version)
    with zipfile.ZipFile(sink, "w", allowZip64=True) as zf:
        for name, content in tags:
            if name.endswith("/"):  # a folder (an empty payload folder)
                zf.mkdir(name.rstrip("/"))
            else:
                zf.writestr(_entry(name, stamp, deflate=True), content)
            yield sink.take()
        for name, file in data:
            yield from _copy(zf, sink, _entry(name, stamp, deflate=False), file)
    yield sink.take()


def _require(version: Version) -> Resource:
    resource = version.resource()
    if resource is None:
        raise NotFound(f"version {version.number} has no metadata yet: nothing to package")
    return resource


def folder_name(version: Version) -> str:
    if version.ark:
        return version.ark.rsplit("/", 1)[-1]
    return f"record-{version.record_id}-v{version.number}"


def _manifest(lines: list[tuple[str, str]]) -> bytes:
    return "".join(f"{digest}  {path}\n" for digest, path in lines).encode("utf-8")


def _bag_info(resource: Resource, version: Version, packed: list[File]) -> bytes:
    octets = sum(f.size for f in packed)
    withheld = version.files.count() - len(packed)
    fields = [
        ("Source-Organization", resource.publisher.name),
        ("External-Identifier", version.ark or links.landing_url(version)),
        ("External-Description", version.title),
        ("Bagging-Date", timezone.localdate(version.published_at or timezone.now()).isoformat()),
        ("Payload-Oxum", f"{octets}.{len(packed)}"),
    ]
    if withheld:
        fields.append(("Files-Withheld", f"{withheld} (access: {version.access})"))
    text = "".join(f"{k}: {' '.join(str(v).split())}\n" for k, v in fields)
    return text.encode("utf-8")


def bag_chunks(version: Version) -> Iterator[bytes]:
    """The BagIt bag of `version`, as ZIP bytes in chunks."""
    resource = _require(version)
    packed = files_packed(version)
    root = folder_name(version)
    landing = links.landing(version, with_files=bool(packed))
    tags: list[tuple[str, bytes]] = [
        ("bagit.txt", BAGIT_TXT),
        ("bag-info.txt", _bag_info(resource, version, packed)),
        ("manifest-sha256.txt", _manifest([(f.sha256, f"data/{f.name}") for f in packed])),
        ("manifest-md5.txt", _manifest([(f.md5, f"data/{f.name}") for f in packed])),
        ("metadata/datacite.xml", bytes(version.metadata or b"")),
        ("metadata/dcat-ap.ttl", dcat.document(resource, landing).encode("utf-8")),
    ]
    described = list(tags)
    if not packed:
        tags.append(("data/", b""))
    for algorithm in ("sha256", "md5"):
        lines = [(hashlib.new(algorithm, content).hexdigest(), name) for name, content in described]
        tags.append((f"tagmanifest-{algorithm}.txt", _manifest(lines)))
    return _zip_stream(
        version,
        [(f"{root}/{name}", content) for name, content in tags],
        [(f"{root}/data/{f.name}", f) for f in packed],
    )


def crate_chunks(version: Version) -> Iterator[bytes]:
    """The RO-Crate of `version`, as ZIP bytes in chunks."""
    resource = _require(version)
    packed = files_packed(version)
    landing = links.landing(version, with_files=bool(packed))
    document = ro_crate.document(resource, landing).encode("utf-8")
    return _zip_stream(version, [(ro_crate.METADATA_FILE, document)], [(f.name, f) for f in packed])


def bag(resource: Resource, landing: Landing, version: Version) -> bytes:
    """The bag in one piece (the export registry's signature; `bag_chunks` streams it)."""
    return b"".join(bag_chunks(version))


def crate(resource: Resource, landing: Landing, version: Version) -> bytes:
    """The RO-Crate in one piece (`crate_chunks` streams it)."""
    return b"".join(crate_chunks(version))

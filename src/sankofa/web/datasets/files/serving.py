"""Serving one dataset file over HTTP: ranges, validators, checksums, safe headers.

- ``ETag`` is the file's SHA-256 (a strong tag: the same bytes always), ``Last-Modified``
  the version's publication (a draft's file: when it was added); ``If-None-Match``
  (first) and ``If-Modified-Since`` answer 304; ``If-Range`` with the tag or the date
  keeps a range, anything else sends the whole file.
- One ``Range: bytes=…`` (first-last, first-, -suffix) answers 206 with
  ``Content-Range``; a range starting past the end 416 with ``Content-Range: bytes */size``;
  several ranges, or a header that does not parse, the whole file (200).
- Checksums of the whole file go with every answer: ``Repr-Digest: sha-256=:…:``
  (RFC 9530), the older ``Digest: SHA-256=…`` (RFC 3230) and ``X-Checksum-MD5`` (hex).
- The bytes come from the blob store in 1 MiB chunks (constant memory). A whole-file
  answer is hashed while it is sent and the last chunk is held back until the SHA-256
  and the size are known (a helper thread hashes while the previous chunk is sent):
  a damaged blob is logged and the connection ends short of
  ``Content-Length`` (the client sees an incomplete download), never a silent success.
- ``Content-Type`` only from `SAFE_TYPES` (HTML, SVG, XML, JavaScript and anything else
  go as ``application/octet-stream``), always ``Content-Disposition: attachment`` with the
  name in ``filename*=UTF-8''…``, ``X-Content-Type-Options: nosniff`` and
  ``Content-Security-Policy: sandbox``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import BinaryIO
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import http_date, parse_http_date_safe

from sankofa.core.blobstore import CHUNK_SIZE, BlobStore, get_blobstore
from sankofa.datasets import fixity
from sankofa.datasets.models import File
from sankofa.web.byteranges import Unsatisfiable, byte_range, etags

__all__ = ["SAFE_TYPES", "BlobDamaged", "file_response", "safe_type"]

# Types a browser shows or hands to a helper without running them as part of this site.
SAFE_TYPES = frozenset(
    {
        "text/plain",
        "text/csv",
        "text/tab-separated-values",
        "text/markdown",
        "application/json",
        "application/ld+json",
        "application/geo+json",
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/x-bzip2",
        "application/x-xz",
        "application/zstd",
        "application/x-7z-compressed",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.text",
        "application/x-netcdf",
        "application/x-hdf5",
        "application/x-parquet",
        "application/octet-stream",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/tiff",
        "audio/mpeg",
        "audio/ogg",
        "audio/wav",
        "audio/flac",
        "video/mp4",
        "video/webm",
        "video/ogg",
    }
)
FALLBACK_TYPE = "application/octet-stream"


class BlobDamaged(OSError):
    """The bytes read for a file do not have its recorded SHA-256 or size."""


def safe_type(media_type: str) -> str:
    """`media_type` (parameters dropped) if it is in `SAFE_TYPES`, else octet-stream."""
    bare = media_type.split(";", 1)[0].strip().lower()
    return bare if bare in SAFE_TYPES else FALLBACK_TYPE


def attachment(name: str) -> str:
    """``attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>``."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\%' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _b64(hexdigest: str) -> str:
    return base64.b64encode(bytes.fromhex(hexdigest)).decode("ascii")


def _not_modified(request: HttpRequest, etag: str, modified: datetime) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # RFC 9110 §13.2.2: If-Modified-Since is then ignored
        return bool({"*", etag} & set(etags(if_none_match)))
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(modified.timestamp()) <= since


def _range_applies(request: HttpRequest, etag: str, modified: datetime) -> bool:
    if_range = request.headers.get("If-Range")
    if if_range is None:
        return True
    if_range = if_range.strip()
    if if_range.startswith('"'):
        return if_range == etag  # strong comparison
    when = parse_http_date_safe(if_range)
    return when is not None and when == int(modified.timestamp())


def file_response(
    request: HttpRequest, file: File, modified: datetime, store: BlobStore | None = None
) -> tuple[HttpResponseBase, int | None]:
    """The answer for `file`, and the first byte it sends (None: no content is sent)."""
    etag = f'"{file.sha256}"'
    if _not_modified(request, etag, modified):
        response: HttpResponseBase = HttpResponse(status=304)
        _validators(response, etag, modified)
        return response, None
    ranged = request.headers.get("Range") if _range_applies(request, etag, modified) else None
    try:
        window = byte_range(ranged, file.size)
    except Unsatisfiable:
        response = HttpResponse(
            f"The file has {file.size} bytes; the range {ranged} is outside it.\n",
            status=416,
            content_type="text/plain; charset=utf-8",
        )
        response["Content-Range"] = f"bytes */{file.size}"
        response["X-Content-Type-Options"] = "nosniff"
        return response, None
    start, end = window or (0, file.size)
    if request.method == "HEAD":
        response = HttpResponse(b"")
    else:
        response = StreamingHttpResponse(_content(store or get_blobstore(), file, start, end))
    if window is not None:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end - 1}/{file.size}"
    response["Content-Length"] = str(end - start)
    response["Content-Type"] = safe_type(file.media_type)
    response["Content-Disposition"] = attachment(file.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Accept-Ranges"] = "bytes"
    response["Repr-Digest"] = f"sha-256=:{_b64(file.sha256)}:"
    response["Digest"] = f"SHA-256={_b64(file.sha256)}"
    response["X-Checksum-MD5"] = file.md5
    _validators(response, etag, modified)
    return response, None if request.method == "HEAD" else start


def _validators(response: HttpResponseBase, etag: str, modified: datetime) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    response["Cache-Control"] = "private, no-cache"  # revalidate: access may change


def _content(store: BlobStore, file: File, start: int, end: int) -> Iterator[bytes]:
    if start == 0 and end == file.size:
        return verified_chunks(store, file)
    return _chunks(store.open_range(file.sha256, start, end) if end > start else None)


def _chunks(stream: BinaryIO | None) -> Iterator[bytes]:
    if stream is None:
        return
    with stream:
        while data := stream.read(CHUNK_SIZE):
            yield data


def verified_chunks(store: BlobStore, file: File) -> Iterator[bytes]:
    """The whole blob, hashed on the way; the last chunk is sent only once the SHA-256 and
    size match the record, else BlobDamaged ends the response short.

    A helper thread hashes each chunk while the previous one is sent (hashing releases the
    interpreter lock), so checking costs little time on a machine with two cores."""
    digest = hashlib.sha256()
    size = 0
    held: bytes | None = None
    hashing: Future[None] | None = None
    with (
        ThreadPoolExecutor(1, thread_name_prefix="sankofa-digest") as hasher,
        store.open(file.sha256) as stream,
    ):
        while chunk := stream.read(CHUNK_SIZE):
            if hashing is not None:
                hashing.result()  # in order, and at most one chunk waits for the hasher
            hashing = hasher.submit(digest.update, chunk)
            size += len(chunk)
            if held is not None:
                yield held
            held = chunk
            if size > file.size:
                break
        if hashing is not None:
            hashing.result()
    if size != file.size or digest.hexdigest() != file.sha256:
        detail = f"read {size} bytes with SHA-256 {digest.hexdigest()}, expected {file.size}"
        fixity.log_damage(file, detail)
        raise BlobDamaged(f"file {file.name!r} of version {file.version_id}: {detail}")
    if held is not None:
        yield held

"""A blob store in an S3 (or S3-compatible) bucket, through boto3.

Keys under ``prefix`` mirror the local layout: ``<prefix>ab/cd/abcd…`` holds a
blob, ``<prefix>tmp/<random>`` is a write in progress.

Writing.  The stream is read in 1 MiB chunks into parts of ``part_size`` bytes
(at least 5 MiB, S3's minimum part size), so memory use is bounded by about one
part, whatever the blob size.

* A blob that fits in one part is hashed first; if its key already exists
  nothing is sent, otherwise it is stored with one ``PutObject`` carrying the
  ``x-amz-checksum-sha256`` header, so the service rejects a body that does not
  hash to the digest.  ``PutObject`` is atomic: the key appears complete or not
  at all.
* A larger blob is sent as a multipart upload to a temporary key, which S3
  materialises only on ``CompleteMultipartUpload``.  Once the digest is known
  the temporary object is copied server-side to its final key with a SHA-256
  checksum computed by the service, the copy is checked (size, and the SHA-256
  when the service reports a whole-object checksum), and the temporary object
  is deleted.  If the stream fails, the upload is aborted.  Part sizes grow by
  ``part_size`` every 1,000 parts so that S3's 10,000-part limit is reached only
  beyond about 55,000 x ``part_size`` bytes.

Looking up many digests.  :meth:`S3BlobStore.missing` issues one ``HeadObject``
per digest, up to 16 at a time (no more than the client's connection pool).
Its cost follows the number of digests asked about, whereas listing the prefix
would cost one request per 1,000 stored blobs, which for an archive is far more
than the handful of digests a load asks about.
"""

from __future__ import annotations

import base64
import contextlib
import io
import time
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, BinaryIO

import boto3
import boto3.s3.transfer
import botocore.config
from botocore.exceptions import ClientError

from sankofa.core.blobstore.base import (
    CHUNK_SIZE,
    DEFAULT_ALGORITHM,
    BlobIntegrityError,
    BlobNotFound,
    BlobStore,
    Window,
    blob_path,
    check_digest,
    check_range,
)

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

MIN_PART_SIZE = 5 * 1024 * 1024
DEFAULT_PART_SIZE = 8 * 1024 * 1024
MAX_SINGLE_COPY = 5 * 1024**3
LOOKUP_THREADS = 16
TMP_PREFIX = "tmp/"
_NOT_FOUND = frozenset({"404", "NoSuchKey", "NotFound"})


def is_not_found(exc: ClientError) -> bool:
    """Return whether a boto3 error means the key does not exist."""
    return str(exc.response.get("Error", {}).get("Code")) in _NOT_FOUND


class S3BlobStore(BlobStore):
    """Blobs as objects of ``bucket`` under ``prefix``.

    ``client`` is a boto3 S3 client; by default one is made from the ambient
    boto3 configuration (environment, ``~/.aws``), with path-style addressing
    when ``endpoint_url`` names an S3-compatible service.
    """

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        client: S3Client | None = None,
        *,
        part_size: int = DEFAULT_PART_SIZE,
        algorithm: str = DEFAULT_ALGORITHM,
    ) -> None:
        super().__init__(algorithm=algorithm)
        if not bucket:
            raise ValueError("an S3 blob store needs a bucket name")
        if prefix.startswith("/"):
            raise ValueError(f"S3 key prefix {prefix!r} must not start with '/'")
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size {part_size} is below S3's minimum of {MIN_PART_SIZE}")
        self.bucket = bucket
        self.prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
        self.part_size = part_size
        self.client: S3Client = client if client is not None else _make_client(endpoint_url)

    def __repr__(self) -> str:
        return f"S3BlobStore({self.bucket!r}, {self.prefix!r})"

    def key(self, digest: str) -> str:
        """Return the object key of a blob; raise ValueError for a bad digest."""
        return self.prefix + blob_path(self.check_digest(digest))

    # -- writing ---------------------------------------------------------

    def put(self, stream: BinaryIO) -> str:
        hasher = self.new_hash()
        first = _read_part(stream, hasher, self.part_size)
        if len(first) < self.part_size:
            digest = hasher.hexdigest()
            if not self.exists(digest):
                self._put_object(digest, first)
            return digest
        pending = [first]  # handed over in a list so that no frame keeps the part alive
        del first
        tmp_key, total = self._upload_parts(stream, hasher, pending)
        try:
            digest = hasher.hexdigest()
            if not self.exists(digest):
                self._copy_into_place(tmp_key, digest, total)
        finally:
            self.client.delete_object(Bucket=self.bucket, Key=tmp_key)
        return digest

    def _put_object(self, digest: str, data: bytearray) -> None:
        extra: dict[str, Any] = {}
        if self.algorithm == "sha256":
            extra["ChecksumAlgorithm"] = "SHA256"
            extra["ChecksumSHA256"] = base64.b64encode(bytes.fromhex(digest)).decode("ascii")
        self.client.put_object(
            Bucket=self.bucket,
            Key=self.key(digest),
            Body=data,  # type: ignore[arg-type]  # botocore sends a bytearray as is
            ContentType="application/octet-stream",
            **extra,
        )

    def _upload_parts(
        self, stream: BinaryIO, hasher: Any, pending: list[bytearray]
    ) -> tuple[str, int]:
        """Send the part in ``pending`` and the rest of ``stream`` as a multipart upload.

        The upload goes to a fresh temporary key, which is returned with the total size.
        """
        tmp_key = f"{self.prefix}{TMP_PREFIX}{uuid.uuid4().hex}"
        upload_id = self.client.create_multipart_upload(
            Bucket=self.bucket, Key=tmp_key, ContentType="application/octet-stream"
        )["UploadId"]
        try:
            parts: list[dict[str, Any]] = []
            total, part = 0, pending.pop()
            while part:
                number = len(parts) + 1
                response = self.client.upload_part(
                    Bucket=self.bucket,
                    Key=tmp_key,
                    UploadId=upload_id,
                    PartNumber=number,
                    Body=part,  # type: ignore[arg-type]  # sent as is, not copied
                )
                parts.append({"PartNumber": number, "ETag": response["ETag"]})
                total += len(part)
                del part
                part = _read_part(stream, hasher, self.part_size * (1 + number // 1000))
            self.client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=tmp_key,
                UploadId=upload_id,
                MultipartUpload={"Parts": parts},  # type: ignore[typeddict-item]
            )
        except BaseException:
            self._abort(tmp_key, upload_id)
            raise
        return tmp_key, total

    def _abort(self, key: str, upload_id: str) -> None:
        # A failure here (upload already gone, network) is left for cleanup().
        with contextlib.suppress(ClientError):
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)

    def _copy_into_place(self, tmp_key: str, digest: str, total: int) -> None:
        key = self.key(digest)
        source = {"Bucket": self.bucket, "Key": tmp_key}
        if total <= MAX_SINGLE_COPY:
            extra: dict[str, Any] = {}
            if self.algorithm == "sha256":
                extra["ChecksumAlgorithm"] = "SHA256"
            self.client.copy_object(
                Bucket=self.bucket,
                Key=key,
                CopySource=source,  # type: ignore[arg-type]
                **extra,
            )
        else:
            config = boto3.s3.transfer.TransferConfig(multipart_chunksize=1024**3)
            self.client.copy(source, self.bucket, key, Config=config)  # type: ignore[arg-type]
        self._check_written(key, digest, total)

    def _check_written(self, key: str, digest: str, total: int) -> None:
        """Raise BlobIntegrityError (and remove the object) unless it has the expected content."""
        head = self.client.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
        problems = []
        if head["ContentLength"] != total:
            problems.append(f"size {head['ContentLength']} instead of {total}")
        checksum = head.get("ChecksumSHA256")
        if self.algorithm == "sha256" and checksum and "-" not in checksum:
            reported = base64.b64decode(checksum).hex()
            if reported != digest:
                problems.append(f"the service reports SHA-256 {reported}")
        if problems:
            self.client.delete_object(Bucket=self.bucket, Key=key)
            where = f"s3://{self.bucket}/{key}"
            raise BlobIntegrityError(f"blob {digest} copied to {where}: {'; '.join(problems)}")

    def delete(self, digest: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(digest))

    def cleanup(self, older_than: float = 3600.0) -> int:
        """Remove temporary objects and abort multipart uploads older than ``older_than`` seconds.

        Returns how many objects and uploads were removed.
        """
        cutoff = time.time() - older_than
        tmp = self.prefix + TMP_PREFIX
        removed = 0
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=tmp
        ):
            for obj in page.get("Contents", []):
                if obj["LastModified"].timestamp() <= cutoff:
                    self.client.delete_object(Bucket=self.bucket, Key=obj["Key"])
                    removed += 1
        for uploads in self.client.get_paginator("list_multipart_uploads").paginate(
            Bucket=self.bucket, Prefix=tmp
        ):
            for upload in uploads.get("Uploads", []):
                if upload["Initiated"].timestamp() <= cutoff:
                    self._abort(upload["Key"], upload["UploadId"])
                    removed += 1
        return removed

    # -- reading ---------------------------------------------------------

    def open(self, digest: str) -> BinaryIO:
        size = self.size(digest)
        raw = S3RangeReader(self.client, self.bucket, self.key(digest), 0, size)
        return io.BufferedReader(raw, CHUNK_SIZE)

    def open_range(self, digest: str, start: int, end: int) -> BinaryIO:
        check_range(start, end)
        size = self.size(digest)
        lo, hi = min(start, size), min(end, size)
        raw = S3RangeReader(self.client, self.bucket, self.key(digest), lo, hi - lo)
        return io.BufferedReader(raw, CHUNK_SIZE)

    def _head(self, digest: str) -> dict[str, Any] | None:
        try:
            return dict(self.client.head_object(Bucket=self.bucket, Key=self.key(digest)))
        except ClientError as exc:
            if is_not_found(exc):
                return None
            raise

    def exists(self, digest: str) -> bool:
        return self._head(digest) is not None

    def missing(self, digests: Iterable[str]) -> set[str]:
        wanted = sorted({self.check_digest(d) for d in digests})
        if len(wanted) <= 1:
            return {d for d in wanted if not self.exists(d)}
        # No more threads than the client keeps connections, or urllib3 discards some.
        pool_size = getattr(self.client.meta.config, "max_pool_connections", None) or 10
        with ThreadPoolExecutor(min(LOOKUP_THREADS, pool_size, len(wanted))) as pool:
            found = pool.map(self.exists, wanted)
            return {d for d, present in zip(wanted, found, strict=True) if not present}

    def size(self, digest: str) -> int:
        head = self._head(digest)
        if head is None:
            raise BlobNotFound(digest)
        return int(head["ContentLength"])

    def iter_digests(self) -> Iterator[str]:
        skip = len(self.prefix)
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        ):
            for obj in page.get("Contents", []):
                rest = obj["Key"][skip:]
                digest = rest[6:]
                if len(digest) != self.digest_length:
                    continue
                try:
                    check_digest(digest, self.digest_length)
                except ValueError:
                    continue
                if rest == blob_path(digest):
                    yield digest


class S3RangeReader(Window):
    """A window on an S3 object, fetched lazily with ranged ``GetObject`` requests.

    Seeking drops the current response; the next read starts a new one there.
    """

    def __init__(self, client: S3Client, bucket: str, key: str, offset: int, length: int) -> None:
        super().__init__(offset, length)
        self._client = client
        self._bucket = bucket
        self._key = key
        self._body: Any = None

    def _moved(self) -> None:
        self._drop_body()

    def _fetch(self, want: int) -> bytes:
        if self._body is None:
            first, last = self._offset + self._pos, self._offset + self._length - 1
            try:
                response = self._client.get_object(
                    Bucket=self._bucket, Key=self._key, Range=f"bytes={first}-{last}"
                )
            except ClientError as exc:
                if is_not_found(exc):
                    raise BlobNotFound(self._key.rpartition("/")[2]) from exc
                raise
            self._body = response["Body"]
        data: bytes = self._body.read(want)
        if not data:
            raise BlobIntegrityError(f"s3://{self._bucket}/{self._key} ended early")
        return data

    def readall(self) -> bytes:
        chunks = []
        while data := self.read(CHUNK_SIZE):
            chunks.append(data)
        return b"".join(chunks)

    def _drop_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._drop_body()
        super().close()


def _read_part(stream: BinaryIO, hasher: Any, size: int) -> bytearray:
    """Read up to about ``size`` bytes from ``stream`` in chunks, feeding ``hasher``."""
    part = bytearray()
    while len(part) < size and (chunk := stream.read(CHUNK_SIZE)):
        hasher.update(chunk)
        part += chunk
    return part


def _make_client(endpoint_url: str | None) -> S3Client:
    config = botocore.config.Config(max_pool_connections=LOOKUP_THREADS)
    if endpoint_url:
        config = config.merge(botocore.config.Config(s3={"addressing_style": "path"}))
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)

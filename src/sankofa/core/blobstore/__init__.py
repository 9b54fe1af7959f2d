"""Content-addressed blob stores: immutable blobs named by the hex digest of their bytes.

Backends share the :class:`BlobStore` interface: :class:`LocalBlobStore` (a
directory), :class:`MemoryBlobStore` (a dictionary, for tests) and
:class:`S3BlobStore` (an S3 bucket; imported on first use, as it loads boto3).
:func:`get_blobstore` returns the store configured in the Django settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sankofa.core.blobstore.base import (
    CHUNK_SIZE,
    BlobIntegrityError,
    BlobNotFound,
    BlobStore,
    blob_path,
    check_digest,
)
from sankofa.core.blobstore.factory import (
    blobstore_from_url,
    clear_blobstore_cache,
    get_blobstore,
)
from sankofa.core.blobstore.local import LocalBlobStore
from sankofa.core.blobstore.memory import MemoryBlobStore

if TYPE_CHECKING:
    from sankofa.core.blobstore.s3 import S3BlobStore

__all__ = [
    "CHUNK_SIZE",
    "BlobIntegrityError",
    "BlobNotFound",
    "BlobStore",
    "LocalBlobStore",
    "MemoryBlobStore",
    "S3BlobStore",
    "blob_path",
    "blobstore_from_url",
    "check_digest",
    "clear_blobstore_cache",
    "get_blobstore",
]


def __getattr__(name: str) -> object:
    if name == "S3BlobStore":
        from sankofa.core.blobstore.s3 import S3BlobStore

        return S3BlobStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

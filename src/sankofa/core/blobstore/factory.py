"""Blob stores named by URL, and the node's configured blob store.

Accepted URLs:

``file:///absolute/path``      a :class:`LocalBlobStore` rooted at the path
                               (percent-escapes decoded; host empty or ``localhost``)
``memory:``                    a :class:`MemoryBlobStore`
``s3://bucket[/key/prefix]``   an :class:`S3BlobStore`; the prefix, if any, gets a
                               trailing ``/``

Django is imported only inside :func:`get_blobstore`, so this module works
without configured settings.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

from sankofa.core.blobstore.base import BlobStore

_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def blobstore_from_url(url: str, *, s3_endpoint_url: str | None = None) -> BlobStore:
    """Return a new blob store for ``url``; raise ValueError naming what is wrong with it."""
    if not isinstance(url, str) or not url:
        raise ValueError(f"blob store URL must be a non-empty string, not {url!r}")
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise ValueError(f"blob store URL {url!r} must not have a query or fragment")
    if parts.scheme == "file":
        return _local(url, parts)
    if parts.scheme == "memory":
        if parts.netloc or parts.path:
            raise ValueError(f"memory blob store URL must be exactly 'memory:', not {url!r}")
        from sankofa.core.blobstore.memory import MemoryBlobStore

        return MemoryBlobStore()
    if parts.scheme == "s3":
        return _s3(url, parts, s3_endpoint_url)
    raise ValueError(f"unsupported blob store URL {url!r}: the scheme must be file, s3 or memory")


def _local(url: str, parts: SplitResult) -> BlobStore:
    from sankofa.core.blobstore.local import LocalBlobStore

    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"file blob store URL {url!r} names host {parts.netloc!r}; use file:///")
    path = unquote(parts.path)
    if not path.startswith("/"):
        raise ValueError(f"file blob store URL {url!r} needs an absolute path (file:///...)")
    if "\x00" in path:
        raise ValueError(f"file blob store URL {url!r} contains a NUL character")
    return LocalBlobStore(Path(path))


def _s3(url: str, parts: SplitResult, endpoint_url: str | None) -> BlobStore:
    from sankofa.core.blobstore.s3 import S3BlobStore

    bucket = parts.netloc
    if not bucket:
        raise ValueError(f"S3 blob store URL {url!r} has no bucket (s3://bucket/prefix)")
    if not _BUCKET.fullmatch(bucket) or ".." in bucket:
        raise ValueError(f"S3 blob store URL {url!r}: {bucket!r} is not a valid bucket name")
    prefix = unquote(parts.path).lstrip("/")
    if "//" in prefix:
        raise ValueError(f"S3 blob store URL {url!r}: the key prefix has an empty segment")
    return S3BlobStore(bucket, prefix, endpoint_url=endpoint_url)


def get_blobstore() -> BlobStore:
    """Return the blob store named by ``settings.SANKOFA_BLOBSTORE_URL``.

    ``settings.SANKOFA_S3_ENDPOINT_URL`` (optional) is the endpoint for ``s3://``
    stores.  One instance is kept per (URL, endpoint), so ``memory:`` yields the
    same store for the life of the process until :func:`clear_blobstore_cache`.
    """
    from django.conf import settings

    url = settings.SANKOFA_BLOBSTORE_URL
    endpoint = getattr(settings, "SANKOFA_S3_ENDPOINT_URL", None) or None
    return _cached_blobstore(url, endpoint)


@functools.cache
def _cached_blobstore(url: str, endpoint: str | None) -> BlobStore:
    return blobstore_from_url(url, s3_endpoint_url=endpoint)


def clear_blobstore_cache() -> None:
    """Forget the stores made by :func:`get_blobstore`."""
    _cached_blobstore.cache_clear()

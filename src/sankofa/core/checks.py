"""Django system checks for the blob store settings (tag ``sankofa``).

========== ============================================================
sankofa.E001  ``SANKOFA_BLOBSTORE_URL`` is not a blob store URL
sankofa.E002  the local blob store directory cannot be created or written
sankofa.E003  ``SANKOFA_S3_ENDPOINT_URL`` is not an http(s) URL
sankofa.W001  an ``s3://`` blob store but boto3 finds no credentials
========== ============================================================

The checks look at configuration and the local filesystem only; they make no
network request other than what boto3's credential lookup may do.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.checks import CheckMessage, Error
from django.core.checks import Warning as CheckWarning


def check_blobstore(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Check ``SANKOFA_BLOBSTORE_URL`` and ``SANKOFA_S3_ENDPOINT_URL``."""
    from django.conf import settings

    from sankofa.core.blobstore import LocalBlobStore, blobstore_from_url
    from sankofa.core.blobstore.s3 import S3BlobStore

    messages: list[CheckMessage] = []
    endpoint = getattr(settings, "SANKOFA_S3_ENDPOINT_URL", None) or None
    if endpoint is not None and not _is_http_url(endpoint):
        messages.append(
            Error(
                f"SANKOFA_S3_ENDPOINT_URL {endpoint!r} is not an http:// or https:// URL.",
                hint="Give the endpoint of the S3-compatible service, e.g. https://s3.example.org.",
                id="sankofa.E003",
            )
        )
        endpoint = None
    url = getattr(settings, "SANKOFA_BLOBSTORE_URL", None)
    try:
        store = blobstore_from_url(url, s3_endpoint_url=endpoint)  # type: ignore[arg-type]
    except ValueError as exc:
        messages.append(
            Error(
                f"SANKOFA_BLOBSTORE_URL is invalid: {exc}",
                hint="Use file:///absolute/path, s3://bucket/prefix or memory:.",
                id="sankofa.E001",
            )
        )
        return messages
    if isinstance(store, LocalBlobStore):
        problem = _unwritable(store.root)
        if problem:
            messages.append(
                Error(
                    f"The blob store directory {str(store.root)!r} cannot be written: {problem}.",
                    hint="Create the directory or give the node's user write access to it.",
                    id="sankofa.E002",
                )
            )
    elif isinstance(store, S3BlobStore) and not _have_aws_credentials():
        messages.append(
            CheckWarning(
                "SANKOFA_BLOBSTORE_URL names an S3 bucket but boto3 finds no credentials.",
                hint=(
                    "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), "
                    "or configure ~/.aws/credentials."
                ),
                id="sankofa.W001",
            )
        )
    return messages


def _is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _unwritable(root: Path) -> str | None:
    """Return why files cannot be created under ``root`` (made on demand), or None."""
    probe = root
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        return f"{str(probe)!r} is not a directory"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{str(probe)!r} is not writable"
    tmp = root / "tmp"
    if probe == root and tmp.exists() and not (tmp.is_dir() and os.access(tmp, os.W_OK | os.X_OK)):
        return f"{str(tmp)!r} is not a writable directory"
    return None


def _have_aws_credentials() -> bool:
    import boto3.session

    return boto3.session.Session().get_credentials() is not None

"""Addresses of the browse pages, with the context they were reached in.

The directory, content and revision pages accept *context params* (``origin_url``,
``visit``, ``snapshot``, ``release``, ``revision``, ``path``): they feed breadcrumbs
and the fully qualified SWHID. `Context` holds them and `object_url` builds the page
address of any archived object with them. Addresses are reversed in the active
language; callers outside a language prefix wrap the call in
``translation.override``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from sankofa.swhid.identifiers import ObjectType

Param = str | bytes | int | None

PAGE_NAMES = {
    ObjectType.CONTENT: "browse:content",
    ObjectType.DIRECTORY: "browse:directory",
    ObjectType.REVISION: "browse:revision",
    ObjectType.RELEASE: "browse:release",
    ObjectType.SNAPSHOT: "browse:snapshot",
}


@dataclass(frozen=True)
class Context:
    """Where an object was reached from (all optional)."""

    origin_url: str | None = None
    visit: int | None = None
    snapshot: bytes | None = None
    release: bytes | None = None
    revision: bytes | None = None

    def params(self) -> dict[str, Param]:
        return {
            "origin_url": self.origin_url,
            "visit": self.visit,
            "snapshot": self.snapshot.hex() if self.snapshot is not None else None,
            "release": self.release.hex() if self.release is not None else None,
            "revision": self.revision.hex() if self.revision is not None else None,
        }


def with_params(url: str, params: Mapping[str, Param]) -> str:
    """`url` with the query `params` that are not None (bytes are quoted byte for byte)."""
    kept = [(k, v) for k, v in params.items() if v is not None]
    return f"{url}?{urlencode(kept, safe='/:')}" if kept else url


def object_url(
    object_type: ObjectType,
    oid: bytes,
    context: Context | None = None,
    *,
    root: bytes | None = None,
    path: bytes | None = None,
) -> str:
    """The page of an archived object; for a directory or content found below a root
    directory, `root` and `path` (relative, no leading slash) say where."""
    context = context or Context()
    if object_type is ObjectType.CONTENT:
        url = reverse(PAGE_NAMES[object_type], args=[oid.hex()])
        extra: dict[str, Param] = {"root": root.hex() if root else None, "path": path}
    elif object_type is ObjectType.DIRECTORY:
        url = reverse(PAGE_NAMES[object_type], args=[(root or oid).hex()])
        extra = {"path": path if root else None}
    else:
        url = reverse(PAGE_NAMES[object_type], args=[oid.hex()])
        extra = {}
    if object_type is ObjectType.SNAPSHOT:
        return with_params(url, {"origin_url": context.origin_url})
    return with_params(url, context.params() | extra)


def origin_url(url: str) -> str:
    return with_params(reverse("browse:origin"), {"origin_url": url})


def origin_directory_url(url: str, visit: int | None = None) -> str:
    return with_params(reverse("browse:origin-directory"), {"origin_url": url, "visit": visit})

"""Absolute URLs of API resources, for the ``*_url`` fields and ``Link`` headers."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from sankofa.swhid.identifiers import ObjectType


class Links:
    """URL builder bound to one request (its scheme and host make the URLs absolute)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def url(
        self, name: str, query: Mapping[str, str | int | bytes] | None = None, **kwargs: object
    ) -> str:
        path = reverse(name, kwargs=kwargs)
        if query:
            path += "?" + urlencode(query)
        return self.request.build_absolute_uri(path)

    def content(self, sha1_git: bytes) -> str:
        return self.url("api-1-content", q=f"sha1_git:{sha1_git.hex()}")

    def content_raw(self, sha1_git: bytes) -> str:
        return self.url("api-1-content-raw", q=f"sha1_git:{sha1_git.hex()}")

    def directory(self, oid: bytes) -> str:
        return self.url("api-1-directory", sha1_git=oid.hex())

    def revision(self, oid: bytes) -> str:
        return self.url("api-1-revision", sha1_git=oid.hex())

    def revision_log(self, oid: bytes) -> str:
        return self.url("api-1-revision-log", sha1_git=oid.hex())

    def revision_message(self, oid: bytes) -> str:
        return self.url("api-1-revision-raw-message", sha1_git=oid.hex())

    def release(self, oid: bytes) -> str:
        return self.url("api-1-release", sha1_git=oid.hex())

    def snapshot(self, oid: bytes) -> str:
        return self.url("api-1-snapshot", snapshot_id=oid.hex())

    def target(self, object_type: ObjectType, oid: bytes) -> str:
        """The URL of any archived object, by its SWHID object type."""
        return {
            ObjectType.CONTENT: self.content,
            ObjectType.DIRECTORY: self.directory,
            ObjectType.REVISION: self.revision,
            ObjectType.RELEASE: self.release,
            ObjectType.SNAPSHOT: self.snapshot,
        }[object_type](oid)

    def origin(self, url: str) -> str:
        return self.url("api-1-origin", origin_url=url)

    def origin_visits(self, url: str) -> str:
        return self.url("api-1-origin-visits", origin_url=url)

    def origin_visit(self, url: str, number: int) -> str:
        return self.url("api-1-origin-visit", origin_url=url, visit_id=number)


def link_next(url: str) -> str:
    """A ``Link`` header value pointing at the next page (RFC 8288)."""
    return f'<{url}>; rel="next"'

"""Brotli or gzip for dynamic pages, chosen from ``Accept-Encoding``.

Static files are compressed ahead of time by WhiteNoise; this middleware compresses
what views render (HTML, JSON, SVG, text). Streamed bodies (downloads, which honour
Range) and small bodies are left alone, as are responses already encoded.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable

import brotli
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers

MIN_SIZE = 200  # bytes: below this, compression costs more than it saves
COMPRESSIBLE = ("text/", "application/json", "application/xml", "image/svg+xml")
COMPRESSIBLE_SUFFIXES = ("+json", "+xml")


def accepted(header: str) -> set[str]:
    """The codings `header` accepts (``q=0`` excluded), lower-cased."""
    codings = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip()
        if q.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        if name:
            codings.add(name.strip().lower())
    return codings


def compressible(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith(COMPRESSIBLE) or media.endswith(COMPRESSIBLE_SUFFIXES)


class CompressionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.streaming or response.has_header("Content-Encoding"):
            return response
        if not compressible(response.get("Content-Type", "")):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        body = response.content  # type: ignore[attr-defined]
        if len(body) < MIN_SIZE or response.status_code == 206:
            return response
        codings = accepted(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if "br" in codings:
            encoded, coding = brotli.compress(body, quality=5), "br"
        elif "gzip" in codings:
            encoded, coding = gzip.compress(body, compresslevel=6, mtime=0), "gzip"
        else:
            return response
        response.content = encoded  # type: ignore[attr-defined]
        response["Content-Length"] = str(len(encoded))
        response["Content-Encoding"] = coding
        if (etag := response.get("ETag")) and not etag.startswith("W/"):
            # the bytes sent differ from those the strong tag named: weaken it, as
            # Django's GZipMiddleware does; If-None-Match compares weakly
            response["ETag"] = "W/" + etag
        return response

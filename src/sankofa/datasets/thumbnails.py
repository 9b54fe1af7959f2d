"""Thumbnails of image files (PNG, JPEG, GIF, WebP), made by Pillow from the blob.

Pillow only reads the header to learn an image's size: an image of more than
``SANKOFA_PREVIEW_IMAGE_MAX_PIXELS`` pixels (a decompression bomb, or just a huge
picture) is refused before any pixel is decoded, and Pillow's own bomb check is an
error here, not a warning. JPEGs are decoded at a reduced scale (draft mode). Only the
first frame of an animation is used.

A thumbnail is at most `SIZE` pixels on its longer side: a JPEG for a JPEG, else a
PNG. It is cached in ``SANKOFA_HOME/cache/thumbnails`` under the blob's SHA-256 and
the size, so each is made once (blobs never change).
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from sankofa.core.blobstore import get_blobstore
from sankofa.datasets.models import File
from sankofa.datasets.previews import PreviewError

__all__ = ["SIZE", "make_thumbnail", "thumbnail"]

SIZE = 480
FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def make_thumbnail(stream: BinaryIO, max_pixels: int, size: int = SIZE) -> tuple[bytes, str]:
    """A thumbnail of the image in `stream` and its media type; PreviewError when the
    image is refused (too many pixels, not an image, damaged)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream, formats=sorted(FORMATS)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise PreviewError(
                        f"this image has {width} x {height} pixels: more than the "
                        f"{max_pixels} a thumbnail is made of"
                    )
                jpeg = image.format == "JPEG"
                if jpeg:
                    image.draft("RGB", (size, size))
                image.seek(0)
                small = ImageOps.exif_transpose(image) if jpeg else image.copy()
        small.thumbnail((size, size))
        return _encode(small, jpeg)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PreviewError(f"this image is refused: {exc}") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise PreviewError(f"this image cannot be read: {exc}") from None


def _encode(image: Image.Image, jpeg: bool) -> tuple[bytes, str]:
    out = io.BytesIO()
    if jpeg:
        image.convert("RGB").save(out, "JPEG", quality=85)
        return out.getvalue(), "image/jpeg"
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), "image/png"


def _cache_dir() -> Path:
    return Path(settings.HOME) / "cache" / "thumbnails"


def thumbnail(file: File) -> tuple[bytes, str]:
    """The (cached) thumbnail of `file` and its media type; PreviewError if refused."""
    base = _cache_dir() / f"{file.sha256}-{SIZE}"
    for suffix, media in ((".jpg", "image/jpeg"), (".png", "image/png")):
        try:
            return base.with_suffix(suffix).read_bytes(), media
        except FileNotFoundError:
            continue
    with get_blobstore().open(file.sha256) as stream:
        data, media = make_thumbnail(stream, settings.SANKOFA_PREVIEW_IMAGE_MAX_PIXELS)
    _store(base.with_suffix(".jpg" if media == "image/jpeg" else ".png"), data)
    return data, media


def _store(path: Path, data: bytes) -> None:
    """Write `path` atomically (a concurrent reader sees the whole file or none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

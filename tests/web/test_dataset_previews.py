"""The preview pages of dataset files and the thumbnails, on the real database and blob
store: what is shown, what is never rendered, and who may see it."""

from __future__ import annotations

import io
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from sankofa.core.blobstore import LocalBlobStore, clear_blobstore_cache
from sankofa.datasets import services, visibility
from sankofa.datasets.models import Version
from tests.datasets.conftest import ADA, resource

pytestmark = pytest.mark.django_db

MARKDOWN = b"""# Rain

Read *this* first. <script>alert('md')</script>

[click](javascript:alert(1)) and [home](https://example.org/)
"""
HTML = b"<!doctype html><html><body><script>alert('html')</script><p>hi</p></body></html>"


def picture(fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (960, 640), (10, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


def bomb() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


def archives() -> tuple[bytes, bytes]:
    zipped, tarred = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("inside/rain.csv", b"a,b\n1,2\n")
    with tarfile.open(fileobj=tarred, mode="w:gz") as archive:
        info = tarfile.TarInfo("src/model.py")
        info.size = 12
        archive.addfile(info, io.BytesIO(b"print('hi')\n"))
    return zipped.getvalue(), tarred.getvalue()


FILES: dict[str, bytes] = {
    "rain.csv": b"station,mm\n" + b"".join(b"accra,%d\n" % i for i in range(500)),
    "README.md": MARKDOWN,
    "page.html": HTML,
    "photo.png": picture(),
    "bomb.png": bomb(),
    "bundle.zip": archives()[0],
    "code.tar.gz": archives()[1],
    "blob.bin": b"\x00\x01\x02",
}


@pytest.fixture
def published(node_home: Path, tmp_path: Path, settings: object) -> Callable[..., Version]:
    clear_blobstore_cache()
    LocalBlobStore(node_home / "blobs")

    def make(access: str = "open") -> Version:
        draft = services.create_draft(ADA)
        services.set_metadata(ADA, draft.pk, resource("Rain"))
        for name, content in FILES.items():
            path = tmp_path / "upload" / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(content)
            services.add_file(ADA, draft.pk, name, path)
        if access != "open":
            visibility.set_access(ADA, draft.pk, access)
        return services.publish(ADA, draft.pk)

    return make


def page(client: Client, version: Version, name: str, **query: str) -> tuple[int, str]:
    url = reverse("datasets:preview", args=[version.record_id, version.number, name])
    response = client.get(url, query)
    return response.status_code, response.content.decode()


def test_csv_table_shows_the_first_rows(client: Client, published: Callable[..., Version]) -> None:
    version = published()
    status, body = page(client, version, "rain.csv")
    assert status == 200
    assert '<th scope="col">station</th>' in body and "<td>accra</td><td>99</td>" in body
    assert "<td>100</td>" not in body  # 100 rows shown: 0 to 99
    assert "The first 100 rows of the file are shown." in body


def test_markdown_is_rendered_harmless(client: Client, published: Callable[..., Version]) -> None:
    status, body = page(client, published(), "README.md")
    assert status == 200
    assert "<em>this</em>" in body and 'href="https://example.org/"' in body
    assert "<script>alert" not in body and 'href="javascript:' not in body


def test_html_is_shown_as_its_source(client: Client, published: Callable[..., Version]) -> None:
    status, body = page(client, published(), "page.html")
    assert status == 200
    assert "<pre" in body and "&lt;script&gt;alert(&#x27;html&#x27;)&lt;/script&gt;" in body
    assert "<script>alert" not in body


def test_image_thumbnail_and_a_refused_bomb(
    client: Client, published: Callable[..., Version]
) -> None:
    version = published()
    status, body = page(client, version, "photo.png")
    thumb = reverse("datafiles:thumbnail", args=[version.record_id, version.number, "photo.png"])
    assert status == 200 and f'src="{thumb}"' in body
    response = client.get(thumb)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    with Image.open(io.BytesIO(response.content)) as small:
        assert small.format == "PNG" and small.size == (480, 320)
    assert client.get(thumb).content == response.content  # the cached one

    status, body = page(client, version, "bomb.png")
    assert status == 200 and "No thumbnail" in body and "<img" not in body
    refused = reverse("datafiles:thumbnail", args=[version.record_id, version.number, "bomb.png"])
    assert client.get(refused).status_code == 422


def test_archive_listings(client: Client, published: Callable[..., Version]) -> None:
    version = published()
    assert "inside/rain.csv" in page(client, version, "bundle.zip")[1]
    status, body = page(client, version, "code.tar.gz")
    assert status == 200 and "src/model.py" in body and "12\xa0bytes" in body


def test_no_preview_for_unknown_kinds(client: Client, published: Callable[..., Version]) -> None:
    status, body = page(client, published(), "blob.bin")
    assert status == 200 and "There is no preview for this kind of file." in body
    assert page(client, published(), "missing.csv")[0] == 404


def test_no_preview_for_who_may_not_download(
    client: Client, published: Callable[..., Version]
) -> None:
    version = published("restricted")
    assert page(client, version, "rain.csv")[0] == 403
    thumb = reverse("datafiles:thumbnail", args=[version.record_id, version.number, "photo.png"])
    assert client.get(thumb).status_code == 403
    draft = services.new_version(ADA, version.record_id)
    assert page(client, draft, "rain.csv")[0] == 404  # a draft is not there for the public

"""Previews of dataset files: which kind each file gets, and the streaming readers
(tables, text, JSON, ZIP and tar listings, PDF facts, thumbnails and image bombs)."""

from __future__ import annotations

import io
import json
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime

import pytest
from PIL import Image
from pypdf import PdfWriter

from sankofa.datasets import previews, thumbnails
from sankofa.datasets.models import File
from sankofa.datasets.previews import PreviewError


class Counting(io.RawIOBase):
    """An endless (or long) stream that counts the bytes read from it."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self.chunks, self.pending, self.read_bytes = chunks, b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        while not self.pending:
            self.pending = next(self.chunks, b"")
            if not self.pending:
                return 0
        size = min(len(buffer), len(self.pending))
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        self.read_bytes += size
        return size


def endless_csv() -> Iterator[bytes]:
    yield b"station,day,rain_mm\n"
    n = 0
    while True:
        yield b"".join(b"accra-%d,%d,%d.5\n" % (n + i, (n + i) % 365, i % 40) for i in range(1000))
        n += 1000


def file_named(name: str, media_type: str = "application/octet-stream", size: int = 10) -> File:
    return File(name=name, media_type=media_type, size=size, sha256="0" * 64, md5="0" * 32)


@pytest.mark.parametrize(
    ("name", "media_type", "kind"),
    [
        ("rain.csv", "text/csv", "table"),
        ("rain.tsv", "application/octet-stream", "table"),
        ("photo.JPG", "image/jpeg", "image"),
        ("map.webp", "application/octet-stream", "image"),
        ("paper.pdf", "application/pdf", "pdf"),
        ("README.md", "text/markdown", "markdown"),
        ("data.json", "application/json", "json"),
        ("shape.geojson", "application/geo+json", "json"),
        ("bundle.zip", "application/zip", "zip"),
        ("code.tar.gz", "application/gzip", "tar"),
        ("code.tgz", "application/x-gtar", "tar"),
        ("notes.txt", "text/plain", "text"),
        ("page.html", "text/html", "text"),  # shown as its source, never rendered
        ("logo.svg", "image/svg+xml", "text"),  # SVG is not an image we render
        ("model.bin", "application/octet-stream", None),
        ("data.gz", "application/gzip", None),
    ],
)
def test_kind_of(name: str, media_type: str, kind: str | None) -> None:
    assert previews.kind_of(file_named(name, media_type)) == kind


def test_empty_and_huge_images_get_no_preview() -> None:
    assert previews.kind_of(file_named("empty.csv", "text/csv", size=0)) is None
    huge = file_named("scan.png", "image/png", size=previews.IMAGE_MAX_BYTES + 1)
    assert previews.kind_of(huge) is None


def test_csv_table_of_a_real_file() -> None:
    data = 'name,height_m,note\nKilimanjaro,5895,"highest, in Africa"\nÉlgon,4321,é\n'
    table = previews.read_table(io.BytesIO(data.encode()), rows=100, max_bytes=1 << 20)
    assert table.delimiter == ","
    assert table.rows == [
        ["name", "height_m", "note"],
        ["Kilimanjaro", "5895", "highest, in Africa"],
        ["Élgon", "4321", "é"],
    ]
    assert (table.shown, table.truncated) == (2, False)


def test_semicolons_are_sniffed_and_tabs_taken_for_tsv() -> None:
    semi = previews.read_table(io.BytesIO(b"a;b\n1;2\n3;4\n"), rows=10, max_bytes=1000)
    assert semi.delimiter == ";" and semi.rows[1] == ["1", "2"]
    tsv = previews.read_table(io.BytesIO(b"a b\tc\n1 2\t3\n"), rows=10, max_bytes=1000, tab=True)
    assert tsv.rows == [["a b", "c"], ["1 2", "3"]]


def test_a_huge_csv_is_not_read_whole() -> None:
    stream = Counting(endless_csv())
    table = previews.read_table(stream, rows=100, max_bytes=1 << 20)  # type: ignore[arg-type]
    assert table.shown == 100 and table.truncated
    assert table.rows[1] == ["accra-0", "0", "0.5"] and table.rows[100][0] == "accra-99"
    assert stream.read_bytes <= 64 * 1024  # a few buffers, not the endless file


def test_the_byte_limit_stops_a_table_of_long_rows() -> None:
    rows = (b"x" * 5000 + b"," + b"y" * 5000 + b"\n" for _ in range(10**6))
    stream = Counting(rows)
    table = previews.read_table(stream, rows=1000, max_bytes=50_000)  # type: ignore[arg-type]
    assert stream.read_bytes <= 50_001 + 8192
    assert table.truncated and 0 < table.shown < 5
    assert all(len(cell) <= previews.MAX_CELL for row in table.rows for cell in row)


def test_binary_data_is_not_shown_as_text() -> None:
    with pytest.raises(PreviewError):
        previews.read_text(io.BytesIO(b"\x89PNG\r\n\x1a\n\0\0\0"), 1000)


def test_text_is_cut_at_a_line_and_says_so() -> None:
    text = previews.read_text(io.BytesIO(b"line one\nline two\nline three\n"), 20)
    assert text.text == "line one\nline two\n" and text.truncated


def test_json_is_pretty_printed_when_small_and_cut_when_large() -> None:
    small = previews.read_json(io.BytesIO(b'{"a":[1,2],"b":"\xc3\xa9"}'), 1000)
    assert small.pretty and small.text == '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "é"\n}'
    big_doc = json.dumps([{"n": i} for i in range(2000)], indent=1).encode()
    big = previews.read_json(io.BytesIO(big_doc), 1000)
    assert big.truncated and not big.pretty and big.text.startswith("[\n {")
    broken = previews.read_json(io.BytesIO(b'{"a": '), 1000)
    assert broken.text == '{"a": ' and not broken.pretty


def test_zip_listing() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("data/", (2025, 1, 2, 3, 4, 6)), b"")
        archive.writestr(zipfile.ZipInfo("data/rain.csv", (2025, 1, 2, 3, 4, 6)), b"a,b\n" * 500)
        archive.writestr("<script>.txt", b"hello")
    listing = previews.list_zip(buffer, max_members=10)
    assert [(e.name, e.size, e.is_dir) for e in listing.entries] == [
        ("data/", 0, True),
        ("data/rain.csv", 2000, False),
        ("<script>.txt", 5, False),
    ]
    assert listing.entries[1].modified == datetime(2025, 1, 2, 3, 4, 6)
    assert (listing.total, listing.truncated) == (3, False)
    assert previews.list_zip(buffer, max_members=2).truncated


def test_not_a_zip() -> None:
    with pytest.raises(PreviewError):
        previews.list_zip(io.BytesIO(b"PK\3\4 but no more"), 10)


def tar_gz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(content), 1_700_000_000
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def test_tar_gz_listing_reads_headers_as_a_stream() -> None:
    data = tar_gz({"a.txt": b"alpha", "sub/b.csv": b"x,y\n1,2\n"})
    stream = Counting(iter([data]))
    listing = previews.list_tar(stream, 10, 1 << 20)  # type: ignore[arg-type]
    assert [(e.name, e.size) for e in listing.entries] == [("a.txt", 5), ("sub/b.csv", 8)]
    assert listing.entries[0].modified is not None
    assert listing.entries[0].modified.timestamp() == 1_700_000_000
    assert not listing.truncated


def test_tar_listing_stops_at_its_member_and_byte_limits() -> None:
    many = tar_gz({f"f{i}.txt": b"x" for i in range(50)})
    assert len(previews.list_tar(io.BytesIO(many), 10, 1 << 20).entries) == 10
    big = tarfile.TarInfo("big.bin")
    big.size = 50 * 1024 * 1024
    head = big.tobuf()
    chunks = iter([head, *(b"\0" * 1024 * 1024 for _ in range(50))])
    stream = Counting(chunks)
    listing = previews.list_tar(stream, 10, 4 * 1024 * 1024)  # type: ignore[arg-type]
    assert [e.name for e in listing.entries] == ["big.bin"] and listing.truncated
    assert stream.read_bytes <= 4 * 1024 * 1024 + 1


def test_not_a_tar() -> None:
    with pytest.raises(PreviewError):
        previews.list_tar(io.BytesIO(b"plain words, no archive" * 40), 10, 1 << 20)


def test_pdf_facts() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Rain report", "/Author": "Ama Mensah"})
    buffer = io.BytesIO()
    writer.write(buffer)
    info = previews.pdf_info(buffer)
    assert (info.pages, info.title, info.author) == (2, "Rain report", "Ama Mensah")
    assert (info.width, info.height) == (595, 842)
    with pytest.raises(PreviewError):
        previews.pdf_info(io.BytesIO(b"%PDF-1.7\nnothing else"))


def png(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` grey pixels (with one tiny IDAT)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = png(100_000, 100_000)  # ten billion pixels in a few dozen bytes
    assert len(bomb) < 200
    with pytest.raises(PreviewError, match="refused"):
        thumbnails.make_thumbnail(io.BytesIO(bomb), max_pixels=10**12)
    # below Pillow's own guard, the node's limit (SANKOFA_PREVIEW_IMAGE_MAX_PIXELS) holds
    large = png(10_000, 6_000)
    with pytest.raises(PreviewError, match="10000 x 6000 pixels"):
        thumbnails.make_thumbnail(io.BytesIO(large), max_pixels=50_000_000)


def test_thumbnails_of_real_images() -> None:
    picture = Image.new("RGB", (1200, 800), (200, 120, 40))
    for fmt, media in (("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/png")):
        buffer = io.BytesIO()
        picture.save(buffer, fmt)
        buffer.seek(0)
        data, media_type = thumbnails.make_thumbnail(buffer, max_pixels=50_000_000)
        assert media_type == media
        with Image.open(io.BytesIO(data)) as small:
            assert small.size == (480, 320)
    with pytest.raises(PreviewError):
        thumbnails.make_thumbnail(io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), 10**6)

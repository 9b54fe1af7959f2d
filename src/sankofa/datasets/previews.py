"""Previews of dataset files: which kind a file gets (`kind_of`), and readers that turn
the first bytes of a blob into plain data for a page to show.

No reader executes or renders uploaded content: a table is a list of rows of text, a
text file is text (HTML and SVG included: they are shown as their source), an archive
a list of names. Readers stream: they read at most `Limits.max_bytes` of a file (an
archive listing at most `Limits.archive_bytes`), never a whole large file.

Kinds: ``table`` (CSV, TSV), ``image`` (PNG, JPEG, GIF, WebP: a thumbnail, see
`sankofa.datasets.thumbnails`), ``pdf`` (page count and document information),
``markdown``, ``json``, ``text``, ``zip`` and ``tar`` (listings of members).
"""

from __future__ import annotations

import csv
import io
import json
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO

from django.conf import settings

from sankofa.core.blobstore import get_blobstore
from sankofa.datasets.models import File

__all__ = [
    "Entry",
    "Limits",
    "Listing",
    "PdfInfo",
    "Preview",
    "PreviewError",
    "Table",
    "Text",
    "kind_of",
    "limits",
    "list_tar",
    "list_zip",
    "pdf_info",
    "preview",
    "read_json",
    "read_table",
    "read_text",
]

IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp"}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
IMAGE_MAX_BYTES = 256 * 1024 * 1024  # larger images get no thumbnail
PDF_MAX_BYTES = 512 * 1024 * 1024  # larger PDFs are not opened
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_TEXT_NAMES = (  # extensions of files shown as text
    "txt text log asc py r jl m sh bash c h cpp hpp java js ts go rs rb pl php f f90 sql tex "
    "bib rst org yaml yml toml ini cfg conf xml html htm svg css ipynb nt ttl rdf n3 gpx kml "
    "dat fasta fa fastq vcf sam pdb cif srt vtt diff patch properties env"
)
TEXT_EXTENSIONS = frozenset("." + name for name in _TEXT_NAMES.split())
TEXT_TYPES = frozenset(
    {
        "application/xml",
        "application/x-sh",
        "application/javascript",
        "application/x-tex",
        "application/x-yaml",
        "application/yaml",
        "application/toml",
        "image/svg+xml",
        "application/rdf+xml",
        "application/n-triples",
        "application/x-ipynb+json",
    }
)
SNIFF_BYTES = 1024
MAX_CELL = 1000  # characters shown of one table cell
MAX_COLUMNS = 200


class PreviewError(Exception):
    """The file cannot be previewed (damaged, refused, or not what its name says)."""


@dataclass(frozen=True)
class Limits:
    rows: int  # table rows shown
    max_bytes: int  # bytes read of a text, table, JSON or Markdown file
    archive_members: int  # members listed of a ZIP or tar file
    archive_bytes: int  # bytes read of a tar file to list its members


def limits() -> Limits:
    return Limits(
        rows=settings.SANKOFA_PREVIEW_ROWS,
        max_bytes=settings.SANKOFA_PREVIEW_MAX_BYTES,
        archive_members=settings.SANKOFA_PREVIEW_ARCHIVE_MEMBERS,
        archive_bytes=settings.SANKOFA_PREVIEW_ARCHIVE_BYTES,
    )


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def kind_of(file: File) -> str | None:
    """Which preview `file` gets, from its name, media type and size (None: none)."""
    name, media = file.name.lower(), file.media_type.split(";")[0].strip().lower()
    suffix = _suffix(name)
    if file.size == 0:
        return None
    if suffix in (".csv", ".tsv", ".tab") or media in ("text/csv", "text/tab-separated-values"):
        return "table"
    if suffix in IMAGE_EXTENSIONS or media in IMAGE_TYPES:
        return "image" if file.size <= IMAGE_MAX_BYTES else None
    if suffix == ".pdf" or media == "application/pdf":
        return "pdf" if file.size <= PDF_MAX_BYTES else None
    if suffix in (".md", ".markdown") or media == "text/markdown":
        return "markdown"
    if suffix in (".json", ".geojson", ".jsonld") or media.endswith(("/json", "+json")):
        return "json"
    if name.endswith(TAR_SUFFIXES) or media == "application/x-tar":
        return "tar"
    if suffix == ".zip" or media in ("application/zip", "application/x-zip-compressed"):
        return "zip"
    if suffix in TEXT_EXTENSIONS or media.startswith("text/") or media in TEXT_TYPES:
        return "text"
    return None


class Capped(io.RawIOBase):
    """Reads `inner` up to `limit` bytes, then answers end of file; `count` says how
    many bytes were read, `reached` whether the limit cut the stream short."""

    def __init__(self, inner: BinaryIO, limit: int) -> None:
        super().__init__()
        self.inner, self.limit, self.count, self.reached = inner, limit, 0, False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        room = self.limit - self.count
        if room <= 0:
            self.reached = self.reached or bool(self.inner.read(1))
            return 0
        data = self.inner.read(min(len(buffer), room))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


# -- text, tables, JSON ---------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    truncated: bool  # only the beginning is shown
    pretty: bool = False  # JSON re-indented


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]  # the first is the header row
    delimiter: str
    truncated: bool  # the file has more rows than shown
    error: str = ""  # why reading stopped early, if it did

    @property
    def shown(self) -> int:
        """Data rows shown (the header row not counted)."""
        return max(0, len(self.rows) - 1)


def _prefix(stream: BinaryIO, max_bytes: int) -> tuple[bytes, bool]:
    data = stream.read(max_bytes + 1)
    return data[:max_bytes], len(data) > max_bytes


def _decode(data: bytes, truncated: bool) -> str:
    if b"\0" in data[:SNIFF_BYTES]:
        raise PreviewError("this file holds binary data, not text")
    if truncated:  # do not show half a character or half a line at the cut
        cut = data.rfind(b"\n")
        data = data[: cut + 1] if cut > 0 else data
    return data.decode("utf-8-sig", errors="replace")


def read_text(stream: BinaryIO, max_bytes: int) -> Text:
    """The first `max_bytes` of `stream` as UTF-8 text (undecodable bytes replaced)."""
    data, truncated = _prefix(stream, max_bytes)
    return Text(_decode(data, truncated), truncated)


def read_json(stream: BinaryIO, max_bytes: int) -> Text:
    """A JSON document re-indented when the whole of it is within `max_bytes`; else (or
    when it does not parse) its first bytes as they are."""
    data, truncated = _prefix(stream, max_bytes)
    text = _decode(data, truncated)
    if not truncated:
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            return Text(text, False)
        try:
            pretty = json.dumps(document, indent=2, ensure_ascii=False)
        except (ValueError, RecursionError):  # pragma: no cover - loads and dumps agree
            return Text(text, False)
        if len(pretty) <= max_bytes * 2:
            return Text(pretty, False, pretty=True)
    return Text(text, truncated)


def _cell(value: str) -> str:
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"


def read_table(stream: BinaryIO, rows: int, max_bytes: int, tab: bool = False) -> Table:
    """The header and first `rows` rows of a CSV or TSV file, reading at most
    `max_bytes` of it; the delimiter is sniffed from the first KiB (tab for a TSV)."""
    capped = Capped(stream, max_bytes)
    buffered = io.BufferedReader(capped, SNIFF_BYTES * 8)
    head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    if b"\0" in head:
        raise PreviewError("this file holds binary data, not text")
    delimiter = "\t" if tab else _sniff(head.decode("utf-8", errors="replace"))
    text = io.TextIOWrapper(buffered, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    shown: list[list[str]] = []
    error = ""
    try:
        for row in reader:
            if len(shown) > rows:
                break
            shown.append([_cell(value) for value in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        error = str(exc)
    if capped.reached and len(shown) <= rows:
        shown = shown[:-1]  # the last row read may be cut short by the byte limit
    more = len(shown) > rows or capped.reached or bool(error)
    return Table(shown[: rows + 1], delimiter, more, error)


def _sniff(sample: str) -> str:
    lines = sample.splitlines()
    sample = "\n".join(lines[:-1]) if len(lines) > 1 else sample  # no cut-off last line
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


# -- archives ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    modified: datetime | None
    is_dir: bool


@dataclass(frozen=True)
class Listing:
    entries: list[Entry]
    truncated: bool  # more members than listed (or the listing stopped early)
    total: int | None = None  # members in all, when known (ZIP)
    error: str = ""


def list_zip(stream: BinaryIO, max_members: int) -> Listing:
    """The members of a ZIP file from its central directory (`stream` must seek)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise PreviewError(f"this is not a readable ZIP file: {exc}") from None
    entries = [
        Entry(info.filename, info.file_size, _zip_date(info.date_time), info.is_dir())
        for info in infos[:max_members]
    ]
    return Listing(entries, len(infos) > max_members, len(infos))


def _zip_date(stamp: tuple[int, int, int, int, int, int]) -> datetime | None:
    try:
        return datetime(*stamp)
    except ValueError:
        return None


def list_tar(stream: BinaryIO, max_members: int, max_bytes: int) -> Listing:
    """The members of a tar file (plain, gzip, bzip2 or xz), read as a stream: headers
    only are kept, and at most `max_bytes` of the file are read."""
    capped = Capped(stream, max_bytes)
    entries: list[Entry] = []
    error = ""
    try:
        with tarfile.open(fileobj=io.BufferedReader(capped), mode="r|*") as archive:
            for member in _members(archive):
                if len(entries) >= max_members:
                    return Listing(entries, True)
                modified = datetime.fromtimestamp(member.mtime, UTC) if member.mtime else None
                entries.append(Entry(member.name, member.size, modified, member.isdir()))
    except (tarfile.TarError, OSError, EOFError, ValueError, OverflowError) as exc:
        if not entries and not capped.reached:
            raise PreviewError(f"this is not a readable tar file: {exc}") from None
        error = "" if capped.reached else str(exc)
    return Listing(entries, capped.reached or bool(error), error=error)


def _members(archive: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while (member := archive.next()) is not None:
        yield member


# -- PDF ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    title: str = ""
    author: str = ""
    width: float | None = None  # of the first page, in points
    height: float | None = None


def pdf_info(stream: BinaryIO) -> PdfInfo:
    """Page count, title, author and first page size of a PDF (`stream` must seek)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(stream, strict=False)
        pages = len(reader.pages)
        meta = reader.metadata
        box = reader.pages[0].mediabox if pages else None
        return PdfInfo(
            pages=pages,
            title=str(meta.title or "") if meta else "",
            author=str(meta.author or "") if meta else "",
            width=float(box.width) if box is not None else None,
            height=float(box.height) if box is not None else None,
        )
    except (
        PyPdfError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        OSError,
        RecursionError,
        IndexError,
    ) as exc:
        raise PreviewError(f"this PDF cannot be read: {exc}") from None


# -- one file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    kind: str
    content: Text | Table | Listing | PdfInfo | None = None  # None for images
    error: str = ""  # why there is no content
    notes: list[str] = field(default_factory=list)


def preview(file: File, kind: str | None = None) -> Preview | None:
    """The preview of `file` (None when its kind has none); never raises on bad content."""
    kind = kind or kind_of(file)
    if kind is None:
        return None
    if kind == "image":
        return Preview(kind)
    given = limits()
    try:
        with get_blobstore().open(file.sha256) as stream:
            return Preview(kind, _read(kind, stream, file, given))
    except PreviewError as exc:
        return Preview(kind, error=str(exc))


def _read(
    kind: str, stream: BinaryIO, file: File, given: Limits
) -> Text | Table | Listing | PdfInfo:
    if kind == "table":
        tab = _suffix(file.name) in (".tsv", ".tab") or "tab-separated" in file.media_type
        return read_table(stream, given.rows, given.max_bytes, tab=tab)
    if kind == "json":
        return read_json(stream, given.max_bytes)
    if kind == "zip":
        return list_zip(stream, given.archive_members)
    if kind == "tar":
        return list_tar(stream, given.archive_members, given.archive_bytes)
    if kind == "pdf":
        return pdf_info(stream)
    return read_text(stream, given.max_bytes)  # text, markdown

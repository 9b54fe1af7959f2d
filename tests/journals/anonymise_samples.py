"""Real sample files for the anonymising tests: DOCX and ODT written by pandoc, PDFs
written by pypdf and by Pillow, each carrying an author's name in its properties.

The manuscripts have no byline in their text (journals ask authors to remove it): the
name is only where word processors put it without asking.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

NAME = "Ama Mensah-Secret"
INITIALS = "AMS"
LAB = "Mensah Hydrology Lab"
BODY = "The body text about rivers and their deltas."
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_CHANGE = f'author="{NAME}" date="2026-01-01T00:00:00Z"'
MARKDOWN = (
    f"# Rivers\n\n{BODY} [Added words]{{.insertion {_CHANGE}}} and\n"
    f"[removed words]{{.deletion {_CHANGE}}}.\n\n"
    f'[]{{.comment-start id="1" {_CHANGE}}}Commented text.[]{{.comment-end id="1"}}\n\n'
    "## Methods\n\nWe measured the flow.\n"
)

_ANNOTATION = (
    f"<office:annotation><dc:creator>{NAME}</dc:creator>"
    "<dc:date>2026-01-01T00:00:00</dc:date>"
    f"<meta:creator-initials>{INITIALS}</meta:creator-initials>"
    "<text:p>A note to myself.</text:p></office:annotation>"
)
_TRACKED = (
    '<text:tracked-changes><text:changed-region text:id="ct1"><text:insertion>'
    f"<office:change-info><dc:creator>{NAME}</dc:creator>"
    "<dc:date>2026-01-01T00:00:00</dc:date></office:change-info>"
    "</text:insertion></text:changed-region></text:tracked-changes>\n"
    '<text:p>Changed <text:change-start text:change-id="ct1"/>here'
    '<text:change-end text:change-id="ct1"/>.</text:p>'
)
ODT_MARKDOWN = (
    f"# Rivers\n\n{BODY} `{_ANNOTATION}`{{=opendocument}}\n\n"
    f"```{{=opendocument}}\n{_TRACKED}\n```\n\n"
    "## Methods\n\nWe measured the flow.\n"
)


def pandoc_available() -> None:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed")


def pandoc(source: str, target: Path, *args: str) -> bytes:
    subprocess.run(
        ["pandoc", "-f", "markdown", "-o", str(target), *args],
        input=source.encode(),
        check=True,
        capture_output=True,
        timeout=60,
    )
    return target.read_bytes()


def to_text(data: bytes, suffix: str, tmp: Path, *args: str) -> str:
    path = tmp / f"read{suffix}"
    path.write_bytes(data)
    done = subprocess.run(
        ["pandoc", str(path), "-t", "plain", "--wrap=none", *args],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return done.stdout.decode()


def make_docx(tmp: Path) -> bytes:
    """A DOCX by pandoc with the name in core.xml, custom.xml (an "institution" property),
    a comment, an insertion and a deletion; pandoc's byline paragraph removed, as an
    author does before submitting, and a Company and Manager added to app.xml."""
    data = pandoc(
        MARKDOWN,
        tmp / "m.docx",
        *("-M", "title=Rivers", "-M", f"author={NAME}", "-M", f"institution={LAB}"),
    )
    return rezip(data, {"word/document.xml": _without_byline, "docProps/app.xml": _company})


def _without_byline(content: bytes) -> bytes:
    root = etree.fromstring(content)
    for style in root.iter(f"{{{W}}}pStyle"):
        if style.get(f"{{{W}}}val") == "Author":
            paragraph = style.getparent().getparent()
            paragraph.getparent().remove(paragraph)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _company(content: bytes) -> bytes:
    return content.replace(
        b"</Properties>", f"<Company>{LAB}</Company><Manager>{NAME}</Manager></Properties>".encode()
    )


def rezip(data: bytes, changes: dict[str, object]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            change = changes.get(info.filename)
            if callable(change):
                content = change(content)
            target.writestr(info, content)
    return out.getvalue()


def make_odt(tmp: Path) -> bytes:
    """An ODT by pandoc (a template without the byline) with the name in meta.xml (initial
    creator, creator, a user-defined property), an annotation and a tracked change."""
    template = subprocess.run(
        ["pandoc", "--print-default-template=opendocument"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode()
    template = re.sub(r"\$for\(author\)\$.*?\$endfor\$", "", template, flags=re.S)
    (tmp / "odt.template").write_text(template)
    return pandoc(
        ODT_MARKDOWN,
        tmp / "m.odt",
        "--template",
        str(tmp / "odt.template"),
        "-M",
        f"author={NAME}",
        "-M",
        f"institution={LAB}",
    )


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def text_page(writer: PdfWriter, text: str) -> None:
    """A page showing `text` in Helvetica (a real content stream)."""
    page = writer.add_blank_page(400, 200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(stream)


def make_pdf() -> bytes:
    """A two-page PDF by pypdf: the name in /Author, /Creator, a custom /Company, the XMP
    stream (compressed), a page's own XMP stream and a comment annotation's /T."""
    writer = PdfWriter()
    text_page(writer, BODY)
    text_page(writer, "We measured the flow.")
    writer.add_metadata(
        {
            "/Title": "Rivers",
            "/Author": NAME,
            "/Creator": f"Word for {NAME}",
            "/Producer": f"{NAME}'s PDF maker",
            "/Company": LAB,
        }
    )
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
        '02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator><rdf:Seq><rdf:li>{NAME}</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    writer.xmp_metadata = xmp
    page_xmp = DecodedStreamObject()
    page_xmp.set_data(xmp)
    page_xmp[NameObject("/Type")] = NameObject("/Metadata")
    writer.pages[1][NameObject("/Metadata")] = writer._add_object(page_xmp.flate_encode())
    comment = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([FloatObject(10), FloatObject(10)] * 2),
            NameObject("/T"): TextStringObject(NAME),
            NameObject("/Contents"): TextStringObject("Check this figure."),
            NameObject("/F"): NumberObject(4),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(comment)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_pillow_pdf() -> bytes:
    """A two-page PDF written by Pillow, another PDF maker, with its author properties."""
    from PIL import Image

    out = io.BytesIO()
    first, second = Image.new("RGB", (200, 100), "white"), Image.new("RGB", (200, 100), "blue")
    first.save(
        out,
        "PDF",
        save_all=True,
        append_images=[second],
        title="Rivers",
        author=NAME,
        creator=NAME,
        producer=LAB,
    )
    return out.getvalue()


def pdf_strings(data: bytes) -> str:
    """Every string, name and decoded stream of every object of the PDF, and the trailer."""
    reader = PdfReader(io.BytesIO(data))
    seen: set[int] = set()
    todo: list[object] = [reader.trailer]
    found: list[str] = []
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, StreamObject):
            found.append(item.get_data().decode("latin-1"))
        if isinstance(item, dict):
            todo.extend(item.values())
            found.extend(str(k) for k in item)
        elif isinstance(item, list):
            todo.extend(item)
        else:
            found.append(str(item))
    return "\n".join(found)


def raw_forms(text: str) -> list[bytes]:
    """How `text` may sit in a file's bytes: UTF-8, UTF-16 (both orders), and hex."""
    forms = [text.encode(), text.encode("utf-16-be"), text.encode("utf-16-le")]
    hexed = text.encode("utf-16-be").hex()
    return [*forms, hexed.encode(), hexed.upper().encode()]


def pdf_all_bytes(data: bytes) -> bytes:
    """The file's bytes followed by every stream in it inflated (reachable or not)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, flags=re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)

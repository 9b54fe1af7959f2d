"""Strip the author-identifying properties from a reviewer's copy of a manuscript.

Pure code (no Django): bytes in, bytes out. Under double-anonymous review the editors'
copy of an uploaded file stays as it was; reviewers get the copy this module makes
(`sankofa.journals.anonymise_store.reviewer_copy` stores it). The visible text is the
author's business (journals ask for a manuscript without a byline); this module removes
what the author cannot see: the properties that word processors and PDF makers fill in.

What is removed:

- PDF: the document information dictionary keeps only ``/Title``, ``/Subject``,
  ``/Keywords``, ``/CreationDate``, ``/ModDate`` and ``/Trapped`` (``/Author``,
  ``/Creator``, ``/Producer`` and custom keys such as ``/Company`` go); every XMP metadata
  stream (``/Metadata`` of the catalogue, pages, images…: ``dc:creator``,
  ``xmp:CreatorTool``, ``pdf:Producer``…) and ``/PieceInfo`` (private data of the making
  application) are dropped; the ``/T`` (author) of markup annotations such as comments
  becomes `NEUTRAL_AUTHOR`. Pages are copied as they are, so the page count and the
  rendering do not change. An encrypted PDF that opens with the empty password is written
  unencrypted; one that does not is refused.
- DOCX (and DOCM): ``docProps/core.xml`` loses ``dc:creator`` and ``cp:lastModifiedBy``;
  ``docProps/app.xml`` loses ``Company`` and ``Manager`` and keeps only the file name of
  its ``Template``; ``docProps/custom.xml`` is dropped (with its relationship and
  content-type override); in every XML part under ``word/`` (document, comments,
  footnotes, headers, ``people.xml``…) each ``author`` attribute (``w:author`` of
  comments, insertions, deletions, formatting changes; ``w15:author`` of people) becomes
  `NEUTRAL_AUTHOR`, each ``initials`` attribute `NEUTRAL_INITIALS`, and ``presenceInfo``
  elements (account ids, often e-mail addresses) go; external ``file:`` relationship
  targets (an attached template on the author's disk) keep only their file name.
- XLSX/XLSM and PPTX/PPTM: the same ``docProps`` parts as DOCX; in every XML part under
  ``xl/`` and ``ppt/``, the authors of comments (Excel's ``<author>`` list, PowerPoint's
  ``cmAuthor`` and ``author`` names and initials), Excel's people (``displayName``,
  ``userId``, ``providerId``) and the ``userName`` of shared-workbook revisions become
  neutral.
- ODT/ODS/ODP (and their templates): ``meta.xml`` loses ``meta:initial-creator``,
  ``dc:creator``, ``meta:printed-by`` and every ``meta:user-defined``; in
  ``content.xml`` and ``styles.xml`` the ``dc:creator`` of annotations and tracked
  changes becomes `NEUTRAL_AUTHOR` and ``meta:creator-initials`` `NEUTRAL_INITIALS`.

- Images: every JPEG and PNG inside a DOCX or OpenDocument package, and every JPEG
  image of a PDF (a ``DCTDecode`` stream is the JPEG file), loses its EXIF, XMP, IPTC,
  comments and text chunks (`sankofa.journals.image_metadata`: the pixels are not
  re-encoded, a photo's orientation is kept).

Not touched: the visible text, images of other formats, embedded objects and
attachments, ``customXml`` parts of DOCX.

Safety: never executes anything and never writes to disk; XML is parsed by lxml without
entity expansion, DTD loading or network, and a part with a DOCTYPE is refused; an
archive is refused when it has more than `MAX_MEMBERS` members, more than
`MAX_UNCOMPRESSED` bytes uncompressed (counted while reading, whatever the headers
declare), an absolute, ``..`` or backslashed member name, a name twice, or an encrypted
member, and when it lacks ``[Content_Types].xml`` (DOCX) or ``META-INF/manifest.xml``
(OpenDocument). Bad or refused input gives None, never an exception.
"""

from __future__ import annotations

import io
import logging
import posixpath
import zipfile
from collections.abc import Callable, Mapping

from lxml import etree
from pypdf import PasswordType, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from sankofa.journals import image_metadata

__all__ = [
    "MAX_MEMBERS",
    "MAX_UNCOMPRESSED",
    "NEUTRAL_AUTHOR",
    "NEUTRAL_INITIALS",
    "handles",
    "strip_author_properties",
]

logger = logging.getLogger(__name__)

MAX_MEMBERS = 5000
MAX_UNCOMPRESSED = 256 * 1024 * 1024
NEUTRAL_AUTHOR = "Author"
NEUTRAL_INITIALS = "A"

_PDF = "pdf"
_DOCX = "docx"
_ODF = "odf"
_BY_TYPE = {
    "application/pdf": _PDF,
    "application/x-pdf": _PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _DOCX,
    "application/vnd.ms-word.document.macroenabled.12": _DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _DOCX,
    "application/vnd.ms-excel.sheet.macroenabled.12": _DOCX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _DOCX,
    "application/vnd.ms-powerpoint.presentation.macroenabled.12": _DOCX,
    "application/vnd.oasis.opendocument.text": _ODF,
    "application/vnd.oasis.opendocument.text-template": _ODF,
    "application/vnd.oasis.opendocument.spreadsheet": _ODF,
    "application/vnd.oasis.opendocument.spreadsheet-template": _ODF,
    "application/vnd.oasis.opendocument.presentation": _ODF,
    "application/vnd.oasis.opendocument.presentation-template": _ODF,
}
_BY_EXTENSION = {
    ".pdf": _PDF,
    ".docx": _DOCX,
    ".docm": _DOCX,
    ".xlsx": _DOCX,
    ".xlsm": _DOCX,
    ".pptx": _DOCX,
    ".pptm": _DOCX,
    ".odt": _ODF,
    ".ott": _ODF,
    ".ods": _ODF,
    ".ots": _ODF,
    ".odp": _ODF,
    ".otp": _ODF,
}


def _kind(media_type: str, name: str) -> str | None:
    found = _BY_TYPE.get(media_type.split(";", 1)[0].strip().lower())
    if found is None:
        found = _BY_EXTENSION.get(posixpath.splitext(name.lower())[1])
    return found


def handles(media_type: str, name: str) -> bool:
    """Whether `strip_author_properties` knows this kind of file: by `media_type`, else
    (e.g. ``application/octet-stream``) by the extension of `name`."""
    return _kind(media_type, name) is not None


def strip_author_properties(data: bytes, media_type: str, name: str) -> bytes | None:
    """`data` without its author properties (see the module docstring), or None when the
    kind of file (judged by `media_type`, then by the extension of `name`) is not one of
    PDF, DOCX, XLSX, PPTX, ODT/ODS/ODP, when the content is not of that kind, or when it
    is broken or refused (zip bomb, unsafe member names, encryption). Never raises on bad
    input."""
    kind = _kind(media_type, name)
    strip: Callable[[bytes], bytes | None]
    if kind == _PDF:
        if b"%PDF-" not in data[:1024]:
            return None
        strip = _strip_pdf
    elif kind == _DOCX:
        strip = _strip_docx
    elif kind == _ODF:
        strip = _strip_odf
    else:
        return None
    try:
        return strip(data)
    except _Refused as exc:
        logger.info("not anonymised (%s): %s", name[:200], exc)
        return None
    except Exception:  # a broken file of any kind: the parsers raise all sorts
        logger.info("not anonymised (%s): unreadable", name[:200], exc_info=True)
        return None


class _Refused(Exception):
    """The input is refused (a reason for the log)."""


# --- PDF -------------------------------------------------------------------------------

_PDF_INFO_KEPT = frozenset(
    {"/Title", "/Subject", "/Keywords", "/CreationDate", "/ModDate", "/Trapped"}
)
_PDF_DROPPED = ("/Metadata", "/PieceInfo")
_PDF_MARKUP = frozenset(
    {
        "/Text",
        "/FreeText",
        "/Line",
        "/Square",
        "/Circle",
        "/Polygon",
        "/PolyLine",
        "/Highlight",
        "/Underline",
        "/Squiggly",
        "/StrikeOut",
        "/Stamp",
        "/Caret",
        "/Ink",
        "/FileAttachment",
        "/Sound",
        "/Redact",
    }
)


def _strip_pdf(data: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise _Refused("encrypted PDF")
    info: Mapping[str, object] = reader.metadata or {}
    kept = {str(k): info[k] for k in info if k in _PDF_INFO_KEPT}
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None  # drops /Info, and pypdf's own /Producer
    if kept:
        writer.metadata = kept
    _scrub_pdf_objects(writer.root_object)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scrub_pdf_objects(root: PdfObject) -> None:
    """Walk everything reachable from the catalogue (iteratively, each indirect object
    once): drop `_PDF_DROPPED` keys and neutralise the authors of markup annotations."""
    seen: set[int] = set()
    todo: list[PdfObject | None] = [root]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams are dictionaries too
            for key in _PDF_DROPPED:
                if key in item:
                    del item[key]
            if item.get("/Subtype") in _PDF_MARKUP and "/T" in item:
                item[NameObject("/T")] = TextStringObject(NEUTRAL_AUTHOR)
            if isinstance(item, StreamObject) and _is_jpeg(item):
                item._data = _image(item._data)  # the JPEG file as the PDF holds it
            todo.extend(v for k, v in item.items() if k != "/Parent")
        elif isinstance(item, ArrayObject):
            todo.extend(item)


def _is_jpeg(stream: StreamObject) -> bool:
    """An image whose only filter is DCTDecode: its data is a JPEG file."""
    filters = stream.get("/Filter")
    if isinstance(filters, ArrayObject) and len(filters) == 1:
        filters = filters[0]
    return stream.get("/Subtype") == "/Image" and filters == "/DCTDecode"


# --- zip containers ----------------------------------------------------------------------

_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)

_Rewriter = Callable[[str, bytes], bytes | None]  # (member name, bytes) -> new bytes, None: drop


def _read_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every member of the zip in `data`, checked (see the module docstring)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _Refused(f"{len(infos)} members")
    names: set[str] = set()
    total = 0
    members = []
    for info in infos:
        name = info.filename
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]:
            raise _Refused(f"unsafe member name {name[:100]!r}")
        if name in names:
            raise _Refused(f"member {name[:100]!r} twice")
        names.add(name)
        if info.flag_bits & 0x1:
            raise _Refused("encrypted member")
        with archive.open(info) as stream:
            content = stream.read(MAX_UNCOMPRESSED - total + 1)
        total += len(content)
        if total > MAX_UNCOMPRESSED:
            raise _Refused("too large uncompressed")
        members.append((info, content))
    return members


def _rewrite_zip(data: bytes, rewrite: _Rewriter, required: str) -> bytes:
    """The zip with each member passed through `rewrite`, in the same order, names,
    dates and compression (an ODF ``mimetype`` stays first and stored); refused without
    the member `required` (what makes it a package of its kind)."""
    members = _read_members(data)
    if not any(info.filename == required for info, _ in members):
        raise _Refused(f"no {required}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info, content in members:
            new = rewrite(info.filename, content)
            if new is None:
                continue
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            target.writestr(copy, new)
    return out.getvalue()


def _parse(content: bytes) -> etree._ElementTree:
    tree = etree.parse(io.BytesIO(content), _XML_PARSER)
    if tree.docinfo.doctype:
        raise _Refused("XML with a DOCTYPE")
    return tree


def _serialise(tree: etree._ElementTree) -> bytes:
    standalone = tree.docinfo.standalone
    return etree.tostring(  # type: ignore[no-any-return]
        tree,
        xml_declaration=True,
        encoding="UTF-8",
        **({"standalone": standalone} if standalone is not None else {}),
    )


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


# --- DOCX --------------------------------------------------------------------------------

_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def _strip_docx(data: bytes) -> bytes:
    return _rewrite_zip(data, _docx_member, "[Content_Types].xml")


def _docx_member(name: str, content: bytes) -> bytes | None:
    if name == _CUSTOM_PART:
        return None
    if name == "docProps/core.xml":
        return _drop_elements(content, {f"{{{_DC}}}creator", f"{{{_CP}}}lastModifiedBy"})
    if name == "docProps/app.xml":
        return _docx_app(content)
    if name == "[Content_Types].xml":
        return _drop_where(content, lambda e: e.get("ContentType") == _CUSTOM_TYPE)
    if name.endswith(".rels"):
        return _docx_rels(content)
    if name.startswith(("word/", "xl/", "ppt/")) and name.endswith(".xml"):
        return _neutral_attributes(content)
    return _image(content)


def _drop_elements(content: bytes, tags: set[str]) -> bytes:
    return _drop_where(content, lambda e: e.tag in tags)


def _drop_where(content: bytes, doomed: Callable[[etree._Element], bool]) -> bytes:
    tree = _parse(content)
    for element in [e for e in tree.iter() if doomed(e)]:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return _serialise(tree)


def _docx_app(content: bytes) -> bytes:
    tree = _parse(content)
    for element in list(tree.iter(f"{{{_EXTENDED}}}Company", f"{{{_EXTENDED}}}Manager")):
        element.getparent().remove(element)
    for element in tree.iter(f"{{{_EXTENDED}}}Template"):
        element.text = _file_name(element.text or "")
    return _serialise(tree)


def _docx_rels(content: bytes) -> bytes:
    tree = _parse(content)
    for element in list(tree.getroot()):
        target = element.get("Target", "")
        if target == _CUSTOM_PART or target.endswith("/" + _CUSTOM_PART):
            tree.getroot().remove(element)
        elif element.get("TargetMode") == "External" and target.lower().startswith("file:"):
            element.set("Target", "file:///" + _file_name(target))
    return _serialise(tree)


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


# Attributes that name a person, by the local name of their element ("" : any element).
_PERSON_ATTRIBUTES = {
    "": {"author": NEUTRAL_AUTHOR, "initials": NEUTRAL_INITIALS, "userName": NEUTRAL_AUTHOR},
    "person": {"displayName": NEUTRAL_AUTHOR, "userId": "", "providerId": "None"},
    "cmAuthor": {"name": NEUTRAL_AUTHOR},
    "author": {"name": NEUTRAL_AUTHOR, "userId": "", "providerId": "None"},
    "userInfo": {"name": NEUTRAL_AUTHOR},
}


def _neutral_attributes(content: bytes) -> bytes:
    """Comment, revision and people parts of Word, Excel and PowerPoint: each person's
    name, initials and account become neutral; an ``author`` element (the authors list
    of Excel comments) holds "Author"."""
    tree = _parse(content)
    doomed = []
    for element in tree.iter():
        local = _local(element.tag)
        if local == "presenceInfo":
            doomed.append(element)
            continue
        if local == "author" and len(element) == 0 and (element.text or "").strip():
            element.text = NEUTRAL_AUTHOR
        named = _PERSON_ATTRIBUTES.get(local, {})
        for attribute in element.attrib:
            name = _local(attribute)
            value = named.get(name, _PERSON_ATTRIBUTES[""].get(name))
            if value is not None:
                element.set(attribute, value)
    for element in doomed:
        element.getparent().remove(element)
    return _serialise(tree)


# --- OpenDocument ------------------------------------------------------------------------

_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_ODF_META_DROPPED = {
    f"{{{_META}}}initial-creator",
    f"{{{_DC}}}creator",
    f"{{{_META}}}printed-by",
    f"{{{_META}}}user-defined",
}


def _strip_odf(data: bytes) -> bytes:
    return _rewrite_zip(data, _odf_member, "META-INF/manifest.xml")


def _odf_member(name: str, content: bytes) -> bytes | None:
    if name == "meta.xml":
        return _drop_elements(content, _ODF_META_DROPPED)
    if name in ("content.xml", "styles.xml"):
        return _odf_creators(content)
    return _image(content)


def _image(content: bytes) -> bytes:
    """An embedded JPEG or PNG without its metadata (`image_metadata.strip`); any other
    member as it is."""
    try:
        return image_metadata.strip(content)
    except ValueError as exc:
        raise _Refused(f"embedded image: {exc}") from None


def _odf_creators(content: bytes) -> bytes:
    tree = _parse(content)
    for element in tree.iter():
        if element.tag == f"{{{_DC}}}creator":
            _set_text(element, NEUTRAL_AUTHOR)
        elif _local(element.tag) == "creator-initials":
            _set_text(element, NEUTRAL_INITIALS)
    return _serialise(tree)


def _set_text(element: etree._Element, text: str) -> None:
    for child in list(element):
        element.remove(child)
    element.text = text

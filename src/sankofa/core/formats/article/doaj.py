"""DOAJ article XML: the upload format of the Directory of Open Access Journals.

The format is ``doajArticles.xsd`` version 1.3 (no namespace; the one DOAJ serves at
``https://doaj.org/static/doaj/doajArticles.xsd`` and OJS ships in its DOAJ plugin).
`document` writes UTF-8 bytes with an XML declaration: a ``<records>`` root holding one
``<record>`` per article, its children in the order the XSD's sequence requires::

    language?  publisher?  journalTitle  issn?  eissn?  publicationDate  volume?  issue?
    startPage?  endPage?  doi?  publisherRecordId?  documentType?  title+  authors?
    affiliationsList?  abstract*  fullTextUrl  keywords*

What each holds, from the `Article`:

* ``language``: the article's language (``Article.language``, failing that the language of
  its first title) as an ISO 639-2/B code (see `doaj_language`); left out when unknown.
  ``title``, ``abstract`` and ``keywords`` carry the same code in ``@language``; a text
  without a language of its own takes the article's.
* ``publisher``, ``journalTitle``: the journal's; ``issn`` (print) and ``eissn`` (online)
  in the canonical ``NNNN-NNNC`` form, their check digit verified. DOAJ files an article
  under its journal by ISSN, so an article whose journal has neither is refused.
* ``publicationDate``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as published (required).
* ``volume``, ``issue``, ``startPage``, ``endPage`` (``last_page``; or the
  ``elocation_id`` as ``startPage`` when there are no pages), ``doi`` as a bare DOI name
  (``10.1234/abc``), ``publisherRecordId`` (``publisher_id``), ``documentType``
  (``article_type``, the JATS type such as ``research-article``).
* ``title``: one per `Text` of ``titles``, the first followed by ``": "`` and the subtitle
  if there is one (DOAJ has no subtitle element).
* ``authors/author``: the contributors of kind author, each with ``name`` (the display
  name), ``email``, one ``affiliationId`` per affiliation and ``orcid_id`` as
  ``https://orcid.org/NNNN-NNNN-NNNN-NNNC`` (checksum verified). Editors and translators
  have no place in the format and are left out.
* ``affiliationsList/affiliationName``: each distinct affiliation once, in order of first
  appearance, ``@affiliationId`` numbered from 1 (ROR ids and countries are dropped).
* ``abstract``: one per `Text` of ``abstracts``; ``fullTextUrl format="html"``: the URL the
  caller's ``fulltext_url`` gives, which must match the XSD's ``fullUrl`` pattern (http or
  https, a host name ending in a dot and 2 to 10 letters or an IPv4 address: so not
  ``localhost``); ``keywords``: one element per language, in order of first appearance.

What the format cannot hold (licence, funding, references, dates other than publication,
related objects) is dropped. A value DOAJ cannot take raises `DoajError` naming the record
and the article, never an invalid document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final

from lxml import etree

from sankofa.core.formats.article.model import Affiliation, Article, Contributor
from sankofa.core.identifiers import Doi, IdentifierError, Issn, Orcid

__all__ = [
    "ISO_639_1_TO_2B",
    "LANGUAGE_SCHEMA_LOCATION",
    "DoajError",
    "doaj_language",
    "document",
    "schema_errors",
]

# ISO 639-1 code -> ISO 639-2/B code, for every language of DOAJ's iso_639-2b.xsd (its
# 184 codes are exactly these: the 639-1 languages, with "sh" as DOAJ's "hbs").
ISO_639_1_TO_2B: Final[dict[str, str]] = {
    "aa": "aar", "ab": "abk", "ae": "ave", "af": "afr", "ak": "aka", "am": "amh", "an": "arg",
    "ar": "ara", "as": "asm", "av": "ava", "ay": "aym", "az": "aze", "ba": "bak", "be": "bel",
    "bg": "bul", "bi": "bis", "bm": "bam", "bn": "ben", "bo": "tib", "br": "bre", "bs": "bos",
    "ca": "cat", "ce": "che", "ch": "cha", "co": "cos", "cr": "cre", "cs": "cze", "cu": "chu",
    "cv": "chv", "cy": "wel", "da": "dan", "de": "ger", "dv": "div", "dz": "dzo", "ee": "ewe",
    "el": "gre", "en": "eng", "eo": "epo", "es": "spa", "et": "est", "eu": "baq", "fa": "per",
    "ff": "ful", "fi": "fin", "fj": "fij", "fo": "fao", "fr": "fre", "fy": "fry", "ga": "gle",
    "gd": "gla", "gl": "glg", "gn": "grn", "gu": "guj", "gv": "glv", "ha": "hau", "he": "heb",
    "hi": "hin", "ho": "hmo", "hr": "hrv", "ht": "hat", "hu": "hun", "hy": "arm", "hz": "her",
    "ia": "ina", "id": "ind", "ie": "ile", "ig": "ibo", "ii": "iii", "ik": "ipk", "io": "ido",
    "is": "ice", "it": "ita", "iu": "iku", "ja": "jpn", "jv": "jav", "ka": "geo", "kg": "kon",
    "ki": "kik", "kj": "kua", "kk": "kaz", "kl": "kal", "km": "khm", "kn": "kan", "ko": "kor",
    "kr": "kau", "ks": "kas", "ku": "kur", "kv": "kom", "kw": "cor", "ky": "kir", "la": "lat",
    "lb": "ltz", "lg": "lug", "li": "lim", "ln": "lin", "lo": "lao", "lt": "lit", "lu": "lub",
    "lv": "lav", "mg": "mlg", "mh": "mah", "mi": "mao", "mk": "mac", "ml": "mal", "mn": "mon",
    "mr": "mar", "ms": "may", "mt": "mlt", "my": "bur", "na": "nau", "nb": "nob", "nd": "nde",
    "ne": "nep", "ng": "ndo", "nl": "dut", "nn": "nno", "no": "nor", "nr": "nbl", "nv": "nav",
    "ny": "nya", "oc": "oci", "oj": "oji", "om": "orm", "or": "ori", "os": "oss", "pa": "pan",
    "pi": "pli", "pl": "pol", "ps": "pus", "pt": "por", "qu": "que", "rm": "roh", "rn": "run",
    "ro": "rum", "ru": "rus", "rw": "kin", "sa": "san", "sc": "srd", "sd": "snd", "se": "sme",
    "sg": "sag", "sh": "hbs", "si": "sin", "sk": "slo", "sl": "slv", "sm": "smo", "sn": "sna",
    "so": "som", "sq": "alb", "sr": "srp", "ss": "ssw", "st": "sot", "su": "sun", "sv": "swe",
    "sw": "swa", "ta": "tam", "te": "tel", "tg": "tgk", "th": "tha", "ti": "tir", "tk": "tuk",
    "tl": "tgl", "tn": "tsn", "to": "ton", "tr": "tur", "ts": "tso", "tt": "tat", "tw": "twi",
    "ty": "tah", "ug": "uig", "uk": "ukr", "ur": "urd", "uz": "uzb", "ve": "ven", "vi": "vie",
    "vo": "vol", "wa": "wln", "wo": "wol", "xh": "xho", "yi": "yid", "yo": "yor", "za": "zha",
    "zh": "chi", "zu": "zul",
}  # fmt: skip

# The 20 languages whose ISO 639-2 terminology (T) code differs from the bibliographic
# (B) one DOAJ uses: a T code is read as its B code.
_TERMINOLOGY_TO_B: Final[dict[str, str]] = {
    "bod": "tib", "ces": "cze", "cym": "wel", "deu": "ger", "ell": "gre", "eus": "baq",
    "fas": "per", "fra": "fre", "hye": "arm", "isl": "ice", "kat": "geo", "mkd": "mac",
    "mri": "mao", "msa": "may", "mya": "bur", "nld": "dut", "ron": "rum", "slk": "slo",
    "sqi": "alb", "zho": "chi",
}  # fmt: skip

_B_CODES: Final = frozenset(ISO_639_1_TO_2B.values())

# Where doajArticles.xsd imports iso_639-2b.xsd from; `schema_errors` serves it locally.
LANGUAGE_SCHEMA_LOCATION: Final = "http://www.doaj.org/static/doaj/iso_639-2b.xsd"

# The patterns of doajArticles.xsd, as XSD regular expressions (anchored).
_FULL_URL_PATTERN: Final = (
    r"https?://([^/:]+\.[\p{L}]{2,10}|([0-9]{1,3}\.){3}[0-9]{1,3})(:[0-9]+)?(.*)?"
)
_DATE: Final = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


class DoajError(ValueError):
    """An article DOAJ article XML cannot hold as it is.

    ``where`` names the record (counted from 1) and the article (its DOI, else its title),
    then the element (``record 2 (doi 10.1234/x)/authors/author[1]/orcid_id``); the
    message reads ``"<where>: <reason>"``.
    """

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}" if where else reason)
        self.where = where
        self.reason = reason


def doaj_language(tag: str) -> str | None:
    """The ISO 639-2/B code DOAJ takes for the BCP 47 language tag ``tag``, or None.

    The primary subtag decides (``pt-BR`` and ``sr-Latn`` are ``por`` and ``srp``; ``_``
    is read as ``-``; case is ignored): a two-letter ISO 639-1 code through
    `ISO_639_1_TO_2B`, a three-letter code if it is one of DOAJ's B codes, or an ISO
    639-2/T code through its B twin (``fra`` is ``fre``). Anything else (``haw``, ``fil``,
    ``und``, ``mul``) is None: a language DOAJ's list does not have.
    """
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    if len(primary) == 2:
        return ISO_639_1_TO_2B.get(primary)
    if primary in _B_CODES:
        return primary
    return _TERMINOLOGY_TO_B.get(primary)


def document(articles: Sequence[Article], *, fulltext_url: Callable[[Article], str]) -> bytes:
    """DOAJ article XML for ``articles``, one record each (see the module docstring).

    ``fulltext_url`` gives the public URL of an article's HTML full text. Raises
    `DoajError` for an empty sequence or for a value DOAJ cannot take.
    """
    if not articles:
        raise DoajError("records", "DOAJ article XML needs at least one article")
    root = etree.Element("records")
    for index, article in enumerate(articles, start=1):
        _Record(index, article).write(root, fulltext_url)
    etree.indent(root, space="  ")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


def schema_errors(document: bytes, xsd: Path) -> list[str]:
    """The violations of ``document`` against ``doajArticles.xsd`` at ``xsd`` ("line N:
    message"); empty when it is valid. Bytes that are not XML give one entry saying so.

    The schema's import of the language list is served from ``iso_639-2b.xsd`` beside
    ``xsd``, never from the network.
    """
    schema = _schema(Path(xsd).resolve())
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    try:
        tree = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as exc:
        return [f"not XML: {exc}"]
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


class _LocalLanguageList(etree.Resolver):  # type: ignore[misc]
    """Serves the language list doajArticles.xsd imports from a local file."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def resolve(self, system_url: str, public_id: str, context: Any) -> Any:
        if system_url == LANGUAGE_SCHEMA_LOCATION:
            return self.resolve_filename(str(self.path), context)
        return None


@cache
def _schema(xsd: Path) -> Any:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalLanguageList(xsd.parent / "iso_639-2b.xsd"))
    return etree.XMLSchema(etree.parse(str(xsd), parser))


@cache
def _full_url_schema() -> Any:
    """A one-element schema holding doajArticles.xsd's ``fullUrl`` type, so a URL is
    checked by the same XSD regular-expression engine as the whole document."""
    xs = "http://www.w3.org/2001/XMLSchema"
    schema = etree.Element(f"{{{xs}}}schema", nsmap={"xs": xs})
    element = etree.SubElement(schema, f"{{{xs}}}element", name="u")
    restriction = etree.SubElement(
        etree.SubElement(element, f"{{{xs}}}simpleType"), f"{{{xs}}}restriction", base="xs:anyURI"
    )
    etree.SubElement(restriction, f"{{{xs}}}pattern", value=_FULL_URL_PATTERN)
    return etree.XMLSchema(schema)


def _is_full_url(url: str) -> bool:
    element = etree.Element("u")
    element.text = url
    return bool(_full_url_schema().validate(element))


Attrs = Iterable[tuple[str, str | None]]


def _sub(parent: Any, name: str, text: str = "", attrs: Attrs = ()) -> Any:
    """Append element ``name`` with ``text`` and the attributes whose value is not None."""
    element = etree.SubElement(parent, name)
    for key, value in attrs:
        if value is not None:
            element.set(key, value)
    if text:
        element.text = text
    return element


class _Record:
    """The writing of one article as one ``record``, knowing where it is for errors."""

    def __init__(self, index: int, article: Article) -> None:
        self.article = article
        label = f"doi {article.doi}" if article.doi else repr(article.title[:60])
        self.where = f"record {index} ({label})"
        own = article.language or article.titles[0].lang
        self.language = self.code(own, "language") if own else None

    def error(self, path: str, reason: str) -> DoajError:
        return DoajError(f"{self.where}/{path}" if path else self.where, reason)

    def code(self, tag: str, path: str) -> str:
        code = doaj_language(tag)
        if code is None:
            raise self.error(path, f"language {tag!r} is not in DOAJ's ISO 639-2/B list")
        return code

    def lang_of(self, lang: str | None, path: str) -> str | None:
        return self.code(lang, path) if lang else self.language

    def write(self, root: Any, fulltext_url: Callable[[Article], str]) -> None:
        record = _sub(root, "record")
        try:
            self.write_journal(record)
            self.write_citation(record)
            self.write_titles(record)
            self.write_authors(record)
            for i, abstract in enumerate(self.article.abstracts, start=1):
                lang = self.lang_of(abstract.lang, f"abstract[{i}]/@language")
                if abstract.value.strip():
                    _sub(record, "abstract", abstract.value.strip(), [("language", lang)])
            self.write_full_text(record, fulltext_url(self.article))
            self.write_keywords(record)
        except DoajError:
            raise
        except ValueError as exc:  # lxml refuses control characters and NUL bytes
            raise self.error("", f"a text XML cannot hold: {exc}") from exc

    def write_journal(self, record: Any) -> None:
        journal = self.article.journal
        if self.language:
            _sub(record, "language", self.language)
        if journal.publisher.strip():
            _sub(record, "publisher", journal.publisher.strip())
        if not journal.title.strip():
            raise self.error("journalTitle", "the journal has no title")
        _sub(record, "journalTitle", journal.title.strip())
        issns = [("issn", journal.issn_print), ("eissn", journal.issn_online)]
        if not any(value for _, value in issns):
            raise self.error("issn", "the journal has no ISSN; DOAJ needs at least one")
        for name, value in issns:
            if value:
                try:
                    _sub(record, name, str(Issn.parse(value)))
                except IdentifierError as exc:
                    raise self.error(name, str(exc)) from exc

    def write_citation(self, record: Any) -> None:
        a = self.article
        if a.published is None:
            raise self.error("publicationDate", "the article has no publication date")
        date = a.published.iso()
        if not _DATE.fullmatch(date):
            raise self.error("publicationDate", f"{date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        _sub(record, "publicationDate", date)
        start = a.first_page.strip() or (a.elocation_id.strip() if not a.last_page else "")
        for name, value in [
            ("volume", a.volume),
            ("issue", a.issue),
            ("startPage", start),
            ("endPage", a.last_page),
        ]:
            if value.strip():
                _sub(record, name, value.strip())
        if a.doi:
            try:
                _sub(record, "doi", str(Doi.parse(a.doi)))
            except IdentifierError as exc:
                raise self.error("doi", str(exc)) from exc
        if a.publisher_id and a.publisher_id.strip():
            _sub(record, "publisherRecordId", a.publisher_id.strip())
        if a.article_type.strip():
            _sub(record, "documentType", a.article_type.strip())

    def write_titles(self, record: Any) -> None:
        for i, title in enumerate(self.article.titles, start=1):
            lang = self.lang_of(title.lang, f"title[{i}]/@language")
            value = title.value.strip()
            if i == 1 and self.article.subtitle.strip():
                value = f"{value}: {self.article.subtitle.strip()}"
            if value:
                _sub(record, "title", value, [("language", lang)])

    def write_authors(self, record: Any) -> None:
        authors = self.article.authors
        ids: dict[Affiliation, str] = {}
        for author in authors:
            for affiliation in author.affiliations:
                if affiliation.name.strip() and affiliation not in ids:
                    ids[affiliation] = str(len(ids) + 1)
        if authors:
            parent = _sub(record, "authors")
            for i, author in enumerate(authors, start=1):
                self.write_author(_sub(parent, "author"), author, ids, f"authors/author[{i}]")
        if ids:
            listing = _sub(record, "affiliationsList")
            for affiliation, number in ids.items():
                attrs = [("affiliationId", number)]
                _sub(listing, "affiliationName", affiliation.name.strip(), attrs)

    def write_author(
        self, element: Any, author: Contributor, ids: dict[Affiliation, str], path: str
    ) -> None:
        _sub(element, "name", author.display_name)
        if author.email and author.email.strip():
            _sub(element, "email", author.email.strip())
        for number in dict.fromkeys(ids[a] for a in author.affiliations if a in ids):
            _sub(element, "affiliationId", number)
        if author.orcid:
            try:
                _sub(element, "orcid_id", Orcid.parse(author.orcid).uri)
            except IdentifierError as exc:
                raise self.error(f"{path}/orcid_id", str(exc)) from exc

    def write_full_text(self, record: Any, url: str) -> None:
        if not _is_full_url(url):
            raise self.error(
                "fullTextUrl",
                f"{url!r} is not a URL DOAJ takes: http(s), then a host name ending in a "
                "dot and 2 to 10 letters, or an IPv4 address",
            )
        _sub(record, "fullTextUrl", url, [("format", "html")])

    def write_keywords(self, record: Any) -> None:
        groups: dict[str | None, list[str]] = {}
        for i, keyword in enumerate(self.article.keywords, start=1):
            lang = self.lang_of(keyword.lang, f"keywords/keyword[{i}]/@language")
            if keyword.value.strip():
                groups.setdefault(lang, []).append(keyword.value.strip())
        for lang, values in groups.items():
            element = _sub(record, "keywords", attrs=[("language", lang)])
            for value in values:
                _sub(element, "keyword", value)

"""The six verbs: each takes a checked `Request` and returns the element named after it.

Errors are raised as `OaiError`; `document` wraps either in the ``OAI-PMH`` envelope.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from lxml import etree

from sankofa.discovery.oai import listing, registry
from sankofa.discovery.oai.protocol import (
    GRANULARITY,
    OaiError,
    Request,
    datestamp_range,
    format_datestamp,
)
from sankofa.discovery.oai.source import MetadataFormat, OaiSource, Record

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
_REPOSITORY_ID = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9\-]*(\.[a-zA-Z0-9][a-zA-Z0-9\-]*)+\Z")


def _el(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{OAI}}}{name}", attrs)
    element.text = text
    return element


def base_url() -> str:
    return f"{settings.SANKOFA_BASE_URL}/oai"


def page_size() -> int:
    return max(1, int(getattr(settings, "SANKOFA_OAI_PAGE_SIZE", 100)))


def document(request: Request | None, body: etree._Element | OaiError) -> bytes:
    """The response: the envelope, the request echoed, then the verb's element or the error.

    On badVerb and badArgument the request element carries no attributes (section 3.6).
    """
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _el(root, "responseDate", format_datestamp(datetime.now(UTC)))
    echoed = request is not None and not (
        isinstance(body, OaiError) and body.code in ("badVerb", "badArgument")
    )
    attributes = {"verb": request.verb, **request.arguments} if echoed and request else {}
    _el(root, "request", base_url(), **attributes)
    if isinstance(body, OaiError):
        _el(root, "error", body.message, code=body.code)
    else:
        root.append(body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")  # type: ignore[no-any-return]


def answer(request: Request) -> etree._Element:
    """The element answering a valid request (or OaiError)."""
    handlers: dict[str, Callable[[Request], etree._Element]] = {
        "Identify": identify,
        "ListMetadataFormats": list_metadata_formats,
        "ListSets": list_sets,
        "GetRecord": get_record,
        "ListIdentifiers": list_items,
        "ListRecords": list_items,
    }
    return handlers[request.verb](request)


def identify(request: Request) -> etree._Element:
    element = etree.Element(f"{{{OAI}}}Identify")
    _el(element, "repositoryName", settings.SANKOFA_NODE_NAME)
    _el(element, "baseURL", base_url())
    _el(element, "protocolVersion", "2.0")
    _el(element, "adminEmail", settings.SANKOFA_OAI_ADMIN_EMAIL)
    stamps = [s for s in (src.earliest_datestamp() for src in registry.sources()) if s]
    earliest = min(stamps) if stamps else datetime.now(UTC)
    _el(element, "earliestDatestamp", format_datestamp(earliest))
    _el(element, "deletedRecord", "persistent")
    _el(element, "granularity", GRANULARITY)
    _identifier_description(element)
    return element


def _identifier_description(identify: etree._Element) -> None:
    """The oai-identifier description, when the repository id is a domain name and a
    record gives a sample identifier."""
    repository = registry.repository_id()
    if not _REPOSITORY_ID.match(repository):
        return
    for source in registry.sources():
        formats = source.metadata_formats()
        if not formats:
            continue
        sample = next(iter(source.records(formats[0].prefix, None, None, None, None, 1)), None)
        if sample is not None:
            break
    else:
        return
    description = _el(identify, "description")
    block = etree.SubElement(
        description, f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap={None: OAI_IDENTIFIER}
    )
    block.set(
        f"{{{XSI}}}schemaLocation",
        f"{OAI_IDENTIFIER} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd",
    )
    for name, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository),
        ("delimiter", ":"),
        ("sampleIdentifier", registry.identifier(source, sample.local_id)),
    ):
        etree.SubElement(block, f"{{{OAI_IDENTIFIER}}}{name}").text = text


def list_metadata_formats(request: Request) -> etree._Element:
    identifier = request.get("identifier")
    if identifier is None:
        formats: dict[str, MetadataFormat] = {}
        for source in registry.sources():
            for each in source.metadata_formats():
                formats.setdefault(each.prefix, each)
        chosen = list(formats.values())
    else:
        source, _record = _item(identifier)
        chosen = list(source.metadata_formats())
    if not chosen:
        raise OaiError("noMetadataFormats", "there is no metadata format for this item")
    element = etree.Element(f"{{{OAI}}}ListMetadataFormats")
    for each in chosen:
        entry = _el(element, "metadataFormat")
        _el(entry, "metadataPrefix", each.prefix)
        _el(entry, "schema", each.schema)
        _el(entry, "metadataNamespace", each.namespace)
    return element


def list_sets(request: Request) -> etree._Element:
    if request.get("resumptionToken") is not None:
        raise OaiError("badResumptionToken", "this repository gives no token for ListSets")
    sets = {s.spec: s for source in registry.sources() for s in source.sets()}
    if not sets:
        raise OaiError("noSetHierarchy", "this repository has no sets")
    element = etree.Element(f"{{{OAI}}}ListSets")
    for spec in sorted(sets):
        entry = _el(element, "set")
        _el(entry, "setSpec", spec)
        _el(entry, "setName", sets[spec].name)
    return element


def get_record(request: Request) -> etree._Element:
    source, record = _item(request.arguments["identifier"])
    metadata_format = _format(source, request.arguments["metadataPrefix"])
    element = etree.Element(f"{{{OAI}}}GetRecord")
    _record(element, source, record, metadata_format)
    return element


def list_items(request: Request) -> etree._Element:
    """ListIdentifiers and ListRecords: one page, and a token when more follow."""
    size = page_size()
    resumption = request.get("resumptionToken")
    if resumption is not None:
        query, position = listing.resume(request.verb, resumption)
        page = listing.next_page(query, position, size)
    else:
        from_, until = datestamp_range(request.get("from"), request.get("until"))
        query = listing.Query(
            request.verb, request.arguments["metadataPrefix"], from_, until, request.get("set")
        )
        page = listing.first_page(query, size)
    element = etree.Element(f"{{{OAI}}}{request.verb}")
    for source, record in page.items:
        if request.verb == "ListIdentifiers":
            _header(element, source, record)
        else:
            _record(element, source, record, _format(source, query.metadata_prefix))
    if resumption is not None or page.next is not None:
        attributes = {"cursor": str(page.cursor)}
        if page.total is not None:
            attributes["completeListSize"] = str(page.total)
        value = listing.token(query, page.next) if page.next else None
        _el(element, "resumptionToken", value, **attributes)
    return element


def _item(identifier: str) -> tuple[OaiSource, Record]:
    found = registry.resolve(identifier)
    record = found[0].get(found[1]) if found else None
    if found is None or record is None:
        raise OaiError("idDoesNotExist", f"{identifier} is not an identifier of this repository")
    return found[0], record


def _format(source: OaiSource, prefix: str) -> MetadataFormat:
    for each in source.metadata_formats():
        if each.prefix == prefix:
            return each
    raise OaiError("cannotDisseminateFormat", f"this item is not available in {prefix!r}")


def _header(parent: etree._Element, source: OaiSource, record: Record) -> None:
    header = _el(parent, "header", **({"status": "deleted"} if record.deleted else {}))
    _el(header, "identifier", registry.identifier(source, record.local_id))
    _el(header, "datestamp", format_datestamp(record.datestamp))
    for spec in record.set_specs:
        _el(header, "setSpec", spec)


def _record(
    parent: etree._Element, source: OaiSource, record: Record, metadata_format: MetadataFormat
) -> None:
    element = _el(parent, "record")
    _header(element, source, record)
    if not record.deleted:
        _el(element, "metadata").append(metadata_format.render(record))

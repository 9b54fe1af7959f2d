"""DCAT-AP 3 RDF (Turtle) of a DataCite resource: one ``dcat:Dataset`` and its distributions.

The dataset's IRI is the persistent URL (the DOI or ARK URL, else the landing page); every
other node it needs gets an IRI of its own (an ORCID, ROR or licence URL when the metadata
has one, else ``<dataset IRI>#<kind>-<n>``), so the same record always gives the same
Turtle. What is written, with the class each object has in the data (the SEMIC shapes
check ranges by ``rdf:type``):

- ``dct:title`` per title (``xml:lang`` kept; alternative titles and subtitles as
  ``dct:alternative``), ``dct:description`` per description (the main title when there is
  none: the shapes require one), ``dcat:keyword`` per subject, ``dcat:theme`` (a
  ``skos:Concept``) per subject with a value URI;
- ``dct:identifier`` (the persistent URL) and ``adms:identifier`` (``adms:Identifier`` with
  ``skos:notation`` and the scheme as ``adms:schemeAgency``) for the primary and every
  alternate identifier; ``dcat:landingPage`` (a ``foaf:Document``);
- ``dct:creator`` and ``dct:publisher`` (``foaf:Agent`` and ``foaf:Person`` or
  ``foaf:Organization``, with ``foaf:name``), ``dcat:contactPoint`` (``vcard:Individual`` or
  ``vcard:Organization`` with ``vcard:fn``) for each ``ContactPerson`` contributor;
- ``dct:issued`` (the ``Issued`` date, else the year), ``dct:modified`` (the latest
  ``Updated`` date), typed ``xsd:date``/``xsd:gYearMonth``/``xsd:gYear``/``xsd:dateTime``;
  ``dcat:version``; ``dct:language`` as the EU language authority IRI
  (``…/authority/language/ENG``, the ISO 639 three-letter code) typed
  ``dct:LinguisticSystem``; ``dct:temporal`` (``dct:PeriodOfTime`` with ``dcat:startDate``/
  ``dcat:endDate``) per ``Coverage`` or ``Collected`` date; ``dct:spatial`` (``dct:Location``
  with ``skos:prefLabel`` for the place, ``dcat:centroid`` for a point and ``dcat:bbox`` for
  a box, both ``gsp:wktLiteral``);
- ``dct:accessRights`` (EU access-right authority: PUBLIC, RESTRICTED or NON_PUBLIC) from
  the ``info:eu-repo/semantics/…Access`` rights; ``dct:rights`` (``dct:RightsStatement``)
  per rights entry; related identifiers that resolve to URLs as ``dct:isVersionOf``,
  ``dct:hasVersion``, ``dct:isPartOf``, ``dct:hasPart``, ``dct:references``,
  ``dct:isReferencedBy``, ``dct:requires``, ``dct:isRequiredBy``, ``prov:wasDerivedFrom``
  or ``dct:relation`` (typed ``rdfs:Resource``, as the 3.0.0 shapes want of them);
- ``dcat:distribution`` per file: ``dct:title`` (the name), ``dcat:accessURL`` and
  ``dcat:downloadURL``, ``dcat:byteSize`` (``xsd:nonNegativeInteger``), ``dcat:mediaType``
  (the IANA IRI, a ``dct:MediaType``), one ``spdx:checksum`` (SHA-256, ``xsd:hexBinary``),
  ``dct:license`` (the first rights entry with a URI or SPDX id, a ``dct:LicenseDocument``).
"""

from __future__ import annotations

import re

import langcodes
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from sankofa.core.formats import record
from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.model import Resource
from sankofa.core.formats.datacite.vocabulary import (
    ContributorType,
    DateType,
    RelationType,
    TitleType,
)
from sankofa.core.formats.record import Landing

CONTENT_TYPE = "text/turtle"

DCAT = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 terms (dcat:version)
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
SPDX_LICENSES = "https://spdx.org/licenses/"

_ACCESS = {
    "info:eu-repo/semantics/openaccess": "PUBLIC",
    "info:eu-repo/semantics/embargoedaccess": "RESTRICTED",
    "info:eu-repo/semantics/restrictedaccess": "RESTRICTED",
    "info:eu-repo/semantics/closedaccess": "NON_PUBLIC",
}
_RELATIONS = {
    RelationType.IS_VERSION_OF: DCTERMS.isVersionOf,
    RelationType.IS_NEW_VERSION_OF: DCTERMS.isVersionOf,
    RelationType.HAS_VERSION: DCTERMS.hasVersion,
    RelationType.IS_PART_OF: DCTERMS.isPartOf,
    RelationType.HAS_PART: DCTERMS.hasPart,
    RelationType.REFERENCES: DCTERMS.references,
    RelationType.CITES: DCTERMS.references,
    RelationType.IS_REFERENCED_BY: DCTERMS.isReferencedBy,
    RelationType.IS_CITED_BY: DCTERMS.isReferencedBy,
    RelationType.REQUIRES: DCTERMS.requires,
    RelationType.IS_REQUIRED_BY: DCTERMS.isRequiredBy,
    RelationType.IS_DERIVED_FROM: PROV.wasDerivedFrom,
}
_LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$"
)
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def graph(resource: Resource, landing: Landing) -> Graph:
    """The DCAT-AP 3 graph of `resource` at `landing`."""
    return _Builder(resource, landing).build()


def document(resource: Resource, landing: Landing) -> str:
    """The graph as Turtle (prefixes first, subjects sorted)."""
    return graph(resource, landing).serialize(format="turtle")


def temporal_literal(value: str) -> Literal | None:
    """A date as a typed literal (``xsd:date``, ``gYearMonth``, ``gYear``, ``dateTime``)."""
    value = value.strip()
    if _DATETIME.match(value):
        return Literal(value, datatype=XSD.dateTime)
    if not record.w3cdtf(value):
        return None
    kind = {1: XSD.gYear, 2: XSD.gYearMonth, 3: XSD.date}[len(value.split("-"))]
    return Literal(value, datatype=kind)


def language_iri(tag: str) -> URIRef | None:
    """The EU language authority IRI of a BCP 47 tag (``en-GB`` -> ``…/language/ENG``)."""
    try:
        code = langcodes.Language.get(tag.strip()).to_alpha3()
    except (LookupError, ValueError):
        return None
    return URIRef(f"{EU}language/{code.upper()}")


def _text(value: str, lang: str | None) -> Literal:
    if lang and _LANG_TAG.match(lang):
        return Literal(value, lang=lang)
    return Literal(value)


class _Builder:
    def __init__(self, resource: Resource, landing: Landing) -> None:
        self.r = resource
        self.landing = landing
        self.g = Graph()
        for prefix, ns in (
            ("dcat", DCAT),
            ("dct", DCTERMS),
            ("foaf", FOAF),
            ("adms", ADMS),
            ("spdx", SPDX),
            ("vcard", VCARD),
            ("skos", SKOS),
            ("gsp", GSP),
            ("prov", PROV),
        ):
            self.g.bind(prefix, ns)
        self.base = record.pid_url(resource, landing) or landing.landing_url
        self.ds = URIRef(self.base)

    def node(self, kind: str, n: int) -> URIRef:
        return URIRef(f"{self.base}#{kind}-{n}")

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | Literal | BNode) -> None:
        self.g.add((s, p, o))

    def typed(self, iri: URIRef, *classes: URIRef) -> URIRef:
        for cls in classes:
            self.add(iri, RDF.type, cls)
        return iri

    def build(self) -> Graph:
        self.add(self.ds, RDF.type, DCAT.Dataset)
        self.texts()
        self.identifiers()
        self.agents()
        self.dates()
        self.places()
        self.rights()
        self.relations()
        self.distributions()
        return self.g

    def texts(self) -> None:
        r = self.r
        for title in r.titles:
            secondary = title.title_type in (TitleType.ALTERNATIVE_TITLE, TitleType.SUBTITLE)
            prop = DCTERMS.alternative if secondary else DCTERMS.title
            self.add(self.ds, prop, _text(title.value, title.lang))
        descriptions = [d for d in r.descriptions if d.text.strip()]
        for d in descriptions:
            self.add(self.ds, DCTERMS.description, _text(d.text, d.lang))
        if not descriptions:
            main = record.main_title(r)
            self.add(self.ds, DCTERMS.description, _text(main.value, main.lang))
        for subject in r.subjects:
            if subject.value.strip():
                self.add(self.ds, DCAT.keyword, _text(subject.value.strip(), subject.lang))
            if subject.value_uri and record.is_url(subject.value_uri):
                concept = self.typed(URIRef(subject.value_uri), SKOS.Concept)
                self.add(concept, SKOS.prefLabel, _text(subject.value, subject.lang))
                self.add(self.ds, DCAT.theme, concept)
        if r.version:
            self.add(self.ds, DCAT.version, Literal(r.version))
        if r.language:
            lang = language_iri(r.language)
            if lang is not None:
                self.add(self.ds, DCTERMS.language, self.typed(lang, DCTERMS.LinguisticSystem))

    def identifiers(self) -> None:
        pid = record.pid_url(self.r, self.landing)
        self.add(self.ds, DCTERMS.identifier, Literal(pid or self.r.identifier.value))
        pairs = [(self.r.identifier.value, self.r.identifier.identifier_type)]
        pairs += [(a.value, a.identifier_type) for a in self.r.alternate_identifiers]
        for n, (value, scheme) in enumerate(pairs, 1):
            ident = self.typed(self.node("identifier", n), ADMS.Identifier)
            self.add(ident, SKOS.notation, Literal(value))
            self.add(ident, ADMS.schemeAgency, Literal(scheme))
            self.add(self.ds, ADMS.identifier, ident)
        page = self.typed(URIRef(self.landing.landing_url), FOAF.Document)
        self.add(self.ds, DCAT.landingPage, page)

    def agent(self, person: m.PersonName, iri: str | None, fallback: URIRef) -> URIRef:
        node = URIRef(iri) if iri else fallback
        kind = FOAF.Organization if record.is_organization(person) else FOAF.Person
        self.typed(node, FOAF.Agent, kind)
        self.add(node, FOAF.name, _text(person.name, person.lang))
        return node

    def agents(self) -> None:
        for n, creator in enumerate(self.r.creators, 1):
            node = self.agent(creator, _person_url(creator), self.node("creator", n))
            self.add(self.ds, DCTERMS.creator, node)
        pub = self.r.publisher
        pub_url = record.identifier_url(pub.identifier or "", pub.identifier_scheme, pub.scheme_uri)
        node = URIRef(pub_url) if pub_url else self.node("publisher", 1)
        self.typed(node, FOAF.Agent, FOAF.Organization)
        self.add(node, FOAF.name, _text(pub.name, pub.lang))
        self.add(self.ds, DCTERMS.publisher, node)
        contacts = [
            c for c in self.r.contributors if c.contributor_type == ContributorType.CONTACT_PERSON
        ]
        for n, contact in enumerate(contacts, 1):
            kind = VCARD.Organization if record.is_organization(contact) else VCARD.Individual
            card = self.typed(self.node("contact", n), VCARD.Kind, kind)
            self.add(card, VCARD.fn, _text(contact.name, contact.lang))
            url = _person_url(contact)
            if url:
                self.add(card, VCARD.hasUID, URIRef(url))
            self.add(self.ds, DCAT.contactPoint, card)

    def dates(self) -> None:
        issued = temporal_literal(record.issued(self.r))
        if issued is not None:
            self.add(self.ds, DCTERMS.issued, issued)
        updated = sorted(d.value.strip() for d in self.r.dates if d.date_type == DateType.UPDATED)
        modified = temporal_literal(updated[-1]) if updated else None
        if modified is not None:
            self.add(self.ds, DCTERMS.modified, modified)
        n = 0
        for date in self.r.dates:
            if date.date_type not in (DateType.COVERAGE, DateType.COLLECTED):
                continue
            start, _, end = date.value.partition("/")
            bounds = (temporal_literal(start), temporal_literal(end) if end else None)
            if bounds == (None, None):
                continue
            n += 1
            period = self.typed(self.node("period", n), DCTERMS.PeriodOfTime)
            for prop, value in zip((DCAT.startDate, DCAT.endDate), bounds, strict=True):
                if value is not None:
                    self.add(period, prop, value)
            self.add(self.ds, DCTERMS.temporal, period)

    def places(self) -> None:
        for n, geo in enumerate(self.r.geo_locations, 1):
            place = self.typed(self.node("location", n), DCTERMS.Location)
            if geo.place:
                self.add(place, SKOS.prefLabel, Literal(geo.place))
            if geo.point is not None:
                wkt = f"POINT({geo.point.longitude} {geo.point.latitude})"
                self.add(place, DCAT.centroid, Literal(wkt, datatype=GSP.wktLiteral))
            if geo.box is not None:
                b = geo.box
                ring = [(b.west, b.south), (b.east, b.south), (b.east, b.north)]
                ring += [(b.west, b.north), (b.west, b.south)]
                wkt = "POLYGON((" + ", ".join(f"{x} {y}" for x, y in ring) + "))"
                self.add(place, DCAT.bbox, Literal(wkt, datatype=GSP.wktLiteral))
            self.add(self.ds, DCTERMS.spatial, place)

    def rights(self) -> None:
        access = [_ACCESS.get((x.uri or "").strip().lower()) for x in self.r.rights_list]
        found = next((a for a in access if a), None)
        if found:
            iri = URIRef(f"{EU}access-right/{found}")
            self.add(self.ds, DCTERMS.accessRights, self.typed(iri, DCTERMS.RightsStatement))
        for n, rights in enumerate(self.r.rights_list, 1):
            url = _rights_url(rights)
            node = URIRef(url) if url else self.node("rights", n)
            self.typed(node, DCTERMS.RightsStatement)
            if rights.value.strip():
                self.add(node, RDFS.label, _text(rights.value, rights.lang))
            self.add(self.ds, DCTERMS.rights, node)

    def relations(self) -> None:
        for rel in self.r.related_identifiers:
            url = record.related_url(rel.value, rel.identifier_type)
            if url:
                prop = _RELATIONS.get(rel.relation_type, DCTERMS.relation)
                self.add(self.ds, prop, self.typed(URIRef(url), RDFS.Resource))

    def distributions(self) -> None:
        licence = self.licence()
        for n, file in enumerate(self.landing.files, 1):
            dist = self.typed(self.node("distribution", n), DCAT.Distribution)
            self.add(dist, DCTERMS.title, Literal(file.name))
            url = self.typed(URIRef(file.download_url), RDFS.Resource)
            self.add(dist, DCAT.accessURL, url)
            self.add(dist, DCAT.downloadURL, url)
            size = Literal(str(file.size), datatype=XSD.nonNegativeInteger)
            self.add(dist, DCAT.byteSize, size)
            media = file.media_type.split(";")[0].strip().lower()
            if _MEDIA_TYPE.match(media):
                iri = self.typed(URIRef(IANA + media), DCTERMS.MediaType)
                self.add(dist, DCAT.mediaType, iri)
            checksum = self.typed(self.node("checksum", n), SPDX.Checksum)
            algorithm = self.typed(SPDX.checksumAlgorithm_sha256, SPDX.ChecksumAlgorithm)
            self.add(checksum, SPDX.algorithm, algorithm)
            self.add(checksum, SPDX.checksumValue, Literal(file.sha256, datatype=XSD.hexBinary))
            self.add(dist, SPDX.checksum, checksum)
            if licence is not None:
                self.add(dist, DCTERMS.license, licence)
            self.add(self.ds, DCAT.distribution, dist)

    def licence(self) -> URIRef | None:
        for rights in self.r.rights_list:
            url = _rights_url(rights)
            if url and (rights.identifier or "creativecommons.org" in url):
                iri = self.typed(URIRef(url), DCTERMS.LicenseDocument)
                if rights.value.strip():
                    self.add(iri, RDFS.label, _text(rights.value, rights.lang))
                return iri
        return None


def _person_url(person: m.Creator) -> str | None:
    for ident in person.name_identifiers:
        url = record.identifier_url(ident.value, ident.scheme, ident.scheme_uri)
        if url:
            return url
    return None


def _rights_url(rights: m.Rights) -> str | None:
    """A licence's URL: its URI, else the SPDX licence page of its SPDX identifier."""
    if rights.uri and record.is_url(rights.uri.strip()):
        return rights.uri.strip()
    scheme = (rights.identifier_scheme or "").upper()
    if rights.identifier and scheme == "SPDX":
        return SPDX_LICENSES + rights.identifier.strip()
    return None

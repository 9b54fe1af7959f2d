"""Writing a `Resource` as DataCite kernel-4.6 XML (see `xml46` for the contract).

One method per property, each appending to its parent element; a later kernel overrides
the methods whose element changed (`xml47`). Vocabulary values the kernel lacks raise
`DataCiteError` naming the path, never an invalid document.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Any

from lxml import etree

from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.cursor import NS, XML_LANG, XSI, qualified
from sankofa.core.formats.datacite.vocabulary import Vocabulary

Attrs = Iterable[tuple[str, str | None]]


def sub(parent: Any, name: str, text: str | None = None, attrs: Attrs = ()) -> Any:
    """Append element ``name`` with `text` and the attributes whose value is not None."""
    element = etree.SubElement(parent, qualified(name))
    for key, value in attrs:
        if value is not None:
            element.set(key, value)
    if text:
        element.text = text
    return element


def _indent(element: Any, depth: int) -> None:
    """Two-space indentation of element-only content; mixed content (a description) is kept."""
    children = list(element)
    if not children or element.tag == qualified("description"):
        return
    element.text = "\n" + "  " * (depth + 1)
    for child in children:
        _indent(child, depth + 1)
        child.tail = "\n" + "  " * (depth + 1)
    children[-1].tail = "\n" + "  " * depth


def _year(value: int) -> str:
    return f"{value:04d}"


class Writer46:
    version: str
    vocabulary: Vocabulary
    schema_location: str

    def write(self, resource: m.Resource) -> bytes:
        root = etree.Element(qualified("resource"), nsmap={None: NS, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", self.schema_location)
        self.write_resource(root, resource)
        _indent(root, 0)
        data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        return data + b"\n"

    def token(self, value: StrEnum | None, path: str) -> str | None:
        """The XML token of `value`, if this kernel has it."""
        if value is None:
            return None
        if value not in self.vocabulary[type(value)]:
            raise m.DataCiteError(path, f"{value.value!r} is not in kernel-{self.version}")
        return value.value

    def write_resource(self, root: Any, r: m.Resource) -> None:
        sub(
            root,
            "identifier",
            r.identifier.value,
            [("identifierType", r.identifier.identifier_type)],
        )
        creators = sub(root, "creators")
        for i, creator in enumerate(r.creators, start=1):
            self.write_agent(
                sub(creators, "creator"), creator, "creatorName", f"creators/creator[{i}]"
            )
        titles = sub(root, "titles")
        for i, title in enumerate(r.titles, start=1):
            self.write_title(titles, title, f"titles/title[{i}]")
        p = r.publisher
        sub(
            root,
            "publisher",
            p.name,
            [
                ("publisherIdentifier", p.identifier),
                ("publisherIdentifierScheme", p.identifier_scheme),
                ("schemeURI", p.scheme_uri),
                (XML_LANG, p.lang),
            ],
        )
        sub(root, "publicationYear", _year(r.publication_year))
        general = self.token(r.resource_type.general, "resourceType/@resourceTypeGeneral")
        sub(root, "resourceType", r.resource_type.value, [("resourceTypeGeneral", general)])
        self.write_optional(root, r)

    def write_optional(self, root: Any, r: m.Resource) -> None:
        if r.subjects:
            subjects = sub(root, "subjects")
            for s in r.subjects:
                sub(
                    subjects,
                    "subject",
                    s.value,
                    [
                        ("subjectScheme", s.scheme),
                        ("schemeURI", s.scheme_uri),
                        ("valueURI", s.value_uri),
                        ("classificationCode", s.classification_code),
                        (XML_LANG, s.lang),
                    ],
                )
        if r.contributors:
            contributors = sub(root, "contributors")
            for i, c in enumerate(r.contributors, start=1):
                path = f"contributors/contributor[{i}]"
                role = self.token(c.contributor_type, f"{path}/@contributorType")
                element = sub(contributors, "contributor", attrs=[("contributorType", role)])
                self.write_agent(element, c, "contributorName", path)
        if r.dates:
            dates = sub(root, "dates")
            for i, d in enumerate(r.dates, start=1):
                kind = self.token(d.date_type, f"dates/date[{i}]/@dateType")
                sub(
                    dates, "date", d.value, [("dateType", kind), ("dateInformation", d.information)]
                )
        if r.language is not None:
            sub(root, "language", r.language)
        if r.alternate_identifiers:
            alternates = sub(root, "alternateIdentifiers")
            for a in r.alternate_identifiers:
                attrs = [("alternateIdentifierType", a.identifier_type)]
                sub(alternates, "alternateIdentifier", a.value, attrs)
        self.write_identifiers_and_more(root, r)

    def write_identifiers_and_more(self, root: Any, r: m.Resource) -> None:
        if r.related_identifiers:
            related = sub(root, "relatedIdentifiers")
            for i, ri in enumerate(r.related_identifiers, start=1):
                self.write_related_identifier(
                    related, ri, f"relatedIdentifiers/relatedIdentifier[{i}]"
                )
        self.write_strings(root, "sizes", "size", r.sizes)
        self.write_strings(root, "formats", "format", r.formats)
        if r.version is not None:
            sub(root, "version", r.version)
        self.write_rights_and_descriptions(root, r)
        if r.geo_locations:
            locations = sub(root, "geoLocations")
            for g in r.geo_locations:
                self.write_geo_location(sub(locations, "geoLocation"), g)
        if r.funding_references:
            funding = sub(root, "fundingReferences")
            for i, f in enumerate(r.funding_references, start=1):
                self.write_funding_reference(funding, f, f"fundingReferences/fundingReference[{i}]")
        if r.related_items:
            items = sub(root, "relatedItems")
            for i, item in enumerate(r.related_items, start=1):
                self.write_related_item(items, item, f"relatedItems/relatedItem[{i}]")

    @staticmethod
    def write_strings(root: Any, wrapper: str, name: str, values: tuple[str, ...]) -> None:
        if values:
            outer = sub(root, wrapper)
            for value in values:
                sub(outer, name, value)

    def write_name(self, parent: Any, n: m.PersonName, element: str, path: str) -> None:
        name_type = self.token(n.name_type, f"{path}/{element}/@nameType")
        sub(parent, element, n.name, [("nameType", name_type), (XML_LANG, n.lang)])
        if n.given_name is not None:
            sub(parent, "givenName", n.given_name)
        if n.family_name is not None:
            sub(parent, "familyName", n.family_name)

    def write_agent(self, parent: Any, a: m.Creator, element: str, path: str) -> None:
        self.write_name(parent, a, element, path)
        for ni in a.name_identifiers:
            sub(
                parent,
                "nameIdentifier",
                ni.value,
                [("nameIdentifierScheme", ni.scheme), ("schemeURI", ni.scheme_uri)],
            )
        for af in a.affiliations:
            sub(
                parent,
                "affiliation",
                af.name,
                [
                    ("affiliationIdentifier", af.identifier),
                    ("affiliationIdentifierScheme", af.identifier_scheme),
                    ("schemeURI", af.scheme_uri),
                ],
            )

    def write_title(self, parent: Any, t: m.Title, path: str) -> None:
        kind = self.token(t.title_type, f"{path}/@titleType")
        sub(parent, "title", t.value, [("titleType", kind), (XML_LANG, t.lang)])

    def relation_type_information(self, value: str | None, path: str) -> Attrs:
        """Kernel 4.6 has no ``relationTypeInformation``: a value is an error."""
        if value is not None:
            raise m.DataCiteError(
                f"{path}/@relationTypeInformation", f"not in kernel-{self.version}"
            )
        return ()

    def write_related_identifier(self, parent: Any, ri: m.RelatedIdentifier, path: str) -> None:
        sub(
            parent,
            "relatedIdentifier",
            ri.value,
            [
                (
                    "resourceTypeGeneral",
                    self.token(ri.resource_type_general, f"{path}/@resourceTypeGeneral"),
                ),
                (
                    "relatedIdentifierType",
                    self.token(ri.identifier_type, f"{path}/@relatedIdentifierType"),
                ),
                ("relationType", self.token(ri.relation_type, f"{path}/@relationType")),
                ("relatedMetadataScheme", ri.related_metadata_scheme),
                ("schemeURI", ri.scheme_uri),
                ("schemeType", ri.scheme_type),
                *self.relation_type_information(ri.relation_type_information, path),
            ],
        )

    def write_rights_and_descriptions(self, root: Any, r: m.Resource) -> None:
        if r.rights_list:
            rights_list = sub(root, "rightsList")
            for ri in r.rights_list:
                sub(
                    rights_list,
                    "rights",
                    ri.value,
                    [
                        ("rightsURI", ri.uri),
                        ("rightsIdentifier", ri.identifier),
                        ("rightsIdentifierScheme", ri.identifier_scheme),
                        ("schemeURI", ri.scheme_uri),
                        (XML_LANG, ri.lang),
                    ],
                )
        if r.descriptions:
            descriptions = sub(root, "descriptions")
            for i, d in enumerate(r.descriptions, start=1):
                kind = self.token(
                    d.description_type, f"descriptions/description[{i}]/@descriptionType"
                )
                element = sub(
                    descriptions,
                    "description",
                    d.parts[0],
                    [("descriptionType", kind), (XML_LANG, d.lang)],
                )
                for part in d.parts[1:]:
                    sub(element, "br").tail = part or None

    @staticmethod
    def write_point(parent: Any, name: str, p: m.GeoPoint) -> None:
        point = sub(parent, name)
        sub(point, "pointLongitude", _decimal(p.longitude))
        sub(point, "pointLatitude", _decimal(p.latitude))

    def write_geo_location(self, parent: Any, g: m.GeoLocation) -> None:
        if g.place is not None:
            sub(parent, "geoLocationPlace", g.place)
        if g.point is not None:
            self.write_point(parent, "geoLocationPoint", g.point)
        if g.box is not None:
            box = sub(parent, "geoLocationBox")
            for name, value in (
                ("westBoundLongitude", g.box.west),
                ("eastBoundLongitude", g.box.east),
                ("southBoundLatitude", g.box.south),
                ("northBoundLatitude", g.box.north),
            ):
                sub(box, name, _decimal(value))
        for polygon in g.polygons:
            element = sub(parent, "geoLocationPolygon")
            for point in polygon.points:
                self.write_point(element, "polygonPoint", point)
            if polygon.in_point is not None:
                self.write_point(element, "inPolygonPoint", polygon.in_point)

    def write_funding_reference(self, parent: Any, f: m.FundingReference, path: str) -> None:
        element = sub(parent, "fundingReference")
        sub(element, "funderName", f.funder_name)
        if f.funder_identifier is not None:
            fi = f.funder_identifier
            kind = self.token(fi.identifier_type, f"{path}/funderIdentifier/@funderIdentifierType")
            sub(
                element,
                "funderIdentifier",
                fi.value,
                [("funderIdentifierType", kind), ("schemeURI", fi.scheme_uri)],
            )
        if f.award_number is not None:
            attrs = [("awardURI", f.award_number.uri)]
            sub(element, "awardNumber", f.award_number.value, attrs)
        if f.award_title is not None:
            sub(element, "awardTitle", f.award_title)

    def write_related_item(self, parent: Any, item: m.RelatedItem, path: str) -> None:
        element = sub(
            parent,
            "relatedItem",
            attrs=[
                ("relatedItemType", self.token(item.related_item_type, f"{path}/@relatedItemType")),
                ("relationType", self.token(item.relation_type, f"{path}/@relationType")),
                *self.relation_type_information(item.relation_type_information, path),
            ],
        )
        if item.identifier is not None:
            ident = item.identifier
            kind = self.token(
                ident.identifier_type, f"{path}/relatedItemIdentifier/@relatedItemIdentifierType"
            )
            sub(
                element,
                "relatedItemIdentifier",
                ident.value,
                [
                    ("relatedItemIdentifierType", kind),
                    ("relatedMetadataScheme", ident.related_metadata_scheme),
                    ("schemeURI", ident.scheme_uri),
                    ("schemeType", ident.scheme_type),
                ],
            )
        self.write_related_item_body(element, item, path)

    def write_related_item_body(self, element: Any, item: m.RelatedItem, path: str) -> None:
        if item.creators:
            creators = sub(element, "creators")
            for i, c in enumerate(item.creators, start=1):
                self.write_name(
                    sub(creators, "creator"), c, "creatorName", f"{path}/creators/creator[{i}]"
                )
        if item.titles:
            titles = sub(element, "titles")
            for i, t in enumerate(item.titles, start=1):
                self.write_title(titles, t, f"{path}/titles/title[{i}]")
        self.write_related_item_numbers(element, item, path)
        if item.contributors:
            contributors = sub(element, "contributors")
            for i, c in enumerate(item.contributors, start=1):
                cpath = f"{path}/contributors/contributor[{i}]"
                role = self.token(c.contributor_type, f"{cpath}/@contributorType")
                outer = sub(contributors, "contributor", attrs=[("contributorType", role)])
                self.write_name(outer, c, "contributorName", cpath)

    def write_related_item_numbers(self, element: Any, item: m.RelatedItem, path: str) -> None:
        if item.publication_year is not None:
            sub(element, "publicationYear", _year(item.publication_year))
        for name, value in (("volume", item.volume), ("issue", item.issue)):
            if value is not None:
                sub(element, name, value)
        if item.number is not None:
            kind = self.token(item.number.number_type, f"{path}/number/@numberType")
            sub(element, "number", item.number.value, [("numberType", kind)])
        for name, value in (
            ("firstPage", item.first_page),
            ("lastPage", item.last_page),
            ("publisher", item.publisher),
            ("edition", item.edition),
        ):
            if value is not None:
                sub(element, name, value)


def _decimal(value: Decimal) -> str:
    return str(value)

"""Reading DataCite kernel-4.6 XML into a `Resource` (see `xml46` for the contract).

One method per property, each given a `Cursor` on its element; a later kernel overrides
the methods whose element changed (`xml47`).
"""

from __future__ import annotations

from typing import Any

from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.cursor import NS, XSI, Cursor, parse, qualified, shown
from sankofa.core.formats.datacite.vocabulary import (
    ContributorType,
    DateType,
    DescriptionType,
    FunderIdentifierType,
    NameType,
    NumberType,
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
    TitleType,
    Vocabulary,
)


class Reader46:
    version: str
    vocabulary: Vocabulary

    def read(self, data: bytes) -> m.Resource:
        root = parse(data)
        if root.tag != qualified("resource"):
            raise m.DataCiteError("", f"the root element is not {{{NS}}}resource: {root.tag}")
        c = Cursor(root, "", self.version, self.vocabulary)
        c.attr(f"{{{XSI}}}schemaLocation")
        resource = self.read_resource(c)
        c.done()
        return resource

    def read_resource(self, c: Cursor) -> m.Resource:
        identifier = c.required("identifier")
        creators = c.required("creators")
        titles = c.required("titles")
        year = c.required("publicationYear")
        mandatory: dict[str, Any] = {
            "identifier": identifier.build(
                m.Identifier,
                identifier_type=identifier.required_attr("identifierType"),
                value=identifier.nonempty_text(),
            ),
            "creators": self.read_list(creators, "creator", self.read_creator, required=True),
            "titles": self.read_list(titles, "title", self.read_title, required=True),
            "publisher": self.read_publisher(c.required("publisher")),
            "publication_year": year.year(),
            "resource_type": self.read_resource_type(c.required("resourceType")),
        }
        for done in (identifier, year):
            done.done()
        return c.build(m.Resource, **mandatory, **self.read_optional(c))

    def read_optional(self, c: Cursor) -> dict[str, Any]:
        language = c.one("language")
        version = c.one("version")
        return {
            "subjects": tuple(self.read_subject(s) for s in c.wrapped("subjects", "subject")),
            "contributors": tuple(
                self.read_contributor(s) for s in c.wrapped("contributors", "contributor")
            ),
            "dates": tuple(self.read_date(s) for s in c.wrapped("dates", "date")),
            "language": language.simple() if language else None,
            "alternate_identifiers": tuple(
                self.read_alternate_identifier(s)
                for s in c.wrapped("alternateIdentifiers", "alternateIdentifier")
            ),
            "related_identifiers": tuple(
                self.read_related_identifier(s)
                for s in c.wrapped("relatedIdentifiers", "relatedIdentifier")
            ),
            "sizes": tuple(s.simple() for s in c.wrapped("sizes", "size")),
            "formats": tuple(s.simple() for s in c.wrapped("formats", "format")),
            "version": version.simple() if version else None,
            "rights_list": tuple(self.read_rights(s) for s in c.wrapped("rightsList", "rights")),
            "descriptions": tuple(
                self.read_description(s) for s in c.wrapped("descriptions", "description")
            ),
            "geo_locations": tuple(
                self.read_geo_location(s) for s in c.wrapped("geoLocations", "geoLocation")
            ),
            "funding_references": tuple(
                self.read_funding_reference(s)
                for s in c.wrapped("fundingReferences", "fundingReference")
            ),
            "related_items": tuple(
                self.read_related_item(s) for s in c.wrapped("relatedItems", "relatedItem")
            ),
        }

    def read_list(self, wrapper: Cursor, name: str, item: Any, required: bool = False) -> Any:
        items = wrapper.all(name)
        if required and not items:
            wrapper.fail("missing", name)
        wrapper.done()
        return tuple(item(i) for i in items)

    @staticmethod
    def optional_text(c: Cursor, name: str) -> str | None:
        found = c.one(name)
        return found.simple() if found else None

    def read_name(self, c: Cursor, element: str) -> dict[str, Any]:
        name = c.required(element)
        fields = {
            "name": name.text(),
            "name_type": name.enum("nameType", NameType),
            "lang": name.lang(),
            "given_name": self.optional_text(c, "givenName"),
            "family_name": self.optional_text(c, "familyName"),
        }
        name.done()
        return fields

    def read_agent(self, c: Cursor, element: str) -> dict[str, Any]:
        fields = self.read_name(c, element)
        fields["name_identifiers"] = tuple(
            self.read_name_identifier(i) for i in c.all("nameIdentifier")
        )
        fields["affiliations"] = tuple(self.read_affiliation(a) for a in c.all("affiliation"))
        return fields

    def read_name_identifier(self, c: Cursor) -> m.NameIdentifier:
        found = c.build(
            m.NameIdentifier,
            value=c.text(),
            scheme=c.required_attr("nameIdentifierScheme"),
            scheme_uri=c.attr("schemeURI"),
        )
        c.done()
        return found

    def read_affiliation(self, c: Cursor) -> m.Affiliation:
        found = c.build(
            m.Affiliation,
            name=c.text(),
            identifier=c.attr("affiliationIdentifier"),
            identifier_scheme=c.attr("affiliationIdentifierScheme"),
            scheme_uri=c.attr("schemeURI"),
        )
        c.done()
        return found

    def read_creator(self, c: Cursor) -> m.Creator:
        creator = c.build(m.Creator, **self.read_agent(c, "creatorName"))
        c.done()
        return creator

    def read_contributor(self, c: Cursor) -> m.Contributor:
        contributor = c.build(
            m.Contributor,
            contributor_type=c.required_enum("contributorType", ContributorType),
            **self.read_agent(c, "contributorName"),
        )
        c.done()
        return contributor

    def read_title(self, c: Cursor) -> m.Title:
        title = m.Title(value=c.text(), title_type=c.enum("titleType", TitleType), lang=c.lang())
        c.done()
        return title

    def read_publisher(self, c: Cursor) -> m.Publisher:
        publisher = c.build(
            m.Publisher,
            name=c.nonempty_text(),
            identifier=c.attr("publisherIdentifier"),
            identifier_scheme=c.attr("publisherIdentifierScheme"),
            scheme_uri=c.attr("schemeURI"),
            lang=c.lang(),
        )
        c.done()
        return publisher

    def read_resource_type(self, c: Cursor) -> m.ResourceType:
        general = c.required_enum("resourceTypeGeneral", ResourceTypeGeneral)
        resource_type = m.ResourceType(general=general, value=c.text())
        c.done()
        return resource_type

    def read_subject(self, c: Cursor) -> m.Subject:
        subject = m.Subject(
            value=c.text(),
            scheme=c.attr("subjectScheme"),
            scheme_uri=c.attr("schemeURI"),
            value_uri=c.attr("valueURI"),
            classification_code=c.attr("classificationCode"),
            lang=c.lang(),
        )
        c.done()
        return subject

    def read_date(self, c: Cursor) -> m.Date:
        date = m.Date(
            value=c.text(),
            date_type=c.required_enum("dateType", DateType),
            information=c.attr("dateInformation"),
        )
        c.done()
        return date

    def read_alternate_identifier(self, c: Cursor) -> m.AlternateIdentifier:
        identifier_type = c.required_attr("alternateIdentifierType")
        found = m.AlternateIdentifier(value=c.text(), identifier_type=identifier_type)
        c.done()
        return found

    def read_relation_type_information(self, c: Cursor) -> str | None:
        """Not in kernel 4.6: the attribute is left unread, so `Cursor.done` rejects it."""
        return None

    def read_related_identifier(self, c: Cursor) -> m.RelatedIdentifier:
        found = m.RelatedIdentifier(
            value=c.text(),
            resource_type_general=c.enum("resourceTypeGeneral", ResourceTypeGeneral),
            identifier_type=c.required_enum("relatedIdentifierType", RelatedIdentifierType),
            relation_type=c.required_enum("relationType", RelationType),
            related_metadata_scheme=c.attr("relatedMetadataScheme"),
            scheme_uri=c.attr("schemeURI"),
            scheme_type=c.attr("schemeType"),
            relation_type_information=self.read_relation_type_information(c),
        )
        c.done()
        return found

    def read_rights(self, c: Cursor) -> m.Rights:
        rights = m.Rights(
            value=c.text(),
            uri=c.attr("rightsURI"),
            identifier=c.attr("rightsIdentifier"),
            identifier_scheme=c.attr("rightsIdentifierScheme"),
            scheme_uri=c.attr("schemeURI"),
            lang=c.lang(),
        )
        c.done()
        return rights

    def read_description(self, c: Cursor) -> m.Description:
        parts = [c.text()]
        for child in c.element:
            if child.tag == qualified("br"):
                breaker = Cursor(child, f"{c.path}/br", self.version, self.vocabulary)
                breaker.done()
                parts.append("")
            elif isinstance(child.tag, str):
                c.fail(f"unexpected element in kernel-{self.version}", shown(child.tag))
            parts[-1] += child.tail or ""
        found = m.Description(
            parts=tuple(parts),
            description_type=c.required_enum("descriptionType", DescriptionType),
            lang=c.lang(),
        )
        c.all("br")
        c.done()
        return found

    def read_point(self, c: Cursor) -> m.GeoPoint:
        latitude = c.required("pointLatitude")
        longitude = c.required("pointLongitude")
        point = c.build(m.GeoPoint, latitude=latitude.decimal(), longitude=longitude.decimal())
        for done in (latitude, longitude, c):
            done.done()
        return point

    def read_box(self, c: Cursor) -> m.GeoBox:
        sides = {
            side: c.required(f"{side}Bound{axis}")
            for side, axis in (
                ("west", "Longitude"),
                ("east", "Longitude"),
                ("south", "Latitude"),
                ("north", "Latitude"),
            )
        }
        box = c.build(m.GeoBox, **{side: found.decimal() for side, found in sides.items()})
        for done in (*sides.values(), c):
            done.done()
        return box

    def read_polygon(self, c: Cursor) -> m.GeoPolygon:
        points = tuple(self.read_point(p) for p in c.all("polygonPoint"))
        inside = c.one("inPolygonPoint")
        polygon = c.build(
            m.GeoPolygon, points=points, in_point=self.read_point(inside) if inside else None
        )
        c.done()
        return polygon

    def read_geo_location(self, c: Cursor) -> m.GeoLocation:
        point = c.one("geoLocationPoint")
        box = c.one("geoLocationBox")
        location = m.GeoLocation(
            place=self.optional_text(c, "geoLocationPlace"),
            point=self.read_point(point) if point else None,
            box=self.read_box(box) if box else None,
            polygons=tuple(self.read_polygon(p) for p in c.all("geoLocationPolygon")),
        )
        c.done()
        return location

    def read_funding_reference(self, c: Cursor) -> m.FundingReference:
        funder = c.one("funderIdentifier")
        award = c.one("awardNumber")
        name = c.required("funderName")
        found = c.build(
            m.FundingReference,
            funder_name=name.nonempty_text(),
            funder_identifier=None
            if funder is None
            else m.FunderIdentifier(
                value=funder.text(),
                identifier_type=funder.required_enum("funderIdentifierType", FunderIdentifierType),
                scheme_uri=funder.attr("schemeURI"),
            ),
            award_number=None
            if award is None
            else m.AwardNumber(value=award.text(), uri=award.attr("awardURI")),
            award_title=self.optional_text(c, "awardTitle"),
        )
        for done in (name, funder, award, c):
            if done is not None:
                done.done()
        return found

    def read_related_item(self, c: Cursor) -> m.RelatedItem:
        identifier = c.one("relatedItemIdentifier")
        number = c.one("number")
        year = c.one("publicationYear")
        found = c.build(
            m.RelatedItem,
            related_item_type=c.required_enum("relatedItemType", ResourceTypeGeneral),
            relation_type=c.required_enum("relationType", RelationType),
            relation_type_information=self.read_relation_type_information(c),
            identifier=self.read_related_item_identifier(identifier) if identifier else None,
            creators=tuple(
                self.read_related_name(s, "creatorName", m.PersonName)
                for s in c.wrapped("creators", "creator")
            ),
            titles=tuple(self.read_title(s) for s in c.wrapped("titles", "title")),
            publication_year=year.year() if year else None,
            number=None
            if number is None
            else m.Number(value=number.text(), number_type=number.enum("numberType", NumberType)),
            contributors=tuple(
                self.read_related_name(
                    s,
                    "contributorName",
                    m.RelatedItemContributor,
                    contributor_type=s.required_enum("contributorType", ContributorType),
                )
                for s in c.wrapped("contributors", "contributor")
            ),
            **{
                field: self.optional_text(c, element)
                for field, element in (
                    ("volume", "volume"),
                    ("issue", "issue"),
                    ("first_page", "firstPage"),
                    ("last_page", "lastPage"),
                    ("publisher", "publisher"),
                    ("edition", "edition"),
                )
            },
        )
        for done in (year, number, c):
            if done is not None:
                done.done()
        return found

    def read_related_item_identifier(self, c: Cursor) -> m.RelatedItemIdentifier:
        found = m.RelatedItemIdentifier(
            value=c.text(),
            identifier_type=c.enum("relatedItemIdentifierType", RelatedIdentifierType),
            related_metadata_scheme=c.attr("relatedMetadataScheme"),
            scheme_uri=c.attr("schemeURI"),
            scheme_type=c.attr("schemeType"),
        )
        c.done()
        return found

    def read_related_name(self, c: Cursor, element: str, kind: Any, **extra: Any) -> Any:
        found = c.build(kind, **self.read_name(c, element), **extra)
        c.done()
        return found

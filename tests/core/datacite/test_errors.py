"""Bad input raises one error type naming the element path; it never crashes."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from sankofa.core.formats.datacite import DataCiteError, xml46, xml47
from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.vocabulary import (
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
)

HEAD = b'<resource xmlns="http://datacite.org/schema/kernel-4">'
BODY = (
    b'<identifier identifierType="DOI">10.1234/x</identifier>'
    b"<creators><creator><creatorName>A</creatorName></creator>"
    b"<creator><creatorName>B</creatorName></creator></creators>"
    b"<titles><title>T</title></titles><publisher>P</publisher>"
    b"<publicationYear>2024</publicationYear>"
    b'<resourceType resourceTypeGeneral="Dataset"/>'
)


def doc(extra: bytes = b"", body: bytes = BODY) -> bytes:
    return HEAD + body + extra + b"</resource>"


def test_minimal_document_reads() -> None:
    resource = xml46.read(doc())
    assert [c.name for c in resource.creators] == ["A", "B"]
    assert resource.resource_type == m.ResourceType(general=ResourceTypeGeneral.DATASET)


CASES = [
    (b"not xml at all", "not XML"),
    (b"", "not XML"),
    (b"\xff\xfe<", "not XML"),
    (b'<resource xmlns="http://datacite.org/schema/kernel-3"/>', "root element is not"),
    (b"<resource/>", "root element is not"),
    (
        b'<!DOCTYPE r [<!ENTITY e "x">]><resource xmlns="http://datacite.org/schema/kernel-4"/>',
        "document type declaration",
    ),
    (doc(body=BODY.replace(b"<creatorName>B</creatorName>", b"")),
     "creators/creator[2]/creatorName: missing"),
    (doc(body=BODY.replace(b"<titles><title>T</title></titles>", b"<titles/>")),
     "titles/title: missing"),
    (doc(body=BODY.replace(b"<publisher>P</publisher>", b"")), "publisher: missing"),
    (doc(body=BODY.replace(b"<publisher>P</publisher>", b"<publisher/>")), "publisher: empty"),
    (doc(body=BODY.replace(b"2024", b"24")), "publicationYear: '24' is not a four-digit year"),
    (doc(body=BODY.replace(b"Dataset", b"Datasets")),
     "resourceType/@resourceTypeGeneral: unknown value 'Datasets'"),
    (doc(body=BODY.replace(b' resourceTypeGeneral="Dataset"', b"")),
     "resourceType/@resourceTypeGeneral: missing"),
    (doc(body=BODY.replace(b' identifierType="DOI"', b"")), "identifier/@identifierType: missing"),
    (doc(body=BODY.replace(b"<creatorName>A", b'<creatorName nameType="Person">A')),
     "creators/creator[1]/creatorName/@nameType: unknown value 'Person'"),
    (doc(body=BODY + b"<publisher>Q</publisher>"), "publisher: more than one"),
    (doc(b"<colour>red</colour>"), "colour: unexpected element in kernel-4.6"),
    (doc(b'<sizes><size unit="b">1</size></sizes>'),
     "sizes/size[1]/@unit: unexpected attribute in kernel-4.6"),
    (doc(b"<sizes>loose<size>1</size></sizes>"), "sizes: unexpected text"),
    (doc(b'<dates><date dateType="Someday">2020</date></dates>'),
     "dates/date[1]/@dateType: unknown value 'Someday'"),
    (doc(b'<contributors><contributor contributorType="Editor"><contributorName/>'
         b"</contributor></contributors>"),
     "contributors/contributor[1]: contributorName is empty"),
    (doc(b'<relatedIdentifiers><relatedIdentifier relatedIdentifierType="SWHID" '
         b'relationType="IsPartOf">swh:1:dir:0</relatedIdentifier></relatedIdentifiers>'),
     "relatedIdentifiers/relatedIdentifier[1]/@relatedIdentifierType: 'SWHID' is not in "
     "kernel-4.6"),
    (doc(b'<descriptions><description descriptionType="Abstract">a<b>x</b>'
         b"</description></descriptions>"),
     "descriptions/description[1]/b: unexpected element"),
    (doc(b"<geoLocations><geoLocation><geoLocationPoint><pointLatitude>91</pointLatitude>"
         b"<pointLongitude>0</pointLongitude></geoLocationPoint></geoLocation></geoLocations>"),
     "geoLocations/geoLocation[1]/geoLocationPoint: latitude 91 is not between -90 and 90"),
    (doc(b"<geoLocations><geoLocation><geoLocationPoint><pointLatitude>north</pointLatitude>"
         b"<pointLongitude>0</pointLongitude></geoLocationPoint></geoLocation></geoLocations>"),
     "geoLocationPoint/pointLatitude: 'north' is not a number"),
    (doc(b"<geoLocations><geoLocation><geoLocationPolygon>"
         + b"<polygonPoint><pointLatitude>1</pointLatitude><pointLongitude>2</pointLongitude>"
         b"</polygonPoint>" * 3
         + b"</geoLocationPolygon></geoLocation></geoLocations>"),
     "geoLocation[1]/geoLocationPolygon[1]: a polygon has at least four points"),
    (doc(b"<fundingReferences><fundingReference><funderIdentifier funderIdentifierType="
         b'"Crossref Funder ID">x</funderIdentifier></fundingReference></fundingReferences>'),
     "fundingReferences/fundingReference[1]/funderName: missing"),
    (doc(b'<relatedItems><relatedItem relatedItemType="Book" relationType="IsPartOf">'
         b'<number numberType="Page">1</number></relatedItem></relatedItems>'),
     "relatedItems/relatedItem[1]/number/@numberType: unknown value 'Page'"),
    (doc(b'<relatedItems><relatedItem relatedItemType="Book" relationType="IsPartOf" '
         b'relationTypeInformation="x"/></relatedItems>'),
     "relatedItems/relatedItem[1]/@relationTypeInformation: unexpected attribute in kernel-4.6"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "message"), CASES)
def test_bad_input_names_the_path(data: bytes, message: str) -> None:
    with pytest.raises(DataCiteError) as caught:
        xml46.read(data)
    assert message in str(caught.value)


@pytest.mark.parametrize("data", [c[0] for c in CASES[:6]] + [b"<a", "text", None, 42])
def test_both_kernels_refuse_with_the_same_error(data: object) -> None:
    for read in (xml46.read, xml47.read):
        with pytest.raises(DataCiteError):
            read(data)  # type: ignore[arg-type]


def test_kernel_47_reads_what_46_refuses() -> None:
    swhid = doc(
        b'<relatedIdentifiers><relatedIdentifier relatedIdentifierType="SWHID" '
        b'relationType="Other" relationTypeInformation="cites code">swh:1:dir:0'
        b"</relatedIdentifier></relatedIdentifiers>"
    )
    related = xml47.read(swhid).related_identifiers[0]
    assert related.relation_type is RelationType.OTHER
    assert related.relation_type_information == "cites code"


def test_kernel_46_writer_refuses_47_values() -> None:
    resource = xml46.read(doc())
    poster = dataclasses.replace(
        resource, resource_type=m.ResourceType(general=ResourceTypeGeneral.POSTER)
    )
    with pytest.raises(DataCiteError, match=r"^resourceType/@resourceTypeGeneral: 'Poster'"):
        xml46.write(poster)
    assert b'resourceTypeGeneral="Poster"' in xml47.write(poster)
    related = m.RelatedIdentifier(
        value="10.1/x",
        identifier_type=RelatedIdentifierType.DOI,
        relation_type=RelationType.CITES,
        relation_type_information="why",
    )
    informed = dataclasses.replace(resource, related_identifiers=(related,))
    with pytest.raises(DataCiteError, match=r"relatedIdentifier\[1\]/@relationTypeInformation"):
        xml46.write(informed)
    assert b'relationTypeInformation="why"' in xml47.write(informed)


def test_the_model_refuses_what_no_kernel_allows() -> None:
    with pytest.raises(ValueError, match="at least one creator"):
        dataclasses.replace(xml46.read(doc()), creators=())
    with pytest.raises(ValueError, match=r"longitude 180\.5"):
        m.GeoPoint(latitude=Decimal(0), longitude=Decimal("180.5"))
    with pytest.raises(ValueError, match="four digits"):
        dataclasses.replace(xml46.read(doc()), publication_year=10000)


def test_validation_reports_xsd_errors() -> None:
    from sankofa.core.formats.datacite import validate
    from tests.core.datacite.kernels import KERNELS

    xsd = KERNELS[0].xsd
    assert validate.errors(doc(), xsd) == []
    assert validate.errors(b"nope", xsd)[0].startswith("not XML")
    bad = validate.errors(doc(b"<language>not a language tag</language>"), xsd)
    assert len(bad) == 1
    assert "language" in bad[0]

"""DataCite JSON: every official example and random resources read back to the same value."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from sankofa.core.formats import datacite_json
from sankofa.core.formats.datacite import DataCiteError, Resource
from sankofa.core.formats.datacite import model as m
from tests.core.datacite.kernels import KERNELS, Kernel
from tests.core.datacite.strategies import resources
from tests.core.exports.examples import EXAMPLES, IDS, LANDING, full


@pytest.mark.parametrize(("kernel", "path"), EXAMPLES, ids=IDS)
def test_example_round_trip(kernel: Kernel, path: Path) -> None:
    resource = kernel.codec.read(path.read_bytes())
    text = datacite_json.document(resource, LANDING)
    back = datacite_json.loads(text)
    assert back == resource
    assert kernel.codec.write(back) == kernel.codec.write(resource)


@settings(max_examples=150)
@given(resource=resources(KERNELS[1].codec))
def test_random_round_trip(resource: Resource) -> None:
    assert datacite_json.loads(datacite_json.document(resource)) == resource


def test_api_shape() -> None:
    attributes = json.loads(datacite_json.document(full(), LANDING))
    assert attributes["doi"] == "10.82433/B09Z-4K37"
    assert attributes["url"] == LANDING.landing_url
    assert attributes["types"] == {
        "resourceTypeGeneral": "Dataset",
        "resourceType": "Example ResourceType",
    }
    assert attributes["publicationYear"] == 2024
    creator = attributes["creators"][0]
    assert creator["nameIdentifiers"][0] == {
        "nameIdentifier": "https://orcid.org/0000-0001-5727-2427",
        "nameIdentifierScheme": "ORCID",
        "schemeUri": "https://orcid.org",
    }
    assert creator["affiliation"][0]["affiliationIdentifierScheme"] == "ROR"
    assert attributes["identifiers"] == [
        {"identifier": "12345", "identifierType": "Local accession number"}
    ]
    assert attributes["rightsList"][0]["rightsUri"].startswith("https://creativecommons.org/")
    funding = attributes["fundingReferences"][0]
    assert set(funding) >= {"funderName", "funderIdentifier", "awardNumber", "awardUri"}
    polygon = attributes["geoLocations"][0]["geoLocationPolygon"]
    assert {"polygonPoint"} == set(polygon[0])
    assert attributes["schemaVersion"] == "http://datacite.org/schema/kernel-4"


def test_coordinates_keep_their_digits() -> None:
    text = datacite_json.document(full())
    assert '"pointLatitude": 41.090' in text
    assert isinstance(
        json.loads(text)["geoLocations"][0]["geoLocationPoint"]["pointLatitude"], float
    )


def test_several_polygons_and_broken_descriptions() -> None:
    resource = full()
    geo = resource.geo_locations[0]
    two = replace(geo, polygons=geo.polygons * 2)
    described = m.Description(parts=("one", "two\nlines"), description_type="Abstract")  # type: ignore[arg-type]
    changed = replace(resource, geo_locations=(two,), descriptions=(described,))
    attributes = json.loads(datacite_json.document(changed))
    assert isinstance(attributes["geoLocations"][0]["geoLocationPolygon"][0], list)
    assert attributes["descriptions"][0]["description"] == "one\ntwo\nlines"
    assert datacite_json.loads(datacite_json.document(changed)) == changed


def test_reads_what_the_api_writes() -> None:
    api = {
        "data": {
            "id": "10.5438/abc",
            "type": "dois",
            "attributes": {
                "doi": "10.5438/abc",
                "identifiers": [{"identifier": "10.5438/abc", "identifierType": "DOI"}],
                "creators": [{"name": "Doe, Jane", "nameIdentifiers": [], "affiliation": []}],
                "titles": [{"title": "T"}],
                "publisher": "DataCite",
                "publicationYear": "2020",
                "types": {"resourceTypeGeneral": "Dataset"},
                "rightsList": [{"rightsURI": "https://example.org/licence"}],
                "geoLocations": [
                    {"geoLocationPoint": {"pointLatitude": "1.50", "pointLongitude": 2}}
                ],
            },
        }
    }
    resource = datacite_json.read(api)
    assert resource.identifier == m.Identifier(value="10.5438/abc")
    assert resource.alternate_identifiers == ()
    assert resource.publisher == m.Publisher(name="DataCite")
    assert resource.publication_year == 2020
    assert resource.rights_list[0].uri == "https://example.org/licence"
    point = resource.geo_locations[0].point
    assert point == m.GeoPoint(latitude=Decimal("1.50"), longitude=Decimal(2))


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"creators": []}, ""),
        ({"types": {"resourceTypeGeneral": "Spreadsheet"}}, "types.resourceTypeGeneral"),
        ({"titles": [{"title": 3}]}, "titles[1].title"),
        ({"publicationYear": "MMXX"}, "publicationYear"),
        ({"creators": [{"name": "X", "nameType": "Robot"}]}, "creators[1].nameType"),
        ({"geoLocations": [{"geoLocationPoint": {"pointLatitude": 91, "pointLongitude": 0}}]},
         "geoLocations[1].geoLocationPoint"),
        ({"doi": None, "identifiers": []}, "doi"),
        ({"sizes": "3 files"}, "sizes"),
    ],
)  # fmt: skip
def test_bad_input_names_the_key(change: dict[str, object], path: str) -> None:
    attributes = json.loads(datacite_json.document(full()))
    attributes.update(change)
    with pytest.raises(DataCiteError) as raised:
        datacite_json.read(attributes)
    assert raised.value.path == path


def test_not_json() -> None:
    with pytest.raises(DataCiteError, match="not JSON"):
        datacite_json.loads("{")
    with pytest.raises(DataCiteError, match="not an object"):
        datacite_json.loads("[]")

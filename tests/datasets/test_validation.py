"""Deposited metadata checked field by field (`sankofa.datasets.validation`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sankofa.core.formats import datacite_json
from sankofa.core.formats.datacite import xml47
from sankofa.datasets.errors import MetadataInvalid
from sankofa.datasets.validation import TBA, parse_metadata
from tests.conftest import SHARED

ORCID = "https://orcid.org/0000-0002-1825-0097"  # ORCID's own example, check digit 7
ROR = "https://ror.org/05dxps055"  # a real ROR id (checksum 55)
SWHID = "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505"


def attributes(**changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "creators": [
            {
                "name": "Mensah, Ama",
                "nameType": "Personal",
                "nameIdentifiers": [{"nameIdentifier": ORCID, "nameIdentifierScheme": "ORCID"}],
                "affiliation": [
                    {
                        "name": "Caltech",
                        "affiliationIdentifier": ROR,
                        "affiliationIdentifierScheme": "ROR",
                    }
                ],
            }
        ],
        "titles": [{"title": "Rainfall in Accra", "lang": "en"}, {"title": "Mvua", "lang": "sw"}],
        "publisher": {"name": "Sankofa test node"},
        "publicationYear": 2026,
        "types": {"resourceTypeGeneral": "Dataset", "resourceType": "Time series"},
        "language": "en-GB",
        "dates": [{"date": "2020-01/2020-06-30", "dateType": "Collected"}],
        "rightsList": [
            {
                "rights": "CC BY 4.0",
                "rightsIdentifier": "CC-BY-4.0",
                "rightsIdentifierScheme": "SPDX",
            },
            {"rightsUri": "https://creativecommons.org/licenses/by/4.0/legalcode"},
        ],
        "relatedIdentifiers": [
            {
                "relatedIdentifier": SWHID,
                "relatedIdentifierType": "SWHID",
                "relationType": "References",
            },
            {
                "relatedIdentifier": "10.5281/zenodo.1",
                "relatedIdentifierType": "DOI",
                "relationType": "Cites",
            },
            {
                "relatedIdentifier": "ark:12345/x6np1wh8k",
                "relatedIdentifierType": "ARK",
                "relationType": "Cites",
            },
        ],
    }
    found.update(changes)
    return found


def problems(data: Any) -> dict[str, str]:
    with pytest.raises(MetadataInvalid) as caught:
        parse_metadata(data)
    return caught.value.errors


def test_good_metadata_reads_and_a_draft_gets_a_placeholder_doi() -> None:
    resource = parse_metadata(attributes())
    assert resource.identifier.value == TBA and resource.identifier.identifier_type == "DOI"
    assert [t.value for t in resource.titles] == ["Rainfall in Accra", "Mvua"]
    assert resource.creators[0].name_identifiers[0].value == ORCID
    assert resource.related_identifiers[0].value == SWHID
    assert parse_metadata(attributes(doi="10.5072/abc")).identifier.value == "10.5072/abc"
    # what the node writes reads back the same (a draft's (:tba) included)
    written = json.loads(datacite_json.dumps(datacite_json.attributes(resource)))
    assert parse_metadata(written) == resource


def test_a_wrong_orcid_check_digit_is_named() -> None:
    creator = attributes()["creators"][0]
    creator["nameIdentifiers"][0]["nameIdentifier"] = "https://orcid.org/0000-0002-1825-0098"
    found = problems(attributes(creators=[creator]))
    assert list(found) == ["creators[0].nameIdentifiers[0].nameIdentifier"]
    assert "check digit" in found["creators[0].nameIdentifiers[0].nameIdentifier"]


def test_a_bad_ror_is_named_in_affiliations_publishers_and_funders() -> None:
    creator = attributes()["creators"][0]
    creator["affiliation"][0]["affiliationIdentifier"] = "https://ror.org/05dxps056"
    found = problems(
        attributes(
            creators=[creator],
            publisher={
                "name": "X",
                "publisherIdentifier": "0abc",
                "publisherIdentifierScheme": "ROR",
            },
            fundingReferences=[
                {"funderName": "F", "funderIdentifier": "05dxps055", "funderIdentifierType": "ROR"},
                {"funderName": "G", "funderIdentifier": "05dxps057", "funderIdentifierType": "ROR"},
            ],
        )
    )
    assert set(found) == {
        "creators[0].affiliation[0].affiliationIdentifier",
        "publisher.publisherIdentifier",
        "fundingReferences[1].funderIdentifier",
    }
    assert "checksum" in found["creators[0].affiliation[0].affiliationIdentifier"]


def test_bad_related_identifiers_swhid_doi_ark_url() -> None:
    related = [
        {
            "relatedIdentifier": "swh:1:dir:d198",
            "relatedIdentifierType": "SWHID",
            "relationType": "References",
        },
        {"relatedIdentifier": "11.1/x", "relatedIdentifierType": "DOI", "relationType": "Cites"},
        {"relatedIdentifier": "ark:/x", "relatedIdentifierType": "ARK", "relationType": "Cites"},
        {
            "relatedIdentifier": "ftp://example.org/x",
            "relatedIdentifierType": "URL",
            "relationType": "Cites",
        },
        {
            "relatedIdentifier": "anything",
            "relatedIdentifierType": "Handle",
            "relationType": "Cites",
        },
    ]
    found = problems(attributes(relatedIdentifiers=related))
    assert set(found) == {f"relatedIdentifiers[{i}].relatedIdentifier" for i in range(4)}
    assert "SWHID" in found["relatedIdentifiers[0].relatedIdentifier"]


def test_unknown_licences_are_refused() -> None:
    found = problems(
        attributes(
            rightsList=[
                {"rightsIdentifier": "CC-BY-5.0", "rightsIdentifierScheme": "SPDX"},
                {"rightsUri": "https://creativecommons.org/licenses/by/9.0/"},
                {"rightsUri": "https://spdx.org/licenses/Not-A-Licence.html"},
                {"rightsUri": "info:eu-repo/semantics/openAccess"},  # not a licence: kept
                {"rightsIdentifier": "mit"},  # SPDX ids are matched without case
            ]
        )
    )
    assert set(found) == {
        "rightsList[0].rightsIdentifier",
        "rightsList[1].rightsUri",
        "rightsList[2].rightsUri",
    }
    assert "unknown licence" in found["rightsList[0].rightsIdentifier"]


def test_bad_language_tags_and_dates() -> None:
    titles = [{"title": "A", "lang": "english"}, {"title": "B", "lang": "fr-CA"}]
    dates = [
        {"date": "2020-13-01", "dateType": "Created"},
        {"date": "2020-02-30", "dateType": "Created"},
        {"date": "/", "dateType": "Collected"},
        {"date": "2020-01-01T10:00:00Z/", "dateType": "Collected"},
        {"date": "last year", "dateType": "Issued"},
    ]
    found = problems(attributes(language="xx-yy-zz-1", titles=titles, dates=dates))
    assert set(found) == {
        "language",
        "titles[0].lang",
        "dates[0].date",
        "dates[1].date",
        "dates[2].date",
        "dates[4].date",
    }
    assert "BCP 47" in found["language"]


def test_structure_problems_are_all_collected_with_their_paths() -> None:
    data = attributes(
        titles=[{"title": "ok"}, {"titleType": "Subtitle"}, {"title": "x", "titleType": "Nope"}],
        types={"resourceType": "no general type"},
        creators=[{"name": "A"}, {"nameType": "Personal"}],
    )
    del data["publisher"]
    found = problems(data)
    assert found["titles[1].title"] == "is missing"
    assert "titles[2].titleType" in found
    assert found["types.resourceTypeGeneral"] == "is missing"
    assert found["creators[1].name"] == "is missing"
    assert "publisher" in found
    assert problems(attributes(creators=[], titles=None)).keys() >= {"creators", "titles"}
    assert problems([1, 2]) == {"": "the metadata must be a JSON object of DataCite attributes"}
    assert "creators" in problems(attributes(creators="Ama"))


def official_examples() -> list[Path]:
    return sorted((SHARED / "schemas" / "datacite-4.7" / "example").glob("*.xml"))


@pytest.mark.parametrize("path", official_examples(), ids=lambda p: p.name)
def test_official_examples_pass_except_their_made_up_identifiers(path: Path) -> None:
    """DataCite's own examples read back as they were written; two of them carry
    identifiers that are not real (a ROR id of the wrong shape, an ORCID URL twice over),
    and those are named."""
    resource = xml47.read(path.read_bytes())
    data = json.loads(datacite_json.dumps(datacite_json.attributes(resource)))
    if path.name == "datacite-example-award-v4.xml":
        assert set(problems(data)) == {
            "creators[0].nameIdentifiers[0].nameIdentifier",
            "publisher.publisherIdentifier",
        }
    elif path.name == "datacite-example-project-v4.xml":
        assert set(problems(data)) == {"contributors[4].nameIdentifiers[0].nameIdentifier"}
    else:
        assert parse_metadata(data) == resource

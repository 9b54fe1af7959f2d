"""Kernel-4.7 resources said in kernel 4.6: valid against the 4.6 XSD, nothing else lost."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sankofa.core.formats.datacite import xml46, xml47
from sankofa.core.formats.datacite.kernel46 import to_kernel46
from sankofa.core.formats.datacite.model import RelatedIdentifier
from sankofa.core.formats.datacite.validate import errors
from sankofa.core.formats.datacite.vocabulary import (
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
)
from tests.core.datacite.kernels import KERNELS

K46, K47 = KERNELS
RESOLVER = "https://node.example/"
SWHID = "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505"


@pytest.mark.parametrize("path", K47.examples, ids=lambda p: p.name)
def test_every_47_example_becomes_valid_46(path: Path) -> None:
    resource = xml47.read(path.read_bytes())
    older = to_kernel46(resource, RESOLVER)
    document = xml46.write(older)
    assert errors(document, K46.xsd) == []
    # what 4.6 can say is kept: titles, creators, dates, rights, descriptions...
    assert (older.titles, older.creators, older.dates) == (
        resource.titles,
        resource.creators,
        resource.dates,
    )
    kept = [r for r in resource.related_identifiers if r.relation_type != RelationType.OTHER]
    assert len(older.related_identifiers) <= len(kept)


def test_a_swhid_becomes_the_url_of_the_resolver_and_other_relations_go() -> None:
    base = xml47.read(K47.examples[0].read_bytes())
    resource = replace(
        base,
        resource_type=replace(base.resource_type, general=ResourceTypeGeneral.POSTER, value=""),
        related_identifiers=(
            RelatedIdentifier(
                value=SWHID,
                identifier_type=RelatedIdentifierType.SWHID,
                relation_type=RelationType.IS_SUPPLEMENTED_BY,
            ),
            RelatedIdentifier(
                value="10.1234/x",
                identifier_type=RelatedIdentifierType.DOI,
                relation_type=RelationType.OTHER,
                relation_type_information="was inspired by",
            ),
        ),
    )
    with pytest.raises(ValueError):
        xml46.write(resource)  # 4.6 has no SWHID, Other nor Poster
    older = to_kernel46(resource, RESOLVER)
    assert [(r.value, r.identifier_type) for r in older.related_identifiers] == [
        (RESOLVER + SWHID, RelatedIdentifierType.URL)
    ]
    assert older.resource_type.general == ResourceTypeGeneral.TEXT
    assert older.resource_type.value == "Poster"
    assert errors(xml46.write(older), K46.xsd) == []

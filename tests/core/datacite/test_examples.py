"""Every official DataCite example reads, writes back valid and equivalent, nothing lost."""

from __future__ import annotations

import pytest
from lxml import etree

from sankofa.core.formats.datacite import DataCiteError, validate, xml46, xml47
from tests.core.datacite.canonical import canonical
from tests.core.datacite.kernels import KERNELS, Kernel

CASES = [(k, path) for k in KERNELS for path in k.examples]
IDS = [f"{k.version}-{path.stem}" for k, path in CASES]


def test_the_examples_are_there() -> None:
    assert len(KERNELS[0].examples) == 13
    assert len(KERNELS[1].examples) == 17


@pytest.mark.parametrize(("kernel", "path"), CASES, ids=IDS)
def test_example_round_trip(kernel: Kernel, path: object) -> None:
    source = path.read_bytes()  # type: ignore[attr-defined]
    assert validate.errors(source, kernel.xsd) == []
    resource = kernel.codec.read(source)
    written = kernel.codec.write(resource)
    assert validate.errors(written, kernel.xsd) == []
    assert canonical(written) == canonical(source)
    assert kernel.codec.read(written) == resource
    assert kernel.codec.write(kernel.codec.read(written)) == written


def test_the_comparison_sees_a_loss() -> None:
    source = KERNELS[1].directory.joinpath("example", "datacite-example-full-v4.xml").read_bytes()
    for drop in ("{http://datacite.org/schema/kernel-4}awardTitle", "{*}geoLocationPolygon"):
        root = etree.fromstring(source)
        found = next(iter(root.iter(drop)))
        found.getparent().remove(found)
        assert canonical(etree.tostring(root)) != canonical(source)
    changed = source.replace(b"41.090", b"41.09")
    assert canonical(changed) != canonical(source)
    moved = source.replace(
        b'<title xml:lang="en">Example Title</title>',
        b'<title xml:lang="en-GB">Example Title</title>',
    )
    assert canonical(moved) != canonical(source)


def test_full_example_keeps_what_matters() -> None:
    path = KERNELS[1].directory / "example" / "datacite-example-full-v4.xml"
    resource = xml47.read(path.read_bytes())
    assert resource.identifier.value == "10.82433/B09Z-4K37"
    assert resource.contributors[0].name_identifiers[0].value.startswith(" https://orcid.org")
    polygon = resource.geo_locations[0].polygons[0]
    assert str(polygon.points[3].latitude) == "41.090"
    swhid = [r for r in resource.related_identifiers if r.identifier_type == "SWHID"]
    assert swhid[0].value == "swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2"
    assert resource.related_items[0].relation_type_information == (
        "Example relationTypeInformation"
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("full", "relatedIdentifiers/relatedIdentifier[17]/@relatedIdentifierType: 'RAiD'"),
        ("poster", "resourceType/@resourceTypeGeneral: 'Poster' is not in kernel-4.6"),
        ("relationtypeinformation", "relatedIdentifier[1]/@relationType: 'Other' is not in"),
    ],
)
def test_kernel_46_refuses_47_examples(name: str, reason: str) -> None:
    path = KERNELS[1].directory / "example" / f"datacite-example-{name}-v4.xml"
    with pytest.raises(DataCiteError) as caught:
        xml46.read(path.read_bytes())
    assert reason in str(caught.value)


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: k.version)
def test_written_form(kernel: Kernel) -> None:
    source = (kernel.directory / "example" / "datacite-example-full-v4.xml").read_bytes()
    written = kernel.codec.write(kernel.codec.read(source))
    assert written.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<resource ")
    assert written.count(b"xmlns=") == 1
    assert written.count(b"xmlns:xsi=") == 1
    assert b"xmlns:" not in written.replace(b"xmlns:xsi=", b"")
    assert b'<title xml:lang="fr" titleType="TranslatedTitle">' not in written
    assert b'<title titleType="TranslatedTitle" xml:lang="fr">' in written
    text = written.decode("utf-8")
    order = [text.index(f"<{name}") for name in ("identifier", "creators", "titles", "dates")]
    assert order == sorted(order)

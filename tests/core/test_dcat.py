"""DCAT-AP 3: the Turtle of every official DataCite example, and of records a node makes,
conforms to the SEMIC shapes (3.0.0, and 3.0.1 with its range constraints) checked by
pyshacl, with no violation; the full example matches its reviewed golden file.
"""

from __future__ import annotations

import os
from dataclasses import replace
from decimal import Decimal
from functools import cache

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from sankofa.core.formats import dcat
from sankofa.core.formats.datacite.model import (
    Date,
    Description,
    GeoBox,
    GeoLocation,
    Resource,
    Rights,
)
from sankofa.core.formats.datacite.vocabulary import DateType, DescriptionType
from sankofa.core.formats.record import File, Landing
from tests.conftest import SHARED
from tests.core.exports.examples import EXAMPLES, GOLDEN, IDS, LANDING, full
from tests.datasets.conftest import resource as small_resource

SHAPES = SHARED / "schemas" / "dcat-ap-3"
DCAT = "http://www.w3.org/ns/dcat#"


@cache
def shapes_300() -> Graph:
    return Graph().parse(SHAPES / "dcat-ap_3_shacl_shapes.ttl")


@cache
def shapes_301() -> Graph:
    """The 3.0.1 shapes with the range constraints published beside them.

    ``ranges.ttl`` lists, under the node shapes, a few property shapes that neither file
    defines (no ``sh:path``); pyshacl refuses such a reference, so those references are
    dropped. Every range constraint that is defined is kept.
    """
    graph = Graph().parse(SHAPES / "3.0.1" / "dcat-ap-SHACL.ttl")
    graph.parse(SHAPES / "3.0.1" / "ranges.ttl")
    dangling = [
        (s, o)
        for s, o in graph.subject_objects(ns.SH.property)
        if graph.value(o, ns.SH.path) is None
    ]
    assert len(dangling) < 10, "the ranges file changed: look at it again"
    for s, o in dangling:
        graph.remove((s, ns.SH.property, o))
    return graph


def violations(turtle: str, shapes: Graph) -> list[str]:
    data = Graph().parse(data=turtle, format="turtle")
    _, report, text = pyshacl.validate(data, shacl_graph=shapes)
    assert isinstance(report, Graph)
    found = list(report.subjects(ns.SH.resultSeverity, ns.SH.Violation))
    return [text] if found else []


def conforms(turtle: str) -> None:
    assert violations(turtle, shapes_300()) == []
    assert violations(turtle, shapes_301()) == []


@pytest.mark.parametrize(("kernel_path"), EXAMPLES, ids=IDS)
def test_official_examples_conform(kernel_path: tuple[object, object]) -> None:
    kernel, path = kernel_path
    resource = kernel.codec.read(path.read_bytes())  # type: ignore[attr-defined]
    conforms(dcat.document(resource, LANDING))


def test_the_shapes_find_violations() -> None:
    """The validator is live: a distribution without an access URL and a dataset with two
    publishers are refused by both shape sets."""
    turtle = dcat.document(full(), LANDING)
    data = Graph().parse(data=turtle, format="turtle")
    dist = next(data.subjects(ns.RDF.type, URIRef(DCAT + "Distribution")))
    data.remove((dist, URIRef(DCAT + "accessURL"), None))
    ds = next(data.subjects(ns.RDF.type, URIRef(DCAT + "Dataset")))
    data.add((ds, ns.DCTERMS.publisher, URIRef("https://ror.org/04wxnsj81")))
    broken = data.serialize(format="turtle")
    assert violations(broken, shapes_300())
    assert violations(broken, shapes_301())


def node_record(files: int) -> tuple[Resource, Landing]:
    """A record as a node publishes it: ARK landing, no DOI, no description, files."""
    resource = replace(
        small_resource(),
        language="sw",
        dates=(Date(value="1990/2020", date_type=DateType.COVERAGE),),
        rights_list=(
            Rights(value="CC0 1.0", identifier="CC0-1.0", identifier_scheme="SPDX"),
            Rights(value="Open access", uri="info:eu-repo/semantics/openAccess"),
        ),
        geo_locations=(
            GeoLocation(
                place="Accra",
                box=GeoBox(
                    west=Decimal("-0.35"),
                    east=Decimal("0.05"),
                    south=Decimal("5.5"),
                    north=Decimal("5.75"),
                ),
            ),
        ),
    )
    ark = "https://node.example.org/ark:/99999/fk4v1"
    landing = Landing(
        landing_url=ark,
        pid_url=ark,
        files=tuple(
            File(
                name=f"rain {n}%.csv",
                size=n * 10,
                sha256=f"{n:064x}",
                md5=f"{n:032x}",
                media_type="text/csv; charset=utf-8",
                download_url=f"https://node.example.org/datasets/records/1/versions/1/files/rain%20{n}%25.csv",
            )
            for n in range(1, files + 1)
        ),
    )
    return resource, landing


@pytest.mark.parametrize("files", [0, 1, 3])
def test_node_records_conform(files: int) -> None:
    resource, landing = node_record(files)
    turtle = dcat.document(resource, landing)
    conforms(turtle)
    g = Graph().parse(data=turtle, format="turtle")
    ds = URIRef(landing.landing_url)
    assert (ds, ns.RDF.type, URIRef(DCAT + "Dataset")) in g
    # no description in the metadata: the title stands in, as the shapes want one
    assert g.value(ds, ns.DCTERMS.description) == Literal("Rainfall in Accra, 1990-2020")
    assert g.value(ds, ns.DCTERMS.language) == URIRef(
        "http://publications.europa.eu/resource/authority/language/SWA"
    )
    assert g.value(ds, ns.DCTERMS.accessRights) == URIRef(
        "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
    )
    period = g.value(ds, ns.DCTERMS.temporal)
    assert g.value(period, URIRef(DCAT + "startDate")) == Literal("1990", datatype=ns.XSD.gYear)
    dists = list(g.objects(ds, URIRef(DCAT + "distribution")))
    assert len(dists) == files
    for dist in dists:
        assert g.value(dist, ns.DCTERMS.license) == URIRef("https://spdx.org/licenses/CC0-1.0")
        assert g.value(dist, URIRef(DCAT + "mediaType")) == URIRef(
            "https://www.iana.org/assignments/media-types/text/csv"
        )


def test_descriptions_and_titles_keep_their_languages() -> None:
    resource = replace(
        small_resource(),
        descriptions=(
            Description(
                parts=("Pluie", "à Accra"), description_type=DescriptionType.ABSTRACT, lang="fr"
            ),
        ),
    )
    g = Graph().parse(data=dcat.document(resource, LANDING), format="turtle")
    assert Literal("Pluie\nà Accra", lang="fr") in set(g.objects(None, ns.DCTERMS.description))


def test_full_example_matches_golden() -> None:
    produced = dcat.document(full(), LANDING).encode()
    path = GOLDEN / "full.dcat.ttl"
    if os.environ.get("SANKOFA_UPDATE_GOLDEN"):
        path.write_bytes(produced)
    assert produced == path.read_bytes()

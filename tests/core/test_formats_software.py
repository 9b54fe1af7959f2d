"""Reading software metadata files: real codemeta.json (2.0, 3.0) and CITATION.cff samples,
package manifests, precedence, and malformed files that are skipped with a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sankofa.core.formats import cff, codemeta
from sankofa.core.formats.citation import Author
from sankofa.core.formats.metadatafiles import extract
from sankofa.core.formats.software import MetadataError, SoftwareMetadata
from tests.conftest import SHARED

SAMPLES = SHARED / "data" / "codemeta"
CFF_SCHEMA = SHARED / "schemas" / "citation-file-format-1.2.0"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"no samples at {SAMPLES}")


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@needs_samples
def test_codemeta_3_sample() -> None:
    found = codemeta.read(sample("codemeta-codemeta.codemeta.json"))
    raw = json.loads(sample("codemeta-codemeta.codemeta.json"))
    assert raw["@context"] == "https://w3id.org/codemeta/3.0"
    assert found.name == raw["name"]
    assert found.version == "3.1"
    assert found.date_published == "2023-07-23"
    assert found.licenses == ("Apache-2.0",)
    assert found.keywords == ("metadata", "software")
    assert found.code_repository == "https://github.com/codemeta/codemeta"
    assert found.authors[0] == Author(given="Carl", family="Boettiger", orcid="0000-0002-1642-628X")
    assert len(found.authors) == len(raw["author"])


@needs_samples
def test_codemeta_2_samples() -> None:
    rgbif = codemeta.read(sample("ropensci-rgbif.codemeta.json"))
    assert json.loads(sample("ropensci-rgbif.codemeta.json"))["@context"].endswith("codemeta-2.0")
    assert rgbif.licenses == ("MIT",)
    assert "biodiversity" in rgbif.keywords
    assert rgbif.authors[0] == Author(given="Scott", family="Chamberlain")
    indexer = codemeta.read(sample("swh-indexer.codemeta.json"))
    assert indexer.authors == (Author(name="Software Heritage"),)  # an Organization
    assert indexer.licenses == ("GPL-3.0",)  # from https://spdx.org/licenses/GPL-3.0.html
    assert indexer.date_published == "2017-06-12"


@needs_samples
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.CITATION.cff")), ids=lambda p: p.name)
def test_every_real_citation_cff_is_read(path: Path) -> None:
    raw = yaml.safe_load(path.read_bytes())
    found, notes = cff.read(path.read_bytes())
    assert found.name == raw["title"]
    assert len(found.authors) == len(raw["authors"])
    if "preferred-citation" in raw:
        assert notes and "preferred-citation" in notes[0]
        assert found.authors[0].display != raw["preferred-citation"]["authors"][0]["family-names"]


@needs_samples
def test_citation_cff_fields() -> None:
    found, _ = cff.read(sample("iqss-dataverse.CITATION.cff"))
    assert found.authors == (
        Author(
            given="Gary",
            family="King",
            orcid="0000-0002-5327-7631",
            affiliation="Harvard University",
        ),
    )
    assert found.licenses == ("Apache-2.0",)
    assert found.identifiers == ("10.1177/0049124107306660",)
    assert found.description.startswith("Dataverse is an open source software platform")
    cff_format, _ = cff.read(sample("citation-file-format.CITATION.cff"))
    assert cff_format.date_published == "2021-08-09"
    assert "YAML" in cff_format.keywords


@pytest.mark.skipif(not CFF_SCHEMA.is_dir(), reason="no CFF schema examples")
def test_schema_examples_that_pass_are_read() -> None:
    for path in sorted((CFF_SCHEMA / "examples" / "pass").glob("*.cff")):
        found, _ = cff.read(path.read_bytes())
        assert found.name, path


PACKAGE_JSON = json.dumps(
    {
        "name": "left-pad",
        "version": "1.3.0",
        "description": "String left pad",
        "keywords": ["pad", "string"],
        "license": "WTFPL",
        "author": "Azer Koçulu <azer@example.org> (https://example.org)",
        "repository": {"type": "git", "url": "git+https://github.com/left-pad/left-pad.git"},
    }
).encode()
PYPROJECT = b"""
[project]
name = "sankofa-sample"
version = "0.1"
description = "A sample"
keywords = ["archive", "heritage"]
license = "Apache-2.0"
authors = [{name = "Ada Lovelace", email = "ada@example.org"}]
[project.urls]
Homepage = "https://example.org"
Repository = "https://example.org/git/sample"
"""
DESCRIPTION = b"""Package: taxize
Title: Taxonomic Information from Around the Web
Version: 0.10.1
Authors@R: c(
    person("Scott", "Chamberlain", role = c("aut", "cre"),
           comment = c(ORCID = "0000-0003-1444-9135")),
    person("Zachary", "Foster", role = "ctb"))
Description: Interacts with a suite of web application
    programming interfaces.
License: MIT + file LICENSE
URL: https://docs.ropensci.org/taxize/, https://github.com/ropensci/taxize
"""
SETUP_CFG = b"""[metadata]
name = oldstyle
version = attr: oldstyle.__version__
description = An old-style package
author = Grace Hopper
license = BSD-3-Clause
keywords = compilers, cobol
project_urls =
    Source = https://example.org/oldstyle
"""


def test_package_manifests() -> None:
    npm = extract({"package.json": PACKAGE_JSON}).metadata
    assert (npm.name, npm.version, npm.licenses) == ("left-pad", "1.3.0", ("WTFPL",))
    assert npm.authors == (Author(name="Azer Koçulu"),)
    assert npm.code_repository == "https://github.com/left-pad/left-pad.git"
    py = extract({"pyproject.toml": PYPROJECT}).metadata
    assert py.keywords == ("archive", "heritage") and py.url == "https://example.org"
    assert py.code_repository == "https://example.org/git/sample"
    r = extract({"DESCRIPTION": DESCRIPTION}).metadata
    assert r.name == "taxize" and r.licenses == ("MIT",)
    assert r.authors == (Author(given="Scott", family="Chamberlain", orcid="0000-0003-1444-9135"),)
    assert r.description == "Interacts with a suite of web application programming interfaces."
    assert r.code_repository == "https://github.com/ropensci/taxize"
    cfg = extract({"setup.cfg": SETUP_CFG}).metadata
    assert cfg.version == ""  # dynamic: not said
    assert cfg.keywords == ("compilers", "cobol")
    assert cfg.code_repository == "https://example.org/oldstyle"


CODEMETA = json.dumps(
    {"@context": "https://w3id.org/codemeta/3.0", "name": "From codemeta", "keywords": "a, b"}
).encode()
CFF = b"cff-version: 1.2.0\ntitle: From CFF\nversion: 2.0\nauthors:\n  - name: Team\n"


def test_precedence_codemeta_then_cff_then_packages() -> None:
    found = extract({"codemeta.json": CODEMETA, "CITATION.cff": CFF, "package.json": PACKAGE_JSON})
    assert found.sources == ("codemeta.json", "CITATION.cff", "package.json")
    assert found.metadata.name == "From codemeta"
    assert found.metadata.keywords == ("a", "b")  # a comma-separated string
    assert found.metadata.version == "2.0"  # codemeta says none: CITATION.cff's
    assert found.metadata.authors == (Author(name="Team"),)
    assert found.metadata.licenses == ("WTFPL",)  # only package.json says it


MALFORMED = {
    "codemeta.json": [
        b"{not json",
        b"[1, 2]",
        b'{"name": "no context"}',
        b"\xff\xfe\x00",
        b"[" * 100000,
    ],
    "CITATION.cff": [b"title: [unclosed", b"- a list", b"title: no version\n", b"\x00\x01"],
    "package.json": [b"{", b'"a string"'],
    "pyproject.toml": [b"[project", b"[tool.x]\na = 1\n"],
    "DESCRIPTION": [b"no field here\n", b"Title: no package\n"],
    "setup.cfg": [b"not ini", b"[options]\na = 1\n"],
}


@pytest.mark.parametrize(
    ("name", "data"), [(n, d) for n, ds in MALFORMED.items() for d in ds], ids=repr
)
def test_malformed_files_are_skipped_with_a_warning(name: str, data: bytes) -> None:
    found = extract({name: data, "CITATION.cff": CFF} if name != "CITATION.cff" else {name: data})
    assert name not in found.sources
    assert any(w.startswith(f"{name}: skipped") for w in found.warnings), found.warnings


def test_odd_but_valid_values_do_not_crash() -> None:
    odd = json.dumps(
        {
            "@context": ["https://doi.org/10.5063/schema/codemeta-2.0"],
            "name": 42,
            "author": {"@list": [{"@type": "Person", "givenName": ["A", "B"], "familyName": "C"}]},
            "license": [{"@id": "http://spdx.org/licenses/MIT"}, None],
            "keywords": [{"name": "k"}, 3, None],
            "datePublished": "not a date",
            "description": {"x": 1},
        }
    ).encode()
    found = codemeta.read(odd)
    assert found.name == "42"
    assert found.authors == (Author(given="A B", family="C"),)
    assert found.licenses == ("MIT",)
    assert found.keywords == ("k", "3")
    assert found.date_published == ""
    with pytest.raises(MetadataError):
        codemeta.read(b"null")


def test_json_round_trip() -> None:
    found = extract({"codemeta.json": CODEMETA, "CITATION.cff": CFF}).metadata
    assert SoftwareMetadata.from_json(json.loads(json.dumps(found.to_json()))) == found

"""Datasets over OAI-PMH, end to end: a live `sankofa serve` harvested by sickle and
oaipmh-scythe, every response checked against OAI-PMH.xsd, each oai_dc record against
oai_dc.xsd and each oai_datacite payload against the DataCite 4.6 XSD."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from lxml import etree
from oaipmh_scythe import Scythe
from sickle import Sickle

from sankofa.core.formats import oai_datacite
from sankofa.core.formats.datacite import validate as datacite_validate
from tests.conftest import POSTGRES_URL, ROOT, SHARED, WANTED_DATABASE
from tests.discovery.conftest import NS, _envelope_schema, _oai_dc_schema
from tests.discovery.harvest_rows import expected_rows, harvest_selectively, harvested
from tests.gitservers import free_port
from tests.nodes import start_node, stop_node

SCHEMA_46 = SHARED / "schemas" / "datacite-4.6" / "metadata.xsd"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
KERNEL4 = "http://datacite.org/schema/kernel-4"
REPOSITORY = "data.example.org"
PAGE_SIZE = 7


def check(body: bytes) -> etree._Element:
    """The parsed response after validation: the envelope (each oai_datacite payload
    stood in for by an empty oai_dc record: the envelope's wildcard is strict, and the
    shared schemas hold no oai_datacite XSD), then each metadata record by its schema."""
    root = etree.fromstring(body, etree.XMLParser(no_network=True, resolve_entities=False))
    envelope = copy.deepcopy(root)
    for metadata in envelope.iterfind(".//o:metadata", NS):
        for child in list(metadata):
            if child.tag == f"{{{oai_datacite.NAMESPACE}}}oai_datacite":
                metadata.remove(child)
                etree.SubElement(metadata, f"{{{OAI_DC}}}dc")
    schema = _envelope_schema()
    assert schema.validate(envelope), [str(e) for e in schema.error_log]
    for record in root.iterfind(".//o:metadata/*", NS):
        if record.tag == f"{{{OAI_DC}}}dc":
            dc = _oai_dc_schema()
            assert dc.validate(etree.ElementTree(record)), [str(e) for e in dc.error_log]
        else:
            check_oai_datacite(record)
    return root


def check_oai_datacite(record: etree._Element) -> None:
    wrapper = oai_datacite.NAMESPACE
    assert record.tag == f"{{{wrapper}}}oai_datacite"
    assert sorted(etree.QName(c).localname for c in record) == [
        "datacentreSymbol",
        "payload",
        "schemaVersion",
    ]
    assert all(etree.QName(c).namespace == wrapper for c in record)
    assert record.findtext(f"{{{wrapper}}}schemaVersion") == "4.6"
    payload = record.find(f"{{{wrapper}}}payload")
    assert payload is not None and len(payload) == 1
    resource = payload[0]
    errors = datacite_validate.errors(etree.tostring(resource), SCHEMA_46)
    assert errors == []


class CheckedSickle(Sickle):  # type: ignore[misc]
    def harvest(self, **kwargs: Any) -> Any:
        response = super().harvest(**kwargs)
        check(response.raw.encode("utf-8"))
        return response


class CheckedScythe(Scythe):
    def harvest(self, query: Any) -> Any:
        response = super().harvest(query)
        check(response.raw.encode("utf-8"))
        return response


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A live node holding the seeded records, and what a harvest of it must give.

    The node has a database of its own (SQLite: its file; PostgreSQL: a new database),
    so its records never meet the other tests' data."""
    home = tmp_path_factory.mktemp("oai-node")
    with own_database() as database:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SANKOFA_")}
        env |= {
            "SANKOFA_HOME": str(home),
            "SANKOFA_OAI_PAGE_SIZE": str(PAGE_SIZE),
            "SANKOFA_OAI_REPOSITORY_ID": REPOSITORY,
            "SANKOFA_OAI_ADMIN_EMAIL": "data@data.example.org",
            "SANKOFA_BASE_URL": "https://data.example.org",
            **database,
        }
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.datasets.oai_seed"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert seeded.returncode == 0, seeded.stderr[-3000:]
        rows = json.loads(seeded.stdout.strip().splitlines()[-1])
        port = free_port()
        proc = start_node(home, port, env)
        try:
            yield f"http://127.0.0.1:{port}/oai", rows
        finally:
            stop_node(proc)


@contextmanager
def own_database() -> Iterator[dict[str, str]]:
    """The environment giving the node a fresh database of its own, dropped afterwards."""
    if WANTED_DATABASE != "postgres":
        yield {}
        return
    import psycopg

    name = f"sankofa_oai_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"SANKOFA_DATABASE_URL": POSTGRES_URL.rsplit("/", 1)[0] + "/" + name}
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def oai_id(row: dict[str, Any]) -> str:
    return f"oai:{REPOSITORY}:datasets/{row['local_id']}"


def expected(rows: list[dict[str, Any]], **want: Any) -> list[tuple[Any, ...]]:
    return expected_rows(rows, oai_id, **want)


def test_sickle_harvests_every_record_in_oai_dc(node: Any) -> None:
    url, rows = node
    assert len(rows) == 23 and sum(r["deleted"] for r in rows) == 2
    got = harvested(CheckedSickle(url).ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert got == expected(rows)


@pytest.mark.parametrize(
    "want",
    [
        {"set": "community:ocean"},
        {"set": "community"},
        {"set": "type:Software"},
        {"from_": "2024-01-10T10:00:00Z", "until": "2024-01-20T10:00:00Z"},
        {"from_": "2024-03-01T10:00:00Z"},  # the withdrawals
        {"set": "type", "until": "2024-01-05T23:59:59Z"},
    ],
)
def test_selective_harvesting(node: Any, want: dict[str, str]) -> None:
    url, rows = node
    assert harvest_selectively(CheckedSickle(url), want) == expected(rows, **want)
    assert expected(rows, **want)  # each case selects something


def test_scythe_harvests_oai_datacite_with_each_records_identifier(node: Any) -> None:
    url, rows = node
    with CheckedScythe(url) as scythe:
        listed = scythe.list_records(metadata_prefix="oai_datacite", ignore_deleted=True)
        records: list[Any] = list(listed)
    shown = [r for r in rows if not r["deleted"]]
    assert [r.header.identifier for r in records] == [oai_id(r) for r in shown]
    for record, row in zip(records, shown, strict=True):
        payload = record.xml.find(f".//{{{KERNEL4}}}resource")
        identifier = payload.find(f"{{{KERNEL4}}}identifier")
        if row["doi"]:
            assert (identifier.get("identifierType"), identifier.text) == ("DOI", row["doi"])
        else:
            assert (identifier.get("identifierType"), identifier.text) == ("ARK", row["ark"])
        symbol = record.xml.findtext(f".//{{{oai_datacite.NAMESPACE}}}datacentreSymbol")
        assert symbol == REPOSITORY
    assert any(r["doi"] for r in shown) and any(not r["doi"] for r in shown)
    assert {r["access"] for r in shown} >= {"open", "restricted", "metadata_only"}


def test_identify_sets_formats_and_single_records(node: Any) -> None:
    url, rows = node
    sickle = CheckedSickle(url)
    identify = sickle.Identify()
    assert identify.deletedRecord == "persistent"
    assert identify.earliestDatestamp == "2024-01-01T10:00:00Z"
    specs = {s.setSpec for s in sickle.ListSets()}
    assert {"community", "community:ocean", "community:soil", "type", "type:Dataset"} <= specs
    assert {"type:Software", "type:Image"} <= specs
    prefixes = {f.metadataPrefix for f in sickle.ListMetadataFormats()}
    assert prefixes == {"oai_dc", "oai_datacite", "jats"}  # jats: the journals' articles
    gone = next(r for r in rows if r["deleted"])
    own = sickle.ListMetadataFormats(identifier=oai_id(gone))
    assert {f.metadataPrefix for f in own} == {"oai_dc", "oai_datacite"}
    record = sickle.GetRecord(identifier=oai_id(gone), metadataPrefix="oai_datacite")
    assert record.header.deleted and record.header.datestamp == "2024-03-01T10:00:00Z"
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_datacite", ignore_deleted=False))
    assert [h.identifier for h in headers] == [oai_id(r) for r in rows]
    with pytest.raises(Exception, match=r"idDoesNotExist|not an identifier"):
        sickle.GetRecord(identifier=f"oai:{REPOSITORY}:datasets/999999", metadataPrefix="oai_dc")


def test_a_withdrawn_new_version_uncovers_the_first_and_moves_the_datestamp(node: Any) -> None:
    url, rows = node
    (row,) = [r for r in rows if r["title"] == "Record 08"]
    record = CheckedSickle(url).GetRecord(identifier=oai_id(row), metadataPrefix="oai_dc")
    assert not record.header.deleted
    assert record.header.datestamp == "2024-03-02T10:00:00Z"  # version 2's withdrawal
    assert record.metadata["title"] == ["Record 08"]
    assert f"https://doi.org/{row['doi']}" in record.metadata["identifier"]

"""Journal articles over OAI-PMH, end to end: a live `sankofa serve` harvested by sickle,
every response checked against OAI-PMH.xsd and each oai_dc record against oai_dc.xsd; the
``jats`` records compared with the JATS stored for each article."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from lxml import etree
from sickle import Sickle

from sankofa.core.formats.article import jats, oai_dc
from sankofa.core.formats.article.xmlinput import parse
from sankofa.discovery.oai import registry
from sankofa.journals import oai
from tests.conftest import ROOT
from tests.datasets.test_oai_datasets import own_database
from tests.discovery.conftest import NS, _envelope_schema, _oai_dc_schema
from tests.discovery.harvest_rows import expected_rows, harvest_selectively, harvested
from tests.gitservers import free_port
from tests.journals.identifiers_support import SAMPLE_NAMES, sample
from tests.nodes import start_node, stop_node

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
REPOSITORY = "journals.example.org"
BASE = "https://journals.example.org"
PAGE_SIZE = 5


def check(body: bytes) -> etree._Element:
    """The parsed response after validation: the envelope (each jats payload stood in for
    by an empty oai_dc record: the envelope's wildcard is strict and the shared schemas
    hold no JATS XSD), then each oai_dc record by its schema, each jats record's root."""
    root = etree.fromstring(body, etree.XMLParser(no_network=True, resolve_entities=False))
    envelope = copy.deepcopy(root)
    for metadata in envelope.iterfind(".//o:metadata", NS):
        for child in list(metadata):
            if child.tag == f"{{{oai.JATS_NAMESPACE}}}article":
                metadata.remove(child)
                etree.SubElement(metadata, f"{{{OAI_DC}}}dc")
    schema = _envelope_schema()
    assert schema.validate(envelope), [str(e) for e in schema.error_log]
    for record in root.iterfind(".//o:metadata/*", NS):
        if record.tag == f"{{{OAI_DC}}}dc":
            dc = _oai_dc_schema()
            assert dc.validate(etree.ElementTree(record)), [str(e) for e in dc.error_log]
        else:
            assert record.tag == f"{{{oai.JATS_NAMESPACE}}}article"
    return root


class CheckedSickle(Sickle):  # type: ignore[misc]
    def harvest(self, **kwargs: Any) -> Any:
        response = super().harvest(**kwargs)
        check(response.raw.encode("utf-8"))
        return response


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A live node holding the seeded articles, and what a harvest of it must give."""
    home = tmp_path_factory.mktemp("oai-journals")
    with own_database() as database:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SANKOFA_")}
        env |= {
            "SANKOFA_HOME": str(home),
            "SANKOFA_OAI_PAGE_SIZE": str(PAGE_SIZE),
            "SANKOFA_OAI_REPOSITORY_ID": REPOSITORY,
            "SANKOFA_OAI_ADMIN_EMAIL": "oai@journals.example.org",
            "SANKOFA_BASE_URL": BASE,
            **database,
        }
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.journals.oai_journals_seed"],
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


def oai_id(row: dict[str, Any]) -> str:
    return f"oai:{REPOSITORY}:journals/{row['local_id']}"


def expected(rows: list[dict[str, Any]], **want: Any) -> list[tuple[Any, ...]]:
    return expected_rows(rows, oai_id, **want)


def test_sickle_harvests_every_article_in_oai_dc(node: Any) -> None:
    url, rows = node
    assert len(rows) >= 15 and sum(r["deleted"] for r in rows) == 2
    got = harvested(CheckedSickle(url).ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert got == expected(rows)
    identifiers = [g[0] for g in got]
    assert len(identifiers) == len(set(identifiers))


@pytest.mark.parametrize(
    "want",
    [
        {"set": "journal:ajs"},
        {"set": "journal:jfs"},
        {"set": "journal:ajs:research"},
        {"set": "journal"},
        {"from_": "2024-02-05T09:00:00Z", "until": "2024-02-10T09:00:00Z"},
        {"from_": "2024-03-01T00:00:00Z"},  # the retractions
        {"set": "journal:ajs:reviews", "until": "2024-02-12T00:00:00Z"},
    ],
)
def test_selective_harvesting(node: Any, want: dict[str, str]) -> None:
    url, rows = node
    assert harvest_selectively(CheckedSickle(url), want) == expected(rows, **want)
    assert expected(rows, **want)  # each case selects something


def test_oai_dc_carries_identifiers_source_rights_and_language(node: Any) -> None:
    url, rows = node
    row = next(r for r in rows if r["doi"] and not r["deleted"] and "journal:ajs" in r["sets"])
    record = CheckedSickle(url).GetRecord(identifier=oai_id(row), metadataPrefix="oai_dc")
    dc = record.metadata
    assert dc["identifier"] == [
        f"{BASE}/{row['ark']}",
        f"https://doi.org/{row['doi']}",
        f"{BASE}/en/journals/ajs/articles/{row['local_id']}/",
    ]
    assert dc["source"] == ["African Journal of Science", "urn:ISSN:2049-3630"]
    assert dc["publisher"] == ["Sankofa Community Press"]
    assert dc["type"] == ["Text", "info:eu-repo/semantics/article"]
    assert all(r.startswith("http") for r in dc.get("rights", [])[:1])
    assert dc["date"][0][:4].isdigit()
    no_doi = next(r for r in rows if not r["doi"] and not r["deleted"])
    other = CheckedSickle(url).GetRecord(identifier=oai_id(no_doi), metadataPrefix="oai_dc")
    assert not any("doi.org" in i for i in other.metadata["identifier"])


def _plain(element: etree._Element) -> bytes:
    """`element` with its JATS namespace taken off again, canonicalised, without the
    white space between elements (sickle parses with ``remove_blank_text``)."""
    copied = copy.deepcopy(element)
    for each in copied.iter():
        if isinstance(each.tag, str) and etree.QName(each).namespace == oai.JATS_NAMESPACE:
            each.tag = etree.QName(each).localname
        if each.text is not None and not each.text.strip():
            each.text = None
        if each.tail is not None and not each.tail.strip():
            each.tail = None
    etree.cleanup_namespaces(copied)
    return bytes(etree.tostring(copied, method="c14n"))


def test_jats_records_are_the_stored_documents_in_the_jats_namespace(node: Any) -> None:
    url, rows = node
    records = list(CheckedSickle(url).ListRecords(metadataPrefix="jats", ignore_deleted=False))
    listed = [r.header.identifier for r in records]
    # every article is listed: one without a stored JATS document gets one written
    assert listed == [oai_id(r) for r in rows]
    assert any(not r["has_jats"] for r in rows)  # some articles were left without JATS
    by_id = {oai_id(r): r for r in rows}
    checked = 0
    written = 0
    for record in records:
        row = by_id[record.header.identifier]
        if row["deleted"]:
            continue
        article = record.xml.find(f".//{{{NS['o']}}}metadata/{{{oai.JATS_NAMESPACE}}}article")
        assert article is not None
        if not row["has_jats"]:  # written from the metadata by the JATS writer
            path = "/".join(f"j:{p}" for p in ("front", "article-meta", "title-group"))
            title = article.find(f"{path}/j:article-title", {"j": oai.JATS_NAMESPACE})
            assert title is not None
            assert " ".join("".join(title.itertext()).split()) == row["title"]
            written += 1
            continue
        stored = parse(sample(row["sample"]), huge_tree=True)
        assert _plain(article) == _plain(stored)
        assert etree.QName(article[0]).namespace == oai.JATS_NAMESPACE
        checked += 1
    assert checked >= 8
    assert written == sum(not r["has_jats"] and not r["deleted"] for r in rows)


def test_identify_sets_formats_and_single_records(node: Any) -> None:
    url, rows = node
    sickle = CheckedSickle(url)
    identify = sickle.Identify()
    assert identify.deletedRecord == "persistent"
    assert identify.earliestDatestamp == "2024-02-01T09:00:00Z"
    sets = {s.setSpec: s.setName for s in sickle.ListSets()}
    assert sets["journal:ajs"] == "African Journal of Science"
    assert sets["journal:ajs:research"] == "African Journal of Science: Research"
    assert {"journal", "journal:jfs", "journal:ajs:reviews"} <= set(sets)
    prefixes = {f.metadataPrefix for f in sickle.ListMetadataFormats()}
    assert {"oai_dc", "jats"} <= prefixes
    gone = next(r for r in rows if r["deleted"])
    record = sickle.GetRecord(identifier=oai_id(gone), metadataPrefix="jats")
    assert record.header.deleted and record.header.datestamp == "2024-04-01T09:00:00Z"
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False))
    assert [h.identifier for h in headers] == [oai_id(r) for r in rows]
    with pytest.raises(Exception, match=r"idDoesNotExist|not an identifier"):
        sickle.GetRecord(identifier=f"oai:{REPOSITORY}:journals/999999", metadataPrefix="oai_dc")


def test_the_node_serves_journals_and_datasets_under_distinct_names(db: None) -> None:
    names = [s.name for s in registry.sources()]
    assert "journals" in names and len(names) == len(set(names))
    journals = next(s for s in registry.sources() if s.name == "journals")
    others = [s for s in registry.sources() if s is not journals]
    assert all(registry.identifier(s, "1") != registry.identifier(journals, "1") for s in others)
    oai.register()  # a second registration is harmless
    assert [s.name for s in registry.sources()] == names


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_oai_dc_of_every_sample_is_valid_and_complete(name: str) -> None:
    metadata = jats.read(sample(name))
    element = oai_dc.element(
        metadata, identifiers=["https://node.example/ark:99999/s1x"], ark_resolver=BASE
    )
    schema = _oai_dc_schema()
    assert schema.validate(etree.ElementTree(element)), [str(e) for e in schema.error_log]

    def values(tag: str) -> list[str]:
        return [e.text or "" for e in element.iterfind(f"{{{oai_dc.DC}}}{tag}")]

    assert len(values("creator")) == len({a.display_name for a in metadata.authors})
    assert values("title")[0].startswith(" ".join(metadata.title.split())[:20])
    assert values("identifier") == ["https://node.example/ark:99999/s1x"]
    assert values("date") == [metadata.published.iso()] if metadata.published else True
    if metadata.licence is not None and metadata.licence.url:
        assert values("rights")[0] == metadata.licence.url
    assert len(values("relation")) == len({r.identifier for r in metadata.related})
    assert all(v.startswith(("http", "urn:")) for v in values("relation"))
    assert values("subject") == list(dict.fromkeys(k.value for k in metadata.keywords))

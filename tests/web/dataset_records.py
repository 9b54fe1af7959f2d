"""Dataset records for the tests of record pages, Signposting, the ARK resolver and the
sitemap: made through the services, as a depositor would, with rich DataCite metadata."""

from __future__ import annotations

import datetime
import http.client
import json
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite import model as m
from sankofa.core.formats.datacite.vocabulary import (
    ContributorType,
    DateType,
    DescriptionType,
    FunderIdentifierType,
    NameType,
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
    TitleType,
)
from sankofa.datasets import services, visibility
from sankofa.datasets.models import Version
from tests.conftest import POSTGRES_URL, ROOT, WANTED_DATABASE
from tests.datasets.conftest import ADA, ADMIN
from tests.gitservers import free_port
from tests.nodes import start_node, stop_node
from tests.web.browser import node_env

MakeFile = Callable[[str, bytes], Path]

ORCID = "0000-0002-1825-0097"
ROR = "https://ror.org/05dxps055"
SWHID = "swh:1:dir:" + "d" * 40
RELATED_DOI = "10.5072/related-1"
RELATED_ARK = "ark:99999/s1related"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SPDX_URL = "https://spdx.org/licenses/CC0-1.0"
CSV = b"day,mm\n1,3\n2,0\n"
README = b"Rain gauges of Accra </script><b>bold</b>\n"


def rich_resource(title: str = "Rainfall in Accra, 1990-2020", *, swhid: bool = True) -> Resource:
    """Every property a landing page shows (a SWHID among the related identifiers, which
    kernel 4.6 cannot hold, unless `swhid` is false)."""
    return Resource(
        identifier=m.Identifier(value="10.5072/example"),
        creators=(
            m.Creator(
                name="Mensah, Ama",
                name_type=NameType.PERSONAL,
                given_name="Ama",
                family_name="Mensah",
                name_identifiers=(
                    m.NameIdentifier(
                        value=f"https://orcid.org/{ORCID}",
                        scheme="ORCID",
                        scheme_uri="https://orcid.org",
                    ),
                ),
                affiliations=(
                    m.Affiliation(
                        name="University of Ghana",
                        identifier=ROR,
                        identifier_scheme="ROR",
                        scheme_uri="https://ror.org",
                    ),
                ),
            ),
            m.Creator(name="Ghana Meteorological Agency", name_type=NameType.ORGANIZATIONAL),
        ),
        titles=(
            m.Title(value=title, lang="en"),
            m.Title(
                value="Précipitations à Accra", lang="fr", title_type=TitleType.TRANSLATED_TITLE
            ),
            m.Title(value="هطول الأمطار في أكرا", lang="ar", title_type=TitleType.TRANSLATED_TITLE),
        ),
        publisher=m.Publisher(name="Sankofa test node"),
        publication_year=2026,
        resource_type=m.ResourceType(general=ResourceTypeGeneral.DATASET, value="Time series"),
        subjects=(m.Subject(value="rainfall", lang="en"), m.Subject(value="climatology")),
        contributors=(
            m.Contributor(
                name="Owusu, Kofi",
                contributor_type=ContributorType.DATA_CURATOR,
            ),
        ),
        dates=(m.Date(value="1990/2020", date_type=DateType.COLLECTED),),
        language="en",
        related_identifiers=(
            *(
                (
                    m.RelatedIdentifier(
                        value=SWHID,
                        identifier_type=RelatedIdentifierType.SWHID,
                        relation_type=RelationType.IS_COMPILED_BY,
                    ),
                )
                if swhid
                else ()
            ),
            m.RelatedIdentifier(
                value=RELATED_DOI,
                identifier_type=RelatedIdentifierType.DOI,
                relation_type=RelationType.IS_CITED_BY,
            ),
            m.RelatedIdentifier(
                value=RELATED_ARK,
                identifier_type=RelatedIdentifierType.ARK,
                relation_type=RelationType.IS_SUPPLEMENT_TO,
            ),
        ),
        sizes=("2 files",),
        formats=("text/csv",),
        version="1.0",
        rights_list=(
            m.Rights(value="Creative Commons Attribution 4.0", uri=LICENCE_URL),
            m.Rights(value="CC0", identifier="CC0-1.0", identifier_scheme="SPDX"),
        ),
        descriptions=(
            m.Description(
                parts=("Daily rainfall at three gauges.",),
                description_type=DescriptionType.ABSTRACT,
            ),
        ),
        geo_locations=(
            m.GeoLocation(
                place="Accra",
                point=m.GeoPoint(latitude=Decimal("5.6037"), longitude=Decimal("-0.1870")),
            ),
        ),
        funding_references=(
            m.FundingReference(
                funder_name="Research Council",
                funder_identifier=m.FunderIdentifier(
                    value="https://ror.org/05dxps055", identifier_type=FunderIdentifierType.ROR
                ),
                award_number=m.AwardNumber(value="RC-42"),
            ),
        ),
    )


def publish(
    make_file: MakeFile,
    *,
    title: str = "Rainfall in Accra, 1990-2020",
    access: str = "open",
    embargo: datetime.date | None = None,
    files: dict[str, bytes] | None = None,
    swhid: bool = True,
) -> Version:
    """A published version by ADA with two files (a CSV and a README)."""
    draft = services.create_draft(ADA)
    services.set_metadata(ADA, draft.pk, rich_resource(title, swhid=swhid))
    for name, content in (
        files if files is not None else {"rain.csv": CSV, "README.txt": README}
    ).items():
        services.add_file(ADA, draft.pk, name, make_file(name, content))
    if access != "open":
        visibility.set_access(ADA, draft.pk, access, embargo)
    return Version.objects.get(pk=services.publish(ADA, draft.pk).pk)


def new_version(make_file: MakeFile, version: Version, title: str) -> Version:
    draft = services.new_version(ADA, version.record_id)
    services.set_metadata(ADA, draft.pk, rich_resource(title))
    return Version.objects.get(pk=services.publish(ADA, draft.pk).pk)


def withdraw(version: Version, reason: str = "Consent was withdrawn.") -> Version:
    services.withdraw(ADMIN, version.pk, reason)
    return Version.objects.get(pk=version.pk)


# A live node with datasets, for clients that speak HTTP (Signposting, ARK resolvers)

SEED = """
import json, sys
from pathlib import Path
from sankofa.cli.main import setup_django
setup_django()
from tests.web import dataset_records as d

uploads = Path(sys.argv[1])
uploads.mkdir(parents=True, exist_ok=True)
def make_file(name, content):
    path = uploads / name
    path.write_bytes(content)
    return path

def named(version):
    return {"record": version.record_id, "number": version.number, "ark": version.ark,
            "concept": version.record.ark}

first = d.publish(make_file)
second = d.new_version(make_file, first, "Rainfall, corrected")
gone = d.publish(make_file, title="Withdrawn rain")
d.withdraw(gone)
restricted = d.publish(make_file, title="Restricted rain", access="restricted")
print(json.dumps({"open": named(first), "second": named(second), "withdrawn": named(gone),
                  "restricted": named(restricted)}))
"""


@dataclass
class DatasetNode:
    """A live `sankofa serve` whose SANKOFA_BASE_URL is its own address, with records."""

    port: int
    records: dict[str, dict[str, Any]]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) of one GET, redirects not followed."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()


@contextmanager
def _database() -> Iterator[str | None]:
    """None on the SQLite tier (the node's own file), else a fresh PostgreSQL database."""
    if WANTED_DATABASE != "postgres":
        yield None
        return
    import psycopg

    name = f"sankofa_datasets_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def dataset_node(base: Path) -> Iterator[DatasetNode]:
    """Seed a node's database through the services (`SEED`), then serve it."""
    port = free_port()
    with _database() as database:
        env = node_env(base / "home", database, SANKOFA_BASE_URL=f"http://127.0.0.1:{port}")
        env["SANKOFA_HOME"] = str(base / "home")
        seeded = subprocess.run(
            [sys.executable, "-c", SEED, str(base / "uploads")],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if seeded.returncode != 0:
            raise RuntimeError(f"seeding the node failed: {seeded.stderr[-3000:]}")
        records = json.loads(seeded.stdout.strip().splitlines()[-1])
        proc = start_node(base / "home", port, env)
        try:
            yield DatasetNode(port, records)
        finally:
            stop_node(proc)

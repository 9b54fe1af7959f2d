"""Rows for the identifier and harvesting tests (A7): journals made with the ORM and
articles published through `store_article` from the JATS samples in SHARED."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sankofa.core.actors import Actor
from sankofa.core.formats.article import jats
from sankofa.journals.articles import store_article
from sankofa.journals.models import Article, Journal, Section
from tests.conftest import SHARED

OPERATOR = Actor.operator("test")
SAMPLES = SHARED / "data" / "jats"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.xml"))


def make_journal(slug: str = "ajs", **fields: Any) -> Journal:
    values: dict[str, Any] = {
        "title": {"en": "African Journal of Science", "fr": "Revue africaine des sciences"},
        "primary_language": "en",
        "languages": ["en", "fr"],
        "issn_online": "2049-3630",
        "publisher": "Sankofa Community Press",
        "depositor_name": "AJS editorial office",
        "depositor_email": "office@ajs.example.org",
    }
    values.update(fields)
    return Journal.objects.create(slug=slug, **values)


def make_section(journal: Journal, slug: str, title: str) -> Section:
    return Section.objects.create(journal=journal, slug=slug, title={"en": title})


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def publish(
    journal: Journal,
    name: str,
    *,
    with_jats: bool = True,
    keep_doi: bool = False,
    section: Section | None = None,
    published: datetime | None = None,
    doi_state: str = "",
) -> Article:
    """Publish the sample `name` in `journal` as the operator (its own DOI dropped unless
    `keep_doi`, so the journal mints one)."""
    data = sample(name)
    metadata = jats.read(data)
    if not keep_doi:
        metadata = replace(metadata, doi=None)
    return store_article(
        OPERATOR,
        journal,
        metadata,
        jats=data if with_jats else None,
        section=section,
        published=published,
        doi_state=doi_state,
    )

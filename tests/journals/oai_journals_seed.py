"""Fill a node's database with journal articles for the OAI-PMH tests, through the services.

Run as ``python -m tests.journals.oai_journals_seed`` with the node's environment
(SANKOFA_HOME, SANKOFA_DATABASE_URL); prints, as JSON, what a harvest must give: one
entry per article (local id, datestamp, sets, deleted, title, has JATS, ARK, DOI), in key
order.

Two journals: ``ajs`` (sections ``research`` and ``reviews``) and ``jfs`` (no section).
Article n (one per JATS sample) has its datestamp at 2024-02-(n+1) 09:00:00 UTC (set
afterwards: publication stamps the present); every third article has no JATS document;
articles 4 and 11 are retracted on 2024-04-01 09:00:00 UTC; articles 0-5 have registered
DOIs.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any


def main() -> None:
    from sankofa.cli.main import setup_django

    setup_django()
    from sankofa.journals.models import Article
    from tests.journals.identifiers_support import (
        SAMPLE_NAMES,
        make_journal,
        make_section,
        publish,
    )

    ajs = make_journal("ajs")
    jfs = make_journal(
        "jfs", title={"en": "Journal of Field Studies"}, issn_online="", issn_print="0378-5955"
    )
    sections = [make_section(ajs, "research", "Research"), make_section(ajs, "reviews", "Reviews")]
    retracted_at = datetime(2024, 4, 1, 9, 0, tzinfo=UTC)
    rows: list[dict[str, Any]] = []
    for n, name in enumerate(SAMPLE_NAMES):
        journal = jfs if n % 4 == 3 else ajs
        section = sections[n % 2] if journal is ajs and n % 3 != 1 else None
        article = publish(journal, name, with_jats=n % 3 != 2, section=section)
        stamp = datetime(2024, 2, n + 1, 9, 0, tzinfo=UTC)
        changes: dict[str, Any] = {"published": stamp, "updated": stamp}
        if n < 6:
            changes |= {"doi": f"10.5555/{journal.slug}.{article.pk}", "doi_state": "registered"}
        if n in (4, 11):
            changes |= {"state": Article.State.RETRACTED, "updated": retracted_at}
        Article.objects.filter(pk=article.pk).update(**changes)
        article.refresh_from_db()
        sets = ["journal", f"journal:{journal.slug}"]
        if section is not None:
            sets.append(f"journal:{journal.slug}:{section.slug}")
        rows.append(
            {
                "local_id": str(article.pk),
                "datestamp": article.updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "sets": sets,
                "deleted": article.state == Article.State.RETRACTED,
                "title": " ".join(article.title.split()),
                "has_jats": bool(article.jats_sha256),
                "ark": article.ark,
                "doi": article.doi,
                "sample": name,
            }
        )
    print(json.dumps(sorted(rows, key=lambda r: int(r["local_id"]))))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sankofa.settings")
    main()

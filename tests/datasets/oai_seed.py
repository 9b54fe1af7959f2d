"""Fill a node's database with dataset records for the OAI-PMH tests, through the services.

Run as ``python -m tests.datasets.oai_seed`` with the node's environment (SANKOFA_HOME,
SANKOFA_DATABASE_URL); prints, as JSON, what a harvest must give: one entry per listed
record (local id, datestamp, sets, deleted, title, identifier type), in key order.

Record n is published at 2024-01-(n+1) 10:00:00 UTC (set afterwards: publication stamps
the present); withdrawals happen on 2024-03-01 10:00:00 UTC. Records 0-9 get DOIs (the
DataCite settings are set for them; the node itself has none, so no job reaches out).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any


def main() -> None:
    from sankofa.cli.main import setup_django

    setup_django()
    from django.conf import settings

    from sankofa.core.actors import Actor
    from sankofa.core.formats.datacite.vocabulary import ResourceTypeGeneral
    from sankofa.datasets import services, visibility
    from sankofa.datasets.models import Record, Version
    from tests.datasets.conftest import ADA, ADMIN, resource

    operator = Actor.operator("seed")
    ocean = services.create_community(operator, "ocean", "Ocean data")
    soil = services.create_community(operator, "soil", "Soil data")
    types = [ResourceTypeGeneral.DATASET, ResourceTypeGeneral.SOFTWARE, ResourceTypeGeneral.IMAGE]
    withdraw_at = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    for n in range(24):
        with_dois = n < 10
        for name in ("URL", "USER", "PASSWORD", "PREFIX"):
            value = {"URL": "http://127.0.0.1:9", "PREFIX": "10.5072"}.get(name, "seed")
            setattr(settings, f"SANKOFA_DATACITE_{name}", value if with_dois else "")
        community = [None, ocean, soil][n % 3]
        draft = services.create_draft(ADA, community)
        base = resource(f"Record {n:02d}", 2020 + n % 5)
        kind = replace(base.resource_type, general=types[n % 3])
        services.set_metadata(ADA, draft.pk, replace(base, resource_type=kind))
        if n % 4 == 1:
            visibility.set_access(ADA, draft.pk, ["restricted", "metadata_only"][n // 4 % 2])
        if n == 23:
            continue  # a draft: not listed
        version = services.submit(ADA, draft.pk)
        stamp = datetime(2024, 1, n + 1, 10, 0, tzinfo=UTC)
        Version.objects.filter(pk=version.pk).update(published_at=stamp)
        if n in (5, 17):  # withdrawn: a deleted record
            services.withdraw(ADMIN, version.pk, "test withdrawal")
            Version.objects.filter(pk=version.pk).update(withdrawn_at=withdraw_at)
        if n == 8:  # a second version, later withdrawn: the first shows again
            v2 = services.new_version(ADA, version.record_id)
            v2 = services.submit(ADA, v2.pk)
            Version.objects.filter(pk=v2.pk).update(published_at=stamp.replace(day=20))
            services.withdraw(ADMIN, v2.pk, "wrong file")
            Version.objects.filter(pk=v2.pk).update(withdrawn_at=withdraw_at.replace(day=2))
    rows: list[dict[str, Any]] = []
    for record in Record.objects.filter(latest__isnull=False).select_related("latest", "community"):
        latest = record.latest
        assert latest is not None
        stamps = [v.withdrawn_at or v.published_at for v in record.versions.all() if v.published_at]
        sets = []
        if record.community is not None:
            sets += ["community", f"community:{record.community.slug}"]
        sets += ["type", f"type:{latest.resource_type_general}"]
        rows.append(
            {
                "local_id": str(record.pk),
                "datestamp": max(s for s in stamps if s).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "sets": sets,
                "deleted": latest.state == "withdrawn",
                "title": latest.title,
                "doi": latest.doi,
                "ark": latest.ark,
                "access": latest.access,
            }
        )
    print(json.dumps(sorted(rows, key=lambda r: int(r["local_id"]))))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sankofa.settings")
    main()

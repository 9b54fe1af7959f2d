"""Deposit API objects for the OpenAPI run (tests/api/test_openapi.py): a depositor and
curator with a token, and for each operation that changes something its own pool of
records, versions and files, so that every operation can succeed at least once."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from tests.api.test_datasets_deposit import METADATA

from sankofa.accounts.models import User
from sankofa.accounts.roles import actor_for, grant_role
from sankofa.accounts.tokens import create_token
from sankofa.core.actors import Actor
from sankofa.datasets import services, validation
from sankofa.datasets.models import Version

OPERATOR = Actor.operator("test")
V = "/datasets/versions/{version_id}"


def make() -> tuple[dict[str, str], dict[str, list[Any]]]:
    """(the bearer header, real values by parameter name or "<METHOD> <path>:<name>")."""
    user = User.objects.create_user(
        "depositor@example.org", "a long pass phrase", email_verified=timezone.now()
    )
    for role in ("depositor", "curator"):
        grant_role(OPERATOR, user, role)
    actor = actor_for(user)
    token = create_token(OPERATOR, user).text
    resource = validation.parse_metadata(METADATA)

    def draft(*files: str) -> Version:
        version = services.create_draft(actor)
        services.set_metadata(actor, version.pk, resource)
        for name in files:
            services.add_file(actor, version.pk, name, io.BytesIO(name.encode()))
        return version

    def published() -> Version:
        return services.publish(actor, draft("data.csv").pk)

    shown = published()
    edited = draft("data.csv")
    job = services.start_fetch(actor, edited.pk, "https://example.org/fetched.csv")

    def ids(count: int) -> list[int]:
        return [draft().pk for _ in range(count)]

    later = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    values: dict[str, list[Any]] = {
        "record_id": [shown.record_id],
        "version_id": [shown.pk, edited.pk],
        "name": ["data.csv"],
        "job_id": [job.pk],
        "POST /datasets/records/{record_id}/versions/:record_id": [
            published().record_id for _ in range(3)
        ],
        f"DELETE {V}/:version_id": ids(3),
        f"POST {V}/submit:version_id": ids(3),
        f"POST {V}/publish:version_id": ids(3),
        f"POST {V}/withdraw:version_id": [published().pk for _ in range(3)],
        f"PUT {V}/metadata:version_id": [edited.pk],
        f"PUT {V}/access:version_id": [edited.pk],
        f"POST {V}/files:version_id": [edited.pk],
        f"PUT {V}/files/{{name}}:version_id": [edited.pk],
        f"PUT {V}/files/{{name}}:name": [f"new-{i}.bin" for i in range(5)],
        f"DELETE {V}/files/{{name}}:version_id": [draft(*(f"x{i}" for i in range(5))).pk],
        f"DELETE {V}/files/{{name}}:name": [f"x{i}" for i in range(5)],
        "POST /datasets/records/:body": [{"metadata": METADATA}, {}],
        f"PUT {V}/metadata:body": [METADATA],
        f"PUT {V}/access:body": [
            {"access": "open"},
            {"access": "embargoed", "embargo_until": later},
        ],
        f"POST {V}/files:body": [{"url": "https://example.org/rain.csv"}],
        f"POST {V}/withdraw:body": [{"reason": "a test of the API"}],
        f"PUT {V}/files/{{name}}:body": [b"some bytes"],
    }
    return {"Authorization": f"Bearer {token}"}, values

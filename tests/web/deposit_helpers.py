"""Shared by the deposit page tests: people with roles, signed-in clients, form data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client
from django.utils import timezone

from sankofa.accounts.models import RoleAssignment, User

PASSWORD = "a long pass phrase"
VALID_ORCID = "0000-0002-1825-0097"
BAD_ORCID = "0000-0002-1825-0098"
VALID_ROR = "05dxps055"
SWHID = "swh:1:dir:" + "d198bc9d7a6bcf6db04f476d29314f157507d505"


def person(email: str, *roles: str, scope: str = "") -> User:
    user = User.objects.create_user(email, PASSWORD, email_verified=timezone.now())
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role, scope=scope)
    return user


def signed_in(email: str, *roles: str, scope: str = "") -> Client:
    client = Client()
    client.force_login(person(email, *roles, scope=scope))
    return client


def management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "100",
    }


def metadata_form(**overrides: Any) -> dict[str, str]:
    """A complete, valid submission of the draft's metadata form."""
    data: dict[str, str] = {
        "action": "metadata",
        **management("titles", 2),
        "titles-0-title": "Rainfall in Accra, 1990-2020",
        "titles-0-lang": "en",
        "titles-0-title_type": "",
        "titles-1-title": "Pluviométrie à Accra",
        "titles-1-lang": "fr",
        "titles-1-title_type": "TranslatedTitle",
        **management("creators", 2),
        "creators-0-name": "",
        "creators-0-name_type": "Personal",
        "creators-0-given_name": "Ama",
        "creators-0-family_name": "Mensah",
        "creators-0-orcid": VALID_ORCID,
        "creators-0-affiliation": "University of Ghana",
        "creators-0-ror": VALID_ROR,
        "creators-1-name": "Ghana Meteorological Agency",
        "creators-1-name_type": "Organizational",
        **management("related", 1),
        "related-0-identifier": SWHID,
        "related-0-identifier_type": "SWHID",
        "related-0-relation_type": "IsSupplementedBy",
        **management("funding", 1),
        "funding-0-funder_name": "Example Research Council",
        "funding-0-funder_identifier": "https://ror.org/05dxps055",
        "funding-0-award_number": "GH-2024-17",
        **management("dates", 1),
        "dates-0-date": "1990-01-01/2020-12-31",
        "dates-0-date_type": "Collected",
        **management("places", 1),
        "places-0-place": "Accra",
        "places-0-latitude": "5.6037",
        "places-0-longitude": "-0.1870",
        "publisher": "Sankofa test node",
        "publication_year": "2026",
        "resource_type_general": "Dataset",
        "resource_type": "Time series",
        "description": "Daily rainfall at three stations.",
        "description_lang": "en",
        "subjects": "rainfall\nWest Africa\n",
        "language": "en",
        "version": "1.0",
        "licence": "CC-BY-4.0",
        "licence_other": "",
    }
    data.update(overrides)
    return data


def write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path

"""DOIs of dataset records and versions at DataCite, when the node has a DataCite account.

With ``SANKOFA_DATACITE_URL``, ``_USER``, ``_PASSWORD`` and ``_PREFIX`` set, every draft
gets a version DOI and a new record a concept DOI, chosen here in the draft's transaction
(`assign_dois`): ``<prefix>/xxxx-xxxxc``, eight random betanumeric characters and an NCDA
check character, never given twice (both DOI columns are unique). Talking to DataCite is
left to jobs that run after commit (`sankofa.datasets.doi_tasks`), so an outage never
blocks a deposit or a publication: the job is tried again later.

Every job sends the *current* state of its DOIs, read from the database when it runs,
so jobs are idempotent and their order does not matter:

| version        | DataCite event                               | url                 |
|----------------|----------------------------------------------|---------------------|
| draft, review  | none (draft)                                 | none                |
| published      | ``publish``                                  | its ARK URL         |
| withdrawn      | ``hide`` (findable), ``register`` (draft)    | its ARK: tombstone  |

A findable DOI is never deleted (DataCite's rule): a withdrawn version's DOI is hidden
from DataCite's search and still resolves, to the tombstone page. The concept DOI
resolves to the record's ARK (the latest version) with the latest version's metadata;
it is hidden when every version is withdrawn. A job that succeeds records the state
DataCite answered in ``Version.doi_state``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core import checks
from django.db import IntegrityError, transaction

from sankofa.core.formats import datacite_rest
from sankofa.core.formats.datacite import Resource
from sankofa.core.formats.datacite.model import Identifier, RelatedIdentifier
from sankofa.core.formats.datacite.vocabulary import RelatedIdentifierType, RelationType
from sankofa.core.identifiers.ark import BETANUMERIC, ncda_check_character
from sankofa.datasets import links
from sankofa.datasets.datacite_client import (
    DataCiteAccount,
    DataCiteClient,
    DataCiteRefused,
)
from sankofa.datasets.models import Record, Version

__all__ = [
    "Wanted",
    "account",
    "assign_dois",
    "check_datacite_settings",
    "new_doi",
    "reserve",
    "sync",
]

SETTINGS = ("SANKOFA_DATACITE_URL", "SANKOFA_DATACITE_USER", "SANKOFA_DATACITE_PASSWORD")
_PREFIX = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*\Z")
BLADE_WIDTH = 8
MAX_ATTEMPTS = 10
OPEN_STATES = (Version.State.DRAFT, Version.State.IN_REVIEW)

# the random source of suffixes (tests replace it to force collisions)
randbelow: Callable[[int], int] = secrets.randbelow


def account() -> DataCiteAccount | None:
    """The DataCite account of the node, or None when DOIs are off (not fully configured)."""
    values = [str(getattr(settings, name, "") or "") for name in SETTINGS]
    prefix = str(getattr(settings, "SANKOFA_DATACITE_PREFIX", "") or "")
    if not all(values) or not prefix:
        return None
    url, user, password = values
    timeout = float(getattr(settings, "SANKOFA_DATACITE_TIMEOUT", 30.0))
    return DataCiteAccount(url.rstrip("/"), user, password, prefix, timeout)


def check_datacite_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check: the DataCite settings are all set or all unset, and the prefix is one."""
    names = (*SETTINGS, "SANKOFA_DATACITE_PREFIX")
    given = [name for name in names if getattr(settings, name, "")]
    if not given:
        return []
    missing = [name for name in names if name not in given]
    if missing:
        return [
            checks.Error(
                f"DataCite is half configured: {', '.join(given)} set but "
                f"{', '.join(missing)} not, so the node registers no DOI",
                hint="Set all four SANKOFA_DATACITE_* settings, or none (DOIs off).",
                id="sankofa.E302",
            )
        ]
    prefix = str(settings.SANKOFA_DATACITE_PREFIX)
    if not _PREFIX.match(prefix):
        return [
            checks.Error(
                f"SANKOFA_DATACITE_PREFIX {prefix!r} is not a DOI prefix",
                hint="Use the prefix of your DataCite repository, such as 10.5072.",
                id="sankofa.E302",
            )
        ]
    return []


def new_doi(prefix: str) -> str:
    """A fresh random DOI under `prefix`, such as ``10.5072/b3k9-xq2fz`` (not checked as
    unused): eight betanumeric characters and the NCDA check character of prefix/blade."""
    blade = "".join(BETANUMERIC[randbelow(len(BETANUMERIC))] for _ in range(BLADE_WIDTH))
    check = ncda_check_character(f"{prefix}/{blade}")
    return f"{prefix}/{blade[:4]}-{blade[4:]}{check}"


def assign_dois(version: Version) -> bool:
    """Give a new draft its version DOI, and its record a concept DOI if it has none yet
    (called in the draft's transaction); False when DOIs are off or both exist."""
    found = account()
    if found is None or version.doi_state == Version.DoiState.EXTERNAL:
        return False  # off, or a DOI someone else registered: not this node's to manage
    changed = False
    if not version.record.doi:
        _assign(version.record, found.prefix)
        changed = True
    if not version.doi:
        _assign(version, found.prefix)
        changed = True
    return changed


def _assign(obj: Record | Version, prefix: str) -> None:
    for _ in range(MAX_ATTEMPTS):
        candidate = new_doi(prefix)
        if _taken(candidate):
            continue
        obj.doi = candidate
        try:
            with transaction.atomic():
                obj.save(update_fields=["doi"])
        except IntegrityError:
            continue
        return
    raise RuntimeError(f"no unused DOI under {prefix} after {MAX_ATTEMPTS} attempts")


def _taken(doi: str) -> bool:
    return (
        Version.objects.filter(doi__iexact=doi).exists()
        or Record.objects.filter(doi__iexact=doi).exists()
    )


@dataclass(frozen=True)
class Wanted:
    """The state a DOI should have at DataCite: its event, url and kernel-4.6 XML."""

    doi: str
    event: datacite_rest.Event | None = None
    url: str | None = None
    xml: bytes | None = None

    def document(self) -> dict[str, Any]:
        return datacite_rest.body(
            self.doi, event=self.event, url=self.url, xml=self.xml, with_id=True
        )


def _xml(resource: Resource | None, doi: str) -> bytes | None:
    """Kernel-4.6 XML of `resource` naming `doi` as its identifier (None without metadata)."""
    if resource is None:
        return None
    named = replace(resource, identifier=Identifier(value=doi, identifier_type="DOI"))
    return datacite_rest.kernel46(named, links.absolute("/"))


def _hiding_event(client: DataCiteClient, doi: str) -> datacite_rest.Event | None:
    """What makes a DOI registered (resolving, not findable) from its state at DataCite."""
    state = datacite_rest.state_of(client.get(doi))
    if state == "findable":
        return "hide"
    if state == "registered":
        return None
    return "register"  # a draft, or a DOI DataCite does not have yet


def wanted_version(version: Version, client: DataCiteClient) -> Wanted:
    assert version.doi is not None
    xml = _xml(version.resource(), version.doi)
    if version.state in OPEN_STATES:
        return Wanted(version.doi, xml=xml)
    url = links.landing_url(version)
    if version.state == Version.State.PUBLISHED:
        return Wanted(version.doi, "publish", url, xml)
    return Wanted(version.doi, _hiding_event(client, version.doi), url, xml)


def wanted_concept(record: Record, client: DataCiteClient) -> Wanted | None:
    """The concept DOI's state: the latest version's metadata, resolving to the record."""
    if not record.doi:
        return None
    latest = record.latest
    if latest is None:
        draft = record.versions.filter(state__in=OPEN_STATES).first()
        return Wanted(record.doi, xml=_xml(draft.resource() if draft else None, record.doi))
    xml = _xml(_concept_resource(record, latest), record.doi)
    url = links.record_url(record)
    if latest.state == Version.State.PUBLISHED:
        return Wanted(record.doi, "publish", url, xml)
    return Wanted(record.doi, _hiding_event(client, record.doi), url, xml)


def _concept_resource(record: Record, latest: Version) -> Resource | None:
    """The latest version's metadata as the concept's: ``HasVersion`` each version DOI."""
    resource = latest.resource()
    if resource is None:
        return None
    own = {v.lower() for v in (record.doi, record.ark) if v}
    kept = tuple(
        r
        for r in resource.related_identifiers
        if not (r.relation_type == RelationType.IS_VERSION_OF and r.value.lower() in own)
    )
    versions = record.versions.filter(doi__isnull=False, published_at__isnull=False)
    has_versions = tuple(
        RelatedIdentifier(
            value=doi,
            identifier_type=RelatedIdentifierType.DOI,
            relation_type=RelationType.HAS_VERSION,
        )
        for doi in versions.order_by("number").values_list("doi", flat=True)
        if doi
    )
    return replace(resource, related_identifiers=kept + has_versions)


def _client() -> DataCiteClient | None:
    found = account()
    return DataCiteClient(found) if found is not None else None


def _store_state(version_id: int, state: str | None, *, only_if_none: bool = False) -> None:
    if state not in Version.DoiState.values or not state:
        return
    rows = Version.objects.filter(pk=version_id)
    if only_if_none:
        rows = rows.filter(doi_state=Version.DoiState.NONE)
    version = rows.first()
    if version is not None and version.doi_state != state:
        version.doi_state = state
        version.save(update_fields=["doi_state"])


def managed(version: Version) -> bool:
    """Whether `version` has a DOI this node registers (not one registered elsewhere)."""
    return bool(version.doi) and version.doi_state != Version.DoiState.EXTERNAL


def reserve(version_id: int) -> dict[str, Any]:
    """Reserve a draft's DOIs (``POST /dois``, no event: state draft); the concept DOI
    too. Past the draft stage (or reserved already) this is `sync`."""
    client = _client()
    version = Version.objects.select_related("record").filter(pk=version_id).first()
    if client is None or version is None or not managed(version) or version.doi is None:
        return {"skipped": "no DOI to reserve"}
    if version.state not in OPEN_STATES or version.doi_state:
        return sync(version_id)
    record = version.record
    done: dict[str, Any] = {}
    if record.doi and record.latest_id is None:
        done["concept"] = _create(client, Wanted(record.doi))
    done["version"] = _create(
        client, Wanted(version.doi, xml=_xml(version.resource(), version.doi))
    )
    _store_state(version.pk, done["version"], only_if_none=True)
    return done


def _create(client: DataCiteClient, wanted: Wanted) -> str | None:
    """POST the DOI; one that exists already in the account counts as reserved."""
    document = datacite_rest.body(wanted.doi, xml=wanted.xml)
    try:
        return datacite_rest.state_of(client.create(document))
    except DataCiteRefused as exc:
        if exc.status != 422:
            raise
        existing = client.get(wanted.doi)
        if existing is None:
            raise
        return datacite_rest.state_of(existing)


def sync(version_id: int, *, concept: bool = True) -> dict[str, Any]:
    """Send the current state of a version's DOI (and its record's concept DOI) to
    DataCite (``PUT /dois/{doi}``); returns the states DataCite answered."""
    client = _client()
    version = Version.objects.select_related("record__latest").filter(pk=version_id).first()
    if client is None or version is None:
        return {"skipped": "DataCite is not configured" if client is None else "no version"}
    done: dict[str, Any] = {}
    if managed(version):
        wanted = wanted_version(version, client)
        done["version"] = datacite_rest.state_of(client.update(wanted.doi, wanted.document()))
        _store_state(version.pk, done["version"])
    concept_wanted = wanted_concept(version.record, client) if concept else None
    if concept_wanted is not None:
        answer = client.update(concept_wanted.doi, concept_wanted.document())
        done["concept"] = datacite_rest.state_of(answer)
    return done

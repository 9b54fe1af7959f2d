"""Reading: what an ARK names, and a record's audit trail."""

from __future__ import annotations

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.identifiers.ark import Ark
from sankofa.core.identifiers.doi import Doi, DoiError
from sankofa.datasets import access
from sankofa.datasets.errors import NotFound
from sankofa.datasets.models import Change, Record, Version


def resolve(ark: str | Ark) -> Version:
    """The version an ARK names: a version ARK names that version, a concept ARK the
    record's latest published version. A withdrawn version resolves to itself, a tombstone
    (`state == "withdrawn"`, metadata and withdrawal reason kept). Raises `ArkError` for
    text that is no ARK and `NotFound` for an ARK this node did not mint."""
    key = str((ark if isinstance(ark, Ark) else Ark.parse(ark)).base)
    version = Version.objects.select_related("record").filter(ark=key).first()
    if version is not None:
        return version
    record = Record.objects.select_related("latest").filter(ark=key).first()
    if record is None or record.latest is None:
        raise NotFound(f"no dataset has the ARK {key}")
    return record.latest


def resolve_any(text: str) -> Version:
    """The version a persistent id names: a DOI (``10.…`` or ``https://doi.org/10.…``) of
    a version or record on this node, else an ARK (as `resolve`, also inside a resolver
    URL ``https://node/ark:/…``)."""
    text = text.strip()
    if "/ark:" in text:
        text = "ark:" + text.split("/ark:", 1)[1]
    if not text.lower().startswith("ark:"):
        try:
            doi = str(Doi.parse(text))
        except DoiError:
            pass
        else:
            return _by_doi(doi)
    return resolve(text)


def _by_doi(doi: str) -> Version:
    version = Version.objects.select_related("record").filter(doi__iexact=doi).first()
    if version is not None:
        return version
    record = Record.objects.select_related("latest").filter(doi__iexact=doi).first()
    if record is None or record.latest is None:
        raise NotFound(f"no dataset has the DOI {doi}")
    return record.latest


def history(actor: Actor, record_id: int) -> list[Change]:
    """The audit trail of a record, oldest first (its owner, its curators and admins)."""
    try:
        record = Record.objects.select_related("community").get(pk=record_id)
    except Record.DoesNotExist:
        raise NotFound(f"no dataset record {record_id}") from None
    if not (access.is_owner(actor, record) or access.can_curate(actor, record)):
        raise PermissionDenied(
            f"{actor.name} may not see the history of record {record_id}: only its owner "
            "and curators may"
        )
    return list(record.changes.select_related("version").order_by("id"))

"""Who may see a version's files and download them: access levels, embargoes and access
requests.

A version's `access` is one of:

- ``open``: everyone downloads its files;
- ``embargoed``: nobody but its owner, curators and admins until `embargo_until`; from
  that date on it counts as open (`effective_access`), even before the daily job
  ``datasets.lift_embargoes`` writes ``open`` and calls `events.embargo_lifted`;
- ``restricted``: everyone sees the metadata and the list of files; downloading needs an
  access request granted by the owner (or a curator): granting mints a random token,
  mailed to the requester as a link, that opens every version of that record until it
  expires (``SANKOFA_ACCESS_LINK_DAYS``). Only the token's SHA-256 is stored;
- ``metadata_only``: the files are neither listed nor downloadable.

The owner of the record, its community's curators, node-wide curators, admins and the
node itself always see and download every file. Drafts (and versions in review) are
seen by their owner, curators and admins only; withdrawn versions offer no files.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.datasets import access, events, links
from sankofa.datasets.errors import DatasetError, InvalidState, NotFound
from sankofa.datasets.models import AccessRequest, File, Record, Version

__all__ = [
    "AccessDenied",
    "FilesWithdrawn",
    "InvalidAccess",
    "can_download",
    "decide_access",
    "effective_access",
    "embargo_due",
    "file_for_download",
    "files_listed",
    "grant_of_token",
    "hash_token",
    "is_privileged",
    "lift_embargoes",
    "pending_requests",
    "request_access",
    "set_access",
]

logger = logging.getLogger("sankofa.datasets")

OPEN = Version.Access.OPEN
EMBARGOED = Version.Access.EMBARGOED
RESTRICTED = Version.Access.RESTRICTED
METADATA_ONLY = Version.Access.METADATA_ONLY
UNPUBLISHED = frozenset({Version.State.DRAFT, Version.State.IN_REVIEW})
MAX_NAME = 200
MAX_MESSAGE = 4000


class InvalidAccess(DatasetError, ValueError):
    """An access level or embargo date that cannot be set; `field` names the input."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class FilesWithdrawn(InvalidState):
    """The version was withdrawn: its files are no longer offered (a tombstone)."""


class AccessDenied(PermissionDenied):
    """The files are not open to this actor; `access` says why (the effective level)."""

    def __init__(self, version: Version, level: str) -> None:
        self.version = version
        self.access = level
        super().__init__(f"the files of version {version.number} are {level.replace('_', ' ')}")


def link_days() -> int:
    """Days a granted access link stays valid (``SANKOFA_ACCESS_LINK_DAYS``)."""
    return int(getattr(settings, "SANKOFA_ACCESS_LINK_DAYS", 30))


def embargo_max_days() -> int:
    """The furthest an embargo may end, in days from today (``SANKOFA_EMBARGO_MAX_DAYS``)."""
    return int(getattr(settings, "SANKOFA_EMBARGO_MAX_DAYS", 5 * 366))


def effective_access(version: Version, today: date | None = None) -> str:
    """The access that holds `today`: an embargo whose date has come counts as open."""
    if (
        version.access == EMBARGOED
        and version.embargo_until is not None
        and version.embargo_until <= (today or timezone.localdate())
    ):
        return str(OPEN)
    return str(version.access)


def embargo_due(version: Version, today: date | None = None) -> bool:
    """Whether `version` is still stored as embargoed though its date has come."""
    return version.access == EMBARGOED and effective_access(version, today) == OPEN


def is_privileged(actor: Actor, record: Record) -> bool:
    """The owner, a curator of the record's community (or node-wide), an admin, the node."""
    return actor.oversees_node or access.is_owner(actor, record) or access.can_curate(actor, record)


def _may_see_unpublished(actor: Actor, version: Version) -> bool:
    """Drafts: their owner (and admins); versions in review: their curators too."""
    record = version.record
    if actor.oversees_node or access.is_owner(actor, record):
        return True
    return version.state == Version.State.IN_REVIEW and access.can_curate(actor, record)


def files_listed(actor: Actor, version: Version) -> bool:
    """Whether `actor` may see the list of files of `version` (names, sizes, checksums)."""
    if version.state in UNPUBLISHED:
        return _may_see_unpublished(actor, version)
    if is_privileged(actor, version.record):
        return True
    if version.state == Version.State.WITHDRAWN:
        return False
    return version.access != METADATA_ONLY


def can_download(
    actor: Actor,
    version: Version,
    token: str | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> bool:
    """Whether `actor` (or whoever holds `token`, a granted access link) may download the
    files of `version`. Withdrawn versions offer no files, not even to their owner."""
    if version.state in UNPUBLISHED:
        return _may_see_unpublished(actor, version)
    if version.state == Version.State.WITHDRAWN:
        return False
    if is_privileged(actor, version.record):
        return True
    level = effective_access(version, today)
    if level == OPEN:
        return True
    if level != RESTRICTED:
        return False
    if token and grant_of_token(version.record_id, token, now) is not None:
        return True
    return _granted_to_user(actor, version.record_id, now)


def file_for_download(
    actor: Actor,
    record_id: int,
    number: int,
    name: str,
    token: str | None = None,
    *,
    today: date | None = None,
) -> File:
    """The file `name` of version `number` of record `record_id`, if `actor` (or the holder
    of `token`) may download it. NotFound also for drafts the actor may not see;
    FilesWithdrawn for a tombstone; AccessDenied when the access level forbids it (checked
    before the name, so a metadata-only record does not reveal its file names)."""
    version = (
        Version.objects.select_related("record__community")
        .filter(record_id=record_id, number=number)
        .first()
    )
    if version is None or (
        version.state in UNPUBLISHED and not _may_see_unpublished(actor, version)
    ):
        raise NotFound(f"no version {number} of dataset record {record_id}")
    if version.state == Version.State.WITHDRAWN:
        raise FilesWithdrawn(f"version {number} of record {record_id} was withdrawn")
    if not can_download(actor, version, token, today=today):
        raise AccessDenied(version, effective_access(version, today))
    found = version.files.filter(name=name).first()
    if found is None:
        raise NotFound(f"version {number} of record {record_id} has no file named {name!r}")
    found.version = version
    return found


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def grant_of_token(record_id: int, token: str, now: datetime | None = None) -> AccessRequest | None:
    """The granted, unexpired request of record `record_id` that `token` belongs to."""
    if not token or len(token) > 200:
        return None
    return AccessRequest.objects.filter(
        record_id=record_id,
        state=AccessRequest.State.GRANTED,
        token_hash=hash_token(token),
        expires__gt=now or timezone.now(),
    ).first()


def _granted_to_user(actor: Actor, record_id: int, now: datetime | None) -> bool:
    if actor.user_id is None:
        return False
    return AccessRequest.objects.filter(
        record_id=record_id,
        requester_id=actor.user_id,
        state=AccessRequest.State.GRANTED,
        expires__gt=now or timezone.now(),
    ).exists()


def set_access(
    actor: Actor,
    version_id: int,
    access_level: str,
    embargo_until: date | None = None,
    *,
    today: date | None = None,
) -> Version:
    """Set a draft's access level (its owner). An embargo needs a date after `today` and
    at most ``SANKOFA_EMBARGO_MAX_DAYS`` away; other levels clear the date."""
    if access_level not in Version.Access.values:
        choices = ", ".join(Version.Access.values)
        raise InvalidAccess("access", f"unknown access level {access_level!r}: use {choices}")
    today = today or timezone.localdate()
    if access_level == EMBARGOED:
        _check_embargo(embargo_until, today)
    else:
        embargo_until = None
    with transaction.atomic():
        version = access.locked_version(version_id)
        access.require_owner(actor, version.record, "change the access of this draft")
        access.require_draft(version, "change the access")
        before = (str(version.access), version.embargo_until)
        version.access = access_level
        version.embargo_until = embargo_until
        version.save(update_fields=["access", "embargo_until"])
        access.record_change(
            actor,
            version.record,
            version,
            "set_access",
            access=access_level,
            embargo_until=embargo_until.isoformat() if embargo_until else None,
            before=before[0],
            embargo_before=before[1].isoformat() if before[1] else None,
        )
    return version


def lift_embargoes(actor: Actor, today: date | None = None) -> list[int]:
    """Open every published version whose embargo has ended (the daily job
    ``datasets.lift_embargoes``); the ids of the versions opened."""
    today = today or timezone.localdate()
    due = Version.objects.filter(
        state=Version.State.PUBLISHED, access=EMBARGOED, embargo_until__lte=today
    ).values_list("pk", flat=True)
    opened: list[int] = []
    for version_id in list(due.order_by("pk")[:10000]):
        with transaction.atomic():
            version = access.locked_version(version_id)
            if not (version.state == Version.State.PUBLISHED and embargo_due(version, today)):
                continue  # changed since it was listed
            version.access = OPEN
            version.save(update_fields=["access"])
            access.record_change(
                actor,
                version.record,
                version,
                "lift_embargo",
                embargo_until=version.embargo_until.isoformat() if version.embargo_until else None,
            )
            events.embargo_lifted(actor, version)
        opened.append(version_id)
    return opened


def _check_embargo(embargo_until: date | None, today: date) -> None:
    if not isinstance(embargo_until, date):
        raise InvalidAccess("embargo_until", "an embargo needs the date it ends")
    if embargo_until <= today:
        raise InvalidAccess(
            "embargo_until", f"the embargo must end after today ({today.isoformat()})"
        )
    latest = today + timedelta(days=embargo_max_days())
    if embargo_until > latest:
        raise InvalidAccess(
            "embargo_until",
            f"the embargo may last until {latest.isoformat()} at the latest "
            f"({embargo_max_days()} days from today)",
        )


def request_access(
    actor: Actor, record_id: int, name: str, email: str, message: str = ""
) -> AccessRequest:
    """Ask the owner of a restricted record for its files (anyone, signed in or not).

    The owner is mailed after commit. A second request from the same address while one
    is pending returns the pending one (and mails nobody again)."""
    name, email, message = _clean_request(name, email, message)
    with transaction.atomic():
        record = access.locked_record(record_id)
        latest = record.latest
        if latest is None or latest.state != Version.State.PUBLISHED:
            raise NotFound(f"record {record_id} has no published version to ask access to")
        if effective_access(latest) != RESTRICTED:
            raise InvalidState(
                f"record {record_id} is not restricted ({latest.get_access_display()}): "
                "there is nothing to ask for"
            )
        pending = record.access_requests.filter(
            email__iexact=email, state=AccessRequest.State.PENDING
        ).first()
        if pending is not None:
            return pending
        made = AccessRequest.objects.create(
            record=record, requester_id=actor.user_id, name=name, email=email, message=message
        )
        access.record_change(actor, record, None, "request_access", request=made.pk, email=email)
        transaction.on_commit(lambda: _mail_owner(made.pk), robust=True)
    return made


def _clean_request(name: object, email: object, message: object) -> tuple[str, str, str]:
    name = name.strip() if isinstance(name, str) else ""
    email = email.strip() if isinstance(email, str) else ""
    message = message.strip() if isinstance(message, str) else ""
    if not name:
        raise InvalidAccess("name", "say who you are: your name is shown to the owner")
    if len(name) > MAX_NAME:
        raise InvalidAccess("name", f"a name may have at most {MAX_NAME} characters")
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidAccess("email", f"{email[:80]!r} is not an e-mail address") from None
    if len(message) > MAX_MESSAGE:
        raise InvalidAccess("message", f"the message may have at most {MAX_MESSAGE} characters")
    return name, email, message


def pending_requests(actor: Actor, limit: int = 500) -> list[AccessRequest]:
    """The pending requests `actor` may decide: of records they own or curate (all, for
    admins), oldest first."""
    rows = AccessRequest.objects.filter(state=AccessRequest.State.PENDING).select_related(
        "record__community", "record__latest"
    )
    if not actor.oversees_node and not actor.roles & {"curator"}:
        owned = Q(record__owner_id=actor.user_id) if actor.user_id is not None else Q(pk=None)
        communities = [
            int(scope.rsplit(":", 1)[1])
            for role, scope in actor.scoped_roles
            if role == "curator" and scope.startswith("datasets.community:")
        ]
        rows = rows.filter(owned | Q(record__community_id__in=communities))
    return [r for r in rows.order_by("created")[:limit] if _may_decide(actor, r.record)]


def _may_decide(actor: Actor, record: Record) -> bool:
    return actor.oversees_node or access.is_owner(actor, record) or access.can_curate(actor, record)


def decide_access(
    actor: Actor,
    request_id: int,
    grant: bool,
    days: int | None = None,
    *,
    now: datetime | None = None,
) -> tuple[AccessRequest, str | None]:
    """Grant or refuse a pending request (the record's owner or curators).

    Granting returns the token (shown once, never stored) valid for `days` days
    (default ``SANKOFA_ACCESS_LINK_DAYS``); the requester is mailed after commit either way.
    """
    days = link_days() if days is None else days
    if not isinstance(days, int) or not 1 <= days <= 3660:
        raise InvalidAccess("days", "an access link lasts from 1 to 3660 days")
    now = now or timezone.now()
    with transaction.atomic():
        found = AccessRequest.objects.select_for_update().filter(pk=request_id).first()
        if found is None:
            raise NotFound(f"no access request {request_id}")
        record = access.locked_record(found.record_id)
        if not _may_decide(actor, record):
            raise PermissionDenied(
                f"{actor.name} may not decide this request: only the owner or curators may"
            )
        if found.state != AccessRequest.State.PENDING:
            raise InvalidState(f"access request {request_id} was already {found.state}")
        token = secrets.token_urlsafe(32) if grant else None
        found.state = AccessRequest.State.GRANTED if grant else AccessRequest.State.REFUSED
        found.decided_by = actor.name
        found.decided_at = now
        if token is not None:
            found.token_hash = hash_token(token)
            found.expires = now + timedelta(days=days)
        found.save()
        access.record_change(
            actor,
            record,
            None,
            "grant_access" if grant else "refuse_access",
            request=found.pk,
            email=found.email,
            expires=found.expires.isoformat() if found.expires else None,
        )
        # the token goes into this mail and nowhere else (not into a job's arguments)
        transaction.on_commit(lambda: _mail_requester(found, record, token), robust=True)
    return found, token


def access_link(record_id: int, token: str) -> str:
    """The absolute address of the page listing a restricted record's files for a token."""
    path = reverse("datasets:request-access", args=[record_id])
    return links.absolute(f"{path}?token={token}")


def _owner_email(record: Record) -> str | None:
    if record.owner_id is None:
        return None
    user_model = get_user_model()
    user = user_model._default_manager.filter(pk=record.owner_id).first()
    if user is None:
        return None
    address = getattr(user, user_model.get_email_field_name(), "")
    return str(address) if address else None


def _mail_owner(request_id: int) -> None:
    found = AccessRequest.objects.select_related("record__latest").filter(pk=request_id).first()
    if found is None:
        return
    to = _owner_email(found.record)
    if to is None:
        logger.warning("access request %s: the record's owner has no address", request_id)
        return
    title = found.record.latest.title if found.record.latest else str(found.record)
    decide = links.absolute(reverse("datasets:access-requests"))
    body = gettext(
        "%(name)s <%(email)s> asks for the files of “%(title)s”.\n\n%(message)s\n\n"
        "Grant or refuse the request here:\n%(link)s\n"
    ) % {
        "name": found.name,
        "email": found.email,
        "title": title,
        "message": found.message or gettext("(no message)"),
        "link": decide,
    }
    send_mail(gettext("Access request: %(title)s") % {"title": title[:120]}, body, None, [to])


def _mail_requester(found: AccessRequest, record: Record, token: str | None) -> None:
    title = record.latest.title if record.latest else str(record)
    if token is None:
        subject = gettext("Your access request was refused")
        body = gettext("The owner of “%(title)s” did not grant access to its files.\n") % {
            "title": title
        }
    else:
        assert found.expires is not None
        subject = gettext("Your access request was granted")
        body = gettext(
            "You may download the files of “%(title)s” until %(expires)s from this link "
            "(keep it to yourself):\n\n%(link)s\n"
        ) % {
            "title": title,
            "expires": found.expires.strftime("%Y-%m-%d %H:%M UTC"),
            "link": access_link(record.pk, token),
        }
    send_mail(subject, body, None, [found.email])

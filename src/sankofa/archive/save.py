"""Save Code Now: anyone may ask for a git origin to be archived; rules and curators decide.

A request for a URL matching a deny rule is recorded as `rejected`; one matching an
allow rule, or naming an origin the archive already holds, is `accepted` and a visit
is enqueued (the `archive.visit` job, run as the node); any other stays `pending`
until a curator or admin approves or rejects it. A deny rule wins over an allow rule.
The visit's progress (`task_status`) is read back from the job table when a request
is read, so no callback from the job is needed.

URLs are checked before anything is recorded: http, https or git schemes only, a
host, no credentials, and no local or private host (localhost, loopback, private,
link-local addresses) unless an allow rule names that prefix. Host names are resolved
when the visit runs, not when it is asked for (a request must not wait on DNS): a visit
of an origin no allow rule covers fails, without being tried again, when its host name
resolves to such an address (`resolves_inside`). Between that check and git's own
connection the name could change its answer; an operator who fears that fences the
workers as well. Requests are limited per hour (`SANKOFA_SAVE_RATE_LIMIT`): per
user when signed in, per IP address when anonymous; operators, admins and curators
are not limited.
"""

from __future__ import annotations

import ipaddress
import socket
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sankofa.archive.models import Origin, Visit
from sankofa.archive.save_models import SaveRequest, SaveRule
from sankofa.core import jobs
from sankofa.core.actors import PERMISSION_ROLES, Actor, PermissionDenied, require
from sankofa.core.jobs.models import Job

NODE = Actor.operator("save code now")  # accepted visits run as the node itself
VISIT_TYPES = ("git",)
SCHEMES = ("http", "https", "git")
MAX_URL_LENGTH = 2048
WINDOW = timedelta(hours=1)

__all__ = [
    "InvalidSaveRequest",
    "NotPending",
    "RateLimited",
    "SaveRequestNotFound",
    "add_rule",
    "approve",
    "get_request",
    "list_requests",
    "list_rules",
    "matching_rules",
    "rate_limits",
    "reject",
    "remove_rule",
    "request_save",
    "requests_for_origin",
    "requests_of",
    "validate_origin_url",
]


class InvalidSaveRequest(ValueError):
    """The request cannot be taken: `field` names the input at fault, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class RateLimited(Exception):
    """Too many requests in the last hour; `retry_after` seconds until one more is allowed."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SaveRequestNotFound(LookupError):
    pass


class NotPending(ValueError):
    """Only pending requests are reviewed."""


# --- checking a URL -----------------------------------------------------------------------


def validate_origin_url(text: str) -> str:
    """The URL as it will be recorded (surrounding blanks removed), or InvalidSaveRequest."""
    url = text.strip()
    field = "origin_url"
    if not url:
        raise InvalidSaveRequest(field, "the URL is empty")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidSaveRequest(field, f"the URL is longer than {MAX_URL_LENGTH} characters")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise InvalidSaveRequest(field, "the URL contains blanks or control characters")
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an unbalanced [ in the host
        raise InvalidSaveRequest(field, f"the URL is malformed ({exc})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise InvalidSaveRequest(
            field, f"unsupported scheme {parts.scheme or '(none)'!r}: use http, https or git"
        )
    if "@" in parts.netloc:
        raise InvalidSaveRequest(field, "credentials in the URL are not allowed")
    try:
        parts.port  # noqa: B018 (a malformed port raises here)
    except ValueError:
        raise InvalidSaveRequest(field, "the URL has an invalid port") from None
    if not parts.hostname:
        raise InvalidSaveRequest(field, "the URL has no host")
    return url


def is_local_host(hostname: str) -> bool:
    """Whether `hostname` names this machine or a private network (literal addresses, any
    spelling git would accept, such as 2130706433 or 127.1)."""
    name = hostname.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(name)
    except ValueError:
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def resolves_inside(hostname: str) -> bool:
    """Whether `hostname` resolves to an address `is_local_host` refuses (any of them); a
    name that does not resolve does not."""
    try:
        found = socket.getaddrinfo(hostname, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return any(is_local_host(str(info[4][0]).split("%")[0]) for info in found)


def matching_rules(url: str) -> list[SaveRule]:
    """The rules whose prefix starts `url`, deny rules first."""
    rules = [r for r in SaveRule.objects.all() if url.startswith(r.prefix)]
    return sorted(rules, key=lambda r: (r.kind != SaveRule.Kind.DENY, r.prefix))


# --- rate limit ---------------------------------------------------------------------------


def rate_limits() -> tuple[int, int]:
    """(requests per hour per signed-in user, per IP address for anonymous requests)."""
    text = str(settings.SANKOFA_SAVE_RATE_LIMIT)
    user, _, anonymous = text.partition(",")
    try:
        limits = int(user), int(anonymous) if anonymous.strip() else max(1, int(user) // 3)
    except ValueError:
        raise ImproperlyConfigured(
            f"SANKOFA_SAVE_RATE_LIMIT={text!r}: expected USER,ANONYMOUS (e.g. 30,10)"
        ) from None
    if min(limits) < 0:
        raise ImproperlyConfigured(f"SANKOFA_SAVE_RATE_LIMIT={text!r}: limits are not negative")
    return limits


def _unlimited(actor: Actor) -> bool:
    return actor.oversees_node or bool(PERMISSION_ROLES["archive.save_review"] & actor.roles)


def check_rate(actor: Actor, ip: str | None) -> None:
    """Raise RateLimited (or PermissionDenied for anonymous saving turned off)."""
    if _unlimited(actor):
        return
    user_limit, anonymous_limit = rate_limits()
    since = timezone.now() - WINDOW
    recent = SaveRequest.objects.filter(request_date__gt=since, from_webhook=False)
    if actor.user_id is not None:
        recent, limit, who = recent.filter(requested_by=actor.user_id), user_limit, "account"
    else:
        if anonymous_limit == 0:
            raise PermissionDenied("anonymous save requests are turned off: sign in first")
        recent = recent.filter(requested_by=None, requester_ip=ip)
        limit, who = anonymous_limit, "address"
    dates = list(recent.order_by("-request_date").values_list("request_date", flat=True)[:limit])
    if len(dates) >= limit:
        wait = int((dates[-1] + WINDOW - timezone.now()).total_seconds()) + 1
        raise RateLimited(
            f"at most {limit} save requests per hour from one {who}; try again in {wait} s",
            max(wait, 1),
        )


# --- asking -------------------------------------------------------------------------------


def request_save(
    actor: Actor,
    origin_url: str,
    visit_type: str = "git",
    *,
    ip: str | None = None,
    webhook: str = "",
) -> SaveRequest:
    """Record a request to archive `origin_url` and decide it (see the module doc).

    An open request for the same origin (pending, or accepted with its visit still to
    end) is returned instead of a new one. A rejected request is recorded and returned:
    the caller tells the requester.
    """
    if visit_type not in VISIT_TYPES:
        raise InvalidSaveRequest(
            "visit_type", f"{visit_type!r} is not supported; this node saves git origins only"
        )
    url = validate_origin_url(origin_url)
    rules = matching_rules(url)
    allowed = any(r.kind == SaveRule.Kind.ALLOW for r in rules)
    denied = [r for r in rules if r.kind == SaveRule.Kind.DENY]
    host = urlsplit(url).hostname or ""
    if is_local_host(host) and not allowed and not denied:
        raise InvalidSaveRequest("origin_url", f"{host} is a local or private host")
    if not webhook:
        check_rate(actor, ip)
    with transaction.atomic():
        open_request = _open_request(url, visit_type)
        if open_request is not None and not denied:
            return refresh(open_request)
        req = SaveRequest(
            origin_url=url,
            visit_type=visit_type,
            requested_by=actor.user_id,
            requested_by_name=actor.name,
            requester_ip=ip,
            from_webhook=bool(webhook),
            webhook_origin=webhook,
        )
        if denied:
            req.status = SaveRequest.Status.REJECTED
            req.note = f"the URL is on the deny list ({denied[0].prefix})"
            req.save()
        elif allowed or Origin.objects.filter(url=url).exists():
            req.status = SaveRequest.Status.ACCEPTED
            req.note = "" if allowed else "the origin is already archived"
            _schedule(req)
        else:
            req.save()
    return req


def _open_request(url: str, visit_type: str) -> SaveRequest | None:
    for req in SaveRequest.objects.filter(
        origin_url=url,
        visit_type=visit_type,
        status__in=[SaveRequest.Status.PENDING, SaveRequest.Status.ACCEPTED],
    ).order_by("-request_date", "-pk")[:5]:
        if req.status == SaveRequest.Status.PENDING or not refresh(req).task_done:
            return req
    return None


def _schedule(req: SaveRequest) -> None:
    """Enqueue the visit (dispatched once the caller's transaction commits)."""
    req.save()
    allowed = any(r.kind == SaveRule.Kind.ALLOW for r in matching_rules(req.origin_url))
    job = jobs.enqueue(NODE, "archive.visit", req.origin_url, not allowed)
    req.job_id = job.pk
    req.task_status = SaveRequest.TaskStatus.NOT_YET_SCHEDULED
    req.save(update_fields=["job_id", "task_status"])


# --- reading ------------------------------------------------------------------------------


def refresh(req: SaveRequest) -> SaveRequest:
    """Bring `task_status` and the visit fields up to date with the request's job."""
    if req.job_id is None or req.task_done:
        return req
    job = Job.objects.filter(pk=req.job_id).first()
    if job is None:
        return req
    status = _task_status(job)
    if status == req.task_status:
        return req
    req.task_status = status
    if req.task_done:
        _record_visit(req, job)
    req.save()
    return req


def _task_status(job: Job) -> str:
    if job.status == Job.Status.SUCCEEDED:
        return SaveRequest.TaskStatus.SUCCEEDED
    if job.status == Job.Status.FAILED:
        return SaveRequest.TaskStatus.FAILED
    if job.status == Job.Status.RUNNING:
        return SaveRequest.TaskStatus.RUNNING
    if job.attempts or job.dispatched_at is not None:
        return SaveRequest.TaskStatus.SCHEDULED
    return SaveRequest.TaskStatus.NOT_YET_SCHEDULED


def _record_visit(req: SaveRequest, job: Job) -> None:
    visits = Visit.objects.filter(origin__url=req.origin_url).select_related("snapshot")
    result = job.result if isinstance(job.result, dict) else {}
    number = result.get("visit")
    if isinstance(number, int):
        visit = visits.filter(number=number).first()
    else:
        visit = visits.filter(date__gte=job.created).order_by("-number").first()
    if job.status == Job.Status.FAILED:
        req.note = (req.note + "\n" if req.note else "") + job.error_line()[:1000]
    if visit is not None:
        req.visit_number = visit.number
        req.visit_date = visit.date
        req.visit_status = visit.status
        req.snapshot_swhid = "" if visit.snapshot is None else str(visit.snapshot)


def get_request(request_id: int) -> SaveRequest:
    req = SaveRequest.objects.filter(pk=request_id).first()
    if req is None:
        raise SaveRequestNotFound(f"Save request with id {request_id} not found.")
    return refresh(req)


def requests_for_origin(origin_url: str, visit_type: str) -> list[SaveRequest]:
    found = SaveRequest.objects.filter(origin_url=origin_url.strip(), visit_type=visit_type)
    result = [refresh(r) for r in found]
    if not result:
        raise SaveRequestNotFound(
            f"No save requests found for visit of type {visit_type} on origin {origin_url}."
        )
    return result


def list_requests(status: str | None = None) -> QuerySet[SaveRequest]:
    """Every request (public, as Software Heritage's list), newest first; refresh a page with
    `refresh_all` before showing it."""
    found = SaveRequest.objects.all()
    if status is not None:
        if status not in SaveRequest.Status.values:
            raise InvalidSaveRequest(
                "status", f"unknown status {status!r} ({', '.join(SaveRequest.Status.values)})"
            )
        found = found.filter(status=status)
    return found


def refresh_all(requests: list[SaveRequest]) -> list[SaveRequest]:
    return [refresh(r) for r in requests]


def requests_of(actor: Actor, limit: int = 20) -> list[SaveRequest]:
    """The actor's own recent requests (none for an anonymous actor)."""
    if actor.user_id is None:
        return []
    return refresh_all(list(SaveRequest.objects.filter(requested_by=actor.user_id)[:limit]))


# --- review -------------------------------------------------------------------------------


def approve(actor: Actor, request_id: int) -> SaveRequest:
    """Accept a pending request and enqueue its visit."""
    require(actor, "archive.save_review")
    with transaction.atomic():
        req = _pending(request_id)
        req.status = SaveRequest.Status.ACCEPTED
        _reviewed(req, actor)
        _schedule(req)
    return req


def reject(actor: Actor, request_id: int, reason: str = "") -> SaveRequest:
    require(actor, "archive.save_review")
    with transaction.atomic():
        req = _pending(request_id)
        req.status = SaveRequest.Status.REJECTED
        req.note = reason.strip()[:2000]
        _reviewed(req, actor)
        req.save()
    return req


def _pending(request_id: int) -> SaveRequest:
    req = SaveRequest.objects.select_for_update().filter(pk=request_id).first()
    if req is None:
        raise SaveRequestNotFound(f"Save request with id {request_id} not found.")
    if req.status != SaveRequest.Status.PENDING:
        raise NotPending(f"save request {request_id} is {req.status}, not pending")
    return req


def _reviewed(req: SaveRequest, actor: Actor) -> None:
    req.reviewed_by_name = actor.name
    req.review_date = timezone.now()


# --- rules --------------------------------------------------------------------------------


def list_rules(actor: Actor) -> list[SaveRule]:
    require(actor, "archive.save_rules")
    return list(SaveRule.objects.all())


def add_rule(actor: Actor, prefix: str, kind: str) -> SaveRule:
    """Allow or deny every URL starting with `prefix` (adding the same rule twice is harmless)."""
    require(actor, "archive.save_rules")
    if kind not in SaveRule.Kind.values:
        raise InvalidSaveRequest("kind", f"{kind!r} is not allow or deny")
    prefix = prefix.strip()
    try:
        parts = urlsplit(prefix)
    except ValueError as exc:
        raise InvalidSaveRequest("prefix", f"the prefix is malformed ({exc})") from None
    if parts.scheme.lower() not in SCHEMES or not prefix.lower().startswith(parts.scheme + "://"):
        raise InvalidSaveRequest("prefix", "a prefix starts with http://, https:// or git://")
    if any(c.isspace() or not c.isprintable() for c in prefix) or len(prefix) > MAX_URL_LENGTH:
        raise InvalidSaveRequest("prefix", "the prefix contains blanks or control characters")
    if "@" in parts.netloc:
        raise InvalidSaveRequest("prefix", "credentials in the prefix are not allowed")
    rule, _ = SaveRule.objects.get_or_create(
        prefix=prefix, kind=kind, defaults={"created_by_name": actor.name}
    )
    return rule


def remove_rule(actor: Actor, rule_id: int) -> SaveRule:
    require(actor, "archive.save_rules")
    rule = SaveRule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise SaveRequestNotFound(f"no rule {rule_id}")
    rule.delete()
    return rule

"""A file of a draft fetched from a URL by a job (``datasets.fetch_url``).

`start_fetch` checks what it can at once (the draft, the name, the URL's scheme) and
enqueues the job after commit; the job streams the body into the blob store (constant
memory), stopped as soon as it passes ``SANKOFA_FETCH_MAX_SIZE`` or the quotas, then
names it as a file of the draft (the audit trail records the URL). The job's result
(name, size, checksums) or its error is the job's, for the depositor to see.

Only ``http`` and ``https`` are fetched. Every address the host name resolves to must be
public (not loopback, private, link-local, multicast or reserved) unless
``SANKOFA_FETCH_ALLOW_PRIVATE`` is on, and the connection goes to the address that was
checked, so a name cannot be made to point elsewhere between the check and the request.
Redirects are followed (five at most), each checked the same way.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.db import transaction

from sankofa.core import jobs
from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.jobs import PermanentError, task
from sankofa.datasets import access, drafts, files, quotas
from sankofa.datasets.errors import DatasetError, FetchRefused, NotFound
from sankofa.datasets.models import File, Version

__all__ = ["fetch_url", "start_fetch"]

MAX_REDIRECTS = 5
USER_AGENT = "Sankofa dataset fetcher"
GiB = 1024**3


def max_size() -> int:
    return int(getattr(settings, "SANKOFA_FETCH_MAX_SIZE", 50 * GiB))


def start_fetch(actor: Actor, version_id: int, url: str, name: str | None = None) -> jobs.Job:
    """Ask for the file at `url` to become the file `name` of a draft (by default the
    last segment of the URL's path); the job runs after commit."""
    target = check_url(url)
    _refuse_literal_address(urlsplit(target).hostname or "")
    clean = files.check_name(name if name else _name_of(target))
    with transaction.atomic():
        drafts.locked_draft_for_file(actor, version_id, clean)
        return jobs.enqueue(actor, "datasets.fetch_url", version_id, url, clean)


def check_url(url: object) -> str:
    """`url` if it is an http(s) URL with a host; FetchRefused otherwise."""
    if not isinstance(url, str) or not url.strip():
        raise FetchRefused("a URL to fetch is needed")
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchRefused(f"{url[:200]!r}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchRefused(f"{url[:200]!r}: the URL names no host")
    try:
        parts.port  # noqa: B018 (an out-of-range port raises here)
    except ValueError:
        raise FetchRefused(f"{url[:200]!r}: the port is not a number from 0 to 65535") from None
    return url.strip()


def _draft(actor: Actor, version_id: int) -> Version:
    version = Version.objects.select_related("record__community").filter(pk=version_id).first()
    if version is None:
        raise NotFound(f"no dataset version {version_id}")
    access.require_owner(actor, version.record, "edit this draft")
    access.require_draft(version, "add a file")
    return version


def _refuse_literal_address(host: str) -> None:
    """A host written as an address is checked at once (names are resolved by the job)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    if not address.is_global and not getattr(settings, "SANKOFA_FETCH_ALLOW_PRIVATE", False):
        raise FetchRefused(f"{host} is not a public address: the node fetches only from those")


def _name_of(url: str) -> str:
    segment = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    if not segment:
        raise FetchRefused(f"{url[:200]!r} names no file: give the file a name")
    return segment


@task("datasets.fetch_url", max_attempts=3, backoff=60.0)
def fetch_url(actor: Actor, version_id: int, url: str, name: str) -> dict[str, Any]:
    """Fetch `url` into draft `version_id` as the file `name`."""
    try:
        version = _draft(actor, version_id)
        response, final = _open(url)
        try:
            announced = response.getheader("Content-Length")
            limit = max_size()
            if announced and announced.isdigit() and int(announced) > limit:
                raise FetchRefused(f"{url}: {announced} bytes is over the limit of {limit}")
            if announced and announced.isdigit():
                quotas.require_room(version, int(announced))
            content = quotas.store_within(version, response, limit)
        finally:
            response.close()
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
        added: File = drafts.attach(
            actor,
            version_id,
            name,
            content,
            media_type=media_type if media_type in _KEPT_TYPES else None,
            url=url,
        )
    except (DatasetError, PermissionDenied) as exc:
        raise PermanentError(str(exc)) from exc
    return {
        "version": version_id,
        "name": added.name,
        "size": added.size,
        "sha256": added.sha256,
        "md5": added.md5,
        "url": url,
        "fetched": final,
    }


# types a server may name that say more than the file name does
_KEPT_TYPES = frozenset(
    {"text/csv", "application/json", "application/pdf", "application/zip", "text/plain"}
)


def _open(url: str) -> tuple[http.client.HTTPResponse, str]:
    """The response to GET `url` (redirects followed), and the URL that answered it."""
    for _ in range(MAX_REDIRECTS + 1):
        response = _get(check_url(url))
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location")
            response.close()
            if not location:
                raise FetchRefused(f"{url}: a redirect ({response.status}) without a Location")
            url = urljoin(url, location)
            continue
        if response.status != 200:
            response.close()
            message = f"{url}: the server answered {response.status} {response.reason}"
            if 400 <= response.status < 500:
                raise FetchRefused(message)
            raise OSError(message)  # the server may recover: the job tries again
        return response, url
    raise FetchRefused(f"{url}: more than {MAX_REDIRECTS} redirects")


def _get(url: str) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme.lower() == "https"
    port = parts.port or (443 if secure else 80)
    address = _public_address(host, port)
    timeout = float(getattr(settings, "SANKOFA_FETCH_TIMEOUT", 60.0))
    connection: http.client.HTTPConnection
    if secure:
        connection = _PinnedHTTPS(host, port, address=address, timeout=timeout)
    else:
        connection = _PinnedHTTP(host, port, address=address, timeout=timeout)
    path = parts.path or "/"
    connection.request(
        "GET",
        f"{path}?{parts.query}" if parts.query else path,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
    )
    return connection.getresponse()


def _public_address(host: str, port: int) -> str:
    """The address to connect to; FetchRefused if any address of `host` is not public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchRefused(f"host {host!r} is not known: {exc.strerror}") from None
    addresses = [str(info[4][0]) for info in found]
    if not getattr(settings, "SANKOFA_FETCH_ALLOW_PRIVATE", False):
        for address in addresses:
            if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
                raise FetchRefused(
                    f"host {host!r} has the address {address}, which is not public: the node "
                    "fetches only from public addresses"
                )
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, naming the host in ``Host``."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """Connects to the address that was checked; the certificate must name the host."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]
